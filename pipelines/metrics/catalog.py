"""The metric catalogue (metrics.yaml, package data) and text normalisation.

The catalogue is a fact the project owns: every key we emit is one of its keys; its
labels and aliases drive the table and prose extractors. Matching always happens on
a normalised copy of the text (NFKC, Traditional -> Simplified, whitespace removed,
ordinal prefixes such as （一） / 1. / 其中： stripped); evidence is always cut from
the text as published.
"""
from __future__ import annotations

import functools
import importlib.resources
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from core.script import t2s as _t2s

from .fuzzy import closest_key


def to_simplified(s: str) -> str:
    """OpenCC t2s, guaranteed to keep the length (so offsets map 1:1 back to the
    original). Phrase conversions that change length are redone char by char."""
    out = _t2s(s)
    if len(out) == len(s):
        return out
    chars = []
    for c in s:
        o = _t2s(c)
        chars.append(o if len(o) == 1 else c)
    return "".join(chars)


# every whitespace char but the newline reads as a plain space
_SPACES = {c: " " for c in (0x09, 0x0b, 0x0c, 0x0d, 0xa0, 0x3000, 0x2002, 0x2003, 0x2009, 0x200b)}


@dataclass
class NormText:
    """A normalised copy of a text with a map back to the original offsets:
    `orig[i]` is the offset in the original of normalised char i."""
    text: str
    orig: list[int]
    source: str

    @classmethod
    def build(cls, source: str) -> "NormText":
        simp = to_simplified(source)
        parts: list[str] = []
        orig: list[int] = []
        pos = 0
        for line in simp.split("\n"):
            n = unicodedata.normalize("NFKC", line)
            if len(n) == len(line):
                # the usual case (full-width punctuation and digits): one char for one
                parts.append(n.translate(_SPACES))
                orig.extend(range(pos, pos + len(line)))
            else:
                # some char expanded (㈠ -> (一)) or composed: map char by char
                for i, c in enumerate(line):
                    for ch in unicodedata.normalize("NFKC", c).translate(_SPACES):
                        parts.append(ch)
                        orig.append(pos + i)
            parts.append("\n")
            orig.append(pos + len(line))
            pos += len(line) + 1
        parts.pop()
        orig.pop()
        return cls("".join(parts), orig, source)

    def original(self, start: int, end: int) -> str:
        """The original text behind normalised [start, end)."""
        if start >= end:
            return ""
        return self.source[self.orig[start]:self.orig[end - 1] + 1]


_CIRCLED = {0x2460 + i: f"{i + 1}." for i in range(20)}   # ① -> "1." (NFKC would give "1")


