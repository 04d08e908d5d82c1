"""One generated world (bench/world.py, served with latency as bench/bench_crawl.py does)
crawled by one `nianbao worker` and by two, each time through one Redis and into one
PostgreSQL database of its own, side by side.

    python bench/bench_workers.py [--portals 20] [--latency-ms 20] [--crawl-delay 0.25]

Columns: wall seconds (enqueue to the last worker's exit), requests the sites saw, URLs
asked twice (must be 0), per host the most requests in flight at once and the shortest
gap between two arrivals (against the robots.txt Crawl-delay every portal asks), reports
found against the world's truth, and whether the export equals the one worker's.
Needs Redis at 127.0.0.1:6379 (database 13, keys under a prefix of its own, deleted
after) and PostgreSQL at 127.0.0.1:5432 (two temporary databases, dropped after).
Results are written down in bench/README.md; nothing here is asserted.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import redis  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from nianbao.demo.politeness import fetched_twice, worst  # noqa: E402
from nianbao.demo.server import SiteServer  # noqa: E402
from bench_crawl import table  # noqa: E402  (the crawl benches print one table shape)
from world import build  # noqa: E402

PG_ADMIN = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/13"


def nianbao(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nianbao.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=ROOT))


def exported(db: str, out: str) -> list[str]:
    proc = nianbao("export", "--db", db, "--out", out, "--format", "jsonl")
    if proc.returncode:
        raise SystemExit("export failed: %s" % proc.stderr[-2000:])
    rows = []
    for name in ("reports.jsonl", "metrics.jsonl"):
        with open(os.path.join(out, name), encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                for key in ("first_seen", "last_seen", "last_changed"):  # stamped by the crawl's clock
                    row.pop(key, None)
                rows.append(json.dumps(row, ensure_ascii=False, sort_keys=True))
    return sorted(rows)


def crawl(workers: int, run: str, db: str, portals: str, prefix: str, tmp: str, polite: list[str]) -> dict:
    t0 = time.monotonic()
    enq = nianbao("enqueue", portals, "--redis", REDIS_URL, "--run", run, "-s", "NIANBAO_REDIS_PREFIX=" + prefix)
    if enq.returncode:
        raise SystemExit("enqueue failed: %s" % enq.stderr[-2000:])
    procs = [subprocess.Popen([sys.executable, "-m", "nianbao.cli", "worker", "--redis", REDIS_URL, "--run", run,
                               "--db", db, "--warc-dir", os.path.join(tmp, "warc-%s-%d" % (run, i)), "--json",
                               "--until-empty", "-s", "NIANBAO_REDIS_PREFIX=" + prefix, *polite],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                              env=dict(os.environ, PYTHONPATH=ROOT)) for i in range(workers)]
    outs = [p.communicate() for p in procs]
    wall = time.monotonic() - t0
    for p, (_, err) in zip(procs, outs):
        if p.returncode not in (0, 1):
            raise SystemExit("worker failed (%d): %s" % (p.returncode, err[-3000:]))
    portals_each = [len(json.loads(o)["summary"]["portals"]) if o.strip() else 0 for o, _ in outs]
    return {"wall": wall, "portals_each": portals_each}


def run(args) -> list[dict]:
    tmp = tempfile.mkdtemp(prefix="nianbao-bench-workers-")
    sites = build(os.path.join(tmp, "world"), args.portals, args.seed, args.crawl_delay)
    with open(os.path.join(tmp, "world", "truth.json"), encoding="utf-8") as f:
        truth = json.load(f)["reports"]
    server = SiteServer(sites, latency_ms=args.latency_ms)
    urls = server.start()
    portals = os.path.join(tmp, "portals.csv")
    with open(portals, "w", encoding="utf-8") as f:
        f.write("url,name\n" + "".join("%s,%s\n" % (u, n) for n, u in sorted(urls.items())))
    prefix = "nbbench-%s:" % uuid.uuid4().hex[:8]
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    names = ["nianbao_bench_%s_%d" % (uuid.uuid4().hex[:8], n) for n in (1, 2)]
    with admin.connect() as c:
        for name in names:
            c.execute(text('CREATE DATABASE "%s"' % name))
    dbs = ["postgresql+psycopg2://postgres@127.0.0.1:5432/%s" % n for n in names]
    polite = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=%s" % args.delay, "-s", "LOG_LEVEL=WARNING"]
    rows, exports = [], []
    try:
        for workers, db in zip((1, 2), dbs):
            start = len(server.log)
            m = crawl(workers, "w%d" % workers, db, portals, prefix, tmp, polite)
            log = server.log[start:]
            export = exported(db, os.path.join(tmp, "export-%d" % workers))
            exports.append(export)
            w = worst(log)
            r = {"workers": workers, "wall_s": round(m["wall"], 1), "portals_each": m["portals_each"],
                 "requests": len(log), "fetched_twice": len(fetched_twice(log)),
                 "max_in_flight_per_host": w["max_in_flight"],
                 "min_gap_s": round(w["min_gap_s"], 3) if w["min_gap_s"] is not None else None,
                 "crawl_delay_s": args.crawl_delay,
                 "reports": sum('"status": "live"' in x for x in export), "truth": truth,
                 "export_equal": export == exports[0]}
            rows.append(r)
            print(json.dumps(r, ensure_ascii=False), file=sys.stderr, flush=True)
    finally:
        server.stop()
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(prefix + "*"):
            client.delete(key)
        with admin.connect() as c:
            for name in names:
                c.execute(text('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name))
        admin.dispose()
    return rows


COLUMNS = ["workers", "wall_s", "portals_each", "requests", "fetched_twice", "max_in_flight_per_host", "min_gap_s",
           "crawl_delay_s", "reports", "truth", "export_equal"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--portals", type=int, default=20)
    ap.add_argument("--latency-ms", type=float, default=20)
    ap.add_argument("--delay", type=float, default=0.05, help="DOWNLOAD_DELAY (the floor; Crawl-delay raises it)")
    ap.add_argument("--crawl-delay", type=float, default=0.25, help="robots.txt Crawl-delay of every portal")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    rows = run(args)
    print(table(rows, COLUMNS))
    print("(%s, %d portals, latency %g ms, Crawl-delay %g s, load %s)" % (
        dt.date.today(), args.portals, args.latency_ms, args.crawl_delay,
        " ".join("%.1f" % x for x in os.getloadavg())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
