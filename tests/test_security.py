"""Security, crawl side: a hostile portal cannot make the crawler leave it, write
outside its folders, run SQL, or expand XML entities.

World: the portal on 127.0.0.220; a victim on 127.0.0.221 (another loopback host) and
another server on 127.0.0.220 at a different port. The portal links - with the most
attractive link texts - 127.0.0.1:5432 (PostgreSQL), 169.254.169.254 (cloud metadata),
the victims, and disguised hosts (user@host, backslash tricks, decimal and hex IPs);
redirects, a meta refresh, an iframe and its robots.txt point at the victim. Its
reports carry path traversal (../, %2e%2e, ..%2f), NUL bytes and very long names in
their URLs, SQL in their URL and title, a jcms <datastore> and a dataproxy answer
with DOCTYPE/ENTITY declarations (billion laughs), and a DOCX with a DTD. The crawl
runs with the project's real pipelines, WARC and a blob folder; every request that
reached the downloader is logged by the test runner.
"""
import io
import os
import re
import sys
import zipfile
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, inspect, text

from crawler.urls import same_site
from nianbao.demo.server import SiteServer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "fixtures", "traps"))
import runner  # noqa: E402
from world import HTML, entries, install, log_for, page, report, write  # noqa: E402

HOSTS = {"sec": "127.0.0.220", "victim": "127.0.0.221"}
SQL = "'; DROP TABLE reports; --"
SQL_TITLE = SQL + " 某县2021年政府信息公开工作年度报告"
BOMB_DTD = ('<!DOCTYPE datastore [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
            '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>')
LONG = "a" * 250


def entity_docx() -> bytes:
    import docx
    d = docx.Document()
    d.add_paragraph("某县2018年政府信息公开工作年度报告")
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b"?>" + BOMB_DTD.replace("datastore", "w").encode(), 1)
            z.writestr(info, data)
    return out.getvalue()


