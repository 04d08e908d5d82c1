"""Time and peak memory of what the store does with a big page's text: normalize_text,
the MinHash signature, clean_json of its tables.

    python bench/bench_normalize.py [--reps N] [--cases big,dense,varied]

Cases: ``big`` and ``dense`` are the 5 MB pages of bench_pipeline.py, cleaned
(their text repeats itself: few distinct shingles); ``varied`` is 1.7 M characters
drawn at random (seeded) from 3,000 Han characters, digits and punctuation: every
shingle distinct, the costliest text for MinHash.  Each case runs in a fresh
interpreter so its peak RSS (VmHWM) is its own; times are CPU medians of N.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))

import bench_pipeline as bp  # noqa: E402  (its big pages and its peak-memory reading)


def case_input(case: str) -> tuple[str, list]:
    if case == "varied":
        rnd = random.Random(7)
        alphabet = [chr(c) for c in range(0x4e00, 0x4e00 + 3000)] + list("，。、；：0123456789 \n\t（）《》ABCabc")
        return "".join(rnd.choice(alphabet) for _ in range(1_700_000)), []
    import logging
    logging.disable(logging.WARNING)
    from pipelines.clean import clean_html
    res = clean_html(bp.big_html(plain=case == "dense"), "http://www.example.gov.cn/art/2022/1/20/art_9_3.html")
    return res.text, res.tables


def run_case(case: str, reps: int) -> dict:
    from pipelines.dedup import minhash_signature, normalize_text
    from pipelines.store.values import clean_json
    text, tables = case_input(case)
    base = bp.peak_mb()
    times = {"normalize": [], "minhash": [], "clean_json": []}
    norm = ""
    for _ in range(reps):
        t0 = time.process_time()
        norm = normalize_text(text)
        t1 = time.process_time()
        minhash_signature(norm)
        t2 = time.process_time()
        clean_json(tables)
        t3 = time.process_time()
        for k, a, b in (("normalize", t0, t1), ("minhash", t1, t2), ("clean_json", t2, t3)):
            times[k].append(b - a)
    return {"case": case, "chars": len(text), "norm": len(norm), "tables": len(tables), "reps": reps,
            **{k: statistics.median(v) for k, v in times.items()}, "base_mb": base, "peak_mb": bp.peak_mb()}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--cases", default="big,dense,varied")
    p.add_argument("--one", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.one:
        print(json.dumps(run_case(args.one, args.reps)))
        return 0
    print("case   | chars     | tables | normalize s | minhash s | clean_json s | peak MB (input built)")
    for case in args.cases.split(","):
        proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--one", case, "--reps", str(args.reps)],
                              cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=ROOT))
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            return 1
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print("%-6s | %-9d | %-6d | %-11.2f | %-9.2f | %-12.2f | %.0f (%.0f)" % (
            r["case"], r["chars"], r["tables"], r["normalize"], r["minhash"], r["clean_json"], r["peak_mb"],
            r["base_mb"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
