"""HostGateMiddleware: per-host politeness summed over every worker of a run (priority 940).

Each `nianbao worker` crawls whole portals, so a portal's own host is crawled by one
process and Scrapy's download slot there is exact. A host several portals share (an
attachment server, a provincial platform) can be asked by several workers at once,
each within its own slot's limits: together they would exceed them. The gate is a
Redis slot per host, checked right before the download: a request goes on only while
fewer than the host's concurrency are in flight across all workers and its delay has
passed since the last request started or answered (whichever is later) on any
worker, the host's concurrency and delay being those this worker's slot has
(CONCURRENT_REQUESTS_PER_DOMAIN, DOWNLOAD_DELAY, robots.txt Crawl-delay applied by
crawler.middlewares.crawl_delay). A request waits (without blocking the reactor) and
asks again. The time is Redis's, so workers on machines with skewed clocks agree. A
slot taken by a worker that died frees itself after DOWNLOAD_TIMEOUT.

On (NIANBAO_HOST_GATE) for the worker spider only: a lone `nianbao crawl` has one slot
per host already.
"""
from __future__ import annotations

import uuid

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy_redis.connection import get_redis_from_settings
from twisted.internet import task

from crawler import meta as M

# KEYS: holders zset (member -> expiry ms), last start/answer ms. ARGV: holder, concurrency,
# delay ms, lease ms. Returns 0 when the slot is taken, else ms to wait before asking again.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 20 end
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local wait = last + tonumber(ARGV[3]) - now
if wait > 0 then return wait end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
redis.call('SET', KEYS[2], now, 'PX', tonumber(ARGV[3]) + 60000)
return 0
"""
_RELEASE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREM', KEYS[1], ARGV[1])
if tonumber(ARGV[2]) > 0 and tonumber(redis.call('GET', KEYS[2]) or '0') < now then
  redis.call('SET', KEYS[2], now, 'PX', tonumber(ARGV[2]) + 60000)
end
return 0
"""


class HostGate:
    """The Redis side: acquire / release one host slot (plain methods, for the middleware and tests)."""

    def __init__(self, client, prefix: str, lease_s: float):
        self.client = client
        self.prefix = prefix
        self.lease_ms = int(lease_s * 1000)
        self._acquire = client.register_script(_ACQUIRE)
        self._release = client.register_script(_RELEASE)

    def keys(self, host: str) -> list[str]:
        return [self.prefix + "gate:" + host, self.prefix + "gate-last:" + host]

    def acquire(self, host: str, holder: str, concurrency: int, delay: float) -> int:
        """0: the slot is the holder's; else milliseconds to wait before asking again."""
        return int(self._acquire(keys=self.keys(host),
                                 args=[holder, max(1, int(concurrency)), int(delay * 1000), self.lease_ms]))

    def release(self, host: str, holder: str, delay: float) -> None:
        self._release(keys=self.keys(host), args=[holder, int(delay * 1000)])


class HostGateMiddleware:
    def __init__(self, crawler, gate: HostGate):
        self.crawler = crawler
        self.gate = gate
        s = crawler.settings
        self.concurrency = s.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        self.delay = s.getfloat("DOWNLOAD_DELAY")

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.getbool("NIANBAO_HOST_GATE"):
            raise NotConfigured  # (no message: Scrapy would log a warning for a component off by design)
        prefix = "%s%s:" % (s.get("NIANBAO_REDIS_PREFIX"), s.get("NIANBAO_RUN"))
        return cls(crawler, HostGate(get_redis_from_settings(s), prefix, s.getfloat("DOWNLOAD_TIMEOUT") + 5))

    def _limits(self, host: str) -> tuple[int, float]:
        """The host's concurrency and least delay as this worker's download slot has them."""
        downloader = getattr(getattr(self.crawler, "engine", None), "downloader", None)
        slot = downloader.slots.get(host) if downloader is not None else None
        if slot is not None:
            return slot.concurrency, slot.delay * (1 - min(1.0, slot.jitter or 0.0))
        conf = downloader.per_slot_settings.get(host, {}) if downloader is not None else {}
        return conf.get("concurrency", self.concurrency), conf.get("delay", self.delay)

    async def process_request(self, request):
        host = request.meta.get("download_slot") or urlparse_cached(request).hostname or ""
        holder = uuid.uuid4().hex
        while True:
            concurrency, delay = self._limits(host)
            wait = self.gate.acquire(host, holder, concurrency, delay)
            if not wait:
                request.meta[M.GATE] = (host, holder, delay)
                return None
            self.crawler.stats.inc_value("nianbao/host_gate_waits")
            from twisted.internet import reactor  # here: importing it at the top would install a reactor before Scrapy picks one

            await maybe_deferred_to_future(task.deferLater(reactor, min(wait, 1000) / 1000))

    def _release(self, request) -> None:
        held = request.meta.pop(M.GATE, None)
        if held is not None:
            self.gate.release(*held)

    def process_response(self, request, response):
        self._release(request)
        return response

    def process_exception(self, request, exception):
        self._release(request)
        return None
