"""Figures from tables, one fixture per table shape, in every form a table reaches
the extractor: structured with spans (HTML), structured without spans (XLSX/PDF:
merged cells empty; DOCX: merged cells repeated), flattened as tab rows, one cell
per line, and space-separated rows (PDF text)."""
import json
from pathlib import Path

import lxml.html
import pytest

from pipelines.metrics import extract_metrics
from pipelines.metrics.rows import grid_rows

FIX = Path(__file__).parent / "fixtures" / "metrics"
EXPECTED = json.loads((FIX / "tables_expected.json").read_text("utf-8"))
FIXTURES = sorted(EXPECTED)


def html_tables(path: Path) -> list:
    """The structured form of the page's tables: rows of {"text", "rowspan", "colspan"}."""
    doc = lxml.html.fromstring(path.read_bytes().decode("utf-8"))
    out = []
    for t in doc.iter("table"):
        rows = []
        for tr in t.iter("tr"):
            rows.append([{"text": " ".join(td.text_content().split()),
                          "rowspan": int(td.get("rowspan") or 1), "colspan": int(td.get("colspan") or 1)}
                         for td in tr if td.tag in ("td", "th")])
        out.append(rows)
    return out


def as_tab_text(tables) -> str:
    """The clean text's rendering: one row per line, its own cells joined by a tab."""
    return "\n".join("\t".join(c["text"] for c in row) for t in tables for row in t)


def without_spans(tables, repeat: bool) -> list:
    """Spans expanded into single cells: merged text repeated (DOCX) or only in the
    top-left cell (XLSX, PDF)."""
    out = []
    for t in tables:
        seen = set()
        rows = []
        for r in grid_rows(t):
            row = []
            for c in r.cells:
                first = c.origin not in seen
                row.append({"text": c.text if (repeat or first) else "", "rowspan": 1, "colspan": 1})
            seen.update(c.origin for c in r.cells)
            rows.append(row)
        out.append(rows)
    return out


def one_cell_per_line(tables) -> str:
    return "\n".join(c["text"] for t in tables for row in t for c in row if c["text"].strip())


def space_rows(tables) -> str:
    return "\n".join("  ".join(c["text"] for c in row if c["text"].strip()) for t in tables for row in t)


def values(metrics):
    got = {}
    for m in metrics:
        assert m["key"] not in got, f"two values for {m['key']}"
        got[m["key"]] = m["value"]
    return got


@pytest.mark.parametrize("name", FIXTURES)
def test_structured_tables(name):
    exp = EXPECTED[name]
    tables = html_tables(FIX / name)
    metrics, flags = extract_metrics("", tables, year=exp["year"], source_url="http://x/" + name)
    assert values(metrics) == exp["metrics"]
    assert all(m["method"] == "table" for m in metrics)
    assert flags == []      # the fixtures add up


@pytest.mark.parametrize("name", FIXTURES)
def test_structured_tables_with_their_text_are_read_once(name):
    exp = EXPECTED[name]
    tables = html_tables(FIX / name)
    text = as_tab_text(tables)
    metrics, flags = extract_metrics(text, tables, year=exp["year"], source_url="u")
    assert values(metrics) == exp["metrics"]
    assert [f for f in flags if f["rule"] in ("table_conflict", "table_narrative_mismatch")] == []


@pytest.mark.parametrize("name", FIXTURES)
def test_tab_rows_in_text(name):
    exp = EXPECTED[name]
    text = as_tab_text(html_tables(FIX / name))
    metrics, _ = extract_metrics(text, [], year=exp["year"], source_url="u")
    assert values(metrics) == exp["metrics"]
    lines = set(text.split("\n"))
    for m in metrics:
        assert m["evidence"] in lines      # the row as published


@pytest.mark.parametrize("repeat", [False, True], ids=["xlsx-pdf-like", "docx-like"])
@pytest.mark.parametrize("name", FIXTURES)
def test_tables_without_spans(name, repeat):
    exp = EXPECTED[name]
    tables = without_spans(html_tables(FIX / name), repeat)
    metrics, _ = extract_metrics("", tables, year=exp["year"], source_url="u")
    assert values(metrics) == exp["metrics"]


