"""Normalisation, near-duplicate threshold and grouping into reports (pure functions
over DocInfo records), then finalize on a real database: versions, gone, withdrawn,
stable keys, idempotence."""
import datetime as dt
import itertools
import random

import opencc
import pytest
from sqlalchemy import func, select

from core.db import make_engine, session_scope
from core.schema import Document, Metric, Report, ReportUrl, ReportVersion
from core.blobs import sha256_hex
from pipelines.dedup import (THRESHOLD, DocInfo, figures_agree, group_documents, jaccard, minhash_jaccard,
                             minhash_signature, normalize_text, shingles)
from pipelines.store.reports import finalize
from store_helpers import (PORTAL, PORTAL2, T0, doc_item, fetch_item, fixture_text, metric, pdf_bytes, pdf_text,
                           run_items, template_report)

ANKANG = fixture_text("seed_ankang_2017.txt")
FUZHOU = fixture_text("seed_fuzhou_2017.txt")
QSH_TRAD = fixture_text("seed_qingshanhu_2018_traditional.txt")
T2S = opencc.OpenCC("t2s").convert
S2T = opencc.OpenCC("s2t").convert


def info(i, url, text="", **kw):
    norm = normalize_text(text)
    kw.setdefault("is_report", True)
    kw.setdefault("fmt", "html")
    return DocInfo(id=i, url=url, norm_sha256=sha256_hex(norm) if norm else None, norm_length=len(norm),
                   text_length=len(text), minhash=minhash_signature(norm), norm=norm,
                   addresses=kw.pop("addresses", (url,)), **kw)


def groups_as_urls(groups):
    return sorted(tuple(sorted(d.url for d in g.members)) for g in groups)


# ------------------------------------------------------------------ normalisation


def test_normalize_folds_script_width_whitespace_and_punctuation():
    a = "（一）主动公开政府信息情况：\n全年公开信息 3,599 条。"
    b = "(一)主動公開政府信息情況:全年公開信息3599條."
    assert normalize_text(a) == normalize_text(b) == "一主动公开政府信息情况全年公开信息3599条"
    assert normalize_text(QSH_TRAD) == normalize_text(T2S(QSH_TRAD))
    assert normalize_text(None) == "" and normalize_text("  \n\t ") == ""


# ------------------------------------------------------- near-duplicate threshold


@pytest.fixture(scope="module")
def pdf_twin():
    return pdf_text(pdf_bytes(ANKANG))


def test_pdf_twin_and_mirror_are_near_duplicates(pdf_twin):
    html = shingles(normalize_text(ANKANG))
    assert normalize_text(pdf_twin) != normalize_text(ANKANG)  # page numbers, other line breaks
    assert jaccard(html, shingles(normalize_text(pdf_twin))) >= THRESHOLD
    mirror = S2T(FUZHOU)
    assert mirror != FUZHOU and jaccard(shingles(normalize_text(FUZHOU)), shingles(normalize_text(mirror))) >= 0.95
    est = minhash_jaccard(minhash_signature(normalize_text(ANKANG)), minhash_signature(normalize_text(pdf_twin)))
    assert est >= THRESHOLD


def test_one_template_different_bodies_are_not_near_duplicates():
    bodies = ["赣州市章贡区教育局", "赣州市章贡区财政局", "章贡区市场监督管理局", "章贡区统计局"]
    texts = [template_report(b, 2021, seed=i) for i, b in enumerate(bodies)]
    for a, b in itertools.combinations(texts, 2):
        sim = jaccard(shingles(normalize_text(a)), shingles(normalize_text(b)))
        assert sim < 0.8 or figures_agree(normalize_text(a), normalize_text(b)) < 0.8
    # and without any metadata to tell them apart, grouping keeps them apart
    docs = [info(i, PORTAL + "dept/%d.html" % i, t) for i, t in enumerate(texts)]
    assert len(group_documents(docs)) == len(texts)


