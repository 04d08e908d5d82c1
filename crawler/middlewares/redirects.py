"""Scrapy's redirect middlewares, with loops and over-long chains stopped and recorded:
LoopSafeMetaRefreshMiddleware (580) and LoopSafeRedirectMiddleware (600), in place of
Scrapy's own at the same priorities."""
from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request

from crawler import meta as M
from crawler.state import CrawlState, portal_of

logger = logging.getLogger(__name__)


class _LoopSafe:
    """What Scrapy's redirect middlewares do, except that a redirect which leads back
    to a URL already in its chain (A -> B -> A, A -> A, a meta refresh to itself) or
    goes past REDIRECT_MAX_TIMES is not followed: the last answer goes to the spider
    as it came (a 3xx, or the page carrying the refresh), with the reason in
    request.meta[crawler.meta.REDIRECT_ERROR], instead of vanishing in the duplicate
    filter or an IgnoreRequest that nothing records. Counted as the portal's errors
    'redirect_loop' / 'too_many_redirects' (and nianbao/redirect_loop ... in crawler.stats)."""

    @classmethod
    def from_crawler(cls, crawler):
        mw = super().from_crawler(crawler)
        mw.state = CrawlState.for_crawler(crawler)
        return mw

    def process_response(self, request, response, spider=None):
        try:
            out = super().process_response(request, response)
        except IgnoreRequest as e:   # max redirections reached
            chain = [*request.meta.get("redirect_urls", []), request.url]
            return self._unfollowed(request, response, "too_many_redirects",
                                    "too many redirects (%d hops, %s): %s" % (len(chain), e, " -> ".join(chain)))
        if isinstance(out, Request):
            # the very URLs, not their canonical forms: a servlet that answers A with a
            # redirect to A;jsessionid=X (no cookies here) is not looping, and is followed
            chain = [*request.meta.get("redirect_urls", []), request.url]
            if out.url.split("#")[0] in {u.split("#")[0] for u in chain}:
                return self._unfollowed(request, response, "redirect_loop",
                                        "redirect loop: %s" % " -> ".join(chain + [out.url]))
        return out

    def _unfollowed(self, request, response, kind: str, reason: str):
        request.meta[M.REDIRECT_ERROR] = reason
        # the 3xx is handed to the callback on purpose (HttpErrorMiddleware would drop it)
        allowed = request.meta.get("handle_httpstatus_list")
        if allowed is not None and response.status not in allowed:
            request.meta["handle_httpstatus_list"] = [*allowed, response.status]
        self.state.count(portal_of(self.state, request), "errors", kind)
        self.crawler.stats.inc_value("nianbao/%s" % kind)
        logger.info("not followed: %s", reason)
        return response


class LoopSafeRedirectMiddleware(_LoopSafe, RedirectMiddleware):
    """Scrapy's RedirectMiddleware (3xx + Location) with loops and over-long chains
    stopped and recorded (see _LoopSafe). Replaces it at the same priority (600)."""


class LoopSafeMetaRefreshMiddleware(_LoopSafe, MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware with loops stopped and recorded; priority 580."""
