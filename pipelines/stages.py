"""StagesPipeline (Scrapy item pipeline, order 100): the document stages of
NIANBAO_DOCUMENT_STAGES (read -> clean -> classify -> metadata -> metrics) run in
NIANBAO_PIPELINE_WORKERS processes, off the reactor thread.

They are pure CPU on one item (no database, no network): run on the reactor thread
they held it 100-200 ms per report page, every Crawl-delay timer of every host fired
that much late, and the whole crawl stalled behind one parse. In a pool the reactor
keeps downloading while a child reads; the store (one writer) stays in the crawl
process. A child sends back what the stages changed and the stats they counted (the
readers count into crawler.stats). NIANBAO_PIPELINE_WORKERS = 0 runs the stages in
the crawl process, one after another, as Scrapy would (tests, debugging).
"""
from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
import pickle
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Optional

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.settings import Settings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.defer import Deferred

from core.items import ITEMS_DONE, is_document

logger = logging.getLogger(__name__)

# values a stage cannot change in place: sent back only when a stage replaced them
# (the body, above all, goes one way)
ORPHAN_CHECK_S = 0.5   # how often a child checks that its crawl process is still there
_IMMUTABLE = (bytes, str, int, float, bool, tuple, frozenset, type(None))


class Stages:
    """The stage components of NIANBAO_DOCUMENT_STAGES, built from settings as Scrapy
    builds item pipelines, applied in priority order. Also `nianbao reprocess`'s chain."""

    def __init__(self, crawler):
        self.stats = crawler.stats
        order = sorted(crawler.settings.getdict("NIANBAO_DOCUMENT_STAGES").items(), key=lambda kv: kv[1])
        self.stages = []
        for path, priority in order:
            if priority is None:
                continue
            cls = load_object(path)
            self.stages.append(build_from_crawler(cls, crawler) if hasattr(cls, "from_crawler") else cls())

    @classmethod
    def from_settings(cls, settings) -> "Stages":
        """The stages of a crawler that never crawls (a pool child, `nianbao reprocess`)."""
        crawler = Crawler(Spider, settings if isinstance(settings, Settings) else Settings(settings))
        # such a crawler has no stats collector yet; the readers count into one
        crawler.stats = load_object(crawler.settings["STATS_CLASS"])(crawler)
        return cls(crawler)

    def __call__(self, item):
        for stage in self.stages:
            item = stage.process_item(item, None)
        return item


_CHILD: Optional[Stages] = None


def _init_child(settings: dict, level: str, parent: int = 0) -> None:
    global _CHILD
    if parent:
        threading.Thread(target=_orphan_watch, args=(parent,), name="orphan-watch", daemon=True).start()
    logging.basicConfig(level=level, format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    _CHILD = Stages.from_settings(settings)


def _orphan_watch(parent: int) -> None:
    """A child whose crawl process died (killed, or gone without shutting the pool down)
    leaves at once: it would otherwise wait on its queue forever, holding the crawl's
    stdout and stderr open for whoever reads them."""
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_S)
    os._exit(1)


def _ready() -> bool:
    """A first job: the pool starts its child (imports, ~2 s) while the crawl starts."""
    return _CHILD is not None


def _child_run(item) -> tuple[str, Any, dict]:
    """('ok', (changed fields, removed fields), stats counted) or ('drop' | 'error', reason, stats)."""
    before = dict(item)
    try:
        out = _CHILD(item)
    except DropItem as e:
        return "drop", str(e), _take_stats()
    except Exception as e:  # re-raised in the crawl process, as the stage would have there
        return "error", "%s: %s" % (type(e).__name__, e), _take_stats()
    changed = {k: v for k, v in out.items()
               if k not in before or not (v is before[k] and isinstance(v, _IMMUTABLE))}
    removed = [k for k in before if k not in out]
    return "ok", (changed, removed), _take_stats()


