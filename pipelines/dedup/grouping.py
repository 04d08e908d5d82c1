"""Text normalisation, exact hashes and MinHash LSH grouping of documents into reports.

A report is one annual report of one body for one year; every copy of it (the page
under two columns, a repost on another portal, the PDF/DOCX twin of an HTML page, a
Traditional-script mirror, an XLSX statistics table attached to it, the notice page
that announces the attachment) becomes one ``reports`` row.

Normalisation (:func:`normalize_text`): NFKC, OpenCC ``t2s``, then every whitespace,
punctuation, control and decorative-symbol character dropped and Latin letters
case-folded. Line breaks, full-width/half-width forms, page-break whitespace and
Traditional characters therefore do not change the normalised text.

Near duplicates: MinHash (datasketch, ``NUM_PERM`` = 128 permutations, seed 1) over the
set of character ``SHINGLE`` = 5-grams of the normalised text, with MinHash LSH at
``THRESHOLD`` = 0.8 Jaccard. Why 0.8: copies of one report (HTML vs PDF text with page
numbers and running heads, a mirror with a few characters OpenCC maps differently)
score 0.85–1.0, while different bodies' reports written from the same official
template score 0.66 on average-length reports (measured over 84 real and synthetic
reports) but up to ~0.78 for the short table-heavy reports small departments file
(tested in tests/test_dedup.py). LSH only proposes candidates; a candidate pair is
confirmed on the exact shingle Jaccard when both texts are at hand (else on the
MinHash estimate). Between 0.8 and ``STRONG`` = 0.9 a pair must also state the same
figures (:func:`figures_agree` >= 0.8 — copies repeat every figure, template twins
do not); below ``SAME_TEXT`` = 0.98 the two must not name different bodies (two
tiny departments can file the same zeros into the same template word for word,
their names being the only difference). Texts shorter than ``MIN_MINHASH_CHARS``
normalised characters (notice pages, empty scans) carry no signature: their shingle
sets are too small for similarity to mean anything. Signatures are stored per
document (1 KiB, datasketch scheme ``affine32`` pinned so they stay comparable).

Versions (:func:`finalize`): a report's latest ``report_versions`` row records the
normalised-text hash of each of its copies. When one of those copies' normalised text
changes, the report gets version + 1 (old text and metrics stay queryable); a copy
newly added, or another copy becoming primary, is no change of the text.

Grouping (:func:`group_documents`, pure, deterministic and independent of the order
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

Merges are refused when the two sides name different years (always, short of an
exact text match) or clearly different bodies (near-duplicates below 0.98, same
body-year pairs), so a department's 2020 and 2021 reports written from one template
never fuse, nor do two departments' reports.

After grouping, documents that are not reports themselves join a group as extra
addresses: a notice page announcing attachments of exactly one group (never its
primary), and a non-report attachment (an XLSX table) of a member page.

Primary document (whose text is exported): the most complete copy — among members
whose text is at least 0.8 × the longest member's, prefer HTML, then DOCX, then PDF,
then other formats; ties go to the Simplified copy, then the earliest first_seen.
Notices, statistics tables (XLSX & co.) and non-report members are candidates only
when the group has nothing else.

:func:`finalize` applies the grouping to the database: report rows (stable
``report_key``), versions, merged metrics, report_urls, status (live / gone /
withdrawn) and the counts of a crawl run.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import json
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

import numpy as np

from core.blobs import sha256_hex

logger = logging.getLogger(__name__)

THRESHOLD = 0.8            # Jaccard of char 5-gram sets: same report above, different reports below
STRONG = 0.9               # below this a near-duplicate must also state the same figures
FIGURES_AGREE = 0.8        # multiset Jaccard of the figures two copies of one report share at least
SAME_TEXT = 0.98           # below this a near-duplicate must not name a different body
ESTIMATE_MARGIN = 0.1      # a MinHash estimate this far below the threshold rejects without the texts (2.8 sigma)
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"        # datasketch's hashing scheme, pinned so stored signatures stay comparable
SHINGLE = 5
MIN_MINHASH_CHARS = 200    # shorter normalised texts get no signature
MIN_EXACT_CHARS = 30       # two empty / one-line texts being equal proves nothing
FULL_CHARS = 1000          # a text this long is a report in itself, not a notice or a cover page
NOTICE_MAX_CHARS = 600     # a page this short that links a member file is a notice
PRIMARY_LENGTH_RATIO = 0.8
FORMAT_RANK = {"html": 0, "multipage": 0, "docx": 1, "pdf": 2, "doc": 3, "wps": 3}
SPREADSHEETS = {"xls", "xlsx", "et", "csv", "ods"}
# Kinds the classifier uses for documents that are something else than a report or
# its statistics table: such a document never joins a report as an attachment.
OTHER_KINDS = {"interpretation", "website_report", "work_report", "rule_of_law", "budget", "news", "list"}
GONE_STATUSES = (404, 410)


# ------------------------------------------------------------------ normalisation


@functools.lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    from core.script import converter

    return converter("t2s")


def _dropped(ch: str) -> bool:
    cat = unicodedata.category(ch)
    # P*: punctuation, Z*: separators, C*: controls (tabs, newlines, NUL, format chars),
    # So/Sk: bullets, boxes, modifier symbols that PDF extraction adds or drops.
    return cat[0] in "PZC" or cat in ("So", "Sk")


def normalize_text(text: Optional[str]) -> str:
    """NFKC, Traditional -> Simplified, whitespace and punctuation removed, case-folded.

    An HTML page, its PDF twin with other line breaks and a Traditional mirror
    normalise to the same string."""
    if not text:
        return ""
    t = unicodedata.normalize("NFKC", text)
    t = _t2s()(t)
    t = "".join(ch for ch in t if not _dropped(ch)).casefold()
    # page-view counters that leak past cleaning change on every visit: not text
    return _COUNTER.sub("", t)


_COUNTER = re.compile(r"(?:浏览|点击|访问|阅读|查看)(?:次数|量|数|人次)\d+")


def norm_sha256(text: Optional[str]) -> Optional[str]:
    """sha256 of the normalised text (None when the text is empty)."""
    norm = normalize_text(text)
    return sha256_hex(norm) if norm else None


def shingles(norm: str, k: int = SHINGLE) -> set[str]:
    if len(norm) <= k:
        return {norm} if norm else set()
    return {norm[i:i + k] for i in range(len(norm) - k + 1)}


def jaccard(a: set, b: set) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def containment(a: set, b: set) -> float:
    """Share of the smaller set found in the other one."""
    small = min(len(a), len(b))
    return len(a & b) / small if small else 0.0


_YEARS = re.compile(r"^(19[5-9]\d|20[0-4]\d)$")


def figures(norm: str) -> Counter:
    """The figures of a normalised text: digit runs of two or more digits that are not
    years (0-9 are everywhere in a template's empty table and say nothing)."""
    return Counter(n for n in re.findall(r"\d{2,}", norm) if not _YEARS.match(n))


def figures_agree(norm_a: str, norm_b: str) -> float:
    """Multiset Jaccard of the figures of two texts: copies of one report state the
    same figures (1.0 give or take page numbers), two bodies' reports filled into one
    template do not. 0.0 when neither states any figure (no evidence)."""
    fa, fb = figures(norm_a), figures(norm_b)
    union = sum((fa | fb).values())
    return sum((fa & fb).values()) / union if union else 0.0


def _hashed(shingle_set: set) -> np.ndarray:
    return np.unique(np.fromiter((hash(s) for s in shingle_set), dtype=np.int64, count=len(shingle_set)))


def _common(a: np.ndarray, b: np.ndarray) -> int:
    """Size of the intersection of two sorted unique arrays (binary search, no re-sort)."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return 0
    pos = np.searchsorted(b, a)
    pos[pos == len(b)] = 0
    return int(np.count_nonzero(b[pos] == a))


def _array_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    inter = _common(a, b)
    union = len(a) + len(b) - inter
    return inter / union if union else 1.0


def _array_containment(a: np.ndarray, b: np.ndarray) -> float:
    small = min(len(a), len(b))
    return _common(a, b) / small if small else 0.0


def minhash_signature(norm: str) -> Optional[bytes]:
    """MinHash of the 5-gram set of a normalised text, as 128 little-endian uint64
    (1 KiB), or None for texts too short to compare."""
    if len(norm) < MIN_MINHASH_CHARS:
        return None
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in sorted(shingles(norm))])
    return m.hashvalues.astype("<u8").tobytes()


def _lean(sig: bytes):
    from datasketch import LeanMinHash

    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(sig, dtype="<u8").astype(np.uint64), scheme=SCHEME)


def minhash_jaccard(a: bytes, b: bytes) -> float:
    """Jaccard estimated from two stored signatures."""
    ha, hb = np.frombuffer(a, dtype="<u8"), np.frombuffer(b, dtype="<u8")
    return float(np.count_nonzero(ha == hb)) / len(ha)


def normalize_body(body: Optional[str]) -> Optional[str]:
    """A body name compared across copies: normalised, 人民政府 ~ 政府, and the
    office that signs for the government (办公室/办公厅) folded into it."""
    b = normalize_text(body)
    if not b:
        return None
    b = b.replace("人民政府", "政府")
    for tail in ("办公室", "办公厅"):
        if b.endswith(tail) and len(b) > len(tail) + 2:
            b = b[: -len(tail)]
    return b


def bodies_compatible(a: Optional[str], b: Optional[str]) -> bool:
    """Same body, or one name contains the other (安吉县政府 / 湖州市安吉县政府)."""
    if not a or not b:
        return True
    return a == b or a in b or b in a


# ------------------------------------------------------------------------ grouping


@dataclass
class DocInfo:
    """What grouping needs to know about one stored document (no database)."""

    id: int
    url: str
    fmt: Optional[str] = None
    is_report: bool = False
    kind: Optional[str] = None
    norm_sha256: Optional[str] = None
    norm_length: int = 0
    text_length: int = 0
    minhash: Optional[bytes] = None
    body: Optional[str] = None
    year: Optional[int] = None
    script: Optional[str] = None
    report_id: Optional[int] = None          # the report it was in after the last finalize
    first_seen: Optional[dt.datetime] = None
    addresses: tuple = ()                    # url, final url, redirects, continuation parts
    parents: tuple = ()                      # pages that announced it
    has_parts: bool = False
    norm: Optional[str] = None               # normalised text, when loaded
    home: bool = True                        # found on the portal of its own place (not a repost)

    @property
    def is_html(self) -> bool:
        return (self.fmt or "html") in ("html", "multipage")

    @functools.cached_property
    def body_key(self) -> Optional[str]:
        return normalize_body(self.body)


@dataclass
class Group:
    members: list                 # DocInfo, sorted by URL
    primary: DocInfo
    reports: list                 # members that are reports themselves
    notices: set = field(default_factory=set)    # ids of notice-like members (never primary)
    joined: set = field(default_factory=set)     # ids of non-report members (notices, tables)

    @property
    def key_url(self) -> str:
        return self.members[0].url


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


def _fmt_rank(d: DocInfo) -> int:
    return FORMAT_RANK.get(d.fmt or "html", 5 if (d.fmt or "") in SPREADSHEETS else 4)


def _is_table(d: DocInfo) -> bool:
    """A statistics-table attachment: part of the report, not a copy of it."""
    return (d.fmt or "") in SPREADSHEETS or (d.kind or "").endswith("table")


def choose_primary(members: list, notices: set = frozenset(), joined: set = frozenset()) -> DocInfo:
    """The most complete copy: among candidates whose text is >= 0.8 × the longest,
    HTML before DOCX before PDF before the rest; then Simplified, earliest, URL.
    Candidates are the report copies: not notices, not statistics tables, not
    documents that only joined — unless nothing else is there."""
    pool = [d for d in members if d.id not in notices and d.id not in joined and not _is_table(d)]
    pool = (pool or [d for d in members if d.id not in notices and d.id not in joined]
            or [d for d in members if d.id not in notices] or list(members))
    # the original publication beats a repost on another body's portal (a county
    # report reposted by its city): the export's url and portal name the publisher
    pool = [d for d in pool if d.home] or pool
    longest = max(d.text_length or 0 for d in pool)
    eligible = [d for d in pool if (d.text_length or 0) >= PRIMARY_LENGTH_RATIO * longest]
    far_future = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    return min(eligible, key=lambda d: (_fmt_rank(d), d.script == "traditional",
                                        d.first_seen or far_future, d.url))


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
    by_address: dict[str, DocInfo] = {}
    for d in docs:  # a document's own URL wins over another's redirect/part address
        for u in d.addresses:
            by_address.setdefault(u, d)
    for d in docs:
        by_address[d.url] = d
    reports = [d for d in docs if d.is_report]
    rset = {d.id for d in reports}
    comp = _Components(reports)

    shingle_cache: dict[int, Optional[np.ndarray]] = {}

    def norm_text(d: DocInfo) -> Optional[str]:
        return d.norm if d.norm is not None else (norm_of(d) if norm_of else None)

    def shingle_set(d: DocInfo) -> Optional[np.ndarray]:
        # shingles as a sorted array of their (per-process) hashes: set algebra on
        # thousands of candidate pairs stays fast
        if d.id not in shingle_cache:
            norm = norm_text(d)
            shingle_cache[d.id] = _hashed(shingles(norm)) if norm else None
        return shingle_cache[d.id]

    def similarity(a: DocInfo, b: DocInfo) -> Optional[float]:
        if a.minhash and b.minhash and minhash_jaccard(a.minhash, b.minhash) < threshold - ESTIMATE_MARGIN:
            return minhash_jaccard(a.minhash, b.minhash)  # clearly below: no need for the texts
        sa, sb = shingle_set(a), shingle_set(b)
        if sa is not None and sb is not None:
            return _array_jaccard(sa, sb)
        if a.minhash and b.minhash:
            return minhash_jaccard(a.minhash, b.minhash)
        return None

    # 1. same report as before (conflicting years split it again)
    by_report = defaultdict(list)
    for d in reports:
        if d.report_id is not None:
            by_report[d.report_id].append(d)
    for rid in sorted(by_report, key=lambda r: by_report[r][0].url):
        first = by_report[rid][0]
        for d in by_report[rid][1:]:
            comp.union(first.id, d.id)

    # 2. exact normalised text
    by_hash = defaultdict(list)
    for d in reports:
        if d.norm_sha256 and d.norm_length >= MIN_EXACT_CHARS:
            by_hash[d.norm_sha256].append(d)
    for h in sorted(by_hash):
        first = by_hash[h][0]
        for d in by_hash[h][1:]:
            comp.union(first.id, d.id, years=False)

    # 3. near-duplicates: LSH candidates, confirmed on Jaccard
    signed = [d for d in reports if d.minhash and d.norm_length >= MIN_MINHASH_CHARS]
    if len(signed) > 1:
        from datasketch import MinHashLSH

        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        for d in signed:
            lsh.insert(str(d.id), _lean(d.minhash))
        pairs = set()
        for d in signed:
            for key in lsh.query(_lean(d.minhash)):
                other = by_id[int(key)]
                if other.id != d.id:
                    a, b = sorted((d, other), key=lambda x: x.url)
                    pairs.add((a.url, b.url, a.id, b.id))
        edges = []
        for au, bu, a, b in pairs:
            da, db = by_id[a], by_id[b]
            if min(da.norm_length, db.norm_length) < threshold * 0.9 * max(da.norm_length, db.norm_length):
                continue  # lengths this far apart cannot reach the threshold
            sim = similarity(da, db)
            if sim is None or sim < threshold:
                continue
            if sim < STRONG:
                na, nb = norm_text(da), norm_text(db)
                if na is not None and nb is not None and figures_agree(na, nb) < FIGURES_AGREE:
                    continue  # one template, other figures: two reports
            edges.append((-sim, au, bu, a, b))
        for neg, _, _, a, b in sorted(edges):
            comp.union(a, b, years=True, bodies=-neg < SAME_TEXT)

    # 4. attachments join the page that announced them
    children = defaultdict(list)          # parent URL -> report documents it announced
    for d in reports:
        for p in d.parents:
            if p and p not in d.addresses:
                children[p].append(d)
    for p in sorted(children):
        parent = by_address.get(p)
        if (parent is not None and parent.kind == "list") or (parent is None and page_kinds.get(p) in ("list", "nav")):
            continue
        kids = children[p]
        full = [d for d in kids if d.norm_length >= FULL_CHARS and not _is_table(d)]
        if len({comp.find(d.id) for d in full}) > 1:
            continue  # a hub announcing several distinct reports
        # files, and table pages (附表 as HTML) announced by the page
        files = [d for d in kids if not d.is_html or _is_table(d)]
        if parent is not None and parent.id in rset:
            for d in files:
                comp.union(parent.id, d.id)
        else:
            for d in files[1:]:
                comp.union(files[0].id, d.id)

    # 5. one report per body and year
    by_body_year = defaultdict(list)
    for d in reports:
        if d.body_key and d.year:
            by_body_year[(d.body_key, d.year)].append(d)
    for key in sorted(by_body_year, key=lambda k: (k[0], k[1])):
        for a, b in itertools.combinations(by_body_year[key], 2):
            if comp.find(a.id) == comp.find(b.id):
                continue
            if a.norm_length >= FULL_CHARS and b.norm_length >= FULL_CHARS:
                sa, sb = shingle_set(a), shingle_set(b)
                if sa is not None and sb is not None and _array_jaccard(sa, sb) < 0.3 \
                        and _array_containment(sa, sb) < 0.5:
                    continue  # two unrelated long texts: a metadata slip, not one report
            comp.union(a.id, b.id, bodies=True)

    members = defaultdict(list)
    for d in reports:
        members[comp.find(d.id)].append(d)

    # non-report documents joining a group: notice pages, then their files
    root_of = {d.id: comp.find(d.id) for d in reports}
    joined: dict[int, int] = {}
    kids_of = defaultdict(list)           # parent URL -> every document announced from it
    for d in docs:
        for p in d.parents:
            kids_of[p].append(d)
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
    for did, root in joined.items():
        members[root].append(by_id[did])

    groups = []
    for root, ms in members.items():
        ms = sorted(ms, key=lambda d: d.url)
        ids = {d.id for d in ms}
        joined_ids = {d.id for d in ms if d.id not in rset}
        notices = set(joined_ids) - {d.id for d in ms if not d.is_html}
        for d in ms:  # a short page that links a member file is a notice, never the primary
            if d.kind == "notice":
                notices.add(d.id)
                continue
            linked = [k for u in {d.url, *d.addresses} for k in kids_of.get(u, ()) if k.id in ids and k.id != d.id]
            if linked and (d.norm_length < NOTICE_MAX_CHARS
                           or any(d.norm_length < 0.5 * k.norm_length for k in linked if not k.is_html)):
                notices.add(d.id)
        rep = [d for d in ms if d.id in rset]
        primary = choose_primary(ms, notices, joined_ids)
        groups.append(Group(members=ms, primary=primary, reports=rep, notices=notices, joined=joined_ids))
    groups.sort(key=lambda g: g.key_url)
    return groups


# ------------------------------------------------------------------------ finalize


def report_key_for(url: str, n: int = 0) -> str:
    """Stable report id: 'r' + 16 hex of sha256 of the URL of the report's first primary."""
    return "r" + hashlib.sha256((url if n == 0 else "%s#%d" % (url, n)).encode("utf-8")).hexdigest()[:16]


def _merge_metrics(per_document: list) -> tuple[list, list]:
    """Report metrics from its copies, primary first: pipelines.metrics.merge_metrics
    when available, else the first value of each key. One value per key either way."""
    merged = None
    try:
        from pipelines.metrics import merge_metrics  # written by the metrics engineer
    except Exception:
        merge_metrics = None
    if merge_metrics is not None:
        try:
            merged = merge_metrics(per_document)
        except Exception:
            logger.exception("merge_metrics failed; keeping the primary's values")
    if merged is None:
        metrics, flags = [], []
        for ms, fs in per_document:
            metrics.extend(ms)
            if not flags:
                flags = list(fs)
        merged = (metrics, flags)
    metrics, flags = merged
    seen, out = set(), []
    for m in metrics or []:
        if m.get("key") in seen or _number(m.get("value")) is None:
            continue
        seen.add(m.get("key"))
        out.append(m)
    return out, list(flags or [])


def _number(value) -> Optional[float]:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if f == f and f not in (float("inf"), float("-inf")) else None


def _metric_tuple(m: dict) -> tuple:
    value = _number(m.get("value"))
    return (m.get("key"), None if value is None else round(value, 9), m.get("unit"),
            bool(m.get("approximate")), m.get("evidence"), m.get("method"), m.get("source_url"))


def _flag_tuple(f: dict) -> tuple:
    return (f.get("rule"), f.get("message"), json.dumps(f.get("numbers"), sort_keys=True, default=str))


def load_doc_infos(session) -> list[DocInfo]:
    from sqlalchemy import select

    from core.schema import Document, DocumentUrl

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
    cols = (Document.id, Document.url, Document.fmt, Document.is_report, Document.kind, Document.norm_sha256,
            Document.norm_length, Document.text_length, Document.minhash, Document.body, Document.year,
            Document.script, Document.report_id, Document.first_seen, Document.parent_url,
            Document.portal_id, Document.region)
    rows = list(session.execute(select(*cols)))
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
    from sqlalchemy import select

    from core.schema import Portal
    from pipelines.metadata import _portal_places

    out = {}
    for pid, name in session.execute(select(Portal.id, Portal.name)):
        places = _portal_places(name)
        if places:
            out[pid] = places[-1]
    counts: dict = defaultdict(Counter)
    for row in doc_rows:
        if row.is_report and row.region and row.portal_id not in out:
            counts[row.portal_id][row.region] += 1
    for pid, c in counts.items():
        out[pid] = c.most_common(1)[0][0]
    return out


def finalize(session, run_id: Optional[int] = None, now: Optional[dt.datetime] = None) -> dict:
    """Group every stored document into reports and bring the report rows up to date:
    keys, primary, metadata, report_urls, versions (+ merged metrics and flags),
    first/last seen, status. Deterministic and idempotent: running it twice changes
    nothing the second time. Returns counts: reports, new, changed, gone, withdrawn."""
    from sqlalchemy import delete, select

    from core.schema import (Document, DocumentFlag, DocumentMetric, Fetch, Flag, Metric, Report, ReportUrl,
                                ReportVersion, UrlState)

    now = now or dt.datetime.now(dt.timezone.utc)
    docs = load_doc_infos(session)
    all_addresses = {u for d in docs for u in d.addresses}
    parent_urls = {p for d in docs for p in d.parents}
    page_kinds = {}
    if parent_urls:
        for url, kind in session.execute(select(UrlState.url, UrlState.kind)):
            if url in parent_urls:
                page_kinds[url] = kind

    norm_cache: dict[int, str] = {}

    def norm_of(d: DocInfo) -> Optional[str]:
        if d.id not in norm_cache:
            norm_cache[d.id] = normalize_text(session.scalar(select(Document.text).where(Document.id == d.id)))
        return norm_cache[d.id]

    groups = group_documents(docs, page_kinds, norm_of=norm_of)

    reports = {r.id: r for r in session.scalars(select(Report))}
    by_key = {r.report_key: r for r in reports.values()}

    # components -> existing reports: most shared members first, then the older report
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

    counts = {"reports": len(groups), "new": 0, "changed": 0, "gone": 0, "withdrawn": 0, "revived": 0}
    for gi, g in enumerate(groups):
        if gi in assigned:
            continue
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
                break
            if existing.id not in taken:  # a withdrawn report whose copies came back
                rep = existing
                counts["revived"] += 1
                break
            n += 1
        assigned[gi] = rep
        taken.add(rep.id)

    # fetch history of every member URL: first/last good answer, latest status. A
    # fetch counts for a URL it was requested as or ended at (spiders may record the
    # canonical form of one and the published form of the other).
    member_urls = {d.url for g in groups for d in g.members}
    seen_ok: dict[str, list] = {}
    latest: dict[str, tuple] = {}
    rows = session.execute(select(Fetch.id, Fetch.url, Fetch.final_url, Fetch.status, Fetch.fetched_at)
                           .execution_options(yield_per=5000))
    for fid, url, final_url, status, fetched_at in rows:
        for u in {url, final_url}:
            if u not in member_urls:
                continue
            if u not in latest or fid > latest[u][0]:
                latest[u] = (fid, status)
            if status is not None and 200 <= status < 400:
                t = _aware(fetched_at)
                span = seen_ok.setdefault(u, [t, t])
                span[0], span[1] = min(span[0], t), max(span[1], t)
    latest_status = {u: st for u, (_, st) in latest.items()}

    latest_version: dict[int, ReportVersion] = {}
    for v in session.scalars(select(ReportVersion).order_by(ReportVersion.report_id, ReportVersion.version)):
        latest_version[v.report_id] = v

    doc_rows = {}
    member_ids = [d.id for g in groups for d in g.members]
    for chunk in _chunks(member_ids, 500):
        for doc in session.scalars(select(Document).where(Document.id.in_(chunk))):
            doc_rows[doc.id] = doc
    dmetrics, dflags = defaultdict(list), defaultdict(list)
    report_doc_ids = [d.id for g in groups for d in g.reports]
    for chunk in _chunks(report_doc_ids, 500):
        for m in session.scalars(select(DocumentMetric).where(DocumentMetric.document_id.in_(chunk))
                                 .order_by(DocumentMetric.id)):
            dmetrics[m.document_id].append({"key": m.key, "value": m.value, "unit": m.unit,
                                            "approximate": m.approximate, "evidence": m.evidence,
                                            "method": m.method, "source_url": m.source_url})
        for f in session.scalars(select(DocumentFlag).where(DocumentFlag.document_id.in_(chunk))
                                 .order_by(DocumentFlag.id)):
            dflags[f.document_id].append({"rule": f.rule, "message": f.message, "numbers": f.numbers})

    member_of: dict[int, int] = {}
    for gi, g in enumerate(groups):
        rep = assigned[gi]
        primary = doc_rows[g.primary.id]
        for d in g.members:
            member_of[d.id] = rep.id

        # what the report says: primary first, then the other copies by preference
        order = [g.primary] + sorted((d for d in g.reports if d.id != g.primary.id and d.id not in g.notices),
                                     key=lambda d: (_fmt_rank(d), d.url))
        meta = {}
        for fieldname in ("title", "body", "region", "level", "year", "publish_date"):
            meta[fieldname] = next((getattr(doc_rows[d.id], fieldname) for d in order + sorted(
                (m for m in g.members if m not in order), key=lambda m: m.url)
                if getattr(doc_rows[d.id], fieldname) not in (None, "")), None)
        if meta["publish_date"] is None:
            meta["publish_date"] = primary.parent_date or primary.link_date
        _set(rep, title=meta["title"] or primary.title or primary.link_text or primary.parent_title,
             body=meta["body"], region=meta["region"], level=meta["level"], year=meta["year"],
             publish_date=meta["publish_date"], portal_id=primary.portal_id,
             fmt="multipage" if g.primary.has_parts and (primary.fmt or "html") == "html" else (primary.fmt or "html"),
             primary_document_id=primary.id, merged_into_id=None)

        firsts = [seen_ok[d.url][0] for d in g.members if d.url in seen_ok]
        lasts = [seen_ok[d.url][1] for d in g.members if d.url in seen_ok]
        firsts += [doc_rows[d.id].first_seen for d in g.members if doc_rows[d.id].first_seen]
        lasts += [doc_rows[d.id].last_seen for d in g.members if doc_rows[d.id].last_seen]
        first_seen = min(firsts) if firsts else now
        last_seen = max(lasts) if lasts else first_seen
        _set(rep, first_seen=min(first_seen, rep.first_seen) if rep.first_seen else first_seen,
             last_seen=max(last_seen, rep.last_seen) if rep.last_seen else last_seen)

        # status: gone when every copy's latest answer is 404/410, live when seen again
        copies = [d for d in g.reports if d.id not in g.notices] or g.reports
        gone = bool(copies) and all(latest_status.get(d.url) in GONE_STATUSES for d in copies)
        new_status = "gone" if gone else "live"
        if new_status != rep.status:
            if new_status == "gone":
                counts["gone"] += 1
            rep.status = new_status

        # metrics from the copies, primary first
        per_doc = [(dmetrics.get(d.id, []), dflags.get(d.id, [])) for d in order]
        metrics, flags = _merge_metrics(per_doc)
        source_doc = {}
        for d in order:
            for m in dmetrics.get(d.id, []):
                source_doc.setdefault((m["key"], m.get("source_url")), d.id)

        digest = {str(d.id): d.norm_sha256 for d in copies}
        latest = latest_version.get(rep.id)
        text = primary.text
        version_fields = dict(document_id=primary.id, url=primary.url, fmt=rep.fmt, text=text,
                              text_sha256=sha256_hex(text), norm_sha256=primary.norm_sha256)
        if latest is None:
            version_no, seen_at = 1, first_seen
        else:
            old = latest.members or {}
            changed = [doc_rows[int(k)] for k, h in old.items()
                       if int(k) in doc_rows and k in digest and digest[k] != h]
            if changed:
                version_no = latest.version + 1
                seen_at = max((c.changed_at for c in changed if c.changed_at), default=now)
            else:
                version_no = None
                # the same text, or another copy of it now primary: no new version
                _set(latest, members=digest, **version_fields)
        if version_no is not None:
            latest = ReportVersion(report_id=rep.id, version=version_no, members=digest,
                                   seen_at=_aware(seen_at), created_at=now, **version_fields)
            session.add(latest)
            latest_version[rep.id] = latest
            if version_no > 1:
                counts["changed"] += 1
            _set(rep, version=version_no, last_changed=_aware(seen_at))
            _write_metrics(session, rep.id, version_no, metrics, flags, source_doc)
        else:
            _set(rep, version=latest.version)
            if rep.last_changed is None:
                rep.last_changed = latest.seen_at or first_seen
            existing = session.scalars(select(Metric).where(Metric.report_id == rep.id,
                                                            Metric.version == latest.version)
                                       .order_by(Metric.id)).all()
            existing_f = session.scalars(select(Flag).where(Flag.report_id == rep.id,
                                                            Flag.version == latest.version)
                                         .order_by(Flag.id)).all()
            same = ([_metric_tuple(_row_dict(m)) for m in existing] == [_metric_tuple(m) for m in metrics]
                    and [_flag_tuple(_row_dict(f)) for f in existing_f] == [_flag_tuple(f) for f in flags])
            if not same:
                session.execute(delete(Metric).where(Metric.report_id == rep.id, Metric.version == latest.version))
                session.execute(delete(Flag).where(Flag.report_id == rep.id, Flag.version == latest.version))
                _write_metrics(session, rep.id, latest.version, metrics, flags, source_doc)

        # every address of the report
        urls = set()
        for d in g.members:
            urls.update(d.addresses)
            if not d.is_html:
                for p in d.parents:
                    owner = None
                    for other in g.members:
                        if p in other.addresses:
                            owner = other
                    # the announcing page: a member, or a page that is no document
                    # (and no list page); never another report's or a hub's page
                    if owner is not None or (p not in all_addresses and page_kinds.get(p) not in ("list", "nav")):
                        urls.add(p)
        have = set(session.scalars(select(ReportUrl.url).where(ReportUrl.report_id == rep.id)))
        for u in sorted(urls - have):
            session.add(ReportUrl(report_id=rep.id, url=u))
        if have - urls:
            session.execute(delete(ReportUrl).where(ReportUrl.report_id == rep.id,
                                                    ReportUrl.url.in_(sorted(have - urls))))
        if session.is_modified(rep):
            rep.updated_at = now

    # reports left without copies: withdrawn (kept, never exported); when their copies
    # went to another report, say which
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

    for doc_id, rid in session.execute(select(Document.id, Document.report_id)):
        want = member_of.get(doc_id)
        if rid != want:
            doc = doc_rows.get(doc_id) or session.get(Document, doc_id)
            doc.report_id = want
    session.flush()
    counts["live"] = sum(1 for gi in assigned if assigned[gi].status == "live")
    return counts


def _chunks(items: list, n: int):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _aware(value):
    if value is None or isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value


def _set(obj, **values) -> None:
    """Assign only what differs, so unchanged rows are not rewritten."""
    for k, v in values.items():
        if getattr(obj, k) != v:
            setattr(obj, k, v)


def _row_dict(row) -> dict:
    return {c: getattr(row, c) for c in ("key", "value", "unit", "approximate", "evidence", "method",
                                          "source_url", "rule", "message", "numbers") if hasattr(row, c)}


def _write_metrics(session, report_id: int, version: int, metrics: list, flags: list, source_doc: dict) -> None:
    from core.schema import Flag, Metric

    for m in metrics:
        value = _number(m.get("value"))
        if value is None:
            continue
        session.add(Metric(report_id=report_id, version=version, key=str(m.get("key")), value=value,
                           unit=m.get("unit"), approximate=bool(m.get("approximate")),
                           evidence=m.get("evidence"), method=m.get("method"), source_url=m.get("source_url"),
                           document_id=source_doc.get((m.get("key"), m.get("source_url")))))
    for f in flags:
        session.add(Flag(report_id=report_id, version=version, rule=str(f.get("rule")),
                         message=f.get("message"), numbers=f.get("numbers")))
