"""How long ~3,300 city and county portals with their departments take, from the costs
bench/bench_crawl.py measured and the politeness schedule: the first full build and a
nightly incremental crawl, on 1 and 4 machines like the bench machine.

    python bench/bench_crawl.py --portals 120 --json > rows.jsonl
    python bench/simulate.py --rows rows.jsonl [--portals 3300] [--seed 1]

Model (every number an assumption is a flag; the defaults are printed with the result):

* a portal is one host (county sites serve their departments' disclosure columns from
  the portal's own host: the usual 信息公开 platform) with `--units` publishing units
  (the government, its departments, townships) of `--years` reports each on average;
  a report costs `req_per_report` requests (measured: page, attachment, share of lists);
  each unit has a report list (`--list-pages` pages) and the portal `--nav` column pages.
* per-host pace: max(Crawl-delay, latency / CONCURRENT_REQUESTS_PER_DOMAIN, DOWNLOAD_DELAY);
  Crawl-delay drawn from `--crawl-delays` (value:share), latency log-normal around
  `--latency-ms`. A machine has CONCURRENT_REQUESTS slots, each held one latency.
* CPU: first-crawl CPU per report and re-crawl CPU per request measured by the bench,
  spent at the rate the bench crawl reached (its CPU seconds / wall seconds, both cores
  together); a request's CPU is queued behind the CPU already owed (one queue per machine).
* nightly: robots.txt, homepage and the first page of every report list asked (its
  later pages, behind a known entry, every NIANBAO_REVISIT_MAX_DAYS: crawler.revisit),
  the stored documents due by the adaptive revisit schedule (steady state: each every
  NIANBAO_REVISIT_MAX_DAYS), column pages likewise, and the new reports of the night
  (`--new-per-night` per portal: a unit publishes once a year, most in January:
  the default is the January rate).
* 4 machines split the portals as `nianbao worker`s take them from the Redis queue
  (scrapy-redis): modelled as longest portals first, each to the machine free first.
"""
from __future__ import annotations

import argparse
import heapq
import json
import math
import random
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from crawler import settings as project_settings  # noqa: E402  (the slots a machine has, as crawls run them)

CONCURRENT = project_settings.CONCURRENT_REQUESTS
PER_DOMAIN = project_settings.CONCURRENT_REQUESTS_PER_DOMAIN


def load_rows(path: str) -> dict:
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                r = json.loads(line)
                rows[r["run"]] = r
    return rows


def costs(rows: dict) -> dict:
    first = next(r for k, r in rows.items() if k.startswith("nianbao first"))
    recrawl = next(r for k, r in rows.items() if k.startswith("nianbao re-crawl"))
    return {"cpu_per_report": first["cpu_s"] / first["reports"],          # CPU s per report, first crawl
            "req_per_report": first["requests"] / first["reports"],
            "cpu_per_304": recrawl["cpu_s"] / recrawl["requests"],          # CPU s per revalidated request
            "cpu_rate": first["cpu_s"] / first["wall_s"]}                   # CPU s per wall s the crawl reached


def draw_delay(rng: random.Random, spec: list[tuple[float, float]]) -> float:
    x, acc = rng.random(), 0.0
    for value, share in spec:
        acc += share
        if x <= acc:
            return value
    return spec[-1][0]


def portals(args, rng: random.Random) -> list[dict]:
    out = []
    for _ in range(args.portals):
        units = max(1, int(rng.gauss(args.units, args.units / 3)))
        reports = sum(max(0, int(rng.gauss(args.years, args.years / 3))) for _ in range(units))
        latency = args.latency_ms / 1000 * math.exp(rng.gauss(0, 0.5))
        pace = max(draw_delay(rng, args.crawl_delays), latency / PER_DOMAIN, args.download_delay)
        out.append({"units": units, "reports": reports, "latency": latency, "pace": pace})
    return out


def work(p: dict, c: dict, args, nightly: bool) -> tuple[int, float]:
    """(requests, CPU seconds) of one portal's crawl."""
    fixed = 2 + p["units"] * args.list_pages                 # robots, homepage, report lists
    if not nightly:
        n = fixed + args.nav + p["reports"] * (c["req_per_report"] - 0)
        return int(n), p["reports"] * c["cpu_per_report"]
    # a list's first page every night, its later pages (behind a known entry) every MAX_DAYS
    fixed = 2 + p["units"] * (1 + (args.list_pages - 1) / args.revisit_max_days)
    due = (p["reports"] * c["req_per_report"] + args.nav) / args.revisit_max_days
    new = args.new_per_night
    n = fixed + due + new * c["req_per_report"]
    return int(round(n)), (fixed + due) * c["cpu_per_304"] + new * c["cpu_per_report"]


