"""Row labels as printed: typos and dropped characters.

A report's table copies the official row labels by hand, and a label may reach us as
主动公开政府信总数 or 本年新收政府信息公开申请数 with a character wrong or gone. When no
label of the catalogue matches exactly, the closest one may still name the row — but
only when it is clearly the closest:

- the edit distance (rapidfuzz OSA: Levenshtein with a swap of two neighbours as one
  edit, on the compared forms compact/stem) is within the allowance for the label's
  length (words.FUZZY_EDITS);
- the next-closest *other* key is at least words.FUZZY_MARGIN edits further away, or
  the template position decides: the row stands where the template puts the best
  key (right after the last row matched) and no other key is as close;
- a tie, or a low margin the position does not settle, leaves the row unmapped and
  says so (`Miss`, recorded as a flag by the caller). A figure is never guessed.
"""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from .words import FUZZY_EDITS, FUZZY_MARGIN, FUZZY_MIN_LEN


@dataclass(frozen=True)
class Miss:
    """A label close to catalogue labels that could not be told apart."""
    label: str
    distances: dict[str, int]   # key -> edits, closest first


def allowed_edits(n: int) -> int:
    """How many edits a label of n characters may carry and still be itself."""
    for max_len, edits in FUZZY_EDITS:
        if n <= max_len:
            return edits
    return FUZZY_EDITS[-1][1]


def closest_key(forms: list[str], choices: dict[str, set[str] | str],
                expected: tuple[str, ...] = ()) -> tuple[str | None, Miss | None]:
    """(key, None) when one key is clearly the closest to any of `forms` (the label's
    compared forms); (None, Miss) when some keys are close but none clearly is;
    (None, None) when nothing is close."""
    forms = [f for f in dict.fromkeys(forms) if f and len(f) >= FUZZY_MIN_LEN]
    if not forms:
        return None, None
    best: dict[str, tuple[int, int]] = {}    # key -> (edits, edits its form may carry)
    for f in forms:
        allow = allowed_edits(len(f))
        limit = allow + FUZZY_MARGIN        # how far a runner-up is still worth knowing
        for label, keys in choices.items():
            if abs(len(label) - len(f)) > limit or len(label) < FUZZY_MIN_LEN:
                continue
            d = OSA.distance(f, label, score_cutoff=limit)
            if d > limit:
                continue
            for k in ([keys] if isinstance(keys, str) else keys):
                if k not in best or d < best[k][0]:
                    best[k] = (d, allow)
    if not best:
        return None, None
    ranked = sorted(((k, d) for k, (d, _) in best.items()), key=lambda kv: (kv[1], kv[0]))
    key, d = ranked[0]
    if d == 0 or d > best[key][1]:
        return None, None       # exact (the caller's business) or not this label at all
    runner = ranked[1][1] if len(ranked) > 1 else None
    if runner is None or runner - d >= FUZZY_MARGIN:
        return key, None
    if runner > d and key in expected:
        return key, None        # the template position and the closest label agree
    return None, Miss(forms[0], dict(ranked[:4]))


def next_keys(order: list[str], last: str | None, n: int = 3) -> tuple[str, ...]:
    """The keys the template puts right after `last` (the row matched before)."""
    if last is None:
        return tuple(order[:n])
    try:
        i = order.index(last)
    except ValueError:
        return ()
    return tuple(order[i + 1:i + 1 + n])
