"""The page tree: parsing HTML safely (bad characters, hostile depth) and the tag
vocabulary and node surgery every cleaning step shares."""
from __future__ import annotations

import re
from contextvars import ContextVar

import lxml.etree
import lxml.html

# never content: scripts, widgets, form controls, media, the head
DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
             "select", "option", "input", "button", "textarea", "audio", "video", "map", "area", "link",
             "meta", "head"}
# elements a browser shows on their own lines
BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "ul", "ol",
              "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
              "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "center", "form", "fieldset",
              "address", "figure", "figcaption", "hr", "body", "html", "details", "summary", "menu"}
CELL_TAGS = {"td", "th"}
INLINE_TAGS = {"font", "span", "b", "strong", "i", "em", "u", "small", "big", "sup", "sub", "s", "strike",
               "del", "ins", "label", "abbr", "acronym", "cite", "code", "kbd", "q", "samp", "tt", "var",
               "mark", "nobr", "blink", "marquee", "o:p"}

# libxml2 stops building the tree at 256 levels and silently drops the rest of the
# page; pages that open a <font>/<span> per paragraph and never close it (old TRS and
# hand-edited pages) nest that deep.  huge_tree lifts the cap to ~2048 levels, and
# bound_depth then flattens what is deeper than our own recursive walks can take.
_PARSER = lxml.etree.HTMLParser(huge_tree=True)
# lxml.html's parser picks each element's Python class in a Python callback (form
# elements get form mixins), called whenever a walk meets an element with no live
# proxy -- every walk of every copy trafilatura makes of the page (~16 k calls per
# typical page).  Nothing here or in trafilatura uses the form mixins, so the plain
# lxml.html classes, picked in C, make the same tree for less.
_PARSER.set_element_class_lookup(lxml.etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity))
MAX_INLINE_DEPTH = 48    # inline tags nested deeper are unwrapped (their text stays)
MAX_DEPTH = 160          # any element nested deeper is unwrapped (a block leaves a line break)
_TOO_DEEP = lxml.etree.XPath("boolean(%s)" % "/".join(["*"] * MAX_INLINE_DEPTH))

# Characters XML (and so lxml) cannot hold: C0 controls but tab/newline/CR, U+FFFE/F,
# lone surrogates.  Pages pasted from Word carry \x0b (line break) and \x07/\x08
# bytes; lxml parses them but raises as soon as a text holding one is set again
# (remove_keeping_tail moving a tail), so they go before parsing: VT/FF read as a space.
_XML_SPACE = re.compile("[\x0b\x0c]")
_XML_BAD = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# either kind: most pages hold none, and one scan finding none saves the two rewrites
_XML_ANY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# The renderings of the page being cleaned (render.py fills it, clean_html scopes it
# to one page): each data table's, and each block's lines and tables.  page_meta
# renders the whole page, the chrome judge its blocks, the content the container:
# the same subtrees again, and nothing changes a subtree between those renders but
# a removal inside it, which forgets it and its ancestors (remove_keeping_tail; the
# tail it moves goes to a sibling's tail, which is its parent's text, not the
# sibling's).  A context variable, so pages cleaned on several threads keep their own.
RENDERED: ContextVar[dict | None] = ContextVar("nianbao_rendered", default=None)


def text_of(el) -> str:
    """el.text_content(), for the hot loops: the same libxml2 content walk without
    the XPath evaluation text_content sets up per call (~3x faster per element)."""
    return lxml.etree.tostring(el, method="text", encoding=str, with_tail=False)


def tag_name(el) -> str:
    """The lower-case tag, or "" for comments and processing instructions."""
    t = el.tag
    return t.lower() if isinstance(t, str) else ""


def remove_keeping_tail(el) -> None:
    """Remove an element but keep its tail text (which belongs to the parent)."""
    parent = el.getparent()
    if parent is None:
        return
    rendered = RENDERED.get()
    if rendered:
        node = parent
        while node is not None:
            rendered.pop(node, None)
            node = node.getparent()
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _add_text(target, s) -> None:
    if not s:
        return
    if len(target):
        target[-1].tail = (target[-1].tail or "") + s
    else:
        target.text = (target.text or "") + s


def bound_depth(root) -> None:
    """Re-nest an over-deep tree in place so no element is deeper than MAX_DEPTH and
    no inline element deeper than MAX_INLINE_DEPTH: such elements are unwrapped (their
    text and children move up, in order; a block leaves a <br> on each side so its
    lines stay apart).  Iterative and O(n): the point is to be safe on hostile trees."""
    children = list(root)
    for c in children:
        root.remove(c)
    # frames: (iterator over an element's detached children, where they go, depth of
    # that target, the unwrapped element whose tail follows them or None)
    frames = [(iter(children), root, 0, None)]
    while frames:
        it, target, depth, unwrapped = frames[-1]
        child = next(it, None)
        if child is None:
            frames.pop()
            if unwrapped is not None:
                if tag_name(unwrapped) in BLOCK_TAGS:
                    target.append(target.makeelement("br", {}))
                _add_text(target, unwrapped.tail)
            continue
        if len(child) == 0 or not isinstance(child.tag, str):
            target.append(child)            # a leaf moves with its text and tail
            continue
        tag = tag_name(child)
        kids = list(child)
        for k in kids:
            child.remove(k)
        if depth + 1 > MAX_DEPTH or (depth + 1 > MAX_INLINE_DEPTH and tag in INLINE_TAGS):
            if tag in DROP_TAGS:
                _add_text(target, child.tail)   # never unwrap a script/style into text
                continue
            if tag in BLOCK_TAGS:
                target.append(target.makeelement("br", {}))
            _add_text(target, child.text)
            frames.append((iter(kids), target, depth, child))
        else:
            target.append(child)            # keeps its own text and tail
            frames.append((iter(kids), child, depth + 1, None))


def parse_html(html: str):
    """The page's tree (depth bounded), or None when there is nothing to parse."""
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html or "")
    if _XML_ANY.search(html):
        html = _XML_BAD.sub("", _XML_SPACE.sub(" ", html))
    if not html.strip():
        return None
    try:
        doc = lxml.html.document_fromstring(html, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError):
        return None
    if _TOO_DEEP(doc):
        bound_depth(doc)
    return doc