def test_template_twins_above_the_threshold_are_told_apart_by_figures_and_body():
    # two short table-heavy reports from one template that do reach 0.8
    a = template_report("章贡区商务局", 2021, seed=408)
    b = template_report("章贡区水利局", 2021, seed=508)
    na, nb = normalize_text(a), normalize_text(b)
    assert jaccard(shingles(na), shingles(nb)) >= THRESHOLD
    assert figures_agree(na, nb) < 0.8
    assert len(group_documents([info(1, PORTAL + "swj.html", a), info(2, PORTAL + "slj.html", b)])) == 2
    # the same zeros filed word for word: only the names differ, and the bodies tell
    c = template_report("章贡区商务局", 2021, seed=3)
    d = template_report("章贡区水利局", 2021, seed=3)
    assert jaccard(shingles(normalize_text(c)), shingles(normalize_text(d))) >= 0.9
    docs = [info(1, PORTAL + "swj.html", c, body="章贡区商务局", year=2021),
            info(2, PORTAL + "slj.html", d, body="赣州市章贡区水利局", year=2021)]
    assert len(group_documents(docs)) == 2


def test_same_body_consecutive_years_do_not_merge():
    a = template_report("章贡区统计局", 2020, seed=1)
    b = a.replace("2020", "2021")  # the lazy department: last year's report, new year
    docs = [info(1, PORTAL + "2020.html", a, body="章贡区统计局", year=2020),
            info(2, PORTAL + "2021.html", b, body="章贡区统计局", year=2021)]
    assert jaccard(shingles(normalize_text(a)), shingles(normalize_text(b))) >= THRESHOLD
    assert len(group_documents(docs)) == 2


# ---------------------------------------------------------------------- grouping


def test_html_and_pdf_twin_group_with_html_primary(pdf_twin):
    docs = [info(1, PORTAL + "pdf/1.pdf", pdf_twin, fmt="pdf"), info(2, PORTAL + "art/1.html", ANKANG)]
    (g,) = group_documents(docs)
    assert g.primary.url == PORTAL + "art/1.html"


def test_traditional_mirror_and_repost_group():
    simp = T2S(QSH_TRAD)
    docs = [info(1, PORTAL + "a.html", simp, body="青山湖区人民政府", year=2018),
            info(2, PORTAL + "big5/a.html", QSH_TRAD, script="traditional"),
            info(3, PORTAL2 + "repost/a.html", simp, body="南昌市青山湖区人民政府", year=2018),
            info(4, PORTAL + "b.html", FUZHOU, body="抚州市人民政府", year=2017)]
    groups = group_documents(docs)
    assert groups_as_urls(groups) == [(PORTAL + "a.html", PORTAL + "big5/a.html", PORTAL2 + "repost/a.html"),
                                      (PORTAL + "b.html",)]
    assert groups[0].primary.script != "traditional"


def test_same_body_and_year_joins_a_scan():
    docs = [info(1, PORTAL + "a.html", ANKANG, body="安康市人民政府", year=2017),
            info(2, PORTAL + "scan.pdf", "", fmt="pdf", body="安康市人民政府", year=2017),
            info(3, PORTAL + "c.html", FUZHOU, body="抚州市人民政府", year=2017)]
    groups = group_documents(docs)
    assert groups_as_urls(groups) == [(PORTAL + "a.html", PORTAL + "scan.pdf"), (PORTAL + "c.html",)]


