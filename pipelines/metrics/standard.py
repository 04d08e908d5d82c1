"""The 2019/2021 standard tables, as one part of TableReader (tables.py):

- section 二 (and a transposed section 四): an entity row (规章, 行政许可 …) under a
  header of measures (本年制发件数, 处理决定数量 …): key = entity prefix + measure.
- section 三: a row label (予以公开, 1.属于国家秘密 …) and the applicant columns
  (自然人 … 总计) -> `key@column`.
- section 四: one row of values under a two/three-row header; each column's header
  path (行政复议 / 未经复议直接起诉 / 复议后起诉 + 结果维持 …) gives its key.

The methods use the reader's state: cat, v (vocab), header (the current header rows),
s3_group and _emit.
"""
from __future__ import annotations

from .catalog import compact, norm
from .columns import map_columns
from .numbers import cell_value, is_empty_cell, parse_cell
from .rows import Row
from .vocab import measure_core, measure_suffix, unit_in
from .words import REVIEW_HEADERS, STANDARD_APPLICANT_ORDER, STANDARD_REVIEW_ORDER


class StandardTables:
    """Rows of the 2019/2021 tables; mixed into TableReader."""

    # -- header helpers -----------------------------------------------------------------
    def _header_paths(self, width: int, filled: bool) -> list[list[str]]:
        """For each position, the header texts above it, top to bottom."""
        grid = []
        for h in self.header:
            grid.append([h.cells[i].text.strip() if i < len(h.cells) and h.cells[i].text else ""
                         for i in range(width)])
        if filled:
            # no spans were given (PDF/DOCX/XLSX): a merged header cell sits at its
            # leftmost column and its children have their own labels in the row below
            for r in range(len(grid) - 2, -1, -1):
                for i in range(1, width):
                    if not grid[r][i] and grid[r][i - 1] and grid[r + 1][i]:
                        grid[r][i] = grid[r][i - 1]
        return [[grid[r][i] for r in range(len(grid))] for i in range(width)]

    def _applicant_columns(self, row: Row) -> dict[int, str]:
        if not self.header or not row.grid:
            return {}
        width = max(len(row.cells), *(len(h.cells) for h in self.header))
        out = {}
        for i, path in enumerate(self._header_paths(width, row.filled)):
            for t in reversed(path):
                col = self.cat.column_of(t) if t else None
                if col:
                    out[i] = col
                    break
        return out

    def _header_text(self) -> str:
        # norm keeps parentheticals: 行政诉讼（复议后起诉） must still say 复议后起诉
        return "".join(norm(c.text) for h in self.header for c in h.cells)

    # -- 2019 section 三 ------------------------------------------------------------------
    def _s3_key(self, labels) -> str | None:
        """Key of a section-三 row from its label cells (group labels, then the leaf)."""
        leaf = compact(labels[-1][1])
        for _, t in reversed(labels[:-1]):
            g = compact(t)
            if g in self.v.s3_groups:
                self.s3_group = g
                break
        key = self.v.s3.get(leaf)
        if key is None and len(leaf) >= 4:
            hits = {k for lab, k in self.v.s3.items() if len(lab) >= 4 and (lab in leaf or leaf in lab)}
            if len(hits) == 1:
                key = hits.pop()
        if key is None:
            # the row has the applicant columns: a typo'd label is judged by its
            # closeness and its place in the template
            key = self.fuzzy_key(labels[-1][1], [leaf], self.v.s3, self.v.order_s3)
        if key is None:
            return None
        if key == "outcome.other.other" and self.s3_group != compact("其他处理"):
            return None     # a bare 其他 is only ever the sub-row of （六）其他处理
        if leaf in self.v.s3_groups:
            self.s3_group = leaf          # a group row with its own cells (2019-original 其他处理)
        elif key.count(".") == 1:
            self.s3_group = None          # a top-level row (予以公开, 总计 …) ends the group
        return key

    def _s3_row(self, row: Row, labels) -> bool:
        cols = self._applicant_columns(row)
        vals = None
        if len(cols) < 6:
            # flattened: the label cells, then exactly the seven applicant columns
            vals = self._trailing_values(row, labels)
            if vals is None or len(vals) != len(STANDARD_APPLICANT_ORDER):
                return False
        key = self._s3_key(labels)
        if not key:
            return False
        if vals is None:
            seen = set()
            for i, col in sorted(cols.items()):
                if i >= len(row.cells) or row.cells[i].origin in seen:
                    continue
                seen.add(row.cells[i].origin)
                cv = cell_value(row.cells[i].text)
                if cv is not None:
                    self._emit(f"{key}@{col}", cv, None, row)
            return True
        for col, t in zip(STANDARD_APPLICANT_ORDER, vals):
            cv = cell_value(t)
            if cv is not None:
                self._emit(f"{key}@{col}", cv, None, row)
        return True

    @staticmethod
    def _trailing_values(row: Row, labels) -> list[str] | None:
        """The cells after the last label cell, one per spanning cell; None when a
        non-value cell is among them."""
        last = labels[-1][0]
        out, seen = [], set()
        for c in row.cells[last + 1:]:
            if c.origin in seen or c.origin == row.cells[last].origin:
                continue
            seen.add(c.origin)
            t = c.text.strip() if c.text else ""
            if parse_cell(t) is None and not is_empty_cell(t):
                return None
            out.append(t)
        # blank cells left of the figures are the label columns' padding (XLSX, PDF)
        while len(out) > len(STANDARD_APPLICANT_ORDER) and not out[0]:
            out.pop(0)
        return out

    # -- value-only rows: 2019 section 四 -----------------------------------------------
    @staticmethod
    def _path_prefix(path: list[str]) -> str | None:
        """The block (行政复议 / 未经复议直接起诉 / 复议后起诉) a column's header path names."""
        prefix = None
        for t in path:
            # norm, not compact: compact drops a parenthetical, and a one-row group
            # header often names the group only there (行政诉讼（复议后起诉）)
            c = norm(t)
            if not c:
                continue
            if "未经复议" in c or "直接起诉" in c:
                prefix = "litigation.direct"
            elif "复议后起诉" in c:
                prefix = "litigation.after_review"
            elif "行政复议" in c and prefix is None:
                prefix = "reconsideration"
        return prefix

    def _column_text(self, ms: dict[str, str], path: list[str]) -> str:
        """The header text naming a column's measure: the one a measure word is read
        from, else the lowest header over it that is not a group header (a typo'd
        measure word, judged by columns.map_columns)."""
        for t in reversed(path):
            if measure_suffix(ms, t):
                return t
        for t in reversed(path):
            if t and compact(t) not in REVIEW_HEADERS and not self._path_prefix([t]):
                return t
        return ""

    def _review_keys(self, row: Row, paths: list[list[str]]) -> dict[int, str]:
        """Key of each value cell of a section-四 row, column block by column block; a
        header left unmapped loses its own column only."""
        blocks: dict[str, list[tuple[int, str]]] = {}
        seen = set()
        for i, c in enumerate(row.cells):
            if c.origin in seen or i >= len(paths):
                continue
            seen.add(c.origin)
            prefix = self._path_prefix(paths[i])
            if prefix:
                ms = self.v.measures.get(prefix, {})
                blocks.setdefault(prefix, []).append((i, self._column_text(ms, paths[i])))
        out = {}
        for prefix, cols in blocks.items():
            sfx = map_columns([t for _, t in cols], self.v.measures.get(prefix, {}), self.notes, prefix,
                              self.v.measure_words.get(prefix))
            for (i, _), x in zip(cols, sfx):
                if x and f"{prefix}.{x}" in self.cat:
                    out[i] = f"{prefix}.{x}"
        return out

    def _value_only_row(self, row: Row):
        if not self.header:
            return
        emitted = False
        if row.grid:
            width = max(len(row.cells), *(len(h.cells) for h in self.header))
            keys = self._review_keys(row, self._header_paths(width, row.filled))
            for i, key in keys.items():
                cv = cell_value(row.cells[i].text)
                if cv is not None:
                    self._emit(key, cv, None, row)
                    emitted = True
        if emitted:
            return
        vals = [c.text.strip() for c in row.cells]
        if len(vals) == len(STANDARD_REVIEW_ORDER) and self._review_header():
            for key, t in zip(STANDARD_REVIEW_ORDER, vals):
                cv = cell_value(t)
                if cv is not None:
                    self._emit(key, cv, None, row)

    def _review_header(self) -> bool:
        """The header over 15 figures is section 四's, so they follow the official column
        order: it names 复议 and 诉讼/起诉 in any wording (行政诉讼（复议后起诉）,
        未经复议直接起诉 …), or its last row is the five result words three times (one
        of them may carry a typo its place settles)."""
        h = self._header_text()
        if "复议" in h and ("诉讼" in h or "起诉" in h):
            return True
        last = [c.text for c in self.header[-1].cells] if self.header else []
        ms = self.v.measures.get("reconsideration", {})
        want = [k.rsplit(".", 1)[1] for k in STANDARD_REVIEW_ORDER]
        if len(last) != len(want):
            return False
        words = self.v.measure_words.get("reconsideration")
        sfx = [x for i in range(0, len(want), 5) for x in map_columns(last[i:i + 5], ms, None, "", words)]
        return sfx == want

    # -- entity x measure rows: 2019 section 二 (and a transposed section 四) -------------
    def _entity(self, text: str) -> str | None:
        c = compact(text)
        if c in self.v.entities:
            return self.v.entities[c]
        return None

    def _measure_header(self) -> bool:
        """The current header names section 二's measures (本年制发件数, 处理决定数量 …)."""
        return any(measure_core(c.text) in self.v.all_measures
                   for h in self.header for c in h.cells if c.text)

    def _matrix_row(self, row: Row, labels) -> bool:
        prefix = None
        for _, t in labels:
            prefix = self._entity(t)
            if prefix:
                break
        if not prefix and self.header and self._measure_header():
            # under a measure header the entity label may carry a typo (行政许诃)
            last = self.last_key.rsplit(".", 1)[0] if self.last_key and "." in self.last_key else None
            prefix = self.fuzzy_key(labels[0][1], [compact(labels[0][1])], self.v.entities,
                                    self.v.order_entities, last)
        if not prefix or not self.header:
            return False
        ms = self.v.measures.get(prefix, {})
        if not any(measure_suffix(ms, c.text) for h in self.header for c in h.cells if c.text):
            return False    # no measure header over it (a 2008 row named 行政复议): not this shape
        if row.grid:
            width = max(len(row.cells), *(len(h.cells) for h in self.header))
            paths = self._header_paths(width, row.filled)
            seen = set()
            cols = []
            for i, c in enumerate(row.cells):
                if c.origin in seen or i <= labels[-1][0]:
                    continue
                seen.add(c.origin)
                cols.append((self._column_text(ms, paths[i]), c.text))
            sfx = map_columns([h for h, _ in cols], ms, self.notes, prefix, self.v.measure_words.get(prefix))
            pairs = [(h, x, v) for (h, v), x in zip(cols, sfx) if x]
        else:
            hcells = [c.text for c in self.header[-1].cells]
            hsfx = map_columns(hcells, ms, self.notes, prefix, self.v.measure_words.get(prefix))
            vals = [c.text for c in row.cells[labels[-1][0] + 1:]]
            hm = [(h, x) for h, x in zip(hcells, hsfx) if x]
            if row.exact and len(hcells) == len(row.cells):
                pairs = [(h, x, c.text) for h, x, c in zip(hcells, hsfx, row.cells)][labels[-1][0] + 1:]
                pairs = [p for p in pairs if p[1]]
            elif len(hm) == len(vals):
                pairs = [(h, x, v) for (h, x), v in zip(hm, vals)]
            else:
                return True     # cannot tell which figure sits under which measure
        for h, x, v in pairs:
            cv = cell_value(v)
            if cv is None:
                continue
            self._emit(f"{prefix}.{x}", cv, unit_in(h), row)
        return True
