"""Schema via Alembic migrations on SQLite and PostgreSQL."""
import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from core.db import current_revision, head_revision, latest_run_summary, make_engine, session_scope, upgrade
from core.schema import ALL_TABLES, Base, Blob, CrawlRun, Document, Portal
from store_helpers import list_runs


def test_upgrade_creates_every_table_and_matches_the_models(db_url):
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) == head_revision() is not None  # (the head moves with each migration)
        tables = set(inspect(engine).get_table_names())
        assert set(ALL_TABLES) <= tables
        assert {"portals", "crawl_runs", "blobs", "fetches", "url_state", "documents", "reports",
                "report_versions", "metrics", "flags", "report_urls"} <= tables
        with engine.connect() as conn:  # the migration and the models describe the same schema
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        assert diff == []
        indexed = {tuple(ix["column_names"]) for ix in inspect(engine).get_indexes("documents")}
        assert ("norm_sha256",) in indexed and ("text_sha256",) in indexed and ("report_id",) in indexed
    finally:
        engine.dispose()


def test_upgrade_twice_is_a_no_op(db_url):
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as s:
            s.add(Portal(start_url="http://a.example/", name="甲"))
        upgrade(db_url)  # data kept, nothing re-created
        upgrade(engine)
        with session_scope(engine) as s:
            assert s.scalars(select(Portal.name)).all() == ["甲"]
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_a_database_at_head_is_known_without_alembic(db_url):
    """upgrade() leaves alembic unimported for a database at head (a crawl process
    would carry it all crawl): the migration files' own head must be alembic's."""
    import subprocess
    import sys

    from core.db import _at_head, _file_head

    assert _file_head() == head_revision()
    engine = make_engine(db_url)
    try:
        assert not _at_head(engine)
        upgrade(engine)
        assert _at_head(engine)
    finally:
        engine.dispose()
    code = ("import sys; from core.db import upgrade; upgrade(sys.argv[1]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))")
    out = subprocess.run([sys.executable, "-c", code, db_url], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url):
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar().lower() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        with pytest.raises(IntegrityError):  # a fetch pointing at a blob that does not exist
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO fetches (url, fetched_at, body_sha256) "
                                  "VALUES ('http://x/', '2024-01-01 00:00:00', 'nope')"))
    finally:
        engine.dispose()


def test_times_come_back_as_aware_utc(db_url):
    upgrade(db_url)
    engine = make_engine(db_url)
    beijing = dt.timezone(dt.timedelta(hours=8))
    started = dt.datetime(2024, 3, 1, 16, 30, 5, tzinfo=beijing)
    try:
        with session_scope(engine) as s:
            s.add(CrawlRun(started_at=started, finished_at=dt.datetime(2024, 3, 1, 9, 0, 0)))  # naive = UTC
        with session_scope(engine) as s:
            run = s.scalars(select(CrawlRun)).one()
            assert run.started_at.tzinfo is not None and run.started_at.utcoffset() == dt.timedelta(0)
            assert run.started_at == started
            assert run.started_at.hour == 8
            assert run.finished_at == dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.timezone.utc)
            # comparisons in SQL agree with Python's
            later = s.scalars(select(CrawlRun).where(CrawlRun.started_at > dt.datetime(2024, 3, 1, 7, 59,
                                                                                      tzinfo=dt.timezone.utc))).all()
            assert len(later) == 1
    finally:
        engine.dispose()


def test_json_and_binary_round_trip(db_url):
    upgrade(db_url)
    engine = make_engine(db_url)
    body = bytes(range(256)) * 3
    try:
        with session_scope(engine) as s:
            s.add(Blob(sha256="a" * 64, size=len(body), data=body))
            s.add(Document(url="http://x/1.html", tables=[[{"text": "申请数", "rowspan": 1, "colspan": 2}]],
                           page_meta={"索引号": "11-22", "发布日期": "2024-01-02"}))
        with session_scope(engine) as s:
            assert s.get(Blob, "a" * 64).data == body
            doc = s.scalars(select(Document)).one()
            assert doc.tables[0][0]["text"] == "申请数" and doc.page_meta["索引号"] == "11-22"
            assert doc.is_report is False and doc.text_length == 0
    finally:
        engine.dispose()


def test_session_scope_commits_or_rolls_back(db_url):
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with pytest.raises(RuntimeError):
            with session_scope(engine) as s:
                s.add(Portal(start_url="http://gone.example/"))
                s.flush()
                raise RuntimeError("boom")
        with pytest.raises(IntegrityError):
            with session_scope(engine) as s:
                s.add_all([Portal(start_url="http://dup.example/"), Portal(start_url="http://dup.example/")])
        with session_scope(engine) as s:
            assert s.scalars(select(Portal)).all() == []
    finally:
        engine.dispose()


def test_run_listing_helpers(sqlite_url):
    assert latest_run_summary(sqlite_url) is None
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    with session_scope(engine) as s:
        s.add(CrawlRun(status="finished", requests=7, summary={"portals": {"p": {"requests": 7}}}))
    engine.dispose()
    rows = list_runs(sqlite_url)
    assert rows[0][0] == "id" and rows[1][3] == "finished" and rows[1][5] == 7
    summary = latest_run_summary(sqlite_url)
    assert summary["requests"] == 7 and summary["summary"]["portals"]["p"]["requests"] == 7
