"""Grouping documents into reports (pure, deterministic and independent of the order
in which documents were stored — every edge is sorted by content-derived keys):

1. *same report before*: documents grouped together by the previous finalize stay
   together (the same URL stays in its report);
2. *exact*: equal normalised-text sha256;
3. *near-duplicate*: MinHash LSH, Jaccard >= THRESHOLD;
4. *attachment*: a file joins the page that linked it (its ``parent_url``), and files
   announced by the same notice page join each other — unless that page announces
   several distinct reports (a "hub", e.g. one notice listing every department's
   report), or is a list page;
5. *same (body, year)*: a body publishes one annual report a year.

LSH only proposes candidates; a candidate pair is confirmed on the exact shingle
Jaccard when both texts are at hand (else on the MinHash estimate). Between 0.8 and
``STRONG`` = 0.9 a pair must also state the same figures (:func:`figures_agree` >=
0.8 — copies repeat every figure, template twins do not); below ``SAME_TEXT`` = 0.98
the two must not name different bodies (two tiny departments can file the same zeros
into the same template word for word, their names being the only difference).

Merges are refused when the two sides name different years (always, short of an
exact text match) or clearly different bodies (near-duplicates below 0.98, same
body-year pairs), so a department's 2020 and 2021 reports written from one template
never fuse, nor do two departments' reports.

After grouping, documents that are not reports themselves join a group as extra
addresses: a notice page announcing attachments of exactly one group (never its
primary), and a non-report attachment (an XLSX table) of a member page.
"""
from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Callable, Iterable, Optional

import numpy as np

from .documents import DocInfo, Group, choose_primary, is_table
from .minhash import lsh_candidates
from .normalize import bodies_compatible
from .rules import (
    ESTIMATE_MARGIN,
    FIGURES_AGREE,
    FULL_CHARS,
    INDEX_PAGE_KINDS,
    MIN_EXACT_CHARS,
    MIN_MINHASH_CHARS,
    NOTICE_MAX_CHARS,
    NUM_PERM,
    OTHER_KINDS,
    SAME_TEXT,
    SPREADSHEETS,
    STRONG,
    THRESHOLD,
    UNRELATED_CONTAINMENT,
    UNRELATED_JACCARD,
)
from .similarity import (
    array_containment,
    array_jaccard,
    figures_agree,
    hashed,
    minhash_jaccard,
    shingles,
    signature_array,
)


