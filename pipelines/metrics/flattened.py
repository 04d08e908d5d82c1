"""Tables that reached us flattened into the text.

Three shapes are recognised (all seen in real reports and their PDF/DOCX/XLSX copies):
- tab rows: one table row per line, cells joined by "\\t" (the clean text's own
  rendering; XLSX sheets; DOCX tables). Empty cells survive as empty strings.
- one cell per line, as a PDF or a copied page gives them; empty cells vanish, so a
  row is a label line followed by its unit / value lines up to the next label.
- `|` cells: "label |" per line (a row separated by a bare "|" line), or markdown-like
  "| a | b |" lines.
Lines with a label followed by space-separated figures ("规章 0 2 0") are split too.

Each block of rows goes through the same `TableReader` as structured tables.
"""
from __future__ import annotations

import re

from .catalog import Catalog, compact, norm, strip_ordinals
from .numbers import is_empty_cell, parse_cell
from .rows import Found, Row, row_signature, text_row
from .tables import TableReader
from .vocab import is_header_cell, is_near_table_label, is_table_label, vocab_for
from .words import UNIT_WORDS

_MAX_CELL = 80          # a cell line is short; longer lines are prose
_MD_SEP_RE = re.compile(r"^[|\s:]*[-—]{3,}[|\s:\-—]*$")  # "|---|---|"


def _pipe_cells(line: str) -> list[str] | None:
    """"| a | b |" -> ["a", "b"]; None when the line is not a pipe row of 2+ cells."""
    s = line.strip()
    if s.count("|") < 3 or not s.startswith("|"):
        return None
    parts = [p.strip() for p in s.strip("|").split("|")]
    return parts if len(parts) >= 2 else None


def _line_kind(text: str, cat: Catalog, v) -> str:
    if not text:
        return "blank"
    if parse_cell(text) is not None:
        return "num"
    if is_empty_cell(text):
        return "empty"
    if norm(text) in UNIT_WORDS:
        return "unit"
    n = norm(text)
    if n.startswith("(") and n.endswith(")") and strip_ordinals(n) == n and len(n) <= _MAX_CELL:
        return "note"
    if len(n) > _MAX_CELL or "。" in n or "；" in text or ";" in n:
        return "prose"
    return "cell"


# where a label that lost its cell borders ("三、本年度办理结果（一）予以公开") splits again
_ORDINAL_SPLIT_RE = re.compile(
    r"(?=[(（][一二三四五六七八九十]{1,2}[)）])|(?<![\d.．])(?=\d{1,2}[.．、](?!\d))|(?=[一二三四五六七八九十]{1,2}、)")


def _value_token(t: str) -> bool:
    return parse_cell(t) is not None or is_empty_cell(t) or norm(t) in UNIT_WORDS


def _split_spaced(text: str, cat: Catalog, v) -> list[tuple[str, str]] | None:
    """A table row whose cells are separated by spaces, as PDF text gives them
    ("规章 0 2 0", "（一）收到申请数  件  76  608", "信息内容  本年制发件数 …") ->
    [(kind, cell), ...]; None when the line is not such a row."""
    s = text.strip()
    for tokens, single in ((re.split(r"\s{2,}", s), False), (s.split(), True)):
        if len(tokens) < 2:
            continue
        k = len(tokens)
        while k > 0 and _value_token(tokens[k - 1]):
            k -= 1
        labels, vals = tokens[:k], tokens[k:]
        if not vals:
            if not single and all(is_header_cell(t, cat, v) for t in tokens):
                return [("cell", t) for t in tokens]
            continue
        if not labels:
            if len(vals) >= 3 and all(parse_cell(t) is not None for t in vals):
                return [("num", t) for t in vals]     # a row of figures only (section 四)
            continue
        lead = []
        if len(labels) > 1 and re.fullmatch(r"\d{1,3}", labels[0]):
            lead = [("serial", labels[0])]          # a 序号 column
            labels = labels[1:]
        if single:
            labels = [x for x in _ORDINAL_SPLIT_RE.split("".join(labels)) if x]
        if not any(is_table_label(x, cat, v) for x in labels) and not (
                len(labels) == 1 and is_near_table_label(labels[0], cat, v)):
            continue        # (one label with a typo still makes a row: "1.当面申清数 件 3")
        kinds = [("unit" if norm(t) in UNIT_WORDS else "num" if parse_cell(t) is not None else "empty")
                 for t in vals]
        return lead + [("cell", x) for x in labels] + list(zip(kinds, vals))
    return None


def _open_paren(text: str) -> bool:
    n = norm(text)
    return n.count("(") > n.count(")")


def _has_ordinal(text: str) -> bool:
    n = norm(text)
    return strip_ordinals(n) != n


