"""`nianbao serve`: a real Datasette server on loopback, started by the real CLI, with
the project's metadata, the current-figures queries and full-text search."""
import html
import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from research_helpers import file_sha, nianbao


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_crawl):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "nianbao.cli", "serve", "--db", demo_crawl["db"],
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = "http://127.0.0.1:%d" % port
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2)
            break
        except OSError:
            assert proc.poll() is None, proc.stderr.read().decode()
            time.sleep(0.3)
    yield base, proc
    proc.terminate()
    proc.wait(timeout=30)


def _get(base, path, **query):
    url = base + path + ("?" + urllib.parse.urlencode(query) if query else "")
    with urllib.request.urlopen(url, timeout=20) as r:
        return json.load(r) if ".json" in path else r.read().decode("utf-8")


def test_metadata_describes_tables_and_columns(server):
    base, _ = server
    meta = _get(base, "/-/metadata.json")
    tables = meta["databases"]["demo"]["tables"]
    assert "report_id" in tables["reports"]["columns"]["report_key"]
    assert tables["metrics"]["columns"]["evidence"] and tables["fetches"]["columns"]["warc_offset"]
    page = _get(base, "/demo/metrics")
    assert "exact table row or sentence" in page


def test_current_figures_with_body_year_evidence_and_linked_source(server, demo_crawl):
    base, _ = server
    rows = _get(base, "/demo/current_figures.json", body="吉安市", key="", _shape="array")
    assert rows and {r["year"] for r in rows} == {2017, 2021}
    assert all(r["evidence"] and r["source_url"].startswith("http") for r in rows)
    page = _get(base, "/demo/current_figures", body="吉安市", key="reconsideration.total")
    linked = [r for r in rows if r["key"] == "reconsideration.total"]
    assert linked and all('href="%s"' % html.escape(r["source_url"]) in page for r in linked)
    prov = _get(base, "/demo/figure_provenance.json", report_id=rows[0]["report_id"], _shape="array")
    assert prov and all(p["warc_file"] and p["body_sha256"] for p in prov)


def test_full_text_search_over_report_texts(server):
    base, _ = server
    hits = _get(base, "/search/report_texts.json", _search="吉安市人民政府", _shape="array")
    assert hits and all("吉安市人民政府" in h["text"] for h in hits)
    none = _get(base, "/search/report_texts.json", _search="这句话不在任何报告里", _shape="array")
    assert none == []


def test_the_database_is_not_written_and_the_server_stops(demo_crawl):
    before = file_sha(demo_crawl["path"])
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "nianbao.cli", "serve", "--db", demo_crawl["db"],
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen("http://127.0.0.1:%d/demo/reports.json" % port, timeout=2)
                break
            except OSError:
                time.sleep(0.3)
    finally:
        proc.terminate()
        assert proc.wait(timeout=30) is not None
    with pytest.raises(OSError):
        urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=2)   # Datasette went with it
    assert file_sha(demo_crawl["path"]) == before


def test_a_postgres_url_is_refused_in_one_line():
    done = nianbao("serve", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert done.returncode == 2 and "SQLite" in done.stderr
