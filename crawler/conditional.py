"""Conditional re-crawls from the validators stored in the database.

A re-crawl asks every URL it fetched before "has this changed?" (If-None-Match /
If-Modified-Since with the ETag / Last-Modified of the last full answer, kept in
``url_state``), so an unchanged portal costs a few hundred 304s instead of its
reports' megabytes. Scrapy's HTTP cache is not used: the database is the one place
that knows what was fetched, by which run, and whether that run finished.

What a 304 means depends on what the URL was:

* a stored *document* (report page, attachment, continuation part): unchanged. The
  spider records the 304 as a FetchItem (no re-parse, no re-extraction) and requests
  the document's known parts and attachments from :class:`KnownUrls` - they are not
  discoverable from a body it did not get.
* a *navigation or list page* (or a candidate link that led to a column): the page
  is needed for its links. Its stored body is replayed from the blob store as the
  response (``request.meta[crawler.meta.REPLAYED]``), so discovery sees exactly the page it
  would have downloaded and new reports linked from it are still found. Where no
  stored body can be read, the page is requested again without validators.

Which validators are trusted:

* documents: only when their last full (2xx) answer was stored by a run that
  finished. A run killed after storing a page but before fetching its attachments
  leaves the page to be fetched in full again, so a resumed crawl loses nothing.
* pages whose body is replayed: whenever the body is stored, and the copy is younger
  than NIANBAO_REVALIDATE_MAX_AGE_DAYS (portals with dynamic list pages sometimes
  answer 304 from a stale Last-Modified; a periodic full fetch bounds that).

Enable it in settings (before WarcMiddleware at 950, so the WARC request records
carry the conditional headers, and after the retry middleware)::

    "crawler.conditional.ConditionalRequestMiddleware": 585,
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

from scrapy import signals
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from sqlalchemy import and_, func, inspect, select

from core.blobs import read_blob
from core.db import make_engine, session_scope
from core.schema import CrawlRun, Document, DocumentUrl, Fetch, Portal, Report, UrlState
from core.status import is_live, is_success
from crawler import meta as M
from crawler.revisit import RevisitPolicy
from crawler.state import per_crawler
from crawler.urls import canonicalize

logger = logging.getLogger(__name__)

UTC = dt.timezone.utc
FINISHED_RUN_STATUSES = ("finished", "failed")  # the spider ran to its end (failed: grouping failed afterwards)
CONDITIONAL_HEADERS = (b"If-None-Match", b"If-Modified-Since")


@dataclass
class Validator:
    """What the database says about one URL's last full answer."""

    etag: Optional[str] = None
    last_modified: Optional[str] = None
    fetched_at: Optional[dt.datetime] = None  # time of the last full (2xx) answer
    kind: Optional[str] = None                # url_state kind: nav, list, document, attachment, part, page...
    body_sha256: Optional[str] = None
    trusted: bool = False                     # that full answer was stored by a finished run
    checked_at: Optional[dt.datetime] = None  # last answer that confirmed the copy (2xx or 304)
    changed_at: Optional[dt.datetime] = None  # first full answer with the current body (crawler.revisit)

    @property
    def usable(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass
class KnownDocument:
    """A stored document as the spider needs it to revisit it without its list."""

    url: str
    portal: Optional[str] = None
    fmt: Optional[str] = None
    link_text: Optional[str] = None
    link_date: Optional[str] = None
    parent_url: Optional[str] = None
    parent_title: Optional[str] = None
    parent_date: Optional[str] = None
    candidate_reason: Optional[str] = None
    report_status: Optional[str] = None       # live / gone / withdrawn, None when in no report
    parts: list = field(default_factory=list)  # continuation page URLs, in order


def _success_sql(status_column):
    """core.status.is_success, as a SQL condition on a status column."""
    return and_(status_column >= 200, status_column < 300)


def _iso(t: Optional[dt.datetime]) -> Optional[str]:
    if t is None:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _aware(t):
    if t is None:
        return None
    if isinstance(t, str):
        try:
            t = dt.datetime.fromisoformat(t.replace("Z", "+00:00"))
        except ValueError:
            return None
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


class KnownUrls:
    """Everything earlier crawls stored that a re-crawl needs, loaded once at spider
    open: validators by canonical URL, stored documents with their parts, and the
    attachments each page announced. Stored bodies are read on demand (a replayed
    304), never all at once."""

    def __init__(self, db_url: Optional[str] = None, blob_dir: Optional[str] = None):
        self.db_url = db_url
        self.blob_dir = blob_dir
        self.validators: dict[str, Validator] = {}
        self.documents: dict[str, KnownDocument] = {}
        self.part_of: dict[str, str] = {}                    # canonical part URL -> canonical document URL
        self.children: dict[str, list[str]] = defaultdict(list)  # canonical page URL -> canonical attachment URLs
        self._engine = None

    # --- lookups -------------------------------------------------------------------------------
    def validator(self, url: str) -> Optional[Validator]:
        return self.validators.get(canonicalize(url))

    def document(self, url: str) -> Optional[KnownDocument]:
        return self.documents.get(canonicalize(url))

    def is_document(self, url: str) -> bool:
        """A stored document or a continuation part of one: a 304 means 'unchanged'."""
        key = canonicalize(url)
        return key in self.documents or key in self.part_of

    def attachments_of(self, url: str) -> list[KnownDocument]:
        """Stored documents announced by the page at ``url`` (its attachments)."""
        key = canonicalize(url)
        return [self.documents[c] for c in self.children.get(key, ()) if c in self.documents and c != key]

    def report_documents(self, portals=None) -> list[KnownDocument]:
        """Stored copies of live or gone reports (of the given portals), by URL."""
        wanted = set(portals) if portals is not None else None
        out = [d for d in self.documents.values() if d.report_status in ("live", "gone")
               and (wanted is None or d.portal in wanted)]
        return sorted(out, key=lambda d: d.url)

    # --- loading ----------------------------------------------------------------------------------
    @classmethod
    def for_crawler(cls, crawler) -> "KnownUrls":
        """The crawl's one instance (shared by the middleware and the spider, kept per
        crawler like crawler.state.CrawlState), loaded from NIANBAO_DB_URL on first use."""
        return per_crawler(crawler, cls, lambda: cls._load_for(crawler.settings))

    @classmethod
    def _load_for(cls, settings) -> "KnownUrls":
        known = cls(settings.get("NIANBAO_DB_URL"), settings.get("NIANBAO_BLOB_DIR") or None)
        try:
            known.load()
        except Exception:  # a database we cannot read means a full crawl, not a failed one
            logger.exception("could not load stored validators from %s; crawling in full", known.db_url)
            known = cls(known.db_url, known.blob_dir)
        return known

    def engine(self):
        if self._engine is None and self.db_url:
            self._engine = make_engine(self.db_url)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def load(self) -> "KnownUrls":
        """Read url_state, fetches, crawl_runs, documents, document_urls and reports."""
        engine = self.engine()
        if engine is None or not inspect(engine).has_table("url_state"):
            return self
        with session_scope(engine) as s:
            # the last full answer of each URL, and whether its run finished
            last_full = (select(Fetch.url.label("url"), func.max(Fetch.id).label("fid"))
                         .where(_success_sql(Fetch.status)).group_by(Fetch.url).subquery())
            full: dict[str, tuple] = {}
            for url, fetched_at, run_status, finished_at in s.execute(
                    select(Fetch.url, Fetch.fetched_at, CrawlRun.status, CrawlRun.finished_at)
                    .join(last_full, Fetch.id == last_full.c.fid)
                    .outerjoin(CrawlRun, CrawlRun.id == Fetch.run_id)):
                # a fetch stored outside any run (a store written by hand) is trusted
                trusted = run_status is None or (run_status in FINISHED_RUN_STATUSES and finished_at is not None)
                key = canonicalize(url)
                prev = full.get(key)
                if prev is None or (fetched_at and prev[0] and fetched_at > prev[0]):
                    full[key] = (fetched_at, trusted)
            checked, first_with_body = self._history(s)
            for st in s.scalars(select(UrlState)):
                if not is_live(st.last_status) or not (st.etag or st.last_modified):
                    continue
                key = canonicalize(st.url)
                fetched_at, trusted = full.get(key, (None, False))
                self.validators[key] = Validator(
                    etag=st.etag, last_modified=st.last_modified, fetched_at=_aware(fetched_at),
                    kind=st.kind, body_sha256=st.body_sha256, trusted=trusted,
                    checked_at=checked.get(key), changed_at=first_with_body.get((key, st.body_sha256)))

            portals = dict(s.execute(select(Portal.id, Portal.start_url)).all())
            statuses = dict(s.execute(select(Report.id, Report.status)).all())
            by_id: dict[int, KnownDocument] = {}
            for row in s.execute(select(Document.id, Document.url, Document.portal_id, Document.fmt,
                                        Document.link_text, Document.link_date, Document.parent_url,
                                        Document.parent_title, Document.parent_date, Document.candidate_reason,
                                        Document.report_id)):
                doc = KnownDocument(url=row.url, portal=portals.get(row.portal_id), fmt=row.fmt,
                                    link_text=row.link_text, link_date=row.link_date, parent_url=row.parent_url,
                                    parent_title=row.parent_title, parent_date=row.parent_date,
                                    candidate_reason=row.candidate_reason,
                                    report_status=statuses.get(row.report_id))
                by_id[row.id] = doc
                self.documents[canonicalize(row.url)] = doc
                if row.parent_url:
                    self._add_child(row.parent_url, row.url)
            for doc_id, url, role in s.execute(select(DocumentUrl.document_id, DocumentUrl.url, DocumentUrl.role)
                                               .order_by(DocumentUrl.document_id, DocumentUrl.position,
                                                         DocumentUrl.id)):
                doc = by_id.get(doc_id)
                if doc is None:
                    continue
                if role == "part":
                    if url not in doc.parts:
                        doc.parts.append(url)
                    self.part_of.setdefault(canonicalize(url), canonicalize(doc.url))
                elif role == "parent":
                    self._add_child(url, doc.url)
                elif role == "final" and canonicalize(url) not in self.documents:
                    # the address a redirect ended at answers for the document too
                    self.documents[canonicalize(url)] = doc
        logger.info("known from earlier crawls: %d URLs with validators, %d documents",
                    len(self.validators), len(by_id))
        return self

    @staticmethod
    def _history(s) -> tuple[dict, dict]:
        """Per canonical URL, its last confirming answer (2xx or 304), and per (URL, body
        sha256) the first full answer with that body: what the revisit schedule needs."""
        checked: dict[str, dt.datetime] = {}
        for url, at in s.execute(select(Fetch.url, func.max(Fetch.fetched_at))
                                 .where(_success_sql(Fetch.status) | (Fetch.status == 304)).group_by(Fetch.url)):
            key, at = canonicalize(url), _aware(at)
            if at is not None and (key not in checked or at > checked[key]):
                checked[key] = at
        first: dict[tuple, dt.datetime] = {}
        for url, sha, at in s.execute(select(Fetch.url, Fetch.body_sha256, func.min(Fetch.fetched_at))
                                      .where(_success_sql(Fetch.status), Fetch.body_sha256.is_not(None))
                                      .group_by(Fetch.url, Fetch.body_sha256)):
            key, at = (canonicalize(url), sha), _aware(at)
            if at is not None and (key not in first or at < first[key]):
                first[key] = at
        return checked, first

    def _add_child(self, parent: str, child: str) -> None:
        kids = self.children[canonicalize(parent)]
        key = canonicalize(child)
        if key not in kids:
            kids.append(key)

    def stored_page(self, url: str) -> Optional[tuple[dict, bytes]]:
        """Headers and body of the last full answer stored for ``url`` (for a 304
        on a page whose links are needed), or None."""
        v = self.validator(url)
        if v is None or not v.body_sha256 or self.engine() is None:
            return None
        try:
            with session_scope(self.engine()) as s:
                body = read_blob(s, v.body_sha256, self.blob_dir)
                headers = s.scalars(select(Fetch.headers).where(Fetch.body_sha256 == v.body_sha256,
                                                                _success_sql(Fetch.status))
                                    .order_by(Fetch.id.desc()).limit(1)).first()
        except Exception:  # a missing blob file or a database hiccup: fetch the page in full instead
            logger.warning("stored copy of %s unreadable", url, exc_info=True)
            return None
        if body is None:
            return None
        return (headers if isinstance(headers, dict) else {}), body


def has_conditional_headers(request) -> bool:
    return any(h in request.headers for h in CONDITIONAL_HEADERS)


def drop_conditional(request):
    """The same request without validators, marked never to get them again, and let
    past the duplicate filter (it is a second request for one URL)."""
    headers = Headers(request.headers)
    for h in CONDITIONAL_HEADERS:
        headers.pop(h, None)
    meta = dict(request.meta)
    meta[M.UNCONDITIONAL] = True
    meta.pop(M.CONDITIONAL, None)
    meta.pop(M.PREV_FETCHED_AT, None)
    return request.replace(headers=headers, meta=meta, dont_filter=True)


class ConditionalRequestMiddleware:
    """Downloader middleware: validators from the database on requests for URLs seen
    before; a 304 on a page whose links are needed answered with its stored copy.

    request.meta (crawler.meta):
      UNCONDITIONAL    (in)  never send validators (a page assembled from its parts, a re-fetch)
      KIND             (in)  only the spider's own requests are made conditional
      CONDITIONAL      (out) validators were sent
      PREV_FETCHED_AT  (out) time of the last full answer (the WARC revisit record refers to it)
      REPLAYED         (out) the response is the stored copy of a page the server said is unchanged
      NOT_ASKED        (out) ... or of a navigation page whose revisit is not due: nothing was asked
      LIST_SETTLED     (in)  a later page of a list whose page before ended with a known entry: asked
                             every NIANBAO_REVISIT_MAX_DAYS, its stored copy followed in between
    """

    def __init__(self, crawler, pages: bool, max_age_days: float, revisit: Optional[RevisitPolicy] = None):
        self.crawler = crawler
        self.pages = pages
        self.revisit = revisit          # None: every navigation page is asked every run
        self.max_age = dt.timedelta(days=max_age_days) if max_age_days and max_age_days > 0 else None
        self.known: Optional[KnownUrls] = None
        self.stats = getattr(crawler, "stats", None)

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        mw = cls(crawler, pages=s.getbool("NIANBAO_CONDITIONAL_PAGES"),
                 max_age_days=s.getfloat("NIANBAO_REVALIDATE_MAX_AGE_DAYS"),
                 revisit=RevisitPolicy.from_settings(s) if s.getbool("NIANBAO_REVISIT_NAV") else None)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_opened(self, spider=None):
        self.known = KnownUrls.for_crawler(self.crawler)

    def spider_closed(self, spider=None):
        if self.known is not None:
            self.known.close()

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value("nianbao/conditional/" + key)

    def _known(self) -> KnownUrls:
        if self.known is None:
            self.known = KnownUrls.for_crawler(self.crawler)
        return self.known

    def decide(self, request) -> Optional[Validator]:
        """The validator to send with ``request``, or None (see the module docstring)."""
        meta = request.meta
        if (request.method != "GET" or meta.get(M.UNCONDITIONAL) or not meta.get(M.KIND)
                or has_conditional_headers(request)):
            return None
        known = self._known()
        v = known.validator(request.url)
        if v is None or not v.usable:
            return None
        if known.is_document(request.url):
            return v if v.trusted else None
        if not self.pages or not v.body_sha256:
            return None  # nothing to replay a 304 with
        if self.max_age and v.fetched_at and _now() - v.fetched_at > self.max_age:
            return None  # an old copy: see the page itself again
        return v

    def process_request(self, request, spider=None):
        v = self.decide(request)
        if v is None:
            return None
        if self._nav_not_due(request, v):
            stored = self._known().stored_page(request.url)
            if stored is not None:
                self._inc("list_not_due" if request.meta.get(M.LIST_SETTLED) else "nav_not_due")
                request.meta[M.NOT_ASKED] = True
                return replay(request, None, *stored)
        if v.etag:
            request.headers[b"If-None-Match"] = v.etag
        if v.last_modified:
            request.headers[b"If-Modified-Since"] = v.last_modified
        request.meta[M.CONDITIONAL] = True
        if v.fetched_at:
            request.meta[M.PREV_FETCHED_AT] = _iso(v.fetched_at)
        self._inc("sent")
        return None

    def _nav_not_due(self, request, v: Validator) -> bool:
        """A navigation page (as the last run judged it: never a list, whose new entries
        are what a nightly crawl is for) whose copy the revisit schedule says is not due:
        a column page unchanged for months is not asked every night. Or a later page of
        a list whose page before ended with a known entry (LIST_SETTLED), not asked for
        NIANBAO_REVISIT_MAX_DAYS (crawler.revisit)."""
        # the homepage (depth 0) is always asked: the one answer that says the portal is alive
        if self.revisit is None or not (v.trusted and v.body_sha256 and request.meta.get(M.DEPTH)):
            return False
        if request.meta.get(M.LIST_SETTLED):
            return not self.revisit.settled_due(v.checked_at, _now())
        return v.kind == "nav" and not self.revisit.due(v.checked_at, v.changed_at, _now())

    def process_response(self, request, response, spider=None):
        if request.meta.get(M.NOT_ASKED) or not request.meta.get(M.CONDITIONAL):
            return response
        if response.status != 304:
            self._inc("changed" if is_success(response.status) else "status_%d" % response.status)
            return response
        self._inc("not_modified")
        known = self._known()
        if known.is_document(request.url):
            return response  # unchanged document: the spider records it and visits its known children
        stored = known.stored_page(request.url)
        if stored is None:
            self._inc("refetch")
            return drop_conditional(request)
        return replay(request, response, *stored)


def replay(request, response, headers: dict, body: bytes):
    """The stored copy of a page as the response to ``request`` (status 200), the
    304's own headers (new validators, date) over the stored ones (no response: the
    page was not asked)."""
    merged = Headers({k: v for k, v in (headers or {}).items() if isinstance(v, str)})
    for k, vals in (response.headers.items() if response is not None else ()):
        merged.setlist(k, vals)
    for h in (b"Content-Length", b"Content-Encoding", b"Transfer-Encoding"):
        merged.pop(h, None)  # the stored body is the decoded one
    url = response.url if response is not None else request.url
    cls = responsetypes.from_args(headers=merged, url=url, body=body)
    request.meta[M.REPLAYED] = True
    return cls(url=url, status=200, headers=merged, body=body, request=request,
               flags=(list(response.flags) if response is not None else ["not-asked"]) + ["replayed"],
               protocol=getattr(response, "protocol", None))


def _now() -> dt.datetime:
    return dt.datetime.now(UTC)

