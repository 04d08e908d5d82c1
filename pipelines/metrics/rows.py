"""Rows as the table reader sees them: cells at positions, a structured table's spans
expanded into a grid (grid_rows), a text line's cells in order (text_row), and what
the reader finds in them (Found)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Cell:
    text: str
    origin: int


@dataclass
class Row:
    cells: list[Cell]
    evidence: str          # the row as published: its own cells joined by "\t"
    grid: bool = False     # positions are real grid columns (spans expanded)
    filled: bool = False   # structured table without spans: header gaps may be filled
    exact: bool = True     # a real row (empty cells kept); False for rows rebuilt from
                           # one-cell-per-line text, where empty cells have vanished


@dataclass
class Found:
    key: str
    value: int | float
    approximate: bool
    unit: str
    evidence: str


def grid_rows(table: list) -> list[Row]:
    """Expand a structured table (rows of {"text", "rowspan", "colspan"}) into grid rows."""
    rows: list[Row] = []
    pending: dict[int, tuple[Cell, int]] = {}  # column -> (cell, rows still covered)
    any_span = False
    origin = 0
    for raw in table or []:
        if not isinstance(raw, (list, tuple)):
            continue
        cells: list[Cell] = []
        own_texts: list[str] = []
        col = 0

        def take_pending():
            nonlocal col
            while col in pending:
                cell, left = pending[col]
                cells.append(cell)
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (cell, left - 1)
                col += 1

        for c in raw:
            if isinstance(c, dict):
                text = c.get("text")
                rs, cs = c.get("rowspan") or 1, c.get("colspan") or 1
            else:
                text, rs, cs = c, 1, 1
            text = "" if text is None else str(text)
            try:
                rs, cs = max(1, min(int(rs), 500)), max(1, min(int(cs), 100))
            except (TypeError, ValueError, OverflowError):   # junk spans (inf, "abc") read as 1
                rs, cs = 1, 1
            if rs > 1 or cs > 1:
                any_span = True
            take_pending()
            cell = Cell(text, origin)
            origin += 1
            own_texts.append(text)
            for _ in range(cs):
                cells.append(cell)
                if rs > 1:
                    pending[col] = (cell, rs - 1)
                col += 1
        take_pending()
        rows.append(Row(cells, "\t".join(own_texts), grid=True))
    if not any_span:
        for r in rows:
            r.filled = True
    return rows


def text_row(cells: list[str], evidence: str | None = None, exact: bool = True) -> Row:
    return Row([Cell(t, i) for i, t in enumerate(cells)],
               evidence if evidence is not None else "\t".join(cells), exact=exact)


def row_signature(evidence: str) -> str:
    """A row compared across renderings: its cell texts without any whitespace."""
    return "".join(evidence.split())
