"""Bodies over a set of reports: every report's ``body_id``, and one row per body for
bodies.csv (its name, kind, place, level, GB/T 2260 code, the names and years seen).

A place's namesakes (城关区, 市中区) are told apart by the enclosing places any of its
reports names, so one report that writes 兰州市城关区 gives the code to all of them.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from pipelines.metadata.divisions import division_version
from pipelines.metadata.identity import body_id, body_level, place_division, read_body
from pipelines.metadata.identity_vocab import GOVERNMENT, GOVERNMENT_NAME, LEVEL_ORDER

BODY_FIELDS = ("body_id", "body", "body_kind", "region", "level", "division_code", "division_place",
               "division_place_code", "names", "years", "reports", "division_source")


def level_rank(level: str | None) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def assign_bodies(reports: list[dict]) -> tuple[dict, list[dict]]:
    """({report_id: body row}, body rows sorted by level, region, government first, name)."""
    read = {r["report_id"]: read_body(r.get("body"), r.get("region")) for r in reports}
    parents: dict = defaultdict(list)
    for bn in read.values():
        for p in bn.chain[:-1]:
            if p not in parents[bn.place]:
                parents[bn.place].append(p)
    members: dict = defaultdict(list)
    of_report = {}
    for r in reports:
        bn = read[r["report_id"]]
        div = place_division(bn.place, parents.get(bn.place, ()))
        bid = body_id(bn.place, div.code, bn.kind, bn.unit, bn.name)
        members[bid].append((r, bn, div))
        of_report[r["report_id"]] = bid
    rows = {}
    source = division_version()
    for bid, ms in members.items():
        _, bn, div = ms[0]
        names = Counter(m[1].name for m in ms if m[1].name)
        if bn.kind == GOVERNMENT:
            chain = max((m[1].chain for m in ms), key=len)
            name = "".join(chain) + GOVERNMENT_NAME if chain else (names.most_common(1) or [("", 0)])[0][0]
        else:
            name = max(names, key=lambda n: (names[n], len(n), n)) if names else ""
        levels = Counter(m[0].get("level") for m in ms if m[0].get("level"))
        level = body_level(levels.most_common(1)[0][0] if levels else None, bn.place)
        rows[bid] = {
            "body_id": bid, "body": name, "body_kind": bn.kind, "region": bn.place, "level": level,
            "division_code": div.code, "division_place": div.of, "division_place_code": div.nearest,
            "names": sorted(names), "years": sorted({m[0]["year"] for m in ms if m[0].get("year")}),
            "reports": len(ms), "division_source": source if div.nearest else None,
        }
    ordered = sorted(rows.values(), key=lambda b: (level_rank(b["level"]), b["division_place_code"] or "~",
                                                   b["region"] or "", b["body_kind"] != GOVERNMENT, b["body"]))
    return {rid: rows[bid] for rid, bid in of_report.items()}, ordered
