"""CPU time of cleaning an article page, side by side with trafilatura alone.

    python bench/bench_clean.py [--reps N] [--pages typical,short,...] [--no-dev]
    python bench/bench_clean.py --dump OUT.jsonl     # clean output of many pages, to compare

For each page, interleaved (one run of each contestant in turn, N rounds), the CPU
time (``time.process_time``) of
  traf      trafilatura.extract(html) with its default options (the anchor)
  traf_nb   trafilatura.extract(html) with the options clean uses (xml, tables, recall)
  bare      trafilatura.bare_extraction(html, include_tables=True)
  clean     pipelines.clean.clean_html(html, url): what CleanPipeline runs per page
            (parse, page metadata, chrome, trafilatura's hint, content, render)
and the ratio clean / traf, per page (best and median of N) and over all pages (sum
of bests).  No assertions: the targets and results are in bench/README.md.

Pages: the typical report page of bench_pipeline.py and other shapes built here
(a short notice-like report, a table-heavy one, a Word-pasted one with its mso
markup); when ../shared/portals-dev is present, its HTML report pages too
(``dev:`` rows; the bench runs without it).

``--dump`` writes one JSON line per page (text, tables, page_meta) for the bench
pages, every HTML file under tests/fixtures and, when present, every HTML file of
../shared/portals-dev and ../shared/portals-dev-v2 (each also cleaned with the
template of its portal's home page), so an optimisation can be checked to leave
every output byte-identical: ``cmp`` two dumps.
"""
from __future__ import annotations

import argparse
import glob
import json
import logging
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "..", "shared"))
if not os.path.isdir(SHARED):
    SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
URL = "http://www.example.gov.cn/art/2022/1/20/art_9_3.html"

import bench_pipeline as bp  # noqa: E402  (the typical page and its parts live there)


# ---------------------------------------------------------------------------
# pages

def short_html() -> str:
    """A short report: the template chrome around a few paragraphs and one small table."""
    title = "某某街道办事处2021年政府信息公开工作年度报告"
    body = "".join("<p>%s</p>" % p for p in bp.PROSE[:3])
    body += bp.table(bp.SECTION_2[:4]) + "<p>某某街道办事处</p><p>2022年1月15日</p>"
    return bp.CHROME_HEAD.format(title=title) + body + bp.CHROME_FOOT


def tables_html() -> str:
    """Table-heavy: the standard tables twice over and twelve 20-row statistics tables."""
    title = "某某市2021年政府信息公开工作年度报告"
    body = [bp.styled(bp.PROSE[0])]
    for n in range(2):
        body += [bp.table(bp.SECTION_2), bp.table(bp.section_3()), bp.table(bp.SECTION_4)]
    for n in range(12):
        body.append(bp.styled("<b>附表%d</b>" % (n + 1)))
        body.append(bp.table([["规范性文件%d" % (n * 20 + k), str(k), "0", str(40 + k)] for k in range(20)]))
    body.append(bp.styled("某某市人民政府办公室"))
    return bp.CHROME_HEAD.format(title=title) + "".join(body) + bp.CHROME_FOOT


def word_html() -> str:
    """Pasted from Word: MsoNormal paragraphs, conditional comments, o:p, nested spans,
    a layout table holding the article, the section tables."""
    title = "某某区2021年政府信息公开工作年度报告"
    paras = []
    for i, p in enumerate(bp.PROSE * 6):
        paras.append('<p class="MsoNormal" style="text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt">'
                     '<a name="_Toc%d"></a><span lang="EN-US" style="font-size:16.0pt;font-family:仿宋_GB2312">'
                     '<span style="mso-spacerun:yes">&nbsp;</span></span><span style="font-size:16.0pt;'
                     'font-family:仿宋_GB2312;mso-hansi-font-family:宋体"><font face="仿宋_GB2312">%s</font>'
                     '</span><!--[if !supportLineBreakNewLine]--><br><!--[endif]--><span lang="EN-US">'
                     '<o:p></o:p></span></p>\n' % (i, p))
    article = ('<table width="100%"><tr><td><div class="WordSection1" style="layout-grid:15.6pt">'
               + "".join(paras) + bp.table(bp.SECTION_2) + bp.table(bp.section_3()) + bp.table(bp.SECTION_4)
               + '<p class="MsoNormal" align="right">某某区人民政府办公室</p></div></td></tr></table>')
    return bp.CHROME_HEAD.format(title=title) + article + bp.CHROME_FOOT