@pytest.mark.parametrize("render", [one_cell_per_line, space_rows], ids=["one-cell-per-line", "space-rows"])
@pytest.mark.parametrize("name", FIXTURES)
def test_flattened_without_empty_cells(name, render):
    """Empty cells vanish in these forms: a row that lost one is skipped, never shifted."""
    exp = EXPECTED[name]
    metrics, _ = extract_metrics(render(html_tables(FIX / name)), [], year=exp["year"], source_url="u")
    got = values(metrics)
    wrong = {k: v for k, v in got.items() if exp["metrics"].get(k) != v}
    assert wrong == {}
    assert len(got) >= 0.95 * len(exp["metrics"])


def test_evidence_is_the_row_as_published():
    tables = html_tables(FIX / "t2021.html")
    metrics, _ = extract_metrics("", tables, year=2021, source_url="u")
    ev = {m["key"]: m["evidence"] for m in metrics}
    assert ev["outcome.denied.process_info@total"] == "6．属于四类过程性信息\t2\t0\t0\t0\t0\t0\t2"
    assert ev["licensing.decisions"] == "行政许可\t1,234"
    assert ev["reconsideration.total"].split("\t") == ["2", "1", "0", "1", "4", "1", "0", "0", "1", "2",
                                                        "0", "0", "0", "0", "0"]


def test_units_as_stated():
    metrics, _ = extract_metrics("", html_tables(FIX / "t2008_cumulative.html"), year=2012, source_url="u")
    units = {m["key"]: m["unit"] for m in metrics}
    assert units["fees.collected"] == "万元" and units["training.attendees"] == "人次"
    assert units["proactive.total"] == "条"
    metrics, _ = extract_metrics("", html_tables(FIX / "t2021.html"), year=2021, source_url="u")
    assert {m["key"]: m["unit"] for m in metrics}["admin_fees.amount"] == "万元"


def test_cumulative_column_never_fills_a_key():
    text = ("统计指标\t单位\t统计数\t历年累计\n"
            "（一）主动公开政府信息数\t条\t\t14396\n"
            "其中：主动公开规范性文件数\t条\t37\t111\n")
    metrics, _ = extract_metrics(text, [], year=2012, source_url="u")
    assert values(metrics) == {"proactive.normative_docs": 37}
    # a table with only a cumulative figure column gives nothing
    text = "指标\t单位\t历年累计\n收到申请数\t件\t608\n当面申请数\t件\t115\n网络申请数\t件\t266\n"
    assert extract_metrics(text, [], year=2012, source_url="u")[0] == []


def test_section_four_alone_and_with_pdf_like_header():
    header = [["行政复议", "", "", "", "", "行政诉讼", "", "", "", "", "", "", "", "", ""],
              ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "",
               "复议后起诉", "", "", "", ""],
              ["", "", "", "", "", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
               "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
              ["3", "1", "0", "0", "4", "0", "2", "0", "1", "3", "1", "0", "0", "0", "1"]]
    table = [[{"text": t, "rowspan": 1, "colspan": 1} for t in r] for r in header]
    metrics, flags = extract_metrics("", [table], year=2022, source_url="u")
    got = values(metrics)
    assert got["reconsideration.upheld"] == 3 and got["reconsideration.total"] == 4
    assert got["litigation.direct.corrected"] == 2 and got["litigation.direct.pending"] == 1
    assert got["litigation.direct.total"] == 3 and got["litigation.after_review.upheld"] == 1
    assert len(got) == 15 and flags == []


