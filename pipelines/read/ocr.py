"""OCR with Tesseract (pytesseract over the Debian tesseract-ocr + chi_sim/chi_tra):
an image -> text lines and table rows.  Tables are rebuilt from the picture itself:
ruling lines found by long dark runs give the grid (a missing rule between two grid
cells is a merge: rowspan / colspan), the rules are erased before recognition (a
rule beside a digit reads as 1 or |), and Tesseract's TSV word boxes are placed into
the cells; a table drawn without rules falls back to word positions
(pipelines.read.layout).  Only ever called in the bounded child, for documents
without a usable text layer (pipelines.read.scanned) or for table images."""
from __future__ import annotations

import bisect
import io
import os
import re
import time
from dataclasses import dataclass, field

from .layout import Word, group_lines, join_words, lay_out

# one thread each: the crawl shares two cores, and under the sandbox's address-space
# limit a BLAS thread pool per core would not even start
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

MAX_PIXELS = 5000 * 5000          # an image above this is scaled down before OCR
DARK = 150                        # grey level below which a pixel is ink
BINARY = 170                      # grey level the picture is binarised at before recognition
MIN_WORD_CONF = 0                 # tesseract confidence below which a word is noise (-1: no text)
RULE_COVER = 0.6                  # share of a grid edge that must be ink to count as a rule


@dataclass
class Recognised:
    blocks: list = field(default_factory=list)    # (top, text, rows | None), top down
    confidence: float = 0.0
    words: int = 0
    edges: dict = field(default_factory=dict)      # top of a ruled table -> its column rules, 0..1 of the width


