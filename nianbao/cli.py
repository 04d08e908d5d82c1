"""nianbao collects Chinese government information-disclosure annual reports (政府信息公开工作年度报告): it crawls portal homepages for them, extracts every figure with its evidence, stores everything with provenance (SQLite or PostgreSQL, WARC files) and exports a clean panel.

Wiring only: the work lives in crawler/ and pipelines/ over the ground floor in
core/; the user commands in nianbao/crawl.py, outcome.py, export.py, reprocess.py,
demo/ and research/ (coverage, compare, trace, serve).
"""
from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
import traceback
from importlib import metadata

from core.errors import UserError
from crawler import settings as defaults

# Each command imports its own module when it runs: `nianbao --help` or `nianbao runs`
# need neither Scrapy nor Alembic, and loading all of them costs ~0.6 s and ~75 MB.

DEFAULT_DB = defaults.NIANBAO_DB_URL
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
EPILOG = ("exit codes: 0 done; 1 some portals not reached or items not stored; 2 usage error "
          "(bad option, database URL or portals file); 3 no portal could be reached; "
          "4 another crawl holds every portal. Add --debug for tracebacks.")


class UsageError(UserError):
    """A user mistake that is neither a database nor a portals file; str() is the line to print."""


def log_level(value: str) -> str:
    """--log-level in any case: 'warning' -> 'WARNING'."""
    level = str(value).strip().upper()
    if level == "WARN":
        level = "WARNING"
    if level not in LOG_LEVELS:
        raise argparse.ArgumentTypeError("%r is not a log level (choose from %s)"
                                         % (value, ", ".join(l.lower() for l in LOG_LEVELS)))
    return level


def positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("%r is not a whole number" % value) from None
    if n <= 0:
        raise argparse.ArgumentTypeError("must be a positive number, got %s" % value)
    return n


def version() -> str:
    def v(dist):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "unknown"
    return "nianbao %s (scrapy %s, python %s)" % (v("nianbao"), v("scrapy"), sys.version.split()[0])


# ------------------------------------------------------------------ commands


def warn(line: str) -> None:
    """One line for the user on stderr (a bad input line, a skipped portal)."""
    print("nianbao: " + line, file=sys.stderr)


def cmd_crawl(args) -> int:
    from core.dburl import check_url, open_for_writing  # (per command: see the top)
    from crawler.portals import read_portals_to_crawl  # (per command: see the top)
    from nianbao.crawl import parse_settings, run_crawl  # (per command: see the top)

    extra = parse_settings(args.setting)
    check_url(args.db)                           # a mistyped URL or directory: before anything is created
    read = read_portals_to_crawl(args.portals, warn)
    open_for_writing(args.db).dispose()          # an unreachable server or missing database: one line, before Scrapy
    if not args.quiet:
        print("nianbao: " + read.summary(), file=sys.stderr)
    crawl_options(args, extra)
    portals = [{"url": p["url"], "name": p["name"]} for p in read.portals]
    stats = run_crawl(portals, args.db, extra)
    return report_crawl(args, stats, {p["url"]: p["name"] for p in portals})


def crawl_options(args, extra: dict) -> dict:
    """The options `crawl` and `worker` share, as settings overrides (into `extra`)."""
    from nianbao.crawl import default_warc_dir  # (per command: see the top)

    if args.max_requests:
        extra["NIANBAO_MAX_REQUESTS_PER_PORTAL"] = args.max_requests
    if args.revisit:
        extra["NIANBAO_REVISIT"] = args.revisit
    extra["NIANBAO_WARC_DIR"] = args.warc_dir or default_warc_dir(args.db)
    if args.log_level or "LOG_LEVEL" not in extra:
        extra["LOG_LEVEL"] = args.log_level or "WARNING"   # Scrapy's INFO lines would bury the progress
    else:
        extra["LOG_LEVEL"] = log_level(extra["LOG_LEVEL"])
    if args.quiet:
        extra["NIANBAO_PROGRESS"] = "off"
    elif args.progress:
        extra["NIANBAO_PROGRESS"] = args.progress
    return extra


def cmd_enqueue(args) -> int:
    from nianbao.crawl import parse_settings, project_settings  # (per command: see the top)
    from nianbao.worker import enqueue  # (per command: see the top)

    settings = project_settings(parse_settings(args.setting))
    counts = enqueue(args.portals, args.redis, args.run, settings.get("NIANBAO_REDIS_PREFIX"),
                     settings.getint("NIANBAO_REDIS_RUN_TTL"),
                     warn=warn)
    print(json.dumps(counts, ensure_ascii=False))
    return 0


