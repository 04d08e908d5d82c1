"""Hanweb jcms (portal anyuan, 萍乡市安源区): Word-pasted bodies, /col/colN/ column pages whose lists
live in a <datastore> paged by JavaScript, /art/Y/M/D/art_C_N.html articles, a session id in
every page's links."""
from __future__ import annotations

import hashlib

from nianbao.demo.world.blocks import esc
from nianbao.demo.world.collect import World
from nianbao.demo.world.markup import html_table, render_blocks
from nianbao.demo.world.places import A_CODE, A_COLS, A_SITE


def sid(path: str) -> str:
    """A session id that differs on every page (as CMSs that put sessions in URLs do)."""
    return hashlib.md5(path.encode()).hexdigest()[:8]


def docid(*parts) -> str:
    return hashlib.md5("/".join(map(str, parts)).encode()).hexdigest()


def body_word(blocks) -> str:
    """Hanweb jcms pages whose text was pasted from Word: MsoNormal paragraphs and tables."""
    return render_blocks(
        blocks,
        p='<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt">'
          '<span style="font-size:16.0pt;font-family:仿宋_GB2312">%s</span></p>',
        h='<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt">'
          '<b><span style="font-size:16.0pt;font-family:黑体">%s</span></b></p>',
        sign='<p class="MsoNormal" align="right" style="text-align:right;line-height:28.0pt">'
             '<span style="font-size:16.0pt;font-family:仿宋_GB2312">%s</span></p>',
        table=lambda b: html_table(
            b[1], '<td%s valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt">'
                  '<p class="MsoNormal" align="center" style="text-align:center">'
                  '<span style="font-size:10.5pt;font-family:宋体">%s</span></p></td>',
            '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
            'style="border-collapse:collapse;border:none">', "</table>"))


def anyuan_frame(path: str, title: str, column: str, crumbs, main: str, meta: dict | None = None,
                 big5_link: str = "/big5/index.html") -> str:
    meta = meta or {}
    tags = [("SiteName", A_SITE), ("SiteDomain", "www.ay.gov.cn"), ("SiteIDCode", A_CODE), ("ColumnName", column)]
    tags += [(k, meta[k]) for k in ("ArticleTitle", "PubDate", "ContentSource", "Keywords") if k in meta]
    heads = "\n".join('<meta name="%s" content="%s">' % (k, esc(v)) for k, v in tags)
    crumb = "&nbsp;&gt;&nbsp;".join('<a href="%s">%s</a>' % (p, esc(n)) if p else esc(n) for n, p in crumbs)
    s = sid(path)
    return """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<title>%(title)s</title>
%(heads)s
<script type="text/javascript" src="/script/0/jquery.min.js"></script>
</head>
<body>
<div class="ay-top"><div class="ay-wrap">
<span>欢迎访问萍乡市安源区人民政府门户网站</span>
<a href="%(big5)s">繁體</a> | <a href="javascript:void(0);" onclick="aria.start()">无障碍</a> | <a href="javascript:void(0);">长者模式</a> | <a href="/hdjl/index.html?sid=%(sid)s">互动交流</a>
</div></div>
<div class="ay-header"><div class="ay-wrap"><a href="/"><img src="/images/ay_logo.png" alt="萍乡市安源区人民政府"></a>
<form action="/jrobot/search.do" method="get" target="_blank"><input type="hidden" name="webid" value="1"><input type="text" name="q" placeholder="请输入关键字"><button>搜索</button></form></div></div>
<div class="ay-nav"><ul>
<li><a href="/">首页</a></li><li><a href="/col/col3301/index.html">新闻中心</a></li><li><a href="/col/col3310/index.html">政府信息公开</a></li>
<li><a href="http://www.jxzwfww.gov.cn/" target="_blank">政务服务</a></li><li><a href="/hdjl/index.html?sid=%(sid)s">互动交流</a></li>
<li><a href="/rili/?date=2020-01-01">政务日历</a></li>
</ul></div>
<div class="ay-wrap ay-main">
<div class="ay-location">您当前的位置：%(crumb)s</div>
%(main)s
</div>
<div class="ay-footer"><div class="ay-wrap">
<p><a href="javascript:void(0);">网站地图</a> | <a href="javascript:void(0);">联系我们</a> | <a href="javascript:void(0);">隐私声明</a></p>
<p>主办单位：萍乡市安源区人民政府办公室　　地址：萍乡市安源区建设中路1号　　邮编：337000</p>
<p>网站标识码：%(code)s　　<a href="https://beian.miit.gov.cn/" target="_blank">赣ICP备12003456号-1</a>　　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=36030202000045" target="_blank">赣公网安备 36030202000045号</a></p>
<p><script type="text/javascript">document.write(unescape("%%3Cspan id='_ideConac' %%3E%%3C/span%%3E"));</script></p>
</div></div>
</body>
</html>
""" % {"title": esc(title), "heads": heads, "big5": big5_link, "sid": s, "crumb": crumb, "main": main, "code": A_CODE}


