"""Read what the spider fetched: decode HTML by its bytes, turn PDF / DOCX / XLSX
into text + tables, and record (never drop) what cannot be read.

Plain functions first, the Scrapy pipeline last:

* ``read_document(fmt, body, max_bytes=, timeout=)`` -> ReadResult(text, tables, error, notes)

Binary formats are parsed in a child process (multiprocessing "forkserver": the
crawl runs Twisted threads, and forking a threaded process is unsafe) with a
wall-clock timeout and an address-space limit, so one hostile file can neither
hang nor exhaust the crawl.  Zip containers are checked for bombs and XML entity
declarations before any parser sees them.
"""
from __future__ import annotations

import codecs
import io
import logging
import math
import multiprocessing
import re
import zipfile
from dataclasses import dataclass, field

from core.formats import decode_html, detect_format, header
from core.items import is_document

logger = logging.getLogger(__name__)


DEFAULT_MAX_PDF_PAGES = 300            # real reports have < 60 pages
DEFAULT_MAX_MEMORY = 1024 * 1024 * 1024  # address space a parser child may add to its start size
# zip-bomb bounds for DOCX/XLSX: real reports inflate to a few MB
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200                        # per member, only judged for members above 1 MB
MAX_MEMBERS = 10000


@dataclass
class ReadResult:
    text: str = ""
    tables: list = field(default_factory=list)
    error: str | None = None
    notes: list = field(default_factory=list)   # e.g. page cap applied; not an error


# ---------------------------------------------------------------------------
# binary documents: container checks (in the parent, cheap) ...

def check_zip(body: bytes, max_uncompressed: int = MAX_UNCOMPRESSED) -> str | None:
    """Reason to refuse an OOXML container before parsing it, or None.

    Judged on the declared sizes in the central directory; zipfile itself refuses
    to inflate a member past its declared size, so the declaration is binding."""
    try:
        z = zipfile.ZipFile(io.BytesIO(body))
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        return "corrupt zip container: %s" % e
    with z:
        infos = z.infolist()
        if len(infos) > MAX_MEMBERS:
            return "zip bomb: %d members" % len(infos)
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                return "zip bomb: %s inflates %d -> %d bytes (ratio %d)" % (
                    info.filename, info.compress_size, info.file_size, info.file_size // max(info.compress_size, 1))
        if total > max_uncompressed:
            return "zip bomb: %d bytes uncompressed (limit %d)" % (total, max_uncompressed)
        # Office XML never carries a DTD; one that does is an entity-expansion attack.
        # Every member is looked at (a part may have any name its rels give it), and
        # its whole prolog is read: a comment before the DOCTYPE is legal XML.
        for info in infos:
            if not info.file_size or info.is_dir():
                continue
            try:
                with z.open(info) as f:
                    found = _prolog_declares_dtd(f)
            except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, EOFError) as e:
                return "corrupt zip container: %s: %s" % (info.filename, e)
            if found:
                return "xml with DTD/entity declarations in %s refused (%s)" % (info.filename, found)
    return None


# what may come before an XML document's root element: whitespace, the XML
# declaration and other processing instructions, comments
_PROLOG_SKIP = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
MAX_PROLOG = 1024 * 1024


def _prolog_declares_dtd(f) -> str | None:
    """Read an XML part up to its root element: 'DOCTYPE' / 'ENTITY' when a declaration
    comes first, 'prolog over 1 MB' when the prolog never ends, None when the root
    element (or something that is not XML at all) comes first.  UTF-16 parts are
    transcoded first, or their declarations would hide between NUL bytes."""
    buf, decoder, first = b"", None, True
    while True:
        chunk = f.read(64 * 1024)
        if first:
            first = False
            if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                decoder = codecs.getincrementaldecoder("utf-16")("replace")
            elif chunk[:2] in (b"<\0", b"\0<"):
                decoder = codecs.getincrementaldecoder("utf-16-le" if chunk[:1] == b"<" else "utf-16-be")("replace")
        if decoder is not None:
            chunk = decoder.decode(chunk, final=not chunk).encode("utf-8")
        buf += chunk
        body = buf[3:] if buf.startswith(codecs.BOM_UTF8) else buf
        rest = body[_PROLOG_SKIP.match(body).end():]
        if rest:
            if rest[:1] != b"<":
                return None                  # not markup: an image, a binary part
            if not rest.startswith((b"<?", b"<!--")) and (len(rest) >= 9 or not chunk):
                head = rest[:9].upper()
                if head.startswith((b"<!DOCTYPE", b"<!ENTITY")):
                    return head[2:].split()[0].decode("ascii", "replace")
                return None                  # the root element: no DTD
            # else an unfinished comment / PI, or too little to judge: read on
        if not chunk:
            return None                      # ended inside the prolog: the parser will say so
        if len(buf) > MAX_PROLOG:
            return "prolog over 1 MB"


