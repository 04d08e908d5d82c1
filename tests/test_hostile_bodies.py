"""Hostile bodies served over real loopback HTTP: gzip bombs, truncated bodies, a 5 MB
page, binary data labelled text/html, wrong charsets, corrupt and bomb-shaped office
files, a PDF of thousands of pages, PDFs with pathological object trees, entity
expansion.  What must hold: the crawl survives, memory and time stay bounded, and
every bad body is recorded with a reason (never stored as a good document, never
dropped silently).

Two levels:
* a real `nianbao crawl` (subprocess: Scrapy can run once per process) of a small
  hostile portal served by SiteServer, checked through the SQLite database it writes;
* the stages on the same bodies directly, where time or memory is the point, each
  measured in a child process (its peak RSS is its own, not the test runner's).

tests/test_read.py covers the basic refusals (a 64 MB DOCX bomb, a DOCX with a DTD,
corrupt PDF bytes, the page cap on 5 pages); this file adds what it does not.
Bombs are built by streaming (never a big buffer), in well under a second each.
"""
from __future__ import annotations

import functools
import io
import json
import os
import sqlite3
import struct
import subprocess
import sys
import time
import zipfile
import zlib

import pytest

from nianbao.demo.server import SiteServer
from pipelines.clean import clean_html
from core.formats import decode_html, detect_format
from pipelines.read import read_document

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MB = 1024 * 1024
CAP = 20 * MB                       # DOWNLOAD_MAXSIZE for the crawls here (the project's is 50 MB)
HOST = "127.0.0.1"

GB_TEXT = "湖州市安吉县人民政府2019年政府信息公开工作年度报告：镕堃喆"   # 镕堃喆 are GBK, not GB2312
REPORT_PARAGRAPH = "本报告根据《中华人民共和国政府信息公开条例》要求编制，统计期限自2019年1月1日起至2019年12月31日止。"


# ---------------------------------------------------------------------------
# builders

def write_gzip_bomb(path: str, inflated: int) -> None:
    """A gzip stream of `inflated` zero bytes, compressed chunk by chunk."""
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * MB
    with open(path, "wb") as f:
        for _ in range(inflated // MB):
            f.write(co.compress(chunk))
        f.write(co.flush())


@functools.lru_cache(maxsize=None)   # the CRC of GiBs of zeros costs a second; the same sizes recur
def _deflate_zeros(n_mb: int) -> tuple[bytes, int]:
    """Raw deflate of n_mb MiB of zeros and its CRC, without ever compressing more than
    one MiB: after a full flush the compressor forgets its history, so every flushed
    MiB of zeros deflates to the same bytes and the stream is that piece repeated."""
    chunk = b"\0" * MB
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = co.compress(chunk) + co.flush(zlib.Z_FULL_FLUSH)
    piece = co.compress(chunk) + co.flush(zlib.Z_FULL_FLUSH)
    tail = co.flush()
    crc = 0
    for _ in range(n_mb):
        crc = zlib.crc32(chunk, crc)
    return first + piece * (n_mb - 1) + tail, crc


def zip_of(members) -> bytes:
    """A zip written by hand from (name, raw deflate data, crc, declared size) members,
    so a member may inflate to more than it declares (a lying bomb)."""
    out, central = io.BytesIO(), []
    for name, data, crc, size in members:
        name_b = name.encode()
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(name_b), 0))
        out.write(name_b)
        out.write(data)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), size,
                                   len(name_b), 0, 0, 0, 0, 0, offset) + name_b)
    cd_start = out.tell()
    for c in central:
        out.write(c)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central),
                          out.tell() - cd_start, cd_start, 0))
    return out.getvalue()


def _member(name: str, text: str):
    data = text.encode("utf-8")
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    return name, co.compress(data) + co.flush(), zlib.crc32(data), len(data)


CT_DOCX = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
           'wordprocessingml.document.main+xml"/></Types>')
CT_XLSX = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
           'spreadsheetml.sheet.main+xml"/></Types>')


def office_bomb(kind: str, inflated_mb: int, declared: int | None = None) -> bytes:
    """A DOCX / XLSX whose main part inflates to inflated_mb MiB of zeros; `declared`
    makes the central directory state a smaller size than the data inflates to."""
    data, crc = _deflate_zeros(inflated_mb)
    size = inflated_mb * MB if declared is None else declared
    if kind == "docx":
        return zip_of([_member("[Content_Types].xml", CT_DOCX), ("word/document.xml", data, crc, size)])
    return zip_of([_member("[Content_Types].xml", CT_XLSX),
                   _member("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org'
                           '/spreadsheetml/2006/main"><sheets><sheet name="s" sheetId="1" r:id="rId1" xmlns:r="http://'
                           'schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>'),
                   ("xl/worksheets/sheet1.xml", data, crc, size)])


