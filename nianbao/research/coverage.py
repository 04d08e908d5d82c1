"""`nianbao coverage`: which body published what for which year, as a body × year
matrix read from the database (never written to).

A cell is ``found`` (a live report), ``gone`` (the report's pages now answer 404/410),
``unreadable`` (a report-like document whose body could not be read), ``lookalike``
(only look-alikes were seen: 解读, 图解, notices about the reports …) or ``missing``
(nothing at all). A better state wins: found > gone > unreadable > lookalike > missing.
Rows are the bodies of every report and look-alike (one row per body_id, see
pipelines/metadata/identity.py), grouped by level and region; columns run from the
first year seen to the last.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from core.schema import Document, Report
from nianbao.research.bodies import assign_bodies, level_rank
from pipelines.metadata.identity_vocab import GOVERNMENT

STATES = ("found", "gone", "unreadable", "lookalike", "missing")
REPORT_STATES = {"live": "found", "gone": "gone"}
# document kinds that are a report or part of one (anything else classified is a look-alike)
REPORT_KINDS = ("report", "report_table")
NOT_LOOKALIKE = ("other", "list", "nav", None)


@dataclass
class Cell:
    state: str = "missing"
    reports: list = field(default_factory=list)     # report_ids behind a found / gone cell
    documents: list = field(default_factory=list)   # document URLs behind an unreadable / look-alike cell


@dataclass
class Coverage:
    years: list
    bodies: list                                    # body rows (nianbao.research.bodies), in display order
    cells: dict                                     # (body_id, year) -> Cell

    def state(self, body_id: str, year: int) -> str:
        cell = self.cells.get((body_id, year))
        return cell.state if cell else "missing"

    def counts(self, body_ids=None, year=None) -> Counter:
        ids = [b["body_id"] for b in self.bodies] if body_ids is None else body_ids
        years = self.years if year is None else [year]
        return Counter(self.state(b, y) for b in ids for y in years)

    def groups(self) -> list:
        """[(level, region, [body rows])] in display order."""
        out: dict = {}
        for b in self.bodies:
            out.setdefault((b["level"], b["region"]), []).append(b)
        return [(lvl, reg, rows) for (lvl, reg), rows in out.items()]


def _better(a: str, b: str) -> str:
    return a if STATES.index(a) <= STATES.index(b) else b


def _document_state(doc) -> str | None:
    if doc.parse_error or (doc.kind in REPORT_KINDS and doc.is_report and not (doc.text_length or 0)):
        return "unreadable"
    if not doc.is_report and doc.kind not in NOT_LOOKALIKE and doc.kind not in REPORT_KINDS:
        return "lookalike"
    return None


def build_coverage(session) -> Coverage:
    rows, why = [], {}
    for rep in session.scalars(select(Report).where(Report.status.in_(tuple(REPORT_STATES)))):
        rid = rep.report_key
        rows.append({"report_id": rid, "body": rep.body, "region": rep.region, "level": rep.level, "year": rep.year})
        why[rid] = (REPORT_STATES[rep.status], rid, None)
    in_live = set(session.scalars(select(Document.id).join(Report, Document.report_id == Report.id)
                                  .where(Report.status.in_(tuple(REPORT_STATES)))))
    for doc in session.scalars(select(Document).where(Document.year.is_not(None))):
        state = None if doc.id in in_live else _document_state(doc)
        if state and (doc.body or doc.region):
            rid = "document:%d" % doc.id
            rows.append({"report_id": rid, "body": doc.body, "region": doc.region, "level": doc.level,
                         "year": doc.year})
            why[rid] = (state, None, doc.url)
    of_row, bodies = assign_bodies(rows)
    cells: dict = defaultdict(Cell)
    for r in rows:
        if r["year"] is None:
            continue
        state, report_id, url = why[r["report_id"]]
        cell = cells[(of_row[r["report_id"]]["body_id"], r["year"])]
        cell.state = _better(state, cell.state)
        if report_id:
            cell.reports.append(report_id)
        if url:
            cell.documents.append(url)
    for cell in cells.values():   # behind a cell: only what gave it its state
        if cell.state not in ("found", "gone"):
            cell.reports = []
        cell.reports.sort()
        cell.documents.sort()
    years = sorted(y for _, y in cells)
    span = list(range(years[0], years[-1] + 1)) if years else []
    bodies.sort(key=lambda b: (level_rank(b["level"]), b["division_place_code"] or "~", b["region"] or "",
                               b["body_kind"] != GOVERNMENT, b["body"]))
    return Coverage(years=span, bodies=bodies, cells=dict(cells))
