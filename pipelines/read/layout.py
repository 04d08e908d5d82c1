"""Positioned words -> text lines and table rows, for readers that only know where
each piece of text sits (OCR word boxes, OFD TextCode positions): words on one
baseline make a line, wide gaps split a line into cells, and a run of lines of two
or more cells is a table whose columns come from its fullest rows.  Units are the
caller's (pixels, millimetres); thresholds scale with the text height."""
from __future__ import annotations

from dataclasses import dataclass

from .result import cjk_edge

CELL_GAP = 1.2        # a gap wider than this many text heights separates two cells
MIN_TABLE_ROWS = 2


@dataclass
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 1e-6)


def join_words(words: list[Word]) -> str:
    """Words of one cell or line, left to right: no space where CJK meets."""
    out = ""
    for w in sorted(words, key=lambda w: w.x0):
        t = w.text.strip()
        if not t:
            continue
        out += t if not out or cjk_edge(out, t) else " " + t
    return out


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Words on one line (their vertical middles within half a text height), top down."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: ((w.y0 + w.y1) / 2, w.x0)):
        mid = (w.y0 + w.y1) / 2
        if lines:
            last = lines[-1]
            lmid = sum((v.y0 + v.y1) / 2 for v in last) / len(last)
            lh = sorted(v.height for v in last)[len(last) // 2]
            if abs(mid - lmid) <= 0.5 * max(lh, w.height):
                last.append(w)
                continue
        lines.append([w])
    return [sorted(l, key=lambda w: w.x0) for l in lines]


def split_cells(line: list[Word], gap: float = CELL_GAP) -> list[list[Word]]:
    """A line's words split where the gap between them is wider than `gap` text heights."""
    h = sorted(w.height for w in line)[len(line) // 2]
    cells: list[list[Word]] = []
    for w in line:
        if cells and w.x0 - max(v.x1 for v in cells[-1]) <= gap * h:
            cells[-1].append(w)
        else:
            cells.append([w])
    return cells


def _columns(block: list[list[list[Word]]]) -> list[tuple[float, float]]:
    """Column extents of a table block from its fullest rows (a header cell spanning
    several columns would merge them): overlapping cell extents are one column."""
    most = max(len(r) for r in block)
    spans = sorted((min(w.x0 for w in c), max(w.x1 for w in c)) for r in block if len(r) >= max(2, most - 1) for c in r)
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 <= cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    return [(a, b) for a, b in cols]


def _table(block: list[list[list[Word]]]) -> list:
    cols = _columns(block)
    rows = []
    for r in block:
        placed: dict[int, list] = {}
        for c in r:
            x0, x1 = min(w.x0 for w in c), max(w.x1 for w in c)
            hit = [i for i, (a, b) in enumerate(cols) if min(x1, b) - max(x0, a) > 0] or \
                [min(range(len(cols)), key=lambda i: abs((cols[i][0] + cols[i][1]) / 2 - (x0 + x1) / 2))]
            first = hit[0]
            if first in placed:          # two cells in one column: keep them one cell
                placed[first][0] += " " + join_words(c)
                continue
            placed[first] = [join_words(c), hit[-1] - hit[0] + 1]
        out, col = [], 0
        for first in sorted(placed):
            while col < first:
                out.append({"text": "", "rowspan": 1, "colspan": 1})
                col += 1
            text, span = placed[first]
            out.append({"text": text, "rowspan": 1, "colspan": span})
            col = first + span
        out.extend({"text": "", "rowspan": 1, "colspan": 1} for _ in range(len(cols) - col))  # the row's empty end
        rows.append(out)
    return rows


def lay_out(words: list[Word]) -> list[tuple[float, str, list | None]]:
    """(top, line text, None) for text lines and (top, '', rows) for tables, top down.
    A table is MIN_TABLE_ROWS or more consecutive lines of two or more cells."""
    lines = group_lines([w for w in words if w.text.strip()])
    out: list[tuple[float, str, list | None]] = []
    block: list[list[list[Word]]] = []
    block_top = 0.0

    def flush():
        nonlocal block
        if len(block) >= MIN_TABLE_ROWS:
            out.append((block_top, "", _table(block)))
        else:
            for r in block:
                out.append((min(w.y0 for c in r for w in c), "\t".join(join_words(c) for c in r), None))
        block = []

    for line in lines:
        cells = split_cells(line)
        top = min(w.y0 for w in line)
        if len(cells) >= 2:
            if not block:
                block_top = top
            block.append(cells)
            continue
        flush()
        out.append((top, join_words(line), None))
    flush()
    return out
