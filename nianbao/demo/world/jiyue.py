"""A 政府网站集约化 platform (portal chaling, 茶陵县): plain rich-text bodies, the /zwgk/xxgkml/ 信息公开目录
tree, lists paginated by 下一页 links to index_N.html, content_N.html articles."""
from __future__ import annotations

from nianbao.demo.world.blocks import esc
from nianbao.demo.world.collect import World
from nianbao.demo.world.markup import html_table, render_blocks
from nianbao.demo.world.places import C_CODE, C_SITE, XXGKML


def body_plain(blocks) -> str:
    """A 集约化 platform's rich-text field: full-width-space indents, bare table cells."""
    return render_blocks(blocks, p="<p>\u3000\u3000%s</p>", h="<p>\u3000\u3000<strong>%s</strong></p>",
                         sign='<p align="right">%s</p>',
                         table=lambda b: html_table(b[1], "<td%s>%s</td>", '<table class="ke-zeroborder" border="1" '
                                                    'width="100%" cellpadding="4" cellspacing="0"><tbody>',
                                                    "</tbody></table>"))


def chaling_frame(path: str, title: str, column: str, crumbs, main: str, meta: dict | None = None) -> str:
    meta = meta or {}
    tags = [("SiteName", "茶陵县人民政府"), ("SiteDomain", "www.chaling.gov.cn"), ("SiteIDCode", C_CODE),
            ("ColumnName", column)]
    tags += [(k, meta[k]) for k in ("ArticleTitle", "PubDate", "ContentSource", "Description") if k in meta]
    heads = "\n".join('<meta name="%s" content="%s">' % (k, esc(v)) for k, v in tags)
    crumb = " &gt; ".join('<a href="%s">%s</a>' % (p, esc(n)) if p else "<span>%s</span>" % esc(n) for n, p in crumbs)
    return """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>%(title)s</title>
%(heads)s
<link rel="stylesheet" href="/r/cms/www/default/css/common.css">
</head>
<body>
<div class="cl-top"><div class="cl-w"><span>您好，欢迎访问茶陵县人民政府门户网站！</span><span class="cl-tools"><a href="javascript:void(0);">长者模式</a> <a href="javascript:void(0);">无障碍</a> <a href="javascript:void(0);">手机版</a></span></div></div>
<header class="cl-header"><div class="cl-w"><a class="cl-logo" href="/"><img src="/r/cms/www/default/images/logo.png" alt="茶陵县人民政府"></a>
<form class="cl-search" action="/search/" method="get"><input name="keyword" placeholder="请输入搜索内容"><button type="submit">搜 索</button></form></div></header>
<nav class="cl-nav"><div class="cl-w"><a href="/">首页</a><a href="/xwzx/zwyw/index.html">新闻资讯</a><a href="/zwgk/index.html">政务公开</a><a href="http://zwfw-new.hunan.gov.cn/" target="_blank">政务服务</a><a href="javascript:void(0);">政民互动</a><a href="javascript:void(0);">走进茶陵</a></div></nav>
<div class="cl-w cl-body">
<div class="cl-crumbs">您现在的位置：%(crumb)s</div>
%(main)s
</div>
<footer class="cl-footer"><div class="cl-w">
<p>版权所有：茶陵县人民政府　主办单位：茶陵县人民政府办公室　承办单位：茶陵县政务服务中心</p>
<p>网站标识码：%(code)s　<a href="https://beian.miit.gov.cn/" target="_blank">湘ICP备09012345号</a>　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=43022402000089" target="_blank">湘公网安备 43022402000089号</a></p>
<p>您是第 <span class="cl-count">1285390</span> 位访客　建议使用1366×768分辨率浏览</p>
</div></footer>
</body>
</html>
""" % {"title": esc(title), "heads": heads, "crumb": crumb, "main": main, "code": C_CODE}


def chaling_tree(active: str) -> str:
    items = "".join('<li%s><a href="/zwgk/xxgkml/%s/index.html">%s</a></li>' % (' class="on"' if k == active else "", k, n)
                    for k, n in XXGKML)
    return ('<aside class="cl-xxgk-tree"><h3>政府信息公开目录</h3><ul><li><a href="/zwgk/xxgkzn/index.html">'
            '政府信息公开指南</a></li>%s</ul></aside>' % items)


def chaling_list(path: str, key: str, column: str, items, page: int, pages: int, total: int, per: int) -> str:
    lis = "\n".join('<li><a href="%s" target="_blank" title="%s">%s</a><span class="cl-date">%s</span></li>'
                    % (p, esc(t), esc(t), d) for t, p, d in items)

    def page_url(n):
        return "index.html" if n == 1 else "index_%d.html" % n
    pager = ['<div class="cl-pager"><span>共%d条　每页%d条　第%d/%d页</span>' % (total, per, page, pages)]
    pager.append('<a href="%s">首页</a>' % page_url(1))
    pager.append('<a href="%s">上一页</a>' % page_url(page - 1) if page > 1 else '<a class="disabled">上一页</a>')
    pager.append('<a href="%s">下一页</a>' % page_url(page + 1) if page < pages else '<a class="disabled">下一页</a>')
    pager.append('<a href="%s">尾页</a></div>' % page_url(pages))
    main = chaling_tree(key) + '<section class="cl-list"><h2>%s</h2><ul>%s</ul>%s</section>' % (esc(column), lis,
                                                                                               " ".join(pager))
    crumbs = [("首页", "/"), ("政务公开", "/zwgk/index.html"), ("政府信息公开目录", "/zwgk/xxgkml/index.html"), (column, None)]
    return chaling_frame(path, column + "-" + C_SITE, column, crumbs, main)


def chaling_article(w: World, key: str, column: str, n: int, title: str, date: str, time_: str, source: str,
                    body_html: str, index_no: str, crumbs=None, base: str = "/zwgk/xxgkml/") -> str:
    path = "%s%s/content_%d.html" % (base, key, n)
    main = """<div class="cl-detail">
<ul class="cl-attr">
<li><b>索引号：</b>%(idx)s</li><li><b>发布机构：</b>%(src)s</li>
<li><b>生成日期：</b>%(date)s</li><li><b>文号：</b></li>
<li class="cl-wide"><b>名称：</b>%(title)s</li>
</ul>
<h1 class="cl-detail-title">%(title)s</h1>
<div class="cl-detail-sub"><span>发布日期：%(date)s %(time)s</span><span>来源：%(src)s</span><span>字号：<a href="javascript:void(0);">大</a> <a href="javascript:void(0);">中</a> <a href="javascript:void(0);">小</a></span></div>
<div class="cl-detail-body">
%(body)s
</div>
<div class="cl-detail-foot"><span>分享到：<a href="javascript:void(0);">微信</a> <a href="javascript:void(0);">微博</a></span> <a href="javascript:window.print();">打印本页</a> <a href="javascript:window.close();">关闭窗口</a></div>
</div>""" % {"idx": index_no, "src": esc(source), "date": date, "time": time_, "title": esc(title), "body": body_html}
    meta = {"ArticleTitle": title, "PubDate": "%s %s" % (date, time_), "ContentSource": source}
    crumbs = crumbs or [("首页", "/"), ("政务公开", "/zwgk/index.html"), ("政府信息公开目录", "/zwgk/xxgkml/index.html"),
                        (column, "%s%s/index.html" % (base, key)), ("正文", None)]
    w.put("chaling", path, chaling_frame(path, title + "-" + C_SITE, column, crumbs, main, meta), date)
    return path
