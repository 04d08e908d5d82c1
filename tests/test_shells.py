"""Pages that lie (crawler.shells): soft 404s, redirect shells, link wrappers; and the spider
meeting them over loopback (a soft 404 is a failed fetch, a shell is a redirect hop)."""
import os
import sys

import pytest

from crawler.discovery import parse_html
from crawler.shells import own_text, shell_target, soft_404, unwrap_link
from nianbao.demo.server import SiteServer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "fixtures", "crawl"))
import crawl_runner  # noqa: E402

URL = "http://www.hexi.gov.cn/zwgk/ndbg/t1.html"
MENU = "".join('<li><a href="/c%d/">栏目%d</a></li>' % (i, i) for i in range(40))
FOOT = "<div class='ft'><p>版权所有：河西区人民政府办公室 地址：河西区人民路18号 电话：0000-88886666 备案号：X ICP备00000000号</p></div>"


def html(title, body, head=""):
    return parse_html("<html><head><title>%s</title>%s</head><body>%s</body></html>" % (title, head, body))


@pytest.mark.parametrize("title, body", [
    ("404", "<p>Not Found</p>"),                                                  # a bare server page
    ("页面不存在_河西区人民政府", "<ul>%s</ul><p>请检查地址</p>%s" % (MENU, FOOT)),   # the title says so
    ("河西区人民政府", "<ul>%s</ul><div class='e'><img src='404.png'><p>对不起，您访问的页面不存在或已被删除！</p>"
                 "<a href='/'>返回首页</a></div>%s" % (MENU, FOOT)),          # full chrome, the wording says so
    ("河西区人民政府", "<p>抱歉，找不到您要访问的页面</p>"),
    ("提示", "<div><h2>404</h2><p>Page not found</p></div>"),
    ("信息提示", "<p>该信息已撤销</p>"),
    ("河西区人民政府", "<div>出错了</div>"),                                      # tiny: any error word
])
def test_soft_404s_are_told_by_their_title_wording_and_size(title, body):
    assert soft_404(html(title, body))


@pytest.mark.parametrize("title, body", [
    ("河西区2022年政府信息公开工作年度报告", "<p>%s</p>" % ("本报告根据《条例》编制。全年收到申请12件，其中信息不存在的3件，"
                                          "答复“本机关不存在该信息”。" * 20)),          # a report that says 不存在
    ("政府信息公开年报", "<ul>%s</ul>%s" % (MENU, FOOT)),                            # a column, all links
    ("河西区人民政府", "<p>欢迎访问</p>"),                                            # tiny but no error
    ("政府信息公开年报", "<ul>%s</ul><div id='list'>未找到相关信息</div>" % MENU),    # a list its script fills
])
def test_real_pages_are_not_soft_404s(title, body):
    assert soft_404(html(title, body)) is None


def test_own_text_leaves_menus_and_scripts_out():
    root = html("t", "<ul>%s</ul><script>var a='页面不存在';</script><p>正文</p>" % MENU)
    assert own_text(root) == "正文"


@pytest.mark.parametrize("body, head, target, how", [
    ("", '<script>window.location.href="/zwgk/ndbg/2022.html";</script>', "http://www.hexi.gov.cn/zwgk/ndbg/2022.html",
     "script location"),
    ("<p>页面跳转中…</p><script>setTimeout(\"location.href='http://xxgk.hexi.gov.cn/'\",2000)</script>", "",
     "http://xxgk.hexi.gov.cn/", "script location"),
    ("<script>top.location.replace('../2021/a.html')</script>", "", "http://www.hexi.gov.cn/zwgk/2021/a.html",
     "script location"),
    ("<p>您即将离开本网站，进入：</p><a href='http://xxgk.hexi.gov.cn/hx/'>http://xxgk.hexi.gov.cn/hx/</a>", "",
     "http://xxgk.hexi.gov.cn/hx/", "interstitial page"),
])
def test_redirect_shells_give_their_target(body, head, target, how):
    assert shell_target(html("跳转", body, head), URL) == (target, how)


@pytest.mark.parametrize("body", [
    "<p>%s</p><script>location.href='/x.html'</script>" % ("正文内容" * 80),      # a page with content of its own
    "<ul>%s</ul><script>if(m)location.href='/m/';</script>" % MENU,               # a page of links (mobile switch)
    "<p>点击进入</p><a href='/a/'>a</a><a href='/b/'>b</a>",                        # two ways on: a menu
    "<script>window.location.href='%s';</script>" % URL,                          # itself
    "<a href='/index.html'>进入主站</a><script>if(/iPhone|Android/.test(navigator.userAgent))"
    "{window.location.href='/m/';}</script>",                                      # a mobile switch on a splash
])
def test_pages_with_something_of_their_own_are_no_shells(body):
    assert shell_target(html("x", body), URL) is None


@pytest.mark.parametrize("url, dest", [
    ("http://www.hexi.gov.cn/redirect.jsp?url=http%3A%2F%2Fxxgk.hexi.gov.cn%2Fhx%2F", "http://xxgk.hexi.gov.cn/hx/"),
    ("http://www.hexi.gov.cn/link.do?target=http://jyj.hexi.gov.cn/", "http://jyj.hexi.gov.cn/"),
    ("http://www.hexi.gov.cn/jump.aspx?goto=/zwgk/ndbg/", "http://www.hexi.gov.cn/zwgk/ndbg/"),
    ("http://www.hexi.gov.cn/zwgk/index.jsp?url=/a/", None),            # a relative value on an ordinary page
    ("http://www.hexi.gov.cn/zwgk/list.jsp?page=2", None),
    ("http://www.hexi.gov.cn/redirect.jsp?url=javascript:alert(1)", None),
])
def test_link_wrappers_are_unwrapped(url, dest):
    assert unwrap_link(url) == dest


