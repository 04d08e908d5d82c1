"""HTML table rows and the walk over blocks that every CMS body renderer (trs, jcms, jiyue) shares."""
from __future__ import annotations

from nianbao.demo.world.blocks import cell, esc


def span_attrs(rs: int, cs: int) -> str:
    """rowspan/colspan attributes, written only where a cell spans (as editors do)."""
    return (' rowspan="%d"' % rs if rs > 1 else "") + (' colspan="%d"' % cs if cs > 1 else "")


def html_row(row, td: str, text=esc) -> str:
    """One <tr>: each cell is `td` % (span attributes, text(cell text))."""
    return "<tr>" + "".join(td % (span_attrs(rs, cs), text(t)) for t, rs, cs in map(cell, row)) + "</tr>"


def html_table(rows, td: str, start: str, end: str, text=esc) -> list[str]:
    """A table's lines: `start`, a line per row (see html_row), `end`."""
    return [start] + [html_row(r, td, text) for r in rows] + [end]


def render_blocks(blocks, *, p: str, h: str, sign, table) -> str:
    """The blocks in one CMS's markup, a line per element: `p` and `h` format a paragraph and a
    heading, `sign` each signature line (or, when callable, gives the lines for all of them),
    `table(block)` gives a table's lines. Page breaks are not text and render as nothing."""
    out = []
    for b in blocks:
        if b[0] == "p":
            out.append(p % esc(b[1]))
        elif b[0] == "h":
            out.append(h % esc(b[1]))
        elif b[0] == "sign":
            out.extend(sign(b[1]) if callable(sign) else [sign % esc(x) for x in b[1]])
        elif b[0] == "table":
            out.extend(table(b))
    return "\n".join(out)
