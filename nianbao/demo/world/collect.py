"""The World a generator fills: every file of every portal with its publish date, and the truth
(reports, look-alikes, traps, dynamic routes) collected beside the pages that carry it."""
from __future__ import annotations

from nianbao.demo.world.places import HOSTS, PORT


def url(portal: str, path: str, hosts: dict | None = None) -> str:
    """A page's address; `hosts` names the portals of another world (world3 reuses this generator)."""
    return "http://%s:%s%s" % ((hosts or HOSTS)[portal], PORT, path)


class World:
    """Collects files {portal: {path: bytes}}, their dates, and the truth about them.
    `hosts` names the portals (another world, world3, builds on this class)."""

    def __init__(self, hosts: dict | None = None):
        self.hosts = hosts or HOSTS
        self.files: dict[str, dict[str, bytes]] = {p: {} for p in self.hosts}
        self.dates: dict[tuple[str, str], str] = {}
        self.reports: list[dict] = []
        self.look_alikes: list[dict] = []
        self.traps: list[dict] = []
        self.routes: list[dict] = []

    def put(self, portal: str, path: str, data, date: str = "2024-01-01", encoding: str = "utf-8") -> str:
        assert path.startswith("/") and not path.endswith("/"), path
        assert path not in self.files[portal], path
        if isinstance(data, str):
            if encoding == "gb2312":
                # GB2312's A1AA is the dash Python's gb2312 codec calls U+2015 and GBK calls U+2014:
                # check the repertoire is GB2312's, write the bytes as GBK writes them (identical)
                data.replace("\u2014", "\u2015").encode("gb2312")
                encoding = "gbk"
            data = data.encode(encoding)  # strict: a character the encoding cannot carry fails the build
        self.files[portal][path] = data
        self.dates[(portal, path)] = date
        return url(portal, path, self.hosts)

    def look_alike(self, portal, path, kind, title, **extra):
        self.look_alikes.append({"url": url(portal, path, self.hosts), "kind": kind, "title": title,
                                 "portal": portal, **extra})
