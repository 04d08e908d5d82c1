"""The words government page templates are made of, for the cleaner to recognise them.

Every regex is written in Simplified Chinese; ``zh`` lets it match Traditional pages too.
"""
from __future__ import annotations

import re

from core.script import s2t_character


def zh(pattern: str) -> str:
    """Let a regex written in Simplified Chinese also match Traditional pages:
    every Han character becomes a class with its Traditional form (发 -> [发發])."""
    s2t = s2t_character()
    out, in_class, escaped = [], False, False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
            out.append(ch)
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        if "\u4e00" <= ch <= "\u9fff":
            t = s2t(ch)
            if t != ch and len(t) == 1:
                out.append(ch + t if in_class else "[%s%s]" % (ch, t))
                continue
        out.append(ch)
    return "".join(out)


def label_re(label: str) -> str:
    """A label as the templates print it: any spacing between its characters (索 引 号)."""
    return zh(r"\s*".join(re.escape(ch) for ch in label))


# ---------------------------------------------------------------------------
# chrome phrases (header, widgets, info line, footer)

# A label with its value, e.g. 发布时间：2020-01-19 / 来源：XX局 / 浏览次数：123
INFO_LABELS = (r"发布时间|发布日期|发表时间|公开日期|更新时间|成文日期|发文日期|日期|时间|来源|信息来源|文章来源|稿件来源|"
                r"发布来源|发布机构|发布单位|作者|责任编辑|编辑|供稿|撰稿|审核|校对|浏览次数|阅读次数|访问次数|点击数|点击量|"
                r"点击次数|访问量|浏览量|阅读量|字号|字体|信息提供")
# Strong chrome phrases: on their own they make a block chrome.
STRONG_PHRASES = [
    r"(?:您?当前(?:所在)?的?位置|您现在的位置|你现在的位置|你的位置|您的位置|现在的位置|所在位置)\s*[:：]?.*",
    r"分享到\s*[:：]?", r"分享\s*[:：]",
    # QR captions in their many wordings: 扫一扫在手机上查看当前页面, 手机扫码浏览本页,
    # 扫描二维码在移动端打开此页 ... (the scan verb, where, the view verb, which page)
    r"(?:用?手机)?(?:扫一扫|扫码|扫描(?:二维码)?)\s*[,，]?\s*(?:二维码)?\s*(?:在|用)?\s*(?:手机|移动端|微信)?\s*"
    r"(?:上|端)?\s*(?:打开|浏览|查看|阅读|访问)\s*(?:当前|本|此|该)?\s*(?:页面|网页|页|文章|信息)?",
    r"扫一扫在手机(?:上)?打开当前页", r"扫一扫(?:在手机(?:上)?(?:打开|浏览|查看))?",
    r"(?:用)?手机扫(?:描|一扫)?(?:二维码)?", r"点击我?为您语音播报", r"语音播报", r"(?:听|朗读)全文",
    r"(?:早上|上午|中午|下午|晚上)好\s*[!！]?\s*我是\S{0,6}",
    r"【?\s*字[体号]\s*[:：]?\s*[【\[]?\s*大\s*中\s*小\s*[】\]]?\s*】?",
    r"【\s*(?:打印(?:本页|此页|文章|正文)?|关闭(?:本页|窗口)?|收藏|返回顶部|返回|纠错|我要纠错)\s*】",
    r"网站标识码\s*[:：]?\s*\w*", r"\S{0,3}ICP备\s*[\w\-]*号?(?:-\d+)?", r"\S{0,3}公网安备\s*\d*号?",
    r"您是第\s*\d*\s*位访(?:问|客)者?", r"(?:今日|总)?访问(?:量|人次|人数)\s*[:：]?\s*\d*",
    r"请输入(?:关键字|关键词|搜索内容|您要搜索的内容)", r"长者模式", r"关怀(?:模式|版)", r"适老化(?:模式|版)?", r"无障碍(?:浏览|阅读|模式|通道)?",
    r"版权所有\s*[:：©]?\s*\S*", r"(?:Copyright|COPYRIGHT|copyright)\s*(?:©|\(c\))?.*", r"©.*",
    r"(?:主办|承办|协办|管理|运维|维护|技术支持|技术保障)单位\s*[:：]?\s*\S*", r"技术支持\s*[:：]?\s*\S*",
    r"欢迎(?:访问|光临|来到)\S{0,30}", r"建议使用\S*浏览器.*", r"(?:最佳)?分辨率.*",
    r"(?<![\u4e00-\u9fff])(?:" + INFO_LABELS + r")\s*[:：]\s*(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?|[^\s|【】\t]{0,40})",
    r"上一篇\s*[:：]?.*", r"下一篇\s*[:：]?.*", r"今天是\s*\S{0,16}\s*星期[一二三四五六日天]", r"星期[一二三四五六日天]",
    r"相关(?:链接|文章|阅读|新闻|信息|文件|稿件|内容)", r"(?:推荐|延伸|热点|热门)(?:阅读|文章|推荐|新闻)",
]
# Weak phrases: chrome only when they are link/button text or stand with other chrome.
WEAK_PHRASES = [r"网站地图", r"联系我们", r"打印本页", r"打印", r"关闭窗口", r"关闭", r"收藏本页", r"收藏", r"切换",
                r"返回顶部", r"设为首页", r"加入收藏", r"繁體", r"简体", r"繁体", r"English", r"登录", r"注册", r"搜索",
                r"高级搜索", r"热门搜索\s*[:：]?", r"首页", r"使用帮助", r"意见建议", r"纠错", r"网上调查", r"中国政府网",
                r"字号\s*[:：]?\s*大\s*中\s*小", r"[大中小]", r"上一页", r"下一页", r"尾页", r"末页", r"共\s*\d+\s*页",
                r"第\s*\d+\s*页", r"党政机关", r"政府网站找错", r"我要纠错", r"微信", r"微博", r"QQ空间", r"QQ", r"朋友圈",
                r"新浪", r"腾讯", r"复制链接", r"手机版", r"移动版", r"点击率", r"辅助工具", r"读屏"]
