"""RunDupeFilter: scrapy-redis's shared duplicate filter, keyed per run and per portal.

The workers of one run (crawler.queue) share one Redis hash, request fingerprint ->
the portal that first asked for it, so a URL that several portals reach (a host they
share) is fetched once in the run whichever worker gets to it first, exactly as one
process's local filter would do. A fingerprint its own portal holds is not a
duplicate in Redis: that happens only when a killed worker's portal is crawled again
by another (its pages must be fetched again to finish it); inside one worker Scrapy's
in-memory set still drops a portal's repeats. The key outlives a worker (the others
still use it): scrapy-redis's close() would delete it, this one keeps it.
"""
from __future__ import annotations

from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.dupefilter import RFPDupeFilter

from crawler import meta as M
from crawler.queue import PortalQueue


class RunDupeFilter(RFPDupeFilter):
    def __init__(self, server, key, debug=False):
        super().__init__(server, key, debug)
        self.local: set[tuple[str, str]] = set()   # (portal, fingerprint) this worker asked Redis about

    @classmethod
    def from_settings(cls, settings):
        server = get_redis_from_settings(settings)
        queue = PortalQueue(server, settings.get("NIANBAO_RUN"), settings.get("NIANBAO_REDIS_PREFIX"))
        return cls(server, key=queue.dupefilter_key, debug=settings.getbool("DUPEFILTER_DEBUG"))

    def request_seen(self, request) -> bool:
        fp = self.request_fingerprint(request)
        portal = request.meta.get(M.PORTAL) or ""
        if (portal, fp) in self.local:
            return True
        self.local.add((portal, fp))
        if self.server.hsetnx(self.key, fp, portal):
            return False
        holder = self.server.hget(self.key, fp)
        return (holder.decode() if isinstance(holder, bytes) else holder) != portal

    def close(self, reason=""):
        """Keep the run's fingerprints: the other workers are still using them."""
