"""Portals files as people save them, over the real CLI: GBK (Chinese Excel), UTF-8
with a BOM and Chinese headers; bad lines skipped with their number and reason and
the rest crawled; an unclosed quote never swallows the lines after it; duplicates
merged; what was read is reported."""
import json

import pytest

from cli_world import FAST, NAMES, nianbao, start
from crawler.portals import read_portals_file

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    srv = start(tmp_path_factory.mktemp("portals-world"))
    yield srv
    srv.stop()


def test_gbk_file_with_bad_lines_crawls_the_rest(world, tmp_path):
    urls = world.urls()
    text = ("url,name\n"
            "%s,%s\n"
            "javascript:alert(1),坏的\n"
            '"%s,没有结束的引号\n'
            "%s,%s\n"
            "%s,重复\n") % (urls["east"], NAMES["east"], urls["west"], urls["west"], NAMES["west"], urls["east"])
    path = tmp_path / "portals.csv"
    path.write_bytes(text.encode("gbk"))
    proc = nianbao("crawl", "--portals", str(path), "--db", "sqlite:///%s" % (tmp_path / "x.db"), *FAST,
                   "--json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "line 3 skipped: not an http(s) URL: 'javascript:alert(1)'" in proc.stderr
    assert "line 4 skipped: unclosed quote" in proc.stderr
    assert "2 portal(s), 1 duplicate(s) merged, 2 bad line(s) skipped" in proc.stderr
    assert "(gb18030)" in proc.stderr
    run = json.loads(proc.stdout)
    assert set(run["summary"]["portals"]) == {urls["east"], urls["west"]}   # the line after the quote too
    assert all(st["reports"] == 2 for st in run["summary"]["portals"].values())
    assert run["status"] == "finished" and run["exit_code"] == 0


def test_utf8_bom_with_chinese_headers(world, tmp_path):
    urls = world.urls()
    path = tmp_path / "portals.csv"
    path.write_bytes(("网站名称,网址\n%s,%s\n" % (NAMES["west"], urls["west"])).encode("utf-8-sig"))
    proc = nianbao("crawl", "--portals", str(path), "--db", "sqlite:///%s" % (tmp_path / "x.db"), *FAST)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "1 portal(s) read" in proc.stderr and "utf-8 with BOM" in proc.stderr
    assert NAMES["west"] in proc.stdout   # the final table names the portal


def test_reading_rules(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes("\n".join(["# 门户列表", "www.a.gov.cn", "b.gov.cn:8080/,乙", "ftp://c.gov.cn/", "mailto:x@y",
                                "http://bad host/", "http://d.gov.cn:99999/", "WWW.A.GOV.CN", ""]).encode("utf-16"))
    read = read_portals_file(path)
    assert read.encoding == "utf-16"
    assert [p["url"] for p in read.portals] == ["http://www.a.gov.cn/", "http://b.gov.cn:8080/"]
    assert [n for n, _ in read.skipped] == [4, 5, 6, 7]
    assert read.duplicates == [(8, 2)]
