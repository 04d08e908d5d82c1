"""The official statistics tables, laid out from a report's figures (the 2008 template, and the
2019-original and 2021 forms' sections 二, 三 and 四). Totals are computed from their parts and the
official sums are asserted, so a typo in the figures fails the build."""
from __future__ import annotations

from nianbao.demo.world.forms import COLS, DENIED, NOT_PROCESSED, OTHER_2021, TABLE_2008, UNABLE


def num(v, sep: bool = False) -> str:
    """A figure as a report prints it (4.8, 0, 7344.05; never 4.80 or 1e3); with sep, thousands
    separated (12,486 / 2,345.67) as some portals print them."""
    s = ("%.2f" % v).rstrip("0").rstrip(".") if isinstance(v, float) else str(v)
    if sep:
        whole, _, frac = s.lstrip("-").partition(".")
        s = ("-" if s.startswith("-") else "") + "{:,}".format(int(whole)) + ("." + frac if frac else "")
    return s


def check_2008(m: dict) -> None:
    """The sums an official 2008 table must satisfy; a typo in the figures fails the build."""
    def s(*keys):
        return sum(m.get(k, 0) for k in keys)
    assert m["requests.received"] == s("requests.received.in_person", "requests.received.fax",
                                       "requests.received.online", "requests.received.mail")
    assert m["requests.completed"] == s("requests.completed.on_time", "requests.completed.extended")
    assert m["replies.total"] == s("replies.already_public", "replies.granted", "replies.partial", "replies.denied",
                                   "replies.not_own_agency", "replies.nonexistent", "replies.amend_notice",
                                   "replies.other_channel")
    assert m["replies.denied"] == s(*[k for k in m if k.startswith("replies.denied.")])
    assert m["reconsideration.total"] == s("reconsideration.upheld", "reconsideration.corrected", "reconsideration.other")
    assert m["litigation.total"] == s("litigation.upheld", "litigation.corrected", "litigation.other")
    assert m["staff.total"] == s("staff.full_time", "staff.part_time")
    assert m["requests.completed"] <= m["requests.received"]


def table_2008(m: dict, cumulative: dict | None = None, sep: bool = False):
    """Rows of the 2008 statistics table; with `cumulative`, the older variant's 历年累计 column;
    with `sep`, figures printed with thousands separators."""
    check_2008(m)
    head = ["统计指标", "单位", "统计数"] + (["历年累计"] if cumulative is not None else [])
    rows = [head]
    for key, label, unit in TABLE_2008:
        row = [label, unit, num(m[key], sep) if key else ""]
        if cumulative is not None:
            row.append(num(cumulative[key], sep) if key else "")
        rows.append(row)
    return rows


def section2_2021(d: dict, sep: bool = False, blank_rules: bool = False):
    """2021 revision, 二、主动公开政府信息情况 (第二十条). With `sep`, thousands separators; with
    `blank_rules`, the 规章 figures left empty (bodies that cannot make rules print nothing there)."""
    def n(k):
        return "" if blank_rules and k.startswith("rules.") else num(d[k], sep)
    return [
        [("第二十条第（一）项", 1, 4)],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", n("rules.issued"), n("rules.repealed"), n("rules.in_force")],
        ["行政规范性文件", n("normative.issued"), n("normative.repealed"), n("normative.in_force")],
        [("第二十条第（五）项", 1, 4)],
        ["信息内容", ("本年处理决定数量", 1, 3)],
        ["行政许可", (n("licensing.decisions"), 1, 3)],
        [("第二十条第（六）项", 1, 4)],
        ["信息内容", ("本年处理决定数量", 1, 3)],
        ["行政处罚", (n("penalty.decisions"), 1, 3)],
        ["行政强制", (n("enforcement.decisions"), 1, 3)],
        [("第二十条第（八）项", 1, 4)],
        ["信息内容", ("本年收费金额（单位：万元）", 1, 3)],
        ["行政事业性收费", (n("admin_fees.amount"), 1, 3)],
    ]


def section2_2019(d: dict, sep: bool = False):
    """2019-original form, 二、主动公开政府信息情况 (第二十条); with `sep`, thousands separators."""
    def n(k):
        return num(d[k], sep)
    return [
        [("第二十条第（一）项", 1, 4)],
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", n("rules.new_made"), n("rules.new_published"), n("rules.published_total")],
        ["规范性文件", n("normative.new_made"), n("normative.new_published"), n("normative.published_total")],
        [("第二十条第（五）项", 1, 4)],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", n("licensing.items_prev"), n("licensing.items_change"), n("licensing.decisions")],
        ["其他对外管理服务事项", n("other_services.items_prev"), n("other_services.items_change"),
         n("other_services.decisions")],
        [("第二十条第（六）项", 1, 4)],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政处罚", n("penalty.items_prev"), n("penalty.items_change"), n("penalty.decisions")],
        ["行政强制", n("enforcement.items_prev"), n("enforcement.items_change"), n("enforcement.decisions")],
        [("第二十条第（八）项", 1, 4)],
        ["信息内容", "上一年项目数量", ("本年增/减", 1, 2)],
        ["行政事业性收费", n("admin_fees.items_prev"), (n("admin_fees.items_change"), 1, 2)],
        [("第二十条第（九）项", 1, 4)],
        ["信息内容", "采购项目数量", ("采购总金额", 1, 2)],
        ["政府集中采购", n("procurement.items"), (n("procurement.amount"), 1, 2)],
    ]


