"""HTTP and storage faults, crawl side.

HTTP: one loopback portal (127.0.0.210) whose report column links pages that fail in
every way a portal does - 500/502 then 200, 503 for good, 404, 410, a redirect within
the site, redirect loops (A->B->A, A->A), a chain longer than REDIRECT_MAX_TIMES, a
redirect to another host (127.0.0.211, which must never be asked), a page slower than
DOWNLOAD_TIMEOUT - crawled twice with the project's real pipelines into SQLite: the
first run records every failure with its reason (items and url_state), the second
fetches the timed-out page again once it answers.

Storage: the real StorePipeline on SQLite with a trigger that makes one document's
INSERT fail: that item is rolled back and recorded, the others are stored, and
`nianbao crawl` exits non-zero naming what was not stored. The same CLI run checks
the per-portal accounting printed and kept on the crawl_runs row.
"""
import json
import os
import subprocess
import sys
import threading
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, text

from core.db import upgrade
from nianbao.demo.server import SiteServer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "fixtures", "traps"))
import runner  # noqa: E402
from world import HTML, entries, install, log_for, page, report, write  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOSTS = {"faults": "127.0.0.210", "elsewhere": "127.0.0.211"}
RETRIES = 2
COLUMN = [  # (path, year): every entry is titled as a report, so every one is fetched
    ("/nb/t1_mix.html", 2021), ("/nb/t2_down.html", 2020), ("/nb/t3_gone.html", 2019), ("/nb/t4_gone.html", 2018),
    ("/nb/t5_moved.html", 2017), ("/nb/t6_loop.html", 2016), ("/nb/t7_self.html", 2015), ("/nb/t8_away.html", 2014),
    ("/nb/t9_slow.html", 2013), ("/nb/t10_chain.html", 2012), ("/nb/t11_session.jsp", 2011)]


def title(year):
    return "某县%d年政府信息公开工作年度报告" % year


def build(root, routes, port):
    d = root
    write(d, "/robots.txt", "User-agent: *\nDisallow:\n")
    write(d, "/index.html", page("某县人民政府", '<a href="/nb/index.html">政府信息公开年报</a> '
                                                '<a href="/bmnb/index.html">部门信息公开年报</a>'))
    write(d, "/nb/index.html", page("政府信息公开年报", entries([(p, title(y), "%d-02-01" % (y + 1)) for p, y in COLUMN]),
                                    "政府信息公开年报"))
    lock, hits = threading.Lock(), {}

    def counted(name):
        with lock:
            hits[name] = hits.get(name, 0) + 1
            return hits[name]

    def mix(q):   # 500, then 502, then the page
        n = counted("mix")
        if n == 1:
            return 500, {"Content-Type": HTML}, b"<html>500</html>"
        if n == 2:
            return 502, {"Content-Type": HTML}, b"<html>502 Bad Gateway</html>"
        return 200, {"Content-Type": HTML}, report(title(2021), 2021)
    routes["faults", "/nb/t1_mix.html"] = mix
    routes["faults", "/nb/t2_down.html"] = lambda q: (503, {"Content-Type": HTML}, b"<html>503</html>")
    routes["faults", "/nb/t4_gone.html"] = lambda q: (410, {"Content-Type": HTML}, b"<html>410 Gone</html>")

    def redirect(to, status=302):
        return lambda q: (status, {"Location": to, "Content-Type": HTML}, b"<html>moved</html>")
    routes["faults", "/nb/t5_moved.html"] = redirect("/nb/2017/t5.html", 301)
    write(d, "/nb/2017/t5.html", report(title(2017), 2017))
    routes["faults", "/nb/t6_loop.html"] = redirect("/nb/t6_loop_b.html")
    routes["faults", "/nb/t6_loop_b.html"] = redirect("/nb/t6_loop.html")
    routes["faults", "/nb/t7_self.html"] = redirect("/nb/t7_self.html")
    routes["faults", "/nb/t8_away.html"] = redirect("http://%s:%d/nb/t8.html" % (HOSTS["elsewhere"], port))
    routes["faults", "/nb/t10_chain.html"] = redirect("/nb/chain/1.html")
    for i in range(1, 9):
        routes["faults", "/nb/chain/%d.html" % i] = redirect("/nb/chain/%d.html" % (i + 1))
    write(d, "/nb/t9_slow.html", report(title(2013), 2013), {"delay_ms": 2500})
    # a servlet without cookies redirects to the same page with its session in the path: not a loop
    routes["faults", "/nb/t11_session.jsp"] = redirect("/nb/t11_session.jsp;jsessionid=0A1B2C")
    routes["faults", "/nb/t11_session.jsp;jsessionid=0A1B2C"] = lambda q: (200, {"Content-Type": HTML},
                                                                            report(title(2011), 2011))


