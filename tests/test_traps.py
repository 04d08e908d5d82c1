"""Hostile portals, crawl side: crawler traps stay bounded and robots.txt is obeyed.

One loopback world (tests/fixtures/traps/world.py) crawled once in a child process:

  trap   127.0.0.200  every page rendered afresh with new session ids in its links
                      (?sid=, ;jsessionid=, PHPSESSID, cache-busters, fragments,
                      index.html vs /); endless pagination under two real report
                      columns (index_N.html echoing the last page, ?page=N empty);
                      a symlink-style loop /archive/archive/…; a growing path
                      /more/1/2/3/…; a date calendar (?date=D -> D+1) and a year/month
                      calendar (/nbyl/2021/01/ -> /nbyl/2022/01/ …) inside a report
                      column; three site-search engines linking more searches.
  rbw    127.0.0.201  robots.txt with a group for our user agent and wildcards
  rb404  127.0.0.202  robots.txt answers 404
  rb500  127.0.0.203  robots.txt answers 500

Every trap is served dynamically "forever"; the server's request log is the judge.
"""
import datetime
import os
import sys
from types import SimpleNamespace
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from crawler.discovery import pagination_links, parse_html
from crawler.urls import canonicalize, clean_url, looks_like_trap
from nianbao.demo.server import SiteServer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "fixtures", "traps"))
import runner  # noqa: E402
from world import HTML, entries, install, log_for, page, report, sid, write  # noqa: E402

HOSTS = {"trap": "127.0.0.200", "rbw": "127.0.0.201", "rb404": "127.0.0.202", "rb500": "127.0.0.203"}
TRAP_CAP = 20   # requests one trap may cost

# the real reports of the trap portal: (path, title, year)
NB_PAGE0 = [("/xxgk/nb/202302/t20230201_1.html", "某县2022年政府信息公开工作年度报告", 2022),
            ("/xxgk/nb/202202/t20220201_2.html", "某县2021年政府信息公开工作年度报告", 2021),
            ("/xxgk/nb/202102/t20210201_3.html", "某县2020年政府信息公开工作年度报告", 2020)]
NB_PAGE1 = [("/xxgk/nb/202002/t20200201_4.html", "某县2019年政府信息公开工作年度报告", 2019),
            ("/xxgk/nb/201902/t20190201_5.html", "某县2018年政府信息公开工作年度报告", 2018)]
BMNB = [("/xxgk/bmnb/202203/t20220301_6.html", "县财政局2021年政府信息公开工作年度报告", 2021),
        ("/xxgk/bmnb/202203/t20220302_7.html", "县教育局2021年政府信息公开工作年度报告", 2021)]
REPORTS = NB_PAGE0 + NB_PAGE1 + BMNB
ARCHIVE_REPORT = ("/xxgk/nb/201803/t20180301_8.html", "某县2017年政府信息公开工作年度报告", 2017)


def chrome(s):
    """Links every page of the trap portal renders, each with a fresh session id."""
    return ('<div class="top"><a href="/index.html?sid={s}">首页</a> <a href="/?jsessionid={s}#top">网站首页</a>'
            ' <a href="/xxgk/index.html;jsessionid={s}">政府信息公开</a>'
            ' <a href="/xxgk/;JSESSIONID={s}?PHPSESSID={s}#nav">信息公开目录</a>'
            ' <a href="/xxgk/index.html?_={t}&amp;utm_source=wx">政府信息公开专栏</a>'
            ' 热门搜索：<a href="/search/?q=%E5%B9%B4%E6%8A%A5&amp;sid={s}">年报</a>'
            ' <a href="/was5/web/search?channelid=200&amp;searchword=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A">年度报告</a>'
            ' <a href="/jsearchfront/search.do?websiteid=1&amp;q=%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80%E5%B9%B4%E6%8A%A5">政府信息公开年报</a>'
            '</div>').format(s=s, t=int(datetime.datetime.now().timestamp() * 1000))


def html(body):
    return 200, {"Content-Type": HTML}, body


