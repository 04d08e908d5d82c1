"""`nianbao compare`: one body's harmonised measures by year with changes and flags."""
import pytest
from lxml import html as lxml_html

from nianbao.research.compare import comparison
from research_helpers import file_sha, nianbao


def test_one_body_across_its_names_and_templates(demo_crawl, tmp_path):
    before = file_sha(demo_crawl["path"])
    page = tmp_path / "jian.html"
    # the demo world's 吉安市 publishes as 人民政府办公室 (2017) and 人民政府 (2021)
    done = nianbao("compare", "--db", demo_crawl["db"], "--body", "吉安市人民政府办公室", "--html", str(page))
    assert done.returncode == 0, done.stderr
    assert "360800-gov" in done.stdout and "2017" in done.stdout and "2021" in done.stdout
    c = comparison(demo_crawl["db"], "360800-gov")
    assert [y["year"] for y in c["years"]] == [2017, 2021]
    assert [y["template"] for y in c["years"]] == ["2008", "2021"]
    both = [m for m in c["measures"] if all(m.measure in y["values"] for y in c["years"])]
    assert both, "no measure stated in both templates"
    m = both[0].measure
    a, b = (y["values"][m] for y in c["years"])
    tree = lxml_html.fromstring(page.read_text("utf-8"))
    row = [tr for tr in tree.xpath('//tr[@class="measure"]') if tr.xpath("string(th)").startswith(m + " ")][0]
    cells = [td.text_content() for td in row.xpath("td")]
    assert cells[0].startswith("%g" % a) and cells[1].startswith("%g" % b)
    if a != b:
        assert ("%+g" % (b - a)) in cells[1]
    assert tree.xpath('//tr[@class="flags"]') and "caveats" in page.read_text("utf-8")
    assert file_sha(demo_crawl["path"]) == before


def test_flags_are_shown_per_report(demo_crawl):
    c = comparison(demo_crawl["db"], "吉安市")
    assert all(isinstance(y["flags"], list) for y in c["years"])


@pytest.mark.parametrize("body", ["不存在的机关", ""])
def test_an_unknown_body_is_one_line(demo_crawl, body):
    done = nianbao("compare", "--db", demo_crawl["db"], "--body", body)
    assert done.returncode == 2 and "no body" in done.stderr and done.stdout == ""


def test_a_department_is_found_by_a_shorter_name_of_it():
    from nianbao.research.current import find_body

    reports = [{"report_id": "r1", "body": "赣州市章贡区审计局", "region": "章贡区", "level": "district", "year": 2020},
               {"report_id": "r2", "body": "赣州市章贡区人民政府", "region": "章贡区", "level": "district", "year": 2020}]
    body, _ = find_body(reports, "章贡区审计局")
    assert body["body"] == "赣州市章贡区审计局"
    assert find_body(reports, "章贡区")[0]["body_kind"] == "government"
    assert find_body(reports, "章贡区财政局")[0] is None
