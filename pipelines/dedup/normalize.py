"""Text and body-name normalisation: what two copies of one report have in common.

:func:`normalize_text`: NFKC, OpenCC ``t2s``, then every whitespace, punctuation,
control and decorative-symbol character dropped and Latin letters case-folded. Line
breaks, full-width/half-width forms, page-break whitespace and Traditional
characters therefore do not change the normalised text.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

from core.script import t2s

# page-view counters that leak past cleaning change on every visit: not text
_COUNTER = re.compile(r"(?:浏览|点击|访问|阅读|查看)(?:次数|量|数|人次)\d+")


def _dropped(ch: str) -> bool:
    cat = unicodedata.category(ch)
    # P*: punctuation, Z*: separators, C*: controls (tabs, newlines, NUL, format chars),
    # So/Sk: bullets, boxes, modifier symbols that PDF extraction adds or drops.
    return cat[0] in "PZC" or cat in ("So", "Sk")


class _DropTable(dict):
    """A str.translate table deleting what _dropped drops, filled as characters are
    first seen (a page holds a few thousand distinct ones; one C-level pass over the
    text instead of a Python call per character)."""

    def __missing__(self, code: int):
        keep = None if _dropped(chr(code)) else code
        if len(self) < _MAX_TABLE:      # a hostile text of every code point stays bounded
            self[code] = keep
        return keep


_MAX_TABLE = 200_000
_DROP = _DropTable()


def normalize_text(text: Optional[str]) -> str:
    """NFKC, Traditional -> Simplified, whitespace and punctuation removed, case-folded.

    An HTML page, its PDF twin with other line breaks and a Traditional mirror
    normalise to the same string."""
    if not text:
        return ""
    t = unicodedata.normalize("NFKC", text)
    t = t2s(t)
    t = t.translate(_DROP).casefold()
    return _COUNTER.sub("", t)


def normalize_body(body: Optional[str]) -> Optional[str]:
    """A body name compared across copies: normalised, 人民政府 ~ 政府, and the
    office that signs for the government (办公室/办公厅) folded into it."""
    b = normalize_text(body)
    if not b:
        return None
    b = b.replace("人民政府", "政府")
    for tail in ("办公室", "办公厅"):
        if b.endswith(tail) and len(b) > len(tail) + 2:
            b = b[: -len(tail)]
    return b


def bodies_compatible(a: Optional[str], b: Optional[str]) -> bool:
    """Same body, or one name contains the other (安吉县政府 / 湖州市安吉县政府)."""
    if not a or not b:
        return True
    return a == b or a in b or b in a
