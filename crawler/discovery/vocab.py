"""The words and shapes portal pages are read by, as data (one definition each, with why it is there).

Patterns that look alike but answer different questions are kept apart, and say how they differ.
"""
from __future__ import annotations

import re

from core.formats import FILE_EXT_PATTERN
from core.text import DATE
from core.title_vocab import BODY_GROUPS, NUMBERING

# --- link texts ------------------------------------------------------------------------
# 「更多」「>>」「详情」: a link whose text says nothing; its box heading names the column instead
GENERIC_LINK = re.compile(r"^(更多>*|more>*|>>|»|更多内容|查看更多|更多信息|详细|详情|进入|点击进入|查看|[+＋])$", re.I)
# 「…政府信息公开 更多>>」: the 更多 a box heading carries after its name
MORE_TAIL = re.compile(r"(更多|more)\s*[>»]*\s*$", re.I)
# where a box heading is: h1-h6, or an element classed as a title/head/name
HEADING_XPATH = (".//h1|.//h2|.//h3|.//h4|.//h5|.//h6|.//*[contains(@class,'tit') or contains(@class,'hd')"
                 " or contains(@class,'head') or contains(@class,'name')]")
# a date the template put inside the anchor after the title (<em>2021-01-25</em>, 【2021.1.25】)
DATE_TAIL = re.compile(r"[\[【(（]?\s*" + DATE.pattern + r"\s*日?\s*[\]】)）]?$")
# a title a list cut short: 「某市2021年政府信息公开工作年…」「…年度报..」
CUT_SHORT = re.compile(r"(\.{2,}|…+)$")
# a script string literal holding Chinese: the title a list template writes with document.write
JS_CHINESE_STRING = re.compile(r"""(["'])((?:(?!\1).)*[\u4e00-\u9fff](?:(?!\1).)*)\1""")

# --- addresses in scripts -------------------------------------------------------------
# location.href='…', window.open('…'): a redirect or a scripted link
# (quoted addresses may hold spaces: uploaded files keep names such as 「…年度报告 (定稿).PDF」)
JS_URL = re.compile(r"""(?:location\.href|window\.location|location\.replace|window\.open|location)\s*[=(]\s*['"]([^'"\s][^'"\r\n]*?)\s*['"]""")
# 集约化 list templates fill their column in the browser: $.getJSON("/api/articles?channelId=12"),
# $.ajax({url: "…"}), fetch('/gkml/list.json'), axios.get('…'). The first quoted argument of such a
# call (or any quoted address ending in .json) names the data the list is made of.
JS_DATA_URL = re.compile(
    r"""(?:\$\.(?:getJSON|get|post|ajax)|\bfetch|\baxios(?:\.get|\.post)?|\burl)\s*[(:]\s*\{?\s*['"]"""
    r"""((?:https?://|/|\.\.?/)?[^'"\s<>()]+)['"]|['"]((?:https?://|/|\.\.?/)?[^'"\s<>()]+\.json(?:\?[^'"\s<>]*)?)['"]""")
# what a script loads that is no data: images, styles, scripts, fonts, media (CSS url('/x.png')).
# Not crawler.urls._IMAGE_EXT: that one also refuses archives and programs as documents, and
# knows no fonts; merging them would change which endpoints are read.
NOT_DATA = re.compile(r"\.(?:png|jpe?g|gif|svg|ico|webp|css|js|woff2?|ttf|mp4|mp3)$", re.I)
# Old CMS list templates wrap every address in a site helper — href="javascript:openWin('…')",
# javascript:downloadFile('/u/x.PDF'), onclick="showDetail('../../2022/0125/1.html')": a call whose
# first quoted argument has the shape of an address (a path, or a file name with a web/office
# extension) is a link. Numeric or bare-word arguments (goPage(2), share('weibo')) are not.
# (its extension list is not JSON_URLISH's: helpers also open archives; each kept as it was)
JS_CALL_URL = re.compile(
    r"""[A-Za-z_$][\w$.]*\s*\(\s*['"]((?:https?://|/|\.\.?/)[^'"\r\n]*?|[^'"\s/:]+/[^'"\s]+"""
    r"""|[^'"\s/:]+\.(?:s?html?|jsp|aspx?|php|do|pdf|docx?|xlsx?|wps|et|ofd|zip|rar))['"]""", re.I)
