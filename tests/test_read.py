"""pipelines.read: format detection, decoding by bytes, bounded document parsing,
and the ReadPipeline.  Every document is built here (reportlab, python-docx,
openpyxl, zipfile); nothing is read from outside tests/."""
import io
import time
import zipfile

import pytest

from core.items import DocumentItem, FetchItem
from core.formats import decode_html, detect_format
from pipelines.read import BoundedError, ReadResult, check_zip, read_document, run_bounded
from pipelines.read.pipeline import ReadPipeline

REPORT_PARAGRAPH = "本报告根据《中华人民共和国政府信息公开条例》要求编制，统计期限自2019年1月1日起至2019年12月31日止。"


# ---------------------------------------------------------------------------
# builders

def make_pdf(pages=1, table=True) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK")
    story = []
    for n in range(pages):
        story.append(Paragraph("第%d页 一、总体情况" % (n + 1), style))
        story.append(Paragraph(REPORT_PARAGRAPH, style))
        if table and n == 0:
            t = Table([["信息内容", "本年新制作数量", "本年新公开数量"],
                       ["规章", "0", "3"],
                       ["规范性文件", "5", "41"]])
            t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                                   ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story.append(t)
            story.append(Paragraph("二、主动公开政府信息情况", style))
        if n < pages - 1:
            story.append(PageBreak())
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def make_docx() -> bytes:
    import docx
    d = docx.Document()
    d.add_paragraph("一、总体情况")
    d.add_paragraph(REPORT_PARAGRAPH)
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "第二十条第（一）项"
    t.cell(1, 0).text, t.cell(1, 1).text, t.cell(1, 2).text = "规范性文件", "5", "41"
    t.cell(1, 0).merge(t.cell(2, 0))        # vertical merge: 规范性文件 spans two rows
    t.cell(2, 1).text, t.cell(2, 2).text = "1", ""
    d.add_paragraph("二、主动公开政府信息情况")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_xlsx() -> bytes:
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "统计表"
    ws.append(["统计指标", "单位", "统计数", "历年累计"])
    ws.append(["（一）主动公开政府信息数", "条", 3599.0, 14396])
    ws.append(["政府信息公开专项经费", "万元", 0.1 * 48, None])   # 4.800000000000001 in binary
    ws.append(["一、主动公开情况", None, None, None])
    ws.append(["申请人情况", None, None, "合计"])
    ws.merge_cells("A5:C5")
    ws2 = wb.create_sheet("第二页")
    ws2.append(["行政复议", 2])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def make_zip_bomb_docx(inflated=64 * 1024 * 1024) -> bytes:
    """A DOCX-shaped zip whose document.xml inflates to `inflated` bytes of
    zeros; written by streaming so the test never holds it in memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org'
                   '/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application'
                   '/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(inflated // len(chunk)):
                f.write(chunk)
    return buf.getvalue()


def make_entity_docx() -> bytes:
    """A DOCX whose document.xml declares entities (billion laughs)."""
    good = make_docx()
    src = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1)
            z.writestr(info, data)
    return out.getvalue()


# ---------------------------------------------------------------------------
# detect_format

def test_detect_format_magic_bytes_beat_headers_and_url():
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"
    assert detect_format(pdf, "text/html; charset=utf-8", "http://x.gov.cn/a.html") == "pdf"
    assert detect_format(make_docx(), "application/octet-stream", "http://x.gov.cn/down.jsp?id=1") == "docx"
    assert detect_format(make_xlsx(), "text/html", "http://x.gov.cn/a.doc") == "xlsx"


def test_detect_format_ole2_by_extension_then_stream_names():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500
    assert detect_format(ole, None, "http://x.gov.cn/a/report.wps") == "wps"
    assert detect_format(ole, None, "http://x.gov.cn/a/report.et") == "et"
    assert detect_format(ole + "WordDocument".encode("utf-16-le"), None, "http://x.gov.cn/f?id=9") == "doc"
    assert detect_format(ole + "Workbook".encode("utf-16-le"), None, "http://x.gov.cn/f?id=9") == "xls"


def test_detect_format_binary_served_as_html_is_not_html():
    junk = bytes(range(256)) * 20
    assert detect_format(junk, "text/html", "http://x.gov.cn/a.html") == "other"
    assert detect_format(junk, "text/html", "http://x.gov.cn/a.pdf") == "other"


def test_detect_format_headers_then_url():
    html = "<!DOCTYPE html><html><body>年报</body></html>".encode("utf-8")
    assert detect_format(html, None, "http://x.gov.cn/") == "html"
    assert detect_format(b"", "application/pdf", "http://x.gov.cn/x") == "pdf"
    assert detect_format(b"", None, "http://x.gov.cn/module/download/downfile.jsp?filename=a.docx") == "docx"
    assert detect_format(b"just text", None, "http://x.gov.cn/a.bin") == "other"


# ---------------------------------------------------------------------------
# decode_html

GB_TEXT = "湖州市安吉县人民政府2019年政府信息公开工作年度报告：镕堃喆"   # 镕堃喆 are GBK, not GB2312


def test_decode_gbk_declared_as_gb2312_uses_gb18030():
    body = ('<html><head><meta charset="gb2312"></head><body>%s</body></html>' % GB_TEXT).encode("gbk")
    text, enc = decode_html(body, "text/html")
    assert GB_TEXT in text and enc == "gb18030"


def test_decode_gbk_undeclared():
    body = ("<html><body><p>%s</p></body></html>" % GB_TEXT).encode("gbk")
    text, enc = decode_html(body, None)
    assert GB_TEXT in text and enc == "gb18030"


def test_decode_gbk_wrongly_declared_utf8_is_not_mojibake():
    body = ('<html><head><meta charset="utf-8"></head><body>%s</body></html>' % GB_TEXT).encode("gbk")
    text, enc = decode_html(body, "text/html; charset=UTF-8")
    assert GB_TEXT in text and "\ufffd" not in text


def test_decode_utf8_declared_gbk_the_bytes_decide():
    body = ('<html><head><meta charset="gbk"></head><body>%s</body></html>' % GB_TEXT).encode("utf-8")
    text, enc = decode_html(body, "text/html; charset=gbk")
    assert enc == "utf-8" and GB_TEXT in text


def test_decode_truncated_utf8_stays_utf8():
    body = ("<html><body>%s</body></html>" % (GB_TEXT * 50)).encode("utf-8")[:-16]  # cut mid-character
    text, enc = decode_html(body, None)
    assert enc == "utf-8" and GB_TEXT in text


# GB18030's four-byte characters (CJK Extension A/B, 䶮 㐀 𠀀) exist in no GB2312 or GBK table:
# a page declared gb2312 that holds them is GB18030, and so is an undeclared one
GB18030_TEXT = "某县2022年政府信息公开工作年度报告：䶮㐀𠀀镕"


@pytest.mark.parametrize("declared, ctype", [('<meta charset="gb2312">', None), ("", "text/html; charset=GB2312"),
                                             ('<meta http-equiv="Content-Type" content="text/html; charset=gbk">', None),
                                             ("", None), ('<meta charset="utf-8">', "text/html; charset=utf-8")])
def test_decode_gb18030_bytes_whatever_the_page_declares(declared, ctype):
    body = ("<html><head>%s</head><body><p>%s</p></body></html>" % (declared, GB18030_TEXT)).encode("gb18030")
    assert b"\x82\x35" in body or b"\x95\x32" in body       # (four-byte sequences are really there)
    text, enc = decode_html(body, ctype)
    assert GB18030_TEXT in text and "\ufffd" not in text and enc == "gb18030"


# ---------------------------------------------------------------------------
# read_document

def test_read_pdf_text_and_table_rows():
    res = read_document("pdf", make_pdf(), max_bytes=10 ** 7, timeout=60)
    assert res.error is None, res.error
    lines = res.text.splitlines()
    assert "一、总体情况" in res.text
    # the wrapped paragraph is one line again
    assert any(REPORT_PARAGRAPH in l for l in lines)
    assert "规范性文件\t5\t41" in lines
    assert lines.index("规范性文件\t5\t41") < next(i for i, l in enumerate(lines) if "二、主动公开" in l)
    assert res.tables[0][1] == [{"text": "规章", "rowspan": 1, "colspan": 1}, {"text": "0", "rowspan": 1, "colspan": 1},
                                {"text": "3", "rowspan": 1, "colspan": 1}]


def test_read_pdf_page_cap_is_recorded():
    res = read_document("pdf", make_pdf(pages=5, table=False), max_pages=2, timeout=60)
    assert res.error is None
    assert "第2页" in res.text and "第3页" not in res.text
    assert any("5 pages" in n for n in res.notes)


def test_read_corrupt_pdf_is_an_error_not_an_exception():
    res = read_document("pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage" * 3, timeout=30)
    assert res.error and res.error.startswith("corrupt pdf")
    assert read_document("pdf", b"not a pdf at all").error.startswith("corrupt pdf")


def test_read_docx_paragraphs_and_tables_in_order():
    res = read_document("docx", make_docx(), timeout=60)
    assert res.error is None, res.error
    lines = res.text.splitlines()
    assert lines[0] == "一、总体情况"
    assert lines[1] == REPORT_PARAGRAPH
    # merged cells as published: one cell for the horizontal merge, none for the
    # rows a vertical merge covers; an empty cell stays empty
    assert lines[2:5] == ["第二十条第（一）项", "规范性文件\t5\t41", "1\t"]
    assert lines[5] == "二、主动公开政府信息情况"
    table = res.tables[0]
    assert table[0] == [{"text": "第二十条第（一）项", "rowspan": 1, "colspan": 3}]
    assert table[1][0] == {"text": "规范性文件", "rowspan": 2, "colspan": 1}
    assert [c["text"] for c in table[2]] == ["1", ""]


def test_read_xlsx_numbers_as_written_and_merges():
    res = read_document("xlsx", make_xlsx(), timeout=60)
    assert res.error is None, res.error
    lines = res.text.splitlines()
    assert "（一）主动公开政府信息数\t条\t3599\t14396" in lines
    assert "政府信息公开专项经费\t万元\t4.8" in lines          # trailing empty cell dropped
    assert "一、主动公开情况" in lines
    assert "申请人情况\t合计" in lines                         # cells under the merge are not cells
    assert "行政复议\t2" in lines                              # every sheet
    assert len(res.tables) == 2
    assert res.tables[0][4][0] == {"text": "申请人情况", "rowspan": 1, "colspan": 3}


def test_unsupported_formats_are_recorded():
    """A bare OLE header is no Word file for antiword or catdoc (unsupported, with their
    reasons) and no workbook for xlrd (corrupt); a format nothing reads says so."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
    for fmt, want in (("doc", "unsupported format: doc (antiword: "), ("wps", "unsupported format: wps (antiword: "),
                      ("xls", "corrupt xls: "), ("et", "corrupt et: "), ("other", "unsupported format: other")):
        res = read_document(fmt, ole)
        assert res.error.startswith(want), res.error
        assert res.text == "" and res.tables == []
    assert read_document("wps", b"WPS 97 text").error == "unsupported format: wps (not an OLE compound file)"