class _Components:
    """Union-find whose components remember the years and bodies they contain."""

    def __init__(self, docs: Iterable[DocInfo]):
        self.parent: dict[int, int] = {}
        self.years: dict[int, set] = {}
        self.bodies: dict[int, set] = {}
        for d in docs:
            self.parent[d.id] = d.id
            self.years[d.id] = {d.year} if d.year else set()
            b = d.body_key
            self.bodies[d.id] = {b} if b else set()

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def year_conflict(self, a: int, b: int) -> bool:
        ya, yb = self.years[self.find(a)], self.years[self.find(b)]
        return bool(ya and yb and (ya | yb) != ya & yb)

    def body_conflict(self, a: int, b: int) -> bool:
        ba, bb = self.bodies[self.find(a)], self.bodies[self.find(b)]
        return any(not bodies_compatible(x, y) for x in ba for y in bb)

    def union(self, a: int, b: int, years: bool = True, bodies: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if (years and self.year_conflict(ra, rb)) or (bodies and self.body_conflict(ra, rb)):
            return False
        if rb < ra:  # deterministic root: the smaller id
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.years[ra] |= self.years.pop(rb)
        self.bodies[ra] |= self.bodies.pop(rb)
        return True


class _Texts:
    """Normalised texts and shingle arrays, loaded once per document when needed."""

    def __init__(self, norm_of: Optional[Callable[[DocInfo], Optional[str]]]):
        self.norm_of = norm_of
        self.shingle_cache: dict[int, Optional[np.ndarray]] = {}

    def norm(self, d: DocInfo) -> Optional[str]:
        return d.norm if d.norm is not None else (self.norm_of(d) if self.norm_of else None)

    def shingle_set(self, d: DocInfo) -> Optional[np.ndarray]:
        if d.id not in self.shingle_cache:
            norm = self.norm(d)
            self.shingle_cache[d.id] = hashed(shingles(norm)) if norm else None
        return self.shingle_cache[d.id]

    def similarity(self, a: DocInfo, b: DocInfo, threshold: float) -> Optional[float]:
        if a.minhash and b.minhash and minhash_jaccard(a.minhash, b.minhash) < threshold - ESTIMATE_MARGIN:
            return minhash_jaccard(a.minhash, b.minhash)  # clearly below: no need for the texts
        sa, sb = self.shingle_set(a), self.shingle_set(b)
        if sa is not None and sb is not None:
            return array_jaccard(sa, sb)
        if a.minhash and b.minhash:
            return minhash_jaccard(a.minhash, b.minhash)
        return None


def _address_index(docs: list) -> dict[str, DocInfo]:
    by_address: dict[str, DocInfo] = {}
    for d in docs:  # a document's own URL wins over another's redirect/part address
        for u in d.addresses:
            by_address.setdefault(u, d)
    for d in docs:
        by_address[d.url] = d
    return by_address


def _join_previous_reports(comp: _Components, reports: list) -> None:
    """1. same report as before (conflicting years split it again)"""
    by_report = defaultdict(list)
    for d in reports:
        if d.report_id is not None:
            by_report[d.report_id].append(d)
    for rid in sorted(by_report, key=lambda r: by_report[r][0].url):
        first = by_report[rid][0]
        for d in by_report[rid][1:]:
            comp.union(first.id, d.id)


def _join_exact(comp: _Components, reports: list) -> None:
    """2. exact normalised text"""
    by_hash = defaultdict(list)
    for d in reports:
        if d.norm_sha256 and d.norm_length >= MIN_EXACT_CHARS:
            by_hash[d.norm_sha256].append(d)
    for h in sorted(by_hash):
        first = by_hash[h][0]
        for d in by_hash[h][1:]:
            comp.union(first.id, d.id, years=False)


def _lsh_pairs(signed: list, by_id: dict, threshold: float) -> set:
    """Candidate pairs (url a, url b, id a, id b), a's URL first, from MinHash LSH."""
    candidates = lsh_candidates({d.id: signature_array(d.minhash) for d in signed}, threshold, NUM_PERM)
    pairs = set()
    for d in signed:
        for key in candidates[d.id]:
            other = by_id[key]
            if other.id != d.id:
                a, b = sorted((d, other), key=lambda x: x.url)
                pairs.add((a.url, b.url, a.id, b.id))
    return pairs


def _join_near_duplicates(comp: _Components, reports: list, by_id: dict, texts: _Texts, threshold: float) -> None:
    """3. near-duplicates: LSH candidates, confirmed on Jaccard"""
    signed = [d for d in reports if d.minhash and d.norm_length >= MIN_MINHASH_CHARS]
    if len(signed) <= 1:
        return
    edges = []
    for au, bu, a, b in _lsh_pairs(signed, by_id, threshold):
        da, db = by_id[a], by_id[b]
        if min(da.norm_length, db.norm_length) < threshold * 0.9 * max(da.norm_length, db.norm_length):
            continue  # lengths this far apart cannot reach the threshold
        sim = texts.similarity(da, db, threshold)
        if sim is None or sim < threshold:
            continue
        if sim < STRONG:
            na, nb = texts.norm(da), texts.norm(db)
            if na is not None and nb is not None and figures_agree(na, nb) < FIGURES_AGREE:
                continue  # one template, other figures: two reports
        edges.append((-sim, au, bu, a, b))
    for neg, _, _, a, b in sorted(edges):
        comp.union(a, b, years=True, bodies=-neg < SAME_TEXT)


def _join_attachments(comp: _Components, reports: list, rset: set, by_address: dict, page_kinds: dict) -> None:
    """4. attachments join the page that announced them"""
    children = defaultdict(list)          # parent URL -> report documents it announced
    for d in reports:
        for p in d.parents:
            if p and p not in d.addresses:
                children[p].append(d)
    for p in sorted(children):
        parent = by_address.get(p)
        if (parent is not None and parent.kind == "list") or (parent is None and page_kinds.get(p) in INDEX_PAGE_KINDS):
            continue
        kids = children[p]
        full = [d for d in kids if d.norm_length >= FULL_CHARS and not is_table(d)]
        if len({comp.find(d.id) for d in full}) > 1:
            continue  # a hub announcing several distinct reports
        # files, and table pages (附表 as HTML) announced by the page
        files = [d for d in kids if not d.is_html or is_table(d)]
        if parent is not None and parent.id in rset:
            for d in files:
                comp.union(parent.id, d.id)
        else:
            for d in files[1:]:
                comp.union(files[0].id, d.id)


def _join_body_years(comp: _Components, reports: list, texts: _Texts) -> None:
    """5. one report per body and year"""
    by_body_year = defaultdict(list)
    for d in reports:
        if d.body_key and d.year:
            by_body_year[(d.body_key, d.year)].append(d)
    for key in sorted(by_body_year, key=lambda k: (k[0], k[1])):
        for a, b in itertools.combinations(by_body_year[key], 2):
            if comp.find(a.id) == comp.find(b.id):
                continue
            if a.norm_length >= FULL_CHARS and b.norm_length >= FULL_CHARS:
                sa, sb = texts.shingle_set(a), texts.shingle_set(b)
                if sa is not None and sb is not None and array_jaccard(sa, sb) < UNRELATED_JACCARD \
                        and array_containment(sa, sb) < UNRELATED_CONTAINMENT:
                    continue  # two unrelated long texts: a metadata slip, not one report
            comp.union(a.id, b.id, bodies=True)


def _announced(docs: list) -> dict[str, list]:
    """parent URL -> every document announced from it"""
    kids_of = defaultdict(list)
    for d in docs:
        for p in d.parents:
            kids_of[p].append(d)
    return kids_of


def _joining_documents(docs: list, reports: list, rset: set, root_of: dict, kids_of: dict,
                       by_address: dict) -> dict[int, int]:
    """Non-report documents joining a group, {id: root}: notice pages, then their files."""
    joined: dict[int, int] = {}
    for d in docs:  # a page announcing files of exactly one group (not a news item or 解读 linking it)
        if d.id in rset or d.kind in OTHER_KINDS:
            continue
        roots = {root_of[k.id] for u in {d.url, *d.addresses} for k in kids_of.get(u, ())
                 if k.id in root_of and not k.is_html}
        if len(roots) == 1:
            joined[d.id] = roots.pop()
    by_body_year_root = defaultdict(set)
    for d in reports:
        if d.body_key and d.year:
            by_body_year_root[(d.body_key, d.year)].add(root_of[d.id])
    for d in docs:
        if d.id in rset or d.id in joined or d.is_html or d.kind in OTHER_KINDS:
            continue
        roots = set()
        for p in d.parents:
            parent = by_address.get(p)
            if parent is not None:
                r = root_of.get(parent.id, joined.get(parent.id))
                if r is not None:
                    roots.add(r)
        if not roots and (d.fmt or "") in SPREADSHEETS and d.body_key and d.year:
            roots = set(by_body_year_root.get((d.body_key, d.year), ()))
        if len(roots) == 1:
            joined[d.id] = roots.pop()
    return joined


def _notices(ms: list, ids: set, joined_ids: set, kids_of: dict) -> set:
    """Ids of a group's notice-like members: joined pages, and short pages that link
    a member file (never the primary)."""
    notices = set(joined_ids) - {d.id for d in ms if not d.is_html}
    for d in ms:
        if d.kind == "notice":
            notices.add(d.id)
            continue
        linked = [k for u in {d.url, *d.addresses} for k in kids_of.get(u, ()) if k.id in ids and k.id != d.id]
        if linked and (d.norm_length < NOTICE_MAX_CHARS
                       or any(d.norm_length < 0.5 * k.norm_length for k in linked if not k.is_html)):
            notices.add(d.id)
    return notices


def _build_group(ms: list, rset: set, kids_of: dict) -> Group:
    ms = sorted(ms, key=lambda d: d.url)
    ids = {d.id for d in ms}
    joined_ids = {d.id for d in ms if d.id not in rset}
    notices = _notices(ms, ids, joined_ids, kids_of)
    rep = [d for d in ms if d.id in rset]
    primary = choose_primary(ms, notices, joined_ids)
    return Group(members=ms, primary=primary, reports=rep, notices=notices, joined=joined_ids)


def group_documents(docs: Iterable[DocInfo], page_kinds: Optional[dict] = None,
                    norm_of: Optional[Callable[[DocInfo], Optional[str]]] = None,
                    threshold: float = THRESHOLD) -> list[Group]:
    """Group documents into reports (see the module docstring). ``page_kinds`` maps
    URLs of pages that are not documents to the kind they were fetched as (``list``
    pages are not notices); ``norm_of`` returns a document's normalised text so
    near-duplicates are confirmed on exact Jaccard. Returns groups sorted by URL."""
    docs = sorted(docs, key=lambda d: d.url)
    page_kinds = page_kinds or {}
    by_id = {d.id: d for d in docs}
    by_address = _address_index(docs)
    reports = [d for d in docs if d.is_report]
    rset = {d.id for d in reports}
    comp = _Components(reports)
    texts = _Texts(norm_of)

    _join_previous_reports(comp, reports)
    _join_exact(comp, reports)
    _join_near_duplicates(comp, reports, by_id, texts, threshold)
    _join_attachments(comp, reports, rset, by_address, page_kinds)
    _join_body_years(comp, reports, texts)

    members = defaultdict(list)
    for d in reports:
        members[comp.find(d.id)].append(d)
    root_of = {d.id: comp.find(d.id) for d in reports}
    kids_of = _announced(docs)
    for did, root in _joining_documents(docs, reports, rset, root_of, kids_of, by_address).items():
        members[root].append(by_id[did])

    groups = [_build_group(ms, rset, kids_of) for ms in members.values()]
    groups.sort(key=lambda g: g.key_url)
    return groups