def _runs(mask, length: int, axis: int):
    """Pixels lying on a straight run of at least `length` ink pixels along `axis`."""
    import numpy as np  # child-only: the crawl process never loads a parser
    m = mask if axis == 1 else mask.T
    h, w = m.shape
    if w < length:
        return np.zeros(mask.shape, dtype=bool)
    cs = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(m, axis=1, out=cs[:, 1:])
    full = (cs[:, length:] - cs[:, :-length]) == length     # full[x]: window [x, x+length) all ink
    fs = np.zeros((h, full.shape[1] + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=fs[:, 1:])
    p = np.arange(w)
    hi = np.minimum(p, full.shape[1] - 1) + 1                 # pixel p lies in windows x = p-length+1 .. p
    lo = np.maximum(p - length + 1, 0)
    covered = (fs[:, hi] - fs[:, lo]) > 0
    return covered if axis == 1 else covered.T


def _positions(profile, min_count: int) -> list[int]:
    """Centres of the bands where a projection profile reaches min_count."""
    out, start = [], None
    for i, v in enumerate(list(profile) + [0]):
        if v >= min_count and start is None:
            start = i
        elif v < min_count and start is not None:
            out.append((start + i - 1) // 2)
            start = None
    return out


def _vertical_rule_length(hmask, h: int) -> int:
    """How long a vertical run must be to be a rule: most of the short rows between
    two horizontal rules (a row is at least one line of text high, and a glyph's
    stroke is shorter than its line), never less than 20 pixels."""
    ys = _positions(hmask.sum(axis=1), max(40, hmask.shape[1] // 20))
    gaps = sorted(b - a for a, b in zip(ys, ys[1:]) if b - a >= 12)
    # the lower quartile, not the least: the white between two stacked tables is no row
    return max(20, int(0.8 * gaps[len(gaps) // 4])) if gaps else max(25, h // 60)


def _spans(line, gap: int = 4, min_len: int = 20) -> list[tuple[int, int]]:
    """The runs of a rule's band (a few pixels' break allowed): two tables drawn one
    above the other share a rule's x, not its extent."""
    import numpy as np  # child-only: the crawl process never loads a parser
    idx = np.flatnonzero(line)
    if idx.size == 0:
        return []
    cuts = np.flatnonzero(np.diff(idx) > gap)
    starts = np.concatenate(([idx[0]], idx[cuts + 1]))
    ends = np.concatenate((idx[cuts], [idx[-1]]))
    return [(int(a), int(b)) for a, b in zip(starts, ends) if b - a >= min_len]


def _grid_tables(hmask, vmask):
    """(ys, xs, bbox) of each ruled table: connected components of the rule mask."""
    import numpy as np  # child-only: the crawl process never loads a parser
    h, w = hmask.shape
    ys_h = _positions(hmask.sum(axis=1), max(40, w // 20))
    xs_v = _positions(vmask.sum(axis=0), max(30, h // 60))
    if len(ys_h) < 2 or len(xs_v) < 2:
        return []
    segs_h = [(y, a, b) for y in ys_h for a, b in _spans(hmask[max(0, y - 2):y + 3].any(axis=0))]
    segs_v = [(x, a, b) for x in xs_v for a, b in _spans(vmask[:, max(0, x - 2):x + 3].any(axis=1))]
    # a horizontal and a vertical rule of one table cross (within a few pixels)
    parent = list(range(len(segs_h) + len(segs_v)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tol = 6
    for i, (y, hx0, hx1) in enumerate(segs_h):
        for j, (x, vy0, vy1) in enumerate(segs_v):
            if hx0 - tol <= x <= hx1 + tol and vy0 - tol <= y <= vy1 + tol:
                parent[find(i)] = find(len(segs_h) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, s in enumerate(segs_h):
        groups.setdefault(find(i), ([], []))[0].append(s)
    for j, s in enumerate(segs_v):
        groups.setdefault(find(len(segs_h) + j), ([], []))[1].append(s)
    out = []
    for hs, vs in groups.values():
        if len({s[0] for s in hs}) >= 2 and len({s[0] for s in vs}) >= 2:
            ys = sorted({s[0] for s in hs})
            xs = sorted({s[0] for s in vs})
            out.append((ys, xs, (xs[0], ys[0], xs[-1], ys[-1])))
    return out


def _cells(ys, xs, hmask, vmask):
    """Merged grid regions: [(r0, c0, r1, c1)], a missing rule between two grid cells
    joining them."""
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def covered(mask, fixed, a, b, vertical):
        if b - a < 3:
            return True
        lo, hi = a + (b - a) // 8, b - (b - a) // 8           # the corners belong to the crossing rules
        band = mask[lo:hi, max(0, fixed - 3):fixed + 4] if vertical else mask[max(0, fixed - 3):fixed + 4, lo:hi]
        line = band.any(axis=1 if vertical else 0)
        return line.mean() >= RULE_COVER if line.size else True

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not covered(vmask, xs[c + 1], ys[r], ys[r + 1], True):
                parent[find(r * nc + c)] = find(r * nc + c + 1)
            if r + 1 < nr and not covered(hmask, ys[r + 1], xs[c], xs[c + 1], False):
                parent[find(r * nc + c)] = find((r + 1) * nc + c)
    regions: dict[int, list[int]] = {}
    for r in range(nr):
        for c in range(nc):
            g = regions.setdefault(find(r * nc + c), [r, c, r, c])
            g[0], g[1], g[2], g[3] = min(g[0], r), min(g[1], c), max(g[2], r), max(g[3], c)
    return sorted((tuple(g) for g in regions.values()), key=lambda g: (g[0], g[1]))


def _rows(regions, texts: dict) -> list:
    rows: list[list] = []
    last = max((g[2] for g in regions), default=-1)
    for r in range(last + 1):
        row = [{"text": texts.get(g, ""), "rowspan": g[2] - g[0] + 1, "colspan": g[3] - g[1] + 1}
               for g in regions if g[0] == r]
        if row:
            rows.append(row)
    return rows


# Tesseract's chi_sim reads the opening bracket of 「（一）」 as 《 or 〈 (or both): a
# numbered item's marker is put back as the report printed it
_ITEM_MARK = re.compile(r"^[《〈(（\[【]{1,2}\s*([一二三四五六七八九十]{1,3})\s*[)）〉》\]】]")


# and the comma of a thousands separator as a full stop: 1,234 read 1.234 (three
# digits after it, a first group not 0: a decimal in these tables has one or two)
_THOUSANDS_AS_POINT = re.compile(r"^([1-9]\d{0,2})\.(\d{3}(?:[.,]\d{3})*)$")


def tidy(text: str) -> str:
    text = _ITEM_MARK.sub(lambda m: "（%s）" % m.group(1), text)
    m = _THOUSANDS_AS_POINT.match(text)
    return "%s,%s" % (m.group(1), m.group(2).replace(".", ",")) if m else text


def _cell_text(words: list[Word]) -> str:
    out = ""
    for line in group_lines(words):
        t = join_words(line)
        out += t if not out or _cjk(out[-1]) or _cjk(t[:1]) else " " + t
    return tidy(out)


def _cjk(ch: str) -> bool:
    return bool(ch) and ord(ch) > 0x2e80


def _tesseract_words(img, lang: str, timeout: float) -> list[tuple[Word, float]]:
    import pytesseract  # child-only: the crawl process never loads a parser
    data = pytesseract.image_to_data(img, lang=lang, config="--psm 6", output_type=pytesseract.Output.DICT,
                                     timeout=max(1, int(timeout)))
    out = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        try:
            conf = float(data["conf"][i])
        except (TypeError, ValueError):
            conf = -1
        if not text or conf < MIN_WORD_CONF:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        out.append((Word(x, y, x + w, y + h, text), conf))
    return out


MAX_MOSAIC = 24000  # pixels high of one Tesseract call's picture
GAP = 36          # pixels of white between two pieces of the mosaic
PAD = 24
MIN_INK = 12      # ink pixels that make a cell worth reading


def _mosaic(clean, pieces):
    """One picture of all the pieces (cells, strips of text) stacked top down, so one
    Tesseract call reads them all and each piece's words stay its own: a two-line
    label beside a one-line figure would otherwise be read as one muddled line."""
    from PIL import Image  # child-only: the crawl process never loads a parser
    width = max(x1 - x0 for _, (x0, y0, x1, y1) in pieces) + 2 * PAD
    height = sum(y1 - y0 for _, (x0, y0, x1, y1) in pieces) + GAP * (len(pieces) + 1)
    out = Image.new("L", (width, height), 255)
    src = Image.fromarray(clean)
    starts, y = [], GAP
    for _, (x0, y0, x1, y1) in pieces:
        out.paste(src.crop((x0, y0, x1, y1)), (PAD, y))
        starts.append(y)
        y += (y1 - y0) + GAP
    return out, starts


MAX_SKEW = 3.0      # degrees a scan is searched for being tilted by


def skew_angle(img) -> float:
    """The rotation (degrees, counter-clockwise) that straightens the page: the one
    whose row profile of ink is sharpest (text lines and rules then fall on rows),
    searched coarse then fine on a quarter-size copy."""
    import numpy as np  # child-only: the crawl process never loads a parser
    from PIL import Image  # child-only: the crawl process never loads a parser
    small = img.resize((max(1, img.width // 4), max(1, img.height // 4)), Image.BILINEAR)

    def sharpness(a: float) -> float:
        rot = small.rotate(a, resample=Image.BILINEAR, expand=False, fillcolor=255)
        prof = (np.asarray(rot) < 160).sum(axis=1).astype(np.float64)
        return float(np.sum(np.diff(prof) ** 2))

    steps = [x / 4 for x in range(int(-MAX_SKEW * 4), int(MAX_SKEW * 4) + 1)]
    best = max(steps, key=sharpness)
    fine = [best + x / 40 for x in range(-10, 11)]
    best = max(fine, key=sharpness)
    return round(best, 2) if sharpness(best) > sharpness(0.0) * 1.02 else 0.0


def recognise(img, *, lang: str, timeout: float) -> Recognised:
    """One picture (a PIL image) -> text lines and tables, top down."""
    import numpy as np  # child-only: the crawl process never loads a parser
    from PIL import Image  # child-only: the crawl process never loads a parser
    img = img.convert("L")
    if img.width * img.height > MAX_PIXELS:
        scale = (MAX_PIXELS / (img.width * img.height)) ** 0.5
        img = img.resize((max(1, int(img.width * scale)), max(1, int(img.height * scale))))
    if int((np.asarray(img.reduce(4)) < DARK).sum()) < MIN_INK:
        return Recognised()       # a blank page: nothing to read, not even a tilt to find
    angle = skew_angle(img)
    if abs(angle) >= 0.05:
        # a scan is never quite straight; ruling lines are found only on a straight page
        img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    arr = np.asarray(img)
    ink = arr < DARK
    h, w = ink.shape
    hmask = _runs(ink, max(40, w // 25), axis=1)
    vmask = _runs(ink, _vertical_rule_length(hmask, h), axis=0)
    grids = _grid_tables(hmask, vmask)
    # ink black, paper white: JPEG ringing around a scan's glyphs reads as strokes
    clean = np.where(arr < BINARY, 0, 255).astype(np.uint8)
    for ys, xs, (bx0, by0, bx1, by1) in grids:
        # erase the table's own rules (a pixel either side too) before recognition; a
        # long stroke of a glyph elsewhere stays
        for y in ys:
            band = hmask[max(0, y - 4):y + 5, bx0:bx1 + 1]
            grown = band.copy()
            grown[1:] |= band[:-1]
            grown[:-1] |= band[1:]
            clean[max(0, y - 4):y + 5, bx0:bx1 + 1][grown] = 255
        for x in xs:
            band = vmask[by0:by1 + 1, max(0, x - 4):x + 5]
            grown = band.copy()
            grown[:, 1:] |= band[:, :-1]
            grown[:, :-1] |= band[:, 1:]
            clean[by0:by1 + 1, max(0, x - 4):x + 5][grown] = 255
    cink = clean < DARK
    pieces = []            # (("cell", table index, region) | ("strip", None, None), box)
    tables = []
    for t, (ys, xs, (bx0, by0, bx1, by1)) in enumerate(grids):
        regions = _cells(ys, xs, hmask, vmask)
        tables.append((by0, regions))
        for g in regions:
            box = (xs[g[1]] + 3, ys[g[0]] + 3, xs[g[3] + 1] - 2, ys[g[2] + 1] - 2)
            if box[2] > box[0] and box[3] > box[1] and cink[box[1]:box[3], box[0]:box[2]].sum() >= MIN_INK:
                pieces.append((("cell", t, g), box))
    # the page outside the tables, as horizontal strips
    covered = np.zeros(h, dtype=bool)
    for ys, xs, (bx0, by0, bx1, by1) in grids:
        covered[max(0, by0 - 2):by1 + 3] = True
        cink[max(0, by0 - 2):by1 + 3, max(0, bx0 - 2):bx1 + 3] = False
    rows_ink = cink.any(axis=1) & ~covered
    y = 0
    while y < h:
        if not rows_ink[y]:
            y += 1
            continue
        y0 = y
        while y < h and not covered[y] and (rows_ink[y] or rows_ink[y:y + 12].any()):
            y += 1
        pieces.append((("strip", None, None), (0, max(0, y0 - 4), w, min(h, y + 4))))
    res = Recognised()
    if not pieces:
        return res
    words = []
    starts: list[int] = []
    offset, chunk = 0, []
    deadline = time.monotonic() + timeout
    for k, piece in enumerate(pieces + [None]):
        box = piece[1] if piece else None
        if chunk and (piece is None or sum(b[3] - b[1] + GAP for _, b in chunk) + (box[3] - box[1]) > MAX_MOSAIC):
            # Tesseract reads pictures up to 32767 pixels high: a long table goes in several calls
            mosaic, st = _mosaic(clean, chunk)
            for wd, conf in _tesseract_words(mosaic, lang, deadline - time.monotonic()):
                words.append((Word(wd.x0, wd.y0 + offset, wd.x1, wd.y1 + offset, wd.text), conf))
            starts.extend(s + offset for s in st)
            offset += mosaic.height
            chunk = []
        if piece is not None:
            chunk.append(piece)
    res.words = len(words)
    if words:
        res.confidence = sum(c for _, c in words) / len(words)
    per_piece: dict[int, list[Word]] = {}
    for wd, _ in words:
        i = bisect.bisect_right(starts, (wd.y0 + wd.y1) / 2) - 1
        if i < 0:
            continue
        (_, _, _), (x0, y0, x1, y1) = pieces[i]
        dx, dy = x0 - PAD, y0 - starts[i]
        per_piece.setdefault(i, []).append(Word(wd.x0 + dx, wd.y0 + dy, wd.x1 + dx, wd.y1 + dy, wd.text))
    cell_texts: dict[int, dict] = {}
    strip_words: list[Word] = []
    for i, ws in per_piece.items():
        (kind, t, g), _ = pieces[i]
        if kind == "cell":
            cell_texts.setdefault(t, {})[g] = _cell_text(ws)
        else:
            strip_words.extend(ws)
    for t, (top, regions) in enumerate(tables):
        rows = _rows(regions, cell_texts.get(t, {}))
        if rows:
            res.blocks.append((top, "", rows))
            res.edges[top] = [x / w for x in grids[t][1]]
    res.blocks.extend((top, tidy(text), rows) for top, text, rows in lay_out(strip_words))
    res.blocks.sort(key=lambda b: b[0])
    return res


def image_from_bytes(body: bytes):
    """A PIL image of an image file's bytes (first frame of a GIF or TIFF)."""
    from PIL import Image  # child-only: the crawl process never loads a parser
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS * 4        # a decompression bomb is refused by Pillow itself
    img = Image.open(io.BytesIO(body))
    img.seek(0)
    img.load()
    if img.mode in ("RGBA", "LA", "P"):
        bg = Image.new("RGB", img.size, "white")
        rgba = img.convert("RGBA")
        bg.paste(rgba, mask=rgba.split()[-1])
        img = bg
    return img