def test_attachment_joins_its_page_and_notice_is_never_primary():
    notice = "关于公布2021年政府信息公开工作年度报告的通知\n详见附件。\n附件：年度报告.docx 统计表.xlsx"
    table = "信息内容\t本年处理决定数量\n行政许可\t22795\n行政处罚\t1003"
    report = template_report("安吉县人民政府", 2021, seed=7)
    docs = [
        info(1, PORTAL + "notice/1.htm", notice, is_report=False, kind="notice"),
        info(2, PORTAL + "up/1.docx", report, fmt="docx", parents=(PORTAL + "notice/1.htm",)),
        info(3, PORTAL + "up/1.pdf", report, fmt="pdf", parents=(PORTAL + "notice/1.htm",)),
        info(4, PORTAL + "up/1.xlsx", table, fmt="xlsx", is_report=False, kind="other",
             parents=(PORTAL + "notice/1.htm",)),
        info(5, PORTAL + "up/2.docx", template_report("安吉县教育局", 2021, seed=8), fmt="docx"),
    ]
    groups = group_documents(docs)
    assert groups_as_urls(groups) == [
        (PORTAL + "notice/1.htm", PORTAL + "up/1.docx", PORTAL + "up/1.pdf", PORTAL + "up/1.xlsx"),
        (PORTAL + "up/2.docx",)]
    g = groups[0]
    assert g.primary.url == PORTAL + "up/1.docx" and 1 in g.notices

    # a statistics table longer than the report's prose is still not the report's text
    long_table = "\n".join("%d.统计项目第%d项\t件\t%d" % (i, i, i * 7) for i in range(200))
    short = "安源区住房和城乡建设局2018年政府信息公开工作年度报告\n" + "根据条例要求现将我局工作情况报告如下。" * 20
    docs = [info(1, PORTAL + "up/t.xlsx", long_table, fmt="xlsx", kind="report_table", parents=(PORTAL + "n.htm",)),
            info(2, PORTAL + "up/t.docx", short, fmt="docx", parents=(PORTAL + "n.htm",))]
    (g,) = group_documents(docs)
    assert g.primary.url == PORTAL + "up/t.docx"

    # a notice page the classifier took for a report is still not the primary,
    # even when the attachment is a scan without text
    docs = [info(1, PORTAL + "notice/2.htm", notice, kind="report"),
            info(2, PORTAL + "up/3.pdf", "", fmt="pdf", parents=(PORTAL + "notice/2.htm",))]
    (g,) = group_documents(docs)
    assert g.primary.url == PORTAL + "up/3.pdf"


def test_hub_notice_does_not_merge_the_reports_it_lists():
    hub = PORTAL + "notice/all-departments.htm"
    docs = [info(1, hub, "各部门2021年政府信息公开工作年度报告汇总\n附件1\n附件2", is_report=False, kind="notice"),
            info(2, PORTAL + "up/a.pdf", template_report("章贡区教育局", 2021, seed=1), fmt="pdf", parents=(hub,)),
            info(3, PORTAL + "up/b.pdf", template_report("章贡区财政局", 2021, seed=2), fmt="pdf", parents=(hub,))]
    groups = group_documents(docs)
    assert len(groups) == 2 and all(hub not in [d.url for d in g.members] for g in groups)


def test_list_page_links_do_not_group_files():
    lst = PORTAL + "zwgk/ndbg/index.html"
    docs = [info(1, PORTAL + "up/2020.pdf", "", fmt="pdf", parents=(lst,)),
            info(2, PORTAL + "up/2021.pdf", "", fmt="pdf", parents=(lst,))]
    assert len(group_documents(docs, page_kinds={lst: "list"})) == 2


def test_grouping_is_order_independent():
    simp = T2S(QSH_TRAD)
    texts = [(PORTAL + "a.html", ANKANG, {}), (PORTAL + "b.pdf", ANKANG.replace("\n", ""), {"fmt": "pdf"}),
             (PORTAL + "c.html", simp, {}), (PORTAL2 + "c.html", QSH_TRAD, {}),
             (PORTAL + "d.html", FUZHOU, {"body": "抚州市人民政府", "year": 2017}),
             (PORTAL + "d.docx", "", {"fmt": "docx", "body": "抚州市政府", "year": 2017}),
             (PORTAL + "e.html", template_report("章贡区教育局", 2021, 1), {}),
             (PORTAL + "f.html", template_report("章贡区财政局", 2021, 2), {})]
    results = set()
    rnd = random.Random(5)
    for _ in range(6):
        order = list(texts)
        rnd.shuffle(order)
        ids = rnd.sample(range(100), len(order))
        docs = [info(i, u, t, **kw) for i, (u, t, kw) in zip(ids, order)]
        groups = group_documents(docs)
        results.add((tuple(groups_as_urls(groups)), tuple(sorted(g.primary.url for g in groups))))
    assert len(results) == 1
    (urls, _), = results
    assert len(urls) == 5


