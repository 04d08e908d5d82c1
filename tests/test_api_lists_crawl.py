"""Lists that exist only behind APIs, in a real crawl: two portals under real host names behind
the loopback HTTP proxy (SiteServer(proxy=True)):

* www.tyx.gov.cn - a Hanweb jcms column whose records come only from POST
  /module/web/jpage/dataproxy.jsp?startrecord=…&endrecord=…&perpage=… with the column's form
  fields read from the page's jpage script, answering <datastore> XML with <totalrecord>;
  a GET of the proxy is refused (405).
* zwgk.hsq.gov.cn - a 年报 column showing page 1 itself and pages 2… from a JSON API posted a
  JSON body (pageNo / pageSize, records under data.records, data.pages) ("动静结合"), and a 部门
  年报 column filled only from a form POST (page / rows, records under rows with a name and an
  id the page's render code builds the address from, length as total).

Crawled with the project's pipelines into SQLite + WARC; once more with a list-page cap of 1."""
from __future__ import annotations

import json
import math
import os
import sys
import threading
from types import SimpleNamespace
from urllib.parse import parse_qs

import pytest
from warcio.archiveiterator import ArchiveIterator

from nianbao.demo.server import SiteServer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "fixtures", "traps"))
import runner  # noqa: E402
from world import HTML, entries, page, report  # noqa: E402

HOSTS = {"tyx": "www.tyx.gov.cn", "hsq": "zwgk.hsq.gov.cn"}
ROBOTS = b"User-agent: *\nDisallow:\n"
JSON_TYPE = "application/json;charset=UTF-8"


def title(body, year):
    return "%s%d年政府信息公开工作年度报告" % (body, year)


# --- www.tyx.gov.cn: jcms, records only from POST dataproxy.jsp ------------------------------------------
JCMS_TOTAL, JCMS_PER = 33, 5
JCMS_REPORTS = {3: 2021, 17: 2020, 32: 2019}   # record number -> year reported on


def jcms_record(n):
    if n in JCMS_REPORTS:
        y = JCMS_REPORTS[n]
        return ('<li><a href="/art/%d/1/20/art_4521_%d.html" title="%s">%s</a><span>%d-01-20</span></li>'
                % (y + 1, n, title("太阳县", y), title("太阳县", y), y + 1))
    return '<li><a href="/art/2023/3/1/art_4521_%d.html">关于做好第%d批惠民资金发放工作的公示</a><span>2023-03-01</span></li>' % (n, n)


JCMS_COLUMN = page("政府信息公开年报", """<div class="list"><div id="60211"></div></div>
<script type="text/javascript" src="/module/jslib/jquery/jpage/jquery.page.min.js"></script>
<script type="text/javascript">
$(function () {
  var jcmsParams = {col: 1, appid: 1, webid: 3, path: '/', columnid: 4521, sourceContentType: 1,
                    unitid: '60211', webname: '太阳县人民政府', permissiontype: 0};
  $('#60211').jpage({ proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: %d, params: jcmsParams,
                      groupSize: 3, barPosition: 'bottom', dataBefore: '<ul>', dataAfter: '</ul>' });
});
</script>""" % JCMS_PER, "政府信息公开 &gt; 政府信息公开年报")


def dataproxy(log):
    def route(req):
        form = {k: v[0] for k, v in parse_qs(req.body.decode()).items()}
        log.append((req.method, dict(req.query and {k: v[0] for k, v in req.query.items()}), form))
        if req.method != "POST":
            return 405, {"Content-Type": "text/plain"}, b"POST only"
        if form.get("columnid") != "4521" or form.get("unitid") != "60211" or form.get("webid") != "3":
            return 200, {"Content-Type": "text/xml"}, b"<datastore><totalrecord>0</totalrecord></datastore>"
        start, end = int(req.query["startrecord"][0]), int(req.query["endrecord"][0])
        recs = "".join("<record><![CDATA[%s]]></record>" % jcms_record(n)
                       for n in range(start, min(end, JCMS_TOTAL) + 1))
        body = ("<?xml version='1.0' encoding='UTF-8'?><datastore><totalrecord>%d</totalrecord>"
                "<recordset>%s</recordset></datastore>" % (JCMS_TOTAL, recs))
        return 200, {"Content-Type": "text/xml;charset=UTF-8"}, body.encode()
    return route


# --- zwgk.hsq.gov.cn: a JSON-body API behind a static first page, a form API --------------------------
NB = [(2022 - i, "/gknb/%d01/t%d_%d.html" % (2023 - i, 2023 - i, 100 + i)) for i in range(6)]  # 2022 … 2017
NB_SIZE = 2


