"""Export round-trip against the contract (spec/export.md): field names and types,
sorting, urls, text_sha256, metrics one line per key, CSV, atomic files."""
import csv
import datetime as dt
import hashlib
import json
import os
import re

import pytest

from nianbao.export import FLAG_FIELDS, METRIC_FIELDS, REPORT_FIELDS, export, write_jsonl
from store_helpers import (PORTAL, PORTAL2, T0, doc_item, fixture_text, metric, pdf_bytes, pdf_text, run_items,
                           template_report)

ISO_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
REPORT_TYPES = {"report_id": str, "title": str, "body": (str, type(None)), "region": (str, type(None)),
                "level": (str, type(None)), "year": (int, type(None)), "publish_date": (str, type(None)),
                "portal": str, "url": str, "urls": list, "format": str, "text": str, "text_sha256": str,
                "first_seen": str, "last_seen": str, "last_changed": str, "version": int, "status": str}
METRIC_TYPES = {"report_id": str, "key": str, "value": (int, float), "unit": str, "approximate": bool,
                "source_url": str, "evidence": str, "method": str}

ANKANG = fixture_text("seed_ankang_2017.txt")
FUZHOU = fixture_text("seed_fuzhou_2017.txt")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture
def world(db_url):
    """Three reports: an HTML page split over two pages with its PDF twin and a repost,
    a DOCX attachment announced by a notice page with an XLSX table, and one page
    that later stops being a report (withdrawn, not exported)."""
    pdf = pdf_bytes(ANKANG)
    half = ANKANG.index("二、")
    page, part = PORTAL + "art/2018/3/28/art_1.html", PORTAL + "art/2018/3/28/art_1_1.html"
    notice, docx, xlsx = PORTAL + "html/ndbg/4371708.htm", PORTAL + "up/2022/a.docx", PORTAL + "up/2022/a.xlsx"
    report = template_report("湖州市安吉县人民政府", 2021, seed=11)
    items = [
        doc_item(page, ANKANG, title="安康市2017年政府信息公开工作年度报告", body="安康市人民政府", region="安康市",
                 year=2017, publish_date="2018-03-28",
                 parts=[{"url": part, "final_url": part, "status": 200, "headers": {},
                         "fetched_at": "2024-03-01T08:00:01Z", "body": ANKANG[half:].encode()}],
                 metrics=[metric("apply.received", 76, source_url=page), metric("open.total", 172532, "条", page),
                          metric("apply.received", 99, source_url=page)],  # a second value for one key
                 flags=[{"rule": "apply.sum", "message": "申请数之和不等于总计", "numbers": [76, 70]}]),
        doc_item(PORTAL + "up/1.pdf", pdf_text(pdf), fmt="pdf", body_bytes=pdf, parent_url=page, year=2017,
                 metrics=[metric("fees.amount", 0.5, "万元", PORTAL + "up/1.pdf")]),
        doc_item(PORTAL2 + "repost/1.html", ANKANG, title="安康市2017年政府信息公开工作年度报告", portal=PORTAL2,
                 body="安康市人民政府", year=2017, fetched_at=T0 + dt.timedelta(hours=1)),
        doc_item(notice, "关于公布2021年政府信息公开工作年度报告的通知\n详见附件。", is_report=False, kind="notice",
                 publish_date="2022-02-16"),
        doc_item(docx, report, fmt="docx", parent_url=notice, title="湖州市安吉县人民政府2021年政府信息公开工作年度报告",
                 body="湖州市安吉县人民政府", year=2021, metrics=[metric("licensing.decisions", 22795, source_url=docx)]),
        doc_item(xlsx, "信息内容\t本年处理决定数量\n行政许可\t22795", fmt="xlsx", parent_url=notice, is_report=False,
                 kind="other"),
        doc_item(PORTAL + "zcjd/1.html", FUZHOU, title="抚州", body="抚州市人民政府", year=2017),
    ]
    run_items(db_url, items)
    run_items(db_url, [doc_item(PORTAL + "zcjd/1.html", FUZHOU, is_report=False, kind="interpretation",
                                fetched_at=T0 + dt.timedelta(days=1))])
    return {"db": db_url, "page": page, "part": part, "notice": notice, "docx": docx, "xlsx": xlsx,
            "report_text": report}


