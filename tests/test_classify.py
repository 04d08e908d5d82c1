"""core.titles, crawler.classify and pipelines.classify: reports versus their look-alikes."""
import pytest

from core.titles import classify_document, classify_title, is_generic_title, report_opening
from crawler.classify import CANDIDATE_THRESHOLD, classify_link
from core.items import DocumentItem, FetchItem
from pipelines.classify import ClassifyPipeline, best_title

REPORT_TITLES = [
    "抚州市2017年政府信息公开工作年度报告",
    "市发改委政府信息公开工作2020年度报告",
    "关于2022年度政府信息公开工作情况的报告",
    "2020年政府信息公开年报",
    "政府信息公开工作2021年年报",
    "青山湖區2018年政府信息公開工作年度報告",
    "上饶市信州区人民政府2017年度政府信息公开工作报告",
    "赣州市2021年度政府信息公开工作报告",
    "市卫健委关于2022年度政府信息公开工作情况的报告",
    "2022年抚州市文化广电新闻出版旅游局政府信息公开工作年度报告",
    "安康市人民政府2021年政府信息公开工作年度报告",
    "2022年抚州市政府信息公开工作年度报告（全文）",
    "二〇一九年度政府信息公开工作年度报告",
    "某县2018年政府信息公开年报.pdf",
    "赣州市章贡区政府信息公开工作2020年年报.docx",
    "2022年政府信息公开工作年度报告——市发改委",
    "【置顶】某区2023年政府信息公开工作年度报告",
    "臺北市某局2019年度政府資訊公開工作年度報告".replace("資訊", "信息"),
    "市教育局政府信息公开工作2021年度报告_某市人民政府门户网站",
    "区人社局政府信息公开年报",  # no year, but a body: one body's report
]

LOOKALIKES = [
    ("关于做好2019年政府信息公开工作年度报告编制和发布工作的通知", "notice"),
    ("市审计局关于报送2021年政府信息公开工作年度报告的通知", "notice"),
    ("关于公布2020年政府信息公开工作年度报告的通知", "notice"),
    ("《抚州市2020年政府信息公开工作年度报告》解读", "interpretation"),
    ("图解：抚州市2022年政府信息公开工作年度报告", "interpretation"),
    ("一图读懂2021年政府信息公开工作年度报告", "interpretation"),
    ("抚州市人民政府2022年政府网站工作年度报表", "website_report"),
    ("某县政府网站年度报表（2021年）", "website_report"),
    ("2023年政府工作报告", "work_report"),
    ("抚州市2022年法治政府建设年度报告", "rule_of_law"),
    ("抚州市人民政府办公室2023年部门预算公开", "budget"),
    ("赣州市章贡区发展和改革委员会2021年度部门决算", "budget"),
    ("我市政府信息公开工作年度报告发布", "news"),
    ("我市发布2020年政府信息公开工作年度报告", "news"),
    ("某市2021年政府信息公开工作年度报告正式出炉", "news"),
    ("2021年政务公开工作要点", "other"),
    ("关于印发2021年政务公开工作实施方案的通知", "other"),
    ("政府信息公开工作年度报告格式模板", "other"),
]


@pytest.mark.parametrize("title", REPORT_TITLES)
def test_report_titles(title):
    kind, why = classify_title(title)
    assert kind == "report", why
    assert classify_link(title, "http://x/a/t20200101_1.html")[0] >= CANDIDATE_THRESHOLD
    d = classify_document(title=title, text="", url="http://x/a.html")
    assert d["is_report"] and d["kind"] == "report" and d["reason"]


@pytest.mark.parametrize("title, kind", LOOKALIKES)
def test_lookalike_titles(title, kind):
    assert classify_title(title)[0] == kind
    d = classify_document(title=title, text="本报告根据《中华人民共和国政府信息公开条例》编制。", url="http://x/a.html")
    assert d == {"is_report": False, "kind": kind, "reason": d["reason"]} and d["reason"]


def test_lookalike_links_fetched_only_when_they_may_lead_to_the_report():
    url = "http://x/a/t20200101_1.html"
    for title, kind in LOOKALIKES:
        score = classify_link(title, url)[0]
        if kind in ("notice", "interpretation"):
            assert score >= CANDIDATE_THRESHOLD, title   # may carry or link the report
        else:
            assert score < CANDIDATE_THRESHOLD, title


