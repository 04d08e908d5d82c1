"""ProgressExtension: what a crawl is doing, per portal, while it runs (on stderr).

On a terminal, a live table (rich): per portal, requests, candidates, report documents
found (copies included: the final table counts distinct reports, after grouping),
dead links, errors and budget left, the busiest first. Anywhere else (cron, a pipe)
plain timestamped lines: one every NIANBAO_PROGRESS_LOG_INTERVAL seconds with the
totals. Both print one line per portal as it finishes (or fails: never reached).

The extension only reads: the crawl's ledger (crawler/state.py: counters, the
budget, requests in flight), crawler.stats (reports found, counted by the store) and
which requests Scrapy's scraper is still working on. A portal is done when none of
its requests is in flight and none is being parsed. NIANBAO_PROGRESS picks the form:
auto (live on a terminal, else plain), live, plain, or off.
"""
from __future__ import annotations

import datetime as dt
import sys

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from core.status import GONE_STATUSES
from crawler import meta as M
from crawler.state import CrawlState

MODES = ("auto", "live", "plain", "off")
DEAD_LINK_ERRORS = tuple("http_%d" % s for s in GONE_STATUSES)   # a link to a removed page, not a failure
REPORTS_STAT = "nianbao/reports_found/"                           # + portal: counted by the store


def split_errors(errors: dict) -> tuple[int, int]:
    """(dead links, failures) of a portal's errors: 404/410 of links are expected on any
    portal and counted apart from the fetches that failed."""
    dead = sum(n for k, n in (errors or {}).items() if k in DEAD_LINK_ERRORS)
    return dead, sum(n for k, n in (errors or {}).items() if k not in DEAD_LINK_ERRORS)


def failure_reason(st: dict) -> str:
    """Why a portal was never reached, from its errors: 'refused', 'dns, timeout' …"""
    errors = st.get("errors") or {}
    return ", ".join(sorted(errors, key=lambda k: -errors[k])) or "no answer"


def portal_row(url: str, st: dict, name: str | None, reports: int, max_requests: int, done: bool) -> dict:
    """One portal's progress as the views show it."""
    dead, failures = split_errors(st.get("errors"))
    used = max(st.get("budget_used", 0), st.get("requests", 0))
    if done and not st.get("reached"):
        status = "failed"
    else:
        status = "done" if done else "crawling"
    return {"portal": url, "name": name, "status": status, "requests": st.get("requests", 0),
            "candidates": st.get("candidates", 0), "reports": reports, "dead_links": dead, "errors": failures,
            "budget_left": max(0, max_requests - used) if max_requests else None,
            "reason": failure_reason(st) if status == "failed" else None}


def finished_line(row: dict) -> str:
    label = "%s (%s)" % (row["name"], row["portal"]) if row["name"] else row["portal"]
    if row["status"] == "failed":
        return "FAILED %s: not reached (%s)" % (label, row["reason"])
    dead = ", %d dead link(s)" % row["dead_links"] if row["dead_links"] else ""
    return "done   %s: %d requests, %d candidates, %d report documents%s, %d errors" % (
        label, row["requests"], row["candidates"], row["reports"], dead, row["errors"])