def test_2008_table_variants_of_labels():
    # the older 指标统计表 (seed 001): its own labels, a year column and 历年累计
    text = ("指标名称\t计量单位\t2017\t历年累计\n主动公开文件数\t\t34073\t364686\n"
            "其中:1.政府网站公开数\t\t34073\t311468\n2.政府公报数\t\t0\t0\n"
            "受理政府信息公开申请总数\t\t154\t1844\n3.信函、传真申请数\t\t5\t176\n"
            "对申请的答复总数\t\t154\t1844\n4.其他类型答复数\t\t20\t81\n"
            "行政复议数\t\t0\t0\n行政诉讼数\t\t0\t0\n")
    metrics, _ = extract_metrics(text, [], year=2017, source_url="u")
    assert values(metrics) == {"proactive.total": 34073, "proactive.website": 34073, "proactive.gazette": 0,
                               "requests.received": 154, "requests.received.mail_fax": 5,
                               "replies.total": 154, "replies.other_type": 20,
                               "reconsideration.total": 0, "litigation.total": 0}


def test_same_label_under_two_groups():
    # 被依法纠错数 / 其他情形数 appear under both 行政复议 and 行政诉讼
    text = ("统计指标\t单位\t统计数\n四、行政复议数量\t件\t3\n（一）维持具体行政行为数\t件\t1\n"
            "（二）被依法纠错数\t件\t2\n（三）其他情形数\t件\t0\n五、行政诉讼数量\t件\t1\n"
            "（一）维持具体行政行为或者驳回原告诉讼请求数\t件\t0\n（二）被依法纠错数\t件\t1\n（三）其他情形数\t件\t0\n")
    got = values(extract_metrics(text, [], year=2016, source_url="u")[0])
    assert got == {"reconsideration.total": 3, "reconsideration.upheld": 1, "reconsideration.corrected": 2,
                   "reconsideration.other": 0, "litigation.total": 1, "litigation.upheld": 0,
                   "litigation.corrected": 1, "litigation.other": 0}


def test_xlsx_sheet_rows_with_label_padding():
    text = ("本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和\t\t\t申请人情况\t\t\t\t\t\t\n"
            "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计\n"
            "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n"
            "一、本年新收政府信息公开申请数量\t\t\t98\t33\t1\t2\t5\t6\t145\n"
            "三、本年度办理结果\t（一）予以公开\t\t52\t19\t1\t2\t2\t4\t80\n"
            "\t（三）不予公开\t1.属于国家秘密\t1\t1\t0\t0\t0\t1\t3\n"
            "\t（六）其他处理\t\t2\t1\t0\t0\t0\t0\t3\n")
    got = values(extract_metrics(text, [], year=2020, source_url="u")[0])
    assert got["requests2019.new@natural_person"] == 98 and got["requests2019.new@total"] == 145
    assert got["outcome.granted@other"] == 4
    assert got["outcome.denied.state_secret@total"] == 3
    assert got["outcome.other@natural_person"] == 2
    assert len(got) == 28


def test_a_bare_other_row_needs_its_group():
    # "3.其他" is outcome.other.other only under （六）其他处理
    rows = ("（五）不予处理\t5.要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0\n"
            "（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t1\t0\t0\t0\t0\t0\t1\n"
            "3.其他\t0\t2\t0\t0\t0\t0\t2\n")
    got = values(extract_metrics(rows, [], year=2022, source_url="u")[0])
    assert got["outcome.other.other@commercial"] == 2
    got = values(extract_metrics("3.其他\t0\t2\t0\t0\t0\t0\t2\n", [], year=2022, source_url="u")[0])
    assert got == {}


def test_layout_and_metadata_tables_give_nothing():
    tables = [[[{"text": "索引号：", "rowspan": 1, "colspan": 1}, {"text": "612494497/2020-GK-03737", "rowspan": 1, "colspan": 1}],
               [{"text": "生成日期：", "rowspan": 1, "colspan": 1}, {"text": "2020-01-19", "rowspan": 1, "colspan": 1}]],
              [[{"text": "本报告由安康市发展和改革委员会编制。" * 20, "rowspan": 1, "colspan": 3}]],
              []]
    assert extract_metrics("", tables, year=2019, source_url="u") == ([], [])


