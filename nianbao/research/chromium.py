"""Headless Chromium (the Debian ``chromium`` package) driven by its own command
line: ``--dump-dom`` for the page as the browser built it, ``--screenshot`` for a
PNG. No driver library: the switches are Chromium's own, kept stable for years.

Each call gets a fresh profile directory, so runs side by side never share a lock;
``--no-sandbox`` because CI and containers run as root, where Chromium's sandbox
refuses to start.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

BINARIES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_S = 90


class NoBrowser(Exception):
    """No Chromium on PATH, or it failed."""


def browser() -> str:
    for name in BINARIES:
        path = shutil.which(name)
        if path:
            return path
    raise NoBrowser("no headless browser on PATH (install Debian's chromium): tried %s" % ", ".join(BINARIES))


def _run(args: list[str]) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="nianbao-chromium-") as profile:
        cmd = [browser(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile] + args
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired as e:
            raise NoBrowser("chromium did not finish in %d s" % TIMEOUT_S) from e
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise NoBrowser("chromium exited %d: %s" % (done.returncode, tail[0]))
    return done


def url_of(target: str) -> str:
    return target if "://" in target else "file://" + os.path.abspath(target)


def dump_dom(target: str) -> str:
    """The DOM of ``target`` (a URL or an HTML file) after its scripts ran, serialised."""
    return _run(["--dump-dom", url_of(target)]).stdout.decode("utf-8", "replace")


def screenshot(target: str, png: str, width: int = 1280, height: int = 900) -> str:
    """A PNG of ``target`` in a ``width`` × ``height`` window."""
    png = os.path.abspath(png)
    _run(["--screenshot=" + png, "--window-size=%d,%d" % (width, height), url_of(target)])
    if not os.path.isfile(png) or os.path.getsize(png) == 0:
        raise NoBrowser("chromium wrote no screenshot to %s" % png)
    return png
