"""Places in names: the chain of places a name starts or ends with, a place's level,
the places a portal's name names."""
from __future__ import annotations

from pipelines.metadata.places import (CITY_SUFFIXES, COUNTY_LEVEL_CITIES, COUNTY_SUFFIXES, DISTRICT_SUFFIX,
                                       GUESS_PLACE, LEVEL_CHARACTERS, MAX_PLACE, MUNICIPALITIES, NOT_PLACE,
                                       PLACE_NAMES, PROVINCE_SUFFIXES)
from pipelines.metadata.script import t2s


def place_level(name: str | None) -> str | None:
    """province / city / district / county of a place name."""
    if not name:
        return None
    if name in MUNICIPALITIES or name.endswith(PROVINCE_SUFFIXES):
        return "province"
    if name in COUNTY_LEVEL_CITIES:
        return "county"
    if name.endswith(CITY_SUFFIXES):
        return "city"
    if name.endswith(COUNTY_SUFFIXES):
        return "county"
    if name.endswith(DISTRICT_SUFFIX):
        return "district"
    return None


def _place_at(s: str, i: int, guess: bool) -> str | None:
    for n in range(min(MAX_PLACE, len(s) - i), 1, -1):
        if s[i:i + n] in PLACE_NAMES:
            return s[i:i + n]
    if guess:
        # a place the list does not know (new districts, renamed counties)
        m = GUESS_PLACE.match(s, i)
        if m and not NOT_PLACE.search(m.group(0)) and m.group(0)[0] not in LEVEL_CHARACTERS:
            return m.group(0)
    return None


def place_chain(s: str, start: int = 0, guess: bool = True) -> tuple[list[str], int]:
    """Place names at the start of s (湖州市安吉县人民政府 -> [湖州市, 安吉县]) and where
    they end."""
    names, i = [], start
    while i < len(s):
        p = _place_at(s, i, guess and not names)
        if not p:
            break
        names.append(p)
        i += len(p)
    return names, i


def chain_ending_at(s: str, end: int) -> list[str]:
    """The known place names right before position `end` of s, in order."""
    names = []
    while end > 0:
        for n in range(min(MAX_PLACE, end), 1, -1):
            if s[end - n:end] in PLACE_NAMES:
                names.insert(0, s[end - n:end])
                end -= n
                break
        else:
            break
    return names


def portal_places(portal_name: str | None) -> list[str]:
    """The places a portal's name starts with (赣州市章贡区人民政府 -> [赣州市, 章贡区]), Simplified."""
    if not portal_name:
        return []
    s = t2s(portal_name)
    names, _ = place_chain(s)
    return names


def place_for_prefix(prefix: str, places: list[str]) -> list[str]:
    """Which of the portal's places an abbreviated '市X局' / '区X局' / '县X局' means:
    the chain up to the last place of that kind."""
    if prefix:
        for i in range(len(places) - 1, -1, -1):
            if places[i].endswith(prefix):
                return places[: i + 1]
    return places
