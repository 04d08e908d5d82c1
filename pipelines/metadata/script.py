"""Script folding for metadata: Traditional text read as Simplified, and whether a
report is written in Traditional script."""
from __future__ import annotations

import unicodedata

from core.script import t2s as opencc_t2s


def t2s(s: str | None) -> str:
    """Traditional -> Simplified (OpenCC), NFKC-normalised first so full-width
    digits read as digits."""
    if not s:
        return ""
    return opencc_t2s(unicodedata.normalize("NFKC", s))


def detect_script(text: str) -> str:
    """'traditional' when OpenCC t2s changes a material share of the Han characters."""
    sample = (text or "")[:20000]
    conv = opencc_t2s(sample)
    han = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    if not han:
        return "simplified"
    if len(conv) == len(sample):
        changed = sum(1 for a, b in zip(sample, conv) if a != b)
    else:
        changed = abs(len(sample) - len(conv)) + sum(1 for a, b in zip(sample, conv) if a != b)
    return "traditional" if changed >= max(3, han * 0.03) else "simplified"
