"""Shared by tests/test_incremental.py and tests/test_resume.py: the real `nianbao`
command run as a subprocess against a loopback portal world, and readers for what
it leaves behind (export files, server log, database rows)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONDITIONAL = "crawler.conditional.ConditionalRequestMiddleware"
CONDITIONAL_PRIORITY = 580


def settings_args() -> list[str]:
    """`-s` options for a crawl: the conditional-request middleware when the project
    settings do not list it yet, and no artificial delays on loopback."""
    from crawler import settings

    args = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "--log-level", "INFO"]
    if CONDITIONAL not in settings.DOWNLOADER_MIDDLEWARES:
        mws = dict(settings.DOWNLOADER_MIDDLEWARES, **{CONDITIONAL: CONDITIONAL_PRIORITY})
        args += ["-s", "DOWNLOADER_MIDDLEWARES=" + json.dumps(mws)]
    return args


def crawl_command(portals: str, db: str, warc_dir: str) -> list[str]:
    return [sys.executable, "-m", "nianbao.cli", "crawl", "--portals", portals, "--db", db,
            "--warc-dir", warc_dir, *settings_args()]


def crawl(portals: str, db: str, warc_dir: str) -> subprocess.CompletedProcess:
    done = subprocess.run(crawl_command(portals, db, warc_dir), capture_output=True, text=True, timeout=300,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr[-4000:]
    return done


def export(db: str, out: str) -> dict:
    """What `nianbao export` writes (the function it calls, in-process: the crawl is
    the part that needs its own process)."""
    from nianbao.export import export as write_export

    write_export(db, out, formats=("jsonl",))
    with open(os.path.join(out, "reports.jsonl"), encoding="utf-8") as f:
        reports = [json.loads(line) for line in f]
    with open(os.path.join(out, "metrics.jsonl"), encoding="utf-8") as f:
        metrics = [json.loads(line) for line in f]
    return {"reports": reports, "metrics": metrics}


def log_url(server, row: dict) -> str:
    """The absolute URL of a server log row."""
    return "http://%s:%d%s" % (server.hosts[row["site"]], server.port, row["path"])


def expected(root: str, port: int) -> dict:
    """The world's truth file with its port filled in (expected.json beside the site)."""
    path = os.path.join(os.path.dirname(root), "expected.json")
    with open(path, encoding="utf-8") as f:
        return json.loads(f.read().replace("PORT", str(port)))


def report_addresses(group: dict) -> set:
    """Every URL that serves (part of) a report: pages, parts, mirror, notice."""
    urls = set(group["urls"]) | set(group.get("part_urls") or [])
    return urls | {u for u in (group.get("mirror_url"), group.get("notice_url")) if u}


def table_rows(db: str, query: str) -> list:
    from sqlalchemy import text

    from core.db import make_engine

    engine = make_engine(db)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(query))]
    finally:
        engine.dispose()
