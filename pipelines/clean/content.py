"""Choosing the page's content and cutting it to the report: trafilatura's extract
mapped back onto the tree picks the container; the template's title, date and empty
attachment heads go.  ``clean_html`` / ``clean_pages`` are the whole cleaning."""
from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field

import lxml.etree
import trafilatura

from core.text import strip_space
from pipelines.clean.chrome import learn_template, prune_margins, remove_chrome
from pipelines.clean.page_meta import attachments, extract_page_meta, title_keys
from pipelines.clean.render import render
from pipelines.clean.tree import BLOCK_TAGS, RENDERED, parse_html, remove_keeping_tail, tag_name
from pipelines.clean.vocab import ATTACH_HEAD, ATTACH_HEAD_CHAR, ATTACH_HEAD_ONLY, DATE_ONLY_LINE

logger = logging.getLogger(__name__)

# trafilatura and the hint mapping grow with the page; a page of megabytes (a news
# dump, a pasted spreadsheet) is left to the density rule
MAX_HINT_HTML = 1_500_000
# what counts as something under an attachment heading even without text: a link, a picture, a table
_CONTENT_TAGS = ("a", "img", "table", "iframe", "embed", "object")
_TEXT_WITH_ATTACH_CHAR = lxml.etree.XPath(".//text()[contains(., '%s')]" % ATTACH_HEAD_CHAR)
# where a page prints an attachment heading (附件：) before its file links
_ATTACH_BLOCK_TAGS = BLOCK_TAGS | {"span"}


@dataclass
class CleanResult:
    text: str = ""
    tables: list = field(default_factory=list)
    page_meta: dict = field(default_factory=dict)


def _trafilatura_text(doc) -> str:
    # trafilatura takes the tree itself (and works on its own copy of it) as its
    # parser would read the tree's serialisation: without comments and processing
    # instructions.  Not serialising and parsing the page again saves both.
    tree = copy.deepcopy(doc)
    lxml.etree.strip_tags(tree, lxml.etree.Comment, lxml.etree.ProcessingInstruction)
    try:
        xml = trafilatura.extract(tree, output_format="xml",
                                  include_tables=True, include_comments=False, include_images=False,
                                  favor_recall=True, deduplicate=False, with_metadata=False)
    except Exception:  # trafilatura is a heuristic: its failure only costs the hint
        logger.debug("trafilatura failed", exc_info=True)
        return ""
    if not xml:
        return ""
    try:
        tree = lxml.etree.fromstring(xml.encode("utf-8"))
    except lxml.etree.XMLSyntaxError:
        return ""
    main = tree.find("main")
    return strip_space("".join((main if main is not None else tree).itertext()))


def _container_from_hint(body, hint: str):
    """The element whose text best matches trafilatura's extract (char F1 of text
    nodes found in the extract)."""
    if len(hint) < 20:
        return None
    # each element's own text nodes -- its text and its children's tails, spaces
    # removed -- (characters, characters found in the extract, the first one found),
    # then summed up the tree in one pass from the leaves.  Plain loops with no call
    # of ours per node or element (no generator, strip_space inline, no min/max): a
    # page has ~1,000 of each.
    total, matched, first = {}, {}, {}
    k = -1
    for el in body.iter(lxml.etree.Element):
        text = el.text
        if text and text.strip():
            t = "".join(text.split())
            k += 1
            total[el] = total.get(el, 0) + len(t)
            if t in hint:
                matched[el] = matched.get(el, 0) + len(t)
                if el not in first:
                    first[el] = k
        tail = el.tail
        if el is not body and tail and tail.strip():
            parent = el.getparent()     # a tail is its parent's text
            if parent is not None:
                t = "".join(tail.split())
                k += 1
                total[parent] = total.get(parent, 0) + len(t)
                if t in hint:
                    matched[parent] = matched.get(parent, 0) + len(t)
                    if parent not in first:
                        first[parent] = k
    if not matched:
        return None
    elements = list(body.iter(lxml.etree.Element))
    order = {el: i for i, el in enumerate(elements)}
    end = k + 1
    for el in reversed(elements):
        if el is body:
            break
        parent = el.getparent()
        t = total.get(el)
        if t is not None:
            total[parent] = total.get(parent, 0) + t
        m = matched.get(el)
        if m is not None:
            matched[parent] = matched.get(parent, 0) + m
            f = first[el]
            if first.get(parent, end) > f:
                first[parent] = f
    node, i = body.getparent(), 0
    while node is not None:     # the page's own ancestors of body hold the same text
        i -= 1
        total[node], matched[node], first[node], order[node] = total[body], matched[body], first[body], i
        node = node.getparent()
    # candidates in the order the text reaches them (its first found node, from the
    # node up): the first of equally good ones wins
    best, best_f = None, 0.0
    n = len(hint)
    for el in sorted(matched, key=lambda e: (first[e], -order[e])):
        m = matched[el]
        tot = total[el]
        p = m / (tot if tot > 1 else 1)                 # precision
        r = m / n if m < n else 1.0                     # recall
        f = 2 * p * r / (p + r) if p + r else 0
        if f > best_f + 1e-9:
            best, best_f = el, f
    return best if best_f >= 0.5 else None


