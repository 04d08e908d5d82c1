"""Figures from tables: the 2008 统计表 and the 2019/2021 standard tables.

Every table, whatever it came from, is read as a sequence of rows. A row is a list of
cells at positions: for a structured table (HTML, PDF, DOCX, XLSX) spans are expanded
into a grid so positions are real columns and a cell spanning three columns appears
three times with one `origin`; for a table flattened into text (tab lines, one cell
per line, `|` cells) positions are just the order of the cells.

`TableReader` walks the rows of one table with a little state (the current header
block, the group a sub-row belongs to) and recognises four shapes by structure, not
by markup:

- 2008 统计表: label | unit | value [| 历年累计]; the value column comes from the
  header (统计数 / 本年 / the report year), never a cumulative column.
- 2019 section 二 (and a transposed section 四): an entity row (规章, 行政许可 …) under a
  header of measures (本年制发件数, 处理决定数量 …): key = entity prefix + measure.
- 2019 section 三: a row label (予以公开, 1.属于国家秘密 …) and the applicant columns
  (自然人 … 总计) -> `key@column`.
- 2019 section 四: one row of values under a two/three-row header; each column's header
  path (行政复议 / 未经复议直接起诉 / 复议后起诉 + 结果维持 …) gives its key.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .catalog import Catalog, compact, norm, stem
from .numbers import CellValue, is_empty_cell, parse_cell

STANDARD_APPLICANT_ORDER = ("natural_person", "commercial", "research", "public_interest",
                            "legal_service", "other", "total")
# The official section 四 column order: 行政复议 (5) | 未经复议直接起诉 (5) | 复议后起诉 (5).
STANDARD_REVIEW_ORDER = tuple(
    f"{p}.{s}" for p in ("reconsideration", "litigation.direct", "litigation.after_review")
    for s in ("upheld", "corrected", "other", "pending", "total"))

UNIT_WORDS = {"条", "件", "次", "篇", "个", "人", "人次", "万元", "元", "项", "家", "份", "场",
              "期", "名", "起", "宗", "例", "批", "所", "处"}
_HEADER_2008 = {"统计指标", "指标名称", "指标", "计量单位", "单位", "统计数", "历年累计", "累计",
                "项目", "本年", "本年度", "本年数", "统计数据", "数据", "内容", "序号", "类别",
                "指标项", "数值", "本期", "当年", "本年统计数", "年度数", "全年"}
_VALUE_HEADERS = {"统计数", "本年", "本年度", "本年数", "数量", "数值", "本期", "当年", "本年统计数",
                  "统计数据", "数据", "年度数", "全年", "合计"}
_REVIEW_HEADERS = {"行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "直接起诉"}
_YEAR_RE = re.compile(r"^((?:19|20)\d{2})(?:年度?)?(?:数据|数)?$")


def measure_core(s: str) -> str:
    """Column measure as compared: 本年制发件数 -> 制发, 本年增/减 -> 增减,
    本年收费金额（单位：万元） -> 收费金额, 处理决定数量 -> 处理决定."""
    c = compact(s)
    for p in ("本年度", "本年", "年度"):
        if c.startswith(p) and len(c) > len(p):
            c = c[len(p):]
            break
    for suf in ("件数", "数量", "数"):
        if c.endswith(suf) and len(c) > len(suf):
            c = c[: -len(suf)]
            break
    return c


def measure_suffix(ms: dict[str, str], text: str) -> str | None:
    """The key suffix a column header names among one entity's measures: exact, else
    the one measure the header contains or is contained in (本年新制发件数 -> 制发,
    维持 -> 结果维持)."""
    if not text:
        return None
    mc = measure_core(text)
    if mc in ms:
        return ms[mc]
    if len(mc) < 2:
        return None
    hits = {sfx for m, sfx in ms.items() if len(m) >= 2 and (m in mc or mc in m)}
    return hits.pop() if len(hits) == 1 else None


def unit_in(text: str) -> str | None:
    """A unit stated in a header/label: （单位：万元） -> 万元."""
    t = norm(text)
    m = re.search(r"[(（:：]\s*(?:单位[:：]?)?(万元|元|条|件|次|个|人次|人|篇)\s*[)）]?", t)
    return m.group(1) if m else None


# --- vocabulary derived from the catalogue -------------------------------------------

@dataclass
class Vocab:
    t2008: dict[str, set[str]]           # stem(label) -> keys of the 2008 统计表
    s3: dict[str, str]                   # compact(label) -> key with applicant columns
    s3_groups: dict[str, str]            # compact(group label) -> group key (不予公开 -> outcome.denied)
    entities: dict[str, str]             # compact(entity) -> key prefix (规章 -> rules)
    measures: dict[str, dict[str, str]]  # prefix -> measure_core -> suffix
    all_measures: set[str]


def build_vocab(cat: Catalog) -> Vocab:
    t2008: dict[str, set[str]] = defaultdict(set)
    s3: dict[str, str] = {}
    s3_groups: dict[str, str] = {}
    entities: dict[str, str] = {}
    measures: dict[str, dict[str, str]] = defaultdict(dict)
    for key, e in cat.entries.items():
        if "2008" in e.template:
            for lab in [e.zh, *e.aliases]:  # zh_2019 (总计, 结果维持) is a 2019 column word
                if lab and " " not in lab:
                    t2008[stem(lab)].add(key)
        if e.columns:
            for lab in [e.zh, *e.aliases]:
                if not lab:
                    continue
                s3.setdefault(compact(lab.split(" ")[-1]), key)
            children = [k for k in cat.entries if k.startswith(key + ".")]
            if children:
                s3_groups[compact(e.zh)] = key
        elif "2019" in e.template and "." in key:
            prefix, suffix = key.rsplit(".", 1)
            for lab in [e.zh, *e.aliases]:
                if lab and " " in lab:
                    ent, meas = lab.split(" ", 1)
                    entities.setdefault(compact(ent), prefix)
                    measures[prefix].setdefault(measure_core(meas), suffix)
            if prefix == "reconsideration":
                # 2019 column word: zh_2019 where the key also has a 2008 row, else zh
                measures[prefix].setdefault(measure_core(e.zh_2019 or e.zh), suffix)
    entities.setdefault("行政复议", "reconsideration")
    # a short name for the same row that reports use (规范性文件 for 行政规范性文件 …)
    for ent, prefix in list(entities.items()):
        if ent.startswith("行政") and len(ent) > 4:
            entities.setdefault(ent[2:], prefix)
    all_measures = {m for d in measures.values() for m in d}
    return Vocab(dict(t2008), s3, s3_groups, entities, dict(measures), all_measures)


def vocab_for(cat: Catalog) -> Vocab:
    # built once per catalogue object and kept on it (the catalogue is read-only)
    v = cat._by_label.get("vocab")
    if v is None:
        v = cat._by_label["vocab"] = build_vocab(cat)
    return v


def is_header_cell(text: str, cat: Catalog, v: Vocab) -> bool:
    """A column/header word of one of the official tables (统计指标, 历年累计, 信息内容,
    本年制发件数, 自然人, 行政复议, 结果维持, 2017 …)."""
    c = compact(text)
    if not c:
        return False
    if c in _HEADER_2008 or c in _REVIEW_HEADERS or _is_year(c):
        return True
    if c.startswith("本列数据") or "勾稽关系" in c or c in ("申请人情况", "法人或其他组织", "信息内容"):
        return True
    if "第二十条" in c:
        return True
    if cat.column_of(c):
        return True
    mc = measure_core(text)
    if c in v.entities:
        return False
    # a measure, or a short form of one (维持 for 结果维持)
    return mc in v.all_measures or (len(mc) >= 2 and any(mc in m for m in v.all_measures))


def is_table_label(text: str, cat: Catalog, v: Vocab) -> bool:
    """A row label of one of the official tables."""
    c = compact(text)
    return bool(c) and (stem(text) in v.t2008 or c in v.s3 or c in v.s3_groups or c in v.entities)


# --- rows ------------------------------------------------------------------------------

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


# --- the reader ------------------------------------------------------------------------

def _is_year(c: str) -> int | None:
    m = _YEAR_RE.match(c)
    return int(m.group(1)) if m else None


class TableReader:
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
            if pc is not None and not _is_year(compact(t)):
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
            if any("第二十条" in compact(t) for t in texts):
                self.header = []        # a sub-table starts: its own header follows
                self.last_kind = "sep"
                rest = [c for c in row.cells if "第二十条" not in compact(c.text)]
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
                cv = parse_cell(row.cells[i].text)
                if cv is not None:
                    self._emit(f"{key}@{col}", cv, None, row)
            return True
        for col, t in zip(STANDARD_APPLICANT_ORDER, vals):
            cv = parse_cell(t)
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
    def _path_key(self, path: list[str], prefix_hint: str | None = None) -> str | None:
        prefix = prefix_hint
        if prefix is None:
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
        if prefix is None:
            return None
        ms = self.v.measures.get(prefix, {})
        for t in reversed(path):
            sfx = measure_suffix(ms, t)
            if sfx:
                key = f"{prefix}.{sfx}"
                return key if key in self.cat else None
        return None

    def _value_only_row(self, row: Row):
        if not self.header:
            return
        emitted = False
        if row.grid:
            width = max(len(row.cells), *(len(h.cells) for h in self.header))
            paths = self._header_paths(width, row.filled)
            seen = set()
            for i, c in enumerate(row.cells):
                if c.origin in seen:
                    continue
                seen.add(c.origin)
                key = self._path_key(paths[i])
                cv = parse_cell(c.text)
                if key and cv is not None:
                    self._emit(key, cv, None, row)
                    emitted = True
        if emitted:
            return
        vals = [c.text.strip() for c in row.cells]
        if len(vals) == len(STANDARD_REVIEW_ORDER) and self._review_header():
            for key, t in zip(STANDARD_REVIEW_ORDER, vals):
                cv = parse_cell(t)
                if cv is not None:
                    self._emit(key, cv, None, row)

    def _review_header(self) -> bool:
        """The header over 15 figures is section 四's, so they follow the official column
        order: it names 复议 and 诉讼/起诉 in any wording (行政诉讼（复议后起诉）,
        未经复议直接起诉 …), or its last row is the five result words three times."""
        h = self._header_text()
        if "复议" in h and ("诉讼" in h or "起诉" in h):
            return True
        last = [c.text for c in self.header[-1].cells] if self.header else []
        ms = self.v.measures.get("reconsideration", {})
        sfx = [measure_suffix(ms, t) for t in last]
        return len(sfx) == len(STANDARD_REVIEW_ORDER) and \
            sfx == [k.rsplit(".", 1)[1] for k in STANDARD_REVIEW_ORDER]

    # -- entity x measure rows: 2019 section 二 (and a transposed section 四) -------------
    def _entity(self, text: str) -> str | None:
        c = compact(text)
        if c in self.v.entities:
            return self.v.entities[c]
        return None

    def _matrix_row(self, row: Row, labels) -> bool:
        prefix = None
        for _, t in labels:
            prefix = self._entity(t)
            if prefix:
                break
        if not prefix or not self.header:
            return False
        ms = self.v.measures.get(prefix, {})
        if not any(measure_suffix(ms, c.text) for h in self.header for c in h.cells if c.text):
            return False    # no measure header over it (a 2008 row named 行政复议): not this shape
        if row.grid:
            width = max(len(row.cells), *(len(h.cells) for h in self.header))
            paths = self._header_paths(width, row.filled)
            seen = set()
            pairs = []
            for i, c in enumerate(row.cells):
                if c.origin in seen or i <= labels[-1][0]:
                    continue
                seen.add(c.origin)
                meas = next((t for t in reversed(paths[i]) if measure_suffix(ms, t)), None)
                if meas:
                    pairs.append((meas, c.text))
        else:
            hcells = [c.text for c in self.header[-1].cells]
            vals = [c.text for c in row.cells[labels[-1][0] + 1:]]
            hm = [h for h in hcells if measure_suffix(ms, h)]
            if row.exact and len(hcells) == len(row.cells):
                pairs = [(h, c.text) for h, c in zip(hcells, row.cells)][labels[-1][0] + 1:]
            elif len(hm) == len(vals):
                pairs = list(zip(hm, vals))
            else:
                return True     # cannot tell which figure sits under which measure
            pairs = [(h, v) for h, v in pairs if measure_suffix(ms, h)]
        for h, v in pairs:
            cv = parse_cell(v)
            if cv is None:
                continue
            self._emit(f"{prefix}.{measure_suffix(ms, h)}", cv, unit_in(h), row)
        return True

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
            elif _is_year(t):
                years[_is_year(t)] = i
            elif t in _VALUE_HEADERS or t.startswith("本年"):
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


def row_signature(evidence: str) -> str:
    """A row compared across renderings: its cell texts without any whitespace."""
    return "".join(evidence.split())


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
