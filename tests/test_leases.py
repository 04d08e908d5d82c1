"""Portal leases on the real Redis at 127.0.0.1:6379 (database 15)."""
import time

import pytest

from crawler.leases import PortalLeases

pytestmark = pytest.mark.redis

PORTALS = [{"url": "http://127.0.0.%d:8080/" % i, "name": "p%d" % i} for i in range(1, 11)]


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
