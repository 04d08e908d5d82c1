"""HTML -> clean report text, structured tables and page metadata.

How a Chinese government article page is built, whatever the CMS (TRS, Hanweb jcms,
大汉, the 集约化 platforms): a header with accessibility / elder-mode switches and a
search box, a navigation bar, a breadcrumb (当前位置), often a metadata table
(索引号 / 发布机构 / 生成日期 / 文号 / 名称), the title, an info line (发布时间 / 来源 /
浏览次数 / 【字体：大 中 小】), widgets (语音播报, 分享到, 扫一扫在手机打开当前页),
the article, print / close links, related links and a footer (主办单位, 网站标识码,
ICP备, 公网安备 ...).

So cleaning is:
1. read page_meta from the whole page (meta tags, the metadata table, the info line);
2. drop non-content nodes and *chrome blocks*: blocks whose text is made of chrome
   phrases (judged on text, ARIA roles and structure, never on class names); a chrome
   phrase inside a report sentence leaves the sentence alone;
3. let trafilatura find the main content and map its text back onto the page tree
   to pick the content container;
4. serialise that container ourselves: one line per paragraph / heading, one line per
   table row with cells tab-separated as published (no span expansion), and keep the
   tables with their spans.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, unquote

import lxml.etree
import lxml.html

from core.formats import decode_html, header
from core.items import is_document
from core.script import converter

logger = logging.getLogger(__name__)


def _s2t():

    return converter("s2t")


def _zh(pattern: str) -> str:
    """Let a regex written in Simplified Chinese also match Traditional pages:
    every Han character becomes a class with its Traditional form (发 -> [发發])."""
    s2t = _s2t()
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


@dataclass
class CleanResult:
    text: str = ""
    tables: list = field(default_factory=list)
    page_meta: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------
# tree helpers

_DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
              "select", "option", "input", "button", "textarea", "audio", "video", "map", "area", "link",
              "meta", "head"}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "ul", "ol",
               "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
               "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "center", "form", "fieldset",
               "address", "figure", "figcaption", "hr", "body", "html", "details", "summary", "menu"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CELL_TAGS = {"td", "th"}
_WS = re.compile(r"\s+")
MAX_HINT_HTML = 1_500_000
FILE_EXTS = ("pdf", "doc", "docx", "xls", "xlsx", "wps", "et")


def _tag(el) -> str:
    t = el.tag
    return t.lower() if isinstance(t, str) else ""


def _norm(s: str) -> str:
    return _WS.sub(" ", s or "").strip()


def _squash(s: str) -> str:
    """Text with all whitespace removed: how two renderings of one text compare."""
    return _WS.sub("", s or "")


def _cjk_edge(a: str, b: str) -> bool:
    return bool(a and b) and (ord(a[-1]) > 0x2e80 or ord(b[0]) > 0x2e80)


def _join_pieces(pieces: list[str]) -> str:
    out = ""
    for p in pieces:
        p = p.strip()
        if not p:
            continue
        out = p if not out else out + ("" if _cjk_edge(out, p) else " ") + p
    return out


def _remove(el) -> None:
    """Remove an element but keep its tail text (which belongs to the parent)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


# ---------------------------------------------------------------------------
# serialisation: lines and tables

class _Renderer:
    """Walks a subtree and produces lines (paragraphs, headings, table rows) and the
    tables it met, in document order."""

    def __init__(self):
        self.lines: list[str] = []
        self.tables: list[list] = []
        self.buf: list[str] = []

    def flush(self):
        line = _norm("".join(self.buf))
        if line:
            self.lines.append(line)
        self.buf = []

    def walk(self, el):
        tag = _tag(el)
        if not tag or tag in _DROP_TAGS:
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table" and not is_layout_table(el):
            self.flush()
            self.table(el)
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.buf.append(child.tail)
        if block:
            self.flush()

    def table(self, table):
        rows = []
        caption = None
        for child in table:
            if _tag(child) == "caption":
                caption = child
        if caption is not None:
            sub = _Renderer()
            sub.walk(caption)
            self.lines.extend(sub.lines)
        # text that sits in the table but outside any cell (broken markup, a note
        # typed between rows): a browser shows it before the table, so do we
        self.lines.extend(_stray_lines(table))
        for tr in _table_rows(table):
            row = []
            for cell in tr:
                if _tag(cell) not in _CELL_TAGS:
                    continue
                row.append({"text": _cell_text(cell), "rowspan": _span(cell, "rowspan"),
                            "colspan": _span(cell, "colspan")})
            if row:
                rows.append(row)
        if rows:
            self.tables.append(rows)
            for row in rows:
                if any(c["text"] for c in row):
                    self.lines.append("\t".join(c["text"] for c in row))


_LAYOUT_INSIDE = {"table", "h1", "h2", "h3", "form", "iframe", "ul", "ol", "dl", "frameset", "nav", "header", "footer"}