# Contact lines: chrome in a footer (beside a strong phrase), but a report may print
# its own contact address, so on their own they are not.
FOOTER_PHRASES = [r"(?:通讯|联系|通信)?地址\s*[:：]\s*[^\s|]*", r"(?:联系|咨询|值班|办公)?电话\s*[:：]\s*[\d\-—()（）\s、,，]*",
                  r"传真\s*[:：]\s*[\d\-—()（）\s]*", r"(?:邮编|邮政编码)\s*[:：]\s*\d*",
                  r"(?:电子邮箱|电子信箱|邮箱|E-?mail)\s*[:：]\s*[\w.\-@]*", r"All\s+Rights\s+Reserved\.?"]
FOOTER_RE = re.compile(zh("|".join("(?:%s)" % p for p in FOOTER_PHRASES)), re.I)
STRONG_RE = re.compile(zh("|".join("(?:%s)" % p for p in STRONG_PHRASES)))
WEAK_RE = re.compile(zh("|".join("(?:%s)" % p for p in WEAK_PHRASES)))
# what is left of a chrome block once its phrases are gone: separators, digits, dates
RESIDUE = re.compile(r"[\s\d|/\\>»›<«‹·•\-—–_:：;；,，.。、()（）\[\]【】{}<>\"'“”‘’!！?？*#@&=+~]+")
# the heading of a related-links list (相关链接, 上一篇, 往年报告 ...)
RELATED_HEAD = re.compile(zh(r"^(?:相关(?:链接|文章|阅读|新闻|信息|文件|稿件|内容|附件)?|推荐阅读|延伸阅读|热点推荐|热门文章|最新文章|"
                           r"猜你喜欢|上一篇|下一篇|其他(?:年度|年份)?报告|往年报告)"))

# ---------------------------------------------------------------------------
# the metadata table (索引号 / 发布机构 / 生成日期 / 文号 / 名称 ...)

# Labels of the metadata table the 集约化 platforms print above the article: a block
# holding several of them is that table, not the report.
META_LABELS = ["索引号", "发布机构", "生成日期", "文号", "名称", "主题分类", "公开方式", "公开范围", "发文日期",
              "成文日期", "发布日期", "有效性", "信息分类", "所属机构", "组配分类", "体裁分类", "关键词", "发文机关",
              "发文字号", "公开时限", "主题词", "信息来源", "内容概述", "标题", "效力状态", "公文种类", "信息名称",
              "发布单位", "统一编号", "实施日期", "废止日期", "文件编号", "公开形式", "责任部门", "所属主题",
              "服务对象", "产生日期", "登记号", "时效"]
