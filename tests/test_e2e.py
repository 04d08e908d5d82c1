"""End to end: the bundled multi-style portal world served on loopback, crawled with
the real `nianbao crawl` command, exported with `nianbao export`; the exact set of
reports and their years must come out, with no look-alike and no forbidden request."""
import json
import os
import subprocess
import sys

import pytest

from nianbao.demo.run import site_root, start_world

pytestmark = pytest.mark.slow


def _expected(port):
    with open(os.path.join(os.path.dirname(site_root()), "expected.json"), encoding="utf-8") as f:
        return json.loads(f.read().replace("PORT", str(port)))


def _group_urls(report):
    urls = set(report["urls"]) | set(report.get("part_urls") or [])
    urls |= {u for u in (report.get("mirror_url"), report.get("notice_url")) if u}
    return urls


def _nianbao(*args):
    cmd = [sys.executable, "-m", "nianbao.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    db = "sqlite:///%s" % (tmp / "e2e.db")
    server, portals = start_world()
    try:
        crawl = _nianbao("crawl", "--portals", portals, "--db", db, "--warc-dir", str(tmp / "warc"))
    finally:
        server.stop()
        os.unlink(portals)
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    export = _nianbao("export", "--db", db, "--out", str(tmp / "out"))
    assert export.returncode == 0, export.stderr[-3000:]
    with open(tmp / "out" / "reports.jsonl", encoding="utf-8") as f:
        reports = [json.loads(line) for line in f]
    with open(tmp / "out" / "metrics.jsonl", encoding="utf-8") as f:
        metrics = [json.loads(line) for line in f]
    return {"reports": reports, "metrics": metrics, "log": list(server.log), "port": server.port,
            "tmp": tmp, "db": db}


def test_exact_reports_and_years(crawled):
    want = _expected(crawled["port"])
    by_url = {u: g for g in want["reports"] for u in _group_urls(g)}
    got = {}
    for r in crawled["reports"]:
        group = by_url.get(r["url"])
        assert group is not None, "not a report: %s (%s)" % (r["url"], r["title"])
        assert group["group"] not in got, "two export lines for %s" % group["group"]
        got[group["group"]] = r
    assert set(got) == {g["group"] for g in want["reports"]}
    for g in want["reports"]:
        assert got[g["group"]]["year"] == g["year"], g["group"]
        # every address of the report is listed on its one line
        assert set(g["urls"]) <= set(got[g["group"]]["urls"]), g["group"]


def test_no_lookalike_and_no_forbidden_request(crawled):
    want = _expected(crawled["port"])
    exported = {u for r in crawled["reports"] for u in [r["url"], *r["urls"]]}
    assert not exported & set(want["look_alikes"])
    for row in crawled["log"]:
        path = row["path"].split("?")[0]
        for prefix in want["disallowed_prefixes"].get(row["site"], []):
            assert not path.startswith(prefix), "robots.txt violated: %s%s" % (row["site"], row["path"])


def test_figures_come_with_evidence(crawled):
    want = _expected(crawled["port"])
    by_url = {u: g for g in want["reports"] for u in _group_urls(g)}
    by_report = {}
    for m in crawled["metrics"]:
        by_report.setdefault(m["report_id"], {})[m["key"]] = m
    for r in crawled["reports"]:
        gold = by_url[r["url"]]["metrics"]
        got = by_report.get(r["report_id"], {})
        right = sum(1 for k, v in gold.items() if k in got and abs(got[k]["value"] - v) < 1e-9)
        assert right >= 0.9 * len(gold), (r["url"], right, len(gold))
        for m in got.values():
            assert m["evidence"] and m["method"] in ("table", "narrative")


def test_warc_written_for_every_exchange(crawled):
    from warcio.archiveiterator import ArchiveIterator

    warc_dir = crawled["tmp"] / "warc"
    records = 0
    for name in os.listdir(warc_dir):
        with open(warc_dir / name, "rb") as f:
            records += sum(1 for rec in ArchiveIterator(f) if rec.rec_type in ("response", "revisit"))
    # every answer the server gave (robots.txt, redirects, 404s included) is archived
    assert records == len(crawled["log"])
