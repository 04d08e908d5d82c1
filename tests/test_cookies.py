"""OfflineCookiesMiddleware (crawler/middlewares/cookies.py): Scrapy's cookie jar with the
public-suffix test answered from the bundled list, never a download mid-crawl."""
from __future__ import annotations

import pytest
import scrapy.downloadermiddlewares.cookies as scrapy_cookies
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler import settings
from crawler.middlewares.cookies import OfflineCookiesMiddleware
from crawler.scope import is_public_suffix


@pytest.fixture
def middleware(monkeypatch):
    def online(domain):  # Scrapy's extractor: downloads the Public Suffix List on first use
        raise AssertionError("Scrapy's online public-suffix test was used for %s" % domain)

    monkeypatch.setattr(scrapy_cookies, "_split_domain", online)
    return OfflineCookiesMiddleware.from_crawler(get_crawler(settings_dict={"COOKIES_ENABLED": True}))


def _answer(mw, url, set_cookie):
    request = Request(url)
    mw.process_response(request, Response(url, headers={"Set-Cookie": set_cookie}, request=request))


def _cookie_header(mw, url):
    request = Request(url)
    mw.process_request(request)
    return request.headers.get("Cookie")


def test_a_cookie_for_the_portals_domain_is_sent_to_its_other_hosts(middleware):
    _answer(middleware, "http://www.jxfz.gov.cn/", "__jsl_clearance=abc; Domain=.jxfz.gov.cn; Path=/")
    assert _cookie_header(middleware, "http://xxgk.jxfz.gov.cn/ndbg/") == b"__jsl_clearance=abc"


def test_a_cookie_for_a_public_suffix_stays_with_the_host_that_set_it(middleware):
    _answer(middleware, "http://www.jxfz.gov.cn/", "sid=1; Domain=.gov.cn; Path=/")
    assert _cookie_header(middleware, "http://www.jxfz.gov.cn/") is None   # the jar refuses gov.cn itself
    assert _cookie_header(middleware, "http://www.other.gov.cn/") is None


def test_public_suffixes_from_the_bundled_list():
    assert is_public_suffix("gov.cn") and is_public_suffix("github.io")
    assert not is_public_suffix("jxfz.gov.cn")


def test_the_project_uses_it_in_place_of_scrapys():
    mws = settings.DOWNLOADER_MIDDLEWARES
    assert mws["scrapy.downloadermiddlewares.cookies.CookiesMiddleware"] is None
    assert mws["crawler.middlewares.cookies.OfflineCookiesMiddleware"] == 700
