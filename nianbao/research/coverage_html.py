"""The coverage matrix as one self-contained HTML page (inline CSS, no script, no
CDN, no web font): every cell carries ``data-body-id``, ``data-year`` and
``data-state`` so a browser test or a scraper can read it back."""
from __future__ import annotations

import datetime as dt
import html
import json
import os

from sqlalchemy.orm import Session

from nianbao.research.chromium import screenshot
from nianbao.research.coverage import STATES, Coverage, build_coverage
from nianbao.research.opening import open_readonly

MARK = {"found": "✓", "gone": "✗", "unreadable": "?", "lookalike": "≈", "missing": "·"}
LABEL = {"found": "found", "gone": "gone (404/410)", "unreadable": "unreadable", "lookalike": "look-alike only",
         "missing": "missing"}
CSS = """
body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:16px;color:#222}
h1{font-size:20px;margin:0 0 4px}p.meta{color:#666;margin:0 0 12px;font-size:13px}
table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ddd;padding:3px 6px}
th.body{text-align:left;white-space:nowrap;font-weight:normal}th.year{min-width:34px}
tr.group th{background:#eef2f7;text-align:left;font-weight:bold}
td.cell{text-align:center;min-width:28px}td.num{text-align:right;color:#444}
.found{background:#2e9d5b;color:#fff}.gone{background:#c0392b;color:#fff}.unreadable{background:#e67e22;color:#fff}
.lookalike{background:#f4d03f;color:#333}.missing{background:#f7f7f7;color:#bbb}
ul.legend{list-style:none;padding:0;display:flex;gap:12px;font-size:13px}
ul.legend li span{display:inline-block;width:18px;text-align:center;margin-right:4px}
tfoot td,tfoot th{font-weight:bold;background:#fafafa}
"""


def _e(s) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def _counts(counter) -> str:
    return " · ".join("%s %d" % (LABEL[s], counter[s]) for s in STATES if counter[s])


def render(cov: Coverage, db_label: str = "") -> str:
    total = cov.counts()
    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
           "<title>nianbao coverage</title><style>%s</style></head><body>" % CSS,
           "<h1>政府信息公开工作年度报告 · coverage</h1>",
           '<p class="meta">%s · %d bodies × %d years · %s · made %s</p>' % (
               _e(db_label), len(cov.bodies), len(cov.years), _e(_counts(total)),
               dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
           '<ul class="legend">' + "".join('<li><span class="%s">%s</span>%s</li>' % (s, MARK[s], LABEL[s])
                                             for s in STATES) + "</ul>",
           '<table id="coverage"><thead><tr><th>body</th><th>kind</th><th>code</th>']
    out += ['<th class="year">%d</th>' % y for y in cov.years]
    out += ['<th class="count" title="%s">%s</th>' % (LABEL[s], MARK[s]) for s in STATES]
    out.append("</tr></thead><tbody>")
    width = 3 + len(cov.years) + len(STATES)
    for level, region, rows in cov.groups():
        ids = [b["body_id"] for b in rows]
        out.append('<tr class="group" data-level="%s" data-region="%s"><th colspan="%d">%s · %s · %d bodies · %s</th>'
                   "</tr>" % (_e(level), _e(region), width, _e(level or "level unknown"),
                              _e(region or "region unknown"), len(rows), _e(_counts(cov.counts(ids)))))
        for b in rows:
            out.append('<tr class="body" data-body-id="%s" data-body="%s" data-names="%s" data-level="%s" '
                       'data-region="%s"><th class="body" title="%s">%s</th><td>%s</td><td>%s</td>'
                       % (_e(b["body_id"]), _e(b["body"]), _e(json.dumps(b["names"], ensure_ascii=False)),
                          _e(b["level"]), _e(b["region"]), _e(" / ".join(b["names"])), _e(b["body"]),
                          _e(b["body_kind"]), _e(b["division_code"] or "")))
            for y in cov.years:
                cell = cov.cells.get((b["body_id"], y))
                state = cell.state if cell else "missing"
                behind = (cell.reports or cell.documents) if cell else []
                out.append('<td class="cell %s" data-body-id="%s" data-year="%d" data-state="%s" title="%s">%s</td>'
                           % (state, _e(b["body_id"]), y, state, _e(" ".join(behind)), MARK[state]))
            c = cov.counts([b["body_id"]])
            out += ['<td class="num" data-count="%s">%d</td>' % (s, c[s]) for s in STATES]
            out.append("</tr>")
    out.append('</tbody><tfoot><tr><th colspan="3">found per year</th>')
    out += ['<td class="num" data-year="%d">%d</td>' % (y, cov.counts(year=y)["found"]) for y in cov.years]
    out += ['<td class="num" data-total="%s">%d</td>' % (s, total[s]) for s in STATES]
    out.append("</tr></tfoot></table></body></html>")
    return "\n".join(out)


def page_size(cov: Coverage) -> tuple[int, int]:
    """A window that shows the whole matrix (for the PNG)."""
    width = 520 + 40 * len(cov.years) + 34 * len(STATES)
    height = 150 + 25 * (len(cov.bodies) + len(cov.groups()) + 2)
    return max(width, 800), min(max(height, 400), 16000)


def write_coverage(db_url: str, out: str, png: str | None = None) -> dict:
    """Read the database (never write it), write the HTML page and, with ``png``, a
    screenshot of it made by headless Chromium; return the counts."""
    engine = open_readonly(db_url)
    try:
        with Session(engine) as session:
            cov = build_coverage(session)
    finally:
        engine.dispose()
    page = render(cov, db_label=db_url.rsplit("/", 1)[-1])
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(tmp, out)
    if png:
        screenshot(out, png, *page_size(cov))
    counts = cov.counts()
    return {"bodies": len(cov.bodies), "years": [cov.years[0], cov.years[-1]] if cov.years else [],
            **{s: counts[s] for s in STATES}, "html": out, "png": png}
