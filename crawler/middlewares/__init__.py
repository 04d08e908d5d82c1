"""The crawler's downloader middlewares, one per module.

Enabled in crawler/settings.py (the numbers place them around Scrapy's own)::

    "crawler.middlewares.same_site.SameSiteMiddleware": 60,            # before robots.txt: no offsite robots fetch
    "crawler.middlewares.budget.PortalBudgetMiddleware": 110,          # after robots.txt: forbidden URLs cost nothing
    "crawler.middlewares.crawl_delay.CrawlDelayMiddleware": 120,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.redirects.LoopSafeMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.redirects.LoopSafeRedirectMiddleware": 600,
    "crawler.middlewares.challenge.JsChallengeMiddleware": 588,        # after decompression (590), cookies (700)

Each request is tied to its portal by request.meta['portal'] (crawler.meta.PORTAL,
set by the spider, carried over to retries and redirects); requests Scrapy makes
itself (robots.txt) are tied by host through the crawl's CrawlState (crawler.state) -
the portal's own host, or a host its navigation admitted (crawler.scope).
Counts go to that CrawlState, which mirrors them into crawler.stats.
"""