# --- the spider over loopback ------------------------------------------------------------------
def page(title, body):
    return ("<html><head><meta charset='utf-8'><title>%s</title></head><body>%s</body></html>" % (title, body)).encode()


def report(title, year):
    text = ("本报告根据《中华人民共和国政府信息公开条例》要求编制。%d年全年主动公开政府信息321条，"
            "收到政府信息公开申请9件。" % year) * 6
    return page(title, "<h1>%s</h1><p>发布时间：%d-01-20</p><p>%s</p>" % (title, year + 1, text))


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("shells")
    files = {
        "/index.html": page("河西区人民政府", '<a href="/zwgk/ndbg/">政府信息公开年报</a>'),
        "/zwgk/ndbg/index.html": page("政府信息公开年报", "<div>当前位置：首页 &gt; 政府信息公开年报</div><ul>"
                                     "<li><a href='/zwgk/ndbg/t2023_1.html'>河西区2022年政府信息公开工作年度报告</a>"
                                     "<span>2023-01-20</span></li>"
                                     "<li><a href='/zwgk/ndbg/go_2021.html'>河西区2021年政府信息公开工作年度报告</a>"
                                     "<span>2022-01-20</span></li></ul>"),
        "/zwgk/ndbg/t2023_1.html": page("河西区人民政府", "<p>对不起，您访问的页面不存在！</p>"),
        "/zwgk/ndbg/go_2021.html": b"<html><script>location.href='/zwgk/ndbg/2022/t2022_7.html'</script></html>",
        "/zwgk/ndbg/2022/t2022_7.html": report("河西区2021年政府信息公开工作年度报告", 2021),
    }
    for path, body in files.items():
        fs = root / "hx" / path.lstrip("/")
        fs.parent.mkdir(parents=True, exist_ok=True)
        fs.write_bytes(body)
    srv = SiteServer({"hx": str(root / "hx")}, {"hx": "127.0.0.131"})
    urls = srv.start()
    try:
        items, final = crawl_runner.run_crawl(root, {"urls": urls["hx"]})
        yield items, final["portal_stats"][urls["hx"]], urls["hx"], list(srv.log)
    finally:
        srv.stop()


def test_a_soft_404_is_a_failed_fetch_never_a_document(crawled):
    items, stats, base, _ = crawled
    url = base + "zwgk/ndbg/t2023_1.html"
    assert not [i for i in items if i["_type"] == "DocumentItem" and url in (i["url"], i["final_url"])]
    fetch = [i for i in items if i["_type"] == "FetchItem" and i["url"] == url]
    assert len(fetch) == 1 and fetch[0]["status"] == 200 and fetch[0]["error"].startswith("soft 404")
    assert stats["errors"]["soft_404"] == 1


def test_a_script_shell_is_followed_as_a_redirect_and_on_record(crawled):
    items, stats, base, log = crawled
    docs = [i for i in items if i["_type"] == "DocumentItem"]
    assert len(docs) == 1
    doc = docs[0]
    assert doc["url"] == base + "zwgk/ndbg/go_2021.html"            # the address the list gave
    assert doc["final_url"] == base + "zwgk/ndbg/2022/t2022_7.html"
    assert doc["redirect_urls"] == [base + "zwgk/ndbg/go_2021.html"]
    assert stats["redirect_shells"] == 1
    assert [e["path"] for e in log].count("/zwgk/ndbg/2022/t2022_7.html") == 1


def test_a_report_whose_page_turns_into_a_soft_404_is_gone(tmp_path):
    """Stored in one run, 「您访问的页面不存在」 with 200 the next: the report is gone, as after a 404."""
    import sqlite3

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "fixtures", "traps"))
    import runner   # the traps runner: the project's own pipelines, a real database

    site = tmp_path / "hx"
    files = {"/index.html": page("河西区人民政府", '<a href="/zwgk/ndbg/">政府信息公开年报</a>'),
             "/zwgk/ndbg/index.html": page("政府信息公开年报", "<div>当前位置：首页 &gt; 政府信息公开年报</div><ul>"
                                          "<li><a href='/zwgk/ndbg/t2023_1.html'>河西区2022年政府信息公开工作年度报告</a>"
                                          "<span>2023-01-20</span></li></ul>"),
             "/zwgk/ndbg/t2023_1.html": report("河西区2022年政府信息公开工作年度报告", 2022)}
    for path, body in files.items():
        fs = site / path.lstrip("/")
        fs.parent.mkdir(parents=True, exist_ok=True)
        fs.write_bytes(body)
    srv = SiteServer({"hx": str(site)}, {"hx": "127.0.0.132"})
    urls = srv.start()
    db = tmp_path / "db.sqlite"
    settings = {"NIANBAO_DB_URL": "sqlite:///%s" % db}
    try:
        runner.run_crawl(tmp_path / "run1", {"urls": urls["hx"]}, settings, pipelines="project")
        with sqlite3.connect(db) as c:
            assert c.execute("SELECT status FROM reports").fetchall() == [("live",)]
        (site / "zwgk/ndbg/t2023_1.html").write_bytes(page("河西区人民政府", "<p>对不起，您访问的页面不存在！</p>"))
        runner.run_crawl(tmp_path / "run2", {"urls": urls["hx"]}, settings, pipelines="project")
    finally:
        srv.stop()
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT status, version FROM reports").fetchall() == [("gone", 1)]
        errors = [e for (e,) in c.execute("SELECT error FROM fetches WHERE url LIKE '%t2023_1.html'")]
    assert errors[0] is None and errors[-1].startswith("soft 404")
