"""The crawl scope (crawler.scope) and SameSiteMiddleware over it: which hosts and paths a
portal's crawl may go to, and the link that admitted each."""
import lxml.html
import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from crawler import meta as M
from crawler.middlewares.same_site import SameSiteMiddleware
from crawler.scope import (disclosure_refusal, level_refusal, link_boxes, link_directory, place_refusal, platform_home,
                           registrable_domain)
from crawler.spiders.reports import ReportsSpider
from crawler.state import CrawlState

CITY = "http://www.fengcheng.gov.cn/"
COUNTY = "http://www.qingshan.gov.cn/"
DEPT = "http://jtj.fengcheng.gov.cn/"      # a department named as a portal of its own


def scope_of(portals=(CITY, COUNTY, DEPT), max_hosts=3):
    state = CrawlState(0, max_hosts=max_hosts)
    state.add_portals(portals)
    return state, state.scope


def offer(page, text, **kw):
    return dict({"text": text, "page_url": page, "portal_name": "青山县人民政府"}, **kw)


@pytest.mark.parametrize("host, domain", [
    ("xxgk.fengcheng.gov.cn", "fengcheng.gov.cn"), ("www.gov.cn", "www.gov.cn"), ("zfwzzc.www.gov.cn", "www.gov.cn"),
    ("a.b.example.com.cn", "example.com.cn"), ("127.0.0.5", None), ("localhost", None), ("gov.cn", None),
    ("[::1]", None), ("", None)])
def test_registrable_domains_come_from_the_bundled_public_suffix_list(host, domain):
    assert registrable_domain(host) == domain


def test_link_directory():
    assert link_directory("http://x.gov.cn/qsx/index.html") == "/qsx/"
    assert link_directory("http://x.gov.cn/qsx/ndbg/") == "/qsx/ndbg/"
    assert link_directory("http://x.gov.cn/qsx") == "/qsx/"            # a directory named without its slash
    assert link_directory("http://x.gov.cn") == "/"


def test_continuations_of_what_is_in_scope_may_sit_anywhere_on_its_host():
    state, scope = scope_of()
    assert scope.consider(COUNTY, "http://xxgk.nanfeng.gov.cn/qsx", kind="nav", **offer(COUNTY, "政务公开")) is None
    assert scope.allows(COUNTY, "http://xxgk.nanfeng.gov.cn/qsx", "nav")
    # a list's further pages (jcms dataproxy.jsp), a document's parts and files
    for kind in ("list", "part", "attachment"):
        assert scope.allows(COUNTY, "http://xxgk.nanfeng.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=16", kind)
    assert not scope.allows(COUNTY, "http://xxgk.nanfeng.gov.cn/module/web/jpage/dataproxy.jsp", "nav")
    assert not scope.allows(COUNTY, "http://xxgk.nanfeng.gov.cn/art/2023/1/1/art_1_1.html", "candidate")


def test_hosts_of_the_portals_own_domain_are_in_scope_other_portals_hosts_are_not():
    state, scope = scope_of()
    assert scope.allows(CITY, "https://www.fengcheng.gov.cn/a")              # http <-> https, as before
    assert scope.allows(CITY, "http://xxgk.fengcheng.gov.cn/col/")
    assert scope.allows(CITY, "http://fengcheng.gov.cn/")
    assert not scope.allows(CITY, DEPT + "xxgk/")                           # that portal crawls itself
    assert not scope.allows(CITY, "http://www.fengcheng.gov.cn:8080/")      # another port of the host
    assert not scope.allows(CITY, "http://xxgk.fengcheng.gov.cn:8443/")
    assert not scope.allows(CITY, "http://127.0.0.1/") and not scope.allows(CITY, "http://intranet/")
    assert not scope.allows(CITY, "http://evil.com@xxgk.fengcheng.gov.cn/")
    assert not scope.allows(CITY, "http://www.qingshan.gov.cn/")
    # an IP-addressed portal keeps exactly its own host and port
    state2, scope2 = scope_of(("http://127.0.0.9:8000/",))
    assert scope2.allows("http://127.0.0.9:8000/", "http://127.0.0.9:8000/x")
    assert not scope2.allows("http://127.0.0.9:8000/", "http://127.0.0.10:8000/x")


