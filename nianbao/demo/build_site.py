"""Generate the bundled demo world (nianbao/demo/site/) and its truth (nianbao/demo/expected.json).

Run once after changing this file; its output is committed as package data:

    python -m nianbao.demo.build_site            # rewrites nianbao/demo/site/ and expected.json
    python -m nianbao.demo.build_site --site DIR --expected FILE   # elsewhere (the tests do this)

Three portals of three CMS families, built like real Chinese government sites:

  jian     127.0.0.60  吉安市人民政府        TRS WCM, GBK bytes declared as gb2312, ./YYYYMM/tYYYYMMDD_N.html
  anyuan   127.0.0.61  萍乡市安源区人民政府  Hanweb jcms, UTF-8, /col/colN/ lists in <datastore>, /art/Y/M/D/art_C_N.html
  chaling  127.0.0.62  茶陵县人民政府        a 政府网站集约化 platform, UTF-8, /zwgk/xxgkml/... lists with 下一页 links

Every report is built once as a list of blocks (headings, paragraphs, tables with
row/col spans); the HTML pages, the PDF twin, the DOCX and XLSX attachments and the
expected clean text are all rendered from those blocks, so the truth cannot drift from
the pages. Figures are derived, not typed twice: totals are computed from their parts.

The output is deterministic: no clocks, no randomness, zip members and PDF ids fixed,
so re-running reproduces the committed files byte for byte.

Static files cannot answer `?page=N` or an endless calendar; site/routes.json describes
those and `dynamic_routes()` turns it into `SiteServer.route` handlers.

tests/fixtures/world3/build_world3.py builds a second, deliberately different world from these
pieces; the keyword options (table layouts, PDF/DOCX looks, hosts, route kinds) exist for it and
their defaults are this world's.
"""
from __future__ import annotations

import argparse
import calendar
import datetime as dt
import hashlib
import html
import io
import json
import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
SITE_DIR = HERE / "site"
EXPECTED_PATH = HERE / "expected.json"
PORT = "PORT"  # placeholder: the demo command and the tests substitute the real port

HOSTS = {"jian": "127.0.0.60", "anyuan": "127.0.0.61", "chaling": "127.0.0.62"}
NAMES = {"jian": "吉安市人民政府", "anyuan": "萍乡市安源区人民政府门户网站", "chaling": "茶陵县人民政府门户网站"}
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def url(portal: str, path: str, hosts: dict | None = None) -> str:
    """A page's address; `hosts` names the portals of another world (world3 reuses this generator)."""
    return "http://%s:%s%s" % ((hosts or HOSTS)[portal], PORT, path)


def esc(s) -> str:
    return html.escape(str(s), quote=True)


def sid(path: str) -> str:
    """A session id that differs on every page (as CMSs that put sessions in URLs do)."""
    return hashlib.md5(path.encode()).hexdigest()[:8]


def docid(*parts) -> str:
    return hashlib.md5("/".join(map(str, parts)).encode()).hexdigest()


# ---------------------------------------------------------------------------
# Document model: blocks
#   ("h", text)          heading (rendered bold)
#   ("p", text)          paragraph
#   ("sign", [lines])    signature block, right-aligned
#   ("table", rows)      rows of cells; a cell is str or (text, rowspan, colspan)
#   ("break",)           page break of a multi-page article (not text)
# ---------------------------------------------------------------------------

def cell(c):
    return (str(c), 1, 1) if not isinstance(c, tuple) else (str(c[0]), c[1], c[2])


def blocks_text(blocks) -> str:
    """The clean text as the export contract wants it: one line per paragraph/heading,
    one line per table row with cells tab-separated as published (no span expansion)."""
    lines = []
    for b in blocks:
        if b[0] in ("h", "p"):
            lines.append(b[1])
        elif b[0] == "sign":
            lines.extend(b[1])
        elif b[0] == "table":
            for row in b[1]:
                lines.append("\t".join(cell(c)[0] for c in row))
    return "\n".join(lines)


def grid(rows):
    """Place HTML-style rows (with rowspan/colspan) on a grid: [(r, c, text, rs, cs)], ncols."""
    taken, placed, ncols = set(), [], 0
    for r, row in enumerate(rows):
        c = 0
        for raw in row:
            text, rs, cs = cell(raw)
            while (r, c) in taken:
                c += 1
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            placed.append((r, c, text, rs, cs))
            c += cs
            ncols = max(ncols, c)
    return placed, ncols


# ---------------------------------------------------------------------------
# Official statistics tables
# ---------------------------------------------------------------------------

COLS = ["natural_person", "commercial", "research", "public_interest", "legal_service", "other"]

