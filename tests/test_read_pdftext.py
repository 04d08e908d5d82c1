"""pipelines.read.pdftext, the pdfium fast path under the PDF reader: it must read
what pdfplumber alone reads (text, tables, notes, the OCR verdict), and hand back to
pdfplumber the pages it cannot stand in for.  Every PDF is built here (reportlab)."""
import io

from pipelines.read import pdftext
from pipelines.read.pdf import parse_pdf
from tests.test_read import _draw_table, _pdf_pages, _S2_HEAD, _text, _W4, make_pdf


def _both(body: bytes):
    fast, slow = parse_pdf(body, {}), parse_pdf(body, {"fast": False})
    for field in ("text", "tables", "notes", "wants_ocr"):
        assert getattr(fast, field) == getattr(slow, field), field
    return fast


def _read_by_pdfium(body: bytes) -> list[bool]:
    doc = pdftext.Doc(body)
    try:
        return [doc.page(i) is not None for i in range(len(doc))]
    finally:
        doc.close()


def _canvas(draw_pages) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for draw in draw_pages:
        c.setFont("STSong-Light", 12)
        draw(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_text_and_table_pages_read_by_pdfium_as_pdfplumber_reads_them():
    body = make_pdf(pages=3)
    res = _both(body)
    assert res.tables and res.tables[0][1][0]["text"] == "规章"
    assert "二、主动公开政府信息情况" in res.text.splitlines()
    assert _read_by_pdfium(body) == [True, True, True]
    page = pdftext.Doc(body).page(0)
    assert page.edges, "the table page has its rulings as edges"
    assert pdftext.Doc(body).page(1).edges is None, "a page of prose has no table to look for"


def test_tables_continued_and_separate_agree():
    def p1(c):
        _text(c, 60, "二、主动公开政府信息情况")
        _draw_table(c, 60, 700, _W4, [_S2_HEAD, [("行政许可", 1), ("248", 1), ("-4", 1), ("4920", 1)]])

    def p2(c):
        bottom = _draw_table(c, 60, 60, _W4, [[("行政强制", 1), ("118", 1), ("6", 1), ("5310", 1)]])
        _text(c, bottom + 30, "三、收到和处理政府信息公开申请情况")

    def p3(c):
        _text(c, 60, "第二十条第（六）项")
        _draw_table(c, 60, 80, [200, 100, 150], [[("项目", 1), ("数量", 1), ("金额", 1)], [("甲", 1), ("1", 1), ("2", 1)]])

    body = _pdf_pages([p1, p2, p3])
    res = _both(body)
    assert len(res.tables) == 2 and len(res.tables[0]) == 3
    assert all(_read_by_pdfium(body))


def test_rotated_text_and_curves_near_rulings_go_to_pdfplumber():
    def upright(c):
        c.drawString(72, 700, "正常的一行文字")

    def rotated(c):
        c.drawString(72, 700, "正常的一行文字")
        c.saveState()
        c.translate(300, 400)
        c.rotate(90)
        c.drawString(0, 0, "旋转的文字")
        c.restoreState()

    def rounded_box(c):
        c.drawString(72, 700, "圆角方框里的表")
        c.roundRect(60, 500, 300, 100, 10)
        c.line(60, 550, 360, 550)
        c.line(210, 500, 210, 600)

    body = _canvas([upright, rotated, rounded_box])
    assert _read_by_pdfium(body) == [True, False, False]
    _both(body)


def test_wrapped_paragraphs_and_spaced_words_agree():
    def page(c):
        y = 780
        for line in ["本报告根据《中华人民共和国政府信息公开条例》要求编制，统计期限自",
                     "2019年1月1日起至2019年12月31日止。", "  一、总体情况", "Page  with   wide   gaps 12 件"]:
            c.drawString(72, y, line)
            y -= 20
        c.setFont("STSong-Light", 20)
        c.drawString(72, y, "大字标题")

    body = _canvas([page])
    res = _both(body)
    assert "大字标题" in res.text.splitlines()


def test_scanned_verdict_is_pdfminers():
    """A page that is only a picture: no text either way, the OCR verdict the same."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    def picture(c):
        c.drawImage(ImageReader(Image.new("L", (200, 200), 255)), 50, 50, 400, 400)

    res = _both(_canvas([picture, picture]))
    assert res.wants_ocr == "no text layer"


def test_text_drawn_twice_for_bold_is_read_once():
    """The one place the readers part: a line drawn twice a fraction of a point apart
    (simulated bold) is one line to pdfium, where pdfplumber doubled every character
    (4862 read as 44886622)."""
    def page(c):
        c.drawString(72, 700, "主动公开政府信息4862条")
        c.drawString(72.3, 700, "主动公开政府信息4862条")

    body = _canvas([page])
    assert parse_pdf(body, {}).text == "主动公开政府信息4862条"
    assert parse_pdf(body, {"fast": False}).text == "主主动动公公开开政政府府信信息息44886622条条"
