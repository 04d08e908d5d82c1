"""What a parser hands back (ReadResult, pickled from the child to the parent) and
the row helpers the three parsers share."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ReadResult:
    text: str = ""
    tables: list = field(default_factory=list)
    error: str | None = None
    notes: list = field(default_factory=list)   # e.g. page cap applied; not an error
    ocr: dict | None = None     # the text came from OCR: {source, pages, seconds, confidence, lang, dpi}
    wants_ocr: str | None = None  # a PDF whose text layer cannot stand for its pages: why


def lines_from_rows(rows) -> list[str]:
    return ["\t".join(c["text"] for c in row) for row in rows if any(c["text"] for c in row)]


def cjk_edge(a: str, b: str) -> bool:
    """True when two wrapped pieces meet at a CJK character: they join without a space."""
    return bool(a and b) and (ord(a[-1]) > 0x2e80 or ord(b[0]) > 0x2e80)