def test_zip_bomb_refused_before_parsing():
    bomb = make_zip_bomb_docx()
    assert len(bomb) < 1024 * 1024
    t = time.monotonic()
    res = read_document("docx", bomb, timeout=60)
    assert res.error.startswith("zip bomb:")
    assert time.monotonic() - t < 5
    assert check_zip(make_docx()) is None


def test_xml_entities_refused():
    res = read_document("docx", make_entity_docx(), timeout=60)
    assert res.error and "entity" in res.error.lower()


def test_too_large_refused():
    res = read_document("pdf", make_pdf(table=False), max_bytes=100)
    assert res.error.startswith("too large")


def test_bounded_call_timeout_kills_the_child():
    t = time.monotonic()
    with pytest.raises(BoundedError, match="timeout"):
        run_bounded(time.sleep, (30,), timeout=1)
    assert time.monotonic() - t < 10


def test_bounded_call_memory_limit():
    with pytest.raises(BoundedError, match="out of memory"):
        run_bounded(bytearray, (3 * 1024 ** 3,), timeout=30, max_memory=256 * 1024 * 1024)


def test_bounded_call_returns_result_and_reports_exceptions():
    assert run_bounded(sorted, ([3, 1, 2],), timeout=30) == [1, 2, 3]
    with pytest.raises(BoundedError, match="ValueError"):
        run_bounded(int, ("x",), timeout=30)


