"""Politeness downloader middlewares: per-portal budget, robots.txt Crawl-delay,
same-site enforcement, retries with backoff that honour Retry-After.

Enable them in settings (the numbers place them around Scrapy's own):

    DOWNLOADER_MIDDLEWARES = {
        "crawler.middlewares.SameSiteMiddleware": 60,        # before robots.txt: no offsite robots fetch
        "crawler.middlewares.PortalBudgetMiddleware": 110,   # after robots.txt: forbidden URLs cost nothing
        "crawler.middlewares.CrawlDelayMiddleware": 120,
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "crawler.middlewares.BackoffRetryMiddleware": 550,
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
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message
from twisted.internet.task import deferLater

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


class PortalBudgetMiddleware:
    """Caps the requests spent on one portal at NIANBAO_MAX_REQUESTS_PER_PORTAL.

    Every request that reaches this point counts - page, list, attachment, retry,
    redirect hop, robots.txt. Once the portal's budget is spent, further requests to
    it are dropped (IgnoreRequest, reaching the request's errback) and the portal's
    stats say budget_exhausted."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.cap = crawler.settings.getint("NIANBAO_MAX_REQUESTS_PER_PORTAL", 600)
        self.used: Counter = Counter()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        spider = self.crawler.spider
        portal = portal_of(spider, request)
        if portal is None:
            return None
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


class SameSiteMiddleware:
    """Drops requests - including redirect hops built from a Location header or a
    meta refresh - whose host and port are not the portal's own, and counts them."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        portal = request.meta.get("portal")
        if portal is None or same_site(request.url, portal):
            return None
        spider = self.crawler.spider
        redirected = bool(request.meta.get("redirect_urls"))
        _bump(spider, portal, "dropped", "offsite_redirect" if redirected else "offsite")
        if redirected:
            raise IgnoreRequest("offsite redirect: %s -> %s" % (request.meta["redirect_urls"][-1], request.url))
        raise IgnoreRequest("offsite: %s" % request.url)


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
