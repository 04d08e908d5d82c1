"""StorePipeline: items built by hand (real bytes) through the real pipeline on
SQLite and PostgreSQL."""
import datetime as dt
import os

from sqlalchemy import func, select, text

from core.db import make_engine, session_scope
from core.schema import (Blob, CrawlRun, Document, DocumentFlag, DocumentMetric, DocumentUrl, Fetch, Portal,
                            Report, UrlState)
from core.blobs import sha256_hex
from pipelines.dedup import normalize_text
from core.blobs import read_blob
from pipelines.store import clean_str, parse_time
from store_helpers import (PORTAL, PORTAL2, T0, PortalSpider, doc_item, fetch_item, fixture_text, html_page, metric,
                           pdf_bytes, pdf_text, run_items)

ANKANG = fixture_text("seed_ankang_2017.txt")
TITLE = "安康市2017年政府信息公开工作年度报告"


def _session(db_url):
    engine = make_engine(db_url)
    return engine, session_scope(engine)


def test_store_fetches_documents_and_run(db_url):
    pdf = pdf_bytes(ANKANG)
    half = len(ANKANG) // 2
    items = [
        fetch_item(PORTAL + "robots.txt", kind="robots", body=b"User-agent: *\nCrawl-delay: 1\n"),
        fetch_item(PORTAL + "zwgk/ndbg/index.html", kind="list",
                   headers={"etag": '"list-1"', "last-modified": "Thu, 29 Feb 2024 10:00:00 GMT"}),
        doc_item(PORTAL + "art/2018/3/28/art_1.html", ANKANG, title=TITLE, body="安康市人民政府", year=2017,
                 region="安康市", publish_date="2018-03-28",
                 parts=[{"url": PORTAL + "art/2018/3/28/art_1_1.html", "final_url": PORTAL + "art/2018/3/28/art_1_1.html",
                         "status": 200, "headers": {"etag": '"p2"'}, "fetched_at": "2024-03-01T08:00:02Z",
                         "body": html_page(TITLE, ANKANG[half:])}],
                 redirect_urls=[PORTAL + "old/1.html"],
                 metrics=[metric("apply.received", 12, evidence="收到申请12件", method="narrative")],
                 flags=[{"rule": "sum", "message": "总计不符", "numbers": [1, 2, 4]}]),
        doc_item(PORTAL + "att/1.pdf", pdf_text(pdf), fmt="pdf", body_bytes=pdf,
                 parent_url=PORTAL + "art/2018/3/28/art_1.html", body="安康市人民政府", year=2017),
    ]
    spider = PortalSpider(portals=[{"url": PORTAL, "name": "测试门户"}, {"url": PORTAL2, "name": None}],
                          portal_stats={PORTAL: {"requests": 4, "reports": 1}})
    pipe = run_items(db_url, items, spider=spider)
    assert pipe.failed == 0
    engine, scope = _session(db_url)
    with scope as s:
        assert sorted(s.scalars(select(Portal.start_url))) == [PORTAL, PORTAL2]
        # one fetch per exchange: robots, list, page, its part, the PDF
        assert s.scalar(select(func.count(Fetch.id))) == 5
        part = s.scalars(select(Fetch).where(Fetch.url.like("%art_1_1.html"))).one()
        assert part.kind == "part" and part.status == 200 and part.body_sha256
        lst = s.scalars(select(Fetch).where(Fetch.kind == "list")).one()
        assert lst.etag == '"list-1"' and lst.last_modified.startswith("Thu")
        assert read_blob(s, s.scalars(select(Fetch.body_sha256).where(Fetch.kind == "attachment")).one()) == pdf

        state = s.scalars(select(UrlState).where(UrlState.url == PORTAL + "zwgk/ndbg/index.html")).one()
        assert (state.etag, state.last_status, state.failures, state.kind) == ('"list-1"', 200, 0, "list")
        page_state = s.scalars(select(UrlState).where(UrlState.url == PORTAL + "art/2018/3/28/art_1.html")).one()
        doc = s.scalars(select(Document).where(Document.url == PORTAL + "art/2018/3/28/art_1.html")).one()
        assert page_state.document_id == doc.id and page_state.etag

        assert doc.text == ANKANG and doc.text_sha256 == sha256_hex(ANKANG)
        assert doc.norm_sha256 == sha256_hex(normalize_text(ANKANG)) and len(doc.minhash) == 128 * 8
        assert doc.is_report and doc.kind == "report" and doc.year == 2017 and doc.body == "安康市人民政府"
        assert doc.page_meta == {"ArticleTitle": TITLE} and doc.publish_date == "2018-03-28"
        assert doc.first_seen == T0
        roles = {(u.role, u.url) for u in s.scalars(select(DocumentUrl).where(DocumentUrl.document_id == doc.id))}
        assert ("part", PORTAL + "art/2018/3/28/art_1_1.html") in roles and ("redirect", PORTAL + "old/1.html") in roles
        m = s.scalars(select(DocumentMetric).where(DocumentMetric.document_id == doc.id)).one()
        assert (m.key, m.value, m.method, m.evidence) == ("apply.received", 12.0, "narrative", "收到申请12件")
        f = s.scalars(select(DocumentFlag).where(DocumentFlag.document_id == doc.id)).one()
        assert f.numbers == [1, 2, 4]

        pdf_doc = s.scalars(select(Document).where(Document.fmt == "pdf")).one()
        assert pdf_doc.parent_url == PORTAL + "art/2018/3/28/art_1.html"
        assert pdf_doc.report_id == doc.report_id is not None  # the twin joined the page's report

        run = s.scalars(select(CrawlRun)).one()
        assert run.status == "finished" and run.finished_at is not None
        assert (run.requests, run.documents, run.new_reports, run.errors, run.portals) == (5, 2, 1, 0, 2)
        assert run.bytes == sum(s.scalars(select(Fetch.size)).all())
        assert run.summary["portals"][PORTAL]["reports"] == 1
        assert pipe.crawler.stats.get_value("nianbao/stored_document") == 2
    engine.dispose()


