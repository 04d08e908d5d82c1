"""OLE Word (.doc, and .wps from WPS Office, which writes the same Word 97 binary) ->
text + tables.  LibreOffice converts the file to DOCX (pipelines.read.soffice), read
by the DOCX reader with its merged cells; when soffice is missing or fails, antiword
reads the file and writes DocBook (paragraphs and table rows kept apart, which its
plain-text mode loses when a cell wraps, but no merged cells); catdoc is the
fallback for files antiword refuses (Word 6/95, fast-saved files).  read_notes say
which tool read the file.  Both are
Debian tools run as a subprocess of the bounded child (pipelines.read.sandbox), each
with the time left; what neither reads is an error with their reasons."""
from __future__ import annotations

import os
import subprocess
import tempfile
import time

from lxml import etree

from core.text import squash
from .docx import parse_docx
from .result import ReadResult, cjk_edge, lines_from_rows
from .soffice import to_docx

ANTIWORD = ("antiword", "-x", "db")   # DocBook is always UTF-8
CATDOC = ("catdoc", "-d", "utf-8", "-w")
_ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": "/nonexistent"}
_TABLE_TAGS = {"informaltable", "table"}
_BLOCK_TAGS = {"para", "title", "simpara", "entry", "listitem", "term"}
SOFFICE_SHARE = 0.6     # of the time: what soffice may take, the rest is left to antiword and catdoc


def _run(cmd: tuple, path: str, deadline: float) -> tuple[int, bytes, str]:
    left = max(1.0, deadline - time.monotonic())
    try:
        p = subprocess.run([*cmd, path], capture_output=True, timeout=left, env=_ENV, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        return 127, b"", "%s is not installed" % cmd[0]
    except subprocess.TimeoutExpired:
        return 124, b"", "%s took more than %.0fs" % (cmd[0], left)
    err = squash(p.stderr.decode("utf-8", "replace").replace(path, "the file"))[:200]
    return p.returncode, p.stdout, err


def _cell_text(entry) -> str:
    pieces = [squash(t) for t in entry.itertext() if squash(t)]
    text = pieces[0] if pieces else ""
    for p in pieces[1:]:
        text += ("" if cjk_edge(text, p) else " ") + p
    return text


def _table_rows(table) -> list:
    rows = []
    for row in table.iter("row"):
        cells = []
        names = [c.get("colname") for c in table.iter("colspec")]
        for entry in row.iterchildren("entry"):
            # DocBook spans: namest/nameend across columns, morerows downwards
            span = 1
            if entry.get("namest") in names and entry.get("nameend") in names:
                span = max(1, names.index(entry.get("nameend")) - names.index(entry.get("namest")) + 1)
            try:
                down = 1 + max(0, int(entry.get("morerows") or 0))
            except ValueError:
                down = 1
            cells.append({"text": _cell_text(entry), "rowspan": down, "colspan": span})
        if cells:
            rows.append(cells)
    return rows


def _docbook(xml: bytes) -> tuple[list[str], list]:
    """Paragraphs and tables of antiword's DocBook, in document order."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             recover=True)
    root = etree.fromstring(xml, parser)
    if root is None:
        raise ValueError("antiword wrote no document")
    lines: list[str] = []
    tables: list = []

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _TABLE_TAGS:
            rows = _table_rows(el)
            if rows:
                tables.append(rows)
                lines.extend(lines_from_rows(rows))
            return
        if tag not in _BLOCK_TAGS:          # book, chapter, sect1, lists: containers
            for child in el:
                walk(child)
            return
        own = [squash(el.text or "")]
        for child in el:
            if isinstance(child.tag, str) and (child.tag in _TABLE_TAGS or child.tag in _BLOCK_TAGS):
                if any(own):
                    lines.append("".join(own))
                own = []
                walk(child)
            else:
                own.append(squash("".join(child.itertext())))
            own.append(squash(child.tail or ""))
        if any(own):
            lines.append("".join(own))

    walk(root)
    return [l for l in lines if l], tables


def _catdoc_text(out: bytes) -> tuple[list[str], list]:
    """catdoc's plain text: a line of tab-separated cells is a table row (catdoc ends
    each Word cell with a tab); consecutive such lines are one table."""
    lines, tables, block = [], [], []
    for raw in out.decode("utf-8", "replace").replace("\r", "\n").replace("\x0c", "\n").split("\n"):
        cells = [squash(c) for c in raw.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) >= 2:
            block.append([{"text": c, "rowspan": 1, "colspan": 1} for c in cells])
        else:
            if len(block) >= 2:
                tables.append(block)
            block = []
        if squash(raw):
            lines.append("\t".join(cells) if len(cells) >= 2 else squash(raw))
    if len(block) >= 2:
        tables.append(block)
    return lines, tables


def parse_word97(body: bytes, opts: dict) -> ReadResult:
    began = time.monotonic()
    budget = float(opts.get("timeout") or 60) * 0.9     # inside the bounded child's own limit
    deadline = began + budget
    with tempfile.TemporaryDirectory(prefix="nianbao-doc-") as tmp:
        path = os.path.join(tmp, "in.doc")
        with open(path, "wb") as f:
            f.write(body)
        docx_bytes, why = to_docx(path, tmp, began + budget * SOFFICE_SHARE)
        if docx_bytes is not None:
            try:
                res = parse_docx(docx_bytes, opts)
            except Exception as e:  # a DOCX python-docx cannot open: antiword still may
                res, why = None, "soffice: its DOCX unreadable: %s" % type(e).__name__
            if res is not None and res.text.strip():
                res.notes.append("read by soffice (LibreOffice) in %.1fs" % (time.monotonic() - began))
                return res
            why = why or "soffice: no text"
        return _legacy_tools(path, deadline, why)


def _legacy_tools(path: str, deadline: float, soffice_why: str) -> ReadResult:
    """antiword, then catdoc; the reasons start with antiword's (callers tell an
    unsupported file by it), soffice's last."""
    reasons = []
    rc, out, err = _run(ANTIWORD, path, deadline)
    if rc < 0:                      # killed by a signal: antiword's crashes depend on memory layout
        rc, out, err = _run(ANTIWORD, path, deadline)
    if rc == 0 and out.strip():
        lines, tables = _docbook(out)
        if lines:
            return ReadResult("\n".join(lines), tables, notes=["read by antiword, merged cells lost (%s)" % soffice_why])
        reasons.append("antiword: no text")
    else:
        reasons.append("antiword: %s" % (err or "exit %d" % rc))
    rc, out, err = _run(CATDOC, path, deadline)
    if rc == 0 and out.strip():
        lines, tables = _catdoc_text(out)
        if lines:
            return ReadResult("\n".join(lines), tables, notes=["read by catdoc (%s; %s)" % (reasons[0], soffice_why)])
    reasons.append("catdoc: %s" % (err or ("exit %d" % rc if rc else "no text")))
    reasons.append(soffice_why)
    raise ValueError("; ".join(reasons))
