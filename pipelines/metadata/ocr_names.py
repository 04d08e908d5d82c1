"""Place names misread by OCR, mended from the portal's own name.

Tesseract reads a rare character of a place name as a common look-alike (岫 as 册 or
帆): the report's title, body and region then name a place that does not exist, and
the figures land on the wrong body. When a document's text came from OCR, a place
word in its metadata that differs from one of the portal's own places (its name in
the portals file, or its homepage title) in exactly one character, with the same
place ending (县, 市, 区, 镇 …), is read as that place. Text and evidence stay as
read: only the metadata is mended, and only towards the portal's own places.
"""
from __future__ import annotations

from pipelines.metadata.region import portal_places

FIELDS = ("title", "body", "region")


def _one_off(a: str, b: str) -> bool:
    """Same length, same last character (the place ending), exactly one other character differs."""
    return len(a) == len(b) and a[-1] == b[-1] and sum(x != y for x, y in zip(a, b)) == 1


def mend_place(value: str | None, places: list[str]) -> str | None:
    """``value`` with a one-character misreading of one of ``places`` put right."""
    if not value:
        return value
    for place in places:
        if len(place) < 3 or place in value:
            continue
        n = len(place)
        for i in range(len(value) - n + 1):
            if _one_off(value[i:i + n], place):
                value = value[:i] + place + value[i + n:]
                break
    return value


def mend_ocr_places(meta: dict, portal_name: str | None) -> dict:
    """The metadata of an OCR'd document with misread portal places mended."""
    places = portal_places(portal_name)
    if not places:
        return meta
    out = dict(meta)
    for field in FIELDS:
        if isinstance(out.get(field), str):
            out[field] = mend_place(out[field], places)
    return out
