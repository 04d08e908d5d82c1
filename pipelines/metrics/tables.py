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
from .fuzzy import Miss, closest_key, next_keys
from .numbers import CellValue, cell_value, in_unit, is_empty_cell, is_zero_mark, parse_cell
from .rows import Found, Row, grid_rows, row_signature
from .standard import StandardTables
from .prose_words import UNIT_COMPAT
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
        self.last_key: str | None = None    # the key of the last row read: the template
                                            # position a typo'd label is judged by
        self.notes: list[dict] = []         # labels read by fuzzy match, or left unmapped

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
        zeros = any(is_zero_mark(c.text) for c in row.cells)
        if not numeric:
            # a row of dashes may be a row of stated zeros ("规章 | — | — | —"): it sets
            # the context like a label row and is then read as figures
            self._label_row(labels)
            self.last_kind = "label"
            if not zeros:
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

    def _emit(self, key: str, cv: CellValue | None, unit: str | None, row: Row):
        if cv is None or key not in self.cat:
            return
        self.last_key = key.split("@", 1)[0]
        # in the catalogue's unit: a fee printed in 元 is recorded in 万元
        value, unit = in_unit(cv.value, unit or cv.unit, self.cat.unit(key))
        self.found.append(Found(key, value, cv.approximate, unit, row.evidence))

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
    def _key_2008(self, labels, row: Row) -> str | None:
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
        if not (self.header or self.found):
            return None     # no official header and no official row yet: not its table
        unit = next((norm(c.text) for c in row.cells if norm(c.text) in UNIT_WORDS), None)
        if not unit and not any(parse_cell(c.text) is not None for c in row.cells):
            return None     # a heading row (一、主动公开情况 | —— |): no figure to give a key
        # a label the template order points at may have a typo or a dropped character
        choices = {}
        for lab, keys in self.v.forms_2008.items():
            if len(keys) > 1:
                keys = {k for k in keys if k.split(".")[0] == self.ctx_group}
            if unit:
                keys = {k for k in keys if unit in UNIT_COMPAT.get(self.cat.unit(k), {self.cat.unit(k)})}
            if keys:
                choices[lab] = keys
        return self.fuzzy_key(labels[0][1], [compact(labels[0][1]), stem(labels[0][1])], choices,
                              self.v.order_2008)

    def fuzzy_key(self, label: str, forms: list[str], choices: dict, order: list[str],
                  last: str | None = "") -> str | None:
        """The key a label that matched nothing exactly is clearly closest to, else None;
        either way a note says what was decided (a label is never guessed). `order` is
        the template's row order and `last` the row read before (default: last_key)."""
        key, miss = closest_key(forms, choices, next_keys(order, self.last_key if last == "" else last))
        if key:
            self.notes.append({"rule": "row_label_fuzzy",
                               "message": f"row label \u201c{label}\u201d read as {key} (closest official label)",
                               "numbers": {}})
        elif isinstance(miss, Miss):
            self.notes.append({"rule": "row_label_unmapped",
                               "message": f"row label \u201c{label}\u201d is as close to "
                                          f"{' and '.join(miss.distances)}: left unmapped",
                               "numbers": dict(miss.distances)})
        return key

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
            elif len(years) == 1 and val is None and not self._unread_header_cells(hdr, years):
                # one year column, another year than the report's: the figure column,
                # unless another header cell (a misprinted 2017年?) may be the year's
                val = next(iter(years.values()))
        cols = sorted(cum | set(years.values()) | ({val} if val is not None else set()))
        if val is None and cum:
            val = -1    # a cumulative column but no named year column: nothing to take
        return val, cum, cols

    def _unread_header_cells(self, hdr: Row, years: dict) -> bool:
        """Does the header row have a cell right of the label column that is neither a
        year column nor a 2008 header word?"""
        year_cols = set(years.values())
        seen = set()
        for i, c in enumerate(hdr.cells[1:], start=1):
            t = compact(c.text)
            if not t or i in year_cols or c.origin in seen:
                continue
            seen.add(c.origin)
            if not self._is_header_cell(c.text):
                return True
        return False

    def _row_2008(self, row: Row, labels):
        key = self._key_2008(labels, row)
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
            unit_seen = False   # a dash before the unit cell is the unit column's filler
            for i, c in enumerate(row.cells):
                if i <= label_pos or c.origin in seen:
                    continue
                seen.add(c.origin)
                t = c.text.strip() if c.text else ""
                if norm(t) in UNIT_WORDS:
                    unit_seen = True
                    continue
                if row.exact and i in cum:
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
            if is_zero_mark(text) and not unit_seen:
                return      # "——" where the unit goes, no figure: a heading row, not a 0
        self._emit(key, cell_value(text), unit or unit_in(labels[0][1]) or self._header_unit(val_pos), row)

    def _header_unit(self, pos: int | None) -> str | None:
        """A unit the value column's header states: 本年数（单位：元）."""
        if pos is None or pos < 0 or not self.header:
            return None
        cells = self.header[-1].cells
        return unit_in(cells[pos].text) if pos < len(cells) else None


def read_tables(tables: list, cat: Catalog, year: int | None,
                notes: list[dict] | None = None) -> tuple[list[Found], set[str]]:
    """All figures of the structured tables, and the signatures of their rows (the
    clean text renders the same rows as tab lines; those are not read twice). What
    the readers decided about labels they had to match loosely goes to `notes`."""
    found: list[Found] = []
    rows_seen: set[str] = set()
    for table in tables or []:
        rows = grid_rows(table)
        reader = TableReader(cat, year)
        for r in rows:
            rows_seen.add(row_signature(r.evidence))
            found.extend(reader.feed(r))
        if notes is not None:
            notes.extend(reader.notes)
    return found, rows_seen
