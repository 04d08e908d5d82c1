"""Learning a portal's template by comparing its pages (core/template.py,
chrome.learn_template / prune_margins): a report page is cleaned with the block
fingerprints of the list page that linked it.  The fixtures
(tests/fixtures/clean/template_portal/, written for these tests) are one portal:
two list pages and the reports of two years, whose template is plain text no
phrase list knows (a side column, a hotline, a footer without a filing number)
and holds a line identical to the reports' signature.  The reports share
sentences and table headings, as one body's reports do year after year."""
import os

import lxml.html
import pytest

from core.template import MAX_FINGERPRINTS, block_fingerprints, fingerprint
from pipelines.clean import CleanPipeline, clean_html, clean_pages
from pipelines.read.pipeline import ReadPipeline

HERE = os.path.join(os.path.dirname(__file__), "fixtures", "clean", "template_portal")
URL = "http://www.shimen.gov.cn/xxgk/nb/2023/0131/301.html"


def page(name):
    with open(os.path.join(HERE, name + ".html"), encoding="utf-8") as f:
        return f.read()


def fingerprints(name):
    return block_fingerprints(lxml.html.document_fromstring(page(name)))


SHARED = ["本报告依据《中华人民共和国政府信息公开条例》要求编制，内容包括总体情况、主动公开政府信息情况、存在的主要问题及改进情况等。",
          "一、总体情况"]
TABLE_HEAD = ["二、主动公开政府信息情况", "第二十条第（一）项", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数", "规章\t0\t0\t0"]
TAIL = ["三、存在的主要问题及改进情况", "政务公开工作仍存在一些不足。下一步，我县将进一步加强政务公开工作。", "石门县人民政府办公室"]
EXPECTED = {
    "report_2021": SHARED + ["2021年，我县全年主动公开政府信息1980条。"] + TABLE_HEAD + ["行政规范性文件\t3\t1\t15"]
    + TAIL + ["2022年1月23日"],
    "report_2022": SHARED + ["2022年，我县全年主动公开政府信息2215条。"] + TABLE_HEAD + ["行政规范性文件\t4\t1\t20"]
    + TAIL + ["2023年1月24日"],
}
TEMPLATE_WORDS = ["今日", "公开目录", "公开指南", "本栏目由县政务公开办负责更新", "便民热线", "值守时间", "融媒体中心", "县府路88号",
                  "访问人次", "石门小助手", "网站首页"]


@pytest.mark.parametrize("report", sorted(EXPECTED))
@pytest.mark.parametrize("linking", ["list_1", "list_2"])
def test_template_blocks_go_and_the_report_stays_whole(report, linking):
    res = clean_html(page(report), URL, fingerprints(linking))
    assert res.text.splitlines() == EXPECTED[report]
    for w in TEMPLATE_WORDS:
        assert w not in res.text, w


def test_without_the_linking_page_the_plain_template_is_not_known():
    """What the learning adds: these template blocks have no widget shape and no
    chrome phrase, so the page alone does not tell them from text."""
    text = clean_html(page("report_2022"), URL).text
    assert "融媒体中心" in text
    for line in EXPECTED["report_2022"]:
        assert line in text.splitlines()          # and nothing of the report is lost either way


def test_a_line_the_template_shares_with_the_report_stays_in_the_report():
    """The side column prints 「石门县人民政府办公室」 as the signature does: the
    side column's copy is outside the content, the signature inside."""
    fps = fingerprints("list_1")
    side = lxml.html.fragment_fromstring("<p>石门县人民政府办公室</p>")
    assert fingerprint(side) in fps
    text = clean_html(page("report_2022"), URL, fps).text
    assert text.splitlines().count("石门县人民政府办公室") == 1


def test_the_same_report_comes_out_the_same_whichever_list_linked_it():
    """Deterministic: the text does not depend on which page of the list the
    report was reached from, nor on the order pages are cleaned in."""
    outs = set()
    for linking in (["list_1"], ["list_2"], ["list_2", "list_1"]):
        fps = frozenset().union(*(fingerprints(n) for n in linking))
        for order in (("report_2021", "report_2022"), ("report_2022", "report_2021")):
            outs.add(tuple(clean_html(page(r), URL, fps).text for r in order if r == "report_2022"))
    assert len(outs) == 1


@pytest.mark.parametrize("name", ["trs_unseen_widgets", "jcms_unseen_widgets", "jiyue_unseen_widgets",
                                  "traditional_unseen_widgets", "report_2021"])
def test_a_template_holding_every_block_of_the_report_loses_nothing(name):
    """The worst case: the linking page is a copy of the report itself (a print or
    mobile copy), so every block of it is 'template'.  The content stays whole
    (the widget pages' content as tests/test_clean_widgets.py checks it)."""
    path = os.path.join(HERE if name.startswith("report") else os.path.dirname(HERE), name + ".html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    alone = clean_html(html, URL).text.splitlines()
    self_template = clean_html(html, URL, block_fingerprints(lxml.html.document_fromstring(html))).text.splitlines()
    assert self_template == (EXPECTED[name] if name in EXPECTED else alone)


def test_fingerprints_fold_digits_and_are_bounded():
    a = lxml.html.fragment_fromstring("<p>访问人次 1001</p>")
    b = lxml.html.fragment_fromstring("<p>访问人次 5021</p>")
    link = lxml.html.fragment_fromstring('<p><a href="/x">访问人次 1001</a></p>')
    assert fingerprint(a) == fingerprint(b) != fingerprint(link)
    assert fingerprint(lxml.html.fragment_fromstring("<p>x</p>")) is None          # too short to be a template piece
    huge = "<html><body>%s</body></html>" % "".join("<p>第%d条不同的栏目文字%s</p>" % (i, chr(0x4e00 + i)) for i in range(9000))
    assert len(block_fingerprints(lxml.html.document_fromstring(huge))) == MAX_FINGERPRINTS
    assert block_fingerprints(None) == frozenset()


def test_pipeline_reads_the_items_template_blocks():
    body = page("report_2022").encode("utf-8")
    item = {"portal": "http://www.shimen.gov.cn/", "url": URL, "final_url": URL, "status": 200, "headers": {},
            "fmt": "html", "body": body, "template_blocks": fingerprints("list_1")}
    item = CleanPipeline().process_item(ReadPipeline().process_item(item, None), None)
    assert item["text"].splitlines() == EXPECTED["report_2022"]
    # continuation pages are cleaned with the same template
    res = clean_pages([page("report_2022"), page("report_2022")], URL, fingerprints("list_1"))
    assert "融媒体中心" not in res.text