def section3_head(layout: str = "std"):
    """The header rows of section 三 as real tables draw them:
    std    the official 3 header rows (corner note spanning 3x3, 申请人情况 over 7 columns)
    two    2 header rows, no 申请人情况 row: the corner note spans 2x3 beside 自然人 / 法人或其他组织 / 总计
    th3    3 header rows whose corner is three separate empty cells (Word tables split that way)"""
    note = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"
    subcols = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    if layout == "std":
        return [[(note, 3, 3), ("申请人情况", 1, 7)],
                [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)], subcols]
    if layout == "two":
        return [[(note, 2, 3), ("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)], subcols]
    if layout == "th3":
        return [[("", 3, 1), ("", 3, 1), ("", 3, 1), ("申请人情况", 1, 7)],
                [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)], subcols]
    raise ValueError(layout)


def section3(v: dict, revision: str, layout: str = "std", blank_zero: bool = False):
    """三、收到和处理政府信息公开申请情况, laid out like the official form (header rows per
    `section3_head(layout)`; 本年度办理结果 spanning its sub-rows). `v` holds the six applicant
    columns of every leaf row; the 总计 column, the （七）总计 row and 结转下年度 are
    computed. With `blank_zero`, a 0 in an applicant column is printed as an empty cell and
    is no metric (a blank states no value). Returns (rows, metrics {key@column: value})."""
    assert revision in ("2019", "2021")
    outcome_keys = ["outcome.granted", "outcome.partial"] + ["outcome.denied." + k for k, _ in DENIED] \
        + ["outcome.unable." + k for k, _ in UNABLE] + ["outcome.not_processed." + k for k, _ in NOT_PROCESSED] \
        + (["outcome.other." + k for k, _ in OTHER_2021] if revision == "2021" else ["outcome.other"])
    vals = {k: list(v.get(k, [0] * 6)) for k in ["requests2019.new", "requests2019.carried_over"] + outcome_keys}
    vals["outcome.total"] = [sum(vals[k][i] for k in outcome_keys) for i in range(6)]
    vals["requests2019.carried_forward"] = [
        vals["requests2019.new"][i] + vals["requests2019.carried_over"][i] - vals["outcome.total"][i] for i in range(6)]
    assert min(vals["requests2019.carried_forward"]) >= 0, vals["requests2019.carried_forward"]
    for k in vals:
        assert len(vals[k]) == 6, k
        vals[k] = vals[k] + [sum(vals[k])]

    def blank(i, x):
        return blank_zero and i < 6 and x == 0
    metrics = {"%s@%s" % (k, col): vals[k][i] for k in vals for i, col in enumerate(COLS + ["total"])
               if not blank(i, vals[k][i])}

    def r(k):
        return ["" if blank(i, x) else str(x) for i, x in enumerate(vals[k])]
    n_result = 2 + len(DENIED) + len(UNABLE) + len(NOT_PROCESSED) + (len(OTHER_2021) if revision == "2021" else 1) + 1
    rows = section3_head(layout) + [
        [("一、本年新收政府信息公开申请数量", 1, 3)] + r("requests2019.new"),
        [("二、上年结转政府信息公开申请数量", 1, 3)] + r("requests2019.carried_over"),
        [("三、本年度办理结果", n_result, 1), ("（一）予以公开", 1, 2)] + r("outcome.granted"),
        [("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2)] + r("outcome.partial"),
    ]
    for group, label, items in (("outcome.denied.", "（三）不予公开", DENIED),
                                ("outcome.unable.", "（四）无法提供", UNABLE),
                                ("outcome.not_processed.", "（五）不予处理", NOT_PROCESSED)) + (
            (("outcome.other.", "（六）其他处理", OTHER_2021),) if revision == "2021" else ()):
        for i, (k, sub) in enumerate(items):
            rows.append(([(label, len(items), 1)] if i == 0 else []) + [sub] + r(group + k))
    if revision == "2019":
        rows.append([("（六）其他处理", 1, 2)] + r("outcome.other"))
    rows.append([("（七）总计", 1, 2)] + r("outcome.total"))
    rows.append([("四、结转下年度继续办理", 1, 3)] + r("requests2019.carried_forward"))
    return rows, metrics


def section4_head(layout: str = "std"):
    """The header rows of section 四. std: the official 3 header rows; flat: 2 header rows
    (行政复议 | 未经复议直接起诉 | 复议后起诉, each over 5 columns), as some portals publish it."""
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    if layout == "std":
        return [[("行政复议", 1, 5), ("行政诉讼", 1, 10)],
                [(h, 2, 1) for h in heads] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
                heads + heads]
    if layout == "flat":
        return [[("行政复议", 1, 5), ("行政诉讼（未经复议直接起诉）", 1, 5), ("行政诉讼（复议后起诉）", 1, 5)],
                heads + heads + heads]
    raise ValueError(layout)


def section4(recon, direct, after, layout: str = "std"):
    """四、政府信息公开行政复议、行政诉讼情况 (header rows per `section4_head(layout)`).
    Each arg: 维持, 纠正, 其他, 尚未审结 (总计 computed)."""
    def full(x):
        return list(x) + [sum(x)]
    recon, direct, after = full(recon), full(direct), full(after)
    rows = section4_head(layout) + [[str(x) for x in recon + direct + after]]
    names = ["upheld", "corrected", "other", "pending", "total"]
    metrics = {}
    for i, n in enumerate(names):
        metrics["reconsideration." + n] = recon[i]
        metrics["litigation.direct." + n] = direct[i]
        metrics["litigation.after_review." + n] = after[i]
    return rows, metrics
