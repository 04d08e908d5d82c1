"""The catalogue (package data) and the normalisation every comparison uses."""
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from pipelines.metrics.catalog import (NormText, compact, label_core, load_catalog, parse_catalog,
                                       stem, strip_ordinals)
from pipelines.metrics.numbers import cn_to_int, find_mentions, parse_cell

SPEC = Path("/work/shared/spec/metrics.yaml")


def test_catalogue_loads_as_package_data():
    cat = load_catalog()
    assert "proactive.total" in cat and "requests2019.new@natural_person" in cat
    assert "requests2019.new@nobody" not in cat and "nothing.here" not in cat
    assert cat.unit("admin_fees.amount") == "万元"
    assert cat.columns["natural_person"] == "自然人"
    assert cat.column_of("商業企業") == "commercial"          # Traditional header
    assert cat.is_2008("reconsideration.total") and cat.is_2019("reconsideration.total")
    assert not cat.is_2008("outcome.granted")
    assert len(cat.keys) == len(set(cat.keys)) > 100


@pytest.mark.skipif(not SPEC.exists(), reason="the shared spec is not available here")
def test_catalogue_keys_equal_the_spec():
    spec = yaml.safe_load(SPEC.read_text("utf-8"))
    assert load_catalog().keys == [m["key"] for m in spec["metrics"]]
    assert load_catalog().columns == spec["columns"]


def test_parse_catalog_fields():
    cat = parse_catalog("version: 1\ncolumns: {total: 总计}\nmetrics:\n"
                        "- key: a.b\n  zh: 甲\n  unit: 件\n  template: ['2019']\n  columns: [total]\n  aliases: [乙]\n")
    e = cat.entries["a.b"]
    assert (e.zh, e.unit, e.template, e.columns, e.aliases, e.group, e.parent) == \
        ("甲", "件", ("2019",), ("total",), ("乙",), "a", "a")


@pytest.mark.parametrize("raw,core", [
    ("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "主动公开政府信息数"),
    ("其中：1.政府网站公开数", "政府网站公开数"),
    ("  2.政府公报数", "政府公报数"),
    ("(四)政府信息公開專項經費(不包括用于政府公報編輯管理及政府網站建設維", "政府信息公开专项经费"),
    ("三、本年度办理结果", "本年度办理结果"),
    ("6．属于四类过程性信息", "属于四类过程性信息"),
    ("①信访举报投诉类申请", "信访举报投诉类申请"),
    ("统  计  指  标", "统计指标"),
])
def test_label_core(raw, core):
    assert label_core(raw) == core


def test_compact_and_stem():
    assert compact("3.危及“三安全一稳定”") == compact("危及三安全一稳定")
    assert stem("（二）申请办结数") == "申请办结"
    assert stem("1.参加或举办新闻发布会总次数") == "参加或举办新闻发布会"
    assert strip_ordinals("其中:1.当面申请数") == "当面申请数"


def test_normtext_maps_back_to_the_original():
    src = "２０１７年，全市主動公開政府信息５０７７５６條（含網站）。\n第二行"
    nt = NormText.build(src)
    assert "2017年,全市主动公开政府信息507756条(含网站)。" in nt.text
    i = nt.text.index("主动公开")
    j = nt.text.index("条") + 1
    assert nt.original(i, j) == "主動公開政府信息５０７７５６條"
    assert nt.text.count("\n") == src.count("\n")


@given(st.text(alphabet="主動公開政府信息條件次１２３４５（）()，。、 \n\u3000abc", max_size=60))
def test_normtext_any_slice_is_a_substring(s):
    nt = NormText.build(s)
    assert len(nt.orig) == len(nt.text)
    for a in range(0, len(nt.text), 3):
        for b in range(a + 1, len(nt.text) + 1, 4):
            assert nt.original(a, b) in s


@pytest.mark.parametrize("cell,value,approx", [
    ("35", 35, False), ("1,234", 1234, False), ("4.80", 4.8, False), ("0", 0, False), ("-3", -3, False),
    ("+5", 5, False), ("减少2", -2, False), ("12件", 12, False), ("约300", 300, True), ("300余", 300, True),
    ("三十五", 35, False), ("１２", 12, False), ("2324.1", 2324.1, False), ("12.0", 12, False),
])
def test_parse_cell(cell, value, approx):
    cv = parse_cell(cell)
    assert cv.value == value and type(cv.value) is type(value) and cv.approximate is approx


@pytest.mark.parametrize("cell", ["", "  ", "—", "——", "/", "-", "无", "统计数", "2017年1月", "100%", "见附件"])
def test_not_a_cell_value(cell):
    assert parse_cell(cell) is None


def test_chinese_numerals():
    assert [cn_to_int(s) for s in ("三十五", "一百二十", "两千零八", "十", "一万二千", "二〇一七")] == \
        [35, 120, 2008, 10, 12000, 2017]
    assert cn_to_int("abc") is None


def test_mentions():
    ms = find_mentions("共发布信息23万余条，月均2万余条，收费6425.23万元，接待8万余人次，〔2017〕52号，第3次，2个月，占15%")
    assert [(m.value, m.unit, m.approximate) for m in ms] == [
        (230000, "条", True), (20000, "条", True), (6425.23, "万元", False), (80000, "人次", True)]
