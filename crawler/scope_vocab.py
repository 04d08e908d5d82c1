"""The words and names the crawl scope (crawler.scope) is decided by, as data.

A portal's own navigation may lead onto another host: its 信息公开 platform on
xxgk.<domain>, a department on jyj.<domain>, or a 年报 column on a province platform
(another registrable domain). These say which links count as that navigation, and
which never do.
"""
from __future__ import annotations

import re

# A link into the disclosure section or a report column: the words that make an off-site
# link the portal's own disclosure navigation (「政府信息公开」「政务公开」「信息公开目录」
# 「政府信息公开年报」「法定主动公开内容」).
DISCLOSURE_TEXT = re.compile(r"信息公开|政务公开|公开目录|主动公开|公开专栏|公开年报|年度报告|年报|gknb|xxgk|zwgk", re.I)

# A link to the report column itself (on a platform page in scope, beside the directory the
# portal linked: crawler.scope.column_refusal)
REPORT_COLUMN_TEXT = re.compile(r"年报|年度报告|信息公开报告|工作报告")

# Link texts that name someone else's disclosure, or no disclosure at all, even when a
# disclosure word is in them: the central government and its ministries (国务院, 中国政府网,
# 部委), the national error-report service (政府网站找错 / 我为政府网站找错), portal-wide link
# lists, and the 依申请 / 指南 / 监督 pages, which never hold the reports.
REFUSE_TEXT = re.compile(r"国务院|中国政府网|中央人民政府|国家|部委|全国|找错|纠错|友情链接|相关链接|网站地图|网站群|"
                         r"依申请|申请表|指南|监督|举报|投诉|意见箱|留言|备案|英文|english|无障碍|app|微信|微博", re.I)

# A box of links to other sites (友情链接 lists, 「各县区政府网站」, 「省直部门」): its heading, as
# a link's container shows it. A link in such a box is never the portal's own navigation.
LINK_LIST_HEADING = re.compile(r"友情链接|相关链接|网站链接|外部链接|链接|网站群|政府网站|兄弟|省直|市直|区县|县区|县市区|"
                               r"各地|各省|部委|其他")

# how many other registrable domains the links of one box may reach before the box is a
# link list rather than navigation (a nav bar reaches one or two: the province platform,
# the 政务服务 network)
LINK_LIST_DOMAINS = 3

# A place named before the disclosure word (「江西省政府信息公开」「某县信息公开」): the most
# specific one must be in the portal's own name, else it is another place's disclosure.
# Levels as place names end them.
PLACE_NAMED = re.compile(r"([\u4e00-\u9fff]{2,6}?)(?:维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|自治州|"
                         r"地区|盟|市|自治县|自治旗|县|旗|新区|区)")

# A government level named without a place (「省政府年报」「省级年报」「全市…年报」「市直部门」):
# another level's disclosure unless it is the portal's own level (「县政府年报」 on a county's
# page). Province platforms share one navigation across their counties' directories, and it
# links the province's own 年报 column in these words. The level stands at the start of the
# text, after a non-Chinese character, or after 本/全/我.
LEVEL_NAMED = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[本全我]))(省|自治区|市|自治州|州|地区|盟|自治县|县|自治旗|旗|区)"
                         r"(?=人民政府|政府|级|本级|直|属)")
# the spellings of one level (自治县 is a 县 to the level rule, 自治区 a 省)
LEVEL_SAME = {"自治区": "省", "维吾尔自治区": "省", "壮族自治区": "省", "回族自治区": "省", "自治州": "州",
              "自治县": "县", "自治旗": "旗", "新区": "区"}

# Registrable domains that are never a local portal's platform: the central government
# (www.gov.cn and its services zfwzzc.www.gov.cn, english.www.gov.cn …).
CENTRAL_DOMAINS = frozenset({"www.gov.cn"})
