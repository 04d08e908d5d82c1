"""crawler.discovery: decoding, links, scoring, pagination, continuation pages, attachments."""
from core.formats import decode_html
from core.text import find_date
from crawler.discovery import (FOLLOW_THRESHOLD, attachment_links, continuation_links, datastore_records, extract_links,
                               jcms_pages, page_context, page_date, page_shape, page_title, pagination_links, parse_html,
                               score_link, trs_pages)

BASE = "http://127.0.0.9/zwgk/zfxxgknb/index.html"


def tree(html, url=BASE):
    raw = html if isinstance(html, str) else decode_html(html)[0]
    return parse_html(raw), raw


def test_decode_by_bytes_not_by_claims():
    text = "<html><head><title>政府信息公开年报</title></head><body>某市2020年政府信息公开工作年度报告</body></html>"
    gbk_declared = text.replace("<head>", '<head><meta charset="gb2312">').encode("gbk")
    assert decode_html(gbk_declared) == (text.replace("<head>", '<head><meta charset="gb2312">'), "gb18030")
    assert decode_html(text.encode("gbk"))[0] == text                       # no declaration at all
    lying = text.replace("<head>", '<head><meta charset="utf-8">').encode("gbk")
    assert "政府信息公开年报" in decode_html(lying)[0]                          # says utf-8, is GBK
    assert decode_html(text.encode("utf-8"), "text/html; charset=gbk")[0] == text   # says GBK, is UTF-8
    assert decode_html(b"\xef\xbb\xbf" + text.encode("utf-8"))[0] == text
    assert decode_html(b"") == ("", "utf-8")
    assert parse_html(b"") is None


def test_links_text_title_heading_and_dates():
    root, raw = tree("""<html><body>
<div class="box"><h3>政府信息公开年报</h3><a class="more" href="/zwgk/nb/index.html">更多&gt;&gt;</a>
<ul><li><a href="./202103/t20210330_1.html" title="某市2020年政府信息公开工作年度报告">某市2020年政府信息公开工作年...</a><span>2021-03-30</span></li>
<li><a href="/b.html"><img src="x.png" alt="政务公开"></a></li></ul></div>
<table><tr><td>·<a href="/html/ndbg/2023/0228/8.htm">某区2022年政府信息公开年报</a></td><td>[2023-02-28]</td></tr></table>
<select onchange="window.open(this.value)"><option value="">部门</option><option value="/bm/fgw/index.html">发改委</option></select>
<iframe src="/zwgk/frame.html"></iframe><a href="javascript:void(0)" onclick="window.open('/c.html')">弹窗</a>
<a href="mailto:a@b.cn">信箱</a><a href="http://other.example/x">外站</a>
<script>var x = 1; window.location.href = "/splash.html";</script></body></html>""")
    links = {l.url: l for l in extract_links(root, BASE, raw)}
    art = links["http://127.0.0.9/zwgk/zfxxgknb/202103/t20210330_1.html"]
    assert art.text == "某市2020年政府信息公开工作年度报告" and art.date == "2021-03-30"
    more = links["http://127.0.0.9/zwgk/nb/index.html"]
    assert more.heading == "政府信息公开年报"
    assert links["http://127.0.0.9/b.html"].text == "政务公开"
    assert links["http://127.0.0.9/html/ndbg/2023/0228/8.htm"].date == "2023-02-28"
    assert links["http://127.0.0.9/bm/fgw/index.html"].text == "发改委"
    assert links["http://127.0.0.9/zwgk/frame.html"].source == "frame"
    assert "http://127.0.0.9/c.html" in links and "http://127.0.0.9/splash.html" in links
    assert "http://other.example/x" in links                 # resolved here; the spider drops offsite links
    assert not any(u.startswith("mailto") for u in links)


