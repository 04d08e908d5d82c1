"""The block judge: which blocks of a page are chrome (navigation, widgets, the
metadata table, related links, footer), judged on text, ARIA roles and structure,
never on class names."""
from __future__ import annotations

import re
from functools import cached_property

from core.template import fingerprint
from core.text import squash, strip_space
from pipelines.clean.page_meta import attachment_ext
from pipelines.clean.render import is_layout_table, render
from pipelines.clean.tree import BLOCK_TAGS, DROP_TAGS, remove_keeping_tail, tag_name, text_of
from pipelines.clean.vocab import (ATTACH_HEAD, FOOTER_RE, META_LABEL_CELL_RE, META_LABEL_RE, META_PAIR_RE, PICTURE_TAGS,
                                   RELATED_HEAD, RESIDUE, STRONG_RE, WEAK_RE)
from pipelines.clean.widgets import margin_text_kind, text_buttons_kind, widget_holders, widget_kind

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# ARIA roles of page furniture
_CHROME_ROLES = ("navigation", "banner", "contentinfo", "search", "menubar", "toolbar")


def _link_text_len(el) -> int:
    n = 0
    for a in el.iter("a"):
        n += len(strip_space(a.text_content()))
    return n


def _strip_chrome_phrases(text: str, weak: bool, stripped: tuple[str, int] | None = None) -> str:
    """What is left of text once its chrome phrases are gone.  ``stripped``: text's
    STRONG_RE.subn(" ", text) when the caller has it (one scan of the big pattern,
    not a search and a sub)."""
    text, n_strong = stripped if stripped is not None else STRONG_RE.subn(" ", text)
    if n_strong:
        text = FOOTER_RE.sub(" ", text)
    if weak:
        text = WEAK_RE.sub(" ", text)
    return RESIDUE.sub("", text)


def _is_metadata_block(lines: list[str]) -> bool:
    text = "\n".join(lines)
    labels = len(META_LABEL_RE.findall(text))
    cells = sum(1 for l in lines for c in l.split("\t") if META_LABEL_CELL_RE.match(c.strip()))
    return labels + cells >= 3


class _TextFacts:
    """What the judge reads off a block's rendered text alone, each computed when
    first asked.  A page's wrappers (td > p > span > font) hold the same text and are
    judged level by level, so remove_chrome keeps one per distinct text of the page:
    each pattern then scans a text once, not once per wrapper."""

    def __init__(self, lines: list[str], text: str):
        self.lines, self.text = lines, text
        self._residual: dict[bool, str] = {}

    @cached_property
    def metadata_residual(self) -> int | None:
        """Characters left once the label：value pairs are gone, when the text is a
        metadata block (None when it is not one)."""
        if not _is_metadata_block(self.lines):
            return None
        return len(strip_space(META_PAIR_RE.sub(" ", self.text)))

    @cached_property
    def strong(self) -> tuple[str, int]:
        return STRONG_RE.subn(" ", self.text)

    @cached_property
    def weak_hits(self) -> int:
        return len(WEAK_RE.findall(self.text))

    def residual(self, weak: bool) -> str:
        if weak not in self._residual:
            self._residual[weak] = _strip_chrome_phrases(self.text, weak, self.strong)
        return self._residual[weak]