def make_docx(text: str = REPORT_PARAGRAPH) -> bytes:
    import docx
    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_xlsx() -> bytes:
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.append(["（一）主动公开政府信息数", "条", 3599])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def entity_office(kind: str, pad: int = 0, utf16: bool = False) -> bytes:
    """A real DOCX / XLSX whose main XML part declares nested entities (billion laughs)
    and uses the biggest; `pad` bytes of comment between the XML declaration and the
    DOCTYPE (legal XML) push the declaration away from the head of the part; `utf16`
    writes the part in UTF-16 (allowed by OPC), its declaration between NUL bytes."""
    good = make_docx() if kind == "docx" else make_xlsx()
    part = "word/document.xml" if kind == "docx" else "xl/worksheets/sheet1.xml"
    laughs = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
        + b"]>")
    prolog = (b'<?xml version="1.0" encoding="%s"?>' % (b"UTF-16" if utf16 else b"UTF-8")
              + (b"<!--" + b" " * pad + b"-->" if pad else b"") + laughs)
    src = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                if data.startswith(b"<?xml"):
                    data = data[data.index(b"?>") + 2:]
                data = prolog + data.replace(b"</w:t>" if kind == "docx" else b"</t>",
                                             b"&lol9;</w:t>" if kind == "docx" else b"&lol9;</t>", 1)
                if utf16:
                    data = data.decode("utf-8").encode("utf-16")
            z.writestr(info, data)
    return out.getvalue()


