"""crawler.urls: canonical form, same-site checks, trap detection, document-type URLs."""
import pytest

from crawler.urls import (attachment_ext, canonicalize, clean_url, is_attachment_url, is_http_link,
                          looks_like_article_url, looks_like_list_url, looks_like_trap, same_site, unwrap_viewer)


@pytest.mark.parametrize("url, want", [
    ("HTTP://WWW.Example.GOV.cn:80/a/b.html#top", "http://www.example.gov.cn/a/b.html"),
    ("https://x.gov.cn:443/", "https://x.gov.cn/"),
    ("http://x.gov.cn:8080/zwgk/index.html", "http://x.gov.cn:8080/zwgk/"),
    ("http://x.gov.cn/zwgk/index.htm", "http://x.gov.cn/zwgk/"),
    ("http://x.gov.cn/zwgk/index.shtml", "http://x.gov.cn/zwgk/"),
    ("http://x.gov.cn/zwgk/default.htm", "http://x.gov.cn/zwgk/"),
    ("http://x.gov.cn/hdjl/index.html?sid=8b888252", "http://x.gov.cn/hdjl/"),
    ("http://x.gov.cn/a/t1.html;jsessionid=ABC123?x=1", "http://x.gov.cn/a/t1.html?x=1"),
    ("http://x.gov.cn/a.jsp;JSESSIONID=abc", "http://x.gov.cn/a.jsp"),
    ("http://x.gov.cn/list.jsp?b=2&a=1&PHPSESSID=zz&utm_source=wx&utm_medium=m", "http://x.gov.cn/list.jsp?a=1&b=2"),
    ("http://x.gov.cn/a/./b/../c.html", "http://x.gov.cn/a/c.html"),
    ("http://x.gov.cn", "http://x.gov.cn/"),
])
def test_canonicalize(url, want):
    assert canonicalize(url) == want


def test_canonicalize_is_idempotent_and_folds_quoting():
    u = "http://x.gov.cn/信息公开/年报/index.html?sid=1&page=2"
    c = canonicalize(u)
    assert canonicalize(c) == c
    assert c == canonicalize("http://x.gov.cn/%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80/%E5%B9%B4%E6%8A%A5/?page=2")


def test_clean_url_keeps_the_document_but_drops_sessions():
    assert clean_url("http://x.gov.cn/a/index.html?sid=1&id=5#f") == "http://x.gov.cn/a/index.html?id=5"
    assert clean_url("http://x.gov.cn/a/t1.html;jsessionid=AB12") == "http://x.gov.cn/a/t1.html"


@pytest.mark.parametrize("url, portal, same", [
    ("http://127.0.0.11:8080/zwgk/", "http://127.0.0.11:8080/", True),
    ("http://127.0.0.11:8081/zwgk/", "http://127.0.0.11:8080/", False),   # another port
    ("http://127.0.0.12:8080/", "http://127.0.0.11:8080/", False),        # internal address
    ("http://WWW.X.gov.cn/a", "http://www.x.gov.cn/", True),
    ("http://xxgk.x.gov.cn/a", "http://www.x.gov.cn/", False),            # sibling subdomain
    ("https://www.x.gov.cn/a", "http://www.x.gov.cn/", True),             # http -> https on default ports
    ("https://www.x.gov.cn:8443/a", "http://www.x.gov.cn/", False),
    ("ftp://www.x.gov.cn/a", "http://www.x.gov.cn/", False),
    ("http://www.x.gov.cn.evil.com/", "http://www.x.gov.cn/", False),
])
def test_same_site(url, portal, same):
    assert same_site(url, portal) is same


@pytest.mark.parametrize("url, word", [
    ("http://x/zxft/next/next/next/", "repeating path segment"),
    ("http://x/a/b/a/b/c.html", "repeating path sequence"),
    ("http://x/search/?q=%E5%B9%B4%E6%8A%A5", "search"),
    ("http://x/jrobot/search.do?webid=1&q=a", "search"),
    ("http://x/jrobot/search.do?webid=1", "search"),
    ("http://x/list.jsp?keyword=nb", "search"),
    ("http://x/rili/index.html?date=2020-01-01", "date-parameter"),
    ("http://x/cal.jsp?year=2020&month=3&day=4", "date-parameter"),
    ("http://x/rili/2020/01/", "calendar"),
    ("http://x/" + "a" * 500, "very long URL"),
    ("http://x/" + "/".join("d%d" % i for i in range(20)) + "/", "deep path"),
])
def test_traps(url, word):
    why = looks_like_trap(url)
    assert why and word in why


@pytest.mark.parametrize("url", [
    "http://x/zwgk/zfxxgknb/201803/t20180326_2411675.html",
    "http://x/art/2020/2/27/art_18454_7717794.html",
    "http://x/html/zwgk/ndbg/2021/0311/4466881.htm",
    "http://x/module/web/jpage/dataproxy.jsp?page=1&columnid=1&startrecord=46&endrecord=90&perpage=15",
    "http://x/col/col18454/index.html?uid=4454&pageNum=2",
    "http://x/zxft/next/next/",                      # two levels: still allowed, a third is not
    "http://x/nb.jsp?year=2020",                     # a year filter is not a calendar
    "http://x/module/xxgk/search.jsp?infotypeId=A0101&area=1",   # a jcms disclosure list, not site search
])
def test_not_traps(url):
    assert looks_like_trap(url) is None


def test_document_urls():
    assert is_attachment_url("http://x/uploadfile/2021/0311/2021031106564607.docx")
    assert is_attachment_url("http://x/zwgk/zfxxgknb/201803/P020180326314737672.pdf")
    assert is_attachment_url("http://x/module/download/downfile.jsp?classid=0&filename=abc.pdf")
    assert is_attachment_url("http://x/download.jsp?id=77", "某市2020年年报.wps")
    assert not is_attachment_url("http://x/uploadfile/2021/0311/logo.png")
    assert not is_attachment_url("http://x/zwgk/index.html")
    assert attachment_ext("http://x/a/B.XLSX") == "xlsx"
    assert attachment_ext("http://x/download.jsp?id=1", "统计表.et") == "et"
    assert looks_like_article_url("http://x/zwgk/fdzdgknr/zfxxgknb/content/post_8638347.html")
    assert looks_like_article_url("http://x/info.jsp?id=123")
    assert not looks_like_article_url("http://x/col/col18454/index.html")
    assert looks_like_list_url("http://x/zwgk/zfxxgknb/index_2.html")
    assert looks_like_list_url("http://x/list.jsp?page=3")


def test_unwrap_viewer_and_link_schemes():
    assert unwrap_viewer("http://x/pdfjs/web/viewer.html?file=/uploadfile/a.pdf") == "http://x/uploadfile/a.pdf"
    assert unwrap_viewer("http://x/show.jsp?id=3") == "http://x/show.jsp?id=3"
    assert not is_http_link("javascript:void(0)")
    assert not is_http_link("mailto:xxgk@x.gov.cn")
    assert not is_http_link("#top")
    assert is_http_link("./t2020_1.html")
