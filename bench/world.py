"""A generated world of many portals for the crawl benchmarks (bench/bench_crawl.py).

Each portal is a county-style government site on its own loopback address: a
homepage, a 政务公开 page with several columns, a paged 政府信息公开年报 list (ten
entries a page) of report pages in the 2021 template (chrome, metadata table, styled
paragraphs, the statistics tables, figures drawn per report so no two reports are
near-duplicates), a notices column with a look-alike (the notice about compiling the
report) and other articles, and robots.txt. Deterministic for a given seed.

    python bench/world.py OUT_DIR [--portals 120] [--seed 7]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_pipeline import typical_report_html  # noqa: E402  (the benchmark's typical report page)

FIRST = "临青丰长平安永新宁兴德华泰和清明远阳云川".replace("", " ").split()
SECOND = "江山川河源城溪水林湖峰岭泉石桥阳".replace("", " ").split()
KINDS = ["县", "区", "市", "县", "县"]
NOTICE = "关于做好{year}年政府信息公开工作年度报告编制发布工作的通知"
DEPARTMENTS = ["发展和改革局", "教育局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
               "自然资源局", "生态环境分局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局",
               "文化和旅游局", "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局", "统计局"]
ARTICLES = ["{place}召开{year}年政务公开工作推进会", "{place}{year}年度法治政府建设情况报告",
            "{place}{year}年政府工作报告", "{place}关于{year}年度部门预算公开的说明"]


UNITS_HELP = ("bodies whose reports each portal's 年报 list holds: the government and its departments "
              "(1: the government alone; a real county lists 20-40)")


def place_names(n: int, rng: random.Random) -> list[str]:
    names, seen = [], set()
    while len(names) < n:
        name = rng.choice(FIRST) + rng.choice(SECOND) + rng.choice(KINDS)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def page(title: str, body: str) -> str:
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title></head><body>"
            "<div class='top'><a href='/'>首页</a> <a href='/xxgk/'>政务公开</a> <a href='/hdjl/'>互动交流</a></div>"
            "<div class='main'>%s</div><div class='foot'>主办单位：%s 网站标识码：%06d</div></body></html>"
            % (title, body, title, zlib.crc32(title.encode()) % 1000000))


def list_page(title: str, entries: list[tuple[str, str, str]], page_no: int, pages: int) -> str:
    items = "".join("<li><a href='%s'>%s</a><span>%s</span></li>" % e for e in entries)
    nav = ""
    if pages > 1:
        links = ["<a href='%s'>%d</a>" % ("index.html" if i == 0 else "index_%d.html" % i, i + 1) for i in range(pages)]
        nav = "<div class='page'>%s 共%d页</div>" % (" ".join(links), pages)
    return page(title, "<h2>%s</h2><ul class='list'>%s</ul>%s" % (title, items, nav))


def report_html(place: str, year: int, rng: random.Random, related: tuple = ()) -> str:
    html = typical_report_html()
    links = ("/art/2021/1/20/art_9_1.html", "/art/2020/1/18/art_9_2.html")
    for k, old in enumerate(links):
        html = html.replace(old, "\x02%d" % k)
    html = html.replace("/col/col9/", "/xxgk/ndbg/").replace("/col/col1/", "/xxgk/").replace("某某县", place)
    html = html.replace("2022年1月20日", "%d年1月%d日" % (year + 1, rng.randint(10, 28)))
    html = html.replace("2022-01-20", "%d-01-20" % (year + 1)).replace("2021", "\x00").replace("2020", "\x01")
    html = html.replace("\x00", str(year)).replace("\x01", str(year - 1))  # in one pass: 2021 -> 2020 -> 2019 is wrong
    for k in range(len(links)):  # the template's related links: this portal's other reports (or its list)
        html = html.replace("\x02%d" % k, related[k] if k < len(related) else "/xxgk/ndbg/")
    return re.sub(r">(\d{1,4})<", lambda m: ">%d<" % rng.randint(0, 999), html)


def add_reports(out: str, names: list[str], year: int = 2025) -> list[str]:
    """A new report on top of the first list page of each named portal (what a nightly
    re-crawl must find at once). Returns the new report URLs' paths."""
    with open(os.path.join(out, "truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    paths = []
    for name in names:
        place = truth["portals"][name]["place"]
        path = "/xxgk/ndbg/%d/t%d0125_new.html" % (year, year + 1)
        os.makedirs(os.path.dirname(os.path.join(out, name) + path), exist_ok=True)
        with open(os.path.join(out, name) + path, "w", encoding="utf-8") as f:
            f.write(report_html(place, year, random.Random(name)))
        index = os.path.join(out, name, "xxgk", "ndbg", "index.html")
        with open(index, encoding="utf-8") as f:
            html = f.read()
        entry = "<li><a href='%s'>%s%d年政府信息公开工作年度报告</a><span>%d-01-25</span></li>" % (
            path, place, year, year + 1)
        with open(index, "w", encoding="utf-8") as f:
            f.write(html.replace("<ul class='list'>", "<ul class='list'>" + entry, 1))
        truth["portals"][name]["reports"] += 1
        truth["reports"] += 1
        paths.append(path)
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
    return paths


def build(out: str, portals: int = 120, seed: int = 7, crawl_delay: float = 0, units: int = 1) -> dict:
    rng = random.Random(seed)
    sites, truth = {}, {"portals": {}, "reports": 0}
    for i, place in enumerate(place_names(portals, rng)):
        name = "p%03d" % i
        root = os.path.join(out, name)
        os.makedirs(os.path.join(root, "xxgk", "ndbg"), exist_ok=True)
        os.makedirs(os.path.join(root, "xxgk", "tzgg"), exist_ok=True)
        entries = []
        for u in range(units):  # the government itself, then its departments, in one list
            body = place if u == 0 else place + DEPARTMENTS[(i + u) % len(DEPARTMENTS)]
            years = sorted(rng.sample(range(2009, 2025), rng.randint(3, 9)), reverse=True)
            paths = ["/xxgk/ndbg/%d/t%d01%02d_%d.html" % (y, y + 1, 25 - u % 20, rng.randint(1000, 9999)) for y in years]
            for k, (y, path) in enumerate(zip(years, paths)):
                os.makedirs(os.path.dirname(root + path), exist_ok=True)
                with open(root + path, "w", encoding="utf-8") as f:
                    f.write(report_html(body, y, rng, tuple(paths[k + 1:k + 3])))
                entries.append((path, "%s%d年政府信息公开工作年度报告" % (body, y), "%d-01-%02d" % (y + 1, 25 - u % 20)))
        entries.sort(key=lambda e: e[2], reverse=True)   # newest first, as portals list them
        per = 10
        chunks = [entries[k:k + per] for k in range(0, len(entries), per)]
        for n, chunk in enumerate(chunks):
            fn = "index.html" if n == 0 else "index_%d.html" % n
            with open(os.path.join(root, "xxgk", "ndbg", fn), "w", encoding="utf-8") as f:
                f.write(list_page("政府信息公开年报", chunk, n, len(chunks)))
        notices = [("/xxgk/tzgg/n%d.html" % k, (NOTICE if k == 0 else rng.choice(ARTICLES)).format(
            place=place, year=years[0]), "%d-12-0%d" % (years[0], k + 1)) for k in range(5)]
        for path, title, _ in notices:
            with open(root + path, "w", encoding="utf-8") as f:
                f.write(page(title, "<h1>%s</h1><p>%s</p>" % (title, "为进一步做好相关工作，现将有关事项通知如下。" * 8)))
        with open(os.path.join(root, "xxgk", "tzgg", "index.html"), "w", encoding="utf-8") as f:
            f.write(list_page("通知公告", notices, 0, 1))
        with open(os.path.join(root, "xxgk", "index.html"), "w", encoding="utf-8") as f:
            f.write(page("政务公开", "<ul><li><a href='/xxgk/ndbg/'>政府信息公开年报</a></li>"
                         "<li><a href='/xxgk/tzgg/'>通知公告</a></li><li><a href='/xxgk/zcwj/'>政策文件</a></li></ul>"))
        with open(os.path.join(root, "index.html"), "w", encoding="utf-8") as f:
            f.write(page(place + "人民政府", "<h1>%s人民政府</h1><a href='/xxgk/'>政府信息公开</a>" % place))
        for path, title in (("/col/col2/", "政务服务"), ("/col/col3/", "互动交流"), ("/col/col4/", "走进" + place),
                            ("/hdjl/", "互动交流"), ("/xxgk/zcwj/", "政策文件"), ("/wzdt", "网站地图"),
                            ("/lxwm", "联系我们")):
            fs = root + path + ("index.html" if path.endswith("/") else "")
            os.makedirs(os.path.dirname(fs), exist_ok=True)
            with open(fs, "w", encoding="utf-8") as f:
                f.write(page(title, "<h1>%s</h1><p>%s</p>" % (title, "本栏目内容更新中。")))
        with open(os.path.join(root, "robots.txt"), "w", encoding="utf-8") as f:
            f.write("User-agent: *\nDisallow: /admin/\n" + ("Crawl-delay: %g\n" % crawl_delay if crawl_delay else ""))
        sites[name] = root
        truth["portals"][name] = {"place": place, "reports": len(entries)}
        truth["reports"] += len(entries)
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
    return sites


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--portals", type=int, default=120)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--crawl-delay", type=float, default=0, help="robots.txt Crawl-delay of every portal (0: none)")
    ap.add_argument("--units", type=int, default=1, help=UNITS_HELP)
    a = ap.parse_args(argv)
    sites = build(a.out, a.portals, a.seed, a.crawl_delay, a.units)
    print("%d portals under %s" % (len(sites), a.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