# ... and the parsers themselves (run in the child)

def _fmt_number(v) -> str:
    """Numbers as a person typed them: 3599 not 3599.0, 4.8 not 4.800000000000001."""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return ""
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return format(v, ".15g")
    return str(v)


def _cell_str(v) -> str:
    import datetime
    if v is None:
        return ""
    if isinstance(v, datetime.datetime):
        return v.date().isoformat() if v.time() == datetime.time() else v.isoformat(sep=" ")
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, (int, float)):
        return _fmt_number(v)
    return " ".join(str(v).split())


def _lines_from_rows(rows) -> list[str]:
    return ["\t".join(c["text"] for c in row) for row in rows if any(c["text"] for c in row)]


def _xlsx_merges(z: zipfile.ZipFile, sheet_path: str) -> dict:
    """{(row, col) of a merge's top-left cell: (rowspan, colspan)} plus every covered
    cell mapped to None, read from the sheet's <mergeCells> (openpyxl's read-only
    mode does not expose them)."""
    from lxml import etree
    from openpyxl.utils.cell import range_boundaries
    out = {}
    try:
        with z.open(sheet_path.lstrip("/")) as f:
            for _, el in etree.iterparse(f, events=("end",), resolve_entities=False, no_network=True):
                if el.tag.endswith("}mergeCell"):
                    try:
                        c0, r0, c1, r1 = range_boundaries(el.get("ref", ""))
                    except (ValueError, TypeError):
                        continue
                    for r in range(r0, r1 + 1):
                        for c in range(c0, c1 + 1):
                            out[(r, c)] = None
                    out[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
                elif el.tag.endswith("}row"):
                    el.clear()   # rows can be many; merges come after them
    except (KeyError, etree.XMLSyntaxError):
        return {}
    return out


def _parse_xlsx(body: bytes, opts: dict) -> ReadResult:
    """Every sheet as rows; cells covered by a merge are not cells of their row
    (as a browser shows the sheet), the merge's first cell carries the spans."""
    import openpyxl
    zf = zipfile.ZipFile(io.BytesIO(body))
    wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    lines, tables = [], []
    try:
        for ws in wb.worksheets:
            merges = _xlsx_merges(zf, getattr(ws, "_worksheet_path", "") or "")
            rows = []
            for r_idx, raw in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = []
                for c_idx, v in enumerate(raw, start=1):
                    m = merges.get((r_idx, c_idx), (1, 1))
                    if m is None:
                        continue     # covered by a merged cell
                    cells.append({"text": _cell_str(v), "rowspan": m[0], "colspan": m[1]})
                while cells and cells[-1]["text"] == "":
                    cells.pop()       # trailing empty cells are formatting, not data
                if cells:
                    rows.append(cells)
            if rows:
                tables.append(rows)
                lines.extend(_lines_from_rows(rows))
    finally:
        wb.close()
        zf.close()
    return ReadResult("\n".join(lines), tables)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_par_text(p) -> str:
    parts = []
    for node in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "sym"):
        if node.tag == _W + "t":
            parts.append(node.text or "")
        elif node.tag == _W + "tab":
            parts.append(" ")
        else:
            parts.append(" " if node.tag != _W + "sym" else "")
    return " ".join("".join(parts).split())


def _docx_cell_text(tc) -> str:
    texts = []
    for child in tc.iter(_W + "p"):
        t = _docx_par_text(child)
        if t:
            texts.append(t)
    return "".join(texts) if all(_cjk_edge(a, b) for a, b in zip(texts, texts[1:])) else " ".join(texts)


def _cjk_edge(a: str, b: str) -> bool:
    """True when two wrapped pieces meet at a CJK character: they join without a space."""
    return bool(a and b) and (ord(a[-1]) > 0x2e80 or ord(b[0]) > 0x2e80)


def _docx_table(tbl) -> list:
    """Rows of {'text','rowspan','colspan'} as published: a cell covered by a vertical
    merge (w:vMerge continue) is not a cell of its row, as rowspan in HTML."""
    rows, origin = [], {}   # origin: grid column -> the cell dict that started a vMerge there
    for tr in tbl.iterchildren(_W + "tr"):
        row, col = [], 0
        for tc in tr.iterchildren(_W + "tc"):
            tcpr = tc.find(_W + "tcPr")
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(_W + "gridSpan")
                if gs is not None:
                    try:
                        span = max(1, int(gs.get(_W + "val", "1")))
                    except ValueError:
                        span = 1
                vm = tcpr.find(_W + "vMerge")
                if vm is not None:
                    vmerge = vm.get(_W + "val", "continue")
            if vmerge == "continue" and col in origin:
                origin[col]["rowspan"] += 1
            else:
                cell = {"text": _docx_cell_text(tc), "rowspan": 1, "colspan": span}
                row.append(cell)
                if vmerge == "restart":
                    origin[col] = cell
                else:
                    origin.pop(col, None)
            col += span
        rows.append(row)
    return rows


