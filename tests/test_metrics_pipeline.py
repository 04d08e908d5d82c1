"""merge_metrics over the documents of one report, and the Scrapy item pipeline."""
from core.items import DocumentItem, FetchItem
from pipelines.metrics import MetricsPipeline, extract_metrics, merge_metrics

REPORT_TEXT = ("安吉县2012年政府信息公开工作年度报告\n三、依申请公开政府信息情况\n"
               "全年共受理政府信息公开申请76件，其中当面申请23件，网络申请38件，信函申请12件，传真申请3件。\n"
               "四、政府信息公开的收费及减免情况\n本年度未收取任何政府信息公开费用。\n")
SHEET_TEXT = ("统计指标\t单位\t统计数\t历年累计\n（一）收到申请数\t件\t77\t608\n1.当面申请数\t件\t23\t115\n"
              "2.传真申请数\t件\t3\t15\n3.网络申请数\t件\t38\t266\n4.信函申请数\t件\t12\t96\n")


def test_merge_table_beats_narrative_and_flags_the_disagreement():
    report = extract_metrics(REPORT_TEXT, [], year=2012, source_url="http://x/report.docx")
    sheet = extract_metrics(SHEET_TEXT, [], year=2012, source_url="http://x/sheet.xlsx")
    metrics, flags = merge_metrics([report, sheet])
    by_key = {m["key"]: m for m in metrics}
    assert len(by_key) == len(metrics)
    assert by_key["requests.received"]["value"] == 77                  # the table's
    assert by_key["requests.received"]["source_url"] == "http://x/sheet.xlsx"
    assert by_key["requests.received.in_person"]["method"] == "table"
    assert by_key["fees.collected"]["value"] == 0 and by_key["fees.collected"]["method"] == "narrative"
    mism = [f for f in flags if f["rule"] == "table_narrative_mismatch"]
    assert len(mism) == 1 and mism[0]["numbers"] == {"kept": 77, "other": 76}
    # consistency is checked on the merged figures: 23+3+38+12 = 76 != 77
    assert [f["rule"] for f in flags if f["rule"] == "requests_received_channels"] == ["requests_received_channels"]


def test_merge_primary_document_first_for_the_same_method():
    a = ([{"key": "proactive.total", "value": 100, "unit": "条", "approximate": False, "evidence": "a",
           "method": "table", "source_url": "A"}], [])
    b = ([{"key": "proactive.total", "value": 101, "unit": "条", "approximate": False, "evidence": "b",
           "method": "table", "source_url": "B"},
          {"key": "proactive.website", "value": 90, "unit": "条", "approximate": False, "evidence": "b",
           "method": "table", "source_url": "B"}], [{"rule": "narrative_conflict", "message": "m", "numbers": {}}])
    metrics, flags = merge_metrics([a, b])
    assert [(m["key"], m["value"], m["source_url"]) for m in metrics] == [
        ("proactive.total", 100, "A"), ("proactive.website", 90, "B")]
    assert {f["rule"] for f in flags} == {"document_mismatch", "narrative_conflict"}
    assert merge_metrics([]) == ([], [])


def test_merge_same_values_no_flag():
    one = extract_metrics(SHEET_TEXT, [], year=2012, source_url="A")
    metrics, flags = merge_metrics([one, one])
    assert len(metrics) == len(one[0])
    assert flags == one[1]


def document(**kw):
    item = DocumentItem(url="http://127.0.0.1/a.html", final_url="http://127.0.0.1/b.html",
                        text=REPORT_TEXT, tables=[], decision={"is_report": True, "kind": "report", "reason": "t"},
                        meta={"title": "t", "year": 2012, "script": "simplified"})
    for k, v in kw.items():
        item[k] = v
    return item


def test_pipeline_fills_metrics_and_flags():
    item = MetricsPipeline().process_item(document(), spider=None)
    keys = {m["key"] for m in item["metrics"]}
    assert "requests.received" in keys and "fees.collected" in keys
    assert all(m["source_url"] == "http://127.0.0.1/b.html" for m in item["metrics"])
    assert item["flags"] == []


def test_pipeline_reads_statistics_attachments_and_skips_other_documents():
    item = MetricsPipeline().process_item(
        document(text=SHEET_TEXT, decision={"is_report": False, "kind": "statistics", "reason": "xlsx"}), None)
    assert {m["key"] for m in item["metrics"]} >= {"requests.received", "requests.received.fax"}
    news = MetricsPipeline().process_item(
        document(decision={"is_report": False, "kind": "news", "reason": "n"}), None)
    assert "metrics" not in news
    fetch = FetchItem(url="http://127.0.0.1/robots.txt", status=200)
    assert MetricsPipeline().process_item(fetch, None) is fetch


def test_pipeline_never_raises_on_bad_input():
    item = MetricsPipeline().process_item(document(text=b"\xff\xfe not text", tables="garbage"), None)
    assert item["metrics"] == []
    assert item["flags"][0]["rule"] == "extractor_error"
    assert item["flags"][0]["message"]
    # missing meta / text / tables are simply no figures
    bare = DocumentItem(url="http://x/", decision={"is_report": True, "kind": "report"})
    out = MetricsPipeline().process_item(bare, None)
    assert out["metrics"] == [] and out["flags"] == []
