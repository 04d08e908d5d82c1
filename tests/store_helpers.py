"""Builders shared by the store / dedup / export tests: real page bytes, real PDFs,
hand-made items as the spider and pipelines would hand them to StorePipeline, and a
helper that runs the real pipeline (with a real Scrapy crawler and stats)."""
from __future__ import annotations

import datetime as dt
import io
import os
import random
import string
import textwrap
import zlib

import scrapy
from scrapy.utils.test import get_crawler
from sqlalchemy import inspect, select

from core.db import RUN_COLUMNS, _run_row, make_engine, session_scope
from core.items import DocumentItem, FetchItem
from core.schema import CrawlRun, Document, Portal, Report, UrlState
from core.status import is_live
from pipelines.store import StorePipeline

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "dedup")
PORTAL = "http://127.0.0.1:8701/"
PORTAL2 = "http://127.0.0.2:8701/"


def fixture_text(name: str) -> str:
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return f.read()


def template_report(body: str, year: int, seed: int, gov: str = "章贡区人民政府", unit: str = "本单位") -> str:
    """A 2019-template report as small departments file them: short prose, the fixed
    tables, mostly small figures — different bodies differ in name and figures only."""
    tpl = fixture_text("template_2019.txt")
    rnd = random.Random(seed)
    values = {}
    for _, key, _, _ in string.Formatter().parse(tpl):
        if key and key not in values:
            values[key] = str(rnd.choice([0, 0, 1, 2, 3, 5, rnd.randint(0, 50), rnd.randint(10, 500)]))
    values.update(body=body, gov=gov, unit=unit, year=year, a1=str(rnd.randint(100, 2000)),
                  addr=gov[:3] + "行政中心%d号楼" % rnd.randint(1, 30), phone="0797-%07d" % rnd.randint(0, 9999999))
    return tpl.format(**values)


def html_page(title: str, text: str, encoding: str = "utf-8") -> bytes:
    paras = "\n".join("<p>%s</p>" % line for line in text.splitlines() if line.strip())
    page = ("<!DOCTYPE html><html><head><meta charset=\"%s\"><title>%s</title>"
            "<meta name=\"ArticleTitle\" content=\"%s\"></head><body><div class=\"nav\">首页 &gt; 政府信息公开</div>"
            "<h1>%s</h1><div class=\"content\">%s</div><div class=\"footer\">主办单位：人民政府办公室</div>"
            "</body></html>") % (encoding, title, title, title, paras)
    return page.encode(encoding, "replace")