def test_a_portal_below_another_domain_owns_only_its_own_host():
    state, scope = scope_of(("http://lc.fengcheng.gov.cn/", CITY))
    lc = "http://lc.fengcheng.gov.cn/"
    assert scope.allows(lc, "http://xxgk.lc.fengcheng.gov.cn/")
    assert not scope.allows(lc, "http://xxgk.fengcheng.gov.cn/")            # the city's platform
    assert not scope.allows(lc, CITY)                                        # the city itself
    # …which the county's disclosure navigation may still admit, under a directory
    assert scope.consider(lc, "http://xxgk.fengcheng.gov.cn/lc/", kind="nav", text="政务公开", page_url=lc,
                          portal_name="临川区人民政府") is None
    assert scope.allows(lc, "http://xxgk.fengcheng.gov.cn/lc/ndbg/") and not scope.allows(lc, "http://xxgk.fengcheng.gov.cn/")


def test_noting_a_same_domain_host_records_it_with_its_link():
    state, scope = scope_of()
    assert scope.consider(CITY, "http://xxgk.fengcheng.gov.cn/", kind="nav", text="政府信息公开",
                          page_url=CITY, portal_name="丰城市人民政府") is None
    rec = state.portals[CITY]["hosts"]["xxgk.fengcheng.gov.cn"]
    assert rec["how"] == "same_domain" and rec["prefixes"] is None and rec["via"] == CITY
    assert rec["text"] == "政府信息公开"
    assert scope.owner("http://xxgk.fengcheng.gov.cn/robots.txt") == CITY
    assert state.portal_for_url("http://xxgk.fengcheng.gov.cn/robots.txt") == CITY


def test_another_site_is_admitted_by_disclosure_navigation_under_the_linked_directory():
    state, scope = scope_of()
    url = "http://xxgk.nanfeng.gov.cn/qsx/index.html"
    assert scope.consider(COUNTY, url, kind="nav", **offer(COUNTY, "政务公开")) is None
    assert scope.allows(COUNTY, "http://xxgk.nanfeng.gov.cn/qsx/ndbg/2022.html")
    assert not scope.allows(COUNTY, "http://xxgk.nanfeng.gov.cn/")
    assert not scope.allows(COUNTY, "http://xxgk.nanfeng.gov.cn/lpx/ndbg/")    # the neighbour's directory
    assert not scope.allows(CITY, "http://xxgk.nanfeng.gov.cn/qsx/")           # the county's grant only
    # a document's files may sit anywhere on the platform; its robots.txt is asked for too
    assert scope.allows(COUNTY, "http://xxgk.nanfeng.gov.cn/uploads/x.pdf", "attachment")
    assert scope.allows(COUNTY, "http://xxgk.nanfeng.gov.cn/robots.txt", None)
    grant = state.portals[COUNTY]["hosts"]["xxgk.nanfeng.gov.cn"]
    assert (grant["how"], grant["prefixes"], grant["link"], grant["text"]) == ("disclosure_link", ["/qsx/"], url, "政务公开")
    # a second disclosure link widens it, on record
    assert scope.consider(COUNTY, "http://xxgk.nanfeng.gov.cn/gknb/qsx/", kind="nav",
                          **offer(COUNTY, "政府信息公开年报")) is None
    assert state.portals[COUNTY]["hosts"]["xxgk.nanfeng.gov.cn"]["prefixes"] == ["/qsx/", "/gknb/qsx/"]


