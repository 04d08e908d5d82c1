"""Opening an existing database for reading: the one place the research commands
(coverage, compare, trace, serve) get their engine from, so it can be swapped for the
CLI's shared read-only opener in one edit.

A SQLite file is opened with ``mode=ro`` (never created, never written: no WAL
switch, no migrations); a missing file is an error with one clear line. Other
backends are opened as they are; the commands only ever SELECT.
"""
from __future__ import annotations

import os
import urllib.parse

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from core.db import normalize_url
from core.dburl import sqlite_path

__all__ = ["NoDatabase", "open_readonly", "sqlite_path"]


class NoDatabase(Exception):
    """The URL names no existing database."""


def open_readonly(url: str) -> Engine:
    """An engine that reads the database at ``url`` and cannot change it."""
    url = normalize_url(url)
    path = sqlite_path(url)
    if url.startswith("sqlite"):
        if not path or not os.path.isfile(path):
            raise NoDatabase("no database at %s" % url)
        uri = "file:%s?mode=ro" % urllib.parse.quote(os.path.abspath(path))
        engine = create_engine("sqlite:///" + uri + "&uri=true")

        def _pragmas(dbapi_conn, _record):   # wait for a concurrent writer instead of failing
            dbapi_conn.execute("PRAGMA busy_timeout=30000")

        event.listen(engine, "connect", _pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)
