"""JsChallengeMiddleware: WAF JavaScript cookie challenges solved and the request retried
with the cookie (priority 588: after HttpCompressionMiddleware has unpacked the body and
after CookiesMiddleware (700) has taken the challenge's own Set-Cookie into the jar)."""
from __future__ import annotations

import logging
from collections import Counter
from http.cookies import SimpleCookie
from urllib.parse import urlsplit, urlunsplit

from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from core.formats import decode_html
from crawler import meta as M
from crawler.challenge import challenge_scripts, solve
from crawler.challenge.vocab import KNOWN_COOKIES
from crawler.drops import ChallengeUnsolved
from crawler.state import CrawlState, portal_of

logger = logging.getLogger(__name__)


def _request_cookies(request, response) -> dict:
    """The cookies a browser would hold at the challenge: those sent, and those just set."""
    jar = SimpleCookie()
    for header in request.headers.getlist(b"Cookie"):
        jar.load(header.decode("latin-1"))
    out = {k: m.value for k, m in jar.items()}
    for header in response.headers.getlist(b"Set-Cookie"):
        name, _, rest = header.decode("latin-1").partition("=")
        if name.strip():
            out[name.strip()] = rest.split(";", 1)[0].strip()
    return out


def _same_host(a: str, b: str) -> bool:
    return urlsplit(a).netloc.lower() == urlsplit(b).netloc.lower()


class JsChallengeMiddleware:
    """A response that is a cookie challenge (a 521 / 412 / 202 - NIANBAO_CHALLENGE_STATUSES -
    or a bare 200 whose script writes a cookie and reloads, all with next to no text) has
    its inline scripts run in crawler.challenge's sandbox. The cookies they write go into
    the crawl's cookie jar for that host (through the retried request's ``cookies``, which
    CookiesMiddleware stores per host), and the request is sent again - to where the
    script navigated, when that is the same host. The retried request carries what
    happened in request.meta[crawler.meta.CHALLENGE] ({rounds, statuses, cookies, waf,
    solved}), which the spider puts on its item and the store on the fetch row.

    Still a challenge after NIANBAO_CHALLENGE_MAX_ROUNDS rounds, or a script that sets no
    cookie: ChallengeUnsolved, which the spider records as a failed fetch with that
    reason - never as a document. robots.txt passes through here as any request does
    (RobotsTxtMiddleware downloads through the middlewares and follows a returned
    request), so a challenge in front of robots.txt is solved before it is parsed."""

    def __init__(self, settings, state: CrawlState):
        self.statuses = {int(s) for s in settings.getlist("NIANBAO_CHALLENGE_STATUSES")}
        self.max_rounds = settings.getint("NIANBAO_CHALLENGE_MAX_ROUNDS")
        self.max_bytes = settings.getint("NIANBAO_CHALLENGE_MAX_BYTES")
        self.time_limit = settings.getfloat("NIANBAO_CHALLENGE_TIME_LIMIT")
        self.memory_limit = settings.getint("NIANBAO_CHALLENGE_MEMORY")
        self.give_up = settings.getint("NIANBAO_CHALLENGE_HOST_GIVE_UP")
        self.user_agent = settings.get("USER_AGENT") or ""
        self.state = state
        self.unsolved: Counter = Counter()  # host -> unsolved challenges in a row

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getint("NIANBAO_CHALLENGE_MAX_ROUNDS"):
            raise NotConfigured("NIANBAO_CHALLENGE_MAX_ROUNDS is 0: challenges are not solved")
        if not crawler.settings.getbool("COOKIES_ENABLED"):
            raise NotConfigured("a solved challenge needs COOKIES_ENABLED")
        return cls(crawler.settings, CrawlState.for_crawler(crawler))

    def _count(self, request, what: str) -> None:
        """One more challenge solved / unsolved: the portal's ``challenges`` counters, mirrored
        into crawler.stats as nianbao/challenges/<what>."""
        self.state.count(portal_of(self.state, request), "challenges", what)

    def _scripts(self, response) -> list[str]:
        if response.status not in self.statuses and response.status != 200:
            return []
        body = response.body or b""
        if not body or len(body) > self.max_bytes:
            return []
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
        if ctype and "html" not in ctype.lower() and not body.lstrip()[:1] == b"<":
            return []
        html, _ = decode_html(body, ctype)
        return challenge_scripts(html, response.status, self.statuses)

    def process_response(self, request, response, spider=None):
        scripts = self._scripts(response)
        if not scripts:
            return response
        host = (urlparse_cached(request).hostname or "").lower()
        info = dict(request.meta.get(M.CHALLENGE) or {"rounds": 0, "statuses": [], "cookies": [], "waf": None})
        info["statuses"] = list(info["statuses"]) + [response.status]
        challenge_status = response.status in self.statuses
        if info["rounds"] >= self.max_rounds:
            return self._fail(request, response, info, "still a challenge after %d rounds" % info["rounds"])
        if self.give_up and self.unsolved[host] >= self.give_up:
            return self._fail(request, response, info, "the host's last %d challenges were not solved" % self.give_up)
        outcome = solve(scripts, response.url, _request_cookies(request, response), self.user_agent,
                        time_limit=self.time_limit, memory_limit=self.memory_limit)
        if not outcome.solved or not (outcome.cookies or challenge_status):
            if not challenge_status:
                return response  # a small 200 page whose script did nothing of the kind: a page
            self.unsolved[host] += 1
            why = outcome.error or "its script set no cookie and went nowhere"
            if outcome.script_errors:
                why += " (%s)" % "; ".join(outcome.script_errors)[:200]
            return self._fail(request, response, info, why)
        self.unsolved[host] = 0
        names = [c["name"] for c in outcome.cookies]
        info.update(rounds=info["rounds"] + 1, solved=True, cookies=sorted(set(info["cookies"]) | set(names)),
                    waf=info.get("waf") or next((KNOWN_COOKIES[n] for n in names if n in KNOWN_COOKIES), None))
        target = request.url
        if outcome.location and _same_host(outcome.location, request.url):
            target = urlunsplit(urlsplit(outcome.location)._replace(fragment=""))
        self._count(request, "solved")
        logger.debug("challenge (HTTP %d) at %s solved: cookies %s, retrying %s", response.status, request.url,
                     names, target)
        cookies = [self._cookie(c, host) for c in outcome.cookies]
        retry = request.replace(url=target, cookies=cookies, dont_filter=True)
        retry.meta[M.CHALLENGE] = info
        return retry

    @staticmethod
    def _cookie(c: dict, host: str) -> dict:
        """A cookie as Scrapy takes it: host-only unless its domain covers this host."""
        out = {"name": c["name"], "value": c.get("value", ""), "path": c.get("path") or "/"}
        domain = (c.get("domain") or "").lstrip(".").lower()
        if domain and (host == domain or host.endswith("." + domain)):
            out["domain"] = domain
        return out

    def _fail(self, request, response, info, why: str):
        info = dict(info, solved=False, reason=why)
        self._count(request, "unsolved")
        request.meta[M.CHALLENGE] = info
        raise ChallengeUnsolved("js_challenge: %s (HTTP %d)" % (why, response.status), response=response,
                                challenge=info)