def test_read_timeout_is_recorded():
    res = read_document("pdf", make_pdf(pages=40, table=False), timeout=0.01)
    assert res.error and res.error.startswith("timeout")


# ---------------------------------------------------------------------------
# ReadPipeline

def doc_item(body, url, ctype=None, parts=None):
    it = DocumentItem(portal="http://x.gov.cn/", url=url, final_url=url, status=200,
                      headers={"content-type": ctype} if ctype else {}, body=body, fmt="html")
    if parts is not None:
        it["parts"] = parts
    return it


def test_pipeline_html_with_parts():
    p1 = ("<html><head><meta charset='gb2312'></head><body><p>第一页%s</p></body></html>" % GB_TEXT).encode("gbk")
    p2 = "<html><body><p>第二页内容</p></body></html>".encode("utf-8")
    it = doc_item(p1, "http://x.gov.cn/art/1.html", "text/html",
                  parts=[{"url": "http://x.gov.cn/art/1_1.html", "body": p2, "headers": {}}])
    out = ReadPipeline().process_item(it, None)
    assert out["encoding"] == "gb18030"
    assert out["html"].index("第一页") < out["html"].index("第二页内容")
    assert GB_TEXT in out["html"]
    if "html_parts" in DocumentItem.fields:
        assert len(out["html_parts"]) == 2 and "第二页内容" in out["html_parts"][1]


