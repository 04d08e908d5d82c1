"""Pages that lie, as the spider meets them (ReportsSpider's shell half; crawler.shells):
link wrappers unwrapped, redirect shells followed as redirects, soft 404s recorded as
failed fetches."""
from __future__ import annotations

import dataclasses

import scrapy

from crawler import meta as M
from crawler.shells import shell_target, soft_404, unwrap_link
from crawler.urls import canonicalize, clean_url, looks_like_trap

# what a request passes on to the request a shell leads to: the spider's own keys, minus
# what belonged to that one exchange (its WARC record, validators, replay, errors)
_NOT_CARRIED = {M.WARC, M.CONDITIONAL, M.PREV_FETCHED_AT, M.REPLAYED, M.NOT_ASKED, M.REDIRECT_ERROR, M.RETRY_GAVE_UP}


class ShellsMixin:
    """_unwrapped / _shell_request / _soft_404_item for ReportsSpider."""

    def _unwrapped(self, portal, link):
        """A link through a wrapper (redirect.jsp?url=…) stands for its destination."""
        dest = unwrap_link(link.url)
        if not dest:
            return link
        self.state.add(portal, "links_unwrapped")
        return dataclasses.replace(link, url=dest)

    def _soft_404_item(self, response, portal, root, kind):
        """The FetchItem of an error page served as 200, or None for a real page."""
        lie = soft_404(root)
        if not lie:
            return None
        self.state.count(portal, "errors", "soft_404")
        self.logger.info("%s: %s", lie, response.url)
        return self._fetch_item(response, portal, kind, error=lie)

    def _shell_request(self, response, portal, root):
        """The request a redirect shell (a tiny page whose script sets location, an
        interstitial with one link) leads to, as a redirect hop of this request - its
        redirect_urls carry the shell, the scope judges the hop as it judges a Location
        (crawler.middlewares.same_site) - or None when the page is no shell, or its
        target is already fetched, a trap, a loop or past REDIRECT_MAX_TIMES."""
        found = shell_target(root, response.url)
        if found is None:
            return None
        target, how = found
        meta = response.meta
        chain = [*meta.get("redirect_urls", []), response.url]
        key = canonicalize(target)
        if key in {canonicalize(u) for u in chain} or len(chain) > self.crawler.settings.getint("REDIRECT_MAX_TIMES"):
            self.state.count(portal, "errors", "redirect_loop")
            return None
        if key in self._seen[portal] or looks_like_trap(target) or not self.state.budget_left(portal):
            return None
        self._seen[portal].add(key)
        self.state.add(portal, "redirect_shells")
        self.logger.info("redirect shell (%s): %s -> %s", how, response.url, target)
        carried = {k: v for k, v in meta.items() if k in M.ALL and k not in _NOT_CARRIED}
        carried.update({"handle_httpstatus_list": meta.get("handle_httpstatus_list"),
                        "redirect_urls": chain, "redirect_reasons": [*meta.get("redirect_reasons", []), how],
                        "redirect_times": meta.get("redirect_times", 0) + 1,
                        M.UNCONDITIONAL: True})
        req = response.request
        self.state.schedule(portal)
        return scrapy.Request(clean_url(target), callback=req.callback, errback=req.errback,
                              priority=req.priority, meta=carried, dont_filter=True)
