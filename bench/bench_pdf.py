"""Milliseconds a page of PDF reading, side by side with an anchor.

    python bench/bench_pdf.py [--reps N] [--json]

For each PDF (all built here): report50 (bench_pipeline's 50-page report, a table on
every fifth page), text (50 pages of prose, no table), tables (20 pages, each with a
section 三-shaped ruled table of spans and a small one):

  pdfium        pypdfium2 get_text_range of every page, nothing else (the anchor: the
                least a reader can do)
  pdfplumber    pdfplumber extract_text of every page (what the reader stood on alone)
  nianbao-slow  parse_pdf in this process with the pdfium fast path off (the reader
                before: pdfplumber on every page)
  nianbao       parse_pdf in this process (pdfium text; pdfplumber only on the pages
                that may hold a ruled table)
  nianbao-child read_document: the same through the bounded forkserver child (its
                start and the pickling of the result included)

Medians over N repetitions after one warm-up; ms a page and the ratio to the anchor.
Results and targets live in bench/README.md, never in tests.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.bench_pipeline import PROSE, SECTION_4, report_pdf, section_3  # noqa: E402


def _doc(build_pages) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK")
    story = [Paragraph("某某县人民政府2021年政府信息公开工作年度报告", style)]
    pages = build_pages(style)
    for i, page in enumerate(pages):
        story.extend(page)
        if i < len(pages) - 1:
            story.append(PageBreak())
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def text_pdf(pages: int = 50) -> bytes:
    """Prose only: no path object on any page."""
    from reportlab.platypus import Paragraph
    return _doc(lambda style: [[Paragraph(p, style) for p in PROSE] for _ in range(pages)])


def _spanned(rows, style):
    """A reportlab Table from rows of cells (text, rowspan, colspan) or text."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle
    width = max(sum(c[2] if isinstance(c, tuple) else 1 for c in r) for r in rows)
    grid = [[""] * width for _ in rows]
    taken = set()
    spans = []
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            text, rs, cs = cell if isinstance(cell, tuple) else (cell, 1, 1)
            rs = min(rs, len(rows) - r)          # a span cut where the rows were clipped
            while (r, col) in taken:
                col += 1
            grid[r][col] = text[:6]
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, col + dc))
            if rs > 1 or cs > 1:
                spans.append(("SPAN", (col, r), (col + cs - 1, r + rs - 1)))
            col += cs
    t = Table(grid)
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("FONTSIZE", (0, 0), (-1, -1), 7),
                           ("GRID", (0, 0), (-1, -1), 0.5, colors.black)] + spans))
    return t


def table_pdf(pages: int = 20) -> bytes:
    """Every page a big ruled table with spans (section 三's shape, clipped to fit) and
    section 四's, with a paragraph between."""
    from reportlab.platypus import Paragraph

    def build(style):
        s3 = section_3()[:14]
        return [[_spanned(s3, style), Paragraph(PROSE[3], style), _spanned(SECTION_4, style)] for _ in range(pages)]
    return _doc(build)


def _pdfium(body: bytes) -> int:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(body)
    n = 0
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        n += len(tp.get_text_range())
        tp.close()
        page.close()
    pdf.close()
    return n


def _pdfplumber(body: bytes) -> int:
    import pdfplumber
    n = 0
    with pdfplumber.open(io.BytesIO(body)) as pdf:
        for page in pdf.pages:
            n += len(page.extract_text() or "")
            page.close()
    return n


def _pages(body: bytes) -> int:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(body)
    try:
        return len(pdf)
    finally:
        pdf.close()


def run(reps: int) -> list[dict]:
    from pipelines.read import read_document
    from pipelines.read.pdf import parse_pdf
    readers = {
        "pdfium": _pdfium,
        "pdfplumber": _pdfplumber,
        "nianbao-slow": lambda b: len(parse_pdf(b, {"fast": False}).text),
        "nianbao": lambda b: len(parse_pdf(b, {}).text),
        "nianbao-child": lambda b: len(read_document("pdf", b, timeout=120, ocr=None).text),
    }
    out = []
    for name, body in (("report50", report_pdf(50)), ("text", text_pdf()), ("tables", table_pdf())):
        pages = _pages(body)
        row = {"pdf": name, "pages": pages, "kb": round(len(body) / 1024)}
        for reader, fn in readers.items():
            fn(body)                          # warm: imports, the forkserver
            times = []
            for _ in range(reps):
                t0 = time.perf_counter()
                fn(body)
                times.append(time.perf_counter() - t0)
            row[reader] = round(statistics.median(times) * 1000 / pages, 2)
        out.append(row)
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    load = os.getloadavg()
    rows = run(args.reps)
    if args.json:
        for r in rows:
            print(json.dumps(r))
        return 0
    print("load average %.2f %.2f %.2f; ms a page, median of %d (x anchor)" % (*load, args.reps))
    names = ["pdfium", "pdfplumber", "nianbao-slow", "nianbao", "nianbao-child"]
    print("pdf      | pages | " + " | ".join("%-14s" % n for n in names))
    for r in rows:
        cells = ["%6.2f (%5.1fx)" % (r[n], r[n] / r["pdfium"]) for n in names]
        print("%-8s | %5d | %s" % (r["pdf"], r["pages"], " | ".join(cells)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