def url_state(db_url, path):
    eng = create_engine(db_url)
    try:
        with eng.connect() as c:
            row = c.execute(text("SELECT last_status, failures, last_error FROM url_state WHERE url LIKE :u"),
                            {"u": "%" + path}).first()
        return dict(row._mapping) if row else None
    finally:
        eng.dispose()


@pytest.fixture(scope="module")
def faults(tmp_path_factory):
    root = tmp_path_factory.mktemp("faults")
    dirs = {k: str(root / k) for k in HOSTS}
    for v in dirs.values():
        os.makedirs(v)
    srv = SiteServer(dirs, HOSTS)
    routes = install(srv)
    urls = srv.start()
    db = "sqlite:///%s" % (root / "faults.db")
    settings = {"NIANBAO_DB_URL": db, "DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": RETRIES, "NIANBAO_RETRY_BACKOFF": 0.1}
    try:
        build(dirs["faults"], routes, srv.port)
        first = runner.run_crawl(root / "run1", {"urls": urls["faults"]}, settings, pipelines="project")
        log1 = list(srv.log)
        slow_state = url_state(db, "/nb/t9_slow.html")
        os.remove(os.path.join(dirs["faults"], "nb", "t9_slow.html.headers.json"))   # the page answers again
        second = runner.run_crawl(root / "run2", {"urls": urls["faults"]}, settings, pipelines="project")
        yield SimpleNamespace(urls=urls, db=db, first=first, second=second, log1=log1, log2=list(srv.log)[len(log1):],
                              slow_state=slow_state, slow_state2=url_state(db, "/nb/t9_slow.html"))
    finally:
        srv.stop()


def hits(log, path):
    return [r for r in log if r["site"] == "faults" and urlsplit(r["path"]).path == path]


def items(res, typ, path):
    return [i for i in res["items"] if i["_type"] == typ and urlsplit(i["url"]).path == path]


def fetch_error(res, path):
    [f] = items(res, "FetchItem", path)
    return f


def test_500_502_mix_recovered_within_the_run(faults):
    assert [r["status"] for r in hits(faults.log1, "/nb/t1_mix.html")] == [500, 502, 200]
    [d] = items(faults.first, "DocumentItem", "/nb/t1_mix.html")
    assert d["status"] == 200 and d["decision"]["is_report"] is True


def test_permanent_503_gives_up_with_a_reason(faults):
    rows = hits(faults.log1, "/nb/t2_down.html")
    assert [r["status"] for r in rows] == [503] * (RETRIES + 1)
    gaps = [b["t"] - a["t"] for a, b in zip(rows, rows[1:])]
    assert gaps[0] >= 0.09 and gaps[1] >= 0.19          # backoff doubled between retries
    f = fetch_error(faults.first, "/nb/t2_down.html")
    assert f["status"] == 503 and "503" in f["error"]
    assert not items(faults.first, "DocumentItem", "/nb/t2_down.html")
    assert faults.first["portal_stats"][faults.urls["faults"]]["errors"]["http_503"] == 1
    assert faults.first["stats"]["retry/max_reached"] >= 1


def test_404_and_410_recorded(faults):
    for path, status in (("/nb/t3_gone.html", 404), ("/nb/t4_gone.html", 410), ("/bmnb/", 404)):
        f = fetch_error(faults.first, path)
        assert f["status"] == status and "gone" in f["error"], path
        assert len(hits(faults.log1, urlsplit(f["final_url"]).path)) == 1     # 4xx are not retried
    assert fetch_error(faults.first, "/bmnb/")["kind"] == "nav"
    state = url_state(faults.db, "/nb/t4_gone.html")
    assert state["last_status"] == 410 and state["failures"] >= 1


