"""ClassifyPipeline: sets item['decision'] = {'is_report', 'kind', 'reason'} on DocumentItems (core.titles
decides); FetchItems pass through. Never raises: an odd item gets a decision saying why it could not be judged.
"""
from __future__ import annotations

import logging

from core.items import is_document
from core.titles import classify_document, classify_title, is_generic_title

logger = logging.getLogger(__name__)

# page_meta keys that carry the document's own title, most reliable first
TITLE_KEYS = ("ArticleTitle", "名称", "h1", "title")


def best_title(item) -> str | None:
    """The document's own title: ArticleTitle meta, 名称 field, h1, <title> (first that
    says something - a site name or 「附件1」 does not); else the link text; for
    attachments, the announcing page's title comes in as parent_title separately."""
    meta = item.get("page_meta")
    meta = meta if isinstance(meta, dict) else {}
    for key in TITLE_KEYS:
        v = meta.get(key)
        if isinstance(v, str) and not is_generic_title(v):
            return v
    link = item.get("link_text")
    if isinstance(link, str) and not is_generic_title(link):
        return link
    return None


class ClassifyPipeline:
    def process_item(self, item, spider=None):
        if not is_document(item):
            return item  # a FetchItem: nothing to classify
        try:
            item["decision"] = self.decide(item)
        except Exception as exc:  # never let one odd item stop the crawl; say why
            logger.exception("classification failed for %s", item.get("url"))
            item["decision"] = {"is_report": False, "kind": "other", "reason": "classification failed: %s" % exc}
        return item

    @staticmethod
    def decide(item) -> dict:
        title = best_title(item)
        text_or_none = lambda v: v if isinstance(v, str) else None  # odd values are ignored, not trusted
        link_text = text_or_none(item.get("link_text"))
        parent_title = text_or_none(item.get("parent_title"))
        fmt = text_or_none(item.get("fmt")) or "html"
        if item.get("parse_error"):
            # the body could not be read; the row is still wanted when the title alone names a report
            for src, val in (("title", title), ("link text", link_text)):
                if classify_title(val)[0] == "report":
                    return {"is_report": True, "kind": "report",
                            "reason": "%s names a report; body unreadable (%s)" % (src, item["parse_error"])}
            return {"is_report": False, "kind": "unreadable", "reason": str(item["parse_error"])}
        text = item.get("text")
        return classify_document(title=title, text=text if isinstance(text, str) else None,
                                 url=item.get("final_url") or item.get("url") or "", link_text=link_text,
                                 fmt=fmt, parent_title=parent_title)