def build_trap(root, routes):
    def home(m, q):
        s = sid()
        return html(page("某县人民政府", chrome(s) + """
<div class="box"><h3>政府信息公开年报</h3><a href="/xxgk/nb/index.html?sid={s}">更多&gt;&gt;</a>{lst}</div>
<div class="box"><a href="/nbrl/index.jsp?date=2021-01-01">政府信息公开年报（按日期查看）</a>
<a href="/nbrl/day.jsp?ymd=2021-01-01&amp;sid={s}">年报日历</a>
<a href="/nbyl/2021/01/">政府信息公开年报（按月查看）</a></div>""".format(
            s=s, lst=entries([(p + "?sid=" + s, t, "%d-02-01" % (y + 1)) for p, t, y in NB_PAGE0[:1]]))))
    routes.add("trap", r"/(index\.html)?", home)

    def hub(m, q):
        s = sid()
        return html(page("政府信息公开", chrome(s) + """<div class="tree"><h3>信息公开目录</h3><ul>
<li><a href="/xxgk/nb/index.html?sid={s}">政府信息公开年报</a></li>
<li><a href="/xxgk/nb/;jsessionid={s}">政府信息公开年度报告</a></li>
<li><a href="/xxgk/bmnb/list.jsp?page=1&amp;sid={s}">部门信息公开年报</a></li>
<li><a href="/xxgk/nb/archive/">政府信息公开年报（往年）</a></li>
<li><a href="/xxgk/nb/more/1/">更多政府信息公开年报</a></li></ul></div>""".format(s=s), "政府信息公开"))
    routes.add("trap", r"/xxgk/(index\.html)?", hub)

    # endless TRS-style pagination: index.html, index_1.html hold the reports; index_N.html
    # for every N >= 2 repeats page 1 (a clamping CMS) and links index_{N+1}.html forever
    def nb_list(m, q):
        n = int(m.group(2) or 0)
        s = sid()
        items = NB_PAGE0 if n == 0 else NB_PAGE1
        rows = entries([(p + "?sid=" + s, t, "%d-02-01" % (y + 1)) for p, t, y in items])
        pager = ('<div class="page"><a href="index.html">首页</a> <a href="index_%d.html">上一页</a> '
                 '<a href="index_%d.html?sid=%s">下一页</a> <a href="index_%d.html">%d</a></div>'
                 % (max(n - 1, 0), n + 1, s, n + 1, n + 2))
        return html(page("政府信息公开年报", chrome(s) + "<h2>政府信息公开年报</h2>" + rows + pager,
                         "政府信息公开 &gt; 政府信息公开年报"))
    routes.add("trap", r"/xxgk/nb/(index(?:_(\d+))?\.html)?", nb_list)

    # endless query pagination: page 1 holds the reports, every later page is empty and links the next
    def bmnb(m, q):
        n = int((q.get("page") or ["1"])[0])
        rows = entries([(p, t, "%d-03-01" % (y + 1)) for p, t, y in BMNB]) if n == 1 else "<p>暂无信息</p>"
        pager = '<div class="page"><a href="list.jsp?page=%d">上一页</a> <a href="list.jsp?page=%d">下一页</a></div>' % (
            max(n - 1, 1), n + 1)
        return html(page("部门信息公开年报", chrome(sid()) + rows + pager, "政府信息公开 &gt; 部门信息公开年报"))
    routes.add("trap", r"/xxgk/bmnb/list\.jsp", bmnb)

    # a symlink loop: /xxgk/nb/archive/archive/… answers at every depth
    def archive(m, q):
        return html(page("政府信息公开年报（往年）", chrome(sid()) + entries([ARCHIVE_REPORT[:2] + ("2018-03-01",)])
                         + '<p><a href="archive/">政府信息公开年报（更早）</a></p>', "政府信息公开 &gt; 政府信息公开年报"))
    routes.add("trap", r"/xxgk/nb/archive/(archive/)*", archive)

    # a path that grows by a new segment at every hop: /xxgk/nb/more/1/2/3/…
    def more(m, q):
        n = len(m.group(1).strip("/").split("/"))
        return html(page("更多政府信息公开年报", chrome(sid()) + '<p><a href="%d/">更多政府信息公开年报</a></p>' % (n + 1),
                         "政府信息公开 &gt; 政府信息公开年报"))
    routes.add("trap", r"/xxgk/nb/more/((?:\d+/)+)", more)

    # a date calendar: every day links the next one, forever
    def day(m, q):
        key = "date" if "date" in q else "ymd"
        d = datetime.date.fromisoformat((q.get(key) or ["2021-01-01"])[0])
        nxt = (d + datetime.timedelta(days=1)).isoformat()
        return html(page("政府信息公开年报日历", chrome(sid()) + '<p>%s</p><a href="?%s=%s">政府信息公开年报 %s</a>'
                         % (d, key, nxt, nxt), "政府信息公开年报"))
    routes.add("trap", r"/nbrl/(index|day)\.jsp", day)

    # a year/month calendar inside a report column: its year links read like year sub-columns
    def month(m, q):
        y, mo = int(m.group(1)), int(m.group(2))
        links = " ".join('<a href="/nbyl/%d/%02d/">%d年%d月</a>' % (y, i, y, i) for i in range(1, 13))
        return html(page("政府信息公开年报（按月查看）", chrome(sid()) + links +
                         ' <a href="/nbyl/%d/01/">%d年</a> <a href="/nbyl/%d/01/">%d年</a>' % (y + 1, y + 1, y - 1, y - 1),
                         "政府信息公开 &gt; 政府信息公开年报"))
    routes.add("trap", r"/nbyl/(\d{4})/(\d{2})/", month)

    # site search: every result page links further searches (robots.txt does not forbid it here)
    def search(m, q):
        word = (q.get("q") or q.get("searchword") or ["年报"])[0]
        more_q = "/search/?q=" + word + "1"
        return html(page("搜索结果", chrome(sid()) + '<p>%s</p><a href="%s">政府信息公开年报%s</a>' % (word, more_q, word)))
    for rx in (r"/search/", r"/was5/web/search", r"/jsearchfront/search\.do"):
        routes.add("trap", rx, search)

    for p, t, y in REPORTS + [ARCHIVE_REPORT]:
        routes.add("trap", p.replace(".", r"\."), lambda m, q, t=t, y=y: html(report(t, y)))
    write(root, "/robots.txt", "User-agent: *\nDisallow: /admin/\n")