def test_header_wordings_vary():
    def t(rows):
        return [[{"text": x, "rowspan": 1, "colspan": 1} for x in r] for r in rows]
    s2 = t([["信息内容", "本年新制发件数", "本年度废止件数", "现行有效件数（件）"],
            ["规章", "1", "0", "7"], ["规范性文件", "3", "1", "40"]])
    s4 = t([["项目", "维持", "纠正", "其他", "尚未审结", "总计"],
            ["行政复议", "1", "0", "0", "1", "2"], ["复议后起诉", "0", "0", "1", "0", "1"]])
    got = values(extract_metrics("", [s2, s4], year=2022, source_url="u")[0])
    assert got == {"rules.issued": 1, "rules.repealed": 0, "rules.in_force": 7,
                   "normative.issued": 3, "normative.repealed": 1, "normative.in_force": 40,
                   "reconsideration.upheld": 1, "reconsideration.corrected": 0, "reconsideration.other": 0,
                   "reconsideration.pending": 1, "reconsideration.total": 2,
                   "litigation.after_review.upheld": 0, "litigation.after_review.corrected": 0,
                   "litigation.after_review.other": 1, "litigation.after_review.pending": 0,
                   "litigation.after_review.total": 1}


_S4_HEADS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
_S4_VALUES = ["1", "0", "1", "0", "2", "2", "0", "0", "1", "3", "1", "0", "0", "0", "1"]
_S4_WANT = {"reconsideration.upheld": 1, "reconsideration.corrected": 0, "reconsideration.other": 1,
            "reconsideration.pending": 0, "reconsideration.total": 2,
            "litigation.direct.upheld": 2, "litigation.direct.corrected": 0, "litigation.direct.other": 0,
            "litigation.direct.pending": 1, "litigation.direct.total": 3,
            "litigation.after_review.upheld": 1, "litigation.after_review.corrected": 0,
            "litigation.after_review.other": 0, "litigation.after_review.pending": 0,
            "litigation.after_review.total": 1}


@pytest.mark.parametrize("groups", [
    ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"],   # the group named in a note
    ["行政复议", "未经复议直接起诉", "复议后起诉"],                          # no 行政诉讼 row at all
    ["行政復議", "行政訴訟（未經復議直接起訴）", "行政訴訟（復議後起訴）"],   # Traditional
], ids=["paren", "bare", "traditional"])
@pytest.mark.parametrize("form", ["spans", "no-spans", "tab-text", "space-text"])
def test_section_four_with_two_header_rows(groups, form):
    """Section 四 with one group row (each group over 5 columns) instead of the official
    three header rows: the group words are found inside the cell, whatever the wording."""
    def cell(t, span=1):
        return {"text": t, "rowspan": 1, "colspan": span}
    if form == "spans":
        tables, text = [[[cell(g, 5) for g in groups], [cell(h) for h in _S4_HEADS * 3],
                         [cell(v) for v in _S4_VALUES]]], ""
    elif form == "no-spans":
        tables, text = [[[cell(x) for g in groups for x in (g, "", "", "", "")],
                         [cell(h) for h in _S4_HEADS * 3], [cell(v) for v in _S4_VALUES]]], ""
    else:
        sep = "\t" if form == "tab-text" else "  "
        tables, text = [], "\n".join(sep.join(r) for r in (groups, _S4_HEADS * 3, _S4_VALUES))
    metrics, flags = extract_metrics(text, tables, year=2020, source_url="u")
    assert values(metrics) == _S4_WANT
    assert flags == []


def test_section_four_result_words_only_use_the_official_column_order():
    # the group row lost (a header split off by a page break): fifteen figures under the
    # five result words three times are still section 四, in the official order
    table = [[{"text": t, "rowspan": 1, "colspan": 1} for t in r] for r in (_S4_HEADS * 3, _S4_VALUES)]
    assert values(extract_metrics("", [table], year=2020, source_url="u")[0]) == _S4_WANT
    # fifteen figures under some other header are not
    other = [[{"text": t, "rowspan": 1, "colspan": 1} for t in r]
             for r in (["项目"] + ["结果维持"] * 14, _S4_VALUES)]
    got = values(extract_metrics("", [other], year=2020, source_url="u")[0])
    assert not any(k.startswith("litigation.") for k in got)