def test_export_follows_the_contract(world, tmp_path):
    out = tmp_path / "export"
    counts = export(world["db"], str(out))
    assert counts["reports"] == 2 and counts["metrics"] == 4 and counts["flags"] >= 1
    assert sorted(os.listdir(out)) == sorted(["reports.jsonl", "metrics.jsonl", "flags.jsonl", "reports.csv",
                                              "metrics.csv", "flags.csv", "bodies.csv", "panel.csv", "keys.csv",
                                              "series.csv"])  # no temp files left behind

    reports = read_jsonl(out / "reports.jsonl")
    assert [r["report_id"] for r in reports] == sorted(r["report_id"] for r in reports)
    for r in reports:
        assert list(r) == list(REPORT_FIELDS)
        for k, t in REPORT_TYPES.items():
            assert isinstance(r[k], t), (k, r[k])
        assert r["text_sha256"] == hashlib.sha256(r["text"].encode("utf-8")).hexdigest()
        assert all(ISO_Z.match(r[k]) for k in ("first_seen", "last_seen", "last_changed"))
        assert r["url"] in r["urls"] and r["urls"] == sorted(r["urls"])
        assert r["status"] == "live" and r["version"] == 1
    by_url = {r["url"]: r for r in reports}

    html = by_url[world["page"]]
    assert html["format"] == "multipage" and html["text"] == ANKANG and html["portal"] == PORTAL
    assert html["urls"] == sorted([world["page"], world["part"], PORTAL + "up/1.pdf", PORTAL2 + "repost/1.html"])
    assert (html["year"], html["region"], html["publish_date"]) == (2017, "安康市", "2018-03-28")
    assert html["first_seen"] == "2024-03-01T08:00:00Z" and html["last_seen"] == "2024-03-01T09:00:00Z"

    att = by_url[world["docx"]]
    assert att["format"] == "docx" and att["text"] == world["report_text"]
    assert att["urls"] == sorted([world["docx"], world["notice"], world["xlsx"]])  # notice page included
    assert att["publish_date"] == "2022-02-16"  # from the announcing page

    metrics = read_jsonl(out / "metrics.jsonl")
    assert [(m["report_id"], m["key"]) for m in metrics] == sorted((m["report_id"], m["key"]) for m in metrics)
    assert len({(m["report_id"], m["key"]) for m in metrics}) == len(metrics)  # one line per key
    for m in metrics:
        assert list(m) == list(METRIC_FIELDS)
        for k, t in METRIC_TYPES.items():
            assert isinstance(m[k], t), (k, m[k])
    got = {(m["report_id"], m["key"]): m["value"] for m in metrics}
    assert got[(html["report_id"], "apply.received")] == 76  # the first value, not the second
    assert got[(html["report_id"], "fees.amount")] == 0.5  # from the PDF twin, in 万元
    assert got[(att["report_id"], "licensing.decisions")] == 22795
    assert isinstance(got[(att["report_id"], "licensing.decisions")], int)

    flags = read_jsonl(out / "flags.jsonl")
    assert {"report_id": html["report_id"], "rule": "apply.sum", "message": "申请数之和不等于总计",
            "numbers": [76, 70]} in flags
    assert all(list(f) == list(FLAG_FIELDS) for f in flags) and len(flags) == counts["flags"]

    with open(out / "reports.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["report_id"] for r in rows] == [r["report_id"] for r in reports]
    assert tuple(rows[0]) == REPORT_FIELDS
    assert json.loads(rows[0]["urls"]) == reports[0]["urls"] and rows[0]["text"] == reports[0]["text"]
    with open(out / "metrics.csv", encoding="utf-8", newline="") as f:
        mrows = list(csv.DictReader(f))
    assert len(mrows) == len(metrics) and mrows[0]["approximate"] in ("true", "false")


def test_export_is_stable_and_only_writes_what_is_asked(world, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    export(world["db"], str(a), formats=("jsonl",))
    export(world["db"], str(b), formats=("jsonl",))
    assert sorted(os.listdir(a)) == ["flags.jsonl", "metrics.jsonl", "reports.jsonl"]
    for name in os.listdir(a):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    with pytest.raises(ValueError):
        export(world["db"], str(tmp_path / "c"), formats=("parquet-ish",))


def test_a_failed_write_leaves_the_previous_file(sqlite_url, tmp_path):
    run_items(sqlite_url, [doc_item(PORTAL + "a.html", ANKANG, body="安康市人民政府", year=2017)])
    out = tmp_path / "out"
    export(sqlite_url, str(out), formats=("jsonl",))
    before = (out / "reports.jsonl").read_bytes()

    def rows_then_crash():  # e.g. the database connection drops half-way
        yield {"report_id": "r1", "text": "半" * 10000}
        raise ConnectionError("server closed the connection")

    with pytest.raises(ConnectionError):
        write_jsonl(str(out / "reports.jsonl"), rows_then_crash())
    assert (out / "reports.jsonl").read_bytes() == before
    assert sorted(os.listdir(out)) == ["flags.jsonl", "metrics.jsonl", "reports.jsonl"]


def test_export_of_an_empty_database(sqlite_url, tmp_path):
    from core.db import upgrade

    upgrade(sqlite_url)  # migrated, nothing crawled (a missing database is an error: tests/test_cli_errors.py)
    counts = export(sqlite_url, str(tmp_path / "e"))
    assert counts["reports"] == 0
    assert (tmp_path / "e" / "reports.jsonl").read_text(encoding="utf-8") == ""
