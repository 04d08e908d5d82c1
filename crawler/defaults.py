"""The project's own settings (crawler/settings.py) as the defaults of any crawler.

A crawler built from the project (``scrapy crawl``, ``nianbao crawl``) has them at
project priority already. One built some other way (``scrapy.utils.test.get_crawler``,
an embedding application) gets the NIANBAO_* values of crawler/settings.py at
Scrapy's "default" priority through ReportsSpider.update_settings, so that every
component reads its settings without a fallback of its own.
"""
from __future__ import annotations

from scrapy.settings import BaseSettings, Settings

from crawler import settings as project_settings


def nianbao_defaults() -> dict:
    """The NIANBAO_* settings of crawler/settings.py, by name."""
    return {k: getattr(project_settings, k) for k in dir(project_settings) if k.startswith("NIANBAO_")}


def apply_defaults(settings: BaseSettings) -> BaseSettings:
    """Fill in every NIANBAO_* setting the given settings lack (never overriding one)."""
    for name, value in nianbao_defaults().items():
        settings.setdefault(name, value, priority="default")
    return settings


def default_settings() -> Settings:
    """Scrapy's defaults with the project's NIANBAO_* settings (a spider made without a crawler)."""
    return apply_defaults(Settings())
