"""Portal leases in Redis, so several `nianbao crawl` workers can share one portal list.

A scheduled crawl of ~3,000 portals is split over workers (one machine each, or
several processes) by starting them all on the same list with the same
NIANBAO_REDIS_URL: each worker crawls only the portals it holds a lease on. A
lease is a Redis key with an expiry (SET NX EX), renewed while the worker lives
and released when it is done; a worker that dies loses its leases when they
expire, and the next run picks those portals up (the crawl is resumable).

Two workers never crawl one portal at once — the per-host politeness limits hold
across machines, not only within one process.
"""
from __future__ import annotations

import os
import socket
import uuid

# compare-and-delete / compare-and-expire: only the holder may release or renew
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"
_RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('expire', KEYS[1], ARGV[2]) else return 0 end"


class PortalLeases:
    def __init__(self, client, ttl: int = 600, prefix: str = "nianbao:lease:", owner: str | None = None):
        self.client = client
        self.ttl = int(ttl)
        self.prefix = prefix
        self.owner = owner or "%s:%d:%s" % (socket.gethostname(), os.getpid(), uuid.uuid4().hex[:8])
        self.held: set[str] = set()
        self._release = client.register_script(_RELEASE)
        self._renew = client.register_script(_RENEW)

    @classmethod
    def from_url(cls, url: str, **kw) -> "PortalLeases":
        import redis  # here, not at the top: only shared runs use Redis; a lone crawl never loads the client

        return cls(redis.Redis.from_url(url, socket_timeout=5), **kw)

    def _key(self, portal: str) -> str:
        return self.prefix + portal

    def acquire(self, portal: str) -> bool:
        if self.client.set(self._key(portal), self.owner, nx=True, ex=self.ttl):
            self.held.add(portal)
            return True
        return False

    def holder(self, portal: str) -> str | None:
        value = self.client.get(self._key(portal))
        return value.decode() if isinstance(value, bytes) else value

    def renew(self) -> list[str]:
        """Extend every lease still held; return the portals whose lease was lost."""
        lost = [p for p in sorted(self.held) if not self._renew(keys=[self._key(p)], args=[self.owner, self.ttl])]
        self.held -= set(lost)
        return lost

    def release(self, portal: str) -> bool:
        self.held.discard(portal)
        return bool(self._release(keys=[self._key(portal)], args=[self.owner]))

    def release_all(self) -> None:
        for portal in sorted(self.held):
            self.release(portal)

    def partition(self, portals: list, limit: int = 0) -> list:
        """The portals (dicts with 'url' or plain URLs) this worker acquired: every free
        one, or at most `limit` of them, so that k workers started on N portals with a
        limit of ceil(N/k) share the work."""
        mine = []
        for p in portals:
            if limit and len(mine) >= limit:
                break
            if self.acquire(p["url"] if isinstance(p, dict) else p):
                mine.append(p)
        return mine
