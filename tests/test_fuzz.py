"""Property tests (hypothesis) of the document stages: read, clean, metadata, metrics.

Whatever a portal serves, these stages must not raise, and what they return must keep
the promises the later stages rely on:

* clean_html / clean_pages: str text with no blank lines, tables of rows of
  {"text": str, "rowspan": int >= 1, "colspan": int >= 1}, a dict of page metadata;
* extract_metadata: the documented keys, a year that is an int or None, an ISO
  publish date or None;
* extract_metrics: keys of the catalogue (key@column for applicant columns), finite
  numbers, and evidence cut from the source: a narrative figure's evidence is a
  substring of the text; a table figure's evidence is either a structured table row
  (its own cells joined by a tab) or, for a table flattened into the text, cells each
  of which occurs in the text (whitespace and `|` cell borders ignored, since one cell
  per line / spaced rows lose them);
* read_document: an error string, never an exception, for garbage of every format.

Example counts are modest so the file runs in well under a minute.
"""
from __future__ import annotations

import datetime
import html as htmllib
import io
import math
import os
import zipfile

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipelines.clean import CleanResult, clean_html, clean_pages
from pipelines.metadata import extract_metadata
from pipelines.metrics import extract_metrics, load_catalog, merge_metrics
from core.formats import FORMATS, decode_html, detect_format
from pipelines.read import check_zip, read_document

