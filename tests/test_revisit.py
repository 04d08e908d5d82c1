"""The adaptive revisit schedule (crawler.revisit): a re-crawl asks stored documents
again by their own change history, lists every run; `--revisit all` asks everything."""
from __future__ import annotations

import datetime as dt
import os

import pytest
from scrapy.settings import Settings

from crawler.revisit import RevisitPolicy
from incremental_helpers import (backdate, copy_world, crawl, expected, export, log_url, mutate, report_addresses,
                                 table_rows)
from nianbao.demo.run import start_world

NOW = dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.timezone.utc)
DAY = dt.timedelta(days=1)


def policy(mode="adaptive", factor=0.5, max_days=30):
    return RevisitPolicy(mode, factor, max_days)


def test_interval_grows_with_the_time_a_copy_stayed_unchanged_and_is_capped():
    p = policy()
    assert p.interval_days(NOW, NOW) == 0                  # seen once: no history yet
    assert p.interval_days(NOW, NOW - 1 * DAY) == 0        # under a day: every run
    assert p.interval_days(NOW, NOW - 10 * DAY) == 5
    assert p.interval_days(NOW, NOW - 400 * DAY) == 30     # capped at max_days
    assert p.interval_days(None, NOW) == 0


def test_due_rounds_the_time_since_the_last_check_to_whole_days():
    p = policy()
    checked, changed = NOW - 5 * DAY, NOW - 15 * DAY       # interval 5 days
    assert p.due(checked, changed, NOW)
    assert p.due(checked, changed, NOW - dt.timedelta(minutes=30))  # tonight's crawl started a bit earlier
    assert not p.due(checked, changed, NOW - 1 * DAY)
    assert policy("all").due(checked, changed, NOW - 1 * DAY)
    assert p.due(None, None, NOW)                          # never checked: due


def test_policy_comes_from_settings_and_refuses_an_unknown_mode():
    s = Settings({"NIANBAO_REVISIT": "all", "NIANBAO_REVISIT_FACTOR": "0.25", "NIANBAO_REVISIT_MAX_DAYS": "7"})
    assert RevisitPolicy.from_settings(s) == RevisitPolicy("all", 0.25, 7.0)
    with pytest.raises(ValueError, match="NIANBAO_REVISIT"):
        RevisitPolicy.from_settings(Settings({"NIANBAO_REVISIT": "sometimes", "NIANBAO_REVISIT_FACTOR": 1,
                                              "NIANBAO_REVISIT_MAX_DAYS": 1}))


# ------------------------------------------------------------------- crawl level

@pytest.fixture(scope="module")
def schedule(tmp_path_factory):
    """A world crawled 60 days ago and confirmed unchanged today (so its documents are not
    due for 30 days), then changed: crawled adaptively, then with --revisit all."""
    tmp = tmp_path_factory.mktemp("revisit")
    root = copy_world(str(tmp / "world"))
    db = "sqlite:///%s" % (tmp / "revisit.db")
    warc = str(tmp / "warc")
    server, portals = start_world(root)
    out = {"server": server}
    try:
        out["want"] = want = expected(root, server.port)
        crawl(portals, db, warc)
        backdate(db, 60)
        crawl(portals, db, warc)          # every document due (one answer each): all 304
        out["changes"] = mutate(root, want, server.hosts)
        for name, extra in (("adaptive", ()), ("all", ("--revisit", "all"))):
            start = len(server.log)
            crawl(portals, db, warc, *extra)
            out["log_" + name] = server.log[start:]
            out["export_" + name] = export(db, str(tmp / ("out_" + name)))
        out["db"] = db
    finally:
        server.stop()
        os.unlink(portals)
    return out


def _asked(schedule, log, urls):
    return [r for r in log if log_url(schedule["server"], r) in urls]


def _value(export, url, key):
    rep = next(r for r in export["reports"] if url in [r["url"], *r["urls"]])
    return next((m["value"] for m in export["metrics"] if m["report_id"] == rep["report_id"] and m["key"] == key),
                None)


def test_an_adaptive_recrawl_asks_no_stored_report_that_is_not_due(schedule):
    want, ch = schedule["want"], schedule["changes"]
    linked = set()
    for g in want["reports"]:
        if g["group"] != ch["removed"]["group"]:
            linked |= report_addresses(g)
    asked = _asked(schedule, schedule["log_adaptive"], linked)
    assert asked == [], "\n".join("%s %s %s" % (r["site"], r["path"], r["status"]) for r in schedule["log_adaptive"])
    asked_all = _asked(schedule, schedule["log_all"], linked)
    assert len(asked_all) >= 5
    # the adaptive run spent nothing on them: only entry and list pages, and the new report
    assert len(schedule["log_adaptive"]) + len(asked_all) <= len(schedule["log_all"])


def test_a_new_list_entry_is_fetched_at_once(schedule):
    new_url = schedule["changes"]["new_url"]
    assert [r["status"] for r in _asked(schedule, schedule["log_adaptive"], {new_url})] == [200]
    assert any(new_url in [r["url"], *r["urls"]] for r in schedule["export_adaptive"]["reports"])


def test_a_revision_waits_for_its_schedule_and_revisit_all_catches_it(schedule):
    rev = schedule["changes"]["revised"]
    assert _value(schedule["export_adaptive"], rev["url"], rev["key"]) == rev["old"]
    assert [r["status"] for r in _asked(schedule, schedule["log_all"], {rev["url"]})] == [200]
    assert _value(schedule["export_all"], rev["url"], rev["key"]) == rev["new"]


def test_revisit_all_marks_a_deleted_report_gone(schedule):
    removed = schedule["changes"]["removed"]["urls"][0]
    statuses = {r["url"]: r["status"] for r in schedule["export_all"]["reports"]}
    assert statuses.get(removed) == "gone"
    skipped = table_rows(schedule["db"], "SELECT summary FROM crawl_runs ORDER BY id")
    assert '"not_due"' in str(skipped[-2])   # the adaptive run counted what it did not ask


def test_column_pages_not_due_are_followed_from_their_copies_and_lists_always_asked(schedule):
    kinds = dict(table_rows(schedule["db"], "SELECT url, kind FROM url_state"))
    server = schedule["server"]
    adaptive = {log_url(server, r) for r in schedule["log_adaptive"]}
    every = {log_url(server, r) for r in schedule["log_all"]}
    lists = {u for u, k in kinds.items() if k == "list"}
    skipped_nav = {u for u, k in kinds.items() if k == "nav" and u in every and u not in adaptive}
    assert skipped_nav                                  # column pages unchanged for 60 days: not asked tonight
    assert not (lists & every) - adaptive               # every list asked again (its new entries)
    homepages = {u for u in every if u.count("/") == 3 and u.endswith("/")}
    assert homepages and homepages <= adaptive          # the homepage is asked: the portal is alive
