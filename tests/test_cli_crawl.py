"""A crawl the user can trust at a glance, over the real `nianbao crawl`: progress
while it runs (plain timestamped lines off a terminal, a live table on one), a line
per finished portal, a final table; --quiet and --json; honest exit codes and run
status; dead links (404) counted apart from failures; one summary that agrees with
itself; `nianbao runs` seeing a running crawl."""
import json
import os
import re
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from cli_world import FAST, NAMES, ROOT, dead_portal, env, nianbao, nianbao_bg, portals_file, start, wait_for

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    srv = start(tmp_path_factory.mktemp("crawl-world"))
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def slow_world(tmp_path_factory):
    srv = start(tmp_path_factory.mktemp("slow-world"), slow=1.5)
    yield srv
    srv.stop()


def both(srv):
    urls = srv.urls()
    return [(urls[s], NAMES[s]) for s in ("east", "west")]


def crawl(tmp_path, portals, *extra):
    return nianbao("crawl", "--portals", portals_file(tmp_path, portals), "--db",
                   "sqlite:///%s" % (tmp_path / "x.db"), *FAST, *extra)


def test_progress_lines_and_final_table(world, tmp_path):
    proc = crawl(tmp_path, both(world), "-s", "NIANBAO_PROGRESS_LOG_INTERVAL=0", "-s", "NIANBAO_PROGRESS_INTERVAL=0.1")
    assert proc.returncode == 0, proc.stderr[-3000:]
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d "
    assert re.search(stamp + r"crawl over: 2/2 portals done, \d+ requests", proc.stderr)
    for site in ("east", "west"):  # one line per finished portal, with its name
        assert re.search(stamp + r"done   %s \(%s\): \d+ requests, \d+ candidates, \d+ report documents, "
                         r"1 dead link\(s\), 0 errors" % (NAMES[site], re.escape(world.urls()[site])), proc.stderr)
    assert "Scrapy" not in proc.stderr and "{" not in proc.stdout   # no banner, no JSON wall
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["portal", "status", "requests", "candidates", "reports", "dead", "links", "errors",
                                "budget", "left"]
    assert sum(1 for l in lines if " crawled " in l) == 2
    assert re.match(r"run 1 finished: 2/2 portals crawled, \d+ requests, 4 reports \(4 new, 0 changed, 0 gone\), "
                    r"2 dead links, 0 errors$", lines[-1])


def test_quiet_prints_nothing_on_success(world, tmp_path):
    proc = crawl(tmp_path, both(world), "--quiet")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout == "" and proc.stderr == ""


def test_json_summary_agrees_with_itself(world, tmp_path):
    dead = dead_portal()
    proc = crawl(tmp_path, both(world) + [(dead, "关了的门户")], "--json")
    assert proc.returncode == 1, proc.stderr[-3000:]     # some portals failed
    run = json.loads(proc.stdout)
    summary = run["summary"]
    assert run["status"] == "finished" and run["exit_code"] == 1
    assert summary["portals_crawled"] == 2 and list(summary["portals_failed"]) == [dead]
    assert "refused" in summary["portals_failed"][dead]
    per_portal = sum(n for st in summary["portals"].values() for k, n in st["errors"].items()
                     if k not in ("http_404", "http_410"))
    assert per_portal >= 1 and run["errors"] == per_portal + summary["store_failed"]   # top = sum of parts
    assert summary["dead_links"] == 2 and summary["fetch_failures"] == per_portal
    assert "portal %s not reached: refused" % dead in proc.stderr


def test_no_portal_reached_fails_the_run(tmp_path):
    proc = crawl(tmp_path, [(dead_portal(), "甲"), (dead_portal(), "乙")])
    assert proc.returncode == 3, proc.stderr[-3000:]
    assert "run 1 failed: 0/2 portals crawled" in proc.stdout
    assert "FAILED" in proc.stderr and "not reached (refused)" in proc.stderr
    runs = nianbao("runs", "--db", "sqlite:///%s" % (tmp_path / "x.db"))
    assert runs.returncode == 0 and " failed " in runs.stdout


def runs_rows(stdout: str) -> list[dict]:
    """`nianbao runs` lines as dicts (started and finished are a date and a time, or '-')."""
    header, *rows = stdout.splitlines()
    out = []
    for row in rows:
        t = row.split()
        started = t[1] + " " + t[2]
        finished, rest = ("-", t[4:]) if t[3] == "-" else (t[3] + " " + t[4], t[5:])
        out.append(dict(zip(header.split(), [t[0], started, finished, *rest])))
    return out