def test_datastore_records_and_jcms_pages():
    raw = """<div id="4454"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=18454&unitid=4454&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="/art/2024/3/18/art_18454_1.html" title="某市2023年政府信息公开年报">某市2023年政府信息公开年报</a><span>2024-03-18</span></li>]]></record>
<record><![CDATA[<li><a href="/col/col201/index.html">2021年</a></li>]]></record>
</recordset></datastore></script>
<script>$(document).ready(function(){$("#4454").jpage({dataStore:dataStore,perPage:2,totalRecord:7});});</script></div>"""
    url = "http://127.0.0.9/col/col18454/index.html"
    assert len(datastore_records(raw)) == 2
    root, _ = tree("<html><body>%s</body></html>" % raw)
    links = [l for l in extract_links(root, url, raw) if l.source == "datastore"]
    assert [(l.url, l.text, l.date) for l in links][0] == ("http://127.0.0.9/art/2024/3/18/art_18454_1.html",
                                                           "某市2023年政府信息公开年报", "2024-03-18")
    pages = jcms_pages(raw, url)
    assert pages == [
        "http://127.0.0.9/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=18454&unitid=4454"
        "&permissiontype=0&startrecord=3&endrecord=4&perpage=2",
        "http://127.0.0.9/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=18454&unitid=4454"
        "&permissiontype=0&startrecord=5&endrecord=6&perpage=2",
        "http://127.0.0.9/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=18454&unitid=4454"
        "&permissiontype=0&startrecord=7&endrecord=7&perpage=2"]
    # no nextgroup URL: jcms also answers ?uid=UNIT&pageNum=N
    no_next = raw.replace("<nextgroup>", "<x>").replace("</nextgroup>", "</x>").replace("href=", "data-x=")
    assert jcms_pages(no_next, url) == ["http://127.0.0.9/col/col18454/index.html?uid=4454&pageNum=%d" % n for n in (2, 3, 4)]
    # everything embedded: nothing more to fetch
    assert jcms_pages(raw.replace("totalRecord:7", "totalRecord:2"), url) == []


def test_trs_create_page_html():
    lit = 'createPageHTML(3, 0, "index", "html");'
    assert trs_pages(lit, BASE) == ["http://127.0.0.9/zwgk/zfxxgknb/index.html",
                                    "http://127.0.0.9/zwgk/zfxxgknb/index_1.html",
                                    "http://127.0.0.9/zwgk/zfxxgknb/index_2.html"]
    var = ("var currentPage = 1;//所在页从0开始\nvar countPage = 2//共多少页\n"
           'createPageHTML(countPage, currentPage, "index", "shtml");')
    assert trs_pages(var, "http://127.0.0.9/a/index_1.shtml") == ["http://127.0.0.9/a/index.shtml",
                                                                 "http://127.0.0.9/a/index_1.shtml"]
    six = "createPageHTML('page_div',2, 0,'index','htm',25);"
    assert trs_pages(six, BASE)[1] == "http://127.0.0.9/zwgk/zfxxgknb/index_1.htm"
    root, raw = tree("<html><body><script>%s</script></body></html>" % lit)
    assert pagination_links(root, BASE, raw) == ["http://127.0.0.9/zwgk/zfxxgknb/index_1.html",
                                                 "http://127.0.0.9/zwgk/zfxxgknb/index_2.html"]


def test_plain_pagination_fills_the_gaps():
    url = "http://127.0.0.9/zwgk/fdzdgknr/zfxxgknb/list.html"
    root, raw = tree("""<html><body><div class="pagination">共6页 <a href="list.html" class="cur">1</a> <a href="list_2.html">2</a>
<a href="list_3.html">3</a> <a href="list_2.html">下一页</a> <a href="list_6.html">尾页</a>
<a href="content/post_1.html">2</a></div></body></html>""")
    assert pagination_links(root, url, raw) == ["http://127.0.0.9/zwgk/fdzdgknr/zfxxgknb/list_%d.html" % n
                                                for n in (2, 3, 6, 4, 5)]
    url = "http://127.0.0.9/list.jsp?col=5&page=1"
    root, raw = tree('<html><body><a href="list.jsp?col=5&page=2">下一页</a><a href="list.jsp?col=5&page=4">末页</a></body></html>')
    assert pagination_links(root, url, raw) == ["http://127.0.0.9/list.jsp?col=5&page=%d" % n for n in (2, 4, 3)]