def build(root, routes, port, other_port):
    victim = "http://%s:%d" % (HOSTS["victim"], port)
    me = "%s:%d" % (HOSTS["sec"], port)
    lures = [  # every one titled to be followed
        ("http://127.0.0.1:5432/", "政府信息公开"),
        ("http://169.254.169.254/latest/meta-data/", "政府信息公开年报"),
        (victim + "/nb/index.html", "部门信息公开年报"),
        ("http://%s:%d/nb/index.html" % (HOSTS["sec"], other_port), "政府信息公开年度报告"),
        ("http://%s@169.254.169.254/nb/" % me, "信息公开年报"),
        ("http://169.254.169.254\\@%s/nb/" % me, "政府信息公开工作年度报告"),
        ("//%s:%d/xxgk/" % (HOSTS["victim"], port), "信息公开目录"),
        ("http://localhost:%d/nb/" % port, "年度报告"),
        ("http://2130706653:%d/nb/" % port, "政府信息公开专栏"),          # 127.0.0.221 as one number
        ("http://0x7f.0.0.221:%d/nb/" % port, "主动公开"),
        (victim + "/nb/2020/x.html", "某县2020年政府信息公开工作年度报告"),
    ]
    write(root, "/index.html", page("某县人民政府", " ".join('<a href="%s">%s</a>' % l for l in lures)
                                    + ' <a href="/nb/index.html">政府信息公开年报</a>'))
    reports = [
        ("/nb/2022/r1.html", "某县2022年政府信息公开工作年度报告"),
        ("/nb/2021/r2.html?id=1%27;DROP%20TABLE%20reports;--", SQL_TITLE),
        ("/nb/redirect.html", "某县2019年政府信息公开工作年度报告"),
        ("/nb/refresh.html", "某县2017年政府信息公开工作年度报告"),
        ("/nb/frame.html", "某县2016年政府信息公开工作年度报告"),
        ("/nb/col.html", "某县政府信息公开年报（2020年度）"),
    ]
    files = [  # attachments whose URLs try to climb out of any folder they might be written to
        ("/nb/files/../../../../../etc/passwd.pdf", "某县2015年政府信息公开年报.pdf"),
        ("/nb/files/%2e%2e/escape.pdf", "某县2014年政府信息公开年报.pdf"),
        ("/nb/files/..%2fescape2.pdf", "某县2013年政府信息公开年报.pdf"),
        ("/nb/files/nul%00byte.pdf", "某县2012年政府信息公开年报.pdf"),
        ("/nb/files/%s.pdf" % LONG, "某县2011年政府信息公开年报.pdf"),
        ("/nb/files/entity.docx", "某县2018年政府信息公开年报.docx"),
        (victim + "/nb/files/r.pdf", "某县2010年政府信息公开年报.pdf"),
    ]
    write(root, "/nb/index.html", page("政府信息公开年报", entries([(h, t, "2023-01-0%d" % (i % 9 + 1)) for i, (h, t)
                                                                  in enumerate(reports + files)]), "政府信息公开年报"))
    routes["sec", "/nb/2022/r1.html"] = lambda q: (200, {"Content-Type": HTML}, report(reports[0][1], 2022))
    routes["sec", "/nb/2021/r2.html"] = lambda q: (200, {"Content-Type": HTML}, report(SQL_TITLE, 2021))
    routes["sec", "/nb/redirect.html"] = lambda q: (302, {"Location": victim + "/nb/r.html"}, b"")
    routes["sec", "/nb/refresh.html"] = lambda q: (200, {"Content-Type": HTML}, (
        '<html><head><meta http-equiv="refresh" content="0;url=%s/nb/refresh.html"></head><body>跳转</body></html>'
        % victim).encode())
    routes["sec", "/nb/frame.html"] = lambda q: (200, {"Content-Type": HTML}, report(reports[4][1], 2016).replace(
        b"</body>", ('<iframe src="%s/nb/files/frame.pdf"></iframe><a href="%s/nb/files/f.docx">附件：年报.docx</a></body>'
                     % (victim, victim)).encode()))
    # a jcms column whose <datastore> declares entities and whose further records come from a dataproxy
    # answer that does the same
    ds = ('<script type="text/xml"><?xml version="1.0" encoding="UTF-8"?>%s<datastore><nextgroup><![CDATA['
          '<a href="/nb/dataproxy.jsp?columnid=1"></a>]]></nextgroup><recordset><record><![CDATA[<li><a href="/nb/2020/r3.html">'
          '某县2020年&f;政府信息公开工作年度报告</a><span>2021-01-01</span></li>]]></record></recordset>'
          '<totalrecord>2</totalrecord><perpage>1</perpage></datastore></script>' % BOMB_DTD)
    routes["sec", "/nb/col.html"] = lambda q: (200, {"Content-Type": HTML}, page("政府信息公开年报（2020年度）", ds,
                                                                                 "政府信息公开年报"))
    routes["sec", "/nb/dataproxy.jsp"] = lambda q: (200, {"Content-Type": "text/xml; charset=UTF-8"}, (
        '<?xml version="1.0" encoding="UTF-8"?>%s<datastore><recordset><record><![CDATA[<li><a href="/nb/2020/r4.html">'
        '县财政局2020年&f;政府信息公开工作年度报告</a></li>]]></record></recordset><p>&f;</p></datastore>' % BOMB_DTD).encode())
    for p, y in (("/nb/2020/r3.html", 2020), ("/nb/2020/r4.html", 2020)):
        routes["sec", p] = lambda q, y=y: (200, {"Content-Type": HTML}, report("某县%d年政府信息公开工作年度报告" % y, y))
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    routes.add("sec", r"/(nb/files|etc|escape|nb)/.*\.pdf|/etc/passwd\.pdf|/escape\d?\.pdf",
               lambda m, q: (200, {"Content-Type": "application/pdf"}, pdf))
    routes["sec", "/nb/files/entity.docx"] = lambda q: (200, {"Content-Type": "application/vnd.openxmlformats-officedocument."
                                                              "wordprocessingml.document"}, entity_docx())
    # robots.txt itself redirects to the victim
    routes["sec", "/robots.txt"] = lambda q: (301, {"Location": victim + "/robots.txt"}, b"")


