"""StorePipeline: every item in its own transaction; the crawl run opened with the
spider and closed, after grouping documents into reports, when it ends."""
from __future__ import annotations

import datetime as dt
import logging
import os
import time
from typing import Optional

from sqlalchemy.exc import IntegrityError, OperationalError

from core.db import make_engine, session_scope, upgrade
from core.items import ITEMS_DONE, is_document
from core.schema import Fetch

from .documents import store_document
from .fetches import store_fetch
from .reports import finalize
from .runs import abort_stale_runs, close_run, open_run
from .values import UTC, clean_str, item_get, parse_time, to_int

logger = logging.getLogger(__name__)

MAX_FAILURES_KEPT = 200  # reasons kept in the run summary
FINALIZE_ATTEMPTS = 3    # grouping retried when a concurrent crawl's grouping collided with it


class StorePipeline:
    """Scrapy item pipeline writing every item in its own transaction."""

    def __init__(self, db_url: str, blob_dir: Optional[str] = None, crawler=None):
        self.db_url = db_url
        self.blob_dir = blob_dir or None
        self.crawler = crawler
        self.engine = None
        self.run_id: Optional[int] = None
        self.failed = 0
        self.failures: list[dict] = []      # {"url", "reason"} of items not stored
        self.stored = {"fetch": 0, "document": 0}
        self.finalize_counts: dict = {}

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(settings.get("NIANBAO_DB_URL"), settings.get("NIANBAO_BLOB_DIR"), crawler)

    def _spider(self, spider):
        return spider if spider is not None else getattr(self.crawler, "spider", None)

    def _inc(self, key: str, n: int = 1) -> None:
        stats = getattr(self.crawler, "stats", None)
        if stats is not None:
            stats.inc_value(key, n)

    # Scrapy >= 2.13 calls these without the spider when it is optional.
    def open_spider(self, spider=None) -> None:
        spider = self._spider(spider)
        if self.blob_dir:
            os.makedirs(self.blob_dir, exist_ok=True)
        self.engine = make_engine(self.db_url)
        upgrade(self.engine)
        portals = list(getattr(spider, "portals", None) or [])
        with session_scope(self.engine) as s:
            # a killed crawl's run is closed first: its documents' validators are then
            # not trusted (crawler.conditional), so this run fetches them in full again
            abort_stale_runs(s)
            self.run_id = open_run(s, portals)
        stats = getattr(self.crawler, "stats", None)
        if stats is not None:  # the spider's portal locks and the CLI's summary name this run
            stats.set_value("nianbao/run_id", self.run_id)

    def process_item(self, item, spider=None):
        if self.engine is None:
            self.open_spider(spider)
        document = False
        try:
            document = is_document(item)
            with session_scope(self.engine) as s:
                if document:
                    store_document(s, item, self.run_id, self.blob_dir)
                else:
                    store_fetch(s, item, self.run_id, self.blob_dir)
            kind = "document" if document else "fetch"
            self.stored[kind] += 1
            self._inc("nianbao/stored_%s" % kind)
            decision = item_get(item, "decision") if document else None
            if isinstance(decision, dict) and decision.get("is_report"):
                # reports found so far, per portal: what the progress view shows while crawling
                self._inc("nianbao/reports_found/%s" % item_get(item, "portal"))
        except Exception as e:  # one item's failure must not stop the crawl
            self._record_failure(item, e)
        return item

    def _record_failure(self, item, error: Exception) -> None:
        url = clean_str(item_get(item, "url"))
        reason = "%s: %s" % (type(error).__name__, str(error).splitlines()[0][:500] if str(error) else "")
        logger.error("store failed for %s: %s", url, reason)
        self.failed += 1
        if len(self.failures) < MAX_FAILURES_KEPT:
            self.failures.append({"url": url, "reason": reason})
        self._inc("nianbao/store_failed")
        try:  # keep the exchange on record, without the part that failed
            with session_scope(self.engine) as s:
                s.add(Fetch(run_id=self.run_id, url=url or "", status=to_int(item_get(item, "status")),
                            fetched_at=parse_time(item_get(item, "fetched_at")) or dt.datetime.now(UTC),
                            kind=clean_str(item_get(item, "kind")) or "store_failed",
                            error=clean_str("store failed: " + reason)))
        except Exception:
            logger.exception("could not record the store failure for %s", url)

    def close_spider(self, spider=None) -> dict:
        spider = self._spider(spider)
        if self.engine is None:
            return {}
        if self.crawler is not None and getattr(self.crawler, "signals", None) is not None:
            self.crawler.signals.send_catch_log(signal=ITEMS_DONE)
        status, error = "finished", None
        for attempt in range(FINALIZE_ATTEMPTS):
            try:
                with session_scope(self.engine) as s:
                    self.finalize_counts = finalize(s, self.run_id)
                status, error = "finished", None
                break
            except (IntegrityError, OperationalError) as e:
                # another crawl of this database (other portals) grouped at the same moment:
                # its reports are committed now, so grouping again sees them
                logger.warning("grouping documents into reports collided (%s); again", type(e).__name__)
                status, error = "failed", "%s: %s" % (type(e).__name__, str(e).splitlines()[0][:300])
                time.sleep(0.5 * (attempt + 1))
            except Exception as e:
                logger.exception("grouping documents into reports failed")
                status, error = "failed", "%s: %s" % (type(e).__name__, e)
                break
        summary = {}
        try:
            summary = self.finish_run(status=status, error=error,
                                      portal_stats=getattr(spider, "portal_stats", None),
                                      portals_busy=getattr(spider, "portals_busy", None))
        except Exception:
            logger.exception("could not close crawl run %s", self.run_id)
        self.engine.dispose()
        self.engine = None
        return summary

    def finish_run(self, status: str = "finished", error: Optional[str] = None,
                   portal_stats: Optional[dict] = None, portals_busy: Optional[dict] = None) -> dict:
        with session_scope(self.engine) as s:
            return close_run(s, self.run_id, stored=self.stored, failed=self.failed, failures=self.failures,
                             finalize_counts=self.finalize_counts, status=status, error=error,
                             portal_stats=portal_stats, portals_busy=portals_busy)