def test_pipeline_files_and_errors():
    pipe = ReadPipeline(timeout=60)
    it = pipe.process_item(doc_item(make_docx(), "http://x.gov.cn/u/a.docx",
                                    "application/octet-stream"), None)
    assert it["fmt"] == "docx" and REPORT_PARAGRAPH in it["text"] and it["tables"]
    assert "parse_error" not in it
    it = pipe.process_item(doc_item(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
                                    "http://x.gov.cn/u/a.doc", "application/msword"), None)
    assert it["fmt"] == "doc" and it["parse_error"].startswith("unsupported format: doc (antiword")
    it = pipe.process_item(doc_item(make_zip_bomb_docx(), "http://x.gov.cn/u/b.docx"), None)
    assert it["parse_error"].startswith("zip bomb")


def test_pipeline_passes_fetch_items_untouched():
    f = FetchItem(url="http://x.gov.cn/robots.txt", body=b"User-agent: *", status=200)
    out = ReadPipeline().process_item(f, None)
    assert out is f and dict(out) == {"url": "http://x.gov.cn/robots.txt", "body": b"User-agent: *", "status": 200}


def test_pipeline_from_crawler_reads_settings():
    from scrapy.utils.test import get_crawler
    crawler = get_crawler(settings_dict={"NIANBAO_MAX_DOC_BYTES": 1234, "NIANBAO_PARSE_TIMEOUT": 7})
    pipe = ReadPipeline.from_crawler(crawler)
    assert pipe.max_bytes == 1234 and pipe.timeout == 7
    it = pipe.process_item(doc_item(make_pdf(table=False), "http://x.gov.cn/a.pdf"), None)
    assert it["parse_error"].startswith("too large")


def test_read_result_positional():
    r = ReadResult("t", [], None)
    assert (r.text, r.tables, r.error, r.notes) == ("t", [], None, [])


# ---------------------------------------------------------------------------
# PDF tables broken across pages (drawn on a canvas so the break is exactly where
# a Word/WPS export puts it: the part below starts at the top of the next page)

def _draw_table(c, x0, top, widths, rows, row_h=18):
    """Draw a ruled table: rows of (text, colspan); `top` in PDF points from the top."""
    from reportlab.lib.pagesizes import A4
    height = A4[1]
    edges = [x0]
    for w in widths:
        edges.append(edges[-1] + w)
    y = height - top
    c.line(edges[0], y, edges[-1], y)
    for row in rows:
        col = 0
        c.line(edges[0], y - row_h, edges[-1], y - row_h)
        c.line(edges[0], y, edges[0], y - row_h)
        for text, span in row:
            left, right = edges[col], edges[col + span]
            c.line(right, y, right, y - row_h)
            c.drawCentredString((left + right) / 2, y - row_h + 5, text)
            col += span
        y -= row_h
    return height - y       # bottom, from the top


def _pdf_pages(draw_pages) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for n, draw in enumerate(draw_pages, 1):
        c.setFont("STSong-Light", 9)
        draw(c)
        c.drawCentredString(A4[0] / 2, 30, "- %d -" % n)     # the page number in the bottom margin
        c.showPage()
    c.save()
    return buf.getvalue()


def _text(c, top, s):
    from reportlab.lib.pagesizes import A4
    c.drawString(60, A4[1] - top, s)


_W4 = [150, 100, 100, 100]
_S2_HEAD = [("信息内容", 1), ("上一年项目数量", 1), ("本年增/减", 1), ("处理决定数量", 1)]


