"""Is this link / document a government information-disclosure annual report?

Plain functions over strings. A report (政府信息公开工作年度报告) is one body's
report on one year; portals publish many look-alikes next to it - notices about
compiling the reports, interpretations (解读 / 图解), the website yearly form
(政府网站工作年度报表), the government work report, rule-of-law reports, budget
disclosures, news about the report, work plans. The title decides first; the
opening of the body text is used only when no informative title exists, so text
that merely quotes the Regulations never turns a news item into a report.
Traditional-script titles are folded to Simplified (OpenCC t2s) before matching.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from crawler.urls import is_attachment_url, looks_like_article_url
from core.script import converter

# --- vocabulary -------------------------------------------------------------------
# The report noun must follow 信息公开 closely: 「…政府信息公开工作2020年度报告」,
# 「关于2022年度政府信息公开工作情况的报告」, 「政府信息公开工作2021年年报」.
# Since the 2019 revision many bodies title it 「…政务公开工作年度报告」: 政务公开 counts too,
# with the annual nouns only (政务公开 + a bare 报告 is too loose: 第三方评估报告…).
_REPORT_PHRASE = re.compile(r"信息公开.{0,14}?(年度报告|年报|工作报告|情况的?报告|报告书|报告)|"
                            r"政务公开.{0,10}?(年度报告|年报|工作报告|情况的?报告)")
# A title that IS a report ends with the report noun (after decorations are stripped);
# one that continues (…年度报告发布, …年报出炉) is about the report. A statistics table or
# an attachment of the report keeps its tail: 「…年度报告附表」「…年报统计表」「…年度报告附件2」.
_ATTACHMENT_TAIL = r"(附表|附件|统计表|情况统计表|数据表|报表)[\d一二三四五六七八九十]*"
_REPORT_END = re.compile(r"(年度报告|年报|工作报告|情况的?报告|报告书|报告)(全文|正文|文本)?(" + _ATTACHMENT_TAIL + r")?$")
# the report's statistics sheet, as its own title or link names it
_TABLE_NAME = re.compile(r"(年度报告|年报|报告)(附表|统计表|数据表|报表)[\d一二三四五六七八九十]*$|"
                         r"信息公开.{0,16}(统计表|情况表|数据表|报表|附表)[\d一二三四五六七八九十]*$|^附表[\d一二三四五六七八九十]*[:：]?")
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")

_INTERPRETATION = re.compile(r"解读|图解|一图(读|看|了解|速览|带你)|图说|答记者问|问答|动漫|漫画|H5|视频")
_NOTICE_END = re.compile(r"(通知|通告|公告|的函|通报|启事|提示)$")
_NOTICE_ANY = re.compile(r"关于(做好|报送|编制|开展|印发|填报|提交|征集|组织|加强|认真做好|抓紧|进一步做好).{0,40}(通知|函)|"
                         r"编制(和|与|及)?发布工作|报送.{0,20}(年度报告|年报)")
_WEBSITE = re.compile(r"网站.{0,8}(年度报表|年报|工作报表|年度报告|工作年度)")
_RULE_OF_LAW = re.compile(r"法治政府(建设)?.{0,12}(报告|情况)|法治建设.{0,10}报告|依法行政.{0,10}报告")
_BUDGET = re.compile(r"预决算|部门预算|部门决算|财政预算|财政决算|预算公开|决算公开|预算(执行|草案|报告|说明|信息)|"
                     r"决算(报告|说明|信息)|年度预算|年度决算|三公经费|预算$|决算$")
_WORK_REPORT = re.compile(r"政府工作报告|(法院|检察院|人大常委会|政协常委会).{0,4}工作报告")
_OTHER = re.compile(r"工作要点|实施方案|工作方案|工作计划|工作安排|考核|指南|制度|目录|培训|模板|范本|格式|样表|样本|"
                    r"填报说明|编制说明|统计表|报表|自查|整改|测评|第三方评估|检查情况|征求意见稿|提纲")
# A bracketed tail naming a blank form is what the title is, not a decoration to strip:
# 「…年度报告（模板）」「…（样表）」「…（征求意见稿）」 are never reports.
_FORM_BRACKET = re.compile(r"模板|样本|样表|范本|征求意见稿|参考格式|格式|提纲|样稿|示范文本")
# News about a report: 「我市政府信息公开工作年度报告发布」「…发布2020年政府信息公开年报」.
_NEWS_START = re.compile(r"^(我市|我区|我县|我局|我委|我办|我镇|全市|全区|全县|本市|本区|本县)")
_NEWS_VERB = re.compile(r"发布|公布|出炉|亮相|召开|举办|举行|完成|获评|荣获|获得|排名|位列|点赞|启动|部署|通过|审议|上线")
_QUOTED = re.compile(r"《[^《》]*》")
# Decorations around a title: 【置顶】…, …（全文）, …(2020年), …——市发改委, …​.pdf
_EXT_TAIL = re.compile(r"\.(pdf|docx?|xlsx?|wps|et|ofd|s?html?|rar|zip)$", re.I)
_BRACKET_TAIL = re.compile(r"(\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕|<[^<>]*>)$")
_BRACKET_HEAD = re.compile(r"^(\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕)")
# 「政府信息公开工作年度报告（2021年）」: the year in a bracket after the phrase names the one report
# (_core strips that bracket as decoration, so it is looked for before stripping)
_TAIL_YEAR = re.compile(r"[(\[【〔]\s*(19[89]\d|20[0-4]\d)\s*年?度?\s*[)\]】〕]$")
_DASH_TAIL = re.compile(r"(——|--|—|－－|——).*$")
_CN_DIGITS = str.maketrans({"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3",
                            "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"})
_CN_YEAR = re.compile(r"[〇零○Ｏ一二三四五六七八九]{4}(?=年)")
# Titles that say nothing about the document: site names, 附件1, bare file names, a year.
_GENERIC = re.compile(r"^(附件|附表|下载|点击下载|点击查看|查看|原文|全文|正文|详情|详细|详细信息|内容|文件|链接|"
                      r"pdf|doc|docx|word|excel|xls|xlsx|更多|查看原文|查看全文|预览|打印)[\d一二三四五六七八九十]*[:：]?$", re.I)
_SITE_NAME = re.compile(r"(门户网站|政府网站|人民政府网|政府网|官方网站|官网|信息公开网|信息公开平台|网站首页|首页|"
                        r"人民政府|人民政府办公室|人民政府办公厅|政府办公室)$")
_FILENAME = re.compile(r"^[\w\-.~()\[\] ]+\.(pdf|docx?|xlsx?|wps|et|ofd)$", re.I)
# section names some templates put in the h1 of every article page
_SECTION = re.compile(r"^(政府信息公开|信息公开|政务公开|政府信息公开目录|信息公开目录|法定主动公开内容|主动公开|政务信息|"
                      r"详细内容|文章详情|内容详情|信息详情|文章内容|正文内容|新闻详情)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Words before a report phrase that make it a column link: 「更多政府信息公开年报」「历年年度报告」
_MORE_HEAD = re.compile(r"^(关于|更多|查看更多|点击查看|查看|进入|往期|往年|历年|以往|历史|全部|所有|其他|其它|近年|最新)+")

# --- body opening -------------------------------------------------------------------
# How report bodies begin: 「本报告根据《中华人民共和国政府信息公开条例》…编制」
# 「根据《条例》…要求…编制本报告」「按照《中华人民共和国政府信息公开条例》规定，…年度报告…编制形成」.
_OPENINGS = [
    re.compile(r"本(年度)?(报告|年报)(是|由)?.{0,30}?(根据|依据|按照|依照)"),
    re.compile(r"(根据|依据|按照|依照)《(中华人民共和国)?政府信息公开条例》.{0,260}?(编制而成|编制形成|编制本报告|编制了|编写了|"
               r"特编制|现予公布|特向社会公布|本报告|本年度报告|本年报)"),
    re.compile(r"(根据|依据|按照|依照)《条例》.{0,200}?(编制而成|编制形成|编制本报告|编制了|编写了|特编制|现予公布|本报告|本年度报告)"),
    re.compile(r"本(年度)?报告(中)?所列数据的?统计期限"),
]
# …but a notice quotes the Regulations too: 「根据《条例》规定，现就做好…年度报告编制和发布工作通知如下」
_NOTICE_OPENING = re.compile(r"通知如下|现就|请各|各(乡镇|街道|部门|单位|县|区|市)[^。]{0,30}[:：]|现将有关事项|的通知|通知》?要求各")
# Section headings of the two official templates (2008 and 2019 versions).
_SECTIONS = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议",
             "存在的主要问题及改进情况", "其他需要报告的事项", "依申请公开政府信息", "政府信息公开的收费及减免情况",
             "因政府信息公开申请提起行政复议", "主动公开政府信息的情况", "概述"]

LOOKALIKE_KINDS = ("notice", "interpretation", "website_report", "work_report", "rule_of_law", "budget", "news", "other")
SPREADSHEETS = ("xls", "xlsx", "et")

CANDIDATE_THRESHOLD = 5.0  # classify_link scores at or above this are fetched as candidate documents


@functools.lru_cache(maxsize=1)
def _t2s():

    return converter("t2s")


@functools.lru_cache(maxsize=4096)
def normalize(s: str | None) -> str:
    """NFKC, Traditional -> Simplified, Chinese-numeral years to digits, whitespace removed."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s)
    s = _t2s()(s)
    s = _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), s)
    s = re.sub(r"[\s\u200b\u200c\u200d\ufeff\u3000]+", "", s)
    s = s.replace("“", "\"").replace("”", "\"").replace("〈", "《").replace("〉", "》")
    return s


