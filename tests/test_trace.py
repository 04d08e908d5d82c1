"""`nianbao trace`: a figure's proof from the database to the WARC record, exit 0
only when the record's payload is the stored body and the evidence is in the text."""
import json
import shutil
import sqlite3

import pytest

from nianbao.research.trace import payload_digest_ok, trace
from research_helpers import file_sha, nianbao


def _figures(path):
    con = sqlite3.connect(path)
    rows = con.execute("select r.report_key, m.key from metrics m join reports r on r.id = m.report_id"
                       " and m.version = r.version where r.status = 'live' and m.value is not null").fetchall()
    con.close()
    return rows


def test_figures_of_every_report_of_the_demo_crawl_are_proven(demo_crawl):
    """Twelve figures of each report (HTML pages, DOCX, XLSX and PDF files alike): the
    whole set runs in the dev-world check, here a sample keeps the suite fast."""
    by_report = {}
    for r, k in _figures(demo_crawl["path"]):
        by_report.setdefault(r, []).append(k)
    assert len(by_report) >= 5
    sample = [(r, k) for r, keys in by_report.items() for k in keys[:: max(1, len(keys) // 12)][:12]]
    failed = [(r, k) for r, k in sample if not trace(demo_crawl["db"], r, k, demo_crawl["warc"])["ok"]]
    assert not failed


def test_the_cli_prints_the_chain_and_exits_0(demo_crawl):
    before = file_sha(demo_crawl["path"])
    report, key = _figures(demo_crawl["path"])[0]
    done = nianbao("trace", "--db", demo_crawl["db"], "--report", report, "--key", key,
                   "--warc-dir", demo_crawl["warc"])
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    for field in ("value", "evidence", "document_url", "fetched_at", "status", "body_sha256", "warc_file",
                  "warc_offset"):
        assert out[field] not in (None, ""), field
    assert out["warc_digest_ok"] and out["payload_matches_blob"] and out["evidence_in_text"]
    assert file_sha(demo_crawl["path"]) == before


def test_a_changed_warc_or_evidence_is_not_proven(demo_crawl, tmp_path):
    report, key = _figures(demo_crawl["path"])[0]
    # evidence edited in a copy of the database: no longer in the document's text
    db = tmp_path / "edited.db"
    shutil.copy(demo_crawl["path"], db)
    con = sqlite3.connect(db)
    with con:
        con.execute("update metrics set evidence = '这一行从未出现在报告里' where key = ? and report_id ="
                    " (select id from reports where report_key = ?)", (key, report))
    con.close()
    done = nianbao("trace", "--db", "sqlite:///%s" % db, "--report", report, "--key", key,
                   "--warc-dir", demo_crawl["warc"])
    assert done.returncode == 1 and "not proven" in done.stderr
    # the WARC files elsewhere: no record to check
    done = nianbao("trace", "--db", demo_crawl["db"], "--report", report, "--key", key,
                   "--warc-dir", str(tmp_path / "nowhere"))
    assert done.returncode == 1 and not json.loads(done.stdout)["payload_matches_blob"]


@pytest.mark.parametrize("report,key", [("r0000000000000000", "requests.received"), (None, "no.such.key")])
def test_unknown_report_or_key_is_one_line(demo_crawl, report, key):
    report = report or _figures(demo_crawl["path"])[0][0]
    done = nianbao("trace", "--db", demo_crawl["db"], "--report", report, "--key", key)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


def test_payload_digest_forms():
    assert payload_digest_ok("sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5", b"abc") is True
    assert payload_digest_ok("sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5", b"abd") is False
    assert payload_digest_ok(None, b"abc") is None
