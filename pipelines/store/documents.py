"""A DocumentItem on record: fetch rows for the page and each continuation part,
blobs, url_state, the ``documents`` row (upsert by URL: text and its hashes,
normalised-text hash, MinHash signature, tables, page metadata, decision, metadata,
parse error), its addresses (``document_urls``) and what it said
(``document_metrics``, ``document_flags``)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import delete, insert, select

from core.blobs import sha256_hex
from core.schema import Document, DocumentFlag, DocumentMetric, DocumentUrl, Fetch
from core.status import NOT_MODIFIED, is_success
from pipelines.dedup import minhash_signature, normalize_text

from .fetches import add_fetch, update_url_state, upsert_portal
from .values import (
    UTC,
    body_bytes,
    clean_json,
    clean_str,
    finite_number,
    headers_dict,
    item_get,
    parse_time,
    to_date,
    to_int,
)

# metric keys stored in their own columns; the rest goes to ``extra``
METRIC_COLUMNS = ("key", "value", "unit", "approximate", "evidence", "method", "source_url")


@dataclass
class _Answer:
    """The page's answer as the item tells it."""

    url: str
    final_url: str
    fetched_at: dt.datetime
    headers: dict
    status: Optional[int]
    body: Optional[bytes]
    portal_id: Optional[int]
    fmt: Optional[str]
    kind: str                     # url_state / fetch kind: 'document' for HTML, else 'attachment'

    @property
    def is_document(self) -> bool:
        """A body came back (2xx, or a body without status as `nianbao reprocess` hands them)."""
        return (self.status is None and self.body is not None) or is_success(self.status)


def _answer(session, item: Any) -> _Answer:
    url = clean_str(item_get(item, "url"))
    fmt = clean_str(item_get(item, "fmt")) or None
    return _Answer(url=url, final_url=clean_str(item_get(item, "final_url")) or url,
                   fetched_at=parse_time(item_get(item, "fetched_at")) or dt.datetime.now(UTC),
                   headers=headers_dict(item_get(item, "headers")), status=to_int(item_get(item, "status")),
                   body=body_bytes(item_get(item, "body")),
                   portal_id=upsert_portal(session, item_get(item, "portal"), item_get(item, "portal_name")),
                   fmt=fmt, kind="document" if (fmt or "html") == "html" else "attachment")


def _parts(item: Any) -> list[dict]:
    return [p for p in (item_get(item, "parts") or []) if isinstance(p, dict) and p.get("url")]


def _add_fetches(session, item: Any, a: _Answer, parts: list, run_id, blob_dir) -> tuple[Fetch, list]:
    """Fetch rows (and blobs) of the page and of each continuation part."""
    page_fetch = add_fetch(session, run_id=run_id, portal_id=a.portal_id, url=a.url, final_url=a.final_url,
                           status=a.status, headers=a.headers, fetched_at=a.fetched_at, body=a.body, kind=a.kind,
                           warc=item_get(item, "warc"), blob_dir=blob_dir, challenge=item_get(item, "challenge"))
    part_fetches = []
    for p in parts:
        p_headers = headers_dict(p.get("headers"))
        p_time = parse_time(p.get("fetched_at")) or a.fetched_at
        pf = add_fetch(session, run_id=run_id, portal_id=a.portal_id, url=clean_str(p["url"]),
                       final_url=p.get("final_url"), status=to_int(p.get("status")), headers=p_headers,
                       fetched_at=p_time, body=body_bytes(p.get("body")), kind="part", warc=p.get("warc"),
                       blob_dir=blob_dir)
        part_fetches.append((pf, p_headers, p_time))
    return page_fetch, part_fetches


def _keep_stored_copy(session, item: Any, a: _Answer, doc: Optional[Document], page_fetch: Fetch) -> None:
    """304: the stored copy is current; 4xx/5xx: the stored copy stays as it was
    (finalize reads the fetch history to mark reports gone)."""
    if doc is not None and a.status == NOT_MODIFIED and (doc.last_seen is None or doc.last_seen < a.fetched_at):
        doc.last_seen = a.fetched_at
    update_url_state(session, a.url, a.status, a.headers, a.fetched_at, kind=a.kind,
                     error=item_get(item, "parse_error"), body_sha256=page_fetch.body_sha256,
                     document_id=doc.id if doc else None)


