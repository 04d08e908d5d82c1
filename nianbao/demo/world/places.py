"""The demo world's places, as data: where the world is committed, the portals' hosts and names,
each portal's site identity (name, 网站标识码, columns) and the chrome phrases its pages carry."""
from __future__ import annotations

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent  # nianbao/demo: the world is package data there
SITE_DIR = DEMO_DIR / "site"
EXPECTED_PATH = DEMO_DIR / "expected.json"
PORT = "PORT"  # placeholder: the demo command and the tests substitute the real port

HOSTS = {"jian": "127.0.0.60", "anyuan": "127.0.0.61", "chaling": "127.0.0.62"}
NAMES = {"jian": "吉安市人民政府", "anyuan": "萍乡市安源区人民政府门户网站", "chaling": "茶陵县人民政府门户网站"}


# portal 1: 吉安市 (TRS WCM, GBK)
J_SITE = "吉安市人民政府"
J_CODE = "3608000001"


# portal 2: 萍乡市安源区 (Hanweb jcms, UTF-8)
A_SITE = "萍乡市安源区人民政府"
A_CODE = "3603020001"
A_COLS = {3301: "新闻中心", 3310: "政府信息公开", 3311: "政府信息公开指南", 3315: "政府信息公开年报",
          3316: "2019年", 3317: "2020年"}


# portal 3: 茶陵县 (政府网站集约化 platform, UTF-8); XXGKML are its 信息公开目录 columns
C_SITE = "茶陵县人民政府门户网站"
C_CODE = "4302240001"

XXGKML = [("zfxxgknb", "政府信息公开年报"), ("zfgzbg", "政府工作报告"), ("fzzfjs", "法治政府建设")]


# navigation and page chrome the portals print around every report (never part of its text)
BOILERPLATE = ["当前位置：", "您当前的位置：", "您现在的位置：", "【字体：", "【打印】", "【关闭窗口】", "【打印本页】",
               "打印本页", "关闭窗口", "分享到：", "扫一扫在手机打开当前页", "点击我为您语音播报", "主办单位", "承办单位",
               "网站标识码", "ICP备", "公网安备", "浏览次数", "版权所有", "您是第", "设为首页", "加入收藏", "无障碍",
               "长者模式", "索引号", "索 引 号", "发布机构", "生成日期", "字号：", "相关附件", "技术支持"]
