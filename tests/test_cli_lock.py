"""One crawl per portal at a time, over the real CLI: a second, uncoordinated crawl of
the same portals on one database skips what the first holds (and says who holds
it), a dead crawl's lock is taken over, crawls of other portals run side by side
each reporting its own run. (Workers fed from one Redis queue, which never stop each
other on one database, are tests/test_workers.py's.)"""
import datetime as dt
import json
import socket
import subprocess
import sys
import threading

import pytest
from sqlalchemy import create_engine, text

from cli_world import FAST, NAMES, nianbao, nianbao_bg, portals_file, start, wait_for
from core.db import upgrade

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def slow_world(tmp_path_factory):
    srv = start(tmp_path_factory.mktemp("lock-world"), slow=1.5)
    yield srv
    srv.stop()


@pytest.fixture
def gated_world(tmp_path_factory):
    """Report pages that wait for the test: the first crawl is at them until the second is done."""
    gate = threading.Event()
    srv = start(tmp_path_factory.mktemp("lock-world-gated"), gate=gate)
    srv.gate = gate
    yield srv
    gate.set()
    srv.stop()


def locks(db_path):
    eng = create_engine("sqlite:///%s" % db_path)
    try:
        with eng.connect() as c:
            return c.execute(text("SELECT portal, run_id, pid, host FROM crawl_locks")).all()
    except Exception:
        return []
    finally:
        eng.dispose()


def crawl_args(tmp_path, db_path, portals, name="portals.csv"):
    return ("crawl", "--portals", portals_file(tmp_path, portals, name), "--db", "sqlite:///%s" % db_path, *FAST,
            "--json")


def test_a_second_crawl_skips_the_portals_the_first_holds(gated_world, tmp_path):
    urls = gated_world.urls()
    portals = [(urls["east"], NAMES["east"]), (urls["west"], NAMES["west"])]
    db = tmp_path / "x.db"
    first = nianbao_bg(*crawl_args(tmp_path, db, portals))
    try:
        held = wait_for(lambda: len(locks(db)) == 2 and locks(db), timeout=60)
        assert held and {r[2] for r in held} == {first.pid}
        second = nianbao(*crawl_args(tmp_path, db, portals, "again.csv"))
    finally:
        gated_world.gate.set()
        out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err[-3000:]
    assert second.returncode == 4, second.stderr[-3000:]
    assert "portal %s skipped: another crawl holds it (run 1, pid %d on %s)" % (
        urls["east"], first.pid, socket.gethostname()) in second.stderr
    mine, theirs = json.loads(out), json.loads(second.stdout)
    assert mine["id"] == 1 and theirs["id"] == 2                       # each prints its own run
    assert theirs["status"] == "skipped" and theirs["portals"] == 0 and theirs["requests"] == 0
    assert set(mine["summary"]["portals"]) == {urls["east"], urls["west"]}
    assert locks(db) == []                                             # released on exit


def test_a_dead_crawls_lock_is_taken_over(slow_world, tmp_path):
    urls = slow_world.urls()
    db = tmp_path / "x.db"
    upgrade("sqlite:///%s" % db)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()                                                        # a pid nobody has any more
    eng = create_engine("sqlite:///%s" % db)
    with eng.begin() as c:
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        c.execute(text("INSERT INTO crawl_locks (portal, run_id, token, host, pid, acquired_at, heartbeat_at) "
                       "VALUES (:p, 7, 'dead', :h, :pid, :t, :t)"),
                  {"p": urls["west"], "h": socket.gethostname(), "pid": gone.pid, "t": now})
    eng.dispose()
    proc = nianbao(*crawl_args(tmp_path, db, [(urls["west"], NAMES["west"])]))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "lock of a dead crawl (run 7, pid %d" % gone.pid in proc.stderr
    assert list(json.loads(proc.stdout)["summary"]["portals"]) == [urls["west"]]
    assert locks(db) == []


def test_crawls_of_other_portals_run_side_by_side(slow_world, tmp_path):
    urls = slow_world.urls()
    db = tmp_path / "x.db"
    upgrade("sqlite:///%s" % db)
    a = nianbao_bg(*crawl_args(tmp_path, db, [(urls["east"], NAMES["east"])], "a.csv"))
    b = nianbao_bg(*crawl_args(tmp_path, db, [(urls["west"], NAMES["west"])], "b.csv"))
    (out_a, err_a), (out_b, err_b) = a.communicate(timeout=180), b.communicate(timeout=180)
    assert a.returncode == 0 and b.returncode == 0, "\n".join([out_a[-1500:], err_a[-1500:], out_b[-1500:], err_b[-1500:]])
    run_a, run_b = json.loads(out_a), json.loads(out_b)
    assert run_a["id"] != run_b["id"]
    assert list(run_a["summary"]["portals"]) == [urls["east"]] and list(run_b["summary"]["portals"]) == [urls["west"]]
    assert all(r["summary"]["portals_crawled"] == 1 for r in (run_a, run_b))
