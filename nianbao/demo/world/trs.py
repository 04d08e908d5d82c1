"""TRS WCM (portal jian, 吉安市): UEditor bodies, the GBK page frame declared gb2312, articles with
an 信息公开 metadata table, column lists paginated only by the createPageHTML script, and the
./YYYYMM/tYYYYMMDD_N.html relative links TRS publishes."""
from __future__ import annotations

import posixpath

from nianbao.demo.world.blocks import esc
from nianbao.demo.world.collect import World
from nianbao.demo.world.markup import html_table, render_blocks
from nianbao.demo.world.places import J_CODE, J_SITE


def _trs_table(b) -> list[str]:
    return html_table(b[1], '<td%s valign="middle" style="border:1px solid #000;"><p style="text-align:center;">'
                      '<span style="font-size:14px;">%s</span></p></td>',
                      '<table border="1" cellspacing="0" cellpadding="0" width="100%" '
                      'style="border-collapse:collapse;border:none;"><tbody>', "</tbody></table>")


def body_trs(blocks, table=_trs_table) -> str:
    """TRS WCM editor output (UEditor): indented <p>, bold headings, centred table cells.
    `table(block)` gives a table's lines: sites on TRS style their tables their own way."""
    return render_blocks(blocks, p='<p style="text-indent: 2em; text-align: justify;">%s</p>',
                         h='<p style="text-indent: 2em; text-align: justify;"><strong>%s</strong></p>',
                         sign='<p style="text-align: right;">%s</p>', table=table)


def rel(from_path: str, to_path: str) -> str:
    """Relative link as TRS publishes them (./202201/t..., ../../)."""
    base = posixpath.dirname(from_path)
    target = to_path.rstrip("/") or "/"
    r = posixpath.relpath(target, base)
    if to_path.endswith("/"):
        r = r.rstrip("/") + "/"
    if not r.startswith("."):
        r = "./" + r
    return r


def jian_frame(path: str, title: str, column: str, crumbs, main: str, meta: dict | None = None) -> str:
    meta = meta or {}
    tags = [("SiteName", J_SITE), ("SiteDomain", "www.jian.gov.cn"), ("SiteIDCode", J_CODE),
            ("ColumnName", column), ("ColumnType", column)]
    tags += [(k, meta[k]) for k in ("ArticleTitle", "PubDate", "ContentSource", "Keywords", "Description") if k in meta]
    heads = "\n".join('<meta name="%s" content="%s" />' % (k, esc(v)) for k, v in tags)
    crumb = " &gt; ".join('<a href="%s">%s</a>' % (rel(path, p), esc(n)) if p else esc(n) for n, p in crumbs)
    nav = [("首页", "/"), ("政务动态", "/zwdt/"), ("政府信息公开", "/zwgk/"), ("互动交流", "/hdjl/"), ("走进吉安", None)]
    navhtml = "".join('<li><a href="%s">%s</a></li>' % (rel(path, p), n) if p else
                      '<li><a href="javascript:void(0);">%s</a></li>' % n for n, p in nav)
    return """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>%(title)s</title>
%(heads)s
<script type="text/javascript" src="/js/jquery-1.8.3.min.js"></script>
</head>
<body>
<div class="ja-topbar"><div class="ja-w"><span class="ja-date">今天是：<script>document.write(new Date().toLocaleDateString());</script></span>
<a href="javascript:void(0);" onclick="SetHome(this,window.location)">设为首页</a> | <a href="javascript:void(0);" onclick="AddFavorite()">加入收藏</a> | <a href="javascript:void(0);" id="cniil_wza">无障碍浏览</a></div></div>
<div class="ja-head"><div class="ja-w"><a href="%(home)s" class="ja-logo"><img src="/images/ja_logo.png" alt="吉安市人民政府" /></a>
<form class="ja-search" action="/search/" method="get" target="_blank"><input type="text" name="searchword" value="请输入关键字" /><input type="submit" value="搜索" /></form>
<div class="ja-hot">热门搜索：<a href="/search/?searchword=%%C4%%EA%%B1%%A8" target="_blank">年报</a> <a href="/search/?searchword=%%D5%%D0%%C6%%B8" target="_blank">招聘</a></div></div></div>
<div class="ja-nav"><ul>%(nav)s</ul></div>
<div class="ja-w ja-main">
<div class="ja-position">当前位置：%(crumb)s</div>
%(main)s
</div>
<div class="ja-footer"><div class="ja-w">
<p><a href="javascript:void(0);">关于我们</a> | <a href="javascript:void(0);">网站地图</a> | <a href="mailto:jaszfbgs@jian.gov.cn">联系我们</a> | <a href="https://www.gov.cn/" target="_blank">中国政府网</a> | <a href="http://www.jiangxi.gov.cn/" target="_blank">江西省人民政府</a></p>
<p>主办单位：吉安市人民政府办公室　承办单位：吉安市大数据中心　技术支持：江西昇腾数据科技有限公司</p>
<p>网站标识码：%(code)s　<a href="https://beian.miit.gov.cn/" target="_blank">赣ICP备05004352号</a>　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=36080202000123" target="_blank">赣公网安备 36080202000123号</a></p>
<p><a href="http://bszs.conac.cn/sitename?method=show&amp;id=%(code)s" target="_blank"><img src="/images/dzjg.png" alt="党政机关" /></a></p>
</div></div>
</body>
</html>
""" % {"title": esc(title), "heads": heads, "home": rel(path, "/"), "nav": navhtml, "crumb": crumb, "main": main,
       "code": J_CODE}