def _set_fetch_fields(doc: Document, item: Any, a: _Answer, page_fetch: Fetch, parse_error, run_id) -> None:
    """What this answer says about the document whatever its text: addresses, status,
    format, how it was found, first/last seen."""
    doc.final_url = a.final_url
    doc.portal_id = a.portal_id or doc.portal_id
    doc.status = a.status
    doc.fmt = a.fmt
    doc.body_sha256 = page_fetch.body_sha256
    doc.parse_error = parse_error
    doc.run_id = run_id
    doc.link_text = clean_str(item_get(item, "link_text"))
    doc.link_date = to_date(item_get(item, "link_date"))
    doc.parent_url = clean_str(item_get(item, "parent_url"))
    doc.parent_title = clean_str(item_get(item, "parent_title"))
    doc.parent_date = to_date(item_get(item, "parent_date"))
    doc.candidate_reason = clean_str(item_get(item, "candidate_reason"))
    doc.first_seen = min(doc.first_seen, a.fetched_at) if doc.first_seen else a.fetched_at
    doc.last_seen = max(doc.last_seen, a.fetched_at) if doc.last_seen else a.fetched_at
    doc.updated_at = dt.datetime.now(UTC)


def set_text(doc: Document, text: Optional[str], fetched_at: dt.datetime) -> None:
    """Text, its hashes and signature; ``changed_at`` when the normalised text changed."""
    norm = normalize_text(text)
    new_norm_sha = sha256_hex(norm) if norm else None
    if doc.id is None or new_norm_sha != doc.norm_sha256:
        doc.changed_at = fetched_at
    doc.text = text
    doc.text_length = len(text or "")
    doc.text_sha256 = sha256_hex(text) if text is not None else None
    doc.norm_sha256 = new_norm_sha
    doc.norm_length = len(norm)
    doc.minhash = minhash_signature(norm)


def _dict_of(item: Any, key: str) -> dict:
    value = item_get(item, key) or {}
    return value if isinstance(value, dict) else {}


def set_reading(doc: Document, item: Any) -> None:
    """What reading, cleaning, classifying and metadata made of the text."""
    doc.encoding = clean_str(item_get(item, "encoding"))
    tables = item_get(item, "tables")
    doc.tables = clean_json(tables) if tables else None
    page_meta = item_get(item, "page_meta")
    page_meta = dict(page_meta) if isinstance(page_meta, dict) else {}
    if item_get(item, "read_notes"):  # e.g. a page cap applied to a long PDF: kept with the document
        page_meta["read_notes"] = list(item_get(item, "read_notes"))
    doc.page_meta = clean_json(page_meta) if page_meta else None
    decision = _dict_of(item, "decision")
    doc.is_report = bool(decision.get("is_report"))
    doc.kind = clean_str(decision.get("kind"))
    doc.reason = clean_str(decision.get("reason"))
    meta = _dict_of(item, "meta")
    doc.title = clean_str(meta.get("title"))
    doc.body = clean_str(meta.get("body"))
    doc.region = clean_str(meta.get("region"))
    doc.level = clean_str(meta.get("level"))
    doc.year = to_int(meta.get("year"))
    doc.publish_date = to_date(meta.get("publish_date"))
    doc.script = clean_str(meta.get("script"))


def _addresses(item: Any, a: _Answer, parts: list) -> list[tuple]:
    """(url, role, position) of every address the document answers at, without repeats."""
    addresses = [(a.url, "url", 0)]
    if a.final_url and a.final_url != a.url:
        addresses.append((a.final_url, "final", 0))
    for i, r in enumerate(item_get(item, "redirect_urls") or []):
        addresses.append((clean_str(r), "redirect", i))
    for i, p in enumerate(parts):
        addresses.append((clean_str(p["url"]), "part", i + 1))
        if p.get("final_url") and p.get("final_url") != p["url"]:
            addresses.append((clean_str(p["final_url"]), "part", i + 1))
    out, seen = [], set()
    for u, role, pos in addresses:
        if u and (u, role) not in seen:
            seen.add((u, role))
            out.append((u, role, pos))
    return out


def _write_addresses(session, doc: Document, item: Any, a: _Answer, parts: list) -> None:
    """Addresses are rebuilt each time; announcing pages accumulate."""
    session.execute(delete(DocumentUrl).where(DocumentUrl.document_id == doc.id, DocumentUrl.role != "parent"))
    for u, role, pos in _addresses(item, a, parts):
        session.add(DocumentUrl(document_id=doc.id, url=u, role=role, position=pos))
    parent = clean_str(item_get(item, "parent_url"))
    if parent and parent != a.url:
        have = session.scalars(select(DocumentUrl.id).where(DocumentUrl.document_id == doc.id,
                                                            DocumentUrl.role == "parent",
                                                            DocumentUrl.url == parent)).first()
        if have is None:
            session.add(DocumentUrl(document_id=doc.id, url=parent, role="parent", position=0))


