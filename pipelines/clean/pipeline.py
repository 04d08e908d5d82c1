"""CleanPipeline: html items get clean text, tables and page_meta; file items keep
what ReadPipeline read and lose their title line to page_meta."""
from __future__ import annotations

import logging

from core.items import is_document
from pipelines.clean.content import clean_html, clean_pages
from pipelines.clean.page_meta import split_file_title

logger = logging.getLogger(__name__)


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
            template = item.get("template_blocks") or frozenset()
            res = clean_pages(pages, url, template) if len(pages) > 1 else clean_html(pages[0], url, template)
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
    """Page 1 and its continuation pages as separate documents: ReadPipeline decodes
    them into html_parts (it sets html_parts whenever it sets html); an item built
    by hand with html alone is one page."""
    return list(item.get("html_parts") or [item["html"]])
