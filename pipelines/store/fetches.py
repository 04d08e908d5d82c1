"""HTTP exchanges on record: ``portals``, ``fetches`` (+ bodies in ``blobs``) and the
newest answer per URL in ``url_state``."""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional
from urllib.parse import urlsplit

from sqlalchemy import or_, select, update

from core.blobs import put_blob
from core.schema import Document, Fetch, Portal, UrlState
from core.status import GONE_STATUSES, NOT_MODIFIED, is_live

from .values import (
    UTC,
    body_bytes,
    clean_json,
    clean_str,
    headers_dict,
    item_get,
    parse_time,
    to_int,
)


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
    if is_live(status) and not error:   # (a 200 that is an error page - a soft 404 - carries its reason)
        state.failures = 0
        state.last_error = None
        state.last_ok = fetched_at
        if status != NOT_MODIFIED:
            # validators of the newest full answer (None when it sent none)
            state.etag = headers.get("etag")
            state.last_modified = headers.get("last-modified")
            if body_sha256:
                state.body_sha256 = body_sha256
        else:
            state.etag = headers.get("etag") or state.etag
            state.last_modified = headers.get("last-modified") or state.last_modified
    elif status is not None and 300 <= status < 400:  # a redirect is no failure
        state.failures = 0
    else:
        state.failures = (state.failures or 0) + 1
        state.last_error = clean_str(error) or ("HTTP %s" % status if status is not None else "no response")
        if status in GONE_STATUSES:
            state.etag = state.last_modified = None  # nothing left to revalidate
    return state


def add_fetch(session, *, run_id, portal_id, url, final_url=None, status=None, headers=None, fetched_at=None,
              body=None, kind=None, error=None, warc=None, blob_dir=None, challenge=None) -> Fetch:
    headers = headers or {}
    sha = put_blob(session, body, blob_dir)
    warc = warc if isinstance(warc, dict) else {}
    fetch = Fetch(run_id=run_id, portal_id=portal_id, url=url, final_url=clean_str(final_url), status=status,
                  headers=headers or None, etag=headers.get("etag"), last_modified=headers.get("last-modified"),
                  content_type=headers.get("content-type"), fetched_at=fetched_at, body_sha256=sha,
                  size=len(body) if body is not None else None, error=clean_str(error), kind=clean_str(kind),
                  warc_file=clean_str(warc.get("file")), warc_offset=to_int(warc.get("offset")),
                  challenge=clean_json(challenge) if isinstance(challenge, dict) else None)
    session.add(fetch)
    return fetch


def store_fetch(session, item: Any, run_id: Optional[int], blob_dir: Optional[str] = None) -> Fetch:
    """A FetchItem: fetch row, blob, url_state."""
    url = clean_str(item_get(item, "url"))
    fetched_at = parse_time(item_get(item, "fetched_at")) or dt.datetime.now(UTC)
    headers = headers_dict(item_get(item, "headers"))
    status = to_int(item_get(item, "status"))
    portal_id = upsert_portal(session, item_get(item, "portal"))
    fetch = add_fetch(session, run_id=run_id, portal_id=portal_id, url=url, final_url=item_get(item, "final_url"),
                      status=status, headers=headers, fetched_at=fetched_at, body=body_bytes(item_get(item, "body")),
                      kind=item_get(item, "kind"), error=item_get(item, "error"), warc=item_get(item, "warc"),
                      blob_dir=blob_dir, challenge=item_get(item, "challenge"))
    update_url_state(session, url, status, headers, fetched_at, kind=clean_str(item_get(item, "kind")),
                     error=item_get(item, "error"), body_sha256=fetch.body_sha256)
    if is_live(status):
        # a conditional re-fetch of a known document still proves it is there
        session.execute(update(Document)
                        .where(Document.url == url, or_(Document.last_seen.is_(None), Document.last_seen < fetched_at))
                        .values(last_seen=fetched_at))
    return fetch