def _metric_rows(document_id: int, metrics: Any, flags: list) -> list:
    rows = []
    for m in metrics if isinstance(metrics, (list, tuple)) else []:
        if not isinstance(m, dict) or not m.get("key"):
            continue
        value = finite_number(m.get("value"))
        if value is None:  # "an empty table cell is no value"; junk is recorded, not stored
            if m.get("value") not in (None, ""):
                flags.append({"rule": "store.bad_metric_value",
                              "message": "metric %s has a value that is not a number: %r" % (m.get("key"), m.get("value")),
                              "numbers": []})
            continue
        extra = {k: clean_json(v) for k, v in m.items() if k not in METRIC_COLUMNS}
        rows.append(dict(document_id=document_id, key=clean_str(m["key"]), value=value,
                         unit=clean_str(m.get("unit")), approximate=bool(m.get("approximate")),
                         evidence=clean_str(m.get("evidence")), method=clean_str(m.get("method")),
                         source_url=clean_str(m.get("source_url")), extra=extra or None))
    return rows


def write_document_metrics(session, doc: Document, item: Any) -> None:
    """What the document said, replacing what it said before."""
    flags = [f for f in (item_get(item, "flags") or []) if isinstance(f, dict)]
    session.execute(delete(DocumentMetric).where(DocumentMetric.document_id == doc.id))
    session.execute(delete(DocumentFlag).where(DocumentFlag.document_id == doc.id))
    # one executemany per table, in list order (the ids keep the document's order of
    # figures): ~500 rows a report, which the unit of work took ~0.1 s a report to add
    rows = _metric_rows(doc.id, item_get(item, "metrics"), flags)
    if rows:
        session.execute(insert(DocumentMetric), rows)
    if flags:
        session.execute(insert(DocumentFlag), [dict(document_id=doc.id, rule=clean_str(f.get("rule")) or "unknown",
                                                    message=clean_str(f.get("message")),
                                                    numbers=clean_json(f.get("numbers"))) for f in flags])


def _update_url_states(session, doc: Document, a: _Answer, page_fetch: Fetch, part_fetches: list,
                       parse_error) -> None:
    update_url_state(session, a.url, a.status, a.headers, a.fetched_at, kind=a.kind,
                     body_sha256=page_fetch.body_sha256, document_id=doc.id, error=parse_error)
    if a.final_url != a.url:
        update_url_state(session, a.final_url, a.status, a.headers, a.fetched_at, kind=a.kind,
                         body_sha256=page_fetch.body_sha256, document_id=doc.id, error=parse_error)
    for pf, p_headers, p_time in part_fetches:
        update_url_state(session, pf.url, pf.status, p_headers, p_time, kind="part", body_sha256=pf.body_sha256,
                         document_id=doc.id)


def store_document(session, item: Any, run_id: Optional[int], blob_dir: Optional[str] = None) -> Optional[Document]:
    """A DocumentItem: fetch rows (page + parts), blobs, url_state, the document upsert,
    its addresses, metrics and flags. Returns the document (None when the answer was
    not a document: an error status leaves the stored copy as it was)."""
    a = _answer(session, item)
    parts = _parts(item)
    page_fetch, part_fetches = _add_fetches(session, item, a, parts, run_id, blob_dir)
    doc = session.scalars(select(Document).where(Document.url == a.url)).first()
    if not a.is_document:
        _keep_stored_copy(session, item, a, doc, page_fetch)
        return doc

    text = clean_str(item_get(item, "text"))
    parse_error = clean_str(item_get(item, "parse_error"))
    # A copy that could not be read this time (truncated, timed out) does not erase
    # the text, verdict and figures read from it before.
    keep_old = doc is not None and not text and parse_error and doc.text
    if doc is None:
        doc = Document(url=a.url, first_seen=a.fetched_at, updated_at=a.fetched_at)
        session.add(doc)
    _set_fetch_fields(doc, item, a, page_fetch, parse_error, run_id)
    if not keep_old:
        set_text(doc, text, a.fetched_at)
        set_reading(doc, item)
    session.flush()

    _write_addresses(session, doc, item, a, parts)
    if not keep_old:
        write_document_metrics(session, doc, item)
    _update_url_states(session, doc, a, page_fetch, part_fetches, parse_error)
    return doc