@functools.lru_cache(maxsize=8192)  # pure; labels repeat across rows and reports
def norm(s: str | None) -> str:
    """NFKC + t2s, whitespace removed: the form every label comparison uses."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", to_simplified(s.translate(_CIRCLED)))
    # 其它 and 其他 are one word in these tables (其它处理, the 其它 column)
    return re.sub(r"\s+", "", s).replace("其它", "其他")


# Ordinal prefixes that number table rows and headings: 一、 （一） (1) 1. 1、 ① 其中：
_ORDINAL_RE = re.compile(
    r"^(?:其中[:：,，]?|[(（][一二三四五六七八九十\d]{1,3}[)）][、.．]?|"
    r"[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}(?:[、.．](?!\d)|[)）])|[-—•·●■▪]+)"
)
_PAREN_RE = re.compile(r"[(（][^()（）]*[)）]")
_PUNCT_RE = re.compile(r"[\s\"'“”‘’「」『』《》〈〉<>()（）\[\]【】、,，.。:：;；!！?？·•/／\\|_\-—~～…]+")


@functools.lru_cache(maxsize=8192)  # pure; labels repeat across rows and reports
def strip_ordinals(s: str) -> str:
    prev = None
    while prev != s:
        prev = s
        s = _ORDINAL_RE.sub("", s, count=1)
    return s


@functools.lru_cache(maxsize=8192)  # pure; labels repeat across rows and reports
def label_core(s: str | None) -> str:
    """Row label as compared: normalised, ordinals and parenthetical notes removed."""
    s = strip_ordinals(norm(s))
    s = _PAREN_RE.sub("", s)
    # a note cut off at a cell edge: "专项经费（不包括用于……维"
    s = re.sub(r"[(（][^)）]*$", "", s)
    return s.strip(":：,，、.。 ")


@functools.lru_cache(maxsize=8192)  # pure; labels repeat across rows and reports
def compact(s: str | None) -> str:
    """label_core without any punctuation or quotes: 危及“三安全一稳定” == 危及三安全一稳定."""
    return _PUNCT_RE.sub("", label_core(s))


_STEM_SUFFIXES = ("总次数", "总数量", "总数", "数量", "次数", "件数", "人数", "个数", "数")


@functools.lru_cache(maxsize=8192)  # pure; labels repeat across rows and reports
def stem(s: str) -> str:
    """compact form without a trailing 数/数量/总数 (申请办结数 == 申请办结)."""
    c = compact(s)
    for suf in _STEM_SUFFIXES:
        if c.endswith(suf) and len(c) > len(suf) + 1:
            return c[: -len(suf)]
    return c


@dataclass(frozen=True)
class Entry:
    key: str
    zh: str
    zh_2019: str | None
    unit: str
    aliases: tuple[str, ...]
    template: tuple[str, ...]
    revision: str | None
    columns: tuple[str, ...]
    note: str | None

    @property
    def group(self) -> str:
        return self.key.split(".")[0]

    @property
    def parent(self) -> str | None:
        return self.key.rsplit(".", 1)[0] if "." in self.key else None


@dataclass
class Catalog:
    entries: dict[str, Entry]
    columns: dict[str, str]             # column id -> 中文 (natural_person -> 自然人)
    version: int = 1
    _by_label: dict = field(default_factory=dict, repr=False)

    @property
    def keys(self) -> list[str]:
        return list(self.entries)

    def __contains__(self, key: str) -> bool:
        base = key.split("@", 1)[0]
        if base not in self.entries:
            return False
        if "@" in key:
            return key.split("@", 1)[1] in self.entries[base].columns
        return True

    def unit(self, key: str) -> str:
        return self.entries[key.split("@", 1)[0]].unit

    def labels(self, key: str) -> list[str]:
        """All wordings of a key: zh, zh_2019, aliases (as written in the yaml)."""
        e = self.entries[key]
        out = [e.zh] + ([e.zh_2019] if e.zh_2019 else []) + list(e.aliases)
        return [x for x in out if x]

    def is_2008(self, key: str) -> bool:
        t = self.entries[key].template
        return "2008" in t or "narrative" in t

    def is_2019(self, key: str) -> bool:
        return "2019" in self.entries[key].template

    def column_of(self, header: str) -> str | None:
        """Applicant column id for a header cell (自然人 -> natural_person; a typo'd
        社会公义组织 too when it is clearly that column, fuzzy.closest_key)."""
        c = compact(header)
        for col, zh in self.columns.items():
            if c == compact(zh):
                return col
        return closest_key([c], {compact(zh): col for col, zh in self.columns.items()})[0]


def _entry(d: dict) -> Entry:
    return Entry(
        key=d["key"], zh=d.get("zh") or "", zh_2019=d.get("zh_2019"), unit=d.get("unit") or "",
        aliases=tuple(d.get("aliases") or ()), template=tuple(str(t) for t in d.get("template") or ()),
        revision=str(d["revision"]) if d.get("revision") else None,
        columns=tuple(d.get("columns") or ()), note=d.get("note"),
    )


def parse_catalog(text: str) -> Catalog:
    data = yaml.safe_load(text)
    entries = {}
    for d in data.get("metrics") or []:
        e = _entry(d)
        entries[e.key] = e
    return Catalog(entries=entries, columns=dict(data.get("columns") or {}),
                   version=int(data.get("version") or 1))


@functools.lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The packaged catalogue. Cached: it is read-only package data, parsed once."""
    text = importlib.resources.files("pipelines.metrics").joinpath("metrics.yaml").read_text("utf-8")
    return parse_catalog(text)
