"""WAF cookie challenges in a real crawl: two portals under real host names behind the
loopback HTTP proxy (SiteServer(proxy=True), reached through http_proxy), every address of
each - robots.txt first - behind a challenge of its own convention (tests/fixtures/waf/
challenges.py: a two-round 加速乐-style 521, a 知道创宇-style 412 eval chain), one report behind
a challenge no cookie passes. Crawled with the project's pipelines into SQLite + WARC."""
from __future__ import annotations

import json
import os
import sys
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, text
from warcio.archiveiterator import ArchiveIterator

from nianbao.demo.server import SiteServer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "fixtures", "traps"))
sys.path.insert(0, os.path.join(HERE, "fixtures", "waf"))
import runner  # noqa: E402
from challenges import HTML, EvalChain, TwoRounds, never_passes  # noqa: E402
from world import entries, page, report  # noqa: E402

HOSTS = {"lc": "www.lcx.gov.cn", "hb": "xxgk.hbq.gov.cn"}
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def title(year):
    return "某县%d年政府信息公开工作年度报告" % year


def pages(locked: bool) -> dict:
    column = [("/xxgk/gknb/2022/t1.html", title(2021), "2022-01-20"),
              ("/xxgk/gknb/2021/t2.html", title(2020), "2021-01-22"),
              ("/private/t3.html", title(2019), "2020-01-15")]
    if locked:
        column.append(("/xxgk/gknb/locked.html", title(2018), "2019-01-10"))
    return {"/robots.txt": (ROBOTS, "text/plain"),
            "/": (page("某县人民政府", '<a href="/xxgk/gknb/index.html">政府信息公开年报</a>'), HTML),
            "/xxgk/gknb/index.html": (page("政府信息公开年报", entries(column), "政府信息公开年报"), HTML),
            "/xxgk/gknb/2022/t1.html": (report(title(2021), 2021), HTML),
            "/xxgk/gknb/2021/t2.html": (report(title(2020), 2020), HTML),
            "/private/t3.html": (report(title(2019), 2019), HTML)}


def static(body, ctype):
    return lambda req: (200, {"Content-Type": ctype}, body)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    root = tmp_path_factory.mktemp("waf")
    dirs = {k: str(root / k) for k in HOSTS}
    for d in dirs.values():
        os.makedirs(d)
    srv = SiteServer(dirs, HOSTS, proxy=True)
    jsl, yd = TwoRounds(), EvalChain()
    leaks = []
    for path, (body, ctype) in pages(locked=True).items():
        srv.route_request("lc", path, jsl.guard(static(body, ctype)))
    srv.route_request("lc", "/xxgk/gknb/locked.html", never_passes)

    def no_foreign_cookie(fn):
        def route(req):
            if any(k.startswith("__jsl") for k in req.cookies):
                leaks.append(req.path)
            return fn(req)
        return route
    for path, (body, ctype) in pages(locked=False).items():
        srv.route_request("hb", path, no_foreign_cookie(yd.guard(HOSTS["hb"], static(body, ctype))))
    urls = srv.start()
    db = "sqlite:///%s" % (root / "waf.db")
    warc = str(root / "warc")
    old = os.environ.get("http_proxy")
    os.environ["http_proxy"] = srv.proxy_url
    try:
        res = runner.run_crawl(root / "run", {"urls": ",".join([urls["lc"], urls["hb"]])},
                               {"NIANBAO_DB_URL": db, "NIANBAO_WARC_DIR": warc}, pipelines="project")
        yield SimpleNamespace(res=res, log=list(srv.log), jsl=jsl, yd=yd, leaks=leaks, db=db, warc=warc)
    finally:
        if old is None:
            os.environ.pop("http_proxy", None)
        else:
            os.environ["http_proxy"] = old
        srv.stop()


def docs(res, host):
    return sorted(i["url"] for i in res["items"] if i["_type"] == "DocumentItem" and host in i["url"])


def test_reports_behind_both_challenges_are_fetched(crawl):
    for host in HOSTS.values():
        assert docs(crawl.res, host) == ["http://%s/xxgk/gknb/2021/t2.html" % host,
                                         "http://%s/xxgk/gknb/2022/t1.html" % host]


