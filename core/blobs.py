"""Content-addressed bodies: every fetched body is stored once under its sha256,
zlib-compressed, in the database or (with a blob directory) as files beside it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import zlib
from typing import Optional

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from core.schema import Blob

UTC = dt.timezone.utc


def sha256_hex(data: "str | bytes | None") -> Optional[str]:
    if data is None:
        return None
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def _insert_ignore(session, model, values: dict, keys: list[str]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING on SQLite and PostgreSQL (a concurrent
    crawl may store the same blob); select-then-insert elsewhere."""
    name = session.get_bind().dialect.name
    if name in ("sqlite", "postgresql"):
        insert = sqlite.insert if name == "sqlite" else postgresql.insert
        session.execute(insert(model).values(**values).on_conflict_do_nothing(index_elements=keys))
    elif session.get(model, tuple(values[k] for k in keys)) is None:
        session.add(model(**values))
        session.flush()


def put_blob(session, body: Optional[bytes], blob_dir: Optional[str] = None) -> Optional[str]:
    """Store ``body`` once by its sha256; return the hash (None for no body)."""
    if body is None:
        return None
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    sha = sha256_hex(body)
    if session.scalar(select(Blob.sha256).where(Blob.sha256 == sha)) is not None:
        return sha  # (checked without loading the stored bytes)
    data = zlib.compress(body, 6)
    path = None
    if blob_dir:
        path = os.path.join(sha[:2], sha[2:4], sha + ".zz")
        full = os.path.join(blob_dir, path)
        if not os.path.exists(full):
            os.makedirs(os.path.dirname(full), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(full), prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, full)  # a crash never leaves half a blob under its name
        data = None
    _insert_ignore(session, Blob, {"sha256": sha, "size": len(body), "compression": "zlib", "data": data,
                                   "path": path, "created_at": dt.datetime.now(UTC)}, ["sha256"])
    return sha


def read_blob(session, sha256: str, blob_dir: Optional[str] = None) -> Optional[bytes]:
    """The raw body stored under ``sha256`` (None when unknown)."""
    blob = session.get(Blob, sha256)
    if blob is None:
        return None
    if blob.data is not None:
        return zlib.decompress(blob.data)
    if blob.path and blob_dir:
        with open(os.path.join(blob_dir, blob.path), "rb") as f:
            return zlib.decompress(f.read())
    return None
