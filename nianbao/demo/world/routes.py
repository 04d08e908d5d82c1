"""Dynamic routes: what static files cannot do (`?page=N` lists, an endless calendar). site/routes.json
describes them; dynamic_routes() turns it into SiteServer.route handlers. `nianbao demo` imports
this module at run time, so it imports nothing of the generator."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from nianbao.demo.world.places import SITE_DIR


def dynamic_routes(site_dir=None, kinds=None):
    """[(site, path, fn)] for SiteServer.route, from site/routes.json:

        for site, path, fn in dynamic_routes():
            server.route(site, path, fn)

    "calendar": /rili/?date=D answers a day page linking ?date=D+1, forever (a crawler trap).
    "pages":    ?page=N answers the file listed for N (page 1 when absent), 404 otherwise.
    `kinds` {kind: make(site folder, entries) -> fn} replaces these (world3 has kinds of its own);
    the entries of one site, path and kind make one route."""
    site_dir = Path(site_dir or SITE_DIR)
    spec = json.loads((site_dir / "routes.json").read_text(encoding="utf-8"))
    kinds = kinds or ROUTE_KINDS
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for r in spec:
        if r["kind"] in kinds:
            groups.setdefault((r["site"], r["path"], r["kind"]), []).append(r)
    return [(site, path, kinds[kind](site_dir / site, entries)) for (site, path, kind), entries in groups.items()]


def not_found():
    return 404, {"Content-Type": "text/html"}, b"<html><body>404 Not Found</body></html>"


def _calendar(path, param, start):
    def fn(query):
        try:
            day = dt.date.fromisoformat(query.get(param, [start])[0])
        except ValueError:
            day = dt.date.fromisoformat(start)
        nxt, prev = day + dt.timedelta(days=1), day - dt.timedelta(days=1)
        body = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>政务日历</title></head><body>'
                '<h2>政务日历</h2><p>%d年%d月%d日（%s）暂无政务活动安排</p><a href="%s?%s=%s">前一天</a> '
                '<a href="%s?%s=%s">后一天</a></body></html>'
                % (day.year, day.month, day.day, "一二三四五六日"[day.weekday()], path, param, prev.isoformat(), path,
                   param, nxt.isoformat()))
        return 200, {"Content-Type": "text/html; charset=utf-8"}, body.encode("utf-8")
    return fn


def _pages(root: Path, param, pages):
    def fn(query):
        n = query.get(param, ["1"])[0]
        rel_path = pages.get(n)
        if rel_path is None:
            return not_found()
        return 200, {"Content-Type": "text/html"}, (root / rel_path.lstrip("/")).read_bytes()
    return fn


ROUTE_KINDS = {
    "calendar": lambda root, rs: _calendar(rs[0]["path"], rs[0]["param"], rs[0]["start"]),
    "pages": lambda root, rs: _pages(root, rs[0]["param"], rs[0]["pages"]),
}
