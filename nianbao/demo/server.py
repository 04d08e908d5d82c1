"""A static multi-host portal server on loopback, for `nianbao demo` and the tests.

Each site directory is served on its own loopback address (127.0.0.N), as portals
are one host each. Files answer with ETag and Last-Modified and honour
If-None-Match / If-Modified-Since with 304, so incremental crawls can be tested.

A file NAME.headers.json beside a page sets extra response headers, plus these
keys the server handles itself:
  "status": N        answer with status N (and the file body)
  "delay_ms": N      sleep N ms before answering
  "fail_first": N    answer 503 (Retry-After: 1) to the first N requests of this path
  "truncate": N      announce the full Content-Length but send only N bytes, then close
  "Location": URL    with "status": 30x, a redirect

Routes added with `SiteServer.route(site, path, fn)` answer dynamically:
fn(query: dict) -> (status, headers, body bytes) — for traps such as endless pages.
Routes added with `SiteServer.route_request(site, path, fn)` get the whole request
(fn(req: Request) -> (status, headers, body)), for POST APIs and cookie challenges.

With `proxy=True` the sites keep their real host names (`hosts` maps site -> name such
as "xxgk.example.gov.cn") and one listener on 127.0.0.1 answers as an HTTP proxy:
absolute-URI requests (`GET http://name/path`) are dispatched by host name, as a
crawler configured with http_proxy sends them. A request for a name no site has is
answered 502 and logged with site None, so a test can assert that no unrelated host
was asked.
"""
from __future__ import annotations

import email.utils
import hashlib
import json
import mimetypes
import os
import socketserver
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass
class Request:
    """What a `route_request` function sees of one request."""
    method: str
    host: str
    path: str
    query: dict
    headers: dict
    body: bytes = b""
    cookies: dict = field(default_factory=dict)


