"""Incremental re-crawls over a real loopback world with the real `nianbao crawl`:

1. crawl the bundled demo world, crawl it again unchanged: report pages and
   attachments answer 304 to validators taken from the database, no new version,
   a fraction of the bytes, the same export;
2. change the world (a figure revised in a report page, a new report linked from its
   list, a report file deleted) and crawl again into the same database: the new
   report found, the revised one at version 2 with its new figure (version 1 still
   queryable), the deleted one `gone`, one export line per report.

The unchanged re-crawl runs on PostgreSQL too. Plus fast checks of
crawler.conditional on a database written by the real store pipeline.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import time

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler.conditional import ConditionalRequestMiddleware, KnownUrls
from crawler.defaults import nianbao_defaults
from nianbao.demo.run import site_root, start_world
from incremental_helpers import (copy_world, crawl, expected, export, log_url, mutate, report_addresses,
                                 table_rows)
from store_helpers import PORTAL, PortalSpider, doc_item, fetch_item, run_items

UTC = dt.timezone.utc


# --------------------------------------------------------------------- unit level


def _store_world(db):
    """One finished run: a list page, a report page with a continuation part and a
    PDF attachment, all with validators."""
    page = PORTAL + "gknb/t1.html"
    part = PORTAL + "gknb/t1_1.html"
    pdf = PORTAL + "gknb/P1.pdf"
    lst = PORTAL + "gknb/"
    items = [
        fetch_item(lst, body=b"<html><body><a href='t1.html'>2023\xe5\xb9\xb4\xe5\xb9\xb4\xe6\x8a\xa5</a></body></html>",
                   headers={"etag": '"list-1"', "content-type": "text/html; charset=utf-8"},
                   fetched_at=dt.datetime.now(UTC) - dt.timedelta(days=3)),
        doc_item(page, "某县人民政府2023年政府信息公开工作年度报告\n" * 20, title="2023年年报", year=2023,
                 parts=[{"url": part, "final_url": part, "status": 200, "fetched_at": "2024-03-01T08:00:01Z",
                         "headers": {"etag": '"part-1"'}, "body": b"<html>page 2</html>"}]),
        doc_item(pdf, "某县人民政府2023年政府信息公开工作年度报告（PDF）\n" * 20, fmt="pdf", parent_url=page,
                 title="附件", year=2023),
    ]
    run_items(db, items)
    return lst, page, part, pdf


def _middleware(db, blob_dir=None):
    settings = dict(nianbao_defaults(), NIANBAO_DB_URL=db)  # a crawler not built from the project
    if blob_dir:
        settings["NIANBAO_BLOB_DIR"] = blob_dir
    mw = ConditionalRequestMiddleware.from_crawler(get_crawler(PortalSpider, settings))
    mw.spider_opened()
    return mw


def test_known_urls_from_the_database(sqlite_url):
    lst, page, part, pdf = _store_world(sqlite_url)
    known = KnownUrls(sqlite_url).load()
    assert known.validator(lst).etag == '"list-1"' and known.validator(lst).body_sha256
    assert known.validator(page).trusted and known.validator(pdf).trusted
    assert known.is_document(page) and known.is_document(part) and not known.is_document(lst)
    assert known.document(page).parts == [part]
    assert [d.url for d in known.attachments_of(page)] == [pdf]
    assert {d.url for d in known.report_documents([PORTAL])} >= {page}
    assert known.report_documents(["http://elsewhere.example/"]) == []


def test_validators_sent_only_where_a_304_can_be_used(sqlite_url):
    lst, page, part, pdf = _store_world(sqlite_url)
    mw = _middleware(sqlite_url)

    req = Request(page, meta={"nb_kind": "candidate"})
    mw.process_request(req)
    assert req.headers[b"If-None-Match"] and req.headers[b"If-Modified-Since"]
    assert req.meta["nb_conditional"] and req.meta["prev_fetched_at"].endswith("Z")

    # a page being assembled from its parts is read whole; robots.txt has no nb_kind
    for meta in ({"nb_kind": "part", "nb_unconditional": True}, {}):
        req = Request(part, meta=meta)
        mw.process_request(req)
        assert b"If-None-Match" not in req.headers
    # never seen: nothing to send
    req = Request(PORTAL + "new.html", meta={"nb_kind": "candidate"})
    mw.process_request(req)
    assert not req.meta.get("nb_conditional")


def test_304_on_a_list_page_replays_its_stored_copy(sqlite_url):
    lst, page, part, pdf = _store_world(sqlite_url)
    mw = _middleware(sqlite_url)
    req = Request(lst, meta={"nb_kind": "list"})
    mw.process_request(req)
    assert req.headers[b"If-None-Match"] == b'"list-1"'
    out = mw.process_response(req, Response(lst, status=304, headers={"ETag": '"list-1"'}, request=req))
    assert out.status == 200 and b"t1.html" in out.body and "年报" in out.text
    assert req.meta["nb_replayed"] and "replayed" in out.flags

    # a 304 on a stored document is the spider's to record: passed through untouched
    req = Request(page, meta={"nb_kind": "candidate"})
    mw.process_request(req)
    out = mw.process_response(req, Response(page, status=304, request=req))
    assert out.status == 304 and not req.meta.get("nb_replayed")


def test_304_without_a_readable_stored_copy_fetches_the_page_again(tmp_path, sqlite_url):
    blob_dir = str(tmp_path / "blobs")
    run_items(sqlite_url, [fetch_item(PORTAL + "col/", body=b"<html>list</html>", headers={"etag": '"c"'},
                                      fetched_at=dt.datetime.now(UTC))], blob_dir=blob_dir)
    shutil.rmtree(blob_dir)  # the stored copy is lost
    mw = _middleware(sqlite_url, blob_dir)
    req = Request(PORTAL + "col/", meta={"nb_kind": "list"})
    mw.process_request(req)
    assert req.meta["nb_conditional"]
    again = mw.process_response(req, Response(PORTAL + "col/", status=304, request=req))
    assert isinstance(again, Request) and again.dont_filter
    assert b"If-None-Match" not in again.headers and again.meta["nb_unconditional"]
    mw.process_request(again)
    assert b"If-None-Match" not in again.headers


def test_a_killed_run_leaves_its_documents_untrusted_and_is_marked_aborted(sqlite_url):
    from pipelines.store import StorePipeline

    lst, page, part, pdf = _store_world(sqlite_url)
    crawler = get_crawler(PortalSpider, {"NIANBAO_DB_URL": sqlite_url})
    spider = PortalSpider()
    killed = StorePipeline.from_crawler(crawler)
    killed.open_spider(spider)
    later = dt.datetime(2024, 4, 1, tzinfo=UTC)
    killed.process_item(doc_item(page, "某县人民政府2023年政府信息公开工作年度报告（修订）\n" * 20, year=2023,
                                 fetched_at=later, headers={"etag": '"t1-v2"'}), spider)
    killed.engine.dispose()  # ... and the process dies here: no close_spider, no finalize

    known = KnownUrls(sqlite_url).load()
    assert known.validator(page).etag == '"t1-v2"' and not known.validator(page).trusted
    assert known.validator(pdf).trusted  # stored by the finished run
    mw = _middleware(sqlite_url)
    req = Request(page, meta={"nb_kind": "candidate"})
    mw.process_request(req)
    assert b"If-None-Match" not in req.headers  # fetched whole: its attachments may not have been

    nxt = StorePipeline.from_crawler(get_crawler(PortalSpider, {"NIANBAO_DB_URL": sqlite_url}))
    nxt.open_spider(spider)
    runs = table_rows(sqlite_url, "SELECT id, status, finished_at, requests FROM crawl_runs ORDER BY id")
    assert [r[1] for r in runs] == ["finished", "aborted", "running"]
    assert runs[1][2] is not None and runs[1][3] == 1
    nxt.close_spider(spider)


# ------------------------------------------------------------------- crawl level


def _log_slice(server, start):
    return list(server.log[start:])


def _report_requests(server, rows, addresses):
    return [r for r in rows if log_url(server, r) in addresses]


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Three crawls of one world into one SQLite database: as built, unchanged, changed."""
    tmp = tmp_path_factory.mktemp("incremental")
    root = copy_world(str(tmp / "world"))
    db = "sqlite:///%s" % (tmp / "incr.db")
    server, portals = start_world(root)
    out = {"db": db, "server": server, "root": root}
    try:
        want = expected(root, server.port)
        out["want"] = want
        for n in (1, 2):
            start = len(server.log)
            out["t%d" % n] = dt.datetime.now(UTC)
            crawl(portals, db, str(tmp / "warc"))
            out["log%d" % n] = _log_slice(server, start)
            out["export%d" % n] = export(db, str(tmp / ("out%d" % n)))
            time.sleep(1.1)  # export times are to the second: keep the crawls apart
        out["changes"] = mutate(root, want, server.hosts)
        start = len(server.log)
        out["t3"] = dt.datetime.now(UTC)
        crawl(portals, db, str(tmp / "warc"))
        out["log3"] = _log_slice(server, start)
        out["export3"] = export(db, str(tmp / "out3"))
    finally:
        server.stop()
        os.unlink(portals)
    return out


