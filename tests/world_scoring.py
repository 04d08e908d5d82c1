"""Opening and scoring the generated portal worlds (tests/test_world3.py … test_world6.py,
and the tests of each world beside it in tests/fixtures/worldN/).

A world whose expected.json says "proxy": true (world6) keeps real host names: it is served by
SiteServer(proxy=True), its builder may add request routes (`request_routes(site)`: POST APIs,
cookie challenges), and the crawl subprocess gets http_proxy/HTTP_PROXY pointing at the
server's proxy with no_proxy cleared.

Each world has a truth file (expected.json: reports with their groups, URLs, text, metrics,
look-alikes, boilerplate phrases, robots prefixes) and a `dynamic_routes` builder. The
functions here serve a world, run the real pipeline on it (`nianbao crawl` + `nianbao export`
as subprocesses), match the exported lines to the expected report groups and score them:
metadata, bigram char-F1 after NFKC + OpenCC t2s, chrome (boilerplate) leaks, metric
precision/recall and robots compliance. Everything world-specific is a parameter; the test
modules keep the test functions, their parametrisation, thresholds and xfail lists.
"""
from __future__ import annotations

import collections
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Callable
from urllib.parse import unquote, urlsplit

import opencc
import pytest

from nianbao.demo.server import SiteServer

T2S = opencc.OpenCC("t2s").convert


# --- text and address normalisation ----------------------------------------------------------

def squash(s: str) -> str:
    """`s` with all whitespace removed (None counts as "")."""
    return re.sub(r"\s+", "", s or "")


def norm_text(s: str) -> str:
    """NFKC then OpenCC Traditional-to-Simplified (None counts as "")."""
    return T2S(unicodedata.normalize("NFKC", s or ""))


def bigrams(s: str) -> collections.Counter:
    """Character bigram counts of norm_text(s) with whitespace removed."""
    s = "".join(norm_text(s).split())
    return collections.Counter(s[i:i + 2] for i in range(len(s) - 1))