# NIANBAO_FUZZ_SCALE=10 multiplies every example count for a deeper (slow) run
SCALE = float(os.environ.get("NIANBAO_FUZZ_SCALE", "1"))
FUZZ = settings(max_examples=int(150 * SCALE), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# clean runs trafilatura on every page: fewer examples keep the file fast
FUZZ_HTML = settings(FUZZ, max_examples=int(60 * SCALE))
FUZZ_FORK = settings(FUZZ, max_examples=int(40 * SCALE))   # each example forks a parser child
URL = "http://www.example.gov.cn/art/2020/1/15/art_1_1.html"

# ---------------------------------------------------------------------------
# text: report phrases, figures, units and separators in random mixtures

PHRASES = [
    "主动公开政府信息", "主動公開政府信息", "收到政府信息公开申请", "网络申请", "当面申请", "信函申请",
    "予以公开", "部分公开", "不予公开", "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结",
    "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计", "合计",
    "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量", "本年制发件数", "本年废止件数",
    "现行有效件数", "处理决定数量", "规章", "规范性文件", "行政许可", "行政处罚", "行政事业性收费",
    "政府集中采购", "采购总金额", "统计指标", "单位", "统计数", "历年累计", "政府信息公开专项经费",
    "政府网站公开政府信息数", "政府公报公开政府信息数", "新闻发布会", "召开", "举办", "培训", "专职人员",
    "依申请公开", "收取费用", "未收取任何费用", "年度报告", "政府信息公开工作年度报告", "人民政府", "办公室",
    "第二十条第（一）项", "第二十条第（五）项", "一、总体情况", "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "（一）", "（二）", "1.", "2.",
    "①", "㈠", "其中：", "本年", "今年以来", "累计", "截至", "全年", "共", "同比", "增加", "减少",
    "件", "条", "次", "篇", "个", "人", "人次", "万元", "元", "余", "多", "约", "近", "左右",
    "。", "，", "；", "：", "、", "（", "）", "(", ")", "《", "》", "—", "-", "/", "无",
]
DIGITS = st.one_of(
    st.integers(0, 10 ** 6).map(str),
    st.integers(0, 10 ** 5).map(lambda n: "{:,}".format(n)),
    st.decimals(0, 10 ** 5, places=2, allow_nan=False, allow_infinity=False).map(str),
    st.integers(1, 400).map(lambda n: "9" * n),          # absurdly long digit runs
    st.text("零〇一二两三四五六七八九十百千万亿", min_size=1, max_size=6),
    st.text("０１２３４５６７８９", min_size=1, max_size=4),  # full-width digits
    st.sampled_from(["2019", "2020年", "2021年度", "2020年1月1日", "12月31日", "1e9", "NaN", "inf", "1.2.3", "-0"]),
)
SEPARATORS = st.sampled_from(["\t", "|", "\n", "\n\n", " ", "  ", "\u3000", "\r\n", "\xa0", "| ", " |", "\t\t"])
TOKEN = st.one_of(st.sampled_from(PHRASES), DIGITS, SEPARATORS, st.text(max_size=6))
TEXT = st.lists(TOKEN, max_size=80).map("".join)

# a cell's text and its spans: the spans a real table (or a broken page) may carry
CELL_TEXT = st.lists(st.one_of(st.sampled_from(PHRASES), DIGITS, st.text(max_size=4)), max_size=4).map("".join)
SPAN = st.one_of(st.integers(-5, 5), st.integers(-10 ** 12, 10 ** 12), st.none(),
                 st.sampled_from(["0", "-1", "2", " 3 ", "abc", "", "1.5", "1e3", "２"]),
                 st.floats(allow_nan=True, allow_infinity=True))
CELL = st.one_of(CELL_TEXT, st.fixed_dictionaries({"text": st.one_of(CELL_TEXT, st.none(), st.integers()),
                                                   "rowspan": SPAN, "colspan": SPAN}))
ROW = st.lists(CELL, max_size=9)
TABLE = st.lists(ROW, max_size=12)
TABLES = st.lists(TABLE, max_size=3)

# report-shaped tables: header rows and label rows drawn from the catalogue's own
# wordings, so the table reader gets past its first checks and emits figures
_CAT = load_catalog()
LABELS = sorted({w for k in _CAT.entries for w in _CAT.labels(k) if " " not in w})
HEADERS = [["统计指标", "单位", "统计数"], ["指标名称", "计量单位", "本年", "历年累计"],
           ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
           ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
           ["信息内容", "本年处理决定数量"], ["信息内容", "采购项目数量", "采购总金额"],
           ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
           ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
           ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
           ["行政复议", "行政诉讼"], ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
           ["第二十条第（一）项"], ["第二十条第（八）项"], ["2019年", "2020年"]]
ORDINAL = st.sampled_from(["", "（一）", "（二）", "1.", "2．", "一、", "三、", "其中：", "①", "㈠"])
UNIT_CELL = st.sampled_from(["条", "件", "次", "人", "万元", "个", "篇", "人次"])
FIG = st.one_of(st.integers(0, 99999).map(str), st.sampled_from(["0", "—", "/", "", "无", "12件", "约300",
                                                                 "3,599", "4.80", "23万余", "一百二十"]), DIGITS)


def _span_cell(text, rs, cs):
    return {"text": text, "rowspan": rs, "colspan": cs}


LABEL_ROW = st.builds(lambda o, l, u, figs: [o + l] + ([u] if u else []) + figs, ORDINAL, st.sampled_from(LABELS),
                      st.one_of(st.none(), UNIT_CELL), st.lists(FIG, min_size=1, max_size=9))
REPORT_ROW = st.one_of(LABEL_ROW, st.sampled_from(HEADERS).map(list), st.sampled_from(LABELS).map(lambda l: [l]),
                       st.lists(FIG, min_size=1, max_size=15), ROW)
# rows of plain cells or, now and then, of cells with spans (valid or not)
SPANNED = st.builds(lambda row, spans: [_span_cell(c, *spans[i]) if i < len(spans) and isinstance(c, str) else c
                                        for i, c in enumerate(row)],
                    REPORT_ROW, st.lists(st.tuples(st.one_of(st.just(1), SPAN), st.one_of(st.just(1), SPAN)),
                                         max_size=4))
REPORT_TABLE = st.lists(st.one_of(REPORT_ROW, SPANNED), min_size=1, max_size=16)
TABLES = st.lists(st.one_of(REPORT_TABLE, TABLE), max_size=3)


def _tab_text(tables):
    """A table flattened into text the way the readers render it: tab rows."""
    out = []
    for t in tables:
        for row in t:
            out.append("\t".join(str(c.get("text") if isinstance(c, dict) else c) for c in row))
    return "\n".join(out)


# ---------------------------------------------------------------------------
# html: nested tags with random attributes and broken markup

TAGS = ["div", "p", "span", "font", "table", "tbody", "thead", "tr", "td", "th", "caption", "br", "h1", "h2",
        "h3", "ul", "li", "a", "b", "strong", "center", "section", "article", "header", "footer", "nav",
        "script", "style", "iframe", "meta", "title", "form", "input", "img", "select", "option", "noscript",
        "svg", "textarea", "pre", "dl", "dt", "dd", "blink", "x-custom"]
SPAN_ATTR = st.sampled_from(["0", "-1", "-999", "1", "2", "3", "999999999999", "abc", "", "1.5", " 2 ", "２",
                             "1e3", "0x10", "٣", "2;", "&#50;", "99" * 20])
ATTR_NAMES = ["rowspan", "colspan", "class", "id", "style", "href", "name", "content", "charset", "align",
              "http-equiv", "role", "aria-hidden", "hidden", "src"]
ATTR_VALUE = st.one_of(SPAN_ATTR, st.sampled_from(PHRASES), st.text(max_size=8),
                       st.sampled_from(["display:none", "visibility:hidden", "ArticleTitle", "PubDate",
                                        "text/html; charset=gbk", "javascript:void(0)", "附件.pdf",
                                        "/module/download/downfile.jsp?filename=a.docx"]))
ATTRS = st.dictionaries(st.sampled_from(ATTR_NAMES), ATTR_VALUE, max_size=3)
BROKEN = st.sampled_from([
    "<", ">", "</td>", "</tr>", "</table>", "<td", "<tr>", "<table>", "<!--", "-->", "<!-- 注释 -->",
    "<![CDATA[x]]>", "<?php echo 1; ?>", "<!DOCTYPE html>", "<?xml version='1.0'?>", "\x00", "\r", "\x0b",
    "\x1f", "\ufeff", "\u200b", "\u2028", "\ufffd", "&nbsp;", "&#0;", "&#xD800;", "&#1114112;", "&amp",
    "&#x1F600;", "&lt;td&gt;", "</body>", "<body>", "</html>", "<html>", "<head>", "<frameset>", "<p", "</",
    "<script>var a = '<table>';", "</script>", "<style>p{}", "<![if !IE]>", "<a href='x.pdf'>附件",
    "发布时间：2020-01-15", "索引号：", "生成日期：2020年1月20日", "当前位置：首页 > 信息公开",
    "<meta name='ArticleTitle' content='2019年政府信息公开工作年度报告'>", "【字体：大 中 小】",
])
LEAF = st.one_of(TEXT.map(htmllib.escape), TEXT, BROKEN)


def _element(tag, attrs, children, close):
    quote = '"'
    parts = []
    for k, v in attrs.items():
        parts.append(' %s=%s%s%s' % (k, quote, htmllib.escape(v, quote=True), quote))
    inner = "".join(children)
    return "<%s%s>%s%s" % (tag, "".join(parts), inner, "</%s>" % tag if close else "")


NODE = st.recursive(LEAF, lambda kids: st.builds(_element, st.sampled_from(TAGS), ATTRS,
                                                 st.lists(kids, max_size=5), st.booleans()),
                    max_leaves=40)


def _page(head, body, wrap):
    if not wrap:
        return body
    return "<html><head><title>%s</title></head><body>%s</body></html>" % (head, body)


def _html_table(rows, attrs):
    """A report table as a portal writes it: spans as attributes, some of them junk."""
    out = ["<table%s>" % "".join(' %s="%s"' % (k, htmllib.escape(v, quote=True)) for k, v in attrs.items())]
    for row in rows:
        out.append("<tr>")
        for c in row:
            if isinstance(c, dict):
                span = "".join(' %s="%s"' % (k, htmllib.escape(str(c[k]), quote=True)) for k in ("rowspan", "colspan")
                               if c.get(k) is not None)
                out.append("<td%s><p>%s</p></td>" % (span, htmllib.escape(str(c.get("text") or ""))))
            else:
                out.append("<td>%s</td>" % htmllib.escape(str(c)))
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


HTML_TABLE = st.builds(_html_table, REPORT_TABLE, ATTRS)
HTML = st.builds(_page, st.one_of(st.sampled_from(PHRASES), TEXT),
                 st.one_of(NODE, st.lists(st.one_of(NODE, HTML_TABLE), min_size=1, max_size=4).map("".join)),
                 st.booleans())


# ---------------------------------------------------------------------------
# checks

def check_clean(res):
    assert isinstance(res, CleanResult)
    assert isinstance(res.text, str)
    # one line per paragraph / heading / table row: never a blank line
    assert all(line.strip() for line in res.text.split("\n")) or res.text == ""
    assert isinstance(res.tables, list)
    for table in res.tables:
        assert isinstance(table, list) and table
        for row in table:
            assert isinstance(row, list) and row
            for cell in row:
                assert set(cell) == {"text", "rowspan", "colspan"}
                assert isinstance(cell["text"], str)
                assert "\t" not in cell["text"] and "\n" not in cell["text"]
                assert isinstance(cell["rowspan"], int) and cell["rowspan"] >= 1
                assert isinstance(cell["colspan"], int) and cell["colspan"] >= 1
    assert isinstance(res.page_meta, dict)


def _squash(s: str) -> str:
    """Text as compared once cell borders are gone: no whitespace, no `|`."""
    return "".join(str(s).replace("|", "").split())


def _row_evidence(table) -> set[str]:
    """The evidence a structured table row yields: its own cells' texts joined by a tab."""
    out = set()
    for row in table or []:
        if not isinstance(row, (list, tuple)):
            continue
        texts = []
        for c in row:
            t = c.get("text") if isinstance(c, dict) else c
            texts.append("" if t is None else str(t))
        out.add("\t".join(texts))
    return out


CATALOG = load_catalog()


def check_metrics(metrics, flags, text, tables, source_url):
    text = text or ""
    structured = set().union(*(_row_evidence(t) for t in tables)) if tables else set()
    flat = _squash(text)
    for m in metrics:
        assert set(m) >= {"key", "value", "unit", "approximate", "evidence", "method", "source_url"}
        assert m["key"] in CATALOG, m["key"]
        if "@" in m["key"]:
            assert CATALOG.entries[m["key"].split("@")[0]].columns
        v = m["value"]
        assert isinstance(v, (int, float)) and not isinstance(v, bool)
        # the database column is a float: the value must be one, and finite
        assert math.isfinite(float(v)), v
        assert isinstance(m["approximate"], bool)
        assert isinstance(m["unit"], str) and m["unit"]
        assert m["source_url"] == source_url
        ev = m["evidence"]
        assert isinstance(ev, str) and ev.strip(), m
        if m["method"] == "narrative":
            assert ev in text, m
        else:
            assert m["method"] == "table"
            if ev in structured or ev in text:
                continue
            # a table flattened into the text: each cell comes from the text
            for cell in ev.split("\t"):
                assert _squash(cell) in flat, (cell, m)
    for f in flags:
        assert set(f) >= {"rule", "message", "numbers"}
        assert isinstance(f["rule"], str) and isinstance(f["message"], str)


# ---------------------------------------------------------------------------
# clean

@FUZZ
@given(HTML)
@example("<html><body><table><tr><td rowspan='0' colspan='-3'>规章</td><td colspan='999999999999'>3</td>"
         "<td rowspan='abc'>x</td></tr></table></body></html>")
@example("\x00<html>\x00<body><p>主动公开政府信息\x003599条。</p></body></html>")
@example("<?xml version='1.0' encoding='gbk'?><html><body><p>全年主动公开政府信息3599条。</p></body></html>")
@example("")
@example("<!-- only a comment -->")
def test_clean_html_never_raises(html):
    check_clean(clean_html(html, URL))


@FUZZ_HTML
@given(st.lists(HTML, max_size=3))
def test_clean_pages_never_raises(pages):
    res = clean_pages(pages, URL)
    check_clean(res)


@pytest.mark.parametrize("n", [300, 1000])  # libxml2's own cap (huge_tree) is ~2048 levels
@pytest.mark.parametrize("opening", ["<font>", "<span>", "<p><span>", "<b><font>", "<div>", "<table>"])
def test_unclosed_tags_do_not_lose_text(opening, n):
    """Pages that open a tag per paragraph and never close it nest deeper and deeper
    (old TRS pages with unclosed <font>/<span>). The parser's depth cap must not cut
    the rest of the article off: every paragraph, the last one included, is in the
    text, in order."""
    paras = ["第%d段：全年主动公开政府信息%d条。" % (i, i) for i in range(n)]
    body = "".join("%s%s<br>" % (opening, p) for p in paras)
    res = clean_html("<html><body><div>%s</div><p>本机关联系电话见网站。</p></body></html>" % body, URL)
    check_clean(res)
    lines = res.text.splitlines()
    assert [l for l in lines if l.startswith("第")] == paras


def test_text_outside_cells_is_kept():
    """Text typed between the rows of a data table (outside any cell) is shown by
    browsers before the table; it must not vanish from the clean text."""
    html = ("<html><body><div><p>全年主动公开政府信息情况见下表，其余事项说明如下。</p>"
            "<table>注：本表数据截至12月31日。<tr><td>规章</td><td>3</td></tr>"
            "<tr>单位：件<td>规范性文件</td><td>5</td></tr><p>全年收到政府信息公开申请76件。</p></table>"
            "</div></body></html>")
    res = clean_html(html, URL)
    check_clean(res)
    lines = res.text.splitlines()
    for want in ("注：本表数据截至12月31日。", "单位：件", "全年收到政府信息公开申请76件。", "规章\t3", "规范性文件\t5"):
        assert want in lines, want
    assert lines.index("注：本表数据截至12月31日。") < lines.index("规章\t3")
    assert res.tables == [[[{"text": "规章", "rowspan": 1, "colspan": 1}, {"text": "3", "rowspan": 1, "colspan": 1}],
                           [{"text": "规范性文件", "rowspan": 1, "colspan": 1},
                            {"text": "5", "rowspan": 1, "colspan": 1}]]]


# ---------------------------------------------------------------------------
# metadata

DATEISH = st.one_of(st.none(), st.text(max_size=12),
                    st.sampled_from(["2020-01-15", "2020-13-45", "0000-00-00", "2020年1月20日", "9999-12-31",
                                     "1990-01-01", "2020/2/30", "二〇二〇年一月", "20200115", "2020-1-1 25:61"]))
PAGE_META = st.dictionaries(
    st.sampled_from(["ArticleTitle", "PubDate", "ContentSource", "SiteName", "ColumnName", "索引号", "发布机构",
                     "生成日期", "文号", "名称", "h1", "title", "publish_date"]),
    st.one_of(TEXT, DATEISH.filter(lambda x: x is not None)), max_size=6)


@FUZZ
@given(st.lists(st.one_of(st.none(), TEXT, st.sampled_from(["2019年政府信息公开工作年度报告",
                                                              "二〇二〇年度报告", "市司法局2021年年报"])),
                max_size=4),
       TEXT, PAGE_META, st.one_of(st.none(), TEXT), DATEISH, st.one_of(st.none(), TEXT), DATEISH,
       st.one_of(st.none(), TEXT), st.one_of(st.none(), HTML))
def test_extract_metadata_never_raises(titles, text, page_meta, link_text, link_date, parent_title,
                                       parent_date, portal_name, html):
    meta = extract_metadata(title_candidates=titles, text=text, url=URL, page_meta=page_meta,
                            link_text=link_text, link_date=link_date, parent_title=parent_title,
                            parent_date=parent_date, portal_name=portal_name, html=html)
    assert set(meta) == {"title", "body", "region", "level", "year", "publish_date", "script"}
    assert meta["year"] is None or isinstance(meta["year"], int)
    assert meta["script"] in ("simplified", "traditional")
    if meta["publish_date"] is not None:
        assert datetime.date.fromisoformat(meta["publish_date"])
    for k in ("title", "body", "region", "level"):
        assert meta[k] is None or isinstance(meta[k], str)


# ---------------------------------------------------------------------------
# metrics

YEAR = st.one_of(st.none(), st.integers(1990, 2030), st.integers(-10, 10 ** 6),
                 st.sampled_from(["2020", "abc", "", "2020.5"]))


@FUZZ
@given(TEXT, st.one_of(st.none(), TABLES), YEAR)
@example("全年主动公开政府信息" + "9" * 400 + "条。", [], 2019)
@example("规章\t" + "9" * 400, [[["规章", "9" * 400]]], 2019)
@example("信息内容\t本年制发件数\n规章\t" + "1" * 320 + ".5", [], 2020)
@example("", [[{"text": "规章", "rowspan": float("inf"), "colspan": float("nan")}, "3"]], 2020)
def test_extract_metrics_never_raises_and_keeps_its_promises(text, tables, year):
    metrics, flags = extract_metrics(text, tables, year=year, source_url=URL)
    check_metrics(metrics, flags, text, tables or [], URL)
    merged, merged_flags = merge_metrics([(metrics, flags), (metrics, [])])
    assert {m["key"] for m in merged} == {m["key"] for m in metrics}
    check_metrics(merged, merged_flags, text, tables or [], URL)


# report-shaped text: lines built from a label, a unit and figures, so the table and
# prose readers get past their first checks more often than with free mixtures
LABEL_LINE = st.builds(
    lambda lead, label, sep, unit, figs: lead + label + sep + (unit + sep if unit else "") + sep.join(figs),
    st.sampled_from(["", "（一）", "1.", "其中：", "一、", "①"]),
    st.sampled_from(PHRASES[:60]), st.sampled_from(["\t", " ", "  ", "\n", "|", " | "]),
    st.sampled_from(["", "条", "件", "次", "人", "万元"]), st.lists(DIGITS, min_size=1, max_size=8))
SENTENCE = st.builds(lambda a, n, u, b: a + n + u + b, st.sampled_from(PHRASES), DIGITS,
                     st.sampled_from(["条", "件", "余件", "多条", "万元", "人次", "次", "篇"]),
                     st.sampled_from(["。", "，", "；", ""]))
REPORTISH = st.lists(st.one_of(LABEL_LINE, SENTENCE, st.sampled_from(PHRASES)), max_size=40).map("\n".join)


@FUZZ
@given(REPORTISH, st.one_of(st.none(), st.integers(2007, 2024)))
def test_extract_metrics_on_report_shaped_text(text, year):
    metrics, flags = extract_metrics(text, [], year=year, source_url=URL)
    check_metrics(metrics, flags, text, [], URL)


@FUZZ
@given(st.lists(REPORT_TABLE, min_size=1, max_size=3), st.one_of(st.none(), st.integers(2007, 2024)),
       st.booleans())
def test_extract_metrics_on_report_shaped_tables(tables, year, also_as_text):
    """Structured tables, alone or together with the same rows flattened into the
    text (as the clean stage gives both): same promises either way."""
    text = _tab_text(tables) if also_as_text else ""
    metrics, flags = extract_metrics(text, tables, year=year, source_url=URL)
    check_metrics(metrics, flags, text, tables, URL)
    # the text alone (a PDF/DOCX copy whose tables were lost) keeps them too
    text = _tab_text(tables)
    metrics, flags = extract_metrics(text, [], year=year, source_url=URL)
    check_metrics(metrics, flags, text, [], URL)


@FUZZ_HTML
@given(HTML, st.one_of(st.none(), st.integers(2007, 2024)))
def test_html_through_clean_and_metrics(html, year):
    """The stages in sequence: whatever clean gives, metrics accept, and a table
    figure's evidence is a row of the tables clean returned (or a line of its text)."""
    res = clean_html(html, URL)
    metrics, flags = extract_metrics(res.text, res.tables, year=year, source_url=URL)
    check_metrics(metrics, flags, res.text, res.tables, URL)


# ---------------------------------------------------------------------------
# read

MAGIC = st.sampled_from([b"", b"%PDF-1.4\n", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<", b"PK\x03\x04",
                         b"PK\x03\x04\x14\x00\x06\x00\x08\x00", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                         b"<html>", b"\xef\xbb\xbf", b"\xff\xfe", b"{\\rtf1"])
GARBAGE = st.builds(lambda m, b: m + b, MAGIC, st.binary(max_size=2048))


@FUZZ
@given(GARBAGE, st.one_of(st.none(), st.sampled_from(["text/html", "application/pdf", "text/html; charset=gbk",
                                                       "application/octet-stream", "application/msword",
                                                       "text/html; charset=x-unknown-cs"])),
       st.sampled_from(["http://x.gov.cn/a.html", "http://x.gov.cn/a.pdf", "http://x.gov.cn/down.jsp?f=a.docx",
                        "http://x.gov.cn/", "", "http://[bad", "http://x.gov.cn/a.xlsx?x=%zz"]))
def test_detect_format_and_decode_never_raise(body, ctype, url):
    fmt = detect_format(body, ctype, url)
    assert fmt in FORMATS
    text, enc = decode_html(body, ctype)
    assert isinstance(text, str) and isinstance(enc, str) and enc


@FUZZ_FORK
@given(GARBAGE, st.sampled_from(["pdf", "docx", "xlsx", "doc", "wps", "xls", "et", "ofd"]))
def test_read_document_garbage_is_an_error(body, fmt):
    """Every garbage body is an error with a reason (each call forks a parser child,
    hence fewer examples)."""
    res = read_document(fmt, body, timeout=30)
    assert isinstance(res.error, str) and res.error
    assert res.text == "" and res.tables == []


@FUZZ_FORK
@given(GARBAGE, st.sampled_from(["other", "html", "bogus"]))
def test_read_document_unsupported_formats(body, fmt):
    res = read_document(fmt, body)
    assert res.error == "unsupported format: %s" % fmt


# the DTD check of OOXML parts: whatever legal prolog comes before it (comments long
# enough to cross the reader's chunks, PIs, a BOM, UTF-16), a DOCTYPE is found, and a
# part without one is never refused
PROLOG_PART = st.sampled_from([b" ", b"\r\n", b"<!-- note -->", b"<!--" + b" " * 70_000 + b"-->", b"<?mso-application?>",
                               b"<!-- <w:document> -->"])


@FUZZ
@given(st.lists(PROLOG_PART, max_size=5), st.booleans(), st.booleans(), st.sampled_from(["utf-8", "bom", "utf-16"]))
def test_dtd_found_wherever_the_prolog_puts_it(parts, declaration, dtd, encoding):
    xml = ((b'<?xml version="1.0" encoding="UTF-8"?>' if declaration else b"") + b"".join(parts)
           + (b'<!DOCTYPE w [<!ENTITY a "aaaa">]>' if dtd else b"")
           + b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + (b"<w:p><w:r><w:t>&a;</w:t></w:r></w:p>" if dtd else b"") + b"</w:body></w:document>")
    if encoding == "bom":
        xml = b"\xef\xbb\xbf" + xml
    elif encoding == "utf-16":
        xml = xml.decode("utf-8").encode("utf-16")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("word/document.xml", xml)
        z.writestr("word/media/image1.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    reason = check_zip(buf.getvalue())
    if dtd:
        assert reason and "refused" in reason and "document.xml" in reason, reason
    else:
        assert reason is None, reason
