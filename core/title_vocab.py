"""Words that tell an annual information-disclosure report from its look-alikes, as data.

Every pattern is matched on normalized text (core.titles.normalize: NFKC, Simplified script,
digit years, no whitespace). Shared pieces are spelled once and composed below.
"""
from __future__ import annotations

import re

# --- shared pieces -------------------------------------------------------------------
# 附表2 / 附件三: the number a template puts after an attachment noun
NUMBERING = r"[\d一二三四五六七八九十]*"
# a year a report can be about (the Regulations date from 2007; 2049 leaves room)
YEAR_DIGITS = r"(19[89]\d|20[0-4]\d)"
# the annual nouns a report title ends with; 政务公开 titles use only these
ANNUAL_NOUNS = r"年度报告|年报|工作报告|情况的?报告"
# ...and the looser ones a 信息公开 title may end with
REPORT_NOUNS = ANNUAL_NOUNS + r"|报告书|报告"
# the nouns of a statistics sheet after the report noun: 「…年度报告附表」「…年报统计表」
TABLE_NOUNS = r"附表|统计表|数据表|报表"
# document file names: what uploaded reports are saved as (OFD is the national e-document format)
DOC_EXTS = r"pdf|docx?|xlsx?|wps|et|ofd"

# --- the report itself ---------------------------------------------------------------
# The report noun must follow 信息公开 closely: 「…政府信息公开工作2020年度报告」,
# 「关于2022年度政府信息公开工作情况的报告」, 「政府信息公开工作2021年年报」.
# Since the 2019 revision many bodies title it 「…政务公开工作年度报告」: 政务公开 counts too,
# with the annual nouns only (政务公开 + a bare 报告 is too loose: 第三方评估报告…).
REPORT_PHRASE = re.compile(r"信息公开.{0,14}?(" + REPORT_NOUNS + r")|政务公开.{0,10}?(" + ANNUAL_NOUNS + r")")
# A title that IS a report ends with the report noun (after decorations are stripped);
# one that continues (…年度报告发布, …年报出炉) is about the report. A statistics table or
# an attachment of the report keeps its tail: 「…年度报告附表」「…年报统计表」「…年度报告附件2」.
ATTACHMENT_TAIL = r"(附表|附件|统计表|情况统计表|数据表|报表)" + NUMBERING
REPORT_END = re.compile(r"(" + REPORT_NOUNS + r")(全文|正文|文本)?(" + ATTACHMENT_TAIL + r")?$")
# the report's statistics sheet, as its own title or link names it
TABLE_NAME = re.compile(r"(年度报告|年报|报告)(" + TABLE_NOUNS + r")" + NUMBERING + r"$|"
                        r"信息公开.{0,16}(统计表|情况表|数据表|报表|附表)" + NUMBERING + r"$|^附表" + NUMBERING + r"[:：]?")
# a title ending 「…报告附表」 after a report phrase is the report's own sheet
REPORT_TABLE_TAIL = re.compile(r"(报告|年报)(" + TABLE_NOUNS + r")" + NUMBERING + r"$")
# a bare 附表 / 附件 link text (with its number) is an attachment of the page it is on
ATTACHMENT_LABEL = re.compile(r"(附表|附件)" + NUMBERING)
# a year standing alone (not part of a longer number such as a document id)
YEAR = re.compile(r"(?<!\d)" + YEAR_DIGITS + r"(?!\d)")
# either annual noun anywhere: a title mentions a report
MENTIONS_ANNUAL = re.compile(r"年报|年度报告")
# the same nouns closing the title: 「2020年度报告」「政府年报」 (a report column without 信息公开)
ENDS_ANNUAL = re.compile(r"(年度报告|年报)$")
# 工作报告 without 信息公开 before it is some other body's work report
WORK_REPORT_NOUN = re.compile(r"工作报告")
# a year alone (「2020年度」) says nothing about the document
BARE_YEAR = re.compile(r"(19|20)\d{2}年?度?")

# --- look-alikes ---------------------------------------------------------------------
# 解读 / 图解 / 问答 of a report: about it, not it
INTERPRETATION = re.compile(r"解读|图解|一图(读|看|了解|速览|带你)|图说|答记者问|问答|动漫|漫画|H5|视频")
# a notice, announcement or letter, by the noun its title ends with
NOTICE_END = re.compile(r"(通知|通告|公告|的函|通报|启事|提示)$")
# a notice asking offices to compile, submit or publish their reports
NOTICE_ANY = re.compile(r"关于(做好|报送|编制|开展|印发|填报|提交|征集|组织|加强|认真做好|抓紧|进一步做好).{0,40}(通知|函)|"
                        r"编制(和|与|及)?发布工作|报送.{0,20}(年度报告|年报)")
