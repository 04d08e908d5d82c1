"""Crawl runs: who owns one (host, pid, process start), runs a dead crawl left
'running', and a run's accounting (requests, bytes, documents, reports, failures,
the per-portal summary)."""
from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from typing import Any, Optional

from sqlalchemy import func, select

from core.schema import CrawlRun, Document, Fetch, Portal, PortalHost

from .fetches import upsert_portal
from .values import UTC, clean_json, parse_time

logger = logging.getLogger(__name__)


# ------------------------------------------------------------------ ownership


def process_owner() -> dict:
    """Who runs this crawl: host, pid and the process's start time (so a pid the
    system reused for another process is not taken for the crawl)."""
    return {"host": socket.gethostname(), "pid": os.getpid(), "pid_start": _pid_start(os.getpid())}


def _pid_start(pid: int) -> Optional[str]:
    """Start time of a process in clock ticks since boot (Linux /proc), or None."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            stat = f.read().decode("latin-1")
        return stat.rsplit(")", 1)[1].split()[19]  # field 22, counted after the command name
    except (OSError, IndexError):
        return None


def owner_alive(owner: Any) -> bool:
    """Is the process that opened a run still running (on this host)? Unknown
    owners (another host, no record) count as dead: a run is only left 'running'
    when we can see its process."""
    if not isinstance(owner, dict) or owner.get("host") != socket.gethostname():
        return False
    try:
        pid = int(owner.get("pid"))
    except (TypeError, ValueError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        pass
    except OSError:
        return False
    start = _pid_start(pid)
    return owner.get("pid_start") is None or start is None or start == owner.get("pid_start")


# ------------------------------------------------------------------ stale runs


def abort_stale_runs(session, now: Optional[dt.datetime] = None) -> list[int]:
    """Runs left 'running' by a crawl that died (SIGKILL, OOM, power loss) become
    'aborted', with the requests and bytes they recorded and the time of their last
    fetch as finish time. What they stored stays: items were committed one by one,
    and the next run's finalize groups them. A run whose process is still alive on
    this host (a concurrent crawl) is left alone. Returns the ids aborted."""
    now = now or dt.datetime.now(UTC)
    aborted = []
    for run in session.scalars(select(CrawlRun).where(CrawlRun.status == "running").order_by(CrawlRun.id)):
        summary = run.summary if isinstance(run.summary, dict) else {}
        if owner_alive(summary.get("owner")):
            continue
        requests, nbytes, last = session.execute(
            select(func.count(Fetch.id), func.coalesce(func.sum(Fetch.size), 0), func.max(Fetch.fetched_at))
            .where(Fetch.run_id == run.id)).one()
        documents = session.scalar(select(func.count(Document.id)).where(Document.run_id == run.id))
        run.requests = int(requests or 0)
        run.bytes = int(nbytes or 0)
        run.documents = int(documents or 0)
        run.status = "aborted"
        run.finished_at = parse_time(last) or run.started_at or now
        run.summary = clean_json(dict(summary, aborted_at=now.isoformat(),
                                      error="the crawl stopped without closing its run (killed or crashed)"))
        aborted.append(run.id)
    if aborted:
        logger.warning("crawl run(s) %s had not finished (killed?): marked aborted", aborted)
    return aborted


# ------------------------------------------------------------------ accounting


def open_run(session, portals: list) -> int:
    """A 'running' crawl_runs row owned by this process, and the portals it crawls.
    Returns the run id."""
    run = CrawlRun(started_at=dt.datetime.now(UTC), status="running", portals=len(portals),
                   summary={"owner": process_owner()})
    session.add(run)
    session.flush()
    for p in portals:
        if isinstance(p, dict):
            upsert_portal(session, p.get("url"), p.get("name"))
        else:
            upsert_portal(session, str(p))
    return run.id


def portal_report_counts(session, since: dt.datetime) -> dict:
    """{portal start URL: distinct reports among the documents seen on it since
    ``since``} - the "reports found" of a run's per-portal summary. (Fetch times are
    kept to the second, so ``since`` is too.)"""
    since = since.replace(microsecond=0)
    rows = session.execute(select(Portal.start_url, func.count(func.distinct(Document.report_id)))
                           .join(Document, Document.portal_id == Portal.id)
                           .where(Document.report_id.is_not(None), Document.last_seen >= since)
                           .group_by(Portal.start_url)).all()
    return {url: int(n) for url, n in rows}


def distinct_reports(session, since: dt.datetime, portals) -> int:
    """Distinct reports among the documents seen on these portals since ``since``: a
    report found on two portals counts once (the per-portal counts count it twice)."""
    urls = list(portals or ())
    if not urls:
        return 0
    return int(session.scalar(select(func.count(func.distinct(Document.report_id)))
                              .join(Portal, Document.portal_id == Portal.id)
                              .where(Document.report_id.is_not(None),
                                     Document.last_seen >= since.replace(microsecond=0),
                                     Portal.start_url.in_(urls))) or 0)


def _portal_summary(session, run: CrawlRun, portal_stats: Optional[dict]) -> dict:
    """The spider's per-portal stats, with the reports found on each portal since the run began."""
    portals = portal_stats or {}
    if portals and run.started_at is not None:
        found = portal_report_counts(session, run.started_at)
        portals = {url: dict(st, reports=found[url] if url in found else st.get("reports", 0))
                   if isinstance(st, dict) else st for url, st in portals.items()}
    return portals