def _core(t: str) -> str:
    """Strip decorations so the ending test sees the title itself."""
    prev = None
    while prev != t:
        prev = t
        t = _EXT_TAIL.sub("", t)
        t = _DASH_TAIL.sub("", t) if len(_DASH_TAIL.sub("", t)) >= 6 else t
        tail = _BRACKET_TAIL.search(t)
        if not (tail and _FORM_BRACKET.search(tail.group(0))):
            t = _BRACKET_TAIL.sub("", t)
        t = _BRACKET_HEAD.sub("", t)
        t = t.strip(" .,:;!?，。：；！？、\"'")
        t = re.sub(r"^(转载|转发|原文|全文|附件\d*)[:：]", "", t)
        t = re.sub(r"^(MicrosoftWord|MicrosoftExcel|Word|WPS文字|WPS表格)[-:：]", "", t, flags=re.I)  # PDF metadata titles
    return t


def _split_site_name(t: str) -> str:
    """'抚州市2017年…报告_抚州市人民政府门户网站' -> the part that is not the site name."""
    parts = [p for p in re.split(r"_|\||｜|-{1,2}(?=[^\d])|—(?=[^—])", t) if p]
    if len(parts) <= 1:
        return t
    keep = [p for p in parts if not _SITE_NAME.search(p)]
    if not keep:
        return parts[0]
    for p in keep:  # the segment carrying the report phrase, else the first
        if _REPORT_PHRASE.search(p):
            return p
    return keep[0]