def test_continuation_pages_in_order():
    url = "http://127.0.0.9/zwgk/nb/202103/t20210315_3004.html"
    root, raw = tree("""<html><body><div class="TRS_Editor">第一页</div><div class="page">
<a href="t20210315_3004_1.html">下一页</a> <a href="t20210315_3004_2.html">3</a> <a href="t20210315_3004_1.html">2</a>
<a href="t20210301_2999.html">下一篇</a> <a href="../index_1.html">2</a></div></body></html>""")
    assert continuation_links(root, url, raw) == ["http://127.0.0.9/zwgk/nb/202103/t20210315_3004_1.html",
                                                  "http://127.0.0.9/zwgk/nb/202103/t20210315_3004_2.html"]
    # called on page 2: page 1 is not a continuation, page 3 is
    url2 = "http://127.0.0.9/zwgk/nb/202103/t20210315_3004_1.html"
    root, raw = tree('<html><body><a href="t20210315_3004.html">上一页</a><a href="t20210315_3004_2.html">下一页</a></body></html>')
    assert continuation_links(root, url2, raw) == ["http://127.0.0.9/zwgk/nb/202103/t20210315_3004_2.html"]
    # a CMS that numbers article pages from 2, an article that is a directory, a TRS script call
    root, raw = tree('<html><body><a href="4466881_2.htm">第2页</a><a href="4466881_3.htm">第3页</a></body></html>')
    assert continuation_links(root, "http://127.0.0.9/html/2021/0311/4466881.htm", raw)[-1].endswith("4466881_3.htm")
    root, raw = tree('<html><body><a href="index_1.htm">下一页</a></body></html>')
    assert continuation_links(root, "http://127.0.0.9/art/2020/5/index.htm", raw) == ["http://127.0.0.9/art/2020/5/index_1.htm"]
    root, raw = tree('<html><body><script>createPageHTML(3, 0, "t20210315_3004", "html");</script></body></html>')
    assert continuation_links(root, url, raw) == ["http://127.0.0.9/zwgk/nb/202103/t20210315_3004_1.html",
                                                  "http://127.0.0.9/zwgk/nb/202103/t20210315_3004_2.html"]
    root, raw = tree('<html><body><a href="t20210301_2999.html">下一篇：某局年报</a></body></html>')
    assert continuation_links(root, url, raw) == []


def test_attachments():
    url = "http://127.0.0.9/html/zwgk/ndbg/2021/0311/4466881.htm"
    root, raw = tree("""<html><body><div class="content"><p>（详见附件）</p><div class="attach">附件：
<p><a href="/uploadfile/2021/0311/a.docx">某区政府信息公开工作2020年年报.docx</a></p>
<p><a href="/uploadfile/2021/0311/b.xlsx">某区2020年政府信息公开情况统计表.xlsx</a></p>
<p><a href="/module/download/downfile.jsp?classid=0&filename=c.pdf">下载</a></p>
<p><a href="/uploadfile/logo.png">图</a></p></div>
<iframe src="/pdfjs/web/viewer.html?file=/uploadfile/2021/0311/d.pdf"></iframe></div>
<div class="footer"><a href="/files/guide.pdf">网站使用指南.pdf</a></div>
<script>var app = '<a href="./P020210311_e.wps">附件.wps</a>';</script></body></html>""")
    got = [(l.url.rsplit("/", 1)[-1], l.text) for l in attachment_links(root, url, raw)]
    assert got == [("a.docx", "某区政府信息公开工作2020年年报.docx"), ("b.xlsx", "某区2020年政府信息公开情况统计表.xlsx"),
                   ("downfile.jsp?classid=0&filename=c.pdf", "下载"), ("d.pdf", ""), ("P020210311_e.wps", "附件.wps")]


def test_page_context_shape_title_date():
    root, raw = tree("""<html><head><title>政府信息公开年报_某市人民政府</title></head><body>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; 政府信息公开年报</div>
<ul>%s</ul></body></html>""" % "".join('<li><a href="/t%d.html">第%d条</a><span>2020-01-0%d</span></li>' % (i, i, i)
                                      for i in range(1, 7)))
    ctx = page_context(root, BASE)
    assert ctx["report_column"] and ctx["xxgk"] and "当前位置" in ctx["crumb"]
    assert page_shape(root, extract_links(root, BASE, raw), raw) == "list"
    art_url = "http://127.0.0.9/zwgk/xwzx/202001/t20200101_1.html"
    root, raw = tree("""<html><head><title>某市人民政府门户网站</title><meta name="PubDate" content="2021-03-30 10:00"></head>
<body><div class="crumb">当前位置：首页 &gt; 新闻中心</div><h1>某市2020年政府信息公开工作年度报告</h1><p>发布时间：2021-03-30</p>
<p>%s</p></body></html>""" % ("本报告根据《中华人民共和国政府信息公开条例》编制。" * 20))
    assert page_shape(root, extract_links(root, art_url, raw), raw) == "article"
    assert page_title(root) == "某市2020年政府信息公开工作年度报告"
    assert page_date(root, raw) == "2021-03-30"
    assert not page_context(root, art_url)["report_column"]


