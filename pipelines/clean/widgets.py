"""Chrome by what it is, not by what it says: a block's *shape* (its links,
buttons, icons, form controls, frames, a pinned position) tells a widget from
report text whatever wording the widget uses.  Share bars, read-aloud and font
tools, floating assistants, feedback polls, prev/next and related lists are all
made of script links, icons, controls and titles of other pages; a report's
paragraphs and table cells are none of these.

Two strengths:
* ``widget_kind(el)``: shapes no report block ever has (a pinned box, form
  controls, a cluster of script buttons or icons with next to no words) -- safe
  on the whole page, before the content is found;
* ``widget_kind(el, margin=True)``: also link lists and a lone icon with a
  caption -- only for blocks in the *margins* of the content container (before
  its first or after its last paragraph, off the paragraphs' own branch), where
  a report holds nothing but its signature and attachments.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import lxml.etree

from core.text import strip_space
from pipelines.clean.page_meta import attachment_ext
from pipelines.clean.tree import DROP_TAGS, tag_name
from pipelines.clean.vocab import (ACTION_ATTRS, ACTION_HREF, ACTION_ROLES, ATTACH_HEAD, ATTACHED_LINK, CONTENT_IMAGE_PX,
                                   CONTROL_TAGS, FLOATING_STYLE, FOOTER_MARK, FRAME_TAGS, ICON_TAGS, RESIDUE,
                                   SENTENCE_END, STRONG_RE, TEXT_BUTTON, TRAIL_SEP, TRAIL_TEXT, WEAK_RE, PICTURE_TAGS)

# blocks longer than this are never judged by shape (a widget is a handful of words)
MAX_WIDGET_CHARS = 600
# what a widget is made of: elements with a button's attributes, pictures, labels,
# controls, frames, icon glyphs and links (two C-level walks per tree; most blocks of a
# page are plain paragraphs and table rows and skip the shape walk)
_PART_TAGS = (("img", "canvas", "picture", "label", "a") + CONTROL_TAGS + FRAME_TAGS
              + tuple(t for t in ICON_TAGS if t != "a"))
# the attributes themselves (each is a smart string whose getparent() is its element):
# libxml2 walks an attribute step far faster than it tests a predicate on every element
_ACTION_PARTS = lxml.etree.XPath(" | ".join("descendant-or-self::*/@" + a for a in ACTION_ATTRS + ("role",)))


def widget_holders(root) -> set:
    """root's elements that hold (or are) a widget part: the only blocks shape
    can call a widget.  Computed once per tree, in one query and a walk up from
    each part."""
    holders: set = set()
    # lxml's tag-filtered iter is one C-level walk for all the tags (root itself
    # is a part only by its attributes)
    for part in itertools.chain((a.getparent() for a in _ACTION_PARTS(root)), root.iterdescendants(*_PART_TAGS)):
        node = part
        while node is not None and node not in holders:
            holders.add(node)
            node = node.getparent()
    return holders
_DIGIT = re.compile(r"\d")
_PX = re.compile(r"(\d+)")


@dataclass
class Shape:
    """What a block is made of (text lengths are of visible text, spaces removed)."""
    text: str = ""          # visible text
    plain: str = ""         # visible text outside links and buttons
    link_len: int = 0       # text inside real links
    action_len: int = 0     # text inside buttons and script links
    links: int = 0          # real links (with text or an image)
    file_links: int = 0     # links to attachments (a report's files)
    actions: int = 0        # buttons, script links, clickable elements
    controls: int = 0       # form controls
    frames: int = 0         # iframes, objects, embeds
    images: int = 0         # small pictures
    icons: int = 0          # empty links and icon glyphs
    big_images: int = 0     # pictures of content size

    @property
    def n(self) -> int:
        return len(strip_space(self.text))


def _is_action(el, tag: str) -> bool:
    if any(el.get(a) is not None for a in ACTION_ATTRS):
        return True
    if (el.get("role") or "").lower() in ACTION_ROLES:
        return True
    if tag == "a":
        # an <a name=…> is a bookmark (Word puts them on headings), not a button
        href = el.get("href")
        return ACTION_HREF.match(href) is not None if href is not None else el.get("name") is None
    return tag == "label"


def _big(img) -> bool:
    for attr in ("width", "height"):
        m = _PX.match((img.get(attr) or "").strip())
        if m and int(m.group(1)) >= CONTENT_IMAGE_PX:
            return True
    style = (img.get("style") or "").lower()
    for prop in ("width", "height"):
        m = re.search(r"(?<![-\w])%s\s*:\s*(\d+)\s*px" % prop, style)
        if m and int(m.group(1)) >= CONTENT_IMAGE_PX:
            return True
    return False


def shape(el) -> Shape:
    """The block's shape, in one walk of its subtree."""
    s = Shape()
    text, plain = [], []

    def walk(e, in_link: bool, in_action: bool):
        tag = tag_name(e)
        if not tag:
            return
        if tag in CONTROL_TAGS:
            s.controls += 1
        if tag in FRAME_TAGS:
            s.frames += 1
        if tag in PICTURE_TAGS:
            if _big(e):
                s.big_images += 1
            else:
                s.images += 1
        if tag in DROP_TAGS:
            # a control's label or a frame's fallback is not text a reader sees as the page's
            for c in e.iter(*CONTROL_TAGS, *FRAME_TAGS):
                if c is not e:
                    s.controls += tag_name(c) in CONTROL_TAGS
                    s.frames += tag_name(c) in FRAME_TAGS
            return
        action = not in_action and _is_action(e, tag)
        link = not in_link and not action and not in_action and tag == "a" and e.get("href") is not None
        if action or link:
            t = strip_space(e.text_content())
            if link:
                if t or next(e.iter("img"), None) is not None:
                    s.links += 1
                if attachment_ext(e.get("href") or "", t) or ATTACHED_LINK.match(t):
                    s.file_links += 1
                s.link_len += len(t)
            else:
                s.actions += 1
                s.action_len += len(t)
                if t and (attachment_ext("", t) or ATTACHED_LINK.match(t)):
                    s.file_links += 1       # a script that downloads a named file
            if not t and tag in ICON_TAGS and next(e.iter("img"), None) is None:
                s.icons += 1
        elif tag in ICON_TAGS and tag != "a" and not strip_space(e.text_content()) and len(e) == 0:
            s.icons += 1
        in_link, in_action = in_link or link, in_action or action
        if e.text:
            text.append(e.text)
            if not (in_link or in_action):
                plain.append(e.text)
        for c in e:
            walk(c, in_link, in_action)
            if c.tail:
                text.append(c.tail)
                if not (in_link or in_action):
                    plain.append(c.tail)

    walk(el, False, False)
    s.text = " ".join(text)
    s.plain = " ".join(plain)
    return s


