"""XLSX -> text + tables: every sheet as rows of {'text','rowspan','colspan'}, numbers
as a person typed them, merged cells as a browser shows them.  Runs in the bounded
child (pipelines.read.sandbox)."""
from __future__ import annotations

import datetime
import io
import math
import zipfile

from lxml import etree

from .result import ReadResult, lines_from_rows


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
    if v is None:
        return ""
    if isinstance(v, datetime.datetime):
        return v.date().isoformat() if v.time() == datetime.time() else v.isoformat(sep=" ")
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, (int, float)):
        return _fmt_number(v)
    return " ".join(str(v).split())


def _xlsx_merges(z: zipfile.ZipFile, sheet_path: str) -> dict:
    """{(row, col) of a merge's top-left cell: (rowspan, colspan)} plus every covered
    cell mapped to None, read from the sheet's <mergeCells> (openpyxl's read-only
    mode does not expose them)."""
    from openpyxl.utils.cell import range_boundaries  # child-only: the crawl process never loads a parser
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


def parse_xlsx(body: bytes, opts: dict) -> ReadResult:
    """Every sheet as rows; cells covered by a merge are not cells of their row
    (as a browser shows the sheet), the merge's first cell carries the spans."""
    import openpyxl  # child-only: the crawl process never loads a parser
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
                lines.extend(lines_from_rows(rows))
    finally:
        wb.close()
        zf.close()
    return ReadResult("\n".join(lines), tables)