def machine(hosts: list[dict], c: dict) -> dict:
    """One machine's crawl of ``hosts`` (each: requests, cpu, pace, latency): an event
    simulation of the slots and per-host pace, CPU queued at the measured rate."""
    ready = [(0.0, i) for i in range(len(hosts))]            # (time the host may send next, host)
    heapq.heapify(ready)
    left = [h["requests"] for h in hosts]
    slots = [0.0] * CONCURRENT                               # time each slot is free
    heapq.heapify(slots)
    cpu_done, last_answer, total = 0.0, 0.0, 0
    while ready:
        t, i = heapq.heappop(ready)
        slot = heapq.heappop(slots)
        start = max(t, slot)
        h = hosts[i]
        answer = start + h["latency"]
        heapq.heappush(slots, answer)
        cpu_done = max(cpu_done, answer) + (h["cpu"] / h["requests"]) / c["cpu_rate"]
        last_answer = max(last_answer, answer)
        total += 1
        left[i] -= 1
        if left[i] > 0:
            heapq.heappush(ready, (start + h["pace"], i))
    bound = max((h["requests"] * h["pace"] for h in hosts), default=0.0)
    return {"wall": c["startup_s"] + max(last_answer, cpu_done), "requests": total, "bound": bound,
            "cpu": sum(h["cpu"] for h in hosts), "net_done": last_answer, "cpu_done": cpu_done}


def run(args, c: dict, nightly: bool, machines: int) -> dict:
    rng = random.Random(args.seed)
    ps = portals(args, rng)
    hosts = []
    for p in ps:
        n, cpu = work(p, c, args, nightly)
        hosts.append({"requests": max(1, n), "cpu": cpu, "pace": p["pace"], "latency": p["latency"],
                      "reports": p["reports"]})
    # the queue: longest first, to the machine with the least work so far (CPU or politeness)
    shares = [[] for _ in range(machines)]
    load = [0.0] * machines
    for h in sorted(hosts, key=lambda h: -max(h["cpu"] / c["cpu_rate"], h["requests"] * h["pace"])):
        k = min(range(machines), key=lambda j: load[j])
        shares[k].append(h)
        load[k] += h["cpu"] / c["cpu_rate"]
    results = [machine(s, c) for s in shares]
    wall = max(r["wall"] for r in results)
    return {"run": "nightly" if nightly else "first full build", "machines": machines,
            "portals": len(ps), "reports": sum(p["reports"] for p in ps),
            "requests": sum(r["requests"] for r in results), "wall_h": round(wall / 3600, 2),
            "politeness_bound_h": round(max(r["bound"] for r in results) / 3600, 2),
            "cpu_h": round(sum(r["cpu"] for r in results) / 3600, 1),
            "bound_by": "cpu" if max(r["cpu_done"] for r in results) > max(r["net_done"] for r in results) else "politeness"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", help="bench_crawl.py --json output (the measured costs)")
    ap.add_argument("--portals", type=int, default=3300)
    ap.add_argument("--units", type=float, default=40, help="publishing units per portal (gov + departments + townships)")
    ap.add_argument("--years", type=float, default=10, help="reports per unit on the site (2009-2025)")
    ap.add_argument("--list-pages", type=float, default=1.5, help="report list pages per unit")
    ap.add_argument("--nav", type=float, default=30, help="column pages per portal")
    ap.add_argument("--latency-ms", type=float, default=300)
    ap.add_argument("--download-delay", type=float, default=0.5)
    ap.add_argument("--crawl-delays", default="0:0.8,2:0.12,5:0.05,10:0.03",
                    help="robots.txt Crawl-delay seconds:share of portals")
    ap.add_argument("--new-per-night", type=float, default=1.0, help="new reports per portal per night")
    ap.add_argument("--revisit-max-days", type=float, default=30)
    ap.add_argument("--cpu-rate", type=float, help="cores' worth of CPU a crawl gets (default: what the bench crawl got)")
    ap.add_argument("--startup", type=float, default=8.0, help="seconds a crawl spends starting (imports, children)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    args.crawl_delays = [tuple(float(x) for x in kv.split(":")) for kv in args.crawl_delays.split(",")]
    c = costs(load_rows(args.rows)) if args.rows else {
        "cpu_per_report": 0.25, "req_per_report": 1.6, "cpu_per_304": 0.03, "cpu_rate": 1.5}
    if args.cpu_rate:
        c["cpu_rate"] = args.cpu_rate
    c["startup_s"] = args.startup
    out = [run(args, c, nightly, m) for nightly in (False, True) for m in (1, 4)]
    print(json.dumps({"costs": {k: round(v, 4) for k, v in c.items()}}))
    for r in out:
        print(json.dumps(r, ensure_ascii=False) if args.json else
              "%-17s %d machine(s): %6.2f h  (politeness bound %5.2f h, CPU %6.1f h, %s-bound; %d portals, %d reports, %d requests)"
              % (r["run"], r["machines"], r["wall_h"], r["politeness_bound_h"], r["cpu_h"], r["bound_by"],
                 r["portals"], r["reports"], r["requests"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
