"""WARC writing: records are readable by warcio, offsets point at the response
record, 304s become revisits, files rotate at the size limit."""
import gzip
import os

from scrapy.http import Request, Response
from warcio.archiveiterator import ArchiveIterator

from crawler.warc import REVISIT_NOT_MODIFIED, WarcFiles, WarcMiddleware


def _exchange(mw, url, status=200, body=b"", headers=None, meta=None):
    req = Request(url, meta=dict(meta or {}), headers={"User-Agent": "nianbao-test"})
    resp = Response(url, status=status, body=body, headers=headers or {"Content-Type": "text/html"}, request=req)
    mw.process_response(req, resp)
    return req.meta["warc"]


def _record_at(folder, name, offset):
    with open(os.path.join(folder, name), "rb") as f:
        f.seek(offset)
        return next(iter(ArchiveIterator(f)))


def test_response_and_request_records_at_recorded_offset(tmp_path):
    mw = WarcMiddleware(WarcFiles(str(tmp_path), "run1"))
    body = "<html>抚州市2017年政府信息公开工作年度报告</html>".encode("gbk")
    w1 = _exchange(mw, "http://127.0.0.1/a.html", body=body)
    w2 = _exchange(mw, "http://127.0.0.1/b.html", body=b"second")
    mw.files.close()
    assert w1["file"] == w2["file"] == "nianbao-run1-00000.warc.gz"
    rec = _record_at(tmp_path, w1["file"], w1["offset"])
    assert rec.rec_type == "response"
    assert rec.rec_headers.get_header("WARC-Target-URI") == "http://127.0.0.1/a.html"
    assert rec.content_stream().read() == body
    rec2 = _record_at(tmp_path, w2["file"], w2["offset"])
    assert rec2.content_stream().read() == b"second"
    with open(tmp_path / w1["file"], "rb") as f:
        types = [r.rec_type for r in ArchiveIterator(f)]
    assert types == ["warcinfo", "response", "request", "response", "request"]


def test_304_is_a_server_not_modified_revisit(tmp_path):
    mw = WarcMiddleware(WarcFiles(str(tmp_path), "run2"))
    w = _exchange(mw, "http://127.0.0.1/r.pdf", status=304, headers={"ETag": '"x"'},
                  meta={"prev_fetched_at": "2026-01-01T00:00:00Z"})
    mw.files.close()
    rec = _record_at(tmp_path, w["file"], w["offset"])
    assert rec.rec_type == "revisit"
    assert rec.rec_headers.get_header("WARC-Profile") == REVISIT_NOT_MODIFIED
    assert rec.rec_headers.get_header("WARC-Refers-To-Date") == "2026-01-01T00:00:00Z"
    assert rec.http_headers.get_statuscode() == "304"


def test_rotation_at_size_limit(tmp_path):
    mw = WarcMiddleware(WarcFiles(str(tmp_path), "run3", max_bytes=2000))
    names = {_exchange(mw, "http://127.0.0.1/%d" % i, body=os.urandom(1500))["file"] for i in range(4)}
    mw.files.close()
    assert len(names) >= 3
    for name in names:  # every rotated file is a complete gzip-member WARC
        with open(tmp_path / name, "rb") as f:
            assert [r.rec_type for r in ArchiveIterator(f)][0] == "warcinfo"
        gzip.decompress((tmp_path / name).read_bytes())
