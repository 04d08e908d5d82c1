"""StorePipeline: every item in its own transaction (SQLAlchemy).

- ``FetchItem``   -> a ``fetches`` row (+ its body in ``blobs``), ``url_state`` upsert.
- ``DocumentItem`` -> fetch rows for the page and each continuation part, blobs,
  url_state, the ``documents`` row (upsert by URL: text and its hashes, normalised-text
  hash, MinHash signature, tables, page metadata, decision, metadata, parse error),
  its addresses (document_urls) and what it said (document_metrics, document_flags).
- ``close_spider`` groups documents into reports (pipelines.dedup.finalize) and
  closes the crawl_runs row with its counts and the per-portal summary.

A database error rolls back that one item only: it is logged, counted in
``self.failed`` (reasons in ``self.failures``), reported to the crawler stats as
``nianbao/store_failed``, and a bare fetch row carrying the reason is written in a
fresh transaction so the exchange is still on record. The crawl goes on.

Bodies are content-addressed (sha256): one blob however many URLs serve it, zlib
compressed in the database, or under ``NIANBAO_BLOB_DIR`` (``ab/cd/<sha256>.zz``)
when that setting is given.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from typing import Any, Optional
from urllib.parse import urlsplit

from sqlalchemy import delete, or_, select, update

from core.db import make_engine, session_scope, upgrade
from core.schema import (CrawlRun, Document, DocumentFlag, DocumentMetric, DocumentUrl, Fetch, Portal,
                            UrlState)
from core.blobs import put_blob, sha256_hex
from pipelines import dedup
from core.items import is_document

logger = logging.getLogger(__name__)

UTC = dt.timezone.utc
MAX_FAILURES_KEPT = 200  # reasons kept in the run summary


# ------------------------------------------------------------------- sanitising


def clean_str(value: Any) -> Optional[str]:
    """A string PostgreSQL and SQLite both accept: no NUL (PDF extraction produces
    them), no lone surrogates (from broken decoding)."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    elif not isinstance(value, str):
        value = str(value)
    if "\x00" in value:
        value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def clean_json(value: Any) -> Any:
    """JSON-safe copy: strings cleaned, bytes decoded, tuples/sets as lists."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (str, bytes)):
        return clean_str(value)
    if isinstance(value, dict):
        return {clean_str(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [clean_json(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return clean_str(value)


def parse_time(value: Any) -> Optional[dt.datetime]:
    """ISO 8601 (``Z`` allowed), epoch seconds or a datetime -> aware UTC; None if unreadable."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, dt.datetime):
            t = value
        elif isinstance(value, (int, float)):
            t = dt.datetime.fromtimestamp(float(value), UTC)
        else:
            s = str(value).strip()
            if s.endswith("Z"):
                s = s[:-1] + "+00:00"
            t = dt.datetime.fromisoformat(s)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def _headers(value: Any) -> dict:
    """{lower-case name: str} whatever the spider handed over (Scrapy Headers, lists, bytes)."""
    out = {}
    if not value:
        return out
    try:
        items = value.items()
    except AttributeError:
        return out
    for k, v in items:
        if isinstance(v, (list, tuple)):
            v = b", ".join(x if isinstance(x, bytes) else str(x).encode() for x in v) if v else ""
        out[clean_str(k).lower()] = clean_str(v)
    return out


