"""Scrapy settings for nianbao.

Everything a deployment may want to change is a setting; `nianbao crawl` passes
--db and friends through as settings overrides.
"""
import os

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- identity and politeness -------------------------------------------------
USER_AGENT = "nianbao/0.1 (+https://github.com/nianbao/nianbao; annual-report research crawler)"
ROBOTSTXT_OBEY = True
# a broad crawl (Scrapy's "Broad crawls"): the downloader counts requests waiting out a
# host's delay as active, so with 16 and twenty hosts at Crawl-delay some hosts always
# waited for a free place; politeness is per host (below and Crawl-delay), not this
CONCURRENT_REQUESTS = 64
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"  # next request from the least busy host
CONCURRENT_REQUESTS_PER_DOMAIN = 2   # per host (Scrapy's slots are hosts); a portal spans at most 1 + NIANBAO_MAX_HOSTS_PER_PORTAL
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
COOKIES_ENABLED = True               # per host: WAF challenge cookies (crawler.middlewares.challenge), sessions
TELNETCONSOLE_ENABLED = False        # a Python shell on a port: only when a setting turns it on
# Scrapy 2.19's RemoteControl runs Python code sent to an HTTP port, on by default in Scrapy:
# off here, on only with -s REMOTE_CONTROL_ENABLED=True
REMOTE_CONTROL_ENABLED = False
HTTPERROR_ALLOW_ALL = True           # the spider records 404/410/5xx itself
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
LOG_LEVEL = "INFO"

# Depth-first within a portal keeps memory flat and lets reports surface early.
DEPTH_PRIORITY = 0

# --- nianbao ------------------------------------------------------------------
NIANBAO_DB_URL = "sqlite:///nianbao.db"
NIANBAO_BLOB_DIR = None               # None: blobs live in the database
NIANBAO_MAX_REQUESTS_PER_PORTAL = 1500  # cap on requests spent in one portal (a county listing 40 bodies' reports needs ~700 on its first build)
NIANBAO_MAX_LIST_PAGES = 20           # pagination pages followed per list column
NIANBAO_MAX_DEPTH = 6                 # link hops from the homepage
NIANBAO_MAX_HOSTS_PER_PORTAL = 8      # other hosts one portal's navigation may admit (crawler.scope)
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
NIANBAO_CONDITIONAL_PAGES = True      # revalidate nav/list pages too (a 304 replays the stored copy)
NIANBAO_REVALIDATE_MAX_AGE_DAYS = 90  # a stored copy older than this is fetched whole again
NIANBAO_REVISIT = "adaptive"          # stored documents asked again by their change history; "all": every run
NIANBAO_REVISIT_FACTOR = 0.5          # interval = factor x how long the copy had been unchanged at its last check
NIANBAO_REVISIT_MAX_DAYS = 30         # ... but never longer than this (revisions and removals seen within it)
NIANBAO_REVISIT_NAV = True            # navigation pages by the same schedule (one unchanged for long is not asked, its stored copy followed); lists' later pages behind a known entry every MAX_DAYS
NIANBAO_CHALLENGE_STATUSES = [521, 412, 202]  # statuses WAF cookie challenges answer with (a bare 200 is judged stricter)
NIANBAO_CHALLENGE_MAX_ROUNDS = 2      # challenges solved for one request; a page still one after them is a failure (0: off)
NIANBAO_CHALLENGE_MAX_BYTES = 256 * 1024  # a bigger answer is never taken for a challenge
NIANBAO_CHALLENGE_TIME_LIMIT = 2      # seconds of CPU one challenge script may take (QuickJS time limit)
NIANBAO_CHALLENGE_MEMORY = 32 * 1024 * 1024  # bytes one challenge's JavaScript context may allocate
NIANBAO_CHALLENGE_HOST_GIVE_UP = 3    # unsolved challenges in a row after which a host's are failed without running them

# one crawl per portal at a time (crawler/locks.py): a lock row per portal in the database
NIANBAO_CRAWL_LOCK = True
NIANBAO_CRAWL_LOCK_TTL = 120          # seconds without a heartbeat before another host's lock is dead

