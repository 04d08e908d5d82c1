"""Whole crawls of a generated many-portal world served with latency, side by side with a
naive Scrapy CrawlSpider over the same world in the same run.

    python bench/bench_crawl.py [--portals 120] [--latency-ms 20] [--delay 0.25] [--json]

Rows: nianbao's first crawl; its re-crawl 60 days later (the stored history backdated:
every stored report is revalidated, answered 304); the next night's re-crawl after ten
portals published a new report (the adaptive revisit schedule: lists and new entries
only); the naive CrawlSpider (every link of the portals' hosts, no pipelines). Columns:
wall time and the politeness bound (per host: its requests x max(delay, latency /
CONCURRENT_REQUESTS_PER_DOMAIN); overall at least requests x latency /
CONCURRENT_REQUESTS), requests per report found, CPU ms per report found (user + system
of the crawl process and the children it waited for), the CPU floor (that CPU spread
over every core: no schedule beats max(bound, floor)), peak RSS of the crawl process
alone and summed with its children (stage workers, parser and OCR children), the tree's
peak PSS (shared pages counted once), the fixed lead (process start to the first
request) and tail (the last answer to the process's exit), and the re-crawls' requests and wall as a share of the first crawl's. Results are written down
in bench/README.md; nothing here is asserted.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from crawler import settings as project_settings  # noqa: E402
from nianbao.demo.server import SiteServer  # noqa: E402
from world import UNITS_HELP, add_reports, build  # noqa: E402

PER_DOMAIN = project_settings.CONCURRENT_REQUESTS_PER_DOMAIN
CONCURRENT = project_settings.CONCURRENT_REQUESTS
CORES = os.cpu_count() or 1


def _rss_kb(pid: int) -> int:
    try:
        with open("/proc/%d/status" % pid) as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


def _pss_kb(pid: int) -> int:
    """Proportional set size: a page shared by n processes (the forkserver's children,
    the libraries every interpreter maps) counts 1/n in each, so summed over a tree it
    counts once, where RSS counts it in every process."""
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            return next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir("/proc/%d/task" % p):
                with open("/proc/%d/task/%s/children" % (p, task)) as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return out


def measured(cmd: list[str], env=None) -> dict:
    """Run ``cmd``; wall seconds, CPU seconds (with waited-for children), peak RSS MB of
    the crawl process alone (VmHWM-like, sampled) and of it with all its children
    (stage workers, parser and OCR children) summed at each 0.1 s sample, RSS and PSS;
    ``start`` / ``end``: the epoch times the process was started and was seen to exit
    (the server log's times are epoch times)."""
    t0 = time.monotonic()
    start = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    peak = {"main": 0, "tree": 0, "pss": 0}

    def sample():
        while proc.returncode is None and not done.is_set():
            peak["main"] = max(peak["main"], _rss_kb(proc.pid))
            tree = _tree(proc.pid)
            peak["tree"] = max(peak["tree"], sum(_rss_kb(p) for p in tree))
            peak["pss"] = max(peak["pss"], sum(_pss_kb(p) for p in tree))
            done.wait(0.1)

    done = threading.Event()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, ru = os.wait4(proc.pid, 0)
    end = time.time()
    done.set()
    sampler.join()
    wall = time.monotonic() - t0
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit("%s failed (%d):\n%s" % (cmd[:4], proc.returncode, err[-3000:]))
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_mb": ru.ru_maxrss / 1024,
            "main_mb": peak["main"] / 1024, "tree_mb": peak["tree"] / 1024, "pss_mb": peak["pss"] / 1024,
            "start": start, "end": end}


def bound(log: list[dict], delay: float, latency: float) -> float:
    """The politeness bound of the requests in ``log`` (``delay``: the larger of
    DOWNLOAD_DELAY and the portals' Crawl-delay)."""
    per_host = collections.Counter(r["site"] for r in log)
    host = max((n * max(delay, latency / PER_DOMAIN) for n in per_host.values()), default=0.0)
    return max(host, len(log) * latency / CONCURRENT)


def reports_found(db: str, tmp: str) -> int:
    out = os.path.join(tmp, "export-%d" % time.monotonic_ns())
    subprocess.run([sys.executable, "-m", "nianbao.cli", "export", "--db", db, "--out", out, "--format", "jsonl"],
                   check=True, capture_output=True, cwd=ROOT)
    with open(os.path.join(out, "reports.jsonl"), encoding="utf-8") as f:
        return sum(1 for line in f if json.loads(line).get("status") == "live")


def backdate(db: str, days: int) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(db)
    with engine.begin() as conn:
        conn.execute(text("UPDATE fetches SET fetched_at = datetime(fetched_at, :s)"), {"s": "-%d days" % days})
    engine.dispose()