def cmd_worker(args) -> int:
    from core.dburl import check_url, open_for_writing  # (per command: see the top)
    from nianbao.crawl import parse_settings  # (per command: see the top)
    from nianbao.worker import run_worker  # (per command: see the top)

    extra = parse_settings(args.setting)
    check_url(args.db)
    open_for_writing(args.db).dispose()          # an unreachable server or missing database: one line, before Scrapy
    crawl_options(args, extra)
    extra.setdefault("NIANBAO_PROGRESS", "off")  # portals come and go: the final table tells what this worker did
    if args.run:
        extra["NIANBAO_RUN"] = args.run
    if args.until_empty:
        extra["NIANBAO_WORKER_UNTIL_EMPTY"] = True
    stats, names = run_worker(args.redis, args.db, extra)
    if not stats.get("nianbao/worker_portals_taken") and not stats.get("nianbao/portals_locked_elsewhere"):
        if not args.quiet:
            print("nianbao: worker took no portal: run %s has none left" % stats.get("nianbao/worker_run"),
                  file=sys.stderr)
        return 0 if stats.get("finish_reason") == "finished" else 1
    return report_crawl(args, stats, names)


def report_crawl(args, stats: dict, names: dict) -> int:
    """Print the run this process made (never another crawl's) and return the exit code."""
    from core.db import run_summary  # (per command: see the top)
    from nianbao.outcome import exit_code, format_table, portal_rows, problems, totals_line  # (per command)

    run_id = stats.get("nianbao/run_id")
    run = run_summary(args.db, run_id) if run_id is not None else None
    code = exit_code(run, stats)
    if run is None:
        print("nianbao: the crawl stopped before it opened a run (finish reason %s)"
              % stats.get("finish_reason"), file=sys.stderr)
        return code
    if args.json:
        print(json.dumps(dict(run, exit_code=code), ensure_ascii=False, indent=1, default=str))
    elif not args.quiet:
        print(format_table(portal_rows(run, names, int(stats.get("nianbao/max_requests") or 0))))
        print(totals_line(run))
    for line in problems(run, stats):
        print("nianbao: " + line, file=sys.stderr)
    return code


def cmd_export(args) -> int:
    from nianbao.export import export  # (per command: see the top)

    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    try:
        counts = export(args.db, args.out, formats=formats, csv_bom=args.csv_bom)
    except ValueError as e:  # an unknown format
        raise UsageError("--format: %s" % e) from None
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
    from core.dburl import open_existing  # (per command: see the top)

    engine = open_existing(args.db)
    try:
        rows = runs_table(engine)
    finally:
        engine.dispose()
    if not rows:
        print("no crawl runs in %s" % args.db)
        return 0
    print(format_runs(rows))
    return 0


def cmd_db(args) -> int:
    from core.db import upgrade  # (per command: see the top)
    from core.dburl import open_for_writing  # (per command: see the top)

    engine = open_for_writing(args.db)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    print("database at head: %s" % args.db)
    return 0


def cmd_reprocess(args) -> int:
    from nianbao.crawl import parse_settings  # (per command: see the top)
    from nianbao.reprocess import reprocess  # (per command: see the top)

    counts = reprocess(args.db, workers=args.workers, settings=parse_settings(args.setting))
    print(json.dumps(counts, ensure_ascii=False))
    return 1 if counts["failed"] else 0


def cmd_demo(args) -> int:
    from core.dburl import check_url  # (per command: see the top)
    from nianbao.demo.run import run_demo  # (per command: see the top)

    if args.db:
        check_url(args.db)
    return run_demo(db=args.db, out=args.out, log_level=args.log_level or "WARNING")


# ------------------------------------------------------------------ the parser


class Parser(argparse.ArgumentParser):
    """argparse, with a usage error said in one line (and exit code 2)."""

    def error(self, message):
        self.exit(2, "%s: error: %s (see %s --help)\n" % (self.prog, message, self.prog))