def _take_stats() -> dict:
    """What the stages counted for this item (the child's collector starts afresh for the next)."""
    stats = dict(_CHILD.stats.get_stats())
    _CHILD.stats.clear_stats()
    return stats


def _picklable(values: dict) -> dict:
    out = {}
    for k, v in values.items():
        try:
            pickle.dumps(v)
        except Exception:  # an object setting (a class, a callable): the stages do not read those
            continue
        out[k] = v
    return out


class StagesPipeline:
    """Scrapy item pipeline: documents through the stages in a process pool; other
    items pass untouched."""

    def __init__(self, crawler, workers: int):
        self.crawler = crawler
        self.workers = workers
        self.stages: Optional[Stages] = None     # in-process (workers = 0)
        self.pool: Optional[cf.ProcessPoolExecutor] = None
        self._settings: dict = {}

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler, crawler.settings.getint("NIANBAO_PIPELINE_WORKERS"))
        # no item comes after the store's ITEMS_DONE: the children leave before it groups
        crawler.signals.connect(pipeline.close_spider, signal=ITEMS_DONE)
        return pipeline

    def open_spider(self, spider=None) -> None:
        if self.workers <= 0:
            self.stages = Stages(self.crawler)
            return
        self._settings = _picklable(self.crawler.settings.copy_to_dict())
        self._start_pool()

    def _start_pool(self) -> None:
        # spawn: a child inherits no reactor, engine, sockets or WARC file handles
        ctx = multiprocessing.get_context("spawn")
        level = self.crawler.settings.get("LOG_LEVEL")
        self.pool = cf.ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_child,
                                           initargs=(self._settings, level, os.getpid()))
        for _ in range(self.workers):
            self.pool.submit(_ready)

    def close_spider(self, spider=None) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None

    async def process_item(self, item, spider=None):
        if not is_document(item):
            return item     # FetchItems go straight to the store
        if self.stages is not None:
            return self.stages(item)
        if self.pool is None:
            self.open_spider()
        for attempt in (1, 2):
            pool = self.pool
            try:
                status, value, stats = await self._in_child(pool, item)
                break
            except BrokenProcessPool as e:
                # a child died (killed, out of memory, a crash in a C library): a fresh pool,
                # and this item once more; twice is its own doing, recorded with the reason
                logger.error("stage worker died on %s (attempt %d): %s", item.get("url"), attempt, e)
                if self.pool is pool:   # the first of the items it took down starts the next pool
                    self._restart_pool()
                if attempt == 2:
                    self._inc("nianbao/stages/worker_died")
                    item["parse_error"] = item.get("parse_error") or "stage worker died: %s" % (e or "BrokenProcessPool")
                    return item
        for key, v in stats.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                self.crawler.stats.inc_value(key, v)
            else:
                self.crawler.stats.set_value(key, v)
        if status == "drop":
            raise DropItem(value)
        if status == "error":
            raise RuntimeError("document stages failed: %s" % value)
        changed, removed = value
        for key in removed:
            del item[key]
        for key, v in changed.items():
            item[key] = v
        return item

    @staticmethod
    def _in_child(pool, item):
        try:
            fut = pool.submit(_child_run, item)
        except BrokenProcessPool as e:
            fut = cf.Future()
            fut.set_exception(e)
        d: Deferred = Deferred()
        reactor = _reactor()

        def done(f):   # in the pool's manager thread: hand the result to the reactor thread
            exc = f.exception()
            if exc is not None:
                reactor.callFromThread(d.errback, exc)
            else:
                reactor.callFromThread(d.callback, f.result())

        fut.add_done_callback(done)
        return maybe_deferred_to_future(d)

    def _restart_pool(self) -> None:
        old, self.pool = self.pool, None
        if old is not None:
            old.shutdown(wait=False, cancel_futures=True)
        self._start_pool()

    def _inc(self, key: str) -> None:
        self.crawler.stats.inc_value(key)


def _reactor():
    from twisted.internet import reactor  # installed by Scrapy before the crawl starts; not at import time
    return reactor