def _container_by_density(body):
    """Fallback: the block holding the most non-link text in paragraphs and cells."""
    score = {}
    for el in body.iter("p", "td", "div", "li", "span", "font", "th", "section", "article"):
        own = strip_space((el.text or "") + "".join((c.tail or "") for c in el))
        if len(own) < 10:
            continue
        node = el.getparent()
        weight = len(own)
        depth = 0
        while node is not None and depth < 3:
            score[node] = score.get(node, 0) + weight / (1 + depth)
            node = node.getparent()
            depth += 1
    if not score:
        return body
    return max(score, key=score.get)


def _content_after(el, container) -> bool:
    """Is there anything (text, a link, a picture, a table) after el in document order
    inside container?"""
    node = el
    while node is not None and node is not container:
        if node.tail and node.tail.strip():
            return True
        for sib in node.itersiblings():
            if isinstance(sib.tag, str) and (strip_space(sib.text_content()) or tag_name(sib) in _CONTENT_TAGS
                                             or next(sib.iter(*_CONTENT_TAGS), None) is not None):
                return True
            if sib.tail and sib.tail.strip():
                return True
        node = node.getparent()
    return False


def _drop_empty_attachment_heads(container) -> int:
    """Remove attachment headings with nothing under them. Templates print the
    「附件下载：」 block on every article and leave its list empty when the article
    has no files; the lone label is page furniture, not report text. A heading
    followed by anything (file links, an attachment's title or table) stays."""
    # only blocks whose text holds the heading's character can be one (nor can
    # anything under a block whose text does not): the rest is never read
    may = set()
    for t in _TEXT_WITH_ATTACH_CHAR(container):
        node = t.getparent()
        if t.is_tail:
            node = node.getparent()
        while node is not None and node not in may:
            may.add(node)
            node = node.getparent()
    dropped = 0
    stack = [container]
    while stack:
        el = stack.pop()
        for child in list(el):
            if child not in may or not isinstance(child.tag, str):
                continue
            sq = strip_space(child.text_content())
            if not sq:
                continue
            if ATTACH_HEAD_ONLY.match(sq) and next(child.iter("a"), None) is None:
                if not _content_after(child, container):
                    remove_keeping_tail(child)
                    dropped += 1
                continue
            stack.append(child)
    return dropped


def _trim_leading(lines: list[str], keys: set[str], title_budget: int) -> list[str]:
    """Drop the page's title line (at most title_budget of them) and date-only lines
    before the first line of the body.  The template prints the title once; a
    second copy is the report's own first line and stays."""
    out = list(lines)
    while out:
        sq = strip_space(out[0])
        if title_budget > 0 and sq in keys:
            out.pop(0)
            title_budget -= 1
            continue
        if DATE_ONLY_LINE.match(out[0].strip()):
            out.pop(0)
            continue
        break
    return out


