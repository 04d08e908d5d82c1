"""Places in names: the chain of places a name starts or ends with, a place's level,
the places a portal's name names. Below the county, townships (乡/镇/街道) and
development zones (经济技术开发区, 高新区 …) end a chain: they are read by their name
endings, as no list of them is kept."""
from __future__ import annotations

from pipelines.metadata.places import (BARE_ZONE, CITY_SUFFIXES, COUNTY_LEVEL_CITIES, COUNTY_SUFFIXES,
                                       DEFAULT_GOVERNMENT, DISTRICT_SUFFIX, GUESS_PLACE, GUESS_TOWNSHIP, GUESS_ZONE,
                                       LEVEL_CHARACTERS, MAX_PLACE, MUNICIPALITIES, NOT_LOCAL, NOT_PLACE,
                                       PLACE_NAMES, PROVINCE_SUFFIXES, TOWNSHIP_GOVERNMENT, TOWNSHIP_SUFFIXES,
                                       ZONE_GOVERNMENT, ZONE_SUFFIXES)
from pipelines.metadata.script import t2s


def place_level(name: str | None) -> str | None:
    """province / city / district / county / township / zone of a place name."""
    if not name:
        return None
    if name not in PLACE_NAMES:
        if name.endswith(ZONE_SUFFIXES):
            return "zone"       # 赣州经济技术开发区, 抚州高新区 (浦东新区 is a listed district)
        if name.endswith(TOWNSHIP_SUFFIXES):
            return "township"
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


def _local_at(s: str, i: int, after_place: bool) -> str | None:
    """A township or zone name at s[i:] (湖坊街道办事处, 桐木镇, 赣州经开区); a bare zone
    ending (高新区) only right after a known place, whose zone it is."""
    if after_place:
        m = BARE_ZONE.match(s, i)
        if m:
            return m.group(0)
    if s[i:i + 1] in LEVEL_CHARACTERS:
        return None     # 县城关镇 / 区教育局: a level character, then something else
    for rx in (GUESS_ZONE, GUESS_TOWNSHIP):
        m = rx.match(s, i)
        if m and not NOT_LOCAL.search(m.group(0)):
            return m.group(0)
    return None


def _place_at(s: str, i: int, guess: bool) -> str | None:
    for n in range(min(MAX_PLACE, len(s) - i), 1, -1):
        if s[i:i + n] in PLACE_NAMES:
            return s[i:i + n]
    if guess:
        local = _local_at(s, i, False)
        if local:
            return local
        return _guess_county(s, i)
    return None


def _guess_county(s: str, i: int) -> str | None:
    """A place the list does not know (new districts, renamed counties)."""
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
        if not p and names and guess:
            p = _local_at(s, i, True)     # 上栗县 + 桐木镇, 抚州市 + 高新区
            if not p:
                # an unlisted district between a listed place and a township (某市某区某镇)
                county = _guess_county(s, i)
                if county and _local_at(s, i + len(county), False):
                    p = county
        if not p:
            break
        names.append(p)
        i += len(p)
        if is_local(p) and p.endswith(TOWNSHIP_SUFFIXES):
            break       # nothing lies below a township (a zone may hold townships)
    return names, i


def is_local(name: str) -> bool:
    """A township or a development zone (read by its ending, not from the list)."""
    return name not in PLACE_NAMES and name.endswith(ZONE_SUFFIXES + TOWNSHIP_SUFFIXES)


def region_of(chain: list[str]) -> str | None:
    """The body's own place from its chain: the last place, a 街道's name without
    办事处 (湖坊街道), a bare zone ending with the place it belongs to (抚州市高新区)."""
    if not chain:
        return None
    last = chain[-1]
    if last.endswith("街道办事处"):
        return last[: -len("办事处")]
    if len(chain) > 1 and BARE_ZONE.fullmatch(last):
        return chain[-2] + last
    return last


def government_of(chain: list[str]) -> str:
    """What the government of the chain's last place is called: 人民政府, a 街道's
    办事处, a zone's 管理委员会 (nothing when the name already says 办事处)."""
    last = chain[-1] if chain else ""
    if last.endswith("办事处"):
        return ""
    for end, gov in TOWNSHIP_GOVERNMENT.items():
        if last.endswith(end):
            return gov
    if is_local(last) and last.endswith(ZONE_SUFFIXES):
        return ZONE_GOVERNMENT
    return DEFAULT_GOVERNMENT


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


def local_stem(name: str) -> str:
    """A township's or zone's own name without its ending: 青原经开区 and
    青原经济技术开发区 are both 青原."""
    for end in sorted(ZONE_SUFFIXES + TOWNSHIP_SUFFIXES, key=len, reverse=True):
        if name.endswith(end) and len(name) > len(end):
            return name[: -len(end)]
    return name
