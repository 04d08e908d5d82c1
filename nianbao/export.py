"""Export per spec/export.md: reports.jsonl, metrics.jsonl (+ flags.jsonl), and CSV.

- reports.jsonl: one line per live or gone report (withdrawn ones are not
  reports any more), sorted by report_id; ``text`` is the latest version's text,
  ``text_sha256`` its sha256, ``urls`` every address (primary included, sorted).
- metrics.jsonl: the latest version's metrics, one line per key, sorted by
  report_id then key.
- flags.jsonl (additional): the latest version's consistency flags.
- bodies, panel, keys, series (issue 11, nianbao/research/): the publishing bodies,
  one row per live report with one column per metric key, the catalogue as a table,
  harmonised measures by body and year; as CSV and / or Parquet when those are asked
  for (a JSON-lines-only export writes the three contract files alone).

UTF-8, ``ensure_ascii=False``, one object per line. Every file is written to a temp
file in the output directory and renamed into place, so a crash never leaves half a
file; files are world-readable as the umask allows (0644 under the usual 022), as
any file a user writes, not 0600 as temp files are. CSV files carry the same
columns, lists and objects as JSON strings; with ``csv_bom`` they start with a UTF-8
BOM so Chinese Excel reads them as UTF-8. Parquet files (pyarrow) carry typed
columns (nianbao/research/files.py). The database is opened read-only
(core.dburl.open_existing): exporting never creates or migrates one.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections import defaultdict
from typing import Iterable, Iterator

from sqlalchemy import select

from core.db import session_scope
from core.dburl import open_existing
from core.schema import Flag, Metric, Portal, Report, ReportUrl, ReportVersion
from nianbao.research.bodies import BODY_FIELDS, assign_bodies
from nianbao.research.files import file_mode, write_parquet
from nianbao.research.panel import (KEY_FIELDS, METRIC_BODY_FIELDS, SERIES_FIELDS, key_rows, panel_columns,
                                    panel_rows, series_rows, templates, metrics_by_report, with_bodies)

REPORT_FIELDS = ("report_id", "title", "body", "region", "level", "year", "publish_date", "portal", "url", "urls",
                 "format", "text", "text_sha256", "first_seen", "last_seen", "last_changed", "version", "status")
METRIC_FIELDS = ("report_id", "key", "value", "unit", "approximate", "source_url", "evidence", "method") + METRIC_BODY_FIELDS
FLAG_FIELDS = ("report_id", "rule", "message", "numbers")
EXPORTED_STATUSES = ("live", "gone")
FORMATS = ("jsonl", "csv", "parquet")


def iso_utc(value) -> str | None:
    """ISO 8601 UTC with a Z, to the second."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def number(value: float):
    """3599.0 -> 3599; values keep their unit (万元 stays 万元)."""
    if value is not None and float(value).is_integer() and abs(value) < 2 ** 53:
        return int(value)
    return value


def iter_reports(session) -> Iterator[dict]:
    """Report lines in report_id order (the latest version of each)."""
    portals = dict(session.execute(select(Portal.id, Portal.start_url)).all())
    urls = defaultdict(list)
    for rid, url in session.execute(select(ReportUrl.report_id, ReportUrl.url)):
        urls[rid].append(url)
    reports = session.scalars(select(Report).where(Report.status.in_(EXPORTED_STATUSES))
                              .order_by(Report.report_key)).all()
    for rep in reports:
        version = session.scalars(select(ReportVersion).where(ReportVersion.report_id == rep.id,
                                                              ReportVersion.version == rep.version)).first()
        if version is None:
            continue  # never finalized: nothing to say about it yet
        text = version.text or ""
        url = version.url
        all_urls = sorted(set(urls.get(rep.id, [])) | ({url} if url else set()))
        yield {
            "report_id": rep.report_key,
            "title": rep.title or "",
            "body": rep.body,
            "region": rep.region,
            "level": rep.level,
            "year": rep.year,
            "publish_date": rep.publish_date,
            "portal": portals.get(rep.portal_id) or "",
            "url": url,
            "urls": all_urls,
            "format": version.fmt or rep.fmt or "html",
            "text": text,
            "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "first_seen": iso_utc(rep.first_seen),
            "last_seen": iso_utc(rep.last_seen),
            "last_changed": iso_utc(rep.last_changed or rep.first_seen),
            "version": int(rep.version),
            "status": rep.status,
        }


def _latest(session, model, report_ids: dict) -> Iterator:
    """Rows of ``model`` (Metric / Flag) that belong to each report's latest version."""
    for row in session.scalars(select(model).order_by(model.report_id, model.id)):
        if report_ids.get(row.report_id, (None, None))[1] == row.version:
            yield row


