"""Applying the grouping (:mod:`pipelines.dedup`) to the database: report rows
(stable ``report_key``), versions (:mod:`.versions`), merged metrics
(:mod:`.report_metrics`), report_urls, status (live / gone / withdrawn) and the
counts of a crawl run.

:func:`finalize` is deterministic and idempotent: running it twice changes nothing
the second time.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import delete, select

from core.blobs import sha256_hex
from core.schema import Document, Report, ReportUrl
from core.status import GONE_STATUSES
from pipelines.dedup import DocInfo, Group, fmt_rank, group_documents
from pipelines.dedup.rules import INDEX_PAGE_KINDS

from .loading import (
    chunks,
    document_rows,
    fetch_history,
    latest_versions,
    load_doc_infos,
    norm_loader,
    page_kinds,
)
from .report_metrics import (
    load_document_metrics,
    report_metrics,
    sync_metrics,
    write_metrics,
)
from .values import set_changed
from .versions import record_version

# what a report says about itself, taken from the first copy that says it
REPORT_FIELDS = ("title", "body", "region", "level", "year", "publish_date")
GROUPS_PER_BATCH = 50   # reports whose copies' figures finalize holds at once


def report_key_for(url: str, n: int = 0) -> str:
    """Stable report id: 'r' + 16 hex of sha256 of the URL of the report's first primary."""
    return "r" + sha256_hex(url if n == 0 else "%s#%d" % (url, n))[:16]


@dataclass
class _Lookups:
    """What finalize reads once and every group consults."""

    now: dt.datetime
    counts: dict
    all_addresses: set           # every address of every document
    page_kinds: dict             # announcing page URL -> kind it was fetched as
    doc_rows: dict               # member id -> Document
    seen_ok: dict                # member URL -> [first, last] good answer
    latest_status: dict          # member URL -> status of its latest fetch
    latest_version: dict         # report id -> latest ReportVersion
    dmetrics: dict               # report document id -> [metric dict]
    dflags: dict                 # report document id -> [flag dict]


# ------------------------------------------------------- groups -> report rows


def _match_existing(groups: list, reports: dict) -> tuple[dict, set]:
    """Groups -> existing reports: most shared members first, then the older report."""
    overlap = []
    for gi, g in enumerate(groups):
        counts = defaultdict(int)
        for d in g.members:
            if d.report_id in reports:
                counts[d.report_id] += 1
        for rid, n in counts.items():
            overlap.append((-n, rid, g.key_url, gi))
    assigned: dict[int, Report] = {}
    taken = set()
    for _, rid, _, gi in sorted(overlap):
        if gi in assigned or rid in taken:
            continue
        assigned[gi] = reports[rid]
        taken.add(rid)
    return assigned, taken


def _report_for_new_group(session, g: Group, reports: dict, by_key: dict, taken: set, counts: dict,
                          now: dt.datetime) -> Report:
    """A new report keyed by the group's primary URL, or a withdrawn report under that
    key whose copies came back."""
    n = 0
    while True:
        key = report_key_for(g.primary.url, n)
        existing = by_key.get(key)
        if existing is None:
            rep = Report(report_key=key, status="live", version=0, created_at=now, updated_at=now)
            session.add(rep)
            session.flush()
            by_key[key] = reports[rep.id] = rep
            counts["new"] += 1
            return rep
        if existing.id not in taken:  # a withdrawn report whose copies came back
            counts["revived"] += 1
            return existing
        n += 1


def _assign_reports(session, groups: list, reports: dict, counts: dict, now: dt.datetime) -> tuple[dict, set]:
    """{group index: Report} for every group, and the ids of the reports in use."""
    by_key = {r.report_key: r for r in reports.values()}
    assigned, taken = _match_existing(groups, reports)
    for gi, g in enumerate(groups):
        if gi in assigned:
            continue
        rep = _report_for_new_group(session, g, reports, by_key, taken, counts, now)
        assigned[gi] = rep
        taken.add(rep.id)
    return assigned, taken


# ------------------------------------------------------------ one report


def _copies_by_preference(g: Group) -> list:
    """What the report says: primary first, then the other copies by preference."""
    return [g.primary] + sorted((d for d in g.reports if d.id != g.primary.id and d.id not in g.notices),
                                key=lambda d: (fmt_rank(d), d.url))


