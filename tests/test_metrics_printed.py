"""Numbers and row labels as reports really print them: full-width digits, grouped
thousands, dashes for nil, Chinese numerals in sentences, amounts in 元, and row
labels with a wrong or a dropped character. The examples are written in the
conventions of no particular portal (tables as structured rows, as tab lines, as
XLSX-like rows without spans)."""
import pytest

from pipelines.metrics import extract_metrics
from pipelines.metrics.fuzzy import allowed_edits, closest_key, next_keys
from pipelines.metrics.numbers import cell_value, find_mentions, in_unit, is_zero_mark, parse_cell


def cells(*rows):
    return [[{"text": t, "rowspan": 1, "colspan": 1} for t in r] for r in rows]


def by_key(metrics):
    return {m["key"]: m for m in metrics}


# --- cells --------------------------------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("２０７", 207), ("3,406", 3406), ("３，４０６", 3406), ("3 406", 3406), ("3\u2009406", 3406),
    ("1 204 330", 1204330), ("０", 0), ("0.35", 0.35), ("１２件", 12),
])
def test_digits_as_printed(text, value):
    assert parse_cell(text).value == value


@pytest.mark.parametrize("mark", ["—", "-", "/", "／", "－", "——", "– ", " — ", "无"])
def test_a_dash_in_a_figure_cell_is_a_stated_zero(mark):
    assert is_zero_mark(mark)
    assert parse_cell(mark) is None            # not a figure as text …
    assert cell_value(mark).value == 0         # … but 0 where a figure stands


@pytest.mark.parametrize("blank", ["", "  ", "空", None])
def test_an_empty_cell_is_no_value(blank):
    assert cell_value(blank) is None


def test_percentages_are_not_counts():
    assert parse_cell("12%") is None and parse_cell("１２．５％") is None
    assert cell_value("100%") is None


# --- sentences ----------------------------------------------------------------------

@pytest.mark.parametrize("sentence,value,approx", [
    ("全年受理申请十二件", 12, False),
    ("全年受理申请一百零五件", 105, False),
    ("全年受理申请两件", 2, False),
    ("全年受理申请二十余件", 20, True),      # not exact: kept, marked approximate
    ("全年受理申请 1 204 件", 1204, False),
    ("全年受理申请１，２０４件", 1204, False),
])
def test_numbers_in_sentences(sentence, value, approx):
    import unicodedata
    ms = find_mentions(unicodedata.normalize("NFKC", sentence))
    assert [(m.value, m.approximate) for m in ms] == [(value, approx)]


def test_a_rate_next_to_a_count_is_not_a_count():
    text = "三、依申请公开政府信息情况\n本年度办结率达100%，办结申请８件，同比增长12.5%。\n"
    got = {m["key"]: m["value"] for m in extract_metrics(text, [], year=2016, source_url="u")[0]}
    assert got == {"requests.completed": 8}


def test_chinese_numerals_in_a_report_text():
    text = ("甲乡2016年政府信息公开工作年度报告\n三、依申请公开政府信息情况\n"
            "本年度共收到政府信息公开申请十二件，办结一百零五件。\n")
    got = {m["key"]: (m["value"], m["approximate"]) for m in extract_metrics(text, [], year=2016, source_url="u")[0]}
    assert got == {"requests.received": (12, False), "requests.completed": (105, False)}


# --- amounts ------------------------------------------------------------------------

def test_amounts_are_kept_in_the_catalogue_unit():
    assert in_unit(350, "元", "万元") == (0.035, "万元")
    assert in_unit(2.5, "万元", "万元") == (2.5, "万元")
    assert in_unit(7, "件", "条") == (7, "件")       # the same count in another word


def test_a_fee_row_printed_in_yuan():
    tables = [cells(["指标名称", "单位", "本年数"],
                    ["依申请公开信息收取的费用", "元", "1,280"])]
    m = by_key(extract_metrics("", tables, year=2015, source_url="u")[0])["fees.collected"]
    assert (m["value"], m["unit"]) == (0.128, "万元")
    assert m["evidence"] == "依申请公开信息收取的费用\t元\t1,280"


def test_a_fee_sentence_in_yuan():
    text = "四、政府信息公开的收费及减免情况\n本年度收取复印费用共计260元。\n"
    m = by_key(extract_metrics(text, [], year=2015, source_url="u")[0])["fees.collected"]
    assert (m["value"], m["unit"], m["method"]) == (0.026, "万元", "narrative")


# --- tables with dashes and full-width digits ------------------------------------------