def _common() -> argparse.ArgumentParser:
    """Options every command takes."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--log-level", type=log_level, metavar="LEVEL",
                        help="debug, info, warning, error or critical, in any case (default: warning)")
    common.add_argument("--debug", action="store_true", help="show the Python traceback of an error")
    return common


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


def _add_research_commands(sub, common, db_help: str) -> None:
    """coverage, compare, trace, serve (issue 11): read the database, never write it."""
    p = sub.add_parser("coverage", parents=[common], help="body x year matrix (found, missing, gone, unreadable, look-alike) as HTML/PNG")
    p.add_argument("--db", default=DEFAULT_DB, help=db_help)
    p.add_argument("--out", required=True, help="the HTML page to write")
    p.add_argument("--png", help="also a screenshot of it (headless chromium)")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("compare", parents=[common], help="one body's harmonised measures by year, changes and consistency flags")
    p.add_argument("--db", default=DEFAULT_DB, help=db_help)
    p.add_argument("--body", required=True, help="a body_id (bodies.csv) or a name the body published under")
    p.add_argument("--html", help="also write the comparison as an HTML page")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("trace", parents=[common], help="prove one figure: evidence, document, fetch, WARC record (exit 0 when both hold)")
    p.add_argument("--db", default=DEFAULT_DB, help=db_help)
    p.add_argument("--report", required=True, help="report_id")
    p.add_argument("--key", required=True, help="metric key (key@column for applicant columns)")
    p.add_argument("--warc-dir", help="where the WARC files are (default: beside a SQLite database, else ./warc)")
    p.add_argument("--blob-dir", help="where blob files are, if the crawl kept bodies on disk")
    p.set_defaults(func=cmd_trace)

    p = sub.add_parser("serve", parents=[common], help="browse the database in Datasette (descriptions, current figures, text search)")
    p.add_argument("--db", default=DEFAULT_DB, help="a SQLite URL (sqlite:///nianbao.db)")
    p.add_argument("--port", type=int, default=8001, help="port Datasette listens on (default %(default)s)")
    p.add_argument("--host", default="127.0.0.1", help="address Datasette listens on (default %(default)s: this machine only)")
    p.set_defaults(func=cmd_serve)


def _crawl_options(p, db_help: str) -> None:
    """The options of `crawl` and `worker` (crawl_options turns them into settings)."""
    p.add_argument("--db", default=DEFAULT_DB, help=db_help)
    p.add_argument("--max-requests", type=positive_int, metavar="N",
                   help="requests allowed per portal (default %d)" % defaults.NIANBAO_MAX_REQUESTS_PER_PORTAL)
    p.add_argument("--revisit", choices=["adaptive", "all"],
                   help="stored reports: asked again by their change history (adaptive, the default) "
                        "or all of them this run")
    p.add_argument("--warc-dir", metavar="DIR", help="write WARC files here (default: beside a SQLite database, "
                                                     "else ./warc)")
    p.add_argument("-s", "--setting", action="append", metavar="NAME=VALUE",
                   help="any Scrapy or NIANBAO_* setting (crawler/settings.py); repeatable")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--quiet", "-q", action="store_true",
                     help="no progress and no table: print only problems (for cron)")
    out.add_argument("--json", action="store_true", help="print the run's summary as JSON instead of the table")
    p.add_argument("--progress", choices=("auto", "live", "plain", "off"),
                   help="progress on stderr: live table on a terminal, timestamped lines otherwise (auto)")


def _add_worker_commands(sub, common, db_help: str) -> None:
    """enqueue, worker: one night's portals in Redis, crawled by any number of workers (scrapy-redis)."""
    redis_help = "Redis URL the workers share (default %(default)s)"
    p = sub.add_parser("enqueue", parents=[common], help="put a portals file on the Redis queue workers crawl from",
                       description="Push each portal of a portals file onto a run's queue in Redis (a portal "
                                   "already enqueued in that run is not added again). Prints counts as JSON.")
    p.add_argument("portals", metavar="PORTALS", help="CSV with a header url,name or one URL per line")
    p.add_argument("--redis", default=defaults.REDIS_URL, help=redis_help)
    p.add_argument("--run", help="the run (one night's queue) to fill (default: today's UTC date)")
    p.add_argument("-s", "--setting", action="append", metavar="NAME=VALUE",
                   help="a setting the workers share, e.g. NIANBAO_REDIS_PREFIX=nianbao:; repeatable")
    p.set_defaults(func=cmd_enqueue)

    p = sub.add_parser("worker", parents=[common], help="crawl portals from the Redis queue (run several)",
                       description="Take portals from a run's Redis queue and crawl them into the database, "
                                   "beside any number of other workers; a killed worker's portals are "
                                   "crawled by the others. Waits for more portals (MAX_IDLE_TIME_BEFORE_CLOSE "
                                   "seconds) unless --until-empty.", epilog=EPILOG)
    p.add_argument("--redis", default=defaults.REDIS_URL, help=redis_help)
    p.add_argument("--run", help="the run to join (default: the one enqueued last)")
    p.add_argument("--until-empty", action="store_true",
                   help="exit once no portal is queued or held by any worker (for cron)")
    _crawl_options(p, db_help)
    p.set_defaults(func=cmd_worker)


