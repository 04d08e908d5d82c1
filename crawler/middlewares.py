"""Politeness downloader middlewares: per-portal budget, robots.txt Crawl-delay,
same-site enforcement, retries with backoff that honour Retry-After.

Enable them in settings (the numbers place them around Scrapy's own):

    DOWNLOADER_MIDDLEWARES = {
        "crawler.middlewares.SameSiteMiddleware": 60,        # before robots.txt: no offsite robots fetch
        "crawler.middlewares.PortalBudgetMiddleware": 110,   # after robots.txt: forbidden URLs cost nothing
        "crawler.middlewares.CrawlDelayMiddleware": 120,
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "crawler.middlewares.BackoffRetryMiddleware": 550,
        "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
        "crawler.middlewares.LoopSafeMetaRefreshMiddleware": 580,
        "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
        "crawler.middlewares.LoopSafeRedirectMiddleware": 600,
    }

Each request is tied to its portal by request.meta['portal'] (set by the spider,
carried over to retries and redirects); requests Scrapy makes itself (robots.txt)
are tied by host through spider.portal_for_url().
"""
from __future__ import annotations

import email.utils
import logging
import time
from collections import Counter
from time import monotonic

from scrapy import signals
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message
from twisted.internet.task import deferLater

from crawler.discovery import decode_html, list_entries, list_page_key, parse_html
from crawler.urls import same_site

logger = logging.getLogger(__name__)


def portal_of(spider, request) -> str | None:
    """The portal start URL a request belongs to."""
    portal = request.meta.get("portal")
    if portal is None and spider is not None and hasattr(spider, "portal_for_url"):
        portal = spider.portal_for_url(request.url)
    return portal


def _stats(spider, portal) -> dict | None:
    stats = getattr(spider, "portal_stats", None)
    return stats.get(portal) if isinstance(stats, dict) and portal else None


def _bump(spider, portal, group: str, key: str) -> None:
    st = _stats(spider, portal)
    if st is not None:
        st.setdefault(group, {})
        st[group][key] = st[group].get(key, 0) + 1


class ListWalk:
    """Where each list of a portal ends, learnt from its pages as they arrive.

    A list is known by discovery.list_page_key (index_N.html, ?page=N, jcms
    startrecord=N …), whichever way its pages were reached (as navigation or as
    pagination). Endless pagination - a CMS that answers index_N.html for every N with
    the last page again, or an empty page that still links N+1 - shows itself as a page
    that adds no link the list's earlier pages did not already show: the pages after
    it are not requested. A page only ends the list when it comes after every page
    seen so far (a late-arriving first page never does), and at most max_pages
    numbered pages of one list are requested at all."""

    def __init__(self, max_pages: int = 30):
        self.max_pages = max_pages
        self.seen: dict[tuple, set] = {}   # (portal, list) -> links shown by its pages so far
        self.top: dict[tuple, int] = {}    # (portal, list) -> highest page number observed
        self.end: dict[tuple, int] = {}    # (portal, list) -> last page worth reading
        self.pages: Counter = Counter()    # (portal, list) -> numbered pages admitted

    def admit(self, portal: str, url: str) -> str | None:
        """None when the page may be requested, else why not (the list ended, or its cap)."""
        lst, n = list_page_key(url)
        if n <= 0:   # a column's first page is navigation: never held back here
            return None
        key = (portal, lst)
        end = self.end.get(key)
        if end is not None and n > end:
            return "list ended: page %d of %s added nothing new, page %d not requested" % (end, lst, n)
        if self.max_pages and self.pages[key] >= self.max_pages:
            return "list page cap: %d pages of %s requested" % (self.max_pages, lst)
        self.pages[key] += 1
        return None

    def observe(self, portal: str, url: str, links: set[str]) -> bool:
        """Record the links a page of a list shows; True when it showed something new."""
        lst, n = list_page_key(url)
        key = (portal, lst)
        seen = self.seen.setdefault(key, set())
        new = links - seen
        seen |= links
        top = self.top.get(key)
        self.top[key] = n if top is None else max(top, n)
        if not new and top is not None and n > top:
            self.end[key] = min(self.end.get(key, n), n)
        return bool(new)


_LIST_KINDS = ("nav", "list")
_MAX_PARSE_BYTES = 4 * 1024 * 1024  # a list page bigger than this is not parsed twice


