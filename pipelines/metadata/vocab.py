"""The words report titles and signatures are made of: department abbreviations and
their official names, the endings of body names, report words, year and date forms."""
from __future__ import annotations

import re

from core.formats import FILE_EXT_PATTERN

# official names of departments as titles abbreviate them
DEPARTMENT_ABBREVIATIONS = {
    "发改委": "发展和改革委员会", "发改局": "发展和改革局", "发展改革委": "发展和改革委员会",
    "住建局": "住房和城乡建设局", "住建委": "住房和城乡建设委员会", "住建厅": "住房和城乡建设厅",
    "市场监管局": "市场监督管理局", "市监局": "市场监督管理局", "卫健委": "卫生健康委员会", "卫健局": "卫生健康局",
    "卫计委": "卫生和计划生育委员会", "卫计局": "卫生和计划生育局", "应急局": "应急管理局",
    "文广新旅局": "文化广电新闻出版旅游局", "文广旅局": "文化广电旅游局", "文广旅体局": "文化广电旅游体育局",
    "文旅局": "文化和旅游局", "文广新局": "文化广电新闻出版局", "文广局": "文化广电局", "文体局": "文化体育局",
    "人社局": "人力资源和社会保障局", "人社厅": "人力资源和社会保障厅", "自然资源局": "自然资源局",
    "自规局": "自然资源和规划局", "资规局": "自然资源和规划局", "国土局": "国土资源局", "环保局": "环境保护局",
    "生态环境局": "生态环境局", "交通局": "交通运输局", "交运局": "交通运输局", "农业局": "农业农村局",
    "农业农村局": "农业农村局", "农工局": "农业农村工作局", "教体局": "教育体育局", "教育体育局": "教育体育局",
    "科技局": "科学技术局", "工信局": "工业和信息化局", "经信委": "经济和信息化委员会", "经信局": "经济和信息化局",
    "工信委": "工业和信息化委员会", "商务局": "商务局", "退役军人局": "退役军人事务局", "退役军人事务局": "退役军人事务局",
    "医保局": "医疗保障局", "行政审批局": "行政审批服务局", "审批局": "行政审批局", "城管局": "城市管理局",
    "城管执法局": "城市管理行政执法局", "综合执法局": "综合行政执法局", "大数据局": "大数据发展管理局",
    "数据局": "数据资源管理局", "民宗局": "民族宗教事务局", "民宗委": "民族宗教事务委员会",
    "机关事务局": "机关事务管理局", "安监局": "安全生产监督管理局", "食药监局": "食品药品监督管理局",
    "工商局": "工商行政管理局", "质监局": "质量技术监督局", "国资委": "国有资产监督管理委员会",
    "国资局": "国有资产监督管理局", "编办": "机构编制委员会办公室", "侨办": "侨务办公室", "外事办": "外事办公室",
    "金融办": "金融工作办公室", "房管局": "房地产管理局", "人防办": "人民防空办公室", "扶贫办": "扶贫开发办公室",
    "政府办": "人民政府办公室", "政府办公室": "人民政府办公室", "水务局": "水务局", "林业局": "林业局",
    "粮食局": "粮食局", "统计局": "统计局", "审计局": "审计局", "司法局": "司法局", "民政局": "民政局",
    "财政局": "财政局", "教育局": "教育局", "公安局": "公安局", "信访局": "信访局", "体育局": "体育局",
    "乡村振兴局": "乡村振兴局", "林业和草原局": "林业和草原局", "政数局": "政务服务数据管理局",
    "政务服务局": "政务服务管理局", "发展改革局": "发展和改革局",
    # a development zone's and a 街道's own government, as titles shorten them
    "管委会": "管理委员会", "街道办": "街道办事处",
}
# what a township's or zone's own government is called in a title (nothing, or these)
LOCAL_GOVERNMENTS = ("", "人民政府", "政府", "管委会", "管理委员会", "办事处", "街道办", "街道办事处")
# every full form, longest first (a name ending with one needs no expansion)
FULL_FORMS = sorted(set(DEPARTMENT_ABBREVIATIONS.values()) | {"人民政府"}, key=len, reverse=True)
# a bare level character before a department stands for the portal's place of that
# level (市发改委, 区住建局); 市场 starts 市场监管局, a department name
LEVEL_PREFIXES = ("市", "区", "县", "州", "省", "旗")
NOT_LEVEL_PREFIX = "市场"
# how the name of a body ends (what the title names after its place)
ORG_END = re.compile(r"(?:人民政府办公室|人民政府办公厅|人民政府|政府|办公室|办公厅|办事处|委员会|领导小组|小组|局|委|办|厅|中心|署|院|会|所|站|队|馆|社)$")
# how a signing line ends (stricter: a signature never ends with 所 or 站)
SIG_END = re.compile(r"(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|办事处|委员会|领导小组|局|委|办|厅|中心|署|院|会)$")
# a year in Chinese numerals, as printed: 二〇一九, 二○一九, 二零一九, and the 二0一九 / 二O一九
# typed with a digit or a letter for 〇 (NFKC has already made ０ 0 and Ｏ O)
CN_YEAR_RUN = r"(?=[〇零○ＯO0]{0,3}[一二三四五六七八九])[〇零○ＯO0一二三四五六七八九]{4}"
# a signature's date line: 2020年1月9日, 二〇二〇年一月九日
SIGNATURE_DATE = re.compile(r"^\s*((?:19|20)\d{2}|" + CN_YEAR_RUN + r")\s*年\s*([0-9一二三四五六七八九十]{1,3})\s*月"
                            r"\s*([0-9一二三四五六七八九十]{1,3})\s*日?\s*$")