# ----------------------------------------------------------- finalize (database)


def _reports(db_url):
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        out = {r.report_key: r for r in s.scalars(select(Report))}
        urls = {}
        for rid, u in s.execute(select(ReportUrl.report_id, ReportUrl.url)):
            urls.setdefault(rid, set()).add(u)
        for r in out.values():
            r.urls = urls.get(r.id, set())
    engine.dispose()
    return out


def test_versions_on_changed_text_and_none_when_unchanged(db_url):
    url = PORTAL + "art/1.html"
    first = doc_item(url, ANKANG, title="安康市2017年政府信息公开工作年度报告", body="安康市人民政府", year=2017,
                     metrics=[metric("apply.received", 76)])
    run_items(db_url, [first])
    (key, rep), = _reports(db_url).items()
    assert (rep.version, rep.status, rep.last_changed) == (1, "live", T0)

    same = doc_item(url, ANKANG, title="安康市2017年政府信息公开工作年度报告", body="安康市人民政府", year=2017,
                    metrics=[metric("apply.received", 76)], fetched_at=T0 + dt.timedelta(days=10))
    run_items(db_url, [same])
    rep = _reports(db_url)[key]
    assert rep.version == 1 and rep.last_seen == T0 + dt.timedelta(days=10) and rep.last_changed == T0

    revised_text = ANKANG.replace("172532条", "172583条")
    t2 = T0 + dt.timedelta(days=40)
    revised = doc_item(url, revised_text, title="安康市2017年政府信息公开工作年度报告", body="安康市人民政府",
                       year=2017, metrics=[metric("apply.received", 80)], fetched_at=t2)
    pipe = run_items(db_url, [revised])
    assert pipe.finalize_counts["changed"] == 1
    rep = _reports(db_url)[key]
    assert (rep.version, rep.last_changed, rep.first_seen) == (2, t2, T0)
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        versions = s.scalars(select(ReportVersion).where(ReportVersion.report_id == rep.id)
                             .order_by(ReportVersion.version)).all()
        assert [v.text for v in versions] == [ANKANG, revised_text]  # the old text stays queryable
        values = dict(s.execute(select(Metric.version, Metric.value).where(Metric.report_id == rep.id)).all())
        assert values == {1: 76.0, 2: 80.0}
    engine.dispose()

    pipe = run_items(db_url, [revised])  # seen again unchanged: no version 3
    assert pipe.finalize_counts["changed"] == 0 and _reports(db_url)[key].version == 2


def test_gone_on_404_and_live_again(db_url):
    a, b = PORTAL + "a.html", PORTAL2 + "repost/a.html"
    run_items(db_url, [doc_item(a, ANKANG, body="安康市人民政府", year=2017),
                       doc_item(b, ANKANG, body="安康市人民政府", year=2017, portal=PORTAL2)])
    (key, rep), = _reports(db_url).items()
    assert rep.urls == {a, b}
    t = T0 + dt.timedelta(days=90)
    pipe = run_items(db_url, [fetch_item(a, 404, kind="page", fetched_at=t)])
    assert pipe.finalize_counts["gone"] == 0 and _reports(db_url)[key].status == "live"  # the repost is still up
    pipe = run_items(db_url, [fetch_item(b, 410, kind="page", fetched_at=t, portal=PORTAL2)])
    assert pipe.finalize_counts["gone"] == 1
    rep = _reports(db_url)[key]
    assert rep.status == "gone" and rep.last_seen == T0  # never deleted, last good answer kept
    run_items(db_url, [fetch_item(a, 304, body=None, kind="page", fetched_at=t + dt.timedelta(days=1))])
    rep = _reports(db_url)[key]
    assert rep.status == "live" and rep.last_seen == t + dt.timedelta(days=1)


