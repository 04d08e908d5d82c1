"""When a stored document is asked again: the adaptive revisit schedule of re-crawls.

Entry, navigation and list pages are fetched every run (conditionally: a 304 replays
the stored copy), so new list entries are found at once and requested at once (a URL
with no validator is always due). A stored *document* (report page, attachment) is
asked again only when its own history says it may have changed:

    interval = min(NIANBAO_REVISIT_MAX_DAYS, floor(NIANBAO_REVISIT_FACTOR x unchanged_for))

in whole days, where ``unchanged_for`` is how long the current copy had been confirmed
unchanged at the last check (last check - first fetch of the current body), and the
time since the last check is rounded to the nearest day: crawls run nightly at most,
and a crawl that starts a few minutes earlier than yesterday's must not skip what is
due (an interval under a day is 0: asked every run). A report that changed
last week is asked again within days; one unchanged for a year, every MAX_DAYS. This
is the age-proportional policy of web-archive re-crawlers (a page's past change rate
predicts its next change), bounded so revisions and removals are still seen within
the window. A document no list links any more is asked at once (it may be gone), and
``nianbao crawl --revisit all`` (NIANBAO_REVISIT = "all") revalidates everything.

Navigation pages below the homepage (column pages: what the last run judged a page of
links that is not a list) follow the same schedule when NIANBAO_REVISIT_NAV is on: one not
due is not asked, its stored copy is followed as a 304 would have been
(crawler.conditional), and nothing is recorded for it, so its last check stays the
last real one. Lists are always asked: their new entries are what a nightly crawl is
for; so is the homepage, the answer that says the portal is alive. A column page that
changes daily is due every night; one unchanged for months is asked every MAX_DAYS, so a new column is found within that window.

The later pages of a list wait too, once the page before them ended with an entry the
store knows (``list_settled``): portals list newest first, so what is published goes on
page 1 and pushes known entries down, and a page that ends with a known entry has
nothing new after it. Such pages are asked once every MAX_DAYS (``settled_due``), from
their last check whatever their change history (every publication shifts them all: by
their own history they would look busy), as a backstop for an entry slotted in out of
date order. A page that ends with a new entry has the pages it links asked (a burst
longer than a page spills over), and a list whose dates run oldest first is always
paged through, since its new entries land on its last page.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Optional

MODES = ("adaptive", "all")


@dataclass(frozen=True)
class RevisitPolicy:
    mode: str
    factor: float
    max_days: float

    @classmethod
    def from_settings(cls, settings) -> "RevisitPolicy":
        mode = settings.get("NIANBAO_REVISIT")
        if mode not in MODES:
            raise ValueError("NIANBAO_REVISIT must be one of %s, not %r" % (", ".join(MODES), mode))
        return cls(mode, settings.getfloat("NIANBAO_REVISIT_FACTOR"), settings.getfloat("NIANBAO_REVISIT_MAX_DAYS"))

    def interval_days(self, checked_at: Optional[dt.datetime], changed_at: Optional[dt.datetime]) -> int:
        """Whole days after the last check when the document is due again."""
        if checked_at is None or changed_at is None or checked_at <= changed_at:
            return 0
        unchanged = (checked_at - changed_at) / DAY
        return int(min(self.max_days, math.floor(self.factor * unchanged)))

    def due(self, checked_at: Optional[dt.datetime], changed_at: Optional[dt.datetime],
            now: dt.datetime) -> bool:
        """Ask again now? Always in mode "all" and for a document with no history."""
        if self.mode == "all" or checked_at is None:
            return True
        return round((now - checked_at) / DAY) >= self.interval_days(checked_at, changed_at)


    def settled_due(self, checked_at: Optional[dt.datetime], now: dt.datetime) -> bool:
        """Ask a settled list page (see list_settled) again now? Every MAX_DAYS."""
        if self.mode == "all" or checked_at is None:
            return True
        return round((now - checked_at) / DAY) >= self.max_days


def list_settled(known: list, dates: list) -> bool:
    """May the pages after this list page wait (RevisitPolicy.settled_due)? When its last
    entry is one the store knows (``known``: per entry, in page order) and its dated
    entries (YYYY-MM-DD strings, in page order) do not run oldest first."""
    dated = [d for d in dates if d]
    return (not known or bool(known[-1])) and (len(dated) < 2 or dated[0] >= dated[-1])


DAY = dt.timedelta(days=1)
