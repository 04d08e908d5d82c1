"""OCR cost per page: a scanned report page read by read_document (pypdfium2 render at
NIANBAO_OCR_DPI, deskew, rule detection, one Tesseract call on the cell mosaic), and a
table picture by read_images.

    python bench/bench_ocr.py [--reps N]

Pages are rendered here from the metrics fixtures' tables (tests/ocr_render.py, a CJK
font from fc-list): a 2008 统计表 page (A4, 27 rows) and the 2019 standard tables (five
ruled tables, ~3.5 A4 pages tall as one picture).  Times are medians; "per A4" divides by
the picture's height in A4 pages at 200 dpi.  Peak memory is the bounded child's, not
measured here (the sandbox caps it).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from ocr_render import image_pdf, png_bytes, render_page  # noqa: E402  (tests/ helpers, path set above)
from test_metrics_tables import FIX, html_tables  # noqa: E402

from pipelines.read.document import ocr_options, read_document, read_images  # noqa: E402

A4_PX = 2339       # an A4 page's height at 200 dpi


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    ocr = ocr_options(timeout=300)
    cases = []
    for name, fixture in (("2008 page", "t2008_cumulative.html"), ("2019 tables", "t2021.html")):
        img = render_page("某县政府信息公开工作年度报告", ["根据《条例》规定，现公布如下。"], html_tables(FIX / fixture))
        cases.append((name + " (scanned pdf)", img, lambda img=img: read_document("pdf", image_pdf([img]), ocr=ocr)))
        cases.append((name + " (picture)", img, lambda img=img: read_images([png_bytes(img)], ocr=ocr)))
    print("case                         | px          | reps | median s | per A4 s")
    for name, img, run in cases:
        times = []
        for _ in range(args.reps):
            t0 = time.monotonic()
            run()
            times.append(time.monotonic() - t0)
        med = statistics.median(times)
        print("%-28s | %4d x %-4d | %4d | %8.1f | %8.1f" % (name, img.width, img.height, args.reps, med,
                                                          med / (img.height / A4_PX)))


if __name__ == "__main__":
    main()