def _title_shown_outside(body, container, keys: set[str]) -> bool:
    """Whether the page shows the title outside the content container (the
    template's title line); then a title line inside the content is the report's."""
    inside = set(container.iter())
    for el in body.iter("h1", "h2", "h3", "h4", "div", "td", "p", "span", "strong", "b", "font"):
        if el not in inside and strip_space(el.text_content()) in keys:
            return True
    return False


def _remove_title_heading(container, keys: set[str]) -> int:
    """Remove the article's title heading (its text is in page_meta); 1 if one was."""
    for h in container.iter("h1", "h2", "h3", "h4"):
        if strip_space(h.text_content()) in keys:
            remove_keeping_tail(h)
            return 1
    return 0


def clean_html(html: str, url: str, template=frozenset()) -> CleanResult:
    """Clean one article page.  ``template``: block fingerprints (core.template) of
    the page that linked it, whose blocks outside the content are the portal's
    template."""
    doc = parse_html(html)
    if doc is None:
        return CleanResult("", [], {})
    # Every step walks the tree again, and lxml.html builds each element's Python
    # object anew on every walk (a Python class lookup per element) unless it is
    # still referenced: holding them all for the page's cleaning makes later walks
    # reuse them.
    elements = list(doc.iter())
    token = RENDERED.set({})
    try:
        return _clean_tree(doc, html, url, template)
    finally:
        RENDERED.reset(token)
        del elements


def _clean_tree(doc, html: str, url: str, template) -> CleanResult:
    # page metadata comes from the whole page, before anything is removed
    for bad in list(doc.iter("script", "style", "noscript", "template")):
        remove_keeping_tail(bad)
    body = doc.find("body")
    if body is None:
        body = doc
    all_lines, _ = render(body)
    meta = extract_page_meta(doc, all_lines)

    # only an element whose own text holds the heading's character can open with one
    # (one C-level query for them, not a regex per element of the page)
    holders = dict.fromkeys(t.getparent() for t in _TEXT_WITH_ATTACH_CHAR(body) if t.is_text)
    attach_blocks = [el for el in holders if el.text and ATTACH_HEAD.match(el.text) and isinstance(el.tag, str)
                     and tag_name(el) in _ATTACH_BLOCK_TAGS]
    pre_attach = attachments(attach_blocks, url)

    learn_template(body, template)
    remove_chrome(body)
    hint = _trafilatura_text(doc) if len(html) < MAX_HINT_HTML else ""
    container = _container_from_hint(body, hint) if hint else None
    if container is None:
        container = _container_by_density(body)
    keys = title_keys(meta)
    shown = _remove_title_heading(container, keys) or _title_shown_outside(body, container, keys)
    prune_margins(container)
    _drop_empty_attachment_heads(container)
    lines, tables = render(container)
    lines = _trim_leading(lines, keys, 0 if shown else 1)
    found = attachments([container], url)
    for a in pre_attach:
        if a["url"] not in {x["url"] for x in found}:
            found.append(a)
    if found:
        meta["attachments"] = found
    return CleanResult("\n".join(lines), tables, meta)


def clean_pages(htmls: list[str], url: str, template=frozenset()) -> CleanResult:
    """Clean an article split over several pages (_1, _2 ...): texts in order; lines
    a continuation page repeats from the first page's head (its title, info line)
    are not repeated; page_meta from the first page."""
    results = [clean_html(h, url, template) for h in htmls if h]
    if not results:
        return CleanResult("", [], {})
    first = results[0]
    lines = first.text.splitlines()
    tables = list(first.tables)
    meta = dict(first.page_meta)
    head = set(lines[:5]) | title_keys(meta)
    seen_attach = {a["url"] for a in meta.get("attachments", [])}
    for res in results[1:]:
        more = res.text.splitlines()
        while more and (more[0] in head or strip_space(more[0]) in head):
            more.pop(0)
        lines.extend(more)
        tables.extend(res.tables)
        for k, v in res.page_meta.items():
            if k == "attachments":
                for a in v:
                    if a["url"] not in seen_attach:
                        meta.setdefault("attachments", []).append(a)
                        seen_attach.add(a["url"])
            else:
                meta.setdefault(k, v)
    return CleanResult("\n".join(lines), tables, meta)
