"""Portal 1, 吉安市人民政府 (TRS WCM, GBK): its pages, reports, look-alikes and traps."""
from __future__ import annotations

from nianbao.demo.world.blocks import blocks_text
from nianbao.demo.world.collect import World, url
from nianbao.demo.world.files import make_pdf
from nianbao.demo.world.places import J_SITE
from nianbao.demo.world.reports import report_jian_2017, report_jian_2021
from nianbao.demo.world.trs import body_trs, jian_article, jian_frame, jian_list, rel


def build_jian(w: World) -> None:
    P = "jian"
    w.put(P, "/robots.txt", "User-agent: *\nDisallow: /search/\n")
    nb = "/zwgk/gknb/"
    r21 = nb + "202201/t20220125_4518837.html"
    r21b = nb + "202201/t20220125_4518837_1.html"
    r21pdf = nb + "202201/P020220125365812749003.pdf"
    r17 = nb + "201803/t20180323_2856417.html"
    jd = nb + "202201/t20220126_4519012.html"
    bb = nb + "202201/t20220120_4515520.html"
    tz = "/zwgk/tzgg/202112/t20211210_4490021.html"
    news = "/zwdt/202203/t20220302_4533108.html"
    t21 = "吉安市人民政府2021年政府信息公开工作年度报告"
    t17 = "吉安市2017年政府信息公开工作年度报告"

    # homepage
    home = """<div class="ja-home-news"><h3><a href="./zwdt/">政务要闻</a></h3><ul>
<li><a href="%s" target="_blank">吉安市召开2022年全市政务公开工作会议</a><span>03-02</span></li></ul></div>
<div class="ja-home-notice"><h3><a href="./zwgk/tzgg/">通知公告</a></h3><ul>
<li><a href="%s" target="_blank">关于做好2021年政府信息公开工作年度报告编制发布工作的通知</a><span>12-10</span></li></ul></div>
<div class="ja-home-gk"><h3><a href="./zwgk/">政府信息公开</a></h3><ul>
<li><a href="./zwgk/gkzn/">政府信息公开指南</a></li><li><a href="./zwgk/gknb/">政府信息公开年报</a></li>
<li><a href="javascript:void(0);" onclick="window.open('http://www.jiangxi.gov.cn/col/col25435/')">依申请公开</a></li></ul></div>
""" % (rel("/index.html", news), rel("/index.html", tz))
    w.put(P, "/index.html", jian_frame("/index.html", J_SITE, "首页", [("首页", None)], home), "2022-03-02", "gbk")

    w.put(P, "/zwgk/index.html", jian_frame("/zwgk/index.html", "政府信息公开_" + J_SITE, "政府信息公开",
          [("首页", "/"), ("政府信息公开", None)],
          """<div class="ja-gk-home"><h2>政府信息公开</h2><ul class="ja-tree">
<li><a href="./gkzn/">政府信息公开指南</a></li><li><a href="./tzgg/">通知公告</a></li>
<li><a href="./gknb/">政府信息公开年报</a></li></ul></div>"""), "2022-01-26", "gbk")

    w.put(P, "/zwgk/gkzn/index.html", jian_frame("/zwgk/gkzn/index.html", "政府信息公开指南_" + J_SITE, "政府信息公开指南",
          [("首页", "/"), ("政府信息公开", "/zwgk/"), ("政府信息公开指南", None)],
          '<div class="ja-article"><h1 class="ja-art-title">吉安市人民政府信息公开指南</h1><div class="ja-art-content">'
          + body_trs([("p", "为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。"),
                      ("h", "一、主动公开"),
                      ("p", "市人民政府通过门户网站、政府公报、新闻发布会以及报刊、广播、电视等途径主动公开政府信息。"),
                      ("h", "二、依申请公开"),
                      ("p", "公民、法人或者其他组织可以通过当面、邮寄、网络等方式提出政府信息公开申请。"),
                      ("h", "三、政府信息公开工作年度报告"),
                      ("p", "市人民政府于每年1月31日前在门户网站“政府信息公开年报”栏目公布上一年度政府信息公开工作年度报告。")])
          + "</div></div>"), "2020-06-01", "gbk")

    # the 年报 column: two list pages, paginated only by createPageHTML
    col = "政府信息公开年报"
    w.put(P, nb + "index.html", jian_list(nb + "index.html", col, nb, [
        (t21, r21, "2022-01-25"),
        ("《吉安市人民政府2021年政府信息公开工作年度报告》解读", jd, "2022-01-26"),
        ("吉安市人民政府2021年政府网站工作年度报表", bb, "2022-01-20"),
    ], 0, 2), "2022-01-26", "gbk")
    w.put(P, nb + "index_1.html", jian_list(nb + "index_1.html", col, nb, [(t17, r17, "2018-03-23")], 1, 2),
          "2022-01-26", "gbk")

    # 2021 report: two pages + PDF twin
    p1, p2, m21 = report_jian_2021()
    attach = ('<div class="ja-appendix">附件：<a href="./P020220125365812749003.pdf" '
              'oldsrc="W020220125365812749003.pdf">吉安市人民政府2021年政府信息公开工作年度报告.pdf</a></div>\n')

    def pager(cur):
        first, second = "./t20220125_4518837.html", "./t20220125_4518837_1.html"
        parts = ['<div class="ja-art-page" id="pagenav"><script type="text/javascript">'
                 'createPageHTML(2, %d, "t20220125_4518837", "html");</script>' % cur]
        parts.append('<a href="%s">上一页</a>' % first if cur == 1 else "<span>上一页</span>")
        parts.append('<a href="%s">1</a> <a href="%s">2</a>' % (first, second))
        parts.append('<a href="%s">下一页</a>' % second if cur == 0 else "<span>下一页</span>")
        return " ".join(parts) + "</div>\n"

    src21 = "吉安市人民政府办公室"
    jian_article(w, r21, t21, col, nb, "2022-01-25", "10:32", src21, body_trs(p1), "11360800MB1812345X/2022-00103",
                 pager(0), attach)
    jian_article(w, r21b, t21, col, nb, "2022-01-25", "10:32", src21, body_trs(p2), "11360800MB1812345X/2022-00103",
                 pager(1), attach)
    w.put(P, r21pdf, make_pdf(t21, p1 + p2), "2022-01-25")
    w.reports.append({
        "group": "jian-2021", "portal": P, "urls": [url(P, r21), url(P, r21pdf)], "primary_url": url(P, r21),
        "part_urls": [url(P, r21b)], "title": t21, "body": "吉安市人民政府", "body_kind": "government",
        "region": "吉安市", "level": "city", "year": 2021, "publish_date": "2022-01-25", "format": "multipage",
        "template": "2021", "encoding": "gbk", "text": blocks_text(p1 + p2), "metrics": m21, "approximate": [],
        "optional": ["fees.collected"], "script": "simplified",
        "note": "split over two pages (_1 continuation, 下一页 link and createPageHTML); the PDF twin is linked "
                "on both pages"})

    # 2017 report (2008 template: prose + statistics table), only on list page 2
    b17, m17 = report_jian_2017()
    jian_article(w, r17, t17, col, nb, "2018-03-23", "16:05", "吉安市人民政府办公室", body_trs(b17),
                 "11360800MB1812345X/2018-00057")
    w.reports.append({
        "group": "jian-2017", "portal": P, "urls": [url(P, r17)], "primary_url": url(P, r17), "title": t17,
        "body": "吉安市人民政府办公室", "body_alt": ["吉安市人民政府"], "body_kind": "government", "region": "吉安市",
        "level": "city", "year": 2017, "publish_date": "2018-03-23", "format": "html", "template": "2008",
        "encoding": "gbk", "text": blocks_text(b17), "metrics": m17, "approximate": [], "optional": [],
        "script": "simplified", "note": "listed only on the second list page (index_1.html)"})

    # look-alikes in the same column
    jd_blocks = [
        ("p", "近日，《吉安市人民政府2021年政府信息公开工作年度报告》正式发布。为便于公众理解，现就有关内容解读如下。"),
        ("h", "一、报告的主要内容"),
        ("p", "年度报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分组成。"),
        ("h", "二、报告的主要特点"),
        ("p", "一是严格按照新的年度报告格式编制，数据统计口径更加规范；二是突出重点领域信息公开，全面反映全市政务公开工作成效；三是坦诚分析存在的问题，明确下一步改进措施。"),
    ]
    jian_article(w, jd, "《吉安市人民政府2021年政府信息公开工作年度报告》解读", col, nb, "2022-01-26", "09:15",
                 "吉安市人民政府办公室", body_trs(jd_blocks), "11360800MB1812345X/2022-00108")
    w.look_alike(P, jd, "interpretation", "《吉安市人民政府2021年政府信息公开工作年度报告》解读")
    bb_blocks = [
        ("p", "（2021年度）"),
        ("table", [["网站名称", ("吉安市人民政府", 1, 3)], ["首页网址", ("http://www.jian.gov.cn", 1, 3)],
                   ["主办单位", ("吉安市人民政府办公室", 1, 3)], ["网站类型", ("政府门户网站", 1, 3)],
                   ["政府网站标识码", ("3608000001", 1, 3)], ["ICP备案号", ("赣ICP备05004352号", 1, 3)],
                   ["独立用户访问总量（单位：个）", ("1865432", 1, 3)], ["网站总访问量（单位：次）", ("9876543", 1, 3)],
                   [("信息发布（单位：条）", 3, 1), ("总数", 1, 2), "23650"], [("概况类信息", 1, 2), "312"],
                   [("政务动态信息", 1, 2), "15873"],
                   [("办事服务", 1, 1), ("是否发布服务事项目录", 1, 2), "是"]]),
        ("p", "单位：吉安市人民政府办公室　　填报人：政务公开科　　填报日期：2022-01-18"),
    ]
    jian_article(w, bb, "吉安市人民政府2021年政府网站工作年度报表", col, nb, "2022-01-20", "11:00",
                 "吉安市人民政府办公室", body_trs(bb_blocks), "11360800MB1812345X/2022-00098")
    w.look_alike(P, bb, "website_report", "吉安市人民政府2021年政府网站工作年度报表")

    # 通知公告: the notice about compiling the reports
    tz_title = "关于做好2021年政府信息公开工作年度报告编制发布工作的通知"
    w.put(P, "/zwgk/tzgg/index.html", jian_list("/zwgk/tzgg/index.html", "通知公告", "/zwgk/tzgg/",
                                                [(tz_title, tz, "2021-12-10")], 0, 1), "2021-12-10", "gbk")
    tz_blocks = [
        ("p", "各县（市、区）人民政府，井冈山经济技术开发区管委会，市政府各部门："),
        ("p", "根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室有关要求，现就做好2021年政府信息公开工作年度报告编制发布工作通知如下："),
        ("p", "一、各地各部门要严格按照《中华人民共和国政府信息公开工作年度报告格式》编制年度报告，于2022年1月31日前在本单位门户网站“政府信息公开年报”栏目公布。"),
        ("p", "二、年度报告中的数据要真实准确，表格中各项数据之间的勾稽关系要正确。"),
        ("sign", ["吉安市人民政府办公室", "2021年12月10日"]),
    ]
    jian_article(w, tz, tz_title, "通知公告", "/zwgk/tzgg/", "2021-12-10", "15:20", "吉安市人民政府办公室",
                 body_trs(tz_blocks), "11360800MB1812345X/2021-01275", doc_no="吉府办字〔2021〕118号")
    w.look_alike(P, tz, "notice", tz_title)

    # news
    w.put(P, "/zwdt/index.html", jian_frame("/zwdt/index.html", "政务动态_" + J_SITE, "政务动态",
          [("首页", "/"), ("政务动态", None)],
          '<ul class="ja-doclist"><li><span class="ja-date">2022-03-02</span><a href="%s">吉安市召开2022年全市政务公开工作会议</a></li></ul>'
          % rel("/zwdt/index.html", news)), "2022-03-02", "gbk")
    w.put(P, news, jian_frame(news, "吉安市召开2022年全市政务公开工作会议_政务动态_" + J_SITE, "政务动态",
          [("首页", "/"), ("政务动态", "/zwdt/")],
          '<div class="ja-article"><h1 class="ja-art-title">吉安市召开2022年全市政务公开工作会议</h1>'
          '<div class="ja-art-source">发布时间：2022-03-02 17:40　来源：吉安日报</div><div class="ja-art-content">'
          + body_trs([("p", "3月2日，全市政务公开工作会议召开。会议总结了2021年全市政务公开工作，部署了2022年重点任务。会议指出，各地各部门要持续深化重点领域信息公开，规范做好政府信息公开工作年度报告编制发布。")])
          + "</div></div>", {"ArticleTitle": "吉安市召开2022年全市政务公开工作会议", "PubDate": "2022-03-02 17:40",
                             "ContentSource": "吉安日报"}), "2022-03-02", "gbk")

    w.put(P, "/hdjl/index.html", jian_frame("/hdjl/index.html", "互动交流_" + J_SITE, "互动交流",
          [("首页", "/"), ("互动交流", None)],
          '<div class="ja-hd"><a href="javascript:void(0);">市长信箱</a> <a href="javascript:void(0);">在线访谈</a> '
          '<a href="javascript:void(0);">网上调查</a></div>'), "2021-01-01", "gbk")

    # /search/ is Disallowed in robots.txt: result pages with copies of the reports
    srch = "/search/index.html"
    copy = "/search/detail/t20220125_4518837.html"
    w.put(P, srch, jian_frame(srch, "搜索结果_" + J_SITE, "搜索", [("首页", "/"), ("搜索结果", None)],
          '<div class="ja-result"><p>找到相关结果2条</p><ul><li><a href="/search/detail/t20220125_4518837.html">%s</a></li>'
          '<li><a href="/search/detail/t20180323_2856417.html">%s</a></li></ul></div>' % (t21, t17)), "2022-01-26", "gbk")
    w.put(P, copy, w.files[P][r21], "2022-01-25")
    w.traps.append({"kind": "robots_disallowed", "portal": P, "url": url(P, "/search/"),
                    "note": "Disallow: /search/ — search results and a copy of the 2021 report page; never fetch"})
    w.traps.append({"kind": "robots_disallowed", "portal": P, "url": url(P, copy),
                    "note": "byte copy of the 2021 report under /search/"})
    w.traps.append({"kind": "offsite", "portal": P, "url": "https://www.gov.cn/"})
    w.traps.append({"kind": "mailto", "portal": P, "url": "mailto:jaszfbgs@jian.gov.cn"})
    w.traps.append({"kind": "javascript", "portal": P, "url": "javascript:void(0);"})
