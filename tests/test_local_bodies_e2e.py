"""End to end over loopback: a township's portal and a development zone's portal, under
real-looking host names reached through the test server's HTTP proxy, each publishing
its annual report with a statistics table as such bodies print them — full-width
digits, grouped thousands, dashes for nil, a blank cell, a row label with a wrong or a
dropped character — and the township's report two years late with its year in Chinese
numerals. `nianbao crawl` and `nianbao export` run as the user runs them.

The markup is this test's own (no CMS of the other worlds): a plain nav bar, a 年报
column as a <dl>, a report page with the table in <div class="zw">.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from nianbao.demo.server import SiteServer

TOWN_HOST = "www.hxz.gov.cn"        # 河西镇 (a made-up township)
ZONE_HOST = "www.qykfq.gov.cn"      # 青原经济技术开发区 (a made-up zone)

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="top"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/zwgk/nb/">政府信息公开年报</a></div>
{body}
<div class="foot">主办单位：{owner}　技术支持：某某网络</div></body></html>"""


def page(title, body, owner):
    return PAGE.format(title=title, body=body, owner=owner)


def table(rows):
    out = ["<table border='1'>"]
    for r in rows:
        out.append("<tr>" + "".join("<td>%s</td>" % c for c in r) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


TOWN_ROWS = [
    ["指标名称", "单位", "本年数"],
    ["一、主动公开情况", "——", ""],
    ["（一）主动公开政府信息数", "条", "１，２０６"],
    ["其中：主动公开规范性文件数", "条", "—"],
    ["（二）制发规范性文件总数", "件", "０"],
    ["二、依申请公开情况", "——", ""],
    ["（一）收到申请数", "件", "１２"],
    ["1.当面申清数", "件", "３"],               # 请 -> 清
    ["2.传真申请数", "件", "-"],
    ["3.网络申请数", "件", "９"],
    ["（二）申请办结数", "件", "１２"],
    ["六、依申请公开信息收取的费用", "万元", "/"],
    ["七、政府信息公开专项经费", "万元", ""],       # blank: no value
]
TOWN_WANT = {"proactive.total": 1206, "proactive.normative_docs": 0, "proactive.normative_issued": 0,
             "requests.received": 12, "requests.received.in_person": 3, "requests.received.fax": 0,
             "requests.received.online": 9, "requests.completed": 12, "fees.collected": 0}

def s3_html(rows):
    out = ["<table border='1'>",
           "<tr><td colspan='2' rowspan='3'>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
           "<td colspan='7'>申请人情况</td></tr>",
           "<tr><td rowspan='2'>自然人</td><td colspan='5'>法人或其他组织</td><td rowspan='2'>总计</td></tr>",
           "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"]
    for r in rows:
        out.append("<tr><td colspan='2'>%s</td>%s</tr>" % (r[0], "".join("<td>%s</td>" % c for c in r[1:])))
    out.append("</table>")
    return "\n".join(out)


ZONE_S2 = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
           ["规章", "—", "—", "—"],
           ["行政规范性文件", "２", "—", "１５"]]
ZONE_S2B = [["信息内容", "本年处理决定数量"],
            ["行政许可", "1,208"],
            ["行政处法", "３６"],                          # 罚 -> 法
            ["行政强制", "—"]]
ZONE_S3 = [["一、本年新收政府信息公开申请数量", "８", "１", "-", "-", "-", "-", "９"],
           ["二、上年结转政府信息公开申请数", "-", "-", "-", "-", "-", "-", "-"],    # 量 dropped
           ["（一）予以公开", "６", "１", "-", "-", "-", "-", "７"],
           ["（七）总计", "８", "１", "-", "-", "-", "-", "９"],
           ["四、结转下年度继续办理", "", "", "", "", "", "", ""]]         # blank: no values
ZONE_WANT = {"rules.issued": 0, "rules.repealed": 0, "rules.in_force": 0, "normative.issued": 2,
             "normative.repealed": 0, "normative.in_force": 15, "licensing.decisions": 1208,
             "penalty.decisions": 36, "enforcement.decisions": 0,
             "requests2019.new@natural_person": 8, "requests2019.new@commercial": 1,
             "requests2019.new@research": 0, "requests2019.new@total": 9,
             "requests2019.carried_over@natural_person": 0, "requests2019.carried_over@total": 0,
             "outcome.granted@natural_person": 6, "outcome.granted@total": 7, "outcome.total@total": 9}


