"""`nianbao enqueue` / `nianbao worker` (scrapy-redis) on the real Redis (db 13, a key
prefix of the test's own, removed afterwards), real PostgreSQL and a loopback world:
the queue's reliable pop and reclaim, the shared duplicate filter, the per-host gate;
two workers giving the export one worker gives, with no URL asked twice and the sites'
Crawl-delay kept; a worker killed with SIGKILL mid-crawl and another finishing every
portal."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid

import pytest
from scrapy import Request

from bench.world import build as build_world
from cli_world import ROOT, wait_for
from crawler import meta as M
from crawler.dupefilter import RunDupeFilter
from crawler.middlewares.host_gate import HostGate
from crawler.queue import PortalQueue
from nianbao.demo.politeness import fetched_twice, per_host
from nianbao.demo.server import SiteServer

pytestmark = pytest.mark.redis

REDIS_DB = 13
CRAWL_DELAY = 0.2
PORTALS = [{"url": "http://127.0.0.%d:8080/" % i, "name": "p%d" % i} for i in range(1, 6)]


@pytest.fixture
def rq():
    """(redis URL, client, key prefix): a prefix no other test uses; its keys are deleted after."""
    import redis

    url = "redis://127.0.0.1:6379/%d" % REDIS_DB
    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    try:
        client.ping()
    except Exception as e:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not reachable: %s" % e)
        pytest.skip("Redis is not reachable: %s" % e)
    prefix = "nbtest-%s:" % uuid.uuid4().hex[:10]
    yield url, client, prefix
    for key in client.scan_iter(prefix + "*"):
        client.delete(key)
    client.close()


def test_the_queue_hands_out_each_portal_once_and_takes_back_a_dead_workers(rq):
    _, client, prefix = rq
    q = PortalQueue(client, "night", prefix)
    assert q.enqueue(PORTALS) == 5
    assert q.enqueue(PORTALS[:3]) == 0                      # the same night again: nothing doubled
    q.beat("a", 30)
    q.beat("b", 1)
    a, b = q.take("a", 2), q.take("b", 2)
    assert [json.loads(r)["url"] for r in a + b] == [p["url"] for p in PORTALS[:4]]
    assert q.counts()["queued"] == 1 and q.pending() == 5
    q.finish("a", a[0], PORTALS[0]["url"])
    assert q.pending() == 4 and client.sismember(q.done_key, PORTALS[0]["url"])
    assert q.reclaim("a") == {} and not q.is_dead("b")      # b's heartbeat still runs
    client.delete(q.heartbeat_key("b"))                     # b was killed: its beat lapses
    assert q.is_dead("b") and not q.is_dead("a") and not q.is_dead("some uncoordinated crawl")
    assert q.reclaim("a") == {"b": 2}
    assert q.reclaim("a") == {}                             # only one reclaimer moves them
    assert [json.loads(r)["url"] for r in q.take("a", 5)] == [p["url"] for p in PORTALS[2:4] + PORTALS[4:]]
    assert q.hand_back("a") == 4 and q.counts()["queued"] == 4   # a stops cleanly: back to the others
    q.beat("c", 30)
    q.expire(3600)
    assert 3500 < client.ttl(q.start_urls_key) <= 3600 and client.ttl(q.heartbeat_key("c")) <= 30


def test_the_shared_duplicate_filter_lets_a_url_through_once_per_run(rq):
    url, client, prefix = rq
    from scrapy.settings import Settings

    settings = Settings({"REDIS_URL": url, "NIANBAO_RUN": "night", "NIANBAO_REDIS_PREFIX": prefix})
    one, two = RunDupeFilter.from_settings(settings), RunDupeFilter.from_settings(settings)

    def req(u, portal):
        return Request(u, meta={M.PORTAL: portal})

    shared = "http://files.example/a.pdf"
    assert not one.request_seen(req(shared, "http://a/"))
    assert one.request_seen(req(shared, "http://a/"))               # this worker again
    assert two.request_seen(req(shared, "http://b/"))               # another portal, another worker
    assert not two.request_seen(req(shared, "http://a/"))           # a's portal, taken over from a dead worker
    one.close()
    assert client.hlen(one.key) == 1                                 # the run's fingerprints stay


def test_the_host_gate_holds_a_hosts_limits_across_workers(rq):
    _, client, prefix = rq
    a, b = HostGate(client, prefix, 30), HostGate(client, prefix, 30)
    assert a.acquire("h", "a1", 2, 0) == 0
    assert b.acquire("h", "b1", 2, 0) == 0
    assert b.acquire("h", "b2", 2, 0) > 0                            # two in flight on the host: wait
    a.release("h", "a1", 0)
    assert b.acquire("h", "b2", 2, 0) == 0
    # a Crawl-delay of 5 s: the next request, from whichever worker, waits for it
    assert a.acquire("d", "a1", 1, 5) == 0
    a.release("d", "a1", 5)
    wait = b.acquire("d", "b1", 1, 5)
    assert 4000 < wait <= 5000


# --- end to end ----------------------------------------------------------------------------------

def nianbao(*args, env=None):
    return subprocess.run([sys.executable, "-m", "nianbao.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=300)


def worker_args(redis_url, prefix, run, db, warc, *extra):
    return ["worker", "--redis", redis_url, "--run", run, "--db", db, "--warc-dir", warc, "--json",
            "-s", "NIANBAO_REDIS_PREFIX=" + prefix, "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0", *extra]


def worker_bg(*args, env, quiet=False):
    out = subprocess.DEVNULL if quiet else subprocess.PIPE
    return subprocess.Popen([sys.executable, "-m", "nianbao.cli", *worker_args(*args)], stdout=out, stderr=out,
                            text=True, cwd=ROOT, env=env)


@pytest.fixture
def world(tmp_path):
    sites = build_world(str(tmp_path / "world"), portals=4, seed=11, crawl_delay=CRAWL_DELAY)
    server = SiteServer(sites)
    urls = server.start()
    portals = tmp_path / "portals.csv"
    portals.write_text("url,name\n" + "".join("%s,%s\n" % (u, n) for n, u in sorted(urls.items())) +
                       "not a url\n", encoding="utf-8")
    with open(tmp_path / "world" / "truth.json", encoding="utf-8") as f:
        server.truth = json.load(f)["reports"]
    yield server, str(portals), sorted(urls.values())
    server.stop()


def exported(db, out) -> list:
    """The export's reports and figures, less the times a crawl stamps (they differ run to run)."""
    proc = nianbao("export", "--db", db, "--out", str(out), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = []
    for name in ("reports.jsonl", "metrics.jsonl"):
        with open(os.path.join(out, name), encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                for key in ("first_seen", "last_seen", "last_changed"):
                    row.pop(key, None)
                rows.append(json.dumps(row, ensure_ascii=False, sort_keys=True))
    return sorted(rows)


@pytest.mark.slow
@pytest.mark.postgres
def test_two_workers_export_what_one_worker_does(world, rq, pg_url, pg_url_b, tmp_path):
    server, portals, urls = world
    redis_url, client, prefix = rq
    env = dict(os.environ, PYTHONPATH=ROOT)
    for run in ("one", "two", "two"):
        enq = nianbao("enqueue", portals, "--redis", redis_url, "--run", run, "-s", "NIANBAO_REDIS_PREFIX=" + prefix,
                      env=env)
        assert enq.returncode == 0, enq.stderr[-2000:]
        assert "portals.csv line 6 skipped: " in enq.stderr                    # the bad line, said once
    assert json.loads(enq.stdout)["added"] == 0 and json.loads(enq.stdout)["queued"] == 4  # the night again: no doubles
    q2 = PortalQueue(client, "two", prefix)

    solo = nianbao(*worker_args(redis_url, prefix, "one", pg_url, str(tmp_path / "w1"), "--until-empty"), env=env)
    assert solo.returncode == 0, solo.stderr[-3000:]
    solo_log = list(server.log)
    start = len(server.log)
    procs = [worker_bg(redis_url, prefix, "two", pg_url_b, str(tmp_path / ("w2-%d" % i)), "--until-empty",
                       "-s", "NIANBAO_WORKER_BATCH=1", env=env) for i in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e[-3000:] for _, e in outs]
    pair_log = server.log[start:]

    runs = [json.loads(o) for o, _ in outs]
    crawled = [set(r["summary"]["portals"]) for r in runs]
    assert crawled[0] and crawled[1] and not crawled[0] & crawled[1]      # both worked, on different portals
    assert crawled[0] | crawled[1] == set(urls)
    assert all(not r["summary"]["portals_busy"] for r in runs)             # workers never stop each other
    assert q2.counts() == {"queued": 0, "pending": 0, "enqueued": 4, "done": 4}

    assert fetched_twice(solo_log) == {}
    assert fetched_twice(pair_log) == {}                                  # no URL asked twice in the run
    assert len(pair_log) == len(solo_log)
    for host, h in per_host(pair_log).items():                            # robots.txt Crawl-delay, all workers
        assert h["max_in_flight"] == 1, (host, h)
        assert h["min_gap_s"] >= CRAWL_DELAY * 0.95, (host, h)

    one, two = exported(pg_url, tmp_path / "x1"), exported(pg_url_b, tmp_path / "x2")
    assert one == two
    assert sum('"status": "live"' in r for r in one) == server.truth


@pytest.mark.slow
@pytest.mark.postgres
def test_a_killed_workers_portals_are_finished_by_another(world, rq, pg_url, tmp_path):
    server, portals, urls = world
    redis_url, client, prefix = rq
    env = dict(os.environ, PYTHONPATH=ROOT)
    q = PortalQueue(client, "night", prefix)
    q.enqueue([{"url": u, "name": None} for u in urls])
    fast_beat = ["-s", "NIANBAO_WORKER_HEARTBEAT_TTL=2", "-s", "DOWNLOAD_TIMEOUT=5"]
    doomed = worker_bg(redis_url, prefix, "night", pg_url, str(tmp_path / "wa"), "-s", "NIANBAO_WORKER_BATCH=1",
                       *fast_beat, env=env, quiet=True)
    try:
        def mid_crawl():
            held = [k for k in client.scan_iter(q.base + "processing:*") if client.llen(k)]
            return held and len(server.log) >= 6 and held
        held = wait_for(mid_crawl, timeout=120)
        assert held, "the first worker never started crawling"
    finally:
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(30)
    portal = json.loads(client.lindex(held[0], 0))["url"]
    assert not client.sismember(q.done_key, portal)                       # killed before it finished

    rest = nianbao(*worker_args(redis_url, prefix, "night", pg_url, str(tmp_path / "wb"), "--until-empty",
                                *fast_beat), env=env)
    assert rest.returncode == 0, rest.stderr[-3000:]
    assert "is gone: 1 portal(s) back to the queue" in rest.stderr
    assert portal in json.loads(rest.stdout)["summary"]["portals"]
    assert q.counts()["pending"] == 0 and client.smembers(q.done_key) == {u.encode() for u in urls}
    rows = exported(pg_url, tmp_path / "x")
    assert sum('"status": "live"' in r for r in rows) == server.truth     # every portal's reports, once
    from sqlalchemy import create_engine, text
    engine = create_engine(pg_url)
    with engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM crawl_locks")).scalar() == 0   # the dead one's taken over
    engine.dispose()


# --- the commands as the README gives them, and their mistakes -------------------------------------

def readme_worker_commands() -> list[list[str]]:
    import re
    import shlex

    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    found = re.findall(r"(?:^    |ExecStart=/usr/local/bin/|&& )(nianbao (?:enqueue|worker) [^>\n]+)", text, re.M)
    return [shlex.split(line)[1:] for line in found]


def test_the_readme_worker_commands_are_real_commands():
    from nianbao.cli import build_parser

    commands = readme_worker_commands()
    assert {c[0] for c in commands} == {"enqueue", "worker"} and len(commands) >= 5
    for argv in commands:
        args = build_parser().parse_args(argv)       # a usage error exits: the README would lie
        assert args.redis.startswith("redis://")


def test_a_worker_without_redis_or_a_run_says_so_in_one_line(rq, tmp_path):
    redis_url, _, prefix = rq
    env = dict(os.environ, PYTHONPATH=ROOT)
    db = "sqlite:///%s" % (tmp_path / "x.db")
    down = nianbao("worker", "--redis", "redis://127.0.0.1:1/0", "--db", db, env=env)
    assert down.returncode == 2 and down.stderr.count("\n") == 1, down.stderr
    assert "cannot reach Redis at redis://127.0.0.1:1/0" in down.stderr
    none = nianbao("worker", "--redis", redis_url, "--db", db, "-s", "NIANBAO_REDIS_PREFIX=" + prefix, env=env)
    assert none.returncode == 2 and "no run in Redis" in none.stderr and "nianbao enqueue" in none.stderr
    missing = nianbao("enqueue", str(tmp_path / "nope.csv"), "--redis", redis_url, env=env)
    assert missing.returncode == 2 and "no such portals file" in missing.stderr