# 2008 template (政府信息公开情况统计表): (key or None, label, unit)
TABLE_2008 = [
    (None, "一、主动公开情况", "——"),
    ("proactive.total", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条"),
    ("proactive.normative_docs", "其中：主动公开规范性文件数", "条"),
    ("proactive.normative_issued", "制发规范性文件总数", "件"),
    (None, "（二）通过不同渠道和方式公开政府信息的情况", "——"),
    ("proactive.gazette", "1.政府公报公开政府信息数", "条"),
    ("proactive.website", "2.政府网站公开政府信息数", "条"),
    ("proactive.weibo", "3.政务微博公开政府信息数", "条"),
    ("proactive.wechat", "4.政务微信公开政府信息数", "条"),
    ("proactive.other", "5.其他方式公开政府信息数", "条"),
    (None, "二、回应解读情况", "——"),
    ("response.hotspots", "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次"),
    (None, "（二）通过不同渠道和方式回应解读的情况", "——"),
    ("response.press_conferences", "1.参加或举办新闻发布会总次数", "次"),
    ("response.press_conferences.principal", "其中：主要负责同志参加新闻发布会次数", "次"),
    ("response.online_interviews", "2.政府网站在线访谈次数", "次"),
    ("response.online_interviews.principal", "其中：主要负责同志参加政府网站在线访谈次数", "次"),
    ("response.interpretations", "3.政策解读稿件发布数", "篇"),
    ("response.weibo_wechat", "4.微博微信回应事件数", "次"),
    ("response.other", "5.其他方式回应事件数", "次"),
    (None, "三、依申请公开情况", "——"),
    ("requests.received", "（一）收到申请数", "件"),
    ("requests.received.in_person", "1.当面申请数", "件"),
    ("requests.received.fax", "2.传真申请数", "件"),
    ("requests.received.online", "3.网络申请数", "件"),
    ("requests.received.mail", "4.信函申请数", "件"),
    ("requests.completed", "（二）申请办结数", "件"),
    ("requests.completed.on_time", "1.按时办结数", "件"),
    ("requests.completed.extended", "2.延期办结数", "件"),
    ("replies.total", "（三）申请答复数", "件"),
    ("replies.already_public", "1.属于已主动公开范围数", "件"),
    ("replies.granted", "2.同意公开答复数", "件"),
    ("replies.partial", "3.同意部分公开答复数", "件"),
    ("replies.denied", "4.不同意公开答复数", "件"),
    ("replies.denied.state_secret", "其中：涉及国家秘密", "件"),
    ("replies.denied.commercial_secret", "涉及商业秘密", "件"),
    ("replies.denied.privacy", "涉及个人隐私", "件"),
    ("replies.denied.security_stability", "危及国家安全、公共安全、经济安全和社会稳定", "件"),
    ("replies.denied.not_gov_info", "不是《条例》所指政府信息", "件"),
    ("replies.denied.other_legal", "法律法规规定的其他情形", "件"),
    ("replies.not_own_agency", "5.不属于本行政机关公开数", "件"),
    ("replies.nonexistent", "6.申请信息不存在数", "件"),
    ("replies.amend_notice", "7.告知作出更改补充数", "件"),
    ("replies.other_channel", "8.告知通过其他途径办理数", "件"),
    ("reconsideration.total", "四、行政复议数量", "件"),
    ("reconsideration.upheld", "（一）维持具体行政行为数", "件"),
    ("reconsideration.corrected", "（二）被依法纠错数", "件"),
    ("reconsideration.other", "（三）其他情形数", "件"),
    ("litigation.total", "五、行政诉讼数量", "件"),
    ("litigation.upheld", "（一）维持具体行政行为或者驳回原告诉讼请求数", "件"),
    ("litigation.corrected", "（二）被依法纠错数", "件"),
    ("litigation.other", "（三）其他情形数", "件"),
    ("complaints.total", "六、举报投诉数量", "件"),
    ("fees.collected", "七、依申请公开信息收取的费用", "万元"),
    (None, "八、机构建设和保障经费情况", "——"),
    ("org.units", "（一）政府信息公开工作专门机构数", "个"),
    ("org.reading_points", "（二）设置政府信息公开查阅点数", "个"),
    ("staff.total", "（三）从事政府信息公开工作人员数", "人"),
    ("staff.full_time", "1.专职人员数（不包括政府公报及政府网站工作人员数）", "人"),
    ("staff.part_time", "2.兼职人员数", "人"),
    ("funding.special", "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", "万元"),
    (None, "九、政府信息公开会议和培训情况", "——"),
    ("meetings.total", "（一）召开政府信息公开工作会议或专题会议数", "次"),
    ("training.sessions", "（二）举办各类培训班数", "次"),
    ("training.attendees", "（三）接受培训人员数", "人次"),
]


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


DENIED = [("state_secret", "1.属于国家秘密"), ("prohibited_by_law", "2.其他法律行政法规禁止公开"),
          ("security_stability", "3.危及“三安全一稳定”"), ("third_party", "4.保护第三方合法权益"),
          ("internal_affairs", "5.属于三类内部事务信息"), ("process_info", "6.属于四类过程性信息"),
          ("enforcement_file", "7.属于行政执法案卷"), ("inquiry_matter", "8.属于行政查询事项")]
UNABLE = [("not_held", "1.本机关不掌握相关政府信息"), ("needs_creation", "2.没有现成信息需要另行制作"),
          ("unclear", "3.补正后申请内容仍不明确")]
NOT_PROCESSED = [("petition", "1.信访举报投诉类申请"), ("duplicate", "2.重复申请"),
                 ("publication", "3.要求提供公开出版物"), ("excessive", "4.无正当理由大量反复申请"),
                 ("reissue", "5.要求行政机关确认或重新出具已获取信息")]
OTHER_2021 = [("no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
              ("fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
              ("other", "3.其他")]


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


# ---------------------------------------------------------------------------
# The reports
# ---------------------------------------------------------------------------

def report_jian_2017():
    m = {
        "proactive.total": 186532, "proactive.normative_docs": 41, "proactive.normative_issued": 47,
        "proactive.gazette": 356, "proactive.website": 124870, "proactive.weibo": 23115, "proactive.wechat": 31046,
        "proactive.other": 7145,
        "response.hotspots": 68, "response.press_conferences": 42, "response.press_conferences.principal": 15,
        "response.online_interviews": 36, "response.online_interviews.principal": 12,
        "response.interpretations": 215, "response.weibo_wechat": 530, "response.other": 96,
        "requests.received": 112, "requests.received.in_person": 31, "requests.received.fax": 2,
        "requests.received.online": 64, "requests.received.mail": 15,
        "requests.completed": 108, "requests.completed.on_time": 105, "requests.completed.extended": 3,
        "replies.total": 108, "replies.already_public": 21, "replies.granted": 52, "replies.partial": 9,
        "replies.denied": 6, "replies.denied.state_secret": 1, "replies.denied.commercial_secret": 1,
        "replies.denied.privacy": 2, "replies.denied.security_stability": 0, "replies.denied.not_gov_info": 2,
        "replies.denied.other_legal": 0, "replies.not_own_agency": 10, "replies.nonexistent": 7,
        "replies.amend_notice": 2, "replies.other_channel": 1,
        "reconsideration.total": 4, "reconsideration.upheld": 3, "reconsideration.corrected": 1,
        "reconsideration.other": 0,
        "litigation.total": 2, "litigation.upheld": 2, "litigation.corrected": 0, "litigation.other": 0,
        "complaints.total": 3, "fees.collected": 0, "org.units": 58, "org.reading_points": 196,
        "staff.total": 412, "staff.full_time": 98, "staff.part_time": 314, "funding.special": 86.5,
        "meetings.total": 26, "training.sessions": 38, "training.attendees": 2160,
    }
    # the channels of the year's total add up on this city's table (one of several ways real tables are filled)
    assert m["proactive.total"] == sum(m[k] for k in ("proactive.gazette", "proactive.website", "proactive.weibo",
                                                       "proactive.wechat", "proactive.other"))
    blocks = [
        ("p", "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《江西省人民政府办公厅关于做好2017年政府信息公开工作年度报告编制发布工作的通知》要求，由吉安市人民政府办公室综合全市各县（市、区）、井冈山经济技术开发区和市政府各部门政府信息公开工作情况编制而成。全文包括概述、主动公开政府信息情况、依申请公开政府信息情况、政府信息公开的收费及减免情况、因政府信息公开申请提起行政复议和行政诉讼的情况、存在的主要问题及改进措施、其他需要报告的事项等七部分。本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。本报告的电子版可在吉安市人民政府门户网站下载。如对本报告有疑问，请与吉安市人民政府办公室政务公开科联系（地址：吉安市吉州区井冈山大道行政中心，邮编：343000，电话：0796-8221234）。"),
        ("h", "一、概述"),
        ("p", "2017年，全市各级各部门认真贯彻落实党中央、国务院和省委、省政府关于全面推进政务公开工作的决策部署，坚持以公开为常态、不公开为例外，围绕全市中心工作和群众关切，不断深化政府信息公开内容，完善公开制度，拓宽公开渠道，政府信息公开工作取得了新成效。"),
        ("p", "（一）健全工作机构。市政府调整充实了市全面推进政务公开工作领导小组，明确由市政府办公室主管全市政府信息公开工作。全市共设立政府信息公开工作专门机构58个，从事政府信息公开工作人员412人，其中专职人员98人，兼职人员314人。"),
        ("p", "（二）完善制度建设。修订完善了《吉安市政府信息公开保密审查制度》《吉安市政府信息公开申请办理工作规程》，严格执行“先审查、后公开”和“一事一审”制度，规范了依申请公开受理、登记、办理、答复、归档等各环节。"),
        ("p", "（三）加强培训指导。全年全市召开政府信息公开工作会议或专题会议26次，举办各类培训班38次，接受培训人员2160人次，政府信息公开工作人员业务能力进一步提升。"),
        ("h", "二、主动公开政府信息情况"),
        ("p", "（一）公开总体情况。2017年，全市共主动公开政府信息186532条，其中主动公开规范性文件41条，制发规范性文件47件。从公开渠道看，通过政府公报公开政府信息356条，通过政府网站公开政府信息124870条，通过政务微博公开政府信息23115条，通过政务微信公开政府信息31046条，利用广播、电视、报纸、电子屏、宣传栏等其他方式公开政府信息7145条。"),
        ("p", "（二）重点领域信息公开。围绕“放管服”改革、财政预决算、重大建设项目、公共资源配置、精准扶贫、环境保护、食品药品安全等重点领域，及时公开权责清单、“三公”经费、项目审批核准备案结果和招标投标信息。市直部门全部在门户网站公开了2017年部门预算和2016年部门决算。"),
        ("p", "（三）政策解读和回应关切。全年共回应公众关注热点或重大舆情68次；参加或举办新闻发布会42次，其中主要负责同志参加新闻发布会15次；开展政府网站在线访谈36次，其中主要负责同志参加政府网站在线访谈12次；发布政策解读稿件215篇；通过微博微信回应事件530次，通过其他方式回应事件96次。"),
        ("h", "三、依申请公开政府信息情况"),
        ("p", "（一）申请情况。2017年，全市共收到政府信息公开申请112件，其中当面申请31件，传真申请2件，网络申请64件，信函申请15件。申请内容主要集中在征地拆迁、城乡规划、社会保障、不动产登记等方面。"),
        ("p", "（二）办理情况。全年共办结政府信息公开申请108件，其中按时办结105件，延期办结3件，其余4件结转至2018年办理。在已答复的108件申请中，属于已主动公开范围的21件，同意公开的52件，同意部分公开的9件，不同意公开的6件，不属于本行政机关公开的10件，申请信息不存在的7件，告知作出更改补充的2件，告知通过其他途径办理的1件。"),
        ("h", "四、政府信息公开的收费及减免情况"),
        ("p", "2017年，全市各级行政机关在办理政府信息公开申请过程中均未收取检索、复制、邮寄等费用，也未发生减免费用的情况。"),
        ("h", "五、因政府信息公开申请提起行政复议、行政诉讼的情况"),
        ("p", "2017年，全市因政府信息公开申请引发行政复议4件，其中维持具体行政行为3件，被依法纠错1件；引发行政诉讼2件，法院均判决维持具体行政行为或者驳回原告诉讼请求。全年共收到涉及政府信息公开的举报投诉3件，均已按规定处理完毕。"),
        ("h", "六、存在的主要问题及改进措施"),
        ("p", "2017年，我市政府信息公开工作虽然取得了一定成效，但仍存在一些不足：一是部分县（市、区）和部门对政府信息公开工作重视程度不够，信息更新不够及时；二是政策解读的形式较为单一，解读质量有待提高；三是基层政府信息公开工作人员多为兼职，业务能力参差不齐。"),
        ("p", "2018年，我市将重点做好以下工作：一是进一步深化重点领域信息公开，加大财政资金、公共资源配置、重大建设项目等领域信息公开力度；二是强化政策解读和舆情回应，丰富解读形式，提升回应实效；三是加强业务培训和考核评估，推动政府信息公开工作规范化、标准化。"),
        ("h", "七、其他需要报告的事项"),
        ("p", "2017年，全市共设置政府信息公开查阅点196个，安排政府信息公开专项经费86.5万元。本年度无其他需要报告的事项。"),
        ("sign", ["吉安市人民政府办公室", "2018年3月20日"]),
        ("p", "附件："),
        ("h", "吉安市2017年政府信息公开情况统计表"),
        ("table", table_2008(m)),
    ]
    return blocks, m


def report_jian_2021():
    s2 = {"rules.issued": 1, "rules.repealed": 0, "rules.in_force": 12,
          "normative.issued": 18, "normative.repealed": 6, "normative.in_force": 143,
          "licensing.decisions": 86215, "penalty.decisions": 12487, "enforcement.decisions": 1203,
          "admin_fees.amount": 15632.48}
    t3, m3 = section3({
        "requests2019.new": [186, 23, 2, 1, 4, 3],
        "requests2019.carried_over": [5, 1, 0, 0, 0, 0],
        "outcome.granted": [92, 10, 1, 0, 2, 1],
        "outcome.partial": [11, 2, 0, 0, 0, 0],
        "outcome.denied.state_secret": [1, 0, 0, 0, 0, 0],
        "outcome.denied.third_party": [3, 1, 0, 0, 0, 0],
        "outcome.denied.internal_affairs": [2, 0, 0, 0, 0, 0],
        "outcome.denied.process_info": [5, 1, 0, 0, 0, 0],
        "outcome.denied.enforcement_file": [1, 0, 0, 0, 0, 0],
        "outcome.denied.inquiry_matter": [4, 0, 0, 0, 0, 0],
        "outcome.unable.not_held": [30, 4, 1, 1, 1, 1],
        "outcome.unable.needs_creation": [3, 0, 0, 0, 0, 0],
        "outcome.unable.unclear": [6, 1, 0, 0, 0, 0],
        "outcome.not_processed.petition": [8, 0, 0, 0, 0, 0],
        "outcome.not_processed.duplicate": [5, 1, 0, 0, 0, 0],
        "outcome.not_processed.excessive": [2, 0, 0, 0, 0, 0],
        "outcome.not_processed.reissue": [1, 0, 0, 0, 0, 0],
        "outcome.other.no_correction": [4, 1, 0, 0, 0, 0],
        "outcome.other.other": [2, 0, 0, 0, 0, 0],
    }, "2021")
    t4, m4 = section4((3, 1, 0, 1), (2, 0, 1, 0), (1, 0, 0, 1))
    new, co, fwd = m3["requests2019.new@total"], m3["requests2019.carried_over@total"], \
        m3["requests2019.carried_forward@total"]
    page1 = [
        ("p", "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。报告全文由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分组成。报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。如对本报告有疑问，请与吉安市人民政府办公室联系（电话：0796-8221234）。"),
        ("h", "一、总体情况"),
        ("p", "2021年，吉安市人民政府认真贯彻落实党中央、国务院关于全面推进政务公开的决策部署，严格执行《条例》，围绕疫情防控、优化营商环境、乡村振兴等重点工作，持续深化政务公开，以公开促落实、促规范、促服务。"),
        ("p", "（一）主动公开。严格落实法定主动公开内容，及时公开政策文件、财政预决算、重大建设项目、公共资源配置等信息。全年制发行政规范性文件18件，全部在门户网站全文公开，并同步发布文字、图解、视频等多种形式的解读材料。"),
        ("p", "（二）依申请公开。进一步规范依申请公开受理、办理、答复流程，全年共新收政府信息公开申请%d件，上年结转%d件，除%d件结转下年度继续办理外，均已在法定期限内答复。从申请内容看，主要集中在征地拆迁补偿、规划审批、行政执法等方面。" % (new, co, fwd)),
        ("p", "（三）政府信息管理。严格落实政府信息公开保密审查机制，对拟公开的政府信息实行“三审三校”；开展行政规范性文件清理，废止行政规范性文件6件，现行有效的143件行政规范性文件已在门户网站集中公开并标注效力状态。"),
        ("p", "（四）平台建设。优化市政府门户网站政府信息公开专栏，完善法定主动公开内容目录；用好“吉安发布”政务微博、微信公众号等政务新媒体，扩大政府信息传播覆盖面。"),
        ("p", "（五）监督保障。将政务公开工作纳入全市高质量发展综合考核，组织开展政务公开专题培训，对各县（市、区）和市直部门政务公开工作进行季度检查通报。"),
        ("h", "二、主动公开政府信息情况"),
        ("table", section2_2021(s2)),
    ]
    page2 = [
        ("h", "三、收到和处理政府信息公开申请情况"),
        ("table", t3),
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        ("table", t4),
        ("h", "五、存在的主要问题及改进情况"),
        ("p", "2021年，我市政府信息公开工作取得了一定成效，但对照《条例》要求和人民群众期待仍有差距：一是部分单位主动公开的及时性、准确性有待提高；二是政策解读的针对性和实效性还需增强；三是依申请公开办理的规范化水平有待进一步提升。"),
        ("p", "针对上述问题，2022年我市将采取以下措施：一是加强政府信息公开动态管理，确保法定主动公开内容及时更新；二是推进政策解读与文件起草同步考虑、同步部署；三是加强依申请公开业务培训和案例指导，提升答复质量。"),
        ("h", "六、其他需要报告的事项"),
        ("p", "本年度我市未收取政府信息公开信息处理费。全年承办的人大代表建议和政协委员提案办理结果均已按要求公开。"),
    ]
    m = dict(s2)
    m.update(m3)
    m.update(m4)
    return page1, page2, m


def report_anyuan_2019():
    s2 = {"rules.new_made": 0, "rules.new_published": 0, "rules.published_total": 0,
          "normative.new_made": 9, "normative.new_published": 9, "normative.published_total": 57,
          "licensing.items_prev": 312, "licensing.items_change": -4, "licensing.decisions": 9876,
          "other_services.items_prev": 156, "other_services.items_change": 3, "other_services.decisions": 12450,
          "penalty.items_prev": 488, "penalty.items_change": 12, "penalty.decisions": 1364,
          "enforcement.items_prev": 97, "enforcement.items_change": -2, "enforcement.decisions": 58,
          "admin_fees.items_prev": 36, "admin_fees.items_change": -5,
          "procurement.items": 64, "procurement.amount": 8765.32}
    t3, m3 = section3({
        "requests2019.new": [41, 6, 0, 1, 2, 1],
        "requests2019.carried_over": [2, 0, 0, 0, 0, 0],
        "outcome.granted": [19, 3, 0, 1, 1, 0],
        "outcome.partial": [4, 1, 0, 0, 0, 0],
        "outcome.denied.third_party": [1, 0, 0, 0, 0, 0],
        "outcome.denied.process_info": [2, 0, 0, 0, 0, 0],
        "outcome.unable.not_held": [8, 1, 0, 0, 1, 1],
        "outcome.unable.unclear": [2, 0, 0, 0, 0, 0],
        "outcome.not_processed.petition": [3, 0, 0, 0, 0, 0],
        "outcome.not_processed.duplicate": [1, 0, 0, 0, 0, 0],
        "outcome.other": [1, 1, 0, 0, 0, 0],
    }, "2019")
    t4, m4 = section4((1, 0, 0, 0), (1, 0, 0, 0), (0, 0, 0, 0))
    new, co, tot, fwd = (m3["requests2019.new@total"], m3["requests2019.carried_over@total"],
                         m3["outcome.total@total"], m3["requests2019.carried_forward@total"])
    blocks = [
        ("p", "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）要求，由萍乡市安源区人民政府办公室编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。本报告电子版可在萍乡市安源区人民政府门户网站查阅或下载。"),
        ("h", "一、总体情况"),
        ("p", "2019年，安源区认真贯彻新修订的《条例》，坚持以公开为常态、不公开为例外，围绕区委、区政府中心工作，全面推进决策、执行、管理、服务、结果公开，政务公开工作取得新进展。"),
        ("p", "（一）主动公开情况。依托区政府门户网站、“安源发布”微信公众号等平台，及时公开机构职能、规范性文件、财政预决算、重大建设项目、脱贫攻坚等信息。全年新制作并公开规范性文件9件，目前对外公开的规范性文件共57件。"),
        ("p", "（二）依申请公开情况。全年新收政府信息公开申请%d件，上年结转%d件，共办结%d件，结转下年度继续办理%d件。申请内容主要涉及房屋征收补偿、城市规划建设、社会保障等方面。" % (new, co, tot, fwd)),
        ("p", "（三）政府信息管理情况。对照新《条例》要求，重新编制了《萍乡市安源区人民政府信息公开指南》，梳理更新政府信息公开目录，完善公开属性源头认定和保密审查机制。"),
        ("p", "（四）平台建设情况。完成区政府门户网站集约化改造，开设“政府信息公开”专栏，设置法定主动公开内容、政府信息公开指南、政府信息公开年报等栏目。"),
        ("p", "（五）监督保障情况。将政务公开工作纳入全区综合考核，定期通报各单位信息更新情况，全年组织政务公开业务培训2次。"),
        ("h", "二、主动公开政府信息情况"),
        ("table", section2_2019(s2)),
        ("h", "三、收到和处理政府信息公开申请情况"),
        ("table", t3),
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        ("table", t4),
        ("h", "五、存在的主要问题及改进情况"),
        ("p", "2019年，我区政府信息公开工作虽取得一定成效，但仍存在一些问题：一是部分单位对新《条例》学习理解不够深入，主动公开意识有待增强；二是基层政务公开标准化规范化建设起步较晚，公开内容不够全面；三是政策解读形式单一，解读质量有待提高。"),
        ("p", "2020年，我区将着力做好以下工作：一是加强新《条例》学习培训，提高各单位依法公开能力；二是推进基层政务公开标准化规范化建设，编制完善各领域公开事项目录；三是创新政策解读方式，更多运用图表图解、音频视频等形式开展解读。"),
        ("h", "六、其他需要报告的事项"),
        ("p", "无。"),
        ("sign", ["萍乡市安源区人民政府办公室", "2020年1月19日"]),
    ]
    m = dict(s2)
    m.update(m3)
    m.update(m4)
    return blocks, m


def report_anyuan_jyj_2020():
    s2 = {"rules.new_made": 0, "rules.new_published": 0, "rules.published_total": 0,
          "normative.new_made": 2, "normative.new_published": 2, "normative.published_total": 11,
          "licensing.items_prev": 6, "licensing.items_change": 0, "licensing.decisions": 128,
          "other_services.items_prev": 12, "other_services.items_change": 1, "other_services.decisions": 356,
          "penalty.items_prev": 3, "penalty.items_change": 0, "penalty.decisions": 2,
          "enforcement.items_prev": 2, "enforcement.items_change": 0, "enforcement.decisions": 0,
          "admin_fees.items_prev": 4, "admin_fees.items_change": -1,
          "procurement.items": 11, "procurement.amount": 1532.6}
    t3, m3 = section3({
        "requests2019.new": [7, 0, 0, 0, 0, 0],
        "requests2019.carried_over": [0, 0, 0, 0, 0, 0],
        "outcome.granted": [4, 0, 0, 0, 0, 0],
        "outcome.partial": [1, 0, 0, 0, 0, 0],
        "outcome.unable.not_held": [1, 0, 0, 0, 0, 0],
        "outcome.other": [1, 0, 0, 0, 0, 0],
    }, "2019")
    t4, m4 = section4((0, 0, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0))
    blocks = [
        ("p", "根据《中华人民共和国政府信息公开条例》和区政府办公室有关要求，现将安源区教育局2020年政府信息公开工作情况报告如下。本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。"),
        ("h", "一、总体情况"),
        ("p", "2020年，我局坚持以公开为常态、不公开为例外，围绕教育改革发展和群众关心关注的热点问题，扎实做好政府信息公开工作。在疫情防控期间，及时发布延期开学、线上教学、返校复课等通知和政策解读，回应家长和社会关切。"),
        ("p", "（一）主动公开。通过区政府门户网站教育局专栏、“安源教育”微信公众号及时公开学校招生入学、学生资助、教师招聘、教育经费预决算等信息。全年新制作并公开规范性文件2件。"),
        ("p", "（二）依申请公开。全年共收到政府信息公开申请7件，均为自然人申请，已全部按规定答复。"),
        ("p", "（三）政府信息管理。健全政府信息公开保密审查和发布审核机制，落实“谁公开、谁审查、谁负责”的要求。"),
        ("p", "（四）平台建设。完善局网站专栏设置，做好义务教育招生入学信息集中公开。"),
        ("p", "（五）监督保障。明确局办公室负责政府信息公开日常工作，将政府信息公开工作纳入股室年度考核。"),
        ("h", "二、主动公开政府信息情况"),
        ("table", section2_2019(s2)),
        ("h", "三、收到和处理政府信息公开申请情况"),
        ("table", t3),
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        ("table", t4),
        ("h", "五、存在的主要问题及改进情况"),
        ("p", "存在的主要问题：一是信息公开的及时性还需加强，个别栏目更新较慢；二是政策解读的形式还不够丰富。改进措施：一是建立栏目更新提醒机制，确保信息及时发布；二是运用图解、短视频等形式做好教育政策解读。"),
        ("h", "六、其他需要报告的事项"),
        ("p", "本年度无其他需要报告的事项。"),
        ("sign", ["安源区教育局", "2021年1月26日"]),
    ]
    m = dict(s2)
    m.update(m3)
    m.update(m4)
    return blocks, m


def report_anyuan_zjj_2018():
    """Published as a notice page with two attachments: the report (DOCX, prose) and its
    statistics table (XLSX, the older variant with a 历年累计 column)."""
    m = {
        "proactive.total": 642, "proactive.normative_docs": 3, "proactive.normative_issued": 3,
        "proactive.gazette": 0, "proactive.website": 518, "proactive.weibo": 37, "proactive.wechat": 65,
        "proactive.other": 22,
        "response.hotspots": 5, "response.press_conferences": 1, "response.press_conferences.principal": 1,
        "response.online_interviews": 1, "response.online_interviews.principal": 1,
        "response.interpretations": 6, "response.weibo_wechat": 4, "response.other": 0,
        "requests.received": 9, "requests.received.in_person": 4, "requests.received.fax": 0,
        "requests.received.online": 4, "requests.received.mail": 1,
        "requests.completed": 9, "requests.completed.on_time": 9, "requests.completed.extended": 0,
        "replies.total": 9, "replies.already_public": 2, "replies.granted": 4, "replies.partial": 1,
        "replies.denied": 0, "replies.denied.state_secret": 0, "replies.denied.commercial_secret": 0,
        "replies.denied.privacy": 0, "replies.denied.security_stability": 0, "replies.denied.not_gov_info": 0,
        "replies.denied.other_legal": 0, "replies.not_own_agency": 1, "replies.nonexistent": 1,
        "replies.amend_notice": 0, "replies.other_channel": 0,
        "reconsideration.total": 0, "reconsideration.upheld": 0, "reconsideration.corrected": 0,
        "reconsideration.other": 0,
        "litigation.total": 0, "litigation.upheld": 0, "litigation.corrected": 0, "litigation.other": 0,
        "complaints.total": 0, "fees.collected": 0, "org.units": 1, "org.reading_points": 1,
        "staff.total": 5, "staff.full_time": 1, "staff.part_time": 4, "funding.special": 1.2,
        "meetings.total": 2, "training.sessions": 2, "training.attendees": 36,
    }
    # 历年累计: every cumulative figure is at least the year's (the 2008-era sums hold too)
    cum = {k: (v * 7 + 3 if isinstance(v, int) and v else v) for k, v in m.items()}
    cum.update({"fees.collected": 0, "funding.special": 8.4, "org.units": 1, "org.reading_points": 1,
                "staff.total": 5, "staff.full_time": 1, "staff.part_time": 4})
    blocks = [
        ("p", "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和区政府办公室关于做好2018年政府信息公开工作年度报告编制工作的要求，现将我局2018年政府信息公开工作情况报告如下。本报告所列数据的统计期限自2018年1月1日起至2018年12月31日止。"),
        ("h", "一、概述"),
        ("p", "2018年，我局高度重视政府信息公开工作，成立了由局长任组长、分管副局长任副组长、各股室负责人为成员的政府信息公开工作领导小组，明确局办公室为政府信息公开工作专门机构，配备专职人员1人、兼职人员4人，形成了主要领导亲自抓、分管领导具体抓、股室协同配合的工作格局。"),
        ("h", "二、主动公开政府信息情况"),
        ("p", "2018年，我局共主动公开政府信息642条，其中通过区政府门户网站公开518条，通过“安源住建”政务微博公开37条，通过政务微信公开65条，通过公示栏、电子显示屏等其他方式公开22条。公开内容主要包括住房保障、棚户区改造、建筑市场监管、物业管理、房屋征收等方面的信息。"),
        ("h", "三、依申请公开政府信息情况"),
        ("p", "2018年，我局共收到政府信息公开申请9件，其中当面申请4件，网络申请4件，信函申请1件，均已按时办结。其中属于已主动公开范围的2件，同意公开的4件，同意部分公开的1件，不属于本行政机关公开的1件，申请信息不存在的1件。"),
        ("h", "四、政府信息公开的收费及减免情况"),
        ("p", "2018年，我局在办理政府信息公开申请过程中未收取任何费用。"),
        ("h", "五、因政府信息公开申请提起行政复议、行政诉讼的情况"),
        ("p", "2018年，我局未发生因政府信息公开申请提起行政复议和行政诉讼的情况。"),
        ("h", "六、政府信息公开工作存在的主要问题及改进措施"),
        ("p", "我局政府信息公开工作还存在公开内容不够全面、更新不够及时等问题。下一步，我局将进一步加强对工作人员的业务培训，规范信息发布审核流程，重点做好保障性安居工程、棚户区改造等领域的信息公开，不断提高政府信息公开工作水平。"),
        ("p", "附件：安源区住房和城乡建设局2018年政府信息公开情况统计表"),
        ("sign", ["安源区住房和城乡建设局", "2019年3月12日"]),
    ]
    return blocks, m, cum


def report_chaling_2014():
    """Figures stated ONLY in prose (no table anywhere)."""
    blocks = [
        ("p", "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由茶陵县人民政府办公室根据全县各乡镇、县直各单位政府信息公开工作情况汇总编制。全文包括概述，主动公开政府信息情况，依申请公开政府信息情况，政府信息公开的收费及减免情况，因政府信息公开申请提起行政复议、行政诉讼的情况，存在的主要问题及改进措施等六个部分。本报告中所列数据的统计期限自2014年1月1日起至2014年12月31日止。"),
        ("h", "一、概述"),
        ("p", "2014年，我县认真贯彻落实《条例》和省、市关于政府信息公开工作的部署要求，进一步健全工作机制，规范公开程序，拓宽公开渠道，政府信息公开工作稳步推进。全县共有政府信息公开工作人员86人，其中专职人员12人，兼职人员74人。全年召开政府信息公开工作会议或专题会议3次，举办各类培训班2次，接受培训人员150人次。"),
        ("h", "二、主动公开政府信息情况"),
        ("p", "2014年，全县共主动公开政府信息1234条，其中主动公开规范性文件27条。从公开方式看，通过县政府门户网站公开政府信息986条，通过政府公报公开政府信息48条，利用广播、电视、报纸、电子屏、宣传栏等方式公开200条。"),
        ("p", "在公开场所建设方面，县档案馆、县图书馆、县政务服务中心均设立了政府信息公开查阅点，全县共设置政府信息公开查阅点21个，全年接待群众现场查阅600余人次。"),
        ("h", "三、依申请公开政府信息情况"),
        ("p", "2014年，全县共受理依申请公开35件，其中当面申请1件、网上申请23件、信函申请11件。申请内容主要涉及征地拆迁、城镇规划、社会保障等方面。"),
        ("p", "截至2014年12月31日，已办结35件，办结率100%。其中，同意公开28件，同意部分公开3件，不属于本行政机关公开2件，申请信息不存在2件。"),
        ("h", "四、政府信息公开的收费及减免情况"),
        ("p", "2014年，我县在办理依申请公开过程中未收取任何费用，也未发生减免费用的情况。"),
        ("h", "五、因政府信息公开申请提起行政复议、行政诉讼的情况"),
        ("p", "2014年，我县未发生因政府信息公开申请提起行政复议、行政诉讼的情况。"),
        ("h", "六、存在的主要问题及改进措施"),
        ("p", "一年来，我县政府信息公开工作取得了一定成效，但也存在一些问题：部分单位信息公开不够及时，公开内容不够全面；乡镇政府信息公开工作基础较为薄弱。2015年，我县将进一步加强组织领导，完善工作制度，加大培训和督查力度，推动政府信息公开工作再上新台阶。"),
    ]
    m = {"proactive.total": 1234, "proactive.normative_docs": 27, "proactive.website": 986, "proactive.gazette": 48,
         "proactive.other": 200, "staff.total": 86, "staff.full_time": 12, "staff.part_time": 74,
         "meetings.total": 3, "training.sessions": 2, "training.attendees": 150, "org.reading_points": 21,
         "reading_points.visits": 600, "requests.received": 35, "requests.received.in_person": 1,
         "requests.received.online": 23, "requests.received.mail": 11, "requests.completed": 35,
         "replies.granted": 28, "replies.partial": 3, "replies.not_own_agency": 2, "replies.nonexistent": 2,
         "fees.collected": 0}
    assert m["requests.received"] == m["requests.received.in_person"] + m["requests.received.online"] \
        + m["requests.received.mail"]
    assert m["requests.completed"] == sum(m[k] for k in ("replies.granted", "replies.partial",
                                                          "replies.not_own_agency", "replies.nonexistent"))
    assert m["proactive.total"] == m["proactive.website"] + m["proactive.gazette"] + m["proactive.other"]
    assert m["staff.total"] == m["staff.full_time"] + m["staff.part_time"]
    return blocks, m


def report_chaling_2022():
    s2 = {"rules.issued": 0, "rules.repealed": 0, "rules.in_force": 0,
          "normative.issued": 7, "normative.repealed": 3, "normative.in_force": 52,
          "licensing.decisions": 15873, "penalty.decisions": 2216, "enforcement.decisions": 187,
          "admin_fees.amount": 3865.27}
    t3, m3 = section3({
        "requests2019.new": [64, 9, 0, 0, 3, 2],
        "requests2019.carried_over": [3, 0, 0, 0, 0, 0],
        "outcome.granted": [27, 4, 0, 0, 1, 1],
        "outcome.partial": [6, 1, 0, 0, 1, 0],
        "outcome.denied.state_secret": [0, 0, 0, 0, 0, 0],
        "outcome.denied.third_party": [2, 0, 0, 0, 0, 0],
        "outcome.denied.process_info": [3, 1, 0, 0, 0, 0],
        "outcome.denied.inquiry_matter": [1, 0, 0, 0, 0, 0],
        "outcome.unable.not_held": [14, 2, 0, 0, 1, 1],
        "outcome.unable.unclear": [2, 0, 0, 0, 0, 0],
        "outcome.not_processed.petition": [4, 0, 0, 0, 0, 0],
        "outcome.not_processed.duplicate": [3, 1, 0, 0, 0, 0],
        "outcome.other.no_correction": [2, 0, 0, 0, 0, 0],
        "outcome.other.other": [1, 0, 0, 0, 0, 0],
    }, "2021")
    t4, m4 = section4((1, 0, 0, 0), (0, 0, 0, 1), (0, 0, 0, 0))
    new = m3["requests2019.new@total"]
    blocks = [
        ("p", "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》要求，由茶陵县人民政府办公室编制。报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。"),
        ("h", "一、总体情况"),
        ("p", "2022年，茶陵县坚持以习近平新时代中国特色社会主义思想为指导，认真落实国家和省、市政务公开工作部署，围绕稳经济、促发展、保民生等重点工作，持续推进政务公开标准化规范化，政府信息公开质量和实效不断提升。"),
        ("p", "（一）主动公开。及时公开政策文件、财政预决算、重点项目、乡村振兴、民生实事等信息，全年制发行政规范性文件7件，全部在县政府门户网站政府信息公开专栏公开。"),
        ("p", "（二）依申请公开。畅通网上申请、信函申请和当面申请渠道，全年新收政府信息公开申请%d件，均依法依规予以答复。" % new),
        ("p", "（三）政府信息管理。开展行政规范性文件清理，宣布废止行政规范性文件3件，对现行有效的52件行政规范性文件实行动态管理。"),
        ("p", "（四）平台建设。依托省政府网站集约化平台，优化县政府门户网站政府信息公开专栏，实现政府信息“一网通查”。"),
        ("p", "（五）监督保障。将政务公开纳入县直单位和乡镇绩效考核，开展政务公开业务培训和季度检查。"),
        ("h", "二、主动公开政府信息情况"),
        ("table", section2_2021(s2)),
        ("h", "三、收到和处理政府信息公开申请情况"),
        ("table", t3),
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        ("table", t4),
        ("h", "五、存在的主要问题及改进情况"),
        ("p", "2022年，我县政府信息公开工作虽取得一定成效，但仍存在基层政务公开专业力量不足、部分领域信息公开不够及时等问题。2023年，我县将进一步加强政务公开队伍建设，压实主体责任，提升公开的及时性和规范性。"),
        ("h", "六、其他需要报告的事项"),
        ("p", "本年度我县未收取政府信息公开信息处理费。"),
        ("sign", ["茶陵县人民政府办公室", "2023年1月29日"]),
    ]
    m = dict(s2)
    m.update(m3)
    m.update(m4)
    return blocks, m


# ---------------------------------------------------------------------------
# Body renderers: the same blocks, marked up the way each CMS family's editors do it
# ---------------------------------------------------------------------------

def span_attrs(rs: int, cs: int) -> str:
    """rowspan/colspan attributes, written only where a cell spans (as editors do)."""
    return (' rowspan="%d"' % rs if rs > 1 else "") + (' colspan="%d"' % cs if cs > 1 else "")


def html_row(row, td: str, text=esc) -> str:
    """One <tr>: each cell is `td` % (span attributes, text(cell text))."""
    return "<tr>" + "".join(td % (span_attrs(rs, cs), text(t)) for t, rs, cs in map(cell, row)) + "</tr>"


def html_table(rows, td: str, start: str, end: str, text=esc) -> list[str]:
    """A table's lines: `start`, a line per row (see html_row), `end`."""
    return [start] + [html_row(r, td, text) for r in rows] + [end]


def render_blocks(blocks, *, p: str, h: str, sign, table) -> str:
    """The blocks in one CMS's markup, a line per element: `p` and `h` format a paragraph and a
    heading, `sign` each signature line (or, when callable, gives the lines for all of them),
    `table(block)` gives a table's lines. Page breaks are not text and render as nothing."""
    out = []
    for b in blocks:
        if b[0] == "p":
            out.append(p % esc(b[1]))
        elif b[0] == "h":
            out.append(h % esc(b[1]))
        elif b[0] == "sign":
            out.extend(sign(b[1]) if callable(sign) else [sign % esc(x) for x in b[1]])
        elif b[0] == "table":
            out.extend(table(b))
    return "\n".join(out)


def _trs_table(b) -> list[str]:
    return html_table(b[1], '<td%s valign="middle" style="border:1px solid #000;"><p style="text-align:center;">'
                      '<span style="font-size:14px;">%s</span></p></td>',
                      '<table border="1" cellspacing="0" cellpadding="0" width="100%" '
                      'style="border-collapse:collapse;border:none;"><tbody>', "</tbody></table>")


def body_trs(blocks, table=_trs_table) -> str:
    """TRS WCM editor output (UEditor): indented <p>, bold headings, centred table cells.
    `table(block)` gives a table's lines: sites on TRS style their tables their own way."""
    return render_blocks(blocks, p='<p style="text-indent: 2em; text-align: justify;">%s</p>',
                         h='<p style="text-indent: 2em; text-align: justify;"><strong>%s</strong></p>',
                         sign='<p style="text-align: right;">%s</p>', table=table)


def body_word(blocks) -> str:
    """Hanweb jcms pages whose text was pasted from Word: MsoNormal paragraphs and tables."""
    return render_blocks(
        blocks,
        p='<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt">'
          '<span style="font-size:16.0pt;font-family:仿宋_GB2312">%s</span></p>',
        h='<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt">'
          '<b><span style="font-size:16.0pt;font-family:黑体">%s</span></b></p>',
        sign='<p class="MsoNormal" align="right" style="text-align:right;line-height:28.0pt">'
             '<span style="font-size:16.0pt;font-family:仿宋_GB2312">%s</span></p>',
        table=lambda b: html_table(
            b[1], '<td%s valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt">'
                  '<p class="MsoNormal" align="center" style="text-align:center">'
                  '<span style="font-size:10.5pt;font-family:宋体">%s</span></p></td>',
            '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
            'style="border-collapse:collapse;border:none">', "</table>"))


def body_plain(blocks) -> str:
    """A 集约化 platform's rich-text field: full-width-space indents, bare table cells."""
    return render_blocks(blocks, p="<p>\u3000\u3000%s</p>", h="<p>\u3000\u3000<strong>%s</strong></p>",
                         sign='<p align="right">%s</p>',
                         table=lambda b: html_table(b[1], "<td%s>%s</td>", '<table class="ke-zeroborder" border="1" '
                                                    'width="100%" cellpadding="4" cellspacing="0"><tbody>',
                                                    "</tbody></table>"))


# ---------------------------------------------------------------------------
# Binary formats
# ---------------------------------------------------------------------------

def normalize_zip(data: bytes, when: str) -> bytes:
    """Rewrite an OOXML zip with fixed member times and core-property dates, so a rebuild
    is byte-identical (python-docx and openpyxl stamp the clock)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                              lambda m: m.group(1) + when.encode() + b"T09:00:00Z" + m.group(2), body)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body)
    return out.getvalue()


def ooxml_bytes(doc, when: str) -> bytes:
    """A python-docx Document or openpyxl Workbook saved, stamped `when` (see normalize_zip)."""
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue(), when)


class PdfLook(NamedTuple):
    """How make_pdf sets a document (sizes in pt, widths in mm). The defaults are the demo's;
    world3 exports differ a little, as real exports from different offices do."""
    font_size: float = 10.5            # body text; headings are 1pt larger
    leading: float = 17
    cell_size: float = 8.5             # table text ...
    wide_cell_size: float = 6.5        # ... and that of tables of 10 or more columns
    cell_leading: float = 2.5          # added to the table text size
    cell_vpad: float | None = None     # top/bottom cell padding; None keeps reportlab's
    col3: tuple = (120, 20, 30)        # column widths of a 3-column (2008 statistics) table


def make_pdf(title: str, blocks, look: PdfLook = PdfLook()) -> bytes:
    """The PDF twin (reportlab, CID font STSong-Light, tables with the same spans). Long tables
    run over the page end and continue without repeating their header, as Word exports do."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font = "STSong-Light"
    st_title = ParagraphStyle("t", fontName=font, fontSize=16, leading=24, alignment=1, wordWrap="CJK")
    st_p = ParagraphStyle("p", fontName=font, fontSize=look.font_size, leading=look.leading, firstLineIndent=21,
                          wordWrap="CJK")
    st_h = ParagraphStyle("h", parent=st_p, fontSize=look.font_size + 1, spaceBefore=4)
    st_r = ParagraphStyle("r", parent=st_p, alignment=2, firstLineIndent=0)
    width = 170 * mm
    widths = {3: look.col3, 4: [56, 38, 38, 38], 10: [12, 14, 42] + [14.57] * 7, 15: [170 / 15] * 15}
    story = [Paragraph(esc(title), st_title), Spacer(1, 6 * mm)]
    for b in blocks:
        if b[0] == "p":
            story.append(Paragraph(esc(b[1]), st_p))
        elif b[0] == "h":
            story.append(Paragraph("<b>%s</b>" % esc(b[1]), st_h))
        elif b[0] == "sign":
            story.extend(Paragraph(esc(x), st_r) for x in b[1])
        elif b[0] == "table":
            placed, ncols = grid(b[1])
            nrows = len(b[1])
            size = look.wide_cell_size if ncols >= 10 else look.cell_size
            st_c = ParagraphStyle("c", fontName=font, fontSize=size, leading=size + look.cell_leading, alignment=1,
                                  wordWrap="CJK")
            data = [[""] * ncols for _ in range(nrows)]
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("FONTNAME", (0, 0), (-1, -1), font), ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 1.5)]
            if look.cell_vpad is not None:
                style += [("TOPPADDING", (0, 0), (-1, -1), look.cell_vpad),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), look.cell_vpad)]
            for r, c, text, rs, cs in placed:
                data[r][c] = Paragraph(esc(text), st_c)
                if rs > 1 or cs > 1:
                    style.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
            cw = [w * mm for w in widths.get(ncols, [170 / ncols] * ncols)]
            assert abs(sum(cw) - width) < 1, ncols
            story.append(Spacer(1, 2 * mm))
            story.append(Table(data, colWidths=cw, style=TableStyle(style), repeatRows=0))
            story.append(Spacer(1, 3 * mm))
    buf = io.BytesIO()
    # invariant=1: no creation date and a content-derived document id, so rebuilds are identical
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=title, author="", subject="", creator="", invariant=1)
    doc.build(story)
    return buf.getvalue()