@pytest.mark.parametrize("url, text, kw, why", [
    ("http://xxgk.nanfeng.gov.cn/qsx/", "新闻中心", {}, "not disclosure navigation"),
    ("http://xxgk.nanfeng.gov.cn/", "政务公开", {}, "whole of another site"),
    ("http://www.gov.cn/zhengce/xxgk/", "政府信息公开", {}, "central government"),
    ("http://xxgk.nanfeng.gov.cn/qsx/", "国务院政府信息公开", {}, "国务院"),
    ("http://xxgk.nanfeng.gov.cn/lpx/", "黎平县政府信息公开", {}, "another place"),
    ("http://xxgk.nanfeng.gov.cn/qsx/", "政务公开", {"box": (5, "")}, "list of links"),
    ("http://xxgk.nanfeng.gov.cn/qsx/", "政务公开", {"box": (1, "友情链接")}, "links to other sites"),
    ("http://xxgk.nanfeng.gov.cn/qsx/", "政务公开", {"source": "option"}, "option link"),
    ("http://xxgk.nanfeng.com/qsx/", "政务公开", {}, "another kind of domain"),
    ("http://10.0.0.8/qsx/", "政务公开", {}, "registrable"),
    ("http://xxgk.nanfeng.gov.cn:8080/qsx/", "政务公开", {}, "port"),
])
def test_other_sites_are_refused_unless_the_portals_own_disclosure_navigation_links_them(url, text, kw, why):
    state, scope = scope_of()
    got = scope.consider(COUNTY, url, kind="nav", **offer(COUNTY, text, **kw))
    assert got and why in got
    assert state.portals[COUNTY]["hosts_refused"]


def test_only_pages_of_the_portals_own_domain_admit_other_sites():
    state, scope = scope_of()
    assert scope.consider(COUNTY, "http://xxgk.nanfeng.gov.cn/qsx/", kind="nav", **offer(COUNTY, "政务公开")) is None
    # a page of the platform linking a third site, or a sibling of the platform: not the county's navigation
    page = "http://xxgk.nanfeng.gov.cn/qsx/index.html"
    assert "another site" in scope.consider(COUNTY, "http://xxgk.beiling.gov.cn/qsx/", kind="nav",
                                            **offer(page, "政务公开"))
    assert "another site" in scope.consider(COUNTY, "http://zwfw.nanfeng.gov.cn/qsx/", kind="nav",
                                            **offer(page, "政务公开"))
    # …but a report's file on the platform's own file host is fine
    assert scope.consider(COUNTY, "http://file.nanfeng.gov.cn/u/2022.pdf", kind="attachment",
                          **offer(page, "2022年报.pdf")) is None


def test_report_links_onto_another_site_name_the_portals_own_place():
    state, scope = scope_of()
    page = "http://www.qingshan.gov.cn/zwgk/ndbg/"
    assert scope.consider(COUNTY, "http://xxgk.nanfeng.gov.cn/art/2023/1/20/art_1_2.html", kind="candidate",
                          **offer(page, "青山县2022年政府信息公开工作年度报告")) is None
    assert "another place" in scope.consider(COUNTY, "http://xxgk.nanfeng.gov.cn/art/2023/1/20/art_1_3.html",
                                             kind="candidate", **offer(page, "黎平县2022年政府信息公开工作年度报告"))
    assert place_refusal("2022年政府信息公开工作年度报告", None) is None


def test_the_number_of_other_hosts_is_capped():
    state, scope = scope_of(max_hosts=2)
    for i in range(3):
        scope.consider(COUNTY, "http://xxgk.p%d.gov.cn/qsx/" % i, kind="nav", **offer(COUNTY, "政务公开"))
    assert len(state.portals[COUNTY]["hosts"]) == 3            # its own host and two others
    assert "more than 2" in state.portals[COUNTY]["hosts_refused"]["xxgk.p2.gov.cn"]


def test_disclosure_refusal_reads_link_texts():
    assert disclosure_refusal("政府信息公开", None) is None
    assert disclosure_refusal("青山县信息公开", "青山县人民政府") is None
    assert disclosure_refusal("丰城市青山县政府信息公开", "青山县人民政府") is None
    assert disclosure_refusal("政府信息公开指南", None)
    assert disclosure_refusal("我为政府网站找错", None)
    assert disclosure_refusal("", None)


