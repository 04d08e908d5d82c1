"""The fast path of the PDF reader: a page's text lines from pdfium (pypdfium2), laid
out the way pdfplumber lays them (the same clustering and word gaps, so the text is
the same), and a cheap look at the page's path objects that tells whether it can
hold a ruled table at all.  pdfminer, which pdfplumber stands on, interprets every
content stream in Python (~25 ms a page); pdfium does it in C (~2 ms).  Only pages
that may hold a table, are rotated, or carry text pdfium cannot map go to
pdfplumber (pipelines.read.pdf).  Runs in the bounded child (pipelines.read.sandbox)."""
from __future__ import annotations

import ctypes
import itertools

# pdfplumber's defaults as pipelines.read.pdf calls extract_text_lines (x_tolerance=1.5)
X_TOLERANCE = 1.5
Y_TOLERANCE = 3.0
# pdfplumber's table finder: edges shorter than this are dropped, edges this close snap together
EDGE_MIN = 3.0
# pdfplumber's expand_ligatures
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
# code points pdfium gives a glyph it cannot map (pdfminer writes (cid:N)): such a page is
# read by pdfplumber, so the scanned/garbage judgement sees what it always saw
_UNMAPPED = {0, 0xFFFD, 0xFFFE, 0xFFFF}


class Doc:
    """One pdfium document; page(i) -> Page, or None when the page must go to pdfplumber."""

    def __init__(self, body: bytes):
        import pypdfium2 as pdfium  # child-only: the crawl process never loads a parser
        self.pdf = pdfium.PdfDocument(body)

    def __len__(self) -> int:
        return len(self.pdf)

    def page(self, index: int) -> "Page | None":
        try:
            page = self.pdf[index]
        except Exception:  # a page pdfium cannot load: pdfplumber reads it
            return None
        try:
            return read_page(page)
        finally:
            page.close()

    def close(self) -> None:
        self.pdf.close()


class Page:
    """What the reader needs of a page with no table: its text lines, top down, as
    pdfplumber's extract_text_lines gives them ({text, x0, x1, top, size}: size the
    median character size), and whether it shows a picture."""

    def __init__(self, lines: list[dict], has_image: bool):
        self.lines = lines
        self.has_image = has_image


def read_page(page) -> Page | None:
    """The page's text lines, or None when pdfplumber must read it: a rotated page,
    one that may hold a ruled table, text that is not upright, or a glyph pdfium
    cannot map."""
    import pypdfium2.raw as raw  # child-only: the crawl process never loads a parser
    if page.get_rotation() % 360:
        return None
    shapes = _shapes(raw, page.raw)
    if shapes is None:
        return None
    has_image, may_hold_table = shapes
    if may_hold_table:
        return None
    x0, y0, _, y1 = page.get_mediabox()
    textpage = page.get_textpage()
    try:
        chars = _chars(raw, textpage.raw, x0, y1)
    finally:
        textpage.close()
    if chars is None:
        return None
    return Page(_lines(chars), has_image)


def _shapes(raw, page_handle, max_depth: int = 8):
    """(has an image, may hold a ruled table) from the page objects, forms included;
    None when the objects cannot be walked.  A table needs at least two cells: two
    horizontal and two vertical rules and one more of either.  A path thin one way
    is one rule; a path both ways at least EDGE_MIN across may be a rectangle or a
    whole grid drawn as one path, so it may hold a table (pdfplumber decides); a
    dot may be part of a dashed rule and counts both ways."""
    state = {"image": False, "h": 0, "v": 0, "area": False}
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    matrix = raw.FS_MATRIX()

    def walk(count, get, scale_x, scale_y, depth):
        for i in range(count):
            obj = get(i)
            if not obj:
                continue
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_IMAGE:
                state["image"] = True
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                    state["area"] = True
                    continue
                w = (right.value - left.value) * scale_x
                h = (top.value - bottom.value) * scale_y
                if w >= EDGE_MIN and h >= EDGE_MIN:
                    state["area"] = True
                else:
                    state["h"] += w >= EDGE_MIN or h < EDGE_MIN
                    state["v"] += h >= EDGE_MIN or w < EDGE_MIN
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                if depth >= max_depth or not raw.FPDFPageObj_GetMatrix(obj, matrix):
                    state["area"] = True         # a form too deep to look into: let pdfplumber see
                    continue
                sx = abs(matrix.a) + abs(matrix.c)     # the largest stretch of each axis
                sy = abs(matrix.b) + abs(matrix.d)
                n = raw.FPDFFormObj_CountObjects(obj)
                if n < 0:
                    state["area"] = True
                    continue
                walk(n, lambda j, o=obj: raw.FPDFFormObj_GetObject(o, j), scale_x * max(sx, sy),
                     scale_y * max(sx, sy), depth + 1)
            if state["area"]:
                return

    n = raw.FPDFPage_CountObjects(page_handle)
    if n < 0:
        return None
    walk(n, lambda j: raw.FPDFPage_GetObject(page_handle, j), 1.0, 1.0, 0)
    may = state["area"] or (state["h"] >= 2 and state["v"] >= 2 and state["h"] + state["v"] >= 5)
    return state["image"], may