def build_robots(dirs, routes):
    w = dirs["rbw"]
    write(w, "/robots.txt", "User-agent: *\nDisallow: /\n\nUser-agent: nianbao\nDisallow: /*/private/\n"
                            "Disallow: /*.pdf$\nDisallow: /*?print=\n")
    write(w, "/index.html", page("某镇", '<a href="/nb/index.html">政府信息公开年报</a>'))
    write(w, "/nb/index.html", page("政府信息公开年报", entries([
        ("/nb/2022/0101/1.html", "某镇2021年政府信息公开工作年度报告", "2022-01-01"),
        ("/nb/private/2.html", "某镇2020年政府信息公开工作年度报告", "2021-01-01"),
        ("/nb/files/3.pdf", "某镇2019年政府信息公开工作年度报告.pdf", "2020-01-01"),
        ("/nb/files/3b.pdf?v=2", "某镇2018年政府信息公开工作年度报告.pdf", "2019-01-01"),
        ("/nb/4.html?print=1", "某镇2017年政府信息公开工作年度报告", "2018-01-01")]), "政府信息公开年报"))
    write(w, "/nb/2022/0101/1.html", report("某镇2021年政府信息公开工作年度报告", 2021))
    write(w, "/nb/private/2.html", report("某镇2020年政府信息公开工作年度报告", 2020))
    write(w, "/nb/files/3.pdf", b"%PDF-1.4 forbidden")
    write(w, "/nb/files/3b.pdf", b"%PDF-1.4 allowed")
    write(w, "/nb/4.html", report("某镇2017年政府信息公开工作年度报告", 2017))
    for name in ("rb404", "rb500"):
        d = dirs[name]
        write(d, "/index.html", page("某乡", '<a href="/nb/index.html">政府信息公开年报</a>'))
        write(d, "/nb/index.html", page("政府信息公开年报", entries([
            ("/nb/2022/0101/1.html", "某乡2021年政府信息公开工作年度报告", "2022-01-01")]), "政府信息公开年报"))
        write(d, "/nb/2022/0101/1.html", report("某乡2021年政府信息公开工作年度报告", 2021))
    routes["rb500", "/robots.txt"] = lambda q: (500, {"Content-Type": "text/html"},
                                                b"<html><body>Internal Server Error</body></html>")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("traps")
    dirs = {k: str(root / k) for k in HOSTS}
    for d in dirs.values():
        os.makedirs(d)
    srv = SiteServer(dirs, HOSTS)
    routes = install(srv)
    urls = srv.start()
    try:
        build_trap(dirs["trap"], routes)
        build_robots(dirs, routes)
        res = runner.run_crawl(root / "out", {"urls": ",".join(urls[k] for k in HOSTS)})
        yield SimpleNamespace(urls=urls, log=list(srv.log), **res)
    finally:
        srv.stop()


