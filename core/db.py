"""Engine and session helpers; ``upgrade(url)`` runs the Alembic migrations.

Alembic is configured programmatically (no alembic.ini at run time): the script
location is the ``core/migrations`` package directory, and the connection is
handed to env.py through ``Config.attributes`` so URLs with ``%`` or passwords
never pass through configparser.
"""
from __future__ import annotations

import contextlib
import os
from typing import Any, Iterator

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect, select
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
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if path and path != ":memory:" and not path.startswith("file:"):
            parent = os.path.dirname(os.path.abspath(path))
            os.makedirs(parent, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        kwargs.setdefault("pool_pre_ping", True)
        engine = create_engine(url, **kwargs)
    return engine


def alembic_config(connection=None, url: str | None = None):
    cfg = Config()
    cfg.set_main_option("script_location", MIGRATIONS_DIR)
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(url_or_engine: "str | Engine", revision: str = "head") -> None:
    """Bring the database to ``revision`` (default head). Idempotent: a database
    already at head is left alone."""
    engine = make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    try:
        if revision == "head" and current_revision(engine) == head_revision():
            return
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
                      "gone", "failures")


def _failures(run) -> int:
    """Items the store could not write plus fetches that failed (HTTP >= 400 after
    retries, or no answer: DNS, timeout, truncated body), as the spider counted them."""
    n = int(run.errors or 0)
    portals = (run.summary or {}).get("portals") if isinstance(run.summary, dict) else None
    for st in (portals or {}).values():
        errors = st.get("errors") if isinstance(st, dict) else None
        if isinstance(errors, dict):
            n += sum(v for v in errors.values() if isinstance(v, int))
    return n


def runs_table(url: str) -> list[dict]:
    """Crawl runs, oldest first, as dicts keyed by RUNS_TABLE_COLUMNS (times as
    aware UTC datetimes, None while unknown) for `nianbao runs`."""

    engine = make_engine(url)
    try:
        if not inspect(engine).has_table("crawl_runs"):
            return []
        with session_scope(engine) as s:
            return [{"id": r.id, "started": r.started_at, "finished": r.finished_at, "status": r.status,
                     "portals": r.portals, "requests": r.requests, "bytes": r.bytes, "new": r.new_reports,
                     "changed": r.changed_reports, "gone": r.gone_reports, "failures": _failures(r)}
                    for r in s.scalars(select(CrawlRun).order_by(CrawlRun.id))]
    finally:
        engine.dispose()


def latest_run_summary(url: str) -> dict | None:
    """The last crawl run's counters and per-portal summary, or None."""

    engine = make_engine(url)
    try:
        if not inspect(engine).has_table("crawl_runs"):
            return None
        with session_scope(engine) as s:
            run = s.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).first()
            if run is None:
                return None
            out = dict(zip(RUN_COLUMNS, _run_row(run)))
            out["summary"] = run.summary
            return out
    finally:
        engine.dispose()
