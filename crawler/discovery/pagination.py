"""Other pages of a list: TRS createPageHTML, jcms record groups, pager links (下一页 / 尾页 /
numbers), script-only pagers, and how pages of one list are known as one (list_page_key)."""
from __future__ import annotations

import math
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from core.text import squash
from crawler.discovery.links import datastore_records, extract_links
from crawler.discovery.parse import base_url, body_text, resolve
from crawler.discovery.vocab import (CREATE_PAGE, EXT_VARS, HTML_LINK, INDEX_LINK, JCMS_NEXT_GROUP, JCMS_PER_PAGE,
                                     JCMS_TOTAL, JCMS_UNIT, JS_INT, JS_STRING_LITERAL, JS_URL, LAST_TEXT, LIST_NAME,
                                     LIST_STEM, LITERAL_PAGE_NAME, NEXT_TEXT, NUMBERED_PATH, PAGE_COUNT_TEXT,
                                     PAGE_COUNT_VAR, PAGE_EXT, PAGE_FUNC, PAGE_NAME_CONCAT, PAGE_PARAM,
                                     PAGE_PARAM_CONCAT, PAGE_TEXT, PATH_STEM, QUOTED_PAGE_EXT, RECORD_PARAMS,
                                     TOTAL_PAGES, VAR_NUM, YEAR_NUMBER)
from crawler.urls import canonicalize, is_attachment_url, is_http_link, looks_like_article_url

MAX_PAGES = 500  # most pages made from one pager's count or template (a larger gap is left unfilled)


def _js_args(argtext: str, raw: str) -> tuple[list[int], list[str]]:
    vars_ = {m.group(1): int(m.group(2)) for m in VAR_NUM.finditer(raw)}
    ints, strs = [], []
    for arg in (a.strip() for a in argtext.split(",")):
        if JS_INT.fullmatch(arg):
            ints.append(int(arg))
        elif JS_STRING_LITERAL.fullmatch(arg):
            strs.append(arg[1:-1])
        elif arg in vars_:
            ints.append(vars_[arg])
    return ints, strs


def trs_pages(raw: str, page_url: str, prefix_filter: str | None = None) -> list[str]:
    """Pages of a TRS list announced only by a script call createPageHTML(N, cur, "index", "html")
    (also the createPageHTML('id', N, cur, 'index', 'html', total) form, with variables):
    index.html, index_1.html … index_{N-1}.html in the page's directory."""
    out = []
    for m in CREATE_PAGE.finditer(raw or ""):
        ints, strs = _js_args(m.group(1), raw)
        if not ints or len(strs) < 2:
            continue
        count = ints[0]
        prefix, suffix = strs[-2], strs[-1].lstrip(".")
        if prefix_filter is not None and prefix != prefix_filter:
            continue
        for i in range(0, min(count, MAX_PAGES)):
            name = "%s.%s" % (prefix, suffix) if i == 0 else "%s_%d.%s" % (prefix, i, suffix)
            out.append(urljoin(page_url, name))
    return out


def _page_template(url: str):
    """(template, number) when the URL numbers a page: list_3.html, index_2.htm, ?page=3."""
    p = urlsplit(url)
    for k, v in parse_qsl(p.query, keep_blank_values=True):
        if k.lower() in PAGE_PARAM and v.isdigit():
            def make(n, p=p, k=k):
                q = [(a, str(n) if a == k else b) for a, b in parse_qsl(p.query, keep_blank_values=True)]
                return urlunsplit((p.scheme, p.netloc, p.path, urlencode(q), ""))
            return ("q", p.path, k), int(v), make
    m = NUMBERED_PATH.match(p.path)
    if m:
        def make(n, p=p, m=m):
            return urlunsplit((p.scheme, p.netloc, "%s%d%s" % (m.group(1), n, m.group(3)), p.query, ""))
        return ("p", m.group(1), m.group(3)), int(m.group(2)), make
    return None



def list_page_key(url: str) -> tuple[str, int]:
    """(list, page number) of a list page, so pages of one list are known as such
    whichever way they were reached: index_3.html -> (…/ , 3), list.jsp?page=3 ->
    (…/list.jsp, 3), dataproxy.jsp?startrecord=46&… -> (…/dataproxy.jsp?…, 46); any other
    URL is page 0 of a list of its own (its canonical form)."""
    p = urlsplit(url)
    pairs = parse_qsl(p.query, keep_blank_values=True)
    for k, v in pairs:
        if k.lower() == "startrecord" and v.isdigit():
            rest = [(a, b) for a, b in pairs if a.lower() not in RECORD_PARAMS]
            return canonicalize(urlunsplit((p.scheme, p.netloc, p.path, urlencode(rest), ""))), int(v)
    for k, v in pairs:
        if k.lower() in PAGE_PARAM and v.isdigit():
            rest = [(a, b) for a, b in pairs if a != k]
            return canonicalize(urlunsplit((p.scheme, p.netloc, p.path, urlencode(rest), ""))), int(v)
    m = NUMBERED_PATH.match(p.path)
    # index_3.html, list-3.htm - not a bare 3.htm, nor a year (list_2021.html is that year's column)
    if m and m.group(1)[:-1].rsplit("/", 1)[-1] and not YEAR_NUMBER.fullmatch(m.group(2)):
        first = m.group(1)[:-1] + m.group(3)
        return canonicalize(urlunsplit((p.scheme, p.netloc, first, p.query, ""))), int(m.group(2))
    return canonicalize(url), 0


