"""Bodies below the county and titles as printed: townships (乡, 镇, 街道) and development
zones (经济技术开发区, 高新区 … with their 管委会) publish their own reports; titles write
their year in Chinese numerals (〇 / ○ / 零, or a typed 0), say 年度 or 工作情况报告,
leave out the place, or come out two years late. Names here are made up in the
shape real ones have."""
import pytest

from core.titles import classify_title, normalize
from pipelines.metadata import extract_metadata, find_year, government_of, place_chain, place_level, region_of


def meta(title, text="", portal=None, published="2021-03-01"):
    return extract_metadata(title_candidates=[title], text=text, url="http://x/a.html",
                            page_meta={"publish_date": published}, link_text=None, link_date=None,
                            parent_title=None, parent_date=None, portal_name=portal)


@pytest.mark.parametrize("title,body,region,level", [
    ("宜丰县石市镇2020年政府信息公开工作年度报告", "宜丰县石市镇人民政府", "石市镇", "township"),
    ("石市镇人民政府2020年政府信息公开工作年度报告", "石市镇人民政府", "石市镇", "township"),
    ("2020年槐树乡政府信息公开工作年度报告", "槐树乡人民政府", "槐树乡", "township"),
    ("九江市濂溪区莲花街道2020年政府信息公开工作年度报告", "九江市濂溪区莲花街道办事处", "莲花街道", "township"),
    ("莲花街道办事处2020年度政府信息公开工作年度报告", "莲花街道办事处", "莲花街道", "township"),
    ("萍乡经济技术开发区2020年政府信息公开工作年度报告", "萍乡经济技术开发区管理委员会", "萍乡经济技术开发区", "zone"),
    ("鹰潭高新区管委会2020年政府信息公开工作年度报告", "鹰潭高新区管理委员会", "鹰潭高新区", "zone"),
    ("宜春市高新技术产业开发区2020年政府信息公开工作年度报告", "宜春市高新技术产业开发区管理委员会",
     "宜春市高新技术产业开发区", "zone"),
    ("赣江新区2020年政府信息公开工作年度报告", "赣江新区管理委员会", "赣江新区", "zone"),
    ("上海市浦东新区2020年政府信息公开工作年度报告", "上海市浦东新区人民政府", "浦东新区", "district"),
])
def test_townships_and_zones_name_themselves(title, body, region, level):
    m = meta(title)
    assert (m["body"], m["region"], m["level"], m["year"]) == (body, region, level, 2020)


def test_a_title_without_its_place_takes_the_signature():
    text = "一、总体情况\n……\n萍乡经济技术开发区管理委员会\n2021年1月28日"
    m = meta("2020年度政府信息公开工作年度报告", text, portal="萍乡市人民政府")
    assert (m["body"], m["region"], m["level"]) == ("萍乡经济技术开发区管理委员会", "萍乡经济技术开发区", "zone")


def test_a_title_without_its_place_takes_the_portal():
    m = meta("二〇二〇年政府信息公开工作年度报告", "一、总体情况\n……", portal="铜鼓县大塅镇人民政府")
    assert (m["body"], m["region"], m["level"], m["year"]) == ("大塅镇人民政府", "大塅镇", "township", 2020)


def test_words_that_are_not_townships():
    # 城乡 / 乡镇 inside a department's name are no place; a level character starts a department
    assert place_chain("宜丰县住房和城乡建设局")[0] == ["宜丰县"]
    assert place_chain("宜丰县乡镇企业局")[0] == ["宜丰县"]
    assert place_chain("县城关镇")[0] == []
    assert place_level("宜丰县") == "county" and place_level("浦东新区") == "district"
    assert region_of(["九江市", "濂溪区", "莲花街道办事处"]) == "莲花街道"
    assert region_of(["鹰潭市", "高新区"]) == "鹰潭市高新区"
    assert government_of(["槐树乡"]) == "人民政府" and government_of(["莲花街道"]) == "办事处"
    assert government_of(["鹰潭高新区"]) == "管理委员会"


@pytest.mark.parametrize("title", [
    "二〇一九年政府信息公开工作年度报告", "二○一九年政府信息公开工作年度报告", "二零一九年政府信息公开工作年度报告",
    "二0一九年政府信息公开工作年度报告", "二Ｏ一九年度政府信息公开工作情况报告", "石市镇政府信息公开工作报告（二〇一九年度）",
])
def test_chinese_numeral_years(title):
    assert classify_title(title)[0] == "report"
    assert "2019" in normalize(title)
    assert find_year(title, "", "2021-06-01") == 2019      # published two years late


def test_a_late_report_without_a_year_in_its_title_reads_its_opening():
    text = "现将本镇二〇一九年度政府信息公开工作情况报告如下。\n一、总体情况"
    assert find_year("石市镇政府信息公开工作年度报告", text, "2021-06-01") == 2019
    # the publish year minus one only when nothing says otherwise
    assert find_year("石市镇政府信息公开工作年度报告", "一、总体情况", "2021-06-01") == 2020


def test_work_report_variants_are_reports():
    for t in ("石市镇2019年政府信息公开工作情况报告", "关于石市镇2019年度政府信息公开工作情况的报告",
              "石市镇2019年度政府信息公开工作报告"):
        assert classify_title(t)[0] == "report", t


def test_a_short_zone_name_in_the_title_takes_the_full_name_it_signs_with():
    text = "一、总体情况\n……\n鹰潭高新技术产业开发区管理委员会\n2021年1月8日"
    m = meta("鹰潭高新区管委会2020年政府信息公开工作年度报告", text)
    assert (m["body"], m["region"], m["level"]) == ("鹰潭高新技术产业开发区管理委员会", "鹰潭高新技术产业开发区", "zone")
    # a department of the zone keeps the title's name
    m = meta("鹰潭高新区财政局2020年政府信息公开工作年度报告", text)
    assert m["body"] == "鹰潭高新区财政局"


def test_a_street_office_signs_the_report():
    text = "一、总体情况\n……\n九江市濂溪区莲花街道办事处\n2021年1月8日"
    m = meta("2020年政府信息公开工作年度报告", text, portal="九江市濂溪区人民政府")
    assert (m["body"], m["region"], m["level"]) == ("九江市濂溪区莲花街道办事处", "莲花街道", "township")


def test_an_unlisted_district_before_a_township_is_not_part_of_its_name():
    assert place_chain("吉安市庐陵新区河西镇")[0] == ["吉安市", "庐陵新区", "河西镇"]    # a zone's township
    assert place_chain("吉安市泰和区河西镇")[0] == ["吉安市", "泰和区", "河西镇"]
    assert meta("吉安市泰和区河西镇2020年政府信息公开工作年度报告")["region"] == "河西镇"


@pytest.mark.parametrize("tail", ["河西镇人民政府　2021年3月15日", "河西镇人民政府\n2021-03-15",
                                  "河西镇人民政府\n二〇二一年三月十五日", "河西镇人民政府 二0二一年三月十五日"])
def test_signatures_as_printed(tail):
    from pipelines.metadata import signature
    assert signature("……工作将进一步加强。\n" + tail) == ("河西镇人民政府", "2021-03-15")
