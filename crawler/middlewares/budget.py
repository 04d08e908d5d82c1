"""PortalBudgetMiddleware: requests per portal and pages per list, capped and counted
(priority 110, after robots.txt: forbidden URLs cost nothing)."""
from __future__ import annotations

import logging
from collections import Counter

from core.formats import decode_html
from crawler import meta as M
from crawler.discovery import list_entries, list_page_key, parse_html
from crawler.drops import Dropped, ListEnded, ListPageCap
from crawler.state import CrawlState, portal_of

logger = logging.getLogger(__name__)

_LIST_KINDS = ("nav", "list")
_MAX_PARSE_BYTES = 4 * 1024 * 1024  # a list page bigger than this is not parsed twice


class ListWalk:
    """Where each list of a portal ends, learnt from its pages as they arrive.

    A list is known by discovery.list_page_key (index_N.html, ?page=N, jcms
    startrecord=N …), whichever way its pages were reached (as navigation or as
    pagination). Endless pagination - a CMS that answers index_N.html for every N with
    the last page again, or an empty page that still links N+1 - shows itself as a page
    that adds no link the list's earlier pages did not already show: the pages after
    it are not requested. A page only ends the list when it comes after every page
    seen so far (a late-arriving first page never does), and at most max_pages
    numbered pages of one list are requested at all."""

    def __init__(self, max_pages: int):
        self.max_pages = max_pages
        self.seen: dict[tuple, set] = {}   # (portal, list) -> links shown by its pages so far
        self.top: dict[tuple, int] = {}    # (portal, list) -> highest page number observed
        self.end: dict[tuple, int] = {}    # (portal, list) -> last page worth reading
        self.pages: Counter = Counter()    # (portal, list) -> numbered pages admitted

    def check(self, portal: str, url: str) -> None:
        """Admit the page, or raise ListEnded / ListPageCap."""
        lst, n = list_page_key(url)
        if n <= 0:   # a column's first page is navigation: never held back here
            return
        key = (portal, lst)
        end = self.end.get(key)
        if end is not None and n > end:
            raise ListEnded("list ended: page %d of %s added nothing new, page %d not requested" % (end, lst, n))
        if self.max_pages and self.pages[key] >= self.max_pages:
            raise ListPageCap("list page cap: %d pages of %s requested" % (self.max_pages, lst))
        self.pages[key] += 1

    def admit(self, portal: str, url: str) -> str | None:
        """None when the page may be requested, else why not (the list ended, or its cap)."""
        try:
            self.check(portal, url)
        except Dropped as e:
            return str(e)
        return None

    def observe(self, portal: str, url: str, links: set[str]) -> bool:
        """Record the links a page of a list shows; True when it showed something new."""
        lst, n = list_page_key(url)
        key = (portal, lst)
        seen = self.seen.setdefault(key, set())
        new = links - seen
        seen |= links
        top = self.top.get(key)
        self.top[key] = n if top is None else max(top, n)
        if not new and top is not None and n > top:
            self.end[key] = min(self.end.get(key, n), n)
        return bool(new)


def _is_html(response) -> bool:
    ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    if ctype and not any(t in ctype for t in ("html", "xml", "text/plain")):
        return False
    head = response.body[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


class PortalBudgetMiddleware:
    """Caps the requests spent on one portal at NIANBAO_MAX_REQUESTS_PER_PORTAL, and
    the pages spent on one list (ListWalk: NIANBAO_MAX_LIST_PAGES, and no page after one
    that brought nothing new).

    Every request that reaches this point counts - page, list, attachment, retry,
    redirect hop, robots.txt. Once the portal's budget is spent, further requests to
    it are dropped (OverBudget, reaching the request's errback) and the portal's
    stats say budget_exhausted (CrawlState.spend: the one budget rule). List pages
    held back are dropped the same way before they cost anything (ListEnded /
    ListPageCap), counted as dropped 'list_end' / 'list_pages'."""

    def __init__(self, state: CrawlState, max_list_pages: int):
        self.state = state
        self.lists = ListWalk(max_list_pages)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(CrawlState.for_crawler(crawler), crawler.settings.getint("NIANBAO_MAX_LIST_PAGES"))

    def process_request(self, request):
        portal = portal_of(self.state, request)
        if portal is None:
            return None
        if request.meta.get(M.KIND) in _LIST_KINDS and not request.meta.get("redirect_urls") \
                and not request.meta.get("retry_times") and not request.meta.get(M.CHALLENGE):
            # (a page asked again after a retry, a redirect or a WAF challenge is one page of its list)
            try:
                self.lists.check(portal, request.url)
            except Dropped as e:
                self.state.count(portal, "dropped", e.kind)
                raise
        self.state.spend(portal)
        return None

    def process_response(self, request, response, spider=None):
        """Learn from each navigation / list page what its list shows (see ListWalk)."""
        if request.meta.get(M.KIND) not in _LIST_KINDS or response.status != 200 \
                or len(response.body) > _MAX_PARSE_BYTES or not _is_html(response):
            return response
        portal = portal_of(self.state, request)
        if portal is None:
            return response
        try:
            raw, _ = decode_html(response.body, response.headers.get(b"Content-Type", b"").decode("latin-1"))
            self.lists.observe(portal, response.url, list_entries(parse_html(raw), response.url, raw))
        except Exception:  # an unparsable page teaches nothing; the spider records it as it is
            logger.debug("list walk: could not read %s", response.url, exc_info=True)
        return response
