"""Command-line conventions over the real CLI: --version, python -m nianbao, log
levels in any case on every command, help for every option and a whole top-level
description, Scrapy's RemoteControl and the telnet console off unless a setting
turns them on, export files readable by others (0644 under umask 022)."""
import argparse
import json
import os
import re
import subprocess
import sys

import pytest

from cli_world import FAST, NAMES, ROOT, env, nianbao, portals_file, start
from nianbao.cli import build_parser


def test_version_and_python_m():
    proc = nianbao("--version")
    assert proc.returncode == 0 and re.match(r"nianbao \d+\.\d+\.\d+\S* \(scrapy 2\.\d+", proc.stdout)
    via_script = subprocess.run([sys.executable, "-m", "nianbao.cli", "--version"], capture_output=True, text=True,
                                env=env(), cwd=ROOT)
    assert via_script.stdout == proc.stdout


def test_top_level_help_is_whole():
    proc = nianbao("--help")
    assert proc.returncode == 0
    text = " ".join(proc.stdout.split())
    assert "政府信息公开工作年度报告" in text and "exports a clean panel." in text
    assert "exit codes: 0 done" in text


def test_every_option_has_help():
    def options(parser):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from ((name, a) for _, a in options(sub))
            else:
                yield None, action
    missing = [(cmd, a.option_strings or a.dest) for cmd, a in options(build_parser())
               if not a.help or a.help == argparse.SUPPRESS]
    assert not missing


@pytest.mark.parametrize("args", [("runs",), ("export", "--out", "o"), ("db", "upgrade"),
                                  ("crawl", "--portals", "p.csv"), ("demo",)])
def test_log_level_in_any_case_on_every_command(tmp_path, args):
    proc = nianbao(*args, "--log-level", "Warning", "--db", "sqlite:///%s/no/x.db" % tmp_path, cwd=tmp_path)
    # the level was taken; the command then stops at the database (its directory does not exist)
    assert proc.returncode == 2 and "does not exist" in proc.stderr and "log level" not in proc.stderr


@pytest.mark.slow
def test_remote_control_and_telnet_off_unless_turned_on(tmp_path):
    srv = start(tmp_path / "world")
    try:
        urls = srv.urls()
        portals = portals_file(tmp_path, [(urls["east"], NAMES["east"])])

        def extensions(*extra):
            proc = nianbao("crawl", "--portals", portals, "--db", "sqlite:///%s" % (tmp_path / "x.db"), *FAST,
                           "--log-level", "info", "--quiet", *extra)
            assert proc.returncode == 0, proc.stderr[-2000:]
            return proc.stderr[proc.stderr.index("Enabled extensions"):].split("]", 1)[0]
        default = extensions()
        assert "RemoteControl" not in default and "TelnetConsole" not in default
        turned_on = extensions("-s", "REMOTE_CONTROL_ENABLED=True", "-s", "TELNETCONSOLE_ENABLED=True")
        assert "RemoteControl" in turned_on and "TelnetConsole" in turned_on
        out = tmp_path / "export"
        done = subprocess.run([sys.executable, "-m", "nianbao", "export", "--db", "sqlite:///%s" % (tmp_path / "x.db"),
                               "--out", str(out), "--format", "jsonl,csv,parquet"], capture_output=True, text=True, env=env(), cwd=ROOT,
                              preexec_fn=lambda: os.umask(0o022))
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["reports"] == 2
        modes = {name: os.stat(out / name).st_mode & 0o777 for name in os.listdir(out)}
        assert modes and set(modes.values()) == {0o644}, modes
        assert any(name.endswith(".parquet") for name in modes)  # Parquet files too
        private = subprocess.run([sys.executable, "-m", "nianbao", "export", "--db",
                                  "sqlite:///%s" % (tmp_path / "x.db"), "--out", str(tmp_path / "private")],
                                 capture_output=True, text=True, env=env(), cwd=ROOT, preexec_fn=lambda: os.umask(0o077))
        assert private.returncode == 0
        assert {os.stat(p).st_mode & 0o777 for p in (tmp_path / "private").iterdir()} == {0o600}  # the umask decides
    finally:
        srv.stop()
