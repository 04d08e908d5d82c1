"""Re-crawls: what a 304 does not show (ReportsSpider's re-crawl half;
crawler.spiders.reports, crawler.conditional)."""
from __future__ import annotations

import datetime as dt

from scrapy.exceptions import DontCloseSpider

from crawler import meta as M
from crawler.spiders.report_documents import MAX_ATTACHMENTS, MAX_PARTS
from crawler.urls import canonicalize


class RecrawlMixin:
    """Stored documents revisited from what the database recorded (self.known)."""

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
        depth = meta.get(M.DEPTH, 0)
        for part in doc.parts[:MAX_PARTS]:
            if self._admit(portal, part, kind="part"):
                yield self._request(part, portal, self.parse_known_part, kind="part", priority=90,
                                    meta={M.DEPTH: depth, M.KNOWN_DOC: doc.url})
        for child in self.known.attachments_of(doc.url)[:MAX_ATTACHMENTS]:
            req = self._known_request(portal, child, depth + 1, "attachment of an unchanged stored page")
            if req is not None:
                yield req

    def _not_due(self, portal, url) -> bool:
        """A stored document whose revisit is not due yet (crawler.revisit): it is not
        asked this run, and counted in the portal's not_due. Anything the database
        does not vouch for (new, untrusted, never confirmed) is due."""
        if not self.known.is_document(url):
            return False
        v = self.known.validator(url)
        if v is None or not v.trusted or self.revisit.due(v.checked_at, v.changed_at, dt.datetime.now(dt.timezone.utc)):
            return False
        self.state.add(portal, "not_due")
        self._not_asked.add(canonicalize(url))
        self.logger.debug("revisit not due: %s", url)
        return True

    def _known_request(self, portal, doc, depth, why, *, dedupe=True, unconditional=False, scheduled=True):
        """A request for a stored document, carrying what the link that led to it said
        last time (a changed copy is stored with the same link text, dates and parent).
        scheduled=False: asked at once, whatever the revisit schedule says."""
        kind = "candidate" if (doc.fmt or "html") == "html" and not doc.parent_url else "attachment"
        if not self._admit(portal, doc.url, dedupe=dedupe, kind=kind):
            return None
        if scheduled and not unconditional and self._not_due(portal, doc.url):
            return None
        meta = {M.DEPTH: depth, M.LINK_TEXT: doc.link_text, M.LINK_DATE: doc.link_date,
                M.REASON: doc.candidate_reason or why}
        if unconditional:
            meta[M.UNCONDITIONAL] = True
        if (doc.fmt or "html") == "html" and not doc.parent_url:
            return self._request(doc.url, portal, self.parse_candidate, kind="candidate", priority=50, meta=meta,
                                 dont_filter=not dedupe)
        meta[M.PARENT] = {"url": doc.parent_url, "title": doc.parent_title, "date": doc.parent_date}
        return self._request(doc.url, portal, self.parse_attachment, kind="attachment", priority=60, meta=meta,
                             dont_filter=not dedupe)

    def parse_known_part(self, response):
        """A continuation page of a document whose page 1 answered 304. Unchanged: on
        record. Anything else (new text, gone, moved): the document is read again whole."""
        meta = response.meta
        portal = meta[M.PORTAL]
        yield from self._pending(portal)
        if response.status == 304:
            yield self._not_ok(response, portal, "page")
            return
        if response.status >= 300:
            yield self._not_ok(response, portal, "page")
        else:
            yield self._fetch_item(response, portal, "page")
        yield from self._refetch_document(meta[M.KNOWN_DOC], portal, meta.get(M.DEPTH, 0))

    def _refetch_document(self, url, portal, depth):
        key = canonicalize(url)
        doc = self.known.document(url)
        if doc is None or key in self._refetched:
            return
        self._refetched.add(key)
        req = self._known_request(portal, doc, depth, "stored page whose continuation changed",
                                  dedupe=False, unconditional=True, scheduled=False)
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
        requests = list(self._recheck_requests(self.state.portals))
        if not requests:
            return
        self.logger.info("revisiting %d stored report copies no page linked this time", len(requests))
        for req in requests:
            self.crawler.engine.crawl(req)
        raise DontCloseSpider

    def _recheck_requests(self, portals):
        for doc in self.known.report_documents(portals):
            portal = doc.portal
            # (on another host: only while this run's navigation still admits it: crawler.scope)
            if canonicalize(doc.url) in self._seen[portal] or not self.state.scope.allows(portal, doc.url, "candidate"):
                continue
            if doc.parent_url and canonicalize(doc.parent_url) in self._not_asked:
                continue  # its page is still linked and was not due: its files are not due either
            # no page links it any more: it may be gone, so it is asked at once
            req = self._known_request(portal, doc, 1, "stored report copy, revisited", scheduled=False)
            if req is not None:
                yield req
