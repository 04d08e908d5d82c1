"""The store: every item in its own transaction (SQLAlchemy), and the grouping of
documents into reports when a crawl ends.

- ``FetchItem``    -> a ``fetches`` row (+ its body in ``blobs``), ``url_state`` upsert
  (:mod:`.fetches`).
- ``DocumentItem`` -> fetch rows for the page and each continuation part, blobs,
  url_state, the ``documents`` row, its addresses and what it said (:mod:`.documents`).
- ``close_spider`` groups documents into reports (:func:`.reports.finalize`) and
  closes the crawl_runs row with its counts and the per-portal summary (:mod:`.runs`).
- :mod:`.values` cleans what the database is handed.

A database error rolls back that one item only: it is logged, counted in
``self.failed`` (reasons in ``self.failures``), reported to the crawler stats as
``nianbao/store_failed``, and a bare fetch row carrying the reason is written in a
fresh transaction so the exchange is still on record. The crawl goes on.

Bodies are content-addressed (sha256): one blob however many URLs serve it, zlib
compressed in the database, or under ``NIANBAO_BLOB_DIR`` (``ab/cd/<sha256>.zz``)
when that setting is given.
"""
from __future__ import annotations

from .pipeline import StorePipeline
from .reports import finalize
from .values import clean_json, clean_str, parse_time

__all__ = ["StorePipeline", "finalize", "clean_json", "clean_str", "parse_time"]
