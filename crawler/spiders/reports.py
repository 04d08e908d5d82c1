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

It never leaves a portal's host, skips trap-shaped URLs, and spends at most
NIANBAO_MAX_REQUESTS_PER_PORTAL requests, NIANBAO_MAX_LIST_PAGES pages per list and
NIANBAO_MAX_DEPTH navigation hops per portal.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from urllib.parse import unquote, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest

from crawler.classify import CANDIDATE_THRESHOLD, classify_link, classify_title, report_opening
from crawler.conditional import KnownUrls
from crawler.discovery import (FOLLOW_THRESHOLD, attachment_links, continuation_links, decode_html,
                               extract_links, page_context, page_date, page_shape, page_title, pagination_links,
                               parse_html, score_link, squash)
from crawler.discovery import json_links, report_table_links
from core.items import DocumentItem, FetchItem
from crawler.portals import portals_from_urls, read_portals
from pipelines.read import detect_format
from crawler.urls import (attachment_ext, canonicalize, clean_url, host_port, is_attachment_url,
                          looks_like_article_url, looks_like_trap, same_site)

HTTP_ERRORS = list(range(400, 600))  # handed to callbacks (recorded), never swallowed; 3xx still redirect
# 304 answers a conditional request (crawler.conditional): the callback records it and
# visits the stored document's known parts and attachments
HANDLED_STATUSES = [304] + HTTP_ERRORS
MAX_PARTS = 30          # continuation pages of one article
MAX_ATTACHMENTS = 20    # attachments fetched from one page

# --- format detection -------------------------------------------------------------------------
def detect_fmt(body: bytes | None, content_type: str | None, url: str) -> str:
    """Format of a fetched body: magic bytes, then Content-Type, then the URL (one rule
    for the whole project: pipelines.read.detect_format)."""
    return detect_format(body or b"", content_type, url)


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _headers(response) -> dict:
    out = {}
    for k, vals in response.headers.items():
        name = k.decode("latin-1").lower()
        out[name] = ", ".join(v.decode("latin-1", "replace") for v in vals)
    return out


