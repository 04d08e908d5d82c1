"""OCR: scanned (image-only) PDFs and statistics tables shown as pictures, read with
Tesseract into text and table rows; figures marked method "ocr", totals that do not add
up flagged; a PDF with a text layer never OCR'd.  The pictures are rendered here from
the metrics fixtures' tables (tests/ocr_render.py) in a CJK font from fc-list."""
from __future__ import annotations

import copy
import re
import time

import pytest
from ocr_render import cjk_font_path, image_pdf, png_bytes, render_page
from test_metrics_tables import EXPECTED, FIX, html_tables

from pipelines.clean.pipeline import CleanPipeline
from pipelines.metrics import MetricsPipeline
from pipelines.read import read_document
from pipelines.read.document import ocr_options, read_images
from pipelines.read.pipeline import ReadPipeline
from pipelines.read.scanned import text_layer_problem

pytestmark = pytest.mark.skipif(cjk_font_path() is None, reason="no CJK font (apt-get install fonts-wqy-microhei)")

OCR = ocr_options(timeout=120)
NUMBER = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")


def numbers(tables) -> list[str]:
    return sorted(c["text"].replace(",", "") for t in tables for r in t for c in r if NUMBER.match(c["text"].strip()))


def recall(want: list[str], got: list[str]) -> float:
    pool = list(got)
    hit = 0
    for w in want:
        if w in pool:
            pool.remove(w)
            hit += 1
    return hit / max(len(want), 1)


def _2008():
    return html_tables(FIX / "t2008_cumulative.html")


def _metrics(item, year):
    item["decision"] = {"is_report": True, "kind": "report", "reason": "test"}
    item["meta"] = {"year": year}
    return MetricsPipeline().process_item(item)


@pytest.fixture(scope="module")
def scanned():
    tables = _2008()
    pages = [render_page("某县2012年政府信息公开工作年度报告", ["根据《条例》规定，现公布本县2012年政府信息公开工作情况。"], tables)]
    pdf = image_pdf(pages)
    t0 = time.monotonic()
    res = read_document("pdf", pdf, ocr=OCR)
    return tables, res, time.monotonic() - t0


def test_scanned_pdf_numbers_and_figures(scanned):
    tables, res, secs = scanned
    assert res.error is None and res.ocr and res.ocr["source"] == "pdf" and res.ocr["pages"] == 1
    assert any("text by OCR (no text layer)" in n for n in res.notes)
    # every figure of the table back, as a number in a table cell (clean render)
    assert recall(numbers(tables), numbers(res.tables)) >= 0.95
    assert "政府信息公开" in res.text
    item = _metrics({"url": "http://x.gov.cn/a.pdf", "text": res.text, "tables": res.tables,
                     "ocr": dict(res.ocr, lines=None)}, 2012)
    got = {m["key"]: m["value"] for m in item["metrics"]}
    assert {m["method"] for m in item["metrics"]} == {"ocr"}
    want = EXPECTED["t2008_cumulative.html"]["metrics"]
    right = [k for k, v in want.items() if got.get(k) == v]
    wrong = [k for k in got if k in want and got[k] != want[k]]
    assert wrong == []                            # nothing invented or misread
    assert len(right) >= 0.7 * len(want), sorted(set(want) - set(right))


def test_a_wrong_total_read_by_ocr_is_flagged():
    tables = copy.deepcopy(_2008())
    for row in tables[0]:
        if row[0]["text"].startswith("（一）收到申请数"):
            row[2]["text"] = "57"                 # the channels add up to 76
    res = read_document("pdf", image_pdf([render_page("某县2012年政府信息公开工作年度报告", [], tables)]), ocr=OCR)
    item = _metrics({"url": "http://x.gov.cn/b.pdf", "text": res.text, "tables": res.tables,
                     "ocr": dict(res.ocr, lines=None)}, 2012)
    got = {m["key"]: m for m in item["metrics"]}
    assert got["requests.received"]["value"] == 57 and got["requests.received"]["method"] == "ocr"
    assert "requests_received_channels" in {f["rule"] for f in item["flags"]}


