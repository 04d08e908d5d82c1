"""`nianbao reprocess`: stored bodies read again through the pipelines, no network;
the export equals the crawl's, no fetch row and no version is added."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from incremental_helpers import crawl, export, table_rows
from nianbao.demo.run import site_root, start_world

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VOLATILE = ("exported_at", "first_seen", "last_seen", "last_changed", "fetched_at")


def _stable(rows):
    return sorted(json.dumps({k: v for k, v in r.items() if k not in VOLATILE}, sort_keys=True, ensure_ascii=False)
                  for r in rows)


def _reprocess(db, *extra):
    return subprocess.run([sys.executable, "-m", "nianbao.cli", "reprocess", "--db", db, *extra],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reprocess")
    db = "sqlite:///%s" % (tmp / "r.db")
    server, portals = start_world(site_root())
    try:
        crawl(portals, db, str(tmp / "warc"))
    finally:
        server.stop()
        os.unlink(portals)
    return {"db": db, "tmp": tmp, "fresh": export(db, str(tmp / "fresh"))}


def _wipe_derived(db):
    """What an older nianbao had made of the bytes: no text, no figures, no verdicts."""
    from sqlalchemy import text

    from core.db import make_engine

    engine = make_engine(db)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM document_metrics"))
        conn.execute(text("DELETE FROM document_flags"))
        conn.execute(text("UPDATE documents SET text = NULL, tables = NULL, title = NULL, year = NULL"))
    engine.dispose()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_reprocess_gives_back_the_crawls_export(crawled, workers):
    db, tmp = crawled["db"], crawled["tmp"]
    fetches = table_rows(db, "SELECT count(*) FROM fetches")
    versions = table_rows(db, "SELECT count(*) FROM report_versions")
    _wipe_derived(db)
    done = _reprocess(db, "--workers", workers)
    assert done.returncode == 0, done.stderr[-3000:]
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    assert counts["failed"] == 0 and counts["documents"] > 10 and counts["workers"] == int(workers)
    again = export(db, str(tmp / ("again%s" % workers)))
    assert _stable(again["reports"]) == _stable(crawled["fresh"]["reports"])
    assert _stable(again["metrics"]) == _stable(crawled["fresh"]["metrics"])
    assert table_rows(db, "SELECT count(*) FROM fetches") == fetches      # nothing was fetched
    assert table_rows(db, "SELECT count(*) FROM report_versions") == versions  # a re-reading is no revision
    assert table_rows(db, "SELECT requests FROM crawl_runs ORDER BY id DESC LIMIT 1") == [(0,)]


def test_an_unreadable_body_is_recorded_and_the_rest_reprocessed(crawled):
    from sqlalchemy import text

    from core.db import make_engine

    db = crawled["db"]
    engine = make_engine(db)
    with engine.begin() as conn:  # one document's stored body replaced by garbage under its own hash
        sha = conn.execute(text("SELECT body_sha256 FROM documents WHERE fmt = 'pdf' LIMIT 1")).scalar()
        conn.execute(text("UPDATE blobs SET data = :d WHERE sha256 = :s"), {"d": b"not zlib", "s": sha})
    engine.dispose()
    done = _reprocess(db, "--workers", "1")
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    assert done.returncode == 1 and counts["failed"] >= 1, done.stderr[-2000:]
    assert counts["documents"] > counts["failed"]
