"""ReportsSpider: portal homepages -> candidate report documents.

    scrapy crawl reports -a portals=portals.csv
    scrapy crawl reports -a urls=http://a.gov.cn/,http://b.gov.cn/

From each homepage the spider follows navigation by link text and URL signals
(政府信息公开 -> 政府信息公开年报 -> year / department sub-columns), walks the list
pages of report columns (plain pagination, TRS createPageHTML, jcms <datastore>),
and fetches as candidates every link whose text names a report (wherever it is
found), their continuation pages and their attachments. Everything it fetches is
yielded: candidate documents as DocumentItem, everything else (nav and list pages,
robots.txt, errors) as FetchItem with a kind and an error reason.

It stays inside each portal's scope (crawler.scope: its host, its registrable domain,
and the directories of other sites its own disclosure navigation links), skips
trap-shaped URLs, records pages that lie (soft 404s; redirect shells are followed:
crawler.shells), and spends at most
NIANBAO_MAX_REQUESTS_PER_PORTAL requests, NIANBAO_MAX_LIST_PAGES pages per list and
NIANBAO_MAX_DEPTH navigation hops per portal.

The spider is assembled from its halves: navigation and lists here (crawler.spiders.report_worker
feeds the same spider its portals from Redis), candidate
documents in report_documents, re-crawls (304s, stored reports revisited) in
report_recrawl, items in report_items. Counters live in the crawl's CrawlState
(crawler.state); request-meta keys in crawler.meta.
"""
from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

import scrapy
from scrapy import signals

from core.formats import decode_html
from core.template import block_fingerprints
from core.text import squash
from core.titles import classify_title, report_opening
from crawler import meta as M
from crawler.classify import CANDIDATE_THRESHOLD, classify_link
from crawler.conditional import KnownUrls
from crawler.defaults import apply_defaults, default_settings
from crawler.discovery import (
    FOLLOW_THRESHOLD,
    api_lists,
    extract_links,
    json_links,
    page_context,
    page_date,
    page_shape,
    page_title,
    pagination_links,
    parse_html,
    score_link,
)
from crawler.scope import disclosure_refusal, link_boxes
from crawler.locks import PortalLocks
from crawler.portals import portals_from_urls, read_portals_file
from crawler.revisit import RevisitPolicy, list_settled
from crawler.spiders.report_apis import ApisMixin
from crawler.spiders.report_documents import DocumentsMixin
from crawler.spiders.report_items import ItemsMixin, content_type, detect_fmt
from crawler.spiders.report_recrawl import RecrawlMixin
from crawler.state import CrawlState
from crawler.urls import (
    canonicalize,
    clean_url,
    is_attachment_url,
    looks_like_article_url,
    looks_like_trap,
    same_site,
)
from crawler.spiders.report_shells import ShellsMixin

__all__ = ["ReportsSpider", "detect_fmt"]  # detect_fmt: the spider's format rule, re-exported

HTTP_ERRORS = list(range(400, 600))  # handed to callbacks (recorded), never swallowed; 3xx still redirect
# 304 answers a conditional request (crawler.conditional): the callback records it and
# visits the stored document's known parts and attachments
HANDLED_STATUSES = [304] + HTTP_ERRORS