def test_one_transaction_per_item(db_url):
    """A database error rolls back that item only; the others are stored and the
    failure is counted with its reason."""
    from core.db import upgrade

    upgrade(db_url)
    engine = make_engine(db_url)
    with engine.begin() as conn:  # a real constraint that rejects one URL
        if engine.dialect.name == "sqlite":
            conn.execute(text("CREATE TRIGGER poison BEFORE INSERT ON documents WHEN NEW.url LIKE '%poison%' "
                              "BEGIN SELECT RAISE(ABORT, 'poisoned document'); END"))
        else:
            conn.execute(text("ALTER TABLE documents ADD CONSTRAINT poison CHECK (url NOT LIKE '%poison%')"))
    engine.dispose()
    poison_body = b"<html>poison page body</html>"
    items = [
        doc_item(PORTAL + "a.html", ANKANG, title=TITLE, body="安康市人民政府", year=2017),
        doc_item(PORTAL + "poison.html", "中毒的页面" * 100, body_bytes=poison_body, title="x", year=2018),
        doc_item(PORTAL + "b.html", fixture_text("seed_fuzhou_2017.txt"), title="抚州", body="抚州市人民政府",
                 year=2017),
        fetch_item(PORTAL + "list.html"),
    ]
    pipe = run_items(db_url, items)
    assert pipe.failed == 1
    assert "poison" in pipe.failures[0]["url"] and pipe.failures[0]["reason"]
    assert pipe.crawler.stats.get_value("nianbao/store_failed") == 1
    engine, scope = _session(db_url)
    with scope as s:
        assert sorted(s.scalars(select(Document.url))) == [PORTAL + "a.html", PORTAL + "b.html"]
        assert s.scalar(select(func.count(Report.id))) == 2
        # the poisoned item's body, url_state and fetch-with-body were rolled back ...
        assert s.get(Blob, sha256_hex(poison_body)) is None
        assert s.scalars(select(UrlState).where(UrlState.url == PORTAL + "poison.html")).first() is None
        # ... but the exchange is on record with the reason
        failed = s.scalars(select(Fetch).where(Fetch.url == PORTAL + "poison.html")).one()
        assert failed.error.startswith("store failed") and failed.body_sha256 is None
        run = s.scalars(select(CrawlRun)).one()
        assert run.errors == 1 and run.summary["store_failures"][0]["url"] == PORTAL + "poison.html"
    engine.dispose()