def pdf_bytes(text: str) -> bytes:
    """A real PDF of ``text`` (wrapped at 45 characters, page numbers in the footer)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 10)
    y, page = 800, 1
    for para in text.splitlines():
        for line in textwrap.wrap(para.replace("\t", "  "), 45) or [""]:
            if y < 60:
                c.drawString(280, 30, "- %d -" % page)
                c.showPage()
                c.setFont("STSong-Light", 10)
                y, page = 800, page + 1
            c.drawString(40, y, line)
            y -= 14
    c.drawString(280, 30, "- %d -" % page)
    c.save()
    return buf.getvalue()


def pdf_text(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def iso(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


T0 = dt.datetime(2024, 3, 1, 8, 0, 0, tzinfo=dt.timezone.utc)


def doc_item(url: str, text: str | None, *, fmt: str = "html", body_bytes: bytes | None = None,
             is_report: bool = True, kind: str = "report", title: str = "", body: str | None = None,
             year: int | None = None, region: str | None = None, publish_date: str | None = None,
             script: str = "simplified", portal: str = PORTAL, status: int = 200, headers: dict | None = None,
             fetched_at: dt.datetime = T0, parent_url: str | None = None, parts: list | None = None,
             metrics: list | None = None, flags: list | None = None, final_url: str | None = None,
             redirect_urls: list | None = None, parse_error: str | None = None) -> DocumentItem:
    if body_bytes is None:
        body_bytes = html_page(title or "页面", text or "") if fmt == "html" else (text or "").encode("utf-8")
    item = DocumentItem(
        portal=portal, portal_name="测试门户", url=url, final_url=final_url or url, redirect_urls=redirect_urls or [],
        status=status, headers=headers if headers is not None else {
            "content-type": "text/html; charset=utf-8" if fmt == "html" else "application/%s" % fmt,
            "etag": '"%08x"' % zlib.crc32(url.encode()), "last-modified": "Fri, 01 Mar 2024 08:00:00 GMT"},
        fetched_at=iso(fetched_at), body=body_bytes, fmt=fmt, parts=parts or [], link_text=title,
        link_date=publish_date, parent_url=parent_url, parent_title=None, parent_date=None,
        candidate_reason="test")
    if status == 200:
        item.update(text=text, tables=[], page_meta={"ArticleTitle": title} if title else {},
                    decision={"is_report": is_report, "kind": kind, "reason": "test"},
                    meta={"title": title, "body": body, "region": region, "level": None, "year": year,
                          "publish_date": publish_date, "script": script},
                    metrics=metrics or [], flags=flags or [], parse_error=parse_error)
    return item


def fetch_item(url: str, status: int | None = 200, *, body: bytes | None = b"<html></html>", kind: str = "list",
               headers: dict | None = None, fetched_at: dt.datetime = T0, error: str | None = None,
               portal: str = PORTAL) -> FetchItem:
    return FetchItem(portal=portal, url=url, final_url=url, status=status, headers=headers or {},
                     fetched_at=iso(fetched_at), body=body, kind=kind, error=error, warc=None)


def metric(key: str, value, unit: str = "件", source_url: str = "", evidence: str = "", method: str = "table"):
    return {"key": key, "value": value, "unit": unit, "approximate": False, "evidence": evidence or key,
            "method": method, "source_url": source_url}


class PortalSpider(scrapy.Spider):
    """The spider as the store sees it: its portals and the per-portal counters."""

    name = "store-test"

    def __init__(self, portals=None, portal_stats=None, **kw):
        super().__init__(**kw)
        self.portals = portals if portals is not None else [{"url": PORTAL, "name": "测试门户"}]
        self.portal_stats = portal_stats or {}


def run_items(db_url: str, items: list, *, blob_dir: str | None = None, spider=None) -> StorePipeline:
    """One crawl run through the real pipeline: open, every item, close (finalize)."""
    settings = {"NIANBAO_DB_URL": db_url}
    if blob_dir:
        settings["NIANBAO_BLOB_DIR"] = blob_dir
    crawler = get_crawler(PortalSpider, settings)
    pipe = StorePipeline.from_crawler(crawler)
    spider = spider or PortalSpider(portal_stats={PORTAL: {"requests": len(items)}})
    pipe.open_spider(spider)
    for item in items:
        pipe.process_item(item, spider)
    pipe.close_summary = pipe.close_spider(spider)
    return pipe


# ------------------------------------------------------- database readers (tests only)


def url_validators(url: str) -> dict[str, dict]:
    """What the last crawls learnt about every URL:
    {url: {"etag", "last_modified", "status", "kind", "failures"}}.
    Validators are only given for URLs whose last answer was 2xx/304."""
    engine = make_engine(url)
    try:
        if not inspect(engine).has_table("url_state"):
            return {}
        out = {}
        with session_scope(engine) as s:
            for st in s.scalars(select(UrlState)):
                ok = is_live(st.last_status)
                out[st.url] = {"etag": st.etag if ok else None, "last_modified": st.last_modified if ok else None,
                               "status": st.last_status, "kind": st.kind, "failures": st.failures}
        return out
    finally:
        engine.dispose()


def report_document_urls(url: str) -> list[dict]:
    """Every stored copy of a live or gone report: [{"url", "portal", "report_key",
    "status", "fmt"}]."""
    engine = make_engine(url)
    try:
        if not inspect(engine).has_table("documents"):
            return []
        with session_scope(engine) as s:
            rows = s.execute(select(Document.url, Portal.start_url, Report.report_key, Report.status, Document.fmt)
                             .join(Report, Document.report_id == Report.id)
                             .outerjoin(Portal, Document.portal_id == Portal.id)
                             .where(Report.status.in_(("live", "gone")))
                             .order_by(Document.url)).all()
        return [{"url": u, "portal": p, "report_key": k, "status": st, "fmt": f} for u, p, k, st, f in rows]
    finally:
        engine.dispose()


def list_runs(url: str) -> list[tuple]:
    """Crawl runs, oldest first, as tuples in RUN_COLUMNS order (header row first)."""
    engine = make_engine(url)
    try:
        if not inspect(engine).has_table("crawl_runs"):
            return [RUN_COLUMNS]
        with session_scope(engine) as s:
            return [RUN_COLUMNS] + [_run_row(r) for r in s.scalars(select(CrawlRun).order_by(CrawlRun.id))]
    finally:
        engine.dispose()
