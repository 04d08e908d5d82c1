"""Portal 3, 茶陵县人民政府门户网站 (政府网站集约化 platform, UTF-8): its pages, reports, look-alikes, a
broken report link and the ?page=N news list."""
from __future__ import annotations

from nianbao.demo.world.blocks import blocks_text, esc
from nianbao.demo.world.collect import World, url
from nianbao.demo.world.jiyue import body_plain, chaling_article, chaling_frame, chaling_list, chaling_tree
from nianbao.demo.world.places import C_SITE
from nianbao.demo.world.reports import report_chaling_2014, report_chaling_2022


def build_chaling(w: World) -> None:
    P = "chaling"
    w.put(P, "/robots.txt", "User-agent: *\nDisallow: /admin/\nDisallow: /search/\n")
    col = "政府信息公开年报"

    t22 = "茶陵县2022年政府信息公开工作年度报告"
    b22, m22 = report_chaling_2022()
    r22 = chaling_article(w, "zfxxgknb", col, 35118, t22, "2023-01-30", "16:20", "茶陵县人民政府办公室",
                          body_plain(b22), "431224000/2023-00012")
    t14 = "茶陵县人民政府2014年政府信息公开工作年度报告"
    b14, m14 = report_chaling_2014()
    r14 = chaling_article(w, "zfxxgknb", col, 21467, t14, "2015-03-20", "09:00", "茶陵县人民政府办公室",
                          body_plain(b14), "431224000/2015-00035")
    broken = "/zwgk/xxgkml/zfxxgknb/content_30125.html"
    t16 = "茶陵县2016年政府信息公开工作年度报告"

    items = [(t22, r22, "2023-01-30"), (t16, broken, "2017-03-28"), (t14, r14, "2015-03-20")]
    w.put(P, "/zwgk/xxgkml/zfxxgknb/index.html",
          chaling_list("/zwgk/xxgkml/zfxxgknb/index.html", "zfxxgknb", col, items[:2], 1, 2, 3, 2), "2023-01-30")
    w.put(P, "/zwgk/xxgkml/zfxxgknb/index_2.html",
          chaling_list("/zwgk/xxgkml/zfxxgknb/index_2.html", "zfxxgknb", col, items[2:], 2, 2, 3, 2), "2023-01-30")

    w.reports.append({
        "group": "chaling-2022", "portal": P, "urls": [url(P, r22)], "primary_url": url(P, r22), "title": t22,
        "body": "茶陵县人民政府办公室", "body_alt": ["茶陵县人民政府"], "body_kind": "government", "region": "茶陵县",
        "level": "county", "year": 2022, "publish_date": "2023-01-30", "format": "html", "template": "2021",
        "encoding": "utf-8", "text": blocks_text(b22), "metrics": m22, "approximate": [],
        "optional": ["fees.collected"], "script": "simplified", "note": "signed by 茶陵县人民政府办公室"})
    w.reports.append({
        "group": "chaling-2014", "portal": P, "urls": [url(P, r14)], "primary_url": url(P, r14), "title": t14,
        "body": "茶陵县人民政府", "body_kind": "government", "region": "茶陵县", "level": "county", "year": 2014,
        "publish_date": "2015-03-20", "format": "html", "template": "narrative", "encoding": "utf-8",
        "text": blocks_text(b14), "metrics": m14, "approximate": ["reading_points.visits"],
        "optional": ["reconsideration.total", "litigation.total", "replies.total", "requests.completed.on_time"],
        "script": "simplified",
        "note": "figures stated only in prose; on the second list page (index_2.html, reached by 下一页)"})
    w.traps.append({"kind": "broken_link", "portal": P, "url": url(P, broken),
                    "note": "a report-titled list entry (%s) that answers 404" % t16})

    # look-alikes in sibling columns: 政府工作报告, 法治政府建设年度报告
    gz_t = "2023年茶陵县人民政府工作报告"
    gz = chaling_article(w, "zfgzbg", "政府工作报告", 34987, gz_t, "2023-01-10", "08:45", "茶陵县人民政府办公室", body_plain([
        ("p", "——2023年1月6日在茶陵县第十八届人民代表大会第三次会议上"),
        ("h", "一、2022年工作回顾"),
        ("p", "过去的一年，全县地区生产总值增长6.5%，一般公共预算收入完成12.3亿元。我们坚持依法行政，自觉接受人大法律监督、政协民主监督，政务公开全面推进。"),
        ("h", "二、2023年工作安排"),
        ("p", "今年政府工作的主要预期目标是：地区生产总值增长7%左右，一般公共预算收入增长6%。"),
    ]), "431224000/2023-00003")
    w.put(P, "/zwgk/xxgkml/zfgzbg/index.html", chaling_list("/zwgk/xxgkml/zfgzbg/index.html", "zfgzbg", "政府工作报告",
                                                            [(gz_t, gz, "2023-01-10")], 1, 1, 1, 15), "2023-01-10")
    w.look_alike(P, gz, "work_report", gz_t)
    fz_t = "茶陵县2022年法治政府建设年度报告"
    fz = chaling_article(w, "fzzfjs", "法治政府建设", 35102, fz_t, "2023-01-18", "10:10", "茶陵县司法局", body_plain([
        ("p", "2022年，茶陵县深入学习贯彻习近平法治思想，全面落实《法治政府建设实施纲要（2021—2025年）》，法治政府建设取得新成效。现将有关情况报告如下。"),
        ("h", "一、2022年推进法治政府建设的主要举措和成效"),
        ("p", "（一）依法全面履行政府职能。深化“放管服”改革，全面推行政务公开，依法做好政府信息公开工作。"),
        ("h", "二、存在的不足和原因"),
        ("p", "行政执法规范化水平还需进一步提高。"),
        ("h", "三、2023年推进法治政府建设的主要安排"),
        ("p", "持续推进严格规范公正文明执法。"),
    ]), "431224000/2023-00009")
    w.put(P, "/zwgk/xxgkml/fzzfjs/index.html", chaling_list("/zwgk/xxgkml/fzzfjs/index.html", "fzzfjs", "法治政府建设",
                                                            [(fz_t, fz, "2023-01-18")], 1, 1, 1, 15), "2023-01-18")
    w.look_alike(P, fz, "rule_of_law", fz_t)

    zn = "/zwgk/xxgkzn/index.html"
    w.put(P, zn, chaling_frame(zn, "政府信息公开指南-" + C_SITE, "政府信息公开指南",
          [("首页", "/"), ("政务公开", "/zwgk/index.html"), ("政府信息公开指南", None)],
          chaling_tree("") + '<div class="cl-detail"><h1 class="cl-detail-title">茶陵县人民政府信息公开指南</h1><div class="cl-detail-body">'
          + body_plain([("p", "本指南根据《中华人民共和国政府信息公开条例》编制。县人民政府办公室负责组织编制并发布本级政府信息公开工作年度报告。")])
          + "</div></div>"), "2020-03-01")
    w.put(P, "/zwgk/xxgkml/index.html", chaling_frame("/zwgk/xxgkml/index.html", "政府信息公开目录-" + C_SITE,
          "政府信息公开目录", [("首页", "/"), ("政务公开", "/zwgk/index.html"), ("政府信息公开目录", None)],
          chaling_tree("") + '<section class="cl-list"><h2>政府信息公开目录</h2><p>请选择左侧栏目查看。</p></section>'),
          "2023-01-30")
    w.put(P, "/zwgk/index.html", chaling_frame("/zwgk/index.html", "政务公开-" + C_SITE, "政务公开",
          [("首页", "/"), ("政务公开", None)],
          chaling_tree("") + """<section class="cl-gk"><h2>政务公开</h2><ul>
<li><a href="/zwgk/xxgkml/index.html">政府信息公开目录</a></li>
<li><a href="/zwgk/xxgkzn/index.html">政府信息公开指南</a></li>
<li><a href="/zwgk/xxgkml/zfxxgknb/index.html">政府信息公开年报</a></li>
<li><a href="/admin/login.jsp">信息报送</a></li></ul></section>"""), "2023-01-30")

    # news list paginated by ?page=N (a dynamic route serves page 2; statically ?page= is ignored)
    nw_t = "我县发布2022年政府信息公开工作年度报告"
    nw = chaling_article(w, "zwyw", "政务要闻", 35166, nw_t, "2023-02-01", "11:30", "茶陵县融媒体中心", body_plain([
        ("p", "近日，《茶陵县2022年政府信息公开工作年度报告》在县政府门户网站正式发布。报告显示，2022年全县持续推进政务公开标准化规范化，依申请公开办理质量稳步提升。"),
        ("p", "据了解，年度报告全文可在县政府门户网站“政务公开—政府信息公开年报”栏目查阅。"),
    ]), "431224000/2023-00015", crumbs=[("首页", "/"), ("新闻资讯", "/xwzx/zwyw/index.html"), ("正文", None)],
        base="/xwzx/")
    w.look_alike(P, nw, "news", nw_t)
    old_t = "茶陵县开展2019年政务公开专题培训"
    old = chaling_article(w, "zwyw", "政务要闻", 29876, old_t, "2019-06-12", "15:00", "茶陵县融媒体中心", body_plain([
        ("p", "6月12日，县政府办公室举办全县政务公开专题培训班，各乡镇、县直单位政务公开工作人员参加培训。")]),
        "431224000/2019-00088", crumbs=[("首页", "/"), ("新闻资讯", "/xwzx/zwyw/index.html"), ("正文", None)],
        base="/xwzx/")

    def news_list(items, page):
        lis = "".join('<li><a href="%s">%s</a><span class="cl-date">%s</span></li>' % (p, esc(t), d) for t, p, d in items)
        pager = ('<div class="cl-pager"><a href="index.html?page=1">首页</a> %s %s</div>'
                 % ('<a href="index.html?page=%d">上一页</a>' % (page - 1) if page > 1 else "",
                    '<a href="index.html?page=%d">下一页</a>' % (page + 1) if page < 2 else ""))
        return chaling_frame("/xwzx/zwyw/index.html", "政务要闻-" + C_SITE, "政务要闻",
                             [("首页", "/"), ("新闻资讯", None), ("政务要闻", None)],
                             '<section class="cl-list"><h2>政务要闻</h2><ul>%s</ul>%s</section>' % (lis, pager))
    w.put(P, "/xwzx/zwyw/index.html", news_list([(nw_t, nw, "2023-02-01")], 1), "2023-02-01")
    # page 2 lives in a file the static site never links; only the route serves it, at index.html?page=2
    w.put(P, "/xwzx/zwyw/page_2.html", news_list([(old_t, old, "2019-06-12")], 2), "2023-02-01")
    w.routes.append({"site": P, "path": "/xwzx/zwyw/index.html", "kind": "pages", "param": "page",
                     "pages": {"1": "/xwzx/zwyw/index.html", "2": "/xwzx/zwyw/page_2.html"}})
    w.traps.append({"kind": "query_pagination", "portal": P, "url": url(P, "/xwzx/zwyw/index.html?page=2"),
                    "note": "?page=N list; statically the query is ignored (page 1 again), with dynamic_routes() "
                            "installed it serves page 2"})
    w.traps.append({"kind": "robots_disallowed", "portal": P, "url": url(P, "/admin/login.jsp"),
                    "note": "Disallow: /admin/"})

    home = """<section class="cl-home-news"><h3><a href="/xwzx/zwyw/index.html">政务要闻</a></h3><ul>
<li><a href="%s">%s</a><span>02-01</span></li></ul></section>
<section class="cl-home-gk"><h3><a href="/zwgk/index.html">政务公开</a></h3><ul>
<li><a href="/zwgk/xxgkml/index.html">政府信息公开目录</a></li><li><a href="/zwgk/xxgkzn/index.html">政府信息公开指南</a></li>
<li><a href="/zwgk/xxgkml/zfxxgknb/index.html">政府信息公开年报</a></li></ul></section>""" % (nw, nw_t)
    w.put(P, "/index.html", chaling_frame("/index.html", "茶陵县人民政府门户网站", "首页", [("首页", None)], home),
          "2023-02-01")