def _by_group(want, reports):
    by_url = {u: g["group"] for g in want["reports"] for u in report_addresses(g)}
    out = {}
    for r in reports:
        group = next((by_url[u] for u in [r["url"], *r["urls"]] if u in by_url), None)
        assert group not in out, "two export lines for %s" % group
        out[group] = r
    return out


def _iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_unchanged_recrawl_is_answered_304(history):
    server, want = history["server"], history["want"]
    addresses = set().union(*(report_addresses(g) for g in want["reports"]))
    first = _report_requests(server, history["log1"], addresses)
    second = _report_requests(server, history["log2"], addresses)
    assert len(first) >= len(want["reports"]) and len(second) >= 0.9 * len(first)
    not_modified = [r for r in second if r["status"] == 304]
    assert len(not_modified) >= 0.9 * len(second), [(r["path"], r["status"]) for r in second]
    assert all(r["if_none_match"] or r["if_modified_since"] for r in not_modified)
    assert not any(r["if_none_match"] or r["if_modified_since"] for r in history["log1"])


def test_unchanged_recrawl_costs_a_tenth_of_the_bytes(history):
    first = sum(r["bytes"] for r in history["log1"])
    second = sum(r["bytes"] for r in history["log2"])
    assert first > 100_000 and second <= 0.10 * first, (first, second)


