"""read_document: the plain function behind the pipeline.  Cheap refusals in the
parent (unsupported format, empty, too large, zip bombs and XML entities, no %PDF
header), then the format's parser in the bounded child; every failure is an error
result with its reason, never an exception."""
from __future__ import annotations

import logging

from crawler import settings
from .docx import parse_docx
from .guards import check_zip
from .pdf import parse_pdf
from .result import ReadResult
from .sandbox import DEFAULT_MAX_MEMORY, BoundedError, run_bounded
from .xlsx import parse_xlsx

__all__ = ["read_document", "ReadResult"]

logger = logging.getLogger(__name__)

# module-level functions: the child gets them pickled by reference
_PARSERS = {"pdf": parse_pdf, "docx": parse_docx, "xlsx": parse_xlsx}


def read_document(fmt: str, body: bytes, *, max_bytes: int = settings.NIANBAO_MAX_DOC_BYTES,
                  timeout: float = settings.NIANBAO_PARSE_TIMEOUT, max_pages: int = settings.NIANBAO_MAX_PDF_PAGES,
                  max_memory: int = DEFAULT_MAX_MEMORY) -> ReadResult:
    """Text and tables of a PDF / DOCX / XLSX body; anything else is an error result
    ('unsupported format: doc'), never an exception."""
    body = body or b""
    if fmt not in _PARSERS:
        return ReadResult(error="unsupported format: %s" % fmt)
    if not body:
        return ReadResult(error="empty body")
    if len(body) > max_bytes:
        return ReadResult(error="too large: %d bytes (limit %d)" % (len(body), max_bytes))
    if fmt in ("docx", "xlsx"):
        reason = check_zip(body)
        if reason:
            return ReadResult(error=reason)
    elif fmt == "pdf" and b"%PDF-" not in body[:1024]:
        return ReadResult(error="corrupt pdf: no %PDF header")
    try:
        return run_bounded(_PARSERS[fmt], (body, {"max_pages": max_pages}), timeout=timeout, max_memory=max_memory)
    except BoundedError as e:
        reason = str(e)
        if not reason.startswith(("timeout", "out of memory", "parser died")):
            reason = "corrupt %s: %s" % (fmt, reason)
        else:
            reason = "%s (%s)" % (reason, fmt)
        return ReadResult(error=reason)
    except Exception as e:  # could not even start the child: record, never raise
        logger.exception("bounded parse failed")
        return ReadResult(error="parse failed: %s: %s" % (type(e).__name__, e))
