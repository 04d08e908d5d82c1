"""PDF -> text + tables: tables from ruling lines (a table broken at a page end joined
to its continuation), wrapped text lines joined into paragraphs, page numbers
dropped, at most max_pages pages ever built.  Each page is read from pdfium
(pipelines.read.pdftext: characters and rulings in C, laid out as pdfplumber lays
them) and pdfplumber's table finder runs over those where a table may be; a page
pdfium cannot stand in for (rotated, unmapped glyphs, curved paths near a table) is
read by pdfplumber itself.  Runs in the bounded child (pipelines.read.sandbox)."""
from __future__ import annotations

import io
import itertools
import re

from crawler import settings
from . import pdftext
from .result import ReadResult, cjk_edge, lines_from_rows
from .scanned import text_layer_problem


def _pdf_table_rows(table, extents: list | None = None) -> list:
    """Rows with spans derived from the cell rectangles pdfplumber found; `extents`,
    when given, receives each kept row's cell (x0, x1) so that a table continued on the
    next page can be re-spanned over both parts' columns."""
    cells = table.cells
    xs = sorted({round(c[0], 1) for c in cells} | {round(c[2], 1) for c in cells})
    ys = sorted({round(c[1], 1) for c in cells} | {round(c[3], 1) for c in cells})
    texts = table.extract(x_tolerance=1.5)
    out = []
    for r_idx, row in enumerate(table.rows):
        out_row = []
        row_ext = []
        for c_idx, bbox in enumerate(row.cells):
            if bbox is None:
                continue     # covered by a merged cell
            x0, top, x1, bottom = (round(v, 1) for v in bbox)
            row_ext.append((x0, x1))
            colspan = max(1, sum(1 for x in xs if x0 < x < x1) + 1)
            rowspan = max(1, sum(1 for y in ys if top < y < bottom) + 1)
            try:
                raw = texts[r_idx][c_idx]
            except IndexError:
                raw = None
            pieces = [p.strip() for p in (raw or "").split("\n") if p.strip()]
            text = pieces[0] if pieces else ""
            for p in pieces[1:]:
                text += ("" if cjk_edge(text, p) else " ") + p
            out_row.append({"text": text, "rowspan": rowspan, "colspan": colspan})
        if out_row:
            out.append(out_row)
            if extents is not None:
                extents.append(row_ext)
    return out


_EDGE_TOL = 2.0     # points: the same ruling line drawn on two pages


def _pdf_edges(extents) -> list[float]:
    """The column edges (x positions of the vertical rules) of a table's cells."""
    xs: list[float] = []
    for x in sorted(x for row in extents for cell in row for x in cell):
        if not xs or x - xs[-1] > _EDGE_TOL:
            xs.append(x)
    return xs


def _pdf_continues(prev_extents, extents) -> bool:
    """Is a table at the top of a page the continuation of the one that ended the page
    before? Word/WPS exports break a long table at the page end without repeating its
    header: the part below has the same outer edges, and its column rules are the
    first part's or a finer split of them (a header row of 行政复议 | 行政诉讼 above
    fifteen figure columns), or the other way round."""
    a, b = _pdf_edges(prev_extents), _pdf_edges(extents)
    if len(a) < 2 or len(b) < 2:
        return False
    if abs(a[0] - b[0]) > _EDGE_TOL or abs(a[-1] - b[-1]) > _EDGE_TOL:
        return False
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(abs(x - y) <= _EDGE_TOL for y in big) for x in small)


def _pdf_respan(rows, extents) -> list:
    """Colspans recomputed over the column edges of all the rows (the parts of a table
    joined across pages each knew only their own columns)."""
    xs = _pdf_edges(extents)
    out = []
    for row, ext in zip(rows, extents):
        out.append([dict(c, colspan=max(1, sum(1 for x in xs if x0 + _EDGE_TOL < x < x1 - _EDGE_TOL) + 1))
                    for c, (x0, x1) in zip(row, ext)])
    return out


# A page number printed in the page's top or bottom margin (- 3 -, 第3页, 第3页 共9页, 3/9):
# page furniture, not report text; it must not keep a table from joining its continuation.
_PAGE_NUMBER_RE = re.compile(r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
                             r"|\d{1,4}\s*/\s*\d{1,4}|(?:page\s*)?(\d{1,4}))$", re.I)


