"""ReportsSpider end to end over loopback portals (tests/fixtures/crawl/crawl_sites.py),
served by nianbao.demo.server.SiteServer and crawled in a child process with a
collecting pipeline instead of the project's pipelines."""
import datetime
import os
import sys
from types import SimpleNamespace
from urllib.parse import urlsplit

import lxml.html
import pytest

from core.template import fingerprint
from crawler.portals import parse_portals, portals_from_urls, read_portals
from crawler.spiders.reports import ReportsSpider, detect_fmt
from nianbao.demo.server import SiteServer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "fixtures", "crawl"))
import crawl_runner  # noqa: E402
import crawl_sites  # noqa: E402


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("crawl_world")
    dirs = {name: str(root / name) for name in crawl_sites.SITES}
    for d in dirs.values():
        os.makedirs(d)
    srv = SiteServer(dirs, crawl_sites.SITES)
    urls = srv.start()
    try:
        crawl_sites.build_sites(str(root), srv.port)
        crawl_sites.add_routes(srv)
        items, final = crawl_runner.run_crawl(root, {"urls": ",".join(urls[s] for s in ("trs", "jcms", "slow"))})
        yield SimpleNamespace(urls=urls, items=items, stats=final["portal_stats"], portals=final["portals"],
                              log=list(srv.log), stderr=final["stderr"])
    finally:
        srv.stop()


def site_of(world, url):
    host = urlsplit(url).hostname
    return {v: k for k, v in crawl_sites.SITES.items()}[host]


def docs(world):
    return [i for i in world.items if i["_type"] == "DocumentItem"]


def fetches(world):
    return [i for i in world.items if i["_type"] == "FetchItem"]


def doc(world, path):
    found = [d for d in docs(world) if urlsplit(d["url"]).path == path]
    assert len(found) == 1, path
    return found[0]


def requests_to(world, site, path=None):
    return [r for r in world.log if r["site"] == site and (path is None or urlsplit(r["path"]).path == path)]


def test_documents_carry_the_linking_pages_template(world):
    """A candidate reached from a list carries the list's block fingerprints
    (core.template, meta nb_template): the cleaner learns the template from them."""
    footer = lxml.html.fragment_fromstring("<p>主办单位：某市人民政府办公室 ICP备00000000号</p>")
    d = doc(world, "/zfxxgk/xxgknb/201703/t20170320_3008.html")       # listed on the third list page
    assert str(d["template_blocks"]).startswith("frozenset({") and fingerprint(footer) in d["template_blocks"]


def test_exact_candidate_documents(world):
    got = {}
    for d in docs(world):
        got.setdefault(site_of(world, d["url"]), set()).add(urlsplit(d["url"]).path)
    for site, want in crawl_sites.EXPECTED_DOCUMENTS.items():
        assert got.get(site, set()) == want, site
    urls = [d["url"] for d in docs(world)]
    assert len(urls) == len(set(urls)), "a document was yielded twice"


def test_document_fields(world):
    for d in docs(world):
        assert d["portal"] in world.urls.values() and d["status"] == 200
        assert d["body"]["size"] > 0 and d["candidate_reason"]
        assert d["fmt"] in ("html", "pdf", "docx", "xlsx")
        assert d["headers"]["content-type"]
        datetime.datetime.strptime(d["fetched_at"], "%Y-%m-%dT%H:%M:%SZ")
    d = doc(world, "/zfxxgk/xxgknb/201703/t20170320_3008.html")       # listed on the third createPageHTML page
    assert d["link_text"] == "某市2016年政府信息公开工作年度报告" and d["link_date"] == "2017-03-20"
    d = doc(world, "/art/2022/1/25/art_201_21.html")                   # in the 2021年 year sub-column
    assert d["link_date"] == "2022-01-25"
    column = [f for f in fetches(world) if urlsplit(f["url"]).path == "/col/col203/"]
    assert len(column) == 1 and column[0]["kind"] == "list"           # a column, though its link read like a report
    assert doc(world, "/zfxxgk/bmnb/fgw/202301/t20230115_4001.html")["link_text"] == "市发改委2022年政府信息公开工作年度报告"
    assert {p["url"] for p in world.portals} == {world.urls[s] for s in ("trs", "jcms", "slow")}