def nb_link(year, url):
    return url, title("黄沙区", year - 1 if False else year), "%d-01-25" % (year + 1)


NB_COLUMN = page("政府信息公开年报", entries([nb_link(y, u) for y, u in NB[:NB_SIZE]]) + """
<div class="pager">共3页 <a href="javascript:void(0)" onclick="loadPage(2)">下一页</a></div>
<script>
  function loadPage(p) {
    $.ajax({ url: "/api/content/page", type: "POST", contentType: "application/json;charset=UTF-8",
             data: JSON.stringify({ channelCode: "gknb", siteId: 7, pageNo: p, pageSize: %d }),
             success: function (res) { renderList(res.data.records); } });
  }
</script>""" % NB_SIZE, "政务公开 &gt; 政府信息公开年报")


def content_api(log):
    def route(req):
        log.append((req.method, req.headers.get("Content-Type"), req.body))
        try:
            q = json.loads(req.body)
        except ValueError:
            return 400, {"Content-Type": JSON_TYPE}, b'{"code":400}'
        if req.method != "POST" or q.get("channelCode") != "gknb" or q.get("siteId") != 7:
            return 200, {"Content-Type": JSON_TYPE}, b'{"code":200,"data":{"total":0,"records":[]}}'
        p, size = int(q["pageNo"]), int(q["pageSize"])
        recs = [{"id": i, "title": title("黄沙区", y), "url": u, "publishTime": "%d-01-25 09:00:00" % (y + 1)}
                for i, (y, u) in enumerate(NB[(p - 1) * size:p * size])]
        return 200, {"Content-Type": JSON_TYPE}, json.dumps(
            {"code": 200, "msg": "ok", "data": {"total": len(NB), "pages": math.ceil(len(NB) / size), "current": p,
                                                "records": recs}}, ensure_ascii=False).encode()
    return route


DEPTS = ["区教育局", "区卫生健康委员会", "区民政局", "区司法局"]
BM_COLUMN = page("部门信息公开年报", """<div id="bmnb-list"></div>
<script>
  var cid = 'bmnb';
  $(document).ready(function () {
    $.post('/common/search/list', { cid: cid, page: 1, rows: 3 }, function (data) {
      var html = '';
      $.each(data.rows, function (i, r) {
        html += '<li><a href="/bmnb/2022/bm' + r.infoId + '.html">' + r.name + '</a><span>' + r.pubDate + '</span></li>';
      });
      $('#bmnb-list').html(html);
    }, 'json');
  });
</script>""", "政务公开 &gt; 部门信息公开年报")


def search_api(log):
    def route(req):
        form = {k: v[0] for k, v in parse_qs(req.body.decode()).items()}
        log.append((req.method, req.headers.get("Content-Type"), form))
        if req.method != "POST" or form.get("cid") != "bmnb":
            return 405, {"Content-Type": "text/plain"}, b"no"
        p, rows = int(form["page"]), int(form["rows"])
        items = [{"name": "黄沙%s2021年政府信息公开工作年度报告" % d, "infoId": i,   # (the page builds the address)
                  "pubDate": "2022-01-2%d" % i} for i, d in enumerate(DEPTS)]
        return 200, {"Content-Type": JSON_TYPE}, json.dumps(
            {"total": len(items), "rows": items[(p - 1) * rows:p * rows]}, ensure_ascii=False).encode()
    return route


def build(srv, root):
    logs = {"proxy": [], "content": [], "search": []}
    files = {
        "tyx": {"/robots.txt": ROBOTS,
                "/index.html": page("太阳县人民政府", '<a href="/col/col4521/index.html">政府信息公开年报</a>'),
                "/col/col4521/index.html": JCMS_COLUMN},
        "hsq": {"/robots.txt": ROBOTS,
                "/index.html": page("黄沙区人民政府", '<a href="/gknb/index.html">政府信息公开年报</a> '
                                                     '<a href="/bmnb/index.html">部门信息公开年报</a>'),
                "/gknb/index.html": NB_COLUMN, "/bmnb/index.html": BM_COLUMN}}
    for n, y in JCMS_REPORTS.items():
        files["tyx"]["/art/%d/1/20/art_4521_%d.html" % (y + 1, n)] = report(title("太阳县", y), y)
    for y, u in NB:
        files["hsq"][u] = report(title("黄沙区", y), y)
    for i, d in enumerate(DEPTS):
        files["hsq"]["/bmnb/2022/bm%d.html" % i] = report("黄沙%s2021年政府信息公开工作年度报告" % d, 2021)
    for site, pages in files.items():
        for path, body in pages.items():
            fs = os.path.join(root, site, path.lstrip("/"))
            os.makedirs(os.path.dirname(fs), exist_ok=True)
            with open(fs, "wb") as f:
                f.write(body if isinstance(body, bytes) else body.encode())
    srv.route_request("tyx", "/module/web/jpage/dataproxy.jsp", dataproxy(logs["proxy"]))
    srv.route_request("hsq", "/api/content/page", content_api(logs["content"]))
    srv.route_request("hsq", "/common/search/list", search_api(logs["search"]))
    return logs