def _parse_docx(body: bytes, opts: dict) -> ReadResult:
    import docx
    d = docx.Document(io.BytesIO(body))
    lines, tables = [], []
    body_el = d.element.body
    # paragraphs and tables in document order; sdt (content controls) wrap either
    stack = list(body_el.iterchildren())
    stack.reverse()
    while stack:
        el = stack.pop()
        if el.tag == _W + "p":
            t = _docx_par_text(el)
            if t:
                lines.append(t)
        elif el.tag == _W + "tbl":
            rows = _docx_table(el)
            if rows:
                tables.append(rows)
                lines.extend(_lines_from_rows(rows))
        elif el.tag == _W + "sdt":
            content = el.find(_W + "sdtContent")
            if content is not None:
                stack.extend(reversed(list(content.iterchildren())))
    return ReadResult("\n".join(lines), tables)


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
                text += ("" if _cjk_edge(text, p) else " ") + p
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


def _pdf_page_lines(page, table_boxes) -> list[tuple[float, str]]:
    """Text lines outside tables, wrapped lines of one paragraph joined.

    PDF text has no paragraphs, only lines.  A line continues on the next one when
    it runs to the right margin, the next line starts at the left margin (a new
    paragraph is indented) and both are set in the same size (a title is not);
    joining them keeps '123\\n件' from splitting a figure from its unit."""
    def outside(obj):
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in table_boxes)

    src = page.filter(outside) if table_boxes else page
    lines = [l for l in (src.extract_text_lines(x_tolerance=1.5, return_chars=True) or []) if l["text"].strip()]
    if not lines:
        return []
    right = max(l["x1"] for l in lines)
    left = min(l["x0"] for l in lines)
    widths = sorted((l["x1"] - l["x0"]) / max(len(l["text"]), 1) for l in lines)
    char_w = widths[len(widths) // 2] or 10

    def size(line):
        sizes = sorted(round(c.get("size", 0), 1) for c in line.get("chars", []))
        return sizes[len(sizes) // 2] if sizes else 0

    out = []
    prev = None
    for l in lines:
        text = " ".join(l["text"].split())
        if prev is not None and out and prev["x1"] >= right - 1.5 * char_w and l["x0"] <= left + 0.8 * char_w \
                and abs(size(prev) - size(l)) < 0.6:
            top, joined = out[-1]
            out[-1] = (top, joined + ("" if _cjk_edge(joined, text) else " ") + text)
        else:
            out.append((l["top"], text))
        prev = l
    return out


def _pdf_resolve(x, hops: int = 16):
    """An indirect object's value, following at most `hops` references (pdfminer's
    resolve1 loops forever on a reference cycle: 7 0 R -> 8 0 R -> 7 0 R)."""
    from pdfminer.pdftypes import PDFObjRef
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
    import itertools
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

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


def _parse_pdf(body: bytes, opts: dict) -> ReadResult:
    import pdfplumber
    max_pages = opts.get("max_pages") or DEFAULT_MAX_PDF_PAGES
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
    for page_no, page in enumerate(pages, 1):
        found = page.find_tables()
        parts = []
        boxes = []
        for t in found:
            ext: list = []
            rows = _pdf_table_rows(t, ext)
            if rows and sum(len(r) for r in rows) > 1:
                boxes.append(t.bbox)
                parts.append((t.bbox[1], rows, ext))
        parts.sort(key=lambda p: p[0])
        texts = _pdf_page_lines(page, boxes)
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
            blocks.append((top, _lines_from_rows(rows)))
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
    text = "\n".join(lines)
    if not text.strip():
        notes.append("pdf has no text layer (scanned?)")
    return ReadResult(text, tables, None, notes)


_PARSERS = {"pdf": _parse_pdf, "docx": _parse_docx, "xlsx": _parse_xlsx}


# ---------------------------------------------------------------------------
# the bounded child

def _limit_memory(max_memory: int) -> None:
    import resource
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[0])
        current = pages * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        current = 0
    limit = current + max_memory
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child_main(conn, func, args: tuple, max_memory: int) -> None:
    try:
        _limit_memory(max_memory)
        conn.send(("ok", func(*args)))
    except MemoryError:
        conn.send(("error", "out of memory (limit %d bytes)" % max_memory))
    except BaseException as e:  # the child reports every failure as a reason
        msg = " ".join(str(e).split())[:300]
        conn.send(("error", "%s%s" % (type(e).__name__, ": " + msg if msg else "")))
    finally:
        conn.close()


_CTX = None


def _context():
    """The forkserver context, its server preloaded with the parser libraries so
    each document's child starts warm (a fork, not a fresh interpreter)."""
    global _CTX
    if _CTX is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["pipelines.read", "pdfplumber", "docx", "openpyxl"])
        _CTX = ctx
    return _CTX