def _chars(raw, tp, x_origin: float, y_top: float):
    """The page's characters as pdfplumber keeps them, in content order: (top, x0, x1,
    text, size), top and x from the page's top left corner; pdfium's own spaces and
    line breaks (generated, not in the content) left out.  None when a character is
    not upright or unmapped."""
    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    buf = ctypes.create_string_buffer((n + 1) * 2)
    raw.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[:n * 2].decode("utf-16-le", errors="surrogatepass")
    if len(text) != n or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        text = None                    # outside the BMP: one index, two UTF-16 units
    rect = raw.FS_RECTF()
    m = raw.FS_MATRIX()
    get_box, get_size, get_matrix = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize, raw.FPDFText_GetMatrix
    is_generated, get_unicode = raw.FPDFText_IsGenerated, raw.FPDFText_GetUnicode
    out = []
    for i in range(n):
        ch = text[i] if text is not None else chr(get_unicode(tp, i) & 0x1FFFFF)
        if ch.isspace() or ord(ch) in _UNMAPPED:
            if is_generated(tp, i):
                continue
            if ord(ch) in _UNMAPPED:
                return None
        if not get_matrix(tp, i, m) or not (m.a * m.d > 0 and m.b * m.c == 0) or not get_box(tp, i, rect):
            return None                # rotated or flipped text: pdfplumber's other line directions
        size = get_size(tp, i)
        # pdfminer's character box: from the font's descent, one font size high
        out.append((y_top - rect.bottom - size, rect.left - x_origin, rect.right - x_origin, ch, size))
    return out


def _cluster(values, tolerance: float) -> dict:
    """pdfplumber's make_cluster_dict: sorted distinct values chained while each is
    within `tolerance` of the one before -> value: cluster number."""
    out, k, last = {}, -1, None
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            k += 1
        out[v] = k
        last = v
    return out


def _lines(chars: list) -> list[dict]:
    """pdfplumber's extract_text_lines (non-layout, presorted) over upright chars:
    chars clustered into lines by top, sorted by x0 in each; words split at spaces,
    at a gap wider than X_TOLERANCE, a step back, or a top Y_TOLERANCE away; words
    re-clustered into lines in order, joined with one space."""
    if not chars:
        return []
    ids = _cluster((c[0] for c in chars), Y_TOLERANCE)
    ordered = sorted(chars, key=lambda c: ids[c[0]])
    words = []           # (top, chars)
    for _, group in itertools.groupby(ordered, key=lambda c: ids[c[0]]):
        word: list = []
        for c in sorted(group, key=lambda c: c[1]):
            if c[3].isspace():
                if word:
                    words.append(word)
                word = []
                continue
            if word:
                p = word[-1]
                if c[1] < p[1] or c[1] > p[2] + X_TOLERANCE or abs(c[0] - p[0]) > Y_TOLERANCE:
                    words.append(word)
                    word = []
            word.append(c)
        if word:
            words.append(word)
    tops = [min(c[0] for c in w) for w in words]
    wids = _cluster(tops, Y_TOLERANCE)
    out = []
    for _, run in itertools.groupby(zip(tops, words), key=lambda tw: wids[tw[0]]):
        line_words = [w for _, w in run]
        text = " ".join("".join(LIGATURES.get(c[3], c[3]) for c in w) for w in line_words)
        cs = [c for w in line_words for c in w for _ in LIGATURES.get(c[3], c[3])]
        sizes = sorted(round(c[4], 1) for c in cs)
        out.append({"text": text, "x0": min(c[1] for c in cs), "x1": max(c[2] for c in cs),
                    "top": min(c[0] for c in cs), "size": sizes[len(sizes) // 2]})
    return out