def build(root):
    town, zone = root / "town", root / "zone"
    for d in (town / "zwgk" / "nb", zone / "zwgk" / "nb"):
        d.mkdir(parents=True)
    town_owner, zone_owner = "河西镇人民政府", "青原经济技术开发区管理委员会"
    (town / "index.html").write_text(page("河西镇人民政府", "<p>欢迎访问</p>", town_owner), "utf-8")
    (town / "zwgk" / "index.html").write_text(page("政务公开", "<ul><li><a href='/zwgk/nb/'>政府信息公开年报</a></li></ul>",
                                                   town_owner), "utf-8")
    (town / "zwgk" / "nb" / "index.html").write_text(page("政府信息公开年报", (
        "<dl><dt>政府信息公开年报</dt>"
        "<dd><a href='/zwgk/nb/2021/0316/a1.html'>二〇一九年政府信息公开工作年度报告</a><span>2021-03-16</span></dd></dl>"),
        town_owner), "utf-8")
    (town / "zwgk" / "nb" / "2021" / "0316").mkdir(parents=True)
    town_body = (
        "<div class='zw'><h1>二〇一九年政府信息公开工作年度报告</h1><p>发布时间：2021-03-16</p>"
        "<p>本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据的统计期限自2019年1月1日起至2019年12月31日止。</p>"
        "<p>一、概述</p><p>本镇认真落实政府信息公开各项工作。</p>"
        "<p>二、政府信息公开工作情况统计表</p>" + table(TOWN_ROWS) +
        "<p>三、存在的主要问题及改进情况</p><p>公开的及时性有待提高。</p>"
        "<p style='text-align:right'>河西镇人民政府</p><p style='text-align:right'>2021年3月15日</p></div>")
    (town / "zwgk" / "nb" / "2021" / "0316" / "a1.html").write_text(
        page("二〇一九年政府信息公开工作年度报告_河西镇人民政府", town_body, town_owner), "utf-8")

    (zone / "index.html").write_text(page("青原经济技术开发区管理委员会", "<p>欢迎访问</p>", zone_owner), "utf-8")
    (zone / "zwgk" / "index.html").write_text(page("政务公开", "<ul><li><a href='/zwgk/nb/'>政府信息公开年报</a></li></ul>",
                                                   zone_owner), "utf-8")
    (zone / "zwgk" / "nb" / "index.html").write_text(page("政府信息公开年报", (
        "<dl><dt>政府信息公开年报</dt>"
        "<dd><a href='/zwgk/nb/t20210120_88.html'>青原经开区管委会2020年度政府信息公开工作情况报告</a>"
        "<span>2021-01-20</span></dd></dl>"), zone_owner), "utf-8")
    zone_body = (
        "<div class='zw'><h1>青原经开区管委会2020年度政府信息公开工作情况报告</h1><p>发布日期：2021-01-20</p>"
        "<p>本年度报告根据《中华人民共和国政府信息公开条例》编制。</p>"
        "<p>一、总体情况</p><p>2020年，开发区管委会扎实推进政务公开。</p>"
        "<p>二、主动公开政府信息情况</p>" + table(ZONE_S2) + table(ZONE_S2B) +
        "<p>三、收到和处理政府信息公开申请情况</p>" + s3_html(ZONE_S3) +
        "<p>四、存在的主要问题及改进情况</p><p>公开内容还不够全面。</p>"
        "<p>青原经济技术开发区管理委员会</p><p>2021年1月18日</p></div>")
    (zone / "zwgk" / "nb" / "t20210120_88.html").write_text(
        page("青原经开区管委会2020年度政府信息公开工作情况报告", zone_body, zone_owner), "utf-8")
    return {"town": str(town), "zone": str(zone)}


def run(*args, env):
    return subprocess.run([sys.executable, "-m", "nianbao.cli", *args], capture_output=True, text=True,
                          timeout=300, env=env)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("local")
    srv = SiteServer(build(tmp), {"town": TOWN_HOST, "zone": ZONE_HOST}, proxy=True)
    srv.start()
    portals = tmp / "portals.csv"
    portals.write_text("url,name\nhttp://%s/,河西镇人民政府\nhttp://%s/,青原经济技术开发区管理委员会\n"
                       % (TOWN_HOST, ZONE_HOST), "utf-8")
    env = dict(os.environ, http_proxy=srv.proxy_url, HTTP_PROXY=srv.proxy_url, no_proxy="", NO_PROXY="")
    db = "sqlite:///%s" % (tmp / "local.db")
    try:
        crawl = run("crawl", "--portals", str(portals), "--db", db, "--warc-dir", str(tmp / "warc"),
                    "--log-level", "WARNING", env=env)
    finally:
        srv.stop()
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    export = run("export", "--db", db, "--out", str(tmp / "out"), env=env)
    assert export.returncode == 0, export.stderr[-3000:]
    reports = [json.loads(x) for x in (tmp / "out" / "reports.jsonl").read_text("utf-8").splitlines()]
    metrics = [json.loads(x) for x in (tmp / "out" / "metrics.jsonl").read_text("utf-8").splitlines()]
    return reports, metrics, list(srv.log)


def _report(exported, host):
    reports, metrics, _ = exported
    got = [r for r in reports if host in r["url"]]
    assert len(got) == 1, [(r["url"], r["title"]) for r in reports]
    r = got[0]
    return r, {m["key"]: m for m in metrics if m["report_id"] == r["report_id"]}


@pytest.mark.slow
def test_only_the_two_portals_were_asked(exported):
    _, _, log = exported
    assert log and {e["host"] for e in log} <= {TOWN_HOST, ZONE_HOST}
    assert all(e["site"] is not None for e in log)


@pytest.mark.slow
def test_township_report(exported):
    r, m = _report(exported, TOWN_HOST)
    assert (r["body"], r["region"], r["level"], r["year"], r["publish_date"]) == (
        "河西镇人民政府", "河西镇", "township", 2019, "2021-03-16")
    assert {k: v["value"] for k, v in m.items()} == TOWN_WANT
    assert all(v["method"] == "table" for v in m.values())
    assert m["requests.received.in_person"]["evidence"] == "1.当面申清数\t件\t３"


@pytest.mark.slow
def test_zone_report(exported):
    r, m = _report(exported, ZONE_HOST)
    assert (r["body"], r["region"], r["level"], r["year"], r["publish_date"]) == (
        "青原经济技术开发区管理委员会", "青原经济技术开发区", "zone", 2020, "2021-01-20")
    got = {k: v["value"] for k, v in m.items()}
    assert {k: got.get(k) for k in ZONE_WANT} == ZONE_WANT
    assert "requests2019.carried_forward@total" not in got     # blank cells state nothing
