"""Scrapy settings for nianbao.

Everything a deployment may want to change is a setting; `nianbao crawl` passes
--db and friends through as settings overrides.
"""
BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- identity and politeness -------------------------------------------------
USER_AGENT = "nianbao/0.1 (+https://github.com/nianbao/nianbao; annual-report research crawler)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2   # one portal is one host; never hammer it
DOWNLOAD_DELAY = 0.05                # a floor; robots.txt Crawl-delay raises it per host
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.1
AUTOTHROTTLE_MAX_DELAY = 10
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.5
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024  # bigger than any real report PDF; bombs stop here
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
HTTPERROR_ALLOW_ALL = True           # the spider records 404/410/5xx itself
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
LOG_LEVEL = "INFO"

# Depth-first within a portal keeps memory flat and lets reports surface early.
DEPTH_PRIORITY = 0

# --- nianbao ------------------------------------------------------------------
NIANBAO_DB_URL = "sqlite:///nianbao.db"
NIANBAO_BLOB_DIR = None               # None: blobs live in the database
NIANBAO_MAX_REQUESTS_PER_PORTAL = 600 # cap on requests spent in one portal
NIANBAO_MAX_LIST_PAGES = 20           # pagination pages followed per list column
NIANBAO_MAX_DEPTH = 6                 # link hops from the homepage
NIANBAO_MAX_DOC_BYTES = 50 * 1024 * 1024
NIANBAO_PARSE_TIMEOUT = 60            # seconds one document may take to parse
NIANBAO_MAX_PDF_PAGES = 300           # pages read from one PDF (a cap, recorded in read_notes)
NIANBAO_OCR = True                    # OCR (tesseract) scanned PDFs and statistics tables published as images
NIANBAO_OCR_LANG = "chi_sim"          # tesseract languages, e.g. "chi_sim+chi_tra"
NIANBAO_OCR_DPI = 200                 # PDF pages rendered at this resolution for OCR
NIANBAO_OCR_MAX_PAGES = 30            # pages OCR'd from one scanned PDF (a cap, recorded in read_notes)
NIANBAO_OCR_TIMEOUT = 300             # seconds OCR of one document (all its pages or images) may take
NIANBAO_MAX_TABLE_IMAGES = 6          # images a report page shows in its article fetched as table parts
NIANBAO_MAX_IMAGE_BYTES = 8 * 1024 * 1024  # a table image larger than this is not read

NIANBAO_WARC_DIR = None               # None: no WARC (the CLI sets one by default)
NIANBAO_RUN_LABEL = None              # names the WARC files; None: the UTC time the crawl started
NIANBAO_WARC_MAX_BYTES = 1024 * 1024 * 1024  # rotate WARC files at 1 GiB

NIANBAO_MAX_CRAWL_DELAY = 60          # seconds: a robots.txt Crawl-delay above this is capped
NIANBAO_RETRY_BACKOFF = 1.0           # seconds, doubled per retry unless Retry-After says otherwise
NIANBAO_RETRY_MAX_WAIT = 30           # seconds: longest wait before one retry
NIANBAO_REDIS_URL = None              # e.g. redis://host:6379/0: workers share a portal list by leases
NIANBAO_LEASE_TTL = 600               # seconds; renewed every TTL/3 while the worker lives
NIANBAO_LEASE_MAX_PORTALS = 0         # portals one worker leases per run (0: all it can get)
NIANBAO_CONDITIONAL_PAGES = True      # revalidate nav/list pages too (a 304 replays the stored copy)
NIANBAO_REVALIDATE_MAX_AGE_DAYS = 90  # a stored copy older than this is fetched whole again
NIANBAO_REVISIT = "adaptive"          # stored documents asked again by their change history; "all": every run
NIANBAO_REVISIT_FACTOR = 0.5          # interval = factor x how long the copy had been unchanged at its last check
NIANBAO_REVISIT_MAX_DAYS = 30         # ... but never longer than this (revisions and removals seen within it)

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.same_site.SameSiteMiddleware": 60,        # never leave the portal's host
    "crawler.middlewares.budget.PortalBudgetMiddleware": 110,      # requests per portal, capped and counted
    "crawler.middlewares.crawl_delay.CrawlDelayMiddleware": 120,   # robots.txt Crawl-delay (Scrapy ignores it)
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry.BackoffRetryMiddleware": 550,       # 5xx retried with backoff / Retry-After
    # redirect loops and over-long chains reach the spider as records, not silence
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.redirects.LoopSafeRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.redirects.LoopSafeMetaRefreshMiddleware": 580,
    # If-None-Match / If-Modified-Since from validators in the database; inside the
    # retry layer, outside the WARC writer (the conditional headers get archived)
    "crawler.conditional.ConditionalRequestMiddleware": 585,
    # next to the downloader: sees every exchange as it came off the wire
    "crawler.warc.WarcMiddleware": 950,
}

ITEM_PIPELINES = {
    "pipelines.read.pipeline.ReadPipeline": 100,        # bytes -> decoded HTML / text + tables
    "pipelines.clean.CleanPipeline": 200,      # HTML -> clean text, tables, page metadata
    "pipelines.classify.ClassifyPipeline": 300,  # is it an annual report? (reason kept)
    "pipelines.metadata.MetadataPipeline": 400,  # title, body, region, level, year, date
    "pipelines.metrics.MetricsPipeline": 500,    # figures with evidence, consistency flags
    "pipelines.store.StorePipeline": 900,        # one transaction per item
}