def test_link_boxes_tell_link_lists_from_navigation():
    html = ('<html><body><div class="nav"><a href="/">首页</a><a href="http://xxgk.nanfeng.gov.cn/qsx/">政务公开</a>'
            '<a href="/hdjl/">互动</a></div><div class="yqlj"><h3>友情链接</h3><ul><li><a href="http://a.gov.cn/">A</a></li>'
            '<li><a href="http://b.gov.cn/">B</a></li><li><a href="http://c.gov.cn/">C</a></li></ul></div></body></html>')
    boxes = link_boxes(lxml.html.fromstring(html), COUNTY)
    assert boxes["http://xxgk.nanfeng.gov.cn/qsx/"] == (1, "")
    assert boxes["http://a.gov.cn/"][0] == 3 and boxes["http://b.gov.cn/"][1] == "友情链接"


# --- the middleware ---------------------------------------------------------------------------
def middleware():
    crawler = get_crawler(ReportsSpider, {"NIANBAO_MAX_HOSTS_PER_PORTAL": 4})
    crawler.spider = crawler._create_spider(urls=",".join((CITY, COUNTY)))
    return SameSiteMiddleware.from_crawler(crawler), CrawlState.for_crawler(crawler)


def test_middleware_holds_requests_and_robots_to_the_scope():
    same, state = middleware()
    assert same.process_request(Request("http://xxgk.fengcheng.gov.cn/", meta={M.PORTAL: CITY, M.KIND: "nav"})) is None
    assert "xxgk.fengcheng.gov.cn" in state.portals[CITY]["hosts"]
    assert same.process_request(Request("http://xxgk.fengcheng.gov.cn/robots.txt")) is None   # Scrapy's own
    with pytest.raises(IgnoreRequest, match="belongs to no portal"):
        same.process_request(Request("http://xxgk.nanfeng.gov.cn/robots.txt"))
    with pytest.raises(IgnoreRequest, match="offsite"):
        same.process_request(Request("http://xxgk.nanfeng.gov.cn/qsx/", meta={M.PORTAL: COUNTY, M.KIND: "nav"}))
    assert state.portals[COUNTY]["dropped"]["offsite"] == 1


def test_a_redirect_hop_onto_another_site_needs_disclosure_navigation():
    same, state = middleware()
    hop = {M.PORTAL: COUNTY, M.KIND: "nav", "redirect_urls": [COUNTY + "zwgk/"], "download_slot": "www.qingshan.gov.cn"}
    with pytest.raises(IgnoreRequest, match="offsite redirect"):
        same.process_request(Request("http://xxgk.nanfeng.gov.cn/qsx/", meta=dict(hop)))
    req = Request("http://xxgk.nanfeng.gov.cn/qsx/index.html", meta=dict(hop, **{M.DISCLOSURE: True}))
    assert same.process_request(req) is None
    assert "download_slot" not in req.meta                     # queued under the platform's own slot
    grant = state.portals[COUNTY]["hosts"]["xxgk.nanfeng.gov.cn"]
    assert (grant["how"], grant["prefixes"], grant["via"]) == ("redirect", ["/qsx/"], COUNTY + "zwgk/")
    assert same.process_request(Request("http://xxgk.nanfeng.gov.cn/robots.txt")) is None
    # a redirect to the platform's root is not the county's directory
    with pytest.raises(IgnoreRequest):
        same.process_request(Request("http://xxgk.beiling.gov.cn/", meta=dict(hop, **{M.DISCLOSURE: True})))


