"""URL rules over plain strings: canonical form, same-site checks, crawler traps, document-type URLs.
The spider requests clean_url(u) and remembers canonicalize(u), so /a/index.html?sid=1 and /a/ are fetched once.
"""
from __future__ import annotations

import re
from urllib.parse import (parse_qsl, quote, quote_from_bytes, unquote, unquote_to_bytes, urlencode, urljoin, urlsplit,
                          urlunsplit)

from core.formats import FILE_EXT_PATTERN, FILE_EXTENSIONS, path_extension

# Query parameters that name a session or a campaign, never the document.
# Government CMSs (TRS, jcms, PHPCMS, ASP.NET sites) append these to every link.
_SESSION_PARAMS = {
    "sid", "jsessionid", "phpsessid", "sessionid", "session_id", "sessid",
    "aspsessionid", "cfid", "cftoken", "sessionkey",
}
_SESSION_PREFIXES = ("utm_", "aspsessionid")
# Cache-busters: jQuery's _=1700000000000, ?t=<epoch>, ?r=Math.random(). A page that
# renders them into its links makes a new URL for the same document on every visit.
_BUSTER_PARAMS = {"_", "__", "t", "ts", "timestamp", "time", "r", "rnd", "rand", "random", "nocache", "math"}
_BUSTER_VALUE = re.compile(r"^(\d{10}|\d{13}|0?\.\d{5,})$")
# ;jsessionid=ABC in the path (Java servlet URL rewriting), any case; ASP.NET cookieless
# sessions put a whole segment in: /(S(lit3py55t21z5v55vlm25s55))/page.aspx
_PATH_SESSION = re.compile(r";(?:jsessionid|sid|phpsessid|sessionid)=[^/?#;]*|/\((?:[A-Z]\([^()/]*\))+\)(?=/|$)", re.I)
# Default documents a directory URL serves: folding them makes /a/ and /a/index.html one URL.
_DEFAULT_DOCS = ("index.html", "index.htm", "index.shtml", "default.htm", "default.html")
_DEFAULT_PORTS = {"http": 80, "https": 443}

# --- trap rules -----------------------------------------------------------------
MAX_URL_LENGTH = 400      # CMS article URLs stay far below; generated traps grow without end
MAX_PATH_DEPTH = 12       # deepest real CMS paths: /html/zwgk/ndbg/2021/0311/123.htm (6)
# a /search/ directory is site search; search.jsp alone is not (jcms 信息公开 lists are
# /module/xxgk/search.jsp?infotypeId=…) - it is a search when it carries a query (below)
# (TRS WAS5 /was5/web/search, Hanweb /jrobot/search.do and /jsearchfront/search.do, 大汉 /jsearch/)
_SEARCH_SEGMENTS = re.compile(r"^(search|so|sousuo|jsearch|jsearchfront|searchfront|fulltextsearch|fullsearch|"
                              r"sitesearch|globalsearch|jrobot|was5|trssearch|qwjs)$", re.I)
_SEARCH_PARAMS = {"q", "keyword", "keywords", "searchword", "searchkey", "kw", "wd", "query"}
_CALENDAR_SEGMENTS = re.compile(r"^(calendar|rili|rl|cal)$", re.I)
_DATE_PARAMS = {"date", "day", "month", "mm", "dd", "riqi", "rq", "time", "startdate", "enddate",
                "start_date", "end_date", "begindate", "begin", "end", "start"}
_DATE_VALUE = re.compile(r"^(19|20)\d{2}[-/.]?\d{1,2}([-/.]?\d{1,2})?$|^\d{1,2}$")
# A full calendar date as a parameter value, whatever the parameter is called
# (?ymd=2021-01-01, ?d=2021/1/1): a page per day. Compact 20210101 only under a
# date-like name, since ids can be eight digits too.
_FULL_DATE = re.compile(r"^(19|20)\d{2}([-/.])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])$")
_COMPACT_DATE = re.compile(r"^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")
_DATE_NAME = re.compile(r"date|day|ymd|rq|riqi|time", re.I)
# Month (or day) archives as directories: /2021/01/, /2021-01/, /2021/01/15/. CMS article
# directories (/202103/t2021….html, /art/2021/3/11/art_….html) hold files, and are not
# requested as directories; a calendar widget links these and a next month forever.
_MONTH_DIR = re.compile(r"/(19|20)\d{2}(/|-)(0[1-9]|1[0-2])(/|-)((0[1-9]|[12]\d|3[01])/)?$")
MAX_NUMERIC_RUN = 5       # /more/1/2/3/4/5/: generated; /art/2021/3/11/ is three
# a page named by a full date (/rili/2021-01-01.html, /day/2021_1_1.htm): one per day
_DATE_NAME_FILE = re.compile(r"^(19|20)\d{2}([-_.])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(\.\w+)?$")


