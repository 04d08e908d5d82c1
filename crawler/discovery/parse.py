"""A portal page as an lxml tree, its text, and its hrefs resolved to fetchable http(s) URLs."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from core.formats import decode_html
from core.text import squash
from crawler.urls import is_http_link, unwrap_viewer


def parse_html(body: bytes | str, content_type: str | None = None):
    """lxml tree of a page (bytes are decoded with decode_html), or None when empty."""
    text = decode_html(body, content_type)[0] if isinstance(body, bytes) else body
    if not text or not text.strip():
        return None
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        return lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def text_of(el) -> str:
    """An element's text as a line reads ('' where lxml cannot give it)."""
    try:
        return squash(el.text_content())
    except ValueError:
        return ""


def body_text(root) -> str:
    """The text of the page's <body> ('' without one)."""
    body = root.find("body")
    return text_of(body) if body is not None else ""


def base_url(root, page_url: str) -> str:
    """What the page's relative links resolve against: its <base href>, else its own URL."""
    b = root.xpath("//base/@href")
    return urljoin(page_url, b[0].strip()) if b else page_url


def resolve(base: str, href: str) -> str | None:
    """The http(s) URL an href opens (a viewer link as the file it shows), or None."""
    href = (href or "").strip().replace("\n", "").replace("\r", "").replace("\t", "")
    if not is_http_link(href):
        return None
    try:
        url = unwrap_viewer(urljoin(base, href))
    except ValueError:
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None
