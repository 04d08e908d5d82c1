"""Numbers as Chinese reports write them.

Two readers:
- `parse_cell(text)` for a table cell: the whole cell is the figure (maybe with a
  unit or an approximation mark); anything else is not a value.
- `find_mentions(text)` for prose: every "<number><unit>" in a sentence, with the
  approximation marks around it. Years, dates, percentages, phone numbers and
  document numbers never match because a mention needs a counting unit after it.

Values keep the form they were stated in: an integer stays int, "4.80" becomes the
float 4.8; 万/亿 multiply ("23万余" -> 230000, approximate). Digits may be full-width
(１２３) and grouped (1,234 / 1，234 / 1 234). A cell in a figure column that holds
only a dash or a slash states 0 (`cell_value`); an empty cell states nothing. How
cells and amounts are printed (those marks, unit factors) is data: printed.yaml.
"""
from __future__ import annotations

import functools
import importlib.resources
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import yaml

# Units a count in these reports is stated in. Longer first so 人次 beats 人, 万元 beats 元.
UNITS = ("人次", "万元", "条", "件", "次", "篇", "个", "人", "场", "份", "项", "家",
         "处", "元", "期", "名", "起", "宗", "例", "批", "所")

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万亿"


def _printed() -> dict:
    """printed.yaml: package data, read once at import."""
    text = importlib.resources.files("pipelines.metrics").joinpath("printed.yaml").read_text("utf-8")
    return yaml.safe_load(text)


_PRINTED = _printed()
# Cells that state 0 in a figure column (a dash, a slash) and cells that state nothing:
# both hold no figure as text, and neither is ever a label.
ZERO_MARKS = frozenset(_PRINTED["zero_marks"])
_EMPTY_CELLS = ZERO_MARKS | frozenset(_PRINTED["blank_marks"])
# (stated unit, catalogue unit) -> factor: 500元 of a 万元 key is 0.05
UNIT_FACTORS = {(u["from"], u["to"]): Decimal(str(u["factor"])) for u in _PRINTED["unit_factors"]}

_APPROX_BEFORE = ("约", "近", "逾", "超过", "大约", "将近", "接近")
# before a Chinese numeral these make it no number (数十件 "dozens", 几百条 "some hundreds")
VAGUE_BEFORE = ("数", "几", "若干")


def cn_to_int(s: str) -> int | None:
    """三十五 -> 35, 一百二十 -> 120, 两千零八 -> 2008, 十 -> 10, 二〇一七 -> 2017.
    None when `s` is not a well-formed Chinese numeral."""
    if not s or any(c not in CN_NUMERAL_CHARS for c in s):
        return None
    # digit-by-digit form (二〇一七): no positional characters at all
    if all(c in _CN_DIGITS for c in s):
        if len(s) == 1:
            return _CN_DIGITS[s]
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    total, section, digit = 0, 0, None
    for c in s:
        if c in _CN_DIGITS:
            if _CN_DIGITS[c] == 0:  # 零 only marks a skipped place (两千零八)
                continue
            if digit is not None:
                return None  # two digits in a row in positional form: not a numeral
            digit = _CN_DIGITS[c]
        elif c in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[c]
            digit = None
        elif c in _CN_BIG:
            section += digit or 0
            total += (section or 1) * _CN_BIG[c]
            section, digit = 0, None
    return total + section + (digit or 0)


def to_value(d: Decimal) -> int | float:
    """int when the number is whole, else float (as stated: 4.8 stays 4.8)."""
    if d == d.to_integral_value():
        return int(d)
    return float(d)


# No figure in a report has more significant digits than a float holds; a longer
# run of digits (an ID, a hash, junk) is not a figure, and would overflow the float
# the value is stored as.
MAX_DIGITS = 15


def _decimal(num: str) -> Decimal | None:
    num = num.replace(",", "").replace("，", "").replace(" ", "")
    if sum(c.isdigit() for c in num) > MAX_DIGITS:
        return None
    try:
        return Decimal(num)
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class CellValue:
    value: int | float
    approximate: bool
    unit: str | None  # a unit written inside the cell ("12件"), else None


_CELL_RE = re.compile(
    r"^(?P<pre>约|近|逾|超过)?"
    r"(?P<sign>[+\-－−＋]|增加|减少|增|减)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇○一二两三四五六七八九十百千]+)"
    r"(?P<mag>万(?!元)|亿)?(?P<post>余|多)?"
    r"(?P<unit>" + "|".join(UNITS) + r")?$"
)


@functools.lru_cache(maxsize=8192)  # pure; cells such as "0" repeat endlessly
def is_empty_cell(text: str | None) -> bool:
    """No figure as text: empty, blank, or a zero mark (see `cell_value`)."""
    return text is None or "".join(unicodedata.normalize("NFKC", text).split()) in _EMPTY_CELLS


