"""A small loopback world for the CLI tests (tests/test_cli_*.py), and the real
`nianbao` command run as a subprocess.

Two county portals (127.0.0.23x, one port): a homepage, a 年报 column listing two
reports and one dead link (404); `slow` seconds of delay on every report page let a
test watch a crawl while it runs. `dead_portal()` is a URL nothing answers on.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

from nianbao.demo.server import SiteServer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "fixtures", "traps"))
from world import REPORT_BODY, entries, write  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOSTS = {"east": "127.0.0.231", "west": "127.0.0.232"}
NAMES = {"east": "东乡县人民政府", "west": "西平县人民政府"}
LOCAL = {"东乡县人民政府": ["修订乡镇公开目录，整理历史档案", "开展红色旅游专题信息发布", "推进农村饮水工程进度公示"],
         "西平县人民政府": ["更新企业开办指南与窗口电话", "公开城区道路改造招标结果", "发布防汛物资储备清单与调度"]}
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0"]


def page(name: str, title: str, body: str, crumb: str | None = None) -> bytes:
    trail = '<div class="position">当前位置：<a href="/">首页</a> &gt; %s</div>' % crumb if crumb else ""
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title></head><body>%s'
            '<div class="main">%s</div><div class="footer">主办单位：%s办公室</div></body></html>'
            % (title, trail, body, name)).encode("utf-8")


def report(name: str, year: int, n: int) -> bytes:
    t = title(name, year)
    own = "".join("<p>%s%d年第%d项工作：%s</p>" % (name, year, i, LOCAL[name][i % len(LOCAL[name])])
                  for i in range(1, 9))  # a text of its own: never a near-copy of the other portal's
    return page(name, t + "_" + name, "<h1>%s</h1><div class=\"info\">发布时间：%d-02-01</div>%s%s"
                % (t, year + 1, REPORT_BODY.format(y=year, n=n), own), "政府信息公开年报")


def title(name: str, year: int) -> str:
    return "%s%d年政府信息公开工作年度报告" % (name.replace("人民政府", ""), year)


def build(root: str, site: str) -> None:
    name = NAMES[site]
    write(root, "/robots.txt", "User-agent: *\nDisallow:\n")
    write(root, "/index.html", page(name, name, '<a href="/xxgk/nb/index.html">政府信息公开年报</a>'))
    items = [("/xxgk/nb/2022/r.html", title(name, 2022), "2023-01-20"),
             ("/xxgk/nb/2021/r.html", title(name, 2021), "2022-01-20"),
             ("/xxgk/nb/2020/removed.html", title(name, 2020), "2021-01-20")]   # a dead link: 404
    write(root, "/xxgk/nb/index.html", page(name, "政府信息公开年报", entries(items), "政府信息公开年报"))
    for year in (2022, 2021):
        # figures of their own: two portals' reports are never one report to the grouping
        write(root, "/xxgk/nb/%d/r.html" % year, report(name, year, n=year - 2000 + len(site) * 31))


def start(tmp, slow: float = 0.0, gate=None) -> SiteServer:
    """Serve both portals; report pages answer after `slow` seconds, or once `gate`
    (a threading.Event) is set."""
    sites = {}
    for site in HOSTS:
        d = os.path.join(str(tmp), "site-" + site)
        build(d, site)
        sites[site] = d
    srv = SiteServer(sites, HOSTS)
    if slow or gate is not None:
        for site, d in sites.items():
            for year in (2022, 2021):
                path = "/xxgk/nb/%d/r.html" % year
                with open(os.path.join(d, path.lstrip("/")), "rb") as f:
                    body = f.read()

                def delayed(query, body=body):
                    if gate is not None:
                        gate.wait(120)
                    time.sleep(slow)
                    return 200, {"Content-Type": "text/html; charset=utf-8"}, body
                srv.route(site, path, delayed)
    srv.start()
    return srv


def dead_portal() -> str:
    """An http URL on a loopback port nothing listens on (connection refused)."""
    s = socket.socket()
    s.bind(("127.0.0.233", 0))
    port = s.getsockname()[1]
    s.close()
    return "http://127.0.0.233:%d/" % port


def portals_file(tmp, urls, name="portals.csv", encoding="utf-8") -> str:
    path = os.path.join(str(tmp), name)
    with open(path, "w", encoding=encoding) as f:
        f.write("url,name\n" + "".join("%s,%s\n" % (u, n) for u, n in urls))
    return path


def env() -> dict:
    return dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))


def nianbao(*args, cwd=None, timeout=180) -> subprocess.CompletedProcess:
    """`python -m nianbao ARGS` in a subprocess (captured text)."""
    return subprocess.run([sys.executable, "-m", "nianbao", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd or ROOT, env=env())


def nianbao_bg(*args, cwd=None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "nianbao", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=cwd or ROOT, env=env())


def wait_for(predicate, timeout=60.0, step=0.2):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None
