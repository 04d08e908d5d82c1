"""pipelines.clean on pages built like real portals' article pages (fixtures in
tests/fixtures/clean/, written for these tests: a table-layout page with every kind
of chrome, a div/HTML5 page in Traditional script)."""
import os

from core.items import DocumentItem
from pipelines.clean import CleanPipeline, clean_html, clean_pages, split_file_title
from pipelines.read.pipeline import ReadPipeline

HERE = os.path.join(os.path.dirname(__file__), "fixtures", "clean")


def fixture(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return f.read()


# every chrome phrase the brief lists; none may survive outside a report sentence
CHROME = ["分享到", "点击我为您语音播报", "扫一扫在手机打开当前页", "字体", "【打印】", "【打印本页】", "【关闭】",
          "【关闭窗口】", "当前位置", "您当前的位置", "您现在的位置", "索引号", "发布机构", "生成日期", "发布时间",
          "发布日期", "浏览次数", "主办单位", "承办单位", "网站标识码", "ICP备", "公网安备", "版权所有", "无障碍",
          "长者模式", "请输入关键字", "相关链接", "相关文章", "您是第", "上午好", "切换", "首页", "信息公开目录"]

TABLE_LAYOUT_EXPECTED = [
    "本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。",
    "一、总体情况",
    "2019年，我县在政府门户网站首页设置网站地图和联系我们栏目，方便群众查找信息；对打印、关闭等按钮进行了适老化改造，并开通了语音播报功能。",
    "（一）主动公开情况。全年主动公开政府信息3599条。",
    "（二）依申请公开情况。全年收到申请76件。",
    "其中：当面申请23件，网络申请38件。",
    "二、主动公开政府信息情况",
    "第二十条第（一）项",
    "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量",
    "规章\t0\t\t3",
    "规范性文件\t5\t5\t41",
    "1\t2",
    "三、其他需要报告的事项",
    "本机关无其他需要报告的事项。",
    "桐庐县人民政府办公室",
    "2020年1月20日",
]


def test_table_layout_page_every_chrome_kind_removed():
    res = clean_html(fixture("table_layout_all_chrome.html"), "http://www.tonglu.gov.cn/art/2020/1/21/art_1_1.html")
    assert res.text.splitlines() == TABLE_LAYOUT_EXPECTED
    body_sentence = TABLE_LAYOUT_EXPECTED[2]
    rest = res.text.replace(body_sentence, "")
    for phrase in CHROME + ["网站地图", "联系我们", "语音播报"]:
        assert phrase not in rest, phrase


def test_table_layout_page_tables_keep_spans():
    res = clean_html(fixture("table_layout_all_chrome.html"), "http://www.tonglu.gov.cn/a.html")
    assert len(res.tables) == 1
    t = res.tables[0]
    assert t[0] == [{"text": "第二十条第（一）项", "rowspan": 1, "colspan": 4}]
    assert t[1][1] == {"text": "本年新制作数量", "rowspan": 1, "colspan": 1}   # two <p> joined
    assert t[2][2] == {"text": "", "rowspan": 1, "colspan": 1}
    assert t[3][0] == {"text": "规范性文件", "rowspan": 2, "colspan": 1}
    assert t[4] == [{"text": "1", "rowspan": 1, "colspan": 1}, {"text": "2", "rowspan": 1, "colspan": 2}]


def test_table_layout_page_meta():
    m = clean_html(fixture("table_layout_all_chrome.html"), "http://www.tonglu.gov.cn/a.html").page_meta
    assert m["ArticleTitle"] == "桐庐县人民政府2019年政府信息公开工作年度报告"
    assert m["PubDate"] == "2020-01-21 09:30"
    assert m["ContentSource"] == "桐庐县人民政府办公室"
    assert m["SiteName"] == "桐庐县人民政府门户网站"
    assert m["ColumnName"] == "政府信息公开年报"
    assert m["title"].startswith("桐庐县人民政府2019年")
    assert m["索引号"] == "002504345/2020-00123"
    assert m["发布机构"] == "桐庐县人民政府办公室"
    assert m["生成日期"] == "2020-01-20"
    assert m["名称"] == "桐庐县人民政府2019年政府信息公开工作年度报告"
    assert "文号" not in m                      # published empty
    assert m["h1"] == "桐庐县人民政府2019年政府信息公开工作年度报告"
    assert m["publish_date"] == "2020-01-21"
    assert m["source"] == "桐庐县人民政府办公室"
    assert "attachments" not in m


def test_traditional_div_page():
    res = clean_html(fixture("div_traditional.html"), "http://www.qsh.gov.cn/art/2019/1/18/post_5642998.html")
    lines = res.text.splitlines()
    assert lines[0].startswith("2018年以來,青山湖區委")
    assert "群眾可通過網站地圖欄目快速查找。" in res.text        # a report sentence keeps its words
    assert lines[4:9] == ["南昌市政府信息公開情況統計表", "(2018年度)", "統 計 指 標\t單位\t統計數",
                          "一、主動公開情況\t——\t", "(一)主動公開政府信息數\t條\t12745"]
    assert lines[-2:] == ["青山湖區人民政府辦公室", "2019年1月18日"]
    for phrase in ["當前位置", "索引號", "發布時間", "來源", "瀏覽次數", "字號", "語音播報", "分享到", "掃一掃",
                   "打印本頁", "關閉窗口", "上一篇", "下一篇", "相關鏈接", "主辦單位", "網站標識碼", "ICP備", "公網安備",
                   "您是第", "長者模式", "無障礙", "請輸入關鍵字", "歡迎訪問", "晚上好"]:
        assert phrase not in res.text, phrase
    m = res.page_meta
    assert m["索引号"] == "11360111014539612R/2019-00021"
    assert m["发布机构"] == "南昌市青山湖區人民政府辦公室"
    assert m["名称"] == m["h1"] == "青山湖區2018年政府信息公開工作年度報告"
    assert m["publish_date"] == "2019-01-18"
    assert m["source"] == "青山湖區人民政府辦公室"
    assert m["attachments"] == [{"url": "http://www.qsh.gov.cn/attachment/0/12/2018nb.pdf",
                                 "text": "2018年政府信息公開工作年度報告.pdf"}]


PAGE = """<html><head><title>{title}</title></head><body>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; 年报</div>
<h1>{title}</h1><div>发布时间：2021-02-03 来源：某区人民政府办公室</div>
<div id="content">{body}</div>
<div>第{n}页 共2页 <a href="p1.html">上一页</a> <a href="p2.html">下一页</a></div>
<div>【打印本页】【关闭窗口】</div></body></html>"""


def test_clean_pages_joins_continuations_without_repeating_the_head():
    title = "某区2020年政府信息公开工作年度报告"
    p1 = PAGE.format(title=title, n=1, body="<p>一、总体情况</p><p>2020年，本区扎实推进政务公开工作，成效明显。</p>")
    p2 = PAGE.format(title=title, n=2, body="<p>二、其他需要报告的事项</p><p>本区无其他需要报告的事项。</p>"
                                            "<p><a href='/u/tj.xlsx'>统计表.xlsx</a></p>")
    res = clean_pages([p1, p2], "http://x.gov.cn/art/1.html")
    assert res.text.splitlines() == ["一、总体情况", "2020年，本区扎实推进政务公开工作，成效明显。",
                                     "二、其他需要报告的事项", "本区无其他需要报告的事项。", "统计表.xlsx"]
    assert res.page_meta["publish_date"] == "2021-02-03"
    assert res.page_meta["attachments"] == [{"url": "http://x.gov.cn/u/tj.xlsx", "text": "统计表.xlsx"}]


def test_notice_page_attachments_outside_the_body():
    html = """<html><body><div class="nav"><a href="/">首页</a></div>
    <div class="art"><h1>关于公布2022年政府信息公开工作年度报告的通知</h1>
    <p>现将2022年政府信息公开工作年度报告予以公布，详见附件。</p></div>
    <div class="fj">附件：<a href="/module/download/downfile.jsp?classid=0&filename=2022nb.pdf">2022年报.pdf</a>
    <a href="/u/tj.xls">统计表</a></div></body></html>"""
    res = clean_html(html, "http://x.gov.cn/art/9.html")
    urls = [a["url"] for a in res.page_meta["attachments"]]
    assert urls == ["http://x.gov.cn/module/download/downfile.jsp?classid=0&filename=2022nb.pdf",
                    "http://x.gov.cn/u/tj.xls"]
    assert "现将2022年政府信息公开工作年度报告予以公布，详见附件。" in res.text


def test_bad_input_never_raises():
    for html in ["", "   ", "<html>", "\x00\x01garbage", "<?xml version='1.0' encoding='gbk'?><html><p>正文</p></html>",
                 "<table><tr><td rowspan='x' colspan='-3'>格</td></tr></table>"]:
        res = clean_html(html, "http://x.gov.cn/")
        assert isinstance(res.text, str) and isinstance(res.page_meta, dict)
    res = clean_html("<table><tr><td rowspan='x' colspan='-3'>格</td><td>2</td></tr></table>", "http://x/")
    assert res.tables == [[[{"text": "格", "rowspan": 1, "colspan": 1}, {"text": "2", "rowspan": 1, "colspan": 1}]]]


def test_split_file_title():
    assert split_file_title("湖州市安吉县2018年政府信息公开工作年度报告\n本报告根据……") == (
        "湖州市安吉县2018年政府信息公开工作年度报告", "本报告根据……")
    assert split_file_title("一、总体情况\n正文")[0] is None
    assert split_file_title("本报告根据《条例》编制。\n正文")[0] is None


def doc_item(**kw):
    base = dict(portal="http://x.gov.cn/", url="http://x.gov.cn/a.html", final_url="http://x.gov.cn/a.html",
                status=200, headers={})
    base.update(kw)
    return DocumentItem(**base)


def test_pipeline_gbk_page_end_to_end():
    html = fixture("table_layout_all_chrome.html").replace("charset=utf-8", "charset=gb2312")
    it = doc_item(body=html.encode("gbk"), fmt="html")
    it = ReadPipeline().process_item(it, None)
    it = CleanPipeline().process_item(it, None)
    assert it["text"].splitlines() == TABLE_LAYOUT_EXPECTED
    assert it["page_meta"]["索引号"] == "002504345/2020-00123"
    assert it["tables"][0][3][0]["rowspan"] == 2


def test_pipeline_parts_are_cleaned_separately():
    title = "某区2020年政府信息公开工作年度报告"
    p1 = PAGE.format(title=title, n=1, body="<p>第一页正文内容。</p>").encode("utf-8")
    p2 = PAGE.format(title=title, n=2, body="<p>第二页正文内容。</p>").encode("utf-8")
    it = doc_item(body=p1, fmt="html", parts=[{"url": "http://x.gov.cn/a_1.html", "body": p2, "headers": {}}])
    it = CleanPipeline().process_item(ReadPipeline().process_item(it, None), None)
    assert it["text"].splitlines() == ["第一页正文内容。", "第二页正文内容。"]


def test_pipeline_file_items_keep_their_text():
    it = doc_item(url="http://x.gov.cn/a.pdf", fmt="pdf", text="某县2019年政府信息公开工作年度报告\n一、总体情况",
                  tables=[[[{"text": "a", "rowspan": 1, "colspan": 1}]]])
    it = CleanPipeline().process_item(it, None)
    assert it["text"] == "一、总体情况"
    assert it["page_meta"] == {"h1": "某县2019年政府信息公开工作年度报告"}
    assert it["tables"] == [[[{"text": "a", "rowspan": 1, "colspan": 1}]]]
    it = CleanPipeline().process_item(doc_item(url="http://x.gov.cn/a.doc", fmt="doc",
                                               parse_error="unsupported format: doc"), None)
    assert it["page_meta"] == {} and it["parse_error"] == "unsupported format: doc"


def test_span_widgets_and_title_inside_the_body():
    """Chrome made of plain spans (no links), the title printed by the template and
    again as the body's first line, a data cell and a report line that look like
    labels."""
    res = clean_html(fixture("span_widgets.html"), "http://www.x.gov.cn/art/1.html")
    assert res.text.splitlines() == [
        "某市司法局2021年政府信息公开工作年度报告",      # the body's own title line stays, once
        "本报告由某市司法局根据《中华人民共和国政府信息公开条例》编制。",
        "一、总体情况",
        "时间：\t2021年",
        "收到申请\t12",
        "填报人：张三 联系电话：0791-1234567 填报日期：2022年1月5日",
        "二、其他需要报告的事项",
        "无。",
    ]
    m = res.page_meta
    assert (m["h1"], m["publish_date"], m["source"]) == ("某市司法局2021年政府信息公开工作年度报告", "2022-01-06", "市司法局")


_ARTICLE = """<html><head><title>某县2020年政府信息公开工作年度报告</title></head><body>
<div class="top"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/hdjl/">互动交流</a> <a href="/bs/">办事服务</a></div>
<div class="main"><h1>某县2020年政府信息公开工作年度报告</h1>
<div class="view">{before}<p>一、总体情况</p><p>2020年，本县扎实推进政务公开工作，全年主动公开政府信息1200条，成效明显。</p>
<p>二、其他需要报告的事项</p><p>本县无其他需要报告的事项。</p><p>某县人民政府办公室</p><p>2021年1月20日</p></div>
{after}</div>
<div class="foot"><p>主办单位：某县人民政府办公室</p><p>网站标识码：3604000001</p></div></body></html>"""
_BODY_LINES = ["一、总体情况", "2020年，本县扎实推进政务公开工作，全年主动公开政府信息1200条，成效明显。",
               "二、其他需要报告的事项", "本县无其他需要报告的事项。", "某县人民政府办公室", "2021年1月20日"]


def test_an_empty_attachment_heading_is_dropped():
    # the template's 附件 block printed with an empty list: the lone label is furniture
    for after in ('<div class="fjxz"><h4>附件下载：</h4><ul></ul></div>',
                  '<div class="fj"><p>附件：</p></div>',
                  '<div class="fj"><span>相关附件</span><ul><li></li></ul></div>'):
        res = clean_html(_ARTICLE.format(before="", after=after), "http://x.gov.cn/art/1.html")
        assert res.text.splitlines() == _BODY_LINES, after
    # ... also when it stands inside the article's own container
    res = clean_html(_ARTICLE.format(before="", after="").replace("2021年1月20日</p>", "2021年1月20日</p><p>附件：</p>"),
                     "http://x.gov.cn/art/1.html")
    assert res.text.splitlines() == _BODY_LINES


def test_an_attachment_heading_with_something_under_it_stays():
    res = clean_html(_ARTICLE.format(before="", after='<div class="fjxz"><h4>附件下载：</h4><ul><li>'
                                                      '<a href="/u/tj.xls">统计表.xls</a></li></ul></div>'),
                     "http://x.gov.cn/art/1.html")
    assert res.text.splitlines()[-2:] == ["附件下载：", "统计表.xls"]
    # an attachment that is printed (its title and table) rather than linked
    html = _ARTICLE.format(before="", after="").replace(
        "2021年1月20日</p>", "2021年1月20日</p><p>附件：</p><p>政府信息公开情况统计表</p>")
    assert clean_html(html, "http://x.gov.cn/art/1.html").text.splitlines()[-2:] == ["附件：", "政府信息公开情况统计表"]
    # a download link with no file name in its address or text is still something under it
    html = _ARTICLE.format(before="", after='<div class="fj"><p>附件：</p><p><a href="/download.jsp?fileId=7">'
                                            '</a></p></div>')
    assert "附件：" in clean_html(html, "http://x.gov.cn/art/1.html").text


def test_qr_captions_in_their_wordings_are_chrome():
    for caption in ("扫一扫在手机上查看当前页面", "扫一扫在手机打开当前页", "手机扫码浏览本页", "扫描二维码在移动端打开此页面",
                    "扫一扫，在手机上阅读本文", "掃一掃在手機上查看當前頁面"):
        after = '<div class="qr"><img src="/images/qr.png" alt=""><p>%s</p></div>' % caption
        res = clean_html(_ARTICLE.format(before="", after=after), "http://x.gov.cn/art/1.html")
        assert res.text.splitlines() == _BODY_LINES, caption
    # the same words inside a report sentence are the report's
    line = "群众可扫码查看办事指南，在手机上浏览本页所列事项，全年访问量明显增长。"
    res = clean_html(_ARTICLE.format(before="<p>%s</p>" % line, after=""), "http://x.gov.cn/art/1.html")
    assert line in res.text.splitlines()


def test_meta_title_and_og_title_stand_for_a_generic_title_tag():
    for tag in ('<meta name="title" content="某县2021年政府信息公开工作年度报告">',
                '<meta property="og:title" content="某县2021年政府信息公开工作年度报告">'):
        page = ('<html><head><meta charset="utf-8"><title>某县人民政府</title>%s</head><body>'
                '<div><p>一、总体情况</p><p>2021年，本县扎实推进政务公开工作，成效明显。</p></div></body></html>' % tag)
        res = clean_html(page, "http://x.gov.cn/content.jsp?id=1")
        assert res.page_meta["ArticleTitle"] == "某县2021年政府信息公开工作年度报告", tag
        assert res.page_meta["title"] == "某县人民政府"
