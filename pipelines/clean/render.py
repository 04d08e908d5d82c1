"""Serialising a subtree: one line per paragraph / heading, one line per table row
with cells tab-separated as published, and the data tables with their spans."""
from __future__ import annotations

import lxml.etree

from core.text import squash, strip_space
from pipelines.clean.tree import BLOCK_TAGS, CELL_TAGS, DROP_TAGS, RENDERED, tag_name, text_of

# what a table holding one of these lays the page out instead of holding data
_LAYOUT_INSIDE = {"table", "h1", "h2", "h3", "form", "iframe", "ul", "ol", "dl", "frameset", "nav", "header", "footer"}
_TABLE_PARTS = {"thead", "tbody", "tfoot"}
# does a table hold anything outside its cells? (one C-level query: tables are many)
_HAS_STRAY = lxml.etree.XPath(
    "boolean(text()[normalize-space()] | (thead|tbody|tfoot|tr)/text()[normalize-space()]"
    " | (thead|tbody|tfoot)/tr/text()[normalize-space()]"
    " | *[not(self::thead or self::tbody or self::tfoot or self::tr or self::caption or self::col"
    " or self::colgroup)] | (thead|tbody|tfoot)/*[not(self::tr)]"
    " | (tr|thead/tr|tbody/tr|tfoot/tr)/*[not(self::td or self::th)])")


def _cjk_edge(a: str, b: str) -> bool:
    return bool(a and b) and (ord(a[-1]) > 0x2e80 or ord(b[0]) > 0x2e80)


def _join_pieces(pieces: list[str]) -> str:
    """Pieces on one line: a space between Latin words, none beside a CJK character."""
    out = ""
    for p in pieces:
        p = p.strip()
        if not p:
            continue
        out = p if not out else out + ("" if _cjk_edge(out, p) else " ") + p
    return out


class _Renderer:
    """Walks a subtree and produces lines (paragraphs, headings, table rows) and the
    tables it met, in document order."""

    def __init__(self):
        self.lines: list[str] = []
        self.tables: list[list] = []
        self.buf: list[str] = []
        self.rendered = RENDERED.get()

    def flush(self):
        line = squash("".join(self.buf))
        if line:
            self.lines.append(line)
        self.buf = []

    def walk(self, el):
        tag = el.tag        # tag_name, inline: the walk meets every element of the page
        if not isinstance(tag, str):
            return
        tag = tag.lower()
        if tag in DROP_TAGS:
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table" and not is_layout_table(el):
            self.flush()
            self.table(el)
            return
        block = tag in BLOCK_TAGS
        rendered = self.rendered
        if block:
            self.flush()
            # a block's lines are its subtree's alone (a line break on each side):
            # the ones an earlier render of the page made, if nothing in it changed since
            done = rendered.get(el) if rendered is not None else None
            if done is not None:
                lines, start, end, tables, tstart, tend = done
                self.lines.extend(lines[start:end])
                self.tables.extend(tables[tstart:tend])
                return
            start, tstart = len(self.lines), len(self.tables)
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.buf.append(child.tail)
        if block:
            self.flush()
            if rendered is not None:    # where in this render's lists, not a copy of them
                rendered[el] = (self.lines, start, len(self.lines), self.tables, tstart, len(self.tables))

    def table(self, table):
        rendered = self.rendered
        done = rendered.get(table) if rendered is not None else None
        if done is None:
            done = _table_render(table)
            if rendered is not None:
                rendered[table] = done
        lines, rows = done
        self.lines.extend(lines)
        if rows:
            self.tables.append(rows)


def _table_render(table) -> tuple[list[str], list]:
    """(lines, rows) of a data table: its caption's lines, the text it holds outside
    its cells, one line per row with text; rows of {text, rowspan, colspan} cells."""
    lines, rows = [], []
    caption = None
    for child in table:
        if tag_name(child) == "caption":
            caption = child
    if caption is not None:
        sub = _Renderer()
        sub.walk(caption)
        lines.extend(sub.lines)
    # text that sits in the table but outside any cell (broken markup, a note
    # typed between rows): a browser shows it before the table, so do we
    lines.extend(_stray_lines(table))
    for tr in _table_rows(table):
        row = []
        for cell in tr:
            if tag_name(cell) not in CELL_TAGS:
                continue
            row.append({"text": _cell_text(cell), "rowspan": _span(cell, "rowspan"),
                        "colspan": _span(cell, "colspan")})
        if row:
            rows.append(row)
    for row in rows:
        if any(c["text"] for c in row):
            lines.append("\t".join(c["text"] for c in row))
    return lines, rows