def _set_metadata(rep: Report, g: Group, order: list, doc_rows: dict) -> None:
    """Title, body, region, level, year and date from the first copy that names them
    (``order`` first, then the other members by URL); format and primary."""
    primary = doc_rows[g.primary.id]
    in_order = {d.id for d in order}
    rest = sorted((m for m in g.members if m.id not in in_order), key=lambda m: m.url)
    rows = [doc_rows[d.id] for d in order + rest]
    meta = {name: next((getattr(row, name) for row in rows if getattr(row, name) not in (None, "")), None)
            for name in REPORT_FIELDS}
    if meta["publish_date"] is None:
        meta["publish_date"] = primary.parent_date or primary.link_date
    set_changed(rep, title=meta["title"] or primary.title or primary.link_text or primary.parent_title,
                body=meta["body"], region=meta["region"], level=meta["level"], year=meta["year"],
                publish_date=meta["publish_date"], portal_id=primary.portal_id,
                fmt="multipage" if g.primary.has_parts and (primary.fmt or "html") == "html" else (primary.fmt or "html"),
                primary_document_id=primary.id, merged_into_id=None)


def _set_seen(rep: Report, g: Group, lk: _Lookups) -> dt.datetime:
    """First/last seen from the members' good answers and documents; returns this
    grouping's first seen (the time of version 1)."""
    firsts = [lk.seen_ok[d.url][0] for d in g.members if d.url in lk.seen_ok]
    lasts = [lk.seen_ok[d.url][1] for d in g.members if d.url in lk.seen_ok]
    firsts += [lk.doc_rows[d.id].first_seen for d in g.members if lk.doc_rows[d.id].first_seen]
    lasts += [lk.doc_rows[d.id].last_seen for d in g.members if lk.doc_rows[d.id].last_seen]
    first_seen = min(firsts) if firsts else lk.now
    last_seen = max(lasts) if lasts else first_seen
    set_changed(rep, first_seen=min(first_seen, rep.first_seen) if rep.first_seen else first_seen,
                last_seen=max(last_seen, rep.last_seen) if rep.last_seen else last_seen)
    return first_seen


def _set_status(rep: Report, copies: list, lk: _Lookups) -> None:
    """Gone when every copy's latest answer is 404/410, live when seen again."""
    gone = bool(copies) and all(lk.latest_status.get(d.url) in GONE_STATUSES for d in copies)
    new_status = "gone" if gone else "live"
    if new_status != rep.status:
        if new_status == "gone":
            lk.counts["gone"] += 1
        rep.status = new_status


def _report_urls(g: Group, lk: _Lookups) -> set:
    """Every address of the report: the members' addresses, and the pages that
    announced its files — a member, or a page that is no document (and no list page);
    never another report's or a hub's page."""
    member_addresses = {u for d in g.members for u in d.addresses}
    urls = set()
    for d in g.members:
        urls.update(d.addresses)
        if not d.is_html:
            for p in d.parents:
                if p in member_addresses or (p not in lk.all_addresses
                                             and lk.page_kinds.get(p) not in INDEX_PAGE_KINDS):
                    urls.add(p)
    return urls


def _write_report_urls(session, rep: Report, urls: set) -> None:
    have = set(session.scalars(select(ReportUrl.url).where(ReportUrl.report_id == rep.id)))
    for u in sorted(urls - have):
        session.add(ReportUrl(report_id=rep.id, url=u))
    if have - urls:
        session.execute(delete(ReportUrl).where(ReportUrl.report_id == rep.id,
                                                ReportUrl.url.in_(sorted(have - urls))))


def _update_report(session, rep: Report, g: Group, lk: _Lookups) -> None:
    """Bring one report row up to date with its group."""
    primary = lk.doc_rows[g.primary.id]
    order = _copies_by_preference(g)
    _set_metadata(rep, g, order, lk.doc_rows)
    first_seen = _set_seen(rep, g, lk)
    copies = [d for d in g.reports if d.id not in g.notices] or g.reports
    _set_status(rep, copies, lk)

    metrics, flags, source_doc = report_metrics(order, lk.dmetrics, lk.dflags)
    version, is_new = record_version(session, rep, primary, copies, first_seen, lk.latest_version, lk.doc_rows,
                                     lk.now)
    if is_new:
        if version > 1:
            lk.counts["changed"] += 1
        write_metrics(session, rep.id, version, metrics, flags, source_doc)
    else:
        sync_metrics(session, rep.id, version, metrics, flags, source_doc)

    _write_report_urls(session, rep, _report_urls(g, lk))
    if session.is_modified(rep):
        rep.updated_at = lk.now


