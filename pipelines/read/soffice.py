"""OLE Word (.doc, .wps) -> DOCX by LibreOffice headless, so the DOCX reader
(pipelines.read.docx) sees the merged cells (rowspan / colspan) that antiword's
DocBook drops: the 2019/2021 statistics tables cannot be read by position without
them.  Runs inside the bounded child (pipelines.read.sandbox); LibreOffice gets a
private profile per conversion (parallel conversions would otherwise share and lock
one), a process group of its own killed whole on timeout (soffice is a script that
starts oosplash, which starts soffice.bin), and the child's memory limit."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time

from core.text import squash

# the names Debian's libreoffice-writer-nogui installs the launcher under
_LAUNCHERS = ("soffice", "libreoffice")
# the import filter named: unnamed, LibreOffice opens bytes it does not know as plain text,
# and garbage would come back as a "document"
_INFILTER = "--infilter=MS Word 97"
# the Word 97 main stream's name in the OLE directory (UTF-16LE): no such stream, no Word
# file for soffice to convert (and no 2 s spent starting it on garbage)
WORD_STREAM = "WordDocument".encode("utf-16-le")
_FLAGS = ("--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck", "--nofirststartwizard")


def soffice_path() -> str | None:
    for name in _LAUNCHERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def to_docx(path: str, workdir: str, deadline: float) -> tuple[bytes | None, str]:
    """Convert the Word 97 file at `path` to DOCX in `workdir`; (docx bytes, "") or
    (None, why not)."""
    with open(path, "rb") as f:
        if WORD_STREAM not in f.read():
            return None, "soffice not tried: no WordDocument stream"
    exe = soffice_path()
    if exe is None:
        return None, "soffice is not installed"
    left = deadline - time.monotonic()
    if left < 2:
        return None, "soffice: no time left"
    outdir = os.path.join(workdir, "out")
    profile = os.path.join(workdir, "profile")
    os.makedirs(outdir, exist_ok=True)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": workdir,
           "TMPDIR": workdir, "SAL_USE_VCLPLUGIN": "svp"}
    cmd = [exe, *_FLAGS, _INFILTER, "-env:UserInstallation=file://%s" % profile,
           "--convert-to", "docx:MS Word 2007 XML", "--outdir", outdir, path]
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env, cwd=workdir, process_group=0)
    except OSError as e:
        return None, "soffice: %s" % e
    try:
        out, err = proc.communicate(timeout=left)
    except subprocess.TimeoutExpired:
        _kill(proc)
        return None, "soffice took more than %.0fs (killed)" % left
    finally:
        _kill(proc)      # a soffice.bin left behind by its launcher dies too
    name = os.path.splitext(os.path.basename(path))[0] + ".docx"
    target = os.path.join(outdir, name)
    if proc.returncode == 0 and os.path.exists(target) and os.path.getsize(target) > 0:
        with open(target, "rb") as f:
            return f.read(), ""
    why = squash((err or b"").decode("utf-8", "replace").replace(path, "the file"))
    why = " ".join(l for l in why.split("Warning: failed to launch javaldx - java may not function correctly") if l)
    return None, "soffice: %s" % (squash(why)[:200] or "exit %s, no DOCX written" % proc.returncode)


def _kill(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        pass
