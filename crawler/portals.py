"""The portals list: which homepages to crawl.

Two forms are accepted, both UTF-8 (a BOM is fine), blank lines and # comments
ignored:
  * CSV with a header `url,name` (name optional, other columns ignored);
  * a plain list of homepage URLs, one per line (an optional ",name" after the URL).
"""
from __future__ import annotations

import csv
import io
import os
import re
from urllib.parse import urlsplit, urlunsplit


def normalize_portal_url(url: str) -> str | None:
    """'www.x.gov.cn' -> 'http://www.x.gov.cn/'; None when it is not an http(s) URL."""
    url = (url or "").strip().strip("\"'")
    if not url:
        return None
    if "://" not in url:
        url = "http://" + url
    p = urlsplit(url)
    if p.scheme.lower() not in ("http", "https") or not p.hostname or re.search(r"\s", p.netloc):
        return None
    return urlunsplit((p.scheme.lower(), p.netloc, p.path or "/", p.query, ""))


def _lines(text: str) -> list[str]:
    return [l for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")]


def parse_portals(text: str) -> list[dict]:
    """Portals from the text of a portals file: [{'url', 'name'}], in file order, duplicates dropped."""
    lines = _lines(text.lstrip("\ufeff"))
    out: list[dict] = []
    if not lines:
        return out
    header = [h.strip().lower() for h in next(csv.reader([lines[0]]))]
    if "url" in header:
        reader = csv.DictReader(io.StringIO("\n".join(lines)))
        reader.fieldnames = [(f or "").strip().lower() for f in reader.fieldnames or []]
        rows = [(r.get("url"), r.get("name")) for r in reader]
    else:
        rows = []
        for line in lines:
            cells = next(csv.reader([line]))
            rows.append((cells[0] if cells else "", cells[1] if len(cells) > 1 else None))
    seen = set()
    for url, name in rows:
        u = normalize_portal_url(url or "")
        if u is None or u in seen:
            continue
        seen.add(u)
        out.append({"url": u, "name": (name or "").strip() or None})
    return out


def read_portals(path: str | os.PathLike) -> list[dict]:
    """Portals from a file (CSV `url,name` or one URL per line): [{'url', 'name'}]."""
    with open(path, encoding="utf-8-sig") as f:
        return parse_portals(f.read())


def portals_from_urls(urls: str | list | tuple) -> list[dict]:
    """Portals from `-a urls=http://a/,http://b/` (or a list of URLs)."""
    items = urls.split(",") if isinstance(urls, str) else list(urls)
    out, seen = [], set()
    for item in items:
        if isinstance(item, dict):
            u, name = normalize_portal_url(item.get("url", "")), item.get("name")
        else:
            u, name = normalize_portal_url(str(item)), None
        if u and u not in seen:
            seen.add(u)
            out.append({"url": u, "name": name or None})
    return out
