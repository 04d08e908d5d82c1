"""Lists behind APIs, unit side (crawler.discovery.apis): which calls of a page's script are
list APIs, with what fields; the request for page N; an answer's records and length."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from crawler.discovery import parse_html
from crawler.discovery.apis import ApiList, api_lists, api_page, api_records, object_fields, served_group
from crawler.spiders.report_apis import api_key

PAGE = "http://www.example.gov.cn/col/col88/index.html"


def lists(script: str, body: str = ""):
    html = "<html><body>%s<script>%s</script></body></html>" % (body, script)
    return api_lists(parse_html(html), PAGE, html)


def test_object_fields_keep_types_and_resolve_variables():
    script = "var cid = 'gk12'; var size = 20;"
    got = object_fields("{channelId: cid, 'pageNo': 1, pageSize: size, on: true, q: \"a,b\", sub: {x: 1}, f: fn}", script)
    assert got == [("channelId", "gk12"), ("pageNo", 1), ("pageSize", 20), ("on", True), ("q", "a,b"),
                   ("sub", None), ("f", None)]


def test_ajax_post_with_a_json_body():
    [api] = lists('$.ajax({type: "post", url: "/api/list", contentType: "application/json",'
                  ' data: JSON.stringify({columnId: 88, pageNum: 1, pageSize: 15}), success: function(r){}});')
    assert (api.method, api.encoding, api.page_key, api.size_key, api.per_page) == ("POST", "json", "pageNum",
                                                                                   "pageSize", 15)
    p = api_page(api, 2)
    assert p.url == "http://www.example.gov.cn/api/list" and json.loads(p.body) == {
        "columnId": 88, "pageNum": 3, "pageSize": 15}
    assert p.headers["Content-Type"].startswith("application/json")


def test_url_before_or_after_the_options():
    [a] = lists('$.ajax({url: "/gk/query.do", type: "POST", data: {col: "5", page: 1, rows: 10}});')
    [b] = lists('$.ajax({ data: {col: "5", page: 1, rows: 10}, type: "POST", url: "/gk/query.do" });')
    assert a == b and a.encoding == "form" and a.params == (("col", "5"),)
    assert parse_qs(api_page(a, 1).body.decode()) == {"col": ["5"], "page": ["2"], "rows": ["10"]}


def test_post_shorthands_fetch_axios_and_get_with_params():
    [post] = lists("$.post('/s/list', {cid: 'nb', pageIndex: 1, limit: 8}, function(d){}, 'json');")
    assert (post.method, post.encoding, post.page_key, post.per_page) == ("POST", "form", "pageIndex", 8)
    [fetch] = lists("fetch('/f/list', {method: 'POST', body: JSON.stringify({c: 3, current: 1, size: 5})})")
    assert (fetch.encoding, fetch.page_key, fetch.size_key) == ("json", "current", "size")
    [axios] = lists("axios.post('/a/list', {c: 3, pageNo: 1, pageSize: 5}).then(function(r){})")
    assert axios.encoding == "json"
    [get] = lists("axios.get('/g/list', {params: {c: 3, page: 1, size: 5}})")
    assert get.method == "GET" and api_page(get, 1).url == "http://www.example.gov.cn/g/list?c=3&page=2&size=5"


def test_paging_fields_in_the_address_are_rebuilt_per_page():
    [api] = lists("$.getJSON('/api/articles?channelId=12&pageNo=1&pageSize=20', function(d){})")
    assert api.method == "GET" and api.params == (("channelId", "12"),)
    assert api_page(api, 1).url == "http://www.example.gov.cn/api/articles?channelId=12&pageNo=2&pageSize=20"


def test_plain_data_addresses_assets_counters_and_forms_are_no_api():
    assert lists("$.getJSON('/gkml/list.json'); $.get('/x.css'); fetch('/img/a.png')") == []
    assert lists("$.ajax({url: '/api/visit/count', type: 'POST', data: {id: 12, page: 1}})") == []
    assert lists("$.post('/gk/apply.do', {name: n, phone: p})") == []


def test_jcms_fields_from_the_script_and_the_record_groups():
    [api] = lists("var p = {col: 1, appid: 1, webid: 2, path: '/', columnid: 7788, sourceContentType: 1, "
                  "unitid: '9901', webname: '某市人民政府', permissiontype: 0};"
                  "$('#9901').jpage({proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 10, params: p});")
    assert api.convention == "jcms" and api.per_page == 30 and api.shown_per_page == 10
    p = api_page(api, 1)
    assert urlsplit(p.url).query == "startrecord=31&endrecord=60&perpage=10" and p.method == "POST"
    form = parse_qs(p.body.decode())
    assert form["columnid"] == ["7788"] and form["unitid"] == ["9901"] and form["webname"] == ["某市人民政府"]


def test_jcms_fields_from_a_proxy_address_in_the_script():
    [api] = lists("var url = '/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15';"
                  "var q = 'col=1&webid=5&path=/&columnid=120&unitid=301&permissiontype=0';")
    assert dict(api.params)["columnid"] == "120" and api.per_page == 45 and api.shown_per_page == 15


def test_a_jcms_page_that_embeds_its_records_is_left_to_the_datastore_pager():
    records = ('<script type="text/xml"><datastore><recordset><record><![CDATA[<li><a href="/a.html">x</a></li>]]>'
               '</record></recordset></datastore></script>')
    assert lists("$('#1').jpage({proxyUrl: '/module/web/jpage/dataproxy.jsp', columnid: 1, perPage: 15})",
                 records) == []


def test_records_and_length_of_json_and_datastore_answers():
    api = ApiList(url="http://www.example.gov.cn/api/list", page_key="pageNo", size_key="pageSize", per_page=10)
    body = json.dumps({"code": 0, "data": {"total": 31, "list": [
        {"title": "某县2021年政府信息公开工作年度报告", "url": "/art/1.html", "pubDate": "2022-01-20"}]}}).encode()
    links, pages = api_records(body, api, api.url)
    assert [(l.url, l.date) for l in links] == [("http://www.example.gov.cn/art/1.html", "2022-01-20")]
    assert pages == 4
    assert api_records(b'{"result": {"totalPage": 7, "rows": []}}', api, api.url) == ([], 7)
    assert api_records(b'{"rows": []}', api, api.url) == ([], None)
    assert api_records(b"<html>oops</html>", api, api.url) == ([], None)
    jcms = ApiList(url="http://www.example.gov.cn/module/web/jpage/dataproxy.jsp", convention="jcms", per_page=45)
    xml = ("<datastore><totalrecord>100</totalrecord><recordset><record><![CDATA[<li><a href='/art/2.html'>"
           "2020年报</a> 2021-01-02</li>]]></record></recordset></datastore>").encode()
    links, pages = api_records(xml, jcms, jcms.url)
    assert [l.url for l in links] == ["http://www.example.gov.cn/art/2.html"] and pages == 3


def test_requests_to_one_address_are_told_apart_by_body():
    assert api_key("http://h/api", "POST", b'{"pageNo": 1}') != api_key("http://h/api", "POST", b'{"pageNo": 2}')
    assert api_key("http://h/api", "POST", b"a") == api_key("http://h/api#x", "POST", b"a")


def test_the_meta_form_round_trips():
    [api] = lists("$.post('/s/list', {cid: 'nb', pageIndex: 1, limit: 8, on: true})")
    assert ApiList.from_meta(json.loads(json.dumps(api.to_meta()))) == api


def test_entries_whose_address_the_render_code_builds_from_a_field():
    [api] = lists("$.post('/s/list', {cid: 'nb', page: 1, rows: 5}, function (d) { $.each(d.rows, function (i, r) {"
                  " h += '<li><a href=\"/art/' + r.id + '.html\">' + r.title + '</a></li>'; }); });")
    assert api.link_template == ("/art/", "id", ".html") and api.page == PAGE
    body = json.dumps({"rows": [{"id": 7, "title": "某县2021年政府信息公开工作年度报告", "date": "2022-01-05"}]})
    [link] = api_records(body.encode(), api, "http://www.example.gov.cn/s/list")[0]
    assert (link.url, link.text, link.date) == ("http://www.example.gov.cn/art/7.html",
                                                "某县2021年政府信息公开工作年度报告", "2022-01-05")


def test_relative_entries_resolve_against_the_calling_page():
    api = ApiList(url="http://www.example.gov.cn/api/v1/list", page=PAGE)
    [link] = api_records(b'{"data": [{"title": "x", "url": "./202201/t1.html"}]}', api, api.url)[0]
    assert link.url == "http://www.example.gov.cn/col/col88/202201/t1.html"
    assert api_page(api, 0).headers["Referer"] == PAGE


def test_paging_inside_a_json_valued_field_and_markup_answers():
    # 集约化 platforms: GET …/build/unit?webId=…&paramJson={"pageNo":1,"pageSize":10}, answered with HTML in JSON
    [api] = lists("""$.ajax({url: '/api-gateway/front/page/build/unit', type: 'GET', dataType: 'json',
                   data: {webId: '2b8f', pageId: 'c71', tagId: '当前栏目列表', paramJson: '{"pageNo":1,"pageSize":10}'}})""")
    assert (api.method, api.nested, api.page_key, api.size_key) == ("GET", "paramJson", "pageNo", "pageSize")
    q = parse_qs(urlsplit(api_page(api, 1).url).query)
    assert q["webId"] == ["2b8f"] and json.loads(q["paramJson"][0]) == {"pageNo": 2, "pageSize": 10}
    body = json.dumps({"success": True, "data": {"total": 23, "html": "<ul><li><a href='/art/2022/1/1/art_1.html'>"
                                                                      "某县2021年政府信息公开工作年度报告</a>2022-01-01</li></ul>"}})
    links, pages = api_records(body.encode(), api, api.url)
    assert [l.url for l in links] == ["http://www.example.gov.cn/art/2022/1/1/art_1.html"] and pages == 3


def test_an_address_the_script_names_instead_of_writing_it_in_the_call():
    # the address in a constant, in a config object, or after a context path the server template left empty
    [a] = lists("const ARTICLE_URL = '/cms/article/list';\n"
                "axios.post(ARTICLE_URL, {catId: 'n5', current: 1, size: 12}).then(render);")
    assert (a.url, a.encoding, a.page_key, a.per_page) == ("http://www.example.gov.cn/cms/article/list", "json",
                                                           "current", 12)
    [b] = lists("var conf = {base: '', listUrl: '/portal/info/query'};\n"
                "$.ajax({type: 'POST', url: conf.listUrl, data: {infoType: 3, pageIndex: 1, pageSize: 20}});")
    assert b.url == "http://www.example.gov.cn/portal/info/query" and b.encoding == "form"
    [c] = lists("var ctx = '${ctx}';\n$.post(ctx + '/xxgk/nb/page', {page: 1, rows: 10}, show);")
    assert c.url == "http://www.example.gov.cn/xxgk/nb/page"
    [d] = lists("var root = '/site1'; $.post(root + '/gk/page.do', {page: 1, rows: 10});")
    assert d.url == "http://www.example.gov.cn/site1/gk/page.do"
    # a name the script never gives a value, or a function's argument, is no address
    assert lists("function load(u) { $.post(u, {page: 1, rows: 10}); }") == []


def test_fields_an_object_the_script_builds_before_sending_it():
    [api] = lists("var query = {};\nquery.siteId = 'z3';\nquery['pageNum'] = 1;\nquery.pageSize = pageSize;\n"
                  "var pageSize = 25;\n"
                  "var xhr = new XMLHttpRequest(); xhr.open('POST', '/openapi/doc/search');\n"
                  "xhr.setRequestHeader('Content-Type', 'application/json'); xhr.send(JSON.stringify(query));")
    assert (api.method, api.encoding, api.page_key, api.size_key, api.per_page) == ("POST", "json", "pageNum",
                                                                                   "pageSize", 25)
    assert json.loads(api_page(api, 1).body) == {"siteId": "z3", "pageNum": 2, "pageSize": 25}
    [form] = lists("var p = {typeCode: 'ndbg', pageNo: 1, pageSize: 8};\nfunction go(n) { p.pageNo = n;"
                   " $.post('/wcm/list.do', p, function (r) {}); }")
    assert form.params == (("typeCode", "ndbg"),) and form.first == 1 and form.per_page == 8


def test_axios_with_a_form_encoder_posts_a_form():
    [api] = lists("axios.post('/api/notice/page', Qs.stringify({code: 'nb', pageNo: 1, pageSize: 6}))")
    assert api.encoding == "form" and parse_qs(api_page(api, 0).body.decode())["pageNo"] == ["1"]


def test_jcms_column_fields_in_an_object_of_any_name_or_set_one_by_one():
    # the column's fields in the $.ajax data of a call to the proxy, pages of 20 in groups of 2
    [a] = lists("""$('#pager').jpage({perPage: 20, groupSize: 2, proxyUrl: "/module/web/jpage/dataproxy.jsp"});
        var jq = {"col": "1", "webid": "88", "columnid": "55012", "unitid": "60233", "area": "", "divid": "div55012"};""")
    assert a.per_page == 40 and a.shown_per_page == 20
    assert dict(a.params) == {"col": "1", "webid": "88", "columnid": "55012", "unitid": "60233", "area": "",
                              "divid": "div55012"}
    assert urlsplit(api_page(a, 1).url).query == "startrecord=41&endrecord=80&perpage=20"
    # …an options object that also holds the pager's own options keeps only the column's
    [b] = lists("""$('#d').jpage({dataStore: ds, proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 12,
                                  barPosition: 'bottom', webid: cfgWeb, columnid: 7301, unitid: 8800});
                   var cfgWeb = 61;""")
    assert dict(b.params) == {"webid": "61", "columnid": "7301", "unitid": "8800"} and b.per_page == 36
    # …or fields set on the parameters one by one
    [c] = lists("""var prm = new Object(); prm.col = 1; prm['columnid'] = '9120'; prm.unitid = 4410;
                   $.ajax({type: 'post', url: '/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=30&perpage=10',
                           data: prm});""")
    assert dict(c.params)["columnid"] == "9120" and dict(c.params)["unitid"] == "4410" and c.per_page == 30


def test_a_jcms_proxy_that_serves_fewer_records_a_request_than_asked():
    api = ApiList(url="http://www.example.gov.cn/module/web/jpage/dataproxy.jsp", convention="jcms", per_page=60,
                  shown_per_page=20)
    rec = "<record><![CDATA[<li><a href='/art/%d.html'>x</a></li>]]></record>"
    capped = ("<datastore><totalrecord>100</totalrecord><recordset>%s</recordset></datastore>"
              % "".join(rec % n for n in range(45))).encode()
    served = served_group(api, capped)
    assert served.per_page == 45 and api_records(capped, served, api.url)[1] == 3
    assert urlsplit(api_page(served, 1).url).query == "startrecord=46&endrecord=90&perpage=20"
    whole = capped.replace(b"<totalrecord>100", b"<totalrecord>45")  # the last records, not a cap
    assert served_group(api, whole) == api


def test_records_titled_and_dated_as_java_back_ends_write_them():
    # {"rows": [{"infoTitle": …, "linkUrl": …, "pubTime": 1642651200000}]}: a title key of its own, epoch milliseconds
    api = ApiList(url="http://www.example.gov.cn/api/list", page_key="page", per_page=10)
    body = json.dumps({"rows": [
        {"subTitle": "附件", "infoTitle": "某区2021年政府信息公开工作年度报告", "linkUrl": "/gk/nb/t1.html",
         "pubTime": 1642651200000},
        {"vc_title": "某区2020年政府信息公开工作年度报告", "linkUrl": "/gk/nb/t0.html", "createDate": "1611115200"}]})
    links, _ = api_records(body.encode(), api, api.url)
    assert [(l.url, l.text, l.date) for l in links] == [
        ("http://www.example.gov.cn/gk/nb/t1.html", "某区2021年政府信息公开工作年度报告", "2022-01-20"),
        ("http://www.example.gov.cn/gk/nb/t0.html", "某区2020年政府信息公开工作年度报告", "2021-01-20")]
