"""Pure functions over portal HTML: decoding, links, link scoring, pagination
(plain, TRS createPageHTML, jcms <datastore>), continuation pages of split
articles, attachment links, list-entry dates and page context.

Nothing here fetches or keeps state: the spider passes bytes/trees in and gets
URLs and scores out, so every rule is testable on a string.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from core.formats import decode_html
from core.text import find_date, squash
from crawler.classify import classify_title, names_report_table, normalize
from crawler.urls import (canonicalize, is_attachment_url, is_http_link, looks_like_article_url,
                          looks_like_list_url, unwrap_viewer)

FOLLOW_THRESHOLD = 4.0  # score_link scores at or above this are followed as navigation


@dataclass
class Link:
    url: str
    text: str = ""
    date: str | None = None      # YYYY-MM-DD printed beside the link in a list
    heading: str | None = None   # heading of the box a generic 「更多」 link belongs to
    source: str = "a"            # a | datastore | frame | option | script | data (endpoint) | json (its records)


# --- decoding -------------------------------------------------------------------------

def parse_html(body: bytes | str, content_type: str | None = None):
    """lxml tree of a page (bytes are decoded with decode_html), or None when empty."""
    text = decode_html(body, content_type)[0] if isinstance(body, bytes) else body
    if not text or not text.strip():
        return None
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        return lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _text(el) -> str:
    try:
        return squash(el.text_content())
    except ValueError:
        return ""


_GENERIC_LINK = re.compile(r"^(更多|more|更多>*|>>|»|更多内容|查看更多|更多信息|详细|详情|进入|点击进入|查看|[+＋]|more>*)$", re.I)


_DATE_TAIL = re.compile(r"[\[【(（]?\s*(19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*[\]】)）]?$")
_JS_STRING = re.compile(r"""(["'])((?:(?!\1).)*[\u4e00-\u9fff](?:(?!\1).)*)\1""")


def _visible_text(el) -> str:
    """Text of an element without its <script>/<style>; when a script writes the text
    (<a><script>var t="…"; document.write(t.substr(0,20))</script></a>, as list templates
    that shorten titles do), the longest Chinese string literal of that script."""
    try:
        text = squash("".join(el.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")))
    except ValueError:
        return ""
    if not text:
        lits = [m.group(2) for sc in el.iter("script") for m in _JS_STRING.finditer(sc.text or "")]
        text = squash(max(lits, key=len)) if lits else ""
    return text


def anchor_text(a) -> str:
    """Visible text of a link; the title attribute when the text is cut (「…年度报…」) or
    missing; an image's alt for image links. A date the template put inside the anchor
    (<a><span>title</span><em>2021-01-25</em></a>) is not part of the title."""
    text = _visible_text(a)
    if len(text) > 12:
        text = _DATE_TAIL.sub("", text).strip()
    title = squash(a.get("title"))
    if not text:
        for img in a.iter("img"):
            text = squash(img.get("alt") or img.get("title"))
            if text:
                break
    if title and (not text or text.endswith(("...", "…", "..")) or (len(title) > len(text) and text.rstrip(".…") in title)):
        return title
    return text


def _heading_for(a) -> str | None:
    """The heading of the box a generic 「更多」 link sits in."""
    for depth, anc in enumerate(a.iterancestors()):
        if depth >= 4 or anc.tag in ("body", "html"):
            break
        for h in anc.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6|.//*[contains(@class,'tit') or contains(@class,'hd')"
                           " or contains(@class,'head') or contains(@class,'name')]"):
            t = _GENERIC_LINK.sub("", _text(h)).strip()
            t = re.sub(r"(更多|more)\s*[>»]*\s*$", "", t, flags=re.I).strip()
            if 2 <= len(t) <= 30:
                return t
    return None


def _nearby_date(a) -> str | None:
    """Date printed beside a list entry: in the entry (li / tr / dd / p, or the cell next
    to the link's cell), outside the anchor; else inside the anchor text."""
    own = _text(a)
    el = a.getparent()
    for _ in range(3):
        if el is None or len(el.xpath(".//a")) > 3:
            break
        rest = _text(el).replace(own, " ", 1) if own else _text(el)
        d = find_date(rest)
        if d:
            return d
        if el.tag in ("li", "tr", "dd", "dl", "p", "ul", "table", "tbody"):
            break
        el = el.getparent()
    return find_date(own)


# --- links ---------------------------------------------------------------------------------
# (quoted addresses may hold spaces: uploaded files keep names such as 「…年度报告 (定稿).PDF」)
_JS_URL = re.compile(r"""(?:location\.href|window\.location|location\.replace|window\.open|location)\s*[=(]\s*['"]([^'"\s][^'"\r\n]*?)\s*['"]""")
# 集约化 list templates fill their column in the browser: $.getJSON("/api/articles?channelId=12"),
# $.ajax({url: "…"}), fetch('/gkml/list.json'), axios.get('…'). The first quoted argument of such a
# call (or any quoted address ending in .json) names the data the list is made of.
_JS_DATA_URL = re.compile(
    r"""(?:\$\.(?:getJSON|get|post|ajax)|\bfetch|\baxios(?:\.get|\.post)?|\burl)\s*[(:]\s*\{?\s*['"]"""
    r"""((?:https?://|/|\.\.?/)?[^'"\s<>()]+)['"]|['"]((?:https?://|/|\.\.?/)?[^'"\s<>()]+\.json(?:\?[^'"\s<>]*)?)['"]""")
_NOT_DATA = re.compile(r"\.(?:png|jpe?g|gif|svg|ico|webp|css|js|woff2?|ttf|mp4|mp3)$", re.I)
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
# Old CMS list templates wrap every address in a site helper — href="javascript:openWin('…')",
# javascript:downloadFile('/u/x.PDF'), onclick="showDetail('../../2022/0125/1.html')": a call whose
# first quoted argument has the shape of an address (a path, or a file name with a web/office
# extension) is a link. Numeric or bare-word arguments (goPage(2), share('weibo')) are not.
_JS_CALL_URL = re.compile(
    r"""[A-Za-z_$][\w$.]*\s*\(\s*['"]((?:https?://|/|\.\.?/)[^'"\r\n]*?|[^'"\s/:]+/[^'"\s]+"""
    r"""|[^'"\s/:]+\.(?:s?html?|jsp|aspx?|php|do|pdf|docx?|xlsx?|wps|et|ofd|zip|rar))['"]""", re.I)


def _base(root, page_url: str) -> str:
    b = root.xpath("//base/@href")
    return urljoin(page_url, b[0].strip()) if b else page_url


def _resolve(base: str, href: str) -> str | None:
    href = (href or "").strip().replace("\n", "").replace("\r", "").replace("\t", "")
    if not is_http_link(href):
        return None
    try:
        url = unwrap_viewer(urljoin(base, href))
    except ValueError:
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None


def datastore_records(raw: str) -> list[str]:
    """HTML fragments of the <record> CDATA entries of a jcms <datastore> (list pages
    and dataproxy.jsp answers alike)."""
    return [m.group(1) for m in _RECORD.finditer(raw or "")]


def _fragment_links(html: str, base: str, source: str) -> list[Link]:
    try:
        frag = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    out = []
    for a in frag.iter("a"):
        url = _resolve(base, a.get("href"))
        if url:
            out.append(Link(url, anchor_text(a), _nearby_date(a) or find_date(_text(frag)), None, source))
    return out


def script_href(a) -> str | None:
    """The address a scripted anchor opens: onclick="window.open('…')", href="javascript:
    location.href='…'", or a site helper call such as javascript:openWin('…') (_JS_CALL_URL)."""
    href, onclick = a.get("href") or "", a.get("onclick") or ""
    js = href if href.strip().lower().startswith("javascript:") else ""
    m = _JS_URL.search(onclick) or _JS_URL.search(href) or _JS_CALL_URL.search(onclick) or _JS_CALL_URL.search(js)
    return m.group(1) if m else None


def extract_links(root, page_url: str, raw: str | None = None) -> list[Link]:
    """Every link of a page: anchors (text, title, date beside it, box heading for
    「更多」 links), frames, <option> jump menus, script redirects, jcms datastore records."""
    if root is None:
        return []
    base = _base(root, page_url)
    out: list[Link] = []
    for a in root.iter("a", "area"):
        href = a.get("href")
        if not is_http_link(href):
            href = script_href(a)
        url = _resolve(base, href) if href else None
        if not url:
            continue
        text = anchor_text(a)
        heading = _heading_for(a) if (not text or _GENERIC_LINK.match(text)) else None
        out.append(Link(url, text, _nearby_date(a), heading, "a"))
    # Menus built without anchors: <li onclick="window.location.href='/zwgk/'">, <td onclick=…>,
    # <img onclick="window.open('…')">, <input type="button" value="政务公开" onclick=…>. The
    # element's own text (or its image's alt, or value/title) is the link text; long blocks are
    # not menu items, so their text is left out rather than mislabelling the target.
    for el in root.xpath("//*[@onclick][not(self::a or self::area or self::option or self::select)]"):
        href = script_href(el)
        url = _resolve(base, href) if href else None
        if not url:
            continue
        text = anchor_text(el) if el.tag != "img" else squash(el.get("alt") or el.get("title"))
        text = text or squash(el.get("value") or el.get("title"))
        # (a clickable list row carries its date cell too: anchor_text drops that date)
        out.append(Link(url, text if len(text) <= 40 else "", _nearby_date(el), None, "onclick"))
    for fr in root.iter("iframe", "frame"):
        url = _resolve(base, fr.get("src"))
        if url:
            out.append(Link(url, squash(fr.get("title") or fr.get("name")), None, None, "frame"))
    for opt in root.iter("option"):
        val = (opt.get("value") or "").strip()
        if val.startswith(("http://", "https://", "/", "./", "../")):
            url = _resolve(base, val)
            if url:
                out.append(Link(url, _text(opt), None, None, "option"))
    raw = raw if raw is not None else ""
    for script in root.iter("script"):
        body = script.text or ""
        if "<record>" in body or "CDATA" in body:
            continue
        for m in _JS_URL.finditer(body):
            url = _resolve(base, m.group(1))
            if url:
                out.append(Link(url, "", None, None, "script"))
        # a list filled in the browser from a data endpoint: the endpoint is the list itself
        for m in _JS_DATA_URL.finditer(body):
            url = _resolve(base, m.group(1) or m.group(2))
            # (CSS url('/x.png') and script/style files written by a script are no data)
            if url and not _NOT_DATA.search(urlsplit(url).path):
                out.append(Link(url, "", None, None, "data"))
    for rec in datastore_records(raw):
        out.extend(_fragment_links(rec, base, "datastore"))
    return out


# --- page understanding -----------------------------------------------------------------------
_CRUMB_ATTR = re.compile(r"crumb|position|location|weizhi|dqwz|wz|bread|curpos|current|path|local", re.I)
_CRUMB_TEXT = re.compile(r"(当前位置|您的位置|您当前的位置|你的位置|你当前的位置|所在位置|当前的位置|位置)\s*[:：]")


def breadcrumb(root) -> str:
    """Text of the 「当前位置：首页 > … 」 trail, or ''."""
    if root is None:
        return ""
    for el in root.iter("div", "p", "span", "td", "ul", "ol", "nav"):
        attrs = (el.get("class") or "") + " " + (el.get("id") or "")
        t = _text(el)
        if len(t) > 200 or not t:
            continue
        if _CRUMB_TEXT.search(t[:20]) or (_CRUMB_ATTR.search(attrs) and (">" in t or "›" in t or "»" in t or "首页" in t)):
            return t
    return ""


def page_title(root) -> str | None:
    """Best title of a page: ArticleTitle meta, the first h1, the <title> less the site name."""
    if root is None:
        return None
    for name in ("ArticleTitle", "articletitle", "title", "Title"):
        v = root.xpath("//meta[@name=%r]/@content" % name)
        if v and squash(v[0]):
            return squash(v[0])
    for tag in ("h1", "h2"):
        for h in root.iter(tag):
            t = _text(h)
            if 4 <= len(t) <= 120 and not re.search(r"(门户网站|人民政府网?)$", t):
                return t
    t = root.xpath("//title")
    if t:
        parts = [p for p in re.split(r"\s*(?:_|\||｜|--| - )\s*", _text(t[0])) if p]
        if parts:
            return parts[0]
    return None


def page_date(root, raw: str | None = None) -> str | None:
    """Publish date printed on an article (发布时间/发布日期/生成日期 …) or its PubDate meta."""
    if root is None:
        return None
    for name in ("PubDate", "pubdate", "publishdate", "firstpublishedtime", "others"):
        v = root.xpath("//meta[@name=%r]/@content" % name)
        if v and find_date(v[0]):
            return find_date(v[0])
    body = _text(root.find("body") if root.find("body") is not None else root)
    m = re.search(r"(发布时间|发布日期|生成日期|成文日期|发文日期|公开日期|时间|日期)\s*[:：]?\s*(\S{0,4}\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})", body)
    return find_date(m.group(2)) if m else None


_REPORT_COLUMN = re.compile(r"年报|年度报告|信息公开报告|ndbg|gknb")
_XXGK = re.compile(r"信息公开|政务公开|公开目录|主动公开")


def page_context(root, page_url: str) -> dict:
    """What kind of page links are found on: its title, trail, column name, whether it is
    a report column (年报 / 年度报告 in its trail, title or column name) or inside the
    信息公开 section."""
    title = page_title(root) or ""
    crumb = breadcrumb(root)
    column = ""
    if root is not None:
        v = root.xpath("//meta[@name='ColumnName']/@content")
        column = squash(v[0]) if v else ""
    own = normalize(" ".join([title, crumb, column]))
    title_kind = classify_title(title)[0]
    path = urlsplit(page_url).path.lower()
    # the page's own trail / column name / title names a report column, or its URL does;
    # an article's title naming a report does not make its page a column
    title_col = bool(re.search(r"年报|年度报告", normalize(title))) and title_kind != "report" or title_kind == "report_generic"
    report_col = (bool(_REPORT_COLUMN.search(normalize(crumb + " " + column)))
                  or (title_col and not looks_like_article_url(page_url))
                  or bool(re.search(r"(gknb|ndbg|nianbao|/nb/|xxgknb|bmnb)", path)))
    return {
        "page_url": page_url,
        "title": title,
        "crumb": crumb,
        "column": column,
        "report_column": report_col,
        "xxgk": bool(_XXGK.search(own)) or bool(re.search(r"xxgk|zwgk|gkml", path)),
        "dept_hub": bool(re.search(r"部门|单位|乡镇|街道|镇街", normalize(title + column + crumb[-30:]))),
    }


def page_shape(root, links: list[Link] | None = None, raw: str | None = None) -> str:
    """'list' (a column: dated entries, datastore records, pagination), 'article' (one
    document: long running text), or 'nav' (a hub of links)."""
    if root is None:
        return "nav"
    links = links if links is not None else extract_links(root, "http://x/", raw)
    dated = sum(1 for l in links if l.date)
    if datastore_records(raw or "") or dated >= 5:
        return "list"
    # visible text outside links; script/style text skipped (the tree is not modified)
    nodes = root.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")
    total = sum(len(squash(n)) for n in nodes)
    in_links = sum(len(squash(n)) for n in root.xpath("//body//a//text()[not(ancestor::script)]"))
    if total - in_links >= 300:
        return "article"
    return "list" if dated >= 3 else "nav"


# --- link scoring ---------------------------------------------------------------------------
# Navigation vocabulary of portals, strongest first. Scores are added to URL signals
# and context; FOLLOW_THRESHOLD decides.
_NAV_TERMS = [
    ("信息公开年报", 9), ("信息公开年度报告", 9), ("信息公开工作年度报告", 9), ("公开年报", 8), ("工作年报", 8),
    ("年度报告", 7), ("年报", 7), ("部门信息公开", 6), ("信息公开专栏", 6), ("政府信息公开", 6),
    ("信息公开目录", 5), ("法定主动公开", 5), ("信息公开", 5), ("政务公开", 5), ("主动公开", 4),
    ("公开目录", 4), ("最新公开", 3),
]
# Columns that share words with the report but hold something else.
_VETO = re.compile(r"法治政府|预算|决算|政府工作报告|网站.{0,4}(年度)?报表|解读|图解|企业年报|统计年报|年报公示|工商年报|"
                   r"年度报表|依申请|指南|制度|通知公告|意见征集|征求意见|申请表|监督|规章|规范性文件|人事任免|招考|招聘")
_NEGATIVE = re.compile(r"新闻|动态|要闻|图片|视频|领导|互动|留言|信箱|办事|服务|投诉|招标|采购|调查|征集|english|无障碍|"
                       r"登录|注册|专题|访谈|直播|热点|便民|旅游|招商|走进|概况|地图|联系我们|网站|rss|搜索", re.I)
_URL_STRONG = re.compile(r"(xxgknb|gknb|zfxxgknb|ndbg|nianbao|ndxxgk|gkndbg|xxgkbg|bmnb|(^|/|_)nb($|/|_))")
_URL_XXGK = re.compile(r"(xxgk|zwgk|zfxxgk|gkml|fdzdgk|bmxxgk|govinfo|zfgk|gkzl)")
_URL_NEGATIVE = re.compile(r"(xwzx|xwdt|news|hdjl|zwfw|bsfw|english|video|photo|tpxw|ldhd|zmhd|hudong|interact|wsdc|"
                           r"zxft|rili|search|login|bbs|mail)")
_YEAR_LINK = re.compile(r"^(19|20)\d{2}\s*年?度?(信息公开)?(年报|年度报告|报告)?$")
_DEPT = re.compile(r"(局|委|办|委员会|办公室|中心|院|所|站|队|馆|会|处|厅|部|署|街道|镇|乡|区|县|市|政府|公司|集团|管委会|管理处)$")
_SPLASH = re.compile(r"进入|首页|主页|index", re.I)


def score_link(text: str, url: str, context: dict | None = None) -> tuple[float, str]:
    """How much a link is worth following as navigation towards the reports.

    Link text decides most (政府信息公开 / 政府信息公开年报 / 年度报告 / 部门信息公开 …),
    the URL adds (xxgk, zwgk, gknb, ndbg …), and the page the link sits on adds
    context: inside a report column a year (2019年 / 2020年度) or a department name is a
    sub-column. Columns that merely share words (法治政府建设年度报告, 政府网站年度报表,
    预决算, 解读) are vetoed. Returns (score, reason); follow at FOLLOW_THRESHOLD."""
    ctx = context or {}
    raw_text = text or ""
    if (not raw_text or _GENERIC_LINK.match(raw_text.strip())) and ctx.get("heading"):
        raw_text = ctx["heading"]
    t = normalize(raw_text)
    path = urlsplit(url).path.lower() + ("?" + urlsplit(url).query.lower() if urlsplit(url).query else "")
    reasons = []
    score = 0.0
    if t and _VETO.search(t):
        return 0.0, "vetoed column (%s)" % _VETO.search(t).group(0)
    for term, w in _NAV_TERMS:
        if term in t:
            score, reasons = float(w), ["text %s" % term]
            break
    # articles are fetched as candidates (classify_link) or not at all, never as navigation
    # (a short column name on an article-shaped URL is still a column); a long link text
    # is an article title, not a column name
    splash = ctx.get("depth", 1) == 0 and ctx.get("n_links", 99) <= 5
    if looks_like_article_url(url) and not splash and not (score >= 5 and len(t) <= 12):
        return 0.0, "article URL: not navigation"
    if len(t) > 24 and not looks_like_list_url(url):
        return 0.0, "long text: an article title, not a column"
    if score < 7 and t and _NEGATIVE.search(t):
        return 0.0, "off-topic link (%s)" % _NEGATIVE.search(t).group(0)
    if _URL_NEGATIVE.search(path) and score < 6:
        return 0.0, "off-topic URL"
    if _URL_STRONG.search(path):
        score += 3
        reasons.append("report-column URL")
    elif _URL_XXGK.search(path):
        score += 1.5
        reasons.append("disclosure-section URL")
    if ctx.get("report_column"):
        short = t if len(t) <= 24 else ""
        if short and _YEAR_LINK.match(short):
            score = max(score, 8.0)
            reasons.append("year sub-column of a report column")
        elif short and _DEPT.search(short) and not looks_like_article_url(url):
            score = max(score, 6.0)
            reasons.append("department sub-column of a report column")
        elif looks_like_list_url(url) and _same_branch(url, ctx.get("page_url")):
            score += 2
            reasons.append("list under a report column")
    elif ctx.get("dept_hub") and ctx.get("xxgk"):
        short = t if len(t) <= 24 else ""
        if short and _DEPT.search(short) and not looks_like_article_url(url):
            score = max(score, 4.5)
            reasons.append("department disclosure column")
    if ctx.get("depth", 1) == 0 and re.fullmatch(r"(繁体|繁体版|繁体中文|正体|正体中文|big5)", t, re.I):
        # the Traditional-script mirror of the portal carries the same reports (and copies of them)
        score = max(score, FOLLOW_THRESHOLD + 0.5)
        reasons.append("Traditional-script mirror")
    if ctx.get("depth", 1) == 0 and ctx.get("n_links", 99) <= 5 and (not t or _SPLASH.search(t) or score < FOLLOW_THRESHOLD):
        score = max(score, 5.0)
        reasons.append("splash page entry")
    return score, ", ".join(reasons) or "no signal"


def _same_branch(url: str, page_url: str | None) -> bool:
    if not page_url:
        return False
    a = urlsplit(url).path.rsplit("/", 1)[0]
    b = urlsplit(page_url).path.rsplit("/", 1)[0]
    return a.startswith(b) or b.startswith(a)


# --- pagination -------------------------------------------------------------------------------
_CREATE_PAGE = re.compile(r"createPageHTML\s*\(([^()]*)\)")
_VAR_NUM = re.compile(r"\bvar\s+(\w+)\s*=\s*(\d+)")
_NEXT_TEXT = re.compile(r"^(下一页|下页|后一页|后页|下一頁|next|>|›|»|>>|下一页>|下一页>>)$", re.I)
_LAST_TEXT = re.compile(r"^(尾页|末页|最后一页|最末页|尾頁|last|>>\|)$", re.I)
_PAGE_TEXT = re.compile(r"^(\d{1,3}|\[\d{1,3}\]|第\d{1,3}页)$")
_TOTAL_PAGES = re.compile(r"共\s*(\d{1,4})\s*页")
_PAGE_PARAM = ("page", "pagenum", "pageno", "pageindex", "p", "pn", "curpage", "currentpage", "cpage", "pagenumber")
_NUMBERED_PATH = re.compile(r"^(.*?[_-])(\d{1,4})(\.\w+)$")


def _js_args(argtext: str, raw: str) -> tuple[list[int], list[str]]:
    vars_ = {m.group(1): int(m.group(2)) for m in _VAR_NUM.finditer(raw)}
    ints, strs = [], []
    for arg in (a.strip() for a in argtext.split(",")):
        if re.fullmatch(r"\d+", arg):
            ints.append(int(arg))
        elif re.fullmatch(r"""["'][^"']*["']""", arg):
            strs.append(arg[1:-1])
        elif arg in vars_:
            ints.append(vars_[arg])
    return ints, strs


def trs_pages(raw: str, page_url: str, prefix_filter: str | None = None) -> list[str]:
    """Pages of a TRS list announced only by a script call createPageHTML(N, cur, "index", "html")
    (also the createPageHTML('id', N, cur, 'index', 'html', total) form, with variables):
    index.html, index_1.html … index_{N-1}.html in the page's directory."""
    out = []
    for m in _CREATE_PAGE.finditer(raw or ""):
        ints, strs = _js_args(m.group(1), raw)
        if not ints or len(strs) < 2:
            continue
        count = ints[0]
        prefix, suffix = strs[-2], strs[-1].lstrip(".")
        if prefix_filter is not None and prefix != prefix_filter:
            continue
        for i in range(0, min(count, 500)):
            name = "%s.%s" % (prefix, suffix) if i == 0 else "%s_%d.%s" % (prefix, i, suffix)
            out.append(urljoin(page_url, name))
    return out


def _page_template(url: str):
    """(template, number) when the URL numbers a page: list_3.html, index_2.htm, ?page=3."""
    p = urlsplit(url)
    for k, v in parse_qsl(p.query, keep_blank_values=True):
        if k.lower() in _PAGE_PARAM and v.isdigit():
            def make(n, p=p, k=k):
                q = [(a, str(n) if a == k else b) for a, b in parse_qsl(p.query, keep_blank_values=True)]
                return urlunsplit((p.scheme, p.netloc, p.path, urlencode(q), ""))
            return ("q", p.path, k), int(v), make
    m = _NUMBERED_PATH.match(p.path)
    if m:
        def make(n, p=p, m=m):
            return urlunsplit((p.scheme, p.netloc, "%s%d%s" % (m.group(1), n, m.group(3)), p.query, ""))
        return ("p", m.group(1), m.group(3)), int(m.group(2)), make
    return None


_RECORD_PARAMS = ("startrecord", "endrecord")


def list_page_key(url: str) -> tuple[str, int]:
    """(list, page number) of a list page, so pages of one list are known as such
    whichever way they were reached: index_3.html -> (…/ , 3), list.jsp?page=3 ->
    (…/list.jsp, 3), dataproxy.jsp?startrecord=46&… -> (…/dataproxy.jsp?…, 46); any other
    URL is page 0 of a list of its own (its canonical form)."""
    p = urlsplit(url)
    pairs = parse_qsl(p.query, keep_blank_values=True)
    for k, v in pairs:
        if k.lower() == "startrecord" and v.isdigit():
            rest = [(a, b) for a, b in pairs if a.lower() not in _RECORD_PARAMS]
            return canonicalize(urlunsplit((p.scheme, p.netloc, p.path, urlencode(rest), ""))), int(v)
    for k, v in pairs:
        if k.lower() in _PAGE_PARAM and v.isdigit():
            rest = [(a, b) for a, b in pairs if a != k]
            return canonicalize(urlunsplit((p.scheme, p.netloc, p.path, urlencode(rest), ""))), int(v)
    m = _NUMBERED_PATH.match(p.path)
    # index_3.html, list-3.htm - not a bare 3.htm, nor a year (list_2021.html is that year's column)
    if m and m.group(1)[:-1].rsplit("/", 1)[-1] and not re.fullmatch(r"(19|20)\d\d", m.group(2)):
        first = m.group(1)[:-1] + m.group(3)
        return canonicalize(urlunsplit((p.scheme, p.netloc, first, p.query, ""))), int(m.group(2))
    return canonicalize(url), 0


def list_entries(root, page_url: str, raw: str | None = None) -> set[str]:
    """Canonical URLs a list page links to, its own pager (other pages of the same list)
    left out: what a further page must add for the list to be going anywhere."""
    own = list_page_key(page_url)[0]
    return {c for c in (canonicalize(l.url) for l in extract_links(root, page_url, raw))
            if list_page_key(c)[0] != own}


def jcms_pages(raw: str, page_url: str) -> list[str]:
    """Further record groups of a jcms list. The page embeds the first records in
    <datastore>; the rest come from /module/web/jpage/dataproxy.jsp with startrecord /
    endrecord / perpage - followed as GET on the <nextgroup> URL the page provides.
    Without a nextgroup URL, jcms lists also answer ?uid=UNIT&pageNum=N."""
    records = datastore_records(raw)
    if not records:
        return []
    m = re.search(r"totalRecord\s*[:=]\s*['\"]?(\d+)", raw) or re.search(r"<totalrecord>\s*(\d+)", raw, re.I)
    total = int(m.group(1)) if m else 0
    m = re.search(r"perPage\s*[:=]\s*['\"]?(\d+)", raw) or re.search(r"<perpage>\s*(\d+)", raw, re.I)
    per = int(m.group(1)) if m else max(len(records), 1)
    have = len(records)
    if total <= have:
        return []
    nxt = re.search(r"<nextgroup>\s*<!\[CDATA\[.*?href\s*=\s*['\"]([^'\"]+)['\"]", raw, re.S | re.I)
    out = []
    if nxt:
        base = urljoin(page_url, nxt.group(1).replace("&amp;", "&"))
        group = max(have, per)
        sep = "&" if "?" in base else "?"
        for start in range(have + 1, total + 1, group):
            end = min(start + group - 1, total)
            out.append("%s%sstartrecord=%d&endrecord=%d&perpage=%d" % (base, sep, start, end, per))
        return out
    unit = re.search(r"""\$\(\s*["']#(\w+)["']\s*\)\.jpage""", raw)
    if unit:
        p = urlsplit(page_url)
        for n in range(2, math.ceil(total / per) + 1):
            out.append(urlunsplit((p.scheme, p.netloc, p.path, "uid=%s&pageNum=%d" % (unit.group(1), n), "")))
    return out


# --- pagination built by script (goPage(n), toPage(n), javascript:turnPage(2)) -----------------
# Pagers that only call a page function: the page shows how many pages there are
# (共3页, 第1/3页, 页次：1/3, var countPage = 3, totalPage: 3, createPageHTML(3, …)) and
# its script (or its own URL) shows how the other pages are named.
_PAGE_COUNT_TEXT = [re.compile(r"共\s*(\d{1,4})\s*页"), re.compile(r"第?\s*\d{1,4}\s*/\s*(\d{1,4})\s*页"),
                    re.compile(r"(?:总页数|总页|页数|页次)\s*[:：]?\s*(?:\d{1,4}\s*/\s*)?(\d{1,4})")]
_PAGE_COUNT_VAR = re.compile(r"\b(?:count_?page|page_?count|total_?pages?|page_?total|pages_?count|all_?pages?|max_?page|"
                             r"page_?size_?count|totalpagenum|total_?page_?num)\s*[=:]\s*['\"]?(\d{1,4})\b", re.I)
_PAGE_EXTS = r"(?:s?html?|jsp|php|aspx?|do)"
_LIST_STEM = re.compile(r"^(index|list|lists|default|more|column|page|main|subindex|list_?page)$", re.I)
_PAGE_FUNC = re.compile(r"\b(?:go_?page|to_?page|turn_?page|jump_?page|page_?jump|go_?to_?page|change_?page|"
                        r"page_?turn|show_?page|skip_?page|goto|fy|fanye)\s*\(\s*['\"]?\d", re.I)


def page_count(root, raw: str | None = None) -> int:
    """How many pages the list says it has (0 when it does not say)."""
    raw = raw or ""
    counts = []
    body = root.find("body") if root is not None else None
    text = _text(body) if body is not None else ""
    for rx in _PAGE_COUNT_TEXT:
        counts += [int(m.group(1)) for m in rx.finditer(text)]
    scripts = "\n".join(sc.text or "" for sc in root.iter("script")) if root is not None else raw
    counts += [int(m.group(1)) for m in _PAGE_COUNT_VAR.finditer(scripts)]
    for m in _CREATE_PAGE.finditer(scripts):
        ints, _ = _js_args(m.group(1), scripts)
        if ints:
            counts.append(ints[0])
    counts = [c for c in counts if 1 <= c <= 2000]
    return max(counts) if counts else 0


def _script_text(root) -> str:
    """Inline scripts plus the javascript: of links and their onclick handlers."""
    parts = [sc.text or "" for sc in root.iter("script")]
    for a in root.iter("a", "span", "li", "input", "button", "option", "select", "form"):
        for attr in ("onclick", "href", "onchange", "onsubmit"):
            v = a.get(attr) or ""
            if attr != "href" or v.strip().lower().startswith("javascript:"):
                parts.append(v)
    return "\n".join(parts)


def _js_value(name: str, script: str) -> str | None:
    m = re.search(r"\b%s\s*[=:]\s*['\"]([^'\"<>\s]{1,80})['\"]" % re.escape(name), script)
    return m.group(1) if m else None


def _script_convention(script: str):
    """(stem, ext, first number) the page script builds further pages with, or None:
    pageName + "_" + n + "." + pageExt -> (list, shtml, 2); "index_" + (n - 1) + ".html" ->
    (index, html, 1); a literal 'list_2.shtml' -> (list, shtml, 2)."""
    concat = re.compile(r"""(?:['"]([\w\-./]*?)_['"]|(\w+)\s*\+\s*['"]_['"])\s*\+\s*(\(?\s*\w+\s*(?:-\s*1)?\s*\)?)"""
                        r"""(?:\s*\+\s*(?:['"]\.(\w+)['"]|['"]\.['"]\s*\+\s*(\w+)))?""")
    for m in concat.finditer(script):
        stem = m.group(1) if m.group(1) is not None else _js_value(m.group(2), script)
        if not stem or not re.fullmatch(r"[\w\-./]+", stem):
            continue
        ext = m.group(4) or (_js_value(m.group(5), script) if m.group(5) else None)
        if not ext:  # "." + ext further on, or an ext variable named so
            e = re.search(r"""['"]\.(%s)['"]""" % _PAGE_EXTS, script[m.end():m.end() + 80])
            ext = e.group(1) if e else next((v for v in (_js_value(n, script) for n in (
                "pageExt", "ext", "suffix", "pageSuffix", "fileExt", "extName")) if v), None)
        ext = (ext or "").lstrip(".")
        if not re.fullmatch(_PAGE_EXTS, ext, re.I):
            continue
        return stem, ext, 1 if "-" in m.group(3) else 2
    m = re.search(r"""(?<![\w/])([A-Za-z][\w\-]*)_(\d{1,3})\.(%s)\b""" % _PAGE_EXTS, script)
    if m and _LIST_STEM.match(m.group(1)) and int(m.group(2)) == 2:
        return m.group(1), m.group(3), 2
    return None


def _own_stem(root, page_url: str):
    """(stem, ext) of a list page's own URL when it is a list name (index.html, list_3.shtml,
    default.htm; a directory is its index page with the extension its links use), else None."""
    path = urlsplit(page_url).path
    name = path.rsplit("/", 1)[-1]
    if name:
        m = re.fullmatch(r"(.+?)(?:[_-]\d{1,4})?\.(%s)" % _PAGE_EXTS, name, re.I)
        if m and _LIST_STEM.match(m.group(1)):
            return m.group(1), m.group(2)
        return None
    exts = [m.group(1).lower() for a in root.iter("a")
            for m in [re.search(r"/index\.(%s)$" % _PAGE_EXTS, urlsplit(a.get("href") or "").path, re.I)] if m]
    if not exts:  # no index link: the extension most of the page's links use
        exts = [m.group(1).lower() for a in root.iter("a")
                for m in [re.search(r"\.(s?html?)$", urlsplit(a.get("href") or "").path, re.I)] if m]
    return ("index", max(set(exts), key=exts.count)) if exts else None


def script_pages(root, page_url: str, raw: str | None = None) -> list[str]:
    """Other pages of a list whose pager is script only (onclick="goPage(2)",
    href="javascript:toPage(3)"), from the page count the list shows and the naming its
    script reveals: a page parameter ("?page=" + n), or stem_N.ext ("list_" + n,
    pageName + "_" + n + "." + pageExt; "_" + (n - 1) is the TRS index_1 = page 2 rule).
    When the script does not say, the list's own name (index.shtml, list.html) is numbered
    stem_1 … stem_N: TRS numbers page 2 index_1, others list_2, and both are covered at
    the cost of one missing page."""
    if root is None:
        return []
    script = _script_text(root)
    total = page_count(root, raw)
    if total < 2:
        return []
    total = min(total, 500)
    directory = urlsplit(page_url).path.rsplit("/", 1)[0] + "/"
    m = re.search(r"""['"]([^'"<>\s]*[?&](?:%s)=)['"]\s*\+""" % "|".join(_PAGE_PARAM), script, re.I)
    if m:
        return [urljoin(page_url, m.group(1) + str(n)) for n in range(2, total + 1)]
    conv = _script_convention(script)
    if conv:
        stem, ext, first = conv
        base = urljoin(page_url, directory)
        return [urljoin(base, "%s_%d.%s" % (stem, n, ext)) for n in range(first, first + total - 1)]
    if not _PAGE_FUNC.search(script):
        return []  # the count alone, with no pager function: nothing says the pages exist by name
    own = _own_stem(root, page_url)
    if not own:
        return []
    stem, ext = own
    base = urljoin(page_url, directory)
    return [urljoin(base, "%s_%d.%s" % (stem, n, ext)) for n in range(1, total + 1)]


def pagination_links(root, page_url: str, raw: str | None = None) -> list[str]:
    """Other pages of the list `page_url` shows, in page order: TRS createPageHTML pages,
    jcms record groups, 下一页 / 尾页 / numbered links, and every page between the
    first and the last when the pager numbers them (index_N, list_N, ?page=N)."""
    raw = raw or ""
    out = trs_pages(raw, page_url) + jcms_pages(raw, page_url)
    if root is not None:
        base = _base(root, page_url)
        found: list[tuple[str, str]] = []
        for a in root.iter("a"):
            t = squash(a.text_content() or a.get("title"))
            kind = ("next" if _NEXT_TEXT.match(t) else "last" if _LAST_TEXT.match(t)
                    else "num" if _PAGE_TEXT.match(t) else None)
            if not kind:
                continue
            href = a.get("href")
            if not is_http_link(href):
                m = _JS_URL.search(a.get("onclick") or "")
                href = m.group(1) if m else None
            url = _resolve(base, href) if href else None
            if not url or looks_like_article_url(url) or is_attachment_url(url):
                continue
            if kind == "num" and not _page_template(url) and not _same_dir(url, page_url):
                continue
            found.append((kind, url))
        out += [u for _, u in found]
        # fill the gaps: the pager shows 1 2 3 … 9 尾页 but every page holds entries
        total = _TOTAL_PAGES.search(_text(root.find("body")) if root.find("body") is not None else "")
        groups: dict = {}
        for _, u in found:
            tpl = _page_template(u)
            if tpl:
                groups.setdefault(tpl[0], (tpl[2], []))[1].append(tpl[1])
        for key, (make, nums) in groups.items():
            hi = max(nums)
            if total and int(total.group(1)) > hi and int(total.group(1)) - hi <= 500:
                hi = int(total.group(1)) if min(nums) >= 2 else int(total.group(1)) - 1
            lo = min(nums)
            for n in range(lo, hi + 1):
                out.append(make(n))
        if not out:  # no page link at all: a script-only pager (goPage(n)) and a page count
            out += script_pages(root, page_url, raw)
    seen, ordered = {canonicalize(page_url)}, []
    for u in out:
        c = canonicalize(u)
        if c not in seen:
            seen.add(c)
            ordered.append(u)
    return ordered


def _same_dir(a: str, b: str) -> bool:
    return urlsplit(a).path.rsplit("/", 1)[0] == urlsplit(b).path.rsplit("/", 1)[0]


# --- split articles ------------------------------------------------------------------------------
_CONT_TEXT = re.compile(r"^(下一页|下页|后一页|第\s*\d{1,2}\s*页|\[?\d{1,2}\]?|[>›»]|下一页>>?)$")


def continuation_links(root, page_url: str, raw: str | None = None) -> list[str]:
    """Further pages of an article split over several pages, in page order: for
    t20200306_8749738.html the pages t20200306_8749738_1.html, _2.html …; for 123.htm
    123_2.htm; for …/index.htm index_1.htm; also ?page=N of the same script, and the
    TRS createPageHTML(N, cur, "t2020…", "html") call of an article. 上一篇/下一篇 (other
    articles) are not pages."""
    p = urlsplit(page_url)
    directory, _, name = p.path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    base_stem = re.sub(r"_\d{1,2}$", "", stem)  # called on page 2: t2020…_1 -> t2020…
    numbered: dict[str, int] = {}
    for u in trs_pages(raw or "", page_url, prefix_filter=base_stem):
        numbered[u] = _part_no(u, base_stem)
    if root is not None:
        base = _base(root, page_url)
        for a in root.iter("a"):
            url = _resolve(base, a.get("href"))
            if not url:
                continue
            q = urlsplit(url)
            if q.netloc != p.netloc:
                continue
            qd, _, qname = q.path.rpartition("/")
            m = re.fullmatch(re.escape(base_stem) + r"_(\d{1,2})" + (r"\." + re.escape(ext) if ext else ""), qname)
            if qd == directory and m:
                numbered[urlunsplit((q.scheme, q.netloc, q.path, q.query, ""))] = int(m.group(1))
                continue
            t = squash(a.text_content())
            if re.search(r"篇", t) or not _CONT_TEXT.match(t):
                continue
            if q.path == p.path and q.query != p.query:  # content.jsp?id=5&page=2
                for k, v in parse_qsl(q.query):
                    if k.lower() in _PAGE_PARAM and v.isdigit():
                        numbered[urlunsplit((q.scheme, q.netloc, q.path, q.query, ""))] = int(v)
    numbered.pop(urlunsplit((p.scheme, p.netloc, p.path, p.query, "")), None)
    first = urlunsplit((p.scheme, p.netloc, "%s/%s%s%s" % (directory, base_stem, dot, ext), "", ""))
    numbered.pop(first, None)
    return [u for u, _ in sorted(numbered.items(), key=lambda kv: kv[1])]


def _part_no(url: str, stem: str) -> int:
    m = re.search(re.escape(stem) + r"_(\d+)", urlsplit(url).path)
    return int(m.group(1)) if m else 0


# --- attachments ----------------------------------------------------------------------------------
_CHROME = re.compile(r"^(footer|foot|header|head|nav|navbar|menu|topbar|top|bottom|copyright|share|bdshare)$", re.I)


def attachment_links(root, page_url: str, raw: str | None = None) -> list[Link]:
    """Links to uploaded documents (.pdf .doc .docx .xls .xlsx .wps .et, /attach/…,
    /uploadfile/…, download.jsp?…) on a report or notice page, chrome excluded; also
    attachment links TRS writes from script variables."""
    if root is None:
        return []
    base = _base(root, page_url)
    out, seen = [], set()
    for a in root.iter("a"):
        url = _resolve(base, a.get("href")) or _resolve(base, script_href(a) or "")
        if not url:
            continue
        text = anchor_text(a)
        if not is_attachment_url(url, text):
            continue
        if any(_CHROME.match(tok) for anc in a.iterancestors()
               for tok in ((anc.get("class") or "").split() + [anc.get("id") or ""]) if tok) or any(
                anc.tag in ("footer", "header", "nav") for anc in a.iterancestors()):
            continue
        c = canonicalize(url)
        if c not in seen:
            seen.add(c)
            out.append(Link(url, text, None, None, "a"))
    for el in root.iter("iframe", "embed", "object"):  # documents shown inline (PDF viewers)
        url = _resolve(base, el.get("src") or el.get("data"))
        if url and is_attachment_url(url) and canonicalize(url) not in seen:
            seen.add(canonicalize(url))
            out.append(Link(url, squash(el.get("title")), None, None, "frame"))
    scripts = "\n".join(sc.text or "" for sc in root.iter("script"))  # TRS writes appendix links from script
    for m in re.finditer(r"""href\s*=\s*\\?["']([^"'\\]+\.(?:pdf|docx?|xlsx?|wps|et))\\?["'][^<>]*>([^<]*)<""", scripts, re.I):
        url = _resolve(base, m.group(1))
        if url and canonicalize(url) not in seen:
            seen.add(canonicalize(url))
            out.append(Link(url, squash(m.group(2)), None, None, "script"))
    return out


# A label before a link on a report page: 「附表：<a>…统计表</a>」「附件2：<a>…</a>」
_TABLE_LABEL = re.compile(r"(附表|附件|统计表)\s*[\d一二三四五六七八九十]*\s*[:：]?\s*$")


def report_table_links(root, page_url: str, raw: str | None = None) -> list[Link]:
    """Pages (not files - attachment_links has those) a REPORT page links as its own
    attachments: the 2008-era 统计表 or the 2019 tables published as a page of their own,
    linked 「附表：…政府信息公开情况统计表」 / 「附件2」 / 「…年度报告附表」. They are part of the
    report (its figures); chrome, pagers and 上一篇/下一篇 are not."""
    if root is None:
        return []
    base = _base(root, page_url)
    own = canonicalize(page_url)
    out, seen = [], set()
    for a in root.iter("a"):
        url = _resolve(base, a.get("href"))
        if not url or is_attachment_url(url, anchor_text(a)) or canonicalize(url) == own:
            continue
        text = anchor_text(a)
        prev = a.getprevious()
        before = (prev.tail if prev is not None else (a.getparent().text if a.getparent() is not None else "")) or ""
        labelled = bool(_TABLE_LABEL.search(normalize(before)[-12:])) if before.strip() else False
        if not (labelled or names_report_table(text) or re.fullmatch(r"(附表|附件)[\d一二三四五六七八九十]*", normalize(text))):
            continue
        if re.match(r"(上一|下一)(篇|条|页)", normalize(text)):
            continue
        if any(_CHROME.match(tok) for anc in a.iterancestors()
               for tok in ((anc.get("class") or "").split() + [anc.get("id") or ""]) if tok) or any(
                anc.tag in ("footer", "header", "nav") for anc in a.iterancestors()):
            continue
        c = canonicalize(url)
        if c not in seen:
            seen.add(c)
            out.append(Link(url, text, None, None, "a"))
    return out


# --- JSON list endpoints ------------------------------------------------------------------
_JSON_TITLE_KEYS = ("title", "name", "subject", "doctitle", "docname", "bt", "showtitle", "articletitle", "wjbt")
_JSON_DATE = re.compile(r"((?:19|20)\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")
_JSON_URLISH = re.compile(r"^(?:https?://|/|\.\.?/)[^\s<>\"']*$|^[^\s<>\"':/]+(?:/[^\s<>\"']*)?\.(?:s?html?|jhtml|jspx?|aspx?|php|do|pdf|docx?|xlsx?|wps|ofd)(?:\?\S*)?$", re.I)
_JSON_URL_KEYS = re.compile(r"url|link|href|path|addr", re.I)


def json_links(body, page_url: str) -> list[Link]:
    """Links of a JSON list endpoint: in every object, the string values shaped like same-site
    addresses (url/link/href keys first), with the object's title-like field as link text and
    its date-like field as the date. Not JSON (or no object) -> []."""
    import json
    try:
        data = json.loads(body.decode("utf-8-sig") if isinstance(body, bytes) else body)
    except (ValueError, UnicodeDecodeError):
        return []
    host = urlsplit(page_url).netloc
    out: list[Link] = []
    stack = [data]
    while stack:
        obj = stack.pop()
        if isinstance(obj, list):
            stack.extend(reversed(obj))
            continue
        if not isinstance(obj, dict):
            continue
        text, date, urls = "", None, []
        for k, v in obj.items():
            if isinstance(v, (dict, list)):
                stack.append(v)
                continue
            if not isinstance(v, str):
                continue
            lk = k.lower()
            if not text and lk in _JSON_TITLE_KEYS:
                text = squash(v)
            if date is None and ("date" in lk or "time" in lk) and _JSON_DATE.search(v):
                y, mo, d = _JSON_DATE.search(v).groups()
                date = "%s-%02d-%02d" % (y, int(mo), int(d))
            if _JSON_URLISH.match(v.strip()) and (_JSON_URL_KEYS.search(k) or v.startswith(("/", "http"))):
                urls.append((0 if _JSON_URL_KEYS.search(k) else 1, v.strip()))
        for _, u in sorted(urls):
            url = _resolve(page_url, u)
            if url and urlsplit(url).netloc == host:  # an endpoint lists its own site's documents
                out.append(Link(url, text, date, None, "json"))  # (entries, not endpoints)
    return out