def run(args) -> list[dict]:
    tmp = tempfile.mkdtemp(prefix="nianbao-bench-crawl-")
    world = os.path.join(tmp, "world")
    sites = build(world, args.portals, args.seed, args.crawl_delay, args.units)
    server = SiteServer(sites, latency_ms=args.latency_ms)
    urls = server.start()
    portals = os.path.join(tmp, "portals.csv")
    with open(portals, "w", encoding="utf-8") as f:
        f.write("url,name\n" + "".join("%s,%s\n" % (u, n) for n, u in sorted(urls.items())))
    truth = lambda: json.load(open(os.path.join(world, "truth.json"), encoding="utf-8"))["reports"]  # noqa: E731
    polite = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=%s" % args.delay,
              "-s", "LOG_LEVEL=WARNING"] + [x for kv in args.setting for x in ("-s", kv)]
    db = "sqlite:///" + os.path.join(tmp, "bench.db")
    crawl = [sys.executable, "-m", "nianbao.cli", "crawl", "--portals", portals, "--db", db,
             "--warc-dir", os.path.join(tmp, "warc"), *polite]
    rows = []

    def row(name, cmd, found=None, before=None):
        start = len(server.log)
        m = measured(cmd)
        log = server.log[start:]
        if args.log_dir:  # each run's server log, one request a line (what it asked, where)
            os.makedirs(args.log_dir, exist_ok=True)
            with open(os.path.join(args.log_dir, "%d.jsonl" % len(rows)), "w", encoding="utf-8") as f:
                f.writelines(json.dumps(x, ensure_ascii=False, default=str) + "\n" for x in log)
        n = found() if found else None
        r = {"run": name, "wall_s": round(m["wall"], 1), "bound_s": round(bound(log, max(args.delay, args.crawl_delay), args.latency_ms / 1000), 1),
             "requests": len(log), "reports": n, "truth": truth(),
             "req_per_report": round(len(log) / n, 2) if n else None,
             "cpu_ms_per_report": round(1000 * m["cpu"] / n) if n else None,
             "cpu_s": round(m["cpu"], 1), "peak_rss_mb": round(m["rss_mb"]),
             "rss_main_mb": round(m["main_mb"]), "rss_tree_mb": round(m["tree_mb"]),
             "pss_tree_mb": round(m["pss_mb"]),
             # the fixed cost of a run: process start to the first request a site saw, the
             # last answer a site gave to the process's exit
             "lead_s": round(min(x["t0"] or x["t"] for x in log) - m["start"], 1) if log else None,
             "tail_s": round(m["end"] - max(x["t"] for x in log), 1) if log else None,
             "cpu_floor_s": round(m["cpu"] / CORES, 1), "load": round(os.getloadavg()[0], 1),
             "status": dict(collections.Counter(str(x["status"]) for x in log))}
        r["wall_per_bound"] = round(r["wall_s"] / r["bound_s"], 2) if r["bound_s"] else None
        # the larger of the politeness bound and the CPU the run spent spread over every core
        floor = max(r["bound_s"], r["cpu_floor_s"])
        r["wall_per_floor"] = round(r["wall_s"] / floor, 2) if floor else None
        if before is not None:
            r["requests_share"] = round(r["requests"] / before["requests"], 2)
            r["wall_share"] = round(r["wall_s"] / before["wall_s"], 2)
        rows.append(r)
        print(json.dumps(r, ensure_ascii=False), file=sys.stderr, flush=True)
        return r

    try:
        first = row("nianbao first crawl", crawl, lambda: reports_found(db, tmp))
        if args.first_only:
            return rows
        backdate(db, 60)
        row("nianbao re-crawl, 60 days later", crawl, lambda: reports_found(db, tmp), first)
        add_reports(world, sorted(sites)[:10])
        row("nianbao next night, 10 new reports", crawl, lambda: reports_found(db, tmp), first)
        naive = [sys.executable, "-m", "scrapy", "runspider", os.path.join(ROOT, "bench", "naive_spider.py"),
                 "-a", "portals=" + portals, "-s", "ROBOTSTXT_OBEY=True", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
                 "-s", "TELNETCONSOLE_ENABLED=False", *polite]
        row("naive CrawlSpider (no pipelines)", naive)
    finally:
        server.stop()
    return rows


COLUMNS = ["run", "wall_s", "bound_s", "wall_per_bound", "cpu_floor_s", "wall_per_floor", "requests", "reports",
           "truth", "req_per_report", "cpu_ms_per_report", "rss_main_mb", "rss_tree_mb", "pss_tree_mb", "lead_s",
           "tail_s", "requests_share", "wall_share"]


def table(rows: list[dict], cols: list[str] = COLUMNS) -> str:
    """``rows`` as an aligned text table of ``cols`` ("-" where a row has no value)."""
    cells = [cols] + [["-" if r.get(c) is None else str(r[c]) for c in cols] for r in rows]
    w = [max(len(x[i]) for x in cells) for i in range(len(cols))]
    out = [" | ".join(v.ljust(w[i]) for i, v in enumerate(x)) for x in cells]
    out.insert(1, "-+-".join("-" * n for n in w))
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--portals", type=int, default=120)
    ap.add_argument("--latency-ms", type=float, default=20)
    ap.add_argument("--delay", type=float, default=0.25, help="DOWNLOAD_DELAY, the per-host pace of both crawlers")
    ap.add_argument("--crawl-delay", type=float, default=0, help="robots.txt Crawl-delay of every portal (0: none)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--units", type=int, default=1, help=UNITS_HELP)
    ap.add_argument("--first-only", action="store_true", help="the first crawl's row alone (an A/B of settings)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--log-dir", help="write each run's server request log here (N.jsonl, N = the row)")
    ap.add_argument("-s", "--setting", action="append", default=[], metavar="NAME=VALUE",
                    help="a setting for both crawlers (to compare a change side by side)")
    args = ap.parse_args(argv)
    rows = run(args)
    print("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) if args.json else table(rows))
    print("(%s, %d portals of %d units, latency %g ms, DOWNLOAD_DELAY %g s, Crawl-delay %g s)" % (
        dt.date.today(), args.portals, args.units, args.latency_ms, args.delay, args.crawl_delay))
    return 0


if __name__ == "__main__":
    sys.exit(main())
