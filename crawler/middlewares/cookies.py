"""OfflineCookiesMiddleware: Scrapy's cookie jar, judging public suffixes offline.

Scrapy's CookiesMiddleware asks a module-level ``tldextract.TLDExtract()`` whether a
cookie's domain is a public suffix; that extractor downloads the Public Suffix List
from publicsuffix.org (or GitHub) the first time a cookie with a domain arrives — on a
fresh machine, in the middle of a crawl, through the user's proxy. A crawl asks only
the portals, so this one answers from tldextract's bundled snapshot
(crawler.scope.is_public_suffix). Everything else is Scrapy's: the jar, the
``cookiejar`` / ``dont_merge_cookies`` meta keys, COOKIES_ENABLED and COOKIES_DEBUG.
"""
from __future__ import annotations

from scrapy.downloadermiddlewares.cookies import CookiesMiddleware
from scrapy.utils.httpobj import urlparse_cached

from crawler.scope import is_public_suffix


class OfflineCookiesMiddleware(CookiesMiddleware):
    def _process_cookies(self, cookies, *, jar, request) -> None:
        # Scrapy's own rule (2.19, downloadermiddlewares/cookies.py), with the offline test:
        # a cookie set for a public suffix is kept for the exact host that set it only
        for cookie in cookies:
            cookie_domain = cookie.domain.removeprefix(".")
            hostname = urlparse_cached(request).hostname
            if hostname is None:
                continue
            request_domain = hostname.lower()
            if cookie_domain and is_public_suffix(cookie_domain):
                if cookie_domain != request_domain:
                    continue
                cookie.domain = request_domain
            jar.set_cookie_if_ok(cookie, request)