def is_layout_table(table) -> bool:
    """A table used to lay the page out rather than to hold data: it nests tables,
    headings, lists or forms, or a cell holds a whole article.  Its rows and cells
    are then blocks like divs (data tables never hold such things in the reports)."""
    cached = table.get("data-nb-layout")
    if cached is not None:
        return cached == "1"
    layout = False
    for el in table.iterdescendants():
        if _tag(el) in _LAYOUT_INSIDE:
            layout = True
            break
    if not layout:
        for tr in _table_rows(table):
            for cell in tr:
                if _tag(cell) in _CELL_TAGS and len(_squash(cell.text_content())) > 400:
                    layout = True
                    break
            if layout:
                break
    table.set("data-nb-layout", "1" if layout else "0")
    return layout


def _table_rows(table):
    """The rows of this table (not of tables nested in its cells)."""
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            for tr in child:
                if _tag(tr) == "tr":
                    yield tr


_TABLE_PARTS = {"thead", "tbody", "tfoot"}
# does a table hold anything outside its cells? (one C-level query: tables are many)
_HAS_STRAY = lxml.etree.XPath(
    "boolean(text()[normalize-space()] | (thead|tbody|tfoot|tr)/text()[normalize-space()]"
    " | (thead|tbody|tfoot)/tr/text()[normalize-space()]"
    " | *[not(self::thead or self::tbody or self::tfoot or self::tr or self::caption or self::col"
    " or self::colgroup)] | (thead|tbody|tfoot)/*[not(self::tr)]"
    " | (tr|thead/tr|tbody/tr|tfoot/tr)/*[not(self::td or self::th)])")


def _stray_lines(table) -> list[str]:
    """Lines of the text a data table holds outside its cells: its own text and
    tails, elements that are not rows/cells (a <p> between rows), at table, section
    and row level."""
    if not _HAS_STRAY(table):
        return []
    sub = _Renderer()

    def text(s):
        if s and s.strip():
            sub.flush()
            sub.buf.append(s)
            sub.flush()

    def visit(container, level):
        text(container.text)
        for child in container:
            tag = _tag(child)
            if level == "table" and tag in _TABLE_PARTS:
                visit(child, "section")
            elif level in ("table", "section") and tag == "tr":
                visit(child, "row")
            elif level == "row" and tag in _CELL_TAGS:
                pass
            elif tag and tag not in ("caption", "col", "colgroup"):
                sub.walk(child)
                sub.flush()
            text(child.tail)

    visit(table, "table")
    sub.flush()
    return sub.lines


def _span(cell, name) -> int:
    try:
        return max(1, min(int(str(cell.get(name, "1")).strip() or 1), 1000))
    except ValueError:
        return 1


def _cell_text(cell) -> str:
    """A cell's text on one line: its paragraphs joined (no space between CJK
    pieces), a table nested in it flattened."""
    sub = _Renderer()
    if cell.text:
        sub.buf.append(cell.text)
    for child in cell:
        sub.walk(child)
        if child.tail:
            sub.buf.append(child.tail)
    sub.flush()
    pieces = []
    for line in sub.lines:
        pieces.extend(line.split("\t"))
    return _join_pieces(pieces)


def render(el) -> tuple[list[str], list]:
    r = _Renderer()
    r.walk(el)
    r.flush()
    return r.lines, r.tables


# ---------------------------------------------------------------------------
# chrome: phrases and blocks

# A label with its value, e.g. 发布时间：2020-01-19 / 来源：XX局 / 浏览次数：123
_INFO_LABELS = (r"发布时间|发布日期|发表时间|公开日期|更新时间|成文日期|发文日期|日期|时间|来源|信息来源|文章来源|稿件来源|"
                r"发布来源|发布机构|发布单位|作者|责任编辑|编辑|供稿|撰稿|审核|校对|浏览次数|阅读次数|访问次数|点击数|点击量|"
                r"点击次数|访问量|浏览量|阅读量|字号|字体|信息提供")
# Strong chrome phrases: on their own they make a block chrome.
_STRONG = [
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
    r"(?<![\u4e00-\u9fff])(?:" + _INFO_LABELS + r")\s*[:：]\s*(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?|[^\s|【】\t]{0,40})",
    r"上一篇\s*[:：]?.*", r"下一篇\s*[:：]?.*", r"今天是\s*\S{0,16}\s*星期[一二三四五六日天]", r"星期[一二三四五六日天]",
    r"相关(?:链接|文章|阅读|新闻|信息|文件|稿件|内容)", r"(?:推荐|延伸|热点|热门)(?:阅读|文章|推荐|新闻)",
]
# Weak phrases: chrome only when they are link/button text or stand with other chrome.
_WEAK = [r"网站地图", r"联系我们", r"打印本页", r"打印", r"关闭窗口", r"关闭", r"收藏本页", r"收藏", r"切换",
         r"返回顶部", r"设为首页", r"加入收藏", r"繁體", r"简体", r"繁体", r"English", r"登录", r"注册", r"搜索",
         r"高级搜索", r"热门搜索\s*[:：]?", r"首页", r"使用帮助", r"意见建议", r"纠错", r"网上调查", r"中国政府网",
         r"字号\s*[:：]?\s*大\s*中\s*小", r"[大中小]", r"上一页", r"下一页", r"尾页", r"末页", r"共\s*\d+\s*页",
         r"第\s*\d+\s*页", r"党政机关", r"政府网站找错", r"我要纠错", r"微信", r"微博", r"QQ空间", r"QQ", r"朋友圈",
         r"新浪", r"腾讯", r"复制链接", r"手机版", r"移动版", r"点击率", r"辅助工具", r"读屏"]