def col_path(c: int) -> str:
    return "/col/col%d/index.html" % c


def art_path(col: int, date: str, n: int) -> str:
    y, m, d = (int(x) for x in date.split("-"))
    return "/art/%d/%d/%d/art_%d_%d.html" % (y, m, d, col, n)


def datastore(col: int, unit: int, items) -> str:
    """The jcms list: records in <script type="text/xml"><datastore>, paged by JavaScript."""
    recs = "\n".join(
        '<record><![CDATA[\n<li><a href="%s" title="%s" target="_blank">%s</a><span>%s</span></li>\n]]></record>'
        % (p, esc(t), esc(t), d) for t, p, d in items)
    return """<div id="%(unit)d"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid=%(col)d&unitid=%(unit)d&webname=%(web)s&permissiontype=0"></a>]]></nextgroup>
<recordset>
%(recs)s
</recordset></datastore></script><script language="javascript" src="/module/jslib/jquery/jpage/dataproxy.js"></script>
<script>$(document).ready(function(){$("#%(unit)d").jpage({dataStore:dataStore,perPage:15,totalRecord:%(n)d,barPosition:"bottom"});});</script></div>""" % {
        "unit": unit, "col": col, "web": A_SITE, "recs": recs, "n": len(items)}


def anyuan_col(w: World, col: int, parent_crumbs, main: str, date: str) -> None:
    path = col_path(col)
    crumbs = [("首页", "/")] + parent_crumbs + [(A_COLS[col], None)]
    w.put("anyuan", path, anyuan_frame(path, A_COLS[col] + " - " + A_SITE, A_COLS[col], crumbs, main), date)


def anyuan_article(w: World, col: int, n: int, title: str, date: str, time_: str, source: str, body_html: str,
                   crumbs, index_no: str, attach: str = "", publisher: str | None = None) -> str:
    path = art_path(col, date, n)
    main = """<div class="ay-article">
<table class="ay-gkinfo" cellpadding="0" cellspacing="0" width="100%%">
<tr><th>索 引 号：</th><td>%(idx)s</td><th>发布机构：</th><td>%(pub)s</td></tr>
<tr><th>生成日期：</th><td>%(date)s</td><th>文　　号：</th><td></td></tr>
<tr><th>公开方式：</th><td>主动公开</td><th>公开范围：</th><td>全部公开</td></tr>
</table>
<div class="ay-art-title">%(title)s</div>
<div class="ay-art-info">发布日期：%(date)s %(time)s　信息来源：%(src)s　浏览次数：<span id="ay_hits"><script>document.write(Math.round(%(hits)s));</script></span>
　<span class="ay-font">【字体：<a href="javascript:void(0);" onclick="setFont(18)">大</a> <a href="javascript:void(0);" onclick="setFont(16)">中</a> <a href="javascript:void(0);" onclick="setFont(14)">小</a>】</span></div>
<div class="bt-article-content">
<!--<$[信息内容]>begin-->%(body)s<!--<$[信息内容]>end-->
</div>
%(attach)s
<div class="ay-art-bottom">分享到：<a href="javascript:void(0);">微信</a> <a href="javascript:void(0);">微博</a>　　【<a href="javascript:window.print();">打印本页</a>】　【<a href="javascript:window.close();">关闭窗口</a>】</div>
</div>""" % {"idx": index_no, "pub": esc(publisher or source), "date": date, "time": time_, "title": esc(title),
             "src": esc(source), "hits": int(hashlib.md5(path.encode()).hexdigest()[:4], 16), "body": body_html,
             "attach": attach}
    meta = {"ArticleTitle": title, "PubDate": "%s %s" % (date, time_), "ContentSource": source}
    column = A_COLS.get(col, "")
    w.put("anyuan", path, anyuan_frame(path, title + " - " + A_SITE, column, crumbs, main, meta), date)
    return path
