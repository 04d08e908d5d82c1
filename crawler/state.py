"""CrawlState: the one per-crawler ledger the spider and the middlewares share.

Created once per crawler (``CrawlState.for_crawler``, kept in a WeakKeyDictionary
keyed by the crawler, so nothing is hung on the crawler object), handed to each
component in its ``from_crawler``. It knows the portals (which portal serves a
host), holds each portal's counters - the run summary the store writes - and the
request budget, and mirrors every count into ``crawler.stats`` under ``nianbao/...``.

Per-portal counters (``portals[url]``, the spider's read-only ``portal_stats``)::

    requests        requests that reached the downloader (response_downloaded side)
    budget_used     requests admitted by the budget middleware
    responses       {"2xx": n, "3xx": n, ...}
    documents / candidates / pages
    challenges      {solved: n, unsolved: n}   WAF cookie challenges
    errors          {kind: n}   http_404, timeout, redirect_loop, size_cap ...
    dropped         {kind: n}   offsite, offsite_redirect, budget, list_end, robots, trap ...
    budget_exhausted
    hosts           {host: {how, prefixes, via, link, text, widened}}  hosts admitted (crawler.scope)
    hosts_refused   {host: reason}  the first reason each other host was refused
    redirect_shells pages that only sent the visitor on, followed (crawler.shells)
    links_unwrapped links through a wrapper (redirect.jsp?url=…) read as their destination

The scope (which hosts and paths a portal's crawl may go to: crawler.scope.PortalScope)
is ``state.scope``; its hosts are the portal's too, so a robots.txt Scrapy fetches
for an admitted host is the portal's and counts against its budget.

    reached         the portal answered: some request of the spider got a 2xx or 304
                    (robots.txt aside); a portal never reached is a failed portal

Besides the counters, ``issued`` / ``settled`` count the spider's requests made and
answered (callback or errback reached, or dropped as a duplicate): a portal with
none in flight is done, which the progress view (crawler/progress.py) reports.
Portals another crawl holds (crawler/locks.py) are kept in ``busy`` with their holder.

The budget (NIANBAO_MAX_REQUESTS_PER_PORTAL) is one rule in one place: a portal has
spent it once the most of what the spider scheduled, what the budget middleware
admitted and what reached the downloader is at the cap. The spider asks
``budget_left`` before it schedules a request; the budget middleware calls
``spend`` for every request about to be sent (retries, redirect hops, robots.txt).
"""
from __future__ import annotations

import copy
import weakref
from collections import Counter
from weakref import WeakKeyDictionary

from crawler import meta as M
from crawler.drops import OverBudget
from crawler.scope import PortalScope
from crawler.urls import host_port

_BY_CRAWLER: "WeakKeyDictionary" = WeakKeyDictionary()


def per_crawler(crawler, cls, factory):
    """The one instance of ``cls`` for ``crawler``, made by ``factory()`` on first use."""
    slot = _BY_CRAWLER.setdefault(crawler, {})
    if cls not in slot:
        slot[cls] = factory()
    return slot[cls]


