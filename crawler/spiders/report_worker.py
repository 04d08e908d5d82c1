"""ReportsWorker (`reports_worker`): the `reports` spider fed its portals from Redis by
scrapy-redis's RedisMixin, for `nianbao worker`.

Each worker process runs Scrapy's own local scheduler: it takes whole portals
(NIANBAO_WORKER_BATCH at a time), so a portal's hosts, their download slots,
robots.txt Crawl-delay and request budget stay in one process, exact. What the
workers share lives in Redis: the run's queue and each worker's processing list
(crawler.queue: a killed worker's portals go back to the queue), the duplicate
filter (crawler.dupefilter: a URL once per run) and a per-host gate for hosts
several portals share (crawler.middlewares.host_gate). Rows go to one database
(PostgreSQL), each worker writing its own run.

When the spider goes idle (every request of the batch answered and its items
stored), it revisits the batch's stored reports no page linked (as `reports` does
at its end), then marks the batch's portals done, releases their database locks,
moves a dead worker's portals back to the queue and takes the next batch. With
nothing to take it waits, polling at each idle signal, up to
MAX_IDLE_TIME_BEFORE_CLOSE seconds (systemd restarts it) — or, with
NIANBAO_WORKER_UNTIL_EMPTY (cron), closes once the run has no portal queued or held
by any worker.
"""
from __future__ import annotations

import json
import time

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.spiders import RedisMixin
from twisted.internet import task

from crawler.portals import normalize_portal_url
from crawler.queue import PortalQueue, new_worker_id
from crawler.spiders.reports import ReportsSpider


class ReportsWorker(RedisMixin, ReportsSpider):
    name = "reports_worker"
    needs_portals = False
    # shared across workers through Redis: the run's duplicate filter and the per-host gate
    custom_settings = {"DUPEFILTER_CLASS": "crawler.dupefilter.RunDupeFilter", "NIANBAO_HOST_GATE": True}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.worker_id = new_worker_id()
        self.spider_idle_start_time = int(time.time())
        self._batch: list[tuple[bytes, dict]] = []   # (queue row, portal) taken and not yet finished
        self._batch_rechecked = False
        self._beat = None
        self.queue = None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        s = crawler.settings
        if not s.get("NIANBAO_RUN"):  # the duplicate filter and the gate are keyed by it too, before the spider
            raise ValueError("the reports_worker spider needs -s NIANBAO_RUN=NAME (`nianbao worker` finds the "
                             "run enqueued last itself)")
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.redis_batch_size = s.getint("NIANBAO_WORKER_BATCH")
        spider.until_empty = s.getbool("NIANBAO_WORKER_UNTIL_EMPTY")
        spider.heartbeat_ttl = s.getint("NIANBAO_WORKER_HEARTBEAT_TTL")
        spider.run_ttl = s.getint("NIANBAO_REDIS_RUN_TTL")
        spider.setup_redis(crawler)       # scrapy-redis: client from REDIS_URL, idle signal, max idle time
        spider.queue = PortalQueue(spider.server, s.get("NIANBAO_RUN"), s.get("NIANBAO_REDIS_PREFIX"))
        spider.redis_key = spider.queue.start_urls_key
        spider.fetch_data = spider._take  # the reliable pop replaces scrapy-redis's LRANGE + LTRIM
        spider.count_size = spider.server.llen
        if spider.locks is not None:
            spider.locks.token = spider.worker_id  # the queue can then tell the lock's holder is dead
        crawler.signals.connect(spider._worker_opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._worker_closed, signal=signals.spider_closed)
        return spider

    # --- the heartbeat ------------------------------------------------------------------------
    def _worker_opened(self, spider=None, **kw):
        self.queue.beat(self.worker_id, self.heartbeat_ttl)
        self._beat = task.LoopingCall(self._heartbeat)
        self._beat.start(max(1, self.heartbeat_ttl / 3), now=False)

    def _heartbeat(self):
        try:
            self.queue.beat(self.worker_id, self.heartbeat_ttl)
        except Exception:  # a Redis hiccup: the next beat retries, well within the TTL
            self.logger.warning("worker heartbeat failed", exc_info=True)

    def _worker_closed(self, spider=None, reason=None, **kw):
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        back = self.queue.hand_back(self.worker_id)  # unfinished portals (a stop mid-batch) to the others
        if back:
            self.logger.warning("worker stopped (%s): %d portal(s) handed back to the queue", reason, back)
        self.crawler.stats.set_value("nianbao/worker_handed_back", back)
        self.queue.expire(self.run_ttl)

    # --- feeding (scrapy-redis calls these) -----------------------------------------------------
    def _take(self, key, batch_size):
        return self.queue.take(self.worker_id, batch_size)

    async def start(self):
        for request in self.next_requests():
            yield request

    def make_request_from_data(self, data):
        """A queue row {"url", "name"} -> the portal's homepage request (none when another
        crawl holds the portal, or the row is unusable: it is finished at once)."""
        try:
            row = json.loads(data)
            url = normalize_portal_url(row["url"])
        except (ValueError, KeyError, TypeError):
            url = None
        if url is None:
            self.logger.warning("queue row skipped: not a portal: %r", data[:200])
            self.queue.finish(self.worker_id, data, "")
            return []
        portal = {"url": url, "name": row.get("name") or None}
        if url not in self._names:
            self.portals.append(portal)
            self._names[url] = portal["name"]
        self.state.add_portals([url])
        self.state.busy.pop(url, None)
        if not self._lock_portals([portal], dead_holder=self.queue.is_dead):
            self.queue.finish(self.worker_id, data, url)   # an uncoordinated crawl has it: it finishes it
            return []
        self._batch.append((data, portal))
        self.crawler.stats.inc_value("nianbao/worker_portals_taken")
        return [self._homepage_request(portal)]

    # --- idle: recheck, finish, reclaim, next batch ------------------------------------------------
    def _on_idle(self, spider=None, **kw):
        """(ReportsSpider's end-of-crawl revisit runs per batch here: see spider_idle.)"""

    def spider_idle(self):
        if self._batch and not self._batch_rechecked:
            self._batch_rechecked = True
            requests = list(self._recheck_requests([p["url"] for _, p in self._batch]))
            if requests:
                self.logger.info("revisiting %d stored report copies no page linked this time", len(requests))
                for req in requests:
                    self.crawler.engine.crawl(req)
                raise DontCloseSpider
        self._finish_batch()
        moved = self.queue.reclaim(self.worker_id)
        for worker, n in moved.items():
            if n:
                self.logger.warning("worker %s is gone: %d portal(s) back to the queue", worker, n)
                self.crawler.stats.inc_value("nianbao/worker_portals_reclaimed", n)
        self.schedule_next_requests()
        while not self._batch and self.count_size(self.redis_key):  # every row taken was skipped: take more
            self.schedule_next_requests()
        if self._batch:
            self.spider_idle_start_time = int(time.time())
            raise DontCloseSpider
        if self.until_empty and not self.queue.pending():
            return  # the run is over: close
        if self.max_idle_time and int(time.time()) - self.spider_idle_start_time >= self.max_idle_time:
            return
        raise DontCloseSpider

    def _finish_batch(self) -> None:
        if not self._batch:
            return
        for data, portal in self._batch:
            self.queue.finish(self.worker_id, data, portal["url"])
            self._seen.pop(portal["url"], None)  # a night-long worker keeps only its counters of a finished portal
        if self.locks is not None:
            self.locks.release([p["url"] for _, p in self._batch])
        self.crawler.stats.inc_value("nianbao/worker_portals_done", len(self._batch))
        self._batch = []
        self._batch_rechecked = False
