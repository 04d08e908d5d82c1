"""The rest of a document: further pages of a split article, its attachments (files), the
statistics tables a report page links as pages of their own, and those it shows as pictures."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from core.formats import IMAGE_SRC_ATTRS
from core.text import squash
from core.title_vocab import ATTACHMENT_LABEL
from core.titles import names_report_table, normalize
from crawler.discovery.links import Link, anchor_text, script_href
from crawler.discovery.pagination import trs_pages
from crawler.discovery.parse import base_url, resolve
from crawler.discovery.vocab import (ARTICLE_MIN_CHARS, CHROME, CHROME_TAGS, IMAGE_FURNITURE, IMAGE_FURNITURE_BOX,
                                     IMAGE_LARGE, IMAGE_MIN_SIDE, PAGE_PARAM, PART_SUFFIX, PART_TEXT,
                                     SCRIPT_ATTACHMENT, SIBLING_LINK, TABLE_IMAGE_WORDS, TABLE_LABEL)
from crawler.urls import canonicalize, is_attachment_url


def _in_chrome(a) -> bool:
    """The link sits in the page's header, footer, menu or share bar (by tag, class or id)."""
    return any(CHROME.match(tok) for anc in a.iterancestors()
               for tok in ((anc.get("class") or "").split() + [anc.get("id") or ""]) if tok) or any(
        anc.tag in CHROME_TAGS for anc in a.iterancestors())


def continuation_links(root, page_url: str, raw: str | None = None) -> list[str]:
    """Further pages of an article split over several pages, in page order: for
    t20200306_8749738.html the pages t20200306_8749738_1.html, _2.html …; for 123.htm
    123_2.htm; for …/index.htm index_1.htm; also ?page=N of the same script, and the
    TRS createPageHTML(N, cur, "t2020…", "html") call of an article. 上一篇/下一篇 (other
    articles) are not pages."""
    p = urlsplit(page_url)
    directory, _, name = p.path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    base_stem = PART_SUFFIX.sub("", stem)  # called on page 2: t2020…_1 -> t2020…
    numbered: dict[str, int] = {}
    for u in trs_pages(raw or "", page_url, prefix_filter=base_stem):
        numbered[u] = _part_no(u, base_stem)
    if root is not None:
        base = base_url(root, page_url)
        for a in root.iter("a"):
            url = resolve(base, a.get("href"))
            if not url:
                continue
            q = urlsplit(url)
            if q.netloc != p.netloc:
                continue
            qd, _, qname = q.path.rpartition("/")
            m = re.fullmatch(re.escape(base_stem) + r"_(\d{1,2})" + (r"\." + re.escape(ext) if ext else ""), qname)
            if qd == directory and m:
                numbered[urlunsplit((q.scheme, q.netloc, q.path, q.query, ""))] = int(m.group(1))
                continue
            t = squash(a.text_content())
            if "篇" in t or not PART_TEXT.match(t):  # 上一篇/下一篇 are other articles
                continue
            if q.path == p.path and q.query != p.query:  # content.jsp?id=5&page=2
                for k, v in parse_qsl(q.query):
                    if k.lower() in PAGE_PARAM and v.isdigit():
                        numbered[urlunsplit((q.scheme, q.netloc, q.path, q.query, ""))] = int(v)
    numbered.pop(urlunsplit((p.scheme, p.netloc, p.path, p.query, "")), None)
    first = urlunsplit((p.scheme, p.netloc, "%s/%s%s%s" % (directory, base_stem, dot, ext), "", ""))
    numbered.pop(first, None)
    return [u for u, _ in sorted(numbered.items(), key=lambda kv: kv[1])]


def _part_no(url: str, stem: str) -> int:
    m = re.search(re.escape(stem) + r"_(\d+)", urlsplit(url).path)
    return int(m.group(1)) if m else 0




def attachment_links(root, page_url: str, raw: str | None = None) -> list[Link]:
    """Links to uploaded documents (.pdf .doc .docx .xls .xlsx .wps .et, /attach/…,
    /uploadfile/…, download.jsp?…) on a report or notice page, chrome excluded; also
    attachment links TRS writes from script variables."""
    if root is None:
        return []
    base = base_url(root, page_url)
    out, seen = [], set()
    for a in root.iter("a"):
        url = resolve(base, a.get("href")) or resolve(base, script_href(a) or "")
        if not url:
            continue
        text = anchor_text(a)
        if not is_attachment_url(url, text):
            continue
        if _in_chrome(a):
            continue
        c = canonicalize(url)
        if c not in seen:
            seen.add(c)
            out.append(Link(url, text, None, None, "a"))
    for el in root.iter("iframe", "embed", "object"):  # documents shown inline (PDF viewers)
        url = resolve(base, el.get("src") or el.get("data"))
        if url and is_attachment_url(url) and canonicalize(url) not in seen:
            seen.add(canonicalize(url))
            out.append(Link(url, squash(el.get("title")), None, None, "frame"))
    scripts = "\n".join(sc.text or "" for sc in root.iter("script"))  # TRS writes appendix links from script
    for m in SCRIPT_ATTACHMENT.finditer(scripts):
        url = resolve(base, m.group(1))
        if url and canonicalize(url) not in seen:
            seen.add(canonicalize(url))
            out.append(Link(url, squash(m.group(2)), None, None, "script"))
    return out




