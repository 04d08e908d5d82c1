"""The bundled demo world (nianbao/demo/site) agrees with its truth (nianbao/demo/expected.json),
is built the way the brief describes, and is reproduced byte for byte by its generator."""
from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import opencc
import pytest
import yaml

from nianbao.demo.server import SiteServer
from nianbao.demo.world.forms import COLS, TABLE_2008
from nianbao.demo.world.places import DEMO_DIR as DEMO
from nianbao.demo.world.places import SITE_DIR as SITE
from nianbao.demo.world.routes import dynamic_routes
from nianbao.demo.world.tables import check_2008, num
from nianbao.demo.world.write import build

EXPECTED = json.loads((DEMO / "expected.json").read_text(encoding="utf-8"))
HOSTS = json.loads((SITE / "sites.json").read_text(encoding="utf-8"))
BY_HOST = {h: p for p, h in HOSTS.items()}
CATALOGUE = Path(__file__).resolve().parents[1] / "pipelines" / "metrics" / "metrics.yaml"
T2S = opencc.OpenCC("t2s").convert


def local(u: str) -> tuple[str, Path]:
    """expected.json URL -> (portal, file on disk); directories serve index.html, the query is ignored."""
    parts = urlsplit(u.replace(":PORT/", ":80/"))
    portal = BY_HOST[parts.hostname]
    path = parts.path + ("index.html" if parts.path.endswith("/") else "")
    return portal, SITE / portal / path.lstrip("/")


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def page_text(fs: Path, encoding: str) -> str:
    return squash(lxml.html.document_fromstring(fs.read_bytes().decode(encoding)).text_content())


def html_files():
    return sorted(p for p in SITE.rglob("*.html"))


def report_urls(r: dict) -> list[str]:
    urls = list(r["urls"]) + [r["primary_url"]] + r.get("part_urls", [])
    urls += [r[k] for k in ("notice_url", "mirror_url") if r.get(k)]
    return urls + [a["url"] for a in r.get("attachments", [])]


# --- layout -------------------------------------------------------------------------------

def test_layout_sites_and_portals_csv():
    assert set(HOSTS) == {"jian", "anyuan", "chaling"}
    for portal, host in HOSTS.items():
        a, b, c, d = host.split(".")
        assert (a, b, c) == ("127", "0", "0") and 60 <= int(d) <= 69
        assert (SITE / portal / "index.html").is_file() and (SITE / portal / "robots.txt").is_file()
    rows = list(csv.DictReader(io.StringIO((SITE / "portals.csv").read_text(encoding="utf-8"))))
    assert [r["url"] for r in rows] == ["http://%s:PORT/" % HOSTS[p] for p in HOSTS]
    assert all(r["name"] for r in rows)
    files = [p for p in SITE.rglob("*") if p.is_file()]
    assert 40 <= len(files) <= 80, len(files)
    assert sum(p.stat().st_size for p in files) < 1_000_000


def test_every_expected_url_is_served_and_broken_links_are_not():
    for r in EXPECTED["reports"]:
        for u in report_urls(r):
            assert local(u)[1].is_file(), u
    for u in EXPECTED["look_alikes"]:
        assert local(u)[1].is_file(), u
    broken = [t for t in EXPECTED["traps"] if t["kind"] == "broken_link"]
    assert broken
    for t in broken:
        assert not local(t["url"])[1].exists(), t["url"]


def test_robots_disallow_what_expected_says():
    for portal, prefixes in EXPECTED["disallowed_prefixes"].items():
        robots = (SITE / portal / "robots.txt").read_text(encoding="utf-8")
        for pre in prefixes:
            assert "Disallow: %s\n" % pre in robots
    for t in EXPECTED["traps"]:
        if t["kind"] == "robots_disallowed":
            path = urlsplit(t["url"].replace(":PORT/", ":80/")).path
            assert any(path.startswith(p) for p in EXPECTED["disallowed_prefixes"][t["portal"]]), t
    # the copy under /search/ is a real copy of a report page (a crawler ignoring robots would find it)
    copy = SITE / "jian" / "search" / "detail" / "t20220125_4518837.html"
    assert copy.read_bytes() == (SITE / "jian" / "zwgk" / "gknb" / "202201" / "t20220125_4518837.html").read_bytes()


# --- pages ----------------------------------------------------------------------------------