def test_unchanged_recrawl_gives_the_same_export_and_no_new_version(history):
    one, two = history["export1"], history["export2"]
    assert [r["report_id"] for r in one["reports"]] == [r["report_id"] for r in two["reports"]]
    for a, b in zip(one["reports"], two["reports"]):
        assert {k: v for k, v in a.items() if k != "last_seen"} == {k: v for k, v in b.items() if k != "last_seen"}
        assert b["version"] == 1 and b["last_changed"] == a["last_changed"]
        assert b["last_seen"] > a["last_seen"] >= a["first_seen"]  # seen again, truthfully
    assert one["metrics"] == two["metrics"]
    runs = table_rows(history["db"], "SELECT status, new_reports, changed_reports, gone_reports, documents "
                                     "FROM crawl_runs ORDER BY id")
    assert runs[0][:2] == ("finished", len(want_groups(history)))
    assert runs[1] == ("finished", 0, 0, 0, 0)  # nothing re-extracted
    versions = table_rows(history["db"], "SELECT report_id, version FROM report_versions WHERE seen_at < '%s'"
                          % history["t3"].strftime("%Y-%m-%d %H:%M:%S"))
    assert {v for _, v in versions} == {1}


def want_groups(history):
    return [g["group"] for g in history["want"]["reports"]]


def test_changed_world_new_report_found(history):
    ch, three = history["changes"], history["export3"]["reports"]
    new = [r for r in three if ch["new_url"] in [r["url"], *r["urls"]]]
    assert len(new) == 1, [r["url"] for r in three]
    assert new[0]["status"] == "live" and new[0]["version"] == 1 and new[0]["year"] == ch["new_year"]
    assert new[0]["first_seen"] >= _iso(history["t3"])