ALL_LABELS = "|".join(label_re(l) for l in META_LABELS)
# a label with its colon (how a metadata block is counted)
META_LABEL_RE = re.compile(r"(?:^|(?<=[\s|]))(?:%s)\s*[:：]" % ALL_LABELS, re.M)
# a label and the rest of its cell/line (what a metadata block is made of)
META_PAIR_RE = re.compile(r"(?:^|(?<=[\s|]))(?:%s)\s*[:：]?[ \t]*[^\t\n]*" % ALL_LABELS, re.M)
# a cell that is nothing but a label (its value sits in the next cell)
META_LABEL_CELL_RE = re.compile(r"^(?:%s)\s*[:：]?$" % ALL_LABELS)
# the page_meta fields read from the table, each under every label the templates use for it
FIELD_KEYS = {"索引号": ["索引号"], "发布机构": ["发布机构", "发文机关", "发布单位", "所属机构"],
              "生成日期": ["生成日期", "成文日期", "产生日期"], "文号": ["文号", "发文字号", "文件编号"],
              "名称": ["名称", "信息名称", "标题"]}


def _field_re(label: str) -> re.Pattern:
    """A label at a line's or cell's start and its value, which runs to the cell's end
    or the next label.  The label's first character leads the pattern and the "at a
    start" test (no character but a space or | before it) follows it as a lookbehind:
    so the regex engine scans for that character instead of trying every position
    of the page's text (12 such scans per page)."""
    first = zh(re.escape(label[0]))
    rest = zh("".join(r"\s*" + re.escape(ch) for ch in label[1:]))
    return re.compile(r"%s(?<![^\s|]%s)%s\s*[:：]?[ \t]*(.*?)(?=\t|\n|$|\s*(?:%s)\s*[:：])"
                      % (first, first, rest, ALL_LABELS), re.M)


# one regex per label, in the order the labels are tried
FIELD_RES = {key: [_field_re(label) for label in labels] for key, labels in FIELD_KEYS.items()}

# ---------------------------------------------------------------------------
# page metadata outside the table: meta tags, the info line

# <meta name=...> the TRS / Hanweb templates fill, and the page_meta key each goes to
META_NAMES = {"articletitle": "ArticleTitle", "pubdate": "PubDate", "contentsource": "ContentSource",
              "sitename": "SiteName", "columnname": "ColumnName",
              # templates that print a generic <title> (the site name) carry the article's own
              # title in <meta name="title"> or the Open Graph / Dublin Core title
              "title": "ArticleTitle", "og:title": "ArticleTitle", "dc.title": "ArticleTitle"}
# a printed date, year month day (2020-01-19, 2020/1/19, 2020年1月19日)
DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
# labels that always introduce the publish date
PUB_LABELS_STRONG = r"发布时间|发布日期|发表时间|公开日期|发文日期|上传时间|发稿时间|添加时间"
# labels that introduce it only when no strong label or PubDate meta does (日期 may be any date)
PUB_LABELS_WEAK = r"日期|时间|更新时间"
PUB_STRONG_RE = re.compile(zh(r"(?:%s)\s*[:：]\s*%s" % (PUB_LABELS_STRONG, DATE)))
PUB_WEAK_RE = re.compile(zh(r"(?<![\u4e00-\u9fff])(?:%s)\s*[:：]\s*%s" % (PUB_LABELS_WEAK, DATE)), re.M)
# 来源：XX局 on the info line: the value ends at the next info label or separator
SOURCE_RE = re.compile(zh(r"(?<![\u4e00-\u9fff])(?:来源|信息来源|文章来源|稿件来源|发布来源)\s*[:：]\s*(.{2,60}?)"
                            r"(?=\s*(?:%s)\s*[:：]|[\s|\t【】]|$)" % INFO_LABELS), re.M)

# ---------------------------------------------------------------------------
# attachments, titles, dates