TABLE_2008 = [
    ["指标名称", "单位", "本年数"],
    ["一、主动公开情况", "——", ""],
    ["（一）主动公开政府信息数", "条", "２，４１０"],
    ["其中：主动公开规范性文件数", "条", "—"],
    ["（二）制发规范性文件总数", "件", ""],
    ["六、依申请公开信息收取的费用", "万元", "/"],
]


def test_a_2008_table_with_dashes_and_full_width_digits():
    metrics, flags = extract_metrics("", [cells(*TABLE_2008)], year=2016, source_url="u")
    got = {m["key"]: m["value"] for m in metrics}
    # the heading row's "——" (in the unit column) is nothing; the empty cell is no value
    assert got == {"proactive.total": 2410, "proactive.normative_docs": 0, "fees.collected": 0}
    assert not [f for f in flags if f["rule"].startswith("row_label")]     # headings are not typos


def test_the_same_table_as_tab_lines():
    text = "\n".join("\t".join(r) for r in TABLE_2008)
    got = {m["key"]: m["value"] for m in extract_metrics(text, [], year=2016, source_url="u")[0]}
    assert got == {"proactive.total": 2410, "proactive.normative_docs": 0, "fees.collected": 0}


S3_HEADER = [["申请人情况", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
             ["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]]


def s3_table(*rows):
    return [[{"text": t, "rowspan": 1, "colspan": 2 if i == 0 and len(r) == 8 else 1} for i, t in enumerate(r)]
            for r in [*S3_HEADER, *rows]]


def test_a_2019_row_of_dashes_is_a_row_of_zeros():
    table = s3_table(["一、本年新收政府信息公开申请数量", "６", "—", "—", "—", "—", "1", "７"],
                     ["二、上年结转政府信息公开申请数量", "-", "-", "-", "-", "-", "-", "-"])
    got = {m["key"]: m["value"] for m in extract_metrics("", [table], year=2020, source_url="u")[0]}
    assert got["requests2019.new@natural_person"] == 6 and got["requests2019.new@commercial"] == 0
    assert got["requests2019.new@total"] == 7
    assert all(got[f"requests2019.carried_over@{c}"] == 0 for c in
               ("natural_person", "commercial", "research", "public_interest", "legal_service", "other", "total"))


# --- row labels with typos --------------------------------------------------------------

def test_edit_allowance_grows_with_the_label():
    assert allowed_edits(4) == 1 and allowed_edits(12) == 2 and allowed_edits(30) == 3


def test_closest_key_needs_a_clear_winner():
    choices = {"政务微博公开政府信息": {"a"}, "政务微信公开政府信息": {"b"}, "政府网站公开政府信息": {"c"}}
    assert closest_key(["政府网站公开政府信總"], choices) == ("c", None)     # one edit, others far
    key, miss = closest_key(["政务微X公开政府信息"], choices)               # as close to a as to b
    assert key is None and set(miss.distances) >= {"a", "b"}
    assert closest_key(["完全无关的一行文字"], choices) == (None, None)
    assert next_keys(["a", "b", "c", "d"], "b", 2) == ("c", "d")


def test_2008_labels_with_a_wrong_or_a_dropped_character():
    table = cells(["指标名称", "单位", "本年数"],
                  ["（一）主动公开政府信息数", "条", "1,530"],
                  ["其中：主动公开规范性文件数", "条", "12"],
                  ["（二）制发规范性文件总", "件", "9"],              # 数 dropped
                  ["（一）收到申请数", "件", "44"],
                  ["1.当面申清数", "件", "3"])                        # 请 -> 清
    metrics, flags = extract_metrics("", [table], year=2016, source_url="u")
    got = {m["key"]: m["value"] for m in metrics}
    assert got == {"proactive.total": 1530, "proactive.normative_docs": 12, "proactive.normative_issued": 9,
                   "requests.received": 44, "requests.received.in_person": 3}
    fuzzy = [f for f in flags if f["rule"] == "row_label_fuzzy"]
    assert len(fuzzy) == 2 and "当面申清数" in fuzzy[1]["message"]


def test_a_label_between_two_official_labels_is_left_unmapped_and_recorded():
    table = cells(["指标名称", "单位", "本年数"],
                  ["（一）主动公开政府信息数", "条", "1,530"],
                  ["政务微X公开政府信息数", "条", "77"])       # 微博 or 微信?
    metrics, flags = extract_metrics("", [table], year=2016, source_url="u")
    assert {m["key"] for m in metrics} == {"proactive.total"}
    miss = [f for f in flags if f["rule"] == "row_label_unmapped"]
    assert len(miss) == 1 and {"proactive.weibo", "proactive.wechat"} <= set(miss[0]["numbers"])


def test_a_2019_label_with_a_typo_keeps_its_applicant_columns():
    table = s3_table(["一、本年新收政府信息公开申请数量", "5", "0", "0", "0", "0", "0", "5"],
                     ["二、上年结转政府信息公开申请数", "1", "0", "0", "0", "0", "0", "1"],   # 量 dropped
                     ["（一）予以公开", "4", "0", "0", "0", "0", "0", "4"])
    got = {m["key"]: m["value"] for m in extract_metrics("", [table], year=2020, source_url="u")[0]}
    assert got["requests2019.carried_over@natural_person"] == 1
    assert got["requests2019.carried_over@total"] == 1 and got["outcome.granted@total"] == 4


def test_an_entity_typo_is_settled_by_the_template_order():
    header = ["信息内容", "本年处理决定数量"]
    table = cells(header, ["行政许可", "120"], ["行政处法", "35"], ["行政强制", "4"])   # 罚 -> 法
    got = {m["key"]: m["value"] for m in extract_metrics("", [table], year=2020, source_url="u")[0]}
    assert got == {"licensing.decisions": 120, "penalty.decisions": 35, "enforcement.decisions": 4}


def test_labels_are_never_stretched_onto_another_table():
    # a table of another kind (no official header, no official row): nothing is read
    table = cells(["栏目", "条数"], ["主动公开政府信思数", "88"])
    assert extract_metrics("", [table], year=2016, source_url="u")[0] == []


def test_a_unit_in_the_value_header():
    tables = [cells(["指标名称", "单位", "本年数（单位：元）"], ["依申请公开信息收取的费用", "", "350"])]
    m = by_key(extract_metrics("", tables, year=2015, source_url="u")[0])["fees.collected"]
    assert (m["value"], m["unit"]) == (0.035, "万元")


def test_a_typo_row_in_pdf_text_with_spaces():
    text = ("指标名称 单位 本年数\n（一）收到申请数 件 12\n1.当面申清数 件 3\n2.传真申请数 件 ―\n"
            "3.网络申请数 件 9\n（二）申请办结数 件 12\n")
    got = {m["key"]: m["value"] for m in extract_metrics(text, [], year=2015, source_url="u")[0]}
    assert got == {"requests.received": 12, "requests.received.in_person": 3, "requests.received.fax": 0,
                   "requests.received.online": 9, "requests.completed": 12}


@pytest.mark.parametrize("sentence", ["受理申请数十件", "发布信息几百条", "接待群众三四次", "办理一两件"])
def test_vague_and_ranged_numerals_are_no_figures(sentence):
    assert find_mentions(sentence) == []


def test_a_numeral_written_digit_by_digit_with_a_zero():
    assert [m.value for m in find_mentions("办结一〇五件")] == [105]
    assert [m.value for m in find_mentions("申请数十二件")] == [12]


def _mutations():
    """Every label and header cell of the table fixtures with one character wrong or gone."""
    import copy
    import re
    from test_metrics_tables import EXPECTED, FIX, FIXTURES, html_tables
    for name in FIXTURES:
        tables = html_tables(FIX / name)
        for ti, t in enumerate(tables):
            for ri, row in enumerate(t):
                for ci, c in enumerate(row):
                    txt = c["text"]
                    core = re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]", "", txt)
                    if len(core) < 5 or parse_cell(txt) is not None:
                        continue
                    pos = len(txt) - len(core) + len(core) // 2
                    for new in (txt[:pos] + "厶" + txt[pos + 1:], txt[:pos] + txt[pos + 1:]):
                        tt = copy.deepcopy(tables)
                        tt[ti][ri][ci]["text"] = new
                        yield name, EXPECTED[name], tt


def test_a_typo_anywhere_in_a_table_never_gives_a_wrong_figure():
    wrong, lost, total = [], 0, 0
    for name, exp, tables in _mutations():
        got = {m["key"]: m["value"] for m in extract_metrics("", tables, year=exp["year"], source_url="u")[0]}
        total += 1
        wrong += [(name, k, v) for k, v in got.items() if exp["metrics"].get(k) != v]
        lost += bool(set(exp["metrics"]) - set(got))
    assert wrong == []
    # most rows survive their typo (header words of two characters, 制发 …, cannot)
    assert total > 200 and lost <= total // 6, (lost, total)


def test_an_applicant_column_with_a_typo():
    from pipelines.metrics.catalog import load_catalog
    cat = load_catalog()
    assert cat.column_of("社会公义组织") == "public_interest" and cat.column_of("法律服务机够") == "legal_service"
    assert cat.column_of("其它") == "other" and cat.column_of("行政机关") is None
