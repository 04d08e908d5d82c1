"""ReadPipeline (Scrapy item pipeline, order 100): bytes -> decoded HTML for html
documents and their continuation pages, text + tables for PDF / DOCX / XLSX / DOC /
WPS / XLS / ET / OFD (read_document); scanned PDFs and the table pictures of a report
page by OCR; what cannot be read is recorded as parse_error (and counted in the
crawl stats by format), never dropped."""
from __future__ import annotations

import logging

from core.formats import decode_html, detect_format, header
from core.items import is_document
from crawler import settings
from .document import ocr_options, read_document, read_images
from .images import is_image, replace_images, table_html
from .result import lines_from_rows

logger = logging.getLogger(__name__)

MIN_PICTURE_CONFIDENCE = 70   # a picture without a ruled table is kept only when read this surely


class ReadPipeline:
    """bytes -> decoded HTML (html documents and their continuation pages) or text +
    tables (files); unreadable bodies get parse_error, and every item goes on."""

    def __init__(self, max_bytes=settings.NIANBAO_MAX_DOC_BYTES, timeout=settings.NIANBAO_PARSE_TIMEOUT,
                 max_pages=settings.NIANBAO_MAX_PDF_PAGES, ocr: dict | None = None, stats=None,
                 max_image_bytes=settings.NIANBAO_MAX_IMAGE_BYTES):
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.max_pages = max_pages
        self.ocr = ocr_options() if ocr is None else (ocr or None)   # {} turns OCR off
        self.stats = stats
        self.max_image_bytes = max_image_bytes

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        ocr = ocr_options(lang=s.get("NIANBAO_OCR_LANG"), dpi=s.getint("NIANBAO_OCR_DPI"),
                          max_pages=s.getint("NIANBAO_OCR_MAX_PAGES"),
                          timeout=s.getfloat("NIANBAO_OCR_TIMEOUT")) if s.getbool("NIANBAO_OCR") else {}
        return cls(max_bytes=s.getint("NIANBAO_MAX_DOC_BYTES"),
                   timeout=s.getfloat("NIANBAO_PARSE_TIMEOUT"),
                   max_pages=s.getint("NIANBAO_MAX_PDF_PAGES"), ocr=ocr, stats=crawler.stats,
                   max_image_bytes=s.getint("NIANBAO_MAX_IMAGE_BYTES"))

    def process_item(self, item, spider=None):
        if not is_document(item):
            return item     # FetchItem and anything else pass untouched
        try:
            self._read(item)
        except Exception as e:  # bad input never stops the item
            logger.exception("read failed for %s", item.get("url"))
            item["parse_error"] = "read failed: %s: %s" % (type(e).__name__, e)
        self._count(item)
        return item

    def _count(self, item) -> None:
        if self.stats is None:
            return
        fmt = item.get("fmt") or "other"
        err = item.get("parse_error")
        self.stats.inc_value("nianbao/read/%s/%s" % (fmt, "failed" if err else "read"))
        if err and str(err).startswith("unsupported"):
            self.stats.inc_value("nianbao/read/unsupported/%s" % fmt)
        ocr = item.get("ocr")
        if ocr:
            self.stats.inc_value("nianbao/read/ocr/documents")
            self.stats.inc_value("nianbao/read/ocr/pages", ocr.get("pages") or 0)

    def _read(self, item) -> None:
        body = item.get("body") or b""
        ctype = header(item.get("headers"), "content-type")
        url = item.get("final_url") or item.get("url") or ""
        # the bytes are the authority: a spider's guess from headers may be wrong
        fmt = detect_format(body, ctype, url) if body else (item.get("fmt") or "other")
        item["fmt"] = fmt
        if fmt == "html":
            self._read_html(item, body, ctype, url)
            return
        res = read_document(fmt, body, max_bytes=self.max_bytes, timeout=self.timeout,
                            max_pages=self.max_pages, ocr=self.ocr)
        if res.error:
            item["parse_error"] = res.error
        else:
            item["text"] = res.text
            item["tables"] = res.tables
            if res.ocr:
                item["ocr"] = dict(res.ocr, lines=None)      # None: every line of the text
        if res.notes:
            item["read_notes"] = res.notes

    def _read_html(self, item, body, ctype, url) -> None:
        html, enc = decode_html(body, ctype)
        pages, urls, images = [html], [url], []
        for part in item.get("parts") or []:
            pbody = part.get("body") or b""
            if not pbody:
                continue
            if part.get("role") == "image" or is_image(pbody):
                images.append(part)
                continue
            ptext, _ = decode_html(pbody, header(part.get("headers"), "content-type"))
            pages.append(ptext)
            urls.append(part.get("final_url") or part.get("url") or "")
        if images:
            notes = self._ocr_images(item, pages, urls, images)
            if notes:
                item["read_notes"] = list(item.get("read_notes") or []) + notes
        item["html"] = "\n".join(pages)
        item["encoding"] = enc
        item["html_parts"] = pages

    def _ocr_images(self, item, pages, urls, images) -> list[str]:
        """OCR the table pictures and put their rows where the page shows them; the notes."""
        notes: list[str] = []
        if not self.ocr:
            return ["%d table image(s) not read: OCR is off" % len(images)]
        todo = [p for p in images if len(p.get("body") or b"") <= self.max_image_bytes]
        if len(todo) < len(images):
            notes.append("%d table image(s) over %d bytes not read" % (len(images) - len(todo), self.max_image_bytes))
        results = read_images([p["body"] for p in todo], ocr=self.ocr) if todo else []
        by_url, lines, confs = {}, [], []
        for part, res in zip(todo, results):
            if "error" in res:
                notes.append("table image %s not read: %s" % (part.get("url"), res["error"]))
                continue
            if not any(rows for _, rows in res["blocks"]) and res["confidence"] < MIN_PICTURE_CONFIDENCE:
                notes.append("image %s shows no table (OCR confidence %.0f)" % (part.get("url"), res["confidence"]))
                continue          # a photo: what OCR makes of it is noise, not report text
            markup = table_html(res["blocks"])
            if not markup:
                continue
            for u in {part.get("url"), part.get("final_url")} - {None}:
                by_url[u] = markup
            for text, rows in res["blocks"]:
                lines.extend(lines_from_rows(rows) if rows is not None else [text])
            confs.append(res["confidence"])
        if not by_url:
            return notes
        placed: set[str] = set()
        for i, (page, page_url) in enumerate(zip(pages, urls)):
            pages[i], done = replace_images(page, page_url, by_url)
            placed |= done
        missing = [p for p in todo if p.get("url") in by_url and not ({p.get("url"), p.get("final_url")} & placed)]
        if missing:
            # the picture's <img> was not found again (a script wrote it): its rows go at the end
            extra = "".join(by_url[p["url"]] for p in missing)
            last = pages[-1]
            cut = last.lower().rfind("</body>")
            pages[-1] = last[:cut] + extra + last[cut:] if cut >= 0 else last + extra
            notes.append("%d table image(s) placed at the end of the page" % len(missing))
        item["ocr"] = {"source": "images", "images": len(confs), "pages": len(confs),
                       "confidence": round(sum(confs) / len(confs), 1) if confs else 0.0,
                       "lang": self.ocr["lang"], "lines": lines}
        return notes
