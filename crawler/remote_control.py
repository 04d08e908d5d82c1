"""RemoteControlWhenEnabled (Scrapy extension): Scrapy's RemoteControl, imported only
when REMOTE_CONTROL_ENABLED turns it on.

Scrapy lists RemoteControl in EXTENSIONS_BASE and imports it to ask whether it is
enabled; its module imports aiohttp's web server, 10 MB of every crawl process's
memory for an extension that is off unless asked for. EXTENSIONS puts this one in its
place: the same switch, the same extension, no import when off.
"""
from __future__ import annotations

from scrapy.exceptions import NotConfigured


class RemoteControlWhenEnabled:
    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("REMOTE_CONTROL_ENABLED"):
            raise NotConfigured
        from scrapy.extensions.remote_control import RemoteControl  # only when enabled: see the top

        return RemoteControl.from_crawler(crawler)