def _is_html(response) -> bool:
    ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    if ctype and not any(t in ctype for t in ("html", "xml", "text/plain")):
        return False
    head = response.body[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


class PortalBudgetMiddleware:
    """Caps the requests spent on one portal at NIANBAO_MAX_REQUESTS_PER_PORTAL, and
    the pages spent on one list (ListWalk: NIANBAO_MAX_LIST_PAGES, and no page after one
    that brought nothing new).

    Every request that reaches this point counts - page, list, attachment, retry,
    redirect hop, robots.txt. Once the portal's budget is spent, further requests to
    it are dropped (IgnoreRequest, reaching the request's errback) and the portal's
    stats say budget_exhausted. List pages held back are dropped the same way before
    they cost anything, counted as dropped 'list_end' / 'list_pages'."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.cap = crawler.settings.getint("NIANBAO_MAX_REQUESTS_PER_PORTAL", 600)
        self.used: Counter = Counter()
        self.lists = ListWalk(crawler.settings.getint("NIANBAO_MAX_LIST_PAGES", 30))

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        spider = self.crawler.spider
        portal = portal_of(spider, request)
        if portal is None:
            return None
        if request.meta.get("nb_kind") in _LIST_KINDS and not request.meta.get("redirect_urls") \
                and not request.meta.get("retry_times"):
            why = self.lists.admit(portal, request.url)
            if why:
                _bump(spider, portal, "dropped", "list_end" if why.startswith("list ended") else "list_pages")
                raise IgnoreRequest(why)
        if self.cap and self.used[portal] >= self.cap:
            st = _stats(spider, portal)
            if st is not None:
                st["budget_exhausted"] = True
            _bump(spider, portal, "dropped", "budget")
            raise IgnoreRequest("budget: portal spent its %d requests" % self.cap)
        self.used[portal] += 1
        st = _stats(spider, portal)
        if st is not None:
            st["budget_used"] = self.used[portal]
        return None

    def process_response(self, request, response, spider=None):
        """Learn from each navigation / list page what its list shows (see ListWalk)."""
        if request.meta.get("nb_kind") not in _LIST_KINDS or response.status != 200 \
                or len(response.body) > _MAX_PARSE_BYTES or not _is_html(response):
            return response
        portal = portal_of(self.crawler.spider, request)
        if portal is None:
            return response
        try:
            raw, _ = decode_html(response.body, response.headers.get(b"Content-Type", b"").decode("latin-1"))
            self.lists.observe(portal, response.url, list_entries(parse_html(raw), response.url, raw))
        except Exception:  # an unparsable page teaches nothing; the spider records it as it is
            logger.debug("list walk: could not read %s", response.url, exc_info=True)
        return response


class SameSiteMiddleware:
    """Drops requests - including redirect hops built from a Location header or a
    meta refresh - whose host and port are not the portal's own, and counts them."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        spider = self.crawler.spider
        portal = request.meta.get("portal")
        if portal is None:
            # Scrapy's own requests (robots.txt) carry no portal: tie them by host - for a
            # redirect hop, by the host the chain started from - so that a robots.txt
            # redirecting to 169.254.169.254 or another host is not followed either
            lookup = getattr(spider, "portal_for_url", None)
            if lookup is None:
                return None
            portal = lookup((request.meta.get("redirect_urls") or [request.url])[0])
            if portal is None:
                raise IgnoreRequest("offsite: %s belongs to no portal" % request.url)
        if same_site(request.url, portal):
            return None
        redirected = bool(request.meta.get("redirect_urls"))
        _bump(spider, portal, "dropped", "offsite_redirect" if redirected else "offsite")
        if redirected:
            raise IgnoreRequest("offsite redirect: %s -> %s" % (request.meta["redirect_urls"][-1], request.url))
        raise IgnoreRequest("offsite: %s" % request.url)


class _LoopSafe:
    """What Scrapy's redirect middlewares do, except that a redirect which leads back
    to a URL already in its chain (A -> B -> A, A -> A, a meta refresh to itself) or
    goes past REDIRECT_MAX_TIMES is not followed: the last answer goes to the spider
    as it came (a 3xx, or the page carrying the refresh), with the reason in
    request.meta['nb_redirect_error'], instead of vanishing in the duplicate filter or
    an IgnoreRequest that nothing records. Counted as the portal's errors
    'redirect_loop' / 'too_many_redirects'."""

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
        request.meta["nb_redirect_error"] = reason
        # the 3xx is handed to the callback on purpose (HttpErrorMiddleware would drop it)
        allowed = request.meta.get("handle_httpstatus_list")
        if allowed is not None and response.status not in allowed:
            request.meta["handle_httpstatus_list"] = [*allowed, response.status]
        spider = self.crawler.spider
        _bump(spider, portal_of(spider, request), "errors", kind)
        self.crawler.stats.inc_value("nianbao/%s" % kind)
        logger.info("not followed: %s", reason)
        return response


class LoopSafeRedirectMiddleware(_LoopSafe, RedirectMiddleware):
    """Scrapy's RedirectMiddleware (3xx + Location) with loops and over-long chains
    stopped and recorded (see _LoopSafe). Replaces it at the same priority (600)."""


class LoopSafeMetaRefreshMiddleware(_LoopSafe, MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware with loops stopped and recorded; priority 580."""


class CrawlDelayMiddleware:
    """Honours robots.txt Crawl-delay, which Scrapy parses but does not apply.

    When a host's robots.txt is parsed (robots_parsed signal), its Crawl-delay (capped
    at NIANBAO_MAX_CRAWL_DELAY seconds) becomes that host's download-slot delay, with
    no jitter, one request at a time, and AutoThrottle told not to lower it. The
    delay is counted from the end of the previous response, so a slow answer does not
    bring the next request closer than the delay to it."""

    def __init__(self, crawler):
        self.crawler = crawler
        s = crawler.settings
        self.user_agent = s.get("ROBOTSTXT_USER_AGENT") or s.get("USER_AGENT") or "*"
        self.max_delay = s.getfloat("NIANBAO_MAX_CRAWL_DELAY", 60.0)
        self.delays: dict[str, float] = {}
        crawler.signals.connect(self._robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(self._response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _robots_parsed(self, robotparser, request, **kw):
        host = _slot_key(request)
        delay = None
        if hasattr(robotparser, "crawl_delay"):
            try:
                delay = robotparser.crawl_delay(self.user_agent)
            except Exception:  # a parser without Crawl-delay support
                delay = None
        if delay:
            self.delays[host] = min(float(delay), self.max_delay)
            logger.info("robots.txt of %s asks Crawl-delay %.2f s", host, self.delays[host])
            self._apply(host)

    def _downloader(self):
        engine = getattr(self.crawler, "engine", None)
        return getattr(engine, "downloader", None)

    def _apply(self, key: str) -> None:
        d = self.delays[key]
        dl = self._downloader()
        if dl is None:
            return
        # new slots (and slots re-created after Scrapy's idle-slot cleanup) start with it
        dl.per_slot_settings.setdefault(key, {}).update({"delay": d, "concurrency": 1, "jitter": 0.0})
        slot = dl.slots.get(key)
        if slot is not None:
            slot.delay = max(slot.delay, d)
            slot.concurrency = 1
            slot.jitter = 0.0

    def process_request(self, request):
        key = _slot_key(request)
        if key in self.delays:
            request.meta["autothrottle_dont_adjust_delay"] = True
            self._apply(key)
        return None

    def _response_downloaded(self, response, request, spider=None, **kw):
        key = _slot_key(request)
        if key in self.delays or request.url.endswith("/robots.txt"):
            dl = self._downloader()
            slot = dl.slots.get(key) if dl is not None else None
            if slot is not None:
                slot.lastseen = monotonic()


def _slot_key(request) -> str:
    """The download slot a request goes through: Scrapy keys slots by host name."""
    return request.meta.get("download_slot") or urlparse_cached(request).hostname or ""


def parse_retry_after(value, now: float | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait: delta-seconds or an HTTP-date."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1", "ignore")
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


async def _sleep(seconds: float) -> None:
    """Wait without blocking the reactor."""
    from twisted.internet import reactor
    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware retries at once; a portal answering 503 with
    Retry-After: 1 is still down a moment later. This one waits before the retry -
    the Retry-After the server asked for, else NIANBAO_RETRY_BACKOFF * 2**attempt
    seconds - capped at NIANBAO_RETRY_MAX_WAIT, without blocking the reactor (only
    this request waits)."""

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff = settings.getfloat("NIANBAO_RETRY_BACKOFF", 1.0)
        self.max_wait = settings.getfloat("NIANBAO_RETRY_MAX_WAIT", 30.0)

    def wait_for(self, request, response=None) -> float:
        retry_after = parse_retry_after(response.headers.get(b"Retry-After")) if response is not None else None
        if retry_after is None:
            retry_after = self.backoff * (2 ** request.meta.get("retry_times", 0))
        return max(0.0, min(retry_after, self.max_wait))

    def _retry(self, request, reason):
        if _is_robots(request):
            # robots.txt that fails is asked once more, not RETRY_TIMES more: every request
            # to the host waits for it, and an unavailable robots.txt means no restrictions
            request.meta.setdefault("max_retry_times", min(1, self.max_retry_times))
        new = super()._retry(request, reason)
        if new is None:
            # given up: say so on the request, so the failure's record can carry it
            tries = request.meta.get("retry_times", 0)
            request.meta["nb_retry_gave_up"] = "%s; gave up after %d retr%s" % (
                _reason_text(reason), tries, "y" if tries == 1 else "ies")
        return new

    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        new = self._retry(request, response_status_message(response.status))
        if new is None:
            return response
        wait = self.wait_for(request, response)
        if wait:
            await _sleep(wait)
        return new

    async def process_exception(self, request, exception, spider=None):
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        new = self._retry(request, exception)
        if new is None:
            return None
        wait = self.wait_for(request)
        if wait:
            await _sleep(wait)
        return new


def _is_robots(request) -> bool:
    return bool(request.meta.get("dont_obey_robotstxt")) and urlparse_cached(request).path == "/robots.txt"


def _reason_text(reason) -> str:
    if isinstance(reason, BaseException):
        return "%s: %s" % (type(reason).__name__, str(reason)[:200]) if str(reason) else type(reason).__name__
    if isinstance(reason, type):
        return reason.__name__
    return str(reason)
