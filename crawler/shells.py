"""Pages that lie: error pages served with 200 (soft 404s), pages that only send the
visitor elsewhere (script and interstitial redirect shells), and link wrappers
(``redirect.jsp?url=…``). Plain functions over lxml trees and URL strings; the words
are in crawler.shell_vocab.

Meta refresh shells are Scrapy's MetaRefreshMiddleware's (crawler.middlewares.redirects):
they never reach these functions unless the refresh was too slow to follow."""
from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from core.status import SOFT_404
from core.text import squash
from crawler.discovery.parse import base_url, resolve
from crawler.shell_vocab import (DEVICE_TEST, ERROR_STRONG, ERROR_TITLE, ERROR_WEAK, INTERSTITIAL_TEXT, SHELL_JS,
                                 SHELL_TEXT, SMALL_TEXT, TINY_LINKS, TINY_TEXT, WRAPPER_PARAMS, WRAPPER_SCRIPT)
from crawler.urls import is_http_link


def _title(root) -> str:
    t = root.find(".//title") if root is not None else None
    return squash(t.text_content()) if t is not None else ""


def own_text(root) -> str:
    """A page's visible text outside links, scripts, styles and its <title>: what the page
    itself says, its menus left out."""
    if root is None:
        return ""
    body = root.find(".//body")
    el = body if body is not None else root
    try:
        parts = el.xpath(".//text()[not(ancestor::a) and not(ancestor::script) and not(ancestor::style)"
                         " and not(ancestor::title) and not(ancestor::noscript)]")
    except ValueError:
        return ""
    return squash(" ".join(parts))


def soft_404(root) -> str | None:
    """Why a page answered 200 is an error page, or None: an error <title> (「404」
    「页面不存在」), error wording (「您访问的页面不存在」) in a page with little text of its
    own, or any error word (404, 不存在, 出错) in a page with next to nothing on it (little
    text, a link or two)."""
    if root is None:
        return None
    title = _title(root)
    text = own_text(root)
    m = ERROR_TITLE.search(title)
    if m and len(text) <= SMALL_TEXT:
        return "%s: error title %r" % (SOFT_404, title[:60])
    m = ERROR_STRONG.search(text)
    if m and len(text) <= SMALL_TEXT:
        return "%s: %r in a page of %d characters" % (SOFT_404, m.group(0)[:40], len(text))
    m = ERROR_WEAK.search(text) or ERROR_WEAK.search(title)
    # (a list template whose entries come from a script says 「未找到」 in a page of menus: not this)
    if m and len(text) <= TINY_TEXT and len(root.xpath("//a[@href]")) <= TINY_LINKS:
        return "%s: %r in a tiny page (%d characters)" % (SOFT_404, m.group(0)[:40], len(text))
    return None


def shell_target(root, page_url: str) -> tuple[str, str] | None:
    """(address, how) when the page does nothing but send the visitor on: a tiny page whose
    script sets location to a literal address, or an interstitial (「页面跳转中」「您即将离开
    本网站」) with one link. None for a page with content of its own."""
    if root is None:
        return None
    text = own_text(root)
    if len(text) > SHELL_TEXT:
        return None
    base = base_url(root, page_url)
    anchors = [a for a in root.iter("a") if is_http_link(a.get("href"))]
    if len(anchors) > 3:
        return None
    for script in root.iter("script"):
        if DEVICE_TEST.search(script.text or ""):
            continue    # a mobile-site switch sends phones away, not the crawler
        for m in SHELL_JS.finditer(script.text or ""):
            url = resolve(base, m.group(2) or m.group(4))
            if url and url.split("#")[0] != page_url.split("#")[0]:
                return url, "script location"
    body = root.find(".//body")
    for attr in ("onload",):
        code = body.get(attr) if body is not None else None
        m = SHELL_JS.search(code or "")
        if m:
            url = resolve(base, m.group(2) or m.group(4))
            if url:
                return url, "onload location"
    if len(anchors) == 1 and INTERSTITIAL_TEXT.search(text + " " + _title(root)):
        url = resolve(base, anchors[0].get("href"))
        if url and url.split("#")[0] != page_url.split("#")[0]:
            return url, "interstitial page"
    return None


def unwrap_link(url: str) -> str | None:
    """The destination a link wrapper carries (``/redirect.jsp?url=http://xxgk.x.gov.cn/``,
    ``/link.do?target=/zwgk/``), or None when the URL is no wrapper. An absolute http(s)
    destination in a wrapper parameter counts on any script; a relative one only on a
    script named like a wrapper (redirect, jump, goto, link, out …)."""
    p = urlsplit(url)
    if not p.query:
        return None
    named = bool(WRAPPER_SCRIPT.search(p.path))
    for k, v in parse_qsl(p.query, keep_blank_values=True):
        if k.lower() not in WRAPPER_PARAMS:
            continue
        dest = unquote(v).strip() if "%" in v and "://" not in v else v.strip()
        if dest.lower().startswith(("http://", "https://")):
            return dest
        if named and dest.startswith("/") and not dest.startswith("//"):
            return urljoin(url, dest)
    return None
