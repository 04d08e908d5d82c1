"""`nianbao` command line: wiring only. The work lives in crawler/ and pipelines/
over the ground floor in core/; the user commands in nianbao/crawl.py, export.py, demo/,
research/ (coverage, compare, trace, serve)."""
from __future__ import annotations

import argparse
import json
import os
import sys

from crawler import settings as defaults

# Each command imports its own module when it runs: `nianbao --help` or `nianbao runs`
# need neither Scrapy nor Alembic, and loading all of them costs ~0.6 s and ~75 MB.

DEFAULT_DB = defaults.NIANBAO_DB_URL


def cmd_crawl(args) -> int:
    from nianbao.crawl import default_warc_dir, parse_settings, run_crawl  # (per command: see the top)

    if not os.path.exists(args.portals):
        print("nianbao: no such portals file: %s" % args.portals, file=sys.stderr)
        return 2
    extra = parse_settings(args.setting)
    if args.max_requests:
        extra["NIANBAO_MAX_REQUESTS_PER_PORTAL"] = args.max_requests
    if args.revisit:
        extra["NIANBAO_REVISIT"] = args.revisit
    extra["NIANBAO_WARC_DIR"] = args.warc_dir or default_warc_dir(args.db)
    if args.log_level:
        extra["LOG_LEVEL"] = args.log_level
    stats = run_crawl(args.portals, args.db, extra)
    _print_run_summary(args.db)
    failed = int(stats.get("nianbao/store_failed", 0))
    if failed or stats.get("finish_reason") not in (None, "finished"):
        print("nianbao: %d item(s) were not stored; finish reason %s" % (failed, stats.get("finish_reason")),
              file=sys.stderr)
        return 1
    return 0


def _print_run_summary(db: str) -> None:
    """Per-portal accounting of the run just finished, as stored in crawl_runs."""
    from core.db import latest_run_summary  # (per command: see the top)

    summary = latest_run_summary(db)
    if summary:
        print(json.dumps(summary, ensure_ascii=False, indent=1, default=str))


def cmd_export(args) -> int:
    from nianbao.export import export  # (per command: see the top)

    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    counts = export(args.db, args.out, formats=formats, csv_bom=args.csv_bom)
    print(json.dumps(counts, ensure_ascii=False))
    return 0


def format_runs(rows: list[dict]) -> str:
    """Crawl runs as an aligned text table: numbers right-aligned, times in UTC to
    the second, a run still going (or killed and not yet seen by a later crawl) shows
    no finish time."""
    from core.db import RUNS_TABLE_COLUMNS  # (per command: see the top)

    def cell(key, value):
        if value is None:
            return "-"
        if key in ("started", "finished"):
            return value.strftime("%Y-%m-%d %H:%M:%S")
        return str(value)

    table = [list(RUNS_TABLE_COLUMNS)] + [[cell(k, r.get(k)) for k in RUNS_TABLE_COLUMNS] for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(RUNS_TABLE_COLUMNS))]
    left = {"started", "finished", "status"}
    lines = []
    for row in table:
        parts = [v.ljust(w) if k in left else v.rjust(w) for k, v, w in zip(RUNS_TABLE_COLUMNS, row, widths)]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def cmd_runs(args) -> int:
    from core.db import runs_table  # (per command: see the top)

    rows = runs_table(args.db)
    if not rows:
        print("no crawl runs in %s" % args.db)
        return 0
    print(format_runs(rows))
    return 0


def cmd_db(args) -> int:
    from core.db import upgrade  # (per command: see the top)

    upgrade(args.db)
    print("database at head: %s" % args.db)
    return 0


def cmd_reprocess(args) -> int:
    from nianbao.crawl import parse_settings  # (per command: see the top)
    from nianbao.reprocess import reprocess  # (per command: see the top)

    counts = reprocess(args.db, workers=args.workers, settings=parse_settings(args.setting))
    print(json.dumps(counts, ensure_ascii=False))
    return 1 if counts["failed"] else 0


def cmd_demo(args) -> int:
    from nianbao.demo.run import run_demo  # (per command: see the top)

    return run_demo(db=args.db, out=args.out)


def _research_error(exc: Exception) -> int:
    print("nianbao: %s" % exc, file=sys.stderr)
    return 2


def cmd_coverage(args) -> int:
    from nianbao.research.chromium import NoBrowser  # (per command: see the top)
    from nianbao.research.coverage_html import write_coverage  # (per command: see the top)
    from nianbao.research.opening import NoDatabase  # (per command: see the top)

    try:
        counts = write_coverage(args.db, args.out, args.png)
    except (NoDatabase, NoBrowser) as e:
        return _research_error(e)
    print(json.dumps(counts, ensure_ascii=False))
    return 0