def test_nul_bytes_and_junk_fields_are_stored_not_raised(db_url):
    """PDF text with NUL (PostgreSQL rejects it in text), unreadable times and statuses,
    a metric that is no number: the item is stored, the junk recorded."""
    text_with_nul = ANKANG[:2000] + "\x00\x00" + ANKANG[2000:]
    item = doc_item(PORTAL + "nul.pdf", text_with_nul, fmt="pdf", body_bytes=b"%PDF-1.4 \x00\x01 fake but real bytes",
                    title=TITLE + "\x00", metrics=[metric("apply.received", "十二"), metric("open.total", "3599")])
    item["fetched_at"] = "yesterday"
    item["tables"] = [[{"text": b"\xe7\x94\xb3\xe8\xaf\xb7", "rowspan": 1, "colspan": 1}]]
    junk = fetch_item(PORTAL + "weird", status=None, body=None, error="TimeoutError: took too long")
    pipe = run_items(db_url, [item, junk])
    assert pipe.failed == 0
    engine, scope = _session(db_url)
    with scope as s:
        doc = s.scalars(select(Document)).one()
        assert "\x00" not in doc.text and doc.text == ANKANG and doc.title == TITLE
        assert doc.tables == [[{"text": "申请", "rowspan": 1, "colspan": 1}]]
        assert doc.first_seen is not None  # an unreadable time becomes the storing time
        assert [(m.key, m.value) for m in s.scalars(select(DocumentMetric))] == [("open.total", 3599.0)]
        assert s.scalars(select(DocumentFlag.rule)).all() == ["store.bad_metric_value"]
        st = s.scalars(select(UrlState).where(UrlState.url == PORTAL + "weird")).one()
        assert st.failures == 1 and "Timeout" in st.last_error and st.last_status is None
    engine.dispose()


def test_one_blob_for_two_urls(db_url, tmp_path):
    body = html_page(TITLE, ANKANG, encoding="gbk")
    items = [doc_item(PORTAL + "col1/a.html", ANKANG, body_bytes=body, title=TITLE, body="安康市人民政府", year=2017),
             doc_item(PORTAL + "col2/a.html", ANKANG, body_bytes=body, title=TITLE, body="安康市人民政府", year=2017)]
    run_items(db_url, items)
    engine, scope = _session(db_url)
    with scope as s:
        assert s.scalar(select(func.count(Blob.sha256))) == 1
        assert set(s.scalars(select(Fetch.body_sha256))) == {sha256_hex(body)}
        blob = s.get(Blob, sha256_hex(body))
        assert blob.size == len(body) and len(blob.data) < len(body)  # compressed
        assert read_blob(s, blob.sha256) == body
        assert s.scalar(select(func.count(Report.id))) == 1  # the same page under two columns
    engine.dispose()


def test_blob_dir_keeps_bodies_on_disk(sqlite_url, tmp_path):
    blob_dir = str(tmp_path / "blobs")
    body = pdf_bytes("2023年政府信息公开工作年度报告\n一、总体情况")
    run_items(sqlite_url, [fetch_item(PORTAL + "f.pdf", body=body, kind="attachment"),
                           fetch_item(PORTAL + "g.pdf", body=body, kind="attachment")], blob_dir=blob_dir)
    engine, scope = _session(sqlite_url)
    with scope as s:
        blob = s.scalars(select(Blob)).one()
        assert blob.data is None and os.path.exists(os.path.join(blob_dir, blob.path))
        assert read_blob(s, blob.sha256, blob_dir) == body
    engine.dispose()
    files = [f for _, _, fs in os.walk(blob_dir) for f in fs]
    assert len(files) == 1 and not files[0].startswith(".tmp")