def test_withdrawn_when_no_member_is_a_report_any_more(sqlite_url):
    url = PORTAL + "a.html"
    run_items(sqlite_url, [doc_item(url, ANKANG, body="安康市人民政府", year=2017)])
    run_items(sqlite_url, [doc_item(url, ANKANG, is_report=False, kind="interpretation",
                                    fetched_at=T0 + dt.timedelta(days=1))])
    (rep,) = _reports(sqlite_url).values()
    assert rep.status == "withdrawn" and rep.urls == set()
    run_items(sqlite_url, [doc_item(url, ANKANG, body="安康市人民政府", year=2017,
                                    fetched_at=T0 + dt.timedelta(days=2))])
    (rep2,) = _reports(sqlite_url).values()  # back under its old key
    assert rep2.report_key == rep.report_key and rep2.status == "live"


def test_keys_stay_when_copies_are_added_and_finalize_is_idempotent(db_url):
    html, pdf_url = PORTAL + "art/1.html", PORTAL + "up/1.pdf"
    pdf = pdf_bytes(ANKANG)
    run_items(db_url, [doc_item(pdf_url, pdf_text(pdf), fmt="pdf", body_bytes=pdf, body="安康市人民政府", year=2017)])
    (key, rep), = _reports(db_url).items()
    assert rep.fmt == "pdf"
    # the HTML copy found later becomes the primary; the key does not change
    run_items(db_url, [doc_item(html, ANKANG, body="安康市人民政府", year=2017,
                                fetched_at=T0 + dt.timedelta(days=1))])
    reports = _reports(db_url)
    assert list(reports) == [key] and reports[key].urls == {html, pdf_url}
    assert reports[key].fmt == "html" and reports[key].version == 1  # another copy is not a new text
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        assert s.scalars(select(ReportVersion.url)).all() == [html]
        before = [(d.id, d.report_id) for d in s.scalars(select(Document).order_by(Document.id))]
        counts = finalize(s)
    with session_scope(engine) as s:
        assert counts["new"] == counts["changed"] == counts["withdrawn"] == 0
        assert [(d.id, d.report_id) for d in s.scalars(select(Document).order_by(Document.id))] == before
        assert s.scalar(select(func.count(ReportVersion.id))) == 1
    engine.dispose()


def test_reports_merged_by_new_evidence_keep_the_older_key(sqlite_url):
    page, scan = PORTAL + "art/1.html", PORTAL + "up/scan.pdf"
    run_items(sqlite_url, [doc_item(page, ANKANG, body="安康市人民政府", year=2017),
                           doc_item(scan, "", fmt="pdf", body_bytes=b"%PDF-1.4 scanned image")])
    before = _reports(sqlite_url)
    assert len(before) == 2
    page_key = next(k for k, r in before.items() if r.urls == {page})
    # the scan's metadata is read from its announcing page on the next crawl
    run_items(sqlite_url, [doc_item(scan, "", fmt="pdf", body_bytes=b"%PDF-1.4 scanned image",
                                    body="安康市人民政府", year=2017, fetched_at=T0 + dt.timedelta(days=1))])
    after = _reports(sqlite_url)
    assert after[page_key].status == "live" and after[page_key].urls == {page, scan}
    (other,) = [r for k, r in after.items() if k != page_key]
    assert other.status == "withdrawn" and other.merged_into_id == after[page_key].id
    engine = make_engine(sqlite_url)
    with session_scope(engine) as s:
        assert finalize(s)["withdrawn"] == 0
    engine.dispose()
    again = _reports(sqlite_url)
    assert again[other.report_key].merged_into_id == after[page_key].id  # idempotent


def test_original_publication_beats_a_longer_repost():
    """A county report reposted (with its tables inline) on its city's portal: the
    county's own copy stays the primary even when the repost's text is longer."""
    from pipelines.dedup import DocInfo, choose_primary

    own = DocInfo(id=1, url="http://county/a.docx", fmt="docx", is_report=True, text_length=1000, home=True)
    repost = DocInfo(id=2, url="http://city/art/1.html", fmt="html", is_report=True, text_length=2200, home=False)
    assert choose_primary([own, repost]).id == 1
    # with no home copy at all, completeness decides as before
    own.home = False
    assert choose_primary([own, repost]).id == 2