def is_generic_title(title: str | None) -> bool:
    """True when a title says nothing about the document (empty, a site name, 附件1, a file number)."""
    t = normalize(title)
    if len(t) < 3 or not _CJK.search(t):
        return True
    t = _core(_split_site_name(t))
    if len(t) < 3 or _GENERIC.match(t) or _FILENAME.match(t) or _SECTION.match(t):
        return True
    if _SITE_NAME.search(t) and not _REPORT_PHRASE.search(t):
        return True
    if re.fullmatch(r"(19|20)\d{2}年?度?", t):
        return True
    return False


def classify_title(title: str | None) -> tuple[str | None, str]:
    """Kind a title names: 'report', 'report_generic' (the report phrase alone, a column
    name such as 政府信息公开年报), a look-alike kind, 'other', or None when the title is
    uninformative. Returns (kind, reason)."""
    if is_generic_title(title):
        return None, "no informative title"
    t = _core(_split_site_name(normalize(title)))
    outside = _QUOTED.sub("《》", t)  # words outside 《…》 say what this document is
    phrase = _REPORT_PHRASE.search(t)
    mentions = bool(phrase) or bool(re.search(r"年报|年度报告", t))
    if _INTERPRETATION.search(outside) and mentions:
        return "interpretation", "interpretation of a report (%s)" % _INTERPRETATION.search(outside).group(0)
    if (_NOTICE_END.search(t) or _NOTICE_ANY.search(outside)) and mentions:
        return "notice", "notice about the reports"
    if _WEBSITE.search(outside):
        return "website_report", "website yearly form (政府网站年度报表)"
    if _RULE_OF_LAW.search(outside):
        return "rule_of_law", "rule-of-law report (法治政府建设)"
    if _BUDGET.search(outside) and not (phrase and _REPORT_END.search(t)):
        return "budget", "budget/final-accounts disclosure"
    if _WORK_REPORT.search(outside) or (re.search(r"工作报告", t) and not phrase):
        return "work_report", "work report (工作报告), not the disclosure report"
    if phrase:
        if _OTHER.search(outside):
            return "other", "about the reports, not a report (%s)" % _OTHER.search(outside).group(0)
        if _NEWS_START.search(t):
            return "news", "news about the report"
        verb = _NEWS_VERB.search(outside[:phrase.start()]) or _NEWS_VERB.search(outside[phrase.end():])
        if verb and not outside.startswith("关于"):
            return "news", "news about the report (%s)" % verb.group(0)
        if not _REPORT_END.search(t):
            return "news", "mentions a report but is not titled as one"
        # a year or a body before the phrase makes it one report, not the column name
        # (「更多」「往年」「历年」 before the phrase point at a column of reports, not at one)
        head = re.sub(r"(人民政府|政府|政务|的|度|年)+$", "", re.sub(_MORE_HEAD, "", t[:phrase.start()]))
        collective = re.fullmatch(r"各?(市|区|县)?(政府)?(直属?|级)?(部门|单位|乡镇|街道|镇街|镇|乡|机关)*|本级|各级", head)
        if _YEAR.search(t) or _TAIL_YEAR.search(_EXT_TAIL.sub("", _split_site_name(normalize(title)))) or (
                len(head) >= 2 and not collective):
            return "report", "title names an annual information-disclosure report"
        return "report_generic", "report phrase without year or body (a column name?)"
    if _INTERPRETATION.search(outside) or _NOTICE_END.search(t):
        return "other", "title does not name an annual report"
    if re.search(r"(年度报告|年报)$", t) and not _foreign_annual(t):
        # 「2020年度报告」「政府年报」 on a report column: the phrase without 信息公开
        return "report_generic", "annual-report wording without 信息公开"
    return "other", "title does not name an annual report"


