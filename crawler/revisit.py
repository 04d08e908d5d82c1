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


DAY = dt.timedelta(days=1)