def test_column_names_are_not_reports():
    for name in ("政府信息公开年报", "部门政府信息公开年报", "年度报告", "信息公开年报", "市直部门政府信息公开年报"):
        assert classify_title(name)[0] == "report_generic", name
        assert classify_link(name, "http://x/zwgk/zfxxgknb/index.html")[0] == 0
    # …but the same words on an article URL are a candidate
    assert classify_link("政府信息公开年报", "http://x/zwgk/nb/t20230301_1.html")[0] >= CANDIDATE_THRESHOLD


def test_generic_titles():
    for t in ("", "附件1", "2021031106564607.docx", "某市人民政府门户网站", "抚州市人民政府", "下载", "2020年度"):
        assert is_generic_title(t), t
    assert classify_title("附件1")[0] is None
    assert not is_generic_title("某市2020年政府信息公开年报")


def test_links_by_url_and_truncation():
    assert classify_link("", "http://x/xxgknb/202003/t20200310_1.html")[0] >= CANDIDATE_THRESHOLD
    assert classify_link("", "http://x/news/202003/t20200310_1.html")[0] == 0
    assert classify_link("某市2021年政府信息公开工作年...", "http://x/t20220101_1.html")[0] >= CANDIDATE_THRESHOLD
    assert classify_link("我市2021年政府信息公开工作年...", "http://x/t20220101_1.html")[0] == 0


OPENING = ("抚州市2017年政府信息公开 工作年度报告\n前言\n本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）"
           "要求，由抚州市人民政府办公室综合各县（区）和市政府各部门政府信息公开工作情况编制而成。")
OPENING_2 = ("按照《中华人民共和国政府信息公开条例》(以下简称《条例》)规定,上饶市信州区2017年政府信息公开工作年度报告"
             "在综合全区各镇(街道)、区政府各部门政府信息公开和政务公开工作基础上编制形成。")
NOTICE_TEXT = ("各乡镇（街道）人民政府，市政府各部门：根据《中华人民共和国政府信息公开条例》规定和上级有关要求，"
               "现就做好2018年政府信息公开工作年度报告编制和发布工作通知如下：一、各单位要按时公布年度报告。")
NEWS_TEXT = "近日，我市召开会议，传达学习《中华人民共和国政府信息公开条例》，部署信息公开工作。"


def test_report_opening():
    assert report_opening(OPENING)
    assert report_opening(OPENING_2)
    assert report_opening("一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n")
    assert report_opening(NOTICE_TEXT) is None
    assert report_opening(NEWS_TEXT) is None
    assert report_opening("") is None


def test_title_first_then_text():
    # no informative title: the body decides
    assert classify_document(title="某市人民政府门户网站", text=OPENING, url="http://x/a.html")["is_report"]
    assert classify_document(title=None, text=OPENING, url="http://x/a.html", link_text="查看")["is_report"]
    assert not classify_document(title=None, text=NOTICE_TEXT, url="http://x/a.html")["is_report"]
    # a column-name title: the body decides too
    assert classify_document(title="政府信息公开年报", text=OPENING, url="http://x/a.html")["is_report"]
    # text-only evidence never turns a news item (or any titled look-alike) into a report
    d = classify_document(title="我市政府信息公开工作年度报告发布", text=OPENING, url="http://x/a.html")
    assert d["kind"] == "news" and not d["is_report"]
    d = classify_document(title="市领导调研春耕生产工作", text=OPENING, url="http://x/a.html")
    assert not d["is_report"] and d["kind"] == "other"
    # the link text names the report when the page's own title says nothing
    d = classify_document(title="", text="", url="http://x/a.html", link_text="某县2019年政府信息公开工作年度报告")
    assert d["is_report"] and "link text" in d["reason"]


