"""pipelines.metadata: title, body, region, level, year, publish date, script."""
import pytest

from core.items import DocumentItem, FetchItem
from pipelines.metadata import (MetadataPipeline, detect_script, extract_metadata, find_year, place_chain,
                                place_level, signature)


def meta(title, text="", portal="安康市人民政府门户网站", page_meta=None, **kw):
    args = dict(title_candidates=[title] if title else [], text=text, url="http://x.gov.cn/a.html",
                page_meta=page_meta or {}, link_text=None, link_date=None, parent_title=None, parent_date=None,
                portal_name=portal)
    args.update(kw)
    return extract_metadata(**args)


@pytest.mark.parametrize("title,portal,text,body,region,level", [
    # abbreviated departments: expanded, given the portal's place
    ("市发改委2019年政府信息公开工作年度报告", "安康市人民政府门户网站", "", "安康市发展和改革委员会", "安康市", "city"),
    ("区住建局2021年度政府信息公开工作年度报告", "上饶市信州区人民政府门户网站", "", "信州区住房和城乡建设局", "信州区",
     "district"),
    ("市卫健委关于2022年度政府信息公开工作情况的报告", "抚州市人民政府门户网站", "", "抚州市卫生健康委员会", "抚州市", "city"),
    ("区应急局2019年政府信息公开工作年度报告", "上饶市信州区人民政府门户网站", "", "信州区应急管理局", "信州区", "district"),
    ("2022年市文广新旅局政府信息公开工作年度报告", "抚州市人民政府门户网站", "", "抚州市文化广电新闻出版旅游局", "抚州市",
     "city"),
    # no level character before the department: the portal's own place
    ("市场监管局2020年政府信息公开年报", "上饶市信州区人民政府门户网站", "", "信州区市场监督管理局", "信州区", "district"),
    # the full name the report prints wins over a guess from the portal
    ("区市场监管局政府信息公开工作2019年度报告", "南昌市青山湖区人民政府",
     "本报告由南昌市青山湖区市场监督管理局根据《条例》编制。\n……\n南昌市青山湖区市场监督管理局\n2020年1月12日",
     "南昌市青山湖区市场监督管理局", "青山湖区", "district"),
    ("市交通局政府信息公开工作2015年度报告", "赣州市人民政府", "由赣州市交通运输局编制。", "赣州市交通运输局", "赣州市",
     "city"),
    # the body the title names, as named
    ("湖州市安吉县人民政府2018年政府信息公开工作年度报告", "湖州市安吉县人民政府", "", "湖州市安吉县人民政府", "安吉县",
     "county"),
    ("安康市教育局2020年政府信息公开工作年度报告", "安康市人民政府门户网站", "", "安康市教育局", "安康市", "city"),
    # no body in the title: the signing office, else the place's government
    ("抚州市2020年政府信息公开工作年度报告", "抚州市人民政府门户网站", "正文。\n抚州市人民政府办公室\n2021年3月18日",
     "抚州市人民政府办公室", "抚州市", "city"),
    ("2016年赣州市章贡区政府信息公开工作年度报告", "赣州市章贡区人民政府门户网站", "由章贡区人民政府办公室综合编制。",
     "赣州市章贡区人民政府", "章贡区", "district"),
    # a county-level city's report reposted on its prefecture's portal
    ("瑞金市2019年政府信息公开工作年度报告", "赣州市人民政府", "", "瑞金市人民政府", "瑞金市", "county"),
    ("浙江省人民政府2019年政府信息公开工作年度报告", "浙江省人民政府", "", "浙江省人民政府", "浙江省", "province"),
    ("北京市2019年政府信息公开工作年度报告", None, "", "北京市人民政府", "北京市", "province"),
])
def test_body_region_level(title, portal, text, body, region, level):
    m = meta(title, text, portal)
    assert (m["body"], m["region"], m["level"]) == (body, region, level)
    assert m["title"] == title


def test_traditional_report():
    text = ("2018年以來,青山湖區委、區政府高度重視政務公開工作,嚴格按照《中華人民共和國政府信息公開條例》要求。\n"
            "青山湖區人民政府辦公室\n2019年1月18日")
    m = meta("青山湖區2018年政府信息公開工作年度報告", text, "南昌市青山湖区人民政府",
             page_meta={"publish_date": "2019-01-18"})
    assert m == {"title": "青山湖區2018年政府信息公開工作年度報告", "body": "青山湖区人民政府办公室", "region": "青山湖区",
                 "level": "district", "year": 2018, "publish_date": "2019-01-18", "script": "traditional"}


def test_year_from_title_text_or_publish_date():
    assert find_year("安康市2017年度政府信息公开工作年度报告", "", None) == 2017
    assert find_year("二〇一九年政府信息公开工作年度报告", "", None) == 2019
    assert find_year("某县政府信息公开工作年度报告", "本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。",
                     "2018-03-01") == 2017
    assert find_year("某县政府信息公开工作年度报告", "正文", "2018-03-01") == 2017
    assert find_year(None, "", None) is None