def test_find_date():
    assert find_date("[2023-03-15]") == "2023-03-15"
    assert find_date("发布日期：2023年3月5日") == "2023-03-05"
    assert find_date("2023/3/5 10:00") == "2023-03-05"
    assert find_date("2023.13.40 no") is None


def test_score_link():
    home = {"depth": 0, "n_links": 50, "page_url": "http://x/"}
    follow = lambda text, url, ctx=home: score_link(text, url, ctx)[0] >= FOLLOW_THRESHOLD
    assert follow("政府信息公开", "http://x/zwgk/index.html")
    assert follow("政务公开", "http://x/col/col100/index.html")
    assert follow("政府信息公开年报", "http://x/zwgk/zfxxgknb/index.html")
    assert follow("法定主动公开内容", "http://x/zwgk/fdzdgknr/index.html")
    assert follow("", "http://x/zwgk/xxgknb/index.html", dict(home, heading="信息公开年报"))   # 「更多」 of a box
    assert score_link("政府信息公开年报", "http://x/a/", home)[0] > score_link("政府信息公开", "http://x/b/", home)[0]
    for text, url in [("新闻动态", "http://x/xwdt/index.html"), ("政府信息公开指南", "http://x/zwgk/zn/index.html"),
                      ("法治政府建设年度报告", "http://x/zwgk/fzzf/index.html"), ("政府网站工作年度报表", "http://x/a/"),
                      ("财政预决算", "http://x/czyjs/"), ("政策解读", "http://x/zcjd/"), ("互动交流", "http://x/hdjl/"),
                      ("我市2022年政府信息公开工作年度报告发布", "http://x/xwzx/202303/t20230305_1.html"),
                      ("企业年报公示", "http://x/qynb/")]:
        assert not follow(text, url), text
    col = {"depth": 2, "n_links": 40, "report_column": True, "page_url": "http://x/zwgk/nb/index.html"}
    assert follow("2019年", "http://x/zwgk/nb/2019/index.html", col)
    assert follow("2020年度", "http://x/col/col202/index.html", col)
    assert follow("市发改委", "http://x/zwgk/nb/fgw/index.html", col)
    assert not follow("2019年", "http://x/xwzx/2019/index.html", dict(col, report_column=False))
    assert follow("进入首页", "http://x/index.htm", {"depth": 0, "n_links": 1})   # splash page


# --- script-only pagers (goPage(n) / toPage(n)) and report table pages --------------------------
from crawler.discovery import page_count, report_table_links, script_pages  # noqa: E402

_PAGER = """<html><body><ul><li><a href="/a/t20220121_1.shtml">某厅2021年政府信息公开工作年度报告</a><span>2022-01-21</span></li></ul>
<div class="pagebar"><a href="javascript:;" class="cur">1</a> <a href="javascript:;" onclick="goPage(2)">2</a>
<a href="javascript:;" onclick="goPage(2)">下一页</a> <a href="javascript:;" onclick="goPage(3)">尾页</a> %s</div>
<script>%s</script></body></html>"""


