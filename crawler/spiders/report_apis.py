"""Lists that exist only behind an API (the spider's API half; crawler.spiders.reports): the
endpoints a column page's script calls (crawler.discovery.apis) asked page by page - POST
with a form or a JSON body, or GET with paging fields - within NIANBAO_MAX_LIST_PAGES per
column, their records followed as the column's entries."""
from __future__ import annotations

import hashlib

import scrapy

from crawler import meta as M
from crawler.classify import CANDIDATE_THRESHOLD, classify_link
from crawler.discovery import page_context, parse_html
from crawler.discovery.apis import ApiList, api_page, api_records, served_group
from crawler.urls import canonicalize, same_site

EMPTY_PAGE = "<html><body></body></html>"
FEW_LINKS = 8  # a page with no more links than this is (like a frame holder) a shell its API fills


def api_key(url: str, method: str, body: bytes | None) -> str:
    """What one API request is known by: its address, method and body (as Scrapy's fingerprint)."""
    digest = hashlib.sha1(body or b"").hexdigest()[:16]
    return "%s %s %s" % (method, canonicalize(url), digest)


class ApisMixin:
    """API-filled lists for ReportsSpider (needs _admit, _seen, _list_pages, _follow, state)."""

    def _drop_api_endpoints(self, links, apis):
        """A data link to an endpoint the script calls as an API is asked through the API (a
        bare GET of a POST endpoint answers nothing)."""
        endpoints = {a.endpoint for a in apis}
        return [l for l in links if not (l.source == "data" and l.url.split("?", 1)[0] in endpoints)]

    def _api_first_pages(self, response, portal, root, apis):
        """The first page of every API list of a disclosure page, a report column or a shell."""
        if not apis:
            return
        meta = response.meta
        ctx = page_context(root, response.url)
        report = bool(ctx["report_column"] or meta.get(M.REPORT_CTX))
        n_links = sum(1 for a in root.iter("a") if a.get("href"))
        if not (report or ctx["xxgk"] or n_links <= FEW_LINKS):
            return
        list_root = meta.get(M.LIST_ROOT) or canonicalize(response.url)
        for api in apis:
            req = self._api_request(portal, api, 0, depth=meta.get(M.DEPTH, 0), report=report, list_root=list_root,
                                    link_text=ctx["title"] or meta.get(M.LINK_TEXT),
                                    priority=max(response.request.priority - 1, 1) if response.request else 10)
            if req is not None:
                yield req

    def _api_request(self, portal, api: ApiList, index: int, *, depth, report, list_root, link_text, priority):
        page = api_page(api, index)
        if not same_site(page.url, portal):
            self.state.count(portal, "dropped", "offsite_link")
            return None
        key = api_key(page.url, page.method, page.body)
        if key in self._seen[portal]:
            return None
        if self._list_pages[(portal, list_root)] >= self.max_list_pages:
            self.state.count(portal, "dropped", "list_pages")
            return None
        # (no trap check: endpoints are often named search/query, and their pages are capped here)
        if not self.state.budget_left(portal):
            self.state.count(portal, "dropped", "budget")
            return None
        self._seen[portal].add(key)
        self._list_pages[(portal, list_root)] += 1
        self.state.schedule(portal)
        meta = {M.PORTAL: portal, M.KIND: "api", "handle_httpstatus_list": self.handled_statuses,
                M.DEPTH: depth, M.LINK_TEXT: link_text, M.REPORT_CTX: report, M.LIST_ROOT: list_root,
                M.API: api.to_meta(), M.API_PAGE: index, M.UNCONDITIONAL: True}
        return scrapy.Request(page.url, method=page.method, body=page.body, headers=page.headers,
                              callback=self.parse_api, errback=self.on_error, priority=priority, meta=meta)

    def parse_api(self, response):
        """One page of an API list: its records are the column's entries; then its other pages."""
        meta = response.meta
        portal = meta[M.PORTAL]
        yield from self._pending(portal)
        self.state.add(portal, "pages")
        if response.status >= 300:
            yield self._not_ok(response, portal, "list")
            return
        api, index = ApiList.from_meta(meta[M.API]), meta[M.API_PAGE]
        if index == 0:  # a proxy that serves fewer records a request than the page's script asks for
            api = served_group(api, response.body)
        links, pages = api_records(response.body, api, response.url)
        fresh = any(canonicalize(l.url) not in self._seen[portal] for l in links)
        holds = any(classify_link(l.text, l.url)[0] >= CANDIDATE_THRESHOLD for l in links)
        yield self._fetch_item(response, portal, "list")
        yield from self._follow(response, portal, parse_html(EMPTY_PAGE), "", links, "list")
        if not (meta.get(M.REPORT_CTX) or holds):
            return  # a list of other things: its first page was enough
        if pages is not None:
            following = range(index + 1, pages) if index == 0 else ()
        else:
            following = [index + 1] if links and fresh else []  # the answer says no length: on while it adds
        for n in following:
            req = self._api_request(portal, api, n, depth=meta.get(M.DEPTH, 0), report=meta.get(M.REPORT_CTX),
                                    list_root=meta[M.LIST_ROOT], link_text=meta.get(M.LINK_TEXT),
                                    priority=max(response.request.priority - 1, 1) if response.request else 10)
            if req is None:
                if self._list_pages[(portal, meta[M.LIST_ROOT])] >= self.max_list_pages:
                    break
                continue
            yield req