def test_html_parses_with_declared_charset():
    for fs in html_files():
        portal = fs.relative_to(SITE).parts[0]
        raw = fs.read_bytes()
        enc = EXPECTED["portals"][portal]["encoding"]
        text = raw.decode(enc)  # strict
        declared = re.search(r'charset=["\']?([\w-]+)', text[:1024], re.I)
        assert declared, fs
        assert declared.group(1).lower() == EXPECTED["portals"][portal]["charset_declared"], fs
        doc = lxml.html.document_fromstring(text)
        assert doc.findtext(".//title"), fs


def test_gbk_portal_really_is_gbk():
    pages = [p for p in html_files() if p.relative_to(SITE).parts[0] == "jian"]
    assert len(pages) >= 10
    for fs in pages:
        raw = fs.read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        assert "吉安市" in raw.decode("gbk")
    # declared gb2312, but the footer carries a GBK-only character: strict gb2312 decoding fails
    home = (SITE / "jian" / "index.html").read_bytes()
    assert "昇".encode("gbk") in home
    with pytest.raises(UnicodeDecodeError):
        home.decode("gb2312")


def test_report_text_is_on_its_pages():
    """Every line of expected text (paragraph, heading, table row) is on the page(s), in order of cells."""
    for r in EXPECTED["reports"]:
        if r["format"] not in ("html", "multipage"):
            continue
        enc = r["encoding"]
        pages = [r["primary_url"]] + r.get("part_urls", [])
        text = "".join(page_text(local(u)[1], enc) for u in pages)
        lines = [line for line in r["text"].split("\n") if line.strip()]
        assert len(lines) > 10
        for line in lines:
            assert squash(line) in text, (r["group"], line)
        assert squash(r["title"]) in text
        if r.get("mirror_url"):  # the Traditional mirror is the same report, in Traditional script
            mirror_raw = page_text(local(r["mirror_url"])[1], "utf-8")
            assert "萍鄉市安源區人民政府" in mirror_raw and mirror_raw != text
            mirror = T2S(mirror_raw)
            assert [line for line in lines if squash(line) not in mirror] == []


def test_chrome_is_on_the_pages_but_not_in_the_expected_text():
    phrases = EXPECTED["boilerplate_phrases"]
    for r in EXPECTED["reports"]:
        for ph in phrases:
            assert ph not in r["text"], (r["group"], ph)
        if r["format"] in ("html", "multipage"):
            raw = local(r["primary_url"])[1].read_bytes().decode(r["encoding"])
            on_page = [ph for ph in phrases if ph in lxml.html.document_fromstring(raw).text_content()]
            assert len(on_page) >= 8, (r["group"], on_page)
    jian = local(next(r for r in EXPECTED["reports"] if r["group"] == "jian-2021")["primary_url"])[1]
    text = lxml.html.document_fromstring(jian.read_bytes().decode("gbk")).text_content()
    for ph in ("当前位置：", "【字体：大 中 小】", "【打印】", "【关闭窗口】", "分享到：", "扫一扫在手机打开当前页",
               "点击我为您语音播报", "主办单位", "网站标识码", "ICP备", "公网安备", "索引号", "发布机构", "生成日期",
               "文号", "发布时间：", "来源："):
        assert ph in text, ph
    head = jian.read_bytes().decode("gbk").split("</head>")[0]
    for name in ("ArticleTitle", "PubDate", "ContentSource", "SiteName", "ColumnName"):
        assert '<meta name="%s" content="' % name in head


def test_multipage_split_and_pdf_link():
    r = next(r for r in EXPECTED["reports"] if r["format"] == "multipage")
    first = local(r["primary_url"])[1].read_bytes().decode("gbk")
    second = local(r["part_urls"][0])[1].read_bytes().decode("gbk")
    assert "三、收到和处理政府信息公开申请情况" not in first and "三、收到和处理政府信息公开申请情况" in second
    assert re.search(r'href="[^"]*_1\.html">下一页</a>', first)
    pdf = [u for u in r["urls"] if u.endswith(".pdf")][0]
    assert pdf.rsplit("/", 1)[1] in first and pdf.rsplit("/", 1)[1] in second


def test_trs_list_is_paginated_only_by_script():
    nb = SITE / "jian" / "zwgk" / "gknb"
    first = (nb / "index.html").read_bytes().decode("gbk")
    second = (nb / "index_1.html").read_bytes().decode("gbk")
    assert 'createPageHTML(2, 0, "index", "html")' in first
    assert 'createPageHTML(2, 1, "index", "html")' in second
    for page in (first, second):
        assert "index_1.html" not in page  # no <a> leads there: only the script call
    r17 = next(r for r in EXPECTED["reports"] if r["group"] == "jian-2017")
    name = r17["primary_url"].rsplit("/", 1)[1]
    assert name in second and name not in first