# `nianbao enqueue` / `nianbao worker` (crawler/queue.py, crawler/spiders/report_worker.py, scrapy-redis)
REDIS_URL = "redis://127.0.0.1:6379/0"  # scrapy-redis's setting: the queue, dupefilter and host gate
NIANBAO_REDIS_PREFIX = "nianbao:"     # every key the workers share starts with this
NIANBAO_RUN = None                    # the run (one night's queue) a worker joins; None: the one enqueued last
NIANBAO_REDIS_RUN_TTL = 14 * 86400    # seconds a run's keys (queue, done, dupefilter ...) are kept in Redis
NIANBAO_WORKER_BATCH = 8              # portals a worker takes at a time (a batch lasts as long as its slowest portal; small: workers share the queue)
NIANBAO_WORKER_HEARTBEAT_TTL = 120    # seconds without a beat (every TTL/3) before a worker's portals go to the others
NIANBAO_WORKER_UNTIL_EMPTY = False    # close once no portal is queued or held by any worker (cron)
MAX_IDLE_TIME_BEFORE_CLOSE = 600      # scrapy-redis: seconds a worker waits for portals before it closes (systemd restarts it)
NIANBAO_HOST_GATE = False             # per-host limits summed over workers (middlewares.host_gate); the worker spider turns it on

# the progress view (crawler/progress.py)
NIANBAO_PROGRESS = "auto"             # auto: live table on a terminal, plain lines otherwise; plain; live; off
NIANBAO_PROGRESS_INTERVAL = 1.0       # seconds between checks (portals finished, the live table)
NIANBAO_PROGRESS_LOG_INTERVAL = 30    # seconds between plain progress lines (cron logs)

EXTENSIONS = {
    "crawler.progress.ProgressExtension": 500,   # live per-portal progress on stderr
    # Scrapy's RemoteControl imported only when REMOTE_CONTROL_ENABLED (its aiohttp: 10 MB)
    "scrapy.extensions.remote_control.RemoteControl": None,
    "crawler.remote_control.RemoteControlWhenEnabled": 0,
}

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.same_site.SameSiteMiddleware": 60,        # never leave the portal's scope (crawler.scope)
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
    # Scrapy's cookie jar, its public-suffix test from the bundled list (no download mid-crawl)
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "crawler.middlewares.cookies.OfflineCookiesMiddleware": 700,
    # WAF cookie challenges (加速乐 / 知道创宇): after decompression (590) and the cookie jar (700)
    "crawler.middlewares.challenge.JsChallengeMiddleware": 588,
    # host limits across workers (`nianbao worker` only): after everything that may drop a request
    "crawler.middlewares.host_gate.HostGateMiddleware": 940,
    # next to the downloader: sees every exchange as it came off the wire
    "crawler.warc.WarcMiddleware": 950,
}

# the document stages, in this order, run by StagesPipeline in NIANBAO_PIPELINE_WORKERS
# processes (pure CPU on one item: off the reactor thread, which keeps downloading)
NIANBAO_DOCUMENT_STAGES = {
    "pipelines.read.pipeline.ReadPipeline": 100,        # bytes -> decoded HTML / text + tables
    "pipelines.clean.CleanPipeline": 200,      # HTML -> clean text, tables, page metadata
    "pipelines.classify.ClassifyPipeline": 300,  # is it an annual report? (reason kept)
    "pipelines.metadata.MetadataPipeline": 400,  # title, body, region, level, year, date
    "pipelines.metrics.MetricsPipeline": 500,    # figures with evidence, consistency flags
}
# processes running them: the reactor thread and one child fill 2 cores; 0: in the crawl process
NIANBAO_PIPELINE_WORKERS = max(1, (os.cpu_count() or 2) - 1)

ITEM_PIPELINES = {
    "pipelines.stages.StagesPipeline": 100,     # NIANBAO_DOCUMENT_STAGES, in a process pool
    "pipelines.store.StorePipeline": 900,        # one transaction per item (one writer: this process)
}