def test_a_table_page_joins_the_report_that_links_it_without_body_or_year():
    """A 附表 published as its own HTML page, linked from the report page: it joins that
    report by its parent even when its own metadata names no body or year, and it is
    never counted as a second report of the page (which would make the page a hub)."""
    page = PORTAL + "art/2019/r.html"
    twin = PORTAL + "art/2019/r.pdf"
    table = "\n".join("%d.统计项目第%d项\t件\t%d" % (i, i, i * 3) for i in range(120))
    report = template_report("湖北省水利厅", 2018, seed=3)
    docs = [info(1, page, report, body="湖北省水利厅", year=2018),
            info(2, twin, report, fmt="pdf", parents=(page,)),
            info(3, PORTAL + "art/2019/fb.html", table, kind="report_table", parents=(page,))]
    (g,) = group_documents(docs)
    assert {d.url for d in g.members} == {page, twin, PORTAL + "art/2019/fb.html"}
    assert g.primary.url == page


def test_identical_copies_name_their_report_by_url_not_by_fetch_order():
    """Two columns showing one page: whichever the crawl met first, the same copy is
    the primary, so report_id (sha of the primary URL) is the same in every crawl."""
    from pipelines.store.reports import report_key_for

    a, b = PORTAL + "col/col3310/art_1.html", PORTAL + "col/col3301/art_1.html"
    t1, t2 = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc), dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc)
    keys = set()
    for first, second in ((a, b), (b, a)):
        docs = [info(1, first, ANKANG, first_seen=t1), info(2, second, ANKANG, first_seen=t2)]
        (group,) = group_documents(docs)
        keys.add(report_key_for(group.primary.url))
        assert group.primary.url == b     # the canonical order: same length, col3301 < col3310
    assert len(keys) == 1


def test_minhash_and_lsh_bands_are_datasketchs():
    """pipelines/dedup/minhash.py replaces datasketch (whose import drags in scipy): the
    stored signatures must stay the ones datasketch's affine32 MinHash computes, and
    the LSH candidates the ones its MinHashLSH returns."""
    import numpy as np
    from datasketch import LeanMinHash, MinHash, MinHashLSH
    from datasketch.lsh import _optimal_param

    from pipelines.dedup.minhash import bands, lsh_candidates
    from pipelines.dedup.rules import NUM_PERM, SCHEME, SEED, SHINGLE
    from pipelines.dedup.similarity import _byte_shingles

    rng = random.Random(3)
    texts = [normalize_text(t) for t in (ANKANG, FUZHOU, QSH_TRAD)]
    texts += [t[: rng.randrange(200, len(t))] + t[rng.randrange(len(t)):] for t in texts for _ in range(5)]
    for norm in texts:
        ref = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
        ref.update_batch(list(_byte_shingles(norm, SHINGLE)))
        assert minhash_signature(norm) == ref.hashvalues.astype("<u8").tobytes()
    for threshold in (0.5, 0.8, 0.9):
        assert bands(threshold, NUM_PERM) == _optimal_param(threshold, NUM_PERM, 0.5, 0.5)
    sigs = {i: minhash_signature(norm) for i, norm in enumerate(texts)}
    for threshold in (0.5, 0.8):
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        lean = {i: LeanMinHash(seed=SEED, hashvalues=np.frombuffer(s, dtype="<u8").astype(np.uint64), scheme=SCHEME)
                for i, s in sigs.items()}
        for i, m in lean.items():
            lsh.insert(i, m)
        ours = lsh_candidates({i: np.frombuffer(s, dtype="<u8") for i, s in sigs.items()}, threshold, NUM_PERM)
        assert {i: set(lsh.query(m)) for i, m in lean.items()} == ours
        assert any(len(v) > 1 for v in ours.values()) and any(len(v) == 1 for v in ours.values())
