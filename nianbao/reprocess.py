"""`nianbao reprocess`: the archive read again by this version of nianbao.

Every stored document body goes through the document stages of NIANBAO_DOCUMENT_STAGES
(the crawl's StagesPipeline) - read, clean, classify, metadata, metrics - in N worker
processes, with no network; the parent process alone writes (one writer keeps SQLite
happy and PostgreSQL simple), rewriting each document's derived fields in place
(pipelines.store.replay), then groups documents into reports as a crawl's end does.
After an upgrade the export is what a fresh crawl of the same bytes would give,
without asking any portal again. The run is on record in crawl_runs (0 requests).
"""
from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
from collections import deque
from typing import Callable, Optional

from scrapy.exceptions import DropItem

from core.db import make_engine, session_scope, upgrade
from nianbao.crawl import project_settings
from pipelines.stages import Stages
from pipelines.store import finalize
from pipelines.store.replay import iter_stored_items, rebase_versions, rewrite_document
from pipelines.store.runs import close_run, open_run

logger = logging.getLogger(__name__)

WINDOW_PER_WORKER = 4  # documents in flight per worker: bodies are held only this far ahead

_WORKER_CHAIN: Optional[Stages] = None


def _init_worker(settings: dict) -> None:
    global _WORKER_CHAIN
    _WORKER_CHAIN = Stages.from_settings(project_settings(settings))


def _work(job: tuple[int, dict]) -> tuple[int, Optional[dict], Optional[str]]:
    doc_id, item = job
    try:
        return doc_id, dict(_WORKER_CHAIN(item)), None
    except DropItem as e:
        return doc_id, None, "dropped: %s" % e
    except Exception as e:  # one document's failure is recorded; the others go on
        return doc_id, None, "%s: %s" % (type(e).__name__, e)


def _results(jobs, workers: int, settings: dict):
    """(doc id, item or None, error) for (doc id, item, error) jobs, at most workers x
    WINDOW in flight; a job that already failed is passed through."""
    if workers <= 1:
        _init_worker(settings)
        for doc_id, item, error in jobs:
            yield (doc_id, None, error) if error else _work((doc_id, item))
        return
    ctx = multiprocessing.get_context("spawn")  # no inherited engine, reactor or sandbox server
    with cf.ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(settings,)) as pool:
        window: deque = deque()
        for doc_id, item, error in jobs:
            if error:
                yield doc_id, None, error
                continue
            window.append(pool.submit(_work, (doc_id, item)))
            if len(window) >= workers * WINDOW_PER_WORKER:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


def reprocess(db_url: str, workers: int = 1, settings: Optional[dict] = None,
              on_document: Optional[Callable[[int, Optional[str]], None]] = None) -> dict:
    """Re-read every stored document of ``db_url``; returns the run's counts."""
    settings = dict(settings or {})
    settings["NIANBAO_DB_URL"] = db_url
    blob_dir = project_settings(settings).get("NIANBAO_BLOB_DIR") or None
    engine = make_engine(db_url)
    upgrade(engine)
    try:
        with session_scope(engine) as s:
            run_id = open_run(s, [])
        counts = {"documents": 0, "changed": 0, "failed": 0}
        failures, changed_ids = [], set()

        def session():
            return session_scope(engine)

        for doc_id, item, error in _results(iter_stored_items(session, blob_dir), workers, settings):
            counts["documents"] += 1
            if error is None:
                try:
                    with session_scope(engine) as s:
                        if rewrite_document(s, doc_id, item):
                            changed_ids.add(doc_id)
                except Exception as e:
                    error = "store: %s: %s" % (type(e).__name__, e)
            if error is not None:
                counts["failed"] += 1
                failures.append({"url": str(doc_id), "reason": error[:500]})
                logger.error("document %s not reprocessed: %s", doc_id, error)
            if on_document:
                on_document(doc_id, error)
        counts["changed"] = len(changed_ids)
        with session_scope(engine) as s:
            rebase_versions(s, changed_ids)
            finalized = finalize(s, run_id)
        with session_scope(engine) as s:
            close_run(s, run_id, stored={"fetch": 0, "document": counts["documents"] - counts["failed"]},
                      failed=counts["failed"], failures=failures, finalize_counts=finalized, status="finished",
                      error=None, portal_stats=None)
        counts.update(run_id=run_id, reports=finalized.get("reports"), workers=workers)
        return counts
    finally:
        engine.dispose()