def report_table_links(root, page_url: str, raw: str | None = None) -> list[Link]:
    """Pages (not files - attachment_links has those) a REPORT page links as its own
    attachments: the 2008-era 统计表 or the 2019 tables published as a page of their own,
    linked 「附表：…政府信息公开情况统计表」 / 「附件2」 / 「…年度报告附表」. They are part of the
    report (its figures); chrome, pagers and 上一篇/下一篇 are not."""
    if root is None:
        return []
    base = base_url(root, page_url)
    own = canonicalize(page_url)
    out, seen = [], set()
    for a in root.iter("a"):
        url = resolve(base, a.get("href"))
        if not url or is_attachment_url(url, anchor_text(a)) or canonicalize(url) == own:
            continue
        text = anchor_text(a)
        prev = a.getprevious()
        before = (prev.tail if prev is not None else (a.getparent().text if a.getparent() is not None else "")) or ""
        labelled = bool(TABLE_LABEL.search(normalize(before)[-12:])) if before.strip() else False
        if not (labelled or names_report_table(text) or ATTACHMENT_LABEL.fullmatch(normalize(text))):
            continue
        if SIBLING_LINK.match(normalize(text)):
            continue
        if _in_chrome(a):
            continue
        c = canonicalize(url)
        if c not in seen:
            seen.add(c)
            out.append(Link(url, text, None, None, "a"))
    return out


def _declared_size(img) -> tuple[int | None, int | None]:
    """Width and height an <img> declares (attributes, else its style), in pixels."""
    out = []
    style = (img.get("style") or "").lower()
    for name in ("width", "height"):
        v = img.get(name) or ""
        m = re.match(r"\s*(\d+)\s*(px)?\s*$", v) or re.search(r"(?:^|;)\s*%s\s*:\s*(\d+)\s*px" % name, style)
        out.append(int(m.group(1)) if m else None)
    return out[0], out[1]


def _image_src(img, base: str) -> str | None:
    for attr in IMAGE_SRC_ATTRS:
        v = (img.get(attr) or "").strip()
        if v and not v.startswith("data:"):
            return resolve(base, v)
    return None


def _in_article(img) -> bool:
    """Is the picture inside the article: the nearest block around it holds its text?"""
    for anc in img.iterancestors("div", "td", "article", "section", "body"):
        if len(squash(anc.text_content())) >= ARTICLE_MIN_CHARS:
            return anc.tag != "body"
    return False


def table_image_links(root, page_url: str, raw: str | None = None) -> list[Link]:
    """Pictures on a report page that plausibly are its statistics table, in page order:
    inside the article (never chrome, never a QR code, logo or share button), and named
    a table (alt / title / file name / the caption just before: 统计表, 情况统计, 附表 …)
    or big enough to be one (declared size, or no size and inside the article text)."""
    if root is None:
        return []
    base = base_url(root, page_url)
    out, seen = [], set()
    for img in root.iter("img"):
        url = _image_src(img, base)
        if not url or canonicalize(url) in seen or IMAGE_FURNITURE.search(urlsplit(url).path):
            continue
        if _in_chrome(img) or any(IMAGE_FURNITURE_BOX.search(tok) for anc in img.iterancestors()
                                  for tok in (anc.get("class") or "").split() + [anc.get("id") or ""] if tok):
            continue
        w, h = _declared_size(img)
        if (w is not None and w < IMAGE_MIN_SIDE) or (h is not None and h < IMAGE_MIN_SIDE):
            continue
        prev = img.getprevious()
        caption = (prev.text_content() if prev is not None else (img.getparent().text or "")) or ""
        words = " ".join([img.get("alt") or "", img.get("title") or "", urlsplit(url).path.rsplit("/", 1)[-1],
                          squash(caption)[-30:]])
        named = bool(TABLE_IMAGE_WORDS.search(words))
        large = (w or 0) >= IMAGE_LARGE[0] or (h or 0) >= IMAGE_LARGE[1]
        link = next(img.iterancestors("a"), None)
        if link is not None and not named:
            continue              # a picture that links somewhere is a banner or a button
        if not (named or (_in_article(img) and (large or (w is None and h is None)))):
            continue
        seen.add(canonicalize(url))
        out.append(Link(url, squash(img.get("alt") or img.get("title") or ""), None, None, "img"))
    return out
