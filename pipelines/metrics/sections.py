"""The sections of a report's prose: which topic (主动公开, 依申请, 收费, 复议…) each
paragraph stands under, from the numbered headings above it (一、概述, （三）…, 第2章 …).
A PDF-wrapped line is joined to the next so a sentence is read whole."""
from __future__ import annotations

import re

from .catalog import NormText, norm

_TOP_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|第[一二三四五六七八九十\d]{1,3}[章部分]+[、.．:：]?)\s*(?P<title>.*)$")
_SUB_RE = re.compile(r"^[(（][一二三四五六七八九十]{1,3}[)）]\s*(?P<title>.*)$")
_CHAPTER_RE = re.compile(r"^第[一二三四五六七八九十\d]{1,3}章$")


def topic_of(title: str) -> str | None:
    """The topic of a heading, or None when it names none."""
    t = norm(title)
    if not t:
        return None
    if "复议" in t or "诉讼" in t:
        return "review"
    if "收费" in t or "费用" in t or "减免" in t:
        return "fees"
    if "问题" in t or "改进" in t or "不足" in t:
        return "problems"
    if "依申请" in t or "申请" in t:
        return "requests"
    if "主动公开" in t:
        return "proactive"
    if "回应" in t or "解读" in t:
        return "response"
    if "概述" in t or "总体情况" in t or "基本情况" in t or "概况" in t or "总体" in t:
        return "overview"
    if "其他需要报告" in t or "其他事项" in t or "需要说明" in t:
        return "other_matters"
    return None


def _heading_title(line: str) -> str | None:
    """The title part of a heading line ("三、依申请公开情况。2017年…" -> 依申请公开情况)."""
    title = re.split(r"[。:：]", line, maxsplit=1)[0]
    return title if 0 < len(title) <= 32 else None


_END_PUNCT = "。；;！!？?：:"


def _is_heading(s: str) -> bool:
    return bool(_TOP_RE.match(s) or _SUB_RE.match(s) or _CHAPTER_RE.match(s))


def line_topics(nt: NormText, skip: set[int]) -> list[tuple[int, int, str]]:
    """(start, end, topic) of every prose paragraph of the normalised text. A line
    that a PDF wrapped (long, no closing punctuation, the next line no heading) is
    joined with the next one so a sentence is read whole."""
    out: list[tuple[int, int, str]] = []
    top, sub = "none", None
    lines = nt.text.split("\n")
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    expect_title = False
    joined_to_prev = False
    for i, line in enumerate(lines):
        start, end = starts[i], starts[i] + len(line)
        if i in skip:
            joined_to_prev = False
            continue
        s = line.strip().lstrip("-•·●■▪ ").strip()
        if not s:
            joined_to_prev = False
            continue
        if joined_to_prev:
            # continuation of a wrapped line: extend the previous paragraph
            a, _, t = out[-1]
            out[-1] = (a, end, t)
        else:
            if _CHAPTER_RE.match(s):
                expect_title = True
                continue
            if expect_title:
                expect_title = False
                if len(s) <= 32 and "。" not in s:
                    top, sub = topic_of(s) or "other", None
                    continue
            m = _TOP_RE.match(s)
            if m:
                title = _heading_title(m.group("title"))
                if title is not None:
                    top, sub = topic_of(title) or "other", None
            else:
                m = _SUB_RE.match(s)
                if m:
                    title = _heading_title(m.group("title"))
                    if title is not None:
                        sub = topic_of(title)
            out.append((start, end, sub or top))
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        joined_to_prev = (len(s) >= _WRAP_MIN and s[-1] not in _END_PUNCT and bool(nxt)
                          and i + 1 not in skip and not _is_heading(nxt) and "\t" not in nxt)
    return out


_WRAP_MIN = 25    # a line this long without closing punctuation was wrapped, not ended
