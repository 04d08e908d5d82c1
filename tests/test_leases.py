"""Portal leases on the real Redis at 127.0.0.1:6379 (database 15)."""
import time

import pytest

from crawler.leases import PortalLeases

pytestmark = pytest.mark.redis

PORTALS = [{"url": "http://127.0.0.%d:8080/" % i, "name": "p%d" % i} for i in range(1, 11)]


def test_a_capped_worker_leaves_the_rest(redis_client):
    a, b = PortalLeases(redis_client, ttl=30), PortalLeases(redis_client, ttl=30)
    assert len(a.partition(PORTALS, limit=4)) == 4
    assert [p["url"] for p in b.partition(PORTALS)] == [p["url"] for p in PORTALS[4:]]


def test_two_workers_split_the_portals_without_overlap(redis_client):
    a, b = PortalLeases(redis_client, ttl=30), PortalLeases(redis_client, ttl=30)
    mine_a = a.partition(PORTALS[:6])
    mine_b = b.partition(PORTALS)
    assert [p["url"] for p in mine_a] == [p["url"] for p in PORTALS[:6]]
    assert [p["url"] for p in mine_b] == [p["url"] for p in PORTALS[6:]]
    assert a.holder(PORTALS[0]["url"]) == a.owner != b.owner


def test_only_the_holder_releases_or_renews(redis_client):
    a, b = PortalLeases(redis_client, ttl=30), PortalLeases(redis_client, ttl=30)
    url = PORTALS[0]["url"]
    assert a.acquire(url)
    assert not b.release(url)           # b does not hold it: nothing happens
    b.held.add(url)                      # even if b wrongly believes it does
    assert b.renew() == [url]            # renewing tells b it lost the lease
    assert a.holder(url) == a.owner
    assert a.renew() == []
    assert redis_client.ttl("nianbao:lease:" + url) > 20
    assert a.release(url)
    assert b.acquire(url)


def test_a_dead_workers_lease_expires(redis_client):
    dead = PortalLeases(redis_client, ttl=1)
    assert dead.acquire(PORTALS[0]["url"])
    live = PortalLeases(redis_client, ttl=30)
    assert not live.acquire(PORTALS[0]["url"])
    time.sleep(1.3)
    assert live.acquire(PORTALS[0]["url"])


@pytest.mark.slow
def test_two_crawl_workers_split_the_portal_list(redis_client, tmp_path):
    """Two real `nianbao crawl` processes on one portal list and one Redis: every
    portal is crawled by exactly one of them, and together they find every report."""
    import json
    import os
    import subprocess
    import sys

    from nianbao.demo.run import start_world

    server, portals = start_world()
    try:
        procs = [subprocess.Popen(
            [sys.executable, "-m", "nianbao.cli", "crawl", "--portals", portals,
             "--db", "sqlite:///%s" % (tmp_path / ("w%d.db" % i)), "--warc-dir", str(tmp_path / ("warc%d" % i)),
             "-s", "NIANBAO_REDIS_URL=redis://127.0.0.1:6379/15", "-s", "NIANBAO_LEASE_MAX_PORTALS=2",
             "-s", "LOG_LEVEL=WARNING"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(2)]
        outs = [p.communicate(timeout=600) for p in procs]
    finally:
        server.stop()
        os.unlink(portals)
    assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]
    homepages = [row for row in server.log if row["path"] == "/"]
    assert sorted(row["site"] for row in homepages) == sorted(server.sites)  # each portal once
    found = []
    for i in range(2):
        out = tmp_path / ("out%d" % i)
        subprocess.run([sys.executable, "-m", "nianbao.cli", "export", "--db",
                        "sqlite:///%s" % (tmp_path / ("w%d.db" % i)), "--out", str(out)], check=True,
                       capture_output=True)
        with open(out / "reports.jsonl", encoding="utf-8") as f:
            found.append({json.loads(line)["url"] for line in f})
    assert found[0] and found[1] and not (found[0] & found[1])
    with open(os.path.join(os.path.dirname(__file__), "..", "nianbao", "demo", "expected.json"),
              encoding="utf-8") as f:
        expected = json.load(f)
    assert len(found[0] | found[1]) == len(expected["reports"])
    assert not redis_client.keys("nianbao:lease:*")  # released at the end
