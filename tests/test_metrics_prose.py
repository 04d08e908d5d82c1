"""Figures stated in sentences: each phrasing with the exact key, value and
approximation expected, and nothing else from the same sentence."""
import pytest
from hypothesis import given, settings, strategies as st

from pipelines.metrics import extract_metrics

HEADINGS = {
    "overview": "一、概述",
    "proactive": "二、主动公开政府信息情况",
    "requests": "三、依申请公开政府信息情况",
    "fees": "四、政府信息公开的收费及减免情况",
    "review": "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
    "problems": "六、存在的主要问题及改进措施",
    "focus": "三、重点领域信息公开情况",
    "other": "六、其他需要报告的事项",
}


def run(section, year, sentence):
    text = f"某市{year}年政府信息公开工作年度报告\n{HEADINGS[section]}\n{sentence}\n"
    metrics, flags = extract_metrics(text, [], year=year, source_url="http://example.gov.cn/a.html")
    return text, metrics


# (section, year, sentence, {key: (value, approximate)})
CASES = [
    ("overview", 2017, "2017年，全市共主动公开政府信息507756条，受理依申请公开35件，办结率100%。",
     {"proactive.total": (507756, False), "requests.received": (35, False)}),
    ("requests", 2017, "2017年，全市共受理依申请公开35件，其中当面申请1件、网上申请23件，信函申请11件。",
     {"requests.received": (35, False), "requests.received.in_person": (1, False),
      "requests.received.online": (23, False), "requests.received.mail": (11, False)}),
    ("review", 2017, "全市各级行政复议机关共受理有关政府信息公开的行政复议案件0件，行政诉讼案件6件，均已办结。",
     {"reconsideration.total": (0, False), "litigation.total": (6, False)}),
    ("proactive", 2017, "“抚州发布”微博及微信公众号全年共发布各类政务信息23万余条。",
     {"proactive.total": (230000, True)}),
    ("requests", 2016, "全年共受理政府信息公开申请三十五件。", {"requests.received": (35, False)}),
    ("fees", 2017, "全市各公开单位未收取与政府信息公开相关的费用。", {"fees.collected": (0, False)}),
    ("overview", 2017, "共有政府信息公开工作人员355人，其中专职人员127人，兼职人员228人。",
     {"staff.total": (355, False), "staff.full_time": (127, False), "staff.part_time": (228, False)}),
    ("overview", 2018, "全县从事政府信息公开工作的人员共71人，其中专职60人、兼职11人。",
     {"staff.total": (71, False), "staff.full_time": (60, False), "staff.part_time": (11, False)}),
    ("overview", 2018, "全年各政府信息公开查阅场所共接待查阅900余人次。", {"reading_points.visits": (900, True)}),
    ("overview", 2018, "截至2018年底，全县共开通政务微博24个、政务微信54个，新媒体公开渠道不断拓宽。",
     {"new_media.weibo_accounts": (24, False), "new_media.wechat_accounts": (54, False)}),
    ("requests", 2018, "在已答复的123件申请中，属于已主动公开范围31件，同意公开44件，同意部分公开10件，"
                       "不同意公开8件，不属于本行政机关公开范围12件，申请信息不存在12件，告知作出更改补充3件，"
                       "告知通过其他途径办理3件。",
     {"replies.total": (123, False), "replies.already_public": (31, False), "replies.granted": (44, False),
      "replies.partial": (10, False), "replies.denied": (8, False), "replies.not_own_agency": (12, False),
      "replies.nonexistent": (12, False), "replies.amend_notice": (3, False), "replies.other_channel": (3, False)}),
    ("requests", 2018, "申请办结226件，其中按时办结225件，延期办结1件。",
     {"requests.completed": (226, False), "requests.completed.on_time": (225, False),
      "requests.completed.extended": (1, False)}),
    ("proactive", 2018, "从公开渠道看，通过政府网站公开政府信息5459条，通过政府公报公开111条，通过政务微博公开2078条，"
                        "通过政务微信公开1305条，通过其他方式公开1324条。",
     {"proactive.website": (5459, False), "proactive.gazette": (111, False), "proactive.weibo": (2078, False),
      "proactive.wechat": (1305, False), "proactive.other": (1324, False)}),
    ("proactive", 2018, "回应公众关注热点或重大舆情4次，举办新闻发布会14次，发布政策解读稿件7篇。",
     {"response.hotspots": (4, False), "response.press_conferences": (14, False),
      "response.interpretations": (7, False)}),
    ("overview", 2017, "各地各部门共组织召开各类政府信息公开工作会议或专题会议20场，举办各类培训班32次，"
                       "接受政府信息公开培训600人次。",
     {"meetings.total": (20, False), "training.sessions": (32, False), "training.attendees": (600, False)}),
    ("fees", 2014, "本年度依申请公开信息收取检索、复制、邮寄等费用共计0.06万元，无减免情况。",
     {"fees.collected": (0.06, False)}),
    ("proactive", 2021, "本年制发规章4件，废止4件，现行有效10件；本年制发行政规范性文件2件，废止2件，现行有效85件。",
     {"rules.issued": (4, False), "rules.repealed": (4, False), "rules.in_force": (10, False),
      "normative.issued": (2, False), "normative.repealed": (2, False), "normative.in_force": (85, False)}),
    ("proactive", 2021, "本年行政许可处理决定52146件，行政处罚处理决定7659件，行政强制处理决定399件。"
                        "本年行政事业性收费金额6425.23万元。",
     {"licensing.decisions": (52146, False), "penalty.decisions": (7659, False),
      "enforcement.decisions": (399, False), "admin_fees.amount": (6425.23, False)}),
    ("proactive", 2019, "本年新制作规范性文件3件，新公开3件，对外公开规范性文件总数16件；政府集中采购项目13个，采购总金额428.1万元。",
     {"normative.new_made": (3, False), "normative.new_published": (3, False),
      "normative.published_total": (16, False), "procurement.items": (13, False),
      "procurement.amount": (428.1, False)}),
    ("proactive", 2020, "行政许可上一年项目数量15个，本年减少2个；作出行政许可决定1,024件。",
     {"licensing.items_prev": (15, False), "licensing.items_change": (-2, False),
      "licensing.decisions": (1024, False)}),
    ("requests", 2020, "全年共收到政府信息公开申请42件，办结40件，结转下年度继续办理2件。",
     {"requests2019.new@total": (42, False), "outcome.total@total": (40, False),
      "requests2019.carried_forward@total": (2, False)}),
    ("requests", 2017, "全年共收到政府信息公开申请42件，办结40件。",
     {"requests.received": (42, False), "requests.completed": (40, False)}),
    ("proactive", 2017, "2017年，全市各单位利用广播、电视、报纸、电子屏、宣传栏等方式公开各类政府信息61129条。",
     {"proactive.other": (61129, False)}),
    ("proactive", 2016, "全年主动公开政府信息约3000条。", {"proactive.total": (3000, True)}),
    ("proactive", 2017, "2017年，全区通过各种渠道公开政府信息总计32101条，其中，政府信息公开平台发布信息23591条。",
     {"proactive.total": (32101, False), "proactive.website": (23591, False)}),
    ("proactive", 2017, "2.新闻发布会。2017年，全市各单位共举办新闻发布会60场，其中，主要负责同志参加新闻发布会47次。",
     {"response.press_conferences": (60, False), "response.press_conferences.principal": (47, False)}),
    ("proactive", 2017, "(四)开展政策解读工作情况。2017年，发布政策解读稿件298篇，政府网站在线访谈93次。",
     {"response.interpretations": (298, False), "response.online_interviews": (93, False)}),
    ("proactive", 2017, "5.政务信息查询场所。2017年，全市各单位共建设有政务信息查询点100个。",
     {"org.reading_points": (100, False)}),
    ("proactive", 2016, "全年共主动公开2345条政府信息。", {"proactive.total": (2345, False)}),
    ("review", 2015, "收到有关政府信息公开的举报投诉2件，均已按规定处理。", {"complaints.total": (2, False)}),
    ("proactive", 2017, "2017年，全市各级各部门共制作政府信息42514条，其中：主动公开34073条，占80.15%。",
     {"proactive.produced": (42514, False)}),
    ("proactive", 2016, "全年累计主动公开政府信息3200条。", {"proactive.total": (3200, False)}),
    ("review", 2016, "全年共发生因政府信息公开申请提起行政复议2起、行政诉讼1起。",
     {"reconsideration.total": (2, False), "litigation.total": (1, False)}),
    ("overview", 2016, "全年举办政府信息公开培训班6期，培训人员480人次。",
     {"training.sessions": (6, False), "training.attendees": (480, False)}),
    ("requests", 2016, "不予公开3件（其中涉及国家秘密1件、涉及个人隐私2件）。",
     {"replies.denied": (3, False), "replies.denied.state_secret": (1, False), "replies.denied.privacy": (2, False)}),
    ("other", 2021, "依据《政府信息公开信息处理费管理办法》，本机关2021年度未收取信息处理费。",
     {"fees.collected": (0, False)}),
    # fees.collected is kept in the catalogue's 万元: 120 元 is 0.012 万元
    ("fees", 2016, "本年度共收取检索、复制费用120元。", {"fees.collected": (0.012, False)}),
    ("proactive", 2016, "全年主動公開政府信息六千五百四十三條。", {"proactive.total": (6543, False)}),
    ("review", 2020, "全年发生政府信息公开行政复议案件1件；行政诉讼案件0件。",
     {"reconsideration.total": (1, False)}),
    # a 其中 sub-item shares the verb of the clause before it (主动公开 … 其中规范性文件)
    ("proactive", 2016, "全年共主动公开政府信息2316条，其中规范性文件12条。",
     {"proactive.total": (2316, False), "proactive.normative_docs": (12, False)}),
    ("proactive", 2016, "全年共主动公开政府信息2316条，其中行政许可类1976条。", {"proactive.total": (2316, False)}),
]


