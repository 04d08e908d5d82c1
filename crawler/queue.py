"""PortalQueue: one night's portals in Redis, handed to `nianbao worker` processes
through scrapy-redis's start-URL feeding, popped reliably.

scrapy-redis pops start URLs destructively (LRANGE + LTRIM): a worker killed after
the pop loses those portals. Here the pop is an LMOVE of each portal from the run's
start-URLs list into the worker's own processing list, in one script, and a worker
holds a heartbeat key with a TTL while it lives. A portal leaves the processing list
when the worker has crawled it whole (the spider went idle with the portal's items
stored); a live worker that finds another's heartbeat gone moves that worker's
processing list back to the head of the queue, so its portals are crawled again by
the living. A worker that stops cleanly (SIGTERM, idle limit) hands its unfinished
portals back itself.

Keys, for run R under NIANBAO_REDIS_PREFIX P (a run is one night's batch; enqueueing
the same portal into the same run twice is a no-op, so a re-run of the cron line
duplicates nothing)::

    P R:start_urls        list of JSON rows {"url", "name"}   (REDIS_START_URLS_KEY's role)
    P R:enqueued          set of portal URLs ever enqueued in R
    P R:done              set of portal URLs crawled (or skipped: another crawl held them)
    P R:workers           set of worker ids holding (or that held) portals, until reclaimed
    P R:members           set of every worker id that ever took portals in R
    P R:worker:ID         heartbeat (expires after NIANBAO_WORKER_HEARTBEAT_TTL)
    P R:processing:ID     the portals worker ID holds
    P R:dupefilter        request fingerprint -> portal (crawler.dupefilter)
    P latest_run          the run `nianbao enqueue` filled last (what a worker joins by default)

A run's keys expire NIANBAO_REDIS_RUN_TTL seconds after they were made (set when the
portals are enqueued and when a worker closes), so old nights do not pile up.
"""
from __future__ import annotations

import json
import os
import socket
import uuid

# moves up to ARGV[1] rows from the queue's head to the worker's processing list, atomically
_TAKE = """
local out = {}
for i = 1, tonumber(ARGV[1]) do
  local v = redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT')
  if not v then break end
  out[#out + 1] = v
end
if #out > 0 then redis.call('SADD', KEYS[3], ARGV[2]) redis.call('SADD', KEYS[4], ARGV[2]) end
return out
"""
# a dead worker's portals back to the queue's head; only one reclaimer wins (the SREM)
_RECLAIM = """
if redis.call('EXISTS', KEYS[4]) == 1 then return -1 end
if redis.call('SREM', KEYS[3], ARGV[1]) == 0 then return -1 end
local n = 0
while redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT') do n = n + 1 end
return n
"""
_ENQUEUE = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then redis.call('RPUSH', KEYS[2], ARGV[2]) return 1 end
return 0
"""


def new_worker_id() -> str:
    """host:pid:random: unique, and telling who it is in Redis and in crawl_locks."""
    return "%s:%d:%s" % (socket.gethostname()[:40], os.getpid(), uuid.uuid4().hex[:8])  # fits crawl_locks.token


class PortalQueue:
    """The keys of one run (see the module docstring); plain methods over a redis client."""

    def __init__(self, client, run: str, prefix: str):
        self.client = client
        self.run = run
        self.base = "%s%s:" % (prefix, run)
        self.latest_key = prefix + "latest_run"
        self.start_urls_key = self.base + "start_urls"
        self.enqueued_key = self.base + "enqueued"
        self.done_key = self.base + "done"
        self.workers_key = self.base + "workers"
        self.members_key = self.base + "members"
        self.dupefilter_key = self.base + "dupefilter"
        self._take = client.register_script(_TAKE)
        self._reclaim = client.register_script(_RECLAIM)
        self._enqueue = client.register_script(_ENQUEUE)

    def heartbeat_key(self, worker: str) -> str:
        return self.base + "worker:" + worker

    def processing_key(self, worker: str) -> str:
        return self.base + "processing:" + worker

    @staticmethod
    def latest_run(client, prefix: str) -> str | None:
        value = client.get(prefix + "latest_run")
        return value.decode() if isinstance(value, bytes) else value

    # --- enqueue ------------------------------------------------------------------------------
    def enqueue(self, portals) -> int:
        """Push each portal ({url, name}) not yet enqueued in this run; how many were new."""
        added = 0
        for p in portals:
            row = json.dumps({"url": p["url"], "name": p.get("name")}, ensure_ascii=False)
            added += int(self._enqueue(keys=[self.enqueued_key, self.start_urls_key], args=[p["url"], row]))
        self.client.set(self.latest_key, self.run)
        return added

    # --- a worker -----------------------------------------------------------------------------
    def beat(self, worker: str, ttl: int) -> None:
        self.client.set(self.heartbeat_key(worker), "1", ex=max(1, int(ttl)))

    def take(self, worker: str, n: int) -> list[bytes]:
        """Up to n rows, moved from the queue into the worker's processing list."""
        return list(self._take(keys=[self.start_urls_key, self.processing_key(worker), self.workers_key,
                                     self.members_key],
                               args=[int(n), worker]))

    def finish(self, worker: str, row: bytes, url: str) -> None:
        """The worker crawled the portal of `row` (or another crawl holds it): done."""
        with self.client.pipeline() as pipe:
            pipe.lrem(self.processing_key(worker), 1, row)
            pipe.sadd(self.done_key, url)
            pipe.execute()

    def hand_back(self, worker: str) -> int:
        """A worker stopping cleanly: its unfinished portals back to the queue's head, its heartbeat gone."""
        n = 0
        while self.client.lmove(self.processing_key(worker), self.start_urls_key, "RIGHT", "LEFT"):
            n += 1
        with self.client.pipeline() as pipe:
            pipe.srem(self.workers_key, worker)
            pipe.delete(self.heartbeat_key(worker))
            pipe.execute()
        return n

    def is_dead(self, worker: str) -> bool:
        """A worker of this run whose heartbeat expired (it was killed, or its machine went)."""
        return bool(self.client.sismember(self.members_key, worker)) and not self.client.exists(
            self.heartbeat_key(worker))

    def reclaim(self, me: str) -> dict:
        """Move the portals of every dead worker back to the queue: {worker: portals moved}."""
        moved = {}
        for raw in self.client.smembers(self.workers_key):
            worker = raw.decode() if isinstance(raw, bytes) else raw
            if worker == me:
                continue
            n = self._reclaim(keys=[self.processing_key(worker), self.start_urls_key, self.workers_key,
                                    self.heartbeat_key(worker)], args=[worker])
            if n >= 0:
                moved[worker] = int(n)
        return moved

    def expire(self, ttl: int) -> None:
        """Give every key of the run without an expiry one of `ttl` seconds (heartbeats keep theirs)."""
        for key in self.client.scan_iter(self.base + "*"):
            self.client.expire(key, int(ttl), nx=True)

    def pending(self) -> int:
        """Portals queued or held by any worker (0: the run is over)."""
        n = self.client.llen(self.start_urls_key)
        for raw in self.client.smembers(self.workers_key):
            worker = raw.decode() if isinstance(raw, bytes) else raw
            n += self.client.llen(self.processing_key(worker))
        return int(n)

    def counts(self) -> dict:
        return {"queued": int(self.client.llen(self.start_urls_key)), "pending": self.pending(),
                "enqueued": int(self.client.scard(self.enqueued_key)), "done": int(self.client.scard(self.done_key))}
