"""Read what the spider fetched: decode HTML by its bytes, turn PDF / DOCX / XLSX
into text + tables, and record (never drop) what cannot be read.

    read_document(fmt, body, max_bytes=, timeout=) -> ReadResult(text, tables, error, notes)
    pipeline.ReadPipeline                             (scrapy item pipeline, order 100)

The package itself loads no Scrapy: the parser children of the forkserver import it,
and keeping Scrapy out of them keeps each child ~25 MB smaller.

One room per concern:

    guards.py     zip-bomb and XML-entity checks (in the parent, before any parser)
    sandbox.py    run_bounded: a forkserver child with a timeout and a memory limit
    pdf.py, docx.py, xlsx.py   one parser each (run in the child)
    result.py     ReadResult and the row helpers the parsers share
    document.py   read_document and the parser table
    pipeline.py   ReadPipeline
"""
from .document import ReadResult, read_document
from .guards import check_zip
from .sandbox import BoundedError, run_bounded

__all__ = ["BoundedError", "ReadResult", "check_zip", "read_document",
           "run_bounded"]
