"""The bounded child: run one function in a forkserver child process with a
wall-clock timeout and an address-space limit, so one hostile file can neither hang
nor exhaust the crawl.  "forkserver", not "fork": the crawl runs Twisted threads,
and forking a threaded process is unsafe."""
from __future__ import annotations

import multiprocessing
import os
import resource
import signal

from crawler import settings

DEFAULT_MAX_MEMORY = 1024 * 1024 * 1024  # address space a parser child may add to its start size


def _limit_memory(max_memory: int) -> None:
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[0])
        current = pages * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        current = 0
    limit = current + max_memory
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child_main(conn, func, args: tuple, max_memory: int) -> None:
    try:
        # a group of its own: the tools a parser runs (antiword, tesseract) die with it
        os.setpgrp()
        _limit_memory(max_memory)
        conn.send(("ok", func(*args)))
    except MemoryError:
        conn.send(("error", "out of memory (limit %d bytes)" % max_memory))
    except BaseException as e:  # the child reports every failure as a reason
        msg = " ".join(str(e).split())[:300]
        conn.send(("error", "%s%s" % (type(e).__name__, ": " + msg if msg else "")))
    finally:
        conn.close()


_CTX = None


def _context():
    """The forkserver context, its server preloaded with the parser libraries so
    each document's child starts warm (a fork, not a fresh interpreter)."""
    global _CTX
    if _CTX is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["pipelines.read.document", "pdfplumber", "pypdfium2", "docx", "openpyxl", "xlrd"])
        _CTX = ctx
    return _CTX


def _kill_group(proc) -> None:
    """Kill the child and every tool it started (its process group)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    proc.kill()
    proc.join(5)


class BoundedError(Exception):
    """The bounded call failed: timeout, out of memory, crash, or the function raised."""


def run_bounded(func, args: tuple = (), *, timeout: float = settings.NIANBAO_PARSE_TIMEOUT, max_memory: int = DEFAULT_MAX_MEMORY):
    """Call func(*args) in a forkserver child with a wall-clock timeout (the child is
    killed on expiry) and an address-space limit; return its result or raise
    BoundedError with the reason.  func and its result must pickle (a module-level
    function)."""
    ctx = _context()
    recv_end, send_end = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child_main, args=(send_end, func, args, max_memory), daemon=True)
    proc.start()
    send_end.close()
    msg = None
    try:
        if recv_end.poll(timeout):
            try:
                msg = recv_end.recv()
            except (EOFError, OSError):
                msg = None
        else:
            _kill_group(proc)
            raise BoundedError("timeout: took more than %gs (killed)" % timeout)
    finally:
        recv_end.close()
    proc.join(5)
    if proc.is_alive():
        _kill_group(proc)
    if msg is None:
        raise BoundedError("parser died (exit code %s)" % proc.exitcode)
    if msg[0] == "ok":
        return msg[1]
    raise BoundedError(msg[1])