def test_gopage_pager_named_by_its_script():
    # the script names pages pageName + "_" + n (page 2 is list_2), page 1 being index
    script = ('var pageCount = 3, curPage = 1, pageName = "list", pageExt = "shtml";\n'
              'function goPage(n){ location.href = (n == 1 ? "index" : pageName + "_" + n) + "." + pageExt; }')
    root, raw = tree(_PAGER % ("<span>共3页</span>", script))
    want = ["http://127.0.0.9/xxgk/gknb/list_2.shtml", "http://127.0.0.9/xxgk/gknb/list_3.shtml"]
    assert page_count(root, raw) == 3
    assert pagination_links(root, "http://127.0.0.9/xxgk/gknb/index.shtml", raw) == want
    assert pagination_links(root, "http://127.0.0.9/xxgk/gknb/", raw) == want
    assert pagination_links(root, "http://127.0.0.9/xxgk/gknb/list_2.shtml", raw) == want[1:]  # not itself
    # TRS numbering: "index_" + (n - 1) + ".html" - page 2 is index_1
    script = 'function toPage(n){ window.location = n > 1 ? "index_" + (n - 1) + ".html" : "index.html"; }'
    root, raw = tree(_PAGER.replace("goPage", "toPage") % ("第1/3页", script))
    assert pagination_links(root, "http://127.0.0.9/col/index.html", raw) == [
        "http://127.0.0.9/col/index_1.html", "http://127.0.0.9/col/index_2.html"]
    # a page parameter built by the script
    script = 'var totalPage = 4; function goPage(n){ location.href = "list.jsp?colId=7&page=" + n; }'
    root, raw = tree(_PAGER % ("", script))
    assert pagination_links(root, "http://127.0.0.9/module/list.jsp?colId=7", raw) == [
        "http://127.0.0.9/module/list.jsp?colId=7&page=%d" % n for n in (2, 3, 4)]
    # only a literal example of a further page in the script
    script = 'function goPage(n){ var u = "list_2.shtml".replace("2", n); location.href = u; }'
    root, raw = tree(_PAGER % ("共2页", script))
    assert pagination_links(root, "http://127.0.0.9/x/index.shtml", raw) == ["http://127.0.0.9/x/list_2.shtml"]


def test_gopage_pager_without_a_naming_rule_probes_both_conventions():
    # the pager function is external (pager.js): index_1 (TRS page 2) … index_3 (page 3 elsewhere)
    root, raw = tree(_PAGER % ("<span>共3页</span>", "var a = 1;"))
    assert pagination_links(root, "http://127.0.0.9/zwgk/nb/index.html", raw) == [
        "http://127.0.0.9/zwgk/nb/index_%d.html" % n for n in (1, 2, 3)]
    assert pagination_links(root, "http://127.0.0.9/zwgk/nb/list.htm", raw)[-1] == "http://127.0.0.9/zwgk/nb/list_3.htm"


def test_no_script_pages_without_count_pager_or_list_name():
    script = 'function goPage(n){ location.href = "list_" + n + ".shtml"; }'
    root, raw = tree(_PAGER % ("", script))               # no page count anywhere
    assert pagination_links(root, "http://127.0.0.9/x/index.shtml", raw) == []
    assert script_pages(root, "http://127.0.0.9/x/index.shtml", raw) == [] and script_pages(None, "http://x/") == []
    root, raw = tree(_PAGER % ("共1页", script))           # a single page
    assert pagination_links(root, "http://127.0.0.9/x/index.shtml", raw) == []
    # an article that mentions 共3页 has no pager function: nothing is invented
    root, raw = tree("<html><body><p>本文共3页，以下为第1页。</p></body></html>")
    assert pagination_links(root, "http://127.0.0.9/x/index.html", raw) == []
    # a pager function on an article URL with no naming rule: not a list name, nothing guessed
    root, raw = tree(_PAGER % ("共3页", ""))
    assert pagination_links(root, "http://127.0.0.9/x/202201/t20220121_1.html", raw) == []
    # an image carousel's "img_" + n + ".jpg" is not a page name
    root, raw = tree(_PAGER % ("共3页", 'var s = "img_" + n + ".jpg";'))
    assert pagination_links(root, "http://127.0.0.9/x/index.html", raw)[0] == "http://127.0.0.9/x/index_1.html"


