"""The portals list: which homepages to crawl.

Two forms are accepted, blank lines and # comments ignored:
  * CSV with a header naming a `url` column (`url,name`; name optional, other
    columns ignored; 网址 / 名称 headers too, as Chinese spreadsheets write them);
  * a plain list of homepage URLs, one per line (an optional ",name" after the URL).

The file may be UTF-8 (with or without a BOM), UTF-16 with a BOM, or GBK / GB18030
(what Chinese Excel saves). Each line is read on its own, so one bad line (not an
http(s) URL, an unclosed quote) is skipped with its line number and reason and never
takes the lines after it along; a URL listed twice is one portal (the first name
given is kept). ``read_portals_file`` returns all of that as a ``PortalsRead``.
"""
from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from core.errors import UserError

URL_HEADERS = ("url", "网址", "链接", "地址", "网站地址", "门户网址")
NAME_HEADERS = ("name", "名称", "网站名称", "单位", "单位名称", "门户名称")
# tried in order: a BOM decides first; GB18030 is a superset of GBK and GB2312
ENCODINGS = ("utf-8", "gb18030")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):(?!\d)")   # 'javascript:' yes, 'host:8080' no
_BAD_HOST = re.compile(r"[\s<>\"'(){}|\\^`,;]")


class PortalsFileError(UserError):
    """The portals file cannot be used at all; str() is the one line to print."""


@dataclass
class PortalsRead:
    """What was read from a portals file."""

    path: str
    encoding: str = "utf-8"
    portals: list = field(default_factory=list)     # [{'url', 'name', 'line'}]
    skipped: list = field(default_factory=list)     # [(line number, reason)]
    duplicates: list = field(default_factory=list)  # [(line number, line of the first)]

    def summary(self) -> str:
        """One line: what was read, for the user."""
        parts = ["%d portal(s)" % len(self.portals)]
        if self.duplicates:
            parts.append("%d duplicate(s) merged" % len(self.duplicates))
        if self.skipped:
            parts.append("%d bad line(s) skipped" % len(self.skipped))
        return "portals: %s read from %s (%s)" % (", ".join(parts), self.path, self.encoding)


def url_problem(url: str) -> str | None:
    """Why `url` is not a portal homepage URL, or None when it is one."""
    raw = (url or "").strip().strip("\"'")
    if not raw:
        return "no URL"
    m = _SCHEME.match(raw)
    if m and not raw[m.end():].startswith("//"):
        return "not an http(s) URL: %r" % raw[:80]
    candidate = raw if "://" in raw else "http://" + raw
    p = urlsplit(candidate)
    if p.scheme.lower() not in ("http", "https"):
        return "not an http(s) URL: %r" % raw[:80]
    if not p.hostname or _BAD_HOST.search(p.netloc):
        return "no valid host name in %r" % raw[:80]
    try:
        p.port
    except ValueError:
        return "bad port in %r" % raw[:80]
    return None


def normalize_portal_url(url: str) -> str | None:
    """'www.x.gov.cn' -> 'http://www.x.gov.cn/'; None when it is not an http(s) URL."""
    if url_problem(url) is not None:
        return None
    url = url.strip().strip("\"'")
    if "://" not in url:
        url = "http://" + url
    p = urlsplit(url)
    return urlunsplit((p.scheme.lower(), p.netloc.lower(), p.path or "/", p.query, ""))


def decode_portals(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a portals file's bytes; PortalsFileError when it is no text."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8 with BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise PortalsFileError("is not a text file (it holds NUL bytes): save it as CSV (UTF-8)")
    for enc in ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise PortalsFileError("is neither UTF-8 nor GBK/GB18030 text: save it as CSV (UTF-8)")


def _cells(line: str) -> list[str] | None:
    """The cells of one CSV line; None for an unclosed quote (a quote count that is odd)."""
    if line.count('"') % 2:
        return None
    return [c.strip() for c in next(csv.reader([line]))]


def _header_columns(cells: list[str]) -> tuple[int, int | None] | None:
    """(url column, name column) when the line is a header naming a URL column."""
    low = [c.strip().lower() for c in cells]
    url_col = next((i for i, c in enumerate(low) if c in URL_HEADERS), None)
    if url_col is None:
        return None
    name_col = next((i for i, c in enumerate(low) if c in NAME_HEADERS), None)
    return url_col, name_col


def parse_portals_text(text: str, path: str = "<text>", encoding: str = "utf-8") -> PortalsRead:
    """A PortalsRead from the text of a portals file (see the module docstring)."""
    read = PortalsRead(path=path, encoding=encoding)
    columns: tuple[int, int | None] | None = None
    first_line: dict[str, int] = {}
    by_url: dict[str, dict] = {}
    seen_content = False
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = _cells(line)
        if cells is None:
            read.skipped.append((number, "unclosed quote"))
            continue
        if not seen_content:
            seen_content = True
            columns = _header_columns(cells)
            if columns is not None:
                continue
        url_col, name_col = columns if columns is not None else (0, 1)
        url = cells[url_col] if url_col < len(cells) else ""
        name = cells[name_col] if name_col is not None and name_col < len(cells) else None
        problem = url_problem(url)
        if problem is not None:
            read.skipped.append((number, problem))
            continue
        u = normalize_portal_url(url)
        if u in by_url:
            read.duplicates.append((number, first_line[u]))
            if not by_url[u]["name"] and name:
                by_url[u]["name"] = name
            continue
        first_line[u] = number
        by_url[u] = {"url": u, "name": (name or "").strip() or None, "line": number}
        read.portals.append(by_url[u])
    return read


def read_portals_file(path: str | os.PathLike) -> PortalsRead:
    """Read a portals file; PortalsFileError (one line) when it cannot be read at all."""
    path = os.fspath(path)
    if os.path.isdir(path):
        raise PortalsFileError("portals file %s is a directory" % path)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        raise PortalsFileError("no such portals file: %s" % path) from None
    except OSError as e:
        raise PortalsFileError("cannot read portals file %s: %s" % (path, e.strerror or e)) from None
    try:
        text, encoding = decode_portals(data)
    except PortalsFileError as e:
        raise PortalsFileError("portals file %s %s" % (path, e)) from None
    return parse_portals_text(text, path, encoding)


def read_portals_to_crawl(path: str | os.PathLike, warn) -> PortalsRead:
    """A portals file that `nianbao crawl` or `nianbao enqueue` takes: each bad line said
    through ``warn(line)``, PortalsFileError when no portal is left to crawl."""
    read = read_portals_file(path)
    for number, reason in read.skipped:
        warn("%s line %d skipped: %s" % (os.fspath(path), number, reason))
    if not read.portals:
        raise PortalsFileError("no portal URL in %s (one http(s) URL per line, or a CSV with a url column)"
                               % os.fspath(path))
    return read


def parse_portals(text: str) -> list[dict]:
    """Portals from the text of a portals file: [{'url', 'name'}], in file order, duplicates merged."""
    return [{"url": p["url"], "name": p["name"]} for p in parse_portals_text(text).portals]


def read_portals(path: str | os.PathLike) -> list[dict]:
    """Portals from a file (CSV `url,name` or one URL per line): [{'url', 'name'}]."""
    return [{"url": p["url"], "name": p["name"]} for p in read_portals_file(path).portals]


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