def test_split_article_is_one_document_with_parts_in_order(world):
    d = doc(world, "/zfxxgk/xxgknb/202103/t20210315_3004.html")
    assert [urlsplit(p["url"]).path for p in d["parts"]] == ["/zfxxgk/xxgknb/202103/t20210315_3004_1.html",
                                                              "/zfxxgk/xxgknb/202103/t20210315_3004_2.html"]
    assert all(p["status"] == 200 and p["body"]["size"] > 0 for p in d["parts"])
    for part in ("_1", "_2"):
        assert len(requests_to(world, "trs", "/zfxxgk/xxgknb/202103/t20210315_3004%s.html" % part)) == 1


def test_attachments_carry_their_parent(world):
    pdf = doc(world, "/uploadfile/2020/0310/20200310_a.pdf")
    xlsx = doc(world, "/uploadfile/2020/0310/20200310_b.xlsx")
    assert (pdf["fmt"], xlsx["fmt"]) == ("pdf", "xlsx")
    for a in (pdf, xlsx):
        assert a["parent_url"].endswith("/zfxxgk/xxgknb/202003/t20200310_3005.html")
        assert a["parent_title"] == "某市2019年政府信息公开工作年度报告"
        assert a["parent_date"] == "2020-03-10"
    assert xlsx["link_text"] == "某市2019年政府信息公开情况统计表.xlsx"
    assert doc(world, "/attach/0/abc123.pdf")["parent_title"] == "某县2018年政府信息公开年报"
    assert doc(world, "/zfxxgk/tzgg/201912/P020191220_tpl.docx")["fmt"] == "docx"
    assert doc(world, "/zfxxgk/xxgknb/202303/t20230301_3001.html")["parent_url"] is None  # pages are not attachments


def test_redirect_is_followed_and_recorded(world):
    d = doc(world, "/nb/2018.html")
    assert d["final_url"].endswith("/zfxxgk/xxgknb/201903/t20190301_3006.html")
    assert [urlsplit(u).path for u in d["redirect_urls"]] == ["/nb/2018.html"]


def test_503_with_retry_after_is_recovered(world):
    rows = requests_to(world, "trs", "/zfxxgk/xxgknb/202203/t20220310_3003.html")
    assert [r["status"] for r in rows] == [503, 200]
    assert rows[1]["t"] - rows[0]["t"] >= 0.9          # Retry-After: 1 was honoured
    assert doc(world, "/zfxxgk/xxgknb/202203/t20220310_3003.html")["status"] == 200


def test_gone_and_offsite_are_fetch_items(world):
    gone = [f for f in fetches(world) if f["url"].endswith("t20150301_3009_old.html")]
    assert len(gone) == 1 and gone[0]["kind"] == "page" and gone[0]["status"] == 404 and "gone" in gone[0]["error"]
    off = [f for f in fetches(world) if urlsplit(f["url"]).path == "/out/2015.html"]
    assert len(off) == 1 and "offsite redirect" in off[0]["error"] and off[0]["status"] is None
    assert requests_to(world, "offsite") == []       # neither the offsite link nor the redirect target


def test_robots_txt_obeyed_and_recorded(world):
    for r in world.log:
        path = urlsplit(r["path"]).path
        assert not path.startswith(("/search/", "/admin/", "/private/", "/jrobot/")), path
    robots = [f for f in fetches(world) if f["kind"] == "robots"]
    assert {site_of(world, f["url"]) for f in robots} == {"trs", "jcms", "slow"}
    assert all(f["status"] == 200 and f["body"]["size"] > 0 for f in robots)
    assert world.stats[world.urls["slow"]]["dropped"]["robots"] == 1


def test_crawl_delay_honoured(world):
    rows = sorted(requests_to(world, "slow"), key=lambda r: r["t"])
    assert len(rows) == 4     # robots.txt, home, 年报 column, the report
    gaps = [b["t"] - a["t"] for a, b in zip(rows, rows[1:])]
    assert min(gaps) >= 0.9, gaps