@pytest.mark.parametrize("section,year,sentence,expected", CASES,
                         ids=[f"{i:02d}-{c[2][:12]}" for i, c in enumerate(CASES)])
def test_phrasing(section, year, sentence, expected):
    text, metrics = run(section, year, sentence)
    got = {m["key"]: m for m in metrics}
    assert set(got) == set(expected), f"keys {sorted(got)} != {sorted(expected)}"
    for key, (value, approx) in expected.items():
        m = got[key]
        assert m["value"] == value and type(m["value"]) is type(value), (key, m["value"])
        assert m["approximate"] is approx, key
        assert m["method"] == "narrative"
        assert m["evidence"] and m["evidence"] in text
        assert m["source_url"] == "http://example.gov.cn/a.html"


NOT_VALUES = [
    ("proactive", 2017, "《条例》实施以来，累计主动公开政府信息373127条。"),
    ("requests", 2017, "2017年,各级各部门受理…。《条例》实施以来共受理依申请公开信息1844条。"),
    ("proactive", 2016, "截至2016年底，累计主动公开政府信息96000条。"),
    ("requests", 2016, "依申请公开办结率100%，答复率达到100%。"),
    ("focus", 2017, "通过网上审批系统受理办件全市共86122件，办结86024件。"),
    ("overview", 2017, "印发《关于印发〈考评细则〉的通知》（抚府办发〔2017〕52号），联系电话：0794-8281715。"),
    ("review", 2018, "2018年，全市未发生因政府信息公开申请行政复议和提起行政诉讼的情况。"),
    ("proactive", 2017, "新闻发布会公开政府信息15条。"),
    ("problems", 2016, "部分单位专职人员仅3人，兼职人员多。"),
    ("proactive", 2016, "第3次全体会议于2016年12月20日召开，会期2天。"),
    ("requests", 2016, "申请内容主要涉及城乡建设（占45%）、社会保障（占30%）等方面。"),
    ("proactive", 2017, "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"),
    ("fees", 2017, "政府信息查询不收取申请人任何费用，如需复印，只收取复印成本费。"),
    ("proactive", 2017, "其中，行政许可类1976条，占5.8%；重大建设项目类1008条。"),
]