def test_a_platform_page_in_scope_widens_it_to_the_portals_own_report_column_only():
    state, scope = scope_of()
    entry = "http://xxgk.nanfeng.gov.cn/qsx/xxgk/index.html"
    assert scope.consider(COUNTY, entry, kind="nav", **offer(COUNTY, "政务公开")) is None
    assert scope.consider(COUNTY, "http://xxgk.nanfeng.gov.cn/qsx/ndbg/", kind="nav",
                          **offer(entry, "政府信息公开年报")) is None
    assert scope.allows(COUNTY, "http://xxgk.nanfeng.gov.cn/qsx/ndbg/2023/t1.html")
    assert "another place" in scope.consider(COUNTY, "http://xxgk.nanfeng.gov.cn/lpx/ndbg/", kind="nav",
                                             **offer(entry, "黎平县政府信息公开年报"))
    assert "not a report column" in scope.consider(COUNTY, "http://xxgk.nanfeng.gov.cn/lpx/", kind="nav",
                                                   **offer(entry, "政务公开"))
    assert scope.consider(COUNTY, "http://xxgk.nanfeng.gov.cn/", kind="nav", **offer(entry, "政府信息公开年报"))
    assert state.portals[COUNTY]["hosts"]["xxgk.nanfeng.gov.cn"]["prefixes"] == ["/qsx/xxgk/", "/qsx/ndbg/"]


# --- a province platform's shared navigation -------------------------------------------------------
# xxgk.<province>.gov.cn/<county>/…: every county's directory carries the platform's own navigation
# (its home, the other counties, the province's own 年报 column); the county's reports carry
# breadcrumbs, 上一篇/下一篇 and related lists. Only the county's own part may come into scope.
PLATFORM = "http://gk.minjiang.gov.cn"


@pytest.mark.parametrize("prefix, home", [
    ("/qsx/", "/qsx/"), ("/qsx/xxgk/", "/qsx/"), ("/col/col1207/", "/col/"), ("/site/qsx/zwgk/", "/site/qsx/"),
    ("/", "/")])
def test_platform_home_is_the_portals_own_part_of_a_platform(prefix, home):
    assert platform_home(prefix) == home


@pytest.mark.parametrize("text, name, refused", [
    ("省政府年报", "青山县人民政府", True),
    ("省级政府信息公开年度报告", "青山县人民政府", True),
    ("·省本级年报", "青山县人民政府", True),
    ("全市政府信息公开年报汇总", "青山县人民政府", True),
    ("市直部门年报", "青山县人民政府", True),
    ("县政府信息公开年报", "青山县人民政府", False),       # the portal's own level
    ("县政府年报", "黔东自治县人民政府", False),            # 自治县 is a 县
    ("区政府年报", "青山县人民政府", True),
    ("市政府年报", "丰城市人民政府", False),
    ("政府信息公开年报", "青山县人民政府", False),          # no level named
    ("青山县政府年报", "青山县人民政府", False),            # a place, not a bare level (place_refusal's)
    ("省政府年报", None, False),                             # no name: no judgement
])
def test_level_refusal_reads_a_level_named_without_a_place(text, name, refused):
    assert bool(level_refusal(text, name)) is refused


def test_texts_naming_another_level_admit_nothing_from_the_portals_own_pages():
    state, scope = scope_of()
    assert "another level" in scope.consider(COUNTY, PLATFORM + "/sbj/", kind="nav", **offer(COUNTY, "省政府信息公开"))
    assert "another level" in scope.consider(COUNTY, PLATFORM + "/sbj/ndbg/2023/t9.shtml", kind="candidate",
                                             **offer(COUNTY, "省级2022年政府信息公开工作年度报告"))
    assert not scope.hosts_of(COUNTY).get("gk.minjiang.gov.cn")


def admitted_county():
    state, scope = scope_of()
    assert scope.consider(COUNTY, PLATFORM + "/qsx/", kind="nav", **offer(COUNTY, "政务公开")) is None
    return state, scope