def test_traps_and_session_ids_bounded(world):
    loop = [r for r in requests_to(world, "trs") if r["path"].startswith("/zfxxgk/bmnb/archive/")]
    assert 1 <= len(loop) <= 3
    assert not any("date=" in r["path"] for r in world.log)
    assert not any("sid=" in r["path"] or "jsessionid" in r["path"].lower() for r in world.log)
    assert len(requests_to(world, "trs", "/zfxxgk/xxgknb/index.html")) == 1   # linked with and without ?sid=
    assert len(requests_to(world, "jcms", "/module/web/jpage/dataproxy.jsp")) == 1
    assert any("startrecord=5&endrecord=7&perpage=4" in r["path"] for r in requests_to(world, "jcms"))


def test_lookalikes_and_news_are_not_fetched(world):
    paths = {urlsplit(r["path"]).path for r in world.log}
    for p in ("/xwzx/202303/t20230305_9001.html", "/zfxxgk/xxgknb/202301/t20230120_3002.html",
              "/zfxxgk/fzzf/202302/t20230210_7001.html", "/zfxxgk/czyjs/202301/t20230105_7002.html",
              "/zfxxgk/tzgg/202301/t20230110_7003.html", "/zfxxgk/tzgg/202103/t20210301_7004.html",
              "/art/2020/1/10/art_200_13.html", "/xwzx/index.html", "/zxft/", "/zfxxgk/zn/index.html"):
        assert p not in paths, p


def test_portal_stats(world):
    for site in ("trs", "jcms", "slow"):
        st = world.stats[world.urls[site]]
        n_docs = sum(1 for d in docs(world) if site_of(world, d["url"]) == site)
        assert st["requests"] == len(requests_to(world, site))
        assert st["documents"] == n_docs and st["candidates"] >= n_docs
        assert sum(st["responses"].values()) == st["requests"]
        assert st["budget_exhausted"] is False
    trs = world.stats[world.urls["trs"]]
    assert trs["responses"]["5xx"] == 1 and trs["responses"]["3xx"] == 2 and trs["errors"] == {"http_404": 1}
    assert trs["dropped"]["offsite_redirect"] == 1 and trs["dropped"]["trap"] >= 1
    assert len(world.log) < 80      # three small portals: no archive walking


def test_every_exchange_is_an_item(world):
    seen = set()
    for i in world.items:
        for u in (i["url"], i.get("final_url") or i["url"]):
            seen.add(urlsplit(u).path.rstrip("/") or "/")
        for p in i.get("parts") or []:
            seen.add(urlsplit(p["url"]).path)
    for r in world.log:
        if r["status"] == 503:
            continue    # retried; the retry's answer is the item
        path = urlsplit(r["path"]).path
        folded = path[:-len("index.html")] if path.endswith("index.html") else path
        assert (folded.rstrip("/") or "/") in seen or path in seen, path


def test_read_portals(tmp_path):
    csv_file = tmp_path / "portals.csv"
    csv_file.write_text("\ufeffurl,name\n# a comment\nhttp://127.0.0.11:8080/,抚州市人民政府门户网站\n\n"
                        "www.example.gov.cn,\nhttp://127.0.0.11:8080/,dup\n", encoding="utf-8")
    assert read_portals(csv_file) == [{"url": "http://127.0.0.11:8080/", "name": "抚州市人民政府门户网站"},
                                      {"url": "http://www.example.gov.cn/", "name": None}]
    assert parse_portals("http://a.gov.cn/\n# x\nhttp://b.gov.cn/,某县\nnot a url at all\n") == [
        {"url": "http://a.gov.cn/", "name": None}, {"url": "http://b.gov.cn/", "name": "某县"}]
    assert portals_from_urls("http://a.gov.cn/, http://b.gov.cn") == [{"url": "http://a.gov.cn/", "name": None},
                                                                     {"url": "http://b.gov.cn/", "name": None}]
    spider = ReportsSpider(portals=str(csv_file), urls="http://c.gov.cn/")
    assert [p["url"] for p in spider.portals] == ["http://127.0.0.11:8080/", "http://www.example.gov.cn/", "http://c.gov.cn/"]
    assert spider.portal_for_url("http://127.0.0.11:8080/zwgk/x.html") == "http://127.0.0.11:8080/"
    assert spider.portal_for_url("http://127.0.0.11:8081/") is None
    assert set(spider.portal_stats) == {p["url"] for p in spider.portals}
    with pytest.raises(ValueError):
        ReportsSpider()


