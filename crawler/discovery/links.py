"""Every link of a page: anchors (with text, date and box heading), onclick menus, frames,
jump menus, script redirects and data endpoints, jcms datastore records, JSON list entries."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from core.text import find_date, squash
from crawler.discovery.parse import base_url, resolve, text_of
from crawler.discovery.vocab import (CUT_SHORT, DATE_TAIL, GENERIC_LINK, HEADING_XPATH, JS_CALL_URL, JS_CHINESE_STRING,
                                     JS_DATA_URL, JS_URL, JSON_DATE, JSON_EPOCH_DIGITS, JSON_EPOCH_YEARS,
                                     JSON_TITLE_KEYS, JSON_TITLE_LIKE, JSON_URL_KEYS, JSON_URLISH,
                                     MORE_TAIL, NOT_DATA, RECORD)
from crawler.urls import is_http_link


@dataclass
class Link:
    url: str
    text: str = ""
    date: str | None = None      # YYYY-MM-DD printed beside the link in a list
    heading: str | None = None   # heading of the box a generic 「更多」 link belongs to
    source: str = "a"            # a | datastore | frame | option | script | data (endpoint) | json (its records)


def _visible_text(el) -> str:
    """Text of an element without its <script>/<style>; when a script writes the text
    (<a><script>var t="…"; document.write(t.substr(0,20))</script></a>, as list templates
    that shorten titles do), the longest Chinese string literal of that script."""
    try:
        text = squash("".join(el.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")))
    except ValueError:
        return ""
    if not text:
        lits = [m.group(2) for sc in el.iter("script") for m in JS_CHINESE_STRING.finditer(sc.text or "")]
        text = squash(max(lits, key=len)) if lits else ""
    return text


def anchor_text(a) -> str:
    """Visible text of a link; the title attribute when the text is cut (「…年度报…」) or
    missing; an image's alt for image links. A date the template put inside the anchor
    (<a><span>title</span><em>2021-01-25</em></a>) is not part of the title."""
    text = _visible_text(a)
    if len(text) > 12:
        text = DATE_TAIL.sub("", text).strip()
    title = squash(a.get("title"))
    if not text:
        for img in a.iter("img"):
            text = squash(img.get("alt") or img.get("title"))
            if text:
                break
    if title and (not text or CUT_SHORT.search(text) or (len(title) > len(text) and text.rstrip(".…") in title)):
        return title
    return text


def _heading_for(a) -> str | None:
    """The heading of the box a generic 「更多」 link sits in."""
    for depth, anc in enumerate(a.iterancestors()):
        if depth >= 4 or anc.tag in ("body", "html"):
            break
        for h in anc.xpath(HEADING_XPATH):
            t = GENERIC_LINK.sub("", text_of(h)).strip()
            t = MORE_TAIL.sub("", t).strip()
            if 2 <= len(t) <= 30:
                return t
    return None


def _nearby_date(a) -> str | None:
    """Date printed beside a list entry: in the entry (li / tr / dd / p, or the cell next
    to the link's cell), outside the anchor; else inside the anchor text."""
    own = text_of(a)
    el = a.getparent()
    for _ in range(3):
        if el is None or len(el.xpath(".//a")) > 3:
            break
        rest = text_of(el).replace(own, " ", 1) if own else text_of(el)
        d = find_date(rest)
        if d:
            return d
        if el.tag in ("li", "tr", "dd", "dl", "p", "ul", "table", "tbody"):
            break
        el = el.getparent()
    return find_date(own)


def datastore_records(raw: str) -> list[str]:
    """HTML fragments of the <record> CDATA entries of a jcms <datastore> (list pages
    and dataproxy.jsp answers alike)."""
    return [m.group(1) for m in RECORD.finditer(raw or "")]


def _fragment_links(html: str, base: str, source: str) -> list[Link]:
    try:
        frag = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    out = []
    for a in frag.iter("a"):
        url = resolve(base, a.get("href"))
        if url:
            out.append(Link(url, anchor_text(a), _nearby_date(a) or find_date(text_of(frag)), None, source))
    return out


def fragment_links(html: str, base: str, source: str = "json") -> list[Link]:
    """The links of an HTML fragment (a list an API answers as markup inside its JSON)."""
    return _fragment_links(html, base, source)


def datastore_links(raw: str, base: str) -> list[Link]:
    """The entries of every <record> of a jcms <datastore> (a page's, or a dataproxy.jsp answer's)."""
    return [link for rec in datastore_records(raw) for link in _fragment_links(rec, base, "datastore")]


def script_href(a) -> str | None:
    """The address a scripted anchor opens: onclick="window.open('…')", href="javascript:
    location.href='…'", or a site helper call such as javascript:openWin('…') (JS_CALL_URL)."""
    href, onclick = a.get("href") or "", a.get("onclick") or ""
    js = href if href.strip().lower().startswith("javascript:") else ""
    m = JS_URL.search(onclick) or JS_URL.search(href) or JS_CALL_URL.search(onclick) or JS_CALL_URL.search(js)
    return m.group(1) if m else None


def extract_links(root, page_url: str, raw: str | None = None) -> list[Link]:
    """Every link of a page: anchors (text, title, date beside it, box heading for
    「更多」 links), frames, <option> jump menus, script redirects, jcms datastore records."""
    if root is None:
        return []
    base = base_url(root, page_url)
    out: list[Link] = []
    for a in root.iter("a", "area"):
        href = a.get("href")
        if not is_http_link(href):
            href = script_href(a)
        url = resolve(base, href) if href else None
        if not url:
            continue
        text = anchor_text(a)
        heading = _heading_for(a) if (not text or GENERIC_LINK.match(text)) else None
        out.append(Link(url, text, _nearby_date(a), heading, "a"))
    # Menus built without anchors: <li onclick="window.location.href='/zwgk/'">, <td onclick=…>,
    # <img onclick="window.open('…')">, <input type="button" value="政务公开" onclick=…>. The
    # element's own text (or its image's alt, or value/title) is the link text; long blocks are
    # not menu items, so their text is left out rather than mislabelling the target.
    for el in root.xpath("//*[@onclick][not(self::a or self::area or self::option or self::select)]"):
        href = script_href(el)
        url = resolve(base, href) if href else None
        if not url:
            continue
        text = anchor_text(el) if el.tag != "img" else squash(el.get("alt") or el.get("title"))
        text = text or squash(el.get("value") or el.get("title"))
        # (a clickable list row carries its date cell too: anchor_text drops that date)
        out.append(Link(url, text if len(text) <= 40 else "", _nearby_date(el), None, "onclick"))
    for fr in root.iter("iframe", "frame"):
        url = resolve(base, fr.get("src"))
        if url:
            out.append(Link(url, squash(fr.get("title") or fr.get("name")), None, None, "frame"))
    for opt in root.iter("option"):
        val = (opt.get("value") or "").strip()
        if val.startswith(("http://", "https://", "/", "./", "../")):
            url = resolve(base, val)
            if url:
                out.append(Link(url, text_of(opt), None, None, "option"))
    for script in root.iter("script"):
        body = script.text or ""
        if "<record>" in body or "CDATA" in body:
            continue
        for m in JS_URL.finditer(body):
            url = resolve(base, m.group(1))
            if url:
                out.append(Link(url, "", None, None, "script"))
        # a list filled in the browser from a data endpoint: the endpoint is the list itself
        for m in JS_DATA_URL.finditer(body):
            url = resolve(base, m.group(1) or m.group(2))
            # (CSS url('/x.png') and script/style files written by a script are no data)
            if url and not NOT_DATA.search(urlsplit(url).path):
                out.append(Link(url, "", None, None, "data"))
    for rec in datastore_records(raw or ""):
        out.extend(_fragment_links(rec, base, "datastore"))
    return out


def json_date(value) -> str | None:
    """The date a record's date/time field holds: as written ('2022-01-20 10:00', '2022/1/20'), or
    a Unix timestamp in seconds or milliseconds, read as China time (UTC+8)."""
    if isinstance(value, str):
        m = JSON_DATE.search(value)
        if m:
            return "%s-%02d-%02d" % (m.group(1), int(m.group(2)), int(m.group(3)))
        value = value.strip()
        if not value.isdigit():
            return None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or len(str(value)) not in JSON_EPOCH_DIGITS:
        return None
    seconds = int(value) / (1000 if len(str(value)) == 13 else 1)
    day = datetime.fromtimestamp(seconds, timezone(timedelta(hours=8)))
    return day.strftime("%Y-%m-%d") if JSON_EPOCH_YEARS[0] <= day.year < JSON_EPOCH_YEARS[1] else None


def json_links(body, page_url: str) -> list[Link]:
    """Links of a JSON list endpoint: in every object, the string values shaped like same-site
    addresses (url/link/href keys first), with the object's title-like field as link text and
    its date-like field as the date. Not JSON (or no object) -> []."""
    try:
        data = json.loads(body.decode("utf-8-sig") if isinstance(body, bytes) else body)
    except (ValueError, UnicodeDecodeError):
        return []
    host = urlsplit(page_url).netloc
    out: list[Link] = []
    stack = [data]
    while stack:
        obj = stack.pop()
        if isinstance(obj, list):
            stack.extend(reversed(obj))
            continue
        if not isinstance(obj, dict):
            continue
        text, like, date, urls = "", "", None, []
        for k, v in obj.items():
            if isinstance(v, (dict, list)):
                stack.append(v)
                continue
            lk = k.lower()
            if date is None and ("date" in lk or "time" in lk):
                date = json_date(v)
            if not isinstance(v, str):
                continue
            if not text and lk in JSON_TITLE_KEYS:
                text = squash(v)
            if not like and JSON_TITLE_LIKE.search(k):
                like = squash(v)
            if JSON_URLISH.match(v.strip()) and (JSON_URL_KEYS.search(k) or v.startswith(("/", "http"))):
                urls.append((0 if JSON_URL_KEYS.search(k) else 1, v.strip()))
        text = text or like
        for _, u in sorted(urls):
            url = resolve(page_url, u)
            if url and urlsplit(url).netloc == host:  # an endpoint lists its own site's documents
                out.append(Link(url, text, date, None, "json"))  # (entries, not endpoints)
    return out