def test_merged_cells_come_back_as_spans():
    rows = [[{"text": "项目", "rowspan": 2, "colspan": 1}, {"text": "申请人情况", "rowspan": 1, "colspan": 3}],
            [{"text": "自然人", "rowspan": 1, "colspan": 1}, {"text": "法人", "rowspan": 1, "colspan": 1},
             {"text": "总计", "rowspan": 1, "colspan": 1}],
            [{"text": "本年新收申请数量", "rowspan": 1, "colspan": 1}, {"text": "12", "rowspan": 1, "colspan": 1},
             {"text": "3", "rowspan": 1, "colspan": 1}, {"text": "15", "rowspan": 1, "colspan": 1}]]
    out = read_images([png_bytes(render_page("表", [], [rows]))], ocr=OCR)[0]
    got = [b[1] for b in out["blocks"] if b[1] is not None][0]
    assert [[(c["rowspan"], c["colspan"]) for c in r] for r in got] == [[(2, 1), (1, 3)], [(1, 1)] * 3, [(1, 1)] * 4]
    assert [c["text"] for c in got[2]] == ["本年新收申请数量", "12", "3", "15"]


def test_text_layer_judged_before_any_ocr():
    assert text_layer_problem("", 3) == "no text layer"
    assert text_layer_problem("第1页", 2, image_pages=2).startswith("text layer of")
    assert text_layer_problem("第1页", 2) is None                          # sparse, but real pages
    assert text_layer_problem("page-1-end " * 40, 40) is None
    assert text_layer_problem("page-1-end " * 40, 40, image_pages=40).startswith("text layer of")
    assert text_layer_problem("Page one of the scanned report. " * 40, 4, image_pages=4).startswith("scanned pages")
    assert text_layer_problem("(cid:12)(cid:40)(cid:7)" * 40, 1).startswith("garbage")
    assert text_layer_problem("Õþ¸®ÐÅÏ¢¹«¿ª" * 30, 1).startswith("garbage")
    assert text_layer_problem("本机关2020年主动公开政府信息1234条，受理申请56件。" * 5, 1) is None


def test_a_pdf_with_text_is_never_ocrd():
    from nianbao.demo.world.files import make_pdf   # the project's own PDF writer
    pdf = make_pdf("某县2020年政府信息公开工作年度报告", [("p", "本年度主动公开政府信息1234条，受理申请56件，均按期答复。" * 3)])
    t0 = time.monotonic()
    res = read_document("pdf", pdf, ocr=OCR)
    assert res.ocr is None and "1234" in res.text and time.monotonic() - t0 < 20


def test_ocr_is_bounded_in_time():
    pdf = image_pdf([render_page("报告", ["第一页"], _2008())] * 3)
    t0 = time.monotonic()
    res = read_document("pdf", pdf, ocr=ocr_options(timeout=1))
    assert time.monotonic() - t0 < 30
    # the time out recorded, no crash: nothing read in the time, or (a fast machine) the
    # first page read and the others not started
    if res.ocr is None:
        assert any("OCR gave" in n for n in res.notes)
    else:
        assert res.ocr["pages"] < 3 and any("time limit" in n for n in res.notes)
    off = read_document("pdf", pdf, ocr=None)
    assert off.ocr is None and any("OCR is off" in n for n in off.notes)


def test_page_cap_for_scanned_pdfs():
    page = render_page("报告", ["本年度主动公开政府信息1234条。"], [])
    res = read_document("pdf", image_pdf([page] * 3), ocr=ocr_options(max_pages=2, timeout=120))
    assert res.ocr["pages"] == 2 and any("OCR'd the first 2" in n for n in res.notes)


def _page_item(html: str, images: dict) -> dict:
    return {"url": "http://xxgk.demo.gov.cn/art/2021/3/1/art_1_2.html", "fmt": "html", "status": 200,
            "body": html.encode("utf-8"), "headers": {"content-type": "text/html; charset=utf-8"},
            "candidate_reason": "test",
            "parts": [{"url": u, "final_url": u, "status": 200, "headers": {}, "body": b, "role": "image"}
                      for u, b in images.items()]}


