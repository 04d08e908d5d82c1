"""What the database says now: live and gone reports, and the figures and flags of
each report's latest version (the rows the export writes, without the texts)."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from core.schema import Flag, Metric, Report, ReportVersion
from nianbao.research.bodies import assign_bodies
from pipelines.metadata.identity import body_id, place_division, read_body


def current_reports(session, statuses=("live", "gone")) -> list[dict]:
    out = []
    q = (select(Report, ReportVersion.url).join(ReportVersion, (ReportVersion.report_id == Report.id)
                                                & (ReportVersion.version == Report.version))
         .where(Report.status.in_(statuses)).order_by(Report.report_key))
    for rep, url in session.execute(q):
        out.append({"id": rep.id, "report_id": rep.report_key, "title": rep.title, "body": rep.body,
                    "region": rep.region, "level": rep.level, "year": rep.year, "status": rep.status,
                    "version": rep.version, "url": url})
    return out


def current_metrics(session, reports: list[dict]) -> dict:
    """{report_id: {key: Metric}} of each report's latest version (the first row of a key)."""
    version = {r["id"]: (r["report_id"], r["version"]) for r in reports}
    out: dict = defaultdict(dict)
    for m in session.scalars(select(Metric).where(Metric.report_id.in_(list(version))).order_by(Metric.id)):
        rid, v = version[m.report_id]
        if m.version == v and m.value is not None:
            out[rid].setdefault(m.key, m)
    return out


def current_flags(session, reports: list[dict]) -> dict:
    version = {r["id"]: (r["report_id"], r["version"]) for r in reports}
    out: dict = defaultdict(list)
    for f in session.scalars(select(Flag).where(Flag.report_id.in_(list(version))).order_by(Flag.rule, Flag.id)):
        rid, v = version[f.report_id]
        if f.version == v:
            out[rid].append(f)
    return out


def find_body(reports: list[dict], wanted: str) -> tuple[dict | None, dict]:
    """(the body row named by ``wanted``: its body_id, a name it was published under,
    its canonical name or, for a government, its place; {report_id: body row})."""
    of_report, bodies = assign_bodies(reports)
    w = "".join((wanted or "").split())
    for test in (lambda b: b["body_id"] == w, lambda b: b["body"] == w, lambda b: w in b["names"],
                 lambda b: b["body_kind"] == "government" and b["region"] == w, lambda b: b["body_id"] == _id_of(w)):
        hits = [b for b in bodies if test(b)]
        if len(hits) == 1:
            return hits[0], of_report
    return None, of_report


def _id_of(name: str) -> str | None:
    """The body_id a name would have (章贡区司法局 for the body published as 赣州市章贡区司法局)."""
    if not name:
        return None
    bn = read_body(name)
    div = place_division(bn.place, bn.chain[:-1])
    return body_id(bn.place, div.code, bn.kind, bn.unit, bn.name)
