"""Why a request was dropped before it was sent: IgnoreRequest subclasses.

The middlewares raise these; the spider's errback and the portal ledger tell them
apart with isinstance, never by the message. Each carries ``kind``, the key it is
counted under in the portal's ``dropped`` stats (None: not counted as dropped).
"""
from __future__ import annotations

from scrapy.exceptions import IgnoreRequest


class Dropped(IgnoreRequest):
    """A request the crawler chose not to send."""

    kind: str | None = None
    sent = False      # True: an exchange happened before the drop (it goes on record)


class OffSite(Dropped):
    """The URL's host and port are not the portal's (crawler.middlewares.same_site)."""

    kind = "offsite"


class OffSiteRedirect(OffSite):
    """A redirect hop (Location or meta refresh) to another host: the 3xx was received."""

    kind = "offsite_redirect"
    sent = True


class NoPortal(OffSite):
    """A request Scrapy made itself (robots.txt) for a host that is no portal's."""

    kind = None


class OverBudget(Dropped):
    """The portal spent its NIANBAO_MAX_REQUESTS_PER_PORTAL (crawler.middlewares.budget)."""

    kind = "budget"


class ListEnded(Dropped):
    """A list page after one that added nothing new (crawler.middlewares.budget.ListWalk)."""

    kind = "list_end"


class ListPageCap(Dropped):
    """A list page past NIANBAO_MAX_LIST_PAGES (crawler.middlewares.budget.ListWalk)."""

    kind = "list_pages"


def is_robots_drop(exc: BaseException) -> bool:
    """Scrapy's RobotsTxtMiddleware raises a plain IgnoreRequest("Forbidden by robots.txt"):
    the one drop known by its message, because Scrapy raises no subclass of its own."""
    return type(exc) is IgnoreRequest and "robots" in str(exc).lower()


def is_size_cap(exc: BaseException) -> bool:
    """Scrapy's HttpCompressionMiddleware raises a plain IgnoreRequest when a body
    inflates past DOWNLOAD_MAXSIZE (an exchange happened: it goes on record)."""
    return type(exc) is IgnoreRequest and "DOWNLOAD_MAXSIZE" in str(exc)


class ChallengeUnsolved(Dropped):
    """A WAF cookie challenge that was not passed (crawler.middlewares.challenge): its
    script failed or set nothing, or the page was still a challenge after the last round.
    The challenge answer was received: it goes on record as a failed fetch with the reason
    (counted under the portal's errors, not as dropped)."""

    kind = None
    sent = True

    def __init__(self, message: str, response=None, challenge: dict | None = None):
        super().__init__(message)
        self.response = response
        self.challenge = challenge