def crawl_world(root, settings, sites=("tyx", "hsq")):
    dirs = {k: str(root / k) for k in HOSTS}
    srv = SiteServer(dirs, HOSTS, proxy=True)
    logs = build(srv, str(root))
    urls = srv.start()
    old = os.environ.get("http_proxy")
    os.environ["http_proxy"] = srv.proxy_url
    try:
        res = runner.run_crawl(root / "run", {"urls": ",".join(urls[s] for s in sites)},
                               dict(settings, NIANBAO_DB_URL="sqlite:///%s" % (root / "api.db")), pipelines="project")
        return SimpleNamespace(res=res, log=list(srv.log), logs=logs, root=root)
    finally:
        if old is None:
            os.environ.pop("http_proxy", None)
        else:
            os.environ["http_proxy"] = old
        srv.stop()


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    root = tmp_path_factory.mktemp("apis")
    return crawl_world(root, {"NIANBAO_WARC_DIR": str(root / "warc")})


def docs(res, host):
    return sorted(i["url"].split(host, 1)[1] for i in res["items"] if i["_type"] == "DocumentItem" and host in i["url"])


def test_jcms_records_only_from_the_posted_dataproxy_are_found(crawl):
    assert docs(crawl.res, HOSTS["tyx"]) == sorted("/art/%d/1/20/art_4521_%d.html" % (y + 1, n)
                                                   for n, y in JCMS_REPORTS.items())
    # three record groups of 15 (perPage 5, three pages a request), all POSTed with the column's fields
    assert sorted((m, int(q["startrecord"]), q["endrecord"], q["perpage"]) for m, q, _ in crawl.logs["proxy"]) == [
        ("POST", 1, "15", "5"), ("POST", 16, "30", "5"), ("POST", 31, "45", "5")]
    assert all(f["webname"] == "太阳县人民政府" and f["path"] == "/" for _, _, f in crawl.logs["proxy"])


def test_static_page_one_and_json_api_pages_are_all_found(crawl):
    got = docs(crawl.res, HOSTS["hsq"])
    assert [u for _, u in NB if u not in got] == []
    bodies = [json.loads(b) for m, ct, b in crawl.logs["content"]]
    assert all(ct.startswith("application/json") for _, ct, _ in crawl.logs["content"])
    assert sorted(b["pageNo"] for b in bodies) == [1, 2, 3]          # one request per page, no more
    assert all(b["channelCode"] == "gknb" and b["siteId"] == 7 and b["pageSize"] == NB_SIZE for b in bodies)


def test_form_api_with_page_and_rows(crawl):
    got = docs(crawl.res, HOSTS["hsq"])
    assert ["/bmnb/2022/bm%d.html" % i for i in range(4) if "/bmnb/2022/bm%d.html" % i not in got] == []
    assert sorted((f["page"], f["rows"]) for _, _, f in crawl.logs["search"]) == [("1", "3"), ("2", "3")]


def test_post_endpoints_are_never_asked_by_get_and_no_other_host(crawl):
    posted = ("/module/web/jpage/dataproxy.jsp", "/api/content/page", "/common/search/list")
    assert [r for r in crawl.log if r["path"].split("?")[0] in posted and r["method"] != "POST"] == []
    assert not [r for r in crawl.log if r["site"] is None]


def test_posts_are_archived_with_their_bodies(crawl):
    posts = []
    warc = crawl.root / "warc"
    for name in os.listdir(warc):
        with open(warc / name, "rb") as f:
            for rec in ArchiveIterator(f):
                if rec.rec_type == "request" and rec.http_headers.statusline.split()[0] == "POST":
                    posts.append(rec.content_stream().read())
    assert len(posts) == 3 + 3 + 2
    assert sum(b'"pageNo": 2' in b for b in posts) == 1 and sum(b"columnid=4521" in b for b in posts) == 3


def test_api_pages_stay_within_the_list_page_cap(tmp_path):
    capped = crawl_world(tmp_path, {"NIANBAO_MAX_LIST_PAGES": 1}, sites=("tyx",))
    assert len(capped.logs["proxy"]) == 1
    assert docs(capped.res, HOSTS["tyx"]) == ["/art/2022/1/20/art_4521_3.html"]
    assert capped.res["stats"].get("nianbao/dropped/list_pages", 0) >= 1
