"""What a SiteServer's request log (nianbao/demo/server.py) says about a crawl's manners:
URLs asked twice, and per host the most requests in flight at once and the shortest
gap between two requests' arrivals. The worker tests and bench/bench_workers.py read
a crawl by several processes with it, as the sites would see it.
"""
from __future__ import annotations

from collections import Counter, defaultdict


def fetched_twice(log: list[dict]) -> dict:
    """{(host, method, path): times} of every request that reached a site more than once."""
    counts = Counter((r["host"], r["method"], r["path"]) for r in log)
    return {k: n for k, n in counts.items() if n > 1}


def per_host(log: list[dict]) -> dict:
    """{host: {"requests", "max_in_flight", "min_gap_s"}} from each request's arrival (t0)
    and answer (t) times."""
    by_host = defaultdict(list)
    for r in log:
        if r.get("t0") is not None:
            by_host[r["host"]].append((r["t0"], r["t"]))
    out = {}
    for host, spans in by_host.items():
        spans.sort()
        events = sorted([(a, 1) for a, _ in spans] + [(b, -1) for _, b in spans], key=lambda e: (e[0], e[1]))
        now = peak = 0
        for _, step in events:
            now += step
            peak = max(peak, now)
        gaps = [b[0] - a[0] for a, b in zip(spans, spans[1:])]
        out[host] = {"requests": len(spans), "max_in_flight": peak, "min_gap_s": min(gaps) if gaps else None}
    return out


def worst(log: list[dict]) -> dict:
    """The worst host's numbers: most in flight, shortest gap."""
    hosts = per_host(log).values()
    gaps = [h["min_gap_s"] for h in hosts if h["min_gap_s"] is not None]
    return {"max_in_flight": max((h["max_in_flight"] for h in hosts), default=0),
            "min_gap_s": min(gaps) if gaps else None}
