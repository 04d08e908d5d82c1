"""Shared database fixtures.

- ``sqlite_url``: a fresh SQLite file in the test's tmp_path;
- ``pg_url`` (and ``pg_url_b``, a second one): a fresh PostgreSQL database ``nianbao_t_<random>`` on 127.0.0.1:5432
  (created through the ``test`` database, dropped afterwards);
- ``db_url``: parametrised over both (the PostgreSQL case carries the ``postgres`` mark);
- ``redis_client``: a client for 127.0.0.1:6379 (flushed database 15).

When a server cannot be reached the test is skipped — or fails when CI=true, so a
CI run never passes by skipping.
"""
from __future__ import annotations

import contextlib
import os
import uuid

import pytest
from research_helpers import demo_crawl  # noqa: F401  (the session's one demo crawl, for the research tests)

PG_ADMIN_URL = os.environ.get("NIANBAO_TEST_PG", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def _unavailable(what: str, error: Exception):
    message = "%s is not reachable: %s" % (what, error)
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return "sqlite:///%s" % (tmp_path / "nianbao-test.db")


@pytest.fixture
def pg_url():
    with pg_database() as url:
        yield url


@pytest.fixture
def pg_url_b():
    """A second fresh PostgreSQL database (a test comparing two crawls)."""
    with pg_database() as url:
        yield url


@contextlib.contextmanager
def pg_database():
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = make_url(PG_ADMIN_URL)
    name = "nianbao_t_%s" % uuid.uuid4().hex[:12]
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(text('CREATE DATABASE "%s"' % name))
    except Exception as e:  # server down, no permission ...
        _unavailable("PostgreSQL at %s" % admin_url.render_as_string(hide_password=True), e)
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            # close what a test left open (a pool, a crashed pipeline), then drop
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": name})
            conn.execute(text('DROP DATABASE IF EXISTS "%s"' % name))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request) -> str:
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def redis_client():
    try:
        import redis

        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=15, socket_connect_timeout=3)
        client.ping()
    except Exception as e:
        _unavailable("Redis at %s:%d" % (REDIS_HOST, REDIS_PORT), e)
    client.flushdb()
    try:
        yield client
    finally:
        client.flushdb()
        client.close()
