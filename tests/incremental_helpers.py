"""Shared by tests/test_incremental.py and tests/test_resume.py: the real `nianbao`
command run as a subprocess against a loopback portal world, and readers for what
it leaves behind (export files, server log, database rows)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

from nianbao.demo.run import site_root

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONDITIONAL = "crawler.conditional.ConditionalRequestMiddleware"
CONDITIONAL_PRIORITY = 580


def settings_args() -> list[str]:
    """`-s` options for a crawl: the conditional-request middleware when the project
    settings do not list it yet, and no artificial delays on loopback."""
    from crawler import settings

    args = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "--log-level", "INFO"]
    if CONDITIONAL not in settings.DOWNLOADER_MIDDLEWARES:
        mws = dict(settings.DOWNLOADER_MIDDLEWARES, **{CONDITIONAL: CONDITIONAL_PRIORITY})
        args += ["-s", "DOWNLOADER_MIDDLEWARES=" + json.dumps(mws)]
    return args


def crawl_command(portals: str, db: str, warc_dir: str) -> list[str]:
    return [sys.executable, "-m", "nianbao.cli", "crawl", "--portals", portals, "--db", db,
            "--warc-dir", warc_dir, *settings_args()]


def crawl(portals: str, db: str, warc_dir: str, *extra: str) -> subprocess.CompletedProcess:
    """`nianbao crawl` of the portals (``extra``: more options, e.g. --revisit all)."""
    done = subprocess.run(crawl_command(portals, db, warc_dir) + list(extra), capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-4000:]
    return done


def backdate(db: str, days: int) -> None:
    """Every stored answer `days` older (SQLite): the history of a world crawled that long ago."""
    from sqlalchemy import text

    from core.db import make_engine

    engine = make_engine(db)
    with engine.begin() as conn:
        conn.execute(text("UPDATE fetches SET fetched_at = datetime(fetched_at, :shift)"),
                     {"shift": "-%d days" % days})
    engine.dispose()


def export(db: str, out: str) -> dict:
    """What `nianbao export` writes (the function it calls, in-process: the crawl is
    the part that needs its own process)."""
    from nianbao.export import export as write_export

    write_export(db, out, formats=("jsonl",))
    with open(os.path.join(out, "reports.jsonl"), encoding="utf-8") as f:
        reports = [json.loads(line) for line in f]
    with open(os.path.join(out, "metrics.jsonl"), encoding="utf-8") as f:
        metrics = [json.loads(line) for line in f]
    return {"reports": reports, "metrics": metrics}


def log_url(server, row: dict) -> str:
    """The absolute URL of a server log row."""
    return "http://%s:%d%s" % (server.hosts[row["site"]], server.port, row["path"])


def expected(root: str, port: int) -> dict:
    """The world's truth file with its port filled in (expected.json beside the site)."""
    path = os.path.join(os.path.dirname(root), "expected.json")
    with open(path, encoding="utf-8") as f:
        return json.loads(f.read().replace("PORT", str(port)))


def report_addresses(group: dict) -> set:
    """Every URL that serves (part of) a report: pages, parts, mirror, notice."""
    urls = set(group["urls"]) | set(group.get("part_urls") or [])
    return urls | {u for u in (group.get("mirror_url"), group.get("notice_url")) if u}


def table_rows(db: str, query: str) -> list:
    from sqlalchemy import text

    from core.db import make_engine

    engine = make_engine(db)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(query))]
    finally:
        engine.dispose()


# --- changing a copy of the demo world between crawls ----------------------------------------

def copy_world(dest):
    root = os.path.join(dest, "site")
    shutil.copytree(site_root(), root)  # copy2 keeps mtimes: Last-Modified as served before
    shutil.copy(os.path.join(os.path.dirname(site_root()), "expected.json"), os.path.join(dest, "expected.json"))
    return root