def _chrome_kind(el, seen: dict | None = None) -> str | None:
    """Why this element is page chrome, or None.

    Judged on the element's text: a block is chrome when, with the chrome phrases
    taken out, (next to) nothing is left.  Weak phrases (网站地图, 打印, 关闭 ...) are
    common words, so they only count as link text or beside other chrome.
    ``seen``: the _TextFacts of texts judged before on this page, by text."""
    raw = text_of(el)
    # a block of over 1500 characters bar spaces is not chrome; a page's wrappers hold
    # most of its text, and for most of them its first 3000 characters tell (spaces
    # taken out of a part of a text leave no more than the whole has)
    if len(raw) > 1500 and len(strip_space(raw[:3000])) > 1500:
        return None
    sq = strip_space(raw)
    if not sq:
        return None
    if len(sq) > 1500:
        return None
    role = (el.get("role") or "").lower()
    if role in _CHROME_ROLES and len(sq) < 600:
        return "role:" + role
    # running prose is never chrome: chrome blocks are labels, links and names
    if sq.count("。") >= 2 or ("。" in sq and len(sq) > 120):
        return None
    lines, _ = render(el)
    text = "\n".join(lines)
    facts = seen.get(text) if seen is not None else None
    if facts is None:
        facts = _TextFacts(lines, text)
        if seen is not None:
            seen[text] = facts
    meta_residual = facts.metadata_residual
    if meta_residual is not None:
        # the metadata table (its values were read into page_meta already): nothing
        # but label：value pairs
        if meta_residual <= max(20, len(sq) // 7):
            return "metadata"
    link_len = _link_text_len(el)
    density = link_len / max(len(sq), 1)
    first = squash(lines[0]) if lines else ""
    if density >= 0.5 and RELATED_HEAD.match(first) and len(lines) >= 2:
        return "related"
    if len(sq) > 600:
        return None
    strong = facts.strong[1] > 0
    weak_hits = facts.weak_hits
    weak = strong or weak_hits >= 2 or density >= 0.5
    # non-link text decides for link-heavy blocks (a footer's links are chrome words
    # and names of other sites)
    if density >= 0.5 and (strong or weak_hits):
        residual = _strip_chrome_phrases(_nonlink_text(el), weak)
    else:
        residual = facts.residual(weak)
    if (strong or weak_hits) and len(residual) <= max(2, len(sq) // 10):
        return "chrome"
    # a menu: several short links and (nearly) nothing else
    anchors = [a for a in el.iter("a") if strip_space(a.text_content())]
    if len(anchors) >= 4 and density >= 0.7 and not any(
            attachment_ext(a.get("href") or "", a.text_content()) for a in anchors):
        mean = link_len / len(anchors)
        if mean <= 10:
            return "menu"
    return None


def _nonlink_text(el) -> str:
    parts = []

    def walk(e):
        if tag_name(e) == "a":
            return
        if e.text:
            parts.append(e.text)
        for c in e:
            if tag_name(c) not in DROP_TAGS:
                walk(c)
            if c.tail:
                parts.append(c.tail)
    walk(el)
    return " ".join(parts)


def _standalone(el) -> bool:
    """An inline element is only judged as a block when it does not sit inside a
    sentence: no text right before or after it."""
    if tag_name(el) in BLOCK_TAGS:
        return True
    if el.tail and el.tail.strip():
        return False
    prev = el.getprevious()
    before = prev.tail if prev is not None else (el.getparent().text if el.getparent() is not None else "")
    return not (before and before.strip())


def _hidden(el) -> str | None:
    """Hidden widgets (aria-hidden, display:none) are not what a reader sees; a large
    hidden block is kept, since some CMSs hide the body until a script runs."""
    if (el.get("aria-hidden") or "").lower() == "true" or el.get("hidden") is not None \
            or _HIDDEN_STYLE.search(el.get("style") or ""):
        if len(strip_space(el.text_content())) < 300:
            return "hidden"
    tag = tag_name(el)
    if tag in ("nav", "aside") and len(strip_space(el.text_content())) < 1500:
        return tag
    if tag == "form" and len(strip_space(el.text_content())) < 200:
        return "form"
    return None


def remove_chrome(root) -> list[str]:
    """Remove chrome blocks under root (top-down: a removed block is not descended
    into).  Returns the kinds removed, for debugging."""
    removed = []
    holders = widget_holders(root)
    seen: dict = {}
    stack = [root]
    while stack:
        el = stack.pop()
        for child in list(el):
            tag = tag_name(child)
            if not tag:
                continue
            if tag in DROP_TAGS:
                if tag not in PICTURE_TAGS:  # a canvas or svg stays: with its caption it is a widget's
                    remove_keeping_tail(child)  # shape (a QR code) prune_margins still has to see
                continue
            hidden = _hidden(child)
            if hidden:
                remove_keeping_tail(child)
                removed.append(hidden)
                continue
            kind = (_chrome_kind(child, seen) or widget_kind(child, holders=holders)) if _standalone(child) else None
            if kind:
                remove_keeping_tail(child)
                removed.append(kind)
            elif tag == "table" and not is_layout_table(child):
                continue    # a data table is judged whole, never cell by cell
            else:
                stack.append(child)
    return removed


def _own_text(el) -> str:
    """el's own words, spaces and all: its text and its children's tails, not its
    children's text."""
    return (el.text or "") + "".join((c.tail or "") for c in el if tag_name(c) not in DROP_TAGS)


def content_anchors(container) -> list:
    """The report's own text under container, in document order: elements whose own
    words hold a sentence, and data tables (not descended into)."""
    anchors = []
    stack = [container]
    while stack:
        el = stack.pop()
        tag = tag_name(el)
        if not tag or tag in DROP_TAGS:
            continue
        if tag == "table" and el is not container and not is_layout_table(el):
            anchors.append(el)
            continue
        own = _own_text(el)
        # a sentence, or 60 characters bar spaces (spaces are only stripped off text
        # long enough to matter: most elements own none or a few words)
        if "。" in own or (len(own) >= 60 and len(strip_space(own)) >= 60):
            anchors.append(el)
        stack.extend(reversed([c for c in el if isinstance(c.tag, str)]))
    return anchors


# the mark learn_template leaves on a block the linking page also shows
_TEMPLATE_MARK = "data-nb-template"


def _template_safe(el) -> bool:
    """Blocks a template match never touches: running prose, data tables, attachment links."""
    if "。" in el.text_content():
        return True
    for t in el.iter("table"):
        if not is_layout_table(t):
            return True
    return any(attachment_ext(a.get("href") or "", a.text_content()) or ATTACH_HEAD.match(a.text_content() or "")
               for a in el.iter("a"))


def learn_template(root, template) -> int:
    """Mark the blocks of the page that the page which linked it also shows (the
    portal's template); prune_margins removes them when they lie outside the
    content.  Marking only, never removing here: a block the linking page happens
    to share with the report (its signature, a heading) stays if it is the
    report's.  Run on the page as served, before any removal, so a block's text
    is the text the linking page was fingerprinted with.  Returns the count marked."""
    if not template:
        return 0
    marked = 0
    stack = [root]
    while stack:
        el = stack.pop()
        for child in el:
            if not isinstance(child.tag, str) or tag_name(child) in DROP_TAGS:
                continue
            fp = fingerprint(child)
            if fp is not None and fp in template and not _template_safe(child):
                child.set(_TEMPLATE_MARK, "1")
                marked += 1
                continue
            stack.append(child)
    return marked


def prune_margins(container) -> list[str]:
    """Remove widgets from the container's margins: blocks before its first or
    after its last paragraph / data table, off the branch those hang on, judged
    by shape with link lists and lone captioned icons counted as furniture
    (a report's margins hold its signature and attachments, never those), and
    blocks learn_template marked when they lie outside the paragraphs' common
    parent.  Returns the kinds removed."""
    anchors = content_anchors(container)
    if not anchors:
        return []
    spine = set()
    for a in anchors:
        node = a
        while node is not None and node not in spine:
            spine.add(node)
            if node is container:
                break
            node = node.getparent()
    anchor_set = set(anchors)
    order = {el: i for i, el in enumerate(container.iter())}
    first = order[anchors[0]]
    last = _last_pos(anchors[-1], order)
    # the paragraphs' common parent: the article as its editor wrote it
    lca = _common_parent(anchors, container)
    lca_range = (order.get(lca, 0), _last_pos(lca, order))
    removed = []
    holders = widget_holders(container)
    stack = [container]
    while stack:
        el = stack.pop()
        for child in list(el):
            tag = tag_name(child)
            if not tag or child in spine:
                if tag and child not in anchor_set:
                    stack.append(child)
                continue
            pos = order.get(child)
            if pos is None or first < pos <= last:
                continue
            outside = not lca_range[0] <= pos <= lca_range[1]
            if child.get(_TEMPLATE_MARK) and outside:
                remove_keeping_tail(child)
                removed.append("margin:template")
                continue
            kind = None
            if pos < first and _is_metadata_block(render(child)[0]):
                kind = "metadata"       # the 索引号 table above the article (its values are in page_meta)
            elif _standalone(child):
                raw = child.text_content()
                kind = (widget_kind(child, margin=True, holders=holders) or text_buttons_kind(raw)
                        or (margin_text_kind(child, raw) if outside else None))
            if kind:
                remove_keeping_tail(child)
                removed.append("margin:" + kind)
            elif not (tag == "table" and not is_layout_table(child)):
                stack.append(child)
    return removed


def _last_pos(el, order) -> int:
    """Document position of el's last descendant (el's own when it has none); el
    and its subtree are in ``order`` (positions in document order), so that is the
    position of its last child's last child ..., found without walking the subtree."""
    node = el
    while len(node):
        node = node[-1]
    return order.get(node, order.get(el, 0))


def _common_parent(elements, container):
    """The lowest element under (or equal to) container holding all the elements;
    a lone paragraph's parent (its article holds it and its signature)."""
    def path(el):
        out = []
        while el is not None:
            out.append(el)
            if el is container:
                break
            el = el.getparent()
        return out[::-1]
    common = path(elements[0])
    for el in elements[1:]:
        p = path(el)
        n = 0
        while n < min(len(common), len(p)) and common[n] is p[n]:
            n += 1
        common = common[:n]
    lca = common[-1] if common else container
    if len(elements) == 1 and lca is elements[0] and lca is not container:
        lca = lca.getparent()
    return lca
