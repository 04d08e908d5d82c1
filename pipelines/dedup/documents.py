"""What grouping knows about a document (:class:`DocInfo`), a report's members
(:class:`Group`), and which copy a report shows (:func:`choose_primary`).

Primary document (whose text is exported): the most complete copy — among members
whose text is at least 0.8 × the longest member's, prefer HTML, then DOCX, then PDF,
then other formats; ties go to the Simplified copy, then a page split over parts,
then the canonical URL order
(:func:`canonical_url_order`). Never fetch order: which of two identical copies
names a report (its report_id) must not depend on which one the crawl met first.
Notices, statistics tables (XLSX & co.) and non-report members are candidates only
when the group has nothing else.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Optional

from .normalize import normalize_body
from .rules import (
    FORMAT_RANK,
    OTHER_FORMAT_RANK,
    PRIMARY_LENGTH_RATIO,
    SPREADSHEET_RANK,
    SPREADSHEETS,
)


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


def fmt_rank(d: DocInfo) -> int:
    """HTML 0, DOCX 1, PDF 2, DOC/WPS 3, other formats 4, spreadsheets 5."""
    return FORMAT_RANK.get(d.fmt or "html", SPREADSHEET_RANK if (d.fmt or "") in SPREADSHEETS else OTHER_FORMAT_RANK)


def is_table(d: DocInfo) -> bool:
    """A statistics-table attachment: part of the report, not a copy of it."""
    return (d.fmt or "") in SPREADSHEETS or (d.kind or "").endswith("table")


def canonical_url_order(url: str) -> tuple:
    """A fixed order over addresses, whatever the crawl met first: an address without
    a query string before one with, then the shorter, then by its characters (two
    columns showing one page: /col/col3301/art_1.html before /col/col3310/art_1.html)."""
    return ("?" in url, len(url), url)


def choose_primary(members: list, notices: set = frozenset(), joined: set = frozenset()) -> DocInfo:
    """The most complete copy: among candidates whose text is >= 0.8 × the longest,
    HTML before DOCX before PDF before the rest; then Simplified, then parted, then the canonical URL order.
    Candidates are the report copies: not notices, not statistics tables, not
    documents that only joined — unless nothing else is there."""
    pool = [d for d in members if d.id not in notices and d.id not in joined and not is_table(d)]
    pool = (pool or [d for d in members if d.id not in notices and d.id not in joined]
            or [d for d in members if d.id not in notices] or list(members))
    # the original publication beats a repost on another body's portal (a county
    # report reposted by its city): the export's url and portal name the publisher
    pool = [d for d in pool if d.home] or pool
    longest = max(d.text_length or 0 for d in pool)
    eligible = [d for d in pool if (d.text_length or 0) >= PRIMARY_LENGTH_RATIO * longest]
    # a page the publisher split over parts (_1, _2 …) is its own layout; a one-page copy
    # of the same text is a print view or a repost: the parted copy goes first
    return min(eligible, key=lambda d: (fmt_rank(d), d.script == "traditional", not d.has_parts,
                                        canonical_url_order(d.url)))
