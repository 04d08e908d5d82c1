"""Values as the database takes them: strings without NUL or lone surrogates,
JSON-safe structures, aware UTC times, ints, dates, finite numbers — whatever the
spider or a pipeline handed over."""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

UTC = dt.timezone.utc


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


def aware(value):
    """A stored time as an aware datetime (SQLite hands back naive ones: UTC)."""
    if value is None or isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value


def headers_dict(value: Any) -> dict:
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


def to_int(value: Any) -> Optional[int]:
    try:
        return int(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


def to_date(value: Any) -> Optional[str]:
    s = clean_str(value)
    return s[:10] if s else None


def finite_number(value) -> Optional[float]:
    """A metric value as a float; None for no value, junk, NaN and infinities."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if f == f and f not in (float("inf"), float("-inf")) else None


def body_bytes(value: Any) -> Optional[bytes]:
    if value is None:
        return None
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return bytes(value)


def item_get(item: Any, key: str, default: Any = None) -> Any:
    """``item[key]`` of an item or dict; ``default`` when missing, None or unreadable."""
    try:
        value = item.get(key, default)
    except Exception:
        return default
    return default if value is None else value


def set_changed(obj, **values) -> None:
    """Assign only what differs, so unchanged rows are not rewritten."""
    for k, v in values.items():
        if getattr(obj, k) != v:
            setattr(obj, k, v)
