"""DOCX -> text + tables: paragraphs and tables in document order, vertical merges as
rowspans.  Runs in the bounded child (pipelines.read.sandbox)."""
from __future__ import annotations

import io

from .result import ReadResult, cjk_edge, lines_from_rows

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
    return "".join(texts) if all(cjk_edge(a, b) for a, b in zip(texts, texts[1:])) else " ".join(texts)


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


def parse_docx(body: bytes, opts: dict) -> ReadResult:
    import docx  # child-only: the crawl process never loads a parser
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
                lines.extend(lines_from_rows(rows))
        elif el.tag == _W + "sdt":
            content = el.find(_W + "sdtContent")
            if content is not None:
                stack.extend(reversed(list(content.iterchildren())))
    return ReadResult("\n".join(lines), tables)
