"""crawler.middlewares (budget, crawl_delay, same_site, retry): portal budget, Crawl-delay, same-site, retries with backoff;
and how download failures reach the spider as FetchItems."""
import email.utils
import os
import sys
import time

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler.middlewares.budget import PortalBudgetMiddleware
from crawler.middlewares.retry import BackoffRetryMiddleware, parse_retry_after
from crawler.middlewares.same_site import SameSiteMiddleware
from crawler.state import portal_of
from crawler.spiders.reports import ReportsSpider
from nianbao.demo.server import SiteServer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "fixtures", "crawl"))
import crawl_runner  # noqa: E402
import crawl_sites  # noqa: E402


def crawler_with(portals, **settings):
    crawler = get_crawler(ReportsSpider, settings)
    crawler.spider = ReportsSpider.from_crawler(crawler, urls=",".join(portals))
    return crawler


def test_parse_retry_after():
    assert parse_retry_after(b"1") == 1.0
    assert parse_retry_after(" 120 ") == 120.0
    now = time.time()
    assert 59 <= parse_retry_after(email.utils.formatdate(now + 60, usegmt=True), now=now) <= 61
    assert parse_retry_after(email.utils.formatdate(now - 60, usegmt=True), now=now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None and parse_retry_after(b"") is None


def test_backoff_waits():
    crawler = crawler_with(["http://a.gov.cn/"], NIANBAO_RETRY_BACKOFF=0.5, NIANBAO_RETRY_MAX_WAIT=5)
    mw = BackoffRetryMiddleware.from_crawler(crawler)
    req = Request("http://a.gov.cn/x")
    assert mw.wait_for(req, Response(req.url, status=503, headers={"Retry-After": "2"})) == 2.0
    assert mw.wait_for(req, Response(req.url, status=503, headers={"Retry-After": "3600"})) == 5.0   # capped
    assert mw.wait_for(req, Response(req.url, status=503)) == 0.5
    req.meta["retry_times"] = 2
    assert mw.wait_for(req) == 2.0                                                                   # 0.5 * 2**2


def test_budget_and_same_site_middlewares():
    crawler = crawler_with(["http://a.gov.cn/", "http://b.gov.cn:8080/"], NIANBAO_MAX_REQUESTS_PER_PORTAL=2)
    spider = crawler.spider
    budget = PortalBudgetMiddleware.from_crawler(crawler)
    same = SameSiteMiddleware.from_crawler(crawler)
    robots = Request("http://a.gov.cn/robots.txt")                    # made by Scrapy: tied by host
    assert portal_of(spider, robots) == "http://a.gov.cn/"
    assert budget.process_request(robots) is None
    assert budget.process_request(Request("http://a.gov.cn/x", meta={"portal": "http://a.gov.cn/"})) is None
    with pytest.raises(IgnoreRequest):
        budget.process_request(Request("http://a.gov.cn/y", meta={"portal": "http://a.gov.cn/"}))
    st = spider.portal_stats["http://a.gov.cn/"]
    assert st["budget_exhausted"] and st["budget_used"] == 2 and st["dropped"]["budget"] == 1
    assert budget.process_request(Request("http://b.gov.cn:8080/", meta={"portal": "http://b.gov.cn:8080/"})) is None
    assert spider.portal_stats["http://b.gov.cn:8080/"]["budget_exhausted"] is False
    # same site: another host or port is dropped, redirect hops included
    assert same.process_request(Request("http://a.gov.cn/z", meta={"portal": "http://a.gov.cn/"})) is None
    with pytest.raises(IgnoreRequest, match="offsite"):
        same.process_request(Request("http://127.0.0.1/", meta={"portal": "http://a.gov.cn/"}))
    with pytest.raises(IgnoreRequest, match="offsite redirect"):
        same.process_request(Request("http://b.gov.cn:8081/", meta={"portal": "http://b.gov.cn:8080/",
                                                                    "redirect_urls": ["http://b.gov.cn:8080/old"]}))
    assert spider.portal_stats["http://b.gov.cn:8080/"]["dropped"]["offsite_redirect"] == 1


# --- crawls -------------------------------------------------------------------------------
def write(root, path, data, headers=None):
    fs = os.path.join(root, path.lstrip("/"))
    os.makedirs(os.path.dirname(fs), exist_ok=True)
    with open(fs, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    if headers:
        import json
        with open(fs + ".headers.json", "w") as f:
            json.dump(headers, f)


def column(links):
    items = "".join('<li><a href="%s">%s</a><span>2021-01-0%d</span></li>' % (h, t, i + 1) for i, (h, t) in enumerate(links))
    return crawl_sites.page("政府信息公开年报", '<div class="crumb">当前位置：首页 &gt; 政府信息公开年报</div><ul>%s</ul>' % items)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    root = tmp_path_factory.mktemp("mw_sites")
    hosts = {"delay": "127.0.0.110", "errs": "127.0.0.111", "trs": "127.0.0.112"}
    dirs = {k: str(root / k) for k in hosts}
    for d in dirs.values():
        os.makedirs(d)
    srv = SiteServer(dirs, hosts)
    urls = srv.start()
    # Crawl-delay 0.5 and a column that takes 0.7 s to answer: the delay must run from the end of that answer
    d = dirs["delay"]
    write(d, "/robots.txt", "User-agent: *\nCrawl-delay: 0.5\n")
    write(d, "/index.html", crawl_sites.page("某镇", '<a href="/nb/index.html">政府信息公开年报</a>'))
    write(d, "/nb/index.html", column([("/nb/2022/0101/1.htm", "某镇2021年政府信息公开工作年度报告"),
                                       ("/nb/2022/0101/2.htm", "某镇2020年政府信息公开工作年度报告"),
                                       ("/nb/2022/0101/3.htm", "某镇2019年政府信息公开工作年度报告")]),
          {"delay_ms": 700})   # the reports are requested right after this slow answer
    for n, y in ((1, 2021), (2, 2020), (3, 2019)):
        write(d, "/nb/2022/0101/%d.htm" % n, crawl_sites.report("某镇%d年政府信息公开工作年度报告" % y, y))
    # failures: a truncated body, a timeout, a body over the size cap
    e = dirs["errs"]
    write(e, "/index.html", crawl_sites.page("某县", '<a href="/nb/index.html">政府信息公开年报</a>'))
    write(e, "/nb/index.html", column([("/nb/a.html", "某县2021年政府信息公开工作年度报告"),
                                       ("/nb/b.html", "某县2020年政府信息公开工作年度报告"),
                                       ("/nb/c.html", "某县2019年政府信息公开工作年度报告")]))
    write(e, "/nb/a.html", crawl_sites.report("某县2021年政府信息公开工作年度报告", 2021), {"truncate": 100})
    write(e, "/nb/b.html", crawl_sites.report("某县2020年政府信息公开工作年度报告", 2020), {"delay_ms": 2500})
    write(e, "/nb/c.html", crawl_sites.report("某县2019年政府信息公开工作年度报告", 2019) + b" " * 20000)
    crawl_sites.build_trs(os.path.dirname(dirs["trs"]), srv.port)
    yield root, srv, urls
    srv.stop()


def test_budget_cap_holds_in_a_crawl(sites):
    root, srv, urls = sites
    before = len(srv.log)
    items, final = crawl_runner.run_crawl(root, {"urls": urls["trs"]}, {"NIANBAO_MAX_REQUESTS_PER_PORTAL": 6})
    rows = [r for r in srv.log[before:] if r["site"] == "trs"]
    st = final["portal_stats"][urls["trs"]]
    assert len(rows) <= 6 and st["requests"] == len(rows)
    assert st["budget_exhausted"] is True
    assert sum(1 for i in items if i["_type"] == "DocumentItem") < len(crawl_sites.EXPECTED_DOCUMENTS["trs"])


def test_crawl_delay_counts_from_the_end_of_the_answer(sites):
    root, srv, urls = sites
    before = len(srv.log)
    items, final = crawl_runner.run_crawl(root, {"urls": urls["delay"]},
                                          {"AUTOTHROTTLE_ENABLED": True, "DOWNLOAD_DELAY": 0.05})
    rows = sorted((r for r in srv.log[before:] if r["site"] == "delay"), key=lambda r: r["t"])
    assert len(rows) == 6      # robots.txt, home, column, three reports
    gaps = [b["t"] - a["t"] for a, b in zip(rows, rows[1:])]
    assert min(gaps) >= 0.45, gaps
    assert sum(1 for i in items if i["_type"] == "DocumentItem") == 3


def test_download_failures_become_fetch_items(sites):
    root, srv, urls = sites
    items, final = crawl_runner.run_crawl(
        root, {"urls": "%s,http://127.0.0.113:1/" % urls["errs"]},
        {"DOWNLOAD_TIMEOUT": 1, "DOWNLOAD_MAXSIZE": 8000, "RETRY_TIMES": 1, "NIANBAO_RETRY_BACKOFF": 0.1})
    errors = {i["url"].rsplit("/", 1)[-1] or i["url"]: i for i in items if i["_type"] == "FetchItem" and i["error"]}
    assert errors["a.html"]["error"].startswith("dataloss") and errors["a.html"]["kind"] == "page"
    assert errors["b.html"]["error"].startswith("timeout")
    assert errors["c.html"]["error"].startswith("size_cap")
    refused = [i for i in items if i["_type"] == "FetchItem" and i["portal"] == "http://127.0.0.113:1/"]
    assert refused and refused[0]["kind"] == "nav" and refused[0]["status"] is None and refused[0]["error"]
    st = final["portal_stats"][urls["errs"]]
    assert st["errors"]["dataloss"] == 1 and st["errors"]["timeout"] == 1 and st["errors"]["size_cap"] == 1
    assert not any(i["_type"] == "DocumentItem" for i in items)