def _split(url: str):
    """urlsplit as a browser - and Scrapy's w3lib - reads the URL: in an http(s) URL a
    backslash is a slash. Without this, http://169.254.169.254\\@portal/ parses here
    as the portal (user '169.254.169.254\\') but is requested from 169.254.169.254."""
    url = (url or "").strip()
    if "\\" in url and url[:6].lower().startswith(("http:", "https:")):
        url = url.replace("\\", "/")
    return urlsplit(url)


def _port(parts) -> int | None:
    try:
        return parts.port
    except ValueError:  # a malformed port such as :80a
        return None


_SEG_SAFE = ":@!$&'()*+,;=-._~"


def _norm_path(path: str) -> str:
    """Resolve . and .. segments and re-quote consistently (Chinese paths appear raw and
    quoted), segment by segment and byte for byte: %2e%2e is a '..' segment (RFC 3986
    6.2.2.2, as browsers read it), but %2F stays an encoded slash inside its segment, %25
    stays a literal percent, and GBK-quoted names are kept as the bytes they are."""
    if not path:
        return "/"
    out: list[bytes] = []
    segs = path.split("/")
    for seg in segs:
        raw = unquote_to_bytes(seg)
        if raw in (b"", b"."):
            continue
        if raw == b"..":
            if out:
                out.pop()
            continue
        out.append(raw)
    last = unquote_to_bytes(segs[-1])
    trailing = path.endswith("/") or last in (b".", b"..")
    norm = "/" + "/".join(quote_from_bytes(b, safe=_SEG_SAFE) for b in out)
    if trailing and out:
        norm += "/"
    return norm


def _is_session_param(key: str, value: str) -> bool:
    k = key.lower()
    if k in _SESSION_PARAMS or k.startswith(_SESSION_PREFIXES):
        return True
    return k in _BUSTER_PARAMS and bool(_BUSTER_VALUE.match(value.strip()))


