"""Column headers as printed: typos in the measure words over a standard table's figures.

Section 二's measures (本年制发件数 …) and section 四's result words (结果维持, 结果纠正 …)
are copied by hand like the row labels, and one may reach us as 结果纠证 or 本年废至件数.
The same discipline as row labels (fuzzy.py) decides what such a header names:

- exact (vocab.measure_suffix: the measure word, or the one it contains) maps;
- else the one measure it is clearly closest to (fuzzy.closest_key, margin) maps;
- else the template's column order settles a low margin: the measure the template puts
  at this column (counted from the nearest column already read) is the closest one;
- a tie, or a margin the position does not settle, stays unmapped and is recorded as a
  note; the columns around it are read all the same.
"""
from __future__ import annotations

from .catalog import compact
from .fuzzy import Miss, closest_key
from .vocab import measure_core, measure_suffix
from .words import MEASURE_COLUMN_ORDERS


def expected_at(j: int, known: list[str | None], orders=MEASURE_COLUMN_ORDERS) -> tuple[str, ...]:
    """The measures the templates' column orders put at column j, counted from the
    nearest column before it (else after it) that was read exactly."""
    for step in (-1, 1):
        i = j + step
        while 0 <= i < len(known):
            if known[i] is not None:
                out = []
                for order in orders:
                    if known[i] in order:
                        pos = order.index(known[i]) + (j - i)
                        if 0 <= pos < len(order):
                            out.append(order[pos])
                return tuple(dict.fromkeys(out))
            i += step
    return ()


def map_columns(texts: list[str], ms: dict[str, str], notes: list[dict] | None = None,
                prefix: str = "", words: dict[str, str] | None = None) -> list[str | None]:
    """The measure suffix each header text in `texts` (one per column, left to right,
    one block of one entity's columns) names, None where it names none or cannot be
    told. `ms` is the entity's measure_core -> suffix; what was decided loosely goes to
    `notes` once per header and entity (`prefix`, the key the suffix completes);
    `words` the entity's whole measure words (compact) -> suffix, compared as well."""
    choices = {**ms, **(words or {})}
    exact = [measure_suffix(ms, t, fuzzy=False) if t else None for t in texts]
    out = list(exact)
    for j, t in enumerate(texts):
        if out[j] is not None or not t:
            continue
        key, miss = closest_key([measure_core(t), compact(t)], choices, expected_at(j, exact))
        name = f"{prefix}.{key}" if prefix and key else key
        if key:
            out[j] = key
            _note(notes, {"rule": "column_header_fuzzy",
                          "message": f"column header \u201c{t}\u201d read as {name} "
                                     f"(closest official column word)", "numbers": {}})
        elif isinstance(miss, Miss):
            _note(notes, {"rule": "column_header_unmapped",
                          "message": f"column header \u201c{t}\u201d{' of ' + prefix if prefix else ''} "
                                     f"is as close to {' and '.join(miss.distances)}: left unmapped",
                          "numbers": dict(miss.distances)})
    return out


def _note(notes: list[dict] | None, note: dict):
    # every row under a header maps it again: one note per header is enough
    if notes is not None and note not in notes:
        notes.append(note)

