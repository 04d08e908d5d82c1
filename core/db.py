"""Engine and session helpers; ``upgrade(url)`` runs the Alembic migrations.

Alembic is configured programmatically (no alembic.ini at run time): the script
location is the ``core/migrations`` package directory, and the connection is
handed to env.py through ``Config.attributes`` so URLs with ``%`` or passwords
never pass through configparser.
"""
from __future__ import annotations

import contextlib
import os
import re
from typing import Any, Iterator

from sqlalchemy import create_engine, event, func, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.schema import CrawlRun

MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations")

def _sqlite_pragmas(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    # WAL lets `nianbao export` read while a crawl writes; foreign keys are off by
    # default in SQLite; busy_timeout waits for a concurrent writer instead of failing.
    try:
        cur.execute("PRAGMA journal_mode=WAL")
    except Exception:  # e.g. read-only media: fall back to the default journal
        pass
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def normalize_url(url: str) -> str:
    """``postgresql://`` means psycopg (3) to SQLAlchemy 2.1; nianbao depends on
    psycopg2, so a URL without a driver gets the driver that is installed."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            try:
                import psycopg  # noqa: F401
                driver = "psycopg"
            except ImportError:
                driver = "psycopg2"
            return "postgresql+%s://%s" % (driver, url[len(prefix):])
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """A new Engine for ``url``. SQLite gets WAL, foreign keys and a busy timeout;
    PostgreSQL gets pre-ping so a restarted server does not fail the next item."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        # a missing directory is never created: a mistyped path must fail, not become
        # an empty database somewhere (core.dburl.check_url says so in one line)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        kwargs.setdefault("pool_pre_ping", True)
        engine = create_engine(url, **kwargs)
    return engine


def alembic_config(connection=None, url: str | None = None):
    # alembic is imported only when a database is migrated: with mako and pygments it
    # is 12 MB of every crawl process's memory, and a database at head needs none of it
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", MIGRATIONS_DIR)
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory  # (only when migrating: see alembic_config)

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext  # (only when migrating: see alembic_config)

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


_REVISION_LINE = re.compile(r"""^(down_revision|revision)\s*=\s*(?:['"]([^'"]+)['"]|None)\s*$""", re.M)


def _file_head() -> str | None:
    """The head revision as the migration files name it (``revision = '...'`` and
    ``down_revision = '...'`` lines, as alembic reads them), None when the files are not
    one plain chain (a merge, a branch): then only alembic can tell."""
    revisions, downs = set(), set()
    versions = os.path.join(MIGRATIONS_DIR, "versions")
    for name in os.listdir(versions):
        if name.endswith(".py"):
            with open(os.path.join(versions, name), encoding="utf-8") as f:
                found = dict((k, v) for k, v in _REVISION_LINE.findall(f.read()))
            if "revision" not in found:
                return None
            revisions.add(found["revision"])
            if found.get("down_revision"):
                downs.add(found["down_revision"])
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 and len(downs) == len(revisions) - 1 else None


def _at_head(engine: Engine) -> bool:
    """Whether the database is at head, read without alembic (one SELECT)."""
    head = _file_head()
    if head is None or not inspect(engine).has_table("alembic_version"):
        return False
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))] == [head]


def upgrade(url_or_engine: "str | Engine", revision: str = "head") -> None:
    """Bring the database to ``revision`` (default head). Idempotent: a database
    already at head is left alone (and alembic not even imported)."""
    engine = make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    try:
        if revision == "head" and (_at_head(engine) or current_revision(engine) == head_revision()):
            return
        from alembic import command  # (only when migrating: see alembic_config)

        with engine.begin() as conn:
            command.upgrade(alembic_config(connection=conn), revision)
    finally:
        if isinstance(url_or_engine, str):
            engine.dispose()


