"""What a page is: its title, publish date, 「当前位置」 trail, column, and shape (list / article / nav)."""
from __future__ import annotations

from urllib.parse import urlsplit

from core.text import find_date, squash
from core.title_vocab import MENTIONS_ANNUAL
from core.titles import classify_title, normalize
from crawler.discovery.links import Link, datastore_records, extract_links
from crawler.discovery.parse import text_of
from crawler.discovery.vocab import (COLUMN_META, CRUMB_ATTR, CRUMB_SEPARATORS, CRUMB_TEXT, DATE_METAS, DEPT_HUB,
                                     PORTAL_BANNER, PUBLISH_DATE, REPORT_COLUMN, REPORT_PAGE_PATH, TITLE_METAS,
                                     TITLE_SEPARATOR, XXGK_PAGE_PATH, XXGK_TEXT)
from crawler.urls import looks_like_article_url


def breadcrumb(root) -> str:
    """Text of the 「当前位置：首页 > … 」 trail, or ''."""
    if root is None:
        return ""
    for el in root.iter("div", "p", "span", "td", "ul", "ol", "nav"):
        attrs = (el.get("class") or "") + " " + (el.get("id") or "")
        t = text_of(el)
        if len(t) > 200 or not t:
            continue
        if CRUMB_TEXT.search(t[:20]) or (CRUMB_ATTR.search(attrs) and any(s in t for s in CRUMB_SEPARATORS)):
            return t
    return ""


def page_title(root) -> str | None:
    """Best title of a page: ArticleTitle meta, the first h1, the <title> less the site name."""
    if root is None:
        return None
    for name in TITLE_METAS:
        v = root.xpath("//meta[@name=%r]/@content" % name)
        if v and squash(v[0]):
            return squash(v[0])
    for tag in ("h1", "h2"):
        for h in root.iter(tag):
            t = text_of(h)
            if 4 <= len(t) <= 120 and not PORTAL_BANNER.search(t):
                return t
    t = root.xpath("//title")
    if t:
        parts = [p for p in TITLE_SEPARATOR.split(text_of(t[0])) if p]
        if parts:
            return parts[0]
    return None


def page_date(root, raw: str | None = None) -> str | None:
    """Publish date printed on an article (发布时间/发布日期/生成日期 …) or its PubDate meta."""
    if root is None:
        return None
    for name in DATE_METAS:
        v = root.xpath("//meta[@name=%r]/@content" % name)
        if v and find_date(v[0]):
            return find_date(v[0])
    body = text_of(root.find("body") if root.find("body") is not None else root)
    m = PUBLISH_DATE.search(body)
    return find_date(m.group(2)) if m else None


def page_context(root, page_url: str) -> dict:
    """What kind of page links are found on: its title, trail, column name, whether it is
    a report column (年报 / 年度报告 in its trail, title or column name) or inside the
    信息公开 section."""
    title = page_title(root) or ""
    crumb = breadcrumb(root)
    column = ""
    if root is not None:
        v = root.xpath("//meta[@name=%r]/@content" % COLUMN_META)
        column = squash(v[0]) if v else ""
    own = normalize(" ".join([title, crumb, column]))
    title_kind = classify_title(title)[0]
    path = urlsplit(page_url).path.lower()
    # the page's own trail / column name / title names a report column, or its URL does;
    # an article's title naming a report does not make its page a column
    title_col = bool(MENTIONS_ANNUAL.search(normalize(title))) and title_kind != "report" or title_kind == "report_generic"
    report_col = (bool(REPORT_COLUMN.search(normalize(crumb + " " + column)))
                  or (title_col and not looks_like_article_url(page_url))
                  or bool(REPORT_PAGE_PATH.search(path)))
    return {
        "page_url": page_url,
        "title": title,
        "crumb": crumb,
        "column": column,
        "report_column": report_col,
        "xxgk": bool(XXGK_TEXT.search(own)) or bool(XXGK_PAGE_PATH.search(path)),
        "dept_hub": bool(DEPT_HUB.search(normalize(title + column + crumb[-30:]))),
    }


def page_shape(root, links: list[Link] | None = None, raw: str | None = None) -> str:
    """'list' (a column: dated entries, datastore records, pagination), 'article' (one
    document: long running text), or 'nav' (a hub of links)."""
    if root is None:
        return "nav"
    links = links if links is not None else extract_links(root, "http://x/", raw)
    dated = sum(1 for l in links if l.date)
    if datastore_records(raw or "") or dated >= 5:
        return "list"
    # visible text outside links; script/style text skipped (the tree is not modified)
    nodes = root.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")
    total = sum(len(squash(n)) for n in nodes)
    in_links = sum(len(squash(n)) for n in root.xpath("//body//a//text()[not(ancestor::script)]"))
    if total - in_links >= 300:
        return "article"
    return "list" if dated >= 3 else "nav"
