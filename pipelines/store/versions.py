"""Report versions: a report's latest ``report_versions`` row records the
normalised-text hash of each of its copies. When one of those copies' normalised
text changes, the report gets version + 1 (old text and metrics stay queryable); a
copy newly added, or another copy becoming primary, is no change of the text."""
from __future__ import annotations

import datetime as dt

from core.blobs import sha256_hex
from core.schema import Document, Report, ReportVersion

from .values import aware, set_changed


def _changed_copies(latest: ReportVersion, digest: dict, doc_rows: dict) -> list:
    """Copies recorded in ``latest`` whose normalised text is no longer the one recorded."""
    old = latest.members or {}
    return [doc_rows[int(k)] for k, h in old.items() if int(k) in doc_rows and k in digest and digest[k] != h]


def record_version(session, rep: Report, primary: Document, copies: list, first_seen: dt.datetime,
                   latest_version: dict, doc_rows: dict, now: dt.datetime) -> tuple[int, bool]:
    """Bring the report's version up to date with its copies' texts; returns
    (the report's version, whether it is a new version row)."""
    digest = {str(d.id): d.norm_sha256 for d in copies}
    latest = latest_version.get(rep.id)
    version_fields = dict(document_id=primary.id, url=primary.url, fmt=rep.fmt, norm_sha256=primary.norm_sha256)
    # the text itself is read (document_rows defers it) only when its hash says it differs
    if latest is None or primary.text_sha256 is None or latest.text_sha256 != primary.text_sha256:
        text = primary.text
        version_fields.update(text=text, text_sha256=sha256_hex(text))
    if latest is None:
        version_no, seen_at = 1, first_seen
    else:
        changed = _changed_copies(latest, digest, doc_rows)
        if not changed:
            # the same text, or another copy of it now primary: no new version
            set_changed(latest, members=digest, **version_fields)
            set_changed(rep, version=latest.version)
            if rep.last_changed is None:
                rep.last_changed = latest.seen_at or first_seen
            return latest.version, False
        version_no = latest.version + 1
        seen_at = max((c.changed_at for c in changed if c.changed_at), default=now)
    latest = ReportVersion(report_id=rep.id, version=version_no, members=digest,
                           seen_at=aware(seen_at), created_at=now, **version_fields)
    session.add(latest)
    latest_version[rep.id] = latest
    set_changed(rep, version=version_no, last_changed=aware(seen_at))
    return version_no, True
