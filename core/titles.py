"""Is this document an annual information-disclosure report? Title and body-opening rules, shared by
the crawler (which links to fetch) and the pipelines (what a fetched document is).
"""
from __future__ import annotations

import functools
import unicodedata

from core.script import t2s
from core.title_vocab import (ANNUAL_FILLER, ANNUAL_OR_BULLETIN_END, APP_HEAD, BARE_YEAR, BRACKET_HEAD, BRACKET_TAIL,
                              BUDGET, CJK, CN_DIGITS, CN_YEAR, COLLECTIVE, COMPILE_VERB, DASH_TAIL, ENDS_ANNUAL,
                              EXT_TAIL, FILENAME, FOREIGN_ANNUAL, FORM_BRACKET, GENERIC, GOVERNMENT_TAIL,
                              HEADED_SECTION, INTERPRETATION, MENTIONS_ANNUAL, MORE_HEAD, NEWS_START, NEWS_VERB,
                              NOTICE_ANY, NOTICE_END, NOTICE_OPENING, OPENINGS, OTHER, PUBLISH_VERB, QUOTED,
                              REPORT_END, REPORT_PHRASE, REPORT_TABLE_TAIL, REPOST_HEAD, RULE_OF_LAW, SECTION,
                              SECTIONS, SHEET_WORDS, SITE_NAME, SITE_SEPARATOR, SPACES, TABLE_NAME, TAIL_YEAR,
                              WEBSITE, WORK_REPORT, WORK_REPORT_NOUN, YEAR)

LOOKALIKE_KINDS = ("notice", "interpretation", "website_report", "work_report", "rule_of_law", "budget", "news", "other")
SPREADSHEETS = ("xls", "xlsx", "et")


