"""WARC archive of every HTTP exchange of a crawl (warcio).

`WarcMiddleware` sits next to the downloader (priority 950), so it sees each
response as it came off the wire: before decompression, before redirects and
retries are acted on. Every request/response pair is written; a 304 becomes a
`revisit` record with the server-not-modified profile. Files are named by crawl
run and rotated at NIANBAO_WARC_MAX_BYTES. The file name and the record's offset
go into `request.meta["warc"]` (crawler.meta.WARC), so the spider can put them on its items and the
store can trace every stored figure to the exact bytes (replayable with pywb or
ReplayWeb.page).
"""
from __future__ import annotations

import io
import os
import threading
from datetime import datetime, timezone
from http import HTTPStatus

from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler import meta as M

REVISIT_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


class WarcFiles:
    """Append-only, size-rotated WARC files `<prefix>-<run>-<seq>.warc.gz` in a folder."""

    def __init__(self, folder: str, run_label: str, max_bytes: int = 1 << 30, prefix: str = "nianbao"):
        self.folder = folder
        self.run_label = run_label
        self.max_bytes = max_bytes
        self.prefix = prefix
        self.seq = -1
        self.files: list[str] = []
        self._fh = None
        self._writer = None
        self._lock = threading.Lock()
        os.makedirs(folder, exist_ok=True)

    @property
    def current(self) -> str | None:
        return self.files[-1] if self.files else None

    def _rotate(self) -> None:
        self.close()
        self.seq += 1
        name = "%s-%s-%05d.warc.gz" % (self.prefix, self.run_label, self.seq)
        # 'ab': a resumed run with the same label appends, never truncates what exists
        self._fh = open(os.path.join(self.folder, name), "ab")
        self._writer = WARCWriter(self._fh, gzip=True, warc_version="1.1")
        self.files.append(name)
        info = self._writer.create_warcinfo_record(name, {"software": "nianbao", "format": "WARC File Format 1.1"})
        self._writer.write_record(info)

    def write(self, records) -> tuple[str, int]:
        """Write records back to back; return (file name, offset of the first)."""
        with self._lock:
            if self._fh is None or self._fh.tell() >= self.max_bytes:
                self._rotate()
            offset = self._fh.tell()
            for record in records:
                self._writer.write_record(record)
            self._fh.flush()
            return self.current, offset

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def _http_headers(status_line: str, headers, protocol: str = "HTTP/1.1") -> StatusAndHeaders:
    pairs = []
    for name, values in headers.items():
        for value in values:
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return StatusAndHeaders(status_line, pairs, protocol=protocol)


class WarcMiddleware:
    """Downloader middleware writing each request/response pair to WARC."""

    def __init__(self, files: WarcFiles):
        self.files = files

    @classmethod
    def from_crawler(cls, crawler):
        folder = crawler.settings.get("NIANBAO_WARC_DIR")
        if not folder:
            raise NotConfigured("NIANBAO_WARC_DIR not set")
        # NIANBAO_RUN_LABEL None (settings.py): the run is named by the time it started
        label = crawler.settings.get("NIANBAO_RUN_LABEL") or datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        files = WarcFiles(folder, label, crawler.settings.getint("NIANBAO_WARC_MAX_BYTES"))
        mw = cls(files)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        crawler.stats.set_value("nianbao/warc_run", label)
        mw.stats = crawler.stats
        return mw

    def spider_closed(self, spider):
        self.files.close()
        self.stats.set_value("nianbao/warc_files", list(self.files.files))

    def process_response(self, request, response, spider=None):
        if request.meta.get(M.NOT_ASKED):
            return response   # a stored copy followed without asking (crawler.conditional): nothing was exchanged
        writer = self.files._writer or WARCWriter(io.BytesIO(), gzip=True)  # record builder only
        uri = response.url
        date = _iso(datetime.now(timezone.utc))
        path = request.url.split("/", 3)[3] if request.url.count("/") >= 3 else ""
        req_headers = _http_headers("%s /%s HTTP/1.1" % (request.method, path), request.headers)
        req_rec = writer.create_warc_record(uri, "request", payload=io.BytesIO(request.body or b""),
                                            http_headers=req_headers,
                                            warc_headers_dict={"WARC-Date": date})
        reason = _reason(response.status)
        resp_headers = _http_headers("%d %s" % (response.status, reason), response.headers)
        if response.status == 304:
            rec = writer.create_warc_record(uri, "revisit", http_headers=resp_headers,
                                            warc_headers_dict={"WARC-Date": date})
            rec.rec_headers.add_header("WARC-Profile", REVISIT_NOT_MODIFIED)
            rec.rec_headers.add_header("WARC-Refers-To-Target-URI", uri)
            if request.meta.get(M.PREV_FETCHED_AT):
                rec.rec_headers.add_header("WARC-Refers-To-Date", request.meta[M.PREV_FETCHED_AT])
        else:
            rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(response.body),
                                            length=len(response.body), http_headers=resp_headers,
                                            warc_headers_dict={"WARC-Date": date})
        record_id = rec.rec_headers.get_header("WARC-Record-ID")
        req_rec.rec_headers.add_header("WARC-Concurrent-To", record_id)
        # the response first: its offset is the one the store records
        name, offset = self.files.write([rec, req_rec])
        request.meta[M.WARC] = {"file": name, "offset": offset, "record_id": record_id}
        return response


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
