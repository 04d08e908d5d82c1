"""What an HTTP status says about a URL, as every floor reads it."""
from __future__ import annotations

NOT_MODIFIED = 304
GONE_STATUSES = (404, 410)   # the page is no longer published
# how the reason of a page that answered 200 but is an error page begins (crawler.shells):
# it is no longer published either
SOFT_404 = "soft 404"


def is_success(status: int | None) -> bool:
    """2xx: a body came back."""
    return status is not None and 200 <= status < 300


def is_live(status: int | None) -> bool:
    """2xx or 304: the URL still serves the page (a 304 says our stored copy is current)."""
    return is_success(status) or status == NOT_MODIFIED


def is_soft_404(error: str | None) -> bool:
    """Was this answer an error page served with 200 (its recorded reason says so)?"""
    return bool(error) and error.startswith(SOFT_404)