def crawl(tmp_path_factory, name, db_url=None):
    root = tmp_path_factory.mktemp(name)
    dirs = {k: str(root / k) for k in HOSTS}
    other = str(root / "other")
    for d in list(dirs.values()) + [other]:
        os.makedirs(d)
    srv = SiteServer(dirs, HOSTS)
    routes = install(srv)
    urls = srv.start()
    srv2 = SiteServer({"other": other}, {"other": HOSTS["sec"]})   # same address, another port
    srv2.start()
    for d in (dirs["victim"], other):   # anything asked of them would be answered and logged
        write(d, "/index.html", page("victim", "victim"))
        write(d, "/nb/index.html", page("victim", "victim"))
    out = root / "out"
    try:
        build(dirs["sec"], routes, srv.port, srv2.port)
        db = db_url or "sqlite:///%s" % (out / "sec.db")
        res = runner.run_crawl(out, {"urls": urls["sec"]},
                               {"NIANBAO_DB_URL": db, "NIANBAO_WARC_DIR": str(out / "warc"),
                                "NIANBAO_BLOB_DIR": str(out / "blobs")}, pipelines="project")
        return SimpleNamespace(root=root, out=out, db=db, url=urls["sec"], log=list(srv.log), other_log=list(srv2.log),
                               **res)
    finally:
        srv.stop()
        srv2.stop()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return crawl(tmp_path_factory, "security")


def test_requests_never_leave_the_portal(world):
    assert world.stats["finish_reason"] == "finished"
    assert world.reached, "nothing was crawled"
    for r in world.reached:
        assert same_site(r["url"], world.url), r["url"]
        assert urlsplit(r["url"]).hostname == HOSTS["sec"] and urlsplit(r["url"]).port == urlsplit(world.url).port
    assert log_for(SimpleNamespace(log=world.log), "victim") == []
    assert world.other_log == []
    assert len(world.reached) == len(log_for(SimpleNamespace(log=world.log), "sec"))   # and nothing unanswered
    dropped = world.portal_stats[world.url]["dropped"]
    assert dropped.get("offsite_link", 0) >= 8 and dropped.get("offsite_redirect", 0) >= 1


def test_redirects_and_refresh_to_another_host_not_followed(world):
    fetches = {urlsplit(i["url"]).path: i for i in world.items if i["_type"] == "FetchItem"}
    assert "offsite redirect" in fetches["/nb/redirect.html"]["error"]
    assert "offsite redirect" in fetches["/nb/refresh.html"]["error"]
    assert fetches["/robots.txt"]["status"] == 301                        # robots.txt -> victim: the 301 kept,
    assert world.portal_stats[world.url]["dropped"]["offsite_redirect"] == 3   # …, the refresh and robots.txt hops
    assert not any(urlsplit(r["url"]).path == "/robots.txt" and HOSTS["victim"] in r["url"] for r in world.reached)


def test_nothing_is_written_outside_the_crawl_folders(world):
    allowed = [re.compile(p) for p in (
        r"warc/nianbao-[\w.-]+-\d{5}\.warc\.gz", r"blobs/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}\.zz",
        r"sec\.db(-wal|-shm|-journal)?", r"(items|downloader)\.jsonl", r"(stats|crawl)\.json")]
    for dirpath, dirnames, filenames in os.walk(world.root):
        for name in filenames:
            rel = os.path.relpath(os.path.join(dirpath, name), world.root)
            if rel.startswith(("sec" + os.sep, "victim" + os.sep, "other" + os.sep)):
                continue   # the servers' own files
            inner = os.path.relpath(os.path.join(dirpath, name), world.out)
            assert not inner.startswith(".."), rel
            assert any(rx.fullmatch(inner.replace(os.sep, "/")) for rx in allowed), rel
    for name in ("escape.pdf", "escape2.pdf", "passwd.pdf"):
        for base in (world.root, world.root.parent, "/tmp", "/etc"):
            assert not os.path.exists(os.path.join(base, name)), os.path.join(base, name)
    assert os.listdir(world.out / "blobs") and os.listdir(world.out / "warc")


