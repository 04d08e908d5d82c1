"""Header and column vocabulary of the official tables: the words of metrics.yaml
arranged for the table reader (which label is which key, which column word names
which measure), and the tests of whether a cell is a header word or a row label."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from .catalog import Catalog, compact, norm, stem
from .fuzzy import closest_key
from .words import HEADER_2008, HEADER_2019, NOTE_START, NOTE_WORD, REVIEW_HEADERS, SUBTABLE_MARK, YEAR_RE


def is_year(c: str) -> int | None:
    """The year a header cell names (2017, 2017年度数据), else None."""
    m = YEAR_RE.match(c)
    return int(m.group(1)) if m else None


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


def measure_suffix(ms: dict[str, str], text: str, fuzzy: bool = True) -> str | None:
    """The key suffix a column header names among one entity's measures: exact, else
    the one measure the header contains or is contained in (本年新制发件数 -> 制发,
    维持 -> 结果维持), else (`fuzzy`) the one it is clearly closest to."""
    if not text:
        return None
    mc = measure_core(text)
    if mc in ms:
        return ms[mc]
    if len(mc) < 2:
        return None
    hits = {sfx for m, sfx in ms.items() if len(m) >= 2 and (m in mc or mc in m)}
    if len(hits) == 1:
        return hits.pop()
    if hits or not fuzzy:
        return None
    # a measure word with a typo (处理决空, 上一年项项): the one it is clearly closest to
    return closest_key([mc, compact(text)], ms)[0]


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
    # template order (the catalogue's): which row a typo'd label stands in for
    order_2008: list[str] = field(default_factory=list)   # keys of the 2008 统计表
    # the 2008 labels a typo'd label is compared with: stems and whole labels
    forms_2008: dict[str, set[str]] = field(default_factory=dict)
    order_s3: list[str] = field(default_factory=list)     # keys with applicant columns
    order_entities: list[str] = field(default_factory=list)   # section 二 key prefixes
    # prefix -> compact(measure word as printed, 本年废止件数) -> suffix: a typo'd header
    # is compared with the whole word too (the core 废止 is too short to judge)
    measure_words: dict[str, dict[str, str]] = field(default_factory=dict)
    near_measures: dict[str, str] = field(default_factory=dict)   # every measure word and core


def build_vocab(cat: Catalog) -> Vocab:
    t2008: dict[str, set[str]] = defaultdict(set)
    s3: dict[str, str] = {}
    s3_groups: dict[str, str] = {}
    entities: dict[str, str] = {}
    measures: dict[str, dict[str, str]] = defaultdict(dict)
    measure_words: dict[str, dict[str, str]] = defaultdict(dict)
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
                    measure_words[prefix].setdefault(compact(meas), suffix)
            if prefix == "reconsideration":
                # 2019 column word: zh_2019 where the key also has a 2008 row, else zh
                measures[prefix].setdefault(measure_core(e.zh_2019 or e.zh), suffix)
                measure_words[prefix].setdefault(compact(e.zh_2019 or e.zh), suffix)
    entities.setdefault("行政复议", "reconsideration")
    # a short name for the same row that reports use (规范性文件 for 行政规范性文件 …)
    for ent, prefix in list(entities.items()):
        if ent.startswith("行政") and len(ent) > 4:
            entities.setdefault(ent[2:], prefix)
    all_measures = {m for d in measures.values() for m in d}
    order_2008 = [k for k, e in cat.entries.items() if "2008" in e.template]
    order_s3 = [k for k, e in cat.entries.items() if e.columns]
    order_entities = list(dict.fromkeys(entities.values()))
    forms_2008: dict[str, set[str]] = defaultdict(set)
    for lab, keys in t2008.items():
        forms_2008[lab] |= keys
    for key in order_2008:
        for lab in [cat.entries[key].zh, *cat.entries[key].aliases]:
            if lab and " " not in lab:
                forms_2008[compact(lab)].add(key)
    return Vocab(dict(t2008), s3, s3_groups, entities, dict(measures), all_measures,
                 order_2008, dict(forms_2008), order_s3, order_entities, dict(measure_words),
                 {m: m for d in (all_measures, *measure_words.values()) for m in d})


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
    if c in HEADER_2008 or c in REVIEW_HEADERS or is_year(c):
        return True
    if c.startswith(NOTE_START) or NOTE_WORD in c or c in HEADER_2019:
        return True
    if SUBTABLE_MARK in c:
        return True
    if cat.column_of(c):
        return True
    mc = measure_core(text)
    if c in v.entities:
        return False
    # a measure, or a short form of one (维持 for 结果维持)
    if mc in v.all_measures or (len(mc) >= 2 and any(mc in m for m in v.all_measures)):
        return True
    # a measure with a typo (结果纠证): close to some measure word even when it cannot be
    # told which; the header row stays a header and its other columns are read
    key, miss = closest_key([mc, c], v.near_measures)
    return key is not None or miss is not None


def is_table_label(text: str, cat: Catalog, v: Vocab) -> bool:
    """A row label of one of the official tables."""
    c = compact(text)
    return bool(c) and (stem(text) in v.t2008 or c in v.s3 or c in v.s3_groups or c in v.entities)


def is_near_table_label(text: str, cat: Catalog, v: Vocab) -> bool:
    """A row label of the official tables with a typo or a dropped character: clearly
    closest to one official label (fuzzy.closest_key). Answers are kept on the catalogue."""
    cache = cat._by_label.setdefault("near", {})
    if len(cache) > 50_000:
        cache.clear()       # a long crawl: bound the memory the answers take
    hit = cache.get(text)
    if hit is None:
        choices = cat._by_label.get("near_choices")
        if choices is None:
            choices = cat._by_label["near_choices"] = {**v.forms_2008, **{k: {x} for k, x in v.s3.items()},
                                                       **{k: {x} for k, x in v.entities.items()}}
        hit = cache[text] = closest_key([compact(text), stem(text)], choices)[0] is not None
    return hit
