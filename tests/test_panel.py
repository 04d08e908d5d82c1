"""`nianbao export --format jsonl,csv,parquet --csv-bom`: the panel (one row per live
report, one column per metric key), metrics with body and year, keys.csv."""
import csv
import json

import pyarrow.parquet as pq
import pytest

from nianbao.research.panel import catalogue_keys
from pipelines.metrics.catalog import load_catalog
from research_helpers import nianbao, read_jsonl


@pytest.fixture(scope="module")
def exported(demo_crawl, tmp_path_factory):
    out = tmp_path_factory.mktemp("panel")
    done = nianbao("export", "--db", demo_crawl["db"], "--out", str(out), "--format", "jsonl,csv,parquet",
                   "--csv-bom")
    assert done.returncode == 0, done.stderr
    return out, json.loads(done.stdout)


def _csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_panel_rows_are_the_live_reports_and_cells_their_figures(exported):
    out, counts = exported
    reports = read_jsonl(out / "reports.jsonl")
    metrics = read_jsonl(out / "metrics.jsonl")
    panel = _csv(out / "panel.csv")
    live = {r["report_id"]: r for r in reports if r["status"] == "live"}
    assert sorted(p["report_id"] for p in panel) == sorted(live) and counts["panel"] == len(live)
    stated = {(m["report_id"], m["key"]): m["value"] for m in metrics}
    keys = catalogue_keys()
    assert set(keys) <= set(panel[0])
    for p in panel:
        assert p["year"] == str(live[p["report_id"]]["year"]) and p["url"] == live[p["report_id"]]["url"]
        for key in keys:
            want = stated.get((p["report_id"], key))
            assert (p[key] == "") if want is None else float(p[key]) == want, (p["report_id"], key)
    assert sum(1 for p in panel for k in keys if p[k] != "") == sum(1 for m in metrics if m["report_id"] in live)


def test_parquet_carries_the_same_rows_typed(exported):
    out, _ = exported
    panel = pq.read_table(out / "panel.parquet").to_pylist()
    rows = {p["report_id"]: p for p in _csv(out / "panel.csv")}
    assert len(panel) == len(rows)
    for p in panel:
        for key, value in p.items():
            if key in catalogue_keys():
                assert value == (float(rows[p["report_id"]][key]) if rows[p["report_id"]][key] else None)
    reports = pq.read_table(out / "reports.parquet").to_pylist()
    assert isinstance(reports[0]["urls"], list) and isinstance(reports[0]["year"], int)
    assert pq.read_table(out / "metrics.parquet").schema.field("value").type == "double"


def test_metrics_gain_body_and_year_and_csv_has_a_bom(exported):
    out, _ = exported
    with open(out / "metrics.csv", "rb") as f:
        assert f.read(3) == b"\xef\xbb\xbf"
    with open(out / "reports.jsonl", "rb") as f:
        assert not f.read(3).startswith(b"\xef\xbb\xbf")     # JSON lines stay plain UTF-8
    reports = {r["report_id"]: r for r in read_jsonl(out / "reports.jsonl")}
    bodies = {b["body_id"]: b for b in _csv(out / "bodies.csv")}
    for m in _csv(out / "metrics.csv"):
        assert m["year"] == str(reports[m["report_id"]]["year"])
        assert bodies[m["body_id"]]["body"] == m["body"] and m["region"] == bodies[m["body_id"]]["region"]


def test_keys_csv_lists_every_key_with_label_unit_template_and_measure(exported):
    out, _ = exported
    keys = {k["key"]: k for k in _csv(out / "keys.csv")}
    assert list(keys) == catalogue_keys()
    cat = load_catalog()
    assert keys["requests.received"]["label"] == cat.entries["requests.received"].zh
    assert keys["requests.received"]["measure"] == "applications_received"
    assert keys["requests2019.new@total"]["measure"] == "applications_received"
    assert keys["outcome.granted@natural_person"]["column_label"] == "自然人"
    assert keys["litigation.direct.total"]["measure_role"] == "part of sum"
    assert keys["fees.collected"]["unit"] == "万元"


def test_an_unknown_format_is_refused(demo_crawl, tmp_path):
    done = nianbao("export", "--db", demo_crawl["db"], "--out", str(tmp_path), "--format", "xlsx")
    assert done.returncode != 0 and "xlsx" in done.stderr