def _int(value: Any) -> Optional[int]:
    try:
        return int(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


def _date(value: Any) -> Optional[str]:
    s = clean_str(value)
    return s[:10] if s else None


def _get(item: Any, key: str, default: Any = None) -> Any:
    try:
        value = item.get(key, default)
    except Exception:
        return default
    return default if value is None else value


# -------------------------------------------------------------------- storage


def upsert_portal(session, start_url: Optional[str], name: Optional[str] = None) -> Optional[int]:
    start_url = clean_str(start_url)
    if not start_url:
        return None
    portal = session.scalars(select(Portal).where(Portal.start_url == start_url)).first()
    if portal is None:
        portal = Portal(start_url=start_url, name=clean_str(name),
                        host=(urlsplit(start_url).hostname or None), created_at=dt.datetime.now(UTC))
        session.add(portal)
        session.flush()
    elif name and portal.name != name:
        portal.name = clean_str(name)
    return portal.id


def update_url_state(session, url: str, status: Optional[int], headers: dict, fetched_at: dt.datetime,
                     kind: Optional[str] = None, error: Optional[str] = None, body_sha256: Optional[str] = None,
                     document_id: Optional[int] = None) -> UrlState:
    """Record the newest answer for ``url``: validators, status, consecutive failures.
    An answer older than the one on record only fills what is missing."""
    state = session.scalars(select(UrlState).where(UrlState.url == url)).first()
    if state is None:
        state = UrlState(url=url, failures=0)
        session.add(state)
    if document_id is not None:
        state.document_id = document_id
    if kind and not state.kind:
        state.kind = kind
    if state.last_fetched is not None and fetched_at < state.last_fetched:
        return state  # out-of-order item: the newer answer stays authoritative
    if kind:
        state.kind = kind
    state.last_fetched = fetched_at
    state.last_status = status
    ok = status is not None and (200 <= status < 300 or status == 304)
    if ok:
        state.failures = 0
        state.last_error = None
        state.last_ok = fetched_at
        if status != 304:
            # validators of the newest full answer (None when it sent none)
            state.etag = headers.get("etag")
            state.last_modified = headers.get("last-modified")
            if body_sha256:
                state.body_sha256 = body_sha256
        else:
            state.etag = headers.get("etag") or state.etag
            state.last_modified = headers.get("last-modified") or state.last_modified
    elif status is not None and 300 <= status < 400:
        state.failures = 0
    else:
        state.failures = (state.failures or 0) + 1
        state.last_error = clean_str(error) or ("HTTP %s" % status if status is not None else "no response")
        if status in (404, 410):
            state.etag = state.last_modified = None  # nothing left to revalidate
    return state


def add_fetch(session, *, run_id, portal_id, url, final_url=None, status=None, headers=None, fetched_at=None,
              body=None, kind=None, error=None, warc=None, blob_dir=None) -> Fetch:
    headers = headers or {}
    sha = put_blob(session, body, blob_dir)
    warc = warc if isinstance(warc, dict) else {}
    fetch = Fetch(run_id=run_id, portal_id=portal_id, url=url, final_url=clean_str(final_url), status=status,
                  headers=headers or None, etag=headers.get("etag"), last_modified=headers.get("last-modified"),
                  content_type=headers.get("content-type"), fetched_at=fetched_at, body_sha256=sha,
                  size=len(body) if body is not None else None, error=clean_str(error), kind=clean_str(kind),
                  warc_file=clean_str(warc.get("file")), warc_offset=_int(warc.get("offset")))
    session.add(fetch)
    return fetch


def _body(value: Any) -> Optional[bytes]:
    if value is None:
        return None
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return bytes(value)


def store_fetch(session, item: Any, run_id: Optional[int], blob_dir: Optional[str] = None) -> Fetch:
    """A FetchItem: fetch row, blob, url_state."""
    url = clean_str(_get(item, "url"))
    fetched_at = parse_time(_get(item, "fetched_at")) or dt.datetime.now(UTC)
    headers = _headers(_get(item, "headers"))
    status = _int(_get(item, "status"))
    portal_id = upsert_portal(session, _get(item, "portal"))
    fetch = add_fetch(session, run_id=run_id, portal_id=portal_id, url=url, final_url=_get(item, "final_url"),
                      status=status, headers=headers, fetched_at=fetched_at, body=_body(_get(item, "body")),
                      kind=_get(item, "kind"), error=_get(item, "error"), warc=_get(item, "warc"),
                      blob_dir=blob_dir)
    update_url_state(session, url, status, headers, fetched_at, kind=clean_str(_get(item, "kind")),
                     error=_get(item, "error"), body_sha256=fetch.body_sha256)
    if status is not None and (200 <= status < 300 or status == 304):
        # a conditional re-fetch of a known document still proves it is there
        session.execute(update(Document)
                        .where(Document.url == url, or_(Document.last_seen.is_(None), Document.last_seen < fetched_at))
                        .values(last_seen=fetched_at))
    return fetch


def _metric_rows(document_id: int, metrics: Any, flags: list) -> list:
    rows = []
    for m in metrics if isinstance(metrics, (list, tuple)) else []:
        if not isinstance(m, dict) or not m.get("key"):
            continue
        value = dedup._number(m.get("value"))
        if value is None:  # "an empty table cell is no value"; junk is recorded, not stored
            if m.get("value") not in (None, ""):
                flags.append({"rule": "store.bad_metric_value",
                              "message": "metric %s has a value that is not a number: %r" % (m.get("key"), m.get("value")),
                              "numbers": []})
            continue
        extra = {k: clean_json(v) for k, v in m.items()
                 if k not in ("key", "value", "unit", "approximate", "evidence", "method", "source_url")}
        rows.append(DocumentMetric(document_id=document_id, key=clean_str(m["key"]), value=value,
                                   unit=clean_str(m.get("unit")), approximate=bool(m.get("approximate")),
                                   evidence=clean_str(m.get("evidence")), method=clean_str(m.get("method")),
                                   source_url=clean_str(m.get("source_url")), extra=extra or None))
    return rows


def store_document(session, item: Any, run_id: Optional[int], blob_dir: Optional[str] = None) -> Optional[Document]:
    """A DocumentItem: fetch rows (page + parts), blobs, url_state, the document upsert,
    its addresses, metrics and flags. Returns the document (None when the answer was
    not a document: an error status leaves the stored copy as it was)."""
    url = clean_str(_get(item, "url"))
    fetched_at = parse_time(_get(item, "fetched_at")) or dt.datetime.now(UTC)
    headers = _headers(_get(item, "headers"))
    status = _int(_get(item, "status"))
    body = _body(_get(item, "body"))
    portal_id = upsert_portal(session, _get(item, "portal"), _get(item, "portal_name"))
    fmt = clean_str(_get(item, "fmt")) or None
    kind = "document" if (fmt or "html") == "html" else "attachment"
    final_url = clean_str(_get(item, "final_url")) or url

    page_fetch = add_fetch(session, run_id=run_id, portal_id=portal_id, url=url, final_url=final_url,
                           status=status, headers=headers, fetched_at=fetched_at, body=body, kind=kind,
                           warc=_get(item, "warc"), blob_dir=blob_dir)
    parts = [p for p in (_get(item, "parts") or []) if isinstance(p, dict) and p.get("url")]
    part_fetches = []
    for p in parts:
        p_headers = _headers(p.get("headers"))
        p_time = parse_time(p.get("fetched_at")) or fetched_at
        pf = add_fetch(session, run_id=run_id, portal_id=portal_id, url=clean_str(p["url"]),
                       final_url=p.get("final_url"), status=_int(p.get("status")), headers=p_headers,
                       fetched_at=p_time, body=_body(p.get("body")), kind="part", warc=p.get("warc"),
                       blob_dir=blob_dir)
        part_fetches.append((pf, p_headers, p_time))

    ok = (status is None and body is not None) or (status is not None and 200 <= status < 300)
    doc = session.scalars(select(Document).where(Document.url == url)).first()
    if not ok:
        # 304: the stored copy is current; 4xx/5xx: the stored copy stays as it was
        # (finalize reads the fetch history to mark reports gone).
        if doc is not None and status == 304 and (doc.last_seen is None or doc.last_seen < fetched_at):
            doc.last_seen = fetched_at
        update_url_state(session, url, status, headers, fetched_at, kind=kind, error=_get(item, "parse_error"),
                         body_sha256=page_fetch.body_sha256, document_id=doc.id if doc else None)
        return doc

    text = clean_str(_get(item, "text"))
    parse_error = clean_str(_get(item, "parse_error"))
    keep_old = doc is not None and not text and parse_error and doc.text
    if doc is None:
        doc = Document(url=url, first_seen=fetched_at, updated_at=fetched_at)
        session.add(doc)
    doc.final_url = final_url
    doc.portal_id = portal_id or doc.portal_id
    doc.status = status
    doc.fmt = fmt
    doc.body_sha256 = page_fetch.body_sha256
    doc.parse_error = parse_error
    doc.run_id = run_id
    doc.link_text = clean_str(_get(item, "link_text"))
    doc.link_date = _date(_get(item, "link_date"))
    doc.parent_url = clean_str(_get(item, "parent_url"))
    doc.parent_title = clean_str(_get(item, "parent_title"))
    doc.parent_date = _date(_get(item, "parent_date"))
    doc.candidate_reason = clean_str(_get(item, "candidate_reason"))
    doc.first_seen = min(doc.first_seen, fetched_at) if doc.first_seen else fetched_at
    doc.last_seen = max(doc.last_seen, fetched_at) if doc.last_seen else fetched_at
    doc.updated_at = dt.datetime.now(UTC)
    flags = [f for f in (_get(item, "flags") or []) if isinstance(f, dict)]
    if keep_old:
        # A copy that could not be read this time (truncated, timed out) does not
        # erase the text, verdict and figures read from it before.
        flags = []
        replace_content = False
    else:
        replace_content = True
        norm = dedup.normalize_text(text)
        new_norm_sha = sha256_hex(norm) if norm else None
        if doc.id is None or new_norm_sha != doc.norm_sha256:
            doc.changed_at = fetched_at
        doc.text = text
        doc.text_length = len(text or "")
        doc.text_sha256 = sha256_hex(text) if text is not None else None
        doc.norm_sha256 = new_norm_sha
        doc.norm_length = len(norm)
        doc.minhash = dedup.minhash_signature(norm)
        doc.encoding = clean_str(_get(item, "encoding"))
        tables = _get(item, "tables")
        doc.tables = clean_json(tables) if tables else None
        page_meta = _get(item, "page_meta")
        page_meta = dict(page_meta) if isinstance(page_meta, dict) else {}
        if _get(item, "read_notes"):  # e.g. a page cap applied to a long PDF: kept with the document
            page_meta["read_notes"] = list(_get(item, "read_notes"))
        doc.page_meta = clean_json(page_meta) if page_meta else None
        decision = _get(item, "decision") or {}
        decision = decision if isinstance(decision, dict) else {}
        doc.is_report = bool(decision.get("is_report"))
        doc.kind = clean_str(decision.get("kind"))
        doc.reason = clean_str(decision.get("reason"))
        meta = _get(item, "meta") or {}
        meta = meta if isinstance(meta, dict) else {}
        doc.title = clean_str(meta.get("title"))
        doc.body = clean_str(meta.get("body"))
        doc.region = clean_str(meta.get("region"))
        doc.level = clean_str(meta.get("level"))
        doc.year = _int(meta.get("year"))
        doc.publish_date = _date(meta.get("publish_date"))
        doc.script = clean_str(meta.get("script"))
    session.flush()

    # addresses: rebuilt each time; announcing pages accumulate
    session.execute(delete(DocumentUrl).where(DocumentUrl.document_id == doc.id, DocumentUrl.role != "parent"))
    addresses = [(url, "url", 0)]
    if final_url and final_url != url:
        addresses.append((final_url, "final", 0))
    for i, r in enumerate(_get(item, "redirect_urls") or []):
        addresses.append((clean_str(r), "redirect", i))
    for i, p in enumerate(parts):
        addresses.append((clean_str(p["url"]), "part", i + 1))
        if p.get("final_url") and p.get("final_url") != p["url"]:
            addresses.append((clean_str(p["final_url"]), "part", i + 1))
    seen = set()
    for u, role, pos in addresses:
        if u and (u, role) not in seen:
            seen.add((u, role))
            session.add(DocumentUrl(document_id=doc.id, url=u, role=role, position=pos))
    parent = clean_str(_get(item, "parent_url"))
    if parent and parent != url:
        have = session.scalars(select(DocumentUrl.id).where(DocumentUrl.document_id == doc.id,
                                                            DocumentUrl.role == "parent",
                                                            DocumentUrl.url == parent)).first()
        if have is None:
            session.add(DocumentUrl(document_id=doc.id, url=parent, role="parent", position=0))

    if replace_content:
        session.execute(delete(DocumentMetric).where(DocumentMetric.document_id == doc.id))
        session.execute(delete(DocumentFlag).where(DocumentFlag.document_id == doc.id))
        for row in _metric_rows(doc.id, _get(item, "metrics"), flags):
            session.add(row)
        for f in flags:
            session.add(DocumentFlag(document_id=doc.id, rule=clean_str(f.get("rule")) or "unknown",
                                     message=clean_str(f.get("message")), numbers=clean_json(f.get("numbers"))))

    update_url_state(session, url, status, headers, fetched_at, kind=kind, body_sha256=page_fetch.body_sha256,
                     document_id=doc.id, error=parse_error)
    if final_url != url:
        update_url_state(session, final_url, status, headers, fetched_at, kind=kind,
                         body_sha256=page_fetch.body_sha256, document_id=doc.id, error=parse_error)
    for pf, p_headers, p_time in part_fetches:
        update_url_state(session, pf.url, pf.status, p_headers, p_time, kind="part", body_sha256=pf.body_sha256,
                         document_id=doc.id)
    return doc


# ------------------------------------------------------------------ crawl runs


def process_owner() -> dict:
    """Who runs this crawl: host, pid and the process's start time (so a pid the
    system reused for another process is not taken for the crawl)."""
    import socket

    return {"host": socket.gethostname(), "pid": os.getpid(), "pid_start": _pid_start(os.getpid())}


def _pid_start(pid: int) -> Optional[str]:
    """Start time of a process in clock ticks since boot (Linux /proc), or None."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            stat = f.read().decode("latin-1")
        return stat.rsplit(")", 1)[1].split()[19]  # field 22, counted after the command name
    except (OSError, IndexError):
        return None


def owner_alive(owner: Any) -> bool:
    """Is the process that opened a run still running (on this host)? Unknown
    owners (another host, no record) count as dead: a run is only left 'running'
    when we can see its process."""
    import socket

    if not isinstance(owner, dict) or owner.get("host") != socket.gethostname():
        return False
    try:
        pid = int(owner.get("pid"))
    except (TypeError, ValueError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        pass
    except OSError:
        return False
    start = _pid_start(pid)
    return owner.get("pid_start") is None or start is None or start == owner.get("pid_start")


def abort_stale_runs(session, now: Optional[dt.datetime] = None) -> list[int]:
    """Runs left 'running' by a crawl that died (SIGKILL, OOM, power loss) become
    'aborted', with the requests and bytes they recorded and the time of their last
    fetch as finish time. What they stored stays: items were committed one by one,
    and the next run's finalize groups them. A run whose process is still alive on
    this host (a concurrent crawl) is left alone. Returns the ids aborted."""
    from sqlalchemy import func

    now = now or dt.datetime.now(UTC)
    aborted = []
    for run in session.scalars(select(CrawlRun).where(CrawlRun.status == "running").order_by(CrawlRun.id)):
        summary = run.summary if isinstance(run.summary, dict) else {}
        if owner_alive(summary.get("owner")):
            continue
        requests, nbytes, last = session.execute(
            select(func.count(Fetch.id), func.coalesce(func.sum(Fetch.size), 0), func.max(Fetch.fetched_at))
            .where(Fetch.run_id == run.id)).one()
        documents = session.scalar(select(func.count(Document.id)).where(Document.run_id == run.id))
        run.requests = int(requests or 0)
        run.bytes = int(nbytes or 0)
        run.documents = int(documents or 0)
        run.status = "aborted"
        run.finished_at = parse_time(last) or run.started_at or now
        run.summary = clean_json(dict(summary, aborted_at=now.isoformat(),
                                      error="the crawl stopped without closing its run (killed or crashed)"))
        aborted.append(run.id)
    if aborted:
        logger.warning("crawl run(s) %s had not finished (killed?): marked aborted", aborted)
    return aborted


def portal_report_counts(session, since: dt.datetime) -> dict:
    """{portal start URL: distinct reports among the documents seen on it since
    ``since``} - the "reports found" of a run's per-portal summary. (Fetch times are
    kept to the second, so ``since`` is too.)"""
    from sqlalchemy import func

    since = since.replace(microsecond=0)
    rows = session.execute(select(Portal.start_url, func.count(func.distinct(Document.report_id)))
                           .join(Document, Document.portal_id == Portal.id)
                           .where(Document.report_id.is_not(None), Document.last_seen >= since)
                           .group_by(Portal.start_url)).all()
    return {url: int(n) for url, n in rows}


# ------------------------------------------------------------------- pipeline


class StorePipeline:
    """Scrapy item pipeline writing every item in its own transaction."""

    def __init__(self, db_url: str, blob_dir: Optional[str] = None, crawler=None):
        self.db_url = db_url
        self.blob_dir = blob_dir or None
        self.crawler = crawler
        self.engine = None
        self.run_id: Optional[int] = None
        self.failed = 0
        self.failures: list[dict] = []      # {"url", "reason"} of items not stored
        self.stored = {"fetch": 0, "document": 0}
        self.finalize_counts: dict = {}

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(settings.get("NIANBAO_DB_URL"),
                   settings.get("NIANBAO_BLOB_DIR") or None, crawler)

    def _spider(self, spider):
        return spider if spider is not None else getattr(self.crawler, "spider", None)

    def _inc(self, key: str, n: int = 1) -> None:
        stats = getattr(self.crawler, "stats", None)
        if stats is not None:
            stats.inc_value(key, n)

    # Scrapy >= 2.13 calls these without the spider when it is optional.
    def open_spider(self, spider=None) -> None:
        spider = self._spider(spider)
        if self.blob_dir:
            os.makedirs(self.blob_dir, exist_ok=True)
        self.engine = make_engine(self.db_url)
        upgrade(self.engine)
        portals = list(getattr(spider, "portals", None) or [])
        with session_scope(self.engine) as s:
            # a killed crawl's run is closed first: its documents' validators are then
            # not trusted (crawler.conditional), so this run fetches them in full again
            abort_stale_runs(s)
            run = CrawlRun(started_at=dt.datetime.now(UTC), status="running", portals=len(portals),
                           summary={"owner": process_owner()})
            s.add(run)
            s.flush()
            self.run_id = run.id
            for p in portals:
                if isinstance(p, dict):
                    upsert_portal(s, p.get("url"), p.get("name"))
                else:
                    upsert_portal(s, str(p))

    def process_item(self, item, spider=None):
        if self.engine is None:
            self.open_spider(spider)
        document = False
        try:
            document = is_document(item)
            with session_scope(self.engine) as s:
                if document:
                    store_document(s, item, self.run_id, self.blob_dir)
                else:
                    store_fetch(s, item, self.run_id, self.blob_dir)
            kind = "document" if document else "fetch"
            self.stored[kind] += 1
            self._inc("nianbao/stored_%s" % kind)
        except Exception as e:  # one item's failure must not stop the crawl
            self._record_failure(item, e)
        return item

    def _record_failure(self, item, error: Exception) -> None:
        url = clean_str(_get(item, "url"))
        reason = "%s: %s" % (type(error).__name__, str(error).splitlines()[0][:500] if str(error) else "")
        logger.error("store failed for %s: %s", url, reason)
        self.failed += 1
        if len(self.failures) < MAX_FAILURES_KEPT:
            self.failures.append({"url": url, "reason": reason})
        self._inc("nianbao/store_failed")
        try:  # keep the exchange on record, without the part that failed
            with session_scope(self.engine) as s:
                s.add(Fetch(run_id=self.run_id, url=url or "", status=_int(_get(item, "status")),
                            fetched_at=parse_time(_get(item, "fetched_at")) or dt.datetime.now(UTC),
                            kind=clean_str(_get(item, "kind")) or "store_failed",
                            error=clean_str("store failed: " + reason)))
        except Exception:
            logger.exception("could not record the store failure for %s", url)

    def close_spider(self, spider=None) -> dict:
        spider = self._spider(spider)
        if self.engine is None:
            return {}
        status, error = "finished", None
        try:
            with session_scope(self.engine) as s:
                self.finalize_counts = dedup.finalize(s, self.run_id)
        except Exception as e:
            logger.exception("grouping documents into reports failed")
            status, error = "failed", "%s: %s" % (type(e).__name__, e)
        summary = {}
        try:
            summary = self.finish_run(status=status, error=error,
                                      portal_stats=getattr(spider, "portal_stats", None))
        except Exception:
            logger.exception("could not close crawl run %s", self.run_id)
        self.engine.dispose()
        self.engine = None
        return summary

    def finish_run(self, status: str = "finished", error: Optional[str] = None,
                   portal_stats: Optional[dict] = None) -> dict:
        from sqlalchemy import func

        with session_scope(self.engine) as s:
            run = s.get(CrawlRun, self.run_id)
            requests, nbytes = s.execute(select(func.count(Fetch.id), func.coalesce(func.sum(Fetch.size), 0))
                                         .where(Fetch.run_id == self.run_id)).one()
            run.requests = int(requests or 0)
            run.bytes = int(nbytes or 0)
            run.documents = self.stored["document"]
            run.new_reports = int(self.finalize_counts.get("new", 0))
            run.changed_reports = int(self.finalize_counts.get("changed", 0))
            run.gone_reports = int(self.finalize_counts.get("gone", 0))
            run.errors = self.failed
            run.status = status
            run.finished_at = dt.datetime.now(UTC)
            portals = portal_stats or {}
            if portals and run.started_at is not None:
                found = portal_report_counts(s, run.started_at)
                portals = {url: dict(st, reports=found[url] if url in found else st.get("reports", 0))
                           if isinstance(st, dict) else st for url, st in portals.items()}
            run.summary = clean_json({"items": dict(self.stored), "store_failed": self.failed,
                                      "store_failures": self.failures, "reports": self.finalize_counts,
                                      "portals": portals, "error": error,
                                      "owner": (run.summary or {}).get("owner") if isinstance(run.summary, dict)
                                      else None})
            return {"run_id": run.id, "status": run.status, "requests": run.requests, "bytes": run.bytes,
                    "documents": run.documents, "new_reports": run.new_reports,
                    "changed_reports": run.changed_reports, "gone_reports": run.gone_reports,
                    "errors": run.errors}