def paths(world, site):
    return [unquote(r["path"]) for r in log_for(SimpleNamespace(log=world.log), site)]


def count(world, site, prefix):
    return sum(1 for p in paths(world, site) if urlsplit(p).path.startswith(prefix))


def docs(world):
    return [i for i in world.items if i["_type"] == "DocumentItem"]


# --- the crawl as a whole ------------------------------------------------------------------------
def test_crawl_ends_by_itself_with_everything_real_found(world):
    assert world.stats["finish_reason"] == "finished"
    got = {urlsplit(d["url"]).path for d in docs(world) if d["portal"] == world.urls["trap"]}
    assert {p for p, _, _ in REPORTS} <= got
    assert len(log_for(SimpleNamespace(log=world.log), "trap")) < 80   # ~20 real pages, a few trap probes


# --- session ids and URL variants -------------------------------------------------------------------
def test_session_ids_never_requested_and_each_page_fetched_once(world):
    seen = {}
    for p in paths(world, "trap"):
        low = p.lower()
        assert "sid=" not in low and "jsessionid" not in low and "phpsessid" not in low and "utm_" not in low, p
        assert "_=" not in urlsplit(p).query, p
        key = canonicalize("http://h" + p)
        seen[key] = seen.get(key, 0) + 1
    dup = {k: n for k, n in seen.items() if n > 1}
    assert not dup, dup
    assert seen[canonicalize("http://h/")] == 1 and seen[canonicalize("http://h/xxgk/")] == 1
    assert seen[canonicalize("http://h/xxgk/nb/")] == 1
    for p, _, _ in REPORTS:
        assert seen[canonicalize("http://h" + p)] == 1


@pytest.mark.parametrize("variant", [
    "http://x.gov.cn/xxgk/nb/index.html?sid=8b888252",
    "http://x.gov.cn/xxgk/nb/;jsessionid=0A1B2C3D",
    "http://x.gov.cn/xxgk/nb/index.html;JSESSIONID=0A1B2C3D?PHPSESSID=zz#top",
    "http://X.GOV.CN:80/xxgk/nb/index.htm?_=1700000000000",
    "http://x.gov.cn/xxgk/nb/index.shtml?utm_source=wx&r=0.8273645",
    "http://x.gov.cn/xxgk/nb/./index.html?ASPSESSIONIDQQ=ABCDEF",
    "http://x.gov.cn/xxgk/(S(lit3py55t21z5v55vlm25s55))/nb/",
])
def test_session_variants_canonicalize_to_one_url(variant):
    assert canonicalize(variant) == "http://x.gov.cn/xxgk/nb/"
    assert "sid" not in clean_url(variant).lower() and "#" not in clean_url(variant)


