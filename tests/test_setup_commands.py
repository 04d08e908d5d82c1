"""The README's two set-up commands, .ci/run and the system package list agree."""
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands():
    return re.findall(r"^    (tools/system-deps && .+)$", (ROOT / "README.md").read_text(encoding="utf-8"), re.M)


def test_ci_runs_the_readme_test_command_exactly():
    install, test = readme_commands()
    assert install.endswith("nianbao demo")
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_every_listed_package_is_installed_after_system_deps():
    assert subprocess.run(["bash", str(ROOT / "tools" / "system-deps")]).returncode == 0
    pkgs = [re.sub(r"#.*", "", line).strip()
            for line in (ROOT / "tools" / "system-packages.txt").read_text(encoding="utf-8").splitlines()]
    for pkg in filter(None, pkgs):
        out = subprocess.run(["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True)
        assert "install ok installed" in out.stdout, pkg
