"""Items that flow from the spider to the item pipelines.

The field contract is documented in docs/ARCHITECTURE.md; keep both in step.
"""
import scrapy


class FetchItem(scrapy.Item):
    """One HTTP exchange (or failure) that is not a candidate document:
    robots.txt, navigation and list pages, 404s, timeouts. Stored for provenance
    and accounting only."""

    portal = scrapy.Field()        # start URL of the portal (as in portals.csv)
    url = scrapy.Field()           # requested URL (canonical form)
    final_url = scrapy.Field()     # URL after redirects
    status = scrapy.Field()        # HTTP status, or None when no response came
    headers = scrapy.Field()       # {lower-case name: value}
    fetched_at = scrapy.Field()    # ISO 8601 UTC
    body = scrapy.Field()          # bytes or None (kept in the content-addressed store)
    kind = scrapy.Field()          # 'robots' | 'nav' | 'list' | 'page' | 'attachment'
    error = scrapy.Field()         # reason text when the fetch failed, else None
    warc = scrapy.Field()          # {'file': str, 'offset': int} once written to WARC


class DocumentItem(scrapy.Item):
    """A candidate report document: an article page (with its continuation pages)
    or an attachment. The spider fills the first block; pipelines fill the rest."""

    # --- filled by the spider ------------------------------------------------
    portal = scrapy.Field()
    portal_name = scrapy.Field()
    url = scrapy.Field()
    final_url = scrapy.Field()
    redirect_urls = scrapy.Field()  # list of URLs passed through before final_url
    status = scrapy.Field()
    headers = scrapy.Field()
    fetched_at = scrapy.Field()
    body = scrapy.Field()          # bytes of the first (or only) page / the file
    fmt = scrapy.Field()           # 'html' 'pdf' 'doc' 'docx' 'xls' 'xlsx' 'wps' 'et' 'other'
    parts = scrapy.Field()         # continuation pages: [{url, final_url, status, headers, fetched_at, body}]
    link_text = scrapy.Field()     # anchor text of the link that led here
    link_date = scrapy.Field()     # date printed beside that link on the list page ('YYYY-MM-DD') or None
    parent_url = scrapy.Field()    # page that linked here (for attachments: the notice/report page)
    parent_title = scrapy.Field()  # that page's title
    parent_date = scrapy.Field()   # that page's publish date ('YYYY-MM-DD') or None
    candidate_reason = scrapy.Field()  # why the spider thought this might be a report
    template_blocks = scrapy.Field()   # block fingerprints (core.template) of the page that linked here
    warc = scrapy.Field()

    # --- filled by pipelines ---------------------------------------------------
    html = scrapy.Field()          # decoded HTML of page 1 (+ parts joined) for html docs
    html_parts = scrapy.Field()    # decoded HTML of each page of a split article, in order
    read_notes = scrapy.Field()    # non-fatal notes from reading (e.g. a page cap applied)
    encoding = scrapy.Field()      # the encoding the bytes were decoded with
    text = scrapy.Field()          # clean text: paragraphs one per line, table rows one per line, cells tab-separated
    tables = scrapy.Field()        # list of tables; table = list of rows; row = list of {'text','rowspan','colspan'}
    page_meta = scrapy.Field()     # dict of page metadata (meta tags, 索引号 table fields, h1 title, dates)
    parse_error = scrapy.Field()   # reason when the body could not be read (unsupported, corrupt, too large, timeout)
    decision = scrapy.Field()      # {'is_report': bool, 'kind': str, 'reason': str}
    meta = scrapy.Field()          # {'title','body','region','level','year','publish_date','script'}
    metrics = scrapy.Field()       # [{'key','value','unit','approximate','evidence','method','source_url'}]
    flags = scrapy.Field()         # [{'rule','message','numbers'}]


# keys only a document carries: how a plain dict (as tests and `nianbao reprocess` pass them) is told apart
_DOCUMENT_KEYS = ("fmt", "decision", "parts", "text", "candidate_reason")


def is_document(item) -> bool:
    """True for a DocumentItem or a dict shaped like one; False for a FetchItem or anything else."""
    if isinstance(item, DocumentItem):
        return True
    if isinstance(item, FetchItem):
        return False
    return isinstance(item, dict) and any(k in item for k in _DOCUMENT_KEYS)
