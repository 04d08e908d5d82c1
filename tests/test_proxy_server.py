"""The loopback proxy mode of the test/demo server (nianbao.demo.server.SiteServer(proxy=True)):
worlds with real host names are reached the way a crawler behind http_proxy reaches them."""
import json
import time
import urllib.error
import urllib.request

import pytest

from nianbao.demo.server import SiteServer


@pytest.fixture()
def proxied(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>portal a</p>", encoding="utf-8")
    (tmp_path / "b" / "list.html").write_text("<p>platform b</p>", encoding="utf-8")
    srv = SiteServer({"a": str(tmp_path / "a"), "b": str(tmp_path / "b")},
                     {"a": "www.example.gov.cn", "b": "xxgk.example.gov.cn"}, proxy=True)
    srv.route_request("b", "/api/list", lambda req: (
        200, {"Content-Type": "application/json"},
        json.dumps({"method": req.method, "body": json.loads(req.body or b"{}"),
                    "cookie": req.cookies.get("k")}).encode()))
    srv.start()
    yield srv
    srv.stop()


def logged(srv, n, timeout=5.0):
    """The server's log once it holds n entries (it records an exchange after answering it)."""
    deadline = time.monotonic() + timeout
    while len(srv.log) < n and time.monotonic() < deadline:
        time.sleep(0.01)
    return srv.log


def fetch(srv, url, data=None, headers=None):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": srv.proxy_url}))
    try:
        with opener.open(urllib.request.Request(url, data=data, headers=headers or {}), timeout=5) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_hosts_are_told_apart_by_name(proxied):
    assert proxied.urls() == {"a": "http://www.example.gov.cn/", "b": "http://xxgk.example.gov.cn/"}
    assert fetch(proxied, "http://www.example.gov.cn/") == (200, b"<p>portal a</p>")
    assert fetch(proxied, "http://xxgk.example.gov.cn/list.html") == (200, b"<p>platform b</p>")
    assert fetch(proxied, "http://www.example.gov.cn/list.html")[0] == 404
    assert [(e["site"], e["host"], e["path"]) for e in logged(proxied, 3)] == [
        ("a", "www.example.gov.cn", "/"), ("b", "xxgk.example.gov.cn", "/list.html"),
        ("a", "www.example.gov.cn", "/list.html")]


def test_an_unknown_name_is_refused_and_logged(proxied):
    assert fetch(proxied, "http://www.unrelated.com/")[0] == 502
    entry = logged(proxied, 1)[-1]
    assert entry["site"] is None and entry["host"] == "www.unrelated.com"


def test_request_routes_see_method_body_and_cookies(proxied):
    status, body = fetch(proxied, "http://xxgk.example.gov.cn/api/list", data=b'{"pageNo": 2}',
                         headers={"Content-Type": "application/json", "Cookie": "k=v; x=y"})
    assert status == 200
    assert json.loads(body) == {"method": "POST", "body": {"pageNo": 2}, "cookie": "v"}