def test_format_detection():
    assert detect_fmt(b"%PDF-1.4 ...", "application/octet-stream", "http://x/a.bin") == "pdf"
    assert detect_fmt(b"\xd0\xcf\x11\xe0rest", None, "http://x/a.xls") == "xls"
    assert detect_fmt(b"\xd0\xcf\x11\xe0rest", "application/msword", "http://x/download.jsp") == "doc"
    assert detect_fmt(b"  <!DOCTYPE html><html>", None, "http://x/a.pdf") == "html"
    assert detect_fmt(b"PK\x03\x04broken", None, "http://x/a.docx") == "docx"
    assert detect_fmt(b"\x00\x01", "application/vnd.ms-excel", "http://x/a") == "xls"
    assert detect_fmt(b"", None, "http://x/a.wps") == "wps"
    assert detect_fmt(b"%PDF-1.7", None, "http://x/a") == "pdf"


def test_answers_that_are_not_pages():
    from scrapy import Request
    from scrapy.http import HtmlResponse

    spider = ReportsSpider(urls="http://a.gov.cn/")
    portal = "http://a.gov.cn/"

    def answer(status, kind="candidate"):
        req = Request("http://a.gov.cn/nb/t20200101_1.html", meta={"portal": portal, "nb_kind": kind})
        resp = HtmlResponse(req.url, status=status, body=b"<html></html>", request=req)
        return list(spider.parse_candidate(resp) if kind == "candidate" else spider.parse_attachment(resp))

    [gone] = answer(410)
    assert (gone["kind"], gone["status"], gone["error"]) == ("page", 410, "gone (HTTP 410)")
    [down] = answer(503, "attachment")
    assert (down["kind"], down["error"]) == ("attachment", "HTTP 503")
    [same] = answer(304)
    assert same["status"] == 304 and same["error"] is None
    assert spider.portal_stats[portal]["errors"] == {"http_410": 1, "http_503": 1}


def test_list_filled_from_a_json_endpoint_is_read(tmp_path):
    """A column whose entries come only from the JSON its script loads ($.getJSON): the spider
    fetches the endpoint once and follows the records' url fields as the list's entries."""
    site = tmp_path / "site"
    (site / "api").mkdir(parents=True)
    (site / "gknb").mkdir()
    u = lambda s: s.encode("utf-8")  # noqa: E731
    (site / "index.html").write_bytes(u('<html><head><meta charset="utf-8"><title>某县人民政府</title></head><body>'
                                        '<a href="/gknb/index.html">政府信息公开年报</a></body></html>'))
    (site / "gknb" / "index.html").write_bytes(u(
        '<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body><ul id="l"></ul><script>'
        '$.getJSON("/api/list.json", function (r) { /* rows appended here */ });</script></body></html>'))
    (site / "api" / "list.json").write_bytes(u(
        '{"rows":[{"title":"某县2021年政府信息公开工作年度报告","url":"/gknb/a1021.html","date":"2022-01-20"},'
        '{"title":"某县召开春季植树动员会","url":"/xw/a9.html","date":"2022-03-01"}]}'))
    (site / "gknb" / "a1021.html").write_bytes(u(
        '<html><head><meta charset="utf-8"><title>某县2021年政府信息公开工作年度报告</title></head><body>'
        '<h1>某县2021年政府信息公开工作年度报告</h1><p>一、总体情况</p></body></html>'))
    srv = SiteServer({"j": str(site)}, {"j": "127.0.0.92"})
    urls = srv.start()
    try:
        items, _ = crawl_runner.run_crawl(tmp_path, {"urls": urls["j"]})
    finally:
        srv.stop()
    got = {urlsplit(i["url"]).path: i for i in items if i["_type"] == "DocumentItem"}
    assert list(got) == ["/gknb/a1021.html"]
    assert got["/gknb/a1021.html"]["link_date"] == "2022-01-20"
    assert len([r for r in srv.log if r["path"] == "/api/list.json"]) == 1