class ReportsSpider(DocumentsMixin, RecrawlMixin, ApisMixin, ShellsMixin, ItemsMixin, scrapy.Spider):
    name = "reports"
    needs_portals = True   # the worker spider (report_worker) is fed its portals from Redis instead
    handled_statuses = HANDLED_STATUSES
    locks = None

    def __init__(self, portals=None, urls=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        entries: list[dict] = []
        if portals:
            entries += portals_from_urls(portals) if isinstance(portals, (list, tuple)) else self._read(portals)
        if urls:
            entries += portals_from_urls(urls)
        unique, seen = [], set()
        for p in entries:
            if p["url"] not in seen:
                seen.add(p["url"])
                unique.append(p)
        if not unique and self.needs_portals:
            raise ValueError("no portals: pass -a portals=FILE or -a urls=URL[,URL…]")
        self.portals: list[dict] = unique
        self._names = {p["url"]: p["name"] for p in unique}
        self._site_names: dict[str, str] = {}                # portal -> its homepage's title (a name to judge links by)
        self._seen: dict[str, set] = defaultdict(set)        # portal -> canonical URLs scheduled
        self._list_pages: dict[tuple, int] = defaultdict(int)  # (portal, list) -> pages scheduled
        self._robots: dict[str, list] = defaultdict(list)    # portal -> robots.txt FetchItems to yield
        # made without a crawler (tests, tools): the project's settings, a ledger of its own
        defaults = default_settings()
        self._configure(defaults, CrawlState.from_settings(defaults))
        # what earlier crawls stored (crawler.conditional): validators, documents, their
        # parts and attachments. Empty until from_crawler loads it from the database.
        self.known = KnownUrls()
        self._rechecked = False                              # stored reports revisited at idle
        self._refetched: set = set()                         # documents re-read whole after a part changed
        self._not_asked: set = set()                         # stored documents whose revisit was not due

    def _read(self, path) -> list[dict]:
        """A portals file's portals; its bad lines are logged with their number and reason."""
        read = read_portals_file(path)
        for number, reason in read.skipped:
            self.logger.warning("%s line %d skipped: %s", path, number, reason)
        return [{"url": p["url"], "name": p["name"]} for p in read.portals]

    def _configure(self, settings, state: CrawlState) -> None:
        self.max_list_pages = settings.getint("NIANBAO_MAX_LIST_PAGES")
        self.max_depth = settings.getint("NIANBAO_MAX_DEPTH")
        self.revisit = RevisitPolicy.from_settings(settings)
        self.state = state
        state.add_portals(p["url"] for p in self.portals)

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        apply_defaults(settings)  # a crawler not built from the project still has crawler/settings.py's values

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider._configure(s, CrawlState.for_crawler(crawler))
        # counted at the downloader, so retries, redirect hops and robots.txt are included
        crawler.signals.connect(spider._on_request_reached, signal=signals.request_reached_downloader)
        crawler.signals.connect(spider._on_response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._on_opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._on_response_received, signal=signals.response_received)
        crawler.signals.connect(spider._on_request_dropped, signal=signals.request_dropped)
        # uncoordinated crawls of one database never take the same portal (crawler/locks.py)
        spider.locks = PortalLocks.from_crawler(crawler)
        return spider

    @property
    def portal_stats(self) -> dict:
        """Each portal's counters (a read-only copy of self.state's; the store writes it
        in the run summary)."""
        return self.state.snapshot()

    @property
    def portals_busy(self) -> dict:
        """{portal: holder} of the portals another crawl held, so this run skipped them."""
        return dict(self.state.busy)

    def _lock_portals(self, portals: list[dict], dead_holder=None) -> list[dict]:
        """The portals this crawl may crawl: `portals`, less those another live crawl
        holds the database lock of (`dead_holder(token)` may say a holder is gone)."""
        run_id = self.crawler.stats.get_value("nianbao/run_id")
        if self.locks is None or run_id is None:  # no store, no run: nothing to coordinate with
            return portals
        self.locks.run_id = run_id
        try:
            mine, busy = self.locks.partition(portals, dead_holder)
        except Exception as e:  # the lock is a courtesy: a database that refuses it must not stop the crawl
            self.logger.warning("crawl lock unavailable (%s: %s): crawling without it", type(e).__name__, e)
            return portals
        for url, holder in busy.items():
            self.logger.warning("portal %s skipped: another crawl holds it (%s)", url, holder)
            self.state.forget(url, holder)
        self.crawler.stats.inc_value("nianbao/portals_locked_elsewhere", len(busy))
        self.locks.start_heartbeat()
        return mine

    def _on_opened(self, spider=None, **kw):
        # after the pipelines opened (the store migrated the database), before the first request
        self.known = KnownUrls.for_crawler(self.crawler)

    # --- accounting ---------------------------------------------------------------------------
    def portal_for_url(self, url: str) -> str | None:
        """The portal whose host and port serve `url`."""
        return self.state.portal_for_url(url)

    def _portal(self, request) -> str | None:
        return request.meta.get(M.PORTAL) or self.portal_for_url(request.url)

    def _on_request_reached(self, request, spider=None, **kw):
        self.state.add(self._portal(request), "requests")

    def _on_response_downloaded(self, response, request, spider=None, **kw):
        portal = self._portal(request)
        if portal not in self.state.portals:
            return
        self.state.count(portal, "responses", "%dxx" % (response.status // 100))
        robots = urlsplit(request.url).path == "/robots.txt" and M.PORTAL not in request.meta
        if not robots and (200 <= response.status < 300 or response.status == 304):
            self.state.reach(portal)
        if urlsplit(request.url).path == "/robots.txt" and request.meta.get("dont_obey_robotstxt"):
            # Scrapy fetches robots.txt itself; keep the exchange for provenance
            self._robots[portal].append((self._fetch_item(response, portal, "robots", request=request), request))

    def _on_response_received(self, response, request, spider=None, **kw):
        if M.PORTAL in request.meta:
            self.state.settle(request.meta[M.PORTAL])

    def _on_request_dropped(self, request, spider=None, **kw):
        if M.PORTAL in request.meta:  # the scheduler's duplicate filter: never sent
            self.state.settle(request.meta[M.PORTAL])

    # --- request building ---------------------------------------------------------------------------
    def _admit(self, portal: str, url: str, *, dedupe: bool = True, kind: str = "nav", offer: dict | None = None) -> bool:
        """May this URL be requested for this portal? In the portal's scope (or admitted to it
        now, by the link in `offer`: crawler.scope), not a trap, not seen, budget left."""
        scope = self.state.scope
        if not scope.allows(portal, url, kind) and (
                offer is None or scope.consider(portal, url, kind=kind, portal_name=self._portal_name(portal), **offer)):
            self.state.count(portal, "dropped", "offsite_link")
            return False
        trap = looks_like_trap(url)
        if trap:
            self.state.count(portal, "dropped", "trap")
            self.logger.debug("trap skipped (%s): %s", trap, url)
            return False
        if dedupe:
            key = canonicalize(url)
            if key in self._seen[portal]:
                return False
        if not self.state.budget_left(portal):
            self.state.count(portal, "dropped", "budget")
            return False
        if dedupe:
            self._seen[portal].add(canonicalize(url))
        scope.note(portal, url, via=(offer or {}).get("page_url"), text=(offer or {}).get("text"))
        return True

    def _portal_name(self, portal: str) -> str | None:
        """The portal's name as the portals file gives it, else its homepage's title: what a
        link onto another site must name if it names a place (crawler.scope)."""
        return self._names.get(portal) or self._site_names.get(portal)

    def _offer(self, portal, link, response, root, ctx, boxes: dict) -> dict:
        """What the scope judges a link to another host by: its text, the page it is on, its
        box (crawler.scope.link_boxes, computed once per page, only when needed)."""
        if "_" not in boxes and not same_site(link.url, portal):
            boxes.update(link_boxes(root, response.url))
            boxes["_"] = True
        return {"text": link.text or link.heading, "page_url": response.url, "source": link.source,
                "box": boxes.get(link.url, (0, "")),
                "disclosure_page": bool(ctx.get("xxgk") or ctx.get("report_column"))}

    def _request(self, url: str, portal: str, callback, *, kind: str, priority: int, meta: dict | None = None,
                 dont_filter: bool = False) -> scrapy.Request:
        self.state.schedule(portal)
        m = {M.PORTAL: portal, M.KIND: kind, "handle_httpstatus_list": HANDLED_STATUSES}
        m.update(meta or {})
        return scrapy.Request(clean_url(url), callback=callback, errback=self.on_error, priority=priority,
                              meta=m, dont_filter=dont_filter)

    async def start(self):
        for p in self._lock_portals(self.portals):
            yield self._homepage_request(p)

    def _homepage_request(self, p: dict) -> scrapy.Request:
        portal = p["url"]
        self._seen[portal].add(canonicalize(portal))
        return self._request(portal, portal, self.parse_page, kind="nav", priority=100,
                             meta={M.DEPTH: 0, M.LINK_TEXT: p["name"]})

    # --- navigation and lists -----------------------------------------------------------------------
    def parse(self, response, **kwargs):
        return self.parse_page(response)

    def parse_page(self, response):
        """A navigation or list page: record it, follow what leads to reports."""
        meta = response.meta
        portal = meta[M.PORTAL]
        yield from self._pending(portal)
        self.state.add(portal, "pages")
        self._seen[portal].add(canonicalize(response.url))
        if response.status >= 300:
            yield self._not_ok(response, portal, "nav")
            yield from self._known_children(response, portal)
            return
        ctype = content_type(response)
        if meta.get(M.DATA) or "json" in ctype.lower():
            # a list's data endpoint (JSON): its records are the list's entries
            links = json_links(response.body, response.url)
            if links or "json" in ctype.lower():
                root = parse_html("<html><body></body></html>")
                yield self._fetch_item(response, portal, "list")
                yield from self._follow(response, portal, root, "", links, "list")
                return
        fmt = detect_fmt(response.body, ctype, response.url)
        if fmt != "html":  # a navigation link that served a document: let the pipelines judge it
            self.state.add(portal, "candidates")
            yield self._emit_doc(self._doc_item(response, portal, fmt, reason="navigation link served a document"))
            return
        raw, _ = decode_html(response.body, ctype)
        root = parse_html(raw)
        lie = self._soft_404_item(response, portal, root, "nav")
        if lie is not None:   # an error page answered 200: a failed fetch, never a page to follow
            yield lie
            return
        shell = self._shell_request(response, portal, root)
        if shell is not None:   # a page that only sends the visitor on: followed as a redirect
            yield shell
            return
        if not meta.get(M.DEPTH):
            self._site_names.setdefault(portal, page_title(root) or "")
        apis = api_lists(root, response.url, raw)  # lists the page's script fills from an API
        links = self._drop_api_endpoints(extract_links(root, response.url, raw), apis)
        shape = page_shape(root, links, raw)
        if shape == "article" and self._article_is_report(root, meta.get(M.LINK_TEXT)):
            self.state.add(portal, "candidates")
            yield from self._candidate_html(response, portal, root, raw,
                                            reason="article reached by navigation; its title or body names a report")
            return
        if not meta.get(M.NOT_ASKED):   # a page not asked is no exchange: its last check stays its last
            yield self._fetch_item(response, portal, "list" if shape == "list" else "nav")
        yield from self._follow(response, portal, root, raw, links, shape)
        yield from self._api_first_pages(response, portal, root, apis)

    def _article_is_report(self, root, link_text) -> bool:
        kind = classify_title(page_title(root))[0]
        if kind == "report":
            return True
        if kind in (None, "report_generic"):
            if classify_title(link_text)[0] == "report":
                return True
            body = root.find("body") if root is not None else None
            return bool(report_opening(squash(body.text_content()) if body is not None else ""))
        return False

    def _follow(self, response, portal, root, raw, links, shape, candidates_only=False):
        """Schedule candidates, attachments named like reports, navigation above the
        threshold and (for report lists) the list's other pages."""
        meta = response.meta
        depth = meta.get(M.DEPTH, 0)
        ctx = page_context(root, response.url)
        ctx["depth"] = depth
        ctx["n_links"] = sum(1 for l in links if same_site(l.url, portal))
        boxes: dict = {}   # link boxes of this page, when a link leads to another host (self._offer)
        links = [self._unwrapped(portal, l) for l in links]
        if meta.get(M.REPORT_CTX):
            ctx["report_column"] = True
        title = ctx["title"] or meta.get(M.LINK_TEXT)
        parent = {"url": response.url, "title": title, "date": page_date(root, raw)}
        found = 0
        entry_known, entry_dates = [], []   # (whether the list's next page may wait: crawler.revisit.list_settled)
        template = None
        pageable = shape != "article" or ctx["report_column"]
        pages = pagination_links(root, response.url, raw) if pageable and not candidates_only else []
        page_keys, later = {canonicalize(u) for u in pages}, []
        for link in links:
            c_score, c_reason = classify_link(link.text, link.url)
            if c_score < CANDIDATE_THRESHOLD and ctx["report_column"] and link.date and looks_like_article_url(link.url):
                # a dated entry of a report column that names only its body or year (「县司法局」「2021年度」)
                kind = classify_title(link.text)[0]
                if kind in (None, "report_generic") or (kind == "other" and len(link.text) <= 16):
                    c_score, c_reason = CANDIDATE_THRESHOLD, "dated entry of a report column"
            if c_score >= CANDIDATE_THRESHOLD:
                found += 1
                entry_known.append(self.known.is_document(link.url))
                entry_dates.append(link.date)
                offer = self._offer(portal, link, response, root, ctx, boxes)
                if is_attachment_url(link.url, link.text):
                    req = self._attachment_request(portal, link, parent, c_reason, depth, offer=offer)
                else:
                    if template is None:    # once per page, and only for a page that links candidates
                        template = block_fingerprints(root)
                    req = self._candidate_request(portal, link, c_score, c_reason, depth, offer=offer,
                                                  template=template)
                if req is not None:
                    yield req
                continue
            if candidates_only or depth + 1 > self.max_depth:
                continue
            score, why = score_link(link.text, link.url, dict(ctx, heading=link.heading))
            if link.source == "frame" and (ctx["xxgk"] or ctx["report_column"] or ctx["n_links"] <= 5):
                score, why = max(score, FOLLOW_THRESHOLD + 1), "frame of a disclosure page"  # part of this page
            data = link.source == "data" and self.state.scope.allows(portal, link.url, "list")
            if data and (ctx["xxgk"] or ctx["report_column"] or ctx["n_links"] <= 8):
                # the JSON a page's script fills its list from is that page's content, as a frame is
                score, why = max(score, FOLLOW_THRESHOLD + 1), "data endpoint of a disclosure page"
            if score < FOLLOW_THRESHOLD:
                continue
            if not data and canonicalize(link.url) in page_keys:
                later.append((link, score, why))   # this list's own page: paged below, or followed as before
                continue
            yield from self._nav_request(portal, link, score, why, data, response, root, ctx, boxes)
        if candidates_only:
            return
        # page through report columns, and through other lists only while they hold candidates
        if not (pageable and (ctx["report_column"] or found)):
            for link, score, why in later:
                yield from self._nav_request(portal, link, score, why, False, response, root, ctx, boxes)
            return
        list_root = meta.get(M.LIST_ROOT) or canonicalize(response.url)
        settled = list_settled(entry_known, entry_dates)
        for url in pages:
            if self._list_pages[(portal, list_root)] >= self.max_list_pages:
                self.state.count(portal, "dropped", "list_pages")
                break
            if not self._admit(portal, url, kind="list"):
                continue
            self._list_pages[(portal, list_root)] += 1
            yield self._request(url, portal, self.parse_page, kind="list",
                                priority=max(response.request.priority - 1, 1) if response.request else 10,
                                meta={M.DEPTH: depth, M.LIST_ROOT: list_root, M.LIST_SETTLED: settled,
                                      M.REPORT_CTX: ctx["report_column"],
                                      M.LINK_TEXT: meta.get(M.LINK_TEXT)})

    def _nav_request(self, portal, link, score, why, data, response, root, ctx, boxes):
        """The request for a navigation link that scored above FOLLOW_THRESHOLD (none when
        scope or the portal's budget refuses it)."""
        if not self._admit(portal, link.url, kind="list" if data else "nav",
                           offer=self._offer(portal, link, response, root, ctx, boxes)):
            return
        meta = response.meta
        text = link.text or link.heading
        yield self._request(link.url, portal, self.parse_page, kind="nav", priority=int(score * 3),
                            meta={M.DEPTH: meta.get(M.DEPTH, 0) + (0 if data else 1),
                                  M.LINK_TEXT: text or meta.get(M.LINK_TEXT),
                                  M.DISCLOSURE: disclosure_refusal(text, self._portal_name(portal)) is None,
                                  M.REASON: why, M.DATA: data,
                                  M.REPORT_CTX: ctx["report_column"] if data else False})

    # --- failures ----------------------------------------------------------------------------------------
    def on_error(self, failure):
        """Download failures (DNS, timeout, truncated body, size cap, refused) become
        FetchItems with the reason; dropped requests (robots.txt, budget, offsite:
        crawler.drops) are counted. A continuation page that fails still lets its
        document through."""
        request = failure.request
        meta = request.meta
        portal = meta.get(M.PORTAL) or self.portal_for_url(request.url)
        if portal is None:
            return
        if M.PORTAL in meta:
            self.state.settle(portal)
        yield from self._pending(portal)
        kind = meta.get(M.KIND, "nav")
        fetch_kind = {"candidate": "page", "part": "page", "attachment": "attachment", "api": "list"}.get(kind, kind)
        item = self._failure_item(failure, portal, fetch_kind)
        if item is not None:
            yield item
        if kind == "part" and M.DOC in meta:  # (a known part checked after a 304 has no document in hand)
            yield from self._next_part(meta[M.DOC], portal, meta[M.TODO], meta[M.DONE], meta.get(M.DEPTH, 0),
                                       meta.get(M.IMAGES))
