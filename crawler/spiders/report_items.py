"""What ReportsSpider yields: FetchItems and DocumentItems built from responses and
failures (the spider's item-building half; crawler.spiders.reports)."""
from __future__ import annotations

import datetime as _dt

from itemadapter import ItemAdapter
from scrapy.exceptions import IgnoreRequest

from core.formats import detect_format
from core.items import DocumentItem, FetchItem
from core.text import squash
from crawler import meta as M
from crawler.drops import ChallengeUnsolved, Dropped, OffSiteRedirect, OverBudget, is_robots_drop, is_size_cap
from crawler.urls import canonicalize


def detect_fmt(body: bytes | None, content_type: str | None, url: str) -> str:
    """Format of a fetched body: magic bytes, then Content-Type, then the URL (one rule
    for the whole project: core.formats.detect_format)."""
    return detect_format(body or b"", content_type, url)


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def headers_of(response) -> dict:
    out = {}
    for k, vals in response.headers.items():
        name = k.decode("latin-1").lower()
        out[name] = ", ".join(v.decode("latin-1", "replace") for v in vals)
    return out


def content_type(response) -> str:
    return response.headers.get("Content-Type", b"").decode("latin-1")


def error_kind(failure) -> str:
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


class ItemsMixin:
    """Item building for ReportsSpider (needs self.state and self._names)."""

    def _fetch_item(self, response, portal, kind, error=None, request=None) -> FetchItem:
        request = request or response.request  # at response_downloaded time the response is not tied yet
        requested = ((request.meta.get("redirect_urls") if request is not None else None)
                     or [request.url if request is not None else response.url])[0]
        # a page the server said was unchanged, parsed from its stored copy: on record
        # as the 304 exchange it was (no body: the stored one is already kept)
        replayed = request is not None and request.meta.get(M.REPLAYED)
        bodiless = replayed or response.status == 304  # (a 304 has no body: b"" is not a copy of the page)
        return FetchItem(portal=portal, url=canonicalize(requested),
                         final_url=response.url, status=304 if replayed else response.status,
                         headers=headers_of(response), fetched_at=now(), body=None if bodiless else response.body,
                         kind=kind, error=error, warc=request.meta.get(M.WARC) if request is not None else None,
                         challenge=request.meta.get(M.CHALLENGE) if request is not None else None)

    def _doc_item(self, response, portal, fmt, *, reason, parent=None) -> DocumentItem:
        meta = response.meta
        redirects = list(meta.get("redirect_urls") or [])
        parent = parent or {}
        return DocumentItem(
            portal=portal, portal_name=self._names.get(portal), url=redirects[0] if redirects else response.url,
            final_url=response.url, redirect_urls=redirects, status=response.status, headers=headers_of(response),
            fetched_at=now(), body=response.body, fmt=fmt, parts=[], link_text=meta.get(M.LINK_TEXT),
            link_date=meta.get(M.LINK_DATE), parent_url=parent.get("url"), parent_title=parent.get("title"),
            parent_date=parent.get("date"), candidate_reason=reason, warc=meta.get(M.WARC),
            challenge=meta.get(M.CHALLENGE),
            template_blocks=meta.get(M.TEMPLATE) or frozenset())

    def _emit_doc(self, doc: DocumentItem):
        self.state.add(ItemAdapter(doc)["portal"], "documents")
        return doc

    def _pending(self, portal):
        """robots.txt exchanges seen at the downloader, yielded with the portal's next callback
        (by then the WARC middleware has recorded where the exchange is archived)."""
        while self._robots.get(portal):
            item, request = self._robots[portal].pop(0)
            ItemAdapter(item)["warc"] = request.meta.get(M.WARC)
            yield item

    def _not_ok(self, response, portal, kind):
        """FetchItem for an answer that is not a page: 4xx/5xx after retries (404/410 say
        'gone', which the store uses to mark reports gone), 304 Not Modified (no error), or a
        redirect left unfollowed."""
        if response.status >= 400:
            self.state.count(portal, "errors", "http_%d" % response.status)
            gone = response.status in (404, 410)
            reason = response.meta.get(M.RETRY_GAVE_UP) or (
                ("gone (HTTP %d)" if gone else "HTTP %d") % response.status)
        elif response.status == 304:  # answered a conditional request: unchanged since the stored copy
            reason = None
        else:
            reason = response.meta.get(M.REDIRECT_ERROR) or "unfollowed redirect (HTTP %d)" % response.status
        return self._fetch_item(response, portal, kind, error=reason)

    def _failure_item(self, failure, portal, fetch_kind):
        """The FetchItem for a request that failed (None for a drop nothing was sent for),
        counting the failure or the drop. Drops are told apart by their class
        (crawler.drops), Scrapy's own plain IgnoreRequests by what Scrapy says."""
        request = failure.request
        meta = request.meta
        url = canonicalize((meta.get("redirect_urls") or [request.url])[0])
        exc = failure.value
        if isinstance(exc, ChallengeUnsolved) and exc.response is not None:
            # the answer was a challenge still: on record with its status, body and reason, never a document
            self.state.count(portal, "errors", "challenge")
            return self._fetch_item(exc.response, portal, fetch_kind, error=str(exc), request=request)
        if not failure.check(IgnoreRequest):
            err = error_kind(failure)
            self.state.count(portal, "errors", err)
            return FetchItem(portal=portal, url=url, final_url=request.url, status=None, headers={},
                             fetched_at=now(), body=None, kind=fetch_kind,
                             error="%s: %s" % (err, squash(str(exc))[:300]), warc=None)
        msg = str(exc)
        robots = is_robots_drop(exc)
        if isinstance(exc, OverBudget):
            self.state.exhaust(portal)
        elif robots:
            self.state.count(portal, "dropped", "robots")
            self.state.unschedule(portal)  # nothing was sent
        sent = exc.sent if isinstance(exc, Dropped) else not robots
        size_cap = is_size_cap(exc)
        if isinstance(exc, OffSiteRedirect) or (sent and (meta.get("redirect_urls") or size_cap)):
            # an exchange happened (a 3xx whose target was not fetched, a body that
            # inflated past the size cap): it goes on record with its reason
            if size_cap:
                self.state.count(portal, "errors", "size_cap")
                msg = "size_cap: " + squash(msg)[:300]
            return FetchItem(portal=portal, url=url, final_url=request.url, status=None,
                             headers={}, fetched_at=now(), body=None, kind=fetch_kind, error=msg, warc=None)
        return None
