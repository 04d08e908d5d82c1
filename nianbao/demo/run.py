"""`nianbao demo`: serve the bundled portal world on loopback, crawl it into a
database, export it and print what was found. Needs no network beyond 127.0.0.0/8."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from importlib import resources

from core.db import run_summary
from crawler.portals import read_portals
from nianbao.crawl import default_warc_dir, run_crawl
from nianbao.demo.server import SiteServer
from nianbao.demo.world.routes import dynamic_routes
from nianbao.export import export
from nianbao.outcome import format_table, portal_rows, totals_line


def site_root() -> str:
    return str(resources.files("nianbao.demo") / "site")


def start_world(root: str | None = None, port: int = 0) -> tuple[SiteServer, str]:
    """Start the world's server; return it and a portals.csv with the real port."""
    root = root or site_root()
    with open(os.path.join(root, "sites.json"), encoding="utf-8") as f:
        hosts = json.load(f)
    server = SiteServer({name: os.path.join(root, name) for name in hosts}, hosts, port)
    for site, path, fn in dynamic_routes(root):  # endless calendars and ?page=N lists
        server.route(site, path, fn)
    server.start()
    with open(os.path.join(root, "portals.csv"), encoding="utf-8") as f:
        csv_text = f.read().replace("PORT", str(server.port))
    fd, path = tempfile.mkstemp(prefix="nianbao-demo-", suffix=".csv")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(csv_text)
    return server, path


def run_demo(db: str | None, out: str, log_level: str = "WARNING") -> int:
    if db is None:
        # the demo world is served on a new port each time: start from a fresh database
        # so two demos do not read as one portal that moved
        for stale in ("nianbao-demo.db", "nianbao-demo.db-wal", "nianbao-demo.db-shm"):
            if os.path.exists(stale):
                os.unlink(stale)
        db = "sqlite:///nianbao-demo.db"
    server, portals = start_world()
    try:
        print("serving the demo portals:", ", ".join(server.urls().values()), flush=True)
        names = {p["url"]: p["name"] for p in read_portals(portals)}
        stats = run_crawl(portals, db, {"LOG_LEVEL": log_level, "NIANBAO_WARC_DIR": default_warc_dir(db)})
    finally:
        server.stop()
        os.unlink(portals)
    run = run_summary(db, stats.get("nianbao/run_id"))
    if run is not None:  # the crawl as `nianbao crawl` reports it
        print(format_table(portal_rows(run, names, max_requests=stats.get("nianbao/max_requests", 0))))
        print(totals_line(run), flush=True)
    counts = export(db, out)
    print("crawl: %d requests, %d items stored into %s (WARC in %s); export: %d reports, %d figures -> %s/" % (
        stats.get("downloader/request_count", 0), stats.get("item_scraped_count", 0), db, default_warc_dir(db),
        counts.get("reports", 0), counts.get("metrics", 0), out))
    _print_found(out)
    return 0


def _print_found(out: str) -> None:
    metrics: dict[str, list] = {}
    path = os.path.join(out, "metrics.jsonl")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = json.loads(line)
                metrics.setdefault(m["report_id"], []).append(m)
    with open(os.path.join(out, "reports.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            found = metrics.get(r["report_id"], [])
            print("\n%s  %s  [%s %s %s, %s]  %d figures, %d URL(s)" % (
                r["report_id"], r["title"], r.get("region"), r.get("level"), r.get("year"),
                r.get("format"), len(found), len(r.get("urls") or [])))
            for m in sorted(found, key=lambda m: m["key"])[:8]:
                print("    %-40s %12s %s  <- %s" % (m["key"], m["value"], m["unit"], m["evidence"][:40]))
            if len(found) > 8:
                print("    … and %d more" % (len(found) - 8))
    sys.stdout.flush()
