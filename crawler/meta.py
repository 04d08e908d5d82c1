"""Request-meta keys of the crawler, in one place.

Every key the spider and the downloader middlewares put in ``request.meta`` is a
constant here, with who writes it and who reads it. Code uses the constants, never
the strings; tests/test_crawl_state.py fails on a ``meta["nb_…"]`` / ``meta.get("nb_…")``
in crawler/ that is not listed here.
"""
from __future__ import annotations

# --- set by the spider when it builds a request (crawler.spiders) -------------------------------
PORTAL = "portal"                # spider writes; every middleware and callback reads: the portal start URL
KIND = "nb_kind"                 # spider writes (nav/list/api/candidate/part/attachment); budget, conditional, errback read
DEPTH = "nb_depth"               # spider writes and reads, conditional reads: navigation hops from the homepage
LINK_TEXT = "nb_link_text"       # spider writes; spider reads: text of the link that led here (goes on the item)
LINK_DATE = "nb_link_date"       # spider writes; spider reads: date shown beside that link (goes on the item)
REASON = "nb_reason"             # spider writes; spider reads: why the URL is a candidate (candidate_reason)
DATA = "nb_data"                 # spider writes; parse_page reads: the URL is a list's JSON data endpoint
REPORT_CTX = "nb_report_ctx"     # spider writes; _follow reads: the page belongs to a report column
LIST_ROOT = "nb_list_root"       # spider writes; _follow reads: first page of the list a pagination page is of
LIST_SETTLED = "nb_list_settled"  # spider writes (pagination requests); conditional reads: the page before ended with
                                 # a known entry and lists newest first, so this page may wait (crawler.revisit)
PARENT = "nb_parent"             # spider writes; parse_attachment reads: {url, title, date} of the linking page
DOC = "nb_doc"                   # spider writes; parse_part / errback read: the DocumentItem being assembled
TODO = "nb_todo"                 # spider writes; parse_part / errback read: continuation pages still to fetch
IMAGES = "nb_images"             # spider writes; parse_part / parse_image_part / errback read: table pictures still to fetch
DONE = "nb_done"                 # spider writes; parse_part / errback read: canonical URLs of parts fetched
KNOWN_DOC = "nb_known_doc"       # spider writes; parse_known_part reads: stored document a part belongs to
API = "nb_api"                   # spider writes; parse_api reads: the API list (discovery.apis.ApiList.to_meta) asked
API_PAGE = "nb_api_page"         # spider writes; parse_api reads: which page of it (0: the first)
DISCLOSURE = "nb_disclosure"     # spider writes; same_site reads: the link was disclosure navigation (a redirect
                                 # hop may then admit another site's directory: crawler.scope)
TEMPLATE = "nb_template"         # spider writes (_follow, on candidate requests); _doc_item reads: block fingerprints
                                 # (core.template) of the page that linked the candidate, to learn the template
UNCONDITIONAL = "nb_unconditional"  # spider, conditional.drop_conditional writes; conditional reads: send no validators

# --- set by downloader middlewares, read by the spider --------------------------------------------
CONDITIONAL = "nb_conditional"   # conditional writes (validators sent); conditional reads on the response
PREV_FETCHED_AT = "prev_fetched_at"  # conditional writes; warc reads: time of the last full answer (revisit record)
REPLAYED = "nb_replayed"         # conditional.replay writes; spider reads: response is the stored copy of a 304 page
NOT_ASKED = "nb_not_asked"       # conditional writes; spider, warc read: a navigation page not due (crawler.revisit), its stored
                                 # copy replayed without a request: no exchange to record
REDIRECT_ERROR = "nb_redirect_error"  # middlewares.redirects writes; spider reads: why a redirect was not followed
RETRY_GAVE_UP = "nb_retry_gave_up"    # middlewares.retry writes; spider reads: the last failure, after retries
WARC = "warc"                    # warc writes; spider reads: {file, offset, record_id} of the archived exchange
CHALLENGE = "nb_challenge"       # middlewares.challenge writes (on the retried request) and reads; spider reads:
                                 # {rounds, statuses, cookies, waf, solved, reason} of a WAF cookie challenge passed
GATE = "nb_gate"                 # middlewares.host_gate writes and reads: (gate key, holder id) of the host slot taken

# Scrapy's own keys the crawler reads (documented by Scrapy): redirect_urls, retry_times,
# max_retry_times, dont_retry, handle_httpstatus_list, download_slot, dont_obey_robotstxt,
# autothrottle_dont_adjust_delay.

ALL = (PORTAL, KIND, DEPTH, LINK_TEXT, LINK_DATE, REASON, DATA, REPORT_CTX, LIST_ROOT, LIST_SETTLED, PARENT, DOC, TODO, IMAGES, DONE,
       KNOWN_DOC, TEMPLATE, API, API_PAGE, DISCLOSURE, UNCONDITIONAL, CONDITIONAL, PREV_FETCHED_AT, REPLAYED, NOT_ASKED, REDIRECT_ERROR,
       RETRY_GAVE_UP, WARC, CHALLENGE, GATE)