@contextlib.contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit when the block ends, roll back if it raises."""
    session = sessionmaker(bind=engine, expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# --------------------------------------------------------------- CLI helpers


def _run_row(run) -> tuple:
    return (run.id, run.started_at.isoformat() if run.started_at else None,
            run.finished_at.isoformat() if run.finished_at else None, run.status, run.portals,
            run.requests, run.bytes, run.documents, run.new_reports, run.changed_reports,
            run.gone_reports, run.errors)


RUN_COLUMNS = ("id", "started_at", "finished_at", "status", "portals", "requests", "bytes",
               "documents", "new_reports", "changed_reports", "gone_reports", "errors")


RUNS_TABLE_COLUMNS = ("id", "started", "finished", "status", "portals", "requests", "bytes", "new", "changed",
                      "gone", "failures", "dead_links")

GONE_ERRORS = ("http_404", "http_410")  # dead links: counted apart from failures


def _portal_errors(run) -> tuple[int, int]:
    """(fetch failures, dead links) of a run's per-portal summary."""
    portals = (run.summary or {}).get("portals") if isinstance(run.summary, dict) else None
    failures = dead = 0
    for st in (portals or {}).values():
        errors = st.get("errors") if isinstance(st, dict) else None
        if isinstance(errors, dict):
            for k, v in errors.items():
                if isinstance(v, int):
                    if k in GONE_ERRORS:
                        dead += v
                    else:
                        failures += v
    return failures, dead


def _failures(run) -> tuple[int, int]:
    """(failures, dead links): items the store could not write plus fetches that failed
    (HTTP >= 400 after retries, or no answer: DNS, timeout, truncated body), as the spider
    counted them; 404/410 of links to removed pages apart. A run closed by this version
    has them added up in ``errors`` already (its summary says ``fetch_failures``)."""
    fetch, dead = _portal_errors(run)
    summary = run.summary if isinstance(run.summary, dict) else {}
    if "fetch_failures" in summary:
        return int(run.errors or 0), dead
    return int(run.errors or 0) + fetch, dead


def _live_counts(session, run) -> dict:
    """A running crawl's counts so far, from what it has stored (fetches are committed one
    by one, so `nianbao runs` sees them within seconds)."""
    from core.schema import Document, Fetch  # (beside CrawlRun; only running rows need them)

    requests, nbytes, failed, dead = session.execute(
        select(func.count(Fetch.id), func.coalesce(func.sum(Fetch.size), 0),
               func.count(Fetch.id).filter(Fetch.error.is_not(None), Fetch.status.not_in((404, 410))
                                           | Fetch.status.is_(None)),
               func.count(Fetch.id).filter(Fetch.status.in_((404, 410))))
        .where(Fetch.run_id == run.id)).one()
    documents = session.scalar(select(func.count(Document.id)).where(Document.run_id == run.id))
    return {"requests": int(requests or 0), "bytes": int(nbytes or 0), "documents": int(documents or 0),
            "failures": int(failed or 0), "dead_links": int(dead or 0)}


def _engine(url_or_engine):
    return (make_engine(url_or_engine), True) if isinstance(url_or_engine, str) else (url_or_engine, False)


def runs_table(url_or_engine: "str | Engine") -> list[dict]:
    """Crawl runs, oldest first, as dicts keyed by RUNS_TABLE_COLUMNS (times as aware UTC
    datetimes, None while unknown) for `nianbao runs`. A running crawl's counts are read
    from what it stored so far. (Read-only commands pass an engine from
    core.dburl.open_existing, which creates nothing.)"""
    engine, own = _engine(url_or_engine)
    try:
        if not inspect(engine).has_table("crawl_runs"):
            return []
        with session_scope(engine) as s:
            rows = []
            for r in s.scalars(select(CrawlRun).order_by(CrawlRun.id)):
                failures, dead = _failures(r)
                row = {"id": r.id, "started": r.started_at, "finished": r.finished_at, "status": r.status,
                       "portals": r.portals, "requests": r.requests, "bytes": r.bytes, "new": r.new_reports,
                       "changed": r.changed_reports, "gone": r.gone_reports, "failures": failures,
                       "dead_links": dead}
                if r.status == "running":
                    live = _live_counts(s, r)
                    row.update(requests=live["requests"], bytes=live["bytes"], failures=live["failures"],
                               dead_links=live["dead_links"])
                rows.append(row)
            return rows
    finally:
        if own:
            engine.dispose()


def run_summary(url_or_engine: "str | Engine", run_id: int | None = None) -> dict | None:
    """A crawl run's counters and per-portal summary (the last run when run_id is None), or None."""
    engine, own = _engine(url_or_engine)
    try:
        if not inspect(engine).has_table("crawl_runs"):
            return None
        with session_scope(engine) as s:
            if run_id is None:
                run = s.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).first()
            else:
                run = s.get(CrawlRun, run_id)
            if run is None:
                return None
            out = dict(zip(RUN_COLUMNS, _run_row(run)))
            out["summary"] = run.summary
            return out
    finally:
        if own:
            engine.dispose()


def latest_run_summary(url: "str | Engine") -> dict | None:
    """The last crawl run's counters and per-portal summary, or None."""
    return run_summary(url)
