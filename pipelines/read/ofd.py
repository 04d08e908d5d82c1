"""OFD (GB/T 33190-2016, the Chinese fixed-layout format) -> text + tables.  An OFD is a
zip of XML: OFD.xml names the document root (DocBody/DocRoot), Document.xml lists the
pages (Pages/Page@BaseLoc), and each page's Content.xml holds TextObjects whose
TextCode elements carry the text at a position (X/Y inside the object's Boundary,
DeltaX the advance of each glyph).  Text is rebuilt in reading order from those
positions, and tables approximated from them (pipelines.read.layout).  The zip
passed pipelines.read.guards in the parent; lxml never resolves entities or fetches.
Runs in the bounded child (pipelines.read.sandbox)."""
from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from .layout import Word, lay_out
from .result import ReadResult, lines_from_rows

_PARSER = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
MAX_OBJECTS = 200_000        # text objects over all pages


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _child(el, name):
    for c in el:
        if _local(c) == name:
            return c
    return None


def _xml(z: zipfile.ZipFile, path: str):
    name = path.lstrip("/")
    for n in z.namelist():          # names are case-sensitive in the zip, not always in the XML
        if n == name or n.lower() == name.lower():
            with z.open(n) as f:
                return etree.parse(f, etree.XMLParser(**_PARSER)).getroot()
    raise ValueError("ofd part missing: %s" % path)


def _resolve(base_dir: str, loc: str) -> str:
    loc = (loc or "").strip().replace("\\", "/")
    if loc.startswith("/"):
        return posixpath.normpath(loc.lstrip("/"))
    return posixpath.normpath(posixpath.join(base_dir, loc))


def _floats(s: str | None) -> list[float]:
    out = []
    for t in (s or "").split():
        try:
            out.append(float(t))
        except ValueError:
            continue
    return out


def _deltas(s: str | None) -> list[float]:
    """DeltaX / DeltaY: numbers, where 'g N v' repeats v N times."""
    toks, out, i = (s or "").split(), [], 0
    while i < len(toks):
        if toks[i] == "g" and i + 2 < len(toks):
            try:
                out.extend([float(toks[i + 2])] * min(int(toks[i + 1]), 10000))
            except ValueError:
                pass
            i += 3
            continue
        try:
            out.append(float(toks[i]))
        except ValueError:
            pass
        i += 1
    return out


def _page_words(root, budget: list) -> list[Word]:
    words = []
    for obj in root.iter():
        if _local(obj) != "TextObject":
            continue
        budget[0] -= 1
        if budget[0] < 0:
            break
        box = _floats(obj.get("Boundary"))
        bx, by = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
        size = (_floats(obj.get("Size")) or [3.5])[0]
        for code in obj:
            if _local(code) != "TextCode":
                continue
            text = "".join(code.itertext())
            if not text.strip():
                continue
            x = bx + (_floats(code.get("X")) or [0.0])[0]
            y = by + (_floats(code.get("Y")) or [size])[0]     # the baseline
            width = sum(_deltas(code.get("DeltaX"))[:max(len(text) - 1, 0)]) + size
            words.append(Word(x, y - size, x + width, y, text))
    return words


def parse_ofd(body: bytes, opts: dict) -> ReadResult:
    max_pages = int(opts.get("max_pages") or 300)
    z = zipfile.ZipFile(io.BytesIO(body))
    root = _xml(z, "OFD.xml")
    doc_roots = [d for b in root.iter() if _local(b) == "DocBody" for d in b if _local(d) == "DocRoot"]
    if not doc_roots or not (doc_roots[0].text or "").strip():
        raise ValueError("OFD.xml names no DocRoot")
    doc_path = _resolve("", doc_roots[0].text)
    doc = _xml(z, doc_path)
    doc_dir = posixpath.dirname(doc_path)
    pages = [p for el in doc.iter() if _local(el) == "Pages" for p in el if _local(p) == "Page"]
    notes, lines, tables = [], [], []
    if len(pages) > max_pages:
        notes.append("ofd has %d pages; read the first %d" % (len(pages), max_pages))
    budget = [MAX_OBJECTS]
    for page in pages[:max_pages]:
        content = _xml(z, _resolve(doc_dir, page.get("BaseLoc")))
        for top, text, rows in lay_out(_page_words(content, budget)):
            if rows is not None:
                tables.append(rows)
                lines.extend(lines_from_rows(rows))
            elif text:
                lines.append(text)
        if budget[0] < 0:
            notes.append("ofd has more than %d text objects; read those" % MAX_OBJECTS)
            break
    z.close()
    text = "\n".join(lines)
    if not text.strip():
        notes.append("ofd has no text (pages of images?)")
    return ReadResult(text, tables, notes=notes)
