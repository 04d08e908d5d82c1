"""The anchor of bench/bench_crawl.py: a plain Scrapy CrawlSpider that follows every
link of the portals' own hosts (what a generic crawler does without nianbao's
discovery), with the same politeness settings, and no item pipelines.

    scrapy runspider bench/naive_spider.py -a portals=portals.csv
"""
from __future__ import annotations

import csv
from urllib.parse import urlsplit

from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule


class NaiveSpider(CrawlSpider):
    name = "naive"
    rules = (Rule(LinkExtractor(deny_extensions=[]), callback="parse_item", follow=True),)

    def __init__(self, portals: str, *args, **kwargs):
        with open(portals, encoding="utf-8") as f:
            self.start_urls = [row["url"] for row in csv.DictReader(f)]
        self.allowed_domains = sorted({urlsplit(u).hostname for u in self.start_urls})
        super().__init__(*args, **kwargs)

    def parse_item(self, response):
        yield {"url": response.url, "status": response.status, "bytes": len(response.body)}