def test_jcms_lists_live_in_datastore():
    for col in ("col3315", "col3316", "col3317"):
        page = (SITE / "anyuan" / "col" / col / "index.html").read_text(encoding="utf-8")
        store = re.search(r'<script type="text/xml"><datastore>(.*?)</datastore></script>', page, re.S)
        assert store, col
        records = re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", store.group(1), re.S)
        assert records
        for rec in records:
            m = re.search(r'<li><a href="(/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html)" title="[^"]+"', rec)
            assert m and (SITE / "anyuan" / m.group(1).lstrip("/")).is_file(), rec
        # outside the datastore the list page links no article
        outside = page.replace(store.group(0), "")
        assert "/art/" not in outside.split('class="ay-location"')[1].split('class="ay-footer"')[0]


def test_every_page_of_the_district_carries_a_fresh_session_id():
    ids = {}
    for fs in (SITE / "anyuan").rglob("*.html"):
        found = re.findall(r"\?sid=([0-9a-f]{8})", fs.read_text(encoding="utf-8"))
        assert found, fs
        ids[fs] = found[0]
    assert len(set(ids.values())) == len(ids)


def _links(portal: str) -> set[str]:
    """Paths linked by href anywhere in a portal outside robots-disallowed folders."""
    out = set()
    disallowed = EXPECTED["disallowed_prefixes"][portal]
    for fs in (SITE / portal).rglob("*.html"):
        path = "/" + fs.relative_to(SITE / portal).as_posix()
        if any(path.startswith(p) for p in disallowed):
            continue
        raw = fs.read_bytes().decode(EXPECTED["portals"][portal]["encoding"])
        for href in re.findall(r'href="([^"]+)"', raw):
            target = urlsplit(urljoin("http://x" + path, href))
            if target.hostname == "x":
                out.add(target.path + ("index.html" if target.path.endswith("/") else ""))
    return out


def test_reports_and_look_alikes_are_linked():
    links = {p: _links(p) for p in HOSTS}
    for r in EXPECTED["reports"]:
        for u in report_urls(r):
            portal, fs = local(u)
            assert "/" + fs.relative_to(SITE / portal).as_posix() in links[portal], u
    for u in EXPECTED["look_alikes"]:
        portal, fs = local(u)
        assert "/" + fs.relative_to(SITE / portal).as_posix() in links[portal], u
    titles = {r["title"] for r in EXPECTED["reports"]}
    kinds = {x["kind"] for x in EXPECTED["look_alike_details"]}
    assert {"interpretation", "website_report", "notice", "rule_of_law", "work_report", "news"} <= kinds
    assert not titles & {x["title"] for x in EXPECTED["look_alike_details"]}


# --- attachments ---------------------------------------------------------------------------

def test_pdf_twin_opens_and_carries_the_report():
    import pdfplumber
    r = next(r for r in EXPECTED["reports"] if any(u.endswith(".pdf") for u in r["urls"]))
    fs = local([u for u in r["urls"] if u.endswith(".pdf")][0])[1]
    assert fs.read_bytes().startswith(b"%PDF-")
    with pdfplumber.open(fs) as pdf:
        text = squash("".join(p.extract_text() or "" for p in pdf.pages))
        tables = [t for p in pdf.pages for t in p.extract_tables()]
    assert squash(r["title"]) in text
    for key in ("licensing.decisions", "requests2019.new@total", "outcome.total@total"):
        assert str(r["metrics"][key]) in text
    assert len(tables) >= 3
    assert any(row and row[0] and "本年新收政府信息公开申请数量" in row[0] for t in tables for row in t)


def test_docx_and_xlsx_attachments_open():
    import docx
    import openpyxl
    r = next(r for r in EXPECTED["reports"] if r["format"] == "docx")
    paras = [p.text for p in docx.Document(local(r["primary_url"])[1]).paragraphs if p.text.strip()]
    assert paras[0] == r["title"]
    assert [p for p in paras[1:]] == [line for line in r["text"].split("\n")]
    att = r["attachments"][0]
    wb = openpyxl.load_workbook(local(att["url"])[1])
    rows = list(wb.active.iter_rows(values_only=True))
    header = next(row for row in rows if row[0] == "统计指标")
    assert header == ("统计指标", "单位", "统计数", "历年累计")
    by_label = {row[0]: row for row in rows if row[0]}
    for key, label, _unit in TABLE_2008:
        if key is None:
            continue
        _, _, year, cumulative = by_label[label]
        assert year == r["metrics"][key], key
        assert cumulative == att["cumulative"][key] and cumulative >= year, key


