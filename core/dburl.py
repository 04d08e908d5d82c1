"""Database URLs as a user types them: checked before anything connects, and opened
read-only for the commands that only read.

``check_url`` turns every mistake a person makes with ``--db`` into one
``DatabaseError`` line that names the input and the fix: a path without a scheme
(``nianbao.db`` -> ``sqlite:///nianbao.db``), an unknown scheme, a SQLite file in a
directory that does not exist (never created for the user: a typo would otherwise
become an empty database somewhere), a PostgreSQL server that does not answer or a
database that is not there.

``open_existing(url)`` is the one way a read-only command (export, runs, and any
later command that only reads) opens a database: it never creates a file or a
schema, and says so when the database or nianbao's tables are missing.
"""
from __future__ import annotations

import os
from urllib.parse import quote

from sqlalchemy import inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from core.db import make_engine, normalize_url
from core.errors import UserError

KNOWN_BACKENDS = ("sqlite", "postgresql", "postgres")


class DatabaseError(UserError):
    """A database the user named that cannot be used; str() is the one line to print."""


def sqlite_path(url: str) -> str | None:
    """The file of a sqlite:/// URL (None for memory databases and other backends)."""
    if not url.startswith("sqlite"):
        return None
    path = url.split(":///", 1)[1] if ":///" in url else ""
    path = path.split("?", 1)[0]
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return path


def check_url(url: str) -> str:
    """The URL normalised (driver filled in), or DatabaseError naming what is wrong."""
    raw = (url or "").strip()
    if not raw:
        raise DatabaseError("--db is empty: give a database URL such as sqlite:///nianbao.db")
    if "://" not in raw:
        raise DatabaseError("--db %r is not a database URL: for a SQLite file write sqlite:///%s "
                            "(or postgresql://user@host/dbname)" % (raw, raw if raw.startswith("/") else raw))
    try:
        parsed = make_url(normalize_url(raw))
    except ArgumentError:
        raise DatabaseError("--db %r is not a database URL: write sqlite:///FILE or postgresql://user@host/dbname"
                            % raw) from None
    if parsed.get_backend_name() not in KNOWN_BACKENDS:
        raise DatabaseError("--db %r: unknown database %r; nianbao works with sqlite:///FILE or "
                            "postgresql://user@host/dbname" % (raw, parsed.get_backend_name()))
    path = sqlite_path(raw)
    if path is not None:
        parent = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(parent):
            raise DatabaseError("--db %s: directory %s does not exist (create it first, or fix the path)"
                                % (raw, parent))
        if os.path.isdir(path):
            raise DatabaseError("--db %s: %s is a directory, not a database file" % (raw, path))
    return normalize_url(raw)


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's own first line (e.g. 'database "x" does not exist'), without SQLAlchemy's wrapping."""
    orig = getattr(exc, "orig", None) or exc
    lines = [l.strip() for l in str(orig).splitlines() if l.strip()]
    for line in lines:  # psycopg prefixes the useful part with 'connection to server ... failed:'
        if "FATAL:" in line:
            return line.split("FATAL:", 1)[1].strip()
    return lines[0] if lines else type(exc).__name__


def probe(url: str, engine: Engine) -> None:
    """Connect once, so an unreachable server or a missing database is one line, not a traceback."""
    try:
        with engine.connect():
            pass
    except (OperationalError, SQLAlchemyError) as e:
        raise DatabaseError("--db %s: cannot connect: %s" % (safe_url(url), _reason(e))) from None


def safe_url(url: str) -> str:
    """The URL with any password hidden (for messages)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def open_for_writing(url: str) -> Engine:
    """An engine for a command that may create the database (crawl, db upgrade): the URL
    checked, the server reached; a SQLite file may be new, its directory may not."""
    engine = make_engine(check_url(url))
    probe(url, engine)
    return engine


def readonly_sqlite_url(path: str) -> str:
    """A read-only SQLite URI for ``path``. A database a crawl is writing has its -wal
    file: read it through the WAL (mode=ro). One nobody has open has none, and a
    read-only reader would leave -wal/-shm files behind: read it as immutable."""
    uri = "file:%s?mode=ro" % quote(os.path.abspath(path))
    if not os.path.exists(path + "-wal"):
        uri += "&immutable=1"
    return "sqlite:///%s&uri=true" % uri


def open_existing(url: str, table: str = "crawl_runs") -> Engine:
    """An engine on a database that must already exist with nianbao's tables, for the
    commands that only read. Creates nothing: no file, no schema, no directory."""
    normalized = check_url(url)
    path = sqlite_path(normalized)
    if path is not None:
        if not os.path.exists(path):
            raise DatabaseError("--db %s: no such database file %s (crawl first: nianbao crawl --portals FILE "
                                "--db %s)" % (url, os.path.abspath(path), url))
        if not os.access(path, os.R_OK):
            raise DatabaseError("--db %s: %s is not readable" % (url, os.path.abspath(path)))
    engine = make_engine(readonly_sqlite_url(path) if path is not None else normalized)
    probe(url, engine)
    try:
        has = inspect(engine).has_table(table)
    except SQLAlchemyError as e:
        engine.dispose()
        raise DatabaseError("--db %s: cannot read it: %s" % (safe_url(url), _reason(e))) from None
    if not has:
        engine.dispose()
        raise DatabaseError("--db %s holds no nianbao data (no %s table): crawl into it first, or run "
                            "nianbao db upgrade --db %s" % (safe_url(url), table, safe_url(url)))
    return engine