class _Threaded(socketserver.ThreadingMixIn, HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # a crawler's burst must not lose SYNs (a lost one stalls 1 s)


class SiteServer:
    """Serve `{site_name: directory}` on `{site_name: "127.0.0.N"}` at one port.

    >>> srv = SiteServer({"a": "/path/to/a"}); urls = srv.start(); srv.stop()
    """

    def __init__(self, sites: dict[str, str], hosts: dict[str, str] | None = None, port: int = 0,
                 proxy: bool = False, latency_ms: float = 0):
        self.sites = {name: os.path.realpath(path) for name, path in sites.items()}
        self.hosts = hosts or {name: "127.0.0.%d" % (i + 1) for i, name in enumerate(self.sites)}
        self.port = port
        self.proxy = proxy
        self.latency = latency_ms / 1000  # every answer waits this long (a far-away server, for bench/)
        self.log: list[dict] = []
        self.routes: dict[tuple[str, str], object] = {}
        self.request_routes: dict[tuple[str, str], object] = {}
        self._servers: list[_Threaded] = []
        self._fails: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    def route(self, site: str, path: str, fn) -> None:
        self.routes[(site, path)] = fn

    def route_request(self, site: str, path: str, fn) -> None:
        self.request_routes[(site, path)] = fn

    @property
    def proxy_url(self) -> str:
        """The address to put in http_proxy (proxy mode only)."""
        return "http://127.0.0.1:%d" % self.port

    def start(self) -> dict[str, str]:
        if self.proxy:
            by_name = {self.hosts[name].lower(): (name, root) for name, root in self.sites.items()}
            srv = _Threaded(("127.0.0.1", self.port), self._handler(None, None, by_name))
            self.port = srv.server_address[1]
            threading.Thread(target=srv.serve_forever, daemon=True).start()
            self._servers.append(srv)
            return self.urls()
        port = self.port
        for name, root in self.sites.items():
            srv = _Threaded((self.hosts[name], port), self._handler(name, root))
            port = port or srv.server_address[1]  # every site on the port the first one got
            threading.Thread(target=srv.serve_forever, daemon=True).start()
            self._servers.append(srv)
        self.port = port
        return self.urls()

    def urls(self) -> dict[str, str]:
        if self.proxy:  # real names on port 80, reached through proxy_url
            return {name: "http://%s/" % self.hosts[name] for name in self.sites}
        return {name: "http://%s:%d/" % (self.hosts[name], self.port) for name in self.sites}

    def stop(self) -> None:
        for srv in self._servers:
            srv.shutdown()
            srv.server_close()
        self._servers = []

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def _handler(self, fixed_site: str | None, fixed_root: str | None, by_name: dict | None = None):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # the request log below replaces stderr noise
                pass

            def do_HEAD(self):
                self.do_GET(head=True)

            def do_POST(self):
                self.do_GET(method="POST")

            def do_CONNECT(self):  # worlds are plain http; a tunnel request is refused, and logged
                self.host = self.path.split(":")[0].lower()
                self.site = by_name.get(self.host, (None, None))[0] if by_name else fixed_site
                self._send(405, b"no tunnels", {"Content-Type": "text/plain"})

            def _resolve(self):
                """(site, root, host) of this request: fixed, or by the absolute URI's host."""
                if by_name is None:
                    return fixed_site, fixed_root, self.headers.get("Host", "").split(":")[0].lower()
                host = (urlsplit(self.path).hostname or self.headers.get("Host", "").split(":")[0]).lower()
                site, root = by_name.get(host, (None, None))
                return site, root, host

            def do_GET(self, head=False, method=None):
                method = method or ("HEAD" if head else "GET")
                self._t0 = time.time()  # when the request arrived (the log's "t" is when it was answered)
                if server.latency:
                    time.sleep(server.latency)
                site, root, self.host = self._resolve()
                self.site = site
                body_in = b""
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    body_in = self.rfile.read(length)
                if site is None:
                    return self._send(502, b"unknown host", {"Content-Type": "text/plain"}, head)
                split = urlsplit(self.path)
                path = unquote(split.path)
                rfn = server.request_routes.get((site, path))
                if rfn is not None:
                    cookies = {}
                    for part in (self.headers.get("Cookie") or "").split(";"):
                        k, _, v = part.strip().partition("=")
                        if k:
                            cookies[k] = v
                    req = Request(method, self.host, path, parse_qs(split.query), dict(self.headers), body_in, cookies)
                    status, headers, body = rfn(req)
                    return self._send(status, body, headers, head)
                fn = server.routes.get((site, path))
                if fn is not None:
                    status, headers, body = fn(parse_qs(split.query))
                    return self._send(status, body, headers, head)
                fs = os.path.normpath(os.path.join(root, path.lstrip("/")))
                if fs != root and not fs.startswith(root + os.sep):
                    return self._send(403, b"forbidden", {"Content-Type": "text/plain"}, head)
                if os.path.isdir(fs):
                    fs = os.path.join(fs, "index.html")
                if not os.path.isfile(fs) or fs.endswith(".headers.json"):
                    return self._send(404, b"<html><body>404 Not Found</body></html>",
                                      {"Content-Type": "text/html"}, head)
                with open(fs, "rb") as f:
                    body = f.read()
                mtime = int(os.stat(fs).st_mtime)
                etag = '"%s"' % hashlib.md5(body).hexdigest()
                headers = {"Content-Type": mimetypes.guess_type(fs)[0] or "application/octet-stream",
                           "ETag": etag, "Last-Modified": email.utils.formatdate(mtime, usegmt=True)}
                if os.path.exists(fs + ".headers.json"):
                    with open(fs + ".headers.json") as f:
                        headers.update(json.load(f))
                delay = float(headers.pop("delay_ms", 0))
                fail_first = int(headers.pop("fail_first", 0))
                truncate = headers.pop("truncate", None)
                status = int(headers.pop("status", 200))
                if delay:
                    time.sleep(delay / 1000)
                if fail_first:
                    with server._lock:
                        n = server._fails.get((site, fs), 0)
                        server._fails[(site, fs)] = n + 1
                    if n < fail_first:
                        return self._send(503, b"<html><body>503</body></html>",
                                          {"Content-Type": "text/html", "Retry-After": "1"}, head)
                if truncate is not None and not head:
                    return self._send_truncated(body, headers, int(truncate))
                if status == 200:
                    inm = self.headers.get("If-None-Match")
                    ims = self.headers.get("If-Modified-Since")
                    fresh = inm == etag if inm else bool(
                        ims and email.utils.parsedate_to_datetime(ims).timestamp() >= mtime)
                    if fresh:
                        return self._send(304, b"", {"ETag": etag, "Last-Modified": headers["Last-Modified"]}, head)
                self._send(status, body, headers, head)

            def _record(self, status, size):
                path = self.path
                if by_name is not None and "://" in path:  # absolute URI: log the path as direct mode does
                    split = urlsplit(path)
                    path = split.path + ("?" + split.query if split.query else "")
                with server._lock:
                    server.log.append({"t": time.time(), "t0": getattr(self, "_t0", None), "site": self.site,
                                       "host": self.host, "path": path,
                                       "method": self.command, "status": status,
                                       "bytes": size, "ua": self.headers.get("User-Agent", ""),
                                       "if_none_match": self.headers.get("If-None-Match"),
                                       "if_modified_since": self.headers.get("If-Modified-Since")})

            def _send_truncated(self, body, headers, n):
                self.send_response(200)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body[:n])
                self.wfile.flush()
                self.close_connection = True
                self._record(200, n)

            def _send(self, status, body, headers, head=False):
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head and status != 304:
                    self.wfile.write(body)
                self._record(status, 0 if status == 304 else len(body))

        return Handler


def serve_forever(sites: dict[str, str], hosts: dict[str, str] | None = None, port: int = 0) -> None:
    """Serve until interrupted (used by `python -m nianbao.demo.server DIR`)."""
    srv = SiteServer(sites, hosts, port)
    for name, url in srv.start().items():
        print(name, url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        srv.stop()


if __name__ == "__main__":
    import sys

    top = sys.argv[1]
    serve_forever({d: os.path.join(top, d) for d in sorted(os.listdir(top))
                   if os.path.isdir(os.path.join(top, d))}, port=int(sys.argv[2]) if len(sys.argv) > 2 else 0)