# Contact lines: chrome in a footer (beside a strong phrase), but a report may print
# its own contact address, so on their own they are not.
_FOOTER = [r"(?:通讯|联系|通信)?地址\s*[:：]\s*[^\s|]*", r"(?:联系|咨询|值班|办公)?电话\s*[:：]\s*[\d\-—()（）\s、,，]*",
           r"传真\s*[:：]\s*[\d\-—()（）\s]*", r"(?:邮编|邮政编码)\s*[:：]\s*\d*",
           r"(?:电子邮箱|电子信箱|邮箱|E-?mail)\s*[:：]\s*[\w.\-@]*", r"All\s+Rights\s+Reserved\.?"]
_FOOTER_RE = re.compile(_zh("|".join("(?:%s)" % p for p in _FOOTER)), re.I)
_STRONG_RE = re.compile(_zh("|".join("(?:%s)" % p for p in _STRONG)))
_WEAK_RE = re.compile(_zh("|".join("(?:%s)" % p for p in _WEAK)))
# what is left of a chrome block once its phrases are gone: separators, digits, dates
_RESIDUE = re.compile(r"[\s\d|/\\>»›<«‹·•\-—–_:：;；,，.。、()（）\[\]【】{}<>\"'“”‘’!！?？*#@&=+~]+")
_RELATED_HEAD = re.compile(_zh(r"^(?:相关(?:链接|文章|阅读|新闻|信息|文件|稿件|内容|附件)?|推荐阅读|延伸阅读|热点推荐|热门文章|最新文章|"
                           r"猜你喜欢|上一篇|下一篇|其他(?:年度|年份)?报告|往年报告)"))

# metadata-table labels (索引号 etc.): a block holding several is a metadata block
_META_LABELS = ["索引号", "发布机构", "生成日期", "文号", "名称", "主题分类", "公开方式", "公开范围", "发文日期",
                "成文日期", "发布日期", "有效性", "信息分类", "所属机构", "组配分类", "体裁分类", "关键词", "发文机关",
                "发文字号", "公开时限", "主题词", "信息来源", "内容概述", "标题", "效力状态", "公文种类", "信息名称",
                "发布单位", "统一编号", "实施日期", "废止日期", "文件编号", "公开形式", "责任部门", "所属主题",
                "服务对象", "产生日期", "登记号", "时效"]


def _label_re(label: str) -> str:
    return _zh(r"\s*".join(re.escape(ch) for ch in label))


_META_LABEL_RE = re.compile(r"(?:^|(?<=[\s|]))(?:%s)\s*[:：]" % "|".join(_label_re(l) for l in _META_LABELS), re.M)
_META_PAIR_RE = re.compile(r"(?:^|(?<=[\s|]))(?:%s)\s*[:：]?[ \t]*[^\t\n]*" % "|".join(_label_re(l) for l in _META_LABELS), re.M)
_META_LABEL_CELL_RE = re.compile(r"^(?:%s)\s*[:：]?$" % "|".join(_label_re(l) for l in _META_LABELS))


def _link_text_len(el) -> int:
    n = 0
    for a in el.iter("a"):
        n += len(_squash(a.text_content()))
    return n


def _strip_chrome_phrases(text: str, weak: bool) -> str:
    strong = bool(_STRONG_RE.search(text))
    text = _STRONG_RE.sub(" ", text)
    if strong:
        text = _FOOTER_RE.sub(" ", text)
    if weak:
        text = _WEAK_RE.sub(" ", text)
    return _RESIDUE.sub("", text)


def _is_metadata_block(lines: list[str]) -> bool:
    text = "\n".join(lines)
    labels = len(_META_LABEL_RE.findall(text))
    cells = sum(1 for l in lines for c in l.split("\t") if _META_LABEL_CELL_RE.match(c.strip()))
    return labels + cells >= 3


