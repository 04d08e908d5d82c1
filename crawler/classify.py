"""Which links to fetch as candidate report documents (classify_link); the title and body
rules themselves live in core.titles, shared with the pipelines."""
from __future__ import annotations

from core.title_vocab import NEWS_START, YEAR
from core.titles import classify_title, normalize
from crawler.discovery.vocab import CUT_SHORT, REPORT_DOC_URL
from crawler.urls import is_attachment_url, looks_like_article_url

CANDIDATE_THRESHOLD = 5.0  # classify_link scores at or above this are fetched as candidate documents
# kinds a cut-short title already names well enough to score on its own
_NAMED_KINDS = ("report", "notice", "interpretation", "website_report", "rule_of_law", "budget", "work_report")


def classify_link(text: str, url: str) -> tuple[float, str]:
    """Score a link as a possible report document: >= CANDIDATE_THRESHOLD means fetch it
    as a candidate. Look-alikes that may still lead to the report (notices carrying
    attachments, interpretations) score just above the threshold; other look-alikes 0."""
    kind, why = classify_title(text)
    norm = normalize(text)
    if CUT_SHORT.search(norm) and kind not in _NAMED_KINDS:
        # a list cut the title short (「某市2021年政府信息公开工作年…」): the start is enough to look
        if "信息公开" in norm and YEAR.search(norm) and not NEWS_START.search(norm):
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
    if REPORT_DOC_URL.search(url.lower()):
        if looks_like_article_url(url) or is_attachment_url(url, text):
            return 5.0, "URL marks a report document"
    return 0.0, "no report signal"