def test_publish_date_order():
    # the page's own date first
    assert meta("x", page_meta={"publish_date": "2020-01-19", "PubDate": "2020-01-18"},
                link_date="2020-01-17")["publish_date"] == "2020-01-19"
    assert meta("x", page_meta={"PubDate": "2020-01-18 10:00"}, link_date="2020-01-17")["publish_date"] == "2020-01-18"
    assert meta("x", link_date="2020-01-17", parent_date="2020-01-16")["publish_date"] == "2020-01-17"
    # an attachment: the announcing page's date
    m = meta(None, "一、总体情况\n……\n湖州市安吉县人民政府\n2019年4月10日", "湖州市安吉县人民政府",
             page_meta={"h1": "湖州市安吉县人民政府2018年政府信息公开工作年度报告"}, parent_date="2019-04-12",
             parent_title="关于公布2018年政府信息公开工作年度报告的通知")
    assert m["publish_date"] == "2019-04-12" and m["year"] == 2018
    assert m["title"] == "关于公布2018年政府信息公开工作年度报告的通知" or m["title"].startswith("湖州市安吉县")
    # the signature date only when nothing else is known
    assert meta("x", "正文\n某县人民政府办公室\n二〇二〇年一月九日", None)["publish_date"] == "2020-01-09"


def test_publish_date_from_html_via_htmldate():
    html = ('<html><head><meta property="article:published_time" content="2021-03-05"></head>'
            '<body><p>正文</p></body></html>')
    assert meta("x", html=html)["publish_date"] == "2021-03-05"


def test_title_prefers_a_report_title():
    m = extract_metadata(title_candidates=["安康市人民政府门户网站", "市发改委2019年政府信息公开工作年度报告_安康市人民政府"],
                         text="", url="", page_meta={}, link_text=None, link_date=None, parent_title=None,
                         parent_date=None, portal_name=None)
    assert m["title"] == "市发改委2019年政府信息公开工作年度报告"
    m = meta(None, link_text="2012年湖州市安吉县政府信息公开工作年度报告.docx")
    assert m["title"] == "2012年湖州市安吉县政府信息公开工作年度报告"


def test_levels_and_places():
    assert place_level("恩施土家族苗族自治州") == "city"
    assert place_level("阿拉善盟") == "city"
    assert place_level("和田地区") == "city"
    assert place_level("重庆市") == "province"
    assert place_level("广西壮族自治区") == "province"
    assert place_level("瑞金市") == "county"
    assert place_level("义乌市") == "county"
    assert place_level("赣州市") == "city"
    assert place_level("额济纳旗") == "county"
    assert place_level("浦东新区") == "district"
    assert place_chain("湖州市安吉县人民政府") == (["湖州市", "安吉县"], 6)
    assert place_chain("安康市市场监督管理局")[0] == ["安康市"]
    assert place_chain("区市场监管局")[0] == []


def test_signature_and_script():
    assert signature("正文。\n安康市发展和改革委员会\n2020年1月9日\n附表\n统计指标\t单位") == ("安康市发展和改革委员会",
                                                                                      "2020-01-09")
    assert signature("没有落款的正文。")[0] is None
    assert detect_script("政府信息公開工作年度報告，青山湖區人民政府辦公室") == "traditional"
    assert detect_script("政府信息公开工作年度报告，青山湖区人民政府办公室") == "simplified"


def test_pipeline_fills_meta_and_never_raises():
    pipe = MetadataPipeline()
    it = DocumentItem(url="http://x.gov.cn/a.pdf", fmt="pdf", portal_name="湖州市安吉县人民政府",
                      text="本报告根据……\n湖州市安吉县人民政府\n2019年4月10日",
                      page_meta={"h1": "湖州市安吉县人民政府2018年政府信息公开工作年度报告"},
                      parent_url="http://x.gov.cn/n.html", parent_title="关于公布年报的通知", parent_date="2019-04-12",
                      link_text="年报.pdf")
    m = pipe.process_item(it, None)["meta"]
    assert m["title"] == "湖州市安吉县人民政府2018年政府信息公开工作年度报告"
    assert (m["body"], m["region"], m["level"], m["year"], m["publish_date"]) == (
        "湖州市安吉县人民政府", "安吉县", "county", 2018, "2019-04-12")
    empty = pipe.process_item(DocumentItem(url="http://x.gov.cn/"), None)["meta"]
    assert set(empty) >= {"title", "body", "region", "level", "year", "publish_date", "script"}
    f = FetchItem(url="http://x.gov.cn/")
    assert pipe.process_item(f, None) is f and "meta" not in f.fields


@pytest.mark.parametrize("title,portal,body", [
    # the full form already contains an abbreviation (政府办公室 inside 人民政府办公室): left alone
    ("永修县人民政府办公室2020年政府信息公开工作年度报告", "永修县人民政府", "永修县人民政府办公室"),
    ("永修縣人民政府辦公室2021年政府信息公開工作年度報告", "永修县人民政府", "永修县人民政府办公室"),
    ("九江市住房和城乡建设局2020年政府信息公开工作年度报告", "九江市人民政府", "九江市住房和城乡建设局"),
    ("九江市行政审批局2020年政府信息公开工作年度报告", "九江市人民政府", "九江市行政审批局"),
    # the abbreviations themselves still expand
    ("永修县政府办2020年政府信息公开工作年度报告", "永修县人民政府", "永修县人民政府办公室"),
    ("永修县政府办公室2020年政府信息公开工作年度报告", "永修县人民政府", "永修县人民政府办公室"),
])
def test_body_expansion_is_idempotent(title, portal, body):
    assert meta(title, "", portal)["body"] == body


def test_expand_never_expands_a_full_name():
    from pipelines.metadata import DEPARTMENT_ABBREVIATIONS, expand_department as _expand
    for short in DEPARTMENT_ABBREVIATIONS:
        once = _expand(short)
        assert _expand(once) == once, (short, once)
        assert _expand("某县" + once) == "某县" + once