def list_entries(root, page_url: str, raw: str | None = None) -> set[str]:
    """Canonical URLs a list page links to, its own pager (other pages of the same list)
    left out: what a further page must add for the list to be going anywhere."""
    own = list_page_key(page_url)[0]
    return {c for c in (canonicalize(l.url) for l in extract_links(root, page_url, raw))
            if list_page_key(c)[0] != own}


def jcms_pages(raw: str, page_url: str) -> list[str]:
    """Further record groups of a jcms list. The page embeds the first records in
    <datastore>; the rest come from /module/web/jpage/dataproxy.jsp with startrecord /
    endrecord / perpage - followed as GET on the <nextgroup> URL the page provides.
    Without a nextgroup URL, jcms lists also answer ?uid=UNIT&pageNum=N."""
    records = datastore_records(raw)
    if not records:
        return []
    m = JCMS_TOTAL[0].search(raw) or JCMS_TOTAL[1].search(raw)
    total = int(m.group(1)) if m else 0
    m = JCMS_PER_PAGE[0].search(raw) or JCMS_PER_PAGE[1].search(raw)
    per = int(m.group(1)) if m else max(len(records), 1)
    have = len(records)
    if total <= have:
        return []
    nxt = JCMS_NEXT_GROUP.search(raw)
    out = []
    if nxt:
        base = urljoin(page_url, nxt.group(1).replace("&amp;", "&"))
        group = max(have, per)
        sep = "&" if "?" in base else "?"
        for start in range(have + 1, total + 1, group):
            end = min(start + group - 1, total)
            out.append("%s%sstartrecord=%d&endrecord=%d&perpage=%d" % (base, sep, start, end, per))
        return out
    unit = JCMS_UNIT.search(raw)
    if unit:
        p = urlsplit(page_url)
        for n in range(2, math.ceil(total / per) + 1):
            out.append(urlunsplit((p.scheme, p.netloc, p.path, "uid=%s&pageNum=%d" % (unit.group(1), n), "")))
    return out


def page_count(root, raw: str | None = None) -> int:
    """How many pages the list says it has (0 when it does not say)."""
    raw = raw or ""
    counts = []
    text = body_text(root) if root is not None else ""
    for rx in PAGE_COUNT_TEXT:
        counts += [int(m.group(1)) for m in rx.finditer(text)]
    scripts = "\n".join(sc.text or "" for sc in root.iter("script")) if root is not None else raw
    counts += [int(m.group(1)) for m in PAGE_COUNT_VAR.finditer(scripts)]
    for m in CREATE_PAGE.finditer(scripts):
        ints, _ = _js_args(m.group(1), scripts)
        if ints:
            counts.append(ints[0])
    counts = [c for c in counts if 1 <= c <= 2000]
    return max(counts) if counts else 0


def _script_text(root) -> str:
    """Inline scripts plus the javascript: of links and their onclick handlers."""
    parts = [sc.text or "" for sc in root.iter("script")]
    for a in root.iter("a", "span", "li", "input", "button", "option", "select", "form"):
        for attr in ("onclick", "href", "onchange", "onsubmit"):
            v = a.get(attr) or ""
            if attr != "href" or v.strip().lower().startswith("javascript:"):
                parts.append(v)
    return "\n".join(parts)


def _js_value(name: str, script: str) -> str | None:
    m = re.search(r"\b%s\s*[=:]\s*['\"]([^'\"<>\s]{1,80})['\"]" % re.escape(name), script)
    return m.group(1) if m else None


def _script_convention(script: str):
    """(stem, ext, first number) the page script builds further pages with, or None:
    pageName + "_" + n + "." + pageExt -> (list, shtml, 2); "index_" + (n - 1) + ".html" ->
    (index, html, 1); a literal 'list_2.shtml' -> (list, shtml, 2)."""
    for m in PAGE_NAME_CONCAT.finditer(script):
        stem = m.group(1) if m.group(1) is not None else _js_value(m.group(2), script)
        if not stem or not PATH_STEM.fullmatch(stem):
            continue
        ext = m.group(4) or (_js_value(m.group(5), script) if m.group(5) else None)
        if not ext:  # "." + ext further on, or an ext variable named so
            e = QUOTED_PAGE_EXT.search(script[m.end():m.end() + 80])
            ext = e.group(1) if e else next((v for v in (_js_value(n, script) for n in EXT_VARS) if v), None)
        ext = (ext or "").lstrip(".")
        if not PAGE_EXT.fullmatch(ext):
            continue
        return stem, ext, 1 if "-" in m.group(3) else 2
    m = LITERAL_PAGE_NAME.search(script)
    if m and LIST_STEM.match(m.group(1)) and int(m.group(2)) == 2:
        return m.group(1), m.group(3), 2
    return None