@pytest.mark.parametrize("url, text", [
    (PLATFORM + "/ndbg/", "政府信息公开年报"),                 # the province's own column, named plainly
    (PLATFORM + "/sbj/gknb/", "本省年度报告"),
    (PLATFORM + "/lpx/gknb/", "年度报告"),                     # a neighbour's column, no place named
    (PLATFORM + "/", "首页"),                                  # the breadcrumb's home
])
def test_a_platforms_shared_navigation_does_not_widen_the_county(url, text):
    state, scope = admitted_county()
    page = PLATFORM + "/qsx/index.shtml"
    assert scope.consider(COUNTY, url, kind="nav", **offer(page, text))
    assert not scope.allows(COUNTY, url + "2023/t1.shtml", "candidate")
    assert state.portals[COUNTY]["hosts"]["gk.minjiang.gov.cn"]["prefixes"] == ["/qsx/"]


def test_a_reports_neighbours_on_the_platform_stay_outside_the_county():
    """上一篇/下一篇 and 相关文章 on a county's report page: its own are in scope already,
    the neighbour's and the province's, however plainly named, are refused."""
    state, scope = admitted_county()
    report = PLATFORM + "/qsx/gknb/202301/t20230115_88.shtml"
    assert scope.allows(COUNTY, report, "candidate")
    assert scope.consider(COUNTY, PLATFORM + "/qsx/gknb/202201/t20220110_41.shtml", kind="candidate",
                          **offer(report, "上一篇：2021年政府信息公开工作年度报告")) is None
    why = scope.consider(COUNTY, PLATFORM + "/lpx/gknb/202301/t20230112_90.shtml", kind="candidate",
                         **offer(report, "下一篇：2022年政府信息公开工作年度报告"))
    assert why and "outside the portal's own" in why
    assert "another level" in scope.consider(COUNTY, PLATFORM + "/sbj/gknb/202301/t20230120_7.shtml",
                                             kind="candidate", **offer(report, "省政府2022年度报告"))
    # …but one naming the county itself is the county's, wherever the platform keeps it (jcms's /art/…)
    assert scope.consider(COUNTY, PLATFORM + "/art/2023/1/15/art_3_88.html", kind="candidate",
                          **offer(report, "青山县2022年政府信息公开工作年度报告")) is None
    # a report's file on the platform's shared file directory is still the county's
    assert scope.consider(COUNTY, PLATFORM + "/uploadfiles/2023/qsx-2022.pdf", kind="attachment",
                          **offer(report, "附件：2022年报.pdf")) is None
    assert scope.hosts_of(COUNTY)["gk.minjiang.gov.cn"].documents == {PLATFORM + "/art/2023/1/15/art_3_88.html"}


def test_the_portals_own_pages_add_homes_the_platform_may_widen_in():
    """A second directory linked from the county's own site (a report column kept apart,
    /gknb/qsx/) adds its platform_home (/gknb/: two deep, the parent); inside it the
    platform's links widen the scope as far as their texts name no other place or level."""
    state, scope = admitted_county()
    assert scope.consider(COUNTY, PLATFORM + "/gknb/qsx/list.shtml", kind="nav",
                          **offer(COUNTY + "zwgk/", "政府信息公开年报")) is None
    assert scope.hosts_of(COUNTY)["gk.minjiang.gov.cn"].homes == ["/qsx/", "/gknb/"]
    column = PLATFORM + "/gknb/qsx/list.shtml"
    assert scope.consider(COUNTY, PLATFORM + "/gknb/qsxnb/", kind="nav", **offer(column, "历年年度报告")) is None
    assert "another place" in scope.consider(COUNTY, PLATFORM + "/gknb/lpx/", kind="nav",
                                             **offer(column, "黎平县年度报告"))
    assert "another level" in scope.consider(COUNTY, PLATFORM + "/gknb/sbj/", kind="nav",
                                             **offer(column, "省本级年度报告"))
    assert "outside the portal's own" in scope.consider(COUNTY, PLATFORM + "/ndbg/", kind="nav",
                                                        **offer(column, "年度报告"))
    assert state.portals[COUNTY]["hosts"]["gk.minjiang.gov.cn"]["homes"] == ["/qsx/", "/gknb/"]