def test_attachments():
    parent = "赣州市章贡区政府信息公开工作2020年年报"
    d = classify_document(title=None, text="", url="http://x/u/1.docx", link_text="附件1", fmt="docx", parent_title=parent)
    assert d["is_report"] and d["kind"] == "report" and "attachment" in d["reason"]
    d = classify_document(title=None, text="", url="http://x/u/1.pdf", link_text="下载", fmt="pdf",
                          parent_title="关于公布2020年政府信息公开工作年度报告的通知")
    assert d["is_report"]
    d = classify_document(title=None, text="", url="http://x/u/1.docx", link_text="附件", fmt="docx",
                          parent_title="关于做好2019年政府信息公开工作年度报告编制和发布工作的通知")
    assert not d["is_report"] and d["kind"] == "notice"
    d = classify_document(title=None, text="", url="http://x/u/t.docx", link_text="年度报告格式模板.docx", fmt="docx",
                          parent_title="关于做好2019年政府信息公开工作年度报告编制和发布工作的通知")
    assert not d["is_report"]
    # statistics tables
    d = classify_document(title=None, text="", url="http://x/u/2.xlsx", link_text="附件2.xlsx", fmt="xlsx", parent_title=parent)
    assert d == {"is_report": True, "kind": "report_table", "reason": d["reason"]}
    d = classify_document(title=None, text="", url="http://x/u/2.xls", link_text="某区2020年政府信息公开情况统计表.xls",
                          fmt="xls", parent_title=None)
    assert d["is_report"] and d["kind"] == "report_table"
    d = classify_document(title=None, text="", url="http://x/u/3.xlsx", link_text="2023年部门预算表.xlsx", fmt="xlsx",
                          parent_title="某局2023年部门预算公开")
    assert not d["is_report"]


def _doc(**kw):
    item = DocumentItem(url="http://x/a.html", final_url="http://x/a.html", fmt="html")
    for k, v in kw.items():
        item[k] = v
    return item


def test_pipeline_decisions():
    pipe = ClassifyPipeline()
    item = pipe.process_item(_doc(page_meta={"title": "某市人民政府门户网站", "h1": "某市2020年政府信息公开工作年度报告"},
                                  text=OPENING, link_text="更多"))
    assert item["decision"]["is_report"] and item["decision"]["kind"] == "report"
    item = pipe.process_item(_doc(page_meta={"ArticleTitle": "《某市2020年政府信息公开工作年度报告》解读"},
                                  text=OPENING, link_text="某市2020年政府信息公开工作年度报告"))
    assert item["decision"]["kind"] == "interpretation"
    # parse errors: unreadable, unless the title alone names a report
    item = pipe.process_item(_doc(fmt="pdf", parse_error="corrupt PDF", link_text="附件1"))
    assert item["decision"] == {"is_report": False, "kind": "unreadable", "reason": "corrupt PDF"}
    item = pipe.process_item(_doc(fmt="pdf", parse_error="corrupt PDF", link_text="某市2020年政府信息公开年报.pdf"))
    assert item["decision"]["is_report"] and "unreadable" in item["decision"]["reason"]
    # FetchItems pass untouched; odd input never raises
    f = FetchItem(url="http://x/", kind="nav")
    assert pipe.process_item(f) is f and "decision" not in f
    item = pipe.process_item(_doc(page_meta="not a dict", text=12345))
    assert item["decision"]["is_report"] is False and "failed" not in item["decision"]["reason"]


def test_best_title_skips_site_names():
    assert best_title(_doc(page_meta={"ArticleTitle": "", "名称": "某县2019年政府信息公开年报", "title": "某县人民政府"})) \
        == "某县2019年政府信息公开年报"
    assert best_title(_doc(page_meta={"title": "某县人民政府门户网站"}, link_text="附件")) is None


def test_vague_titles_do_not_block_better_evidence():
    # a PDF whose metadata title says little still inherits from its report page…
    d = classify_document(title="Microsoft Word - 2019年报告.doc", text="", url="http://x/a.pdf", link_text="附件1",
                          fmt="pdf", parent_title="某局2019年政府信息公开工作年度报告")
    assert d["is_report"] and "attachment" in d["reason"]
    # …but not when it clearly names something else
    d = classify_document(title=None, text="", url="http://x/a.xlsx", link_text="填报说明.docx", fmt="docx",
                          parent_title="某局2019年政府信息公开工作年度报告")
    assert not d["is_report"]
    # a template's section name in the h1 is no title: the body decides
    assert classify_document(title="政务公开", text=OPENING, url="http://x/a.html")["is_report"]