def is_layout_table(table) -> bool:
    """A table used to lay the page out rather than to hold data: it nests tables,
    headings, lists or forms, or a cell holds a whole article.  Its rows and cells
    are then blocks like divs (data tables never hold such things in the reports)."""
    cached = table.get("data-nb-layout")
    if cached is not None:
        return cached == "1"
    layout = False
    for el in table.iterdescendants():
        if tag_name(el) in _LAYOUT_INSIDE:
            layout = True
            break
    if not layout:
        for tr in _table_rows(table):
            for cell in tr:
                # (the text with its spaces is as long or longer: most cells need no strip)
                if tag_name(cell) in CELL_TAGS and len(text := text_of(cell)) > 400 \
                        and len(strip_space(text)) > 400:
                    layout = True
                    break
            if layout:
                break
    table.set("data-nb-layout", "1" if layout else "0")
    return layout


def _table_rows(table):
    """The rows of this table (not of tables nested in its cells)."""
    for child in table:
        tag = tag_name(child)
        if tag == "tr":
            yield child
        elif tag in _TABLE_PARTS:
            for tr in child:
                if tag_name(tr) == "tr":
                    yield tr


def _stray_lines(table) -> list[str]:
    """Lines of the text a data table holds outside its cells: its own text and
    tails, elements that are not rows/cells (a <p> between rows), at table, section
    and row level."""
    if not _HAS_STRAY(table):
        return []
    sub = _Renderer()

    def text(s):
        if s and s.strip():
            sub.flush()
            sub.buf.append(s)
            sub.flush()

    def visit(container, level):
        text(container.text)
        for child in container:
            tag = tag_name(child)
            if level == "table" and tag in _TABLE_PARTS:
                visit(child, "section")
            elif level in ("table", "section") and tag == "tr":
                visit(child, "row")
            elif level == "row" and tag in CELL_TAGS:
                pass
            elif tag and tag not in ("caption", "col", "colgroup"):
                sub.walk(child)
                sub.flush()
            text(child.tail)

    visit(table, "table")
    sub.flush()
    return sub.lines


def _span(cell, name) -> int:
    value = cell.get(name)
    if value is None:
        return 1
    try:
        return max(1, min(int(str(cell.get(name, "1")).strip() or 1), 1000))
    except ValueError:
        return 1


def _cell_text(cell) -> str:
    """A cell's text on one line: its paragraphs joined (no space between CJK
    pieces), a table nested in it flattened."""
    if len(cell) == 0:      # text alone (most cells): that text on one line
        return squash(cell.text)
    if _one_line(cell):
        return squash(text_of(cell))
    sub = _Renderer()
    if cell.text:
        sub.buf.append(cell.text)
    for child in cell:
        sub.walk(child)
        if child.tail:
            sub.buf.append(child.tail)
    sub.flush()
    pieces = []
    for line in sub.lines:
        pieces.extend(line.split("\t"))
    return _join_pieces(pieces)


# a block that may hold a cell's words without splitting them (not a table's own part)
_CELL_BLOCKS = BLOCK_TAGS - {"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"}


def _one_line(cell) -> bool:
    """Whether rendering the cell gives its text as one line: nothing under it but
    inline elements (and comments, whose text neither reads), or one block of them
    that holds all its words (td > p > span, as Word writes its cells); no line
    break, no dropped element."""
    block = None
    for d in cell.iterdescendants():
        tag = d.tag
        if not isinstance(tag, str):
            if tag is lxml.etree.Comment or tag is lxml.etree.ProcessingInstruction:
                continue
            return False
        tag = tag.lower()
        if tag == "br" or tag in DROP_TAGS:
            return False
        if tag in BLOCK_TAGS:
            if block is not None or tag not in _CELL_BLOCKS or d.getparent() is not cell:
                return False
            block = d
    if block is None:
        return True
    return len(cell) == 1 and not (cell.text and cell.text.strip()) and not (block.tail and block.tail.strip())


def render(el) -> tuple[list[str], list]:
    """(lines, tables) of el's subtree."""
    r = _Renderer()
    r.walk(el)
    r.flush()
    return r.lines, r.tables
