"""The document model every report is built in, and the clean text it yields.

A report is a list of blocks:

    ("h", text)          heading (rendered bold)
    ("p", text)          paragraph
    ("sign", [lines])    signature block, right-aligned
    ("table", rows)      rows of cells; a cell is str or (text, rowspan, colspan)
    ("break",)           page break of a multi-page article (not text)

The HTML pages, the PDF/DOCX/XLSX files and the expected text are all rendered from the same
blocks, so the truth cannot drift from the pages."""
from __future__ import annotations

import html


def esc(s) -> str:
    return html.escape(str(s), quote=True)


def cell(c):
    return (str(c), 1, 1) if not isinstance(c, tuple) else (str(c[0]), c[1], c[2])


def blocks_text(blocks) -> str:
    """The clean text as the export contract wants it: one line per paragraph/heading,
    one line per table row with cells tab-separated as published (no span expansion)."""
    lines = []
    for b in blocks:
        if b[0] in ("h", "p"):
            lines.append(b[1])
        elif b[0] == "sign":
            lines.extend(b[1])
        elif b[0] == "table":
            for row in b[1]:
                lines.append("\t".join(cell(c)[0] for c in row))
    return "\n".join(lines)


def grid(rows):
    """Place HTML-style rows (with rowspan/colspan) on a grid: [(r, c, text, rs, cs)], ncols."""
    taken, placed, ncols = set(), [], 0
    for r, row in enumerate(rows):
        c = 0
        for raw in row:
            text, rs, cs = cell(raw)
            while (r, c) in taken:
                c += 1
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            placed.append((r, c, text, rs, cs))
            c += cs
            ncols = max(ncols, c)
    return placed, ncols
