"""Rendering report tables to pictures for the OCR tests: a ruled grid with merged
cells, text in a CJK font (WenQuanYi / Noto CJK, whichever fc-list finds), as a
scanner would see a printed 统计表; and pictures into an image-only PDF."""
from __future__ import annotations

import io
import subprocess

from PIL import Image, ImageDraw, ImageFont


def cjk_font_path() -> str | None:
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    paths = sorted(l.split(":")[0].strip() for l in out.splitlines() if l.strip())
    return paths[0] if paths else None


def _grid(rows):
    """(r, c, rowspan, colspan, text) of every cell, as a browser lays out spans."""
    taken, out = set(), []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            rs, cs = int(cell.get("rowspan") or 1), int(cell.get("colspan") or 1)
            for i in range(rs):
                for j in range(cs):
                    taken.add((r + i, c + j))
            out.append((r, c, rs, cs, cell["text"]))
            c += cs
    return out


def _wrap(draw, text, font, width):
    lines, cur = [], ""
    for ch in text:
        if draw.textlength(cur + ch, font=font) > width and cur:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    return lines + ([cur] if cur else [])


def render_page(title: str, paragraphs: list[str], tables: list, *, width: int = 1654, size: int = 30,
                label_share: float = 0.34, skew: float = 0.0) -> Image.Image:
    """A page at ~200 dpi: a title, paragraphs, then ruled tables (first column wider)."""
    font = ImageFont.truetype(cjk_font_path(), size)
    big = ImageFont.truetype(cjk_font_path(), int(size * 1.3))
    margin = 110
    img = Image.new("L", (width, 200), 255)
    draw = ImageDraw.Draw(img)
    blocks = []
    y = margin
    blocks.append(("text", y, title, big))
    y += int(size * 2.4)
    inner = width - 2 * margin
    for p in paragraphs:
        for line in _wrap(draw, p, font, inner):
            blocks.append(("text", y, line, font))
            y += int(size * 1.6)
        y += size // 2
    for rows in tables:
        cells = _grid(rows)
        ncols = max(c + cs for _, c, _, cs, _ in cells)
        nrows = max(r + rs for r, _, rs, _, _ in cells)
        first = int(inner * label_share) if ncols > 2 else inner // ncols
        rest = (inner - first) / max(ncols - 1, 1)
        xs = [margin] + [int(margin + first + rest * i) for i in range(ncols)]
        # row heights: enough lines for the widest wrapped cell of the row
        heights = [int(size * 1.9)] * nrows
        for r, c, rs, cs, text in cells:
            if rs == 1:
                lines = _wrap(draw, text, font, xs[c + cs] - xs[c] - 16)
                heights[r] = max(heights[r], int(len(lines) * size * 1.3 + size * 0.7))
        ys = [y]
        for h in heights:
            ys.append(ys[-1] + h)
        blocks.append(("table", y, (xs, ys, cells), font))
        y = ys[-1] + size
    img = Image.new("L", (width, y + margin), 255)
    draw = ImageDraw.Draw(img)
    for kind, top, what, f in blocks:
        if kind == "text":
            draw.text((margin, top), what, font=f, fill=0)
            continue
        xs, ys, cells = what
        for r, c, rs, cs, text in cells:
            x0, x1, y0, y1 = xs[c], xs[c + cs], ys[r], ys[r + rs]
            draw.rectangle([x0, y0, x1, y1], outline=0, width=2)
            lines = _wrap(draw, text, f, x1 - x0 - 16)
            ty = (y0 + y1) / 2 - len(lines) * size * 1.3 / 2
            for line in lines:
                tw = draw.textlength(line, font=f)
                tx = x0 + 8 if c == 0 and cs < len(xs) - 1 else (x0 + x1 - tw) / 2
                draw.text((tx, ty), line, font=f, fill=0)
                ty += size * 1.3
    if skew:
        img = img.rotate(skew, expand=True, fillcolor=255)
    return img


def png_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def image_pdf(pages: list[Image.Image], dpi: int = 200) -> bytes:
    """An image-only PDF (no text layer), one picture per page, as a scanner makes."""
    buf = io.BytesIO()
    pages[0].convert("RGB").save(buf, "PDF", resolution=dpi, save_all=True,
                                 append_images=[p.convert("RGB") for p in pages[1:]])
    return buf.getvalue()
