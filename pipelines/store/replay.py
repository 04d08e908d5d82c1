"""The archive read back as the spider handed it: stored documents as items, for
`nianbao reprocess` (read -> clean -> ... -> metrics again, no network), and their
derived fields rewritten in place.

A re-reading of the same bytes is no revision by the portal: no fetch rows, no
url_state, no addresses are written, the first/last seen and change times stay, and
the latest version of each report is brought up to the new texts in place (the next
finalize then sees no change and records no new version)."""
from __future__ import annotations

from typing import Any, Iterator, Optional

from sqlalchemy import select

from core.blobs import read_blob
from core.schema import Document, DocumentUrl, Fetch, Portal, ReportVersion

from .documents import set_reading, set_text, write_document_metrics
from .values import clean_str


def stored_document_ids(session) -> list[int]:
    """Documents with a stored body, in id order (first stored first)."""
    return list(session.scalars(select(Document.id).where(Document.body_sha256.is_not(None)).order_by(Document.id)))


def _answer_of(session, url: str, sha: Optional[str], blob_dir: Optional[str]) -> Optional[dict]:
    """The latest stored full answer of ``url`` (with body ``sha`` when given)."""
    q = select(Fetch).where(Fetch.url == url, Fetch.body_sha256.is_not(None), Fetch.status >= 200, Fetch.status < 300)
    if sha:
        q = q.where(Fetch.body_sha256 == sha)
    f = session.scalars(q.order_by(Fetch.id.desc()).limit(1)).first()
    if f is None:
        return None
    body = read_blob(session, f.body_sha256, blob_dir)
    if body is None:
        return None
    return {"url": url, "final_url": f.final_url or url, "status": f.status, "headers": f.headers or {},
            "fetched_at": f.fetched_at, "body": body,
            "warc": {"file": f.warc_file, "offset": f.warc_offset} if f.warc_file else None}


def stored_item(session, doc_id: int, blob_dir: Optional[str] = None) -> Optional[dict]:
    """The DocumentItem fields the spider filled, rebuilt from the store (None when the
    body or a part's body is no longer readable)."""
    doc = session.get(Document, doc_id)
    if doc is None or not doc.body_sha256:
        return None
    page = _answer_of(session, doc.url, doc.body_sha256, blob_dir)
    if page is None:
        return None
    urls = session.execute(select(DocumentUrl.url, DocumentUrl.role, DocumentUrl.position)
                           .where(DocumentUrl.document_id == doc.id)
                           .order_by(DocumentUrl.position, DocumentUrl.id)).all()
    parts, seen = [], set()
    for url, role, position in urls:
        if role != "part" or position in seen:
            continue
        seen.add(position)
        part = _answer_of(session, url, None, blob_dir)
        if part is None:
            return None
        parts.append(part)
    portal = session.get(Portal, doc.portal_id) if doc.portal_id else None
    return {"portal": portal.start_url if portal else None, "portal_name": portal.name if portal else None,
            "url": doc.url, "final_url": doc.final_url or page["final_url"],
            "redirect_urls": [u for u, role, _ in urls if role == "redirect"],
            "status": page["status"], "headers": page["headers"], "fetched_at": page["fetched_at"],
            "body": page["body"], "fmt": doc.fmt, "parts": parts, "link_text": doc.link_text,
            "link_date": doc.link_date, "parent_url": doc.parent_url, "parent_title": doc.parent_title,
            "parent_date": doc.parent_date, "candidate_reason": doc.candidate_reason, "warc": page["warc"]}


def rewrite_document(session, doc_id: int, item: Any) -> bool:
    """The derived fields of a stored document from a re-read item (text and its
    hashes, tables, page metadata, verdict, metadata, figures, flags). Returns whether
    the normalised text changed."""
    doc = session.get(Document, doc_id)
    before, changed_at = doc.norm_sha256, doc.changed_at
    set_text(doc, clean_str(item.get("text")), changed_at)
    doc.changed_at = changed_at  # the bytes did not change: neither did the document
    doc.parse_error = clean_str(item.get("parse_error"))
    set_reading(doc, item)
    session.flush()
    write_document_metrics(session, doc, item)
    return doc.norm_sha256 != before


def rebase_versions(session, doc_ids: set) -> int:
    """Latest report versions recording one of ``doc_ids`` take their copies' current
    normalised texts (a re-reading is not a new version). Returns how many."""
    if not doc_ids:
        return 0
    norms = dict(session.execute(select(Document.id, Document.norm_sha256).where(Document.id.in_(doc_ids))).all())
    latest: dict[int, ReportVersion] = {}
    for v in session.scalars(select(ReportVersion)):
        if v.report_id not in latest or v.version > latest[v.report_id].version:
            latest[v.report_id] = v
    n = 0
    for v in latest.values():
        members = dict(v.members or {})
        hit = [k for k in members if int(k) in norms]
        if hit:
            members.update({k: norms[int(k)] for k in hit})
            v.members = members
            n += 1
    return n


def iter_stored_items(session_factory, blob_dir: Optional[str] = None) -> Iterator[tuple[int, Optional[dict], Optional[str]]]:
    """(document id, item, None) for every stored document, or (id, None, reason) when
    its stored bytes cannot be read back; one short session each (a reader holding a
    transaction open would block the writer on SQLite)."""
    with session_factory() as s:
        ids = stored_document_ids(s)
    for doc_id in ids:
        try:
            with session_factory() as s:
                item = stored_item(s, doc_id, blob_dir)
        except Exception as e:  # a damaged blob: recorded by the caller, the rest goes on
            yield doc_id, None, "stored body unreadable: %s: %s" % (type(e).__name__, e)
            continue
        if item is None:
            yield doc_id, None, "stored body missing"
        else:
            yield doc_id, item, None
