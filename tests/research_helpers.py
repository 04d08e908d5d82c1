"""One crawl of the bundled demo world (nianbao/demo, not the dev world) shared by the
research tests (panel, series, compare, trace, serve): served on loopback, crawled
with the real `nianbao crawl`, exported with `nianbao export`."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from nianbao.demo.run import start_world


def nianbao(*args, timeout=600):
    return subprocess.run([sys.executable, "-m", "nianbao.cli", *args], capture_output=True, text=True,
                          timeout=timeout)


def file_sha(path) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture(scope="session")
def demo_crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("research")
    db = "sqlite:///%s" % (tmp / "demo.db")
    server, portals = start_world()
    try:
        crawl = nianbao("crawl", "--portals", portals, "--db", db, "--warc-dir", str(tmp / "warc"))
    finally:
        server.stop()
        os.unlink(portals)
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    return {"db": db, "path": str(tmp / "demo.db"), "warc": str(tmp / "warc"), "tmp": tmp}