# Annual reports of other kinds, named by the words right before 年报/年度报告/公报:
# 「统计年报」「企业年度报告」「环境质量公报」. Only those words count - 「某市统计局2020年度报告」
# is a body (统计局) reporting, not a statistics bulletin.
_FOREIGN_ANNUAL = re.compile(r"(企业|工商|统计|质量|社会责任|环境|信用|公示|市场主体|统计数据|国民经济和社会发展)$")


def _foreign_annual(t: str) -> bool:
    m = re.search(r"(年度报告|年报|公报)$", t)
    if not m:
        return False
    head = t[:m.start()]
    prev = None
    while prev != head:  # drop the year and filler between those words and the noun
        prev = head
        head = re.sub(r"((19|20)\d{2}年?度?|年度|年|度|工作|的)$", "", head)
    return bool(_FOREIGN_ANNUAL.search(head))


def report_opening(text: str | None) -> str | None:
    """Why the opening of `text` reads like a report body, or None."""
    if not text:
        return None
    head = normalize(text[:1500])
    for rx in _OPENINGS:
        m = rx.search(head[:900])
        if m and not _NOTICE_OPENING.search(_QUOTED.sub("《》", head[max(0, m.start() - 80):m.end() + 40])):
            return "body opens like a report (%s…)" % m.group(0)[:24]
    body = normalize(text[:20000])
    found = [s for s in _SECTIONS if s in body]
    if len(found) >= 3 and "信息公开" in body:
        return "body has the report's sections (%s)" % "、".join(found[:3])
    return None


