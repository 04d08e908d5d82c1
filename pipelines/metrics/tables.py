"""Figures from tables: the 2008 统计表 and the 2019/2021 standard tables.

Every table, whatever it came from, is read as a sequence of rows (rows.py: spans of
a structured table expanded into a grid, a text line's cells in order).

`TableReader` walks the rows of one table with a little state (the current header
block, the group a sub-row belongs to) and recognises four shapes by structure, not
by markup:

- 2008 统计表 (here): label | unit | value [| 历年累计]; the value column comes from
  the header (统计数 / 本年 / the report year), never a cumulative column.
- 2019 sections 二, 三 and 四 (standard.py).

Which words are header words and row labels: vocab.py, words.py.
"""
from __future__ import annotations


from .catalog import Catalog, compact, norm, stem
from .numbers import CellValue, is_empty_cell, parse_cell
from .rows import Found, Row, grid_rows, row_signature
from .standard import StandardTables
from .vocab import is_header_cell, is_year, unit_in, vocab_for
from .words import SUBTABLE_MARK, UNIT_WORDS, VALUE_HEADERS


class TableReader(StandardTables):
    """Reads the rows of one table (or of one flattened block of text rows)."""

    def __init__(self, cat: Catalog, year: int | None = None):
        self.cat = cat
        self.v = vocab_for(cat)
        self.year = year
        self.header: list[Row] = []
        self.last_kind = None
        self.ctx_group: str | None = None   # 2008: group of the last matched row
        self.s3_group: str | None = None    # 2019 三: the group label over sub-rows
        self.found: list[Found] = []

    # -- classification -------------------------------------------------------------
    def _is_header_cell(self, text: str) -> bool:
        return is_header_cell(text, self.cat, self.v)

    def is_header_row(self, row: Row) -> bool:
        texts = self._distinct_texts(row)
        if not texts:
            return False
        for t in texts:
            pc = parse_cell(t)
            if pc is not None and not is_year(compact(t)):
                return False
        hits = sum(1 for t in texts if self._is_header_cell(t))
        return hits == len(texts) or (hits >= 2 and hits >= len(texts) - 1)

    @staticmethod
    def _distinct_texts(row: Row) -> list[str]:
        seen, out = set(), []
        for c in row.cells:
            if c.origin in seen:
                continue
            seen.add(c.origin)
            if c.text and c.text.strip():
                out.append(c.text)
        return out

    # -- main entry -------------------------------------------------------------------
    def feed(self, row: Row) -> list[Found]:
        before = len(self.found)
        texts = self._distinct_texts(row)
        if not texts:
            return []
        if self.is_header_row(row):
            if any(SUBTABLE_MARK in compact(t) for t in texts):
                self.header = []        # a sub-table starts: its own header follows
                self.last_kind = "sep"
                rest = [c for c in row.cells if SUBTABLE_MARK not in compact(c.text)]
                if not any(c.text.strip() for c in rest):
                    return []
                row = Row(rest, row.evidence, row.grid, row.filled, row.exact)
            if self.last_kind not in ("header", "sep"):
                self.header = []
            self.header.append(row)
            self.last_kind = "header"
            return []
        numeric = [i for i, c in enumerate(row.cells) if parse_cell(c.text) is not None]
        labels = self._label_cells(row)
        if not numeric:
            self._label_row(labels)
            self.last_kind = "label"
            return []
        self.last_kind = "data"
        if not labels:
            self._value_only_row(row)
        elif not self._s3_row(row, labels):
            if not self._matrix_row(row, labels):
                self._row_2008(row, labels)
        return self.found[before:]

    def _label_cells(self, row: Row) -> list[tuple[int, str]]:
        """(position, text) of the label cells: not values, not units, not empty;
        one entry per spanning cell."""
        out, seen = [], set()
        for i, c in enumerate(row.cells):
            t = c.text.strip() if c.text else ""
            if not t or c.origin in seen:
                continue
            seen.add(c.origin)
            if parse_cell(t) is not None or is_empty_cell(t) or norm(t) in UNIT_WORDS:
                continue
            out.append((i, t))
        return out

    def _emit(self, key: str, cv: CellValue, unit: str | None, row: Row):
        if key not in self.cat:
            return
        self.found.append(Found(key, cv.value, cv.approximate,
                                unit or cv.unit or self.cat.unit(key), row.evidence))

    # -- label-only rows set the context for the rows under them -----------------------
    def _label_row(self, labels):
        for _, t in labels:
            c = compact(t)
            if c in self.v.s3_groups:
                self.s3_group = c
            elif c in self.v.s3 and self.v.s3[c].count(".") == 1:
                self.s3_group = None
            keys = self.v.t2008.get(stem(t))
            if keys and len(keys) == 1:
                self.ctx_group = next(iter(keys)).split(".")[0]

    # -- 2008 统计表 -------------------------------------------------------------------
    def _key_2008(self, labels) -> str | None:
        for _, t in labels:
            keys = self.v.t2008.get(stem(t))
            if not keys:
                continue
            if len(keys) > 1:
                keys = {k for k in keys if k.split(".")[0] == self.ctx_group}
                if len(keys) != 1:
                    return None
            key = next(iter(keys))
            return key
        return None

    def _value_positions(self) -> tuple[int | None, set[int], list[int]]:
        """(value column, cumulative columns, all figure columns in order) from the
        last header row, if any."""
        if not self.header:
            return None, set(), []
        hdr = self.header[-1]
        cum, val, years = set(), None, {}
        for i, c in enumerate(hdr.cells):
            t = compact(c.text)
            if not t:
                continue
            if "累计" in t:
                cum.add(i)
            elif is_year(t):
                years[is_year(t)] = i
            elif t in VALUE_HEADERS or t.startswith("本年"):
                if val is None:
                    val = i
        if years:
            if self.year in years:
                val = years[self.year]
            elif self.year is None and val is None:
                val = years[max(years)]
            elif len(years) == 1 and val is None:
                val = next(iter(years.values()))
        cols = sorted(cum | set(years.values()) | ({val} if val is not None else set()))
        if val is None and cum:
            val = -1    # a cumulative column but no named year column: nothing to take
        return val, cum, cols

    def _row_2008(self, row: Row, labels):
        key = self._key_2008(labels)
        if key is None:
            return
        self.ctx_group = key.split(".")[0]
        unit = next((norm(c.text) for c in row.cells if norm(c.text) in UNIT_WORDS), None)
        val_pos, cum, value_cols = self._value_positions()
        hdr_len = len(self.header[-1].cells) if self.header else None
        label_pos = labels[0][0]
        if val_pos == -1:
            return      # only a cumulative column: not the year's figure
        if val_pos is not None and (row.grid or (row.exact and hdr_len == len(row.cells))):
            if not label_pos < val_pos < len(row.cells):
                return
            text = row.cells[val_pos].text
        else:
            cands, seen = [], {row.cells[label_pos].origin}
            for i, c in enumerate(row.cells):
                if i <= label_pos or c.origin in seen:
                    continue
                seen.add(c.origin)
                t = c.text.strip() if c.text else ""
                if norm(t) in UNIT_WORDS or (row.exact and i in cum):
                    continue
                if parse_cell(t) is not None or is_empty_cell(t):
                    cands.append(t)
                else:
                    return  # another label in the row: not a label|value row
            if not cands:
                return
            if len(value_cols) > 1:
                # several figure columns (本年 | 历年累计, 2016年 | 2017年): only a row with
                # one cell per column tells which figure is the year's
                if len(cands) != len(value_cols) or val_pos not in value_cols:
                    return
                text = cands[value_cols.index(val_pos)]
            elif len(cands) == 1 or not value_cols:
                text = cands[0]
            else:
                return
        cv = parse_cell(text)
        if cv is not None:
            self._emit(key, cv, unit or unit_in(labels[0][1]), row)


def read_tables(tables: list, cat: Catalog, year: int | None) -> tuple[list[Found], set[str]]:
    """All figures of the structured tables, and the signatures of their rows (the
    clean text renders the same rows as tab lines; those are not read twice)."""
    found: list[Found] = []
    rows_seen: set[str] = set()
    for table in tables or []:
        rows = grid_rows(table)
        reader = TableReader(cat, year)
        for r in rows:
            rows_seen.add(row_signature(r.evidence))
            found.extend(reader.feed(r))
    return found, rows_seen
