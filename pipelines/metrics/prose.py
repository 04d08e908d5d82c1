"""Figures stated only in sentences.

A figure is a "<number><unit>" mention (numbers.find_mentions). Its key comes from the
words right before it — a catalogue label or alias (plus the few extra phrasings in
EXTRA_PHRASES), allowing filler words such as 共/各类/政府信息 in between — and from
the section it stands under: a section heading (一、概述, 二、主动公开…, 三、依申请…,
四、收费…, 五、行政复议…) decides which groups of keys a sentence may fill, so
"办结86024件" in a paragraph on 政务服务 never becomes requests.completed.

Rules that keep figures honest:
- the unit must fit the key (人 for staff, 次/场 for meetings, 个 for reading points …);
- cumulative figures (历年累计, 《条例》实施以来累计…) never fill a key;
- counting notes such as （不同渠道和方式公开相同信息计1条）, percentages, years, dates,
  phone and document numbers never match (no counting unit, or skipped explicitly);
- the longest phrase before a figure decides its meaning: 按时办结 is never read as
  the shorter 办结 when on-time completions may not be reported here;
- 余/多/约/近 mark a value approximate;
- one value per key: the best-placed candidate (its own section first, then the
  earliest) wins.

Matching runs on an NFKC + OpenCC t2s copy of the text; the evidence is the sentence
cut from the original text (Traditional stays Traditional).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .catalog import Catalog, NormText, label_core, strip_ordinals
from .numbers import Mention, find_mentions
from .prose_words import (DEFAULT_TOPICS, EXTRA_PHRASES, FEE_TAIL_RE, FILLERS, GROUP_TOPICS, HOME_TOPIC,
                          NOT_AFTER_2018, POST_NOUNS, SQUEEZE_RE, STRONG_LEN, UNIT_COMPAT)
from .sections import line_topics


def squeeze(s: str) -> str:
    return SQUEEZE_RE.sub("", s)


# --- alias index -------------------------------------------------------------------

@dataclass(frozen=True)
class Phrase:
    text: str       # squeezed, normalised
    keys: tuple[str, ...]


def _variants(label: str) -> set[str]:
    c = squeeze(label_core(label))
    out = {c}
    for suf in ("总次数", "总数", "数量", "次数", "件数", "数"):
        if c.endswith(suf) and len(c) - len(suf) >= 2:
            out.add(c[: -len(suf)])
            break
    for x in list(out):
        if x.endswith("答复") and len(x) > 4:
            out.add(x[:-2])
    return {x for x in out if len(x) >= 2}


def build_phrases(cat: Catalog) -> list[Phrase]:
    by_text: dict[str, set[str]] = defaultdict(set)
    for key, e in cat.entries.items():
        labels = [e.zh, *e.aliases, *EXTRA_PHRASES.get(key, ())]
        for lab in labels:
            if not lab or " " in lab:
                continue   # "行政许可 处理决定数量" is a table cell pair, not a phrase
            for v in _variants(lab):
                by_text[v].add(key)
    phrases = [Phrase(t, tuple(sorted(k))) for t, k in by_text.items()]
    phrases.sort(key=lambda p: -len(p.text))
    return phrases


def phrases_for(cat: Catalog) -> list[Phrase]:
    p = cat._by_label.get("phrases")
    if p is None:
        p = cat._by_label["phrases"] = build_phrases(cat)
    return p


# --- candidates --------------------------------------------------------------------

@dataclass
class Candidate:
    key: str
    value: int | float
    approximate: bool
    unit: str
    evidence: str
    tier: int
    pos: int


def _cumulative(prefix: str, year: int | None) -> bool:
    """Does the sentence up to the figure speak of a cumulative total?"""
    p = re.sub(r"(今年|本年|年初|全年|当年)以来", "", prefix)
    if "历年" in p or "以来" in p or "至今" in p:
        return True
    if "累计" in p:
        if "截至" in p or "截止" in p:
            return True     # 截至…年底累计: a running total, not the year's
        yearly = ("本年", "全年", "今年", "年度", "当年") + ((f"{year}年",) if year else ())
        return not any(y in p for y in yearly)
    return False


def _anchor(prefix: str) -> str | None:
    """行政复议 or 行政诉讼, whichever the sentence named last before the figure."""
    r, l = prefix.rfind("复议"), prefix.rfind("诉讼")
    if r < 0 and l < 0:
        return None
    return "reconsideration" if r > l else "litigation"


# a clause that names a part of the figure before it: 其中 / 其中： / ，其中
_SUB_ITEM_RE = re.compile(r"^[\s,，、;；:：]*其中")
# the verbs a 其中 sub-item shares with its parent clause, longest first
_PARENT_VERBS = ("依申请公开", "主动公开", "公开", "发布", "收到", "受理", "答复", "办结", "制发", "印发")


def _parent_verb(before: str) -> str | None:
    """The verb of the clause a 其中 sub-item belongs to: the last one named before it."""
    best = None
    for v in _PARENT_VERBS:
        i = before.rfind(v)
        if i >= 0 and (best is None or i + len(v) > best[0] or (i + len(v) == best[0] and len(v) > len(best[1]))):
            best = (i + len(v), v)
    return best[1] if best else None


def _in_parens(s: str, i: int) -> bool:
    """Is offset i inside an open parenthesis (NFKC text: full-width ones are ASCII)?"""
    return s[:i].count("(") > s[:i].count(")")


class ProseReader:
    def __init__(self, cat: Catalog, year: int | None, template: str):
        self.cat = cat
        self.year = year
        self.template = template     # "2008" or "2019": which key of a shared phrase
        self.phrases = phrases_for(cat)
        # phrases by their last two characters: a label is compared with the few
        # phrases it can end with, not with all of them
        self.by_tail: dict[str, list[Phrase]] = defaultdict(list)
        for p in self.phrases:
            self.by_tail[p.text[-2:]].append(p)

    # which keys a phrase may fill in this report
    def _choose_key(self, keys: tuple[str, ...], unit: str, topic: str, strong: bool,
                    anchor: str | None = None) -> str | None:
        groups = {k.split(".")[0] for k in keys}
        if groups == {"reconsideration", "litigation"}:
            # 被依法纠错 / 其他情形 under 行政复议 or 行政诉讼: the one the sentence is about
            keys = tuple(k for k in keys if k.split(".")[0] == anchor)
        ok = []
        for k in keys:
            e = self.cat.entries[k]
            if unit not in UNIT_COMPAT.get(e.unit, {e.unit}):
                continue
            if topic not in GROUP_TOPICS.get(e.group, DEFAULT_TOPICS):
                continue
            home = HOME_TOPIC.get(e.group)
            if home and not strong and topic not in home and topic != "none":
                continue    # a short phrase (办结, 答复, 行政复议) counts only in its own section
            if self.template == "2008" and not self.cat.is_2008(k):
                continue
            if self.template == "2019" and e.group in NOT_AFTER_2018 and not self.cat.is_2019(k):
                continue
            ok.append(k)
        if len(ok) > 1:
            pref = [k for k in ok if (self.cat.is_2019(k) if self.template == "2019" else self.cat.is_2008(k))]
            ok = pref or ok
        if len(ok) != 1:
            return None
        k = ok[0]
        return f"{k}@total" if self.cat.entries[k].columns else k

    def _match(self, label: str, unit: str, topic: str, anchor: str | None = None) -> str | None:
        lab = squeeze(label)
        lab = re.sub(r"\([^()]*\)$", "", lab)   # a note between the words and the figure
        for _ in range(4):
            for p in self.by_tail.get(lab[-2:], ()):
                if len(p.text) > len(lab):
                    continue
                if lab.endswith(p.text):
                    # the longest phrase decides: "按时办结" that may not count here is
                    # never read as the shorter "办结"
                    return self._choose_key(p.keys, unit, topic, len(p.text) >= STRONG_LEN, anchor)
            if FEE_TAIL_RE.search(lab):
                key = self._choose_key(("fees.collected",), unit, topic, True)
                if key:
                    return key
            # strip one filler word between the phrase and the figure
            for f in FILLERS:
                if lab.endswith(f) and len(lab) > len(f):
                    lab = lab[: -len(f)]
                    break
            else:
                return None
        return None

    def read(self, nt: NormText, skip: set[int]) -> list[Candidate]:
        out: list[Candidate] = []
        for start, end, topic in line_topics(nt, skip):
            line = nt.text[start:end]
            for s0, s1 in _sentences(line):
                out.extend(self._sentence(nt, start + s0, start + s1, topic))
        return out

    def _sentence(self, nt: NormText, a: int, b: int, topic: str) -> list[Candidate]:
        # a sentence of a wrapped paragraph: the wrap may even split a figure (2\n28人)
        s = nt.text[a:b].replace("\n", "")
        evidence = nt.original(a, b).strip()
        tier_of = lambda key: 2 if topic in HOME_TOPIC.get(key.split(".")[0], ()) else 1
        out: list[Candidate] = []
        fee = self._no_fee(s, topic)
        if fee:
            out.append(Candidate("fees.collected", 0, False, self.cat.unit("fees.collected"),
                                 evidence, tier_of("fees.collected"), a))
        prev_end = 0
        entity = None
        for m in find_mentions(s):
            if _in_parens(s, m.start) and s[m.pre_start - 1:m.pre_start] == "计":
                continue    # a counting note: （不同渠道和方式公开相同信息计1条）
            seg = s[prev_end:m.pre_start]
            prev_end = m.end
            if _cumulative(s[:m.start], self.year):
                continue
            if self.template == "2019" and topic in ("proactive", "none", "overview"):
                key, entity = self._s2(seg, m, entity)
                if key:
                    value = m.value
                    if key.endswith(".items_change") and "减少" in seg and "增加" not in seg:
                        value = -value      # 本年减少2个 is a change of -2
                    out.append(Candidate(key, value, m.approximate, m.unit, evidence, 2, a + m.start))
                    continue
            label = strip_ordinals(seg.strip(" ,，、:：;"))
            anchor = _anchor(s[:m.start])
            key = self._match(label, m.unit, topic, anchor)
            if key is None:
                key = self._match_post_noun(label, s[m.end:], m.unit, topic, anchor)
            if key is None and _SUB_ITEM_RE.match(seg):
                # "主动公开政府信息2316条，其中规范性文件12条": the sub-item leaves out the
                # verb it shares with the clause before it
                verb = _parent_verb(s[:m.pre_start - len(seg)])
                if verb and not label.startswith(verb):
                    key = self._match(verb + label, m.unit, topic, anchor)
            if key is None:
                continue
            out.append(Candidate(key, m.value, m.approximate, m.unit, evidence, tier_of(key), a + m.start))
        return out

    def _match_post_noun(self, label: str, after: str, unit: str, topic: str,
                         anchor: str | None) -> str | None:
        """"主动公开1234条政府信息": the noun follows the figure."""
        for noun in POST_NOUNS:
            if after.startswith(noun):
                return self._match(label + noun, unit, topic, anchor)
        return None

    _NO_FEE_RE = re.compile(r"(未|没有|均未|从未|无|不)(向申请人)?(收取|收|产生)[^,，;。]{0,30}?费")

    def _no_fee(self, s: str, topic: str) -> bool:
        if topic not in GROUP_TOPICS["fees"]:
            return False
        if not self._NO_FEE_RE.search(s):
            return False
        if re.search(r"(只|仅|但)收取|收取了|按[^,，。]{0,10}收取", s):
            return False
        return bool(re.search(r"政府信息|依申请|信息处理费|申请人|公开", s))

    # -- 2019 section 二 in prose ------------------------------------------------------
    _S2_ENTITIES = (("其他对外管理服务事项", "other_services"), ("行政规范性文件", "normative"),
                    ("规范性文件", "normative"), ("规章", "rules"), ("行政许可", "licensing"),
                    ("行政处罚", "penalty"), ("行政强制", "enforcement"),
                    ("行政事业性收费", "admin_fees"), ("政府集中采购", "procurement"),
                    ("集中采购", "procurement"))
    _S2_MEASURES = (("对外公开", "published_total"), ("公开总数", "published_total"),
                    ("新制作", "new_made"), ("新公开", "new_published"), ("制发", "issued"),
                    ("印发", "issued"), ("废止", "repealed"), ("现行有效", "in_force"),
                    ("处理决定", "decisions"), ("上一年项目", "items_prev"), ("上年项目", "items_prev"),
                    ("增减", "items_change"), ("增/减", "items_change"), ("增加", "items_change"),
                    ("减少", "items_change"),
                    ("采购总金额", "amount"), ("总金额", "amount"), ("收费金额", "amount"),
                    ("金额", "amount"), ("采购项目", "items"), ("项目", "items"), ("决定", "decisions"))

    def _s2(self, seg: str, m: Mention, entity: str | None) -> tuple[str | None, str | None]:
        """Key of a 2019 section-二 figure stated in a clause ("本年制发规章4件，废止4件"):
        the entity carries over from the previous clause of the sentence."""
        seg = squeeze(seg)
        best = max(((seg.rfind(w), len(w), p) for w, p in self._S2_ENTITIES if w in seg), default=None)
        if best:
            entity = best[2]          # the entity named closest to the figure
        if entity is None:
            return None, None
        found = [(seg.rfind(w) + len(w), len(w), sfx) for w, sfx in self._S2_MEASURES if w in seg]
        if found:
            suffix = max(found)[2]     # the measure word ending closest to the figure
            key = f"{entity}.{suffix}"
            if key in self.cat and m.unit in UNIT_COMPAT.get(self.cat.unit(key), {self.cat.unit(key)}):
                return key, entity
            return None, entity
        if m.unit in ("万元", "元") and f"{entity}.amount" in self.cat:
            return f"{entity}.amount", entity     # 行政事业性收费2324.1万元
        return None, entity


_SENT_RE = re.compile(r"[^。;；!！?？]+[。;；!！?？]?")


def _sentences(line: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENT_RE.finditer(line) if m.group().strip()]


def select(cands: list[Candidate]) -> tuple[dict[str, Candidate], list[tuple[Candidate, Candidate]]]:
    """One candidate per key: highest tier, then earliest. Also returns the pairs of
    disagreeing candidates of the same tier (for a flag)."""
    best: dict[str, Candidate] = {}
    conflicts = []
    for c in cands:
        b = best.get(c.key)
        if b is None or c.tier > b.tier:
            best[c.key] = c
        elif c.tier == b.tier and c.value != b.value:
            conflicts.append((b, c))
    conflicts = [(b, c) for b, c in conflicts if best[b.key] is b]
    return best, conflicts