def _chrome_kind(el) -> str | None:
    """Why this element is page chrome, or None.

    Judged on the element's text: a block is chrome when, with the chrome phrases
    taken out, (next to) nothing is left.  Weak phrases (网站地图, 打印, 关闭 ...) are
    common words, so they only count as link text or beside other chrome."""
    raw = el.text_content()
    sq = _squash(raw)
    if not sq:
        return None
    if len(sq) > 1500:
        return None
    role = (el.get("role") or "").lower()
    if role in ("navigation", "banner", "contentinfo", "search", "menubar", "toolbar") and len(sq) < 600:
        return "role:" + role
    # running prose is never chrome: chrome blocks are labels, links and names
    if sq.count("。") >= 2 or ("。" in sq and len(sq) > 120):
        return None
    lines, _ = render(el)
    text = "\n".join(lines)
    if _is_metadata_block(lines):
        # the metadata table (its values were read into page_meta already): nothing
        # but label：value pairs
        residual = _squash(_META_PAIR_RE.sub(" ", text))
        if len(residual) <= max(20, len(sq) // 7):
            return "metadata"
    link_len = _link_text_len(el)
    density = link_len / max(len(sq), 1)
    first = _norm(lines[0]) if lines else ""
    if density >= 0.5 and _RELATED_HEAD.match(first) and len(lines) >= 2:
        return "related"
    if len(sq) > 600:
        return None
    strong = bool(_STRONG_RE.search(text))
    weak_hits = len(_WEAK_RE.findall(text))
    # non-link text decides for link-heavy blocks (a footer's links are chrome words
    # and names of other sites)
    nonlink = text
    if density >= 0.5 and (strong or weak_hits):
        nonlink = _nonlink_text(el)
    residual = _strip_chrome_phrases(nonlink, weak=strong or weak_hits >= 2 or density >= 0.5)
    if (strong or weak_hits) and len(residual) <= max(2, len(sq) // 10):
        return "chrome"
    # a menu: several short links and (nearly) nothing else
    anchors = [a for a in el.iter("a") if _squash(a.text_content())]
    if len(anchors) >= 4 and density >= 0.7 and not any(
            _attachment_ext(a.get("href") or "", a.text_content()) for a in anchors):
        mean = link_len / len(anchors)
        if mean <= 10:
            return "menu"
    return None


def _nonlink_text(el) -> str:
    parts = []

    def walk(e):
        if _tag(e) == "a":
            return
        if e.text:
            parts.append(e.text)
        for c in e:
            if _tag(c) not in _DROP_TAGS:
                walk(c)
            if c.tail:
                parts.append(c.tail)
    walk(el)
    return " ".join(parts)


def _standalone(el) -> bool:
    """An inline element is only judged as a block when it does not sit inside a
    sentence: no text right before or after it."""
    if _tag(el) in _BLOCK_TAGS:
        return True
    if el.tail and el.tail.strip():
        return False
    prev = el.getprevious()
    before = prev.tail if prev is not None else (el.getparent().text if el.getparent() is not None else "")
    return not (before and before.strip())


def remove_chrome(root, keep=None) -> list[str]:
    """Remove chrome blocks under root (top-down: a removed block is not descended
    into).  Returns the kinds removed, for debugging."""
    removed = []
    stack = [root]
    while stack:
        el = stack.pop()
        for child in list(el):
            tag = _tag(child)
            if not tag:
                continue
            if tag in _DROP_TAGS:
                _remove(child)
                continue
            if keep is not None and child is keep:
                stack.append(child)
                continue
            hidden = _hidden(child)
            if hidden:
                _remove(child)
                removed.append(hidden)
                continue
            kind = _chrome_kind(child) if _standalone(child) else None
            if kind:
                _remove(child)
                removed.append(kind)
            elif tag == "table" and not is_layout_table(child):
                continue    # a data table is judged whole, never cell by cell
            else:
                stack.append(child)
    return removed


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _hidden(el) -> str | None:
    """Hidden widgets (aria-hidden, display:none) are not what a reader sees; a large
    hidden block is kept, since some CMSs hide the body until a script runs."""
    if (el.get("aria-hidden") or "").lower() == "true" or el.get("hidden") is not None \
            or _HIDDEN_STYLE.search(el.get("style") or ""):
        if len(_squash(el.text_content())) < 300:
            return "hidden"
    tag = _tag(el)
    if tag in ("nav", "aside") and len(_squash(el.text_content())) < 1500:
        return tag
    if tag == "form" and len(_squash(el.text_content())) < 200:
        return "form"
    return None


# ---------------------------------------------------------------------------
# page metadata

_META_NAMES = {"articletitle": "ArticleTitle", "pubdate": "PubDate", "contentsource": "ContentSource",
               "sitename": "SiteName", "columnname": "ColumnName",
               # templates that print a generic <title> (the site name) carry the article's own
               # title in <meta name="title"> or the Open Graph / Dublin Core title
               "title": "ArticleTitle", "og:title": "ArticleTitle", "dc.title": "ArticleTitle"}
_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
_PUB_LABELS_STRONG = r"发布时间|发布日期|发表时间|公开日期|发文日期|上传时间|发稿时间|添加时间"
_PUB_LABELS_WEAK = r"日期|时间|更新时间"
_PUB_STRONG_RE = re.compile(_zh(r"(?:%s)\s*[:：]\s*%s" % (_PUB_LABELS_STRONG, _DATE)))
_PUB_WEAK_RE = re.compile(_zh(r"(?<![\u4e00-\u9fff])(?:%s)\s*[:：]\s*%s" % (_PUB_LABELS_WEAK, _DATE)), re.M)
_SOURCE_RE = re.compile(_zh(r"(?<![\u4e00-\u9fff])(?:来源|信息来源|文章来源|稿件来源|发布来源)\s*[:：]\s*(.{2,60}?)"
                            r"(?=\s*(?:%s)\s*[:：]|[\s|\t【】]|$)" % _INFO_LABELS), re.M)
_FIELD_KEYS = {"索引号": ["索引号"], "发布机构": ["发布机构", "发文机关", "发布单位", "所属机构"],
               "生成日期": ["生成日期", "成文日期", "产生日期"], "文号": ["文号", "发文字号", "文件编号"],
               "名称": ["名称", "信息名称", "标题"]}


def to_iso_date(y, m, d) -> str | None:
    try:
        y, m, d = int(y), int(m), int(d)
    except (TypeError, ValueError):
        return None
    if not (1990 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    return "%04d-%02d-%02d" % (y, m, d)


def parse_date(s: str | None) -> str | None:
    m = re.search(_DATE, s or "")
    return to_iso_date(*m.groups()) if m else None


_ALL_LABELS = "|".join(_label_re(l) for l in _META_LABELS)
_FIELD_RES = {key: [re.compile(r"(?:^|(?<=[\s|]))%s\s*[:：]?[ \t]*(.*?)(?=\t|\n|$|\s*(?:%s)\s*[:：])"
                               % (_label_re(label), _ALL_LABELS), re.M) for label in labels]
              for key, labels in _FIELD_KEYS.items()}


def _field_values(text: str) -> dict:
    """索引号 / 发布机构 / ... values from label：value text, in a table (label and
    value in neighbouring cells) or inline."""
    out = {}
    for key, regexes in _FIELD_RES.items():
        for rx in regexes:
            for m in rx.finditer(text):
                # a bare label cell needs its colon or a tab after it
                whole = m.group(0)
                if not re.search(r"[:：]", whole) and "\t" not in text[m.start():m.end() + 1]:
                    continue
                v = _norm(m.group(1))
                if v and not _META_LABEL_CELL_RE.match(v):
                    out.setdefault(key, v)
                    break
            if key in out:
                break
    return out


def _title_text(doc) -> str | None:
    t = doc.find(".//title")
    return _norm(t.text_content()) if t is not None else None


def extract_page_meta(doc, lines: list[str]) -> dict:
    meta = {}
    for m in doc.iter("meta"):
        name = (m.get("name") or m.get("property") or "").strip().lower()
        if name in _META_NAMES and m.get("content") is not None:
            v = _norm(m.get("content"))
            if v:
                meta.setdefault(_META_NAMES[name], v)
    title = _title_text(doc)
    if title:
        meta["title"] = title
    text = "\n".join(lines)
    meta.update(_field_values(text))
    h = _pick_heading(doc, meta)
    if h:
        meta["h1"] = h
    pd = None
    m = _PUB_STRONG_RE.search(text)
    if m:
        pd = to_iso_date(*m.groups())
    if not pd and meta.get("PubDate"):
        pd = parse_date(meta["PubDate"])
    if not pd:
        m = _PUB_WEAK_RE.search(text)
        if m:
            pd = to_iso_date(*m.groups())
    if pd:
        meta["publish_date"] = pd
    m = _SOURCE_RE.search(text)
    if m:
        meta["source"] = m.group(1)
    elif meta.get("ContentSource"):
        meta["source"] = meta["ContentSource"]
    return meta


def _pick_heading(doc, meta) -> str | None:
    """The article's heading: the first h1 that is not the site's name, else the
    heading that best matches the page's <title> / ArticleTitle."""
    site = _squash(meta.get("SiteName", ""))
    heads = [(_tag(h), _norm(h.text_content())) for h in doc.iter("h1", "h2", "h3")]
    heads = [(t, x) for t, x in heads if x and len(x) <= 200]
    for t, x in heads:
        if t == "h1" and _squash(x) != site and not (site and _squash(x) in site):
            return x
    wanted = [_squash(meta.get(k, "")) for k in ("ArticleTitle", "名称", "title")]
    for t, x in heads:
        sx = _squash(x)
        if len(sx) >= 6 and any(w and (sx in w or w in sx) for w in wanted):
            return x
    # no heading tag: a block (a td, a div) that holds nothing but the title
    wanted = [w for w in _title_keys({k: meta[k] for k in ("ArticleTitle", "名称", "title") if meta.get(k)})
              if len(w) >= 6]
    if wanted:
        for el in doc.iter("td", "div", "p", "span", "strong", "b", "font"):
            if _squash(el.text_content()) in wanted:
                return _norm(el.text_content())
    return None


def _attachment_ext(href: str, text: str) -> str | None:
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    path = unquote(parts.path).lower()
    m = re.search(r"\.(%s)$" % "|".join(FILE_EXTS), path)
    if m:
        return m.group(1)
    m = re.search(r"\.(%s)(?:$|[&#;])" % "|".join(FILE_EXTS), unquote(parts.query).lower())
    if m:
        return m.group(1)
    m = re.search(r"\.(%s)\s*$" % "|".join(FILE_EXTS), (text or "").lower())
    if m and not re.search(r"\.(s?html?|jsp|aspx?|php)$", path):
        return m.group(1)
    return None


def _attachments(elements, base_url: str) -> list[dict]:
    out, seen = [], set()
    for root in elements:
        for a in root.iter("a"):
            href = (a.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "mailto:", "#")):
                continue
            text = _norm(a.text_content()) or _norm(a.get("title"))
            if not _attachment_ext(href, text):
                continue
            url = urljoin(base_url, href)
            if url in seen:
                continue
            seen.add(url)
            out.append({"url": url, "text": text})
    return out


# ---------------------------------------------------------------------------
# main content

# libxml2 stops building the tree at 256 levels and silently drops the rest of the
# page; pages that open a <font>/<span> per paragraph and never close it (old TRS and
# hand-edited pages) nest that deep.  huge_tree lifts the cap to ~2048 levels, and
# _bound_depth then flattens what is deeper than our own recursive walks can take.
_PARSER = lxml.html.HTMLParser(huge_tree=True)
MAX_INLINE_DEPTH = 48    # inline tags nested deeper are unwrapped (their text stays)
MAX_DEPTH = 160          # any element nested deeper is unwrapped (a block leaves a line break)
_INLINE_TAGS = {"font", "span", "b", "strong", "i", "em", "u", "small", "big", "sup", "sub", "s", "strike",
                "del", "ins", "label", "abbr", "acronym", "cite", "code", "kbd", "q", "samp", "tt", "var",
                "mark", "nobr", "blink", "marquee", "o:p"}
_TOO_DEEP = lxml.etree.XPath("boolean(%s)" % "/".join(["*"] * MAX_INLINE_DEPTH))


def _add_text(target, s) -> None:
    if not s:
        return
    if len(target):
        target[-1].tail = (target[-1].tail or "") + s
    else:
        target.text = (target.text or "") + s


def _bound_depth(root) -> None:
    """Re-nest an over-deep tree in place so no element is deeper than MAX_DEPTH and
    no inline element deeper than MAX_INLINE_DEPTH: such elements are unwrapped (their
    text and children move up, in order; a block leaves a <br> on each side so its
    lines stay apart).  Iterative and O(n): the point is to be safe on hostile trees."""
    children = list(root)
    for c in children:
        root.remove(c)
    # frames: (iterator over an element's detached children, where they go, depth of
    # that target, the unwrapped element whose tail follows them or None)
    frames = [(iter(children), root, 0, None)]
    while frames:
        it, target, depth, unwrapped = frames[-1]
        child = next(it, None)
        if child is None:
            frames.pop()
            if unwrapped is not None:
                if _tag(unwrapped) in _BLOCK_TAGS:
                    target.append(target.makeelement("br", {}))
                _add_text(target, unwrapped.tail)
            continue
        if len(child) == 0 or not isinstance(child.tag, str):
            target.append(child)            # a leaf moves with its text and tail
            continue
        tag = _tag(child)
        kids = list(child)
        for k in kids:
            child.remove(k)
        if depth + 1 > MAX_DEPTH or (depth + 1 > MAX_INLINE_DEPTH and tag in _INLINE_TAGS):
            if tag in _DROP_TAGS:
                _add_text(target, child.tail)   # never unwrap a script/style into text
                continue
            if tag in _BLOCK_TAGS:
                target.append(target.makeelement("br", {}))
            _add_text(target, child.text)
            frames.append((iter(kids), target, depth, child))
        else:
            target.append(child)            # keeps its own text and tail
            frames.append((iter(kids), child, depth + 1, None))


# Characters XML (and so lxml) cannot hold: C0 controls but tab/newline/CR, U+FFFE/F,
# lone surrogates.  Pages pasted from Word carry \x0b (line break) and \x07/\x08
# bytes; lxml parses them but raises as soon as a text holding one is set again
# (_remove moving a tail), so they go before parsing: VT/FF read as a space.
_XML_SPACE = re.compile("[\x0b\x0c]")
_XML_BAD = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _parse(html: str):
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html or "")
    html = _XML_BAD.sub("", _XML_SPACE.sub(" ", html))
    if not html.strip():
        return None
    try:
        doc = lxml.html.document_fromstring(html, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError):
        return None
    if _TOO_DEEP(doc):
        _bound_depth(doc)
    return doc


def _trafilatura_text(doc) -> str:
    try:
        import trafilatura
        xml = trafilatura.extract(lxml.html.tostring(doc, encoding="unicode"), output_format="xml",
                                  include_tables=True, include_comments=False, include_images=False,
                                  favor_recall=True, deduplicate=False, with_metadata=False)
    except Exception:  # trafilatura is a heuristic: its failure only costs the hint
        logger.debug("trafilatura failed", exc_info=True)
        return ""
    if not xml:
        return ""
    try:
        tree = lxml.etree.fromstring(xml.encode("utf-8"))
    except lxml.etree.XMLSyntaxError:
        return ""
    main = tree.find("main")
    return _squash("".join((main if main is not None else tree).itertext()))


def _text_nodes(root):
    """(element, squashed text) for every text and tail string under root."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text and el.text.strip():
            yield el, _squash(el.text)
        if el is not root and el.tail and el.tail.strip():
            parent = el.getparent()
            if parent is not None:
                yield parent, _squash(el.tail)


def _container_from_hint(body, hint: str):
    """The element whose text best matches trafilatura's extract (char F1 of text
    nodes found in the extract)."""
    if len(hint) < 20:
        return None
    matched, total = {}, {}
    for el, t in _text_nodes(body):
        hit = len(t) if t in hint else 0
        node = el
        while node is not None:
            total[node] = total.get(node, 0) + len(t)
            if hit:
                matched[node] = matched.get(node, 0) + hit
            node = node.getparent()
    best, best_f = None, 0.0
    for el, m in matched.items():
        p = m / max(total[el], 1)
        r = min(1.0, m / len(hint))
        f = 2 * p * r / (p + r) if p + r else 0
        if f > best_f + 1e-9:
            best, best_f = el, f
    return best if best_f >= 0.5 else None


def _container_by_density(body):
    """Fallback: the block holding the most non-link text in paragraphs and cells."""
    score = {}
    for el in body.iter("p", "td", "div", "li", "span", "font", "th", "section", "article"):
        own = _squash((el.text or "") + "".join((c.tail or "") for c in el))
        if len(own) < 10:
            continue
        node = el.getparent()
        weight = len(own)
        depth = 0
        while node is not None and depth < 3:
            score[node] = score.get(node, 0) + weight / (1 + depth)
            node = node.getparent()
            depth += 1
    if not score:
        return body
    return max(score, key=score.get)


def _title_keys(meta: dict) -> set[str]:
    keys = set()
    for k in ("ArticleTitle", "h1", "名称", "title"):
        v = meta.get(k)
        if not v:
            continue
        keys.add(_squash(v))
        if k == "title":
            for piece in re.split(r"\s*[-_|—–]+\s*", v):
                if len(_squash(piece)) >= 6:
                    keys.add(_squash(piece))
    return {k for k in keys if k}


_ATTACH_HEAD = re.compile(_zh(r"^\s*(?:相关)?附件(?:下载)?\s*[:：]?"))
# a heading that is nothing but the attachment label (附件下载： / 附件： / 相关附件)
_ATTACH_HEAD_ONLY = re.compile(_zh(r"^(?:相关)?附件(?:下载|列表)?[:：]?$"))
# what counts as something under such a heading even without text: a link, a picture, a table
_CONTENT_TAGS = ("a", "img", "table", "iframe", "embed", "object")


def _content_after(el, container) -> bool:
    """Is there anything (text, a link, a picture, a table) after el in document order
    inside container?"""
    node = el
    while node is not None and node is not container:
        if node.tail and node.tail.strip():
            return True
        for sib in node.itersiblings():
            if isinstance(sib.tag, str) and (_squash(sib.text_content()) or _tag(sib) in _CONTENT_TAGS
                                             or next(sib.iter(*_CONTENT_TAGS), None) is not None):
                return True
            if sib.tail and sib.tail.strip():
                return True
        node = node.getparent()
    return False


def _drop_empty_attachment_heads(container) -> int:
    """Remove attachment headings with nothing under them. Templates print the
    「附件下载：」 block on every article and leave its list empty when the article
    has no files; the lone label is page furniture, not report text. A heading
    followed by anything (file links, an attachment's title or table) stays."""
    dropped = 0
    stack = [container]
    while stack:
        el = stack.pop()
        for child in list(el):
            if not isinstance(child.tag, str):
                continue
            sq = _squash(child.text_content())
            if not sq:
                continue
            if _ATTACH_HEAD_ONLY.match(sq) and next(child.iter("a"), None) is None:
                if not _content_after(child, container):
                    _remove(child)
                    dropped += 1
                continue
            stack.append(child)
    return dropped
_DATE_LINE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


def _trim_leading(lines: list[str], title_keys: set[str], title_budget: int) -> list[str]:
    """Drop the page's title line (at most title_budget of them) and date-only lines
    before the first line of the body.  The template prints the title once; a
    second copy is the report's own first line and stays."""
    out = list(lines)
    while out:
        sq = _squash(out[0])
        if title_budget > 0 and sq in title_keys:
            out.pop(0)
            title_budget -= 1
            continue
        if _DATE_LINE.match(out[0].strip()):
            out.pop(0)
            continue
        break
    return out


def _title_shown_outside(body, container, title_keys: set[str]) -> bool:
    """Whether the page shows the title outside the content container (the
    template's title line); then a title line inside the content is the report's."""
    inside = set(container.iter())
    for el in body.iter("h1", "h2", "h3", "h4", "div", "td", "p", "span", "strong", "b", "font"):
        if el not in inside and _squash(el.text_content()) in title_keys:
            return True
    return False


def _remove_title_heading(container, title_keys: set[str]) -> int:
    """Remove the article's title heading (its text is in page_meta); 1 if one was."""
    for h in container.iter("h1", "h2", "h3", "h4"):
        if _squash(h.text_content()) in title_keys:
            _remove(h)
            return 1
    return 0


def clean_html(html: str, url: str) -> CleanResult:
    """Clean one article page."""
    doc = _parse(html)
    if doc is None:
        return CleanResult("", [], {})
    # page metadata comes from the whole page, before anything is removed
    for bad in list(doc.iter("script", "style", "noscript", "template")):
        _remove(bad)
    body = doc.find("body")
    if body is None:
        body = doc
    all_lines, _ = render(body)
    meta = extract_page_meta(doc, all_lines)

    attach_blocks = [el for el in body.iter() if isinstance(el.tag, str) and _tag(el) in _BLOCK_TAGS | {"span"}
                     and _ATTACH_HEAD.match(el.text or "")]
    pre_attach = _attachments(attach_blocks, url)

    remove_chrome(body)
    # trafilatura and the hint mapping grow with the page; a page of megabytes (a
    # news dump, a pasted spreadsheet) is left to the density rule
    hint = _trafilatura_text(doc) if len(html) < MAX_HINT_HTML else ""
    container = _container_from_hint(body, hint) if hint else None
    if container is None:
        container = _container_by_density(body)
    title_keys = _title_keys(meta)
    shown = _remove_title_heading(container, title_keys) or _title_shown_outside(body, container, title_keys)
    _drop_empty_attachment_heads(container)
    lines, tables = render(container)
    lines = _trim_leading(lines, title_keys, 0 if shown else 1)
    attachments = _attachments([container], url)
    for a in pre_attach:
        if a["url"] not in {x["url"] for x in attachments}:
            attachments.append(a)
    if attachments:
        meta["attachments"] = attachments
    return CleanResult("\n".join(lines), tables, meta)


def clean_pages(htmls: list[str], url: str) -> CleanResult:
    """Clean an article split over several pages (_1, _2 ...): texts in order; lines
    a continuation page repeats from the first page's head (its title, info line)
    are not repeated; page_meta from the first page."""
    results = [clean_html(h, url) for h in htmls if h]
    if not results:
        return CleanResult("", [], {})
    first = results[0]
    lines = first.text.splitlines()
    tables = list(first.tables)
    meta = dict(first.page_meta)
    head = set(lines[:5]) | _title_keys(meta)
    seen_attach = {a["url"] for a in meta.get("attachments", [])}
    for res in results[1:]:
        more = res.text.splitlines()
        while more and (more[0] in head or _squash(more[0]) in head):
            more.pop(0)
        lines.extend(more)
        tables.extend(res.tables)
        for k, v in res.page_meta.items():
            if k == "attachments":
                for a in v:
                    if a["url"] not in seen_attach:
                        meta.setdefault("attachments", []).append(a)
                        seen_attach.add(a["url"])
            else:
                meta.setdefault(k, v)
    return CleanResult("\n".join(lines), tables, meta)


# ---------------------------------------------------------------------------
# files: the title line

_TITLE_WORDS = re.compile(_zh(r"报告|年报|统计表"))


def split_file_title(text: str) -> tuple[str | None, str]:
    """(title, rest) when a PDF/DOCX text opens with its title line; the title goes
    to page_meta like an HTML page's h1, the body keeps the report itself."""
    lines = (text or "").split("\n", 1)
    first = lines[0].strip()
    if first and len(first) <= 80 and "\t" not in first and not re.search(r"[。；;]", first) \
            and _TITLE_WORDS.search(first) and not re.match(r"^[一二三四五六七八九十]+、|^[（(]", first):
        return first, (lines[1] if len(lines) > 1 else "")
    return None, text or ""


# ---------------------------------------------------------------------------
# the pipeline

class CleanPipeline:
    """html items -> text / tables / page_meta; file items keep the text and tables
    read from the file.  Never raises: a failure is parse_error."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls()

    def process_item(self, item, spider=None):
        if not is_document(item):
            return item
        try:
            self._clean(item)
        except Exception as e:
            logger.exception("clean failed for %s", item.get("url"))
            item["parse_error"] = item.get("parse_error") or "clean failed: %s: %s" % (type(e).__name__, e)
            item.setdefault("text", "")
            item.setdefault("tables", [])
        if item.get("page_meta") is None:
            item["page_meta"] = {}
        return item

    def _clean(self, item) -> None:
        url = item.get("final_url") or item.get("url") or ""
        if item.get("fmt") == "html" and item.get("html") is not None:
            pages = _html_pages(item)
            res = clean_pages(pages, url) if len(pages) > 1 else clean_html(pages[0] if pages else "", url)
            item["text"] = res.text
            item["tables"] = res.tables
            item["page_meta"] = res.page_meta
            return
        meta = dict(item.get("page_meta") or {})
        if item.get("fmt") in ("pdf", "docx") and item.get("text"):
            title, rest = split_file_title(item["text"])
            if title:
                meta.setdefault("h1", title)
                item["text"] = rest
        item["page_meta"] = meta
        item.setdefault("text", item.get("text") or "")
        item.setdefault("tables", item.get("tables") or [])


def _html_pages(item) -> list[str]:
    """Page 1 and its continuation pages as separate documents."""
    parts = None
    try:
        parts = item.get("html_parts")
    except KeyError:
        parts = None
    if parts:
        return list(parts)
    if item.get("parts"):
        pages = []
        body = item.get("body")
        pages.append(decode_html(body, header(item.get("headers"), "content-type"))[0] if body else item["html"])
        for p in item["parts"]:
            if p.get("body"):
                pages.append(decode_html(p["body"], header(p.get("headers"), "content-type"))[0])
        return pages
    return [item["html"]]