# --- figures -------------------------------------------------------------------------------

def _catalogue() -> set[str]:
    return {m["key"] for m in yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))["metrics"]}


def test_metric_keys_are_in_the_catalogue_and_figures_add_up():
    keys = _catalogue()
    cols = COLS + ["total"]
    for r in EXPECTED["reports"]:
        m = r["metrics"]
        assert len(m) >= 20, r["group"]
        for k in list(m) + r["approximate"] + r["optional"]:
            base, _, col = k.partition("@")
            assert base in keys, (r["group"], k)
            assert not col or col in cols, (r["group"], k)
        if r["template"] in ("2019-original", "2021"):
            rows = {k.partition("@")[0] for k in m if "@" in k}
            for base in rows:  # the 总计 column is the sum of the applicant columns
                assert m[base + "@total"] == sum(m["%s@%s" % (base, c)] for c in COLS), base
            for c in cols:  # 第一项加第二项之和，等于第三项加第四项之和
                assert m["requests2019.new@" + c] + m["requests2019.carried_over@" + c] == \
                    m["outcome.total@" + c] + m["requests2019.carried_forward@" + c]
            assert m["reconsideration.total"] == sum(m["reconsideration." + k] for k in
                                                     ("upheld", "corrected", "other", "pending"))
            if r["template"] == "2021":
                assert "outcome.other.other@total" in m and "outcome.other@total" not in m
            else:
                assert "outcome.other@total" in m and "licensing.items_change" in m
        elif r["template"] == "2008":
            check_2008(m)
        for k in r["approximate"]:
            assert k in m


def test_every_figure_is_printed_in_the_report():
    for r in EXPECTED["reports"]:
        text = r["text"] + "".join(a.get("text", "") for a in r.get("attachments", []))
        cells = set(re.split(r"[\t\n]", text))
        for k, v in r["metrics"].items():
            s = num(v)
            if r["template"] == "narrative":
                assert s in text, (r["group"], k, v)
            else:
                assert s in cells, (r["group"], k, v)


def test_narrative_report_has_no_table():
    r = next(r for r in EXPECTED["reports"] if r["template"] == "narrative")
    assert "\t" not in r["text"]
    assert "<table" not in local(r["primary_url"])[1].read_text(encoding="utf-8")
    assert "共主动公开政府信息1234条" in r["text"] and "未收取任何费用" in r["text"]


# --- reproducibility and the live server ---------------------------------------------------

def test_rebuild_reproduces_committed_files(tmp_path):
    build(tmp_path / "site", tmp_path / "expected.json")
    fresh = {p.relative_to(tmp_path / "site"): p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    committed = {p.relative_to(SITE): p.read_bytes() for p in SITE.rglob("*") if p.is_file()}
    assert sorted(fresh) == sorted(committed)
    differ = [str(k) for k in fresh if fresh[k] != committed[k]]
    assert not differ, differ
    assert (tmp_path / "expected.json").read_bytes() == (DEMO / "expected.json").read_bytes()


def _get(u: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(u, timeout=5) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_served_world_with_dynamic_routes():
    server = SiteServer({p: str(SITE / p) for p in HOSTS}, HOSTS)
    for site, path, fn in dynamic_routes(SITE):
        server.route(site, path, fn)
    with server:
        base = {p: "http://%s:%d" % (h, server.port) for p, h in HOSTS.items()}
        for p in HOSTS:
            status, body = _get(base[p] + "/robots.txt")
            assert status == 200 and b"Disallow:" in body
        # the calendar never ends once the route is installed
        status, body = _get(base["anyuan"] + "/rili/?date=2020-01-01")
        assert status == 200 and b"date=2020-01-02" in body
        status, body = _get(base["anyuan"] + "/rili/?date=2031-12-31")
        assert b"date=2032-01-01" in body
        # ?page=N pagination of the county's news list
        status, page2 = _get(base["chaling"] + "/xwzx/zwyw/index.html?page=2")
        assert status == 200 and "茶陵县开展2019年政务公开专题培训" in page2.decode("utf-8")
        assert _get(base["chaling"] + "/xwzx/zwyw/index.html?page=9")[0] == 404
        # the report-titled broken link answers 404, the reports 200
        broken = next(t for t in EXPECTED["traps"] if t["kind"] == "broken_link")["url"]
        assert _get(broken.replace("PORT", str(server.port)))[0] == 404
        for r in EXPECTED["reports"]:
            status, body = _get(r["primary_url"].replace("PORT", str(server.port)))
            assert status == 200 and body == local(r["primary_url"])[1].read_bytes()