def test_meaningful_query_parameters_survive():
    # ids, pages and column numbers name the document; only sessions and cache-busters go
    assert canonicalize("http://x/info.jsp?id=12&t=3") == "http://x/info.jsp?id=12&t=3"
    assert canonicalize("http://x/list.jsp?page=2&_=3") == "http://x/list.jsp?_=3&page=2"
    assert canonicalize("http://x/col/col1/index.html?uid=4454&pageNum=2") == "http://x/col/col1/?pageNum=2&uid=4454"


# --- traps ------------------------------------------------------------------------------------------
def test_endless_trs_pagination_bounded(world):
    n = count(world, "trap", "/xxgk/nb/index")   # index_N.html
    assert n <= TRAP_CAP
    # both real pages were read; the first echo page ends the walk
    assert count(world, "trap", "/xxgk/nb/index_1.html") == 1
    assert n <= 4, sorted(p for p in paths(world, "trap") if p.startswith("/xxgk/nb/index"))


def test_endless_query_pagination_bounded(world):
    rows = [p for p in paths(world, "trap") if p.startswith("/xxgk/bmnb/list.jsp")]
    assert 1 <= len(rows) <= 3, rows   # page 1, then one empty page ends it
    for p, _, _ in BMNB:
        assert count(world, "trap", p) == 1


def test_symlink_loop_bounded(world):
    n = count(world, "trap", "/xxgk/nb/archive/")
    assert 1 <= n <= 3
    assert count(world, "trap", ARCHIVE_REPORT[0]) == 1


def test_growing_path_bounded(world):
    assert count(world, "trap", "/xxgk/nb/more/") <= 8


def test_calendars_bounded(world):
    assert count(world, "trap", "/nbrl/") == 0            # date-parameter pages are never requested
    assert count(world, "trap", "/nbyl/") <= 3            # a year/month archive: at most a probe


def test_site_search_never_requested(world):
    for prefix in ("/search", "/was5/", "/jsearchfront/"):
        assert count(world, "trap", prefix) == 0, prefix


def test_traps_counted_in_portal_stats(world):
    st = world.portal_stats[world.urls["trap"]]
    assert st["dropped"].get("trap", 0) >= 5
    assert st["requests"] == len(log_for(SimpleNamespace(log=world.log), "trap"))
    assert st["budget_exhausted"] is False


@pytest.mark.parametrize("url, word", [
    ("http://x/was5/web/search?channelid=200&searchword=nb", "search"),
    ("http://x/jsearchfront/search.do?websiteid=1&q=nb", "search"),
    ("http://x/nbrl/day.jsp?ymd=2021-01-01", "date-parameter"),
    ("http://x/list.jsp?riqi=2021/01/01&col=3", "date-parameter"),
    ("http://x/nbyl/2021/01/", "month archive"),
    ("http://x/xxgk/nb/2021-01/index.html", "month archive"),
    ("http://x/nb/day/2021-01-02.html", "date page"),
    ("http://x/more/1/2/3/4/5/", "generated numeric path"),
])
def test_more_trap_shapes(url, word):
    why = looks_like_trap(url)
    assert why and word in why, why


@pytest.mark.parametrize("url", [
    "http://x/xxgk/nb/202103/t20210315_3004.html",   # TRS month directories hold articles
    "http://x/art/2021/1/22/art_202_31.html",        # jcms date directories too
    "http://x/html/zwgk/ndbg/2021/0311/4466881.htm",
    "http://x/xxgk/nb/2021/",                        # a year sub-column
    "http://x/info.jsp?id=20210101",                 # an id that happens to look like a date
    "http://x/nb/2021.html",                         # a year's page
    "http://x/zwgk/2021/03/11/12345/",               # three date segments and an id
])
def test_article_paths_with_dates_are_not_calendars(url):
    assert looks_like_trap(url) is None


