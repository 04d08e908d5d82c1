"""crawler.state (the per-crawler ledger), crawler.drops (drops told apart by class),
crawler.meta (every request-meta key documented once), crawler.defaults."""
import os
import re

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler import meta as M
from crawler.conditional import KnownUrls
from crawler.defaults import nianbao_defaults
from crawler.drops import Dropped, ListEnded, ListPageCap, OffSite, OffSiteRedirect, OverBudget
from crawler.middlewares.budget import ListWalk, PortalBudgetMiddleware
from crawler.middlewares.same_site import SameSiteMiddleware
from crawler.spiders.reports import ReportsSpider
from crawler.state import CrawlState

A, B = "http://a.gov.cn/", "http://b.gov.cn:8080/"
CRAWLER_DIR = os.path.join(os.path.dirname(__file__), "..", "crawler")


def crawler_with(portals, **settings):
    crawler = get_crawler(ReportsSpider, settings)
    crawler.spider = ReportsSpider.from_crawler(crawler, urls=",".join(portals))
    return crawler


def failure_of(exc, request):
    f = Failure(exc)
    f.request = request
    return f


def test_one_ledger_per_crawler_shared_by_spider_and_middlewares():
    crawler = crawler_with([A, B], NIANBAO_MAX_REQUESTS_PER_PORTAL=2)
    state = CrawlState.for_crawler(crawler)
    assert crawler.spider.state is state
    assert PortalBudgetMiddleware.from_crawler(crawler).state is state
    assert SameSiteMiddleware.from_crawler(crawler).state is state
    assert CrawlState.for_crawler(crawler_with([A])) is not state     # another crawl, another ledger
    assert not any(k.startswith("_nianbao") for k in vars(crawler))   # nothing hung on the crawler
    known = KnownUrls.for_crawler(crawler)
    assert KnownUrls.for_crawler(crawler) is known


def test_budget_counted_once_and_mirrored_to_stats():
    crawler = crawler_with([A], NIANBAO_MAX_REQUESTS_PER_PORTAL=2)
    spider, budget = crawler.spider, PortalBudgetMiddleware.from_crawler(crawler)
    budget.process_request(Request(A + "x", meta={M.PORTAL: A}))
    assert spider.portal_stats[A]["budget_used"] == 1 and crawler.stats.get_value("nianbao/budget_used") == 1
    assert spider._admit(A, A + "y")                   # the spider sees the same count
    budget.process_request(Request(A + "y", meta={M.PORTAL: A}))
    assert not spider._admit(A, A + "z")               # spent: nothing more is scheduled ...
    with pytest.raises(OverBudget):                    # ... nor sent
        budget.process_request(Request(A + "z", meta={M.PORTAL: A}))
    st = spider.portal_stats[A]
    assert st["budget_used"] == 2 and st["budget_exhausted"] is True
    assert st["dropped"]["budget"] == 2                # once by the spider, once by the middleware
    assert crawler.stats.get_value("nianbao/dropped/budget") == 2
    assert crawler.stats.get_value("nianbao/budget_exhausted") == 1


def test_portal_stats_is_a_read_only_copy():
    spider = ReportsSpider(urls=A)
    spider.portal_stats[A]["pages"] = 99
    spider.portal_stats[A]["errors"]["x"] = 1
    assert spider.portal_stats[A]["pages"] == 0 and spider.portal_stats[A]["errors"] == {}


def test_drops_are_told_apart_by_class():
    crawler = crawler_with([A, B])
    same = SameSiteMiddleware.from_crawler(crawler)
    with pytest.raises(OffSite) as e:
        same.process_request(Request("http://127.0.0.1/", meta={M.PORTAL: A}))
    assert not isinstance(e.value, OffSiteRedirect)
    with pytest.raises(OffSiteRedirect):
        same.process_request(Request("http://127.0.0.1/", meta={M.PORTAL: A, "redirect_urls": [A + "old"]}))
    w = ListWalk(max_pages=1)
    w.observe(A, A + "nb/", {A + "a"})
    w.check(A, A + "nb/index_1.html")
    w.observe(A, A + "nb/index_1.html", {A + "a"})
    with pytest.raises(ListEnded):
        w.check(A, A + "nb/index_2.html")
    with pytest.raises(ListPageCap):
        w.check(A, A + "other/index_1.html") or w.check(A, A + "other/index_2.html")
    assert all(issubclass(c, (Dropped, IgnoreRequest)) for c in (OffSite, OverBudget, ListEnded, ListPageCap))
    assert len({c.kind for c in (OffSite, OffSiteRedirect, OverBudget, ListEnded, ListPageCap)}) == 5