def classify_link(text: str, url: str) -> tuple[float, str]:
    """Score a link as a possible report document: >= CANDIDATE_THRESHOLD means fetch it
    as a candidate. Look-alikes that may still lead to the report (notices carrying
    attachments, interpretations) score just above the threshold; other look-alikes 0."""
    kind, why = classify_title(text)
    norm = normalize(text)
    if re.search(r"(\.{2,}|…+)$", norm) and kind not in ("report", "notice", "interpretation", "website_report",
                                                          "rule_of_law", "budget", "work_report"):
        # a list cut the title short (「某市2021年政府信息公开工作年…」): the start is enough to look
        if "信息公开" in norm and _YEAR.search(norm) and not _NEWS_START.search(norm):
            return 6.0, "truncated link text names an information-disclosure item of a year"
    if kind == "report":
        return 10.0, "link text: " + why
    if kind == "notice":
        return 6.0, "link text: " + why + " (may carry the report as attachment)"
    if kind == "interpretation":
        return 5.0, "link text: " + why
    if kind == "report_generic":
        if looks_like_article_url(url) or is_attachment_url(url, text):
            return 8.0, "link text: report wording on a document URL"
        return 0.0, "report wording on a column URL (navigation, not a document)"
    if kind is not None:
        return 0.0, "link text: " + why
    # no informative text: the URL alone may mark a report (…/xxgknb/t2020…html, …/ndbg/…pdf)
    low = url.lower()
    if re.search(r"(gknb|xxgknb|ndbg|nianbao|ndxxgk|gkndbg|zfxxgkbg|xxgkbg)", low):
        if looks_like_article_url(url) or is_attachment_url(url, text):
            return 5.0, "URL marks a report document"
    return 0.0, "no report signal"


def names_report_table(title: str | None) -> bool:
    """True when a title or link text names a report's statistics table: 「附表：…」,
    「…政府信息公开情况统计表」, 「…年度报告附表」."""
    t = normalize(title)
    return bool(t) and any(_TABLE_NAME.search(x) for x in (t, _core(_split_site_name(t))))


def _spreadsheet_decision(names: list[str], parent_kind: str | None) -> dict:
    joined = "".join(normalize(n) for n in names if n)
    if parent_kind == "report":
        return {"is_report": True, "kind": "report_table", "reason": "spreadsheet attached to a report page"}
    if "信息公开" in joined and re.search(r"统计表|报表|统计|附表|情况表|年度报告|年报", joined):
        return {"is_report": True, "kind": "report_table",
                "reason": "spreadsheet titled as the report's statistics table"}
    return {"is_report": False, "kind": "other", "reason": "spreadsheet not tied to a report"}


def _parent_announces_report(parent_title: str | None) -> bool:
    """A notice that publishes the report (关于公布2020年政府信息公开工作年度报告的通知),
    unlike one that asks offices to compile theirs (or publishes the report's 格式/模板)."""
    t = normalize(parent_title)
    return bool(_REPORT_PHRASE.search(t)) and bool(re.search(r"公布|发布|印发|公开", t)) and not re.search(
        r"编制|报送|做好|填报|提交|开展|征集", t) and not _OTHER.search(t)


# A numbered section heading of the official templates on a line of its own: 「一、总体情况」
# 「二、主动公开政府信息情况」 (a compile-your-report notice names them inline, not as headings).
_HEADED_SECTION = re.compile(r"^\s*[一二三四五六七八九十]{1,2}\s*[、.．]\s*(" + "|".join(_SECTIONS) + ")", re.M)


def body_is_report(text: str | None) -> str | None:
    """Why a notice's body IS the report, or None: 印发/公布 notices often carry the whole
    report below a two-line cover (「现将《…年度报告》印发给你们」) - the report's opening and
    at least three of its numbered section headings."""
    if not text:
        return None
    body = "\n".join(normalize(line) for line in text[:40000].split("\n"))  # normalize drops newlines
    headed = {m.group(1) for m in _HEADED_SECTION.finditer(body)}
    if len(headed) < 3:
        return None
    why = report_opening(text)
    return "%s; %d numbered report sections" % (why, len(headed)) if why else None


