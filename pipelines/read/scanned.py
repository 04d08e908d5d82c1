"""Documents read by OCR: a PDF without a usable text layer (pages rendered with
pypdfium2, then pipelines.read.ocr), and the pictures a report page shows as its
statistics table.  Bounded three ways: a page cap, a resolution (with a pixel cap
per page), and a deadline inside the child (a page is not started when the time is
nearly spent, and Tesseract itself gets only the time left), under the sandbox's
own timeout and memory limit.  Runs in the bounded child (pipelines.read.sandbox)."""
from __future__ import annotations

import re
import time

from .ocr import image_from_bytes, recognise
from .result import ReadResult, lines_from_rows

MIN_CHARS_PER_PAGE = 20      # fewer real characters than this per page: no usable text layer
_GOOD = re.compile(r"[\u4e00-\u9fff0-9A-Za-z\u3000-\u303f\uff00-\uffef，。、；：？！“”‘’（）《》%.,;:()\-]")
_BAD = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0e-\x1f]|[\u00c0-\u00ff]")


def text_layer_problem(text: str, pages: int, image_pages: int = 0) -> str | None:
    """Why a PDF's text layer cannot stand for the page (then it is OCR'd), or None:
    no text at all; garbage (glyph ids pdfminer could not map, (cid:123); private-use
    or replacement characters; Latin-1 letters where Chinese was encoded wrongly); or,
    on pages that are pictures (image_pages: pages carrying an image), a few characters
    a page (a scan with a stamped header) or not one Chinese character."""
    stripped = re.sub(r"\s+", "", text or "")
    if not stripped:
        return "no text layer"
    bad = sum(len(m.group(0)) for m in _BAD.finditer(stripped))
    good = len(_GOOD.findall(stripped))
    if bad > 0.3 * len(stripped) or good < 0.5 * len(stripped):
        return "garbage text layer (%d of %d characters unreadable)" % (len(stripped) - good, len(stripped))
    if image_pages * 2 < max(pages, 1):
        return None           # mostly real pages: their text is the text, however sparse
    if len(stripped) < MIN_CHARS_PER_PAGE * max(pages, 1):
        return "text layer of %d characters over %d scanned pages" % (len(stripped), pages)
    if not re.search(r"[\u4e00-\u9fff]", stripped):
        return "scanned pages whose text layer has not one Chinese character"
    return None


# a page's number or running head above a continued table: - 3 -, 第3页, 3/9
_FURNITURE = re.compile(r"^\s*(?:[-—–－]?\s*\d{1,4}\s*[-—–－]?|第\s*\d{1,4}\s*页.{0,8}|\d{1,4}\s*/\s*\d{1,4})\s*$")


def _same_columns(a: list, b: list, tol: float = 0.015) -> bool:
    """Two tables drawn with the same column rules (as shares of the page width)."""
    return len(a) == len(b) and all(abs(x - y) <= tol for x, y in zip(a, b))


class _Collect:
    """Blocks of several pictures into one text and table list, in order."""

    def __init__(self):
        self.lines: list[str] = []
        self.tables: list = []
        self.ocr_lines: list[str] = []
        self.conf: list[tuple[float, int]] = []
        self.open_edges: list | None = None    # column rules of the table that ended the last page

    def add(self, rec):
        """A page's blocks; a table that opens the page and has the column rules of the
        table that closed the page before is its continuation (a long table broken at
        the page end, its header not repeated): one table."""
        opening = True        # nothing but page furniture (a page number) above so far
        for top, text, rows in rec.blocks:
            if rows is None and opening and _FURNITURE.match(text or ""):
                continue
            if rows is not None:
                edges = rec.edges.get(top)
                if opening and self.open_edges and edges and _same_columns(self.open_edges, edges):
                    self.tables[-1].extend(rows)
                else:
                    self.tables.append(rows)
                opening = False
                own = lines_from_rows(rows)
                self.lines.extend(own)
                self.ocr_lines.extend(own)
            elif text:
                opening = False
                self.lines.append(text)
                self.ocr_lines.append(text)
        kept = [b for b in rec.blocks if b[2] is not None or not _FURNITURE.match(b[1] or "")]
        last = kept[-1] if kept else None          # a page number below the table does not close it
        self.open_edges = rec.edges.get(last[0]) if last is not None and last[2] is not None else None
        if rec.words:
            self.conf.append((rec.confidence, rec.words))

    def confidence(self) -> float:
        n = sum(w for _, w in self.conf)
        return round(sum(c * w for c, w in self.conf) / n, 1) if n else 0.0


def ocr_pdf(body: bytes, opts: dict) -> ReadResult:
    """A scanned PDF's pages as text and tables (opts: lang, dpi, max_pages, timeout, why)."""
    import pypdfium2 as pdfium  # child-only: the crawl process never loads a parser
    start = time.monotonic()
    deadline = start + float(opts["timeout"]) * 0.9
    pdf = pdfium.PdfDocument(body)
    notes = []
    try:
        total = len(pdf)
        take = min(total, int(opts["max_pages"]))
        if total > take:
            notes.append("scanned pdf has %d pages; OCR'd the first %d" % (total, take))
        col, done, per_page = _Collect(), 0, []
        for i in range(take):
            left = deadline - time.monotonic()
            if done and left < 1.5 * max(per_page):
                notes.append("OCR stopped after %d of %d pages: time limit" % (done, take))
                break
            t0 = time.monotonic()
            page = pdf[i]
            w, h = page.get_size()
            scale = float(opts["dpi"]) / 72
            if w * h * scale * scale > 40_000_000:       # a poster-sized page: cap the pixels, not the work
                scale = (40_000_000 / (w * h)) ** 0.5
            img = page.render(scale=scale, grayscale=True).to_pil()
            page.close()
            col.add(recognise(img, lang=opts["lang"], timeout=max(1.0, left)))
            del img
            done += 1
            per_page.append(time.monotonic() - t0)
    finally:
        pdf.close()
    secs = time.monotonic() - start
    notes.append("text by OCR (%s): %d pages, %.1fs, mean confidence %.0f" % (
        opts.get("why") or "scanned", done, secs, col.confidence()))
    info = {"source": "pdf", "pages": done, "seconds": round(secs, 2), "confidence": col.confidence(),
            "lang": opts["lang"], "dpi": opts["dpi"]}
    return ReadResult("\n".join(col.lines), col.tables, notes=notes, ocr=info)


def ocr_images(bodies: list, opts: dict) -> list:
    """Each picture (bytes) -> (rows of its tables, its text lines) in order; a picture
    that cannot be read gives its reason instead.  One child reads them all."""
    deadline = time.monotonic() + float(opts["timeout"]) * 0.9
    out = []
    for body in bodies:
        left = deadline - time.monotonic()
        if left < 2:
            out.append({"error": "time limit"})
            continue
        try:
            rec = recognise(image_from_bytes(body), lang=opts["lang"], timeout=left)
        except Exception as e:  # one bad picture never loses the others
            out.append({"error": "%s: %s" % (type(e).__name__, " ".join(str(e).split())[:200])})
            continue
        out.append({"blocks": [(text, rows) for _, text, rows in rec.blocks], "confidence": round(rec.confidence, 1)})
    return out