def test_errback_counts_each_drop_apart():
    spider = ReportsSpider(urls=A)
    req = Request(A + "nb/x.html", meta={M.PORTAL: A, M.KIND: "candidate"})
    spider.state.schedule(A)
    assert list(spider.on_error(failure_of(OverBudget("budget: portal spent its 2 requests"), req))) == []
    assert spider.portal_stats[A]["budget_exhausted"] is True
    assert list(spider.on_error(failure_of(IgnoreRequest("Forbidden by robots.txt"), req))) == []
    assert spider.portal_stats[A]["dropped"] == {"robots": 1} and spider.state.scheduled[A] == 0
    assert list(spider.on_error(failure_of(ListEnded("list ended: robots"), req))) == []
    assert spider.portal_stats[A]["dropped"] == {"robots": 1}   # a URL naming robots is no robots.txt drop
    hop = Request("http://evil.example/", meta={M.PORTAL: A, M.KIND: "candidate", "redirect_urls": [req.url]})
    [item] = spider.on_error(failure_of(OffSiteRedirect("offsite redirect: x -> y"), hop))
    assert item["error"].startswith("offsite redirect") and item["url"] == req.url and item["kind"] == "page"


def test_settings_are_read_from_settings_py_only():
    crawler = get_crawler(ReportsSpider, {"NIANBAO_MAX_DEPTH": 3})
    for name, value in nianbao_defaults().items():
        if name != "NIANBAO_MAX_DEPTH":
            assert crawler.settings[name] == value, name
    assert crawler.settings.getint("NIANBAO_MAX_DEPTH") == 3
    # no fallback default in code: every settings read names just the setting
    fallback = re.compile(r"\.get(?:int|float|bool|list|dict)?\(\s*\"NIANBAO_\w+\"\s*,")
    for path in _crawler_files():
        with open(path, encoding="utf-8") as f:
            assert not fallback.search(f.read()), path


def _crawler_files():
    for folder, _, files in os.walk(CRAWLER_DIR):
        for name in files:
            if name.endswith(".py"):
                yield os.path.join(folder, name)


def test_every_meta_key_is_documented_in_crawler_meta():
    documented = set(M.ALL)
    with open(os.path.join(CRAWLER_DIR, "meta.py"), encoding="utf-8") as f:
        source = f.read()
    for key in documented:   # each constant says who writes and who reads it
        line = next(l for l in source.splitlines() if l.split("=")[-1].split("#")[0].strip() == '"%s"' % key)
        assert "#" in line and "write" in line and "read" in line, key
    used = re.compile(r"""meta(?:\.get|\.pop|\.setdefault)?[\[(]\s*["'](nb_\w+|portal|warc|prev_fetched_at)["']""")
    for path in _crawler_files():
        if path.endswith(os.sep + "meta.py"):
            continue
        with open(path, encoding="utf-8") as f:
            for key in used.findall(f.read()):
                assert key in documented, "%s: meta key %r is not in crawler/meta.py" % (path, key)
    assert used.findall('x = request.meta.get("nb_new_key") or meta["nb_other"]') == ["nb_new_key", "nb_other"]
    # the code names keys by their constants: no "nb_…" string outside crawler/meta.py
    for path in _crawler_files():
        if not path.endswith(os.sep + "meta.py"):
            with open(path, encoding="utf-8") as f:
                assert not re.search(r"""["']nb_\w+["']""", f.read()), path
