"""What a fetched body is and how its bytes decode: one rule for the spider and the pipelines.

* ``detect_format(body, content_type, url)`` -> 'html' 'pdf' 'doc' 'docx' 'xls' 'xlsx' 'wps' 'et' 'ofd' 'other'
* ``decode_html(body, content_type)``        -> (text, encoding)
* ``is_image(body)``                         -> a PNG / JPEG / GIF / BMP / TIFF picture?
* ``header(headers, name)``                  -> one header value as str, whatever shape the headers came in
"""
from __future__ import annotations

import codecs
import io
import logging
import re
import zipfile
from urllib.parse import unquote, urlsplit

from charset_normalizer import from_bytes

logger = logging.getLogger(__name__)

FORMATS = ("html", "pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ofd", "other")
FILE_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ofd")
HTML_EXTENSIONS = ("html", "htm", "shtml", "xhtml", "jsp", "asp", "aspx", "php", "do", "action", "cgi")

# ---------------------------------------------------------------------------
# format detection

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|table|script|p\b|link|style|center|font|form|span|a\s|br|h[1-6]|iframe|frameset)",
    re.I | re.S)

_CT_FORMATS = [
    ("application/pdf", "pdf"),
    ("application/x-pdf", "pdf"),
    ("wordprocessingml", "docx"),
    ("spreadsheetml", "xlsx"),
    ("application/msword", "doc"),
    ("application/vnd.ms-word", "doc"),
    ("application/vnd.ms-excel", "xls"),
    ("application/x-excel", "xls"),
    ("application/x-msexcel", "xls"),
    ("kswps", "wps"),
    ("wps-office.wps", "wps"),
    ("vnd.ms-works", "wps"),
    ("kset", "et"),
    ("wps-office.et", "et"),
    ("application/ofd", "ofd"),          # GB/T 33190 (电子文件版式, 数科/福昕 readers)
    ("vnd.ofd", "ofd"),
    ("text/html", "html"),
    ("application/xhtml", "html"),
]


# FILE_EXTENSIONS as a regex alternative, longest first so docx is never read as doc
FILE_EXT_PATTERN = "|".join(sorted(FILE_EXTENSIONS, key=len, reverse=True))


def path_extension(path: str) -> str:
    """Lower-case extension of the last segment of a (decoded) path or file name, or ''."""
    last = path.rsplit("/", 1)[-1].lower()
    return last.rsplit(".", 1)[-1] if "." in last else ""


def url_extension(url: str | None) -> str:
    """Extension of the URL's last path segment, or of a file name carried in the
    query (download.jsp?filename=x.pdf is how many CMSs serve attachments)."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    ext = path_extension(unquote(parts.path))
    if ext in FILE_EXTENSIONS:
        return ext
    # a script that serves files names the file in its query
    m = re.search(r"\.(%s)(?:$|[&#;])" % FILE_EXT_PATTERN, unquote(parts.query).lower())
    if m:
        return m.group(1)
    return ext if ext in HTML_EXTENSIONS else ""


def _looks_binary(body: bytes) -> bool:
    """NUL bytes or many C0 controls in the head of the body: not markup, whatever
    the Content-Type says."""
    head = body[:4096]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(head) * 0.05


def _zip_format(body: bytes, ext: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            names = z.namelist()
            ctypes = ""
            if "[Content_Types].xml" in names:
                info = z.getinfo("[Content_Types].xml")
                if info.file_size < 1024 * 1024:
                    ctypes = z.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        # truncated or damaged container: the URL is all we have to go on
        return ext if ext in ("docx", "xlsx", "ofd") else "other"
    # GB/T 33190: an OFD package names its entry point OFD.xml at the root
    if any(n.lower() == "ofd.xml" for n in names):
        return "ofd"
    if "wordprocessingml" in ctypes or any(n.startswith("word/") for n in names):
        return "docx"
    if "spreadsheetml" in ctypes or any(n.startswith("xl/") for n in names):
        return "xlsx"
    return "other"   # pptx, odt, a zip of files: nothing we read


_WORD_STREAM = "WordDocument".encode("utf-16-le")
_BOOK_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))


def _ole_format(body: bytes, ext: str) -> str:
    """An OLE compound file (D0CF11E0) is Word or Excel by the stream it holds. WPS and
    ET (Kingsoft Office) use the same layout and stream names as Word/Excel 97-2003,
    so within a family only the extension tells them apart; the streams decide the
    family (a .xls that is really a Word file is read as Word)."""
    word = _WORD_STREAM in body
    book = any(b in body for b in _BOOK_STREAMS)
    if word and not (book and ext in ("xls", "et")):
        return ext if ext in ("doc", "wps") else "doc"
    if book:
        return ext if ext in ("xls", "et") else "xls"
    if ext in ("doc", "xls", "wps", "et"):
        return ext           # damaged: the extension says what it was meant to be
    return "other"


# PNG, JPEG, GIF, BMP, TIFF: the pictures a report page may show its table as
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")


# where pages keep an <img>'s address: the lazy-loading attributes first (src then
# holds a placeholder such as loading.gif), then src
IMAGE_SRC_ATTRS = ("data-src", "data-original", "original", "file", "data-echo", "data-url", "src")


def is_image(body: bytes | None) -> bool:
    """Is the body a picture (by its magic bytes)?"""
    return bool(body) and body.startswith(IMAGE_MAGIC)


def _ct_format(content_type: str | None) -> str:
    ct = (content_type or "").lower()
    return next((fmt for needle, fmt in _CT_FORMATS if needle in ct), "")


def detect_format(body: bytes, content_type: str | None, url: str) -> str:
    """Decide what a fetched body is: magic bytes first, then Content-Type, then the
    URL's extension.  Binary bodies served as text/html are never called 'html'."""
    body = body or b""
    ext = url_extension(url)
    head = body[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if body.startswith(b"PK\x03\x04"):
        return _zip_format(body, ext)
    if body.startswith(_OLE_MAGIC):
        # a download script's URL names no extension: the declared type stands in for it
        return _ole_format(body, ext if ext in FILE_EXTENSIONS else _ct_format(content_type))
    stripped = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return "other"
    binary = _looks_binary(body)
    if not binary and _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")):
        return "html"
    ct = (content_type or "").lower()
    for needle, fmt in _CT_FORMATS:
        if needle in ct:
            if fmt == "html":
                return "other" if binary else "html"
            # a declared file type whose magic bytes are missing: damaged or mislabelled;
            # keep the declared type so read_document records why it could not be read
            return fmt
    if ext in FILE_EXTENSIONS:
        return ext
    if binary:
        return "other"
    if ext in HTML_EXTENSIONS or b"<" in head:
        return "html"
    return "other"


# ---------------------------------------------------------------------------
# HTML decoding

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "gb_2312-80", "gb_2312", "csgb2312", "euc-cn", "cp936",
              "x-euc-cn", "hz-gb-2312"}