def test_robots_txt_is_solved_first_and_obeyed(crawl):
    # robots.txt met each challenge first; once parsed, /private/ was never asked on either host
    assert crawl.jsl.log[:3] == [("/robots.txt", "round1"), ("/robots.txt", "round2"), ("/robots.txt", "pass")]
    assert crawl.yd.log[:2] == [("/robots.txt", "challenge"), ("/robots.txt", "pass")]
    assert not [r for r in crawl.log if r["path"].startswith("/private/")]
    robots = [i for i in crawl.res["items"] if i["_type"] == "FetchItem" and i["kind"] == "robots"]
    passed = {i["url"]: i["challenge"] for i in robots if i["status"] == 200}
    assert passed["http://www.lcx.gov.cn/robots.txt"]["rounds"] == 2
    assert passed["http://www.lcx.gov.cn/robots.txt"]["statuses"] == [521, 521]
    assert "__jsl_clearance_s" in passed["http://www.lcx.gov.cn/robots.txt"]["cookies"]
    assert passed["http://xxgk.hbq.gov.cn/robots.txt"]["statuses"] == [412]


def test_cookies_are_kept_per_host(crawl):
    # solved once per host: every later address passed at once, and no cookie crossed hosts
    assert [o for p, o in crawl.jsl.log[3:]] == ["pass"] * len(crawl.jsl.log[3:])
    assert [o for p, o in crawl.yd.log[2:]] == ["pass"] * len(crawl.yd.log[2:])
    assert crawl.leaks == []
    assert not [r for r in crawl.log if r["site"] is None]


def test_a_page_still_a_challenge_after_two_rounds_is_a_failure(crawl):
    items = [i for i in crawl.res["items"] if i["url"].endswith("/locked.html")]
    assert [i["_type"] for i in items] == ["FetchItem"]
    [f] = items
    assert f["status"] == 521 and "js_challenge" in f["error"] and "after 2 rounds" in f["error"]
    assert f["challenge"]["solved"] is False and f["challenge"]["rounds"] == 2
    assert len([r for r in crawl.log if r["path"] == "/xxgk/gknb/locked.html"]) == 3


def test_challenges_are_on_record_in_stats_rows_and_warc(crawl):
    stats = crawl.res["stats"]
    assert stats["nianbao/challenges/solved"] == 3 + 2   # lc robots x2, hb robots, locked x2
    assert stats["nianbao/challenges/unsolved"] == 1
    assert crawl.res["portal_stats"]["http://www.lcx.gov.cn/"]["challenges"] == {"solved": 4, "unsolved": 1}
    eng = create_engine(crawl.db)
    try:
        with eng.connect() as c:
            rows = c.execute(text("SELECT url, status, error, challenge FROM fetches WHERE challenge IS NOT NULL")).all()
    finally:
        eng.dispose()
    by_url = {(r.url, r.status): (r.error, json.loads(r.challenge) if isinstance(r.challenge, str) else r.challenge)
              for r in rows}
    # only the exchanges a challenge stood in front of: the two robots.txt that passed one, the locked page
    assert sorted(by_url) == [("http://www.lcx.gov.cn/robots.txt", 200), ("http://www.lcx.gov.cn/robots.txt", 521),
                              ("http://www.lcx.gov.cn/xxgk/gknb/locked.html", 521), ("http://xxgk.hbq.gov.cn/robots.txt", 200)]
    assert by_url[("http://www.lcx.gov.cn/robots.txt", 200)][1]["waf"] == "jiasule"
    error, info = by_url[("http://www.lcx.gov.cn/xxgk/gknb/locked.html", 521)]
    assert "js_challenge" in error and info["solved"] is False
    statuses = []
    for name in os.listdir(crawl.warc):
        with open(os.path.join(crawl.warc, name), "rb") as f:
            statuses += [int(r.http_headers.get_statuscode()) for r in ArchiveIterator(f) if r.rec_type == "response"]
    assert statuses.count(521) >= 2 + 3 and statuses.count(412) >= 1