def test_read_pdf_joins_a_table_continued_on_the_next_page():
    def p1(c):
        _text(c, 60, "二、主动公开政府信息情况")
        _draw_table(c, 60, 700, _W4, [_S2_HEAD, [("行政许可", 1), ("248", 1), ("-4", 1), ("4920", 1)],
                                     [("行政处罚", 1), ("187", 1), ("3", 1), ("3110", 1)]])

    def p2(c):
        bottom = _draw_table(c, 60, 60, _W4, [[("行政强制", 1), ("118", 1), ("6", 1), ("5310", 1)]])
        _text(c, bottom + 30, "三、收到和处理政府信息公开申请情况")

    res = read_document("pdf", _pdf_pages([p1, p2]), timeout=60)
    assert res.error is None, res.error
    assert len(res.tables) == 1
    assert [r[0]["text"] for r in res.tables[0]] == ["信息内容", "行政许可", "行政处罚", "行政强制"]
    lines = res.text.splitlines()
    # text order kept; the page number between the two parts is not text
    assert lines[lines.index("行政处罚\t187\t3\t3110") + 1] == "行政强制\t118\t6\t5310"
    assert "- 1 -" not in lines
    assert lines.index("行政强制\t118\t6\t5310") < lines.index("三、收到和处理政府信息公开申请情况")
    from pipelines.metrics import extract_metrics
    got = {m["key"]: m["value"] for m in extract_metrics(res.text, res.tables, year=2019, source_url="u")[0]}
    assert got["enforcement.decisions"] == 5310 and got["licensing.decisions"] == 4920


def test_read_pdf_joins_a_header_split_from_its_columns():
    """Section 四 broken after its first header row: the group row (行政复议 over five
    columns, 行政诉讼 over ten) ends page 1, the fifteen columns start page 2; joined,
    the spans are counted over the finer columns."""
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    values = ["3", "0", "1", "0", "4", "0", "0", "1", "1", "2", "1", "0", "0", "0", "1"]

    def p1(c):
        _text(c, 700, "四、政府信息公开行政复议、行政诉讼情况")
        _draw_table(c, 60, 760, [30] * 15, [[("行政复议", 5), ("行政诉讼", 10)]])

    def p2(c):
        bottom = _draw_table(c, 60, 60, [30] * 15, [[(h, 1) for h in heads] + [("未经复议直接起诉", 5), ("复议后起诉", 5)],
                                                    [("", 1)] * 5 + [(h, 1) for h in heads * 2],
                                                    [(v, 1) for v in values]])
        _text(c, bottom + 30, "五、存在的主要问题及改进情况")

    res = read_document("pdf", _pdf_pages([p1, p2]), timeout=60)
    assert res.error is None, res.error
    assert len(res.tables) == 1
    assert [(x["text"], x["colspan"]) for x in res.tables[0][0]] == [("行政复议", 5), ("行政诉讼", 10)]
    assert sum(x["colspan"] for x in res.tables[0][-1]) == 15
    from pipelines.metrics import extract_metrics
    got = {m["key"]: m["value"] for m in extract_metrics(res.text, res.tables, year=2019, source_url="u")[0]}
    assert got["reconsideration.upheld"] == 3 and got["reconsideration.total"] == 4
    assert got["litigation.direct.total"] == 2 and got["litigation.after_review.upheld"] == 1


def test_read_pdf_keeps_separate_tables_apart():
    def p1(c):
        _draw_table(c, 60, 700, _W4, [_S2_HEAD, [("行政许可", 1), ("248", 1), ("-4", 1), ("4920", 1)]])

    def captioned(c):       # a caption between: a new table
        _text(c, 60, "第二十条第（六）项")
        _draw_table(c, 60, 80, _W4, [_S2_HEAD, [("行政处罚", 1), ("187", 1), ("3", 1), ("3110", 1)]])

    def other_columns(c):   # other column rules: another table
        _draw_table(c, 60, 60, [200, 100, 150], [[("项目", 1), ("数量", 1), ("金额", 1)]])

    for second in (captioned, other_columns):
        res = read_document("pdf", _pdf_pages([p1, second]), timeout=60)
        assert res.error is None, res.error
        assert len(res.tables) == 2, second.__name__
        assert "- 1 -" in res.text.splitlines()      # page numbers are left alone where nothing is joined
