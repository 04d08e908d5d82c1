"""What the PDF reader makes of every PDF at hand, written down so that a change to
the reader can be checked against it: text, tables, notes, the OCR verdict.

    python bench/pdf_reads.py dump OUT.jsonl [DIR_OR_PDF ...]
    python bench/pdf_reads.py compare BEFORE.jsonl AFTER.jsonl

`dump` reads (through read_document: the bounded child, OCR off) every *.pdf under
tests/fixtures, ../shared/portals-dev*, the given directories (e.g. the PDFs the
tests' helpers made, collected by a pytest plugin), and the bench PDFs
(bench_pdf.py's three, bench_pipeline.py's 50 pages).  `compare` names every PDF
whose read differs; where the text differs only in whitespace it says whether the
metrics extracted from both reads are the same."""
from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def sources(extra: list[str]):
    """(name, bytes) of every PDF to read, each body once."""
    from bench.bench_pdf import table_pdf, text_pdf
    from bench.bench_pipeline import report_pdf
    seen = set()
    yield "bench:report50", report_pdf(50)
    yield "bench:text", text_pdf()
    yield "bench:tables", table_pdf()
    roots = [ROOT / "tests" / "fixtures"] + sorted(ROOT.parent.parent.joinpath("shared").glob("portals-dev*"))
    roots += [Path(p) for p in extra]
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.suffix.lower() == ".pdf")
        for p in files:
            body = p.read_bytes()
            h = hashlib.sha1(body).hexdigest()
            if h in seen:
                continue
            seen.add(h)
            try:
                name = str(p.relative_to(ROOT.parent.parent))
            except ValueError:
                name = str(p)
            yield name, body


def dump(out: str, extra: list[str]) -> None:
    from pipelines.read import read_document
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for name, body in sources(extra):
            t0 = time.perf_counter()
            res = read_document("pdf", body, timeout=120, ocr=None)
            f.write(json.dumps({"name": name, "seconds": round(time.perf_counter() - t0, 3), "sha1": hashlib.sha1(body).hexdigest(), "text": res.text,
                                "tables": res.tables, "notes": res.notes, "error": res.error,
                                "wants_ocr": res.wants_ocr}, ensure_ascii=False) + "\n")
            n += 1
    print("%d PDFs read into %s" % (n, out))


def _metrics(rec) -> list:
    from pipelines.metrics import extract_metrics
    found = extract_metrics(rec["text"] or "", rec["tables"] or [], year=2021, source_url="u")[0]
    return sorted((m["key"], str(m["value"])) for m in found)


def compare(before: str, after: str) -> int:
    def key(rec):       # the bench PDFs are built anew (reportlab stamps the time): by name
        return rec["name"] if rec["name"].startswith("bench:") else rec["sha1"]
    a = {key(r): r for r in map(json.loads, open(before, encoding="utf-8"))}
    b = {key(r): r for r in map(json.loads, open(after, encoding="utf-8"))}
    same = differ = 0
    for h, x in a.items():
        y = b.get(h)
        if y is None:
            print("MISSING  %s" % x["name"])
            differ += 1
            continue
        fields = [k for k in ("text", "tables", "notes", "error", "wants_ocr") if x[k] != y[k]]
        if not fields:
            same += 1
            continue
        differ += 1
        how = ""
        if fields == ["text"] and "".join(x["text"].split()) == "".join(y["text"].split()):
            how = " (whitespace only; metrics %s)" % ("same" if _metrics(x) == _metrics(y) else "DIFFER")
        print("DIFFERS  %s: %s%s" % (x["name"], ", ".join(fields), how))
    print("%d identical, %d differ, of %d" % (same, differ, len(a)))
    return 1 if differ else 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "dump":
        dump(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
