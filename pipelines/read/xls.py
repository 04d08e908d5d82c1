"""BIFF .xls (and .et, which Kingsoft ET writes as the same BIFF8 workbook) -> text +
tables with xlrd: every sheet as rows of {'text','rowspan','colspan'}, numbers as a
person typed them, merged cells as a browser shows them.  An .et that is really an
OOXML workbook never comes here: core.formats sniffs the zip and calls it xlsx.
Runs in the bounded child (pipelines.read.sandbox)."""
from __future__ import annotations

from .result import ReadResult, lines_from_rows
from .xlsx import _cell_str

MAX_ROWS = 5000      # per sheet: a statistics table has a few dozen
MAX_COLS = 200


def _value(book, cell) -> str:
    import xlrd  # child-only: the crawl process never loads a parser
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return _cell_str(xlrd.xldate_as_datetime(cell.value, book.datemode))
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return _cell_str(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return _cell_str(cell.value)


def _open(body: bytes):
    import xlrd  # child-only: the crawl process never loads a parser
    try:
        # formatting_info carries the merged cells; some writers' format records
        # trip it, and then the values alone are still worth reading
        return xlrd.open_workbook(file_contents=body, formatting_info=True, on_demand=True), True
    except (NotImplementedError, AssertionError, IndexError, KeyError):
        return xlrd.open_workbook(file_contents=body, on_demand=True), False


def parse_xls(body: bytes, opts: dict) -> ReadResult:
    book, formatted = _open(body)
    lines, tables, notes = [], [], []
    try:
        for idx in range(book.nsheets):
            sheet = book.sheet_by_index(idx)
            merges = {}
            for r0, r1, c0, c1 in (sheet.merged_cells if formatted else []):
                for r in range(r0, r1):
                    for c in range(c0, c1):
                        merges[(r, c)] = None
                merges[(r0, c0)] = (r1 - r0, c1 - c0)
            if sheet.nrows > MAX_ROWS or sheet.ncols > MAX_COLS:
                notes.append("sheet %s has %d x %d cells; read %d x %d" % (
                    sheet.name, sheet.nrows, sheet.ncols, min(sheet.nrows, MAX_ROWS), min(sheet.ncols, MAX_COLS)))
            rows = []
            for r in range(min(sheet.nrows, MAX_ROWS)):
                cells = []
                for c in range(min(sheet.ncols, MAX_COLS)):
                    m = merges.get((r, c), (1, 1))
                    if m is None:
                        continue      # covered by a merged cell
                    cells.append({"text": _value(book, sheet.cell(r, c)), "rowspan": m[0], "colspan": m[1]})
                while cells and cells[-1]["text"] == "":
                    cells.pop()        # trailing empty cells are formatting, not data
                if cells:
                    rows.append(cells)
            if rows:
                tables.append(rows)
                lines.extend(lines_from_rows(rows))
            book.unload_sheet(idx)
    finally:
        book.release_resources()
    return ReadResult("\n".join(lines), tables, notes=notes)
