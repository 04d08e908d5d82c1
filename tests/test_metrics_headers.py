"""Column headers as reports really print them: a measure word of the standard tables
with a wrong character (结果纠证, 尚末审结, 本年废上件数). The header maps when it is
clearly the closest measure word, or when its place in the template's column order
settles it; a tie stays unmapped and is recorded, and the other columns are read all
the same. The examples are written in no particular portal's conventions."""
from pipelines.metrics import extract_metrics
from pipelines.metrics.columns import expected_at, map_columns
from pipelines.metrics.catalog import load_catalog
from pipelines.metrics.vocab import vocab_for

RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
VALUES = ["5", "2", "1", "0", "8", "3", "1", "0", "2", "6", "1", "1", "0", "0", "2"]
WANT = dict(zip([f"{p}.{s}" for p in ("reconsideration", "litigation.direct", "litigation.after_review")
                 for s in ("upheld", "corrected", "other", "pending", "total")], map(int, VALUES)))


def c(text, rs=1, cs=1):
    return {"text": text, "rowspan": rs, "colspan": cs}


def section4(block1, block2, block3, values=VALUES):
    """Section 四 as an HTML table with spans: 行政复议 | 行政诉讼 (two halves)."""
    return [[c("行政复议", cs=5), c("行政诉讼", cs=10)],
            [*(c(t, rs=2) for t in block1), c("未经复议直接起诉", cs=5), c("复议后起诉", cs=5)],
            [*(c(t) for t in block2), *(c(t) for t in block3)],
            [c(v) for v in values]]


def by_key(metrics):
    return {m["key"]: m["value"] for m in metrics}


def rules(flags, prefix):
    return [f for f in flags if f["rule"].startswith(prefix)]


def test_typos_in_every_block_are_read_by_margin_or_place():
    # 纠证: 1 edit from 结果纠正, 2 from 结果维持 — the place (after 维持) settles it;
    # 尚末审结: clearly 尚未审结
    table = section4(["结果维持", "结果纠证", "其他结果", "尚未审结", "总计"],
                     ["结果维持", "结果纠正", "其他结果", "尚末审结", "总计"],
                     ["结果维持", "结果纠证", "其他结果", "尚未审结", "总计"])
    metrics, flags = extract_metrics("", [table], year=2022, source_url="u")
    got = by_key(metrics)
    assert {k: got.get(k) for k in WANT} == WANT
    fuzzy = rules(flags, "column_header_fuzzy")
    assert any("reconsideration.corrected" in f["message"] for f in fuzzy)
    assert any("litigation.direct.pending" in f["message"] for f in fuzzy)
    assert any("litigation.after_review.corrected" in f["message"] for f in fuzzy)


def test_a_tied_header_stays_unmapped_and_the_rest_is_read():
    # 结果纠持 is one edit from both 结果纠正 and 结果维持: never guessed
    table = section4(["结果维持", "结果纠持", "其他结果", "尚未审结", "总计"], RESULTS, RESULTS)
    metrics, flags = extract_metrics("", [table], year=2022, source_url="u")
    got = by_key(metrics)
    assert "reconsideration.corrected" not in got
    assert {k: got[k] for k in WANT if k != "reconsideration.corrected"} == \
        {k: v for k, v in WANT.items() if k != "reconsideration.corrected"}
    miss = rules(flags, "column_header_unmapped")
    assert miss and "结果纠持" in miss[0]["message"]


def test_the_place_never_overrides_a_closer_other_word():
    # a typo'd 纠正 printed where the template puts 尚未审结: its closeness points one
    # way, its place another, so it is left unmapped rather than guessed
    ms = vocab_for(load_catalog()).measures["reconsideration"]
    notes = []
    got = map_columns(["结果维持", "其他结果", "结果纠证", "总计"], ms, notes, "reconsideration")
    assert got == ["upheld", "other", None, "total"]
    assert rules(notes, "column_header_unmapped")


def test_expected_column_counts_from_the_nearest_read_column():
    assert expected_at(1, ["upheld", None, "other"]) == ("corrected",)
    assert expected_at(0, [None, "repealed", "in_force"]) == ("issued",)
    assert expected_at(0, [None, None]) == ()


def test_a_section_2_measure_with_a_typo():
    # 废上 for 废止, 行政规范性文件 rows; a one-column header with a typo (处理决走)
    table = [[c("第二十条第（一）项", cs=4)],
             [c("信息内容"), c("本年制发件数"), c("本年废上件数"), c("现行有效件数")],
             [c("规章"), c("1"), c("0"), c("12")],
             [c("行政规范性文件"), c("7"), c("3"), c("95")],
             [c("第二十条第（五）项", cs=2)],
             [c("信息内容"), c("本年处理决走数量")],
             [c("行政许可"), c("406")]]
    metrics, flags = extract_metrics("", [table], year=2022, source_url="u")
    got = by_key(metrics)
    assert {k: got.get(k) for k in ("rules.issued", "rules.repealed", "rules.in_force", "normative.issued",
                                    "normative.repealed", "normative.in_force", "licensing.decisions")} == \
        {"rules.issued": 1, "rules.repealed": 0, "rules.in_force": 12, "normative.issued": 7,
         "normative.repealed": 3, "normative.in_force": 95, "licensing.decisions": 406}


def test_a_header_row_with_two_typos_is_still_a_header():
    # two of four header cells misprinted: still the measure header (nothing read as a label)
    table = [[c("信息内容"), c("本年新制做数量"), c("本年新公升数量"), c("对外公开总数量")],
             [c("规章"), c("2"), c("2"), c("40")]]
    metrics, _ = extract_metrics("", [table], year=2020, source_url="u")
    got = by_key(metrics)
    assert {k: got.get(k) for k in ("rules.new_made", "rules.new_published", "rules.published_total")} == \
        {"rules.new_made": 2, "rules.new_published": 2, "rules.published_total": 40}


def test_the_same_section_4_as_tab_lines():
    # flattened into text (a PDF): the header lines carry the typo, the 15 figures follow
    text = "\n".join(["四、政府信息公开行政复议、行政诉讼情况",
                      "行政复议\t行政诉讼",
                      "结果维持\t结杲纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉",
                      "\t".join(["结果维持", "结果纠证", "其他结果", "尚未审结", "总计"] * 2),
                      "\t".join(VALUES)])
    metrics, _ = extract_metrics(text, [], year=2022, source_url="u")
    got = by_key(metrics)
    assert {k: got.get(k) for k in WANT} == WANT
