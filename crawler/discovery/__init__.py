"""Pure functions over portal HTML - links, link scoring, pagination, parts and attachments, page context:
nothing here fetches or keeps state, so every rule is testable on a string."""
from __future__ import annotations

from crawler.discovery.apis import ApiList, api_lists, api_page, api_records
from crawler.discovery.links import Link, anchor_text, datastore_records, extract_links, json_links, script_href
from crawler.discovery.page import breadcrumb, page_context, page_date, page_shape, page_title
from crawler.discovery.pagination import (jcms_pages, list_entries, list_page_key, page_count, pagination_links,
                                          script_pages, trs_pages)
from crawler.discovery.parse import parse_html
from crawler.discovery.parts import attachment_links, continuation_links, report_table_links, table_image_links
from crawler.discovery.scoring import FOLLOW_THRESHOLD, score_link

__all__ = [
    "ApiList", "api_lists", "api_page", "api_records",
    "FOLLOW_THRESHOLD", "Link", "anchor_text", "attachment_links", "breadcrumb", "continuation_links",
    "datastore_records", "extract_links", "jcms_pages", "json_links", "list_entries",
    "list_page_key", "page_context", "page_count", "page_date", "page_shape", "page_title",
    "pagination_links", "parse_html", "report_table_links", "score_link", "script_href", "script_pages",
    "table_image_links", "trs_pages",
]
