"""Legacy and Chinese formats: OLE Word .doc / .wps (LibreOffice, then antiword, catdoc), BIFF .xls / .et
(xlrd), OFD (GB/T 33190), told apart by magic bytes, stream names, extension and
Content-Type; read into text and tables, and what no reader can read recorded as
unsupported with its format.  The fixtures are written by
tests/fixtures/read/make_legacy.py (no office suite) and xlwt; the merged-cell .doc is
made here from a python-docx table by LibreOffice (soffice), which the reader needs."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import openpyxl
import pytest
import xlwt
from scrapy.utils.test import get_crawler

from core.formats import detect_format
from crawler.defaults import nianbao_defaults
from pipelines.metrics import extract_metrics
from pipelines.read import read_document
from pipelines.read.layout import Word, lay_out
from pipelines.read.pipeline import ReadPipeline
from pipelines.read.soffice import to_docx
from pipelines.read.word97 import parse_word97

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "read"))
import make_legacy  # noqa: E402  (the fixture writer lives beside its fixtures)

TABLE_2008 = [["统计指标", "单位", "统计数"], ["一、主动公开情况", "——", ""],
              ["（一）主动公开政府信息数", "条", "1,350"], ["（一）收到申请数", "件", "52"],
              ["1．当面申请数", "件", "30"], ["2．网络申请数", "件", "22"]]


def _doc() -> bytes:
    return make_legacy.word97(["某区2017年政府信息公开工作年度报告", "一、概述", "本年度主动公开政府信息1350条。",
                               TABLE_2008, "二、存在的问题和改进措施"])


def test_word97_text_and_table_in_order():
    body = _doc()
    assert detect_format(body, None, "http://x.gov.cn/u/a.doc") == "doc"
    assert detect_format(body, "application/octet-stream", "http://x.gov.cn/download?id=7") == "doc"
    res = read_document("doc", body)
    assert res.error is None, res.error
    lines = res.text.split("\n")
    assert lines[0] == "某区2017年政府信息公开工作年度报告"
    assert lines.index("本年度主动公开政府信息1350条。") < lines.index("统计指标\t单位\t统计数") \
        < lines.index("二、存在的问题和改进措施")
    assert [[c["text"] for c in r] for r in res.tables[0]] == TABLE_2008
    metrics, _ = extract_metrics(res.text, res.tables, year=2017, source_url="u")
    got = {m["key"]: m["value"] for m in metrics}
    assert got["proactive.total"] == 1350 and got["requests.received"] == 52


def test_wps_is_word97_by_another_name():
    body = _doc()
    assert detect_format(body, None, "http://x.gov.cn/u/a.wps") == "wps"
    assert detect_format(body, "application/kswps", "http://x.gov.cn/f?id=1") == "wps"
    res = read_document("wps", body)
    assert res.error is None and "1350" in res.text and res.tables


def _xls() -> bytes:
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("统计表")
    ws.write_merge(0, 0, 0, 2, "某区2017年政府信息公开情况统计表")
    for r, row in enumerate(TABLE_2008, start=1):
        for c, v in enumerate(row):
            ws.write(r, c, int(v.replace(",", "")) if v.replace(",", "").isdigit() else v)
    ws.write(7, 0, "报送日期")
    ws.write(7, 1, 1.5)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xls_and_et_read_by_xlrd():
    body = _xls()
    assert detect_format(body, None, "http://x.gov.cn/u/t.xls") == "xls"
    assert detect_format(body, None, "http://x.gov.cn/u/t.et") == "et"
    assert detect_format(body, "application/vnd.ms-excel", "http://x.gov.cn/f?id=2") == "xls"
    for fmt in ("xls", "et"):
        res = read_document(fmt, body)
        assert res.error is None, res.error
        assert res.tables[0][0] == [{"text": "某区2017年政府信息公开情况统计表", "rowspan": 1, "colspan": 3}]
        assert [c["text"] for c in res.tables[0][3]] == ["（一）主动公开政府信息数", "条", "1350"]  # as typed
        assert [c["text"] for c in res.tables[0][4]] == ["（一）收到申请数", "件", "52"]    # 52, not 52.0
        assert "报送日期\t1.5" in res.text


def test_et_that_is_ooxml_is_read_as_xlsx():
    wb = openpyxl.Workbook()
    wb.active.append(["主动公开政府信息数", 1350])
    buf = io.BytesIO()
    wb.save(buf)
    assert detect_format(buf.getvalue(), None, "http://x.gov.cn/u/t.et") == "xlsx"


def _ofd() -> bytes:
    page = [(20, 30, "某区2017年政府信息公开工作年度报告"), (20, 45, "一、概述"),
            (20, 53, "本年度主动公开政府信息1350条。")]
    y = 65
    for row in TABLE_2008:
        for i, cell in enumerate(row):
            if cell:
                page.append((20 + 70 * i, y, cell))
        y += 8
    # TextObjects of one line written out of order: reading order comes from positions
    page.append((20, y + 10, "二、存在的问题和改进措施"))
    return make_legacy.ofd([list(reversed(page))])


def test_ofd_text_in_reading_order_and_table_from_positions():
    body = _ofd()
    assert detect_format(body, None, "http://x.gov.cn/u/a.ofd") == "ofd"
    assert detect_format(body, None, "http://x.gov.cn/download?id=3") == "ofd"       # zip with OFD.xml
    assert detect_format(body, "application/ofd", "http://x.gov.cn/f") == "ofd"
    res = read_document("ofd", body)
    assert res.error is None, res.error
    lines = res.text.split("\n")
    assert lines[:3] == ["某区2017年政府信息公开工作年度报告", "一、概述", "本年度主动公开政府信息1350条。"]
    assert lines[-1] == "二、存在的问题和改进措施"
    rows = [[c["text"] for c in r] for r in res.tables[0]]
    assert rows[0] == ["统计指标", "单位", "统计数"] and rows[2] == ["（一）主动公开政府信息数", "条", "1,350"]
    assert rows[1] == ["一、主动公开情况", "——", ""]          # the empty cell keeps its column


def test_layout_columns_from_the_fullest_rows():
    h = 4
    words = [Word(0, 0, 30, h, "申请人情况"),                                   # one cell: not a table row
             Word(0, 10, 20, 10 + h, "项目"), Word(40, 10, 60, 10 + h, "自然人"), Word(80, 10, 95, 10 + h, "法人"),
             Word(0, 20, 20, 20 + h, "新收"), Word(40, 20, 45, 20 + h, "3"), Word(80, 20, 85, 20 + h, "4"),
             Word(0, 30, 20, 30 + h, "结转"), Word(80, 30, 85, 30 + h, "1")]
    blocks = lay_out(words)
    assert blocks[0][1] == "申请人情况"
    rows = blocks[1][2]
    assert [[c["text"] for c in r] for r in rows] == [["项目", "自然人", "法人"], ["新收", "3", "4"], ["结转", "", "1"]]


def test_unreadable_legacy_files_are_unsupported_with_their_format():
    crawler = get_crawler(settings_dict=nianbao_defaults())
    crawler.stats.open_spider()
    pipe = ReadPipeline.from_crawler(crawler)
    items = [{"url": "http://x.gov.cn/u/old.wps", "body": b"WPS 97 document" * 20, "headers": {}, "candidate_reason": "t"},
             {"url": "http://x.gov.cn/u/b.doc", "body": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
              "headers": {}, "candidate_reason": "t"},
             {"url": "http://x.gov.cn/u/a.doc", "body": _doc(), "headers": {}, "candidate_reason": "t"}]
    out = [pipe.process_item(dict(i)) for i in items]
    assert out[0]["fmt"] == "wps" and out[0]["parse_error"] == "unsupported format: wps (not an OLE compound file)"
    assert out[1]["fmt"] == "doc" and out[1]["parse_error"].startswith("unsupported format: doc (antiword: ")
    assert "parse_error" not in out[2] and out[2]["tables"]
    stats = crawler.stats.get_stats()
    assert stats["nianbao/read/unsupported/wps"] == 1 and stats["nianbao/read/unsupported/doc"] == 1
    assert stats["nianbao/read/doc/read"] == 1 and stats["nianbao/read/doc/failed"] == 1


def test_antiword_crash_or_refusal_falls_back_to_catdoc_then_reason():
    """Word 6 era files antiword refuses are tried with catdoc; the reason names both."""
    body = _doc()
    broken = body[:600] + b"\0" * 64 + body[664:]
    res = read_document("doc", broken)
    assert res.error is None or ("antiword" in res.error and "catdoc" in res.error)


def _needs_soffice():
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return
    message = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
    if os.environ.get("CI") == "true":
        pytest.fail(message)        # a CI run never passes by skipping
    pytest.skip(message)


def _merged_doc(tmp: Path) -> bytes:
    """A 2019-style table with a two-row header cell and a three-column header, as .doc:
    python-docx writes the DOCX, LibreOffice the Word 97 binary."""
    d = docx.Document()
    d.add_paragraph("某县2019年政府信息公开工作年度报告")
    t = d.add_table(rows=4, cols=4)
    t.style = "Table Grid"
    t.cell(0, 0).merge(t.cell(1, 0)).text = "信息内容"
    t.cell(0, 1).merge(t.cell(0, 3)).text = "第二十条第（一）项"
    for c, text in enumerate(["本年新制作数量", "本年新公开数量", "对外公开总数量"], start=1):
        t.cell(1, c).text = text
    for r, row in enumerate([["规章", "3", "4", "15"], ["规范性文件", "12", "9", "208"]], start=2):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    d.add_paragraph("二、存在的主要问题及改进情况")   # Word wants a paragraph after a table
    d.save(tmp / "in.docx")
    subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://%s/profile" % tmp, "--convert-to",
                    "doc:MS Word 97", "--outdir", str(tmp), str(tmp / "in.docx")],
                   check=True, capture_output=True, timeout=120)
    return (tmp / "in.doc").read_bytes()


def test_doc_merged_cells_come_back_through_libreoffice(tmp_path):
    _needs_soffice()
    body = _merged_doc(tmp_path)
    for fmt in ("doc", "wps"):
        res = read_document(fmt, body)
        assert res.error is None, res.error
        assert any(n.startswith("read by soffice") for n in res.notes), res.notes
        rows = res.tables[0]
        assert rows[0] == [{"text": "信息内容", "rowspan": 2, "colspan": 1},
                           {"text": "第二十条第（一）项", "rowspan": 1, "colspan": 3}]
        assert [c["text"] for c in rows[1]] == ["本年新制作数量", "本年新公开数量", "对外公开总数量"]
        assert [c["text"] for c in rows[3]] == ["规范性文件", "12", "9", "208"]
        lines = res.text.split("\n")
        assert lines[0] == "某县2019年政府信息公开工作年度报告" and lines[-1] == "二、存在的主要问题及改进情况"


def test_without_soffice_antiword_reads_and_says_so(tmp_path, monkeypatch):
    """No LibreOffice on PATH: antiword reads the same file (no spans) and the note says why."""
    _needs_soffice()
    body = _merged_doc(tmp_path)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("antiword", "catdoc"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    monkeypatch.setenv("PATH", str(bin_dir))
    res = parse_word97(body, {"timeout": 30})      # in-process: the child would keep its own PATH
    assert res.notes == ["read by antiword, merged cells lost (soffice is not installed)"]
    assert "规范性文件\t12\t9\t208" in res.text
    assert all(c["rowspan"] == 1 for row in res.tables[0] for c in row)


def test_soffice_conversions_in_parallel_do_not_collide(tmp_path):
    """Each conversion has its own LibreOffice profile: two at once both succeed."""
    _needs_soffice()
    body = _merged_doc(tmp_path)
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: read_document("doc", body), range(2)))
    for res in results:
        assert res.error is None and res.notes[0].startswith("read by soffice"), (res.error, res.notes)
        assert res.tables[0][0][0]["rowspan"] == 2


def test_garbage_with_a_word_stream_name_is_no_document():
    """LibreOffice opens unknown bytes as plain text unless told the filter: noise that
    names a WordDocument stream must stay an error, not become a report's text."""
    _needs_soffice()
    body = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(range(32, 127)) * 40
    res = read_document("doc", body)
    assert res.error and res.error.startswith("unsupported format: doc (antiword: ") and "soffice: " in res.error
    assert not res.text


def _gone(pid: int) -> bool:
    try:
        with open("/proc/%d/status" % pid) as f:
            return "\nState:\tZ" in f.read()       # a zombie is dead, only not yet reaped
    except FileNotFoundError:
        return True


def test_soffice_over_time_is_killed_with_its_children(tmp_path, monkeypatch):
    """soffice is a launcher that starts soffice.bin: on timeout the whole process group
    dies, not only the launcher.  A real slow 'soffice' (a shell script that starts a
    child and waits) stands in for a conversion that hangs."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text("#!/bin/sh\nsleep 60 &\necho $! > \"$HOME/child.pid\"\nsleep 60\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", "%s:/usr/bin:/bin" % bin_dir)
    work = tmp_path / "work"
    work.mkdir()
    doc = work / "in.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    began = time.monotonic()
    out, why = to_docx(str(doc), str(work), time.monotonic() + 2.5)
    assert out is None and why.startswith("soffice took more than"), why
    assert time.monotonic() - began < 10
    child = int((work / "child.pid").read_text())
    for _ in range(50):
        if _gone(child):
            break
        time.sleep(0.1)
    assert _gone(child), "the launcher's child outlived the timeout"
