"""What a finished crawl tells its user: the final table, the one-line totals and the
exit code, all read from the run as stored (so they agree with `nianbao runs`).

Exit codes of `nianbao crawl` (README.md lists them too):

    0  every portal was crawled and everything stored
    1  some portals could not be reached, some items were not stored, or the crawl
       was interrupted (the run says which)
    2  a usage error: a bad option, database URL or portals file; nothing was crawled
    3  nothing crawled: no portal could be reached (the run's status is `failed`)
    4  nothing to do: another crawl holds every portal of the list (run `skipped`)
"""
from __future__ import annotations

import unicodedata

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_NOTHING, EXIT_BUSY = 0, 1, 2, 3, 4
DEAD_LINK_ERRORS = ("http_404", "http_410")
TABLE_COLUMNS = ("portal", "status", "requests", "candidates", "reports", "dead links", "errors", "budget left")


def portal_rows(run: dict, names: dict | None = None, max_requests: int = 0) -> list[dict]:
    """One row per portal of the run (crawled or failed), then those another crawl held."""
    summary = run.get("summary") or {}
    names = names or {}
    failed = summary.get("portals_failed") or {}
    rows = []
    for url, st in (summary.get("portals") or {}).items():
        errors = st.get("errors") or {}
        used = max(int(st.get("budget_used") or 0), int(st.get("requests") or 0))
        rows.append({
            "portal": names.get(url) or url, "url": url,
            "status": "failed" if url in failed else "crawled",
            "requests": int(st.get("requests") or 0), "candidates": int(st.get("candidates") or 0),
            "reports": int(st.get("reports") or 0),
            "dead links": sum(n for k, n in errors.items() if k in DEAD_LINK_ERRORS),
            "errors": sum(n for k, n in errors.items() if k not in DEAD_LINK_ERRORS),
            "budget left": (max(0, max_requests - used) if max_requests else "-"),
            "reason": failed.get(url)})
    for url, holder in (summary.get("portals_busy") or {}).items():
        rows.append({"portal": names.get(url) or url, "url": url, "status": "skipped", "requests": 0,
                     "candidates": 0, "reports": 0, "dead links": 0, "errors": 0, "budget left": "-",
                     "reason": "held by another crawl (%s)" % holder})
    return rows


def format_table(rows: list[dict]) -> str:
    """The rows as an aligned text table, numbers right-aligned."""
    table = [list(TABLE_COLUMNS)] + [[str(r[c]) for c in TABLE_COLUMNS] for r in rows]
    widths = [max(_width(row[i]) for row in table) for i in range(len(TABLE_COLUMNS))]
    lines = []
    for row in table:
        cells = [_pad(v, w, left=c in ("portal", "status")) for c, v, w in zip(TABLE_COLUMNS, row, widths)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, left: bool) -> str:
    pad = " " * (width - _width(text))
    return text + pad if left else pad + text


def totals_line(run: dict) -> str:
    """'run 3 finished: 8/8 portals crawled, 1204 requests, 21 reports (21 new, 0 changed, 0 gone), 3 dead links, 0 errors'."""
    summary = run.get("summary") or {}
    portals = summary.get("portals") or {}
    crawled = summary.get("portals_crawled", len(portals))
    # requests: sent (retries, robots.txt), the table's column summed; reports: distinct ones
    # (one found on two portals is one), so the line and the table can differ there only
    line = "run %s %s: %d/%d portals crawled, %d requests, %d reports (%d new, %d changed, %d gone), " \
           "%d dead links, %d errors" % (
               run.get("id"), run.get("status"), crawled, len(portals), run.get("requests") or 0,
               summary.get("reports_found", sum(int(st.get("reports") or 0) for st in portals.values())),
               run.get("new_reports") or 0,
               run.get("changed_reports") or 0, run.get("gone_reports") or 0, summary.get("dead_links", 0),
               run.get("errors") or 0)
    busy = summary.get("portals_busy") or {}
    if busy:
        line += ", %d skipped (held by another crawl)" % len(busy)
    if summary.get("store_failed"):
        line += "; %d item(s) not stored" % summary["store_failed"]
    return line


def problems(run: dict, stats: dict) -> list[str]:
    """One line per thing that went wrong, for stderr."""
    summary = run.get("summary") or {}
    out = ["portal %s not reached: %s" % (url, why) for url, why in (summary.get("portals_failed") or {}).items()]
    out += ["portal %s skipped: another crawl holds it (%s)" % (url, holder)
            for url, holder in (summary.get("portals_busy") or {}).items()]
    failed = int(summary.get("store_failed") or stats.get("nianbao/store_failed", 0) or 0)
    if failed:
        out.append("%d item(s) were not stored (see the run's store_failures)" % failed)
    reason = stats.get("finish_reason")
    if reason not in (None, "finished"):
        out.append("the crawl ended early: %s" % reason)
    return out


def exit_code(run: dict | None, stats: dict) -> int:
    """The exit code of a crawl (see the module docstring)."""
    if run is None:
        return EXIT_NOTHING
    summary = run.get("summary") or {}
    if run.get("status") == "skipped":
        return EXIT_BUSY
    if run.get("status") == "failed" and not summary.get("portals_crawled"):
        return EXIT_NOTHING
    if (summary.get("portals_failed") or summary.get("portals_busy") or summary.get("store_failed")
            or stats.get("nianbao/store_failed") or stats.get("finish_reason") not in (None, "finished")
            or run.get("status") != "finished"):
        return EXIT_PARTIAL
    return EXIT_OK
