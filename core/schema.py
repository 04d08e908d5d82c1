"""The one schema module: SQLAlchemy 2 typed models for everything nianbao stores.

Portable across SQLite and PostgreSQL:
- JSON columns use the generic ``JSON`` type (``json`` on PostgreSQL, TEXT on SQLite);
- raw bodies are ``LargeBinary`` (``bytea`` / BLOB);
- times are timezone-aware UTC (:class:`UTCDateTime`): PostgreSQL keeps them as
  ``timestamptz``; SQLite has no time zones, so they are stored as naive UTC and
  read back with ``tzinfo=UTC``. Either way Python code only ever sees aware UTC.

Alembic migration ``0001_initial`` creates exactly these tables; a test compares the
migrated database with this metadata, so the two cannot drift apart unnoticed.

Tables (docs/ARCHITECTURE.md): portals, crawl_runs, blobs, fetches, url_state,
documents (+ document_urls, document_metrics, document_flags: what one document
said), reports (+ report_urls, report_versions, metrics, flags: what the report says,
per version).
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

UTC = dt.timezone.utc

# Named constraints keep Alembic migrations reproducible on both backends.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on every backend (naive values are taken as UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            # SQLite compares the stored strings: keep one fixed form (naive UTC).
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        dt.datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
        bytes: LargeBinary(),
    }


# --------------------------------------------------------------------------- crawl


class Portal(Base):
    __tablename__ = "portals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    start_url: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[Optional[str]] = mapped_column(Text)
    host: Mapped[Optional[str]] = mapped_column(String(255), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PortalHost(Base):
    """A host a portal's crawl went to besides its own homepage's (crawler.scope): how it
    was admitted, the directories admitted on it, and the page and link that admitted it,
    as the latest run that went there recorded it."""

    __tablename__ = "portal_hosts"
    __table_args__ = (UniqueConstraint("portal_id", "host", name="uq_portal_hosts_portal_host"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    portal_id: Mapped[int] = mapped_column(ForeignKey("portals.id"), index=True)
    host: Mapped[str] = mapped_column(String(255))
    how: Mapped[Optional[str]] = mapped_column(String(32))   # same_domain | disclosure_link | report_link | redirect
    prefixes: Mapped[Optional[list[Any]]]                     # directories admitted (None: the whole host)
    via_url: Mapped[Optional[str]] = mapped_column(Text)      # the page that linked it
    link_url: Mapped[Optional[str]] = mapped_column(Text)     # the link that admitted it
    link_text: Mapped[Optional[str]] = mapped_column(Text)
    first_run_id: Mapped[Optional[int]] = mapped_column(ForeignKey("crawl_runs.id"))
    last_run_id: Mapped[Optional[int]] = mapped_column(ForeignKey("crawl_runs.id"))


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[Optional[dt.datetime]]
    status: Mapped[str] = mapped_column(String(16), default="running")  # running | finished | failed | aborted
    portals: Mapped[int] = mapped_column(Integer, default=0)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    new_reports: Mapped[int] = mapped_column(Integer, default=0)
    changed_reports: Mapped[int] = mapped_column(Integer, default=0)
    gone_reports: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)  # items the store could not write
    summary: Mapped[Optional[dict[str, Any]]]


class CrawlLock(Base):
    """A portal being crawled right now, and by whom (crawler/locks.py): two crawls
    nobody coordinated never crawl one portal at once. Released when the crawl ends;
    a holder that died (its pid gone on this host, or no heartbeat for the lock TTL)
    is taken over."""

    __tablename__ = "crawl_locks"

    portal: Mapped[str] = mapped_column(Text, primary_key=True)   # start URL
    run_id: Mapped[Optional[int]] = mapped_column(Integer)
    token: Mapped[str] = mapped_column(String(64))                 # the holder's own id
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    pid_start: Mapped[Optional[str]] = mapped_column(String(32))
    acquired_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Blob(Base):
    """Content-addressed raw body: one copy however many URLs serve it."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    compression: Mapped[str] = mapped_column(String(8), default="zlib")
    data: Mapped[Optional[bytes]]            # zlib-compressed body (None when kept on disk)
    path: Mapped[Optional[str]] = mapped_column(Text)  # relative to NIANBAO_BLOB_DIR
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Fetch(Base):
    """Every HTTP exchange (or failure), for provenance and accounting."""

    __tablename__ = "fetches"
    __table_args__ = (Index("ix_fetches_url_fetched_at", "url", "fetched_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[Optional[int]] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    portal_id: Mapped[Optional[int]] = mapped_column(ForeignKey("portals.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[Optional[str]] = mapped_column(Text)
    status: Mapped[Optional[int]] = mapped_column(Integer)
    headers: Mapped[Optional[dict[str, Any]]]
    etag: Mapped[Optional[str]] = mapped_column(Text)
    last_modified: Mapped[Optional[str]] = mapped_column(Text)
    content_type: Mapped[Optional[str]] = mapped_column(Text)
    fetched_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    body_sha256: Mapped[Optional[str]] = mapped_column(ForeignKey("blobs.sha256"), index=True)
    size: Mapped[Optional[int]] = mapped_column(BigInteger)
    error: Mapped[Optional[str]] = mapped_column(Text)
    kind: Mapped[Optional[str]] = mapped_column(String(32))
    warc_file: Mapped[Optional[str]] = mapped_column(Text)
    warc_offset: Mapped[Optional[int]] = mapped_column(BigInteger)
    # a WAF cookie challenge met on the way: {rounds, statuses, cookies, waf, solved, reason}; SQL NULL when none
    challenge: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON(none_as_null=True))


class UrlState(Base):
    """One row per canonical URL: drives conditional requests and retries."""

    __tablename__ = "url_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    last_status: Mapped[Optional[int]] = mapped_column(Integer)
    etag: Mapped[Optional[str]] = mapped_column(Text)
    last_modified: Mapped[Optional[str]] = mapped_column(Text)
    kind: Mapped[Optional[str]] = mapped_column(String(32))
    document_id: Mapped[Optional[int]] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    body_sha256: Mapped[Optional[str]] = mapped_column(String(64))
    last_fetched: Mapped[Optional[dt.datetime]]
    last_ok: Mapped[Optional[dt.datetime]]       # last 2xx/304 answer
    failures: Mapped[int] = mapped_column(Integer, default=0)  # consecutive failed fetches
    last_error: Mapped[Optional[str]] = mapped_column(Text)


# ----------------------------------------------------------------------- documents


class Document(Base):
    """One row per document URL (the page with its continuation parts, or a file)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    final_url: Mapped[Optional[str]] = mapped_column(Text)
    portal_id: Mapped[Optional[int]] = mapped_column(ForeignKey("portals.id"), index=True)
    fmt: Mapped[Optional[str]] = mapped_column(String(16))
    status: Mapped[Optional[int]] = mapped_column(Integer)
    body_sha256: Mapped[Optional[str]] = mapped_column(String(64), index=True)
    encoding: Mapped[Optional[str]] = mapped_column(String(32))
    text: Mapped[Optional[str]] = mapped_column(Text)
    text_length: Mapped[int] = mapped_column(Integer, default=0)
    text_sha256: Mapped[Optional[str]] = mapped_column(String(64), index=True)
    norm_sha256: Mapped[Optional[str]] = mapped_column(String(64), index=True)
    norm_length: Mapped[int] = mapped_column(Integer, default=0)
    minhash: Mapped[Optional[bytes]]          # 128 little-endian uint64 (datasketch hashvalues)
    tables: Mapped[Optional[list[Any]]]
    page_meta: Mapped[Optional[dict[str, Any]]]
    is_report: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    kind: Mapped[Optional[str]] = mapped_column(String(32))
    reason: Mapped[Optional[str]] = mapped_column(Text)
    title: Mapped[Optional[str]] = mapped_column(Text)
    body: Mapped[Optional[str]] = mapped_column(Text)
    region: Mapped[Optional[str]] = mapped_column(Text)
    level: Mapped[Optional[str]] = mapped_column(String(16))
    year: Mapped[Optional[int]] = mapped_column(Integer)
    publish_date: Mapped[Optional[str]] = mapped_column(String(10))
    script: Mapped[Optional[str]] = mapped_column(String(16))
    parse_error: Mapped[Optional[str]] = mapped_column(Text)
    link_text: Mapped[Optional[str]] = mapped_column(Text)
    link_date: Mapped[Optional[str]] = mapped_column(String(10))
    parent_url: Mapped[Optional[str]] = mapped_column(Text)
    parent_title: Mapped[Optional[str]] = mapped_column(Text)
    parent_date: Mapped[Optional[str]] = mapped_column(String(10))
    candidate_reason: Mapped[Optional[str]] = mapped_column(Text)
    report_id: Mapped[Optional[int]] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"), index=True)
    run_id: Mapped[Optional[int]] = mapped_column(ForeignKey("crawl_runs.id"))
    first_seen: Mapped[Optional[dt.datetime]]
    last_seen: Mapped[Optional[dt.datetime]]
    changed_at: Mapped[Optional[dt.datetime]]  # fetch time when norm_sha256 last changed
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    urls: Mapped[list["DocumentUrl"]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True)


class DocumentUrl(Base):
    """Every address of a document: role ``url`` (requested), ``final`` (after
    redirects), ``redirect`` (passed through), ``part`` (continuation page) and
    ``parent`` (a page that announced this attachment; not an address of the
    document itself, kept here so attachment grouping is one query)."""

    __tablename__ = "document_urls"
    __table_args__ = (UniqueConstraint("document_id", "url", "role", name="uq_document_urls_doc_url_role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text, index=True)
    role: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer, default=0)

    document: Mapped[Document] = relationship(back_populates="urls")


class DocumentMetric(Base):
    """A figure as extracted from one document (report metrics are merged from these)."""

    __tablename__ = "document_metrics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(Text)
    value: Mapped[Optional[float]] = mapped_column(Float)
    unit: Mapped[Optional[str]] = mapped_column(String(32))
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence: Mapped[Optional[str]] = mapped_column(Text)
    method: Mapped[Optional[str]] = mapped_column(String(32))
    source_url: Mapped[Optional[str]] = mapped_column(Text)
    extra: Mapped[Optional[dict[str, Any]]]   # fields beyond the contract, kept verbatim


class DocumentFlag(Base):
    __tablename__ = "document_flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(Text)
    message: Mapped[Optional[str]] = mapped_column(Text)
    numbers: Mapped[Optional[list[Any]]]


# ------------------------------------------------------------------------- reports


class Report(Base):
    """One distinct annual report (one body, one year), however many copies."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_body_year", "body", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_key: Mapped[str] = mapped_column(String(40), unique=True)
    # No foreign key: documents already reference reports, and a cycle would need
    # ALTER TABLE ADD CONSTRAINT, which SQLite lacks. finalize() keeps it consistent.
    primary_document_id: Mapped[Optional[int]] = mapped_column(Integer)
    portal_id: Mapped[Optional[int]] = mapped_column(ForeignKey("portals.id"))
    title: Mapped[Optional[str]] = mapped_column(Text)
    body: Mapped[Optional[str]] = mapped_column(Text)
    region: Mapped[Optional[str]] = mapped_column(Text)
    level: Mapped[Optional[str]] = mapped_column(String(16))
    year: Mapped[Optional[int]] = mapped_column(Integer)
    publish_date: Mapped[Optional[str]] = mapped_column(String(10))
    fmt: Mapped[Optional[str]] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="live", index=True)  # live | gone | withdrawn
    version: Mapped[int] = mapped_column(Integer, default=1)
    first_seen: Mapped[Optional[dt.datetime]]
    last_seen: Mapped[Optional[dt.datetime]]
    last_changed: Mapped[Optional[dt.datetime]]
    merged_into_id: Mapped[Optional[int]] = mapped_column(Integer)  # set when withdrawn by a merge
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ReportUrl(Base):
    """Every address of a report (all members' addresses and announcing pages);
    materialised by finalize so the export's ``urls`` is one indexed query."""

    __tablename__ = "report_urls"
    __table_args__ = (UniqueConstraint("report_id", "url", name="uq_report_urls_report_url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text, index=True)


class ReportVersion(Base):
    """Text history: one row per observed text of a report."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("report_id", "version", name="uq_report_versions_report_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    document_id: Mapped[Optional[int]] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    url: Mapped[Optional[str]] = mapped_column(Text)
    fmt: Mapped[Optional[str]] = mapped_column(String(16))
    text: Mapped[Optional[str]] = mapped_column(Text)
    text_sha256: Mapped[Optional[str]] = mapped_column(String(64))
    norm_sha256: Mapped[Optional[str]] = mapped_column(String(64))
    members: Mapped[Optional[dict[str, Any]]]  # {document id: norm_sha256} of the copies at that version
    seen_at: Mapped[Optional[dt.datetime]]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Metric(Base):
    __tablename__ = "metrics"
    __table_args__ = (Index("ix_metrics_report_version", "report_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(Text)
    value: Mapped[Optional[float]] = mapped_column(Float)
    unit: Mapped[Optional[str]] = mapped_column(String(32))
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence: Mapped[Optional[str]] = mapped_column(Text)
    method: Mapped[Optional[str]] = mapped_column(String(32))
    source_url: Mapped[Optional[str]] = mapped_column(Text)
    document_id: Mapped[Optional[int]] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))


class Flag(Base):
    __tablename__ = "flags"
    __table_args__ = (Index("ix_flags_report_version", "report_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(Text)
    message: Mapped[Optional[str]] = mapped_column(Text)
    numbers: Mapped[Optional[list[Any]]]


ALL_TABLES = [t.name for t in Base.metadata.sorted_tables]
