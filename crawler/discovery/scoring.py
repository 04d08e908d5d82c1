"""How much a link is worth following as navigation towards the reports (score_link, FOLLOW_THRESHOLD)."""
from __future__ import annotations

from urllib.parse import urlsplit

from core.titles import normalize
from crawler.discovery.vocab import (DEPT, DISCLOSURE_URL, GENERIC_LINK, MIRROR, NAV_TERMS, NEGATIVE, OFFTOPIC_URL,
                                     REPORT_COLUMN_URL, SPLASH, VETO, YEAR_LINK)
from crawler.urls import looks_like_article_url, looks_like_list_url

FOLLOW_THRESHOLD = 4.0  # score_link scores at or above this are followed as navigation


def score_link(text: str, url: str, context: dict | None = None) -> tuple[float, str]:
    """How much a link is worth following as navigation towards the reports.

    Link text decides most (政府信息公开 / 政府信息公开年报 / 年度报告 / 部门信息公开 …),
    the URL adds (xxgk, zwgk, gknb, ndbg …), and the page the link sits on adds
    context: inside a report column a year (2019年 / 2020年度) or a department name is a
    sub-column. Columns that merely share words (法治政府建设年度报告, 政府网站年度报表,
    预决算, 解读) are vetoed. Returns (score, reason); follow at FOLLOW_THRESHOLD."""
    ctx = context or {}
    raw_text = text or ""
    if (not raw_text or GENERIC_LINK.match(raw_text.strip())) and ctx.get("heading"):
        raw_text = ctx["heading"]
    t = normalize(raw_text)
    path = urlsplit(url).path.lower() + ("?" + urlsplit(url).query.lower() if urlsplit(url).query else "")
    reasons = []
    score = 0.0
    if t and VETO.search(t):
        return 0.0, "vetoed column (%s)" % VETO.search(t).group(0)
    for term, w in NAV_TERMS:
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
    if score < 7 and t and NEGATIVE.search(t):
        return 0.0, "off-topic link (%s)" % NEGATIVE.search(t).group(0)
    if OFFTOPIC_URL.search(path) and score < 6:
        return 0.0, "off-topic URL"
    if REPORT_COLUMN_URL.search(path):
        score += 3
        reasons.append("report-column URL")
    elif DISCLOSURE_URL.search(path):
        score += 1.5
        reasons.append("disclosure-section URL")
    if ctx.get("report_column"):
        short = t if len(t) <= 24 else ""
        if short and YEAR_LINK.match(short):
            score = max(score, 8.0)
            reasons.append("year sub-column of a report column")
        elif short and DEPT.search(short) and not looks_like_article_url(url):
            score = max(score, 6.0)
            reasons.append("department sub-column of a report column")
        elif looks_like_list_url(url) and _same_branch(url, ctx.get("page_url")):
            score += 2
            reasons.append("list under a report column")
    elif ctx.get("dept_hub") and ctx.get("xxgk"):
        short = t if len(t) <= 24 else ""
        if short and DEPT.search(short) and not looks_like_article_url(url):
            score = max(score, 4.5)
            reasons.append("department disclosure column")
    if ctx.get("depth", 1) == 0 and MIRROR.fullmatch(t):
        # the Traditional-script mirror of the portal carries the same reports (and copies of them)
        score = max(score, FOLLOW_THRESHOLD + 0.5)
        reasons.append("Traditional-script mirror")
    if ctx.get("depth", 1) == 0 and ctx.get("n_links", 99) <= 5 and (not t or SPLASH.search(t) or score < FOLLOW_THRESHOLD):
        score = max(score, 5.0)
        reasons.append("splash page entry")
    return score, ", ".join(reasons) or "no signal"


def _same_branch(url: str, page_url: str | None) -> bool:
    if not page_url:
        return False
    a = urlsplit(url).path.rsplit("/", 1)[0]
    b = urlsplit(page_url).path.rsplit("/", 1)[0]
    return a.startswith(b) or b.startswith(a)