@pytest.mark.parametrize("section,year,sentence", NOT_VALUES, ids=[c[2][:14] for c in NOT_VALUES])
def test_not_a_value(section, year, sentence):
    _, metrics = run(section, year, sentence)
    assert metrics == []


def test_section_decides_the_key_group():
    # "办结" under 依申请 is requests.completed; the same words under 重点领域 are not
    text = ("2017年报告\n三、依申请公开政府信息情况\n全年受理依申请公开政府信息29件,办结29件,办结率100%。\n"
            "四、重点领域信息公开情况\n网上审批系统受理办件86122件，办结86024件。\n")
    metrics, _ = extract_metrics(text, [], year=2017, source_url="u")
    got = {m["key"]: m["value"] for m in metrics}
    assert got == {"requests.received": 29, "requests.completed": 29}


def test_own_section_beats_overview_and_first_wins():
    text = ("2017年报告\n一、概述\n今年共发布政策解读9条，另公开政策解读文件176条。\n"
            "二、主动公开政府信息的情况\n(四)开展政策解读工作情况。2017年,发布政策解读稿件298篇。\n")
    metrics, _ = extract_metrics(text, [], year=2017, source_url="u")
    got = {m["key"]: m for m in metrics}
    assert got["response.interpretations"]["value"] == 298
    assert "298篇" in got["response.interpretations"]["evidence"]
    assert len(metrics) == 1


