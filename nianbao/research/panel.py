"""The researchers' tables: panel (one row per live report, one column per metric
key), keys (the catalogue as a table, with the harmonised measure of each key) and
series (harmonised measures by body and year), per docs/export.md."""
from __future__ import annotations

from collections import defaultdict

from pipelines.metrics.catalog import load_catalog
from pipelines.metrics.crosswalk import harmonise, load_crosswalk, report_template, source_keys

PANEL_HEAD = ("report_id", "body_id", "body", "body_kind", "region", "division_code", "level", "year", "template",
              "url", "body_as_published", "status")
KEY_FIELDS = ("key", "base_key", "column", "label", "label_2019", "column_label", "unit", "template", "revision",
              "measure", "measure_role")
SERIES_FIELDS = ("body_id", "body", "year", "measure", "value", "unit", "source_key", "template", "report_id",
                 "source_url")
# what metrics.jsonl / metrics.csv gain (issue 11): the body and year of the figure's report
METRIC_BODY_FIELDS = ("body_id", "body", "region", "level", "year")


def catalogue_keys(catalog=None) -> list[str]:
    """Every key a value can be written under, in catalogue order (key@column for
    rows with applicant columns)."""
    catalog = catalog or load_catalog()
    out = []
    for e in catalog.entries.values():
        out.extend(["%s@%s" % (e.key, c) for c in e.columns] if e.columns else [e.key])
    return out


def key_rows(catalog=None, measures=None) -> list[dict]:
    catalog = catalog or load_catalog()
    measures = load_crosswalk() if measures is None else measures
    rows = []
    for key in catalogue_keys(catalog):
        base, _, col = key.partition("@")
        e = catalog.entries[base]
        feeds = [(m.measure, len(keys) == 1) for m in measures for keys in source_keys(m) if key in keys]
        feeds = list(dict.fromkeys(feeds))
        rows.append({"key": key, "base_key": base, "column": col or None, "label": e.zh,
                     "label_2019": e.zh_2019, "column_label": catalog.columns.get(col) if col else None,
                     "unit": e.unit, "template": ",".join(e.template), "revision": e.revision,
                     "measure": ";".join(m for m, _ in feeds) or None,
                     "measure_role": ";".join("whole" if whole else "part of sum" for _, whole in feeds) or None})
    return rows


def metrics_by_report(metrics: list[dict]) -> dict:
    out = defaultdict(dict)
    for m in metrics:
        out[m["report_id"]][m["key"]] = m
    return out


def panel_columns(metrics: list[dict]) -> list[str]:
    """The head, every catalogue key, then any key the catalogue does not know."""
    keys = catalogue_keys()
    known = set(keys)
    extra = sorted({m["key"] for m in metrics} - known)
    return list(PANEL_HEAD) + keys + extra


def templates(reports: list[dict], by_report: dict) -> dict:
    return {r["report_id"]: report_template(by_report.get(r["report_id"], {}), r.get("year")) for r in reports}


def panel_rows(reports: list[dict], metrics: list[dict], bodies: dict, template_of: dict) -> list[dict]:
    by_report = metrics_by_report(metrics)
    rows = []
    for r in reports:
        if r["status"] != "live":
            continue
        b = bodies[r["report_id"]]
        row = {"report_id": r["report_id"], "body_id": b["body_id"], "body": b["body"], "body_kind": b["body_kind"],
               "region": b["region"], "division_code": b["division_code"], "level": b["level"], "year": r["year"],
               "template": template_of[r["report_id"]], "url": r["url"], "body_as_published": r["body"],
               "status": r["status"]}
        for key, m in by_report.get(r["report_id"], {}).items():
            row[key] = m["value"]
        rows.append(row)
    return rows


def series_rows(reports: list[dict], metrics: list[dict], bodies: dict, template_of: dict) -> list[dict]:
    by_report = metrics_by_report(metrics)
    rows = []
    for r in reports:
        if r["status"] != "live":
            continue
        stated = by_report.get(r["report_id"], {})
        values = {k: m["value"] for k, m in stated.items()}
        b = bodies[r["report_id"]]
        for measure, value, keys in harmonise(values, template_of[r["report_id"]]):
            urls = list(dict.fromkeys(stated[k]["source_url"] for k in keys if stated[k]["source_url"]))
            rows.append({"body_id": b["body_id"], "body": b["body"], "year": r["year"], "measure": measure.measure,
                         "value": int(value) if float(value).is_integer() else value, "unit": measure.unit,
                         "source_key": "+".join(keys), "template": template_of[r["report_id"]],
                         "report_id": r["report_id"], "source_url": " ".join(urls)})
    rows.sort(key=lambda s: (s["body_id"], s["year"] or 0, s["measure"], s["report_id"]))
    return rows


def with_bodies(metrics: list[dict], reports: list[dict], bodies: dict) -> list[dict]:
    """metrics rows with the body and year of their report (fields added, none renamed)."""
    year = {r["report_id"]: r["year"] for r in reports}
    out = []
    for m in metrics:
        b = bodies.get(m["report_id"]) or {}
        out.append(dict(m, body_id=b.get("body_id"), body=b.get("body"), region=b.get("region"),
                        level=b.get("level"), year=year.get(m["report_id"])))
    return out