def new_portal_stats() -> dict:
    return {"requests": 0, "budget_used": 0,
            "responses": {"2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0},
            "documents": 0, "candidates": 0, "pages": 0,
            "not_due": 0,  # stored documents not asked this run (crawler.revisit)
            "challenges": {},  # WAF cookie challenges: {"solved": n, "unsolved": n} (middlewares.challenge)
            "errors": {}, "dropped": {}, "budget_exhausted": False,
            "hosts": {}, "hosts_refused": {}, "redirect_shells": 0, "links_unwrapped": 0,
            "reached": False}


def portal_of(owner, request) -> str | None:
    """The portal start URL a request belongs to: request.meta['portal'], else (for
    requests Scrapy makes itself, robots.txt) by host through owner.portal_for_url."""
    portal = request.meta.get(M.PORTAL)
    if portal is None and owner is not None and hasattr(owner, "portal_for_url"):
        portal = owner.portal_for_url(request.url)
    return portal


class CrawlState:
    """Portals, their counters and their budget, for one crawl (see the module docstring)."""

    def __init__(self, max_requests: int, crawler=None, max_hosts: int = 0):
        self.max_requests = max_requests        # NIANBAO_MAX_REQUESTS_PER_PORTAL (0: no cap)
        # the crawler whose stats the counts are mirrored to (None: a spider made without one);
        # a weak reference, as the ledger is kept in a WeakKeyDictionary keyed by that crawler
        self._crawler = weakref.ref(crawler) if crawler is not None else None
        self.portals: dict[str, dict] = {}      # portal -> counters (the portals of this run)
        self.sites: dict[str, str] = {}         # host:port -> portal (every portal named, leased or not)
        self.scheduled: Counter = Counter()     # portal -> requests the spider issued
        self.used: Counter = Counter()          # portal -> requests the budget middleware let through
        # hosts and paths each portal may go to (NIANBAO_MAX_HOSTS_PER_PORTAL other hosts; 0: no cap)
        self.scope = PortalScope(self.sites, max_hosts, self._record_host)
        self.issued: Counter = Counter()        # portal -> requests the spider made (never taken back)
        self.settled: Counter = Counter()       # portal -> of those, answered, failed or dropped
        self.busy: dict[str, str] = {}          # portal -> who holds it (another crawl's lock)

    @classmethod
    def from_settings(cls, settings, crawler=None) -> "CrawlState":
        return cls(settings.getint("NIANBAO_MAX_REQUESTS_PER_PORTAL"), crawler,
                   settings.getint("NIANBAO_MAX_HOSTS_PER_PORTAL"))

    @classmethod
    def for_crawler(cls, crawler) -> "CrawlState":
        """The crawl's one ledger."""
        return per_crawler(crawler, cls, lambda: cls.from_settings(crawler.settings, crawler))

    # --- portals --------------------------------------------------------------------------------
    def add_portals(self, urls) -> None:
        for url in urls:
            self.portals.setdefault(url, new_portal_stats())
            self.sites.setdefault(host_port(url), url)
            self.scope.add_portal(url)

    def forget(self, portal: str, holder: str | None = None) -> None:
        """Not this run's portal (another worker leased it, or another crawl holds its
        lock: `holder` says who): no counters, no summary."""
        self.portals.pop(portal, None)
        if holder is not None:
            self.busy[portal] = holder

    def reach(self, portal: str | None) -> None:
        """The portal answered one of the spider's requests (2xx or 304)."""
        st = self.portals.get(portal)
        if st is not None and not st["reached"]:
            st["reached"] = True
            self._mirror("portals_reached")

    def settle(self, portal: str | None) -> None:
        """One of the spider's requests is answered (or failed, or was dropped)."""
        if portal in self.portals:
            self.settled[portal] += 1

    def in_flight(self, portal: str) -> int:
        """The spider's requests of a portal not yet answered."""
        return max(0, self.issued[portal] - self.settled[portal])

    def portal_for_url(self, url: str) -> str | None:
        """The portal whose host and port serve `url`, else the first portal admitted to its host."""
        return self.sites.get(host_port(url)) or self.scope.owner(url)

    def _record_host(self, portal: str, key: str, value: dict) -> None:
        """The scope admitted or refused a host: into the portal's hosts / hosts_refused."""
        st = self.portals.get(portal)
        if st is not None:
            new = any(h not in st[key] for h in value)
            st[key].update(copy.deepcopy(value))
            if new:
                self._mirror("hosts_admitted" if key == "hosts" else "hosts_refused")

    def snapshot(self) -> dict:
        """A copy of every portal's counters (what the store writes in the run summary)."""
        return copy.deepcopy(self.portals)

    # --- counting ---------------------------------------------------------------------------------
    @property
    def stats(self):
        """crawler.stats, or None (no crawler, or the crawl has not started: Scrapy sets
        crawler.stats after the spider is made)."""
        crawler = self._crawler() if self._crawler is not None else None
        try:
            return crawler.stats if crawler is not None else None
        except RuntimeError:
            return None

    def _mirror(self, key: str) -> None:
        stats = self.stats
        if stats is not None:
            stats.inc_value("nianbao/" + key)

    def add(self, portal: str | None, field: str, n: int = 1) -> None:
        """requests / documents / candidates / pages / not_due / redirect_shells / links_unwrapped += n."""
        st = self.portals.get(portal)
        if st is not None:
            st[field] += n
            self._mirror(field)

    def count(self, portal: str | None, group: str, key: str) -> None:
        """One more in a portal's errors / dropped / responses group."""
        st = self.portals.get(portal)
        if st is not None:
            st[group][key] = st[group].get(key, 0) + 1
            self._mirror("%s/%s" % (group, key))

    # --- the budget ---------------------------------------------------------------------------------
    def exhaust(self, portal: str | None) -> None:
        st = self.portals.get(portal)
        if st is not None and not st["budget_exhausted"]:
            st["budget_exhausted"] = True
            self._mirror("budget_exhausted")

    def budget_left(self, portal: str) -> bool:
        """May the spider schedule one more request for the portal?"""
        st = self.portals[portal]
        used = max(self.scheduled[portal], st["budget_used"], st["requests"])
        if self.max_requests and used >= self.max_requests:
            self.exhaust(portal)
            return False
        return True

    def schedule(self, portal: str) -> None:
        self.scheduled[portal] += 1
        self.issued[portal] += 1

    def unschedule(self, portal: str) -> None:
        """A scheduled request that was never sent (robots.txt forbade it)."""
        self.scheduled[portal] = max(0, self.scheduled[portal] - 1)

    def spend(self, portal: str) -> None:
        """One request about to be sent; OverBudget once the portal spent its cap."""
        if self.max_requests and self.used[portal] >= self.max_requests:
            self.exhaust(portal)
            self.count(portal, "dropped", "budget")
            raise OverBudget("budget: portal spent its %d requests" % self.max_requests)
        self.used[portal] += 1
        st = self.portals.get(portal)
        if st is not None:
            st["budget_used"] = self.used[portal]
            self._mirror("budget_used")