def record_portal_hosts(session, run_id: int, portal_stats: Optional[dict]) -> int:
    """The hosts each portal's crawl went to besides its own (its stats' ``hosts``, written by
    crawler.scope) into portal_hosts: one row per portal and host, the latest run's account
    of how and by which link it was admitted. Returns the rows written."""
    n = 0
    for url, st in (portal_stats or {}).items():
        hosts = st.get("hosts") if isinstance(st, dict) else None
        if not hosts:
            continue
        portal_id = None
        for host, rec in hosts.items():
            if not isinstance(rec, dict) or rec.get("how") == "portal":
                continue
            portal_id = portal_id or upsert_portal(session, url)
            row = session.scalars(select(PortalHost).where(PortalHost.portal_id == portal_id,
                                                           PortalHost.host == host)).first()
            if row is None:
                row = PortalHost(portal_id=portal_id, host=host, first_run_id=run_id)
                session.add(row)
            row.how, row.prefixes = rec.get("how"), clean_json(rec.get("prefixes"))
            row.via_url, row.link_url, row.link_text = rec.get("via"), rec.get("link"), rec.get("text")
            row.last_run_id = run_id
            n += 1
    return n


DEAD_LINK_ERRORS = ("http_404", "http_410")  # links to removed pages: expected, not failures


def portal_outcomes(portals: dict) -> dict:
    """What the per-portal stats add up to: portals crawled and failed (never reached,
    with the reason), fetch failures, and the dead links (404/410) counted apart."""
    crawled, failed, fetch_failures, dead = 0, {}, 0, 0
    for url, st in (portals or {}).items():
        if not isinstance(st, dict):
            continue
        errors = st.get("errors") if isinstance(st.get("errors"), dict) else {}
        dead += sum(n for k, n in errors.items() if k in DEAD_LINK_ERRORS and isinstance(n, int))
        fetch_failures += sum(n for k, n in errors.items() if k not in DEAD_LINK_ERRORS and isinstance(n, int))
        if st.get("reached") is False:  # (summaries written before 'reached' existed count as crawled)
            failed[url] = ", ".join(sorted(errors, key=lambda k: -errors[k])) or "no answer"
        else:
            crawled += 1
    return {"portals_crawled": crawled, "portals_failed": failed, "fetch_failures": fetch_failures,
            "dead_links": dead}


def close_run(session, run_id: int, *, stored: dict, failed: int, failures: list, finalize_counts: dict,
              status: str = "finished", error: Optional[str] = None, portal_stats: Optional[dict] = None,
              portals_busy: Optional[dict] = None) -> dict:
    """Close a run with its counts and summary; returns the counts. The run fails when
    it had portals and none could be reached; it is 'skipped' when another crawl held
    every portal it was given. ``errors`` counts every failure the summary lists:
    items not stored plus fetches that failed (dead links apart)."""
    run = session.get(CrawlRun, run_id)
    requests, nbytes = session.execute(select(func.count(Fetch.id), func.coalesce(func.sum(Fetch.size), 0))
                                       .where(Fetch.run_id == run_id)).one()
    run.requests = int(requests or 0)
    sent = [st.get("requests") for st in (portal_stats or {}).values() if isinstance(st, dict)]
    if sent and all(isinstance(n, int) for n in sent):
        # requests sent, as the portals saw them (retries and robots.txt included), so the
        # run's total is the sum of its portals' (fetches stored count a retried URL once)
        run.requests = max(run.requests, sum(sent))
    run.bytes = int(nbytes or 0)
    run.documents = stored["document"]
    run.new_reports = int(finalize_counts.get("new", 0))
    run.changed_reports = int(finalize_counts.get("changed", 0))
    run.gone_reports = int(finalize_counts.get("gone", 0))
    portals = _portal_summary(session, run, portal_stats)
    outcomes = portal_outcomes(portals)
    outcomes["reports_found"] = distinct_reports(session, run.started_at, portals) if run.started_at else 0
    if portals_busy is not None:  # the portals this run crawled, not those another crawl held
        run.portals = len(portals)
    if status == "finished" and portals and not outcomes["portals_crawled"]:
        status, error = "failed", error or "no portal could be reached"
    elif status == "finished" and not portals and portals_busy:
        status, error = "skipped", error or "another crawl holds every portal"
    run.errors = failed + outcomes["fetch_failures"]
    run.status = status
    run.finished_at = dt.datetime.now(UTC)
    record_portal_hosts(session, run_id, portal_stats)
    run.summary = clean_json({"items": dict(stored), "store_failed": failed,
                              "store_failures": failures, "reports": finalize_counts,
                              **outcomes, "portals_busy": dict(portals_busy or {}),
                              "portals": portals, "error": error,
                              "owner": (run.summary or {}).get("owner") if isinstance(run.summary, dict)
                              else None})
    return {"run_id": run.id, "status": run.status, "requests": run.requests, "bytes": run.bytes,
            "documents": run.documents, "new_reports": run.new_reports,
            "changed_reports": run.changed_reports, "gone_reports": run.gone_reports,
            "errors": run.errors, "store_failed": failed, **outcomes}