def test_changed_world_revised_report_gets_version_2(history):
    ch = history["changes"]["revised"]
    r = _by_group(history["want"], history["export3"]["reports"])[ch["group"]]
    assert r["version"] == 2 and r["status"] == "live"
    assert r["last_changed"] >= _iso(history["t3"]) > r["first_seen"]
    got = {m["key"]: m["value"] for m in history["export3"]["metrics"] if m["report_id"] == r["report_id"]}
    assert got[ch["key"]] == ch["new"]
    # version 1 stays queryable: its text and its figure
    db = history["db"]
    rows = table_rows(db, "SELECT v.version, v.text FROM report_versions v JOIN reports r ON r.id = v.report_id "
                          "WHERE r.report_key = '%s' ORDER BY v.version" % r["report_id"])
    assert [v for v, _ in rows] == [1, 2]
    assert str(ch["old"]) in rows[0][1] and str(ch["new"]) in rows[1][1] and str(ch["new"]) not in rows[0][1]
    old = table_rows(db, "SELECT m.value FROM metrics m JOIN reports r ON r.id = m.report_id WHERE "
                         "r.report_key = '%s' AND m.version = 1 AND m.key = '%s'" % (r["report_id"], ch["key"]))
    assert old == [(ch["old"],)]


def test_changed_continuation_page_brings_its_document_back_whole(history):
    ch = history["changes"]["part_revised"]
    r = _by_group(history["want"], history["export3"]["reports"])[ch["group"]]
    assert r["version"] == 2 and str(ch["new"]) in r["text"]
    got = {m["key"]: m["value"] for m in history["export3"]["metrics"] if m["report_id"] == r["report_id"]}
    assert got[ch["key"]] == ch["new"]
    # page 1 was asked conditionally (304), then again in full once its part had changed
    page1 = [row for row in history["log3"] if log_url(history["server"], row) == r["url"]]
    assert [row["status"] for row in page1] == [304, 200], page1


def test_changed_world_removed_report_is_gone_not_deleted(history):
    ch = history["changes"]["removed"]
    r = _by_group(history["want"], history["export3"]["reports"])[ch["group"]]
    assert r["status"] == "gone" and r["version"] == 1
    assert r["last_seen"] < _iso(history["t3"])  # last seen by the crawl before
    assert r["text"] and r["text"] == _by_group(history["want"], history["export2"]["reports"])[ch["group"]]["text"]


def test_changed_world_one_line_per_report(history):
    three = history["export3"]["reports"]
    assert len({r["report_id"] for r in three}) == len(three)
    groups = _by_group(history["want"], three)
    assert set(groups) - {None} == set(want_groups(history))
    assert len(three) == len(want_groups(history)) + 1  # the one new report
    changed = {history["changes"][k]["group"] for k in ("revised", "removed", "part_revised")}
    unchanged = [g for g in want_groups(history) if g not in changed]
    two = _by_group(history["want"], history["export2"]["reports"])
    for g in unchanged:
        assert groups[g]["version"] == 1 and groups[g]["text"] == two[g]["text"]
    run = table_rows(history["db"], "SELECT status, new_reports, changed_reports, gone_reports FROM crawl_runs "
                                    "ORDER BY id DESC LIMIT 1")[0]
    assert run == ("finished", 1, 2, 1)


@pytest.mark.postgres
def test_unchanged_recrawl_on_postgresql(tmp_path, pg_url):
    server, portals = start_world()
    try:
        logs, exports = [], []
        for n in (1, 2):
            start = len(server.log)
            crawl(portals, pg_url, str(tmp_path / "warc"))
            logs.append(_log_slice(server, start))
            exports.append(export(pg_url, str(tmp_path / ("out%d" % n))))
        want = expected(site_root(), server.port)
    finally:
        server.stop()
        os.unlink(portals)
    addresses = set().union(*(report_addresses(g) for g in want["reports"]))
    second = _report_requests(server, logs[1], addresses)
    assert second and sum(r["status"] == 304 for r in second) >= 0.9 * len(second)
    assert sum(r["bytes"] for r in logs[1]) <= 0.10 * sum(r["bytes"] for r in logs[0])
    assert [r["text"] for r in exports[0]["reports"]] == [r["text"] for r in exports[1]["reports"]]
    assert {r["version"] for r in exports[1]["reports"]} == {1}
    assert table_rows(pg_url, "SELECT count(*) FROM report_versions") == [(len(exports[1]["reports"]),)]