def test_redirect_within_the_site_followed(faults):
    [d] = items(faults.first, "DocumentItem", "/nb/t5_moved.html")
    assert urlsplit(d["final_url"]).path == "/nb/2017/t5.html"
    assert [urlsplit(u).path for u in d["redirect_urls"]] == ["/nb/t5_moved.html"]


@pytest.mark.parametrize("path, chain", [("/nb/t6_loop.html", ["/nb/t6_loop.html", "/nb/t6_loop_b.html"]),
                                         ("/nb/t7_self.html", ["/nb/t7_self.html"])])
def test_redirect_loops_stopped_and_recorded(faults, path, chain):
    for p in chain:
        assert len(hits(faults.log1, p)) == 1, p              # each hop asked once, the loop not gone round
    f = fetch_error(faults.first, path)                       # the last 3xx, kept with its reason
    assert f["status"] == 302 and "redirect" in f["error"], f
    assert urlsplit(f["final_url"]).path == chain[-1]
    assert not items(faults.first, "DocumentItem", path)
    assert faults.first["portal_stats"][faults.urls["faults"]]["errors"]["redirect_loop"] == 2


def test_redirect_adding_a_session_id_is_not_a_loop(faults):
    [d] = items(faults.first, "DocumentItem", "/nb/t11_session.jsp")
    assert d["status"] == 200 and d["final_url"].endswith(";jsessionid=0A1B2C")


def test_redirect_chain_longer_than_the_limit_recorded(faults):
    asked = [r for r in faults.log1 if r["site"] == "faults" and r["path"].startswith(("/nb/t10_chain", "/nb/chain/"))]
    assert len(asked) == 6                                      # the first and REDIRECT_MAX_TIMES (5) hops
    f = fetch_error(faults.first, "/nb/t10_chain.html")
    assert f["status"] == 302 and "redirect" in f["error"]
    assert faults.first["portal_stats"][faults.urls["faults"]]["errors"]["too_many_redirects"] == 1


def test_redirect_to_another_host_not_followed(faults):
    assert log_for(SimpleNamespace(log=faults.log1 + faults.log2), "elsewhere") == []
    f = fetch_error(faults.first, "/nb/t8_away.html")
    assert "offsite redirect" in f["error"] and f["status"] is None


def test_timeout_recorded_and_retried_next_run(faults):
    f = fetch_error(faults.first, "/nb/t9_slow.html")
    assert f["error"].startswith("timeout") and f["status"] is None
    asked = [r for r in faults.first["reached"] if urlsplit(r["url"]).path == "/nb/t9_slow.html"]
    assert len(asked) == RETRIES + 1          # (the server logs nothing: the crawler hung up first)
    assert faults.slow_state["failures"] >= 1 and "timeout" in faults.slow_state["last_error"]
    # the next run asks again, and the page is stored once it answers
    assert [r["status"] for r in hits(faults.log2, "/nb/t9_slow.html")] == [200]
    [d] = items(faults.second, "DocumentItem", "/nb/t9_slow.html")
    assert d["status"] == 200
    assert faults.slow_state2["failures"] == 0 and faults.slow_state2["last_status"] == 200


def test_every_failure_is_in_the_database(faults):
    eng = create_engine(faults.db)
    try:
        with eng.connect() as c:
            rows = c.execute(text("SELECT url, status, error FROM fetches WHERE run_id = 1 AND error IS NOT NULL")).all()
            stored = c.execute(text("SELECT count(*) FROM documents")).scalar()
    finally:
        eng.dispose()
    failed = {urlsplit(u).path for u, _, _ in rows}
    assert {"/nb/t2_down.html", "/nb/t3_gone.html", "/nb/t4_gone.html", "/nb/t6_loop.html", "/nb/t7_self.html",
            "/nb/t8_away.html", "/nb/t9_slow.html", "/nb/t10_chain.html"} <= failed
    assert stored >= 2


# --- storage faults and accounting (the real CLI) -------------------------------------------------------
STORE_HOST = "127.0.0.212"


