"""Run the `reports` spider in this process: what `nianbao crawl` and `nianbao demo` share."""
from __future__ import annotations

import os

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from core.errors import UserError


def project_settings(overrides: dict):
    """The project's settings (crawler/settings.py) with `overrides` at command-line priority."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    for key, value in overrides.items():
        if value is not None:
            settings.set(key, value, priority="cmdline")
    return settings


def parse_settings(pairs):
    out = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep:
            raise UserError("-s takes NAME=VALUE, got %r" % pair)
        out[key] = value
    return out


def run_crawl(portals, db: str, extra: dict | None = None) -> dict:
    """Run the `reports` spider over a portals file (or a list of {url, name}); return
    the crawl's stats (with the run's id as nianbao/run_id)."""
    overrides = {"NIANBAO_DB_URL": db}
    overrides.update(extra or {})
    return run_spider(project_settings(overrides), "reports", portals=portals)[1]


def run_spider(settings, name: str, **kwargs):
    """Run spider ``name`` with ``settings`` in this process until it closes; (crawler,
    its stats with the per-portal request cap as nianbao/max_requests, for the summary)."""
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(name)
    process.crawl(crawler, **kwargs)
    process.start()
    stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
    stats["nianbao/max_requests"] = crawler.settings.getint("NIANBAO_MAX_REQUESTS_PER_PORTAL")
    return crawler, stats


def default_warc_dir(db: str) -> str:
    """WARC files live beside a SQLite database, else in ./warc."""
    if db.startswith("sqlite:///") and db != "sqlite:///:memory:":
        return os.path.join(os.path.dirname(os.path.abspath(db[len("sqlite:///"):])), "warc")
    return os.path.abspath("warc")