class BoundedError(Exception):
    """The bounded call failed: timeout, out of memory, crash, or the function raised."""


def run_bounded(func, args: tuple = (), *, timeout: float = 60, max_memory: int = DEFAULT_MAX_MEMORY):
    """Call func(*args) in a forkserver child with a wall-clock timeout (the child is
    killed on expiry) and an address-space limit; return its result or raise
    BoundedError with the reason.  func and its result must pickle (a module-level
    function)."""
    ctx = _context()
    recv_end, send_end = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child_main, args=(send_end, func, args, max_memory), daemon=True)
    proc.start()
    send_end.close()
    msg = None
    try:
        if recv_end.poll(timeout):
            try:
                msg = recv_end.recv()
            except (EOFError, OSError):
                msg = None
        else:
            proc.kill()
            proc.join(5)
            raise BoundedError("timeout: took more than %gs (killed)" % timeout)
    finally:
        recv_end.close()
    proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join(5)
    if msg is None:
        raise BoundedError("parser died (exit code %s)" % proc.exitcode)
    if msg[0] == "ok":
        return msg[1]
    raise BoundedError(msg[1])


def read_document(fmt: str, body: bytes, *, max_bytes: int = 50 * 1024 * 1024, timeout: float = 60,
                  max_pages: int = DEFAULT_MAX_PDF_PAGES, max_memory: int = DEFAULT_MAX_MEMORY) -> ReadResult:
    """Text and tables of a PDF / DOCX / XLSX body; anything else is an error result
    ('unsupported format: doc'), never an exception."""
    body = body or b""
    if fmt not in _PARSERS:
        return ReadResult(error="unsupported format: %s" % fmt)
    if not body:
        return ReadResult(error="empty body")
    if len(body) > max_bytes:
        return ReadResult(error="too large: %d bytes (limit %d)" % (len(body), max_bytes))
    if fmt in ("docx", "xlsx"):
        reason = check_zip(body)
        if reason:
            return ReadResult(error=reason)
    elif fmt == "pdf" and b"%PDF-" not in body[:1024]:
        return ReadResult(error="corrupt pdf: no %PDF header")
    try:
        return run_bounded(_PARSERS[fmt], (body, {"max_pages": max_pages}), timeout=timeout, max_memory=max_memory)
    except BoundedError as e:
        reason = str(e)
        if not reason.startswith(("timeout", "out of memory", "parser died")):
            reason = "corrupt %s: %s" % (fmt, reason)
        else:
            reason = "%s (%s)" % (reason, fmt)
        return ReadResult(error=reason)
    except Exception as e:  # could not even start the child: record, never raise
        logger.exception("bounded parse failed")
        return ReadResult(error="parse failed: %s: %s" % (type(e).__name__, e))


# ---------------------------------------------------------------------------
# the pipeline

def _set(item, key, value) -> None:
    """Set a field the item may not declare yet (html_parts, read_notes): an
    undeclared field of a scrapy.Item raises, and losing the item is worse than
    losing the field."""
    try:
        item[key] = value
    except KeyError:
        logger.debug("item has no field %r; value dropped", key)


class ReadPipeline:
    """bytes -> decoded HTML (html documents and their continuation pages) or text +
    tables (files); unreadable bodies get parse_error, and every item goes on."""

    def __init__(self, max_bytes=50 * 1024 * 1024, timeout=60, max_pages=DEFAULT_MAX_PDF_PAGES):
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.max_pages = max_pages

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(max_bytes=s.getint("NIANBAO_MAX_DOC_BYTES", 50 * 1024 * 1024),
                   timeout=s.getfloat("NIANBAO_PARSE_TIMEOUT", 60),
                   max_pages=s.getint("NIANBAO_MAX_PDF_PAGES", DEFAULT_MAX_PDF_PAGES))

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
            _set(item, "html_parts", pages)
            return
        res = read_document(fmt, body, max_bytes=self.max_bytes, timeout=self.timeout,
                            max_pages=self.max_pages)
        if res.error:
            item["parse_error"] = res.error
        else:
            item["text"] = res.text
            item["tables"] = res.tables
        if res.notes:
            _set(item, "read_notes", res.notes)
