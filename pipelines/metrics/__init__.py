"""Metric extraction: every figure right, none invented.

    extract_metrics(text, tables, *, year, source_url, script) -> (metrics, flags)
    merge_metrics([(metrics, flags), ...]) -> (metrics, flags)
    MetricsPipeline                                   (scrapy item pipeline, order 500)

Order of trust inside one document: structured tables, then tables flattened into
the text, then sentences. A table figure wins over a prose figure for the same key and
the disagreement is recorded as a flag; consistency checks (checks.py) flag totals that
do not add up. Figures are never altered.

metric: {"key", "value", "unit", "approximate", "evidence", "method", "source_url"}
flag:   {"rule", "message", "numbers"}
"""
from __future__ import annotations

from collections import defaultdict

from .catalog import Catalog, NormText, load_catalog
from .checks import CHECK_RULES, check
from .flattened import read_text_tables
from .numbers import in_unit
from .prose import ProseReader, select
from .rows import Found
from .tables import read_tables
from core.items import is_document

__all__ = ["extract_metrics", "merge_metrics", "MetricsPipeline", "load_catalog"]

MAX_TEXT_CHARS = 1_000_000

# decision kinds (besides is_report) whose documents carry a report's figures, such
# as the XLSX statistics table published next to a DOCX report. The classifiers
# emit report and report_table; "statistics" is emitted by neither, but
# tests/test_metrics_pipeline.py pins it (a hand-classified statistics attachment)
REPORT_KINDS = frozenset({"report", "report_table", "statistics"})


# a figure read from a published table beats one OCR'd from a picture of it, which beats a sentence
_METHOD_RANK = {"table": 0, "ocr": 1}


def mark_ocr(metrics: list[dict], ocr: dict | None) -> None:
    """method "ocr" for the figures whose evidence came from OCR (item["ocr"]: its
    `lines`, or None when the whole text did)."""
    if not ocr:
        return
    lines = ocr.get("lines")
    own = None if lines is None else {"".join(str(l).split()) for l in lines}
    for m in metrics:
        if own is None or "".join(str(m.get("evidence") or "").split()) in own:
            m["method"] = "ocr"


def _same(a, b) -> bool:
    try:
        return abs(float(a) - float(b)) < 1e-9
    except (TypeError, ValueError):
        return a == b


def _template(year: int | None, keys) -> str:
    """Which of two keys sharing a phrase a sentence fills: the report year decides;
    without one, a 2019-template table in the document does."""
    if year:
        return "2019" if year >= 2019 else "2008"
    cat = load_catalog()
    for k in keys:
        base = k.split("@", 1)[0]
        if base in cat.entries and cat.is_2019(base) and not cat.is_2008(base):
            return "2019"
    return "2008"


def extract_metrics(text: str, tables: list, *, year: int | None, source_url: str,
                    script: str = "simplified") -> tuple[list[dict], list[dict]]:
    """Figures of one document. `script` is informational: matching always runs on a
    t2s copy (harmless for Simplified text), evidence stays as published."""
    cat: Catalog = load_catalog()
    text = text or ""
    if not isinstance(year, int):
        try:
            year = int(year) if year else None
        except (TypeError, ValueError):
            year = None
    flags: list[dict] = []
    if len(text) > MAX_TEXT_CHARS:
        # no report is this long; bound the work on pages that only look like one
        flags.append({"rule": "text_truncated",
                      "message": f"text of {len(text)} chars: only the first {MAX_TEXT_CHARS} were read",
                      "numbers": {"chars": len(text), "read": MAX_TEXT_CHARS}})
        text = text[:MAX_TEXT_CHARS]

    notes: list[dict] = []      # row labels read by fuzzy match or left unmapped
    found_struct, rows_seen = read_tables(tables or [], cat, year, notes)
    found_text, used_lines = read_text_tables(text, cat, year, rows_seen, notes)
    flags.extend(notes)
    table: dict[str, Found] = {}
    for f in found_struct + found_text:
        first = table.get(f.key)
        if first is None:
            table[f.key] = f
        elif not _same(first.value, f.value):
            flags.append({"rule": "table_conflict",
                          "message": f"{f.key}: two table rows state {first.value} and {f.value}; kept the first",
                          "numbers": {"kept": first.value, "other": f.value}})

    metrics = [{"key": f.key, "value": f.value, "unit": f.unit, "approximate": f.approximate,
                "evidence": f.evidence, "method": "table", "source_url": source_url}
               for f in table.values()]

    reader = ProseReader(cat, year, _template(year, table))
    cands = reader.read(NormText.build(text), used_lines)
    for c in cands:     # in the catalogue's unit: "收取费用500元" is 0.05 万元
        c.value, c.unit = in_unit(c.value, c.unit, cat.unit(c.key))
    best, conflicts = select(cands)
    for key, c in best.items():
        if key in table:
            if not _same(table[key].value, c.value):
                flags.append({"rule": "table_narrative_mismatch",
                              "message": f"{key}: table says {table[key].value}, text says {c.value} "
                                         f"(\u201c{c.evidence[:80]}\u201d); kept the table",
                              "numbers": {"table": table[key].value, "narrative": c.value}})
            continue
        metrics.append({"key": key, "value": c.value, "unit": c.unit, "approximate": c.approximate,
                        "evidence": c.evidence, "method": "narrative", "source_url": source_url})
    for kept, other in conflicts:
        if kept.key in table:
            continue
        flags.append({"rule": "narrative_conflict",
                      "message": f"{kept.key}: sentences state {kept.value} and {other.value}; kept the first",
                      "numbers": {"kept": kept.value, "other": other.value}})

    flags.extend(check({m["key"]: m["value"] for m in metrics}))
    return metrics, flags


