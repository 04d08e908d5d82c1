"""Portal 2, 萍乡市安源区人民政府 (Hanweb jcms, UTF-8): its pages, reports (one as DOCX + XLSX
attachments), look-alikes, the Traditional-script mirror and the traps."""
from __future__ import annotations

import datetime as dt

import opencc

from nianbao.demo.world.blocks import blocks_text
from nianbao.demo.world.collect import World, url
from nianbao.demo.world.files import make_docx, make_xlsx
from nianbao.demo.world.jcms import anyuan_article, anyuan_col, anyuan_frame, body_word, col_path, datastore, docid, sid
from nianbao.demo.world.places import A_CODE, A_SITE
from nianbao.demo.world.reports import report_anyuan_2019, report_anyuan_jyj_2020, report_anyuan_zjj_2018
from nianbao.demo.world.tables import table_2008


def build_anyuan(w: World) -> None:
    P = "anyuan"
    w.put(P, "/robots.txt", "User-agent: *\nDisallow: /module/\nDisallow: /jrobot/\n")
    gk_crumbs = [("首页", "/"), ("政府信息公开", col_path(3310)), ("政府信息公开年报", col_path(3315))]

    # --- reports
    t19 = "萍乡市安源区人民政府2019年政府信息公开工作年度报告"
    b19, m19 = report_anyuan_2019()
    r19 = anyuan_article(w, 3316, 52011, t19, "2020-01-20", "09:15", "区政府办", body_word(b19),
                         gk_crumbs + [("2019年", col_path(3316))], "014513201/2020-00011",
                         publisher="萍乡市安源区人民政府办公室")
    tjy = "安源区教育局2020年政府信息公开工作年度报告"
    bjy, mjy = report_anyuan_jyj_2020()
    rjy = anyuan_article(w, 3317, 60233, tjy, "2021-01-28", "16:40", "区教育局", body_word(bjy),
                         gk_crumbs + [("2020年", col_path(3317))], "014513210/2021-00004", publisher="安源区教育局")

    # 住建局 2018: a notice page with the DOCX report and the XLSX statistics table attached
    tzj = "安源区住房和城乡建设局2018年政府信息公开工作年度报告"
    bzj, mzj, cum = report_anyuan_zjj_2018()
    docx_path = "/attach/0/%s.docx" % docid("anyuan", "zjj", 2018, "report")
    xlsx_path = "/attach/0/%s.xlsx" % docid("anyuan", "zjj", 2018, "table")
    w.put(P, docx_path, make_docx(tzj, bzj, "2019-03-15"), "2019-03-15")
    xtitle = "安源区住房和城乡建设局2018年政府信息公开情况统计表"
    xbytes, xtext = make_xlsx(xtitle, "填报单位（盖章）：安源区住房和城乡建设局", table_2008(mzj, cum), "2019-03-15")
    w.put(P, xlsx_path, xbytes, "2019-03-15")
    notice_body = body_word([
        ("p", "根据《中华人民共和国政府信息公开条例》规定，现将《安源区住房和城乡建设局2018年政府信息公开工作年度报告》予以公布，详见附件。"),
        ("p", "如对本报告有任何疑问，请与安源区住房和城乡建设局办公室联系（联系电话：0799-6612345）。"),
    ])
    attach = ('<div class="ay-attach"><p>相关附件：</p><ul>'
              '<li><a href="%s" target="_blank">安源区住房和城乡建设局2018年政府信息公开工作年度报告.docx</a></li>'
              '<li><a href="%s" target="_blank">安源区住房和城乡建设局2018年政府信息公开情况统计表.xlsx</a></li></ul></div>'
              % (docx_path, xlsx_path))
    rzj = anyuan_article(w, 3315, 41872, tzj, "2019-03-15", "10:05", "区住建局", notice_body, gk_crumbs,
                         "014513233/2019-00009", attach, publisher="安源区住房和城乡建设局")

    # look-alikes: a 图解 of the 2019 report and the website annual form
    tj_title = "图解：安源区2019年政府信息公开工作年度报告"
    tjp = anyuan_article(w, 3316, 52020, tj_title, "2020-01-21", "10:30", "区政府办", body_word([
        ("p", "一图读懂《萍乡市安源区人民政府2019年政府信息公开工作年度报告》。"),
        ("p", "【图解】2019年，安源区主动公开政府信息工作取得新进展：规范性文件全部公开，依申请公开全部按期办结，政务公开平台完成集约化改造。"),
    ]) + '<p><img src="/picture/0/tujie2019.png" alt="图解"></p>', gk_crumbs + [("2019年", col_path(3316))],
        "014513201/2020-00012")
    w.look_alike(P, tjp, "interpretation", tj_title)
    wz_title = "萍乡市安源区人民政府2019年政府网站工作年度报表"
    wzp = anyuan_article(w, 3316, 51890, wz_title, "2020-01-15", "15:00", "区政府办", body_word([
        ("table", [["网站名称", "萍乡市安源区人民政府"], ["首页网址", "http://www.ay.gov.cn"],
                   ["政府网站标识码", A_CODE], ["独立用户访问总量（单位：个）", "356789"],
                   ["网站总访问量（单位：次）", "1234567"], ["信息发布总数（单位：条）", "4872"]]),
    ]), gk_crumbs + [("2019年", col_path(3316))], "014513201/2020-00007")
    w.look_alike(P, wzp, "website_report", wz_title)

    guide = anyuan_article(w, 3311, 45120, "萍乡市安源区人民政府信息公开指南", "2019-05-10", "08:30", "区政府办",
                           body_word([("p", "为便于公民、法人和其他组织获取本机关政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。"),
                                      ("p", "本机关每年1月31日前向社会公布本机关上一年度政府信息公开工作年度报告。")]),
                           [("首页", "/"), ("政府信息公开", col_path(3310)), ("政府信息公开指南", col_path(3311))],
                           "014513201/2019-00031")

    # --- columns (lists in <datastore>), with a year sub-column structure under 年报
    anyuan_col(w, 3316, gk_crumbs[1:], '<div class="ay-list"><h2>2019年</h2>' + datastore(3316, 20436, [
        ("图解：安源区2019年政府信息公开工作年度报告", tjp, "2020-01-21"),
        (t19, r19, "2020-01-20"),
        (wz_title, wzp, "2020-01-15")]) + "</div>", "2020-01-21")
    anyuan_col(w, 3317, gk_crumbs[1:], '<div class="ay-list"><h2>2020年</h2>' + datastore(3317, 20437, [
        (tjy, rjy, "2021-01-28")]) + "</div>", "2021-01-28")
    anyuan_col(w, 3315, gk_crumbs[1:2], """<div class="ay-sub"><h2>政府信息公开年报</h2>
<ul class="ay-subcol"><li><a href="/col/col3317/index.html">2020年</a></li><li><a href="/col/col3316/index.html">2019年</a></li></ul></div>
<div class="ay-list"><h3>往年年报</h3>""" + datastore(3315, 20435, [(tzj, rzj, "2019-03-15")]) + "</div>", "2021-01-28")
    anyuan_col(w, 3311, [("政府信息公开", col_path(3310))], '<div class="ay-list">' + datastore(3311, 20431, [
        ("萍乡市安源区人民政府信息公开指南", guide, "2019-05-10")]) + "</div>", "2019-05-10")
    anyuan_col(w, 3310, [], """<div class="ay-xxgk"><h2>政府信息公开</h2><ul>
<li><a href="/col/col3311/index.html">政府信息公开指南</a></li>
<li><a href="/col/col3315/index.html">政府信息公开年报</a></li>
<li><a href="/module/xxgk/search.jsp?infotypeId=&vc_title=">政府信息公开目录检索</a></li></ul></div>""", "2021-01-28")

    news_t = "安源区召开2020年政务公开工作推进会"
    news = anyuan_article(w, 3301, 61502, news_t, "2020-04-16", "17:20", "区融媒体中心", body_word([
        ("p", "4月16日，安源区召开2020年政务公开工作推进会。会议通报了2019年政府信息公开工作年度报告发布情况，对全年政务公开重点工作进行了部署。")]),
        [("首页", "/"), ("新闻中心", col_path(3301))], "014513201/2020-00120")
    anyuan_col(w, 3301, [], '<div class="ay-list"><h2>新闻中心</h2>' + datastore(3301, 20401, [(news_t, news, "2020-04-16")])
               + "</div>", "2020-04-16")

    home = """<div class="ay-home-news"><h3>新闻中心</h3><ul><li><a href="%s">%s</a><span>2020-04-16</span></li></ul></div>
<div class="ay-home-gk"><h3>政府信息公开</h3><ul>
<li><a href="/col/col3311/index.html">政府信息公开指南</a></li>
<li><a href="/col/col3315/index.html">政府信息公开年报</a></li></ul>
<h4>最新公开</h4><ul><li><a href="%s">%s</a><span>2021-01-28</span></li><li><a href="%s">%s</a><span>2020-01-20</span></li></ul></div>
""" % (news, news_t, rjy, tjy, r19, t19)
    w.put(P, "/index.html", anyuan_frame("/index.html", A_SITE, "首页", [("首页", None)], home), "2021-01-28")

    # --- Traditional-script mirror (a big5 gateway copy: same report, Traditional text)
    s2t = opencc.OpenCC("s2t").convert
    mirror = "/big5" + r19
    mhtml = s2t(w.files[P][r19].decode("utf-8")).replace('href="%s"' % "/big5/index.html", 'href="/index.html"')
    mhtml = mhtml.replace(">繁體<", ">简体<").replace("sid=" + sid(r19), "sid=" + sid(mirror))
    w.put(P, mirror, mhtml, "2020-01-20")
    bhome = s2t(w.files[P]["/index.html"].decode("utf-8")).replace('href="%s"' % r19, 'href="%s"' % mirror)
    bhome = bhome.replace('href="/big5/index.html"', 'href="/index.html"').replace(">繁體<", ">简体<")
    bhome = bhome.replace("sid=" + sid("/index.html"), "sid=" + sid("/big5/index.html"))
    w.put(P, "/big5/index.html", bhome, "2021-01-28")

    w.reports.append({
        "group": "anyuan-2019", "portal": P, "urls": [url(P, r19), url(P, mirror)], "primary_url": url(P, r19),
        "mirror_url": url(P, mirror), "title": t19, "body": "萍乡市安源区人民政府", "body_kind": "government",
        "region": "安源区", "level": "district", "year": 2019, "publish_date": "2020-01-20", "format": "html",
        "template": "2019-original", "encoding": "utf-8", "text": blocks_text(b19), "metrics": m19,
        "approximate": [], "optional": [], "script": "simplified",
        "note": "Traditional-script copy at mirror_url (linked from /big5/index.html, the 繁體 link)"})
    w.reports.append({
        "group": "anyuan-jyj-2020", "portal": P, "urls": [url(P, rjy)], "primary_url": url(P, rjy), "title": tjy,
        "body": "安源区教育局", "body_alt": ["萍乡市安源区教育局"], "body_kind": "department", "region": "安源区",
        "level": "district", "year": 2020, "publish_date": "2021-01-28", "format": "html",
        "template": "2019-original", "encoding": "utf-8", "text": blocks_text(bjy), "metrics": mjy,
        "approximate": [], "optional": [], "script": "simplified",
        "note": "in the 2020年 sub-column of the 年报 column"})
    w.reports.append({
        "group": "anyuan-zjj-2018", "portal": P, "urls": [url(P, docx_path)], "primary_url": url(P, docx_path),
        "notice_url": url(P, rzj), "title": tzj, "body": "安源区住房和城乡建设局",
        "body_alt": ["萍乡市安源区住房和城乡建设局"], "body_kind": "department", "region": "安源区",
        "level": "district", "year": 2018, "publish_date": "2019-03-15", "format": "docx", "template": "2008",
        "encoding": None, "text": blocks_text(bzj), "metrics": mzj, "approximate": [],
        "optional": ["org.units"], "script": "simplified",
        "attachments": [{"url": url(P, xlsx_path), "format": "xlsx", "text": xtext,
                         "cumulative": {k: v for k, v in cum.items()}}],
        "note": "announced on a notice page (详见附件); metrics come from the XLSX 统计数 column (never 历年累计), "
                "the DOCX prose repeats some of them"})

    # --- traps: session ids on every page, a calendar that never ends, robots-disallowed dynamic paths
    w.put(P, "/hdjl/index.html", anyuan_frame("/hdjl/index.html", "互动交流 - " + A_SITE, "互动交流",
          [("首页", "/"), ("互动交流", None)], '<div class="ay-hd"><a href="javascript:void(0);">区长信箱</a> '
          '<a href="/hdjl/index.html?sid=%s">在线咨询</a></div>' % sid("/hdjl/zx")), "2020-01-01")
    w.traps.append({"kind": "session_id", "portal": P, "url": url(P, "/hdjl/index.html?sid=" + sid("/index.html")),
                    "note": "every page links /hdjl/index.html?sid=<a different id per page>; the server ignores "
                            "the query"})
    day = dt.date(2020, 1, 1)
    for depth in range(4):  # /rili/, /rili/next/, /rili/next/next/, /rili/next/next/next/
        path = "/rili/" + "next/" * depth + "index.html"
        nxt = day + dt.timedelta(days=1)
        main = ('<div class="ay-rili"><h2>政务日历</h2><p>%d年%d月%d日　暂无政务活动安排</p>'
                '<a href="next/?date=%s">后一天</a> <a href="/rili/?date=%s">回到今天</a></div>'
                % (day.year, day.month, day.day, nxt.isoformat(), "2020-01-01"))
        w.put(P, path, anyuan_frame(path, "政务日历 - " + A_SITE, "政务日历", [("首页", "/"), ("政务日历", None)], main),
              "2020-01-01")
        day = nxt
    w.traps.append({"kind": "calendar", "portal": P, "url": url(P, "/rili/?date=2020-01-01"),
                    "note": "static: /rili/next/next/next/ (3 levels) then a 404; with dynamic_routes() installed "
                            "/rili/?date=D links D+1 forever"})
    w.routes.append({"site": P, "path": "/rili/", "kind": "calendar", "param": "date", "start": "2020-01-01"})
    w.traps.append({"kind": "robots_disallowed", "portal": P, "url": url(P, "/jrobot/search.do"),
                    "note": "Disallow: /jrobot/ (site search form)"})
    w.traps.append({"kind": "robots_disallowed", "portal": P,
                    "url": url(P, "/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid=3316"),
                    "note": "Disallow: /module/ — the <nextgroup> dataproxy of every <datastore> list"})