# --- world-3 generality gaps: 政务公开 reports, form tails, notices carrying the report, tables ----------
from core.titles import body_is_report, names_report_table  # noqa: E402

REPORT_BODY = """本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。
一、总体情况
2022年，本县持续深化政务公开。
二、主动公开政府信息情况
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
行政规范性文件\t3\t5\t113
三、收到和处理政府信息公开申请情况
本年新收政府信息公开申请数量\t49
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
六、其他需要报告的事项
无。"""
COVER = "各乡镇人民政府，县政府各部门：\n现将《某县2022年政府信息公开工作年度报告》印发给你们，请认真抓好落实。\n某县人民政府办公室\n2023年1月13日\n"


@pytest.mark.parametrize("title", ["鹰潭市统计局2019年政务公开工作年度报告", "越秀區統計局2020年政務公開工作年度報告",
                                   "某县人民政府2021年政务公开工作年度报告", "某市审计局政务公开工作2020年年报"])
def test_zhengwu_gongkai_reports(title):
    assert classify_title(title)[0] == "report"
    assert classify_link(title, "http://x/ytszf/xxgknb/2019nd/content/post_1.html")[0] >= CANDIDATE_THRESHOLD


@pytest.mark.parametrize("title, kind", [
    ("2021年越秀區政務公開工作要點", "other"), ("某市统计局政务公开指南", "other"), ("某县2021年政务公开第三方评估报告", "other"),
    ("某县统计局2021年统计年报", "other"), ("2020年统计年报", "other"), ("某市2021年国民经济和社会发展统计公报", "other"),
    ("某公司2020年企业年度报告", "other"), ("我县发布2021年政务公开工作年度报告", "news"),
    ("某市统计局2020年度报告", "report_generic"),   # 统计局 is the body, not a statistics bulletin
])
def test_zhengwu_gongkai_lookalikes(title, kind):
    assert classify_title(title)[0] == kind
    if kind != "report_generic":
        assert classify_link(title, "http://x/a/t20210101_1.html")[0] < CANDIDATE_THRESHOLD


@pytest.mark.parametrize("tail", ["（模板）", "（样本）", "（样表）", "（征求意见稿）", "（参考格式）", "（编写提纲）", "（格式）",
                                  "(模板)", "【样本】"])
def test_form_tails_are_never_reports(tail):
    title = "永修县乡镇（部门）政府信息公开工作年度报告" + tail
    assert classify_title(title)[0] == "other"
    assert classify_link(title, "http://x/a/t20211220_1.htm")[0] < CANDIDATE_THRESHOLD
    d = classify_document(title=title, text=REPORT_BODY, url="http://x/a/t20211220_1.htm")
    assert not d["is_report"]
    assert classify_title("鹰潭市政府信息公开工作年度报告编写提纲")[0] == "other"
    # decorations are still decorations
    assert classify_title("某县2021年政府信息公开工作年度报告（全文）")[0] == "report"
    assert classify_title("某县政府信息公开工作年度报告（2021年）")[0] == "report"


def test_notice_publishing_the_report_in_full_is_the_report():
    title = "关于印发永修县2022年政府信息公开工作年度报告的通知"
    assert body_is_report(COVER + REPORT_BODY)
    d = classify_document(title=title, text=COVER + REPORT_BODY, url="http://x/a.htm")
    assert d["is_report"] and d["kind"] == "report" and "carries it in full" in d["reason"]
    # the same title over a short cover that links the report: a notice
    d = classify_document(title=title, text=COVER + "附件：某县2022年政府信息公开工作年度报告.pdf", url="http://x/a.htm")
    assert not d["is_report"] and d["kind"] == "notice"
    # a notice asking units to compile theirs stays a notice, whatever its body lists
    ask = ("各乡镇、各部门：\n根据《条例》规定，现就做好年度报告编制和发布工作通知如下：\n一、总体情况\n二、主动公开政府信息情况\n"
           "三、收到和处理政府信息公开申请情况\n请于1月31日前报送。")
    for t in ("关于做好2022年度政府信息公开工作年度报告编制和发布工作的通知", "关于报送2022年政府信息公开工作年度报告的通知"):
        d = classify_document(title=t, text=ask + REPORT_BODY, url="http://x/a.htm")
        assert not d["is_report"] and d["kind"] == "notice", t
    # publishing the report's format (格式/模板) is no report either
    for t in ("关于印发政府信息公开工作年度报告格式的通知", "关于印发《政府信息公开工作年度报告格式》的通知"):
        d = classify_document(title=t, text=COVER + REPORT_BODY, url="http://x/a.htm")
        assert not d["is_report"], t
    # sections named inline (not as numbered headings) do not make a body a report
    assert body_is_report("报告应包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等内容。") is None
    assert body_is_report(None) is None


