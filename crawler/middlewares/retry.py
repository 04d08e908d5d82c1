"""BackoffRetryMiddleware: 5xx and failures retried after a wait that honours
Retry-After (priority 550, in place of Scrapy's RetryMiddleware)."""
from __future__ import annotations

import email.utils
import time

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message
from twisted.internet.task import deferLater

from crawler import meta as M


def parse_retry_after(value, now: float | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait: delta-seconds or an HTTP-date."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1", "ignore")
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


async def _sleep(seconds: float) -> None:
    """Wait without blocking the reactor."""
    # imported here, not at the top: importing twisted.internet.reactor installs the
    # default reactor, and Scrapy must choose it (TWISTED_REACTOR) before that happens
    from twisted.internet import reactor
    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware retries at once; a portal answering 503 with
    Retry-After: 1 is still down a moment later. This one waits before the retry -
    the Retry-After the server asked for, else NIANBAO_RETRY_BACKOFF * 2**attempt
    seconds - capped at NIANBAO_RETRY_MAX_WAIT, without blocking the reactor (only
    this request waits). A request given up on carries the last failure in
    request.meta[crawler.meta.RETRY_GAVE_UP]."""

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff = settings.getfloat("NIANBAO_RETRY_BACKOFF")
        self.max_wait = settings.getfloat("NIANBAO_RETRY_MAX_WAIT")

    def wait_for(self, request, response=None) -> float:
        retry_after = parse_retry_after(response.headers.get(b"Retry-After")) if response is not None else None
        if retry_after is None:
            retry_after = self.backoff * (2 ** request.meta.get("retry_times", 0))
        return max(0.0, min(retry_after, self.max_wait))

    def _retry(self, request, reason):
        if _is_robots(request):
            # robots.txt that fails is asked once more, not RETRY_TIMES more: every request
            # to the host waits for it, and an unavailable robots.txt means no restrictions
            request.meta.setdefault("max_retry_times", min(1, self.max_retry_times))
        new = super()._retry(request, reason)
        if new is None:
            # given up: say so on the request, so the failure's record can carry it
            tries = request.meta.get("retry_times", 0)
            request.meta[M.RETRY_GAVE_UP] = "%s; gave up after %d retr%s" % (
                _reason_text(reason), tries, "y" if tries == 1 else "ies")
        return new

    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        new = self._retry(request, response_status_message(response.status))
        if new is None:
            return response
        wait = self.wait_for(request, response)
        if wait:
            await _sleep(wait)
        return new

    async def process_exception(self, request, exception, spider=None):
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        new = self._retry(request, exception)
        if new is None:
            return None
        wait = self.wait_for(request)
        if wait:
            await _sleep(wait)
        return new


def _is_robots(request) -> bool:
    return bool(request.meta.get("dont_obey_robotstxt")) and urlparse_cached(request).path == "/robots.txt"


def _reason_text(reason) -> str:
    if isinstance(reason, BaseException):
        return "%s: %s" % (type(reason).__name__, str(reason)[:200]) if str(reason) else type(reason).__name__
    if isinstance(reason, type):
        return reason.__name__
    return str(reason)