# the website yearly form (政府网站工作年度报表), a different annual duty
WEBSITE = re.compile(r"网站.{0,8}(年度报表|年报|工作报表|年度报告|工作年度)")
# the rule-of-law government report (法治政府建设年度报告)
RULE_OF_LAW = re.compile(r"法治政府(建设)?.{0,12}(报告|情况)|法治建设.{0,10}报告|依法行政.{0,10}报告")
# budget and final-accounts disclosures (预决算公开)
BUDGET = re.compile(r"预决算|部门预算|部门决算|财政预算|财政决算|预算公开|决算公开|预算(执行|草案|报告|说明|信息)|"
                    r"决算(报告|说明|信息)|年度预算|年度决算|三公经费|预算$|决算$")
# the government work report and other bodies' work reports
WORK_REPORT = re.compile(r"政府工作报告|(法院|检察院|人大常委会|政协常委会).{0,4}工作报告")
# papers about the reports: plans, guides, templates, assessments, statistics forms
OTHER = re.compile(r"工作要点|实施方案|工作方案|工作计划|工作安排|考核|指南|制度|目录|培训|模板|范本|格式|样表|样本|"
                   r"填报说明|编制说明|统计表|报表|自查|整改|测评|第三方评估|检查情况|征求意见稿|提纲")
# A bracketed tail naming a blank form is what the title is, not a decoration to strip:
# 「…年度报告（模板）」「…（样表）」「…（征求意见稿）」 are never reports.
FORM_BRACKET = re.compile(r"模板|样本|样表|范本|征求意见稿|参考格式|格式|提纲|样稿|示范文本")
# News about a report: 「我市政府信息公开工作年度报告发布」「…发布2020年政府信息公开年报」.
NEWS_START = re.compile(r"^(我市|我区|我县|我局|我委|我办|我镇|全市|全区|全县|本市|本区|本县)")
NEWS_VERB = re.compile(r"发布|公布|出炉|亮相|召开|举办|举行|完成|获评|荣获|获得|排名|位列|点赞|启动|部署|通过|审议|上线")
# a book title quoted in the title: words inside 《…》 do not say what this document is
QUOTED = re.compile(r"《[^《》]*》")
# Annual reports of other kinds, named by the words right before 年报/年度报告/公报:
# 「统计年报」「企业年度报告」「环境质量公报」. Only those words count - 「某市统计局2020年度报告」
# is a body (统计局) reporting, not a statistics bulletin.
FOREIGN_ANNUAL = re.compile(r"(企业|工商|统计|质量|社会责任|环境|信用|公示|市场主体|统计数据|国民经济和社会发展)$")
# the noun such a report ends with
ANNUAL_OR_BULLETIN_END = re.compile(r"(年度报告|年报|公报)$")
# the year and filler between those words and the noun (dropped one at a time)
ANNUAL_FILLER = re.compile(r"((19|20)\d{2}年?度?|年度|年|度|工作|的)$")

# --- decorations around a title ------------------------------------------------------
# 【置顶】…, …（全文）, …(2020年), …——市发改委, …​.pdf
EXT_TAIL = re.compile(r"\.(" + DOC_EXTS + r"|s?html?|rar|zip)$", re.I)
# a bracketed decoration at the end of a title (its contents checked by FORM_BRACKET)
BRACKET_TAIL = re.compile(r"(\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕|<[^<>]*>)$")
# a bracketed decoration at the start: 【置顶】, [2021]
BRACKET_HEAD = re.compile(r"^(\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕)")
# 「政府信息公开工作年度报告（2021年）」: the year in a bracket after the phrase names the one report
# (titles._core strips that bracket as decoration, so it is looked for before stripping)
TAIL_YEAR = re.compile(r"[(\[【〔]\s*" + YEAR_DIGITS + r"\s*年?度?\s*[)\]】〕]$")
# 「…——市发改委」: the publisher after a dash
DASH_TAIL = re.compile(r"(——|--|—|－－|——).*$")
# 「转载：」「附件1：」 before a title
REPOST_HEAD = re.compile(r"^(转载|转发|原文|全文|附件\d*)[:：]")
# the application name PDF metadata titles start with (「Microsoft Word - …」)
APP_HEAD = re.compile(r"^(MicrosoftWord|MicrosoftExcel|Word|WPS文字|WPS表格)[-:：]", re.I)
# the separators between a page title and the site name after it (a hyphen before a digit is a date)
SITE_SEPARATOR = re.compile(r"_|\||｜|-{1,2}(?=[^\d])|—(?=[^—])")
# Chinese-numeral years (二〇二〇年) are read as digits
CN_DIGITS = str.maketrans({"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "O": "0", "一": "1", "二": "2", "三": "3",
                           "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"})
# (二0一九 / 二O一九: a digit or a letter typed for 〇, after NFKC; one numeral at least)
CN_YEAR = re.compile(r"(?=[〇零○ＯO0]{0,3}[一二三四五六七八九])[〇零○ＯO0一二三四五六七八九]{4}(?=年)")
# whitespace, including the zero-width and ideographic spaces pasted titles carry
SPACES = re.compile(r"[\s\u200b\u200c\u200d\ufeff\u3000]+")