def classify_document(*, title: str | None, text: str | None, url: str, link_text: str | None = None,
                      fmt: str = "html", parent_title: str | None = None) -> dict:
    """Decide whether a fetched document is an annual report.

    Returns {'is_report', 'kind', 'reason'}; kind is 'report', 'report_table' (a
    statistics spreadsheet of a report), a look-alike kind, or 'other'."""
    fmt = (fmt or "html").lower()
    own = [(src, val, *classify_title(val)) for src, val in (("title", title), ("link text", link_text)) if val]
    informative = [(src, k, why) for src, _, k, why in own if k is not None]
    # titles that clearly name something else (模板, 统计表, 工作要点…), not merely something unrecognised
    clearly_other = [src for src, val, k, _ in own if k == "other" and _OTHER.search(_core(normalize(val)))]
    attachment = fmt != "html"
    parent_kind = classify_title(parent_title)[0] if (attachment and parent_title) else None

    if fmt in SPREADSHEETS:
        if parent_kind == "report" and not any(k in ("website_report", "work_report", "rule_of_law", "budget")
                                               for _, k, _ in informative):
            # the sheet of a report page is its statistics table, whatever words its own name has
            return _spreadsheet_decision([title or "", link_text or ""], parent_kind)
        for src, k, why in informative:
            if k in ("interpretation", "website_report", "work_report", "rule_of_law", "budget", "news"):
                return {"is_report": False, "kind": k, "reason": "%s: %s" % (src, why)}
        return _spreadsheet_decision([title or "", link_text or ""], parent_kind)

    # 0. the statistics table of a report, published as a page (or file) of its own and
    # linked from the report (「附表：…政府信息公开情况统计表」): part of that report
    table_parent = classify_title(parent_title)[0] if parent_title else None
    named = [_core(_split_site_name(normalize(v))) for _, v, _, _ in own]
    if table_parent == "report" and any(names_report_table(v) for _, v, _, _ in own):
        return {"is_report": True, "kind": "report_table",
                "reason": "statistics table of a report page (%s)" % normalize(parent_title)[:40]}
    if any(_REPORT_PHRASE.search(n) and re.search(r"(报告|年报)(附表|统计表|数据表|报表)[\d一二三四五六七八九十]*$", n)
           for n in named):
        return {"is_report": True, "kind": "report_table", "reason": "titled as a report's statistics table (附表)"}

    # 1. the title (then the link text) decides when it names a kind
    for src, val, k, why in own:
        # a 印发/公布 notice whose body is the report itself is that report
        if k == "notice" and _parent_announces_report(val):
            carried = body_is_report(text)
            if carried:
                return {"is_report": True, "kind": "report",
                        "reason": "%s: notice publishing the report carries it in full (%s)" % (src, carried)}
    for src, k, why in informative:
        if k in LOOKALIKE_KINDS and k != "other":
            return {"is_report": False, "kind": k, "reason": "%s: %s" % (src, why)}
    for src, k, why in informative:
        if k == "report":
            return {"is_report": True, "kind": "report", "reason": "%s: %s" % (src, why)}
    specific_other = [(src, why) for src, k, why in informative if k == "other"]
    generic_report = any(k == "report_generic" for _, k, _ in informative)

    # 2. attachments inherit from the page that announced them
    if attachment and not clearly_other:
        if parent_kind == "report":
            return {"is_report": True, "kind": "report",
                    "reason": "attachment of a report page (%s)" % normalize(parent_title)[:40]}
        if parent_kind == "notice" and _parent_announces_report(parent_title):
            return {"is_report": True, "kind": "report", "reason": "attachment of a notice publishing the report"}

    # 3. no title says what this is: the opening of the body may
    if not specific_other or generic_report:
        why = report_opening(text)
        if why:
            return {"is_report": True, "kind": "report", "reason": why}
    if specific_other:
        src, why = specific_other[0]
        return {"is_report": False, "kind": "other", "reason": "%s: %s" % (src, why)}
    if attachment and parent_kind in LOOKALIKE_KINDS:
        return {"is_report": False, "kind": parent_kind, "reason": "attachment of a %s page" % parent_kind}
    return {"is_report": False, "kind": "other",
            "reason": "no report title and the body does not open like a report"}