def test_dead_links_are_not_failures(world, tmp_path):
    crawl(tmp_path, both(world))
    runs = nianbao("runs", "--db", "sqlite:///%s" % (tmp_path / "x.db"))
    [row] = runs_rows(runs.stdout)
    assert row["failures"] == "0" and row["dead_links"] == "2", runs.stdout


def test_runs_sees_a_running_crawl(slow_world, tmp_path):
    db = "sqlite:///%s" % (tmp_path / "x.db")
    proc = nianbao_bg("crawl", "--portals", portals_file(tmp_path, both(slow_world)), "--db", db, *FAST)
    try:
        def running_with_requests():
            out = nianbao("runs", "--db", db, timeout=30)
            if out.returncode != 0 or " running " not in out.stdout:
                return None
            row = runs_rows(out.stdout)[-1]
            return int(row["requests"]) if row["status"] == "running" and int(row["requests"]) > 0 else None
        assert wait_for(running_with_requests, timeout=60), "runs never showed the crawl's requests"
    finally:
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err[-3000:]


def test_live_table_on_a_terminal(world, tmp_path):
    """Under a pseudo-terminal the progress is a rich live table; the finished lines stay."""
    import pty

    master, slave = pty.openpty()
    cmd = [sys.executable, "-m", "nianbao", "crawl", "--portals", portals_file(tmp_path, both(world)), "--db",
           "sqlite:///%s" % (tmp_path / "x.db"), *FAST]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave, cwd=ROOT, env=dict(env(), COLUMNS="120"))
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, screen[-3000:]
    assert "portals done" in screen and "budget left" in screen and "\x1b[" in screen   # the live table
    assert re.search(r"\d\d:\d\d:\d\d done   %s" % NAMES["east"], screen)
    assert "report docs" in screen


def test_feed_export_writes_documents_without_bytes(world, tmp_path):
    feed = tmp_path / "feed.jsonl"
    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "reports", "-a",
                           "portals=%s" % portals_file(tmp_path, both(world)), "-O", str(feed),
                           "-s", "NIANBAO_DB_URL=sqlite:///%s" % (tmp_path / "x.db"), "-s", "LOG_LEVEL=WARNING",
                           "-s", "NIANBAO_PROGRESS=off", *FAST], capture_output=True, text=True, cwd=ROOT, env=env(),
                          timeout=180)
    assert proc.returncode == 0 and "TypeError" not in proc.stderr, proc.stderr[-3000:]
    items = [json.loads(l) for l in feed.read_text(encoding="utf-8").splitlines()]
    docs = [i for i in items if i.get("decision")]
    assert len(docs) >= 4 and all(d["decision"]["is_report"] for d in docs if "/r.html" in d["url"])
    body = docs[0]["body"]
    assert set(body) == {"bytes", "sha256"} and body["bytes"] > 0
    with_db = create_engine("sqlite:///%s" % (tmp_path / "x.db"))
    try:
        with with_db.connect() as c:   # the feed is extra: the crawl still stored everything
            assert c.execute(text("SELECT count(*) FROM documents")).scalar() == len(docs)
    finally:
        with_db.dispose()


def test_the_crawl_process_imports_no_library_it_only_carries(tmp_path):
    """Every component a crawl builds (pipelines, extensions, middlewares, spiders, the
    store's grouping), loaded as Scrapy loads them, then a database brought to head and
    opened again: none of scipy (datasketch's LSH), alembic (with mako and pygments)
    or aiohttp (Scrapy's RemoteControl, off) may be in the crawl process. Each was
    tens of MB of its memory for the whole crawl."""
    code = r"""
import sys
from scrapy.crawler import CrawlerProcess
from scrapy.utils.misc import load_object
from nianbao.crawl import project_settings
from core.db import make_engine, upgrade
s = project_settings({})
process = CrawlerProcess(s)
process.create_crawler("reports")
for name in ("ITEM_PIPELINES", "EXTENSIONS", "DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES"):
    for path, order in s.getwithbase(name).items():
        if order is not None:
            load_object(path)
import pipelines.store.reports
engine = make_engine(sys.argv[1])
if sys.argv[2] == "again":
    upgrade(engine)
print(sorted({m.split(".")[0] for m in sys.modules} & {"scipy", "datasketch", "alembic", "mako", "pygments", "aiohttp"}))
"""
    db = "sqlite:///%s" % (tmp_path / "x.db")
    run = lambda again: subprocess.run([sys.executable, "-c", code, db, again], capture_output=True, text=True,  # noqa: E731
                                       env=env(), cwd=ROOT, check=True).stdout.strip()
    from core.db import upgrade
    upgrade(db)
    assert run("again") == "[]"