def build_parser() -> argparse.ArgumentParser:
    ap = Parser(prog="nianbao", description=__doc__.split("\n\n")[0], epilog=EPILOG)
    ap.add_argument("--version", action="version", version=version(), help="print the version and exit")
    common = _common()
    db_help = "database URL: sqlite:///FILE or postgresql://user@host/dbname (default %(default)s)"
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)

    p = sub.add_parser("crawl", parents=[common], help="crawl portals for annual reports into a database",
                       description="Crawl portal homepages for annual reports into a database, showing "
                                   "progress per portal on stderr and a final table on stdout.", epilog=EPILOG)
    p.add_argument("--portals", required=True, metavar="FILE",
                   help="CSV with a header url,name (name optional) or one URL per line; UTF-8 or GBK")
    _crawl_options(p, db_help)
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("export", parents=[common], help="write reports.jsonl and metrics.jsonl (and CSV)",
                       description="Export the reports and figures of a database (read-only: the database "
                                   "must exist).")
    p.add_argument("--db", default=DEFAULT_DB, help=db_help)
    p.add_argument("--out", required=True, metavar="DIR", help="directory to write the files to (created)")
    p.add_argument("--format", default="jsonl,csv", help="comma-separated: jsonl, csv, parquet (default %(default)s)")
    p.add_argument("--csv-bom", action="store_true", help="CSV files start with a UTF-8 BOM (for Chinese Excel)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("runs", parents=[common],
                       help="list crawl runs (times UTC; a running crawl's counts so far)",
                       description="List crawl runs. failures = fetches that failed + items not stored; "
                                   "dead_links = links answered 404/410, counted apart. Read-only.")
    p.add_argument("--db", default=DEFAULT_DB, help=db_help)
    p.set_defaults(func=cmd_runs)

    p = sub.add_parser("db", parents=[common], help="create or upgrade the database schema",
                       description="Create the database schema or bring it to the newest version.")
    p.add_argument("action", choices=["upgrade"], help="upgrade: create or migrate the schema to head")
    p.add_argument("--db", default=DEFAULT_DB, help=db_help)
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("reprocess", parents=[common],
                       help="read every stored document again with this version (no network)",
                       description="Re-read every stored body through the pipelines (read, clean, classify, "
                                   "metadata, metrics) and group reports again, without asking any portal.")
    p.add_argument("--db", default=DEFAULT_DB, help=db_help)
    p.add_argument("--workers", type=positive_int, default=os.cpu_count() or 1, metavar="N",
                   help="processes that read documents in parallel (default: one per CPU, %(default)s)")
    p.add_argument("-s", "--setting", action="append", metavar="NAME=VALUE",
                   help="any Scrapy or NIANBAO_* setting (crawler/settings.py); repeatable")
    p.set_defaults(func=cmd_reprocess)

    p = sub.add_parser("demo", parents=[common],
                       help="serve a bundled portal on loopback, crawl it, print what was found",
                       description="Serve a small bundled portal world on loopback, crawl it, export it "
                                   "and print the reports and figures found (no network needed).")
    p.add_argument("--db", help="database URL (default: a fresh ./nianbao-demo.db)")
    p.add_argument("--out", default="nianbao-demo-export", metavar="DIR",
                   help="export directory (default %(default)s)")
    p.set_defaults(func=cmd_demo)
    _add_worker_commands(sub, common, db_help)
    _add_research_commands(sub, common, db_help)
    return ap


def main(argv=None) -> int:
    try:
        return _main(argv)
    finally:
        if argv is None:  # the process's own command line: it exits next
            # its objects need no more collecting, and Python's shutdown would walk the
            # whole heap first (0.85 s after a 20-portal crawl, 0.05 s frozen)
            gc.freeze()


def _main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    if args.command not in ("crawl", "demo", "worker"):  # these hand the level to Scrapy's logging
        logging.basicConfig(level=args.log_level or "WARNING", format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except UserError as e:  # core.dburl.DatabaseError, crawler.portals.PortalsFileError, UsageError
        if args.debug:
            traceback.print_exc()
        print("nianbao %s: error: %s" % (args.command, e), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nianbao %s: interrupted" % args.command, file=sys.stderr)
        return 130
    except Exception as e:  # not the user's mistake: one line, the traceback with --debug
        if args.debug:
            raise
        first = str(e).strip().splitlines()[0] if str(e).strip() else ""
        print("nianbao %s: error: %s%s (run with --debug for the traceback)"
              % (args.command, type(e).__name__, ": " + first[:300] if first else ""), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