def test_pagination_links_skip_session_variants_of_the_same_page():
    raw = ('<html><body><div class="page"><a href="index_1.html?sid=a">2</a> <a href="index_1.html?sid=b">下一页</a>'
           ' <a href="index.html?sid=c">1</a></div></body></html>')
    got = pagination_links(parse_html(raw), "http://x/nb/index.html", raw)
    assert [canonicalize(u) for u in got] == ["http://x/nb/index_1.html"]


# --- robots.txt --------------------------------------------------------------------------------------
def test_robots_wildcards_and_our_own_group(world):
    got = [urlsplit(p) for p in paths(world, "rbw")]
    requested = {u.path + ("?" + u.query if u.query else "") for u in got}
    for bad in ("/nb/private/2.html", "/nb/files/3.pdf", "/nb/4.html?print=1"):
        assert bad not in requested, bad
    assert {"/robots.txt", "/", "/nb/index.html", "/nb/2022/0101/1.html", "/nb/files/3b.pdf?v=2"} <= requested
    assert world.portal_stats[world.urls["rbw"]]["dropped"]["robots"] == 3


@pytest.mark.parametrize("site, status", [("rb404", 404), ("rb500", 500)])
def test_unavailable_robots_txt_means_no_restrictions(world, site, status):
    rows = log_for(SimpleNamespace(log=world.log), site)
    robots = [r for r in rows if r["path"] == "/robots.txt"]
    assert robots and all(r["status"] == status for r in robots)
    assert len(robots) <= 2                                   # asked again at most once, never hammered
    got = {urlsplit(d["url"]).path for d in docs(world) if d["portal"] == world.urls[site]}
    assert got == {"/nb/2022/0101/1.html"}
    rec = [i for i in world.items if i["_type"] == "FetchItem" and i["kind"] == "robots" and i["portal"] == world.urls[site]]
    assert rec and rec[-1]["status"] == status


# --- the list walk, as plain functions ------------------------------------------------------------
def test_list_page_key_knows_pages_of_one_list():
    from crawler.discovery import list_page_key
    assert list_page_key("http://x/nb/index_3.html") == ("http://x/nb/", 3)
    assert list_page_key("http://x/nb/index.html?sid=1") == ("http://x/nb/", 0)
    assert list_page_key("http://x/bm/list.jsp?page=4&col=2") == ("http://x/bm/list.jsp?col=2", 4)
    assert list_page_key("http://x/m/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15&columnid=1") == (
        "http://x/m/dataproxy.jsp?columnid=1&perpage=15", 46)
    assert list_page_key("http://x/nb/2022/0101/1.html")[1] == 0    # a bare number is a name, not a page


def test_list_walk_stops_after_a_page_with_nothing_new():
    from crawler.middlewares.budget import ListWalk
    w = ListWalk(max_pages=5)
    p = "http://x/"
    w.observe(p, "http://x/nb/", {"http://x/a", "http://x/b", "http://x/chrome"})
    assert w.admit(p, "http://x/nb/index_1.html") is None
    assert w.observe(p, "http://x/nb/index_1.html", {"http://x/c", "http://x/chrome"}) is True
    assert w.admit(p, "http://x/nb/index_2.html") is None
    assert w.observe(p, "http://x/nb/index_2.html", {"http://x/c", "http://x/chrome"}) is False   # an echo
    assert "ended" in w.admit(p, "http://x/nb/index_3.html")
    assert w.admit(p, "http://x/nb/") is None                     # the column itself is never held back
    # a late first page never ends a list; other lists and portals are not affected
    w.observe(p, "http://x/l.jsp?page=9", {"http://x/z"})
    w.observe(p, "http://x/l.jsp?page=1", {"http://x/z"})
    assert w.admit(p, "http://x/l.jsp?page=2") is None
    assert w.admit("http://y/", "http://x/nb/index_3.html") is None
    for n in range(3, 7):
        w.admit(p, "http://x/l.jsp?page=%d" % n)
    assert "cap" in w.admit(p, "http://x/l.jsp?page=8")          # 5 numbered pages of one list at most
