"""`nianbao serve`: the database in Datasette, with the project's metadata
(datasette_metadata.yaml): table and column descriptions, canned queries of the
current figures (body, year, evidence, source URL, links), and full-text search
over the report texts.

The crawl database is opened read-only. Full-text search needs an FTS index, which
a read-only database cannot take, so the texts are indexed into a side database
(``search``) built afresh in a temp folder at start: FTS5 with the trigram tokenizer,
since Chinese has no spaces between words.
"""
from __future__ import annotations

import importlib.resources
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile

import yaml
from sqlalchemy.orm import Session

from core.schema import ReportVersion
from nianbao.research.current import current_reports
from nianbao.research.opening import NoDatabase, open_readonly, sqlite_path

SEARCH_DB = "search"


def metadata(db_name: str) -> dict:
    meta = yaml.safe_load(importlib.resources.files("nianbao.research").joinpath("datasette_metadata.yaml")
                          .read_text("utf-8"))
    search_tables = meta.pop("search_tables")
    search_tables["report_texts"].update({"fts_table": "report_texts_fts", "fts_pk": "rowid"})
    meta["databases"] = {db_name: {"tables": meta.pop("tables"), "queries": meta.pop("queries")},
                         SEARCH_DB: {"tables": search_tables,
                                     "description": "Report texts, full-text searchable (search box of report_texts)"}}
    return meta


def build_search_db(db_url: str, path: str) -> int:
    """The side database of current report texts with its FTS5 index; returns the row count."""
    engine = open_readonly(db_url)
    try:
        with Session(engine) as s:
            reports = current_reports(s, ("live",))
            texts = {}
            for r in reports:
                v = s.query(ReportVersion.text).filter_by(report_id=r["id"], version=r["version"]).scalar()
                texts[r["report_id"]] = v or ""
    finally:
        engine.dispose()
    con = sqlite3.connect(path)
    with con:
        con.execute("create table report_texts (report_id text primary key, body text, region text, level text,"
                    " year integer, title text, url text, text text)")
        con.executemany("insert into report_texts values (?, ?, ?, ?, ?, ?, ?, ?)",
                        [(r["report_id"], r["body"], r["region"], r["level"], r["year"], r["title"], r["url"],
                          texts[r["report_id"]]) for r in reports])
        con.execute("create virtual table report_texts_fts using fts5(title, body, text, content='report_texts',"
                    " content_rowid='rowid', tokenize='trigram')")
        con.execute("insert into report_texts_fts(report_texts_fts) values ('rebuild')")
    con.close()
    return len(reports)


def serve_command(db_url: str, port: int, host: str, folder: str) -> list[str]:
    """The Datasette command line serving ``db_url`` and the side database from ``folder``."""
    path = sqlite_path(db_url)
    if not path or not os.path.isfile(path):
        raise NoDatabase("Datasette serves SQLite files: no database file at %s" % db_url)
    name = os.path.splitext(os.path.basename(path))[0]
    search = os.path.join(folder, SEARCH_DB + ".db")
    build_search_db(db_url, search)
    meta = os.path.join(folder, "metadata.json")
    with open(meta, "w", encoding="utf-8") as f:
        json.dump(metadata(name), f, ensure_ascii=False, indent=1)
    return [sys.executable, "-m", "datasette", "serve", os.path.abspath(path), search, "--metadata", meta,
            "--host", host, "--port", str(port), "--setting", "sql_time_limit_ms", "5000"]


def serve(db_url: str, port: int = 8001, host: str = "127.0.0.1") -> int:
    """Run Datasette in the foreground until it stops (Ctrl-C); its exit code."""
    with tempfile.TemporaryDirectory(prefix="nianbao-serve-") as folder:
        cmd = serve_command(db_url, port, host, folder)
        print("nianbao: Datasette on http://%s:%d/ (Ctrl-C stops)" % (host, port), file=sys.stderr)
        proc = subprocess.Popen(cmd)
        # stopped by a signal, stop Datasette too: never leave a server behind
        signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
        try:
            return proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            return proc.wait()
