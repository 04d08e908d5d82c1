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
        except MemoryError:
            raise
        except Exception:  # a page pdfium cannot load: pdfplumber reads it
            return None
        try:
            return read_page(page)
        except MemoryError:
            raise
        except Exception:  # pdfium fails on the page: pdfplumber reads it
            return None
        finally:
            page.close()

    def close(self) -> None:
        self.pdf.close()


class Page:
    """What the reader needs of a page: whether it shows a picture and its text
    lines, top down, as pdfplumber's extract_text_lines gives them ({text, x0, x1,
    top, size}: size the median character size).  A page that may hold a ruled table
    also stands in for a pdfplumber page before its TableFinder: `chars` and `edges`
    as pdfplumber makes them from pdfminer's objects, `bbox`; lines_outside(boxes)
    gives the text around the tables found."""

    def __init__(self, chars: list, has_image: bool, edges: list | None, bbox: tuple):
        self._chars = chars
        self.has_image = has_image
        self.edges = edges           # None: no table can be on the page
        self.bbox = bbox
        self._dicts = None

    @property
    def lines(self) -> list[dict]:
        return _lines(self._chars)

    @property
    def chars(self) -> list[dict]:
        if self._dicts is None:
            self._dicts = [{"text": c[3], "x0": c[1], "x1": c[2], "top": c[0], "bottom": c[5], "doctop": c[0],
                            "upright": True, "size": c[4], "width": c[2] - c[1], "height": c[5] - c[0]}
                           for c in self._chars]
        return self._dicts

    def lines_outside(self, boxes) -> list[dict]:
        """Text lines of the characters whose middle is outside every box (the tables)."""
        def outside(c):
            cx, cy = (c[1] + c[2]) / 2, (c[0] + c[5]) / 2
            return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)
        return _lines([c for c in self._chars if outside(c)] if boxes else self._chars)