# --- titles that say nothing ---------------------------------------------------------
# site names, 附件1, bare file names, a year
GENERIC = re.compile(r"^(附件|附表|下载|点击下载|点击查看|查看|原文|全文|正文|详情|详细|详细信息|内容|文件|链接|"
                     r"pdf|doc|docx|word|excel|xls|xlsx|更多|查看原文|查看全文|预览|打印)" + NUMBERING + r"[:：]?$", re.I)
# the portal's name, as a page title ends with it
SITE_NAME = re.compile(r"(门户网站|政府网站|人民政府网|政府网|官方网站|官网|信息公开网|信息公开平台|网站首页|首页|"
                       r"人民政府|人民政府办公室|人民政府办公厅|政府办公室)$")
# a bare uploaded file name (2021-03.pdf) as the title
FILENAME = re.compile(r"^[\w\-.~()\[\] ]+\.(" + DOC_EXTS + r")$", re.I)
# section names some templates put in the h1 of every article page
SECTION = re.compile(r"^(政府信息公开|信息公开|政务公开|政府信息公开目录|信息公开目录|法定主动公开内容|主动公开|政务信息|"
                     r"详细内容|文章详情|内容详情|信息详情|文章内容|正文内容|新闻详情)$")
# a title without Chinese says nothing (a file number, an English word)
CJK = re.compile(r"[\u4e00-\u9fff]")

# --- one report or a column of them --------------------------------------------------
# Words before a report phrase that make it a column link: 「更多政府信息公开年报」「历年年度报告」
MORE_HEAD = re.compile(r"^(关于|更多|查看更多|点击查看|查看|进入|往期|往年|历年|以往|历史|全部|所有|其他|其它|近年|最新)+")
# what is left of the words before the phrase once a government's name is dropped
GOVERNMENT_TAIL = re.compile(r"(人民政府|政府|政务|的|度|年)+$")
# the bodies below a government, as portals group them (部门 / 乡镇 / 街道 … columns)
BODY_GROUPS = ("部门", "单位", "乡镇", "街道", "镇街")
# 「各部门」「市直部门」「本级」 before the phrase: a column of many bodies' reports, not one
COLLECTIVE = re.compile(r"各?(市|区|县)?(政府)?(直属?|级)?(" + "|".join(BODY_GROUPS + ("镇", "乡", "机关")) + r")*|本级|各级")

# --- body opening --------------------------------------------------------------------
# How report bodies begin: 「本报告根据《中华人民共和国政府信息公开条例》…编制」
# 「根据《条例》…要求…编制本报告」「按照《中华人民共和国政府信息公开条例》规定，…年度报告…编制形成」.
OPENINGS = [
    re.compile(r"本(年度)?(报告|年报)(是|由)?.{0,30}?(根据|依据|按照|依照)"),
    re.compile(r"(根据|依据|按照|依照)《(中华人民共和国)?政府信息公开条例》.{0,260}?(编制而成|编制形成|编制本报告|编制了|编写了|"
               r"特编制|现予公布|特向社会公布|本报告|本年度报告|本年报)"),
    re.compile(r"(根据|依据|按照|依照)《条例》.{0,200}?(编制而成|编制形成|编制本报告|编制了|编写了|特编制|现予公布|本报告|本年度报告)"),
    re.compile(r"本(年度)?报告(中)?所列数据的?统计期限"),
]
# …but a notice quotes the Regulations too: 「根据《条例》规定，现就做好…年度报告编制和发布工作通知如下」
NOTICE_OPENING = re.compile(r"通知如下|现就|请各|各(乡镇|街道|部门|单位|县|区|市)[^。]{0,30}[:：]|现将有关事项|的通知|通知》?要求各")
# Section headings of the two official templates (2008 and 2019 versions).
SECTIONS = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议",
            "存在的主要问题及改进情况", "其他需要报告的事项", "依申请公开政府信息", "政府信息公开的收费及减免情况",
            "因政府信息公开申请提起行政复议", "主动公开政府信息的情况", "概述"]
# A numbered section heading of the official templates on a line of its own: 「一、总体情况」
# 「二、主动公开政府信息情况」 (a compile-your-report notice names them inline, not as headings).
HEADED_SECTION = re.compile(r"^\s*[一二三四五六七八九十]{1,2}\s*[、.．]\s*(" + "|".join(SECTIONS) + ")", re.M)

# --- documents that are not titled ---------------------------------------------------
# what a spreadsheet's name says when it is the report's statistics sheet
SHEET_WORDS = re.compile(r"统计表|报表|统计|附表|情况表|年度报告|年报")
# a notice that publishes the report says so…
PUBLISH_VERB = re.compile(r"公布|发布|印发|公开")
# …and one that asks offices to compile theirs says that
COMPILE_VERB = re.compile(r"编制|报送|做好|填报|提交|开展|征集")
