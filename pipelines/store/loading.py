"""What finalize reads from the database: the grouping's view of every document
(:class:`~pipelines.dedup.DocInfo`), the kinds of announcing pages, texts, document
rows, the fetch history of report copies and the latest report versions."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Callable, Iterator, Optional

from sqlalchemy import select
from sqlalchemy.orm import defer

from core.schema import Document, DocumentUrl, Fetch, Portal, ReportVersion, UrlState
from core.status import GONE_STATUSES, is_soft_404
from pipelines.dedup import DocInfo, normalize_text
from pipelines.metadata import portal_places, region_of

from .values import aware

CHUNK = 500  # ids per IN (...) query


def chunks(items: list, n: int = CHUNK) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _document_urls(session) -> tuple[dict, dict, set]:
    """{document id: [addresses]}, {document id: [announcing pages]}, ids of split articles."""
    addresses, parents, parts = defaultdict(list), defaultdict(list), set()
    for doc_id, url, role in session.execute(
            select(DocumentUrl.document_id, DocumentUrl.url, DocumentUrl.role)
            .order_by(DocumentUrl.document_id, DocumentUrl.role, DocumentUrl.position, DocumentUrl.url)):
        if role == "parent":
            parents[doc_id].append(url)
        else:
            addresses[doc_id].append(url)
            if role == "part":
                parts.add(doc_id)
    return addresses, parents, parts


_DOC_INFO_COLUMNS = (Document.id, Document.url, Document.fmt, Document.is_report, Document.kind, Document.norm_sha256,
                     Document.norm_length, Document.text_length, Document.minhash, Document.body, Document.year,
                     Document.script, Document.report_id, Document.first_seen, Document.parent_url,
                     Document.portal_id, Document.region)


def load_doc_infos(session) -> list[DocInfo]:
    addresses, parents, parts = _document_urls(session)
    rows = list(session.execute(select(*_DOC_INFO_COLUMNS)))
    home_region = portal_regions(session, rows)
    out = []
    for row in rows:
        ps = list(parents.get(row.id, []))
        if row.parent_url and row.parent_url not in ps:
            ps.append(row.parent_url)
        out.append(DocInfo(id=row.id, url=row.url, fmt=row.fmt, is_report=bool(row.is_report), kind=row.kind,
                           norm_sha256=row.norm_sha256, norm_length=row.norm_length or 0,
                           text_length=row.text_length or 0, minhash=row.minhash, body=row.body, year=row.year,
                           script=row.script, report_id=row.report_id, first_seen=row.first_seen,
                           addresses=tuple(dict.fromkeys([row.url] + addresses.get(row.id, []))),
                           parents=tuple(ps), has_parts=row.id in parts,
                           home=not (row.region and home_region.get(row.portal_id)
                                     and row.region != home_region[row.portal_id])))
    return out


def portal_regions(session, doc_rows) -> dict:
    """Each portal's own place: the most specific place its name names (赣州市章贡区人民政府
    → 章贡区), else the place most of its report documents belong to."""
    out = {}
    for pid, name in session.execute(select(Portal.id, Portal.name)):
        places = portal_places(name)
        if places:
            out[pid] = region_of(places)    # as documents name it: 湖坊街道, 抚州市高新区
    counts: dict = defaultdict(Counter)
    for row in doc_rows:
        if row.is_report and row.region and row.portal_id not in out:
            counts[row.portal_id][row.region] += 1
    for pid, c in counts.items():
        out[pid] = c.most_common(1)[0][0]
    return out


def page_kinds(session, docs: list) -> dict:
    """{announcing page URL: the kind it was fetched as} (list and nav pages announce nothing)."""
    parent_urls = {p for d in docs for p in d.parents}
    kinds = {}
    if parent_urls:
        for url, kind in session.execute(select(UrlState.url, UrlState.kind)):
            if url in parent_urls:
                kinds[url] = kind
    return kinds


def norm_loader(session) -> Callable[[DocInfo], Optional[str]]:
    """A document's normalised text, read from the database once when grouping asks."""
    cache: dict[int, str] = {}

    def norm_of(d: DocInfo) -> Optional[str]:
        if d.id not in cache:
            cache[d.id] = normalize_text(session.scalar(select(Document.text).where(Document.id == d.id)))
        return cache[d.id]

    return norm_of


def document_rows(session, ids: list) -> dict:
    """{id: Document} of the given documents."""
    rows = {}
    for chunk in chunks(ids):
        # texts stay in the database until asked for (record_version, when a hash differs)
        for doc in session.scalars(select(Document).options(defer(Document.text)).where(Document.id.in_(chunk))):
            rows[doc.id] = doc
    return rows


def fetch_history(session, member_urls: set) -> tuple[dict, dict]:
    """Fetch history of every member URL: ({url: [first, last] good answer},
    {url: latest status}). A fetch counts for a URL it was requested as or ended at
    (spiders may record the canonical form of one and the published form of the other)."""
    seen_ok: dict[str, list] = {}
    latest: dict[str, tuple] = {}
    rows = session.execute(select(Fetch.id, Fetch.url, Fetch.final_url, Fetch.status, Fetch.fetched_at, Fetch.error)
                           .execution_options(yield_per=5000))
    for fid, url, final_url, status, fetched_at, error in rows:
        if is_soft_404(error):   # a 200 that said 「页面不存在」: read as the 404 it stands for
            status = GONE_STATUSES[0]
        for u in {url, final_url}:
            if u not in member_urls:
                continue
            if u not in latest or fid > latest[u][0]:
                latest[u] = (fid, status)
            # a good answer here is any status below 400: redirects count as seen,
            # unlike core.status.is_live (2xx/304) - kept as it always was
            if status is not None and 200 <= status < 400:
                t = aware(fetched_at)
                span = seen_ok.setdefault(u, [t, t])
                span[0], span[1] = min(span[0], t), max(span[1], t)
    return seen_ok, {u: st for u, (_, st) in latest.items()}


def latest_versions(session) -> dict:
    """{report id: its latest ReportVersion}"""
    latest: dict[int, ReportVersion] = {}
    for v in session.scalars(select(ReportVersion).options(defer(ReportVersion.text))
                             .order_by(ReportVersion.report_id, ReportVersion.version)):
        latest[v.report_id] = v
    return latest
