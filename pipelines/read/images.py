"""Statistics tables a report page shows as pictures: the spider fetched them as parts
of the document (part role "image"); their OCR'd rows take the place of the <img> in
the page's HTML, as a <table>, so cleaning keeps them where the page shows them and
the metrics read them as table rows.  Plain string work over the decoded HTML (the
rest of the page stays byte for byte as it was)."""
from __future__ import annotations

import html
import re
from urllib.parse import urljoin

from core.formats import IMAGE_SRC_ATTRS, is_image

__all__ = ["is_image", "image_urls", "replace_images", "table_html"]

_IMG = re.compile(r"<img\b[^>]*>", re.I | re.S)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.S)
_BASE = re.compile(r"""<base\b[^>]*\bhref\s*=\s*["']?([^"'\s>]+)""", re.I)
OCR_MARK = "data-nianbao-ocr"       # the attribute a table rebuilt from a picture carries


def image_urls(tag: str, base: str) -> set[str]:
    out = set()
    for m in _ATTR.finditer(tag):
        if m.group(1).lower() in IMAGE_SRC_ATTRS:
            v = html.unescape(m.group(2) or m.group(3) or m.group(4) or "").strip()
            if v and not v.startswith("data:"):
                out.add(urljoin(base, v))
    return out


def table_html(blocks) -> str:
    """OCR blocks [(text, rows | None)] as HTML: tables as <table>, lines as <p>."""
    out = []
    for text, rows in blocks:
        if rows is None:
            if text:
                out.append("<p %s>%s</p>" % (OCR_MARK, html.escape(text)))
            continue
        trs = []
        for row in rows:
            tds = "".join('<td rowspan="%d" colspan="%d">%s</td>' % (c["rowspan"], c["colspan"], html.escape(c["text"]))
                          for c in row)
            trs.append("<tr>%s</tr>" % tds)
        out.append('<table %s="1">%s</table>' % (OCR_MARK, "".join(trs)))
    return "".join(out)


def replace_images(page_html: str, page_url: str, by_url: dict[str, str]) -> tuple[str, set[str]]:
    """The page with each <img> whose address is a key of by_url replaced by its
    HTML; and the addresses it replaced."""
    m = _BASE.search(page_html[:20000])
    base = urljoin(page_url, html.unescape(m.group(1))) if m else page_url
    done: set[str] = set()

    def sub(mt):
        hit = [u for u in image_urls(mt.group(0), base) if u in by_url]
        if not hit:
            return mt.group(0)
        done.add(hit[0])
        return by_url[hit[0]]

    return _IMG.sub(sub, page_html), done