def char_f1(got: str, want: str) -> float:
    """Bigram F1 after NFKC + OpenCC t2s with whitespace removed (as the scorer computes it)."""
    g, w = bigrams(got), bigrams(want)
    if not g and not w:
        return 1.0
    overlap = sum((g & w).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(g.values()), overlap / sum(w.values())
    return 2 * p * r / (p + r)


def norm_url(u: str) -> str:
    """host:port + path (+ query where it names the document); index.html folded."""
    p = urlsplit(u.strip())
    path = unquote(p.path or "/")
    for tail in ("index.html", "index.htm", "index.shtml"):
        if path.endswith("/" + tail):
            path = path[: -len(tail)]
    keep = path.lower().endswith((".jsp", ".do", ".aspx", ".asp", ".php"))
    return "%s:%s%s%s" % (p.hostname, p.port, path, "?" + unquote(p.query) if keep and p.query else "")


def report_urls(r: dict, with_alt: bool = True) -> list[str]:
    """Every address an expected report may be exported under (alt_urls only if with_alt)."""
    urls = list(r["urls"]) + [r["primary_url"]]
    urls += [r[k] for k in ("notice_url",) if r.get(k)]
    urls += [a["url"] for a in r.get("attachments", [])]
    if with_alt:
        urls += r.get("alt_urls", [])
    return urls


# --- serving a world -------------------------------------------------------------------------

def load_builder(path: Path, name: str) -> ModuleType:
    """Import a world's build script (e.g. fixtures/world3/build_world3.py) as module `name`."""
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def local_get(server, u: str, data: bytes | None = None, headers: dict | None = None):
    """GET `u` (":PORT/" replaced by the server's port; through the server's proxy in proxy
    mode; POST when `data`): (status, headers, body), errors included."""
    u = u.replace(":PORT/", ":%d/" % server.port)
    handlers = [urllib.request.ProxyHandler({"http": server.proxy_url} if server.proxy else {})]
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(urllib.request.Request(u, data=data, headers=headers or {}), timeout=5) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def start_world(site: Path, hosts: dict, builder: ModuleType, name: str,
                port: int = 0, proxy: bool = False) -> tuple[SiteServer, str]:
    """Serve the world under `site` (portal -> host in `hosts`, plus builder.dynamic_routes and,
    when the builder has them, builder.request_routes) and write its portals.csv with the real
    port to a temp file (prefix nianbao-<name>-). With `proxy`, the hosts are real names served
    through the server's loopback proxy (SiteServer(proxy=True)); portals.csv is used as is.
    Returns (started server, portals csv path); the caller stops one and unlinks the other."""
    server = SiteServer({p: str(site / p) for p in hosts}, hosts, port, proxy=proxy)
    for s, path, fn in builder.dynamic_routes(site):
        server.route(s, path, fn)
    for s, path, fn in getattr(builder, "request_routes", lambda _site: [])(site):
        server.route_request(s, path, fn)
    server.start()
    fd, portals = tempfile.mkstemp(prefix="nianbao-%s-" % name, suffix=".csv")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write((site / "portals.csv").read_text(encoding="utf-8").replace("PORT", str(server.port)))
    return server, portals


@dataclass(frozen=True)
class World:
    """A generated world on disk (tests/fixtures/worldN): its committed site, its truth
    (expected.json), its generator, and how to serve it. Both the scoring tests and the
    tests of the world itself open it through open_world."""
    name: str
    root: Path
    builder: ModuleType
    expected: dict = field(repr=False)
    hosts: dict

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def proxy(self) -> bool:
        """Whether the world is served under real host names through a proxy (expected.json "proxy")."""
        return bool(self.expected.get("proxy"))

    def start(self, port: int = 0) -> tuple[SiteServer, str]:
        return start_world(self.site, self.hosts, self.builder, self.name, port, self.proxy)

    def serve(self):
        """Generator for a module-scoped fixture: the started server, stopped afterwards."""
        server, portals = self.start()
        os.unlink(portals)
        yield server
        server.stop()


def open_world(root: Path, name: str) -> World:
    """The world in `root` whose generator is `root`/build_<name>.py."""
    site = root / "site"
    return World(name=name, root=root, builder=load_builder(root / ("build_%s.py" % name), "build_%s" % name),
                 expected=json.loads((root / "expected.json").read_text(encoding="utf-8")),
                 hosts=json.loads((site / "sites.json").read_text(encoding="utf-8")))


# --- running the pipeline and matching its export ---------------------------------------------

def case_param(check: str, key: str, known: dict[str, str], missing: dict[str, str]):
    """pytest.param(key, id=key), strict-xfailed when "<check>[<key>]" is in `known`, or when the
    report (group `key`, or the group of a "meta" case "<group>-<field>") is in `missing`:
    the "found" check carries the reason from `missing`, every other check points at it."""
    reason = known.get("%s[%s]" % (check, key))
    group = key if key in missing else key.rsplit("-", 1)[0] if check == "meta" else None
    if reason is None and group in missing and check != "found":
        reason = "report not exported (see found[%s])" % group
    if reason is None and check == "found":
        reason = missing.get(key)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(key, id=key, marks=marks)


def run_nianbao(*args, env: dict | None = None):
    """`python -m nianbao.cli *args` as a subprocess (captured text, 600 s timeout)."""
    return subprocess.run([sys.executable, "-m", "nianbao.cli", *args], capture_output=True, text=True, timeout=600,
                          env=env)


def proxy_env(server: SiteServer) -> dict | None:
    """The environment of a crawl through the server's proxy (http_proxy/HTTP_PROXY and the https
    pair pointing at it, no_proxy cleared), or None (inherit) when the server is not a proxy."""
    if not server.proxy:
        return None
    env = dict(os.environ)
    for k in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        env[k] = server.proxy_url
    env["no_proxy"] = env["NO_PROXY"] = ""
    return env


def crawl_and_export(tmp: Path, name: str, start: Callable[[], tuple[SiteServer, str]], expected: dict,
                     crawl_codes: tuple = (0,)) -> dict:
    """Crawl the world `start()` serves into sqlite tmp/<name>.db, export to tmp/out and match
    each exported line to its expected group by normalised URL (`expected` is expected.json).
    `crawl_codes`: the exit codes the crawl may end with (1 where the world has a portal that
    cannot be reached on purpose: `nianbao crawl` says so in its exit code).

    Returns db (path), lines, by_group (group -> lines), stray (lines matching no report, or a
    look-alike), metrics (report_id -> metric rows), log (server requests), look (normalised
    look-alike URLs), fix (":PORT/" -> real port), port, seconds (the crawl's wall time) and proxy
    (whether the world was served under real names through the proxy)."""
    db_path = tmp / ("%s.db" % name)
    db = "sqlite:///%s" % db_path
    server, portals = start()
    began = time.monotonic()
    try:
        crawl = run_nianbao("crawl", "--portals", portals, "--db", db, "--warc-dir", str(tmp / "warc"),
                            "--log-level", "WARNING", env=proxy_env(server))
    finally:
        server.stop()
        os.unlink(portals)
    seconds = time.monotonic() - began
    assert crawl.returncode in crawl_codes, crawl.stderr[-3000:]
    export = run_nianbao("export", "--db", db, "--out", str(tmp / "out"))
    assert export.returncode == 0, export.stderr[-3000:]
    port = server.port

    def fix(u):
        return u.replace(":PORT/", ":%d/" % port)
    with open(tmp / "out" / "reports.jsonl", encoding="utf-8") as f:
        lines = [json.loads(line) for line in f]
    with open(tmp / "out" / "metrics.jsonl", encoding="utf-8") as f:
        metrics = [json.loads(line) for line in f]
    to_group = {}
    for r in expected["reports"]:
        for u in report_urls(r):
            to_group[norm_url(fix(u))] = r["group"]
    look = {norm_url(fix(u)) for u in expected["look_alikes"]}
    by_group = collections.defaultdict(list)
    stray = []
    for line in lines:
        g = to_group.get(norm_url(line["url"]))
        if g is None or norm_url(line["url"]) in look:
            stray.append(line)
        else:
            by_group[g].append(line)
    by_report = collections.defaultdict(list)
    for m in metrics:
        by_report[m["report_id"]].append(m)
    return {"db": str(db_path), "lines": lines, "by_group": by_group, "stray": stray, "metrics": by_report,
            "log": list(server.log), "look": look, "fix": fix, "port": port, "seconds": seconds,
            "proxy": server.proxy}


def export_line(crawled: dict, reports: list[dict], group: str) -> tuple[dict, dict]:
    """(exported line, expected report) for `group`: the line at the primary URL, else the first;
    fails the test when the group has no line."""
    got = crawled["by_group"].get(group)
    if not got:
        pytest.fail("no export line for %s" % group)
    want = next(r for r in reports if r["group"] == group)
    primary = norm_url(crawled["fix"](want["primary_url"]))
    return next((l for l in got if norm_url(l["url"]) == primary), got[0]), want


def look_alike_address(u: str) -> str:
    """Test id of a look-alike URL: scheme and ":PORT" dropped."""
    return u.replace("http://", "").replace(":PORT", "")


def look_alike_exported(crawled: dict, address: str) -> bool:
    """Whether the look-alike `address` (a look_alike_address id) is among the exported URLs."""
    u = "http://" + address if crawled.get("proxy") else crawled["fix"]("http://" + address.replace("/", ":PORT/", 1))
    exported = {norm_url(x) for l in crawled["lines"] for x in [l["url"], *l.get("urls", [])]}
    return norm_url(u) in exported


# --- per-report checks -------------------------------------------------------------------------

FIELDS = ("year", "region", "level", "publish_date", "title", "body")


def check_metadata(line: dict, want: dict, field: str) -> None:
    """Assert one metadata field of an exported line: title squashed/NFKC against title and
    title_alt; body against body and body_alt (the body named in the title, else the signing
    office, spec/export.md); any other field equal."""
    if field == "title":
        ok = [squash(unicodedata.normalize("NFKC", t)) for t in [want["title"]] + want["title_alt"]]
        assert squash(unicodedata.normalize("NFKC", line.get("title") or "")) in ok, line.get("title")
    elif field == "body":
        assert line.get("body") in [want["body"]] + want.get("body_alt", []), (line.get("body"), want["body"])
    else:
        assert line.get(field) == want[field], (line.get(field), want[field])


def chrome_leaks(line: dict, want: dict, phrases: list[str]) -> list[str]:
    """Boilerplate phrases found in the exported text but not in the expected text (normalised)."""
    text, own = norm_text(line.get("text")), norm_text(want["text"])
    return [ph for ph in phrases if norm_text(ph) in text and norm_text(ph) not in own]


def score_metrics(crawled: dict, reports: list[dict], group: str):
    """Compare a report's exported metrics with its gold ones: (tp, wrong, need, missing).

    Optional keys absent from gold are ignored; a repeated key and a value off gold (or a key
    not in gold) is wrong; `need` is gold minus approximate/optional keys not exported;
    `missing` the needed keys not exported or exported wrong."""
    line, want = export_line(crawled, reports, group)
    gold, optional, approx = want["metrics"], set(want["optional"]), set(want["approximate"])
    rows = crawled["metrics"].get(line["report_id"], [])
    tp, wrong, seen = 0, [], set()
    for m in rows:
        k = m["key"]
        if k in optional and k not in gold:
            continue
        if k in seen:
            wrong.append((k, m["value"], "duplicate key"))
            continue
        seen.add(k)
        if k in gold and abs(float(m["value"]) - float(gold[k])) < 1e-9:
            tp += 1
        else:
            wrong.append((k, m["value"], gold.get(k, "absent in gold")))
    need = [k for k in gold if not ((k in approx or k in optional) and k not in seen)]
    missing = [k for k in need if k not in seen or any(w[0] == k for w in wrong)]
    return tp, wrong, need, missing


def precision(tp: int, wrong: list) -> float:
    """tp / (tp + wrong), 1.0 when nothing was exported."""
    return tp / (tp + len(wrong)) if tp + len(wrong) else 1.0


def recall(tp: int, need: list) -> float:
    """tp / needed, 1.0 when nothing is needed."""
    return tp / len(need) if need else 1.0


def robots_violations(log: list[dict], disallowed: dict[str, list[str]]) -> list[str]:
    """site+path of each logged request (robots.txt aside) under a prefix disallowed for its site."""
    bad = []
    for row in log:
        path = unquote(row["path"].split("?")[0])
        if path == "/robots.txt":
            continue
        if any(path.startswith(p) for p in disallowed.get(row["site"], [])):
            bad.append(row["site"] + row["path"])
    return bad