def test_report_table_pages():
    url = "http://127.0.0.9/xxgk/gknb/201903/t20190328_1.shtml"
    root, raw = tree("""<html><body><div class="header"><a href="/xxgk/tjb/index.shtml">附表下载</a></div>
<div id="zoom"><p>……正文……</p>
<div class="fb"><p>附表：<a href="./t20190328_2.shtml">某厅2018年政府信息公开情况统计表</a></p></div>
<p><a href="./t20190328_3.shtml">附件2</a></p>
<p><a href="./t20190328_4.shtml">某厅2018年政府信息公开工作年度报告附表</a></p>
<p>附件1：<a href="/upload/a.pdf">某厅2018年年报.pdf</a></p></div>
<div class="xgyd">相关阅读：<a href="../202001/t20200110_9.shtml">某厅2019年政府信息公开工作年度报告</a>
<a href="../202201/t20220101_8.shtml">某厅2021年政务公开工作要点</a></div>
<div class="pn"><a href="./t20190301_0.shtml">上一篇：附表说明</a></div>
<div class="footer"><a href="/xxgk/zn/index.shtml">附件：政府信息公开指南</a></div></body></html>""", url)
    got = [(l.url.rsplit("/", 1)[-1], l.text) for l in report_table_links(root, url, raw)]
    assert got == [("t20190328_2.shtml", "某厅2018年政府信息公开情况统计表"), ("t20190328_3.shtml", "附件2"),
                   ("t20190328_4.shtml", "某厅2018年政府信息公开工作年度报告附表")]
    assert report_table_links(None, url) == []


def test_links_opened_by_site_helper_scripts_under_a_base_href():
    """Old list templates: href="javascript:openWin('…')", javascript:downloadFile('….PDF'),
    onclick helpers, all relative to a <base href>; pager and share calls are not links."""
    page = "http://127.0.0.9/xxgk/nb/list.html"
    root, raw = tree("""<html><head><base href="/xxgk/nb/tpl/default/"></head><body><table>
<tr><td><a href="javascript:openWin('../../2022/0125/8801.html')">某县二〇二一年度政府信息公开工作年度报告</a></td><td>2022/01/25</td></tr>
<tr><td><a href="javascript:downloadFile('/u/cms/2021/某县2020年报告 (定稿).PDF')">某县2020年政府信息公开工作年度报告</a></td><td>2021.01.28</td></tr>
<tr><td><a href="#" onclick="showDetail('../../2020/0120/7701.html');return false;">某县2019年报告</a></td></tr>
</table><a href="javascript:goPage(2)">下一页</a><a href="javascript:share('weibo')">微博</a></body></html>""", page)
    links = {l.url: l for l in extract_links(root, page, raw)}
    a = links["http://127.0.0.9/xxgk/nb/2022/0125/8801.html"]
    assert a.text.startswith("某县二〇二一年度") and a.date == "2022-01-25"
    assert links["http://127.0.0.9/u/cms/2021/某县2020年报告 (定稿).PDF"].date == "2021-01-28"  # spaces kept
    assert "http://127.0.0.9/xxgk/nb/2020/0120/7701.html" in links
    assert len(links) == 3
    assert [l.url for l in attachment_links(root, page, raw)] == ["http://127.0.0.9/u/cms/2021/某县2020年报告 (定稿).PDF"]


def test_menus_without_anchors_are_links():
    """Navigation built from onclick on <li>/<td>/<img>/<input>: the target is a link named by
    the element's text, its image's alt, or its value; calls that are not addresses are not."""
    root, raw = tree("""<html><body><ul class="menu">
<li onclick="window.location.href='/zwgk/index.html'" style="cursor:pointer"><img src="/i/zwgk.png" alt="政务公开"></li>
<li onclick="location.href='/xwzx/'">新闻中心</li></ul>
<table><tr onclick="window.open('/art/2022/1/25/art_1_8801.html')"><td>某县2021年政府信息公开工作年度报告</td><td>2022-01-25</td></tr></table>
<img src="/i/bs.png" alt="办事服务" onclick="window.open('/bsfw/index.html')">
<input type="button" value="信息公开指南" onclick="openWin('/xxgk/zn.html')">
<div onclick="goPage(2)">2</div><span onclick="share('weibo')">微博</span></body></html>""")
    links = {l.url: l for l in extract_links(root, BASE, raw)}
    assert links["http://127.0.0.9/zwgk/index.html"].text == "政务公开"
    assert links["http://127.0.0.9/xwzx/"].text == "新闻中心"
    row = links["http://127.0.0.9/art/2022/1/25/art_1_8801.html"]
    assert row.text == "某县2021年政府信息公开工作年度报告" and row.date == "2022-01-25"
    assert links["http://127.0.0.9/bsfw/index.html"].text == "办事服务"
    assert links["http://127.0.0.9/xxgk/zn.html"].text == "信息公开指南"
    assert len(links) == 5


