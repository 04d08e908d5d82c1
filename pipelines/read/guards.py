"""Container checks run in the parent before any parser sees a DOCX / XLSX body:
zip bombs (declared sizes, ratios, member counts) and XML parts that declare a DTD
or entities (an entity-expansion attack; Office XML never carries one)."""
from __future__ import annotations

import codecs
import io
import re
import zipfile

# zip-bomb bounds for DOCX/XLSX: real reports inflate to a few MB
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200                        # per member, only judged for members above 1 MB
MAX_MEMBERS = 10000


def check_zip(body: bytes, max_uncompressed: int = MAX_UNCOMPRESSED) -> str | None:
    """Reason to refuse an OOXML container before parsing it, or None.

    Judged on the declared sizes in the central directory; zipfile itself refuses
    to inflate a member past its declared size, so the declaration is binding."""
    try:
        z = zipfile.ZipFile(io.BytesIO(body))
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        return "corrupt zip container: %s" % e
    with z:
        infos = z.infolist()
        if len(infos) > MAX_MEMBERS:
            return "zip bomb: %d members" % len(infos)
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                return "zip bomb: %s inflates %d -> %d bytes (ratio %d)" % (
                    info.filename, info.compress_size, info.file_size, info.file_size // max(info.compress_size, 1))
        if total > max_uncompressed:
            return "zip bomb: %d bytes uncompressed (limit %d)" % (total, max_uncompressed)
        # Office XML never carries a DTD; one that does is an entity-expansion attack.
        # Every member is looked at (a part may have any name its rels give it), and
        # its whole prolog is read: a comment before the DOCTYPE is legal XML.
        for info in infos:
            if not info.file_size or info.is_dir():
                continue
            try:
                with z.open(info) as f:
                    found = _prolog_declares_dtd(f)
            except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, EOFError) as e:
                return "corrupt zip container: %s: %s" % (info.filename, e)
            if found:
                return "xml with DTD/entity declarations in %s refused (%s)" % (info.filename, found)
    return None


# what may come before an XML document's root element: whitespace, the XML
# declaration and other processing instructions, comments
_PROLOG_SKIP = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
MAX_PROLOG = 1024 * 1024


def _prolog_declares_dtd(f) -> str | None:
    """Read an XML part up to its root element: 'DOCTYPE' / 'ENTITY' when a declaration
    comes first, 'prolog over 1 MB' when the prolog never ends, None when the root
    element (or something that is not XML at all) comes first.  UTF-16 parts are
    transcoded first, or their declarations would hide between NUL bytes."""
    buf, decoder, first = b"", None, True
    while True:
        chunk = f.read(64 * 1024)
        if first:
            first = False
            if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                decoder = codecs.getincrementaldecoder("utf-16")("replace")
            elif chunk[:2] in (b"<\0", b"\0<"):
                decoder = codecs.getincrementaldecoder("utf-16-le" if chunk[:1] == b"<" else "utf-16-be")("replace")
        if decoder is not None:
            chunk = decoder.decode(chunk, final=not chunk).encode("utf-8")
        buf += chunk
        body = buf[3:] if buf.startswith(codecs.BOM_UTF8) else buf
        rest = body[_PROLOG_SKIP.match(body).end():]
        if rest:
            if rest[:1] != b"<":
                return None                  # not markup: an image, a binary part
            if not rest.startswith((b"<?", b"<!--")) and (len(rest) >= 9 or not chunk):
                head = rest[:9].upper()
                if head.startswith((b"<!DOCTYPE", b"<!ENTITY")):
                    return head[2:].split()[0].decode("ascii", "replace")
                return None                  # the root element: no DTD
            # else an unfinished comment / PI, or too little to judge: read on
        if not chunk:
            return None                      # ended inside the prolog: the parser will say so
        if len(buf) > MAX_PROLOG:
            return "prolog over 1 MB"