def corrupt_bodies() -> dict[str, bytes]:
    """Damaged files as they turn up: a PDF cut in half (an interrupted upload), a DOCX
    whose document part is garbage, an XLSX with a broken sheet XML."""
    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(3):
        c.drawString(72, 720, "page %d" % i)
        c.showPage()
    c.save()
    pdf = buf.getvalue()

    def replace_part(body, part, data):
        src = zipfile.ZipFile(io.BytesIO(body))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for info in src.infolist():
                z.writestr(info, data if info.filename == part else src.read(info))
        return out.getvalue()

    return {"pdf": pdf[: len(pdf) // 2],
            "docx": replace_part(make_docx(), "word/document.xml", b"\x00\xffnot xml at all<<<"),
            "xlsx": replace_part(make_xlsx(), "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c r=")}


def long_pdf(pages: int) -> bytes:
    """A PDF of `pages` near-empty pages, each saying which page it is."""
    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(1, pages + 1):
        c.drawString(72, 720, "page-%d-end" % i)
        c.showPage()
    c.save()
    return buf.getvalue()


# raw PDFs written by hand: what no PDF library would produce

def raw_pdf(objects: dict[int, bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objects[num])
    start, n = len(out), max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % n
    for i in range(1, n):
        out += (b"%010d 00000 n \n" % offsets[i]) if i in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (n, start)
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def _pdf_objects(pages=b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", page_extra=b"", **more) -> dict:
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: pages,
            3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            4: _stream(b"BT /F1 12 Tf 72 720 Td (hello world) Tj ET"),
            5: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> "
               b"/XObject << /X1 7 0 R >> >> /Contents 4 0 R " + page_extra + b">>"}
    objs.update({int(k[1:]): v for k, v in more.items()})
    return objs


DEEP = 100_000
PATHOLOGICAL_PDFS = {
    # the page tree lists itself among its kids / a kid whose parent is the root again
    "kids_loop": _pdf_objects(pages=b"<< /Type /Pages /Kids [5 0 R 2 0 R] /Count 2 >>"),
    "parent_loop": _pdf_objects(pages=b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>",
                                o6=b"<< /Type /Pages /Kids [2 0 R 5 0 R] /Parent 2 0 R /Count 1 >>"),
    # references that only point at each other, where numbers are expected
    "reference_cycle": _pdf_objects(pages=b"<< /Type /Pages /Kids [5 0 R] /Count 8 0 R >>",
                                    page_extra=b"/Rotate 8 0 R /CropBox 9 0 R ", o8=b"9 0 R", o9=b"8 0 R"),
    # 100 000 nested arrays / dictionaries in the page, and inside the content stream
    "deep_arrays": _pdf_objects(page_extra=b"/Annots 8 0 R ", o8=b"[" * DEEP + b"]" * DEEP),
    "deep_dicts": _pdf_objects(page_extra=b"/PieceInfo 8 0 R ", o8=b"<< /A " * DEEP + b">>" * DEEP),
    "deep_content": _pdf_objects(o4=_stream(b"BT /F1 12 Tf 72 720 Td " + b"[" * DEEP + b"(x)" + b"]" * DEEP
                                            + b" TJ ET")),
    # a form XObject that draws itself
    "xobject_loop": _pdf_objects(o4=_stream(b"/X1 Do"), o7=b"<< /Type /XObject /Subtype /Form /BBox [0 0 9 9] "
                                 b"/Resources << /XObject << /X1 7 0 R >> >> /Length 6 >>\nstream\n/X1 Do\nendstream"),
}


def many_pages_pdf(n: int) -> bytes:
    """n page objects sharing one content stream: a big page tree in a small file."""
    kids = b" ".join(b"%d 0 R" % (10 + i) for i in range(n))
    objs = _pdf_objects(pages=b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n)
    page = objs.pop(5)
    objs.update({10 + i: page for i in range(n)})
    return raw_pdf(objs)


def report_page(title: str, body: str, charset: str = "utf-8") -> str:
    return ('<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=%s">'
            '<title>%s</title></head><body><div class="top"><a href="/">首页</a> 当前位置：首页 &gt; 政府信息公开年报'
            '</div><h1>%s</h1><div class="info">发布时间：2020-03-01 来源：县政府办</div><div class="content">%s</div>'
            '<div class="footer">主办单位：某某县人民政府办公室 ICP备00000000号</div></body></html>'
            % (charset, title, title, body))


REPORT_BODY = ("<p>%s</p><p>一、总体情况</p><p>2019年，本机关全年主动公开政府信息3599条，收到政府信息公开申请76件。</p>"
               "<table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>3</td></tr></table>"
               % REPORT_PARAGRAPH)


def big_page(size: int = 5 * MB) -> str:
    """A report page padded to `size` bytes with what makes real pages huge: thousands
    of paragraphs and table rows (a page that pasted a whole statistics annex)."""
    para = "<p>第%d项：本年度全年主动公开政府信息3599条，其中政府网站公开政府信息3200条，均已按时公开。</p>\n"
    row = "<tr><td>规范性文件%d</td><td>5</td><td>0</td><td>41</td></tr>\n"
    parts, n, i = [REPORT_BODY], 0, 0
    while n < size:
        s = (para % i) if i % 25 else ("<table>" + row % i * 20 + "</table>")
        parts.append(s)
        n += len(s.encode("utf-8"))
        i += 1
    parts.append("<p>本报告最后一段。</p>")
    return report_page("某某县2021年政府信息公开工作年度报告", "".join(parts))


def run_child(code: str, timeout: float = 120) -> dict:
    """Run `code` in a fresh interpreter at the project root; it prints one JSON line
    last, which is returned."""
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, PYTHONPATH=ROOT))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


# Peak RSS of a child process: VmHWM of /proc/self/status, not getrusage's ru_maxrss,
# which Linux carries over fork+exec from the parent (the test runner, itself large).
PEAK = r"""
def peak_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0
"""


MEASURE = PEAK + r"""
import json, sys, time
from pipelines.read import read_document
read_document("pdf", b"%%PDF-1.4 warm the forkserver", timeout=30)
out = {}
for name, fmt, path, timeout in %(jobs)r:
    with open(path, "rb") as f:
        body = f.read()
    before = peak_mb()
    t = time.monotonic()
    res = read_document(fmt, body, timeout=timeout)
    out[name] = {"bytes": len(body), "seconds": time.monotonic() - t, "before_mb": before, "after_mb": peak_mb(),
                 "error": res.error, "notes": res.notes, "text": res.text[:200]}
    del body, res
print(json.dumps(out))
"""


def measure_reads(tmp, jobs) -> dict:
    """read_document on each (name, fmt, body, timeout) in one fresh child process:
    {name: {seconds, before_mb, after_mb (peak RSS around the call), error, notes, text}}."""
    specs = []
    for name, fmt, body, timeout in jobs:
        path = str(tmp / name)
        with open(path, "wb") as f:
            f.write(body)
        specs.append((name, fmt, path, timeout))
    return run_child(MEASURE % {"jobs": specs}, timeout=sum(j[3] for j in jobs) + 60)