def iter_metrics(session, report_ids: dict) -> Iterator[dict]:
    rows = []
    seen = set()
    for m in _latest(session, Metric, report_ids):
        key = (m.report_id, m.key)
        if m.value is None or key in seen:  # one line per key: a second value would be a false figure
            continue
        seen.add(key)
        rows.append({"report_id": report_ids[m.report_id][0], "key": m.key, "value": number(m.value),
                     "unit": m.unit or "", "approximate": bool(m.approximate), "source_url": m.source_url or "",
                     "evidence": m.evidence or "", "method": m.method or ""})
    rows.sort(key=lambda r: (r["report_id"], r["key"]))
    return iter(rows)


def iter_flags(session, report_ids: dict) -> Iterator[dict]:
    rows = [{"report_id": report_ids[f.report_id][0], "rule": f.rule, "message": f.message or "",
             "numbers": f.numbers if f.numbers is not None else []}
            for f in _latest(session, Flag, report_ids)]
    rows.sort(key=lambda r: (r["report_id"], r["rule"]))
    return iter(rows)


class _AtomicFile:
    """Write to a temp file beside ``path`` (mode: ``file_mode()``); rename into place only on success."""

    def __init__(self, path: str, newline=None, encoding="utf-8"):
        self.path = path
        self.newline = newline
        self.encoding = encoding

    def __enter__(self):
        d = os.path.dirname(os.path.abspath(self.path))
        fd, self.tmp = tempfile.mkstemp(dir=d, prefix="." + os.path.basename(self.path) + ".", suffix=".tmp")
        os.fchmod(fd, file_mode())  # mkstemp makes 0600; an export is for others to read
        self.f = os.fdopen(fd, "w", encoding=self.encoding, newline=self.newline)
        return self.f

    def __exit__(self, exc_type, exc, tb):
        self.f.close()
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)
        return False


def write_jsonl(path: str, rows: Iterable[dict]) -> int:
    n = 0
    with _AtomicFile(path) as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_csv(path: str, fields: tuple, rows: Iterable[dict], bom: bool = False) -> int:
    n = 0
    with _AtomicFile(path, newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
        w = csv.writer(f)
        w.writerow(fields)
        for row in rows:
            w.writerow([_csv_cell(row.get(k)) for k in fields])
            n += 1
    return n


def research_tables(reports: list, metrics: list) -> tuple[list, list]:
    """(metrics with their body and year, [(name, fields, rows, number fields)] of
    the researchers' tables: bodies, panel, keys, series)."""
    bodies, body_rows = assign_bodies(reports)
    template_of = templates(reports, metrics_by_report(metrics))
    columns = panel_columns(metrics)
    head = set(columns[:12])
    tables = [("bodies", BODY_FIELDS, body_rows, ()),
              ("panel", tuple(columns), panel_rows(reports, metrics, bodies, template_of),
               frozenset(c for c in columns if c not in head)),
              ("keys", KEY_FIELDS, key_rows(), ()),
              ("series", SERIES_FIELDS, series_rows(reports, metrics, bodies, template_of), ())]
    return with_bodies(metrics, reports, bodies), tables


def export(db_url: str, out_dir: str, formats=("jsonl", "csv"), csv_bom: bool = False) -> dict:
    """Write the export files for the database at ``db_url`` into ``out_dir``;
    return the counts (reports, metrics, flags, bodies, panel, series) and the files written."""
    formats = tuple(f.lower() for f in formats) or ("jsonl",)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError("unknown export format(s): %s" % ", ".join(sorted(unknown)))
    engine = open_existing(db_url)  # a missing database is an error, never a new empty one
    try:
        with session_scope(engine) as s:
            reports = list(iter_reports(s))
            wanted = {r["report_id"] for r in reports}
            report_ids = {rid: (key, version) for rid, key, version in
                          s.execute(select(Report.id, Report.report_key, Report.version)) if key in wanted}
            metrics = list(iter_metrics(s, report_ids))
            flags = list(iter_flags(s, report_ids))
    finally:
        engine.dispose()
    os.makedirs(out_dir, exist_ok=True)
    metrics, tables = research_tables(reports, metrics)
    files = []
    contract = [("reports", REPORT_FIELDS, reports, ()), ("metrics", METRIC_FIELDS, metrics, ()),
                ("flags", FLAG_FIELDS, flags, ())]
    tabular = [f for f in formats if f != "jsonl"]   # tables: CSV / Parquet only, never unasked
    for (name, fields, rows, numbers), fmts in [(c, formats) for c in contract] + [(t, tabular) for t in tables]:
        for fmt in fmts:
            path = os.path.join(out_dir, "%s.%s" % (name, fmt))
            if fmt == "jsonl":
                write_jsonl(path, rows)
            elif fmt == "csv":
                write_csv(path, fields, rows, bom=csv_bom)
            else:
                write_parquet(path, fields, rows, number_fields=numbers)
            files.append(os.path.basename(path))
    counts = {"reports": len(reports), "metrics": len(metrics), "flags": len(flags)}
    counts.update((name, len(rows)) for name, _, rows, _ in tables if name != "keys")
    return dict(counts, files=files)
