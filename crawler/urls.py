"""URL rules: canonical form, same-site checks, crawler-trap detection.

Plain functions over strings; no network, no state. The spider requests
`clean_url(u)` (what the server needs) and remembers `canonicalize(u)` (what
identifies the resource), so a page linked as `/a/index.html?sid=1` and `/a/`
is fetched once.
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Query parameters that name a session or a campaign, never the document.
# Government CMSs (TRS, jcms, PHPCMS, ASP.NET sites) append these to every link.
_SESSION_PARAMS = {
    "sid", "jsessionid", "phpsessid", "sessionid", "session_id", "sessid",
    "aspsessionid", "cfid", "cftoken", "sessionkey",
}
_SESSION_PREFIXES = ("utm_", "aspsessionid")
# ;jsessionid=ABC in the path (Java servlet URL rewriting), any case.
_PATH_SESSION = re.compile(r";(?:jsessionid|sid|phpsessid|sessionid)=[^/?#;]*", re.I)
# Default documents a directory URL serves: folding them makes /a/ and /a/index.html one URL.
_DEFAULT_DOCS = ("index.html", "index.htm", "index.shtml", "default.htm", "default.html")
_DEFAULT_PORTS = {"http": 80, "https": 443}

# --- trap rules -----------------------------------------------------------------
MAX_URL_LENGTH = 400      # CMS article URLs stay far below; generated traps grow without end
MAX_PATH_DEPTH = 12       # deepest real CMS paths: /html/zwgk/ndbg/2021/0311/123.htm (6)
# a /search/ directory is site search; search.jsp alone is not (jcms 信息公开 lists are
# /module/xxgk/search.jsp?infotypeId=…) - it is a search when it carries a query (below)
_SEARCH_SEGMENTS = re.compile(r"^(search|so|sousuo|jsearch|fulltextsearch|fullsearch|jrobot)$", re.I)
_SEARCH_PARAMS = {"q", "keyword", "keywords", "searchword", "searchkey", "kw", "wd", "query"}
_CALENDAR_SEGMENTS = re.compile(r"^(calendar|rili|rl|cal)$", re.I)
_DATE_PARAMS = {"date", "day", "month", "mm", "dd", "riqi", "rq", "time", "startdate", "enddate",
                "start_date", "end_date", "begindate", "begin", "end", "start"}
_DATE_VALUE = re.compile(r"^(19|20)\d{2}[-/.]?\d{1,2}([-/.]?\d{1,2})?$|^\d{1,2}$")


def _split(url: str):
    return urlsplit((url or "").strip())


def _port(parts) -> int | None:
    try:
        return parts.port
    except ValueError:  # a malformed port such as :80a
        return None


def _norm_path(path: str) -> str:
    """Resolve . and .. segments and re-quote consistently (Chinese paths appear raw and quoted)."""
    if not path:
        return "/"
    trailing = path.endswith("/")
    path = posixpath.normpath(path)
    if path in (".", "//"):
        path = "/"
    if not path.startswith("/"):
        path = "/" + path
    if path.startswith("//"):  # normpath keeps a leading //
        path = "/" + path.lstrip("/")
    if trailing and not path.endswith("/"):
        path += "/"
    return quote(unquote(path), safe="/%:@!$&'()*+,;=-._~")


def _clean_query(query: str, sort: bool) -> str:
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
             if k.lower() not in _SESSION_PARAMS and not k.lower().startswith(_SESSION_PREFIXES)]
    if sort:
        pairs.sort()
    return urlencode(pairs, quote_via=quote, safe="/:@!$'()*,;-._~")


def clean_url(url: str) -> str:
    """The URL to request: fragment and session ids removed, everything else as published."""
    p = _split(url)
    path = _PATH_SESSION.sub("", p.path)
    query = _clean_query(p.query, sort=False) if p.query else ""
    return urlunsplit((p.scheme.lower(), p.netloc.lower(), path or "/", query, ""))


def canonicalize(url: str) -> str:
    """Identity of a URL: lower-case scheme and host, default port dropped, fragment,
    session ids (sid, jsessionid incl. ;jsessionid= in the path, PHPSESSID, utm_*)
    dropped, query sorted, trailing index.html / index.htm / index.shtml /
    default.htm folded to the directory."""
    p = _split(url)
    scheme = (p.scheme or "http").lower()
    host = (p.hostname or "").lower()
    port = _port(p)
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else "%s:%d" % (host, port)
    path = _norm_path(_PATH_SESSION.sub("", p.path))
    head, _, last = path.rpartition("/")
    if last.lower() in _DEFAULT_DOCS:
        path = head + "/"
    query = _clean_query(p.query, sort=True) if p.query else ""
    return urlunsplit((scheme, netloc, path, query, ""))


def host_port(url: str) -> tuple[str, int | None]:
    """(lower-case host, effective port) of a URL."""
    p = _split(url)
    scheme = (p.scheme or "http").lower()
    port = _port(p)
    return (p.hostname or "").lower(), port if port is not None else _DEFAULT_PORTS.get(scheme)


def same_site(url: str, portal_url: str) -> bool:
    """True when `url` is on the portal's own host and port. Another host - a
    sibling subdomain, an internal address, a CDN - is never followed.

    One allowance: the same host moving between http and https on the default
    ports (portals redirect http://x/ to https://x/) counts as the same site;
    an explicit port must match exactly."""
    a, b = _split(url), _split(portal_url)
    if a.scheme.lower() not in ("http", "https"):
        return False
    ha, pa = host_port(url)
    hb, pb = host_port(portal_url)
    if not ha or ha != hb:
        return False
    if pa == pb:
        return True
    explicit = _port(a) is not None or _port(b) is not None
    return not explicit and {pa, pb} <= {80, 443}


def looks_like_trap(url: str) -> str | None:
    """Why this URL is probably a crawler trap, or None.

    Traps on portals: symlink loops that repeat path segments (/a/next/next/next/),
    calendars and date-parameter archives that generate a page per day, site search
    (robots.txt usually forbids it, and it yields copies), and generated URLs that
    only grow (very long, very deep)."""
    if len(url) > MAX_URL_LENGTH:
        return "very long URL (%d characters)" % len(url)
    p = _split(url)
    segs = [s for s in unquote(p.path).split("/") if s]
    if len(segs) > MAX_PATH_DEPTH:
        return "deep path (%d segments)" % len(segs)
    counts: dict[str, int] = {}
    for s in segs:
        counts[s.lower()] = counts.get(s.lower(), 0) + 1
    for s, n in counts.items():
        if n >= 3:
            return "repeating path segment %r (%d times)" % (s, n)
    low = [s.lower() for s in segs]
    for size in range(2, len(low) // 2 + 1):  # /a/b/a/b/: a repeated run of segments
        for i in range(len(low) - 2 * size + 1):
            if low[i:i + size] == low[i + size:i + 2 * size]:
                return "repeating path sequence %r" % "/".join(low[i:i + size])
    for s in segs:
        if _SEARCH_SEGMENTS.search(s):
            return "search page (%s)" % s
    params = [(k.lower(), v) for k, v in parse_qsl(p.query, keep_blank_values=True)]
    if any(k in _SEARCH_PARAMS for k, _ in params):
        return "search query"
    dated = [k for k, v in params if k in _DATE_PARAMS and _DATE_VALUE.match(v.strip())]
    if dated and (len(dated) >= 2 or any(k not in ("begin", "end", "start", "time") for k in dated)):
        return "date-parameter page (%s)" % ",".join(dated)
    if any(_CALENDAR_SEGMENTS.match(s) for s in segs) and (p.query or any(re.fullmatch(r"\d{1,4}", s) for s in segs)):
        return "calendar page"
    if len(params) > 12:
        return "too many query parameters"
    return None


def is_http_link(href: str | None) -> bool:
    """Links worth resolving: not mailto:, javascript:, tel:, data: or an in-page anchor."""
    if not href:
        return False
    h = href.strip().lower()
    return bool(h) and not h.startswith(("#", "mailto:", "javascript:", "tel:", "data:", "about:", "file:", "ftp:"))


# --- document-type URLs ------------------------------------------------------------
ATTACHMENT_EXTS = ("pdf", "doc", "docx", "xls", "xlsx", "wps", "et")
_ATTACH_EXT = re.compile(r"\.(pdf|docx?|xlsx?|wps|et)$", re.I)
# Paths and scripts through which CMSs serve uploaded files: /attach/0/x.pdf (jcms),
# /uploadfile/2021/0311/x.docx (PHPCMS), P0201…pdf under the article (TRS),
# /module/download/downfile.jsp?filename=… (jcms), download.jsp?id=…, /attachment/…
_ATTACH_PATH = re.compile(
    r"/(attach|attachment|attachments|attached|uploadfile|uploadfiles|upload|uploads|files?|fujian|fj|"
    r"download|downloads|resource/attach)/|"
    r"(download|downfile|downloadfile|getfile|filedown|fileDownload|attachment)\w*\.(jsp|do|aspx?|php|action)", re.I)
_IMAGE_EXT = re.compile(r"\.(jpe?g|png|gif|bmp|svg|webp|ico|css|js|mp4|mp3|flv|swf|zip|rar|7z|exe|apk)$", re.I)
_ARTICLE = re.compile(
    r"(/|^)t\d{8}_\d+(_\d+)?\.s?html?$|"           # TRS: t20200306_8749738.html
    r"/art_\d+_\d+\.s?html?$|"                       # jcms: /art/2020/2/27/art_18454_7717794.html
    r"/(content|post|detail|details|show|view|article|info)[_/-]?\d+(_\d+)?\.s?html?$|"  # post_8638347.html
    r"/\d{4}[-/]?\d{2}/?\d{0,2}/[^/?]*\d{4,}[^/?]*\.s?html?$|"  # /2021/0311/4466881.htm, /202103/abc123.html
    r"/\d{5,}(_\d+)?\.s?html?$|"                     # /4466881.htm
    r"[?&](id|aid|articleid|contentid|infoid|newsid|docid|itemid|artid|guid|uuid|fileid|cid)=\w+", re.I)
_LIST = re.compile(r"/(index|list|default)(_\d+)?\.(s?html?|jsp|php|aspx?)$|/col/col\d+/|/$|[?&](page|pagenum|pageno|pageindex|p)=\d+", re.I)


def is_attachment_url(url: str, text: str | None = None) -> bool:
    """A link to an uploaded document (PDF, Word, Excel, WPS) rather than a page."""
    p = _split(url)
    path = unquote(p.path)
    if _IMAGE_EXT.search(path):
        return False
    if _ATTACH_EXT.search(path):
        return True
    if text and _ATTACH_EXT.search(text.strip()):  # 「XX年报.pdf」 pointing at download.jsp?id=…
        return True
    if re.search(r"filename=[^&]*\.(pdf|docx?|xlsx?|wps|et)(&|$)", unquote(p.query), re.I):
        return True
    full = path + ("?" + p.query if p.query else "")
    return bool(_ATTACH_PATH.search(full)) and not re.search(r"\.s?html?$", path, re.I) and bool(
        p.query or re.search(r"\.\w{2,4}$", path))


def attachment_ext(url: str, text: str | None = None) -> str | None:
    """The document extension named by the URL (or the anchor text), lower-case, or None."""
    m = _ATTACH_EXT.search(unquote(_split(url).path)) or _ATTACH_EXT.search((text or "").strip())
    if not m:
        m = re.search(r"filename=[^&]*\.(pdf|docx?|xlsx?|wps|et)(&|$)", unquote(_split(url).query), re.I)
    return m.group(1).lower() if m else None


def looks_like_article_url(url: str) -> bool:
    """URL shaped like a CMS article (one document) rather than a column or list."""
    p = _split(url)
    s = unquote(p.path) + ("?" + p.query if p.query else "")
    return bool(_ARTICLE.search(s)) and not re.search(r"/(index|list)(_\d+)?\.s?html?$", p.path, re.I)


def looks_like_list_url(url: str) -> bool:
    """URL shaped like a column index or a list page."""
    p = _split(url)
    return bool(_LIST.search(unquote(p.path) + ("?" + p.query if p.query else "")))


def unwrap_viewer(url: str) -> str:
    """The document behind an online viewer link (/pdfjs/web/viewer.html?file=/upload/x.pdf,
    preview.jsp?url=…): the file itself, else the URL unchanged."""
    p = _split(url)
    if not p.query or _ATTACH_EXT.search(unquote(p.path)):
        return url
    for k, v in parse_qsl(p.query, keep_blank_values=True):
        if k.lower() in ("file", "url", "path", "src", "fileurl", "filepath", "doc") and _ATTACH_EXT.search(v.split("?")[0]):
            from urllib.parse import urljoin
            return urljoin(url, v)
    return url
