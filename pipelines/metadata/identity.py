"""Publishing bodies across names and years: which body a report's ``body`` names,
its kind (the place's government or a department), its place and GB/T 2260 code.

``body_id`` is built from the place (its division code where the table knows it,
else a hash of the place name) and, for a department, a hash of the department's
name without its place: 上饶市信州区财政局 and 信州区财政局 are one body; every
name of a government (人民政府, 政府办公室, the leading group that compiles the
report) is one body. Ids are ASCII so they travel through CSV, Parquet and URLs.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from pipelines.metadata.body import expand_department
from pipelines.metadata.divisions import division_code
from pipelines.metadata.identity_vocab import DEPARTMENT, GOVERNMENT, GOVERNMENT_NAME, GOVERNMENT_UNIT
from pipelines.metadata.region import place_chain, place_level
from pipelines.metadata.script import t2s
from pipelines.metadata.vocab import LEVEL_PREFIXES, NOT_LEVEL_PREFIX


@dataclass(frozen=True)
class BodyName:
    """A body name read apart: its places (outermost first), its own place, the unit
    after the places (人民政府 / 司法局) and the kind of body."""
    name: str
    chain: tuple[str, ...]
    place: str | None
    unit: str
    kind: str


def read_body(body: str | None, region: str | None = None) -> BodyName:
    """上饶市信州区财政局 (region 信州区) -> chain (上饶市, 信州区), unit 财政局, department."""
    name = "".join(t2s(body or "").split())
    region = "".join(t2s(region or "").split()) or None
    if region and region in name:
        at = name.rfind(region)
        chain = tuple(place_chain(name[:at], guess=False)[0]) + (region,)
        rest = name[at + len(region):]
    else:
        found, end = place_chain(name)
        chain, rest = tuple(found), name[end:]
        if region and (not chain or chain[-1] != region):
            chain = chain + (region,) if not rest.startswith(region) else chain
    place = chain[-1] if chain else region
    if place and rest[:1] in LEVEL_PREFIXES and not rest.startswith(NOT_LEVEL_PREFIX) and len(rest) > 2:
        rest = rest[1:]   # 市司法局 on the city's portal: the bare level character stands for the place
    unit = expand_department(rest) if rest else ""
    kind = GOVERNMENT if not unit or GOVERNMENT_UNIT.fullmatch(unit) else DEPARTMENT
    return BodyName(name=name, chain=chain, place=place, unit=unit if kind == DEPARTMENT else GOVERNMENT_NAME,
                    kind=kind)


def _hash(s: str, n: int) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:n]


@dataclass(frozen=True)
class Division:
    code: str | None          # GB/T 2260 code of the place itself, or None
    of: str | None            # the place the nearest known code belongs to
    nearest: str | None       # that code (the place's own, or an enclosing place's)


def place_division(place: str | None, parents=()) -> Division:
    """The place's own code, else the nearest enclosing place's (a township's county)."""
    own = division_code(place, parents)
    if own:
        return Division(own, place, own)
    parents = list(parents)
    for i in range(len(parents) - 1, -1, -1):
        code = division_code(parents[i], parents[:i])
        if code:
            return Division(None, parents[i], code)
    return Division(None, None, None)


def body_id(place: str | None, code: str | None, kind: str, unit: str, name: str = "") -> str:
    """'360702-gov', '360702-3f1c2a9b' (a department), 'p1a2b3c4d-gov' (a place the
    table has no code for), 'n…' (no place at all: the name alone)."""
    anchor = code if code else ("p" + _hash(place, 8) if place else "n" + _hash(name, 8))
    return anchor + "-" + ("gov" if kind == GOVERNMENT else _hash(unit, 8))


def body_level(level: str | None, place: str | None) -> str | None:
    """The report's level (township, zone … as metadata read it), else the place's."""
    return level or place_level(place)