class DocxLook(NamedTuple):
    """How make_docx sets a document (sizes in pt). The defaults are the demo's; world3's
    offices write in 仿宋 at 14pt and indent their headings too."""
    font: str = "宋体"
    east_asia_font: str = "宋体"       # CJK text needs the East Asian font slot
    size: float = 12
    title_size: float = 18
    indent: float = 24                 # first-line indent of paragraphs
    indent_headings: bool = False


def make_docx(title: str, blocks, when: str, look: DocxLook = DocxLook()) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = look.font
    normal.font.size = Pt(look.size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), look.east_asia_font)
    d.core_properties.title = title
    d.core_properties.author = ""
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(title)
    r.bold = True
    r.font.size = Pt(look.title_size)
    for b in blocks:
        if b[0] == "p":
            p = d.add_paragraph(b[1])
            p.paragraph_format.first_line_indent = Pt(look.indent)
        elif b[0] == "h":
            p = d.add_paragraph()
            if look.indent_headings:
                p.paragraph_format.first_line_indent = Pt(look.indent)
            p.add_run(b[1]).bold = True
        elif b[0] == "sign":
            for x in b[1]:
                d.add_paragraph(x).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif b[0] == "table":
            placed, ncols = grid(b[1])
            t = d.add_table(rows=len(b[1]), cols=ncols)
            t.style = "Table Grid"
            for rr, c, text, rs, cs in placed:
                target = t.cell(rr, c)
                if rs > 1 or cs > 1:
                    target = target.merge(t.cell(rr + rs - 1, c + cs - 1))
                target.text = text
    return ooxml_bytes(d, when)