def jian_article(w: World, path: str, title: str, column: str, colpath: str, date: str, time_: str, source: str,
                 body_html: str, index_no: str, pager: str = "", attach: str = "", doc_no: str = "") -> None:
    main = """<table class="ja-xxgk-info" width="100%%" cellspacing="0" cellpadding="0">
<tr><td class="ja-k">索引号：</td><td>%(idx)s</td><td class="ja-k">主题分类：</td><td>综合政务/政务公开</td></tr>
<tr><td class="ja-k">发布机构：</td><td>%(src)s</td><td class="ja-k">生成日期：</td><td>%(date)s</td></tr>
<tr><td class="ja-k">文号：</td><td>%(docno)s</td><td class="ja-k">有效性：</td><td></td></tr>
<tr><td class="ja-k">名称：</td><td colspan="3">%(title)s</td></tr>
</table>
<div class="ja-article">
<h1 class="ja-art-title">%(title)s</h1>
<div class="ja-art-source">发布时间：%(date)s %(time)s　来源：%(src)s　<span class="ja-zh">【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span>　<a href="javascript:void(0);" class="ja-voice">点击我为您语音播报</a></div>
<div class="ja-art-content" id="ja_zoom">
<!--文章内容开始-->
<div class="view TRS_UEDITOR trs_paper_default trs_web">%(body)s</div>
<!--文章内容结束-->
</div>
%(pager)s%(attach)s
<div class="ja-art-tools"><div class="ja-share">分享到：<a href="javascript:void(0);" class="wx">微信</a> <a href="javascript:void(0);" class="wb">微博</a> <a href="javascript:void(0);" class="qq">QQ空间</a></div>
<div class="ja-qrcode"><img src="/images/qrcode.png" alt="" />扫一扫在手机打开当前页</div>
<div class="ja-print">【<a href="javascript:window.print();">打印</a>】【<a href="javascript:window.close();">关闭窗口</a>】</div></div>
</div>""" % {"idx": index_no, "src": esc(source), "date": date, "time": time_, "title": esc(title),
             "body": body_html, "pager": pager, "attach": attach, "docno": esc(doc_no)}
    meta = {"ArticleTitle": title, "PubDate": "%s %s" % (date, time_), "ContentSource": source,
            "Keywords": title[:12], "Description": title}
    crumbs = [("首页", "/"), ("政府信息公开", "/zwgk/"), (column, colpath)]
    w.put("jian", path, jian_frame(path, title + "_" + column + "_" + J_SITE, column, crumbs, main, meta), date, "gbk")


def jian_list(path, column, colpath, items, page: int, count: int) -> str:
    """A TRS column list; pagination exists ONLY as the createPageHTML script call."""
    lis = "\n".join('<li><span class="ja-date">%s</span><a href="%s" target="_blank" title="%s">%s</a></li>'
                    % (d, rel(path, p), esc(t), esc(t)) for t, p, d in items)
    main = """<div class="ja-left"><h3>信息公开目录</h3><ul class="ja-tree">
<li><a href="%(gkzn)s">政府信息公开指南</a></li><li><a href="%(tzgg)s">通知公告</a></li><li><a href="%(nb)s">政府信息公开年报</a></li></ul></div>
<div class="ja-right"><div class="ja-col-title">%(col)s</div>
<ul class="ja-doclist">
%(lis)s
</ul>
<div class="ja-pages"><script type="text/javascript">
var currentPage = %(page)d;//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = %(count)d//共多少页
createPageHTML(%(count)d, %(page)d, "index", "html");
</script></div></div>""" % {"gkzn": rel(path, "/zwgk/gkzn/"), "tzgg": rel(path, "/zwgk/tzgg/"),
                             "nb": rel(path, "/zwgk/gknb/"), "col": esc(column), "lis": lis, "page": page,
                             "count": count}
    return jian_frame(path, column + "_" + J_SITE, column, [("首页", "/"), ("政府信息公开", "/zwgk/"), (column, None)],
                      main)
