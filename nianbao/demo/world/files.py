"""The binary files: the PDF twin (reportlab), DOCX (python-docx) and XLSX (openpyxl) attachments,
rendered from the same blocks as the pages. All of them are made deterministic (fixed zip member
times and core-property dates, reportlab's invariant mode), so rebuilds are byte-identical."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import NamedTuple

import docx
import openpyxl
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl.styles import Alignment, Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from nianbao.demo.world.blocks import cell, esc, grid

# every OOXML zip member gets this time instead of the clock's (see normalize_zip)
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def normalize_zip(data: bytes, when: str) -> bytes:
    """Rewrite an OOXML zip with fixed member times and core-property dates, so a rebuild
    is byte-identical (python-docx and openpyxl stamp the clock)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                              lambda m: m.group(1) + when.encode() + b"T09:00:00Z" + m.group(2), body)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body)
    return out.getvalue()


def ooxml_bytes(doc, when: str) -> bytes:
    """A python-docx Document or openpyxl Workbook saved, stamped `when` (see normalize_zip)."""
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue(), when)


class PdfLook(NamedTuple):
    """How make_pdf sets a document (sizes in pt, widths in mm). The defaults are the demo's;
    world3 exports differ a little, as real exports from different offices do."""
    font_size: float = 10.5            # body text; headings are 1pt larger
    leading: float = 17
    cell_size: float = 8.5             # table text ...
    wide_cell_size: float = 6.5        # ... and that of tables of 10 or more columns
    cell_leading: float = 2.5          # added to the table text size
    cell_vpad: float | None = None     # top/bottom cell padding; None keeps reportlab's
    col3: tuple = (120, 20, 30)        # column widths of a 3-column (2008 statistics) table


def make_pdf(title: str, blocks, look: PdfLook = PdfLook()) -> bytes:
    """The PDF twin (reportlab, CID font STSong-Light, tables with the same spans). Long tables
    run over the page end and continue without repeating their header, as Word exports do."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font = "STSong-Light"
    st_title = ParagraphStyle("t", fontName=font, fontSize=16, leading=24, alignment=1, wordWrap="CJK")
    st_p = ParagraphStyle("p", fontName=font, fontSize=look.font_size, leading=look.leading, firstLineIndent=21,
                          wordWrap="CJK")
    st_h = ParagraphStyle("h", parent=st_p, fontSize=look.font_size + 1, spaceBefore=4)
    st_r = ParagraphStyle("r", parent=st_p, alignment=2, firstLineIndent=0)
    width = 170 * mm
    widths = {3: look.col3, 4: [56, 38, 38, 38], 10: [12, 14, 42] + [14.57] * 7, 15: [170 / 15] * 15}
    story = [Paragraph(esc(title), st_title), Spacer(1, 6 * mm)]
    for b in blocks:
        if b[0] == "p":
            story.append(Paragraph(esc(b[1]), st_p))
        elif b[0] == "h":
            story.append(Paragraph("<b>%s</b>" % esc(b[1]), st_h))
        elif b[0] == "sign":
            story.extend(Paragraph(esc(x), st_r) for x in b[1])
        elif b[0] == "table":
            placed, ncols = grid(b[1])
            nrows = len(b[1])
            size = look.wide_cell_size if ncols >= 10 else look.cell_size
            st_c = ParagraphStyle("c", fontName=font, fontSize=size, leading=size + look.cell_leading, alignment=1,
                                  wordWrap="CJK")
            data = [[""] * ncols for _ in range(nrows)]
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("FONTNAME", (0, 0), (-1, -1), font), ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 1.5)]
            if look.cell_vpad is not None:
                style += [("TOPPADDING", (0, 0), (-1, -1), look.cell_vpad),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), look.cell_vpad)]
            for r, c, text, rs, cs in placed:
                data[r][c] = Paragraph(esc(text), st_c)
                if rs > 1 or cs > 1:
                    style.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
            cw = [w * mm for w in widths.get(ncols, [170 / ncols] * ncols)]
            assert abs(sum(cw) - width) < 1, ncols
            story.append(Spacer(1, 2 * mm))
            story.append(Table(data, colWidths=cw, style=TableStyle(style), repeatRows=0))
            story.append(Spacer(1, 3 * mm))
    buf = io.BytesIO()
    # invariant=1: no creation date and a content-derived document id, so rebuilds are identical
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=title, author="", subject="", creator="", invariant=1)
    doc.build(story)
    return buf.getvalue()


class DocxLook(NamedTuple):
    """How make_docx sets a document (sizes in pt). The defaults are the demo's; world3's
    offices write in 仿宋 at 14pt and indent their headings too."""
    font: str = "宋体"
    east_asia_font: str = "宋体"       # CJK text needs the East Asian font slot
    size: float = 12
    title_size: float = 18
    indent: float = 24                 # first-line indent of paragraphs
    indent_headings: bool = False


def make_docx(title: str, blocks, when: str, look: DocxLook = DocxLook()) -> bytes:
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = look.font
    normal.font.size = Pt(look.size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), look.east_asia_font)
    d.core_properties.title = title
    d.core_properties.author = ""
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(title)
    r.bold = True
    r.font.size = Pt(look.title_size)
    for b in blocks:
        if b[0] == "p":
            p = d.add_paragraph(b[1])
            p.paragraph_format.first_line_indent = Pt(look.indent)
        elif b[0] == "h":
            p = d.add_paragraph()
            if look.indent_headings:
                p.paragraph_format.first_line_indent = Pt(look.indent)
            p.add_run(b[1]).bold = True
        elif b[0] == "sign":
            for x in b[1]:
                d.add_paragraph(x).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif b[0] == "table":
            placed, ncols = grid(b[1])
            t = d.add_table(rows=len(b[1]), cols=ncols)
            t.style = "Table Grid"
            for rr, c, text, rs, cs in placed:
                target = t.cell(rr, c)
                if rs > 1 or cs > 1:
                    target = target.merge(t.cell(rr + rs - 1, c + cs - 1))
                target.text = text
    return ooxml_bytes(d, when)


def new_workbook(when: str):
    """An openpyxl workbook whose properties carry `when`, not the clock."""
    wb = openpyxl.Workbook()
    stamp = dt.datetime.fromisoformat(when + "T09:00:00")
    wb.properties.creator = ""
    wb.properties.created = stamp
    wb.properties.modified = stamp
    return wb


def xlsx_value(text: str):
    """A cell's text as a spreadsheet holds it: numbers as numbers, an empty cell as no value."""
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text or None


def make_xlsx(title: str, unit_line: str, rows, when: str) -> tuple[bytes, str]:
    """The statistics table as a spreadsheet: title row merged across, numbers as numbers."""
    wb = new_workbook(when)
    ws = wb.active
    ws.title = "统计表"
    ncols = len(rows[0])
    ws.append([title] + [None] * (ncols - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([unit_line] + [None] * (ncols - 1))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    lines = [title, unit_line]
    for row in rows:
        ws.append([xlsx_value(cell(c)[0]) for c in row])
        lines.append("\t".join(cell(c)[0] for c in row).rstrip("\t"))
    ws.column_dimensions["A"].width = 60
    return ooxml_bytes(wb, when), "\n".join(lines)
