"""ReadPipeline (Scrapy item pipeline, order 100): bytes -> decoded HTML for html
documents and their continuation pages, text + tables for PDF / DOCX / XLSX
(read_document); what cannot be read is recorded as parse_error, never dropped."""
from __future__ import annotations

import logging

from core.formats import decode_html, detect_format, header
from core.items import is_document
from crawler import settings
from .document import read_document

logger = logging.getLogger(__name__)


class ReadPipeline:
    """bytes -> decoded HTML (html documents and their continuation pages) or text +
    tables (files); unreadable bodies get parse_error, and every item goes on."""

    def __init__(self, max_bytes=settings.NIANBAO_MAX_DOC_BYTES, timeout=settings.NIANBAO_PARSE_TIMEOUT,
                 max_pages=settings.NIANBAO_MAX_PDF_PAGES):
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.max_pages = max_pages

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(max_bytes=s.getint("NIANBAO_MAX_DOC_BYTES"),
                   timeout=s.getfloat("NIANBAO_PARSE_TIMEOUT"),
                   max_pages=s.getint("NIANBAO_MAX_PDF_PAGES"))

    def process_item(self, item, spider=None):
        if not is_document(item):
            return item     # FetchItem and anything else pass untouched
        try:
            self._read(item)
        except Exception as e:  # bad input never stops the item
            logger.exception("read failed for %s", item.get("url"))
            item["parse_error"] = "read failed: %s: %s" % (type(e).__name__, e)
        return item

    def _read(self, item) -> None:
        body = item.get("body") or b""
        ctype = header(item.get("headers"), "content-type")
        url = item.get("final_url") or item.get("url") or ""
        # the bytes are the authority: a spider's guess from headers may be wrong
        fmt = detect_format(body, ctype, url) if body else (item.get("fmt") or "other")
        item["fmt"] = fmt
        if fmt == "html":
            html, enc = decode_html(body, ctype)
            pages = [html]
            for part in item.get("parts") or []:
                pbody = part.get("body") or b""
                if not pbody:
                    continue
                ptext, _ = decode_html(pbody, header(part.get("headers"), "content-type"))
                pages.append(ptext)
            item["html"] = "\n".join(pages)
            item["encoding"] = enc
            item["html_parts"] = pages
            return
        res = read_document(fmt, body, max_bytes=self.max_bytes, timeout=self.timeout,
                            max_pages=self.max_pages)
        if res.error:
            item["parse_error"] = res.error
        else:
            item["text"] = res.text
            item["tables"] = res.tables
        if res.notes:
            item["read_notes"] = res.notes
