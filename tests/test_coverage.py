"""`nianbao coverage`: the body × year matrix as a self-contained page, opened in
headless Chromium (Debian's chromium), its cells checked against the database, and
a screenshot taken."""
import datetime as dt
import os
import shutil

import pytest
from lxml import html as lxml_html

from core.db import make_engine, session_scope, upgrade
from core.schema import Document, Report
from nianbao.research.chromium import dump_dom, screenshot
from research_helpers import file_sha, nianbao

needs_chromium = pytest.mark.skipif(not shutil.which("chromium") and not os.environ.get("CI"),
                                    reason="Debian chromium not installed")
T0 = dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc)


def _report(key, body, region, level, year, status="live"):
    return Report(report_key=key, body=body, region=region, level=level, year=year, status=status, version=1,
                  first_seen=T0, last_seen=T0)


def _doc(url, body, region, level, year, kind, **kw):
    return Document(url=url, body=body, region=region, level=level, year=year, kind=kind, first_seen=T0, **kw)


@pytest.fixture
def world(tmp_path):
    """九江市 (city): its government 2016 found, 2017 gone, 2018 look-alike only, 2019
    unreadable; 审计局 2019 found; 濂溪区 (district) 2017 found; a township and a zone."""
    path = tmp_path / "cov.db"
    url = "sqlite:///%s" % path
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as s:
        live = _report("r1", "九江市人民政府办公室", "九江市", "city", 2016)
        s.add_all([live, _report("r2", "九江市人民政府", "九江市", "city", 2017, "gone"),
                   _report("r3", "九江市审计局", "九江市", "city", 2019),
                   _report("r4", "九江市濂溪区人民政府", "濂溪区", "district", 2017),
                   _report("r5", "沙河街镇人民政府", "沙河街镇", "township", 2019),
                   _report("r6", "九江经济技术开发区管理委员会", "九江经济技术开发区", "zone", 2018),
                   _report("r7", "九江市人民政府", "九江市", "city", 2015, "withdrawn")])
        s.flush()
        s.add_all([_doc("http://x/jd2018.html", "九江市人民政府", "九江市", "city", 2018, "interpretation"),
                   _doc("http://x/nb2019.pdf", "九江市人民政府", "九江市", "city", 2019, "report", is_report=True,
                        parse_error="pdf: encrypted"),
                   _doc("http://x/jd2016.html", "九江市人民政府", "九江市", "city", 2016, "interpretation"),
                   _doc("http://x/r1.html", "九江市人民政府办公室", "九江市", "city", 2016, "report",
                        is_report=True, text_length=900, report_id=live.id)])
    engine.dispose()
    return {"db": url, "path": path}


EXPECTED = {
    ("360400-gov", 2016): "found", ("360400-gov", 2017): "gone", ("360400-gov", 2018): "lookalike",
    ("360400-gov", 2019): "unreadable",
    ("360402-gov", 2017): "found", ("360402-gov", 2019): "missing",
}


def _cells(page: str) -> dict:
    tree = lxml_html.fromstring(page)
    return {(td.get("data-body-id"), int(td.get("data-year"))): td.get("data-state")
            for td in tree.xpath('//td[contains(@class, "cell")]')}


@needs_chromium
def test_matrix_in_chromium_matches_the_database_and_a_screenshot_is_made(world, tmp_path):
    before = file_sha(world["path"])
    out, png = tmp_path / "coverage.html", tmp_path / "coverage.png"
    done = nianbao("coverage", "--db", world["db"], "--out", str(out), "--png", str(png))
    assert done.returncode == 0, done.stderr
    cells = _cells(dump_dom(str(out)))          # the page as the browser built it
    for cell, state in EXPECTED.items():
        assert cells[cell] == state, cell
    assert sum(1 for s in cells.values() if s == "found") == 5         # r1 r3 r4 r5 r6 (r7 is withdrawn)
    assert {y for _, y in cells} == {2016, 2017, 2018, 2019}            # a withdrawn report is no year of its own
    with open(png, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    assert os.path.getsize(png) > 5000
    assert file_sha(world["path"]) == before                            # read, never written


@needs_chromium
def test_page_is_self_contained_and_grouped_by_level_and_region(world, tmp_path):
    out = tmp_path / "c.html"
    assert nianbao("coverage", "--db", world["db"], "--out", str(out)).returncode == 0
    page = out.read_text("utf-8")
    assert "http://" not in page.split("<table")[0] and "<script" not in page and "<link" not in page
    tree = lxml_html.fromstring(dump_dom(str(out)))
    groups = [(g.get("data-level"), g.get("data-region")) for g in tree.xpath('//tr[@class="group"]')]
    assert groups == [("city", "九江市"), ("district", "濂溪区"), ("township", "沙河街镇"),
                      ("zone", "九江经济技术开发区")]
    totals = {td.get("data-total"): int(td.text) for td in tree.xpath("//td[@data-total]")}
    assert totals["found"] == 5 and totals["gone"] == 1 and totals["unreadable"] == 1 and totals["lookalike"] == 1


def test_a_missing_database_is_one_line_and_not_created(tmp_path):
    db = tmp_path / "none.db"
    done = nianbao("coverage", "--db", "sqlite:///%s" % db, "--out", str(tmp_path / "c.html"))
    assert done.returncode == 2 and "no database" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not db.exists()


@needs_chromium
def test_demo_crawl_found_cells_are_its_live_reports(demo_crawl, tmp_path):
    from sqlalchemy import text
    from nianbao.research.bodies import assign_bodies
    from nianbao.research.opening import open_readonly

    out = tmp_path / "demo.html"
    assert nianbao("coverage", "--db", demo_crawl["db"], "--out", str(out)).returncode == 0
    engine = open_readonly(demo_crawl["db"])
    with engine.connect() as c:
        rows = [dict(r._mapping) for r in c.execute(text(
            "select report_key as report_id, body, region, level, year from reports where status = 'live'"))]
    engine.dispose()
    of, _ = assign_bodies(rows)
    want = {(of[r["report_id"]]["body_id"], r["year"]) for r in rows}
    cells = _cells(dump_dom(str(out)))
    assert {c for c, s in cells.items() if s == "found"} == want


@needs_chromium
def test_screenshot_helper_sizes_the_window(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><body style='background:#2e9d5b'>覆盖</body></html>", "utf-8")
    png = screenshot(str(page), str(tmp_path / "p.png"), 320, 200)
    with open(png, "rb") as f:
        head = f.read(24)
    assert int.from_bytes(head[16:20], "big") == 320 and int.from_bytes(head[20:24], "big") == 200
