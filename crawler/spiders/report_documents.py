"""Candidate documents: a page whose link named a report, its continuation pages, its
attachments (ReportsSpider's document half; crawler.spiders.reports)."""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from itemadapter import ItemAdapter

from core.formats import decode_html, is_image
from core.text import squash
from core.titles import classify_title
from crawler import meta as M
from crawler.classify import CANDIDATE_THRESHOLD, classify_link
from crawler.discovery import (
    attachment_links,
    continuation_links,
    extract_links,
    page_date,
    page_shape,
    page_title,
    parse_html,
    report_table_links,
    table_image_links,
)
from crawler.spiders.report_items import content_type, detect_fmt, headers_of, now
from crawler.urls import attachment_ext, canonicalize, is_attachment_url

MAX_PARTS = 30          # continuation pages of one article
MAX_ATTACHMENTS = 20    # attachments fetched from one page


class DocumentsMixin:
    """parse_candidate / parse_part / parse_attachment for ReportsSpider."""

    def _candidate_request(self, portal, link, score, reason, depth, offer=None, template=frozenset()):
        if not self._admit(portal, link.url, kind="candidate", offer=offer):
            return None
        self.state.add(portal, "candidates")
        if self._not_due(portal, link.url):
            return None
        return self._request(link.url, portal, self.parse_candidate, kind="candidate", priority=50 + int(score),
                             meta={M.DEPTH: depth + 1, M.LINK_TEXT: link.text, M.LINK_DATE: link.date,
                                   M.REASON: reason, M.TEMPLATE: template})

    def _attachment_request(self, portal, link, parent, reason, depth, offer=None):
        if not self._admit(portal, link.url, kind="attachment", offer=offer):
            return None
        self.state.add(portal, "candidates")
        if self._not_due(portal, link.url):
            return None
        return self._request(link.url, portal, self.parse_attachment, kind="attachment", priority=60,
                             meta={M.DEPTH: depth + 1, M.LINK_TEXT: link.text, M.LINK_DATE: link.date,
                                   M.REASON: reason, M.PARENT: parent})

    def parse_candidate(self, response):
        """A page whose link named a report: one DocumentItem (with its continuation
        pages), its attachments, and any further report links on it."""
        meta = response.meta
        portal = meta[M.PORTAL]
        yield from self._pending(portal)
        self._seen[portal].add(canonicalize(response.url))
        if response.status >= 300:
            yield self._not_ok(response, portal, "page")
            yield from self._known_children(response, portal)
            return
        reason = meta.get(M.REASON) or "candidate"
        ctype = content_type(response)
        fmt = detect_fmt(response.body, ctype, response.url)
        if fmt != "html":
            yield self._emit_doc(self._doc_item(response, portal, fmt, reason=reason))
            return
        raw, _ = decode_html(response.body, ctype)
        root = parse_html(raw)
        lie = self._soft_404_item(response, portal, root, "page")
        if lie is not None:   # the report link leads to an error page: a failed fetch, no document
            yield lie
            return
        shell = self._shell_request(response, portal, root)
        if shell is not None:   # a page that only sends the visitor on: its target is the candidate
            yield shell
            return
        links = extract_links(root, response.url, raw)
        own_parts = {canonicalize(u) for u in continuation_links(root, response.url, raw)}
        if _is_column(page_shape(root, links, raw), [l for l in links if canonicalize(l.url) not in own_parts],
                      attachment_links(root, response.url, raw)):
            # the link led to a column (e.g. 「2019年度政府信息公开年报」 holding departments' reports)
            yield self._fetch_item(response, portal, "list")
            response.meta[M.REPORT_CTX] = True
            yield from self._follow(response, portal, root, raw, links, "list")
            return
        yield from self._candidate_html(response, portal, root, raw, reason=reason, links=links)

    def _candidate_html(self, response, portal, root, raw, *, reason, links=None):
        meta = response.meta
        depth = meta.get(M.DEPTH, 0)
        title = page_title(root) or meta.get(M.LINK_TEXT)
        parent = {"url": response.url, "title": title, "date": page_date(root, raw) or meta.get(M.LINK_DATE)}
        doc = self._doc_item(response, portal, "html", reason=reason)
        parts = continuation_links(root, response.url, raw)
        for url in parts:  # pages of this document are fetched as its parts, never as candidates
            self._seen[portal].add(canonicalize(url))
        atts = attachment_links(root, response.url, raw)[:MAX_ATTACHMENTS]
        for link in atts:
            req = self._attachment_request(portal, link, parent, "attachment of a candidate page (%s)" % reason, depth,
                                           offer=self._leaf_offer(link, response))
            if req is not None:
                yield req
        images = None
        if self._article_is_report(root, meta.get(M.LINK_TEXT)):
            # a statistics table shown as a picture in the article: fetched as a part, read by OCR
            images = self._table_images(root, response.url, raw, [])
            # a report's statistics table published as a page of its own (「附表：…统计表」):
            # fetched as its attachment, so the figures join the report
            own = {canonicalize(u) for u in parts}
            for link in [l for l in report_table_links(root, response.url, raw)
                         if canonicalize(l.url) not in own][:MAX_ATTACHMENTS]:
                req = self._attachment_request(portal, link, parent, "table page of a report (%s)" % reason, depth,
                                               offer=self._leaf_offer(link, response))
                if req is not None:
                    yield req
        links = links if links is not None else extract_links(root, response.url, raw)
        yield from self._follow(response, portal, root, raw, links, "article", candidates_only=True)
        if parts or images:
            yield from self._next_part(doc, portal, parts, {canonicalize(response.url)}, depth, images)
        else:
            yield self._emit_doc(doc)

    @staticmethod
    def _leaf_offer(link, response) -> dict:
        """A document's own file or table page judged by the scope (crawler.scope: a file
        linked from a page in scope may sit anywhere on a host in scope)."""
        return {"text": link.text, "page_url": response.url, "source": link.source}

    def _table_images(self, root, url, raw, pending) -> list:
        """Table pictures of this page added to those pending, at most NIANBAO_MAX_TABLE_IMAGES in all."""
        cap = self.settings.getint("NIANBAO_MAX_TABLE_IMAGES")
        have = {canonicalize(u) for u in pending}
        for link in table_image_links(root, url, raw):
            if len(pending) >= cap:
                break
            if canonicalize(link.url) not in have:
                have.add(canonicalize(link.url))
                pending.append(link.url)
        return pending

    # --- split articles ------------------------------------------------------------------------------
    def _next_part(self, doc, portal, todo, done, depth, images=None):
        """Request the next continuation page, then the next table picture, or yield the
        finished document."""
        while todo:
            url = todo.pop(0)
            key = canonicalize(url)
            if key in done or len(ItemAdapter(doc)["parts"]) >= MAX_PARTS:
                continue
            if not self._admit(portal, url, dedupe=False, kind="part"):
                continue  # offsite, trap or budget spent: the document goes out with the parts it has
            done.add(key)
            self._seen[portal].add(key)
            # never conditional: page 1 came whole, so its parts are read whole too
            yield self._request(url, portal, self.parse_part, kind="part", priority=90, dont_filter=True,
                                meta={M.DEPTH: depth, M.DOC: doc, M.TODO: todo, M.DONE: done, M.IMAGES: images,
                                      M.UNCONDITIONAL: True})
            return
        while images:
            url = images.pop(0)
            key = canonicalize(url)
            if key in done or not self._admit(portal, url, dedupe=False):
                continue
            done.add(key)
            yield self._request(url, portal, self.parse_image_part, kind="part", priority=90, dont_filter=True,
                                meta={M.DEPTH: depth, M.DOC: doc, M.TODO: [], M.DONE: done, M.IMAGES: images,
                                      M.UNCONDITIONAL: True})
            return
        yield self._emit_doc(doc)

    def parse_image_part(self, response):
        """A table picture of a report page: a part of the document (role "image"),
        which ReadPipeline OCRs into rows in the picture's place."""
        meta = response.meta
        portal, doc = meta[M.PORTAL], meta[M.DOC]
        yield from self._pending(portal)
        if response.status >= 300:
            yield self._not_ok(response, portal, "attachment")
        elif is_image(response.body):
            ItemAdapter(doc)["parts"].append({
                "url": meta.get("redirect_urls", [response.url])[0], "final_url": response.url,
                "status": response.status, "headers": headers_of(response), "fetched_at": now(),
                "body": response.body, "warc": meta.get(M.WARC), "role": "image"})
        yield from self._next_part(doc, portal, [], meta[M.DONE], meta.get(M.DEPTH, 0), meta.get(M.IMAGES))

    def parse_part(self, response):
        meta = response.meta
        portal, doc, todo, done = meta[M.PORTAL], meta[M.DOC], meta[M.TODO], meta[M.DONE]
        yield from self._pending(portal)
        if response.status >= 300:
            yield self._not_ok(response, portal, "page")
            yield from self._next_part(doc, portal, todo, done, meta.get(M.DEPTH, 0))
            return
        ItemAdapter(doc)["parts"].append({
            "url": meta.get("redirect_urls", [response.url])[0], "final_url": response.url,
            "status": response.status, "headers": headers_of(response), "fetched_at": now(),
            "body": response.body, "warc": meta.get(M.WARC)})
        raw, _ = decode_html(response.body, content_type(response))
        root = parse_html(raw)
        lie = self._soft_404_item(response, portal, root, "page")
        if lie is not None:   # a continuation page that is an error page is no part of the document
            ItemAdapter(doc)["parts"].pop()
            yield lie
            yield from self._next_part(doc, portal, todo, done, meta.get(M.DEPTH, 0))
            return
        # page 2 may be the first to link page 3; keep page order by part number
        more = [u for u in continuation_links(root, response.url, raw) if canonicalize(u) not in done]
        merged = {canonicalize(u): u for u in todo + more}
        todo = sorted(merged.values(), key=_part_number)
        images = meta.get(M.IMAGES)
        if images is not None:          # a report: its later pages may show table pictures too
            images = self._table_images(root, response.url, raw, images)
        yield from self._next_part(doc, portal, todo, done, meta.get(M.DEPTH, 0), images)

    # --- attachments -----------------------------------------------------------------------------------
    def parse_attachment(self, response):
        meta = response.meta
        portal = meta[M.PORTAL]
        yield from self._pending(portal)
        if response.status >= 300:
            yield self._not_ok(response, portal, "attachment")
            yield from self._known_children(response, portal)
            return
        fmt = detect_fmt(response.body, content_type(response), response.url)
        if fmt == "html":
            root = parse_html(decode_html(response.body, content_type(response))[0])
            lie = self._soft_404_item(response, portal, root, "attachment")
            if lie is not None:   # the file's address answers with an error page: a failed fetch
                yield lie
                return
            shell = self._shell_request(response, portal, root)
            if shell is not None:   # a download page that only sends the visitor on to the file
                yield shell
                return
        doc = self._doc_item(response, portal, fmt, reason=meta.get(M.REASON) or "attachment",
                             parent=meta.get(M.PARENT))
        fields = ItemAdapter(doc)
        text = meta.get(M.LINK_TEXT) or ""
        if not classify_title(text)[0]:  # 「附件1」「下载」: the served file name says more
            cd = response.headers.get("Content-Disposition", b"").decode("utf-8", "replace")
            m = re.search(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)", cd, re.I)
            if m:
                fields["link_text"] = squash(unquote(m.group(1))) or text
        if fmt == "html" and not attachment_ext(response.url, text):
            fields["candidate_reason"] = fields["candidate_reason"] + "; served HTML"
        yield self._emit_doc(doc)


def _is_column(shape: str, links, attachments) -> bool:
    """Is a page reached through a report-titled link a column rather than a document?
    Lists are; so is a short page that links two report pages or three report files (a
    year column). A short page with one report file and its table is a 「详见附件」 notice:
    a document."""
    if shape != "nav":
        return shape == "list"
    pages = {canonicalize(l.url) for l in links
             if not is_attachment_url(l.url, l.text) and classify_link(l.text, l.url)[0] >= CANDIDATE_THRESHOLD}
    files = {canonicalize(l.url) for l in attachments if classify_title(l.text)[0] == "report"}
    return len(pages) >= 2 or len(files) >= 3


def _part_number(url: str) -> int:
    """Page number of a continuation page: t2020…_2.html -> 2, ?page=3 -> 3."""
    p = urlsplit(url)
    m = re.search(r"[?&](?:page|pagenum|pageno|p|pn)=(\d+)", "?" + p.query, re.I)
    if m:
        return int(m.group(1))
    m = re.search(r"_(\d{1,3})\.\w+$", p.path)
    return int(m.group(1)) if m else 0