@functools.lru_cache(maxsize=4096)
def normalize(s: str | None) -> str:
    """NFKC, Traditional -> Simplified, Chinese-numeral years to digits, whitespace removed."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s)
    s = t2s(s)
    s = CN_YEAR.sub(lambda m: m.group(0).translate(CN_DIGITS), s)
    s = SPACES.sub("", s)
    s = s.replace("“", "\"").replace("”", "\"").replace("〈", "《").replace("〉", "》")
    return s


def _core(t: str) -> str:
    """Strip decorations so the ending test sees the title itself."""
    prev = None
    while prev != t:
        prev = t
        t = EXT_TAIL.sub("", t)
        t = DASH_TAIL.sub("", t) if len(DASH_TAIL.sub("", t)) >= 6 else t
        tail = BRACKET_TAIL.search(t)
        if not (tail and FORM_BRACKET.search(tail.group(0))):
            t = BRACKET_TAIL.sub("", t)
        t = BRACKET_HEAD.sub("", t)
        t = t.strip(" .,:;!?，。：；！？、\"'")
        t = REPOST_HEAD.sub("", t)
        t = APP_HEAD.sub("", t)
    return t


def _split_site_name(t: str) -> str:
    """'抚州市2017年…报告_抚州市人民政府门户网站' -> the part that is not the site name."""
    parts = [p for p in SITE_SEPARATOR.split(t) if p]
    if len(parts) <= 1:
        return t
    keep = [p for p in parts if not SITE_NAME.search(p)]
    if not keep:
        return parts[0]
    for p in keep:  # the segment carrying the report phrase, else the first
        if REPORT_PHRASE.search(p):
            return p
    return keep[0]


def is_generic_title(title: str | None) -> bool:
    """True when a title says nothing about the document (empty, a site name, 附件1, a file number)."""
    t = normalize(title)
    if len(t) < 3 or not CJK.search(t):
        return True
    t = _core(_split_site_name(t))
    if len(t) < 3 or GENERIC.match(t) or FILENAME.match(t) or SECTION.match(t):
        return True
    if SITE_NAME.search(t) and not REPORT_PHRASE.search(t):
        return True
    if BARE_YEAR.fullmatch(t):
        return True
    return False


# A report (政府信息公开工作年度报告) is one body's report on one year; portals publish many
# look-alikes next to it - notices about compiling the reports, interpretations (解读 / 图解),
# the website yearly form (政府网站工作年度报表), the government work report, rule-of-law
# reports, budget disclosures, news about the report, work plans. The title decides first; the
# opening of the body is used only when no informative title exists, so text that merely quotes
# the Regulations never turns a news item into a report. Traditional script is folded first.
def classify_title(title: str | None) -> tuple[str | None, str]:
    """Kind a title names: 'report', 'report_generic' (the report phrase alone, a column
    name such as 政府信息公开年报), a look-alike kind, 'other', or None when the title is
    uninformative. Returns (kind, reason)."""
    if is_generic_title(title):
        return None, "no informative title"
    t = _core(_split_site_name(normalize(title)))
    outside = QUOTED.sub("《》", t)  # words outside 《…》 say what this document is
    phrase = REPORT_PHRASE.search(t)
    mentions = bool(phrase) or bool(MENTIONS_ANNUAL.search(t))
    if INTERPRETATION.search(outside) and mentions:
        return "interpretation", "interpretation of a report (%s)" % INTERPRETATION.search(outside).group(0)
    if (NOTICE_END.search(t) or NOTICE_ANY.search(outside)) and mentions:
        return "notice", "notice about the reports"
    if WEBSITE.search(outside):
        return "website_report", "website yearly form (政府网站年度报表)"
    if RULE_OF_LAW.search(outside):
        return "rule_of_law", "rule-of-law report (法治政府建设)"
    if BUDGET.search(outside) and not (phrase and REPORT_END.search(t)):
        return "budget", "budget/final-accounts disclosure"
    if WORK_REPORT.search(outside) or (WORK_REPORT_NOUN.search(t) and not phrase):
        return "work_report", "work report (工作报告), not the disclosure report"
    if phrase:
        if OTHER.search(outside):
            return "other", "about the reports, not a report (%s)" % OTHER.search(outside).group(0)
        if NEWS_START.search(t):
            return "news", "news about the report"
        verb = NEWS_VERB.search(outside[:phrase.start()]) or NEWS_VERB.search(outside[phrase.end():])
        if verb and not outside.startswith("关于"):
            return "news", "news about the report (%s)" % verb.group(0)
        if not REPORT_END.search(t):
            return "news", "mentions a report but is not titled as one"
        # a year or a body before the phrase makes it one report, not the column name
        # (「更多」「往年」「历年」 before the phrase point at a column of reports, not at one)
        head = GOVERNMENT_TAIL.sub("", MORE_HEAD.sub("", t[:phrase.start()]))
        collective = COLLECTIVE.fullmatch(head)
        if YEAR.search(t) or TAIL_YEAR.search(EXT_TAIL.sub("", _split_site_name(normalize(title)))) or (
                len(head) >= 2 and not collective):
            return "report", "title names an annual information-disclosure report"
        return "report_generic", "report phrase without year or body (a column name?)"
    if INTERPRETATION.search(outside) or NOTICE_END.search(t):
        return "other", "title does not name an annual report"
    if ENDS_ANNUAL.search(t) and not _foreign_annual(t):
        # 「2020年度报告」「政府年报」 on a report column: the phrase without 信息公开
        return "report_generic", "annual-report wording without 信息公开"
    return "other", "title does not name an annual report"


def _foreign_annual(t: str) -> bool:
    """「统计年报」「企业年度报告」: an annual report of another kind (title_vocab.FOREIGN_ANNUAL)."""
    m = ANNUAL_OR_BULLETIN_END.search(t)
    if not m:
        return False
    head = t[:m.start()]
    prev = None
    while prev != head:  # drop the year and filler between those words and the noun
        prev = head
        head = ANNUAL_FILLER.sub("", head)
    return bool(FOREIGN_ANNUAL.search(head))


def report_opening(text: str | None) -> str | None:
    """Why the opening of `text` reads like a report body, or None."""
    if not text:
        return None
    head = normalize(text[:1500])
    for rx in OPENINGS:
        m = rx.search(head[:900])
        if m and not NOTICE_OPENING.search(QUOTED.sub("《》", head[max(0, m.start() - 80):m.end() + 40])):
            return "body opens like a report (%s…)" % m.group(0)[:24]
    body = normalize(text[:20000])
    found = [s for s in SECTIONS if s in body]
    if len(found) >= 3 and "信息公开" in body:
        return "body has the report's sections (%s)" % "、".join(found[:3])
    return None


def names_report_table(title: str | None) -> bool:
    """True when a title or link text names a report's statistics table: 「附表：…」,
    「…政府信息公开情况统计表」, 「…年度报告附表」."""
    t = normalize(title)
    return bool(t) and any(TABLE_NAME.search(x) for x in (t, _core(_split_site_name(t))))


def _spreadsheet_decision(names: list[str], parent_kind: str | None) -> dict:
    joined = "".join(normalize(n) for n in names if n)
    if parent_kind == "report":
        return {"is_report": True, "kind": "report_table", "reason": "spreadsheet attached to a report page"}
    if "信息公开" in joined and SHEET_WORDS.search(joined):
        return {"is_report": True, "kind": "report_table",
                "reason": "spreadsheet titled as the report's statistics table"}
    return {"is_report": False, "kind": "other", "reason": "spreadsheet not tied to a report"}


def _parent_announces_report(parent_title: str | None) -> bool:
    """A notice that publishes the report (关于公布2020年政府信息公开工作年度报告的通知),
    unlike one that asks offices to compile theirs (or publishes the report's 格式/模板)."""
    t = normalize(parent_title)
    return bool(REPORT_PHRASE.search(t)) and bool(PUBLISH_VERB.search(t)) and not COMPILE_VERB.search(
        t) and not OTHER.search(t)


def body_is_report(text: str | None) -> str | None:
    """Why a notice's body IS the report, or None: 印发/公布 notices often carry the whole
    report below a two-line cover (「现将《…年度报告》印发给你们」) - the report's opening and
    at least three of its numbered section headings."""
    if not text:
        return None
    body = "\n".join(normalize(line) for line in text[:40000].split("\n"))  # normalize drops newlines
    headed = {m.group(1) for m in HEADED_SECTION.finditer(body)}
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
    clearly_other = [src for src, val, k, _ in own if k == "other" and OTHER.search(_core(normalize(val)))]
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
    if any(REPORT_PHRASE.search(n) and REPORT_TABLE_TAIL.search(n)
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
