"""Runs are idempotent and resumable - tested with a real `nianbao crawl` process
and a real SIGKILL.

An uninterrupted crawl of the demo world is the reference. Another database gets a
crawl killed with SIGKILL once it has stored some documents, then a crawl killed
while it closes (grouping reports), then a crawl run to completion: its export must
equal the reference's (same report ids, texts, metrics), with no row doubled in any
table that does not count fetches, and the killed runs marked 'aborted'. Crawling
the reference again changes nothing either.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

from urllib.parse import urlsplit

import pytest

from incremental_helpers import ROOT, crawl, crawl_command, expected, export, table_rows
from nianbao.demo.run import site_root, start_world

ATTACHMENT_DELAY_MS = 2500

# Tables whose rows do not depend on how many times a URL was fetched.
CONTENT_TABLES = ("portals", "blobs", "url_state", "documents", "document_urls", "document_metrics",
                  "document_flags", "reports", "report_urls", "report_versions", "metrics", "flags")
SAME_FIELDS = ("report_id", "title", "body", "region", "level", "year", "publish_date", "portal", "url", "urls",
               "format", "text", "text_sha256", "version", "status")


def _count(path: str, sql: str) -> int:
    """A read beside the running crawl (SQLite WAL lets it through); 0 before the tables exist."""
    try:
        con = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=5)
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def _kill_when(cmd, ready, timeout=120) -> int:
    """Start the crawl, SIGKILL it as soon as ready(stderr lines so far) is true; its exit status."""
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True)  # the log, as it comes
    reader.start()
    deadline = time.time() + timeout
    try:
        while proc.poll() is None and time.time() < deadline:
            if ready(lines):
                os.kill(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.02)
        return proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(timeout=10)
        proc.stderr.close()


def _slow_attachment_world(dest) -> tuple[str, dict]:
    """The demo world, with a report that is an attachment announced by a notice page
    served slowly: a crawl killed once the notice is stored has not stored the file.
    A resumed crawl that trusted the notice's validators (a 304, no body, no links)
    would never ask for the file again."""
    root = os.path.join(dest, "site")
    shutil.copytree(site_root(), root)
    shutil.copy(os.path.join(os.path.dirname(site_root()), "expected.json"), os.path.join(dest, "expected.json"))
    want = expected(root, "PORT")  # (URLs keep the placeholder: the port is not known yet)
    group = next(g for g in want["reports"] if g.get("notice_url") and g["format"] != "html")
    hosts = {}
    with open(os.path.join(root, "sites.json"), encoding="utf-8") as f:
        hosts = {ip: name for name, ip in json.load(f).items()}
    for url in group["urls"]:
        p = urlsplit(url)
        path = os.path.join(root, hosts[p.hostname], p.path.lstrip("/"))
        with open(path + ".headers.json", "w") as f:
            json.dump({"delay_ms": ATTACHMENT_DELAY_MS}, f)
    return root, group


@pytest.fixture(scope="module")
def crawls(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("resume")
    root, slow = _slow_attachment_world(str(tmp / "world"))
    server, portals = start_world(root)
    port = server.port
    notice = slow["notice_url"].replace("PORT", str(port))
    files = [u.replace("PORT", str(port)) for u in slow["urls"]]
    out = {"tmp": tmp, "files": files}
    try:
        ref = "sqlite:///%s" % (tmp / "ref.db")
        crawl(portals, ref, str(tmp / "warc-ref"))
        out["ref"] = ref
        out["ref_export"] = export(ref, str(tmp / "ref-out"))
        out["ref_counts"] = {t: table_rows(ref, "SELECT count(*) FROM %s" % t)[0][0] for t in CONTENT_TABLES}
        out["n_docs"] = out["ref_counts"]["documents"]

        path = str(tmp / "killed.db")
        db = "sqlite:///%s" % path
        cmd = crawl_command(portals, db, str(tmp / "warc-killed"))
        # 1. killed in the middle of the crawl: the notice page stored, its slow attachment not yet
        stored = "SELECT count(*) FROM documents WHERE url = '%s'"
        out["rc1"] = _kill_when(cmd, lambda lines: _count(path, stored % notice) > 0)
        out["docs_after_kill1"] = _count(path, "SELECT count(*) FROM documents")
        out["files_after_kill1"] = sum(_count(path, stored % u) for u in files)
        # 2. killed while closing: everything fetched, reports being grouped
        out["rc2"] = _kill_when(cmd, lambda lines: any("Closing spider" in line for line in lines))
        out["finished_after_kill2"] = _count(path, "SELECT count(*) FROM crawl_runs WHERE status = 'finished'")
        # 3. run to completion
        crawl(portals, db, str(tmp / "warc-killed"))
        out["db"] = db
        out["export"] = export(db, str(tmp / "resumed-out"))
        out["runs"] = subprocess.run([sys.executable, "-m", "nianbao.cli", "runs", "--db", db], cwd=ROOT,
                                     capture_output=True, text=True, timeout=60)
        # and the reference crawled again, unchanged
        crawl(portals, ref, str(tmp / "warc-ref"))
        out["ref_again"] = export(ref, str(tmp / "ref-out2"))
    finally:
        server.stop()
        os.unlink(portals)
    return out


def test_the_crawls_were_really_killed(crawls):
    assert crawls["rc1"] == -signal.SIGKILL and crawls["rc2"] == -signal.SIGKILL
    assert 1 <= crawls["docs_after_kill1"] < crawls["n_docs"]  # killed midway, not after
    assert crawls["files_after_kill1"] == 0  # the notice stored, the report file it announces not
    assert crawls["finished_after_kill2"] == 0


def test_the_attachment_missed_by_the_killed_run_is_fetched(crawls):
    urls = {u for r in crawls["export"]["reports"] for u in [r["url"], *r["urls"]]}
    assert set(crawls["files"]) <= urls


def test_resumed_crawl_exports_what_an_uninterrupted_one_does(crawls):
    ref, got = crawls["ref_export"], crawls["export"]
    assert len(ref["reports"]) >= 5
    assert [r["report_id"] for r in got["reports"]] == [r["report_id"] for r in ref["reports"]]
    for a, b in zip(ref["reports"], got["reports"]):
        assert {k: a[k] for k in SAME_FIELDS} == {k: b[k] for k in SAME_FIELDS}
    assert got["metrics"] == ref["metrics"]


def test_nothing_doubled_in_fetch_independent_tables(crawls):
    db = crawls["db"]
    counts = {t: table_rows(db, "SELECT count(*) FROM %s" % t)[0][0] for t in CONTENT_TABLES}
    assert counts == crawls["ref_counts"]
    for sql in ("SELECT url FROM documents GROUP BY url HAVING count(*) > 1",
                "SELECT report_id, version FROM report_versions GROUP BY report_id, version HAVING count(*) > 1",
                "SELECT report_id, version, key FROM metrics GROUP BY report_id, version, key HAVING count(*) > 1",
                "SELECT report_id, url FROM report_urls GROUP BY report_id, url HAVING count(*) > 1"):
        assert table_rows(db, sql) == [], sql
    assert {v for (v,) in table_rows(db, "SELECT version FROM report_versions")} == {1}


def test_killed_runs_are_marked_aborted(crawls):
    runs = table_rows(crawls["db"], "SELECT status, finished_at, requests FROM crawl_runs ORDER BY id")
    assert [r[0] for r in runs] == ["aborted", "aborted", "finished"]
    assert all(r[1] is not None for r in runs) and runs[0][2] > 0


def test_runs_command_prints_an_aligned_table(crawls):
    done = crawls["runs"]
    assert done.returncode == 0, done.stderr
    lines = done.stdout.rstrip("\n").splitlines()
    header = lines[0].split()
    assert header == ["id", "started", "finished", "status", "portals", "requests", "bytes", "new", "changed",
                      "gone", "failures", "dead_links"]
    assert len(lines) == 4
    col = lines[0].index("status")
    assert [line[col:].split()[0] for line in lines[1:]] == ["aborted", "aborted", "finished"]
    for key in ("requests", "failures"):  # numbers right-aligned under their heading
        end = lines[0].index(key) + len(key)
        assert all(line[:end].split()[-1].isdigit() for line in lines[1:])


def test_an_unchanged_recrawl_changes_no_export_line(crawls):
    one, two = crawls["ref_export"], crawls["ref_again"]
    strip = [{k: r[k] for k in r if k != "last_seen"} for r in one["reports"]]
    assert strip == [{k: r[k] for k in r if k != "last_seen"} for r in two["reports"]]
    assert one["metrics"] == two["metrics"]
    runs = table_rows(crawls["ref"], "SELECT status, new_reports, changed_reports, gone_reports, documents "
                                     "FROM crawl_runs ORDER BY id")
    assert runs[-1] == ("finished", 0, 0, 0, 0)