def test_traditional_evidence_stays_traditional():
    text = ("青山湖區2018年政府信息公開工作年度報告\n二、主動公開政府信息情況\n"
            "全年主動公開政府信息6543條，其中主動公開規範性文件10條。\n"
            "三、依申請公開政府信息情況\n全年共受理政府信息公開申請228件，其中當面申請69件，網絡申請114件。\n")
    metrics, _ = extract_metrics(text, [], year=2018, source_url="u", script="traditional")
    got = {m["key"]: m for m in metrics}
    assert got["proactive.total"]["value"] == 6543
    assert got["proactive.normative_docs"]["value"] == 10
    assert got["requests.received.in_person"]["value"] == 69
    for m in metrics:
        assert m["evidence"] in text
    assert got["proactive.total"]["evidence"] == "全年主動公開政府信息6543條，其中主動公開規範性文件10條。"
    assert "網絡申請114件" in got["requests.received.online"]["evidence"]


def test_wrapped_pdf_lines_are_read_as_one_sentence():
    text = ("2019年报告\n二、主动公开政府信息情况\n"
            "本年新制作规范性文件3件，新公开3件，对外公开规范性文件总数14件；本年行政许可处理决定185\n"
            "件，行政处罚处理决定3件，行政强制处理决定0件；政府集中采购\n项目11个，采购总金额789.3万元。\n")
    metrics, _ = extract_metrics(text, [], year=2019, source_url="u")
    got = {m["key"]: m["value"] for m in metrics}
    assert got["licensing.decisions"] == 185
    assert got["penalty.decisions"] == 3
    assert got["procurement.items"] == 11 and got["procurement.amount"] == 789.3
    for m in metrics:
        assert m["evidence"] in text


def test_year_picks_the_template_of_a_shared_phrase():
    sentence = "全年共收到政府信息公开申请42件。"
    _, m2017 = run("requests", 2017, sentence)
    _, m2021 = run("requests", 2021, sentence)
    assert [m["key"] for m in m2017] == ["requests.received"]
    assert [m["key"] for m in m2021] == ["requests2019.new@total"]
    # without a year, a 2019-template table in the document decides
    text = ("报告\n三、收到和处理政府信息公开申请情况\n全年共收到政府信息公开申请42件。\n"
            "一、本年新收政府信息公开申请数量\t40\t2\t0\t0\t0\t0\t42\n")
    metrics, _ = extract_metrics(text, [], year=None, source_url="u")
    assert {m["key"] for m in metrics if m["method"] == "narrative"} == set()
    assert {m["key"]: m["value"] for m in metrics}["requests2019.new@total"] == 42

_PIECES = ["二、主动公开政府信息情况\n", "三、依申请公开情况\n", "受理政府信息公开申请", "主动公開政府信息", "办结",
           "12", "3.5", "三十", "余", "约", "件", "条", "人次", "万元", "，", "。", "（", "）", "\n", "\t", "|",
           "历年累计", "《条例》实施以来", "2017年", "第", "%", "自然人", "总计", "一、本年新收政府信息公开申请数量"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.sampled_from([None, 2016, 2021]))
def test_any_text_gives_honest_output(pieces, year):
    text = "".join(pieces)
    metrics, flags = extract_metrics(text, [], year=year, source_url="u")
    keys = [m["key"] for m in metrics]
    assert len(keys) == len(set(keys))
    for m in metrics:
        assert isinstance(m["value"], (int, float)) and not isinstance(m["value"], bool)
        if m["method"] == "narrative":
            assert m["evidence"] and m["evidence"] in text
    for f in flags:
        assert set(f) == {"rule", "message", "numbers"}