def _is_page_number(text: str, page_number: int) -> bool:
    m = _PAGE_NUMBER_RE.match(text.strip())
    # a bare number only when it is this page's number (a lone figure is not furniture)
    return bool(m) and (m.group(1) is None or int(m.group(1)) == page_number)


def _find_tables(page) -> list:
    """pdfplumber's page.find_tables() (default settings) on a pdfplumber page or a
    pipelines.read.pdftext.Page, which has the chars, edges and bbox it reads."""
    from pdfplumber.table import TableFinder, TableSettings  # child-only: the crawl process never loads a parser
    return TableFinder(page, TableSettings.resolve(None)).tables


def _pdf_page_lines(page, table_boxes) -> list[dict]:
    """pdfplumber's text lines outside tables ({text, x0, x1, top, size}: size the
    median character size), as pipelines.read.pdftext gives them for a page without."""
    def outside(obj):
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in table_boxes)

    src = page.filter(outside) if table_boxes else page
    out = []
    for l in src.extract_text_lines(x_tolerance=1.5, return_chars=True) or []:
        sizes = sorted(round(c.get("size", 0), 1) for c in l.get("chars", []))
        out.append({"text": l["text"], "x0": l["x0"], "x1": l["x1"], "top": l["top"],
                    "size": sizes[len(sizes) // 2] if sizes else 0})
    return out


def _paragraphs(lines: list[dict]) -> list[tuple[float, str]]:
    """Text lines, wrapped lines of one paragraph joined: (top, text).

    PDF text has no paragraphs, only lines.  A line continues on the next one when
    it runs to the right margin, the next line starts at the left margin (a new
    paragraph is indented) and both are set in the same size (a title is not);
    joining them keeps '123\\n件' from splitting a figure from its unit."""
    lines = [l for l in lines if l["text"].strip()]
    if not lines:
        return []
    right = max(l["x1"] for l in lines)
    left = min(l["x0"] for l in lines)
    widths = sorted((l["x1"] - l["x0"]) / max(len(l["text"]), 1) for l in lines)
    char_w = widths[len(widths) // 2] or 10

    out = []
    prev = None
    for l in lines:
        text = " ".join(l["text"].split())
        if prev is not None and out and prev["x1"] >= right - 1.5 * char_w and l["x0"] <= left + 0.8 * char_w \
                and abs(prev["size"] - l["size"]) < 0.6:
            top, joined = out[-1]
            out[-1] = (top, joined + ("" if cjk_edge(joined, text) else " ") + text)
        else:
            out.append((l["top"], text))
        prev = l
    return out


def _pdf_resolve(x, hops: int = 16):
    """An indirect object's value, following at most `hops` references (pdfminer's
    resolve1 loops forever on a reference cycle: 7 0 R -> 8 0 R -> 7 0 R)."""
    from pdfminer.pdftypes import PDFObjRef  # child-only: the crawl process never loads a parser
    for _ in range(hops):
        if not isinstance(x, PDFObjRef):
            return x
        x = x.resolve()
    return None


def _pdf_pages(pdf, max_pages: int):
    """(the first max_pages pages, the page count when there are more, else None).

    pdfplumber's `pdf.pages` builds every page object of the file before the first
    is read, so a file of many thousand pages spends the parse timeout there, and one
    broken page anywhere (an attribute that is a reference cycle) hangs the whole
    read.  Pages are made one by one instead and none past the cap is touched: the
    cap bounds the work, not only the output.  Whether there are more comes from the
    page tree's /Count; only when that is not a number is one more page made."""
    from pdfminer.pdfpage import PDFPage  # child-only: the crawl process never loads a parser
    from pdfplumber.page import Page  # child-only: the crawl process never loads a parser

    root = _pdf_resolve(pdf.doc.catalog.get("Pages"))
    count = _pdf_resolve(root.get("Count")) if isinstance(root, dict) else None
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        count = None
    take = max_pages if count is not None else max_pages + 1
    pages, doctop = [], 0
    for i, obj in enumerate(itertools.islice(PDFPage.create_pages(pdf.doc), take)):
        if i == max_pages:
            return pages, -1          # more pages than the cap, how many unknown
        page = Page(pdf, obj, page_number=i + 1, initial_doctop=doctop)
        doctop += page.height
        pages.append(page)
    more = count if count is not None and count > max_pages and len(pages) == max_pages else None
    return pages, more


def parse_pdf(body: bytes, opts: dict) -> ReadResult:
    import pdfplumber  # child-only: the crawl process never loads a parser
    max_pages = opts.get("max_pages") or settings.NIANBAO_MAX_PDF_PAGES
    notes, lines, tables = [], [], []
    # not `with pdfplumber.open(...)`: PDF.close() drops its page cache and then walks
    # pdf.pages, building every page of the file after all; the pages we made are
    # closed here, the BytesIO needs no closing
    pdf = pdfplumber.open(io.BytesIO(body))
    pages, n = _pdf_pages(pdf, max_pages)
    if n is not None:
        notes.append("pdf has %s pages; read the first %d" % (n if n > 0 else "more than %d" % max_pages, max_pages))
    # a table that ended the previous page: [index in tables, its cell extents, how many
    # page-number lines were emitted after it]; the next page may continue it
    open_table = None
    image_pages = 0
    fast = _fast_doc(body, len(pages) if n is None else n) if opts.get("fast", True) else None
    for page_no, page in enumerate(pages, 1):
        quick = fast.page(page_no - 1) if fast is not None else None
        parts, boxes = [], []
        if quick is not None and quick.edges is None:
            image_pages += quick.has_image        # no table can be on it: pdfium's lines alone
            texts = _paragraphs(quick.lines)
        else:
            # pdfplumber's table finder, over pdfium's characters and paths where it
            # read the page (pdfminer never runs), else over pdfplumber's own page
            if quick.has_image if quick is not None else page.images:
                image_pages += 1      # a scan is a page-sized picture (judged by text_layer_problem)
            for t in _find_tables(quick if quick is not None else page):
                ext: list = []
                rows = _pdf_table_rows(t, ext)
                if rows and sum(len(r) for r in rows) > 1:
                    boxes.append(t.bbox)
                    parts.append((t.bbox[1], rows, ext))
            parts.sort(key=lambda p: p[0])
            texts = _paragraphs(quick.lines_outside(boxes) if quick is not None else _pdf_page_lines(page, boxes))
        content = [top for top, text in texts if not _is_page_number(text, page_no)]
        blocks = []
        for k, (top, rows, ext) in enumerate(parts):
            if k == 0 and open_table is not None and (not content or top < min(content)) \
                    and _pdf_continues(open_table[1], ext):
                # continued from the previous page: one table, its text rows in order
                idx, prev_ext, furniture = open_table
                ext = prev_ext + ext
                tables[idx] = _pdf_respan(tables[idx] + rows, ext)
                open_table = [idx, ext, 0]
                if furniture:
                    del lines[-furniture:]
                texts = [(t, x) for t, x in texts if t > top or not _is_page_number(x, page_no)]
            else:
                tables.append(rows)
                open_table = [len(tables) - 1, ext, 0] if k == len(parts) - 1 else None
            blocks.append((top, lines_from_rows(rows)))
        if parts and content and max(content) > parts[-1][0]:
            open_table = None           # text after the page's last table: the table ended
        elif not parts:
            open_table = None
        blocks.extend((top, [text]) for top, text in texts)
        blocks.sort(key=lambda b: b[0])
        for _, ls in blocks:
            lines.extend(ls)
        if open_table is not None:
            open_table[2] = sum(1 for top, text in texts if top > parts[-1][0])
        page.close()   # keep memory flat over long documents
    if fast is not None:
        fast.close()
    text = "\n".join(lines)
    problem = text_layer_problem(text, len(pages), image_pages)
    if problem and fast is not None:
        # whether a text layer is garbage (then it is OCR'd) is judged on pdfminer's
        # reading of it, as it always was: pdfium maps some glyphs pdfminer cannot
        return parse_pdf(body, dict(opts, fast=False))
    if not text.strip():
        notes.append("pdf has no text layer (scanned?)")
    # judged on the pages read; the OCR pass (pipelines.read.scanned) runs in a child of its own
    return ReadResult(text, tables, None, notes, wants_ocr=problem)


def _fast_doc(body: bytes, total: int):
    """The pdfium document for the fast path, or None: pdfium cannot open the file,
    or it counts other pages than pdfminer's page tree (a broken tree pdfminer
    recovers by scanning for page objects), so its page i might not be the same page."""
    try:
        doc = pdftext.Doc(body)
    except MemoryError:
        raise
    except Exception:  # pdfium refuses what pdfminer may still read: the slow path reads it
        return None
    if len(doc) != total:
        doc.close()
        return None
    return doc