def _residue(text: str) -> int:
    """Characters left of text once chrome phrases, separators and digits are gone."""
    text = WEAK_RE.sub(" ", STRONG_RE.sub(" ", text))
    return len(RESIDUE.sub("", text))


def widget_kind(el, margin: bool = False, raw_len: int | None = None, holders: set | None = None) -> str | None:
    """Why el is a widget by its shape, or None.  ``margin``: el lies in the
    content container's margins, where link lists and lone captioned icons are
    furniture too.  ``holders``: widget_holders of the tree, when the caller judges
    many blocks of it."""
    floating = FLOATING_STYLE.search(el.get("style") or "") is not None
    if not floating and el not in (holders if holders is not None else widget_holders(el)):
        return None
    if raw_len is None:
        raw_len = len(strip_space(el.text_content()))
    if raw_len > MAX_WIDGET_CHARS:
        return None
    s = shape(el)
    n = s.n
    if floating and n <= 500 and not s.big_images:
        return "floating"
    sentences = len(SENTENCE_END.findall(s.text))
    if sentences >= 2 or (sentences and n > 120):
        return None             # running prose is never furniture
    if s.file_links or ATTACH_HEAD.match(s.text) or ATTACHED_LINK.match(s.text):
        return None             # the report's attachments and appended tables
    if s.controls and n <= 150 and not sentences:
        return "controls"
    if s.frames and n <= 60:
        return "frame"
    pictures = s.images + s.icons
    if s.actions and n <= 200 and not sentences:
        rest = _residue(s.plain)
        if (s.actions >= 2 and (s.action_len * 2 >= n or rest <= 6)) or rest <= 2:
            return "tools"
    if pictures >= 2 and n <= 40 and not sentences and _residue(s.plain) <= 20 and not s.big_images:
        return "icons"
    if s.links >= 2 and n <= 120 and not sentences and s.link_len * 2 >= n and s.link_len <= 16 * s.links \
            and TRAIL_SEP.search(s.plain) and _residue(TRAIL_SEP.sub(" ", s.plain)) <= 8:
        return "trail"          # links between separators, after a short label: a breadcrumb
    if s.links and n <= 40 and not sentences and s.plain.strip()[-1:] in (":", "：") and s.link_len * 3 >= n - 12 \
            and _residue(s.plain) <= 8:
        return "trail"          # a short label and nothing but its links (位置：首页): where the page sits
    if not margin:
        return None
    if s.links and s.link_len * 2 >= n and not sentences:
        return "links"
    if s.links and not sentences and s.plain.strip()[-1:] in (":", "：") and _residue(s.plain) <= 8:
        return "links"          # a label and its links (位置：首页, 上一条：title): navigation
    if pictures == 1 and 0 < n <= 30 and not sentences and not _DIGIT.search(s.text) and not s.big_images:
        return "icon"
    return None


def text_buttons_kind(raw: str) -> str | None:
    """Buttons printed as bracketed words (【收藏】【打印】) with next to nothing else:
    a tool row that runs on a script the page binds elsewhere."""
    text = strip_space(raw)
    if not text or len(text) > 200 or SENTENCE_END.search(text):
        return None
    buttons = TEXT_BUTTON.findall(text)
    if len(buttons) >= 2 and _residue(TEXT_BUTTON.sub(" ", text)) <= 12:
        return "buttons"
    return None


def margin_text_kind(el, raw: str) -> str | None:
    """Why a block of words in the margins, outside the paragraphs' common parent,
    is furniture though it has no widget shape: a breadcrumb printed without links,
    or the site footer (it holds a filing number, a site code or a copyright line)."""
    text = strip_space(raw)
    if not text or len(text) > MAX_WIDGET_CHARS or SENTENCE_END.search(text) or ATTACH_HEAD.match(text):
        return None
    if TRAIL_TEXT.match(" ".join(raw.split())):
        return "trail"
    if FOOTER_MARK.search(text) and len(text) <= 300:
        return "footer"
    return None