@pytest.fixture(scope="module")
def cli_world(tmp_path_factory):
    root = tmp_path_factory.mktemp("storefault")
    site = str(root / "site")
    os.makedirs(site)
    srv = SiteServer({"store": site}, {"store": STORE_HOST})
    urls = srv.start()
    reports = [("/nb/2022/a.html", 2022), ("/nb/2021/boom.html", 2021), ("/nb/2020/c.html", 2020)]
    write(site, "/robots.txt", "User-agent: *\nDisallow: /private/\n")
    write(site, "/index.html", page("某县人民政府", '<a href="/nb/index.html">政府信息公开年报</a>'))
    write(site, "/nb/index.html", page("政府信息公开年报", entries(
        [(p, title(y), "%d-02-01" % (y + 1)) for p, y in reports] + [("/nb/gone.html", title(2019), "2020-02-01")]),
        "政府信息公开年报"))
    for p, y in reports:
        write(site, p, report(title(y), y))
    db_path = root / "cli.db"
    db = "sqlite:///%s" % db_path
    upgrade(db)
    eng = create_engine(db)
    with eng.begin() as c:   # one document's write fails inside the database
        c.execute(text("CREATE TRIGGER boom BEFORE INSERT ON documents WHEN NEW.url LIKE '%boom%' "
                       "BEGIN SELECT RAISE(ABORT, 'boom'); END"))
    eng.dispose()
    portals = root / "portals.csv"
    portals.write_text("url,name\n%s,某县人民政府\n" % urls["store"], encoding="utf-8")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "nianbao.cli", "crawl", "--portals", str(portals), "--db", db,
             "--warc-dir", str(root / "warc"), "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "LOG_LEVEL=WARNING", "--json"],
            cwd=ROOT, capture_output=True, text=True, timeout=120)
        yield SimpleNamespace(proc=proc, db=db, url=urls["store"], log=list(srv.log))
    finally:
        srv.stop()


def _summary(stdout):
    start = stdout.index("{")
    return json.loads(stdout[start:stdout.rindex("}") + 1])


def test_one_failed_write_is_rolled_back_and_the_rest_stored(cli_world):
    eng = create_engine(cli_world.db)
    try:
        with eng.connect() as c:
            docs = {urlsplit(u).path for (u,) in c.execute(text("SELECT url FROM documents"))}
            failed = c.execute(text("SELECT url, error FROM fetches WHERE error LIKE 'store failed%'")).all()
            partial = c.execute(text("SELECT count(*) FROM fetches WHERE url LIKE '%boom%' AND body_sha256 IS NOT NULL")).scalar()
            reports = c.execute(text("SELECT count(*) FROM reports")).scalar()
    finally:
        eng.dispose()
    assert docs == {"/nb/2022/a.html", "/nb/2020/c.html"}
    assert len(failed) == 1 and "boom" in failed[0][0] and "boom" in failed[0][1]
    assert partial == 0          # the failed item's page fetch was rolled back with it
    assert reports == 2


def test_cli_exits_non_zero_naming_what_was_not_stored(cli_world):
    proc = cli_world.proc
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "not stored" in proc.stderr
    summary = _summary(proc.stdout)
    assert summary["summary"]["store_failed"] == 1
    [miss] = summary["summary"]["store_failures"]
    assert "boom" in miss["url"] and "boom" in miss["reason"]


def test_per_portal_accounting_printed_and_stored(cli_world):
    printed = _summary(cli_world.proc.stdout)
    eng = create_engine(cli_world.db)
    try:
        with eng.connect() as c:
            stored = c.execute(text("SELECT summary, requests, status FROM crawl_runs ORDER BY id DESC")).first()
    finally:
        eng.dispose()
    summary = json.loads(stored[0]) if isinstance(stored[0], str) else stored[0]
    assert printed["summary"]["portals"] == summary["portals"]
    st = summary["portals"][cli_world.url]
    asked = [r for r in cli_world.log if r["site"] == "store"]
    assert st["requests"] == len(asked)                                # robots.txt, home, column, 4 pages
    assert st["errors"] == {"http_404": 1}                             # errors by kind
    assert st["documents"] == 3
    assert st["reports"] == 2                                          # reports found (stored) on this portal
    assert stored[2] == "finished"