# TRS writes an article's appendix links from script: href="…x.pdf">name<
SCRIPT_ATTACHMENT = re.compile(r"""href\s*=\s*\\?["']([^"'\\]+\.(?:%s))\\?["'][^<>]*>([^<]*)<""" % FILE_EXT_PATTERN, re.I)

# --- jcms <datastore> lists -------------------------------------------------------------
# one list entry of a jcms datastore (and of a dataproxy.jsp answer)
RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
# how many records the list holds and shows per page, as script or as tag
JCMS_TOTAL = (re.compile(r"totalRecord\s*[:=]\s*['\"]?(\d+)"), re.compile(r"<totalrecord>\s*(\d+)", re.I))
JCMS_PER_PAGE = (re.compile(r"perPage\s*[:=]\s*['\"]?(\d+)"), re.compile(r"<perpage>\s*(\d+)", re.I))
# the dataproxy.jsp address of the next record group
JCMS_NEXT_GROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[.*?href\s*=\s*['\"]([^'\"]+)['\"]", re.S | re.I)
# $("#12345").jpage(…): the unit id a list answers ?uid=…&pageNum=N for
JCMS_UNIT = re.compile(r"""\$\(\s*["']#(\w+)["']\s*\)\.jpage""")
# the dataproxy.jsp parameters that number records, not pages
RECORD_PARAMS = ("startrecord", "endrecord")

# --- JSON list endpoints ---------------------------------------------------------------
# keys whose value is an entry's title
JSON_TITLE_KEYS = ("title", "name", "subject", "doctitle", "docname", "bt", "showtitle", "articletitle", "wjbt")
# …or, when a record has none of those, a key that ends like one (infoTitle, vc_title, mainTitle; not subTitle)
JSON_TITLE_LIKE = re.compile(r"(?<!sub)(?<!sub_)(?:title|bt)$", re.I)
# a date/time field holding a Unix timestamp (Java back ends: milliseconds), read as China time
JSON_EPOCH_DIGITS = (10, 13)
JSON_EPOCH_YEARS = (1995, 2100)
# a date in a date/time field, taken as written (no spaces, no range check: unlike core.text.find_date,
# which reads printed dates; merging would change the dates JSON entries get)
JSON_DATE = re.compile(r"((?:19|20)\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")
# a value shaped like an address: a path, or a file name with a web/office extension
JSON_URLISH = re.compile(r"^(?:https?://|/|\.\.?/)[^\s<>\"']*$|^[^\s<>\"':/]+(?:/[^\s<>\"']*)?\.(?:s?html?|jhtml|jspx?|aspx?|php|do|pdf|docx?|xlsx?|wps|ofd)(?:\?\S*)?$", re.I)
# keys that hold an address (their values come first)
JSON_URL_KEYS = re.compile(r"url|link|href|path|addr", re.I)

# --- page understanding ----------------------------------------------------------------
# class/id of the 「当前位置」 trail
CRUMB_ATTR = re.compile(r"crumb|position|location|weizhi|dqwz|wz|bread|curpos|current|path|local", re.I)
# 当前位置： 您的位置： 您当前的位置： 所在位置： … every label of the trail ends in 位置
CRUMB_TEXT = re.compile(r"位置\s*[:：]")
# the separators that make a text a trail
CRUMB_SEPARATORS = (">", "›", "»", "首页")
# <meta> names CMSs put the article title, the publish date and the column name in (case-sensitive in XPath)
TITLE_METAS = ("ArticleTitle", "articletitle", "title", "Title")
DATE_METAS = ("PubDate", "pubdate", "publishdate", "firstpublishedtime", "others")
COLUMN_META = "ColumnName"
# an h1 that is the portal's banner, not the page's title (narrower than core.title_vocab.SITE_NAME,
# which judges titles of documents; widening it would change which heading a page is titled by)
PORTAL_BANNER = re.compile(r"(门户网站|人民政府网?)$")
# <title>「报告_某市人民政府」: the page's title before the site name (core.title_vocab.SITE_SEPARATOR
# splits normalized text, where spaces are gone; this one splits the raw <title> on spaced hyphens)
TITLE_SEPARATOR = re.compile(r"\s*(?:_|\||｜|--| - )\s*")
# 「发布时间：2021-01-25」 on an article (the year is any four digits here and core.text.find_date
# checks it after, so 「时间：3020-…」 is no date rather than a later one)
PUBLISH_DATE = re.compile(r"(发布时间|发布日期|生成日期|成文日期|发文日期|公开日期|时间|日期)\s*[:：]?\s*"
                          r"(\S{0,4}\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
# a trail or column name that names a report column
REPORT_COLUMN = re.compile(r"年报|年度报告|信息公开报告|ndbg|gknb")
# text of the 信息公开 section
XXGK_TEXT = re.compile(r"信息公开|政务公开|公开目录|主动公开")
# a page grouping the bodies below a government (部门 / 乡镇 / 街道 columns)
DEPT_HUB = re.compile("|".join(BODY_GROUPS))

# --- URL tokens (pinyin initials portals name directories with) ---------------------------
# gknb (公开年报), ndbg (年度报告), nianbao (年报); xxgknb, zfxxgknb, gkndbg contain them
REPORT_URL_WORDS = ("gknb", "ndbg", "nianbao")
# a report document's URL (crawler.classify.classify_link): also ndxxgk, xxgkbg (zfxxgkbg)
REPORT_DOC_URL = re.compile("|".join(REPORT_URL_WORDS + ("ndxxgk", "xxgkbg")))
# a report column's URL (score_link): also bmnb (部门年报) and nb as a whole name part
REPORT_COLUMN_URL = re.compile("|".join(REPORT_URL_WORDS + ("ndxxgk", "xxgkbg", "bmnb", r"(^|/|_)nb($|/|_)")))
# the URL path of a page that is a report column (page_context): narrower than REPORT_COLUMN_URL
# (no ndxxgk/xxgkbg, nb only as a /nb/ directory); widening it changes which pages count as columns
REPORT_PAGE_PATH = re.compile("|".join(REPORT_URL_WORDS + ("bmnb", "/nb/")))
# xxgk (信息公开), zwgk (政务公开), gkml (公开目录); zfxxgk, bmxxgk contain xxgk
XXGK_URL_WORDS = ("xxgk", "zwgk", "gkml")
# a page inside the 信息公开 section (page_context)
XXGK_PAGE_PATH = re.compile("|".join(XXGK_URL_WORDS))
# a link into it (score_link): also fdzdgk (法定主动公开), govinfo, zfgk, gkzl
DISCLOSURE_URL = re.compile("|".join(XXGK_URL_WORDS + ("fdzdgk", "govinfo", "zfgk", "gkzl")))
# URLs of other sections: news, services, interaction, English, media, search, login
OFFTOPIC_URL = re.compile(r"(xwzx|xwdt|news|hdjl|zwfw|bsfw|english|video|photo|tpxw|ldhd|zmhd|hudong|interact|wsdc|"
                          r"zxft|rili|search|login|bbs|mail)")

# --- link scoring ---------------------------------------------------------------------
# Navigation vocabulary of portals, strongest first. Scores are added to URL signals
# and context; FOLLOW_THRESHOLD decides.
NAV_TERMS = [
    ("信息公开年报", 9), ("信息公开年度报告", 9), ("信息公开工作年度报告", 9), ("公开年报", 8), ("工作年报", 8),
    ("年度报告", 7), ("年报", 7), ("部门信息公开", 6), ("信息公开专栏", 6), ("政府信息公开", 6),
    ("信息公开目录", 5), ("法定主动公开", 5), ("信息公开", 5), ("政务公开", 5), ("主动公开", 4),
    ("公开目录", 4), ("最新公开", 3),
]
# Columns that share words with the report but hold something else.
VETO = re.compile(r"法治政府|预算|决算|政府工作报告|网站.{0,4}(年度)?报表|解读|图解|企业年报|统计年报|年报公示|工商年报|"
                  r"年度报表|依申请|指南|制度|通知公告|意见征集|征求意见|申请表|监督|规章|规范性文件|人事任免|招考|招聘")
# Sections of a portal that never lead to the reports (unless the text is a strong report term).
NEGATIVE = re.compile(r"新闻|动态|要闻|图片|视频|领导|互动|留言|信箱|办事|服务|投诉|招标|采购|调查|征集|english|无障碍|"
                      r"登录|注册|专题|访谈|直播|热点|便民|旅游|招商|走进|概况|地图|联系我们|网站|rss|搜索", re.I)
# inside a report column, a year is a sub-column: 2020年度 / 2019年信息公开年报
YEAR_LINK = re.compile(r"^(19|20)\d{2}\s*年?度?(信息公开)?(年报|年度报告|报告)?$")
# …and so is a body: the name ends with what bodies are called (局, 委员会, 街道, 镇 …)
DEPT = re.compile(r"(局|委|办|委员会|办公室|中心|院|所|站|队|馆|会|处|厅|部|署|街道|镇|乡|区|县|市|政府|公司|集团|管委会|管理处)$")
# the way into a portal from a splash page
SPLASH = re.compile(r"进入|首页|主页|index", re.I)
# the Traditional-script mirror of the portal carries the same reports
MIRROR = re.compile(r"(繁体|繁体版|繁体中文|正体|正体中文|big5)", re.I)

# --- pagination -------------------------------------------------------------------------
# TRS: createPageHTML(N, cur, "index", "html") writes the pager
CREATE_PAGE = re.compile(r"createPageHTML\s*\(([^()]*)\)")
# var countPage = 3: the numbers a createPageHTML call may pass by name
VAR_NUM = re.compile(r"\bvar\s+(\w+)\s*=\s*(\d+)")
# createPageHTML arguments: a number, or a quoted prefix / suffix
JS_INT = re.compile(r"\d+")
JS_STRING_LITERAL = re.compile(r"""["'][^"']*["']""")
# the next-page texts a list pager and a split article's pager share
NEXT_WORDS = r"下一页|下页|后一页|下一页>>?|[>›»]"
# a list's next page: also 后页, 下一頁, next, >>
NEXT_TEXT = re.compile(r"^(" + NEXT_WORDS + r"|后页|下一頁|next|>>)$", re.I)
# a list's last page: 尾页, 末页, last, >>|
LAST_TEXT = re.compile(r"^(尾页|末页|最后一页|最末页|尾頁|last|>>\|)$", re.I)
# a list's page number: 3, [3], 第3页 (up to 999)
PAGE_TEXT = re.compile(r"^(\d{1,3}|\[\d{1,3}\]|第\d{1,3}页)$")
# a split article's own pager: the shared next texts or a page number up to 99 (第 2 页 with spaces,
# [2 or 2]); narrower than NEXT_TEXT/PAGE_TEXT, as it was, so other article links stay out of the parts
PART_TEXT = re.compile(r"^(" + NEXT_WORDS + r"|第\s*\d{1,2}\s*页|\[?\d{1,2}\]?)$")
# 上一篇 / 下一条: other articles, never parts or tables of this one
SIBLING_LINK = re.compile(r"(上一|下一)(篇|条|页)")
# how many pages a list says it has: 共3页, 第1/3页, 页次：1/3 (the first also fills pager gaps)
TOTAL_PAGES = re.compile(r"共\s*(\d{1,4})\s*页")
PAGE_COUNT_TEXT = [TOTAL_PAGES, re.compile(r"第?\s*\d{1,4}\s*/\s*(\d{1,4})\s*页"),
                   re.compile(r"(?:总页数|总页|页数|页次)\s*[:：]?\s*(?:\d{1,4}\s*/\s*)?(\d{1,4})")]
# …or a script variable does: var countPage = 3, totalPage: 3
PAGE_COUNT_VAR = re.compile(r"\b(?:count_?page|page_?count|total_?pages?|page_?total|pages_?count|all_?pages?|max_?page|"
                            r"page_?size_?count|totalpagenum|total_?page_?num)\s*[=:]\s*['\"]?(\d{1,4})\b", re.I)
# query parameters that number a list's (or an article's) pages. crawler.urls._LIST knows only the
# first five: it judges a URL's shape, and more names there would make more URLs lists.
PAGE_PARAM = ("page", "pagenum", "pageno", "pageindex", "p", "pn", "curpage", "currentpage", "cpage", "pagenumber")
# index_3.html, list-3.htm: a page number at the end of a file name
NUMBERED_PATH = re.compile(r"^(.*?[_-])(\d{1,4})(\.\w+)$")
# list_2021.html is that year's column, not page 2021
YEAR_NUMBER = re.compile(r"(19|20)\d\d")
# extensions of list pages
PAGE_EXTS = r"(?:s?html?|jsp|php|aspx?|do)"
# a page extension a script names, on its own
PAGE_EXT = re.compile(PAGE_EXTS, re.I)
# names list pages have (index.shtml, list.html, default.htm …)
LIST_STEM = re.compile(r"^(index|list|lists|default|more|column|page|main|subindex|list_?page)$", re.I)
# a pager function called with a page number: goPage(2), toPage('3'), fanye(2)
PAGE_FUNC = re.compile(r"\b(?:go_?page|to_?page|turn_?page|jump_?page|page_?jump|go_?to_?page|change_?page|"
                       r"page_?turn|show_?page|skip_?page|goto|fy|fanye)\s*\(\s*['\"]?\d", re.I)
# "?page=" + n: a pager script building page URLs from a parameter
PAGE_PARAM_CONCAT = re.compile(r"""['"]([^'"<>\s]*[?&](?:%s)=)['"]\s*\+""" % "|".join(PAGE_PARAM), re.I)
# "list_" + n + ".shtml", pageName + "_" + (n - 1) + "." + pageExt: a script naming pages stem_N.ext
PAGE_NAME_CONCAT = re.compile(r"""(?:['"]([\w\-./]*?)_['"]|(\w+)\s*\+\s*['"]_['"])\s*\+\s*(\(?\s*\w+\s*(?:-\s*1)?\s*\)?)"""
                              r"""(?:\s*\+\s*(?:['"]\.(\w+)['"]|['"]\.['"]\s*\+\s*(\w+)))?""")
# a page stem a script builds on is a plain path (no expressions)
PATH_STEM = re.compile(r"[\w\-./]+")
# "." + ext written after the page number
QUOTED_PAGE_EXT = re.compile(r"""['"]\.(%s)['"]""" % PAGE_EXTS)
# variables a pager script keeps the page extension in
EXT_VARS = ("pageExt", "ext", "suffix", "pageSuffix", "fileExt", "extName")
# a literal second page in the script: 'list_2.shtml'
LITERAL_PAGE_NAME = re.compile(r"""(?<![\w/])([A-Za-z][\w\-]*)_(\d{1,3})\.(%s)\b""" % PAGE_EXTS)
# a list page's own file name, numbered or not: list_3.shtml, index.html
LIST_NAME = re.compile(r"(.+?)(?:[_-]\d{1,4})?\.(%s)" % PAGE_EXTS, re.I)
# …and, for a directory URL, the extension its index links or its pages use
INDEX_LINK = re.compile(r"/index\.(%s)$" % PAGE_EXTS, re.I)
HTML_LINK = re.compile(r"\.(s?html?)$", re.I)

# --- parts and attachments -----------------------------------------------------------------
# page 2 of a split article is named t2020…_1: the number dropped gives the first page's stem
PART_SUFFIX = re.compile(r"_\d{1,2}$")
# class/id of page chrome: links there are the site's, not the document's
CHROME = re.compile(r"^(footer|foot|header|head|nav|navbar|menu|topbar|top|bottom|copyright|share|bdshare)$", re.I)
CHROME_TAGS = ("footer", "header", "nav")
# A label before a link on a report page: 「附表：<a>…统计表</a>」「附件2：<a>…</a>」
TABLE_LABEL = re.compile(r"(附表|附件|统计表)\s*" + NUMBERING + r"\s*[:：]?\s*$")

# --- pictures a report page shows in its article: its statistics table as an image
# words in an <img>'s alt / title / file name or the caption before it that name a table
TABLE_IMAGE_WORDS = re.compile(r"统计表|情况统计|统计|附表|表格|报表|年报|年度报告|表\s*[一二三四五六七八九十\d]|tjb|tongji", re.I)
# pictures that are page furniture by their address or their container's class / id
IMAGE_FURNITURE = re.compile(r"logo|icon|qr[-_]?code|/qr/|ewm|erweima|banner|btn|button|arrow|share|weixin|wechat"
                             r"|weibo|dzjg|jiucuo|conac|beian|gongan|spacer|blank|pixel|loading|avatar|\.svg$|\.ico$", re.I)
IMAGE_FURNITURE_BOX = re.compile(r"^(qr|ewm|erweima|share|code|sm|saoma|wx|weixin)$|qrcode|share", re.I)
IMAGE_MIN_SIDE = 150        # pixels: a declared width or height below this is an icon
IMAGE_LARGE = (400, 300)    # width or height at least this: big enough to be a table
ARTICLE_MIN_CHARS = 150     # the block around a picture holds this much text: it is in the article
