"""A report's figures and flags per version: merged from its copies' document
metrics (primary first, :func:`pipelines.metrics.merge_metrics`), written with the
document each figure came from, and rewritten only when they differ."""
from __future__ import annotations

import json
import logging
from collections import defaultdict

from sqlalchemy import delete, insert, select

from core.schema import DocumentFlag, DocumentMetric, Flag, Metric
from pipelines.metrics import merge_metrics

from .loading import chunks
from .values import finite_number

logger = logging.getLogger(__name__)


def load_document_metrics(session, doc_ids: list) -> tuple[dict, dict]:
    """({document id: [metric dict]}, {document id: [flag dict]}) in stored order.
    Read as plain rows: hundreds of metrics a report, and an ORM object for each only
    to copy it into a dict cost a finalize most of its time and memory."""
    dmetrics, dflags = defaultdict(list), defaultdict(list)
    m_cols = (DocumentMetric.key, DocumentMetric.value, DocumentMetric.unit, DocumentMetric.approximate,
              DocumentMetric.evidence, DocumentMetric.method, DocumentMetric.source_url)
    f_cols = (DocumentFlag.rule, DocumentFlag.message, DocumentFlag.numbers)
    for chunk in chunks(doc_ids):
        for row in session.execute(select(DocumentMetric.document_id, *m_cols)
                                   .where(DocumentMetric.document_id.in_(chunk)).order_by(DocumentMetric.id)):
            dmetrics[row[0]].append(dict(zip(_METRIC_FIELDS, row[1:])))
        for row in session.execute(select(DocumentFlag.document_id, *f_cols)
                                   .where(DocumentFlag.document_id.in_(chunk)).order_by(DocumentFlag.id)):
            dflags[row[0]].append(dict(zip(_FLAG_FIELDS, row[1:])))
    return dmetrics, dflags


_METRIC_FIELDS = ("key", "value", "unit", "approximate", "evidence", "method", "source_url")
_FLAG_FIELDS = ("rule", "message", "numbers")


def _first_values(per_document: list) -> tuple[list, list]:
    """Every copy's metrics in order (the first value of a key wins later) and the
    first copy's flags."""
    metrics, flags = [], []
    for ms, fs in per_document:
        metrics.extend(ms)
        if not flags:
            flags = list(fs)
    return metrics, flags


def merge_report_metrics(per_document: list) -> tuple[list, list]:
    """Report metrics from its copies, primary first: pipelines.metrics.merge_metrics,
    or, should it fail, the first value of each key. One value per key either way."""
    merged = None
    try:
        merged = merge_metrics(per_document)
    except Exception:
        logger.exception("merge_metrics failed; keeping the primary's values")
    if merged is None:
        merged = _first_values(per_document)
    metrics, flags = merged
    seen, out = set(), []
    for m in metrics or []:
        if m.get("key") in seen or finite_number(m.get("value")) is None:
            continue
        seen.add(m.get("key"))
        out.append(m)
    return out, list(flags or [])


def report_metrics(order: list, dmetrics: dict, dflags: dict) -> tuple[list, list, dict]:
    """Metrics and flags of a report whose copies are ``order`` (primary first), and
    {(key, source url): id of the copy that stated it first}."""
    metrics, flags = merge_report_metrics([(dmetrics.get(d.id, []), dflags.get(d.id, [])) for d in order])
    source_doc = {}
    for d in order:
        for m in dmetrics.get(d.id, []):
            source_doc.setdefault((m["key"], m.get("source_url")), d.id)
    return metrics, flags, source_doc


def _metric_tuple(m: dict) -> tuple:
    value = finite_number(m.get("value"))
    return (m.get("key"), None if value is None else round(value, 9), m.get("unit"),
            bool(m.get("approximate")), m.get("evidence"), m.get("method"), m.get("source_url"))


def _flag_tuple(f: dict) -> tuple:
    return (f.get("rule"), f.get("message"), json.dumps(f.get("numbers"), sort_keys=True, default=str))


def _row_dict(row) -> dict:
    return {c: getattr(row, c) for c in ("key", "value", "unit", "approximate", "evidence", "method",
                                          "source_url", "rule", "message", "numbers") if hasattr(row, c)}


def write_metrics(session, report_id: int, version: int, metrics: list, flags: list, source_doc: dict) -> None:
    """One INSERT of many rows each (in order: ids keep the metrics' order), not an ORM
    object per metric held until the flush: a first crawl writes every report's
    hundreds of figures in one finalize."""
    rows = []
    for m in metrics:
        value = finite_number(m.get("value"))
        if value is None:
            continue
        rows.append({"report_id": report_id, "version": version, "key": str(m.get("key")), "value": value,
                     "unit": m.get("unit"), "approximate": bool(m.get("approximate")),
                     "evidence": m.get("evidence"), "method": m.get("method"), "source_url": m.get("source_url"),
                     "document_id": source_doc.get((m.get("key"), m.get("source_url")))})
    if rows:
        session.execute(insert(Metric), rows)
    if flags:
        session.execute(insert(Flag), [{"report_id": report_id, "version": version, "rule": str(f.get("rule")),
                                        "message": f.get("message"), "numbers": f.get("numbers")} for f in flags])


def sync_metrics(session, report_id: int, version: int, metrics: list, flags: list, source_doc: dict) -> None:
    """Rewrite a version's metrics and flags only when they differ from those stored."""
    existing = session.scalars(select(Metric).where(Metric.report_id == report_id, Metric.version == version)
                               .order_by(Metric.id)).all()
    existing_f = session.scalars(select(Flag).where(Flag.report_id == report_id, Flag.version == version)
                                 .order_by(Flag.id)).all()
    same = ([_metric_tuple(_row_dict(m)) for m in existing] == [_metric_tuple(m) for m in metrics]
            and [_flag_tuple(_row_dict(f)) for f in existing_f] == [_flag_tuple(f) for f in flags])
    if not same:
        session.execute(delete(Metric).where(Metric.report_id == report_id, Metric.version == version))
        session.execute(delete(Flag).where(Flag.report_id == report_id, Flag.version == version))
        write_metrics(session, report_id, version, metrics, flags, source_doc)