GENERATED = {"typical": bp.typical_report_html, "short": short_html, "tables": tables_html, "word": word_html}


def _read_html(path: str) -> str:
    from core.formats import decode_html
    with open(path, "rb") as f:
        return decode_html(f.read(), "text/html")[0]


def _dev_path(world: str, url: str) -> str | None:
    """The file a dev-world URL serves (sites.json maps portal -> loopback host)."""
    with open(os.path.join(world, "sites.json")) as f:
        hosts = {v: k for k, v in json.load(f).items()}
    rest = url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    portal = hosts.get(host.split(":")[0])
    if not portal:
        return None
    p = os.path.join(world, portal, path.split("?")[0])
    return p if os.path.isfile(p) else None


def dev_report_pages(world: str) -> dict[str, tuple[str, str]]:
    """name -> (html, url) of the dev world's HTML report pages (primary URLs)."""
    out = {}
    try:
        with open(os.path.join(world, "gold.json")) as f:
            gold = json.load(f)
    except OSError:
        return out
    for r in gold.get("reports", []):
        if r.get("format") != "html":
            continue
        p = _dev_path(world, r["primary_url"])
        if p:
            out["dev:" + r["group"]] = (_read_html(p), r["primary_url"])
    return out


# ---------------------------------------------------------------------------
# the contestants

def contestants():
    import trafilatura
    from pipelines.clean import clean_html
    return {
        "traf": lambda html, url: trafilatura.extract(html),
        "traf_nb": lambda html, url: trafilatura.extract(
            html, output_format="xml", include_tables=True, include_comments=False, include_images=False,
            favor_recall=True, deduplicate=False, with_metadata=False),
        "bare": lambda html, url: trafilatura.bare_extraction(html, include_tables=True),
        "clean": lambda html, url: clean_html(html, url),
    }


def bench(pages: dict[str, tuple[str, str]], reps: int) -> list[dict]:
    runs = contestants()
    for html, url in pages.values():        # warm: imports, trafilatura's caches, OpenCC
        for f in runs.values():
            f(html, url)
        break
    rows = []
    for name, (html, url) in pages.items():
        times = {k: [] for k in runs}
        for _ in range(reps):
            for k, f in runs.items():
                t0 = time.process_time()
                f(html, url)
                times[k].append(time.process_time() - t0)
        row = {"page": name, "kb": len(html.encode("utf-8")) / 1024}
        for k, v in times.items():
            row[k + "_best"] = min(v)
            row[k + "_med"] = statistics.median(v)
        row["ratio_best"] = row["clean_best"] / max(row["traf_best"], 1e-9)
        row["ratio_med"] = row["clean_med"] / max(row["traf_med"], 1e-9)
        rows.append(row)
    return rows