def _own_stem(root, page_url: str):
    """(stem, ext) of a list page's own URL when it is a list name (index.html, list_3.shtml,
    default.htm; a directory is its index page with the extension its links use), else None."""
    path = urlsplit(page_url).path
    name = path.rsplit("/", 1)[-1]
    if name:
        m = LIST_NAME.fullmatch(name)
        if m and LIST_STEM.match(m.group(1)):
            return m.group(1), m.group(2)
        return None
    exts = [m.group(1).lower() for a in root.iter("a")
            for m in [INDEX_LINK.search(urlsplit(a.get("href") or "").path)] if m]
    if not exts:  # no index link: the extension most of the page's links use
        exts = [m.group(1).lower() for a in root.iter("a")
                for m in [HTML_LINK.search(urlsplit(a.get("href") or "").path)] if m]
    return ("index", max(set(exts), key=exts.count)) if exts else None


def script_pages(root, page_url: str, raw: str | None = None) -> list[str]:
    """Other pages of a list whose pager is script only (onclick="goPage(2)",
    href="javascript:toPage(3)"), from the page count the list shows and the naming its
    script reveals: a page parameter ("?page=" + n), or stem_N.ext ("list_" + n,
    pageName + "_" + n + "." + pageExt; "_" + (n - 1) is the TRS index_1 = page 2 rule).
    When the script does not say, the list's own name (index.shtml, list.html) is numbered
    stem_1 … stem_N: TRS numbers page 2 index_1, others list_2, and both are covered at
    the cost of one missing page."""
    if root is None:
        return []
    script = _script_text(root)
    total = page_count(root, raw)
    if total < 2:
        return []
    total = min(total, MAX_PAGES)
    directory = urlsplit(page_url).path.rsplit("/", 1)[0] + "/"
    m = PAGE_PARAM_CONCAT.search(script)
    if m:
        return [urljoin(page_url, m.group(1) + str(n)) for n in range(2, total + 1)]
    conv = _script_convention(script)
    if conv:
        stem, ext, first = conv
        base = urljoin(page_url, directory)
        return [urljoin(base, "%s_%d.%s" % (stem, n, ext)) for n in range(first, first + total - 1)]
    if not PAGE_FUNC.search(script):
        return []  # the count alone, with no pager function: nothing says the pages exist by name
    own = _own_stem(root, page_url)
    if not own:
        return []
    stem, ext = own
    base = urljoin(page_url, directory)
    return [urljoin(base, "%s_%d.%s" % (stem, n, ext)) for n in range(1, total + 1)]


def pagination_links(root, page_url: str, raw: str | None = None) -> list[str]:
    """Other pages of the list `page_url` shows, in page order: TRS createPageHTML pages,
    jcms record groups, 下一页 / 尾页 / numbered links, and every page between the
    first and the last when the pager numbers them (index_N, list_N, ?page=N)."""
    raw = raw or ""
    out = trs_pages(raw, page_url) + jcms_pages(raw, page_url)
    if root is not None:
        base = base_url(root, page_url)
        found: list[tuple[str, str]] = []
        for a in root.iter("a"):
            t = squash(a.text_content() or a.get("title"))
            kind = ("next" if NEXT_TEXT.match(t) else "last" if LAST_TEXT.match(t)
                    else "num" if PAGE_TEXT.match(t) else None)
            if not kind:
                continue
            href = a.get("href")
            if not is_http_link(href):
                m = JS_URL.search(a.get("onclick") or "")
                href = m.group(1) if m else None
            url = resolve(base, href) if href else None
            if not url or looks_like_article_url(url) or is_attachment_url(url):
                continue
            if kind == "num" and not _page_template(url) and not _same_dir(url, page_url):
                continue
            found.append((kind, url))
        out += [u for _, u in found]
        # fill the gaps: the pager shows 1 2 3 … 9 尾页 but every page holds entries
        total = TOTAL_PAGES.search(body_text(root))
        groups: dict = {}
        for _, u in found:
            tpl = _page_template(u)
            if tpl:
                groups.setdefault(tpl[0], (tpl[2], []))[1].append(tpl[1])
        for key, (make, nums) in groups.items():
            hi = max(nums)
            if total and int(total.group(1)) > hi and int(total.group(1)) - hi <= MAX_PAGES:
                hi = int(total.group(1)) if min(nums) >= 2 else int(total.group(1)) - 1
            lo = min(nums)
            for n in range(lo, hi + 1):
                out.append(make(n))
        if not out:  # no page link at all: a script-only pager (goPage(n)) and a page count
            out += script_pages(root, page_url, raw)
    seen, ordered = {canonicalize(page_url)}, []
    for u in out:
        c = canonicalize(u)
        if c not in seen:
            seen.add(c)
            ordered.append(u)
    return ordered


def _same_dir(a: str, b: str) -> bool:
    return urlsplit(a).path.rsplit("/", 1)[0] == urlsplit(b).path.rsplit("/", 1)[0]
