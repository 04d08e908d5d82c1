"""The words and shapes of pages that lie (crawler.shells), as data: error pages served
with 200, interstitial redirect pages, link wrappers."""
from __future__ import annotations

import re

# --- soft 404s ------------------------------------------------------------------------------
# A <title> that says the page is an error page (「404」「页面不存在」「Not Found」「出错啦」).
ERROR_TITLE = re.compile(r"^\s*(?:404|403|410|500|502)(?!\d)|页面不存在|网页不存在|页面未找到|找不到(?:该|此|您要的)?页面|"
                         r"not\s*found|page\s*not|出错了|出错啦|错误页|页面错误|访问出错|系统错误|信息不存在|文章不存在|"
                         r"内容不存在|无法找到|已被删除|已删除|已下线|访问受限", re.I)
# Wording that makes a page an error page wherever it stands, even in full portal chrome
# (「对不起，您访问的页面不存在」「该信息已被删除」「抱歉，找不到您要访问的页面」).
ERROR_STRONG = re.compile(r"(?:您|你)(?:所|要)?(?:要)?(?:访问|查看|浏览|请求|打开)的(?:页面|网页|信息|内容|文章|链接|地址)"
                          r"(?:不存在|已删除|已被删除|已撤销|已过期|找不到|无法访问|暂时无法访问)|页面不存在|网页不存在|"
                          r"页面未找到|页面已删除|(?:该|此)(?:页面|网页|信息|文章|内容|栏目)(?:不存在|已删除|已被删除|已撤销|已下线|"
                          r"已过期)|404\s*(?:not\s*found|错误|页面)|error\s*404|page\s*not\s*found|"
                          r"(?:抱歉|对不起|sorry).{0,16}(?:找不到|不存在|未找到|已删除)", re.I)
# …and wording that only does so in a page with next to nothing else on it.
ERROR_WEAK = re.compile(r"(?<!\d)404(?!\d)|not\s*found|不存在|未找到|找不到|已删除|已被删除|已下线|出错|错误|无法访问", re.I)
# own text (outside links, scripts and styles) of a page that is next to nothing: an error
# page's message and its footer
TINY_TEXT = 300
# …and links: an error page offers a way home, a list template a whole menu
TINY_LINKS = 3
# own text of an error page in full portal chrome (menus are links; footers a few lines)
SMALL_TEXT = 1200

# --- redirect shells --------------------------------------------------------------------------
# own text of a page that only moves the visitor on (「页面跳转中…」, 「您即将离开本网站」)
SHELL_TEXT = 200
# a script that sends the browser elsewhere with a literal address: location.href = '…',
# window.location = "…", top.location.replace('…'), location.assign("…"),
# setTimeout("location.href='…'", 3000)
SHELL_JS = re.compile(r"""(?:(?:window|document|top|self|parent)\s*\.\s*)?location(?:\s*\.\s*href)?\s*=\s*(['"])"""
                      r"""([^'"\s]+)\1|location\s*\.\s*(?:replace|assign)\s*\(\s*(['"])([^'"\s]+)\3\s*\)""")
# a script that tests the device before it moves (the mobile-site switch of a real page)
DEVICE_TEST = re.compile(r"navigator|userAgent|mobile|android|iphone|ipad|screen\.width|innerWidth|matchMedia", re.I)
# what an interstitial page says (a page with one link on: 「正在跳转」「即将离开」「点击进入」)
INTERSTITIAL_TEXT = re.compile(r"跳转|即将离开|正在离开|将要访问|正在进入|点击进入|如果.{0,8}没有.{0,6}(?:跳转|反应)|"
                               r"redirect|leaving", re.I)

# --- link wrappers ---------------------------------------------------------------------------------
# Query parameters a link wrapper (redirect.jsp?url=…, /link?target=…, go.aspx?goto=…, 外链
# interstitials) carries its destination in.
WRAPPER_PARAMS = ("url", "target", "goto", "go", "link", "redirect", "redirect_url", "redirecturl", "to", "dest",
                  "destination", "jump", "jumpurl", "out", "outurl", "href", "u")
# the script names link wrappers go by (redirect.jsp, jump.do, goto.aspx, link.php, out.html);
# with such a name, a relative destination (?url=/zwgk/) counts too
WRAPPER_SCRIPT = re.compile(r"(?:^|/)(?:redirect|redir|jump|goto|go|link|links|out|outlink|exit|leave|tiaozhuan|"
                            r"wailian|urlredirect|visit)\w*(?:\.\w+)?$", re.I)