def merge_metrics(per_document: list[tuple[list, list]]) -> tuple[list, list]:
    """One value per key over the documents of one report (primary document first):
    a table figure beats a narrative one, an earlier document beats a later one for
    the same method; every disagreement becomes a flag."""
    by_key: dict[str, list[tuple[int, int, dict]]] = defaultdict(list)
    flags: list[dict] = []
    order = 0
    for i, (metrics, doc_flags) in enumerate(per_document or []):
        for m in metrics or []:
            by_key[m["key"]].append((i, order, m))
            order += 1
        # consistency is re-checked on the merged figures below
        flags.extend(f for f in doc_flags or [] if f.get("rule") not in CHECK_RULES)
    merged: list[tuple[int, dict]] = []
    for key, items in by_key.items():
        items.sort(key=lambda t: (_METHOD_RANK.get(t[2].get("method"), 2), t[0], t[1]))
        doc, _, best = items[0]
        merged.append((min(o for _, o, _ in items), best))
        for other_doc, _, m in items[1:]:
            if _same(m["value"], best["value"]):
                continue
            rule = ("table_narrative_mismatch" if m.get("method") != best.get("method")
                    else "document_mismatch")
            flags.append({"rule": rule,
                          "message": f"{key}: {best.get('method')} of {best.get('source_url')} says "
                                     f"{best['value']}, {m.get('method')} of {m.get('source_url')} says "
                                     f"{m['value']}; kept the first",
                          "numbers": {"kept": best["value"], "other": m["value"]}})
    merged.sort(key=lambda t: t[0])
    out = [m for _, m in merged]
    flags.extend(check({m["key"]: m["value"] for m in out}))
    seen, unique = set(), []
    for f in flags:
        sig = (f.get("rule"), f.get("message"))
        if sig not in seen:
            seen.add(sig)
            unique.append(f)
    return out, unique


class MetricsPipeline:
    """Scrapy item pipeline: figures and flags for report documents. Never raises."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls()

    def process_item(self, item, spider=None):
        try:
            if not is_document(item):
                return item             # a FetchItem: nothing to extract
            decision = item.get("decision") or {}
            if not (decision.get("is_report") or decision.get("kind") in REPORT_KINDS):
                return item
            meta = item.get("meta") or {}
            text, tables = item.get("text") or "", item.get("tables") or []
            source = item.get("final_url") or item.get("url") or ""
        except Exception as e:  # a malformed item: record, never raise
            self._record_error(item, e)
            return item
        try:
            metrics, flags = extract_metrics(text, tables, year=meta.get("year"), source_url=source,
                                             script=meta.get("script") or "simplified")
        except Exception as e:
            self._record_error(item, e)
            return item
        mark_ocr(metrics, item.get("ocr"))
        item["metrics"], item["flags"] = metrics, flags
        return item

    @staticmethod
    def _record_error(item, e: Exception):
        try:
            item["metrics"] = []
            item["flags"] = [{"rule": "extractor_error", "message": f"{type(e).__name__}: {e}",
                              "numbers": {}}]
        except Exception:
            pass