def _declared_charsets(body: bytes, content_type: str | None) -> list[str]:
    out = []
    m = re.search(r"charset\s*=\s*[\"']?([\w\-]+)", content_type or "", re.I)
    if m:
        out.append(m.group(1).lower())
    m = _META_CHARSET.search(body[:4096])
    if m:
        out.append(m.group(1).decode("ascii", "ignore").lower())
    return out


def _utf8_errors(body: bytes) -> int:
    return body.decode("utf-8", "replace").count("\ufffd") - body.count(b"\xef\xbf\xbd")


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode an HTML body; the bytes decide, declarations only break ties.

    Chinese portals routinely declare gb2312 while serving GBK/GB18030 characters,
    declare utf-8 on GBK pages, or declare nothing.  Valid UTF-8 is practically never
    produced by accident from GBK text, so a body that decodes as UTF-8 is UTF-8.
    """
    body = body or b""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace"), "utf-8"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", "replace"), "utf-16"
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    non_ascii = sum(1 for b in body if b >= 0x80)
    # a truncated body cuts the last character; a handful of bad sequences in a
    # large UTF-8 page is damage, not another encoding
    errors = _utf8_errors(body)
    if errors <= 3 and errors * 50 < max(non_ascii, 1):
        return body.decode("utf-8", "replace"), "utf-8"
    declared = [c for c in _declared_charsets(body, content_type) if c not in ("utf-8", "utf8")]
    for cs in declared:
        if cs in _GB_FAMILY:
            return body.decode("gb18030", "replace"), "gb18030"
        if cs in ("big5", "big-5", "cn-big5", "x-x-big5", "big5-hkscs", "cp950"):
            try:
                return body.decode("big5hkscs"), "big5hkscs"
            except UnicodeDecodeError:
                continue
        try:
            codecs.lookup(cs)
            return body.decode(cs), cs
        except (LookupError, UnicodeDecodeError):
            continue
    # undeclared or wrongly declared utf-8: GB18030 covers nearly all
    # Chinese-government pages that are not UTF-8
    try:
        return body.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    try:
        best = from_bytes(body[:200000]).best()
        if best is not None and best.encoding:
            enc = best.encoding.lower().replace("_", "-")
            if enc in _GB_FAMILY or enc in ("gbk", "gb2312"):
                enc = "gb18030"
            return body.decode(enc, "replace"), enc
    except Exception:  # the detector is a heuristic; never let it break reading
        logger.debug("charset_normalizer failed", exc_info=True)
    return body.decode("gb18030", "replace"), "gb18030"


def header(headers, name: str):
    """Header ``name`` (lower-case) from a dict of str or bytes, a list value, or Scrapy Headers."""
    if not headers:
        return None
    v = headers.get(name)
    if v is None:
        for k, val in headers.items():
            if str(k).lower() == name:
                v = val
                break
    if isinstance(v, (list, tuple)):
        v = v[0] if v else None
    if isinstance(v, bytes):
        v = v.decode("latin-1")
    return v