# a block that opens with 附件： lists the article's files (read before chrome removal)
ATTACH_HEAD = re.compile(zh(r"^\s*(?:相关)?附件(?:下载)?\s*[:：]?"))
# a heading that is nothing but the attachment label (附件下载： / 附件： / 相关附件)
ATTACH_HEAD_ONLY = re.compile(zh(r"^(?:相关)?附件(?:下载|列表)?[:：]?$"))
# a character every such heading holds (the same in Traditional): text without it is never one
ATTACH_HEAD_CHAR = "附"
# a line that is nothing but a date (and time): the info line's remains above the body
DATE_ONLY_LINE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
# page_meta keys that carry the page's title; metadata tries them in this order
# (pipelines.classify.TITLE_KEYS puts 名称 before h1: see that module)
TITLE_KEYS = ("ArticleTitle", "h1", "名称", "title")
# how a <title> joins the article title and the site name (标题 - XX市人民政府)
TITLE_SEPARATORS = re.compile(r"\s*[-_|—–]+\s*")
# words only a report's title line holds (a PDF/DOCX's first line is its title if it has one)
FILE_TITLE_WORDS = re.compile(zh(r"报告|年报|统计表"))
# a first line with sentence punctuation is prose, not a title
SENTENCE_PUNCTUATION = re.compile(r"[。；;]")
# a first line numbered like a section (一、 / （一）) is the report's first heading
SECTION_NUMBER = re.compile(r"^[一二三四五六七八九十]+、|^[（(]")

# ---------------------------------------------------------------------------
# widget markup: what a page's furniture is built of, whatever its words say
# (read by pipelines/clean/widgets.py; judged on tags, attributes and styles, never on class names)

# inline styles that pin a block to the window: floating assistants, chat buttons, back-to-top
FLOATING_STYLE = re.compile(r"position\s*:\s*(?:fixed|sticky)", re.I)
# hrefs that run a script or go nowhere: buttons dressed as links (print, close, font size, share, read aloud)
ACTION_HREF = re.compile(r"^\s*(?:javascript:|#\s*$|$)", re.I)
# attributes that make any element a button
ACTION_ATTRS = ("onclick", "ontouchstart", "onmousedown")
ACTION_ROLES = ("button", "menuitem", "tab", "switch", "checkbox", "dialog", "alertdialog", "tooltip")
# form controls and embedded frames: a report's text holds none
CONTROL_TAGS = ("input", "button", "select", "textarea", "form")
FRAME_TAGS = ("iframe", "object", "embed", "frame")
# elements that are an icon when they hold no text (an image link, an icon font glyph)
ICON_TAGS = ("a", "i", "em", "svg")
# a picture at least this wide or tall is a picture of content (a scanned table, a chart), not an icon
CONTENT_IMAGE_PX = 300
# sentence ends: a block with running sentences is prose, never furniture
SENTENCE_END = re.compile(r"[。]")
# what separates the steps of a breadcrumb trail (首页 > 信息公开 > 年报)
TRAIL_SEP = re.compile(r"[>»›→/|＞]|&gt;")
# a trail printed without links: three or more short steps between separators, each step
# holding a word (2023/1/20 is a date, not a trail)
TRAIL_TEXT = re.compile(r"^\S{0,12}[:：]?\s*(?:[^\s>»›→/|＞]*[\u4e00-\u9fff][^\s>»›→/|＞]{0,15}\s*[>»›→/|＞]\s*){2,}"
                        r"[^\s>»›→/|＞]*[\u4e00-\u9fff][^\s>»›→/|＞]{0,15}$")
# a link that carries a part of the report (an attachment, an appended table page)
ATTACHED_LINK = re.compile(zh(r"^\s*(?:相关)?附(?:件|表|录)"))
# what only a site footer prints (the filing number, the site code, the copyright line, who runs the site):
# a block holding one, off the content and with no sentence, is the footer whatever else it says
FOOTER_MARK = re.compile(zh(r"ICP备|公网安备|网站(?:标识|识别)(?:码|号)|版权所有|Copyright|©|(?:主办|承办|技术支持|运维)(?:单位)?\s*[:：]"),
                         re.I)
# a button printed as a bracketed word or two (【收藏本文】【打印】)
TEXT_BUTTON = re.compile(r"【[^【】]{1,8}】|\[[^\[\]]{1,8}\]")
# pictures: a photo, a drawn QR code, a vector icon
PICTURE_TAGS = ("img", "canvas", "svg", "picture")