def test_hostile_file_urls_are_stored_as_data(world):
    eng = create_engine(world.db)
    try:
        with eng.connect() as c:
            urls = [u for (u,) in c.execute(text("SELECT url FROM documents WHERE fmt = 'pdf'"))]
            paths = [p for (p,) in c.execute(text("SELECT path FROM blobs WHERE path IS NOT NULL"))]
    finally:
        eng.dispose()
    assert any(u.endswith("%2e%2e/escape.pdf") for u in urls), urls       # kept as requested: a string, not a path
    assert any(u.endswith("..%2fescape2.pdf") for u in urls), urls
    assert any("%00" in u for u in urls) and any(LONG in u for u in urls)
    assert paths and all(re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}\.zz", p) for p in paths)


def _sql_checks(db):
    eng = create_engine(db)
    try:
        assert {"reports", "documents", "fetches", "url_state"} <= set(inspect(eng).get_table_names())
        with eng.connect() as c:
            titles = [t for (t,) in c.execute(text("SELECT link_text FROM documents WHERE url LIKE '%r2.html%'"))]
            urls = [u for (u,) in c.execute(text("SELECT url FROM documents WHERE url LIKE '%r2.html%'"))]
            n_reports = c.execute(text("SELECT count(*) FROM reports")).scalar()
    finally:
        eng.dispose()
    assert titles == [SQL_TITLE]                                     # verbatim
    assert len(urls) == 1 and "DROP" in urls[0] and "'" in urls[0].replace("%27", "'")
    assert n_reports >= 3


def test_sql_in_urls_and_titles_is_stored_verbatim(world):
    _sql_checks(world.db)


@pytest.mark.postgres
def test_sql_in_urls_and_titles_is_stored_verbatim_postgresql(tmp_path_factory, pg_url):
    res = crawl(tmp_path_factory, "security_pg", pg_url)
    assert res.stats["finish_reason"] == "finished"
    _sql_checks(pg_url)


def test_xml_entities_never_expand(world):
    docs = {urlsplit(i["url"]).path: i for i in world.items if i["_type"] == "DocumentItem"}
    for path in ("/nb/2020/r3.html", "/nb/2020/r4.html"):   # found through the entity-laden datastore and dataproxy
        assert path in docs, sorted(docs)
        assert "AAAA" not in (docs[path]["link_text"] or "")
    assert world.stats.get("memusage/max", 0) < 2 * 1024 ** 3
    for i in world.items:
        for v in i.values():
            if isinstance(v, str):
                assert "AAAAAAAAAAAAAAAAAAAA" not in v


def test_office_file_with_a_dtd_refused_over_http(world):
    [d] = [i for i in world.items if i["_type"] == "DocumentItem" and i["url"].endswith("entity.docx")]
    assert d["fmt"] == "docx" and d["parse_error"] and "refused" in d["parse_error"]
    eng = create_engine(world.db)
    try:
        with eng.connect() as c:
            err = c.execute(text("SELECT parse_error FROM documents WHERE url LIKE '%entity.docx'")).scalar()
    finally:
        eng.dispose()
    assert err and "refused" in err


@pytest.mark.parametrize("url, same", [
    ("http://169.254.169.254\\@127.0.0.220:8000/nb/", False),   # requested from 169.254.169.254
    ("http://127.0.0.220:8000\\@169.254.169.254/", True),       # requested from the portal (path /@169…)
    ("http://127.0.0.220:8000@169.254.169.254/", False),
    ("http://user:pw@127.0.0.220:8000/nb/", False),             # credentials only disguise hosts
    ("http://127.0.0.220.:8000/", False),
    ("http://2130706652:8000/", False),
    ("http://[::1]:8000/", False),
])
def test_same_site_reads_urls_as_the_downloader_does(url, same):
    from scrapy import Request
    from scrapy.utils.httpobj import urlparse_cached

    from crawler.urls import clean_url
    assert same_site(url, "http://127.0.0.220:8000/") is same
    if same:   # what Scrapy will connect to is the portal
        p = urlparse_cached(Request(clean_url(url)))
        assert (p.hostname, p.port) == ("127.0.0.220", 8000)
