"""Page metadata read off the whole page before cleaning: meta tags, the metadata
table's fields, the title and heading, the publish date and source, the attachments."""
from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit

from core.formats import FILE_EXTENSIONS, url_extension
from core.text import iso_date, squash, strip_space
from pipelines.clean.tree import tag_name
from pipelines.clean.vocab import (DATE, FIELD_RES, FILE_TITLE_WORDS, META_LABEL_CELL_RE, META_NAMES, PUB_STRONG_RE,
                                   PUB_WEAK_RE, SECTION_NUMBER, SENTENCE_PUNCTUATION, SOURCE_RE, TITLE_KEYS,
                                   TITLE_SEPARATORS)

# a link whose text names a file ("报告.pdf") is an attachment unless its URL is a page
_FILE_NAME = re.compile(r"\.(%s)\s*$" % "|".join(FILE_EXTENSIONS))
_PAGE_PATH = re.compile(r"\.(s?html?|jsp|aspx?|php)$")


def to_iso_date(y, m, d) -> str | None:
    """A date printed on the page, as YYYY-MM-DD: month and day in range (core.text.iso_date,
    as printed, not checked against the calendar), the year within 1990-2100 so an index
    number is not read as a date.  metadata judges the calendar when it picks the date."""
    try:
        y, m, d = int(y), int(m), int(d)
    except (TypeError, ValueError):
        return None
    if not 1990 <= y <= 2100:
        return None
    return iso_date(y, m, d)


def parse_date(s: str | None) -> str | None:
    m = re.search(DATE, s or "")
    return to_iso_date(*m.groups()) if m else None


def _field_values(text: str) -> dict:
    """索引号 / 发布机构 / ... values from label：value text, in a table (label and
    value in neighbouring cells) or inline."""
    out = {}
    for key, regexes in FIELD_RES.items():
        for rx in regexes:
            for m in rx.finditer(text):
                # a bare label cell needs its colon or a tab after it
                whole = m.group(0)
                if not re.search(r"[:：]", whole) and "\t" not in text[m.start():m.end() + 1]:
                    continue
                v = squash(m.group(1))
                if v and not META_LABEL_CELL_RE.match(v):
                    out.setdefault(key, v)
                    break
            if key in out:
                break
    return out


def _title_text(doc) -> str | None:
    t = doc.find(".//title")
    return squash(t.text_content()) if t is not None else None


def extract_page_meta(doc, lines: list[str]) -> dict:
    """page_meta of a parsed page; `lines` is the whole page rendered."""
    meta = {}
    for m in doc.iter("meta"):
        name = (m.get("name") or m.get("property") or "").strip().lower()
        if name in META_NAMES and m.get("content") is not None:
            v = squash(m.get("content"))
            if v:
                meta.setdefault(META_NAMES[name], v)
    title = _title_text(doc)
    if title:
        meta["title"] = title
    text = "\n".join(lines)
    meta.update(_field_values(text))
    h = _pick_heading(doc, meta)
    if h:
        meta["h1"] = h
    pd = None
    m = PUB_STRONG_RE.search(text)
    if m:
        pd = to_iso_date(*m.groups())
    if not pd and meta.get("PubDate"):
        pd = parse_date(meta["PubDate"])
    if not pd:
        m = PUB_WEAK_RE.search(text)
        if m:
            pd = to_iso_date(*m.groups())
    if pd:
        meta["publish_date"] = pd
    m = SOURCE_RE.search(text)
    if m:
        meta["source"] = m.group(1)
    elif meta.get("ContentSource"):
        meta["source"] = meta["ContentSource"]
    return meta


def _pick_heading(doc, meta) -> str | None:
    """The article's heading: the first h1 that is not the site's name, else the
    heading that best matches the page's <title> / ArticleTitle."""
    site = strip_space(meta.get("SiteName", ""))
    heads = [(tag_name(h), squash(h.text_content())) for h in doc.iter("h1", "h2", "h3")]
    heads = [(t, x) for t, x in heads if x and len(x) <= 200]
    for t, x in heads:
        if t == "h1" and strip_space(x) != site and not (site and strip_space(x) in site):
            return x
    # the title fields other than the heading being chosen
    others = [k for k in TITLE_KEYS if k != "h1"]
    wanted = [strip_space(meta.get(k, "")) for k in others]
    for t, x in heads:
        sx = strip_space(x)
        if len(sx) >= 6 and any(w and (sx in w or w in sx) for w in wanted):
            return x
    # no heading tag: a block (a td, a div) that holds nothing but the title
    wanted = [w for w in title_keys({k: meta[k] for k in others if meta.get(k)}) if len(w) >= 6]
    if wanted:
        for el in doc.iter("td", "div", "p", "span", "strong", "b", "font"):
            if strip_space(el.text_content()) in wanted:
                return squash(el.text_content())
    return None


def title_keys(meta: dict) -> set[str]:
    """The page's title as it may be printed (whitespace removed): each title field,
    and the pieces of <title> long enough to be the article's title."""
    keys = set()
    for k in TITLE_KEYS:
        v = meta.get(k)
        if not v:
            continue
        keys.add(strip_space(v))
        if k == "title":
            for piece in TITLE_SEPARATORS.split(v):
                if len(strip_space(piece)) >= 6:
                    keys.add(strip_space(piece))
    return {k for k in keys if k}


def attachment_ext(href: str, text: str) -> str | None:
    """The file type a link points to: by its URL (core.formats.url_extension), else
    by a link text that names a file ("年度报告.pdf") when the URL is a script that
    serves files rather than a page.  url_extension alone misses the second case, and
    its HTML extensions are not the ones that rule a page out here."""
    ext = url_extension(href)
    if ext in FILE_EXTENSIONS:
        return ext
    try:
        path = unquote(urlsplit(href).path).lower()
    except ValueError:
        return None
    m = _FILE_NAME.search((text or "").lower())
    if m and not _PAGE_PATH.search(path):
        return m.group(1)
    return None


def attachments(elements, base_url: str) -> list[dict]:
    """[{url, text}] of the file links under the elements, each URL once."""
    out, seen = [], set()
    for root in elements:
        for a in root.iter("a"):
            href = (a.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "mailto:", "#")):
                continue
            text = squash(a.text_content()) or squash(a.get("title"))
            if not attachment_ext(href, text):
                continue
            url = urljoin(base_url, href)
            if url in seen:
                continue
            seen.add(url)
            out.append({"url": url, "text": text})
    return out


def split_file_title(text: str) -> tuple[str | None, str]:
    """(title, rest) when a PDF/DOCX text opens with its title line; the title goes
    to page_meta like an HTML page's h1, the body keeps the report itself."""
    lines = (text or "").split("\n", 1)
    first = lines[0].strip()
    if first and len(first) <= 80 and "\t" not in first and not SENTENCE_PUNCTUATION.search(first) \
            and FILE_TITLE_WORDS.search(first) and not SECTION_NUMBER.match(first):
        return first, (lines[1] if len(lines) > 1 else "")
    return None, text or ""