def file_of(root, url, hosts):
    from urllib.parse import unquote, urlsplit

    p = urlsplit(url)
    site = {ip: name for name, ip in hosts.items()}[p.hostname]
    return os.path.join(root, site, unquote(p.path).lstrip("/"))


def single_html(want):
    return [g for g in want["reports"] if g["format"] == "html" and len(g["urls"]) == 1
            and not (g.get("part_urls") or g.get("mirror_url") or g.get("notice_url"))]


def mutate(root, want, hosts):
    """Revise a figure in one report page, publish a new report (a copy of another
    one moved nine years on) linked from the same list, delete a third report's file.
    Returns what was done."""
    enc = {name: p.get("encoding", "utf-8") for name, p in want["portals"].items()}
    singles = single_html(want)

    revised = None
    for g in singles:
        revised = revise_figure(file_of(root, g["urls"][0], hosts), enc[g["portal"]], g)
        if revised:
            break
    assert revised, "no report page with a figure to revise"

    source = next(g for g in singles if g["group"] != revised["group"] and enc[g["portal"]] == "utf-8")
    src_path = file_of(root, source["urls"][0], hosts)
    base = os.path.basename(src_path)
    m = re.match(r"(.*?)(\d+)(\.\w+)$", base)
    new_base = "%s%d%s" % (m.group(1), int(m.group(2)) + 1000003, m.group(3))
    y, ny = source["year"], max(g["year"] for g in want["reports"]) + 1

    def shift(text):  # the next year's report: every year moved on (publish year first)
        return text.replace(str(y + 1), str(ny + 1)).replace(str(y), str(ny))

    with open(src_path, encoding="utf-8") as f:
        page = f.read()
    with open(os.path.join(os.path.dirname(src_path), new_base), "w", encoding="utf-8") as f:
        f.write(shift(page))
    linked = 0
    site_dir = os.path.join(root, source["portal"])
    for dirpath, _, files in os.walk(site_dir):
        for name in files:
            if not name.endswith(".html") or name == base or name == new_base:
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8") as f:
                html = f.read()
            entry = re.search(r"<li[^>]*>(?:(?!</li>).)*?/%s\"(?:(?!</li>).)*?</li>" % re.escape(base), html, re.S)
            if entry is None:
                continue
            href = re.search(r'href="([^"]*/%s)"' % re.escape(base), entry.group(0)).group(1)
            new_href = href[: -len(base)] + new_base  # the copy sits beside its source: the path keeps its years
            copy = shift(entry.group(0).replace(href, "\x00")).replace("\x00", new_href)
            html = html.replace(entry.group(0), copy + entry.group(0), 1)
            with open(path, "w", encoding="utf-8") as f:
                f.write(html)
            linked += 1
    assert linked, "the source report is linked from no list entry"
    new_url = source["urls"][0][: -len(base)] + new_base

    removed = next(g for g in singles if g["group"] not in (revised["group"], source["group"]))
    os.unlink(file_of(root, removed["urls"][0], hosts))

    # a figure corrected on the continuation page of a split article: page 1 answers 304
    part_revised = None
    for g in want["reports"]:
        for url in g.get("part_urls") or []:
            part_revised = part_revised or revise_figure(file_of(root, url, hosts), enc[g["portal"]], g)
    assert part_revised, "no continuation page with a figure to revise"
    return {"revised": revised, "new_url": new_url, "new_year": ny, "removed": removed,
            "part_revised": part_revised}


def revise_figure(path, encoding, group):
    """Change one figure of the report in the file (one stated nowhere else in it)."""
    with open(path, "rb") as f:
        html = f.read().decode(encoding)
    values = list(group["metrics"].values())
    for key, value in sorted(group["metrics"].items()):
        if isinstance(value, int) and value >= 10 and html.count(">%d<" % value) == 1 and values.count(value) == 1:
            new = value + 7
            with open(path, "wb") as f:
                f.write(html.replace(">%d<" % value, ">%d<" % new).encode(encoding))
            return {"group": group["group"], "url": group["urls"][0], "key": key, "old": value, "new": new}
    return None