def new_workbook(when: str):
    """An openpyxl workbook whose properties carry `when`, not the clock."""
    import openpyxl

    wb = openpyxl.Workbook()
    stamp = dt.datetime.fromisoformat(when + "T09:00:00")
    wb.properties.creator = ""
    wb.properties.created = stamp
    wb.properties.modified = stamp
    return wb


def xlsx_value(text: str):
    """A cell's text as a spreadsheet holds it: numbers as numbers, an empty cell as no value."""
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text or None


def make_xlsx(title: str, unit_line: str, rows, when: str) -> tuple[bytes, str]:
    """The statistics table as a spreadsheet: title row merged across, numbers as numbers."""
    from openpyxl.styles import Alignment, Font

    wb = new_workbook(when)
    ws = wb.active
    ws.title = "统计表"
    ncols = len(rows[0])
    ws.append([title] + [None] * (ncols - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([unit_line] + [None] * (ncols - 1))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    lines = [title, unit_line]
    for row in rows:
        ws.append([xlsx_value(cell(c)[0]) for c in row])
        lines.append("\t".join(cell(c)[0] for c in row).rstrip("\t"))
    ws.column_dimensions["A"].width = 60
    return ooxml_bytes(wb, when), "\n".join(lines)


# ---------------------------------------------------------------------------
# The world
# ---------------------------------------------------------------------------

class World:
    """Collects files {portal: {path: bytes}}, their dates, and the truth about them.
    `hosts` names the portals (another world, world3, builds on this class)."""

    def __init__(self, hosts: dict | None = None):
        self.hosts = hosts or HOSTS
        self.files: dict[str, dict[str, bytes]] = {p: {} for p in self.hosts}
        self.dates: dict[tuple[str, str], str] = {}
        self.reports: list[dict] = []
        self.look_alikes: list[dict] = []
        self.traps: list[dict] = []
        self.routes: list[dict] = []

    def put(self, portal: str, path: str, data, date: str = "2024-01-01", encoding: str = "utf-8") -> str:
        assert path.startswith("/") and not path.endswith("/"), path
        assert path not in self.files[portal], path
        if isinstance(data, str):
            if encoding == "gb2312":
                # GB2312's A1AA is the dash Python's gb2312 codec calls U+2015 and GBK calls U+2014:
                # check the repertoire is GB2312's, write the bytes as GBK writes them (identical)
                data.replace("\u2014", "\u2015").encode("gb2312")
                encoding = "gbk"
            data = data.encode(encoding)  # strict: a character the encoding cannot carry fails the build
        self.files[portal][path] = data
        self.dates[(portal, path)] = date
        return url(portal, path, self.hosts)

    def look_alike(self, portal, path, kind, title, **extra):
        self.look_alikes.append({"url": url(portal, path, self.hosts), "kind": kind, "title": title,
                                 "portal": portal, **extra})


def rel(from_path: str, to_path: str) -> str:
    """Relative link as TRS publishes them (./202201/t..., ../../)."""
    import posixpath
    base = posixpath.dirname(from_path)
    target = to_path.rstrip("/") or "/"
    r = posixpath.relpath(target, base)
    if to_path.endswith("/"):
        r = r.rstrip("/") + "/"
    if not r.startswith("."):
        r = "./" + r
    return r


# ----- portal 1: 吉安市 (TRS WCM, GBK) -------------------------------------------

J_SITE = "吉安市人民政府"
J_CODE = "3608000001"


def jian_frame(path: str, title: str, column: str, crumbs, main: str, meta: dict | None = None) -> str:
    meta = meta or {}
    tags = [("SiteName", J_SITE), ("SiteDomain", "www.jian.gov.cn"), ("SiteIDCode", J_CODE),
            ("ColumnName", column), ("ColumnType", column)]
    tags += [(k, meta[k]) for k in ("ArticleTitle", "PubDate", "ContentSource", "Keywords", "Description") if k in meta]
    heads = "\n".join('<meta name="%s" content="%s" />' % (k, esc(v)) for k, v in tags)
    crumb = " &gt; ".join('<a href="%s">%s</a>' % (rel(path, p), esc(n)) if p else esc(n) for n, p in crumbs)
    nav = [("首页", "/"), ("政务动态", "/zwdt/"), ("政府信息公开", "/zwgk/"), ("互动交流", "/hdjl/"), ("走进吉安", None)]
    navhtml = "".join('<li><a href="%s">%s</a></li>' % (rel(path, p), n) if p else
                      '<li><a href="javascript:void(0);">%s</a></li>' % n for n, p in nav)
    return """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>%(title)s</title>
%(heads)s
<script type="text/javascript" src="/js/jquery-1.8.3.min.js"></script>
</head>
<body>
<div class="ja-topbar"><div class="ja-w"><span class="ja-date">今天是：<script>document.write(new Date().toLocaleDateString());</script></span>
<a href="javascript:void(0);" onclick="SetHome(this,window.location)">设为首页</a> | <a href="javascript:void(0);" onclick="AddFavorite()">加入收藏</a> | <a href="javascript:void(0);" id="cniil_wza">无障碍浏览</a></div></div>
<div class="ja-head"><div class="ja-w"><a href="%(home)s" class="ja-logo"><img src="/images/ja_logo.png" alt="吉安市人民政府" /></a>
<form class="ja-search" action="/search/" method="get" target="_blank"><input type="text" name="searchword" value="请输入关键字" /><input type="submit" value="搜索" /></form>
<div class="ja-hot">热门搜索：<a href="/search/?searchword=%%C4%%EA%%B1%%A8" target="_blank">年报</a> <a href="/search/?searchword=%%D5%%D0%%C6%%B8" target="_blank">招聘</a></div></div></div>
<div class="ja-nav"><ul>%(nav)s</ul></div>
<div class="ja-w ja-main">
<div class="ja-position">当前位置：%(crumb)s</div>
%(main)s
</div>
<div class="ja-footer"><div class="ja-w">
<p><a href="javascript:void(0);">关于我们</a> | <a href="javascript:void(0);">网站地图</a> | <a href="mailto:jaszfbgs@jian.gov.cn">联系我们</a> | <a href="https://www.gov.cn/" target="_blank">中国政府网</a> | <a href="http://www.jiangxi.gov.cn/" target="_blank">江西省人民政府</a></p>
<p>主办单位：吉安市人民政府办公室　承办单位：吉安市大数据中心　技术支持：江西昇腾数据科技有限公司</p>
<p>网站标识码：%(code)s　<a href="https://beian.miit.gov.cn/" target="_blank">赣ICP备05004352号</a>　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=36080202000123" target="_blank">赣公网安备 36080202000123号</a></p>
<p><a href="http://bszs.conac.cn/sitename?method=show&amp;id=%(code)s" target="_blank"><img src="/images/dzjg.png" alt="党政机关" /></a></p>
</div></div>
</body>
</html>
""" % {"title": esc(title), "heads": heads, "home": rel(path, "/"), "nav": navhtml, "crumb": crumb, "main": main,
       "code": J_CODE}


def jian_article(w: World, path: str, title: str, column: str, colpath: str, date: str, time_: str, source: str,
                 body_html: str, index_no: str, pager: str = "", attach: str = "", doc_no: str = "") -> None:
    main = """<table class="ja-xxgk-info" width="100%%" cellspacing="0" cellpadding="0">
<tr><td class="ja-k">索引号：</td><td>%(idx)s</td><td class="ja-k">主题分类：</td><td>综合政务/政务公开</td></tr>
<tr><td class="ja-k">发布机构：</td><td>%(src)s</td><td class="ja-k">生成日期：</td><td>%(date)s</td></tr>
<tr><td class="ja-k">文号：</td><td>%(docno)s</td><td class="ja-k">有效性：</td><td></td></tr>
<tr><td class="ja-k">名称：</td><td colspan="3">%(title)s</td></tr>
</table>
<div class="ja-article">
<h1 class="ja-art-title">%(title)s</h1>
<div class="ja-art-source">发布时间：%(date)s %(time)s　来源：%(src)s　<span class="ja-zh">【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span>　<a href="javascript:void(0);" class="ja-voice">点击我为您语音播报</a></div>
<div class="ja-art-content" id="ja_zoom">
<!--文章内容开始-->
<div class="view TRS_UEDITOR trs_paper_default trs_web">%(body)s</div>
<!--文章内容结束-->
</div>
%(pager)s%(attach)s
<div class="ja-art-tools"><div class="ja-share">分享到：<a href="javascript:void(0);" class="wx">微信</a> <a href="javascript:void(0);" class="wb">微博</a> <a href="javascript:void(0);" class="qq">QQ空间</a></div>
<div class="ja-qrcode"><img src="/images/qrcode.png" alt="" />扫一扫在手机打开当前页</div>
<div class="ja-print">【<a href="javascript:window.print();">打印</a>】【<a href="javascript:window.close();">关闭窗口</a>】</div></div>
</div>""" % {"idx": index_no, "src": esc(source), "date": date, "time": time_, "title": esc(title),
             "body": body_html, "pager": pager, "attach": attach, "docno": esc(doc_no)}
    meta = {"ArticleTitle": title, "PubDate": "%s %s" % (date, time_), "ContentSource": source,
            "Keywords": title[:12], "Description": title}
    crumbs = [("首页", "/"), ("政府信息公开", "/zwgk/"), (column, colpath)]
    w.put("jian", path, jian_frame(path, title + "_" + column + "_" + J_SITE, column, crumbs, main, meta), date, "gbk")


def jian_list(path, column, colpath, items, page: int, count: int) -> str:
    """A TRS column list; pagination exists ONLY as the createPageHTML script call."""
    lis = "\n".join('<li><span class="ja-date">%s</span><a href="%s" target="_blank" title="%s">%s</a></li>'
                    % (d, rel(path, p), esc(t), esc(t)) for t, p, d in items)
    main = """<div class="ja-left"><h3>信息公开目录</h3><ul class="ja-tree">
<li><a href="%(gkzn)s">政府信息公开指南</a></li><li><a href="%(tzgg)s">通知公告</a></li><li><a href="%(nb)s">政府信息公开年报</a></li></ul></div>
<div class="ja-right"><div class="ja-col-title">%(col)s</div>
<ul class="ja-doclist">
%(lis)s
</ul>
<div class="ja-pages"><script type="text/javascript">
var currentPage = %(page)d;//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = %(count)d//共多少页
createPageHTML(%(count)d, %(page)d, "index", "html");
</script></div></div>""" % {"gkzn": rel(path, "/zwgk/gkzn/"), "tzgg": rel(path, "/zwgk/tzgg/"),
                             "nb": rel(path, "/zwgk/gknb/"), "col": esc(column), "lis": lis, "page": page,
                             "count": count}
    return jian_frame(path, column + "_" + J_SITE, column, [("首页", "/"), ("政府信息公开", "/zwgk/"), (column, None)],
                      main)


def build_jian(w: World) -> None:
    P = "jian"
    w.put(P, "/robots.txt", "User-agent: *\nDisallow: /search/\n")
    nb = "/zwgk/gknb/"
    r21 = nb + "202201/t20220125_4518837.html"
    r21b = nb + "202201/t20220125_4518837_1.html"
    r21pdf = nb + "202201/P020220125365812749003.pdf"
    r17 = nb + "201803/t20180323_2856417.html"
    jd = nb + "202201/t20220126_4519012.html"
    bb = nb + "202201/t20220120_4515520.html"
    tz = "/zwgk/tzgg/202112/t20211210_4490021.html"
    news = "/zwdt/202203/t20220302_4533108.html"
    t21 = "吉安市人民政府2021年政府信息公开工作年度报告"
    t17 = "吉安市2017年政府信息公开工作年度报告"

    # homepage
    home = """<div class="ja-home-news"><h3><a href="./zwdt/">政务要闻</a></h3><ul>
<li><a href="%s" target="_blank">吉安市召开2022年全市政务公开工作会议</a><span>03-02</span></li></ul></div>
<div class="ja-home-notice"><h3><a href="./zwgk/tzgg/">通知公告</a></h3><ul>
<li><a href="%s" target="_blank">关于做好2021年政府信息公开工作年度报告编制发布工作的通知</a><span>12-10</span></li></ul></div>
<div class="ja-home-gk"><h3><a href="./zwgk/">政府信息公开</a></h3><ul>
<li><a href="./zwgk/gkzn/">政府信息公开指南</a></li><li><a href="./zwgk/gknb/">政府信息公开年报</a></li>
<li><a href="javascript:void(0);" onclick="window.open('http://www.jiangxi.gov.cn/col/col25435/')">依申请公开</a></li></ul></div>
""" % (rel("/index.html", news), rel("/index.html", tz))
    w.put(P, "/index.html", jian_frame("/index.html", J_SITE, "首页", [("首页", None)], home), "2022-03-02", "gbk")

    w.put(P, "/zwgk/index.html", jian_frame("/zwgk/index.html", "政府信息公开_" + J_SITE, "政府信息公开",
          [("首页", "/"), ("政府信息公开", None)],
          """<div class="ja-gk-home"><h2>政府信息公开</h2><ul class="ja-tree">
<li><a href="./gkzn/">政府信息公开指南</a></li><li><a href="./tzgg/">通知公告</a></li>
<li><a href="./gknb/">政府信息公开年报</a></li></ul></div>"""), "2022-01-26", "gbk")

    w.put(P, "/zwgk/gkzn/index.html", jian_frame("/zwgk/gkzn/index.html", "政府信息公开指南_" + J_SITE, "政府信息公开指南",
          [("首页", "/"), ("政府信息公开", "/zwgk/"), ("政府信息公开指南", None)],
          '<div class="ja-article"><h1 class="ja-art-title">吉安市人民政府信息公开指南</h1><div class="ja-art-content">'
          + body_trs([("p", "为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。"),
                      ("h", "一、主动公开"),
                      ("p", "市人民政府通过门户网站、政府公报、新闻发布会以及报刊、广播、电视等途径主动公开政府信息。"),
                      ("h", "二、依申请公开"),
                      ("p", "公民、法人或者其他组织可以通过当面、邮寄、网络等方式提出政府信息公开申请。"),
                      ("h", "三、政府信息公开工作年度报告"),
                      ("p", "市人民政府于每年1月31日前在门户网站“政府信息公开年报”栏目公布上一年度政府信息公开工作年度报告。")])
          + "</div></div>"), "2020-06-01", "gbk")

    # the 年报 column: two list pages, paginated only by createPageHTML
    col = "政府信息公开年报"
    w.put(P, nb + "index.html", jian_list(nb + "index.html", col, nb, [
        (t21, r21, "2022-01-25"),
        ("《吉安市人民政府2021年政府信息公开工作年度报告》解读", jd, "2022-01-26"),
        ("吉安市人民政府2021年政府网站工作年度报表", bb, "2022-01-20"),
    ], 0, 2), "2022-01-26", "gbk")
    w.put(P, nb + "index_1.html", jian_list(nb + "index_1.html", col, nb, [(t17, r17, "2018-03-23")], 1, 2),
          "2022-01-26", "gbk")

    # 2021 report: two pages + PDF twin
    p1, p2, m21 = report_jian_2021()
    attach = ('<div class="ja-appendix">附件：<a href="./P020220125365812749003.pdf" '
              'oldsrc="W020220125365812749003.pdf">吉安市人民政府2021年政府信息公开工作年度报告.pdf</a></div>\n')

    def pager(cur):
        first, second = "./t20220125_4518837.html", "./t20220125_4518837_1.html"
        parts = ['<div class="ja-art-page" id="pagenav"><script type="text/javascript">'
                 'createPageHTML(2, %d, "t20220125_4518837", "html");</script>' % cur]
        parts.append('<a href="%s">上一页</a>' % first if cur == 1 else "<span>上一页</span>")
        parts.append('<a href="%s">1</a> <a href="%s">2</a>' % (first, second))
        parts.append('<a href="%s">下一页</a>' % second if cur == 0 else "<span>下一页</span>")
        return " ".join(parts) + "</div>\n"

    src21 = "吉安市人民政府办公室"
    jian_article(w, r21, t21, col, nb, "2022-01-25", "10:32", src21, body_trs(p1), "11360800MB1812345X/2022-00103",
                 pager(0), attach)
    jian_article(w, r21b, t21, col, nb, "2022-01-25", "10:32", src21, body_trs(p2), "11360800MB1812345X/2022-00103",
                 pager(1), attach)
    w.put(P, r21pdf, make_pdf(t21, p1 + p2), "2022-01-25")
    w.reports.append({
        "group": "jian-2021", "portal": P, "urls": [url(P, r21), url(P, r21pdf)], "primary_url": url(P, r21),
        "part_urls": [url(P, r21b)], "title": t21, "body": "吉安市人民政府", "body_kind": "government",
        "region": "吉安市", "level": "city", "year": 2021, "publish_date": "2022-01-25", "format": "multipage",
        "template": "2021", "encoding": "gbk", "text": blocks_text(p1 + p2), "metrics": m21, "approximate": [],
        "optional": ["fees.collected"], "script": "simplified",
        "note": "split over two pages (_1 continuation, 下一页 link and createPageHTML); the PDF twin is linked "
                "on both pages"})

    # 2017 report (2008 template: prose + statistics table), only on list page 2
    b17, m17 = report_jian_2017()
    jian_article(w, r17, t17, col, nb, "2018-03-23", "16:05", "吉安市人民政府办公室", body_trs(b17),
                 "11360800MB1812345X/2018-00057")
    w.reports.append({
        "group": "jian-2017", "portal": P, "urls": [url(P, r17)], "primary_url": url(P, r17), "title": t17,
        "body": "吉安市人民政府办公室", "body_alt": ["吉安市人民政府"], "body_kind": "government", "region": "吉安市",
        "level": "city", "year": 2017, "publish_date": "2018-03-23", "format": "html", "template": "2008",
        "encoding": "gbk", "text": blocks_text(b17), "metrics": m17, "approximate": [], "optional": [],
        "script": "simplified", "note": "listed only on the second list page (index_1.html)"})

    # look-alikes in the same column
    jd_blocks = [
        ("p", "近日，《吉安市人民政府2021年政府信息公开工作年度报告》正式发布。为便于公众理解，现就有关内容解读如下。"),
        ("h", "一、报告的主要内容"),
        ("p", "年度报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分组成。"),
        ("h", "二、报告的主要特点"),
        ("p", "一是严格按照新的年度报告格式编制，数据统计口径更加规范；二是突出重点领域信息公开，全面反映全市政务公开工作成效；三是坦诚分析存在的问题，明确下一步改进措施。"),
    ]
    jian_article(w, jd, "《吉安市人民政府2021年政府信息公开工作年度报告》解读", col, nb, "2022-01-26", "09:15",
                 "吉安市人民政府办公室", body_trs(jd_blocks), "11360800MB1812345X/2022-00108")
    w.look_alike(P, jd, "interpretation", "《吉安市人民政府2021年政府信息公开工作年度报告》解读")
    bb_blocks = [
        ("p", "（2021年度）"),
        ("table", [["网站名称", ("吉安市人民政府", 1, 3)], ["首页网址", ("http://www.jian.gov.cn", 1, 3)],
                   ["主办单位", ("吉安市人民政府办公室", 1, 3)], ["网站类型", ("政府门户网站", 1, 3)],
                   ["政府网站标识码", ("3608000001", 1, 3)], ["ICP备案号", ("赣ICP备05004352号", 1, 3)],
                   ["独立用户访问总量（单位：个）", ("1865432", 1, 3)], ["网站总访问量（单位：次）", ("9876543", 1, 3)],
                   [("信息发布（单位：条）", 3, 1), ("总数", 1, 2), "23650"], [("概况类信息", 1, 2), "312"],
                   [("政务动态信息", 1, 2), "15873"],
                   [("办事服务", 1, 1), ("是否发布服务事项目录", 1, 2), "是"]]),
        ("p", "单位：吉安市人民政府办公室　　填报人：政务公开科　　填报日期：2022-01-18"),
    ]
    jian_article(w, bb, "吉安市人民政府2021年政府网站工作年度报表", col, nb, "2022-01-20", "11:00",
                 "吉安市人民政府办公室", body_trs(bb_blocks), "11360800MB1812345X/2022-00098")
    w.look_alike(P, bb, "website_report", "吉安市人民政府2021年政府网站工作年度报表")

    # 通知公告: the notice about compiling the reports
    tz_title = "关于做好2021年政府信息公开工作年度报告编制发布工作的通知"
    w.put(P, "/zwgk/tzgg/index.html", jian_list("/zwgk/tzgg/index.html", "通知公告", "/zwgk/tzgg/",
                                                [(tz_title, tz, "2021-12-10")], 0, 1), "2021-12-10", "gbk")
    tz_blocks = [
        ("p", "各县（市、区）人民政府，井冈山经济技术开发区管委会，市政府各部门："),
        ("p", "根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室有关要求，现就做好2021年政府信息公开工作年度报告编制发布工作通知如下："),
        ("p", "一、各地各部门要严格按照《中华人民共和国政府信息公开工作年度报告格式》编制年度报告，于2022年1月31日前在本单位门户网站“政府信息公开年报”栏目公布。"),
        ("p", "二、年度报告中的数据要真实准确，表格中各项数据之间的勾稽关系要正确。"),
        ("sign", ["吉安市人民政府办公室", "2021年12月10日"]),
    ]
    jian_article(w, tz, tz_title, "通知公告", "/zwgk/tzgg/", "2021-12-10", "15:20", "吉安市人民政府办公室",
                 body_trs(tz_blocks), "11360800MB1812345X/2021-01275", doc_no="吉府办字〔2021〕118号")
    w.look_alike(P, tz, "notice", tz_title)

    # news
    w.put(P, "/zwdt/index.html", jian_frame("/zwdt/index.html", "政务动态_" + J_SITE, "政务动态",
          [("首页", "/"), ("政务动态", None)],
          '<ul class="ja-doclist"><li><span class="ja-date">2022-03-02</span><a href="%s">吉安市召开2022年全市政务公开工作会议</a></li></ul>'
          % rel("/zwdt/index.html", news)), "2022-03-02", "gbk")
    w.put(P, news, jian_frame(news, "吉安市召开2022年全市政务公开工作会议_政务动态_" + J_SITE, "政务动态",
          [("首页", "/"), ("政务动态", "/zwdt/")],
          '<div class="ja-article"><h1 class="ja-art-title">吉安市召开2022年全市政务公开工作会议</h1>'
          '<div class="ja-art-source">发布时间：2022-03-02 17:40　来源：吉安日报</div><div class="ja-art-content">'
          + body_trs([("p", "3月2日，全市政务公开工作会议召开。会议总结了2021年全市政务公开工作，部署了2022年重点任务。会议指出，各地各部门要持续深化重点领域信息公开，规范做好政府信息公开工作年度报告编制发布。")])
          + "</div></div>", {"ArticleTitle": "吉安市召开2022年全市政务公开工作会议", "PubDate": "2022-03-02 17:40",
                             "ContentSource": "吉安日报"}), "2022-03-02", "gbk")

    w.put(P, "/hdjl/index.html", jian_frame("/hdjl/index.html", "互动交流_" + J_SITE, "互动交流",
          [("首页", "/"), ("互动交流", None)],
          '<div class="ja-hd"><a href="javascript:void(0);">市长信箱</a> <a href="javascript:void(0);">在线访谈</a> '
          '<a href="javascript:void(0);">网上调查</a></div>'), "2021-01-01", "gbk")

    # /search/ is Disallowed in robots.txt: result pages with copies of the reports
    srch = "/search/index.html"
    copy = "/search/detail/t20220125_4518837.html"
    w.put(P, srch, jian_frame(srch, "搜索结果_" + J_SITE, "搜索", [("首页", "/"), ("搜索结果", None)],
          '<div class="ja-result"><p>找到相关结果2条</p><ul><li><a href="/search/detail/t20220125_4518837.html">%s</a></li>'
          '<li><a href="/search/detail/t20180323_2856417.html">%s</a></li></ul></div>' % (t21, t17)), "2022-01-26", "gbk")
    w.put(P, copy, w.files[P][r21], "2022-01-25")
    w.traps.append({"kind": "robots_disallowed", "portal": P, "url": url(P, "/search/"),
                    "note": "Disallow: /search/ — search results and a copy of the 2021 report page; never fetch"})
    w.traps.append({"kind": "robots_disallowed", "portal": P, "url": url(P, copy),
                    "note": "byte copy of the 2021 report under /search/"})
    w.traps.append({"kind": "offsite", "portal": P, "url": "https://www.gov.cn/"})
    w.traps.append({"kind": "mailto", "portal": P, "url": "mailto:jaszfbgs@jian.gov.cn"})
    w.traps.append({"kind": "javascript", "portal": P, "url": "javascript:void(0);"})


# ----- portal 2: 萍乡市安源区 (Hanweb jcms, UTF-8) ------------------------------------

A_SITE = "萍乡市安源区人民政府"
A_CODE = "3603020001"
A_COLS = {3301: "新闻中心", 3310: "政府信息公开", 3311: "政府信息公开指南", 3315: "政府信息公开年报",
          3316: "2019年", 3317: "2020年"}


def anyuan_frame(path: str, title: str, column: str, crumbs, main: str, meta: dict | None = None,
                 big5_link: str = "/big5/index.html") -> str:
    meta = meta or {}
    tags = [("SiteName", A_SITE), ("SiteDomain", "www.ay.gov.cn"), ("SiteIDCode", A_CODE), ("ColumnName", column)]
    tags += [(k, meta[k]) for k in ("ArticleTitle", "PubDate", "ContentSource", "Keywords") if k in meta]
    heads = "\n".join('<meta name="%s" content="%s">' % (k, esc(v)) for k, v in tags)
    crumb = "&nbsp;&gt;&nbsp;".join('<a href="%s">%s</a>' % (p, esc(n)) if p else esc(n) for n, p in crumbs)
    s = sid(path)
    return """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<title>%(title)s</title>
%(heads)s
<script type="text/javascript" src="/script/0/jquery.min.js"></script>
</head>
<body>
<div class="ay-top"><div class="ay-wrap">
<span>欢迎访问萍乡市安源区人民政府门户网站</span>
<a href="%(big5)s">繁體</a> | <a href="javascript:void(0);" onclick="aria.start()">无障碍</a> | <a href="javascript:void(0);">长者模式</a> | <a href="/hdjl/index.html?sid=%(sid)s">互动交流</a>
</div></div>
<div class="ay-header"><div class="ay-wrap"><a href="/"><img src="/images/ay_logo.png" alt="萍乡市安源区人民政府"></a>
<form action="/jrobot/search.do" method="get" target="_blank"><input type="hidden" name="webid" value="1"><input type="text" name="q" placeholder="请输入关键字"><button>搜索</button></form></div></div>
<div class="ay-nav"><ul>
<li><a href="/">首页</a></li><li><a href="/col/col3301/index.html">新闻中心</a></li><li><a href="/col/col3310/index.html">政府信息公开</a></li>
<li><a href="http://www.jxzwfww.gov.cn/" target="_blank">政务服务</a></li><li><a href="/hdjl/index.html?sid=%(sid)s">互动交流</a></li>
<li><a href="/rili/?date=2020-01-01">政务日历</a></li>
</ul></div>
<div class="ay-wrap ay-main">
<div class="ay-location">您当前的位置：%(crumb)s</div>
%(main)s
</div>
<div class="ay-footer"><div class="ay-wrap">
<p><a href="javascript:void(0);">网站地图</a> | <a href="javascript:void(0);">联系我们</a> | <a href="javascript:void(0);">隐私声明</a></p>
<p>主办单位：萍乡市安源区人民政府办公室　　地址：萍乡市安源区建设中路1号　　邮编：337000</p>
<p>网站标识码：%(code)s　　<a href="https://beian.miit.gov.cn/" target="_blank">赣ICP备12003456号-1</a>　　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=36030202000045" target="_blank">赣公网安备 36030202000045号</a></p>
<p><script type="text/javascript">document.write(unescape("%%3Cspan id='_ideConac' %%3E%%3C/span%%3E"));</script></p>
</div></div>
</body>
</html>
""" % {"title": esc(title), "heads": heads, "big5": big5_link, "sid": s, "crumb": crumb, "main": main, "code": A_CODE}


def col_path(c: int) -> str:
    return "/col/col%d/index.html" % c


def art_path(col: int, date: str, n: int) -> str:
    y, m, d = (int(x) for x in date.split("-"))
    return "/art/%d/%d/%d/art_%d_%d.html" % (y, m, d, col, n)


def datastore(col: int, unit: int, items) -> str:
    """The jcms list: records in <script type="text/xml"><datastore>, paged by JavaScript."""
    recs = "\n".join(
        '<record><![CDATA[\n<li><a href="%s" title="%s" target="_blank">%s</a><span>%s</span></li>\n]]></record>'
        % (p, esc(t), esc(t), d) for t, p, d in items)
    return """<div id="%(unit)d"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid=%(col)d&unitid=%(unit)d&webname=%(web)s&permissiontype=0"></a>]]></nextgroup>
<recordset>
%(recs)s
</recordset></datastore></script><script language="javascript" src="/module/jslib/jquery/jpage/dataproxy.js"></script>
<script>$(document).ready(function(){$("#%(unit)d").jpage({dataStore:dataStore,perPage:15,totalRecord:%(n)d,barPosition:"bottom"});});</script></div>""" % {
        "unit": unit, "col": col, "web": A_SITE, "recs": recs, "n": len(items)}


def anyuan_col(w: World, col: int, parent_crumbs, main: str, date: str) -> None:
    path = col_path(col)
    crumbs = [("首页", "/")] + parent_crumbs + [(A_COLS[col], None)]
    w.put("anyuan", path, anyuan_frame(path, A_COLS[col] + " - " + A_SITE, A_COLS[col], crumbs, main), date)


def anyuan_article(w: World, col: int, n: int, title: str, date: str, time_: str, source: str, body_html: str,
                   crumbs, index_no: str, attach: str = "", publisher: str | None = None) -> str:
    path = art_path(col, date, n)
    main = """<div class="ay-article">
<table class="ay-gkinfo" cellpadding="0" cellspacing="0" width="100%%">
<tr><th>索 引 号：</th><td>%(idx)s</td><th>发布机构：</th><td>%(pub)s</td></tr>
<tr><th>生成日期：</th><td>%(date)s</td><th>文　　号：</th><td></td></tr>
<tr><th>公开方式：</th><td>主动公开</td><th>公开范围：</th><td>全部公开</td></tr>
</table>
<div class="ay-art-title">%(title)s</div>
<div class="ay-art-info">发布日期：%(date)s %(time)s　信息来源：%(src)s　浏览次数：<span id="ay_hits"><script>document.write(Math.round(%(hits)s));</script></span>
　<span class="ay-font">【字体：<a href="javascript:void(0);" onclick="setFont(18)">大</a> <a href="javascript:void(0);" onclick="setFont(16)">中</a> <a href="javascript:void(0);" onclick="setFont(14)">小</a>】</span></div>
<div class="bt-article-content">
<!--<$[信息内容]>begin-->%(body)s<!--<$[信息内容]>end-->
</div>
%(attach)s
<div class="ay-art-bottom">分享到：<a href="javascript:void(0);">微信</a> <a href="javascript:void(0);">微博</a>　　【<a href="javascript:window.print();">打印本页</a>】　【<a href="javascript:window.close();">关闭窗口</a>】</div>
</div>""" % {"idx": index_no, "pub": esc(publisher or source), "date": date, "time": time_, "title": esc(title),
             "src": esc(source), "hits": int(hashlib.md5(path.encode()).hexdigest()[:4], 16), "body": body_html,
             "attach": attach}
    meta = {"ArticleTitle": title, "PubDate": "%s %s" % (date, time_), "ContentSource": source}
    column = A_COLS.get(col, "")
    w.put("anyuan", path, anyuan_frame(path, title + " - " + A_SITE, column, crumbs, main, meta), date)
    return path


def build_anyuan(w: World) -> None:
    P = "anyuan"
    w.put(P, "/robots.txt", "User-agent: *\nDisallow: /module/\nDisallow: /jrobot/\n")
    gk_crumbs = [("首页", "/"), ("政府信息公开", col_path(3310)), ("政府信息公开年报", col_path(3315))]

    # --- reports
    t19 = "萍乡市安源区人民政府2019年政府信息公开工作年度报告"
    b19, m19 = report_anyuan_2019()
    r19 = anyuan_article(w, 3316, 52011, t19, "2020-01-20", "09:15", "区政府办", body_word(b19),
                         gk_crumbs + [("2019年", col_path(3316))], "014513201/2020-00011",
                         publisher="萍乡市安源区人民政府办公室")
    tjy = "安源区教育局2020年政府信息公开工作年度报告"
    bjy, mjy = report_anyuan_jyj_2020()
    rjy = anyuan_article(w, 3317, 60233, tjy, "2021-01-28", "16:40", "区教育局", body_word(bjy),
                         gk_crumbs + [("2020年", col_path(3317))], "014513210/2021-00004", publisher="安源区教育局")

    # 住建局 2018: a notice page with the DOCX report and the XLSX statistics table attached
    tzj = "安源区住房和城乡建设局2018年政府信息公开工作年度报告"
    bzj, mzj, cum = report_anyuan_zjj_2018()
    docx_path = "/attach/0/%s.docx" % docid("anyuan", "zjj", 2018, "report")
    xlsx_path = "/attach/0/%s.xlsx" % docid("anyuan", "zjj", 2018, "table")
    w.put(P, docx_path, make_docx(tzj, bzj, "2019-03-15"), "2019-03-15")
    xtitle = "安源区住房和城乡建设局2018年政府信息公开情况统计表"
    xbytes, xtext = make_xlsx(xtitle, "填报单位（盖章）：安源区住房和城乡建设局", table_2008(mzj, cum), "2019-03-15")
    w.put(P, xlsx_path, xbytes, "2019-03-15")
    notice_body = body_word([
        ("p", "根据《中华人民共和国政府信息公开条例》规定，现将《安源区住房和城乡建设局2018年政府信息公开工作年度报告》予以公布，详见附件。"),
        ("p", "如对本报告有任何疑问，请与安源区住房和城乡建设局办公室联系（联系电话：0799-6612345）。"),
    ])
    attach = ('<div class="ay-attach"><p>相关附件：</p><ul>'
              '<li><a href="%s" target="_blank">安源区住房和城乡建设局2018年政府信息公开工作年度报告.docx</a></li>'
              '<li><a href="%s" target="_blank">安源区住房和城乡建设局2018年政府信息公开情况统计表.xlsx</a></li></ul></div>'
              % (docx_path, xlsx_path))
    rzj = anyuan_article(w, 3315, 41872, tzj, "2019-03-15", "10:05", "区住建局", notice_body, gk_crumbs,
                         "014513233/2019-00009", attach, publisher="安源区住房和城乡建设局")

    # look-alikes: a 图解 of the 2019 report and the website annual form
    tj_title = "图解：安源区2019年政府信息公开工作年度报告"
    tjp = anyuan_article(w, 3316, 52020, tj_title, "2020-01-21", "10:30", "区政府办", body_word([
        ("p", "一图读懂《萍乡市安源区人民政府2019年政府信息公开工作年度报告》。"),
        ("p", "【图解】2019年，安源区主动公开政府信息工作取得新进展：规范性文件全部公开，依申请公开全部按期办结，政务公开平台完成集约化改造。"),
    ]) + '<p><img src="/picture/0/tujie2019.png" alt="图解"></p>', gk_crumbs + [("2019年", col_path(3316))],
        "014513201/2020-00012")
    w.look_alike(P, tjp, "interpretation", tj_title)
    wz_title = "萍乡市安源区人民政府2019年政府网站工作年度报表"
    wzp = anyuan_article(w, 3316, 51890, wz_title, "2020-01-15", "15:00", "区政府办", body_word([
        ("table", [["网站名称", "萍乡市安源区人民政府"], ["首页网址", "http://www.ay.gov.cn"],
                   ["政府网站标识码", A_CODE], ["独立用户访问总量（单位：个）", "356789"],
                   ["网站总访问量（单位：次）", "1234567"], ["信息发布总数（单位：条）", "4872"]]),
    ]), gk_crumbs + [("2019年", col_path(3316))], "014513201/2020-00007")
    w.look_alike(P, wzp, "website_report", wz_title)

    guide = anyuan_article(w, 3311, 45120, "萍乡市安源区人民政府信息公开指南", "2019-05-10", "08:30", "区政府办",
                           body_word([("p", "为便于公民、法人和其他组织获取本机关政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。"),
                                      ("p", "本机关每年1月31日前向社会公布本机关上一年度政府信息公开工作年度报告。")]),
                           [("首页", "/"), ("政府信息公开", col_path(3310)), ("政府信息公开指南", col_path(3311))],
                           "014513201/2019-00031")

    # --- columns (lists in <datastore>), with a year sub-column structure under 年报
    anyuan_col(w, 3316, gk_crumbs[1:], '<div class="ay-list"><h2>2019年</h2>' + datastore(3316, 20436, [
        ("图解：安源区2019年政府信息公开工作年度报告", tjp, "2020-01-21"),
        (t19, r19, "2020-01-20"),
        (wz_title, wzp, "2020-01-15")]) + "</div>", "2020-01-21")
    anyuan_col(w, 3317, gk_crumbs[1:], '<div class="ay-list"><h2>2020年</h2>' + datastore(3317, 20437, [
        (tjy, rjy, "2021-01-28")]) + "</div>", "2021-01-28")
    anyuan_col(w, 3315, gk_crumbs[1:2], """<div class="ay-sub"><h2>政府信息公开年报</h2>
<ul class="ay-subcol"><li><a href="/col/col3317/index.html">2020年</a></li><li><a href="/col/col3316/index.html">2019年</a></li></ul></div>
<div class="ay-list"><h3>往年年报</h3>""" + datastore(3315, 20435, [(tzj, rzj, "2019-03-15")]) + "</div>", "2021-01-28")
    anyuan_col(w, 3311, [("政府信息公开", col_path(3310))], '<div class="ay-list">' + datastore(3311, 20431, [
        ("萍乡市安源区人民政府信息公开指南", guide, "2019-05-10")]) + "</div>", "2019-05-10")
    anyuan_col(w, 3310, [], """<div class="ay-xxgk"><h2>政府信息公开</h2><ul>
<li><a href="/col/col3311/index.html">政府信息公开指南</a></li>
<li><a href="/col/col3315/index.html">政府信息公开年报</a></li>
<li><a href="/module/xxgk/search.jsp?infotypeId=&vc_title=">政府信息公开目录检索</a></li></ul></div>""", "2021-01-28")

    news_t = "安源区召开2020年政务公开工作推进会"
    news = anyuan_article(w, 3301, 61502, news_t, "2020-04-16", "17:20", "区融媒体中心", body_word([
        ("p", "4月16日，安源区召开2020年政务公开工作推进会。会议通报了2019年政府信息公开工作年度报告发布情况，对全年政务公开重点工作进行了部署。")]),
        [("首页", "/"), ("新闻中心", col_path(3301))], "014513201/2020-00120")
    anyuan_col(w, 3301, [], '<div class="ay-list"><h2>新闻中心</h2>' + datastore(3301, 20401, [(news_t, news, "2020-04-16")])
               + "</div>", "2020-04-16")

    home = """<div class="ay-home-news"><h3>新闻中心</h3><ul><li><a href="%s">%s</a><span>2020-04-16</span></li></ul></div>
<div class="ay-home-gk"><h3>政府信息公开</h3><ul>
<li><a href="/col/col3311/index.html">政府信息公开指南</a></li>
<li><a href="/col/col3315/index.html">政府信息公开年报</a></li></ul>
<h4>最新公开</h4><ul><li><a href="%s">%s</a><span>2021-01-28</span></li><li><a href="%s">%s</a><span>2020-01-20</span></li></ul></div>
""" % (news, news_t, rjy, tjy, r19, t19)
    w.put(P, "/index.html", anyuan_frame("/index.html", A_SITE, "首页", [("首页", None)], home), "2021-01-28")

    # --- Traditional-script mirror (a big5 gateway copy: same report, Traditional text)
    import opencc
    s2t = opencc.OpenCC("s2t").convert
    mirror = "/big5" + r19
    mhtml = s2t(w.files[P][r19].decode("utf-8")).replace('href="%s"' % "/big5/index.html", 'href="/index.html"')
    mhtml = mhtml.replace(">繁體<", ">简体<").replace("sid=" + sid(r19), "sid=" + sid(mirror))
    w.put(P, mirror, mhtml, "2020-01-20")
    bhome = s2t(w.files[P]["/index.html"].decode("utf-8")).replace('href="%s"' % r19, 'href="%s"' % mirror)
    bhome = bhome.replace('href="/big5/index.html"', 'href="/index.html"').replace(">繁體<", ">简体<")
    bhome = bhome.replace("sid=" + sid("/index.html"), "sid=" + sid("/big5/index.html"))
    w.put(P, "/big5/index.html", bhome, "2021-01-28")

    w.reports.append({
        "group": "anyuan-2019", "portal": P, "urls": [url(P, r19), url(P, mirror)], "primary_url": url(P, r19),
        "mirror_url": url(P, mirror), "title": t19, "body": "萍乡市安源区人民政府", "body_kind": "government",
        "region": "安源区", "level": "district", "year": 2019, "publish_date": "2020-01-20", "format": "html",
        "template": "2019-original", "encoding": "utf-8", "text": blocks_text(b19), "metrics": m19,
        "approximate": [], "optional": [], "script": "simplified",
        "note": "Traditional-script copy at mirror_url (linked from /big5/index.html, the 繁體 link)"})
    w.reports.append({
        "group": "anyuan-jyj-2020", "portal": P, "urls": [url(P, rjy)], "primary_url": url(P, rjy), "title": tjy,
        "body": "安源区教育局", "body_alt": ["萍乡市安源区教育局"], "body_kind": "department", "region": "安源区",
        "level": "district", "year": 2020, "publish_date": "2021-01-28", "format": "html",
        "template": "2019-original", "encoding": "utf-8", "text": blocks_text(bjy), "metrics": mjy,
        "approximate": [], "optional": [], "script": "simplified",
        "note": "in the 2020年 sub-column of the 年报 column"})
    w.reports.append({
        "group": "anyuan-zjj-2018", "portal": P, "urls": [url(P, docx_path)], "primary_url": url(P, docx_path),
        "notice_url": url(P, rzj), "title": tzj, "body": "安源区住房和城乡建设局",
        "body_alt": ["萍乡市安源区住房和城乡建设局"], "body_kind": "department", "region": "安源区",
        "level": "district", "year": 2018, "publish_date": "2019-03-15", "format": "docx", "template": "2008",
        "encoding": None, "text": blocks_text(bzj), "metrics": mzj, "approximate": [],
        "optional": ["org.units"], "script": "simplified",
        "attachments": [{"url": url(P, xlsx_path), "format": "xlsx", "text": xtext,
                         "cumulative": {k: v for k, v in cum.items()}}],
        "note": "announced on a notice page (详见附件); metrics come from the XLSX 统计数 column (never 历年累计), "
                "the DOCX prose repeats some of them"})

    # --- traps: session ids on every page, a calendar that never ends, robots-disallowed dynamic paths
    w.put(P, "/hdjl/index.html", anyuan_frame("/hdjl/index.html", "互动交流 - " + A_SITE, "互动交流",
          [("首页", "/"), ("互动交流", None)], '<div class="ay-hd"><a href="javascript:void(0);">区长信箱</a> '
          '<a href="/hdjl/index.html?sid=%s">在线咨询</a></div>' % sid("/hdjl/zx")), "2020-01-01")
    w.traps.append({"kind": "session_id", "portal": P, "url": url(P, "/hdjl/index.html?sid=" + sid("/index.html")),
                    "note": "every page links /hdjl/index.html?sid=<a different id per page>; the server ignores "
                            "the query"})
    day = dt.date(2020, 1, 1)
    for depth in range(4):  # /rili/, /rili/next/, /rili/next/next/, /rili/next/next/next/
        path = "/rili/" + "next/" * depth + "index.html"
        nxt = day + dt.timedelta(days=1)
        main = ('<div class="ay-rili"><h2>政务日历</h2><p>%d年%d月%d日　暂无政务活动安排</p>'
                '<a href="next/?date=%s">后一天</a> <a href="/rili/?date=%s">回到今天</a></div>'
                % (day.year, day.month, day.day, nxt.isoformat(), "2020-01-01"))
        w.put(P, path, anyuan_frame(path, "政务日历 - " + A_SITE, "政务日历", [("首页", "/"), ("政务日历", None)], main),
              "2020-01-01")
        day = nxt
    w.traps.append({"kind": "calendar", "portal": P, "url": url(P, "/rili/?date=2020-01-01"),
                    "note": "static: /rili/next/next/next/ (3 levels) then a 404; with dynamic_routes() installed "
                            "/rili/?date=D links D+1 forever"})
    w.routes.append({"site": P, "path": "/rili/", "kind": "calendar", "param": "date", "start": "2020-01-01"})
    w.traps.append({"kind": "robots_disallowed", "portal": P, "url": url(P, "/jrobot/search.do"),
                    "note": "Disallow: /jrobot/ (site search form)"})
    w.traps.append({"kind": "robots_disallowed", "portal": P,
                    "url": url(P, "/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid=3316"),
                    "note": "Disallow: /module/ — the <nextgroup> dataproxy of every <datastore> list"})


# ----- portal 3: 茶陵县 (政府网站集约化 platform, UTF-8) -------------------------------

C_SITE = "茶陵县人民政府门户网站"
C_CODE = "4302240001"


def chaling_frame(path: str, title: str, column: str, crumbs, main: str, meta: dict | None = None) -> str:
    meta = meta or {}
    tags = [("SiteName", "茶陵县人民政府"), ("SiteDomain", "www.chaling.gov.cn"), ("SiteIDCode", C_CODE),
            ("ColumnName", column)]
    tags += [(k, meta[k]) for k in ("ArticleTitle", "PubDate", "ContentSource", "Description") if k in meta]
    heads = "\n".join('<meta name="%s" content="%s">' % (k, esc(v)) for k, v in tags)
    crumb = " &gt; ".join('<a href="%s">%s</a>' % (p, esc(n)) if p else "<span>%s</span>" % esc(n) for n, p in crumbs)
    return """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>%(title)s</title>
%(heads)s
<link rel="stylesheet" href="/r/cms/www/default/css/common.css">
</head>
<body>
<div class="cl-top"><div class="cl-w"><span>您好，欢迎访问茶陵县人民政府门户网站！</span><span class="cl-tools"><a href="javascript:void(0);">长者模式</a> <a href="javascript:void(0);">无障碍</a> <a href="javascript:void(0);">手机版</a></span></div></div>
<header class="cl-header"><div class="cl-w"><a class="cl-logo" href="/"><img src="/r/cms/www/default/images/logo.png" alt="茶陵县人民政府"></a>
<form class="cl-search" action="/search/" method="get"><input name="keyword" placeholder="请输入搜索内容"><button type="submit">搜 索</button></form></div></header>
<nav class="cl-nav"><div class="cl-w"><a href="/">首页</a><a href="/xwzx/zwyw/index.html">新闻资讯</a><a href="/zwgk/index.html">政务公开</a><a href="http://zwfw-new.hunan.gov.cn/" target="_blank">政务服务</a><a href="javascript:void(0);">政民互动</a><a href="javascript:void(0);">走进茶陵</a></div></nav>
<div class="cl-w cl-body">
<div class="cl-crumbs">您现在的位置：%(crumb)s</div>
%(main)s
</div>
<footer class="cl-footer"><div class="cl-w">
<p>版权所有：茶陵县人民政府　主办单位：茶陵县人民政府办公室　承办单位：茶陵县政务服务中心</p>
<p>网站标识码：%(code)s　<a href="https://beian.miit.gov.cn/" target="_blank">湘ICP备09012345号</a>　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=43022402000089" target="_blank">湘公网安备 43022402000089号</a></p>
<p>您是第 <span class="cl-count">1285390</span> 位访客　建议使用1366×768分辨率浏览</p>
</div></footer>
</body>
</html>
""" % {"title": esc(title), "heads": heads, "crumb": crumb, "main": main, "code": C_CODE}


XXGKML = [("zfxxgknb", "政府信息公开年报"), ("zfgzbg", "政府工作报告"), ("fzzfjs", "法治政府建设")]


def chaling_tree(active: str) -> str:
    items = "".join('<li%s><a href="/zwgk/xxgkml/%s/index.html">%s</a></li>' % (' class="on"' if k == active else "", k, n)
                    for k, n in XXGKML)
    return ('<aside class="cl-xxgk-tree"><h3>政府信息公开目录</h3><ul><li><a href="/zwgk/xxgkzn/index.html">'
            '政府信息公开指南</a></li>%s</ul></aside>' % items)


def chaling_list(path: str, key: str, column: str, items, page: int, pages: int, total: int, per: int) -> str:
    lis = "\n".join('<li><a href="%s" target="_blank" title="%s">%s</a><span class="cl-date">%s</span></li>'
                    % (p, esc(t), esc(t), d) for t, p, d in items)

    def page_url(n):
        return "index.html" if n == 1 else "index_%d.html" % n
    pager = ['<div class="cl-pager"><span>共%d条　每页%d条　第%d/%d页</span>' % (total, per, page, pages)]
    pager.append('<a href="%s">首页</a>' % page_url(1))
    pager.append('<a href="%s">上一页</a>' % page_url(page - 1) if page > 1 else '<a class="disabled">上一页</a>')
    pager.append('<a href="%s">下一页</a>' % page_url(page + 1) if page < pages else '<a class="disabled">下一页</a>')
    pager.append('<a href="%s">尾页</a></div>' % page_url(pages))
    main = chaling_tree(key) + '<section class="cl-list"><h2>%s</h2><ul>%s</ul>%s</section>' % (esc(column), lis,
                                                                                               " ".join(pager))
    crumbs = [("首页", "/"), ("政务公开", "/zwgk/index.html"), ("政府信息公开目录", "/zwgk/xxgkml/index.html"), (column, None)]
    return chaling_frame(path, column + "-" + C_SITE, column, crumbs, main)


def chaling_article(w: World, key: str, column: str, n: int, title: str, date: str, time_: str, source: str,
                    body_html: str, index_no: str, crumbs=None, base: str = "/zwgk/xxgkml/") -> str:
    path = "%s%s/content_%d.html" % (base, key, n)
    main = """<div class="cl-detail">
<ul class="cl-attr">
<li><b>索引号：</b>%(idx)s</li><li><b>发布机构：</b>%(src)s</li>
<li><b>生成日期：</b>%(date)s</li><li><b>文号：</b></li>
<li class="cl-wide"><b>名称：</b>%(title)s</li>
</ul>
<h1 class="cl-detail-title">%(title)s</h1>
<div class="cl-detail-sub"><span>发布日期：%(date)s %(time)s</span><span>来源：%(src)s</span><span>字号：<a href="javascript:void(0);">大</a> <a href="javascript:void(0);">中</a> <a href="javascript:void(0);">小</a></span></div>
<div class="cl-detail-body">
%(body)s
</div>
<div class="cl-detail-foot"><span>分享到：<a href="javascript:void(0);">微信</a> <a href="javascript:void(0);">微博</a></span> <a href="javascript:window.print();">打印本页</a> <a href="javascript:window.close();">关闭窗口</a></div>
</div>""" % {"idx": index_no, "src": esc(source), "date": date, "time": time_, "title": esc(title), "body": body_html}
    meta = {"ArticleTitle": title, "PubDate": "%s %s" % (date, time_), "ContentSource": source}
    crumbs = crumbs or [("首页", "/"), ("政务公开", "/zwgk/index.html"), ("政府信息公开目录", "/zwgk/xxgkml/index.html"),
                        (column, "%s%s/index.html" % (base, key)), ("正文", None)]
    w.put("chaling", path, chaling_frame(path, title + "-" + C_SITE, column, crumbs, main, meta), date)
    return path


def build_chaling(w: World) -> None:
    P = "chaling"
    w.put(P, "/robots.txt", "User-agent: *\nDisallow: /admin/\nDisallow: /search/\n")
    col = "政府信息公开年报"

    t22 = "茶陵县2022年政府信息公开工作年度报告"
    b22, m22 = report_chaling_2022()
    r22 = chaling_article(w, "zfxxgknb", col, 35118, t22, "2023-01-30", "16:20", "茶陵县人民政府办公室",
                          body_plain(b22), "431224000/2023-00012")
    t14 = "茶陵县人民政府2014年政府信息公开工作年度报告"
    b14, m14 = report_chaling_2014()
    r14 = chaling_article(w, "zfxxgknb", col, 21467, t14, "2015-03-20", "09:00", "茶陵县人民政府办公室",
                          body_plain(b14), "431224000/2015-00035")
    broken = "/zwgk/xxgkml/zfxxgknb/content_30125.html"
    t16 = "茶陵县2016年政府信息公开工作年度报告"

    items = [(t22, r22, "2023-01-30"), (t16, broken, "2017-03-28"), (t14, r14, "2015-03-20")]
    w.put(P, "/zwgk/xxgkml/zfxxgknb/index.html",
          chaling_list("/zwgk/xxgkml/zfxxgknb/index.html", "zfxxgknb", col, items[:2], 1, 2, 3, 2), "2023-01-30")
    w.put(P, "/zwgk/xxgkml/zfxxgknb/index_2.html",
          chaling_list("/zwgk/xxgkml/zfxxgknb/index_2.html", "zfxxgknb", col, items[2:], 2, 2, 3, 2), "2023-01-30")

    w.reports.append({
        "group": "chaling-2022", "portal": P, "urls": [url(P, r22)], "primary_url": url(P, r22), "title": t22,
        "body": "茶陵县人民政府办公室", "body_alt": ["茶陵县人民政府"], "body_kind": "government", "region": "茶陵县",
        "level": "county", "year": 2022, "publish_date": "2023-01-30", "format": "html", "template": "2021",
        "encoding": "utf-8", "text": blocks_text(b22), "metrics": m22, "approximate": [],
        "optional": ["fees.collected"], "script": "simplified", "note": "signed by 茶陵县人民政府办公室"})
    w.reports.append({
        "group": "chaling-2014", "portal": P, "urls": [url(P, r14)], "primary_url": url(P, r14), "title": t14,
        "body": "茶陵县人民政府", "body_kind": "government", "region": "茶陵县", "level": "county", "year": 2014,
        "publish_date": "2015-03-20", "format": "html", "template": "narrative", "encoding": "utf-8",
        "text": blocks_text(b14), "metrics": m14, "approximate": ["reading_points.visits"],
        "optional": ["reconsideration.total", "litigation.total", "replies.total", "requests.completed.on_time"],
        "script": "simplified",
        "note": "figures stated only in prose; on the second list page (index_2.html, reached by 下一页)"})
    w.traps.append({"kind": "broken_link", "portal": P, "url": url(P, broken),
                    "note": "a report-titled list entry (%s) that answers 404" % t16})

    # look-alikes in sibling columns: 政府工作报告, 法治政府建设年度报告
    gz_t = "2023年茶陵县人民政府工作报告"
    gz = chaling_article(w, "zfgzbg", "政府工作报告", 34987, gz_t, "2023-01-10", "08:45", "茶陵县人民政府办公室", body_plain([
        ("p", "——2023年1月6日在茶陵县第十八届人民代表大会第三次会议上"),
        ("h", "一、2022年工作回顾"),
        ("p", "过去的一年，全县地区生产总值增长6.5%，一般公共预算收入完成12.3亿元。我们坚持依法行政，自觉接受人大法律监督、政协民主监督，政务公开全面推进。"),
        ("h", "二、2023年工作安排"),
        ("p", "今年政府工作的主要预期目标是：地区生产总值增长7%左右，一般公共预算收入增长6%。"),
    ]), "431224000/2023-00003")
    w.put(P, "/zwgk/xxgkml/zfgzbg/index.html", chaling_list("/zwgk/xxgkml/zfgzbg/index.html", "zfgzbg", "政府工作报告",
                                                            [(gz_t, gz, "2023-01-10")], 1, 1, 1, 15), "2023-01-10")
    w.look_alike(P, gz, "work_report", gz_t)
    fz_t = "茶陵县2022年法治政府建设年度报告"
    fz = chaling_article(w, "fzzfjs", "法治政府建设", 35102, fz_t, "2023-01-18", "10:10", "茶陵县司法局", body_plain([
        ("p", "2022年，茶陵县深入学习贯彻习近平法治思想，全面落实《法治政府建设实施纲要（2021—2025年）》，法治政府建设取得新成效。现将有关情况报告如下。"),
        ("h", "一、2022年推进法治政府建设的主要举措和成效"),
        ("p", "（一）依法全面履行政府职能。深化“放管服”改革，全面推行政务公开，依法做好政府信息公开工作。"),
        ("h", "二、存在的不足和原因"),
        ("p", "行政执法规范化水平还需进一步提高。"),
        ("h", "三、2023年推进法治政府建设的主要安排"),
        ("p", "持续推进严格规范公正文明执法。"),
    ]), "431224000/2023-00009")
    w.put(P, "/zwgk/xxgkml/fzzfjs/index.html", chaling_list("/zwgk/xxgkml/fzzfjs/index.html", "fzzfjs", "法治政府建设",
                                                            [(fz_t, fz, "2023-01-18")], 1, 1, 1, 15), "2023-01-18")
    w.look_alike(P, fz, "rule_of_law", fz_t)

    zn = "/zwgk/xxgkzn/index.html"
    w.put(P, zn, chaling_frame(zn, "政府信息公开指南-" + C_SITE, "政府信息公开指南",
          [("首页", "/"), ("政务公开", "/zwgk/index.html"), ("政府信息公开指南", None)],
          chaling_tree("") + '<div class="cl-detail"><h1 class="cl-detail-title">茶陵县人民政府信息公开指南</h1><div class="cl-detail-body">'
          + body_plain([("p", "本指南根据《中华人民共和国政府信息公开条例》编制。县人民政府办公室负责组织编制并发布本级政府信息公开工作年度报告。")])
          + "</div></div>"), "2020-03-01")
    w.put(P, "/zwgk/xxgkml/index.html", chaling_frame("/zwgk/xxgkml/index.html", "政府信息公开目录-" + C_SITE,
          "政府信息公开目录", [("首页", "/"), ("政务公开", "/zwgk/index.html"), ("政府信息公开目录", None)],
          chaling_tree("") + '<section class="cl-list"><h2>政府信息公开目录</h2><p>请选择左侧栏目查看。</p></section>'),
          "2023-01-30")
    w.put(P, "/zwgk/index.html", chaling_frame("/zwgk/index.html", "政务公开-" + C_SITE, "政务公开",
          [("首页", "/"), ("政务公开", None)],
          chaling_tree("") + """<section class="cl-gk"><h2>政务公开</h2><ul>
<li><a href="/zwgk/xxgkml/index.html">政府信息公开目录</a></li>
<li><a href="/zwgk/xxgkzn/index.html">政府信息公开指南</a></li>
<li><a href="/zwgk/xxgkml/zfxxgknb/index.html">政府信息公开年报</a></li>
<li><a href="/admin/login.jsp">信息报送</a></li></ul></section>"""), "2023-01-30")

    # news list paginated by ?page=N (a dynamic route serves page 2; statically ?page= is ignored)
    nw_t = "我县发布2022年政府信息公开工作年度报告"
    nw = chaling_article(w, "zwyw", "政务要闻", 35166, nw_t, "2023-02-01", "11:30", "茶陵县融媒体中心", body_plain([
        ("p", "近日，《茶陵县2022年政府信息公开工作年度报告》在县政府门户网站正式发布。报告显示，2022年全县持续推进政务公开标准化规范化，依申请公开办理质量稳步提升。"),
        ("p", "据了解，年度报告全文可在县政府门户网站“政务公开—政府信息公开年报”栏目查阅。"),
    ]), "431224000/2023-00015", crumbs=[("首页", "/"), ("新闻资讯", "/xwzx/zwyw/index.html"), ("正文", None)],
        base="/xwzx/")
    w.look_alike(P, nw, "news", nw_t)
    old_t = "茶陵县开展2019年政务公开专题培训"
    old = chaling_article(w, "zwyw", "政务要闻", 29876, old_t, "2019-06-12", "15:00", "茶陵县融媒体中心", body_plain([
        ("p", "6月12日，县政府办公室举办全县政务公开专题培训班，各乡镇、县直单位政务公开工作人员参加培训。")]),
        "431224000/2019-00088", crumbs=[("首页", "/"), ("新闻资讯", "/xwzx/zwyw/index.html"), ("正文", None)],
        base="/xwzx/")

    def news_list(items, page):
        lis = "".join('<li><a href="%s">%s</a><span class="cl-date">%s</span></li>' % (p, esc(t), d) for t, p, d in items)
        pager = ('<div class="cl-pager"><a href="index.html?page=1">首页</a> %s %s</div>'
                 % ('<a href="index.html?page=%d">上一页</a>' % (page - 1) if page > 1 else "",
                    '<a href="index.html?page=%d">下一页</a>' % (page + 1) if page < 2 else ""))
        return chaling_frame("/xwzx/zwyw/index.html", "政务要闻-" + C_SITE, "政务要闻",
                             [("首页", "/"), ("新闻资讯", None), ("政务要闻", None)],
                             '<section class="cl-list"><h2>政务要闻</h2><ul>%s</ul>%s</section>' % (lis, pager))
    w.put(P, "/xwzx/zwyw/index.html", news_list([(nw_t, nw, "2023-02-01")], 1), "2023-02-01")
    # page 2 lives in a file the static site never links; only the route serves it, at index.html?page=2
    w.put(P, "/xwzx/zwyw/page_2.html", news_list([(old_t, old, "2019-06-12")], 2), "2023-02-01")
    w.routes.append({"site": P, "path": "/xwzx/zwyw/index.html", "kind": "pages", "param": "page",
                     "pages": {"1": "/xwzx/zwyw/index.html", "2": "/xwzx/zwyw/page_2.html"}})
    w.traps.append({"kind": "query_pagination", "portal": P, "url": url(P, "/xwzx/zwyw/index.html?page=2"),
                    "note": "?page=N list; statically the query is ignored (page 1 again), with dynamic_routes() "
                            "installed it serves page 2"})
    w.traps.append({"kind": "robots_disallowed", "portal": P, "url": url(P, "/admin/login.jsp"),
                    "note": "Disallow: /admin/"})

    home = """<section class="cl-home-news"><h3><a href="/xwzx/zwyw/index.html">政务要闻</a></h3><ul>
<li><a href="%s">%s</a><span>02-01</span></li></ul></section>
<section class="cl-home-gk"><h3><a href="/zwgk/index.html">政务公开</a></h3><ul>
<li><a href="/zwgk/xxgkml/index.html">政府信息公开目录</a></li><li><a href="/zwgk/xxgkzn/index.html">政府信息公开指南</a></li>
<li><a href="/zwgk/xxgkml/zfxxgknb/index.html">政府信息公开年报</a></li></ul></section>""" % (nw, nw_t)
    w.put(P, "/index.html", chaling_frame("/index.html", "茶陵县人民政府门户网站", "首页", [("首页", None)], home),
          "2023-02-01")


# ---------------------------------------------------------------------------
# Dynamic routes (what static files cannot do)
# ---------------------------------------------------------------------------

def dynamic_routes(site_dir=None, kinds=None):
    """[(site, path, fn)] for SiteServer.route, from site/routes.json:

        for site, path, fn in dynamic_routes():
            server.route(site, path, fn)

    "calendar": /rili/?date=D answers a day page linking ?date=D+1, forever (a crawler trap).
    "pages":    ?page=N answers the file listed for N (page 1 when absent), 404 otherwise.
    `kinds` {kind: make(site folder, entries) -> fn} replaces these (world3 has kinds of its own);
    the entries of one site, path and kind make one route."""
    site_dir = Path(site_dir or SITE_DIR)
    spec = json.loads((site_dir / "routes.json").read_text(encoding="utf-8"))
    kinds = kinds or ROUTE_KINDS
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for r in spec:
        if r["kind"] in kinds:
            groups.setdefault((r["site"], r["path"], r["kind"]), []).append(r)
    return [(site, path, kinds[kind](site_dir / site, entries)) for (site, path, kind), entries in groups.items()]


def not_found():
    return 404, {"Content-Type": "text/html"}, b"<html><body>404 Not Found</body></html>"


def _calendar(path, param, start):
    def fn(query):
        try:
            day = dt.date.fromisoformat(query.get(param, [start])[0])
        except ValueError:
            day = dt.date.fromisoformat(start)
        nxt, prev = day + dt.timedelta(days=1), day - dt.timedelta(days=1)
        body = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>政务日历</title></head><body>'
                '<h2>政务日历</h2><p>%d年%d月%d日（%s）暂无政务活动安排</p><a href="%s?%s=%s">前一天</a> '
                '<a href="%s?%s=%s">后一天</a></body></html>'
                % (day.year, day.month, day.day, "一二三四五六日"[day.weekday()], path, param, prev.isoformat(), path,
                   param, nxt.isoformat()))
        return 200, {"Content-Type": "text/html; charset=utf-8"}, body.encode("utf-8")
    return fn


def _pages(root: Path, param, pages):
    def fn(query):
        n = query.get(param, ["1"])[0]
        rel_path = pages.get(n)
        if rel_path is None:
            return not_found()
        return 200, {"Content-Type": "text/html"}, (root / rel_path.lstrip("/")).read_bytes()
    return fn


ROUTE_KINDS = {
    "calendar": lambda root, rs: _calendar(rs[0]["path"], rs[0]["param"], rs[0]["start"]),
    "pages": lambda root, rs: _pages(root, rs[0]["param"], rs[0]["pages"]),
}


# ---------------------------------------------------------------------------
# Writing it out
# ---------------------------------------------------------------------------

BOILERPLATE = ["当前位置：", "您当前的位置：", "您现在的位置：", "【字体：", "【打印】", "【关闭窗口】", "【打印本页】",
               "打印本页", "关闭窗口", "分享到：", "扫一扫在手机打开当前页", "点击我为您语音播报", "主办单位", "承办单位",
               "网站标识码", "ICP备", "公网安备", "浏览次数", "版权所有", "您是第", "设为首页", "加入收藏", "无障碍",
               "长者模式", "索引号", "索 引 号", "发布机构", "生成日期", "字号：", "相关附件", "技术支持"]


def build_world() -> World:
    w = World()
    build_jian(w)
    build_anyuan(w)
    build_chaling(w)
    return w


def truth(w: World, *, about: str, portals: dict, disallowed: dict, boilerplate: list) -> dict:
    """A world's expected.json: `portals` {portal: facts}, each given its host and start_url;
    the reports, look-alikes, traps and routes as `w` collected them."""
    for k, v in portals.items():
        v.update({"host": w.hosts[k], "start_url": url(k, "/", w.hosts)})
    return {
        "about": about,
        "port": PORT,
        "portals": portals,
        "reports": w.reports,
        "look_alikes": [x["url"] for x in w.look_alikes],
        "look_alike_details": w.look_alikes,
        "traps": w.traps,
        "disallowed_prefixes": disallowed,
        "dynamic_routes": w.routes,
        "boilerplate_phrases": boilerplate,
    }


def expected_doc(w: World) -> dict:
    portals = {
        "jian": {"name": NAMES["jian"], "region": "吉安市", "level": "city", "cms": "TRS WCM",
                 "encoding": "gbk", "charset_declared": "gb2312",
                 "note": "bytes are GBK; the declared gb2312 is narrower: the footer carries 昇 (GBK only), so a "
                         "strict gb2312 decode fails — decode as GBK/GB18030"},
        "anyuan": {"name": NAMES["anyuan"], "region": "安源区", "level": "district", "cms": "Hanweb jcms",
                   "encoding": "utf-8", "charset_declared": "utf-8"},
        "chaling": {"name": NAMES["chaling"], "region": "茶陵县", "level": "county", "cms": "政府网站集约化平台",
                    "encoding": "utf-8", "charset_declared": "utf-8"},
    }
    return truth(
        w, about="Truth about nianbao/demo/site (generated by build_site.py; do not edit by hand). URLs carry the "
                 "placeholder port PORT: replace ':PORT/' with the served port. Report fields follow the gold.json "
                 "conventions: urls = every address serving the report as a document (page 1 of a multi-page "
                 "article, PDF twin, Traditional mirror, DOCX); part_urls = continuation pages; notice_url = the "
                 "page announcing an attachment report; text = clean text of primary_url (all parts), table rows "
                 "one per line with cells tab-separated as published; metrics = every figure the report states, "
                 "keyed per metrics.yaml (key@column for 2019-template applicant columns); approximate = keys "
                 "stated with 余/多/约; optional = keys an extractor may or may not report.",
        portals=portals,
        disallowed={"jian": ["/search/"], "anyuan": ["/module/", "/jrobot/"], "chaling": ["/admin/", "/search/"]},
        boilerplate=BOILERPLATE)


def _stamp(date: str) -> float:
    return calendar.timegm(dt.datetime.fromisoformat(date + "T02:00:00").timetuple())


def build(site_dir=SITE_DIR, expected_path=EXPECTED_PATH, *, make_world=None, make_truth=None,
          names: dict | None = None) -> World:
    """Regenerate the world into site_dir (wiped first) and the truth into expected_path.
    make_world, make_truth and names stand in for this world's: world3 is written out the same way."""
    site_dir, expected_path = Path(site_dir), Path(expected_path)
    w = (make_world or build_world)()
    names = names or NAMES
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.mkdir(parents=True)
    for portal, files in w.files.items():
        for path, data in files.items():
            fs = site_dir / portal / path.lstrip("/")
            fs.parent.mkdir(parents=True, exist_ok=True)
            fs.write_bytes(data)
            # Last-Modified follows the publish date (git does not keep mtimes; harmless when lost)
            t = _stamp(w.dates[(portal, path)])
            os.utime(fs, (t, t))
    (site_dir / "sites.json").write_text(json.dumps(w.hosts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (site_dir / "portals.csv").write_text(
        "url,name\n" + "".join("%s,%s\n" % (url(p, "/", w.hosts), names[p]) for p in w.hosts), encoding="utf-8")
    (site_dir / "routes.json").write_text(json.dumps(w.routes, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected_path.parent.mkdir(parents=True, exist_ok=True)
    truth_doc = (make_truth or expected_doc)(w)
    expected_path.write_text(json.dumps(truth_doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return w


def main(argv=None, *, builder=build, description="Generate the nianbao demo portal world.", site_dir=SITE_DIR,
         expected_path=EXPECTED_PATH) -> int:
    """The command line of a world generator; `builder(site, expected)` writes the world (world3 passes its own)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--site", default=str(site_dir), help="output folder for the sites (wiped first)")
    ap.add_argument("--expected", default=str(expected_path), help="where to write expected.json")
    args = ap.parse_args(argv)
    w = builder(args.site, args.expected)
    n = sum(len(f) for f in w.files.values())
    size = sum(len(b) for f in w.files.values() for b in f.values())
    print("%d files, %d bytes, %d reports, %d look-alikes -> %s" % (n, size, len(w.reports), len(w.look_alikes),
                                                                    args.site))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