# ... or in figures: 2021-03-15, 2021.3.15, 2021/3/15
SIGNATURE_DATE_NUMERIC = re.compile(r"^\s*((?:19|20)\d{2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\s*$")
# a signing body and its date on one line, apart by spaces (河西镇人民政府　2021年3月15日)
SIGNED_LINE = re.compile(r"^(\S{4,40}?)\s+(\S.*)$")
# the Chinese numerals of printed years and dates (二〇二〇年一月九日)
CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
# the year in a title (2023年度, 二〇二三年): removed to leave the body's name
YEAR_TOKEN = re.compile(r"(?:19|20)\d{2}\s*(?:年度|年)?|" + CN_YEAR_RUN + r"\s*年度?")
# where the body's name ends in a title: the report words
REPORT_WORDS = re.compile(r"政府信息公开|政务公开|信息公开|政府网站|年度报告|工作报告|工作情况|年报|报告")
# what a title wraps around the body's name: quotes, brackets, spaces
TITLE_WRAPPING = re.compile(r"[\s《》“”\"'（）()【】\[\]]")
# a report's title says so (Simplified and Traditional)
TITLE_HINT = re.compile(r"报告|年报|報告|年報")
# a link text that is a file name: its extension is not part of the title
FILE_SUFFIX = re.compile(r"\.(%s)$" % FILE_EXT_PATTERN, re.I)  # every format read (core.formats)
# how a <title> or link text joins the title to the site name (标题 - 网站 / 标题  网站)
TITLE_PIECES = re.compile(r"\s*(?:[-_|—–]+|\s{2,})\s*")
# the year reported on, most telling first: in the title (2023年 / 二〇二三年 / a bare
# 2023), then the statistics period the report states (统计期限为2023年1月1日至12月31日)
TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|年度)")
TITLE_YEAR_CN = re.compile(r"(" + CN_YEAR_RUN + r")\s*年")
ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
PERIOD_YEAR = re.compile(r"统计(?:期限|时限|时间|期间|区间)[^。\n]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
RANGE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—)\s*\1\s*年\s*12\s*月\s*31\s*日")
# the report naming itself in its opening (现将本镇2019年度政府信息公开工作情况报告如下): the
# year of a title that the page title left out, read in the first characters only
OPENING_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?[^。\n]{0,24}?(?:政府信息公开|政务公开)[^。\n]{0,12}?"
                          r"(?:年度报告|工作报告|情况报告|年报)")
OPENING_CHARS = 800
