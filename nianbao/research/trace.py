"""`nianbao trace`: the proof of one figure. From the report's latest version to the
figure (value, evidence, method), the document it was read from, the fetch that
brought the document's bytes (URL, time, status, body sha256) and the WARC record of
that exchange. Two checks decide the exit status:

- the WARC record's payload is the stored body: its WARC-Payload-Digest matches its
  own bytes, and those bytes (decoded from any Content-Encoding, as the store keeps
  them) have the sha256 of the stored blob, which has that sha256 itself;
- the evidence is in the document's text (as stored; whitespace-insensitive).
"""
from __future__ import annotations

import base64
import hashlib
import os

from sqlalchemy import select
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator

from core.blobs import read_blob, sha256_hex
from core.schema import Document, Fetch, Metric, Report
from nianbao.research.opening import open_readonly


class NotTraced(Exception):
    """The report, the key or the document is not in the database."""


def _squash(s: str) -> str:
    return "".join((s or "").split())


def payload_digest_ok(header: str | None, raw: bytes) -> bool | None:
    """Does the WARC-Payload-Digest header (sha1:BASE32 or sha256:…) match ``raw``?
    None when the record has no digest."""
    if not header or ":" not in header:
        return None
    algo, value = header.split(":", 1)
    h = hashlib.new(algo.lower().replace("-", ""), raw).digest()
    return value.strip().upper() in (base64.b32encode(h).decode(), h.hex().upper())


def read_warc_record(path: str, offset: int) -> dict:
    """The record at ``offset``: its type, target URI, payload digest header, raw
    payload and payload as the store keeps it (Content-Encoding undone)."""
    with open(path, "rb") as f:
        f.seek(offset)
        record = next(iter(ArchiveIterator(f)))
        header = record.rec_headers.get_header("WARC-Payload-Digest")
        uri = record.rec_headers.get_header("WARC-Target-URI")
        rtype = record.rec_type
        raw = record.raw_stream.read()
    with open(path, "rb") as f:
        f.seek(offset)
        decoded = next(iter(ArchiveIterator(f))).content_stream().read()
    return {"type": rtype, "uri": uri, "digest": header, "raw": raw, "decoded": decoded}


def _fetch_for(session, doc: Document | None, source_url: str):
    """The latest fetch of the document's own bytes: same URL and the document's body
    sha256, with a WARC record."""
    urls = [u for u in (source_url, doc.url if doc else None, doc.final_url if doc else None) if u]
    q = select(Fetch).where(Fetch.url.in_(urls) | Fetch.final_url.in_(urls), Fetch.warc_file.is_not(None),
                            Fetch.body_sha256.is_not(None))
    order = (Fetch.fetched_at.desc(), Fetch.id.desc())
    if doc is not None and doc.body_sha256:
        own = session.scalars(q.where(Fetch.body_sha256 == doc.body_sha256).order_by(*order)).first()
        if own is not None:
            return own
    # a continuation page (_2.html) of a multi-page document: its own bytes
    return session.scalars(q.where(Fetch.url == source_url).order_by(*order)).first()


def trace(db_url: str, report_id: str, key: str, warc_dir: str, blob_dir: str | None = None) -> dict:
    engine = open_readonly(db_url)
    try:
        with Session(engine) as s:
            rep = s.scalars(select(Report).where(Report.report_key == report_id)).first()
            if rep is None:
                raise NotTraced("no report %s in %s" % (report_id, db_url))
            m = s.scalars(select(Metric).where(Metric.report_id == rep.id, Metric.version == rep.version,
                                               Metric.key == key, Metric.value.is_not(None))
                          .order_by(Metric.id)).first()
            if m is None:
                raise NotTraced("report %s states no %s" % (report_id, key))
            doc = s.get(Document, m.document_id) if m.document_id else None
            if doc is None and m.source_url:
                doc = s.scalars(select(Document).where(Document.url == m.source_url)).first()
            fetch = _fetch_for(s, doc, m.source_url or "")
            blob = read_blob(s, fetch.body_sha256, blob_dir) if fetch else None
            out = {"report_id": report_id, "key": key, "value": m.value, "unit": m.unit, "approximate": m.approximate,
                   "method": m.method, "evidence": m.evidence, "source_url": m.source_url,
                   "document_url": doc.url if doc else None,
                   "fetched_at": fetch.fetched_at.isoformat() if fetch else None,
                   "status": fetch.status if fetch else None, "body_sha256": fetch.body_sha256 if fetch else None,
                   "warc_file": fetch.warc_file if fetch else None, "warc_offset": fetch.warc_offset if fetch else None}
            text = doc.text if doc else ""
    finally:
        engine.dispose()
    out["evidence_in_text"] = bool(m.evidence) and _squash(m.evidence) in _squash(text)
    out.update(_check_warc(out, blob, warc_dir))
    out["ok"] = bool(out["evidence_in_text"] and out["payload_matches_blob"])
    return out


def _check_warc(out: dict, blob: bytes | None, warc_dir: str) -> dict:
    res = {"warc_record": None, "warc_payload_digest": None, "warc_digest_ok": None, "payload_matches_blob": False,
           "problem": None}
    if not out["warc_file"]:
        res["problem"] = "no fetch with a WARC record for %s" % out["source_url"]
        return res
    path = os.path.join(warc_dir, out["warc_file"])
    if not os.path.isfile(path):
        res["problem"] = "no WARC file %s (give --warc-dir)" % path
        return res
    rec = read_warc_record(path, int(out["warc_offset"] or 0))
    res["warc_record"] = "%s %s" % (rec["type"], rec["uri"])
    res["warc_payload_digest"] = rec["digest"]
    res["warc_digest_ok"] = payload_digest_ok(rec["digest"], rec["raw"])
    sha = sha256_hex(rec["decoded"])
    res["payload_matches_blob"] = bool(blob is not None and res["warc_digest_ok"] is not False
                                       and sha == out["body_sha256"] == sha256_hex(blob))
    if not res["payload_matches_blob"]:
        res["problem"] = "WARC payload sha256 %s, stored body %s" % (sha, out["body_sha256"])
    return res
