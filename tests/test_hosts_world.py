"""A world with real host names, crawled through an HTTP proxy (issue 10 parts 1, 2 and 8).

Two invented portals, served by nianbao.demo.server.SiteServer(proxy=True) under real-looking
names, reached only through the proxy given in the `nianbao crawl` subprocess's http_proxy:

* 澄江市 (www.chengjiang.gov.cn): its 信息公开 platform on xxgk.chengjiang.gov.cn (reached
  through a ``redirect.jsp?url=`` wrapper), its 教育局 on jyj.chengjiang.gov.cn; a 友情链接
  box to other governments, 中国政府网 and 政府网站找错 in the footer; a report page in
  GB18030 declared as gb2312; a report reached through a meta-refresh shell.
* 临溪县 (www.linxi.gov.cn): its 年报 column on the province platform xxgk.nanling.gov.cn/lxx/
  (another registrable domain, linked by the county's own 「政务公开」), which also holds the
  neighbouring county's /qtx/ directory; one report page outside the county's directory
  (/art/…, as jcms platforms keep articles), judged by the place it names against the
  county's name - which the portals file leaves out, so its homepage's title gives it; a soft 404 behind one report link, a script shell
  before another, the report's PDF on the platform's /uploads/; robots.txt of the platform
  forbids /lxx/private/ and asks a Crawl-delay.

Asserted: every request went through the proxy, none to a name no portal links, none outside
the admitted directory, none robots.txt forbids; the reports are found; the hosts admitted
are recorded with their links; the soft 404 is a failed fetch and no document.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from core.schema import CrawlRun, Document, Fetch, Portal, PortalHost
from nianbao.demo.server import SiteServer

HOSTS = {"cj": "www.chengjiang.gov.cn", "cjxx": "xxgk.chengjiang.gov.cn", "cjjy": "jyj.chengjiang.gov.cn",
         "lx": "www.linxi.gov.cn", "prov": "xxgk.nanling.gov.cn"}
# names the pages link that no site answers: a request for any of them is a leak
UNRELATED = ("www.gov.cn", "zfwzzc.www.gov.cn", "www.beihu.gov.cn", "www.donghai.gov.cn", "www.xishan.gov.cn",
             "www.adverts-example.com")

CHROME = ('<div class="top"><a href="/">首页</a> <a href="/news/">新闻动态</a></div>')
FOOTER = ('<div class="foot"><a href="http://www.gov.cn/">中国政府网</a> '
          '<a href="http://www.gov.cn/zhengce/xxgk/index.htm">国务院政府信息公开</a> '
          '<a href="http://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action">我为政府网站找错</a>'
          '<p>主办：{who} 地址：某路1号 电话：0000-1234567</p></div>')


def page(title, body, who="本站", charset="utf-8", head=""):
    return ('<!DOCTYPE html><html><head><meta charset="%s"><title>%s</title>%s</head><body>%s%s%s</body></html>'
            % (charset, title, head, CHROME, body, FOOTER.format(who=who)))


def report_text(place, body, year):
    return ("<h1>{p}{y}年政府信息公开工作年度报告</h1><p>发布时间：{d}-01-20</p>"
            "<p>本报告根据《中华人民共和国政府信息公开条例》要求，由{b}编制。全文包括总体情况、主动公开政府信息情况、"
            "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
            "本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。</p>"
            "<h2>一、总体情况</h2><p>{y}年，{b}认真贯彻落实政府信息公开工作要求，全年主动公开政府信息1234条。</p>"
            "<h2>二、收到和处理政府信息公开申请情况</h2><p>全年共收到政府信息公开申请56件，均已按时答复。</p>"
            "<h2>三、存在的主要问题及改进情况</h2><p>公开内容还不够全面，下一步将进一步规范公开工作。</p>"
            "<p style='text-align:right'>{b}</p><p style='text-align:right'>{d}年1月20日</p>"
            ).format(p=place, y=year, b=body, d=year + 1)


def write(root: Path, rel: str, text: str | bytes, headers: dict | None = None):
    path = root / rel.lstrip("/")
    if rel.endswith("/"):
        path = path / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    if headers:
        Path(str(path) + ".headers.json").write_text(json.dumps(headers), encoding="utf-8")


def pdf_report(path: Path, place: str, body: str, year: int):
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light", 12)
    lines = ["%s%d年政府信息公开工作年度报告" % (place, year),
             "本报告根据《中华人民共和国政府信息公开条例》要求，由%s编制。" % body,
             "统计期限自%d年1月1日起至%d年12月31日止。" % (year, year),
             "一、总体情况", "%d年，全年主动公开政府信息987条。" % year,
             "二、收到和处理政府信息公开申请情况", "全年共收到政府信息公开申请12件。",
             body, "%d年1月25日" % (year + 1)]
    y = 800
    for line in lines:
        c.drawString(60, y, line)
        y -= 24
    c.showPage()
    c.save()


def build(root: Path) -> dict[str, Path]:
    d = {k: root / k for k in HOSTS}
    for p in d.values():
        p.mkdir(parents=True)
    # --- 澄江市: platform and department on hosts of its own domain ----------------------------
    links = ('<div class="links"><h3>友情链接</h3><ul>'
             '<li><a href="http://www.beihu.gov.cn/">北湖市人民政府</a></li>'
             '<li><a href="http://www.donghai.gov.cn/zwgk/">东海市政府信息公开</a></li>'
             '<li><a href="http://www.xishan.gov.cn/">西山县人民政府</a></li></ul></div>')
    write(d["cj"], "/", page("澄江市人民政府", '<div class="nav"><a href="/redirect.jsp?url=http%3A%2F%2Fxxgk.'
                                          'chengjiang.gov.cn%2F">政府信息公开</a> <a href="/hdjl/">互动交流</a>'
                                          '<a href="http://www.adverts-example.com/?from=cj">旅游推介</a></div>'
                                          + links, "澄江市人民政府办公室"))
    write(d["cjxx"], "/", page("澄江市政府信息公开", '<div class="nav"><a href="/ndbg/">政府信息公开年报</a> '
                                                 '<a href="http://jyj.chengjiang.gov.cn/xxgk/">部门信息公开</a></div>'))
    # the 年报 column's address is a meta-refresh shell onto the list itself
    write(d["cjxx"], "/ndbg/", page("跳转", "", head='<meta http-equiv="refresh" content="0;url=/ndbg/list.html">'))
    write(d["cjxx"], "/ndbg/list.html", page("政府信息公开年报", '<div class="crumb">当前位置：首页 &gt; 政府信息公开年报</div>'
                                        '<ul><li><a href="/ndbg/202401/t20240120_11.html">澄江市2023年政府信息公开工作年度报告</a>'
                                        '<span>2024-01-20</span></li></ul>'))
    gb = page("澄江市2023年政府信息公开工作年度报告", report_text("澄江市", "澄江市人民政府办公室", 2023)
              .replace("全年主动公开", "（含䶮字号文件）全年主动公开"), charset="gb2312")
    write(d["cjxx"], "/ndbg/202401/t20240120_11.html", gb.encode("gb18030"), {"Content-Type": "text/html"})
    write(d["cjjy"], "/xxgk/", page("澄江市教育局信息公开", '<a href="/xxgk/ndbg/">信息公开年报</a>'))
    write(d["cjjy"], "/xxgk/ndbg/", page("年报", '<ul><li><a href="/xxgk/ndbg/t20240125_5.html">澄江市教育局2023年'
                                               '政府信息公开工作年度报告</a><span>2024-01-25</span></li></ul>'))
    write(d["cjjy"], "/xxgk/ndbg/t20240125_5.html", page("澄江市教育局2023年政府信息公开工作年度报告",
                                                          report_text("澄江市教育局", "澄江市教育局", 2023)))
    # --- 临溪县: its 年报 column on the province platform ------------------------------------------
    write(d["lx"], "/", page("临溪县人民政府", '<div class="nav"><a href="http://xxgk.nanling.gov.cn/lxx/index.html">'
                                         '政务公开</a> <a href="/xwzx/">新闻中心</a></div>' + links, "临溪县人民政府办公室"))
    write(d["prov"], "/robots.txt", "User-agent: *\nDisallow: /lxx/private/\nCrawl-delay: 0.3\n")
    write(d["prov"], "/", page("南岭省政府信息公开平台", '<a href="/lxx/index.html">临溪县</a><a href="/qtx/">青潭县</a>'))
    write(d["prov"], "/lxx/index.html", page("临溪县政府信息公开", '<div class="nav"><a href="/lxx/ndbg/">政府信息公开年报</a>'
                                            ' <a href="/lxx/private/ndbg/">内部年报</a>'
                                            ' <a href="/qtx/ndbg/">青潭县政府信息公开年报</a>'
                                            ' <a href="/">南岭省政府信息公开</a></div>'))
    write(d["prov"], "/lxx/ndbg/", page("政府信息公开年报", '<div class="crumb">当前位置：首页 &gt; 临溪县 &gt; 政府信息公开年报</div><ul>'
                                       '<li><a href="/art/2023/1/25/art_9_1.html">临溪县2022年政府信息公开工作年度报告</a>'
                                       '<span>2023-01-25</span></li>'
                                       '<li><a href="/lxx/ndbg/202201/t20220120_3.html">临溪县2021年政府信息公开工作年度报告</a>'
                                       '<span>2022-01-20</span></li>'
                                       '<li><a href="/lxx/ndbg/jump_2020.html">临溪县2020年政府信息公开工作年度报告</a>'
                                       '<span>2021-01-22</span></li></ul>'))
    write(d["prov"], "/art/2023/1/25/art_9_1.html", page(
        "临溪县2022年政府信息公开工作年度报告", "<h1>临溪县2022年政府信息公开工作年度报告</h1><p>发布时间：2023-01-25</p>"
        '<p>附件：<a href="/uploads/lxx/2023/lxx_2022_report.pdf">临溪县2022年政府信息公开工作年度报告.pdf</a></p>'))
    (d["prov"] / "uploads" / "lxx" / "2023").mkdir(parents=True)
    pdf_report(d["prov"] / "uploads" / "lxx" / "2023" / "lxx_2022_report.pdf", "临溪县", "临溪县人民政府办公室", 2022)
    # a soft 404: 200, full chrome, 「您访问的页面不存在」
    write(d["prov"], "/lxx/ndbg/202201/t20220120_3.html", page("南岭省政府信息公开平台",
                                                                '<div class="err"><p>对不起，您访问的页面不存在或已被删除！</p>'
                                                                '<a href="/lxx/index.html">返回首页</a></div>'))
    write(d["prov"], "/lxx/ndbg/jump_2020.html", '<html><head><script>window.location.href="/lxx/ndbg/202101/'
                                                 't20210122_2.html";</script></head><body></body></html>')
    write(d["prov"], "/lxx/ndbg/202101/t20210122_2.html", page("临溪县2020年政府信息公开工作年度报告",
                                                                report_text("临溪县", "临溪县人民政府办公室", 2020)))
    write(d["prov"], "/lxx/private/ndbg/", page("内部", '<a href="/lxx/private/ndbg/x.html">临溪县2019年政府信息公开工作年度报告</a>'))
    write(d["prov"], "/qtx/ndbg/", page("青潭县政府信息公开年报", '<a href="/qtx/ndbg/t20230120_1.html">青潭县2022年政府信息公开工作年度报告</a>'))
    write(d["prov"], "/qtx/ndbg/t20230120_1.html", page("青潭县2022年政府信息公开工作年度报告",
                                                         report_text("青潭县", "青潭县人民政府办公室", 2022)))
    return d


def run_nianbao(env, *args):
    return subprocess.run([sys.executable, "-m", "nianbao.cli", *args], capture_output=True, text=True,
                          timeout=600, env=env)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hosts")
    dirs = build(tmp / "site")
    server = SiteServer({k: str(v) for k, v in dirs.items()}, HOSTS, proxy=True)
    urls = server.start()
    portals = tmp / "portals.csv"
    portals.write_text("url,name\n%s,澄江市人民政府\n%s,\n" % (urls["cj"], urls["lx"]), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(http_proxy=server.proxy_url, HTTP_PROXY=server.proxy_url, https_proxy=server.proxy_url,
               no_proxy="", PYTHONPATH=os.pathsep.join(p for p in (str(Path(__file__).resolve().parents[1]),
                                                                  env.get("PYTHONPATH")) if p))
    db = "sqlite:///%s" % (tmp / "hosts.db")
    try:
        crawl = run_nianbao(env, "crawl", "--portals", str(portals), "--db", db, "--warc-dir", str(tmp / "warc"),
                            "--log-level", "INFO")
    finally:
        server.stop()
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    export = run_nianbao(env, "export", "--db", db, "--out", str(tmp / "out"))
    assert export.returncode == 0, export.stderr[-3000:]
    with open(tmp / "out" / "reports.jsonl", encoding="utf-8") as f:
        reports = [json.loads(line) for line in f]
    engine = create_engine(db)
    with Session(engine) as s:
        summary = s.scalars(select(CrawlRun)).one().summary
        fetches = [(f.url, f.status, f.error) for f in s.scalars(select(Fetch))]
        documents = [d.url for d in s.scalars(select(Document))]
        hosts = {(p.start_url, h.host): (h.how, h.prefixes, h.link_text)
                 for h, p in s.execute(select(PortalHost, Portal).join(Portal, Portal.id == PortalHost.portal_id))}
    engine.dispose()
    return {"urls": urls, "log": list(server.log), "reports": reports, "summary": summary, "fetches": fetches,
            "documents": documents, "hosts": hosts, "stderr": crawl.stderr}


def test_every_request_went_through_the_proxy_to_a_host_a_portal_links(world):
    log = world["log"]
    assert log, world["stderr"][-2000:]
    assert [e for e in log if e["site"] is None] == []          # no name no portal links
    assert not {e["host"] for e in log} & set(UNRELATED)
    assert {e["host"] for e in log} == set(HOSTS.values())
    # the spider's own count of requests sent is the proxy's: none went around it
    sent = sum(p["requests"] for p in world["summary"]["portals"].values())
    assert sent == len(log)
    assert not any("dns" in (err or "").lower() for _, _, err in world["fetches"])


def test_the_province_platform_is_crawled_only_under_the_directory_the_county_linked(world):
    prov = [e["path"] for e in world["log"] if e["host"] == HOSTS["prov"]]
    assert "/lxx/index.html" in prov
    outside = [p for p in prov if not p.startswith(("/lxx/", "/robots.txt", "/uploads/"))]
    # not /, not the neighbour's /qtx/: only the county's own report, linked from its column
    assert outside == ["/art/2023/1/25/art_9_1.html"]
    assert not [p for p in prov if p.startswith("/lxx/private/")]   # robots.txt forbids it
    assert [p for p in prov if p.startswith("/uploads/")] == ["/uploads/lxx/2023/lxx_2022_report.pdf"]


def test_crawl_delay_of_the_platform_holds_per_host(world):
    times = [e["t"] for e in world["log"] if e["host"] == HOSTS["prov"] and e["path"] != "/robots.txt"]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(gaps) >= 4 and min(gaps) >= 0.25, gaps


def test_wrapped_links_are_followed_to_their_destination(world):
    cj = [e["path"] for e in world["log"] if e["host"] == HOSTS["cj"]]
    assert not [p for p in cj if p.startswith("/redirect.jsp")]
    assert any(e["host"] == HOSTS["cjxx"] and e["path"] == "/" for e in world["log"])


def test_the_reports_are_found_and_belong_to_the_portal_that_linked_them(world):
    by_title = {r["title"]: r for r in world["reports"]}
    cj, lx = world["urls"]["cj"], world["urls"]["lx"]
    want = {"澄江市2023年政府信息公开工作年度报告": cj, "澄江市教育局2023年政府信息公开工作年度报告": cj,
            "临溪县2022年政府信息公开工作年度报告": lx, "临溪县2020年政府信息公开工作年度报告": lx}
    assert {t: by_title[t]["portal"] for t in want if t in by_title} == want, sorted(by_title)
    assert not [t for t in by_title if "青潭县" in t or "2021年" in t or "2019年" in t]
    gb = by_title["澄江市2023年政府信息公开工作年度报告"]
    assert "䶮" in gb["text"] and "\ufffd" not in gb["text"]       # GB18030 beyond GB2312, read right
    shell = by_title["临溪县2020年政府信息公开工作年度报告"]
    assert "/lxx/ndbg/jump_2020.html" in " ".join(shell["urls"]) or shell["url"].endswith("t20210122_2.html")


def test_a_soft_404_is_a_failed_fetch_and_no_document(world):
    url = "http://%s/lxx/ndbg/202201/t20220120_3.html" % HOSTS["prov"]
    assert url not in world["documents"]
    rows = [(status, err) for u, status, err in world["fetches"] if u == url]
    assert rows and all(err and "soft 404" in err for _, err in rows), rows
    assert world["summary"]["portals"][world["urls"]["lx"]]["errors"].get("soft_404") == 1


def test_admitted_hosts_are_recorded_with_the_link_that_admitted_them(world):
    portals = world["summary"]["portals"]
    cj, lx = portals[world["urls"]["cj"]], portals[world["urls"]["lx"]]
    assert cj["hosts"][HOSTS["cjxx"]]["how"] == "same_domain"
    assert cj["hosts"][HOSTS["cjjy"]]["text"] == "部门信息公开"
    grant = lx["hosts"][HOSTS["prov"]]
    assert (grant["how"], grant["prefixes"], grant["text"], grant["via"]) == (
        "disclosure_link", ["/lxx/"], "政务公开", world["urls"]["lx"])
    refused = {**cj["hosts_refused"], **lx["hosts_refused"]}
    assert {"www.gov.cn", "www.donghai.gov.cn"} <= set(refused)
    assert HOSTS["prov"] not in cj["hosts"]


# --- nothing goes around the proxy --------------------------------------------------------------
ROOT = Path(__file__).resolve().parents[1]
# ways Python code could open a connection of its own, past Scrapy's HttpProxyMiddleware
AROUND = ("urlopen", "urllib.request", "http.client", "import requests", "import httpx", "import aiohttp",
          "create_connection", "socket.socket", "getaddrinfo", "gethostbyname", "HTTPPROXY_ENABLED",
          "HttpProxyMiddleware\": None", "proxy_bypass", "os.environ.pop(\"http", "trust_env")
# the loopback test/demo server is a server, not a client
SERVERS = {"nianbao/demo/server.py"}


def test_no_code_opens_a_connection_of_its_own():
    found = []
    for pkg in ("core", "crawler", "pipelines", "nianbao"):
        for path in sorted((ROOT / pkg).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in SERVERS:
                continue
            text = path.read_text(encoding="utf-8")
            found += ["%s: %s" % (rel, w) for w in AROUND if w in text]
    assert found == []


def test_the_project_keeps_scrapys_proxy_middleware():
    from crawler import settings

    assert "scrapy.downloadermiddlewares.httpproxy.HttpProxyMiddleware" not in settings.DOWNLOADER_MIDDLEWARES
    assert getattr(settings, "HTTPPROXY_ENABLED", True) is True


def test_admitted_hosts_are_on_record_in_the_database(world):
    cj, lx = world["urls"]["cj"], world["urls"]["lx"]
    assert world["hosts"][(lx, HOSTS["prov"])] == ("disclosure_link", ["/lxx/"], "政务公开")
    assert world["hosts"][(cj, HOSTS["cjjy"])][0] == "same_domain"
    assert {h for _, h in world["hosts"]} == {HOSTS["prov"], HOSTS["cjxx"], HOSTS["cjjy"]}
