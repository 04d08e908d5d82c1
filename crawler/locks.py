"""Portal locks in the database: two crawls nobody coordinated never crawl one portal
at once.

Scale-out is by design: `nianbao worker` processes fed from one Redis queue
(crawler/queue.py) share one PostgreSQL, each crawling the portals it took. So
the lock is per portal, not per database: a worker locks only the portals it
took, and workers never stop each other (a worker finishing a killed worker's
portal takes over its lock: the queue says the holder is dead). What the lock stops is a second,
uncoordinated `nianbao crawl` (a cron job overlapping a manual run, two shells on
one SQLite file) taking the same portals: it skips every portal another live crawl
holds, crawls the rest, and its run says which it skipped and who held them.

A lock row names its holder (token, host, pid, the pid's start time, run id) and is
renewed by a heartbeat (NIANBAO_CRAWL_LOCK_TTL / 4). It is released when the crawl
ends; a holder that died is taken over: on this host when its pid is gone (or reused
by another process), on another host when its heartbeat is older than the TTL.
Taking over is compare-and-set on (token, heartbeat), so two crawls racing for a
dead holder's portal cannot both win.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid

from scrapy import signals
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from twisted.internet import task

from core.db import make_engine, session_scope
from core.schema import CrawlLock

logger = logging.getLogger(__name__)
UTC = dt.timezone.utc


def pid_start(pid: int) -> str | None:
    """Start time of a process in clock ticks since boot (Linux /proc), or None."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            stat = f.read().decode("latin-1")
        return stat.rsplit(")", 1)[1].split()[19]  # field 22, counted after the command name
    except (OSError, IndexError):
        return None


def holder_alive(lock: CrawlLock, ttl: int, now: dt.datetime) -> bool:
    """Is the crawl holding `lock` still alive? On this host the pid decides; elsewhere the heartbeat."""
    if lock.host == socket.gethostname():
        try:
            os.kill(int(lock.pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # alive, another user's
            pass
        except (OSError, ValueError, TypeError):
            return False
        start = pid_start(int(lock.pid))
        return lock.pid_start is None or start is None or start == lock.pid_start
    beat = lock.heartbeat_at
    if beat is not None and beat.tzinfo is None:
        beat = beat.replace(tzinfo=UTC)
    return beat is not None and (now - beat).total_seconds() < ttl


def describe(lock: CrawlLock) -> str:
    """'run 7, pid 123 on host-a' (who holds a portal), for messages."""
    run = "run %s, " % lock.run_id if lock.run_id is not None else ""
    return "%spid %s on %s" % (run, lock.pid, lock.host)


class PortalLocks:
    """The portals one crawl holds; plain methods over an engine (see the module docstring)."""

    def __init__(self, engine, ttl: int, token: str | None = None):
        self.engine = engine
        self.ttl = int(ttl)
        self.token = token or uuid.uuid4().hex
        self.held: set[str] = set()
        self.run_id: int | None = None
        self._loop = None

    def _row(self, portal: str, now: dt.datetime) -> CrawlLock:
        pid = os.getpid()
        return CrawlLock(portal=portal, run_id=self.run_id, token=self.token, host=socket.gethostname(),
                         pid=pid, pid_start=pid_start(pid), acquired_at=now, heartbeat_at=now)

    def acquire(self, portal: str, dead_holder=None) -> str | None:
        """Take the portal's lock; None when taken, else who holds it (describe()).
        `dead_holder(token)`, when given, may declare a holder dead that looks alive
        (a killed worker on another host, whose heartbeat has not aged yet)."""
        now = dt.datetime.now(UTC)
        try:
            with session_scope(self.engine) as s:
                lock = s.get(CrawlLock, portal)
                if lock is None:
                    s.add(self._row(portal, now))
                    s.flush()
                    self.held.add(portal)
                    return None
                if lock.token == self.token:
                    self.held.add(portal)
                    return None
                if holder_alive(lock, self.ttl, now) and not (dead_holder and dead_holder(lock.token)):
                    return describe(lock)
                dead = describe(lock)
                row = self._row(portal, now)
                taken = s.execute(update(CrawlLock).where(
                    CrawlLock.portal == portal, CrawlLock.token == lock.token,
                    CrawlLock.heartbeat_at == lock.heartbeat_at).values(
                    run_id=row.run_id, token=row.token, host=row.host, pid=row.pid, pid_start=row.pid_start,
                    acquired_at=now, heartbeat_at=now)).rowcount
                if not taken:
                    return "another crawl (it took the lock first)"
                logger.warning("portal %s: lock of a dead crawl (%s) taken over", portal, dead)
                self.held.add(portal)
                return None
        except IntegrityError:  # another crawl inserted it between our read and our write
            with session_scope(self.engine) as s:
                lock = s.get(CrawlLock, portal)
                return describe(lock) if lock is not None else "another crawl"

    def partition(self, portals: list, dead_holder=None) -> tuple[list, dict]:
        """(the portals this crawl now holds, {portal url: holder} of those another crawl holds)."""
        mine, busy = [], {}
        for p in portals:
            url = p["url"] if isinstance(p, dict) else p
            holder = self.acquire(url, dead_holder)
            if holder is None:
                mine.append(p)
            else:
                busy[url] = holder
        return mine, busy

    def heartbeat(self) -> None:
        if not self.held:
            return
        try:
            with session_scope(self.engine) as s:
                s.execute(update(CrawlLock).where(CrawlLock.token == self.token)
                          .values(heartbeat_at=dt.datetime.now(UTC), run_id=self.run_id))
        except Exception:  # a database hiccup must not stop the crawl; the next beat retries
            logger.warning("crawl lock heartbeat failed", exc_info=True)

    def release(self, portals) -> None:
        """Let go of some portals (a worker finished them) and keep the rest."""
        portals = [p for p in portals if p in self.held]
        if not portals:
            return
        with session_scope(self.engine) as s:
            s.execute(delete(CrawlLock).where(CrawlLock.token == self.token, CrawlLock.portal.in_(portals)))
        self.held -= set(portals)

    def release_all(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if not self.held:
            return
        with session_scope(self.engine) as s:
            s.execute(delete(CrawlLock).where(CrawlLock.token == self.token))
        self.held.clear()

    def holders(self) -> dict:
        """{portal: describe(lock)} of every lock in the database (for tools and tests)."""
        with session_scope(self.engine) as s:
            return {l.portal: describe(l) for l in s.scalars(select(CrawlLock))}

    # --- Scrapy wiring -------------------------------------------------------------------------
    @classmethod
    def from_crawler(cls, crawler) -> "PortalLocks | None":
        """The crawl's locks (None when NIANBAO_CRAWL_LOCK is off); released when the spider closes."""
        s = crawler.settings
        if not s.getbool("NIANBAO_CRAWL_LOCK"):
            return None
        locks = cls(make_engine(s.get("NIANBAO_DB_URL")), s.getint("NIANBAO_CRAWL_LOCK_TTL"))
        crawler.signals.connect(locks._closed, signal=signals.spider_closed)
        return locks

    def start_heartbeat(self) -> None:
        if self._loop is not None and self._loop.running:  # a worker locks batch after batch
            return
        self._loop = task.LoopingCall(self.heartbeat)
        self._loop.start(max(1, self.ttl // 4), now=False)

    def _closed(self, spider=None, **kw) -> None:
        try:
            self.release_all()
        except Exception:
            logger.exception("could not release the crawl's portal locks (a later crawl takes them over)")
        self.engine.dispose()
