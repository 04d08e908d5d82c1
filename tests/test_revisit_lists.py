"""The later pages of a report list on the revisit schedule (crawler.revisit.list_settled):
page 1 is asked every night; page 2 only when page 1 held a new entry, or when the
list runs oldest first (its new entries land on its last page), or with --revisit all.

One loopback world of two portals, each with a 年报 list of 25 reports, ten a page:
`newest` lists newest first (as nearly every portal does), `oldest` oldest first.
"""
from __future__ import annotations

import datetime as dt
import os

import pytest

from crawler.revisit import RevisitPolicy, list_settled
from incremental_helpers import backdate, crawl
from nianbao.demo.server import SiteServer

HOSTS = {"newest": "127.0.0.171", "oldest": "127.0.0.172"}
PER_PAGE = 10


# ------------------------------------------------------------------- the rule itself

def test_a_page_ending_with_an_entry_the_store_does_not_know_is_not_settled():
    assert not list_settled([True, False], ["2024-03-01", "2023-03-01"])
    assert not list_settled([False, False], [])        # a whole page of new entries: the burst may go on


def test_a_page_ending_with_a_known_entry_newest_first_is_settled():
    assert list_settled([False, True, True], ["2024-03-01", "2023-03-01", "2022-03-01"])  # new ones on top
    assert list_settled([True, True, True], ["2024-03-01", "", "2022-03-01"])   # an undated entry does not count
    assert list_settled([True], [])                     # nothing dated: newest first assumed
    assert list_settled([], [])                         # no entry: nothing pushed down


def test_a_list_whose_dates_run_oldest_first_is_always_paged_through():
    assert not list_settled([True, True, True], ["2021-03-01", "2022-03-01", "2023-03-01"])


def test_settled_pages_are_asked_every_max_days_from_their_last_check():
    now, day = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc), dt.timedelta(days=1)
    p = RevisitPolicy("adaptive", 0.5, 30)
    assert not p.settled_due(now - 29 * day, now)
    assert p.settled_due(now - 30 * day, now)
    assert p.settled_due(None, now)
    assert RevisitPolicy("all", 0.5, 30).settled_due(now, now)


# ------------------------------------------------------------------- crawl level

def _report(n: int) -> tuple[str, str, str]:
    year = 2000 + n
    return ("/xxgk/ndbg/%d03/t%d0301_%d.html" % (year + 1, year + 1, n),
            "某县%d年政府信息公开工作年度报告" % year, "%d-03-01" % (year + 1))


def _write(path: str, html: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title></head><body>"
            "<div class='nav'><a href='/'>首页</a> <a href='/xxgk/'>政府信息公开</a></div>"
            "<div class='main'>%s</div></body></html>" % (title, body))


def build_site(root: str, numbers: list[int], newest_first: bool) -> None:
    """A homepage, the disclosure hub, the paged 年报 list and its report pages."""
    _write(os.path.join(root, "index.html"), _page("某县人民政府", "<a href='/xxgk/'>政府信息公开</a>"))
    _write(os.path.join(root, "xxgk", "index.html"),
           _page("政府信息公开", "<a href='/xxgk/ndbg/'>政府信息公开年报</a>"))
    entries = [_report(n) for n in sorted(numbers, reverse=newest_first)]
    pages = [entries[i:i + PER_PAGE] for i in range(0, len(entries), PER_PAGE)]
    for i, chunk in enumerate(pages):
        items = "".join("<li><a href='%s'>%s</a><span>%s</span></li>" % e for e in chunk)
        nav = "".join("<a href='%s'>%d</a> " % ("index.html" if j == 0 else "index_%d.html" % j, j + 1)
                      for j in range(len(pages)))
        if i + 1 < len(pages):
            nav += "<a href='index_%d.html'>下一页</a>" % (i + 1)
        name = "index.html" if i == 0 else "index_%d.html" % i
        _write(os.path.join(root, "xxgk", "ndbg", name),
               _page("政府信息公开年报", "<h2>政府信息公开年报</h2><ul class='list'>%s</ul>"
                     "<div class='page'>%s</div>" % (items, nav)))
    for path, title, date in entries:
        full = os.path.join(root, path.lstrip("/"))
        if not os.path.exists(full):   # a report once written keeps its file (and its Last-Modified)
            _write(full, _page(title, "<h1>%s</h1><p>发布日期：%s</p><p>一、总体情况。本年度主动公开政府信息"
                                      "%d条。</p>" % (title, date, 100 + len(title))))


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    """Crawled 60 days ago and confirmed unchanged today; then a night with nothing new,
    a night after `newest` published a page's worth of reports, a night after it
    published one more, and a --revisit all run."""
    tmp = tmp_path_factory.mktemp("revisit-lists")
    roots = {name: str(tmp / name) for name in HOSTS}
    numbers = list(range(1, 26))
    for name, root in roots.items():
        build_site(root, numbers, newest_first=name == "newest")
    server = SiteServer(roots, HOSTS)
    server.start()
    portals = str(tmp / "portals.csv")
    with open(portals, "w", encoding="utf-8") as f:
        f.write("url,name\n" + "".join("http://%s:%d/,%s县人民政府\n" % (ip, server.port, name)
                                       for name, ip in HOSTS.items()))
    db, warc, logs = "sqlite:///%s" % (tmp / "lists.db"), str(tmp / "warc"), {}
    try:
        crawl(portals, db, warc)
        backdate(db, 60)
        crawl(portals, db, warc)
        for night, extra in (("quiet", ()), ("burst", ()), ("one_more", ()), ("all", ("--revisit", "all"))):
            if night == "burst":
                numbers += list(range(26, 36))
            if night == "one_more":
                numbers.append(36)
            build_site(roots["newest"], numbers, newest_first=True)
            start = len(server.log)
            crawl(portals, db, warc, *extra)
            logs[night] = [(r["site"], r["path"]) for r in server.log[start:]]
    finally:
        server.stop()
    return logs


def _asked(log, site, path):
    return (site, path) in log


def test_a_quiet_night_asks_page_one_and_not_the_pages_after_it(nights):
    log = nights["quiet"]
    assert _asked(log, "newest", "/xxgk/ndbg/")
    assert not _asked(log, "newest", "/xxgk/ndbg/index_1.html")
    assert not _asked(log, "newest", "/xxgk/ndbg/index_2.html")


def test_a_list_running_oldest_first_is_paged_through_every_night(nights):
    log = nights["quiet"]
    assert _asked(log, "oldest", "/xxgk/ndbg/index_1.html")
    assert _asked(log, "oldest", "/xxgk/ndbg/index_2.html")


def test_a_page_of_new_entries_has_the_pages_after_it_asked(nights):
    log = nights["burst"]
    assert all(_asked(log, "newest", _report(n)[0]) for n in range(26, 36))
    assert _asked(log, "newest", "/xxgk/ndbg/index_1.html")
    assert _asked(log, "newest", "/xxgk/ndbg/index_3.html")      # new: the list grew a page


def test_one_new_entry_is_fetched_and_the_pages_after_it_wait(nights):
    log = nights["one_more"]
    assert _asked(log, "newest", _report(36)[0])
    # they changed last night (every entry moved down), yet nothing new can be on them
    assert not _asked(log, "newest", "/xxgk/ndbg/index_1.html")
    assert not _asked(log, "newest", "/xxgk/ndbg/index_2.html")


def test_revisit_all_asks_every_page(nights):
    log = nights["all"]
    for site in HOSTS:
        assert _asked(log, site, "/xxgk/ndbg/index_1.html")
        assert _asked(log, site, "/xxgk/ndbg/index_2.html")