def cmd_compare(args) -> int:
    from nianbao.research.compare import NoSuchBody, comparison, print_table, render_html  # (per command)
    from nianbao.research.opening import NoDatabase  # (per command: see the top)

    try:
        c = comparison(args.db, args.body)
    except (NoDatabase, NoSuchBody) as e:
        return _research_error(e)
    print_table(c)
    if args.html:
        with open(args.html, "w", encoding="utf-8") as f:
            f.write(render_html(c))
    return 0


def cmd_trace(args) -> int:
    from nianbao.crawl import default_warc_dir  # (per command: see the top)
    from nianbao.research.opening import NoDatabase  # (per command: see the top)
    from nianbao.research.trace import NotTraced, trace  # (per command: see the top)

    try:
        out = trace(args.db, args.report, args.key, args.warc_dir or default_warc_dir(args.db), args.blob_dir)
    except (NoDatabase, NotTraced) as e:
        return _research_error(e)
    print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
    if not out["ok"]:
        print("nianbao: not proven: %s" % (out["problem"] or "evidence not in the document's text"), file=sys.stderr)
        return 1
    return 0


def cmd_serve(args) -> int:
    from nianbao.research.opening import NoDatabase  # (per command: see the top)
    from nianbao.research.serve import serve  # (per command: see the top)

    try:
        return serve(args.db, args.port, args.host)
    except NoDatabase as e:
        return _research_error(e)


def _add_research_commands(sub) -> None:
    """coverage, compare, trace, serve (issue 11): read the database, never write it."""
    p = sub.add_parser("coverage", help="body x year matrix (found, missing, gone, unreadable, look-alike) as HTML/PNG")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--out", required=True, help="the HTML page to write")
    p.add_argument("--png", help="also a screenshot of it (headless chromium)")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("compare", help="one body's harmonised measures by year, changes and consistency flags")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--body", required=True, help="a body_id (bodies.csv) or a name the body published under")
    p.add_argument("--html", help="also write the comparison as an HTML page")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("trace", help="prove one figure: evidence, document, fetch, WARC record (exit 0 when both hold)")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--report", required=True, help="report_id")
    p.add_argument("--key", required=True, help="metric key (key@column for applicant columns)")
    p.add_argument("--warc-dir", help="where the WARC files are (default: beside a SQLite database, else ./warc)")
    p.add_argument("--blob-dir", help="where blob files are, if the crawl kept bodies on disk")
    p.set_defaults(func=cmd_trace)

    p = sub.add_parser("serve", help="browse the database in Datasette (descriptions, current figures, text search)")
    p.add_argument("--db", default=DEFAULT_DB, help="a SQLite URL (sqlite:///nianbao.db)")
    p.add_argument("--port", type=int, default=8001)
    p.add_argument("--host", default="127.0.0.1")
    p.set_defaults(func=cmd_serve)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="nianbao", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("crawl", help="crawl portals for annual reports into a database")
    p.add_argument("--portals", required=True, help="CSV with header url,name (name optional) or one URL per line")
    p.add_argument("--db", default=DEFAULT_DB, help="SQLAlchemy URL (default %(default)s)")
    p.add_argument("--max-requests", type=int, help="requests allowed per portal")
    p.add_argument("--revisit", choices=["adaptive", "all"],
                   help="stored reports: asked again by their change history (adaptive, the default) "
                        "or all of them this run")
    p.add_argument("--warc-dir", help="write WARC files here (default: beside a SQLite database, else ./warc)")
    p.add_argument("--log-level", help="DEBUG, INFO, WARNING ...")
    p.add_argument("-s", "--setting", action="append", metavar="NAME=VALUE", help="any Scrapy/nianbao setting")
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("export", help="write reports.jsonl and metrics.jsonl (and CSV)")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--out", required=True)
    p.add_argument("--format", default="jsonl,csv", help="comma-separated: jsonl, csv, parquet")
    p.add_argument("--csv-bom", action="store_true", help="CSV files start with a UTF-8 BOM (for Chinese Excel)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("runs", help="list crawl runs (times UTC; failures = failed fetches + items not stored)")
    p.add_argument("--db", default=DEFAULT_DB)
    p.set_defaults(func=cmd_runs)

    p = sub.add_parser("db", help="create or upgrade the database schema")
    p.add_argument("action", choices=["upgrade"])
    p.add_argument("--db", default=DEFAULT_DB)
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("reprocess", help="read every stored document again with this version (no network)")
    p.add_argument("--db", default=DEFAULT_DB, help="SQLAlchemy URL of an existing database (default %(default)s)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="processes that read documents in parallel (default: one per CPU, %(default)s)")
    p.add_argument("-s", "--setting", action="append", metavar="NAME=VALUE", help="any Scrapy/nianbao setting")
    p.set_defaults(func=cmd_reprocess)

    p = sub.add_parser("demo", help="serve a bundled portal on loopback, crawl it, print what was found")
    p.add_argument("--db", help="database (default: a fresh ./nianbao-demo.db)")
    p.add_argument("--out", default="nianbao-demo-export")
    p.set_defaults(func=cmd_demo)
    _add_research_commands(sub)
    return ap


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
