"""Items that flow from the spider to the item pipelines.

The field contract is documented in docs/ARCHITECTURE.md; keep both in step.
"""
import hashlib

import scrapy


def feed_safe(value):
    """A value as a feed (``scrapy crawl reports -O feed.jsonl``) can write it: bytes
    become ``{"bytes": size, "sha256": hex}`` (the body itself is in the database and the
    WARC files), inside lists and dicts too (parts carry bodies). The field serializer of
    every field, so a feed exporter never meets bytes."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    if isinstance(value, dict):
        return {k: feed_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [feed_safe(v) for v in value]
    if isinstance(value, (set, frozenset)):  # template fingerprints: a set, written in a stable order
        return sorted(feed_safe(v) for v in value)
    return value


def Field():  # noqa: N802 (named as scrapy.Field, which it replaces here)
    """A scrapy.Field whose value a feed exporter writes through ``feed_safe``."""
    return scrapy.Field(serializer=feed_safe)


class FetchItem(scrapy.Item):
    """One HTTP exchange (or failure) that is not a candidate document:
    robots.txt, navigation and list pages, 404s, timeouts. Stored for provenance
    and accounting only."""

    portal = Field()        # start URL of the portal (as in portals.csv)
    url = Field()           # requested URL (canonical form)
    final_url = Field()     # URL after redirects
    status = Field()        # HTTP status, or None when no response came
    headers = Field()       # {lower-case name: value}
    fetched_at = Field()    # ISO 8601 UTC
    body = Field()          # bytes or None (kept in the content-addressed store)
    kind = Field()          # 'robots' | 'nav' | 'list' | 'page' | 'attachment'
    error = Field()         # reason text when the fetch failed, else None
    warc = Field()          # {'file': str, 'offset': int} once written to WARC
    challenge = Field()     # WAF cookie challenge passed (or not) on the way: {rounds, statuses, cookies, waf, solved, reason}


class DocumentItem(scrapy.Item):
    """A candidate report document: an article page (with its continuation pages)
    or an attachment. The spider fills the first block; pipelines fill the rest."""

    # --- filled by the spider ------------------------------------------------
    portal = Field()
    portal_name = Field()
    url = Field()
    final_url = Field()
    redirect_urls = Field()  # list of URLs passed through before final_url
    status = Field()
    headers = Field()
    fetched_at = Field()
    body = Field()          # bytes of the first (or only) page / the file
    fmt = Field()           # 'html' 'pdf' 'doc' 'docx' 'xls' 'xlsx' 'wps' 'et' 'ofd' 'other'
    parts = Field()         # continuation pages and table images: [{url, final_url, status, headers, fetched_at, body, role}]
    link_text = Field()     # anchor text of the link that led here
    link_date = Field()     # date printed beside that link on the list page ('YYYY-MM-DD') or None
    parent_url = Field()    # page that linked here (for attachments: the notice/report page)
    parent_title = Field()  # that page's title
    parent_date = Field()   # that page's publish date ('YYYY-MM-DD') or None
    candidate_reason = Field()  # why the spider thought this might be a report
    template_blocks = Field()   # block fingerprints (core.template) of the page that linked here
    warc = Field()
    challenge = Field()     # WAF cookie challenge passed on the way (as FetchItem.challenge), or None

    # --- filled by pipelines ---------------------------------------------------
    html = Field()          # decoded HTML of page 1 (+ parts joined) for html docs
    html_parts = Field()    # decoded HTML of each page of a split article, in order
    read_notes = Field()    # non-fatal notes from reading (e.g. a page cap applied)
    ocr = Field()           # text came from OCR: {'source': 'pdf'|'images', 'pages', 'confidence', 'lang', 'lines'}
    encoding = Field()      # the encoding the bytes were decoded with
    text = Field()          # clean text: paragraphs one per line, table rows one per line, cells tab-separated
    tables = Field()        # list of tables; table = list of rows; row = list of {'text','rowspan','colspan'}
    page_meta = Field()     # dict of page metadata (meta tags, 索引号 table fields, h1 title, dates)
    parse_error = Field()   # reason when the body could not be read (unsupported, corrupt, too large, timeout)
    decision = Field()      # {'is_report': bool, 'kind': str, 'reason': str}
    meta = Field()          # {'title','body','region','level','year','publish_date','script'}
    metrics = Field()       # [{'key','value','unit','approximate','evidence','method','source_url'}]
    flags = Field()         # [{'rule','message','numbers'}]


# A Scrapy signal, sent by the store when it closes: every item of the crawl has left
# every pipeline, and grouping is about to start. Scrapy closes item pipelines in
# reverse order, so the store (last) groups before the stage pool (first) would close:
# the pool's children, idle by then, leave on this instead of holding their memory
# through the crawl's most memory-hungry step.
ITEMS_DONE = object()

# keys only a document carries: how a plain dict (as tests and `nianbao reprocess` pass them) is told apart
_DOCUMENT_KEYS = ("fmt", "decision", "parts", "text", "candidate_reason")


def is_document(item) -> bool:
    """True for a DocumentItem or a dict shaped like one; False for a FetchItem or anything else."""
    if isinstance(item, DocumentItem):
        return True
    if isinstance(item, FetchItem):
        return False
    return isinstance(item, dict) and any(k in item for k in _DOCUMENT_KEYS)