def test_table_picture_on_a_report_page_becomes_rows_in_place():
    tables = _2008()
    img = png_bytes(render_page("某县2012年政府信息公开情况统计表", [], tables))
    photo = png_bytes(render_page("", [], []))     # a blank picture: nothing to read
    html = ("<html><head><title>某县2012年政府信息公开工作年度报告</title></head><body><div class='article'>"
            "<h1>某县2012年政府信息公开工作年度报告</h1><p>一、概述。2012年，本县收到政府信息公开申请76件。</p>"
            "<p>二、统计情况</p><p><img src='/u/tj.png' alt='统计表'></p><p><img src='/u/photo.png'></p>"
            "<p>三、存在的不足及改进措施。</p></div></body></html>")
    item = _page_item(html, {"http://xxgk.demo.gov.cn/u/tj.png": img, "http://xxgk.demo.gov.cn/u/photo.png": photo})
    item = ReadPipeline(ocr=OCR).process_item(item)
    assert item["ocr"]["source"] == "images" and item["ocr"]["images"] == 1
    assert "data-nianbao-ocr" in item["html"] and "/u/tj.png" not in item["html"]
    item = CleanPipeline().process_item(item)
    text = item["text"]
    # the rows stand where the picture stood: after 二、统计情况, before 三、
    assert text.index("二、统计情况") < text.index("当面申请数") < text.index("三、存在的不足")
    assert recall(numbers(tables), numbers(item["tables"])) >= 0.95
    item = _metrics(item, 2012)
    by = {m["key"]: m for m in item["metrics"]}
    assert by["requests.received.in_person"]["method"] == "ocr" and by["requests.received.in_person"]["value"] == 23
    assert all(m["method"] == "ocr" for m in item["metrics"] if "\t" in m["evidence"])


def test_without_ocr_the_page_is_read_as_before():
    html = "<html><body><p>报告</p><img src='/u/tj.png' alt='统计表'></body></html>"
    item = _page_item(html, {"http://xxgk.demo.gov.cn/u/tj.png": png_bytes(render_page("表", [], _2008()))})
    item = ReadPipeline(ocr={}).process_item(item)
    assert "ocr" not in item and "/u/tj.png" in item["html"] and any("OCR is off" in n for n in item["read_notes"])
    assert len(item["html_parts"]) == 1          # a picture is never a page of the article


@pytest.mark.parametrize("skew", [0.7, -1.4])
def test_a_tilted_scan_is_straightened_first(skew):
    tables = _2008()
    img = render_page("某县2012年政府信息公开工作年度报告", ["根据《条例》规定，现公布如下。"], tables, skew=skew)
    out = read_images([png_bytes(img)], ocr=OCR)[0]
    got = [rows for _, rows in out["blocks"] if rows is not None]
    assert len(got) == 1 and recall(numbers(tables), numbers(got)) >= 0.95


def test_a_table_broken_at_the_page_end_is_one_table():
    tables = _2008()[0]
    page1 = render_page("某县2012年政府信息公开工作年度报告", ["根据《条例》规定，现公布如下。"], [tables[:14]])
    page2 = render_page("", [], [tables[14:]])
    res = read_document("pdf", image_pdf([page1, page2]), ocr=OCR)
    assert res.ocr["pages"] == 2 and len(res.tables) == 1
    assert len(res.tables[0]) == len(tables)
    assert recall(numbers([tables]), numbers(res.tables)) >= 0.95


def test_the_2019_standard_tables_from_a_picture():
    """Five ruled tables one above the other, merged header cells, nine figure columns:
    every number back in its cell, no figure misread (precision), most keys found."""
    tables = html_tables(FIX / "t2021.html")
    out = read_images([png_bytes(render_page("某县2021年政府信息公开工作年度报告", [], tables))], ocr=OCR)[0]
    got_tables = [rows for _, rows in out["blocks"] if rows is not None]
    assert len(got_tables) == len(tables)
    assert recall(numbers(tables), numbers(got_tables)) >= 0.95
    text = "\n".join("\t".join(c["text"] for c in r) for t in got_tables for r in t)
    item = _metrics({"url": "http://x.gov.cn/c.png", "text": text, "tables": got_tables,
                     "ocr": {"source": "images", "lines": None}}, 2021)
    got = {m["key"]: m["value"] for m in item["metrics"]}
    want = EXPECTED["t2021.html"]["metrics"]
    assert [k for k in got if k in want and got[k] != want[k]] == [] and set(got) <= set(want)
    assert sum(1 for k, v in want.items() if got.get(k) == v) >= 0.8 * len(want)