def read_page(page) -> Page | None:
    """The page as pdfium reads it, or None when pdfplumber must read it: a rotated
    page, text that is not upright, a glyph pdfium cannot map, or (on a page that
    may hold a table) a curved path, which pdfminer splits in its own way."""
    import pypdfium2.raw as raw  # child-only: the crawl process never loads a parser
    if page.get_rotation() % 360:
        return None
    x0, y0, x1, y1 = page.get_mediabox()
    shapes = _shapes(raw, page.raw, x0, y1)
    if shapes is None:
        return None
    has_image, edges = shapes
    textpage = page.get_textpage()
    try:
        chars = _chars(raw, textpage.raw, x0, y1)
    finally:
        textpage.close()
    if chars is None:
        return None
    return Page(chars, has_image, edges, (0.0, 0.0, x1 - x0, y1 - y0))


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _compose(m1, m2):
    """m1, then m2 (PDF's row-vector order)."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _shapes(raw, page_handle, x_origin: float, y_top: float, max_depth: int = 8):
    """(has an image, the page's table edges or None when no table can be on it),
    from the page objects, forms included; None when pdfplumber must read the page.

    A table needs at least two cells: two horizontal and two vertical rules and one
    more of either.  A path thin one way is one rule; a path both ways at least
    EDGE_MIN across may be a rectangle or a whole grid drawn as one path; a dot may
    be part of a dashed rule and counts both ways.  Only when a table may be there
    are the paths turned into edges."""
    state = {"image": False, "h": 0, "v": 0, "area": False, "bad": False}
    paths = []            # (handle, matrix to page space)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fm = raw.FS_MATRIX()

    def walk(count, get, form_m, depth):
        for i in range(count):
            obj = get(i)
            if not obj:
                continue
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_IMAGE:
                state["image"] = True
            elif kind == raw.FPDF_PAGEOBJ_TEXT:
                # pdfium's character matrix is this one (forms applied): text not
                # upright (pdfminer's test) is laid out by pdfplumber's other directions
                if not raw.FPDFPageObj_GetMatrix(obj, fm):
                    state["bad"] = True
                    return
                a, b, c, d, _, _ = _compose((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), form_m)
                if not (a * d > 0 and b * c == 0):
                    state["bad"] = True
                    return
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top) \
                        or not raw.FPDFPageObj_GetMatrix(obj, fm):
                    state["bad"] = True
                    return
                paths.append((obj, _compose((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), form_m)))
                xs, ys = zip(*(_apply(form_m, x, y) for x in (left.value, right.value)
                               for y in (bottom.value, top.value)))
                w, h = max(xs) - min(xs), max(ys) - min(ys)
                if w >= EDGE_MIN and h >= EDGE_MIN:
                    state["area"] = True
                else:
                    state["h"] += w >= EDGE_MIN or h < EDGE_MIN
                    state["v"] += h >= EDGE_MIN or w < EDGE_MIN
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                n = raw.FPDFFormObj_CountObjects(obj)
                if depth >= max_depth or n < 0 or not raw.FPDFPageObj_GetMatrix(obj, fm):
                    state["bad"] = True
                    return
                walk(n, lambda j, o=obj: raw.FPDFFormObj_GetObject(o, j),
                     _compose((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), form_m), depth + 1)
            if state["bad"]:
                return

    n = raw.FPDFPage_CountObjects(page_handle)
    if n < 0:
        return None
    walk(n, lambda j: raw.FPDFPage_GetObject(page_handle, j), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)
    if state["bad"]:
        return None
    if not (state["area"] or (state["h"] >= 2 and state["v"] >= 2 and state["h"] + state["v"] >= 5)):
        return state["image"], None
    edges = _edges(raw, paths, x_origin, y_top)
    return None if edges is None else (state["image"], edges)


def _edges(raw, paths, x_origin: float, y_top: float) -> list | None:
    """pdfplumber's page.edges from the path objects, made the way pdfminer makes its
    objects (converter.paint_path): each subpath one object; 'ml'/'mlh' a line, a
    closed axis-aligned four-sided 'mlllh' a rectangle (four edges), anything else a
    curve whose consecutive points are edges.  pdfium closes a subpath with a line
    back to its start and a flag where pdfminer has 'h'.  None on a Bezier segment
    (pdfminer keeps only their end points: left to pdfplumber)."""
    lines, rects, curves = [], [], []
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj, m in paths:
        subpaths = []
        for j in range(raw.FPDFPath_CountSegments(obj)):
            seg = raw.FPDFPath_GetPathSegment(obj, j)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_BEZIERTO or not raw.FPDFPathSegment_GetPoint(seg, x, y):
                return None
            px, py = _apply(m, x.value, y.value)
            pt = (px - x_origin, y_top - py)
            if kind == raw.FPDF_SEGMENT_MOVETO or not subpaths:
                subpaths.append(["m", [pt]])
                continue
            if kind != raw.FPDF_SEGMENT_LINETO:
                return None
            subpaths[-1][0] += "l"
            subpaths[-1][1].append(pt)
            if raw.FPDFPathSegment_GetClose(seg):
                subpaths[-1][0] += "h"
                subpaths[-1][1].append(subpaths[-1][1][0])
        for shape, pts in subpaths:
            if len(shape) < 2:
                continue          # a lone moveto: pdfminer's m[^m]+ finds no subpath
            if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
                shape = shape[:-2] + "h"
                pts.pop()
            if shape in ("ml", "mlh"):
                lines.append(_box_edge(pts[:2], "line", None))
            elif shape in ("mlllh", "mllll") and pts[0] == pts[4] and (
                    (pts[0][0] == pts[1][0] and pts[1][1] == pts[2][1] and pts[2][0] == pts[3][0] and pts[3][1] == pts[0][1])
                    or (pts[0][1] == pts[1][1] and pts[1][0] == pts[2][0] and pts[2][1] == pts[3][1] and pts[3][0] == pts[0][0])):
                rects.extend(_rect_edges(pts))
            else:
                curves.extend(_box_edge(pair, "curve_edge", "curve") for pair in zip(pts, pts[1:]))
    return lines + rects + curves


def _box_edge(pair, object_type: str, kind: str | None) -> dict:
    (ax, at), (bx, bt) = pair
    x0, x1, top, bottom = min(ax, bx), max(ax, bx), min(at, bt), max(at, bt)
    if kind is None:          # a line: pdfplumber's line_to_edge
        orientation = "h" if top == bottom else "v"
    else:                     # a curve's piece: curve_to_edges
        orientation = "v" if ax == bx else ("h" if at == bt else None)
    return {"object_type": object_type, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}


def _rect_edges(pts) -> list[dict]:
    """pdfplumber's rect_to_edges: top, bottom, left, right."""
    xs, ts = [p[0] for p in pts[:4]], [p[1] for p in pts[:4]]
    x0, x1, top, bottom = min(xs), max(xs), min(ts), max(ts)
    w, h = x1 - x0, bottom - top
    base = {"object_type": "rect_edge", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": w, "height": h}
    return [dict(base, height=0, bottom=top, orientation="h"),
            dict(base, height=0, top=bottom, doctop=bottom, orientation="h"),
            dict(base, width=0, x1=x0, orientation="v"),
            dict(base, width=0, x0=x1, orientation="v")]


def _chars(raw, tp, x_origin: float, y_top: float):
    """The page's characters as pdfplumber keeps them, in content order: (top, x0, x1,
    text, size, bottom), top and x from the page's top left corner; pdfium's own spaces and
    line breaks (generated, not in the content) left out.  None when a character is
    unmapped (whether text is upright is seen on its text object, in _shapes)."""
    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    buf = ctypes.create_string_buffer((n + 1) * 2)
    raw.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[:n * 2].decode("utf-16-le", errors="surrogatepass")
    if len(text) != n or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        text = None                    # outside the BMP: one index, two UTF-16 units
    rect = raw.FS_RECTF()
    get_box, get_size = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize
    is_generated, get_unicode = raw.FPDFText_IsGenerated, raw.FPDFText_GetUnicode
    out = []
    for i in range(n):
        ch = text[i] if text is not None else chr(get_unicode(tp, i) & 0x1FFFFF)
        if ch.isspace() or ord(ch) in _UNMAPPED:
            if is_generated(tp, i):
                continue
            if ord(ch) in _UNMAPPED:
                return None
        if not get_box(tp, i, rect):
            return None
        size = get_size(tp, i)
        # pdfminer's character box: from the font's descent, one font size high
        out.append((y_top - rect.bottom - size, rect.left - x_origin, rect.right - x_origin, ch, size,
                    y_top - rect.bottom))
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