# ------------------------------------------------------------ leftovers


def _withdraw_orphans(session, docs: list, reports: dict, taken: set, member_of: dict, counts: dict,
                      now: dt.datetime) -> None:
    """Reports left without copies: withdrawn (kept, never exported); when their
    copies went to another report, say which."""
    moved_to = defaultdict(lambda: defaultdict(int))
    for d in docs:
        if d.report_id is not None and d.id in member_of:
            moved_to[d.report_id][member_of[d.id]] += 1
    for rid, rep in reports.items():
        if rid in taken:
            continue
        targets = moved_to.get(rid)
        # once its copies belong to the other report, a later finalize cannot tell
        # where they came from: keep what was recorded then
        merged_into = min(targets, key=lambda t: (-targets[t], t)) if targets else rep.merged_into_id
        if rep.status != "withdrawn" or rep.merged_into_id != merged_into:
            if rep.status != "withdrawn":
                counts["withdrawn"] += 1
            rep.status = "withdrawn"
            rep.merged_into_id = merged_into
            rep.updated_at = now
            session.execute(delete(ReportUrl).where(ReportUrl.report_id == rid))


def _set_document_reports(session, member_of: dict, doc_rows: dict) -> None:
    """documents.report_id: the report each document belongs to now (None: none)."""
    for doc_id, rid in session.execute(select(Document.id, Document.report_id)):
        want = member_of.get(doc_id)
        if rid != want:
            doc = doc_rows.get(doc_id) or session.get(Document, doc_id)
            doc.report_id = want


def finalize(session, run_id: Optional[int] = None, now: Optional[dt.datetime] = None) -> dict:
    """Group every stored document into reports and bring the report rows up to date:
    keys, primary, metadata, report_urls, versions (+ merged metrics and flags),
    first/last seen, status. Deterministic and idempotent: running it twice changes
    nothing the second time. Returns counts: reports, new, changed, gone, withdrawn."""
    now = now or dt.datetime.now(dt.timezone.utc)
    docs: list[DocInfo] = load_doc_infos(session)
    kinds = page_kinds(session, docs)
    groups = group_documents(docs, kinds, norm_of=norm_loader(session))

    reports = {r.id: r for r in session.scalars(select(Report))}
    counts = {"reports": len(groups), "new": 0, "changed": 0, "gone": 0, "withdrawn": 0, "revived": 0}
    assigned, taken = _assign_reports(session, groups, reports, counts, now)

    seen_ok, latest_status = fetch_history(session, {d.url for g in groups for d in g.members})
    latest_version = latest_versions(session)
    doc_rows = document_rows(session, [d.id for g in groups for d in g.members])
    lk = _Lookups(now=now, counts=counts, all_addresses={u for d in docs for u in d.addresses}, page_kinds=kinds,
                  doc_rows=doc_rows, seen_ok=seen_ok, latest_status=latest_status, latest_version=latest_version,
                  dmetrics={}, dflags={})

    member_of: dict[int, int] = {}
    for batch in chunks(list(enumerate(groups)), GROUPS_PER_BATCH):
        # the copies' figures a batch at a time: ~500 a copy, all of an archive's would not fit
        lk.dmetrics, lk.dflags = load_document_metrics(session, [d.id for _, g in batch for d in g.reports])
        for gi, g in batch:
            rep = assigned[gi]
            for d in g.members:
                member_of[d.id] = rep.id
            _update_report(session, rep, g, lk)

    _withdraw_orphans(session, docs, reports, taken, member_of, counts, now)
    _set_document_reports(session, member_of, doc_rows)
    session.flush()
    counts["live"] = sum(1 for gi in assigned if assigned[gi].status == "live")
    return counts