def new_portal_stats() -> dict:
    return {"requests": 0, "budget_used": 0,
            "responses": {"2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0},
            "documents": 0, "candidates": 0, "pages": 0,
            "errors": {}, "dropped": {}, "budget_exhausted": False}


def _error_kind(failure) -> str:
    """Short name of a download failure: dns, timeout, dataloss, size_cap, refused, …"""
    exc = failure.value
    name = type(exc).__name__
    msg = str(exc).lower()
    if "maxsize" in msg or "max size" in msg or "larger than download" in msg:
        return "size_cap"
    table = [("DNS", "dns"), ("Resolve", "dns"), ("Timeout", "timeout"), ("TimedOut", "timeout"),
             ("DataLoss", "dataloss"), ("PotentialDataLoss", "dataloss"), ("Refused", "refused"),
             ("ConnectionLost", "connection_lost"), ("ConnectionDone", "connection_lost"),
             ("ResponseFailed", "dataloss" if "dataloss" in msg or "data loss" in msg else "failed"),
             ("Cancelled", "cancelled"), ("Connect", "connect")]
    for needle, kind in table:
        if needle in name:
            return kind
    return name.lower() or "error"


class ReportsSpider(scrapy.Spider):
    name = "reports"

    def __init__(self, portals=None, urls=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        entries: list[dict] = []
        if portals:
            entries += portals_from_urls(portals) if isinstance(portals, (list, tuple)) else read_portals(portals)
        if urls:
            entries += portals_from_urls(urls)
        unique, seen = [], set()
        for p in entries:
            if p["url"] not in seen:
                seen.add(p["url"])
                unique.append(p)
        if not unique:
            raise ValueError("no portals: pass -a portals=FILE or -a urls=URL[,URL…]")
        self.portals: list[dict] = unique
        self.portal_stats: dict[str, dict] = {p["url"]: new_portal_stats() for p in unique}
        self._names = {p["url"]: p["name"] for p in unique}
        self._by_site = {}
        for p in unique:
            self._by_site.setdefault(host_port(p["url"]), p["url"])
        self._seen: dict[str, set] = defaultdict(set)        # portal -> canonical URLs scheduled
        self._scheduled: dict[str, int] = defaultdict(int)   # portal -> requests the spider issued
        self._list_pages: dict[tuple, int] = defaultdict(int)  # (portal, list) -> pages scheduled
        self._robots: dict[str, list] = defaultdict(list)    # portal -> robots.txt FetchItems to yield
        self.max_requests = 600
        self.max_list_pages = 30
        self.max_depth = 6
        # what earlier crawls stored (crawler.conditional): validators, documents, their
        # parts and attachments. Empty until from_crawler loads it from the database.
        self.known = KnownUrls()
        self._rechecked = False                              # stored reports revisited at idle
        self._refetched: set = set()                         # documents re-read whole after a part changed

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.max_requests = s.getint("NIANBAO_MAX_REQUESTS_PER_PORTAL", 600)
        spider.max_list_pages = s.getint("NIANBAO_MAX_LIST_PAGES", 30)
        spider.max_depth = s.getint("NIANBAO_MAX_DEPTH", 6)
        # counted at the downloader, so retries, redirect hops and robots.txt are included
        crawler.signals.connect(spider._on_request_reached, signal=signals.request_reached_downloader)
        crawler.signals.connect(spider._on_response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._on_opened, signal=signals.spider_opened)
        if s.get("NIANBAO_REDIS_URL"):
            # several workers share one portal list: each crawls the portals it leases
            from crawler.leases import PortalLeases

            spider.leases = PortalLeases.from_url(s.get("NIANBAO_REDIS_URL"), ttl=s.getint("NIANBAO_LEASE_TTL", 600))
            crawler.signals.connect(spider._release_leases, signal=signals.spider_closed)
        return spider

    leases = None

    def _release_leases(self, spider=None, **kw):
        if getattr(self, "_lease_loop", None) is not None and self._lease_loop.running:
            self._lease_loop.stop()
        self.leases.release_all()

    def _lease_portals(self) -> list[dict]:
        """The portals this worker may crawl: all of them, or those it leased in Redis."""
        if self.leases is None:
            return self.portals
        from twisted.internet import task

        mine = self.leases.partition(self.portals, self.crawler.settings.getint("NIANBAO_LEASE_MAX_PORTALS", 0))
        for p in self.portals:
            if p not in mine:  # another worker holds it: not this run's portal
                self.portal_stats.pop(p["url"], None)
        self.crawler.stats.set_value("nianbao/portals_leased", len(mine))
        self.crawler.stats.set_value("nianbao/portals_leased_elsewhere", len(self.portals) - len(mine))
        self._lease_loop = task.LoopingCall(self.leases.renew)
        self._lease_loop.start(max(1, self.leases.ttl // 3), now=False)
        return mine

    def _on_opened(self, spider=None, **kw):
        # after the pipelines opened (the store migrated the database), before the first request
        self.known = KnownUrls.for_crawler(self.crawler)

    # --- accounting ---------------------------------------------------------------------------
    def portal_for_url(self, url: str) -> str | None:
        """The portal whose host and port serve `url`."""
        return self._by_site.get(host_port(url))

    def _portal(self, request) -> str | None:
        return request.meta.get("portal") or self.portal_for_url(request.url)

    def _on_request_reached(self, request, spider=None, **kw):
        st = self.portal_stats.get(self._portal(request))
        if st is not None:
            st["requests"] += 1

    def _on_response_downloaded(self, response, request, spider=None, **kw):
        portal = self._portal(request)
        st = self.portal_stats.get(portal)
        if st is None:
            return
        cls = "%dxx" % (response.status // 100)
        st["responses"][cls] = st["responses"].get(cls, 0) + 1
        if urlsplit(request.url).path == "/robots.txt" and request.meta.get("dont_obey_robotstxt"):
            # Scrapy fetches robots.txt itself; keep the exchange for provenance
            self._robots[portal].append((self._fetch_item(response, portal, "robots", request=request), request))

    def _count(self, portal: str, group: str, key: str) -> None:
        st = self.portal_stats[portal]
        st[group][key] = st[group].get(key, 0) + 1

    def _budget_left(self, portal: str) -> bool:
        st = self.portal_stats[portal]
        used = max(self._scheduled[portal], st["budget_used"], st["requests"])
        if self.max_requests and used >= self.max_requests:
            st["budget_exhausted"] = True
            return False
        return True

    # --- request building ---------------------------------------------------------------------------
    def _admit(self, portal: str, url: str, *, dedupe: bool = True) -> bool:
        """May this URL be requested for this portal? Same site, not a trap, not seen, budget left."""
        if not same_site(url, portal):
            self._count(portal, "dropped", "offsite_link")
            return False
        trap = looks_like_trap(url)
        if trap:
            self._count(portal, "dropped", "trap")
            self.logger.debug("trap skipped (%s): %s", trap, url)
            return False
        if dedupe:
            key = canonicalize(url)
            if key in self._seen[portal]:
                return False
        if not self._budget_left(portal):
            self._count(portal, "dropped", "budget")
            return False
        if dedupe:
            self._seen[portal].add(canonicalize(url))
        return True

    def _request(self, url: str, portal: str, callback, *, kind: str, priority: int, meta: dict | None = None,
                 dont_filter: bool = False) -> scrapy.Request:
        self._scheduled[portal] += 1
        m = {"portal": portal, "nb_kind": kind, "handle_httpstatus_list": HANDLED_STATUSES}
        m.update(meta or {})
        return scrapy.Request(clean_url(url), callback=callback, errback=self.on_error, priority=priority,
                              meta=m, dont_filter=dont_filter)

    async def start(self):
        for p in self._lease_portals():
            portal = p["url"]
            self._seen[portal].add(canonicalize(portal))
            yield self._request(portal, portal, self.parse_page, kind="nav", priority=100,
                                meta={"nb_depth": 0, "nb_link_text": p["name"]})

    # --- items ------------------------------------------------------------------------------------------
    def _fetch_item(self, response, portal, kind, error=None, request=None) -> FetchItem:
        request = request or response.request  # at response_downloaded time the response is not tied yet
        requested = ((request.meta.get("redirect_urls") if request is not None else None)
                     or [request.url if request is not None else response.url])[0]
        # a page the server said was unchanged, parsed from its stored copy: on record
        # as the 304 exchange it was (no body: the stored one is already kept)
        replayed = request is not None and request.meta.get("nb_replayed")
        bodiless = replayed or response.status == 304  # (a 304 has no body: b"" is not a copy of the page)
        return FetchItem(portal=portal, url=canonicalize(requested),
                         final_url=response.url, status=304 if replayed else response.status,
                         headers=_headers(response), fetched_at=_now(), body=None if bodiless else response.body,
                         kind=kind, error=error, warc=request.meta.get("warc") if request is not None else None)

    def _doc_item(self, response, portal, fmt, *, reason, parent=None) -> DocumentItem:
        meta = response.meta
        redirects = list(meta.get("redirect_urls") or [])
        parent = parent or {}
        return DocumentItem(
            portal=portal, portal_name=self._names.get(portal), url=redirects[0] if redirects else response.url,
            final_url=response.url, redirect_urls=redirects, status=response.status, headers=_headers(response),
            fetched_at=_now(), body=response.body, fmt=fmt, parts=[], link_text=meta.get("nb_link_text"),
            link_date=meta.get("nb_link_date"), parent_url=parent.get("url"), parent_title=parent.get("title"),
            parent_date=parent.get("date"), candidate_reason=reason, warc=meta.get("warc"))

    def _emit_doc(self, doc: DocumentItem):
        self.portal_stats[doc["portal"]]["documents"] += 1
        return doc

    def _pending(self, portal):
        """robots.txt exchanges seen at the downloader, yielded with the portal's next callback
        (by then the WARC middleware has recorded where the exchange is archived)."""
        while self._robots.get(portal):
            item, request = self._robots[portal].pop(0)
            item["warc"] = request.meta.get("warc")
            yield item

    def _not_ok(self, response, portal, kind):
        """FetchItem for an answer that is not a page: 4xx/5xx after retries (404/410 say
        'gone', which the store uses to mark reports gone), 304 Not Modified (no error), or a
        redirect left unfollowed."""
        if response.status >= 400:
            self._count(portal, "errors", "http_%d" % response.status)
            gone = response.status in (404, 410)
            reason = response.meta.get("nb_retry_gave_up") or (
                ("gone (HTTP %d)" if gone else "HTTP %d") % response.status)
        elif response.status == 304:  # answered a conditional request: unchanged since the stored copy
            reason = None
        else:
            reason = response.meta.get("nb_redirect_error") or "unfollowed redirect (HTTP %d)" % response.status
        return self._fetch_item(response, portal, kind, error=reason)

    # --- callbacks ------------------------------------------------------------------------------------
    def parse(self, response, **kwargs):
        return self.parse_page(response)

    def parse_page(self, response):
        """A navigation or list page: record it, follow what leads to reports."""
        meta = response.meta
        portal = meta["portal"]
        yield from self._pending(portal)
        self.portal_stats[portal]["pages"] += 1
        self._seen[portal].add(canonicalize(response.url))
        if response.status >= 300:
            yield self._not_ok(response, portal, "nav")
            yield from self._known_children(response, portal)
            return
        ctype = response.headers.get("Content-Type", b"").decode("latin-1")
        if meta.get("nb_data") or "json" in ctype.lower():
            # a list's data endpoint (JSON): its records are the list's entries
            links = json_links(response.body, response.url)
            if links or "json" in ctype.lower():
                root = parse_html("<html><body></body></html>")
                yield self._fetch_item(response, portal, "list")
                yield from self._follow(response, portal, root, "", links, "list")
                return
        fmt = detect_fmt(response.body, ctype, response.url)
        if fmt != "html":  # a navigation link that served a document: let the pipelines judge it
            self.portal_stats[portal]["candidates"] += 1
            yield self._emit_doc(self._doc_item(response, portal, fmt, reason="navigation link served a document"))
            return
        raw, _ = decode_html(response.body, response.headers.get("Content-Type", b"").decode("latin-1"))
        root = parse_html(raw)
        links = extract_links(root, response.url, raw)
        shape = page_shape(root, links, raw)
        if shape == "article" and self._article_is_report(root, meta.get("nb_link_text")):
            self.portal_stats[portal]["candidates"] += 1
            yield from self._candidate_html(response, portal, root, raw,
                                            reason="article reached by navigation; its title or body names a report")
            return
        yield self._fetch_item(response, portal, "list" if shape == "list" else "nav")
        yield from self._follow(response, portal, root, raw, links, shape)

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
        depth = meta.get("nb_depth", 0)
        ctx = page_context(root, response.url)
        ctx["depth"] = depth
        ctx["n_links"] = sum(1 for l in links if same_site(l.url, portal))
        if meta.get("nb_report_ctx"):
            ctx["report_column"] = True
        title = ctx["title"] or meta.get("nb_link_text")
        parent = {"url": response.url, "title": title, "date": page_date(root, raw)}
        found = 0
        for link in links:
            c_score, c_reason = classify_link(link.text, link.url)
            if c_score < CANDIDATE_THRESHOLD and ctx["report_column"] and link.date and looks_like_article_url(link.url):
                # a dated entry of a report column that names only its body or year (「县司法局」「2021年度」)
                kind = classify_title(link.text)[0]
                if kind in (None, "report_generic") or (kind == "other" and len(link.text) <= 16):
                    c_score, c_reason = CANDIDATE_THRESHOLD, "dated entry of a report column"
            if c_score >= CANDIDATE_THRESHOLD:
                found += 1
                if is_attachment_url(link.url, link.text):
                    req = self._attachment_request(portal, link, parent, c_reason, depth)
                else:
                    req = self._candidate_request(portal, link, c_score, c_reason, depth, response.url)
                if req is not None:
                    yield req
                continue
            if candidates_only or depth + 1 > self.max_depth:
                continue
            score, why = score_link(link.text, link.url, dict(ctx, heading=link.heading))
            if link.source == "frame" and (ctx["xxgk"] or ctx["report_column"] or ctx["n_links"] <= 5):
                score, why = max(score, FOLLOW_THRESHOLD + 1), "frame of a disclosure page"  # part of this page
            data = link.source == "data" and same_site(link.url, portal)
            if data and (ctx["xxgk"] or ctx["report_column"] or ctx["n_links"] <= 8):
                # the JSON a page's script fills its list from is that page's content, as a frame is
                score, why = max(score, FOLLOW_THRESHOLD + 1), "data endpoint of a disclosure page"
            if score >= FOLLOW_THRESHOLD and self._admit(portal, link.url):
                yield self._request(link.url, portal, self.parse_page, kind="nav", priority=int(score * 3),
                                    meta={"nb_depth": depth + (0 if data else 1),
                                          "nb_link_text": link.text or link.heading or meta.get("nb_link_text"),
                                          "nb_reason": why, "nb_data": data,
                                          "nb_report_ctx": ctx["report_column"] if data else False})
        if candidates_only:
            return
        # page through report columns, and through other lists only while they hold candidates
        if (shape != "article" or ctx["report_column"]) and (ctx["report_column"] or found):
            list_root = meta.get("nb_list_root") or canonicalize(response.url)
            for url in pagination_links(root, response.url, raw):
                if self._list_pages[(portal, list_root)] >= self.max_list_pages:
                    self._count(portal, "dropped", "list_pages")
                    break
                if not self._admit(portal, url):
                    continue
                self._list_pages[(portal, list_root)] += 1
                yield self._request(url, portal, self.parse_page, kind="list",
                                    priority=max(response.request.priority - 1, 1) if response.request else 10,
                                    meta={"nb_depth": depth, "nb_list_root": list_root,
                                          "nb_report_ctx": ctx["report_column"],
                                          "nb_link_text": meta.get("nb_link_text")})

    def _candidate_request(self, portal, link, score, reason, depth, referrer):
        if not self._admit(portal, link.url):
            return None
        self.portal_stats[portal]["candidates"] += 1
        return self._request(link.url, portal, self.parse_candidate, kind="candidate", priority=50 + int(score),
                             meta={"nb_depth": depth + 1, "nb_link_text": link.text, "nb_link_date": link.date,
                                   "nb_reason": reason, "nb_referrer": referrer})

    def _attachment_request(self, portal, link, parent, reason, depth):
        if not self._admit(portal, link.url):
            return None
        self.portal_stats[portal]["candidates"] += 1
        return self._request(link.url, portal, self.parse_attachment, kind="attachment", priority=60,
                             meta={"nb_depth": depth + 1, "nb_link_text": link.text, "nb_link_date": link.date,
                                   "nb_reason": reason, "nb_parent": parent})

    def parse_candidate(self, response):
        """A page whose link named a report: one DocumentItem (with its continuation
        pages), its attachments, and any further report links on it."""
        meta = response.meta
        portal = meta["portal"]
        yield from self._pending(portal)
        self._seen[portal].add(canonicalize(response.url))
        if response.status >= 300:
            yield self._not_ok(response, portal, "page")
            yield from self._known_children(response, portal)
            return
        reason = meta.get("nb_reason") or "candidate"
        ctype = response.headers.get("Content-Type", b"").decode("latin-1")
        fmt = detect_fmt(response.body, ctype, response.url)
        if fmt != "html":
            yield self._emit_doc(self._doc_item(response, portal, fmt, reason=reason))
            return
        raw, _ = decode_html(response.body, ctype)
        root = parse_html(raw)
        links = extract_links(root, response.url, raw)
        own_parts = {canonicalize(u) for u in continuation_links(root, response.url, raw)}
        if _is_column(page_shape(root, links, raw), [l for l in links if canonicalize(l.url) not in own_parts],
                      attachment_links(root, response.url, raw)):
            # the link led to a column (e.g. 「2019年度政府信息公开年报」 holding departments' reports)
            yield self._fetch_item(response, portal, "list")
            response.meta["nb_report_ctx"] = True
            yield from self._follow(response, portal, root, raw, links, "list")
            return
        yield from self._candidate_html(response, portal, root, raw, reason=reason, links=links)

    def _candidate_html(self, response, portal, root, raw, *, reason, links=None):
        meta = response.meta
        depth = meta.get("nb_depth", 0)
        title = page_title(root) or meta.get("nb_link_text")
        parent = {"url": response.url, "title": title, "date": page_date(root, raw) or meta.get("nb_link_date")}
        doc = self._doc_item(response, portal, "html", reason=reason)
        parts = continuation_links(root, response.url, raw)
        for url in parts:  # pages of this document are fetched as its parts, never as candidates
            self._seen[portal].add(canonicalize(url))
        atts = attachment_links(root, response.url, raw)[:MAX_ATTACHMENTS]
        for link in atts:
            req = self._attachment_request(portal, link, parent, "attachment of a candidate page (%s)" % reason, depth)
            if req is not None:
                yield req
        if self._article_is_report(root, meta.get("nb_link_text")):
            # a report's statistics table published as a page of its own (「附表：…统计表」):
            # fetched as its attachment, so the figures join the report
            own = {canonicalize(u) for u in parts}
            for link in [l for l in report_table_links(root, response.url, raw)
                         if canonicalize(l.url) not in own][:MAX_ATTACHMENTS]:
                req = self._attachment_request(portal, link, parent, "table page of a report (%s)" % reason, depth)
                if req is not None:
                    yield req
        links = links if links is not None else extract_links(root, response.url, raw)
        yield from self._follow(response, portal, root, raw, links, "article", candidates_only=True)
        if parts:
            yield from self._next_part(doc, portal, parts, {canonicalize(response.url)}, depth)
        else:
            yield self._emit_doc(doc)

    # --- split articles ------------------------------------------------------------------------------
    def _next_part(self, doc, portal, todo, done, depth):
        """Request the next continuation page, or yield the finished document."""
        while todo:
            url = todo.pop(0)
            key = canonicalize(url)
            if key in done or len(doc["parts"]) >= MAX_PARTS:
                continue
            if not self._admit(portal, url, dedupe=False):
                continue  # offsite, trap or budget spent: the document goes out with the parts it has
            done.add(key)
            self._seen[portal].add(key)
            # never conditional: page 1 came whole, so its parts are read whole too
            yield self._request(url, portal, self.parse_part, kind="part", priority=90, dont_filter=True,
                                meta={"nb_depth": depth, "nb_doc": doc, "nb_todo": todo, "nb_done": done,
                                      "nb_unconditional": True})
            return
        yield self._emit_doc(doc)

    def parse_part(self, response):
        meta = response.meta
        portal, doc, todo, done = meta["portal"], meta["nb_doc"], meta["nb_todo"], meta["nb_done"]
        yield from self._pending(portal)
        if response.status >= 300:
            yield self._not_ok(response, portal, "page")
            yield from self._next_part(doc, portal, todo, done, meta.get("nb_depth", 0))
            return
        doc["parts"].append({"url": meta.get("redirect_urls", [response.url])[0], "final_url": response.url,
                             "status": response.status, "headers": _headers(response), "fetched_at": _now(),
                             "body": response.body, "warc": meta.get("warc")})
        ctype = response.headers.get("Content-Type", b"").decode("latin-1")
        raw, _ = decode_html(response.body, ctype)
        root = parse_html(raw)
        # page 2 may be the first to link page 3; keep page order by part number
        more = [u for u in continuation_links(root, response.url, raw) if canonicalize(u) not in done]
        merged = {canonicalize(u): u for u in todo + more}
        todo = sorted(merged.values(), key=_part_number)
        yield from self._next_part(doc, portal, todo, done, meta.get("nb_depth", 0))

    # --- attachments -----------------------------------------------------------------------------------
    def parse_attachment(self, response):
        meta = response.meta
        portal = meta["portal"]
        yield from self._pending(portal)
        if response.status >= 300:
            yield self._not_ok(response, portal, "attachment")
            yield from self._known_children(response, portal)
            return
        ctype = response.headers.get("Content-Type", b"").decode("latin-1")
        fmt = detect_fmt(response.body, ctype, response.url)
        doc = self._doc_item(response, portal, fmt, reason=meta.get("nb_reason") or "attachment",
                             parent=meta.get("nb_parent"))
        text = meta.get("nb_link_text") or ""
        if not classify_title(text)[0]:  # 「附件1」「下载」: the served file name says more
            cd = response.headers.get("Content-Disposition", b"").decode("utf-8", "replace")
            m = re.search(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)", cd, re.I)
            if m:
                doc["link_text"] = squash(unquote(m.group(1))) or text
        if fmt == "html" and not attachment_ext(response.url, text):
            doc["candidate_reason"] = doc["candidate_reason"] + "; served HTML"
        yield self._emit_doc(doc)

    # --- re-crawls: what a 304 does not show --------------------------------------------------------------
    def _known_children(self, response, portal):
        """A 304 on a stored document: its body is not here to be parsed, so its stored
        continuation parts and attachments are requested (conditionally) from what the
        database recorded. Unchanged, they cost one 304 each; a changed part brings the
        whole document back (parse_known_part)."""
        if response.status != 304:
            return
        meta = response.meta
        url = (meta.get("redirect_urls") or [response.url])[0]
        doc = self.known.document(url) or self.known.document(response.url)
        if doc is None:
            return
        depth = meta.get("nb_depth", 0)
        for part in doc.parts[:MAX_PARTS]:
            if self._admit(portal, part):
                yield self._request(part, portal, self.parse_known_part, kind="part", priority=90,
                                    meta={"nb_depth": depth, "nb_known_doc": doc.url})
        for child in self.known.attachments_of(doc.url)[:MAX_ATTACHMENTS]:
            req = self._known_request(portal, child, depth + 1, "attachment of an unchanged stored page")
            if req is not None:
                yield req

    def _known_request(self, portal, doc, depth, why, *, dedupe=True, unconditional=False):
        """A request for a stored document, carrying what the link that led to it said
        last time (a changed copy is stored with the same link text, dates and parent)."""
        if not self._admit(portal, doc.url, dedupe=dedupe):
            return None
        meta = {"nb_depth": depth, "nb_link_text": doc.link_text, "nb_link_date": doc.link_date,
                "nb_reason": doc.candidate_reason or why, "nb_known": True}
        if unconditional:
            meta["nb_unconditional"] = True
        if (doc.fmt or "html") == "html" and not doc.parent_url:
            return self._request(doc.url, portal, self.parse_candidate, kind="candidate", priority=50, meta=meta,
                                 dont_filter=not dedupe)
        meta["nb_parent"] = {"url": doc.parent_url, "title": doc.parent_title, "date": doc.parent_date}
        return self._request(doc.url, portal, self.parse_attachment, kind="attachment", priority=60, meta=meta,
                             dont_filter=not dedupe)

    def parse_known_part(self, response):
        """A continuation page of a document whose page 1 answered 304. Unchanged: on
        record. Anything else (new text, gone, moved): the document is read again whole."""
        meta = response.meta
        portal = meta["portal"]
        yield from self._pending(portal)
        if response.status == 304:
            yield self._not_ok(response, portal, "page")
            return
        if response.status >= 300:
            yield self._not_ok(response, portal, "page")
        else:
            yield self._fetch_item(response, portal, "page")
        yield from self._refetch_document(meta["nb_known_doc"], portal, meta.get("nb_depth", 0))

    def _refetch_document(self, url, portal, depth):
        key = canonicalize(url)
        doc = self.known.document(url)
        if doc is None or key in self._refetched:
            return
        self._refetched.add(key)
        req = self._known_request(portal, doc, depth, "stored page whose continuation changed",
                                  dedupe=False, unconditional=True)
        if req is not None:
            self.logger.info("a part of %s changed: reading it again whole", url)
            yield req

    def _on_idle(self, spider=None, **kw):
        """Once discovery is over, stored report copies this run did not reach (no list
        links them any more, or a list moved them past its last page) are asked for
        directly: a 304/200 keeps them live, a 404/410 lets the store mark them gone."""
        if self._rechecked:
            return
        self._rechecked = True
        requests = list(self._recheck_requests())
        if not requests:
            return
        self.logger.info("revisiting %d stored report copies no page linked this time", len(requests))
        for req in requests:
            self.crawler.engine.crawl(req)
        raise DontCloseSpider

    def _recheck_requests(self):
        for doc in self.known.report_documents(self.portal_stats):
            portal = doc.portal
            if canonicalize(doc.url) in self._seen[portal] or not same_site(doc.url, portal):
                continue
            req = self._known_request(portal, doc, 1, "stored report copy, revisited")
            if req is not None:
                yield req

    # --- failures ----------------------------------------------------------------------------------------
    def on_error(self, failure):
        """Download failures (DNS, timeout, truncated body, size cap, refused) become
        FetchItems with the reason; dropped requests (robots.txt, budget, offsite) are
        counted. A continuation page that fails still lets its document through."""
        request = failure.request
        meta = request.meta
        portal = meta.get("portal") or self.portal_for_url(request.url)
        if portal is None:
            return
        yield from self._pending(portal)
        kind = meta.get("nb_kind", "nav")
        fetch_kind = {"candidate": "page", "part": "page", "attachment": "attachment"}.get(kind, kind)
        if failure.check(IgnoreRequest):
            msg = str(failure.value)
            if msg.startswith("budget"):
                self.portal_stats[portal]["budget_exhausted"] = True
            elif "robots" in msg.lower():
                self._count(portal, "dropped", "robots")
                self._scheduled[portal] = max(0, self._scheduled[portal] - 1)  # nothing was sent
            sent = not (msg.startswith("budget") or "robots" in msg.lower())
            if msg.startswith("offsite redirect") or (sent and (meta.get("redirect_urls") or "DOWNLOAD_MAXSIZE" in msg)):
                # an exchange happened (a 3xx whose target was not fetched, a body that
                # inflated past the size cap): it goes on record with its reason
                if "DOWNLOAD_MAXSIZE" in msg:
                    self._count(portal, "errors", "size_cap")
                    msg = "size_cap: " + squash(msg)[:300]
                yield FetchItem(portal=portal, url=canonicalize((meta.get("redirect_urls") or [request.url])[0]),
                                final_url=request.url, status=None,
                                headers={}, fetched_at=_now(), body=None, kind=fetch_kind, error=msg, warc=None)
        else:
            err = _error_kind(failure)
            self._count(portal, "errors", err)
            yield FetchItem(portal=portal, url=canonicalize((meta.get("redirect_urls") or [request.url])[0]),
                            final_url=request.url, status=None, headers={}, fetched_at=_now(), body=None,
                            kind=fetch_kind, error="%s: %s" % (err, squash(str(failure.value))[:300]), warc=None)
        if kind == "part" and "nb_doc" in meta:  # (a known part checked after a 304 has no document in hand)
            yield from self._next_part(meta["nb_doc"], portal, meta["nb_todo"], meta["nb_done"], meta.get("nb_depth", 0))


def _is_column(shape: str, links, attachments) -> bool:
    """Is a page reached through a report-titled link a column rather than a document?
    Lists are; so is a short page that links two report pages or three report files (a
    year column). A short page with one report file and its table is a 「详见附件」 notice:
    a document."""
    if shape != "nav":
        return shape == "list"
    pages = {canonicalize(l.url) for l in links
             if not is_attachment_url(l.url, l.text) and classify_link(l.text, l.url)[0] >= CANDIDATE_THRESHOLD}
    files = {canonicalize(l.url) for l in attachments if classify_title(l.text)[0] == "report"}
    return len(pages) >= 2 or len(files) >= 3


def _part_number(url: str) -> int:
    """Page number of a continuation page: t2020…_2.html -> 2, ?page=3 -> 3."""
    p = urlsplit(url)
    m = re.search(r"[?&](?:page|pagenum|pageno|p|pn)=(\d+)", "?" + p.query, re.I)
    if m:
        return int(m.group(1))
    m = re.search(r"_(\d{1,3})\.\w+$", p.path)
    return int(m.group(1)) if m else 0