def test_report_tables_as_spreadsheets_and_pages():
    parent = "鹰潭市教育局2021年政府信息公开工作年度报告"
    assert classify_title("鹰潭市教育局2021年政府信息公开工作年度报告附表")[0] == "report"  # fetched when linked
    d = classify_document(title=None, text="", url="http://x/download.jsp?fileId=2", fmt="xlsx",
                          link_text="鹰潭市教育局2021年政府信息公开工作年度报告附表.xlsx", parent_title=parent)
    assert d["is_report"] and d["kind"] == "report_table"
    d = classify_document(title=None, text="", url="http://x/download.jsp?fileId=2", fmt="xlsx",
                          link_text="鹰潭市教育局2021年政府信息公开工作年度报告附表.xlsx", parent_title=None)
    assert d["kind"] == "report_table"
    # a report's 统计表 on a page of its own, linked from the report
    d = classify_document(title="湖北省水利厅2018年政府信息公开情况统计表", text="统计指标\t单位\t统计数", url="http://x/2.shtml",
                          link_text="湖北省水利厅2018年政府信息公开情况统计表",
                          parent_title="湖北省水利厅2018年政府信息公开工作年度报告")
    assert d["is_report"] and d["kind"] == "report_table"
    d = classify_document(title="某厅2018年政府信息公开工作年度报告附表", text="", url="http://x/3.shtml")
    assert d["kind"] == "report_table"
    # the same table name under a news page, or a news item about a report: not a table of a report
    d = classify_document(title="湖北省水利厅2018年政府信息公开情况统计表", text="", url="http://x/2.shtml",
                          parent_title="省水利厅召开政务公开工作会议")
    assert not d["is_report"]
    d = classify_document(title=None, text="", url="http://x/n.xlsx", fmt="xlsx", link_text="2023年部门预算表.xlsx",
                          parent_title=parent)
    assert d["kind"] == "budget" and not d["is_report"]
    assert names_report_table("附表：某厅2018年政府信息公开情况统计表")
    assert not names_report_table("某厅2018年政府信息公开工作年度报告") and not names_report_table(None)


def test_pipeline_report_table_page():
    item = ClassifyPipeline().process_item(_doc(
        page_meta={"ArticleTitle": "湖北省水利厅2018年政府信息公开情况统计表"}, text="统计指标\t单位\t统计数",
        link_text="湖北省水利厅2018年政府信息公开情况统计表", parent_url="http://x/r.shtml",
        parent_title="湖北省水利厅2018年政府信息公开工作年度报告"))
    assert item["decision"]["kind"] == "report_table" and item["decision"]["is_report"]


@pytest.mark.parametrize("title", ["政府信息公开工作年度报告（2021年）", "政府信息公开年报（2021年度）", "政府信息公开工作年度报告(2021)",
                                   "政府信息公开工作年度报告【2020年度】.PDF"])
def test_year_in_a_bracket_tail_names_one_report(title):
    """A department column titles its reports 「政府信息公开工作年度报告（2021年）」: the bracketed
    year is the report's, not decoration; the bare phrase stays a column name."""
    assert classify_title(title)[0] == "report"
    assert classify_title("政府信息公开工作年度报告")[0] == "report_generic"
    assert classify_title("政府信息公开工作年度报告（2021年）解读")[0] == "interpretation"
