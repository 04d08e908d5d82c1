"""Chrome recognised by what it is, not by what it says (pipelines/clean/widgets.py,
chrome.prune_margins): pages of four CMS conventions (fixtures in tests/fixtures/clean/,
written for these tests) carry share bars, read-aloud and font tools, feedback
polls, QR blocks, floating assistants, chat frames, prev/next and related lists in
wording no phrase list in pipelines/clean/vocab.py holds.  Every paragraph and table
cell of the report must come out, and nothing of the widgets."""
import os

import lxml.html
import pytest

from pipelines.clean import clean_html
from pipelines.clean.vocab import STRONG_RE, WEAK_RE
from pipelines.clean.widgets import widget_kind

HERE = os.path.join(os.path.dirname(__file__), "fixtures", "clean")


def fixture(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return f.read()


CASES = {
    "trs_unseen_widgets.html": (
        [
            "本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
            "一、总体情况",
            "2022年，青溪县坚持以公开为常态、不公开为例外，全年主动公开政府信息2318条。",
            "二、主动公开政府信息情况",
            "第二十条第（一）项",
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
            "规章\t0\t0\t0",
            "行政规范性文件\t6\t1\t38",
            "三、其他需要报告的事项",
            "本机关无其他需要报告的事项。",
            "青溪县人民政府办公室",
            "2023年1月30日",
        ],
        ["开启长辈版", "指读", "大光标", "十字线", "本页所处", "青溪首页", "放大", "默认", "缩小", "听本文", "转发本文",
         "移动端阅读本篇", "这篇内容有用吗", "有用", "一般", "上一条信息", "下一条信息", "统计局2022年", "打印此文", "关掉本页",
         "溪溪在线答", "有问题随时问我", "去提问", "政策直通车"]),
    "jcms_unseen_widgets.html": (
        [
            "本年度报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室有关要求编制。",
            "一、总体情况",
            "（一）主动公开。全年主动公开政府信息417条，其中规范性文件3件。",
            "（二）依申请公开。全年收到政府信息公开申请29件，上年结转2件。",
            "本年新收政府信息公开申请数量\t申请人情况",
            "自然人\t法人或其他组织",
            "29\t25\t4",
            "二、存在的主要问题及改进情况",
            "公开内容的规范性仍需加强。下一步，我局将加强业务培训。",
            "附件：芦岭市自然资源局2021年政府信息公开工作年度报告.pdf",
        ],
        ["门户首页", "部门站群", "政民互动", "检 索", "法定主动公开内容", "特大", "标准", "朗读本页", "转载到", "内容报错",
         "收录本页", "印本页", "同栏目文章", "2020年政府信息公开", "2019年政府信息公开", "芦芦智答", "点击对话",
         "建设", "维护", "网站识别号", "ICP备"]),
    "jiyue_unseen_widgets.html": (
        [
            "根据《中华人民共和国政府信息公开条例》规定，现发布柏塘镇2022年政府信息公开工作年度报告。",
            "一、总体情况",
            "2022年，柏塘镇认真贯彻落实政务公开工作部署，全年主动公开政府信息186条。",
            "二、收到和处理政府信息公开申请情况",
            "本年新收政府信息公开申请数量\t3",
            "上年结转政府信息公开申请数量\t0",
            "三、其他需要报告的事项",
            "本镇无其他需要报告的事项。",
            "柏塘镇人民政府",
            "2023年1月18日",
        ],
        ["梅江区人民政府", "长辈版", "无碍阅读", "柏塘镇 >", "年报\n", "索引号", "转给朋友", "满意", "留下建议",
         "小梅", "关于本站", "站点导航", "无障碍说明", "版权", "ICP备"]),
    "traditional_unseen_widgets.html": (
        [
            "本報告依據《中華人民共和國政府資訊公開條例》編製，統計期限自2021年1月1日至2021年12月31日。",
            "一、總體情況",
            "2021年，澄江區主動公開政府資訊1024條，受理依申請公開14件。",
            "資訊內容\t本年製發件數",
            "規章\t0",
            "規範性文件\t2",
            "二、其他需要報告的事項",
            "無。",
            "澄江區人民政府辦公室",
            "2022年1月25日",
        ],
        ["網站首頁", "簡體版", "發佈時間", "字級", "語音閱讀", "分享至", "LINE", "臉書", "行動裝置瀏覽", "前一則", "後一則",
         "財政局", "列印", "關閉視窗", "智慧客服", "請問有什麼可以幫您", "送出"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_paragraph_and_cell_kept_and_no_widget_left(name):
    want, widget_words = CASES[name]
    res = clean_html(fixture(name), "http://www.example.gov.cn/art/2023/1/30/art_1_1.html")
    assert res.text.splitlines() == want
    for w in widget_words:
        assert w not in res.text, w


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_widget_words_are_unseen(name):
    """The fixtures test structure only if the phrase lists do not already know
    their widgets: most widget words match no chrome phrase."""
    _, widget_words = CASES[name]
    unknown = [w for w in widget_words if not STRONG_RE.search(w) and not WEAK_RE.fullmatch(w)]
    assert len(unknown) >= len(widget_words) * 0.7, unknown


@pytest.mark.parametrize("name", sorted(CASES))
def test_tables_keep_every_cell(name):
    want, _ = CASES[name]
    res = clean_html(fixture(name), "http://www.example.gov.cn/a.html")
    got = ["\t".join(c["text"] for c in row) for t in res.tables for row in t]
    assert got == [l for l in want if "\t" in l or l == "第二十条第（一）项"]


def el(html):
    return lxml.html.fragment_fromstring(html, create_parent="div")[0]


@pytest.mark.parametrize("html,kind", [
    ('<div style="position:fixed;right:0">问小政</div>', "floating"),
    ('<div style="top:0; POSITION: sticky">您好，我是客服。请问有什么可以帮您。</div>', "floating"),
    ('<div>本页有帮助吗？<button>是</button><button>否</button></div>', "controls"),
    ('<div><span onclick="a()">读屏</span><span onclick="b()">放大</span></div>', "tools"),
    ('<p><a href="javascript:window.print()">打 印</a></p>', "tools"),
    ('<div><a href="JavaScript:;">A+</a><a href="#">A-</a></div>', "tools"),
    ('<div>转：<a href="http://s.example.com/?u=1"><img src="a.png"></a><a href="http://t.example.com/?u=1"><img src="b.png"></a></div>',
     "icons"),
    ('<div><iframe src="https://bot.example.com/"></iframe>问答</div>', "frame"),
    ('<div>位置：<a href="/">首页</a> › <a href="/a/">公开</a> › <a href="/a/b/">年报</a></div>', "trail"),
])
def test_widget_shapes(html, kind):
    assert widget_kind(el(html)) == kind


@pytest.mark.parametrize("html", [
    '<p>全年主动公开政府信息1200条，详见<a href="/zcwj/1.html">《政府信息公开目录》</a>。</p>',
    '<p><a name="_Toc1"></a>一、总体情况</p>',                       # a Word bookmark is no button
    '<p><a name="_Toc2">二、主动公开政府信息情况</a></p>',
    '<p><img src="/u/tj.png" width="640" height="900"></p>',          # a picture of the statistics table
    '<p>附件：<a href="javascript:download(7)">统计表.xls</a></p>',      # an attachment behind a script
    '<p>附件：<a href="/download.jsp?id=7">附件1</a> <a href="/download.jsp?id=8">附件2</a></p>',
    '<div><p>某县人民政府办公室</p><p>2023年1月20日</p></div>',
    '<table border="1"><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>0</td></tr></table>',
])
def test_report_blocks_are_no_widgets(html):
    assert widget_kind(el(html)) is None
    assert widget_kind(el(html), margin=True) is None


def test_margin_rules_stop_at_the_paragraphs():
    """A link line between two paragraphs is the report's (a reference), the same
    line after the last paragraph is furniture."""
    mid = '<p><a href="/zcwj/2.html">县政府关于推进政务公开工作的实施意见</a></p>'
    page = ('<html><body><div class="a"><p>一、总体情况</p><p>本县全年主动公开政府信息1200条。</p>%s'
            '<p>二、其他需要报告的事项</p><p>本县无其他需要报告的事项。</p>%s</div></body></html>')
    res = clean_html(page % (mid, ""), "http://x.gov.cn/a.html")
    assert "县政府关于推进政务公开工作的实施意见" in res.text.splitlines()
    res = clean_html(page % ("", mid), "http://x.gov.cn/a.html")
    assert "县政府关于推进政务公开工作的实施意见" not in res.text
    assert res.text.splitlines()[-1] == "本县无其他需要报告的事项。"


def test_a_date_or_an_appended_table_link_in_the_margins_stays():
    """A signature date written with slashes is no breadcrumb, and a link to the
    report's appended table page is the report's, wherever they stand."""
    page = ('<html><body><div class="w"><div class="c"><p>一、总体情况</p><p>本县全年主动公开政府信息1200条。</p>'
            '<p>二、其他需要报告的事项</p><p>本县无其他需要报告的事项。</p></div>'
            '<div class="s"><p>某县人民政府办公室</p><p>2023/1/20</p></div>'
            '<p><a href="/art/fb1.html">附表：2022年政府信息公开情况统计表</a></p></div></body></html>')
    lines = clean_html(page, "http://x.gov.cn/a.html").text.splitlines()
    assert lines[-3:] == ["某县人民政府办公室", "2023/1/20", "附表：2022年政府信息公开情况统计表"]


ARTICLE = ("<html><body><div class='page'><div class='art'>"
           "<p>一、总体情况。本机关全年主动公开政府信息三百余条，依申请公开工作依法有序开展，答复及时规范。</p>"
           "<p>二、其他需要报告的事项。本年度未收取信息处理费，无其他需要报告的事项，特此报告。</p>%s"
           "</div></div></body></html>")


@pytest.mark.parametrize("widget, words", [
    # a QR code drawn by script (canvas, svg) with its caption, at the end of the article
    ("<section class='m-code'><canvas width='88' height='88'></canvas><em>微信扫码 手机上看</em></section>",
     "手机上看"),
    ("<div class='qr-x'><svg width='90' height='90'><rect/></svg><small>扫我在移动端打开</small></div>",
     "移动端打开"),
])
def test_a_drawn_qr_code_goes_with_its_caption(widget, words):
    text = clean_html(ARTICLE % widget, "http://www.example.gov.cn/a.html").text
    assert words not in text
    assert "本年度未收取信息处理费" in text


def test_a_one_link_breadcrumb_in_a_layout_table_goes():
    html = ("<html><body><table><tr><td>某某乡人民政府</td></tr><tr><td class='loc'>当前所在：<a href='/'>网站首页</a>"
            "</td></tr><tr><td>%s</td></tr></table></body></html>") % (ARTICLE % "")
    text = clean_html(html, "http://www.example.gov.cn/a.html").text
    assert "当前所在" not in text and "网站首页" not in text
    assert "依申请公开工作依法有序开展" in text