# ---------------------------------------------------------------------------
# the hostile portal, crawled once with the real `nianbao crawl`

def build_files(tmp) -> dict:
    """path -> (body bytes, Content-Type, link text) of every hostile document."""
    corrupt = corrupt_bodies()
    files = {
        "/nb/gbk.html": (report_page("某某县2019年政府信息公开工作年度报告", "<p>%s</p>%s" % (GB_TEXT, REPORT_BODY),
                                     charset="utf-8").encode("gbk"), "text/html; charset=utf-8",
                         "某某县2019年政府信息公开工作年度报告"),
        "/nb/binary.html": (bytes(range(256)) * 64, "text/html", "某某县财政局2019年政府信息公开工作年度报告"),
        "/nb/big.html": (big_page(MB // 2).encode("utf-8"), "text/html; charset=utf-8",
                         "某某县2021年政府信息公开工作年度报告"),
        "/nb/huge.html": (b"<html><body>" + b"<p>x</p>" * ((CAP + MB) // 8) + b"</body></html>", "text/html",
                          "某某县教育局2021年政府信息公开工作年度报告"),
    }
    attachments = {
        "corrupt.pdf": (corrupt["pdf"], "application/pdf"),
        "corrupt.docx": (corrupt["docx"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "corrupt.xlsx": (corrupt["xlsx"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "bomb.docx": (office_bomb("docx", 1024), "application/octet-stream"),
        "bomb.xlsx": (office_bomb("xlsx", 1024), "application/octet-stream"),
        "laughs.docx": (entity_office("docx"), "application/octet-stream"),
        "laughs.xlsx": (entity_office("xlsx"), "application/octet-stream"),
        "long.pdf": (long_pdf(3000), "application/pdf"),
        "cycle.pdf": (raw_pdf(PATHOLOGICAL_PDFS["reference_cycle"]), "application/pdf"),
        "deep.pdf": (raw_pdf(PATHOLOGICAL_PDFS["deep_content"]), "application/pdf"),
    }
    for i, (name, (body, ctype)) in enumerate(sorted(attachments.items())):
        files["/nb/files/" + name] = (body, ctype, "某某县2018年政府信息公开工作年度报告（附件%d）.%s"
                                      % (i + 1, name.rsplit(".", 1)[1]))
    return files


@pytest.fixture(scope="module")
def gzip_bomb(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("bomb") / "bomb.gz")
    write_gzip_bomb(path, 400 * MB)
    assert os.path.getsize(path) < 2 * MB
    return path


def _site(tmp, files, gzip_path, truncated_body):
    """Write the static part of the portal and return a started SiteServer."""
    root = tmp / "site"
    os.makedirs(root / "nb" / "files")

    def write(path, data, headers=None):
        with open(str(root) + path, "wb") as f:
            f.write(data)
        if headers:
            with open(str(root) + path + ".headers.json", "w") as f:
                json.dump(headers, f)

    links = [("/nb/bomb.html", "某某县2023年政府信息公开工作年度报告"),
             ("/nb/truncated.html", "某某县2022年政府信息公开工作年度报告"),
             ("/nb/files.html", "某某县2018年政府信息公开工作年度报告")]
    links += [(p, text) for p, (_, _, text) in files.items() if not p.startswith("/nb/files/")]
    items = "".join('<li><a href="%s" title="%s">%s</a><span>2020-03-0%d</span></li>' % (p, t, t, i % 9 + 1)
                    for i, (p, t) in enumerate(links))
    write("/index.html", report_page("某某县人民政府", '<div class="box"><h3>政府信息公开年报</h3>'
                                     '<ul>%s</ul></div>' % items).encode("utf-8"))
    write("/robots.txt", b"User-agent: *\nAllow: /\n")
    attach = "".join('<p><a href="%s">%s</a></p>' % (p, t) for p, (_, _, t) in files.items()
                     if p.startswith("/nb/files/"))
    write("/nb/files.html", report_page("某某县2018年政府信息公开工作年度报告",
                                        REPORT_BODY + "<p>附件：</p>" + attach).encode("utf-8"))
    write("/nb/truncated.html", truncated_body, {"Content-Type": "text/html; charset=utf-8",
                                                 "truncate": len(truncated_body) // 3})
    srv = SiteServer({"hostile": str(root)}, {"hostile": HOST})

    def static(body, ctype):
        return lambda query: (200, {"Content-Type": ctype}, body)

    for path, (body, ctype, _) in files.items():
        srv.route("hostile", path, static(body, ctype))
    with open(gzip_path, "rb") as f:
        gz = f.read()
    srv.route("hostile", "/nb/bomb.html", lambda q: (200, {"Content-Type": "text/html; charset=utf-8",
                                                         "Content-Encoding": "gzip"}, gz))
    srv.start()
    return srv


CRAWL = PEAK + r"""
import json, sys, time
t = time.monotonic()
from nianbao.cli import main
try:
    rc = main(sys.argv[1:])
except SystemExit as e:
    rc = e.code
print(json.dumps({"rc": rc, "seconds": time.monotonic() - t, "peak_mb": peak_mb()}))
"""


@pytest.fixture(scope="module")
def crawled(tmp_path_factory, gzip_bomb):
    tmp = tmp_path_factory.mktemp("hostile")
    files = build_files(tmp)
    truncated = report_page("某某县2022年政府信息公开工作年度报告", REPORT_BODY * 20).encode("utf-8")
    srv = _site(tmp, files, gzip_bomb, truncated)
    portals = tmp / "portals.csv"
    portals.write_text("url,name\nhttp://%s:%d/,某某县人民政府\n" % (HOST, srv.port), encoding="utf-8")
    db = tmp / "hostile.db"
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CRAWL, "crawl", "--portals", str(portals), "--db", "sqlite:///%s" % db,
             "--warc-dir", str(tmp / "warc"), "--log-level", "WARNING",
             "-s", "DOWNLOAD_MAXSIZE=%d" % CAP, "-s", "NIANBAO_PARSE_TIMEOUT=2", "-s", "NIANBAO_MAX_PDF_PAGES=40",
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=1",
             "-s", "NIANBAO_RETRY_BACKOFF=0.1"],
            cwd=ROOT, capture_output=True, text=True, timeout=240, env=dict(os.environ, PYTHONPATH=ROOT))
    finally:
        srv.stop()
    assert proc.returncode == 0, proc.stderr[-4000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    con = sqlite3.connect(str(db))
    con.row_factory = sqlite3.Row
    base = "http://%s:%d" % (HOST, srv.port)
    docs = {r["url"][len(base):]: dict(r) for r in con.execute("SELECT * FROM documents")}
    fetches = {}
    for r in con.execute("SELECT * FROM fetches ORDER BY id"):
        fetches.setdefault(r["url"][len(base):], []).append(dict(r))
    con.close()
    return {"result": result, "docs": docs, "fetches": fetches, "files": files, "log": list(srv.log),
            "stderr": proc.stderr}


def test_crawl_of_hostile_portal_survives(crawled):
    r = crawled["result"]
    assert r["rc"] == 0, crawled["stderr"][-3000:]
    # every hostile URL was fetched or its failure recorded (none skipped because an
    # earlier one broke the crawl); the bomb's failure is not recorded (see the xfail)
    asked = {row["path"] for row in crawled["log"]} | set(crawled["fetches"]) | set(crawled["docs"])
    for path in list(crawled["files"]) + ["/nb/bomb.html", "/nb/truncated.html"]:
        assert path in asked, path


def test_truncated_body_is_a_failed_fetch_not_a_document(crawled):
    """(c) Content-Length announced, a third of it sent, connection closed."""
    assert "/nb/truncated.html" not in crawled["docs"]
    rows = crawled["fetches"].get("/nb/truncated.html")
    assert rows, "the failed fetch was not recorded"
    assert all(r["error"] and "dataloss" in r["error"] for r in rows), rows
    assert all(r["body_sha256"] is None for r in rows)


def test_oversized_body_is_a_size_cap_failure(crawled):
    """A plain body larger than DOWNLOAD_MAXSIZE: refused on its Content-Length."""
    assert "/nb/huge.html" not in crawled["docs"]
    rows = crawled["fetches"].get("/nb/huge.html")
    assert rows and all(r["error"] and r["error"].startswith("size_cap") for r in rows), rows


def test_gzip_bomb_is_recorded_as_a_size_cap_failure(crawled):
    """(a) end to end: the bomb is not a document, and its failure is on record."""
    assert "/nb/bomb.html" not in crawled["docs"]
    rows = crawled["fetches"].get("/nb/bomb.html")
    assert rows and any(r["error"] and "size_cap" in r["error"] for r in rows), rows


def test_gzip_bomb_never_became_a_document(crawled):
    assert "/nb/bomb.html" not in crawled["docs"]
    assert any(row["path"] == "/nb/bomb.html" for row in crawled["log"])


def test_big_page_over_http_yields_text(crawled):
    """(b) a 512 KB page went through read, clean, metadata and metrics in the crawl
    (the 5 MB one is cleaned below: in a whole crawl it costs far more, see bench/)."""
    d = crawled["docs"]["/nb/big.html"]
    assert d["parse_error"] is None and d["fmt"] == "html"
    assert REPORT_PARAGRAPH in d["text"] and "本报告最后一段。" in d["text"]
    assert d["text_length"] > 150_000


def test_binary_served_as_html_is_not_read_as_html(crawled):
    """(d)"""
    body = crawled["files"]["/nb/binary.html"][0]
    assert detect_format(body, "text/html", "http://x.gov.cn/nb/binary.html") == "other"
    d = crawled["docs"].get("/nb/binary.html")
    if d is not None:           # the spider may also drop it as not a report page
        assert d["fmt"] != "html" and d["parse_error"] and not d["text"]


def test_gbk_declared_utf8_decodes(crawled):
    """(e) GBK bytes, declared utf-8 in the header and the meta tag."""
    body = crawled["files"]["/nb/gbk.html"][0]
    text, enc = decode_html(body, "text/html; charset=utf-8")
    assert GB_TEXT in text and enc == "gb18030"
    d = crawled["docs"]["/nb/gbk.html"]
    assert d["encoding"] == "gb18030" and GB_TEXT in d["text"] and "\ufffd" not in d["text"]


@pytest.mark.parametrize("name", ["corrupt.pdf", "corrupt.docx", "corrupt.xlsx"])
def test_corrupt_files_are_recorded_with_a_reason(crawled, name):
    """(f)"""
    d = crawled["docs"]["/nb/files/" + name]
    assert d["fmt"] == name.rsplit(".", 1)[1]
    assert d["parse_error"] and d["parse_error"].startswith("corrupt"), d["parse_error"]
    assert not d["text"]


@pytest.mark.parametrize("name", ["bomb.docx", "bomb.xlsx"])
def test_zip_bombs_served_are_refused(crawled, name):
    """(g) 1 GiB parts in a ~1 MB file."""
    d = crawled["docs"]["/nb/files/" + name]
    assert d["fmt"] == name.rsplit(".", 1)[1]
    assert d["parse_error"] and d["parse_error"].startswith("zip bomb"), d["parse_error"]


@pytest.mark.parametrize("name", ["laughs.docx", "laughs.xlsx"])
def test_entity_expansion_served_is_refused(crawled, name):
    """(j)"""
    d = crawled["docs"]["/nb/files/" + name]
    assert d["parse_error"] and "entity" in d["parse_error"].lower(), d["parse_error"]
    assert not d["text"] or "lollol" not in d["text"]


def test_long_pdf_served_is_capped(crawled):
    """(h) 3000 pages, NIANBAO_MAX_PDF_PAGES=40: the first 40 pages are the text."""
    d = crawled["docs"]["/nb/files/long.pdf"]
    assert d["parse_error"] is None, d["parse_error"]
    assert "page-1-end" in d["text"] and "page-40-end" in d["text"] and "page-41-end" not in d["text"]


@pytest.mark.parametrize("name", ["cycle.pdf", "deep.pdf"])
def test_pathological_pdfs_served_are_bounded(crawled, name):
    """(i) a reference cycle hangs the parser (killed at NIANBAO_PARSE_TIMEOUT=2); deep
    nesting exhausts its recursion: both end as a recorded reason."""
    d = crawled["docs"]["/nb/files/" + name]
    assert d["parse_error"] and d["parse_error"].startswith(("timeout", "corrupt pdf")), d["parse_error"]


# ---------------------------------------------------------------------------
# the stages directly, where time and memory are the point

GZIP_CRAWL = PEAK + r"""
import json, sys
from scrapy import Spider, Request
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

url, cap = sys.argv[1], int(sys.argv[2])
outcome = {}

class Bomb(Spider):
    name = "bomb"
    async def start(self):
        yield Request(url, callback=self.ok, errback=self.failed, dont_filter=True)
    def ok(self, response):
        outcome.update(ok=True, size=len(response.body))
    def failed(self, failure):
        outcome.update(ok=False, error=type(failure.value).__name__, message=str(failure.value))

settings = get_project_settings()
settings.set("DOWNLOAD_MAXSIZE", cap, priority="cmdline")
settings.set("ITEM_PIPELINES", {}, priority="cmdline")
settings.set("ROBOTSTXT_OBEY", False, priority="cmdline")
settings.set("LOG_LEVEL", "ERROR", priority="cmdline")
process = CrawlerProcess(settings)
process.crawl(Bomb)
process.start()
outcome["peak_mb"] = peak_mb()
print(json.dumps(outcome))
"""


def test_gzip_bomb_fetch_stops_at_the_size_cap(gzip_bomb, tmp_path):
    """(a) 400 MB of zeros gzipped to ~400 KB, Content-Encoding: gzip, fetched by
    Scrapy with the project's settings and DOWNLOAD_MAXSIZE = 20 MB: the request fails
    with the size-cap reason and the crawler's peak RSS stays near the cap."""
    with open(gzip_bomb, "rb") as f:
        gz = f.read()
    srv = SiteServer({"bomb": str(tmp_path)}, {"bomb": HOST})
    srv.route("bomb", "/bomb.html", lambda q: (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gz))
    srv.start()
    try:
        proc = subprocess.run([sys.executable, "-c", GZIP_CRAWL, "http://%s:%d/bomb.html" % (HOST, srv.port),
                               str(CAP)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                              env=dict(os.environ, PYTHONPATH=ROOT, SCRAPY_SETTINGS_MODULE="crawler.settings"))
    finally:
        srv.stop()
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["ok"] is False, out
    assert out["error"] == "IgnoreRequest" and "DOWNLOAD_MAXSIZE" in out["message"], out
    assert out["peak_mb"] < CAP / MB + 150, out      # not the 400 MB it inflates to
    assert any(r["path"] == "/bomb.html" for r in srv.log)


def test_big_page_cleans_in_bounded_time():
    """(b) a 5 MB page: text out, in bounded time (the speed itself is in bench/)."""
    html = big_page()
    assert len(html.encode("utf-8")) >= 5 * MB
    t = time.monotonic()
    res = clean_html(html, "http://x.gov.cn/art/2022/3/1/art_1_1.html")
    assert time.monotonic() - t < 120
    assert REPORT_PARAGRAPH in res.text and "本报告最后一段。" in res.text
    assert len(res.tables) > 100


@pytest.fixture(scope="module")
def measured(tmp_path_factory) -> dict:
    """Bombs and the huge page tree read in one child, each with its time and the
    growth of the child's peak RSS around the call (small bodies first, so one job's
    peak does not hide the next one's growth)."""
    tmp = tmp_path_factory.mktemp("measure")
    return measure_reads(tmp, [
        ("bomb.docx", "docx", office_bomb("docx", 2048), 30),
        ("bomb.xlsx", "xlsx", office_bomb("xlsx", 2048), 30),
        ("lie.docx", "docx", office_bomb("docx", 1024, declared=1024), 30),
        ("lie.xlsx", "xlsx", office_bomb("xlsx", 1024, declared=1024), 30),
        ("many.pdf", "pdf", many_pages_pdf(30_000), 10),
    ])


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_zip_bombs_refused_quickly_without_memory_growth(measured, kind):
    """(g) a 2 GiB part (honest sizes) in a ~2 MB file: refused from the central
    directory, in well under a second, with no growth of the reader's memory."""
    out = measured["bomb." + kind]
    assert out["bytes"] < 4 * MB
    assert out["error"].startswith("zip bomb"), out
    assert out["seconds"] < 5, out
    assert out["after_mb"] - out["before_mb"] < 30, out


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_lying_zip_bomb_inflates_no_further_than_declared(measured, kind):
    """A part that declares 1 KB but inflates to 1 GiB passes the size checks; the
    parser must still stop at the declared size (zipfile does, then fails the CRC):
    an error with a reason, quickly, memory flat."""
    out = measured["lie." + kind]
    assert out["error"] and out["error"].startswith("corrupt") and "CRC" in out["error"], out
    assert out["seconds"] < 10, out
    assert out["after_mb"] - out["before_mb"] < 30, out


def test_pdf_page_cap_is_recorded_in_read_notes():
    """(h) the cap is a note on the item, not an error: the document keeps its text."""
    from core.items import DocumentItem
    from pipelines.read.pipeline import ReadPipeline
    item = DocumentItem(portal="http://x.gov.cn/", url="http://x.gov.cn/a.pdf", final_url="http://x.gov.cn/a.pdf",
                        status=200, headers={"content-type": "application/pdf"}, body=long_pdf(3000), fmt="pdf")
    t = time.monotonic()
    item = ReadPipeline(timeout=60, max_pages=40).process_item(item, None)
    assert time.monotonic() - t < 60
    assert "parse_error" not in item
    assert item["read_notes"] == ["pdf has 3000 pages; read the first 40"]
    assert "page-40-end" in item["text"] and "page-41-end" not in item["text"]


def test_pdf_of_30000_pages_read_in_bounded_time_and_memory(measured):
    """(h) a page tree of 30 000 pages (9 MB): capped, noted, within the timeout,
    and the reader's memory does not grow with the pages it did not read."""
    out = measured["many.pdf"]
    assert out["error"] is None, out
    assert out["notes"] == ["pdf has 30000 pages; read the first 300"], out
    assert out["text"].startswith("hello world")
    assert out["after_mb"] - out["before_mb"] < 100, out


def poisoned_pdf(good: int) -> bytes:
    """`good` normal pages, then one whose /Rotate and /CropBox are a reference cycle
    (resolving it never ends)."""
    kids = b" ".join(b"%d 0 R" % (10 + i) for i in range(good))
    objs = _pdf_objects(pages=b"<< /Type /Pages /Kids [" + kids + b" 6 0 R] /Count %d >>" % (good + 1),
                        o6=b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate 8 0 R /CropBox 9 0 R "
                           b"/Contents 4 0 R >>", o8=b"9 0 R", o9=b"8 0 R")
    page = objs.pop(5)
    objs.update({10 + i: page for i in range(good)})
    return raw_pdf(objs)


def test_pages_past_the_cap_are_never_touched():
    """(h) the cap bounds the work, not only the text: a page after the cap is never
    even built, so a broken one there cannot hang the read of the pages before it
    (a reader that builds every page object first times out on this file)."""
    body = poisoned_pdf(5)
    res = read_document("pdf", body, max_pages=5, timeout=5)
    assert res.error is None, res.error
    assert res.text.split("\n") == ["hello world"] * 5
    assert res.notes == ["pdf has 6 pages; read the first 5"]
    # within the cap the broken page is reached, and the timeout ends it
    res = read_document("pdf", body, max_pages=6, timeout=2)
    assert res.error and res.error.startswith("timeout")


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL_PDFS))
def test_pathological_pdf_is_bounded(name):
    """(i) error or result within the timeout; the reading process survives and reads
    the next document normally."""
    t = time.monotonic()
    res = read_document("pdf", raw_pdf(PATHOLOGICAL_PDFS[name]), timeout=3)
    assert time.monotonic() - t < 3 + 10
    assert res.error is None or res.error.startswith(("timeout", "corrupt pdf", "out of memory")), res.error
    if res.error is None:
        assert isinstance(res.text, str)
    ok = read_document("pdf", raw_pdf(_pdf_objects()), timeout=30)
    assert ok.error is None and "hello world" in ok.text


@pytest.mark.parametrize("kind,pad,utf16", [("xlsx", 0, False), ("docx", 200_000, False), ("xlsx", 5000, False),
                                            ("docx", 0, True), ("xlsx", 0, True)],
                         ids=["xlsx", "docx-after-200KB-comment", "xlsx-after-5KB-comment", "docx-utf16", "xlsx-utf16"])
def test_entity_declarations_refused_wherever_they_hide(kind, pad, utf16):
    """(j) test_read covers a DOCX with the DTD at the head of its part. A DTD may also
    follow a long comment (legal XML), or sit in a UTF-16 part: still refused before
    any parser sees it, never left to the parsers' own expansion limits."""
    body = entity_office(kind, pad, utf16)
    res = read_document(kind, body, timeout=30)
    assert res.error and "entity" in res.error.lower() and "refused" in res.error, res.error
    assert res.text == ""


def test_entity_declaration_in_an_oddly_named_part_refused():
    """A part's name comes from the package's rels, not its extension: every member
    is looked at, not only *.xml / *.rels."""
    src = zipfile.ZipFile(io.BytesIO(make_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
        z.writestr("word/custom.dat", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    res = read_document("docx", out.getvalue(), timeout=30)
    assert res.error and "custom.dat" in res.error and "refused" in res.error, res.error
    # a normal file, images and all, is not refused
    ok = read_document("docx", make_docx(), timeout=30)
    assert ok.error is None and REPORT_PARAGRAPH in ok.text
    assert read_document("xlsx", make_xlsx(), timeout=30).error is None
