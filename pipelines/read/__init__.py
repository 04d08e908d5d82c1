"""Read what the spider fetched: decode HTML by its bytes, turn PDF / DOCX / XLSX /
DOC / WPS / XLS / ET / OFD into text + tables, OCR scanned PDFs and the table
pictures of report pages, and record (never drop) what cannot be read.

    read_document(fmt, body, max_bytes=, timeout=, ocr=) -> ReadResult(text, tables, error, notes, ocr)
    read_images(bodies, ocr=)                            -> per picture {"blocks", "confidence"} | {"error"}
    pipeline.ReadPipeline                                (scrapy item pipeline, order 100)

The package itself loads no Scrapy: the parser children of the forkserver import it,
and keeping Scrapy out of them keeps each child ~25 MB smaller.

One room per concern:

    guards.py     zip-bomb and XML-entity checks (in the parent, before any parser)
    sandbox.py    run_bounded: a forkserver child with a timeout and a memory limit
    pdf.py, docx.py, xlsx.py, xls.py, word97.py, ofd.py   one parser each (run in the child)
    layout.py     positioned words -> lines and table rows (OFD, OCR without rules)
    ocr.py        one picture -> text and tables (Tesseract; ruled grids -> cells)
    scanned.py    which PDFs need OCR; OCR of PDF pages and of table pictures
    images.py     a report page's table pictures: OCR'd rows in place of the <img>
    result.py     ReadResult and the row helpers the parsers share
    document.py   read_document and the parser table
    pipeline.py   ReadPipeline
"""
from .document import ReadResult, ocr_options, read_document, read_images
from .guards import check_zip
from .sandbox import BoundedError, run_bounded

__all__ = ["BoundedError", "ReadResult", "check_zip", "ocr_options", "read_document", "read_images",
           "run_bounded"]
