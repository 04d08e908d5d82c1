"""CrawlDelayMiddleware: robots.txt Crawl-delay, which Scrapy parses but does not apply
(priority 120)."""
from __future__ import annotations

import logging
from time import monotonic

from scrapy import signals
from scrapy.utils.httpobj import urlparse_cached

logger = logging.getLogger(__name__)


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
        # the user agent Scrapy's RobotsTxtMiddleware matches robots.txt rules with
        self.user_agent = s.get("ROBOTSTXT_USER_AGENT") or s.get("USER_AGENT") or "*"
        self.max_delay = s.getfloat("NIANBAO_MAX_CRAWL_DELAY")
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
