"""Fingerprints of a page's blocks, to learn a portal's template by comparing pages.

A portal prints the same header, navigation, side columns, floating assistant
and footer on every page it serves.  The spider fingerprints the blocks of the
page that linked a candidate document (a list page of the same column, so of the
same template) and the cleaner removes the document's blocks that carry one of
those fingerprints *outside its content*: whatever words the template uses, a
block the list page also shows is not the report.

A fingerprint is the block's tag, whether it is a link block, and its visible
text with digits folded (visitor counters and today's date change from page to
page): an identical sentence in two reports is never compared here, only a
report page against the list that linked it.  Both sides use ``fingerprint`` so
the spider (floor 2, crawler) and the cleaner (floor 2, pipelines) agree.
"""
from __future__ import annotations

import hashlib
import re

# blocks a template is made of
BLOCK_TAGS = frozenset({"div", "p", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "td", "th", "section",
                        "header", "footer", "nav", "aside", "form", "h1", "h2", "h3", "h4", "h5", "h6", "span",
                        "center", "address", "article", "main"})
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "title"})
# a block of this much text or more is a column of content, never one template piece
MAX_BLOCK_CHARS = 2000
MIN_BLOCK_CHARS = 2
# at most this many fingerprints per page (a hostile page cannot grow the request meta)
MAX_FINGERPRINTS = 3000
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


def _tag(el) -> str:
    t = el.tag
    return t.lower() if isinstance(t, str) else ""


def _text(el) -> tuple[str, int]:
    """(visible text, spaces removed; characters of it inside links)."""
    parts, link = [], 0

    def walk(e, in_link):
        nonlocal link
        tag = _tag(e)
        if not tag or tag in _INVISIBLE:
            return
        in_link = in_link or tag == "a"
        if e.text:
            parts.append(e.text)
            if in_link:
                link += len(_SPACE.sub("", e.text))
        for c in e:
            walk(c, in_link)
            if c.tail:
                parts.append(c.tail)
                if in_link:
                    link += len(_SPACE.sub("", c.tail))

    walk(el, False)
    return _SPACE.sub("", "".join(parts)), link


def fingerprint(el, text: str | None = None, link_len: int | None = None) -> str | None:
    """The block's fingerprint, or None for a block too short or too long to be a
    template piece."""
    tag = _tag(el)
    if tag not in BLOCK_TAGS:
        return None
    if text is None or link_len is None:
        if len(el.text_content()) > 4 * MAX_BLOCK_CHARS:
            return None     # cheap C-level length first: big columns are never walked
        text, link_len = _text(el)
    if not MIN_BLOCK_CHARS <= len(text) <= MAX_BLOCK_CHARS:
        return None
    linky = "L" if link_len * 2 >= len(text) else "T"
    key = "%s|%s|%s" % (tag, linky, _DIGITS.sub("0", text))
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def block_fingerprints(root) -> frozenset[str]:
    """Fingerprints of the blocks of a page (its body), at most MAX_FINGERPRINTS."""
    if root is None:
        return frozenset()
    body = root.find("body") if _tag(root) == "html" else root
    if body is None:
        body = root
    out: set[str] = set()
    for el in body.iter():
        if len(out) >= MAX_FINGERPRINTS:
            break
        fp = fingerprint(el)
        if fp:
            out.add(fp)
    return frozenset(out)
