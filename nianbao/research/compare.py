"""`nianbao compare`: one body's harmonised measures year by year (the crosswalk of
pipelines/metrics/crosswalk.yaml), the change from the year before, and the
consistency (勾稽) flags of each report: a terminal table (rich) and an HTML page."""
from __future__ import annotations

import html

from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from nianbao.research.current import current_flags, current_metrics, current_reports, find_body
from nianbao.research.opening import open_readonly
from pipelines.metrics.crosswalk import harmonise, load_crosswalk, report_template


class NoSuchBody(Exception):
    pass


def _num(v) -> str:
    return "" if v is None else (str(int(v)) if float(v).is_integer() else "%g" % v)


def comparison(db_url: str, wanted: str) -> dict:
    """{body, years: [{year, report_id, template, url, values {measure: value},
    flags [rule: message]}], measures} for the body named ``wanted``."""
    engine = open_readonly(db_url)
    try:
        with Session(engine) as s:
            reports = current_reports(s, ("live",))
            body, of_report = find_body(reports, wanted)
            if body is None:
                raise NoSuchBody("no body %r in %s (try a body_id of bodies.csv)" % (wanted, db_url))
            mine = sorted((r for r in reports if of_report[r["report_id"]]["body_id"] == body["body_id"]),
                          key=lambda r: (r["year"] or 0, r["report_id"]))
            metrics, flags = current_metrics(s, mine), current_flags(s, mine)
            years = []
            for r in mine:
                values = {k: m.value for k, m in metrics.get(r["report_id"], {}).items()}
                template = report_template(values, r["year"])
                years.append({"year": r["year"], "report_id": r["report_id"], "template": template, "url": r["url"],
                              "values": {m.measure: v for m, v, _ in harmonise(values, template)},
                              "flags": ["%s: %s" % (f.rule, f.message or "") for f in flags.get(r["report_id"], [])]})
    finally:
        engine.dispose()
    return {"body": body, "years": years, "measures": list(load_crosswalk())}


def _change(cur, prev) -> str:
    if cur is None or prev is None:
        return ""
    d = cur - prev
    return " (%s%s)" % ("+" if d > 0 else "", _num(d)) if d else " (=)"


def _rows(c: dict):
    """[(measure label, [cell text per year])] for the measures any year states."""
    out = []
    for m in c["measures"]:
        cells, prev = [], None
        for y in c["years"]:
            v = y["values"].get(m.measure)
            cells.append(_num(v) + _change(v, prev) if v is not None else "")
            prev = v if v is not None else prev
        if any(cells):
            out.append(("%s %s" % (m.measure, m.unit), cells))
    return out


def print_table(c: dict, console: Console | None = None) -> None:
    console = console or Console(width=None if Console().is_terminal else 200)
    b = c["body"]
    t = Table(caption="changes (±) are against the body's previous stated year", title="%s  %s  (%s, %s, %s)" % (b["body"], b["body_id"], b["body_kind"], b["region"], b["level"]))
    t.add_column("measure", no_wrap=True)
    for y in c["years"]:
        t.add_column(str(y["year"]), justify="right")
    t.add_row("template", *[y["template"] for y in c["years"]])
    for label, cells in _rows(c):
        t.add_row(label, *cells)
    t.add_row("勾稽 flags", *[str(len(y["flags"])) for y in c["years"]])
    t.add_row("report", *[y["report_id"] for y in c["years"]])
    console.print(t)
    for y in c["years"]:
        for f in y["flags"]:
            console.print("%s %s  %s" % (y["year"], y["report_id"], f), markup=False)


def render_html(c: dict) -> str:
    e = lambda s: html.escape("" if s is None else str(s))  # noqa: E731
    b = c["body"]
    head = "".join("<th>%s</th>" % e(y["year"]) for y in c["years"])
    rows = ["<tr><th>template</th>%s</tr>" % "".join("<td>%s</td>" % e(y["template"]) for y in c["years"])]
    for label, cells in _rows(c):
        rows.append('<tr class="measure"><th>%s</th>%s</tr>' % (e(label), "".join("<td>%s</td>" % e(x) for x in cells)))
    rows.append('<tr class="flags"><th>勾稽 flags</th>%s</tr>' % "".join(
        '<td title="%s">%d</td>' % (e("\n".join(y["flags"])), len(y["flags"])) for y in c["years"]))
    rows.append("<tr><th>report</th>%s</tr>" % "".join(
        '<td><a href="%s">%s</a></td>' % (e(y["url"]), e(y["report_id"])) for y in c["years"]))
    flags = "".join("<li>%s %s: %s</li>" % (e(y["year"]), e(y["report_id"]), e(f)) for y in c["years"] for f in y["flags"])
    caveats = "".join("<li><b>%s</b>: %s</li>" % (e(m.measure), e(m.caveat)) for m in c["measures"])
    return ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>%s</title><style>'
            "body{font-family:sans-serif;margin:16px}table{border-collapse:collapse}th,td{border:1px solid #ccc;"
            "padding:3px 8px}td{text-align:right}th{text-align:left}</style></head><body>"
            "<h1>%s</h1><p>%s · %s · %s · %s</p><table id=\"compare\"><thead><tr><th>measure</th>%s</tr></thead>"
            "<tbody>%s</tbody></table><h2>勾稽 flags</h2><ul>%s</ul><h2>caveats</h2><ul>%s</ul></body></html>"
            % (e(b["body"]), e(b["body"]), e(b["body_id"]), e(b["body_kind"]), e(b["region"]), e(b["level"]),
               head, "".join(rows), flags or "<li>none</li>", caveats))
