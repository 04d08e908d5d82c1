"""A report page whose statistics table is a picture: the spider finds the picture in
the article (not the logo, the QR code or a linked banner), fetches it as a part of the
document (role "image"), and the parts come in page order after the continuation pages;
a page that is no report fetches no picture.  Real loopback server, real spider."""
from __future__ import annotations

import os
import sys
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from ocr_render import cjk_font_path, png_bytes, render_page

from crawler.discovery import parse_html, table_image_links
from nianbao.demo.server import SiteServer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "fixtures", "crawl"))
import crawl_runner  # noqa: E402

BODY = ("<p>根据《中华人民共和国政府信息公开条例》要求，现将本镇2020年政府信息公开工作年度报告公布如下。"
        "本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。如对本报告有疑问，请与镇党政办公室联系。</p>"
        "<p>一、总体情况。本年度本镇认真落实政务公开各项要求，持续推进决策、执行、管理、服务、结果公开。</p>")


def _page(title, article, extra=""):
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title></head><body>"
            "<div class='top'><img src='/images/logo.png' alt='某镇人民政府'></div>"
            "<div class='wrap'><div class='content'><h1>%s</h1>%s</div>%s</div>"
            "<div class='footer'><img src='/images/jiucuo.png' width='110' height='55'></div></body></html>") % (
        title, title, article, extra)


def test_table_image_links_choose_the_table_not_the_furniture():
    html = _page("某镇2020年政府信息公开工作年度报告",
                 BODY + "<p>二、统计表</p><p><img data-src='/up/2021/a1.jpg' src='/images/loading.gif'></p>"
                 "<p><img src='/up/2021/pic.png' width='80' height='60'></p>"
                 "<p><a href='/zt/'><img src='/up/2021/zt.jpg'></a></p>"
                 "<p><img src='/up/2021/b2.png' title='政府信息公开情况统计表（续）'></p>",
                 "<div class='ewm'><img src='/up/2021/code.png'></div>")
    got = [l.url for l in table_image_links(parse_html(html), "http://www.a.gov.cn/art/2021/1/5/art_9_1.html")]
    assert got == ["http://www.a.gov.cn/up/2021/a1.jpg", "http://www.a.gov.cn/up/2021/b2.png"]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("imgworld")
    site = root / "zhen"
    (site / "art" / "2021").mkdir(parents=True)
    (site / "up").mkdir()
    (site / "images").mkdir()
    table = png_bytes(render_page("统计表", [], [[[{"text": "主动公开", "rowspan": 1, "colspan": 1},
                                                  {"text": "12", "rowspan": 1, "colspan": 1}]]])) \
        if cjk_font_path() else b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    (site / "up" / "tj1.png").write_bytes(table)
    (site / "up" / "tj2.png").write_bytes(table)
    (site / "images" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    (site / "index.html").write_text(_page("某镇人民政府", "<ul><li><a href='/art/2021/r.html'>某镇2020年政府信息公开工作年度报告</a></li>"
                                           "<li><a href='/art/2021/n.html'>某镇召开安全生产会议</a></li></ul>"), "utf-8")
    (site / "art" / "2021" / "r.html").write_text(_page(
        "某镇2020年政府信息公开工作年度报告",
        BODY + "<p>二、统计情况</p><p><img src='/up/tj1.png' alt='政府信息公开情况统计表'></p>"
        "<p><a href='r_1.html'>下一页</a></p>"), "utf-8")
    (site / "art" / "2021" / "r_1.html").write_text(_page(
        "某镇2020年政府信息公开工作年度报告", BODY + "<p><img src='/up/tj2.png' alt='统计表（续）'></p>"), "utf-8")
    (site / "art" / "2021" / "n.html").write_text(_page("某镇召开安全生产会议", BODY + "<p><img src='/up/tj1.png' alt='统计表'></p>"),
                                                 "utf-8")
    srv = SiteServer({"zhen": str(site)}, {"zhen": "127.0.0.111"})
    urls = srv.start()
    try:
        items, final = crawl_runner.run_crawl(root, {"urls": urls["zhen"]})
        yield SimpleNamespace(items=items, log=list(srv.log))
    finally:
        srv.stop()


def test_report_page_fetches_its_table_pictures_as_parts(world):
    docs = {urlsplit(i["url"]).path: i for i in world.items if i["_type"] == "DocumentItem"}
    report = docs["/art/2021/r.html"]
    assert [(urlsplit(p["url"]).path, p.get("role")) for p in report["parts"]] == [
        ("/art/2021/r_1.html", None), ("/up/tj1.png", "image"), ("/up/tj2.png", "image")]
    asked = [urlsplit(r["path"]).path for r in world.log]
    assert "/images/logo.png" not in asked and "/images/jiucuo.png" not in asked
    assert asked.count("/up/tj1.png") == 1           # the news page (no report) fetched no picture
