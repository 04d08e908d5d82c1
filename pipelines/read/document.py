"""read_document: the plain function behind the pipeline.  Cheap refusals in the
parent (unsupported format, empty, too large, zip bombs and XML entities, no %PDF
header, a legacy file that is no OLE compound file), then the format's parser in the
bounded child; a PDF whose text layer cannot stand for its pages is OCR'd in a
second bounded child with its own time limit (off the path of every document that
has text).  Every failure is an error result with its reason, never an exception."""
from __future__ import annotations

import logging

from crawler import settings
from .docx import parse_docx
from .guards import check_zip
from .ofd import parse_ofd
from .pdf import parse_pdf
from .result import ReadResult
from .sandbox import DEFAULT_MAX_MEMORY, BoundedError, run_bounded
from .scanned import ocr_images, ocr_pdf
from .word97 import parse_word97
from .xls import parse_xls
from .xlsx import parse_xlsx

__all__ = ["ocr_options", "read_document", "read_images", "ReadResult"]

logger = logging.getLogger(__name__)

# module-level functions: the child gets them pickled by reference
_PARSERS = {"pdf": parse_pdf, "docx": parse_docx, "xlsx": parse_xlsx, "doc": parse_word97, "wps": parse_word97,
            "xls": parse_xls, "et": parse_xls, "ofd": parse_ofd}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LEGACY = ("doc", "wps", "xls", "et")


def ocr_options(*, lang: str = settings.NIANBAO_OCR_LANG, dpi: int = settings.NIANBAO_OCR_DPI,
                max_pages: int = settings.NIANBAO_OCR_MAX_PAGES, timeout: float = settings.NIANBAO_OCR_TIMEOUT) -> dict:
    """The OCR bounds read_document and read_images take (None there: OCR off)."""
    return {"lang": lang, "dpi": dpi, "max_pages": max_pages, "timeout": timeout}


def read_document(fmt: str, body: bytes, *, max_bytes: int = settings.NIANBAO_MAX_DOC_BYTES,
                  timeout: float = settings.NIANBAO_PARSE_TIMEOUT, max_pages: int = settings.NIANBAO_MAX_PDF_PAGES,
                  max_memory: int = DEFAULT_MAX_MEMORY, ocr: dict | None = None) -> ReadResult:
    """Text and tables of a PDF / DOCX / XLSX / DOC / WPS / XLS / ET / OFD body; anything
    else is an error result ('unsupported format: rtf'), never an exception. `ocr`
    (ocr_options()) lets a scanned PDF be OCR'd; None leaves it as its text layer."""
    body = body or b""
    if fmt not in _PARSERS:
        return ReadResult(error="unsupported format: %s" % fmt)
    if not body:
        return ReadResult(error="empty body")
    if len(body) > max_bytes:
        return ReadResult(error="too large: %d bytes (limit %d)" % (len(body), max_bytes))
    if fmt in ("docx", "xlsx", "ofd"):
        reason = check_zip(body)
        if reason:
            return ReadResult(error=reason)
    elif fmt == "pdf" and b"%PDF-" not in body[:1024]:
        return ReadResult(error="corrupt pdf: no %PDF header")
    elif fmt in _LEGACY and not body.startswith(_OLE):
        # WPS 97 / DOS WPS, Works or a renamed file: nothing here reads those
        return ReadResult(error="unsupported format: %s (not an OLE compound file)" % fmt)
    res = _bounded(fmt, _PARSERS[fmt], (body, {"max_pages": max_pages, "timeout": timeout}), timeout, max_memory)
    if res.wants_ocr and not res.error:
        if ocr is None:
            res.notes.append("%s; OCR is off" % res.wants_ocr)
            return res
        scan = _bounded(fmt, ocr_pdf, (body, dict(ocr, why=res.wants_ocr)), float(ocr["timeout"]) + 15, max_memory)
        if scan.error or not scan.text.strip():
            res.notes.append("%s; OCR gave %s" % (res.wants_ocr, scan.error or "no text"))
            return res
        scan.notes = res.notes + scan.notes
        return scan
    return res


def read_images(bodies: list, *, ocr: dict, max_memory: int = DEFAULT_MAX_MEMORY) -> list:
    """OCR of the pictures a report page shows as its tables, in one bounded child:
    per picture {"blocks": [(text, rows | None)], "confidence"} or {"error"}."""
    try:
        return run_bounded(ocr_images, (bodies, ocr), timeout=float(ocr["timeout"]) + 15, max_memory=max_memory)
    except BoundedError as e:
        return [{"error": str(e)}] * len(bodies)
    except Exception as e:  # could not even start the child: record, never raise
        logger.exception("bounded OCR failed")
        return [{"error": "%s: %s" % (type(e).__name__, e)}] * len(bodies)


def _bounded(fmt, func, args, timeout, max_memory) -> ReadResult:
    try:
        return run_bounded(func, args, timeout=timeout, max_memory=max_memory)
    except BoundedError as e:
        reason = str(e)
        if reason.startswith(("timeout", "out of memory", "parser died")):
            reason = "%s (%s)" % (reason, fmt)
        elif fmt in _LEGACY and reason.startswith("ValueError: antiword"):
            reason = "unsupported format: %s (%s)" % (fmt, reason[len("ValueError: "):])
        else:
            reason = "corrupt %s: %s" % (fmt, reason)
        return ReadResult(error=reason)
    except Exception as e:  # could not even start the child: record, never raise
        logger.exception("bounded parse failed")
        return ReadResult(error="parse failed: %s: %s" % (type(e).__name__, e))