@functools.lru_cache(maxsize=8192)  # pure; cells such as "—" repeat endlessly
def is_zero_mark(text: str | None) -> bool:
    """A dash or slash standing for 0 (—, -, /, 无), full-width forms included."""
    return text is not None and "".join(unicodedata.normalize("NFKC", text).split()) in ZERO_MARKS


def cell_value(text: str | None) -> CellValue | None:
    """The figure of a cell the reader already knows is a figure column: its number, 0
    for a zero mark, None for an empty cell or text."""
    cv = parse_cell(text)
    if cv is None and is_zero_mark(text):
        return CellValue(0, False, None)
    return cv


def in_unit(value: int | float, stated: str | None, wanted: str) -> tuple[int | float, str]:
    """A figure in the catalogue's unit: 500 元 of a 万元 key -> (0.05, 万元). Units
    without a factor (件 for 条, 场 for 次) are the same count and stay as stated."""
    factor = UNIT_FACTORS.get((stated, wanted)) if stated else None
    if factor is None:
        return value, stated or wanted
    return to_value(Decimal(str(value)) * factor), wanted


@functools.lru_cache(maxsize=8192)  # pure; cells such as "0" repeat endlessly
def parse_cell(text: str | None) -> CellValue | None:
    """A table cell that holds one figure -> CellValue; anything else -> None."""
    if text is None:
        return None
    s = unicodedata.normalize("NFKC", text).strip()
    s = re.sub(r"\s+", "", s)
    if not s:
        return None
    m = _CELL_RE.match(s)
    if not m:
        return None
    num = m.group("num")
    if num[0].isdigit():
        d = _decimal(num)
    else:
        n = cn_to_int(num)
        d = Decimal(n) if n is not None else None
    if d is None:
        return None
    if m.group("mag"):
        d *= _CN_BIG[m.group("mag")]
    sign = m.group("sign")
    if sign in ("-", "－", "−", "减少", "减"):
        d = -d
    return CellValue(to_value(d), bool(m.group("pre") or m.group("post")), m.group("unit"))


# --- prose -------------------------------------------------------------------------

@dataclass(frozen=True)
class Mention:
    start: int          # offset of the number (after any 约/近 mark)
    end: int            # offset just past the unit
    value: int | float
    approximate: bool
    unit: str
    pre_start: int      # offset where an approximation mark before the number starts


_MENTION_RE = re.compile(
    # 1,234 / 1 234 (a thin or plain space groups thousands; NFKC made them spaces)
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.])\d{1,3}(?: \d{3})+(?![\d])|\d+(?:\.\d+)?|"
    r"[零〇○一二两三四五六七八九十百千]+)"
    r"[\n ]?"   # a PDF line wrap or a typeset space may fall between a figure and its unit
    r"(?P<mag>万(?!元)|亿)?(?P<post>余|多)?"
    r"(?P<unit>" + "|".join(UNITS) + r")"
    # a unit followed by these is a duration or a word, not a count (2个月, 次日, 人民)
    r"(?![月日年]|工作日|小时|百分点|季度|民|例》)"
)


def find_mentions(s: str) -> list[Mention]:
    """All "<number><unit>" mentions of an NFKC-normalised line."""
    out: list[Mention] = []
    for m in _MENTION_RE.finditer(s):
        num = m.group("num")
        start = m.start()
        prev = s[start - 1] if start else ""
        if prev == " ":     # a typeset space before the figure ("共收到 12 件")
            prev = s[:start].rstrip(" ")[-1:]
        # part of a longer number, a decimal, an ordinal (第3次), a year/date or a code
        if prev and (prev.isdigit() or prev in ".第/-:#" or (prev.isascii() and prev.isalpha())):
            continue
        if num[0].isdigit():
            d = _decimal(num)
        else:
            if prev and prev in CN_NUMERAL_CHARS:
                continue
            if num in ("十", "百", "千") and s[:start].endswith(VAGUE_BEFORE):
                continue    # 数十件, 几百条: no number at all (申请数十二件 is 12)
            if len(num) > 1 and all(c in _CN_DIGITS for c in num) and not any(_CN_DIGITS[c] == 0 for c in num):
                continue    # 三四件, 一两次: a range, not 34 or 12 (一〇五件 is 105)
            # "一次", "一个" in running prose are rarely figures; keep only numerals
            # that the alias matching will accept anyway (checked by the caller).
            n = cn_to_int(num)
            d = Decimal(n) if n is not None else None
        if d is None:
            continue
        if m.group("mag"):
            d *= _CN_BIG[m.group("mag")]
        approx = bool(m.group("post"))
        pre_start = start
        for mark in _APPROX_BEFORE:
            if s[max(0, start - len(mark)):start] == mark:
                approx = True
                pre_start = start - len(mark)
                break
        tail = s[m.end():m.end() + 2]
        if tail.startswith(("左右", "以上")):
            approx = True
        out.append(Mention(start, m.end(), to_value(d), approx, m.group("unit"), pre_start))
    return out