class ProgressExtension:
    def __init__(self, crawler, mode: str, interval: float, log_interval: float, stream=None):
        self.crawler = crawler
        self.stream = stream or sys.stderr
        if mode == "auto":
            mode = "live" if _isatty(self.stream) else "plain"
        self.mode = mode
        self.interval = interval
        self.log_interval = log_interval
        self.announced: set[str] = set()
        self._loop = None
        self._live = None
        self._last_line = None
        self._names: dict = {}

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        mode = str(s.get("NIANBAO_PROGRESS")).lower()
        if mode not in MODES:
            raise NotConfigured("NIANBAO_PROGRESS must be one of %s" % ", ".join(MODES))
        if mode == "off":
            raise NotConfigured  # (no message: Scrapy would log a warning for a choice the user made)
        ext = cls(crawler, mode, s.getfloat("NIANBAO_PROGRESS_INTERVAL"), s.getfloat("NIANBAO_PROGRESS_LOG_INTERVAL"))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    # --- reading the crawl ----------------------------------------------------------------------
    @property
    def state(self) -> CrawlState:
        return CrawlState.for_crawler(self.crawler)

    def _parsing(self) -> set:
        """Portals whose responses Scrapy's scraper (callbacks, pipelines) is still working on."""
        engine = getattr(self.crawler, "engine", None)
        slot = getattr(getattr(engine, "scraper", None), "slot", None)
        active = set(getattr(slot, "active", ()) or ()) | set(getattr(getattr(engine, "downloader", None),
                                                                      "active", ()) or ())
        return {r.meta.get(M.PORTAL) for r in active}

    def rows(self) -> list[dict]:
        state, stats = self.state, self.crawler.stats
        parsing = self._parsing()
        out = []
        for url, st in state.portals.items():
            done = state.issued[url] > 0 and state.in_flight(url) == 0 and url not in parsing
            reports = int(stats.get_value(REPORTS_STAT + url, 0)) if stats is not None else 0
            out.append(portal_row(url, st, self._names.get(url), reports, state.max_requests, done))
        return out

    # --- the views ------------------------------------------------------------------------------------
    def opened(self, spider=None, **kw):
        spider = spider or getattr(self.crawler, "spider", None)
        self._names = {p["url"]: p.get("name") for p in getattr(spider, "portals", None) or []}
        self._started = dt.datetime.now()
        if self.mode == "live":
            self._start_live()
        self._loop = task.LoopingCall(self.tick)
        self._loop.start(self.interval, now=False)

    def _start_live(self):
        from rich.console import Console  # (lazy: only a terminal's live view needs rich)
        from rich.live import Live  # (lazy, as above)

        self._console = Console(file=self.stream)
        self._live = Live(self._table([]), console=self._console, refresh_per_second=4, transient=True,
                          redirect_stdout=False, redirect_stderr=False)
        self._live.start()

    def _say(self, line: str) -> None:
        stamp = dt.datetime.now().strftime("%H:%M:%S")
        if self._live is not None:
            self._console.print("%s %s" % (stamp, line), markup=False, highlight=False)
        else:
            print("%s %s" % (dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S"), line), file=self.stream, flush=True)

    def tick(self, final: bool = False) -> None:
        rows = self.rows()
        for row in rows:
            if row["portal"] in self.announced or (row["status"] == "crawling" and not final):
                continue
            if final and row["status"] == "crawling":
                row = dict(row, status="done" if self.state.portals[row["portal"]].get("reached") else "failed")
                row["reason"] = failure_reason(self.state.portals[row["portal"]])
            self.announced.add(row["portal"])
            self._say(finished_line(row))
        if self._live is not None:
            self._live.update(self._table(rows))
        elif final:  # the last word in a cron log: what the crawl added up to
            self._say(totals_line(rows, len(self.state.busy), "crawl over"))
        else:
            now = dt.datetime.now()
            if self._last_line is None or (now - self._last_line).total_seconds() >= self.log_interval:
                self._last_line = now
                self._say(totals_line(rows, len(self.state.busy)))

    def _table(self, rows: list[dict]):
        from rich.table import Table  # (lazy: see _start_live)

        done = sum(1 for r in rows if r["status"] != "crawling")
        table = Table(title="nianbao crawl: %d/%d portals done" % (done, len(rows)), title_justify="left")
        for col in ("portal", "status", "requests", "candidates", "report docs", "dead links", "errors",
                    "budget left"):
            table.add_column(col, justify="left" if col in ("portal", "status") else "right")
        height = max(5, self._console.size.height - 8) if self._live is not None else 20
        busiest = sorted(rows, key=lambda r: (r["status"] != "crawling", -r["requests"]))[:height]
        for r in busiest:
            table.add_row(r["name"] or r["portal"], r["status"], str(r["requests"]), str(r["candidates"]),
                          str(r["reports"]), str(r["dead_links"]), str(r["errors"]),
                          "-" if r["budget_left"] is None else str(r["budget_left"]))
        return table

    def closed(self, spider=None, **kw):
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        try:
            self.tick(final=True)
        finally:
            if self._live is not None:
                self._live.stop()
                self._live = None


def totals_line(rows: list[dict], busy: int = 0, what: str = "crawling") -> str:
    done = sum(1 for r in rows if r["status"] != "crawling")
    total = {k: sum(r[k] for r in rows) for k in ("requests", "candidates", "reports", "dead_links", "errors")}
    skipped = ", %d held by another crawl" % busy if busy else ""
    return ("%s: %d/%d portals done%s, %d requests, %d candidates, %d report documents, %d dead links, "
            "%d errors"
            % (what, done, len(rows), skipped, total["requests"], total["candidates"], total["reports"],
               total["dead_links"], total["errors"]))


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