def _cell_rows(items: list[tuple[str, str]], cat: Catalog, v) -> list[Row]:
    """Group a run of one-cell-per-line items into rows: a label line starts a row and
    the unit/value lines after it belong to it; consecutive header words form one
    header row. A word that is both (行政复议, 结果维持) is a header when another word
    follows it and a label when a figure does."""
    rows: list[list[str]] = []
    kinds: list[str] = []   # "header" | "label" | "values"
    serial = False          # the table has a 序号 column: a number before a label is its row number
    last_serial = 0
    for n, (kind, text) in enumerate(items):
        if kind == "cell" and compact(text) == "序号":
            serial = True
        if kind == "cell":
            header = is_header_cell(text, cat, v) and not _has_ordinal(text)
            if header and is_table_label(text, cat, v):
                if compact(text) in v.entities or not (kinds and kinds[-1] == "header"):
                    nxt = next((k for k, _ in items[n + 1:] if k not in ("note", "blank")), None)
                    header = nxt == "cell"
            if "第二十条" in norm(text):
                rows.append([text])     # a sub-table caption starts a new header
                kinds.append("header")
            elif header and kinds and kinds[-1] == "header":
                rows[-1].append(text)
            elif header:
                rows.append([text])
                kinds.append("header")
            elif kinds and kinds[-1] == "label" and len(rows[-1]) == 1 and _open_paren(rows[-1][0]):
                rows[-1][0] += text         # a label wrapped inside its note: "…维护等方" + "面的经费)"
            else:
                rows.append([text])
                kinds.append("label")
        elif kind == "note":
            if kinds and kinds[-1] == "label" and len(rows[-1]) == 1:
                rows[-1][0] += text         # (不同渠道和方式公开相同信息计1条) belongs to its label
        elif kind == "serial":
            last_serial = int(text)
        elif kind in ("num", "empty", "unit"):
            nxt = items[n + 1][0] if n + 1 < len(items) else None
            if serial and kind == "num" and nxt == "cell" and text == str(last_serial + 1):
                last_serial += 1            # the 序号 of the next row, not a figure of this one
            elif kinds and kinds[-1] == "header" and kind == "num" and re.fullmatch(r"(19|20)\d\d", text):
                rows[-1].append(text)       # a year column header (2017)
            elif not kinds or kinds[-1] == "header":
                rows.append([text])
                kinds.append("values")
            else:
                rows[-1].append(text)
    return [text_row(r, exact=False) for r in rows]


def text_blocks(text: str, cat: Catalog, skip_rows: set[str] | None = None) -> tuple[list[list[Row]], set[int]]:
    """Blocks of table rows found in `text`, and the indexes of the lines they use
    (prose reading skips those lines). Rows equal to a structured table's rows
    (`skip_rows`) are left to the structured reading."""
    v = vocab_for(cat)
    skip_rows = skip_rows or set()
    lines = text.split("\n")
    used: set[int] = set()
    blocks: list[list[Row]] = []

    # 1) tab rows and "| a | b |" rows, in blocks of consecutive lines
    cur: list[tuple[int, Row]] = []

    def close():
        if cur:
            rows = [r for _, r in cur]
            dup = sum(1 for r in rows if row_signature(r.evidence) in skip_rows)
            if dup * 2 < len(rows):
                blocks.append(rows)
            cur.clear()

    for i, line in enumerate(lines):
        raw = line.rstrip("\r")
        if "\t" in raw:
            cur.append((i, text_row(raw.split("\t"), raw)))
            used.add(i)
            continue
        pc = _pipe_cells(raw)
        if pc is not None and not _MD_SEP_RE.match(raw):
            cur.append((i, text_row(pc, raw)))
            used.add(i)
            continue
        if raw.strip() and _MD_SEP_RE.match(raw) and "|" in raw:
            used.add(i)
            continue
        s = raw.strip()
        if cur and s and len(s) <= 40 and "第二十条" in norm(s):
            cur.append((i, text_row([s], s)))  # sub-table caption between tab rows
            used.add(i)
            continue
        if cur and not s:
            continue
        close()
    close()

    # 2) one cell per line (and "cell |" lines), in runs of short lines
    run: list[tuple[int, str, str]] = []

    def close_run():
        if not run:
            return
        items = [(k, t) for _, k, t in run]
        nums = sum(1 for k, _ in items if k == "num")
        labels = sum(1 for k, t in items if k == "cell" and is_table_label(t, cat, v))
        if nums >= 3 and labels >= 2:
            blocks.append(_cell_rows(items, cat, v))
            used.update(i for i, _, _ in run)
        run.clear()

    for i, line in enumerate(lines):
        if i in used:
            close_run()
            continue
        s = line.strip()
        if s.endswith("|") or s.startswith("|"):
            s = s.strip("|").strip()
            if not s:
                continue        # a bare "|": row separator or empty cell
        if not s:
            continue
        spaced = _split_spaced(s, cat, v) if re.search(r"\s", s) else None
        if spaced:
            run.extend((i, k, t) for k, t in spaced)
            continue
        kind = _line_kind(s, cat, v)
        if kind == "prose":
            close_run()
            continue
        run.append((i, kind, s))
    close_run()
    return blocks, used


def read_text_tables(text: str, cat: Catalog, year: int | None, skip_rows: set[str] | None = None,
                     notes: list[dict] | None = None) -> tuple[list[Found], set[int]]:
    blocks, used = text_blocks(text, cat, skip_rows)
    found: list[Found] = []
    for rows in blocks:
        reader = TableReader(cat, year)
        for r in rows:
            found.extend(reader.feed(r))
        if notes is not None:
            notes.extend(reader.notes)
    return found, used