def test_url_state_tracks_validators_and_failures(db_url):
    url = PORTAL + "zwgk/list.html"
    t = [T0 + dt.timedelta(hours=h) for h in range(5)]
    items = [
        fetch_item(url, 200, headers={"etag": '"v1"', "last-modified": "Fri, 01 Mar 2024 08:00:00 GMT"}, fetched_at=t[0]),
        fetch_item(url, 304, body=None, headers={}, fetched_at=t[1]),
        fetch_item(url, 503, error="HTTP 503", fetched_at=t[2]),
        fetch_item(url, 503, error="HTTP 503", fetched_at=t[3]),
        fetch_item(url, 200, headers={"etag": '"old"'}, fetched_at=t[0] - dt.timedelta(days=1)),  # late, older
    ]
    run_items(db_url, items)
    engine, scope = _session(db_url)
    with scope as s:
        st = s.scalars(select(UrlState).where(UrlState.url == url)).one()
        assert st.etag == '"v1"' and st.last_modified.startswith("Fri")  # 304 and 5xx keep validators
        assert (st.last_status, st.failures, st.last_error) == (503, 2, "HTTP 503")
        assert st.last_ok == t[1] and st.last_fetched == t[3]
    engine.dispose()
    run_items(db_url, [fetch_item(url, 404, error="HTTP 404", fetched_at=t[4])])
    engine, scope = _session(db_url)
    with scope as s:
        st = s.scalars(select(UrlState).where(UrlState.url == url)).one()
        assert (st.last_status, st.failures, st.etag) == (404, 3, None)
        assert s.scalar(select(func.count(CrawlRun.id))) == 2
    engine.dispose()


def test_unreadable_copy_keeps_the_text_read_before(sqlite_url):
    url = PORTAL + "a.html"
    run_items(sqlite_url, [doc_item(url, ANKANG, title=TITLE, body="安康市人民政府", year=2017)])
    broken = doc_item(url, None, title=TITLE, is_report=False, kind="other", parse_error="truncated body",
                      fetched_at=T0 + dt.timedelta(days=30))
    run_items(sqlite_url, [broken])
    engine, scope = _session(sqlite_url)
    with scope as s:
        doc = s.scalars(select(Document)).one()
        assert doc.text == ANKANG and doc.is_report and doc.parse_error == "truncated body"
        assert doc.last_seen == T0 + dt.timedelta(days=30)
        assert s.scalars(select(Report.status)).one() == "live"
    engine.dispose()


def test_error_answer_for_a_document_leaves_its_copy(sqlite_url):
    url = PORTAL + "a.html"
    run_items(sqlite_url, [doc_item(url, ANKANG, title=TITLE, body="安康市人民政府", year=2017)])
    run_items(sqlite_url, [doc_item(url, None, status=500, body_bytes=b"<html>Server Error</html>",
                                    fetched_at=T0 + dt.timedelta(days=1))])
    engine, scope = _session(sqlite_url)
    with scope as s:
        doc = s.scalars(select(Document)).one()
        assert doc.text == ANKANG and doc.status == 200
        assert s.scalars(select(UrlState.failures).where(UrlState.url == url)).one() == 1
        assert s.scalars(select(Report.status)).one() == "live"  # a 5xx is not "gone"
    engine.dispose()


def test_helpers_clean_input():
    assert clean_str("a\x00b") == "ab"
    assert clean_str("\ud800x") == "?x"
    assert parse_time("2024-03-01T08:00:00Z") == T0
    assert parse_time("2024-03-01T16:00:00+08:00") == T0
    assert parse_time("not a time") is None


def test_incremental_crawl_helpers(sqlite_url):
    from store_helpers import report_document_urls, url_validators

    page = PORTAL + "a.html"
    run_items(sqlite_url, [doc_item(page, ANKANG, body="安康市人民政府", year=2017),
                           fetch_item(PORTAL + "broken.html", 404, error="gone (HTTP 404)", kind="nav")])
    v = url_validators(sqlite_url)
    assert v[page]["etag"] and v[page]["last_modified"] and v[page]["status"] == 200
    assert v[PORTAL + "broken.html"] == {"etag": None, "last_modified": None, "status": 404, "kind": "nav",
                                         "failures": 1}
    (row,) = report_document_urls(sqlite_url)
    assert row["url"] == page and row["portal"] == PORTAL and row["status"] == "live" and row["report_key"]


def test_read_notes_are_kept_with_the_document(sqlite_url):
    """A cap applied while reading (a 3000-page PDF read to page 300) is on record."""
    url = PORTAL + "long.pdf"
    item = doc_item(url, ANKANG, fmt="pdf", title=TITLE, body="安康市人民政府", year=2017)
    item["read_notes"] = ["pdf has 3000 pages; read the first 300"]
    run_items(sqlite_url, [item])
    engine, scope = _session(sqlite_url)
    with scope as s:
        doc = s.scalars(select(Document)).one()
        assert doc.page_meta["read_notes"] == ["pdf has 3000 pages; read the first 300"]
    engine.dispose()
