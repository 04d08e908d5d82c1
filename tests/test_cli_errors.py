"""Every user mistake of issue 12 over the real CLI: one line naming the input and
the fix on stderr, exit 2, no traceback; --debug shows it. Read-only commands
(export, runs) create no database and no file."""
import os

import pytest

from cli_world import nianbao



def one_line(proc):
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


def test_db_without_a_scheme_suggests_sqlite(tmp_path):
    (tmp_path / "p.csv").write_text("http://a.example/\n", encoding="utf-8")
    proc = nianbao("crawl", "--portals", str(tmp_path / "p.csv"), "--db", "nianbao.db", cwd=tmp_path)
    assert proc.returncode == 2
    assert "sqlite:///nianbao.db" in one_line(proc)
    assert os.listdir(tmp_path) == ["p.csv"]


def test_unknown_scheme(tmp_path):
    proc = nianbao("runs", "--db", "mysql://u@h/x", cwd=tmp_path)
    assert proc.returncode == 2 and "unknown database" in one_line(proc)


def test_missing_directory_is_not_created(tmp_path):
    missing = tmp_path / "no" / "such" / "dir"
    (tmp_path / "p.csv").write_text("http://a.example/\n", encoding="utf-8")
    for args in (("crawl", "--portals", str(tmp_path / "p.csv")), ("runs",), ("export", "--out", str(tmp_path / "o")),
                 ("db", "upgrade")):
        proc = nianbao(*args, "--db", "sqlite:///%s/x.db" % missing, cwd=tmp_path)
        assert proc.returncode == 2, (args, proc.stderr)
        assert "does not exist" in one_line(proc) and str(missing) in proc.stderr
        assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("command", [("runs",), ("export", "--out", "out")])
def test_read_only_commands_create_no_database(tmp_path, command):
    proc = nianbao(*command, "--db", "sqlite:///typo.db", cwd=tmp_path)
    assert proc.returncode == 2 and "no such database file" in one_line(proc)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("command", [("runs",), ("export", "--out", "out")])
def test_read_only_commands_on_an_empty_file_leave_it_empty(tmp_path, command):
    (tmp_path / "empty.db").write_bytes(b"")
    proc = nianbao(*command, "--db", "sqlite:///empty.db", cwd=tmp_path)
    assert proc.returncode == 2 and "holds no nianbao data" in one_line(proc)
    assert os.listdir(tmp_path) == ["empty.db"] and (tmp_path / "empty.db").stat().st_size == 0


def test_not_a_database_file(tmp_path):
    (tmp_path / "notes.db").write_text("just some text, not SQLite\n" * 100)
    proc = nianbao("runs", "--db", "sqlite:///notes.db", cwd=tmp_path)
    assert proc.returncode == 2 and "not a database" in one_line(proc)


@pytest.mark.postgres
def test_missing_postgresql_database(tmp_path):
    (tmp_path / "p.csv").write_text("http://a.example/\n", encoding="utf-8")
    proc = nianbao("crawl", "--portals", str(tmp_path / "p.csv"), "--db",
                   "postgresql://127.0.0.1:5432/nianbao_no_such_db", cwd=tmp_path)
    assert proc.returncode == 2
    assert 'database "nianbao_no_such_db" does not exist' in one_line(proc)


def test_unreachable_postgresql_server(tmp_path):
    proc = nianbao("runs", "--db", "postgresql://127.0.0.1:1/x", cwd=tmp_path)
    assert proc.returncode == 2 and "cannot connect" in one_line(proc)


def test_missing_portals_file(tmp_path):
    proc = nianbao("crawl", "--portals", "nope.csv", "--db", "sqlite:///x.db", cwd=tmp_path)
    assert proc.returncode == 2 and "no such portals file: nope.csv" in one_line(proc)
    assert os.listdir(tmp_path) == []   # no database made for a crawl that cannot start


def test_unreadable_portals_file(tmp_path):
    (tmp_path / "p.xlsx").write_bytes(b"PK\x03\x04\x00\x00binary\x00\xff\xfe")
    proc = nianbao("crawl", "--portals", "p.xlsx", "--db", "sqlite:///x.db", cwd=tmp_path)
    assert proc.returncode == 2 and "not a text file" in one_line(proc)
    proc = nianbao("crawl", "--portals", str(tmp_path), "--db", "sqlite:///x.db", cwd=tmp_path)
    assert proc.returncode == 2 and "is a directory" in one_line(proc)


def test_portals_file_without_a_url(tmp_path):
    (tmp_path / "p.csv").write_text("url,name\njavascript:alert(1),x\n", encoding="utf-8")
    proc = nianbao("crawl", "--portals", "p.csv", "--db", "sqlite:///x.db", cwd=tmp_path)
    assert proc.returncode == 2
    assert "line 2 skipped: not an http(s) URL" in proc.stderr and "no portal URL in p.csv" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_option_values_are_one_line(tmp_path):
    for args, said in ((("runs", "--log-level", "loud"), "not a log level"),
                       (("crawl", "--portals", "p", "--max-requests", "-3"), "positive"),
                       (("crawl", "--portals", "p", "-s", "NOVALUE"), "NAME=VALUE"),
                       (("export", "--out", "o", "--format", "xml", "--db", "sqlite:///x.db"), None),
                       (("frobnicate",), "invalid choice")):
        proc = nianbao(*args, cwd=tmp_path)
        assert proc.returncode == 2, (args, proc.stderr)
        line = one_line(proc)
        assert said is None or said in line, line


def test_debug_shows_the_traceback(tmp_path):
    proc = nianbao("runs", "--db", "sqlite:///typo.db", "--debug", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" in proc.stderr and "DatabaseError" in proc.stderr