def print_table(rows: list[dict]) -> None:
    cols = ("page", "KB", "traf ms", "traf_nb ms", "bare ms", "clean ms", "clean/traf best", "clean/traf med")
    lines = []
    for r in rows:
        lines.append((r["page"], "%.0f" % r["kb"], "%.1f" % (1000 * r["traf_best"]),
                      "%.1f" % (1000 * r["traf_nb_best"]), "%.1f" % (1000 * r["bare_best"]),
                      "%.1f" % (1000 * r["clean_best"]),
                      "%.2f" % r["ratio_best"], "%.2f" % r["ratio_med"]))
    for label, sel in (("all (sum)", rows), ("generated (sum)", [r for r in rows if not r["page"].startswith("dev:")]),
                       ("dev (sum)", [r for r in rows if r["page"].startswith("dev:")])):
        if not sel or (label != "all (sum)" and len(sel) == len(rows)):
            continue
        s = {k: sum(r[k] for r in sel) for k in ("traf_best", "traf_nb_best", "bare_best", "clean_best",
                                                  "traf_med", "clean_med")}
        lines.append((label, "%.0f" % sum(r["kb"] for r in sel), "%.1f" % (1000 * s["traf_best"]),
                      "%.1f" % (1000 * s["traf_nb_best"]), "%.1f" % (1000 * s["bare_best"]),
                      "%.1f" % (1000 * s["clean_best"]), "%.2f" % (s["clean_best"] / s["traf_best"]),
                      "%.2f" % (s["clean_med"] / s["traf_med"])))
    widths = [max(len(c), *(len(x[i]) for x in lines)) for i, c in enumerate(cols)]
    print(" | ".join(c.ljust(w) for c, w in zip(cols, widths)))
    print("-+-".join("-" * w for w in widths))
    for x in lines:
        print(" | ".join(v.ljust(w) for v, w in zip(x, widths)))


# ---------------------------------------------------------------------------
# the dump

def dump_pages():
    """(name, html, url, template) of every page the dump covers."""
    for name, make in GENERATED.items():
        yield name, make(), URL, frozenset()
    for case in ("big", "dense"):
        yield case, bp.big_html(plain=case == "dense"), URL, frozenset()
    for p in sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", "**", "*.htm*"), recursive=True)):
        yield os.path.relpath(p, ROOT), _read_html(p), "http://127.0.0.1/" + os.path.basename(p), frozenset()
    from core.template import block_fingerprints
    from pipelines.clean.tree import parse_html
    for world in ("portals-dev", "portals-dev-v2"):
        base = os.path.join(SHARED, world)
        if not os.path.isdir(base):
            continue
        for portal in sorted(d for d in os.listdir(base) if os.path.isdir(os.path.join(base, d))):
            home = next((os.path.join(base, portal, h) for h in ("index.html", "index.htm")
                         if os.path.isfile(os.path.join(base, portal, h))), None)
            doc = parse_html(_read_html(home)) if home else None
            template = block_fingerprints(doc) if doc is not None else frozenset()
            for p in sorted(glob.glob(os.path.join(base, portal, "**", "*.htm*"), recursive=True)):
                html = _read_html(p)
                url = "http://%s/%s" % (portal, os.path.relpath(p, os.path.join(base, portal)))
                name = os.path.relpath(p, SHARED)
                yield name, html, url, frozenset()
                if template:
                    yield name + " +template", html, url, template


def dump(out: str) -> None:
    from pipelines.clean import clean_html
    n = 0
    t0 = time.process_time()
    with open(out, "w", encoding="utf-8") as f:
        for name, html, url, template in dump_pages():
            try:
                r = clean_html(html, url, template)
                rec = {"page": name, "text": r.text, "tables": r.tables, "page_meta": r.page_meta}
            except Exception as e:   # an error is an output too: it must stay the same
                rec = {"page": name, "error": "%s: %s" % (type(e).__name__, e)}
            f.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    print("%d pages -> %s (%.1f s CPU)" % (n, out, time.process_time() - t0))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--reps", type=int, default=9)
    p.add_argument("--pages", default="", help="comma-separated names (default: all)")
    p.add_argument("--no-dev", action="store_true", help="leave out ../shared/portals-dev")
    p.add_argument("--shared", default=SHARED, help="where portals-dev lives (default: %(default)s)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--dump", metavar="OUT.jsonl")
    args = p.parse_args(argv)
    logging.disable(logging.WARNING)     # trafilatura's chatter is not what is measured
    if args.dump:
        dump(args.dump)
        return 0
    pages = {name: (make(), URL) for name, make in GENERATED.items()}
    if not args.no_dev:
        pages.update(dev_report_pages(os.path.join(args.shared, "portals-dev")))
    if args.pages:
        wanted = args.pages.split(",")
        pages = {k: v for k, v in pages.items() if k in wanted or any(k.startswith(w + ":") for w in wanted)}
    rows = bench(pages, args.reps)
    if args.json:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
    else:
        print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