def test_big5_pages_decode_as_their_superset():
    """A page declared big5 carrying an HKSCS character must not fall through to GB18030
    (which would accept the Big5 bytes as mojibake)."""
    text = '<html><head><meta charset="big5"><title>政府信息公開年報</title></head><body>南湖區2021年度政府信息公開工作年度報告 丬</body></html>'
    body = text.encode("big5hkscs")
    assert decode_html(body) == (text, "big5hkscs")
    assert decode_html(body, "text/html; charset=big5")[0] == text


def test_anchor_text_without_scripts_and_dates_inside_the_anchor():
    """List templates that write (and shorten) the title by script inside the anchor, and
    templates that put the date inside the anchor: the link text is the title alone."""
    root, raw = tree("""<html><body><ul>
<li><a href="./202201/t20220125_1.html"><script>var t="某县2021年度政府信息公开工作年度报告"; document.write(t.length>20?t.substr(0,20)+"...":t);</script></a><span>2022-01-25</span></li>
<li><a href="./202101/t20210125_2.html"><span class="t">某县2020年度政府信息公开工作年度报告</span><em>[2021-01-25]</em></a></li>
<li><a href="./2019.html">2019年</a></li></ul></body></html>""")
    links = {l.url.rsplit("/", 1)[1]: l for l in extract_links(root, BASE, raw)}
    assert links["t20220125_1.html"].text == "某县2021年度政府信息公开工作年度报告"
    assert links["t20220125_1.html"].date == "2022-01-25"
    assert links["t20210125_2.html"].text == "某县2020年度政府信息公开工作年度报告"
    assert links["t20210125_2.html"].date == "2021-01-25"
    assert links["2019.html"].text == "2019年"          # short texts are left alone
    from crawler.classify import CANDIDATE_THRESHOLD, classify_link
    assert classify_link(links["t20210125_2.html"].text, links["t20210125_2.html"].url)[0] >= CANDIDATE_THRESHOLD


# --- lists filled from a JSON endpoint (集约化 templates) ----------------------------------------

def test_script_data_endpoints_are_links():
    root, raw = tree('<html><body><ul id="l"></ul><script>'
                     '$.getJSON("/api/articles?channelId=12&page=1", function (r) {});'
                     "fetch('/gkml/list.json').then(function (r) { return r.json(); });"
                     '$.ajax({url: "data/nb.do?col=3", dataType: "json"});'
                     'var s = "2021年度报告"; el.style.background = "url(/images/bg.png)";'
                     '$.getScript("/js/list.js");</script></body></html>')
    got = {l.url for l in extract_links(root, BASE, raw) if l.source == "data"}
    assert got == {"http://127.0.0.9/api/articles?channelId=12&page=1", "http://127.0.0.9/gkml/list.json",
                   "http://127.0.0.9/zwgk/zfxxgknb/data/nb.do?col=3"}


def test_json_links_take_title_and_date_of_their_record():
    from crawler.discovery import json_links
    body = ('{"code":0,"data":{"list":[{"id":1,"title":"某县2021年政府信息公开工作年度报告",'
            '"url":"/content.jsp?id=1021","publishDate":"2022-01-20 09:00:00"},'
            '{"name":"年报","link":"http://other.gov.cn/a.html","pubTime":"2022/1/2"},'
            '{"title":"附件","fileUrl":"../u/nb.pdf","time":"2021年3月4日"}]}}').encode("utf-8")
    got = [(l.url, l.text, l.date) for l in json_links(body, "http://127.0.0.9/api/articles?page=1")]
    assert got == [("http://127.0.0.9/content.jsp?id=1021", "某县2021年政府信息公开工作年度报告", "2022-01-20"),
                   ("http://127.0.0.9/u/nb.pdf", "附件", "2021-03-04")]   # the other site's record is left out
    assert json_links(b"<html>not json</html>", "http://127.0.0.9/x.json") == []
    assert json_links(b'{"total": 0, "rows": []}', "http://127.0.0.9/x.json") == []