def _clean_query(query: str, sort: bool) -> str:
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _is_session_param(k, v)]
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
    session ids (sid, jsessionid incl. ;jsessionid= in the path, PHPSESSID, ASP.NET
    cookieless segments, utm_*) and cache-busters (_=<epoch>, r=<random>) dropped,
    dot segments resolved, query sorted, trailing index.html / index.htm /
    index.shtml / default.htm folded to the directory."""
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
    an explicit port must match exactly. Credentials in the URL (x@host) are never
    the same site."""
    a, b = _split(url), _split(portal_url)
    if a.scheme.lower() not in ("http", "https"):
        return False
    if "@" in a.netloc:  # user:password@host - portals never link so; it only serves to disguise a host
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
    calendars and date archives that generate a page per day or month (?date=D under
    any parameter name, /2021/01/ directories, pages named by a date), site search
    (robots.txt usually forbids it, and it yields copies), and generated URLs that
    only grow (very long, very deep, a run of numeric segments). Endless pagination
    is not visible in one URL: crawler.middlewares.budget.ListWalk ends it."""
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
    run = longest = 0
    for s in segs:
        run = run + 1 if s.isdigit() else 0
        longest = max(longest, run)
    if longest >= MAX_NUMERIC_RUN:
        return "generated numeric path (%d numeric segments)" % longest
    for s in segs:
        if _SEARCH_SEGMENTS.search(s):
            return "search page (%s)" % s
    params = [(k.lower(), v) for k, v in parse_qsl(p.query, keep_blank_values=True)]
    if any(k in _SEARCH_PARAMS for k, _ in params):
        return "search query"
    dated = [k for k, v in params if k in _DATE_PARAMS and _DATE_VALUE.match(v.strip())]
    if dated and (len(dated) >= 2 or any(k not in ("begin", "end", "start", "time") for k in dated)):
        return "date-parameter page (%s)" % ",".join(dated)
    dated = [k for k, v in params if _FULL_DATE.match(v.strip()) or (_DATE_NAME.search(k) and _COMPACT_DATE.match(v.strip()))]
    if dated and not looks_like_article_url(url):   # an article link that also carries its date is an article
        return "date-parameter page (%s)" % ",".join(dated)
    folder = p.path
    head, _, last = folder.rpartition("/")
    if last.lower() in _DEFAULT_DOCS:
        folder = head + "/"
    if _MONTH_DIR.search(folder):
        return "month archive (calendar directory)"
    if segs and _DATE_NAME_FILE.match(segs[-1]):
        return "date page (%s)" % segs[-1]
    if any(_CALENDAR_SEGMENTS.match(s) for s in segs) and (p.query or any(re.fullmatch(r"\d{1,8}(\.\w+)?", s) for s in segs)):
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
# download.jsp?filename=x.pdf: a download script naming the file it serves. Only a filename=
# parameter counts here, unlike core.formats.url_extension (any ".pdf" in the query): this rule
# decides which links are fetched as files, and widening it would change that.
_FILENAME_PARAM = re.compile(r"filename=[^&]*\.(%s)(&|$)" % FILE_EXT_PATTERN, re.I)
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


def _file_ext(name: str) -> str | None:
    """The document extension a decoded path or file name ends with, or None (core.formats'
    reading of a last segment; the regex this replaced also matched before a final newline,
    so a %0A-terminated path still counts)."""
    ext = path_extension(name[:-1] if name.endswith("\n") else name)
    return ext if ext in FILE_EXTENSIONS else None


def attachment_ext(url: str, text: str | None = None) -> str | None:
    """The document extension named by the URL's path, the anchor text (「XX年报.pdf」 pointing
    at download.jsp?id=…) or a filename= parameter, lower-case, or None. Built on
    core.formats.path_extension; it differs from url_extension in reading the anchor text
    and in taking only a filename= parameter from the query (_FILENAME_PARAM)."""
    p = _split(url)
    ext = _file_ext(unquote(p.path)) or _file_ext((text or "").strip())
    if ext:
        return ext
    m = _FILENAME_PARAM.search(unquote(p.query))
    return m.group(1).lower() if m else None


def is_attachment_url(url: str, text: str | None = None) -> bool:
    """A link to an uploaded document (PDF, Word, Excel, WPS) rather than a page: a document
    extension (attachment_ext), or a CMS download path (_ATTACH_PATH) that is not a page."""
    p = _split(url)
    path = unquote(p.path)
    if _IMAGE_EXT.search(path):
        return False
    if attachment_ext(url, text):
        return True
    full = path + ("?" + p.query if p.query else "")
    return bool(_ATTACH_PATH.search(full)) and not re.search(r"\.s?html?$", path, re.I) and bool(
        p.query or re.search(r"\.\w{2,4}$", path))


def looks_like_article_url(url: str) -> bool:
    """URL shaped like a CMS article (one document) rather than a column or list."""
    p = _split(url)
    s = unquote(p.path) + ("?" + p.query if p.query else "")
    return bool(_ARTICLE.search(s)) and not re.search(r"/(index|list)(_\d+)?\.s?html?$", p.path, re.I)


def looks_like_list_url(url: str) -> bool:
    """URL shaped like a column index or a list page."""
    p = _split(url)
    return bool(_LIST.search(unquote(p.path) + ("?" + p.query if p.query else "")))


# the parameter an online viewer (pdf.js viewer.html, preview.jsp) takes the file in
_VIEWER_PARAMS = ("file", "url", "path", "src", "fileurl", "filepath", "doc")


def unwrap_viewer(url: str) -> str:
    """The document behind an online viewer link (/pdfjs/web/viewer.html?file=/upload/x.pdf,
    preview.jsp?url=…): the file itself, else the URL unchanged."""
    p = _split(url)
    if not p.query or _file_ext(unquote(p.path)):
        return url
    for k, v in parse_qsl(p.query, keep_blank_values=True):
        if k.lower() in _VIEWER_PARAMS and _file_ext(v.split("?")[0]):
            return urljoin(url, v)
    return url
