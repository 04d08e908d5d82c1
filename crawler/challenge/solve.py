"""Solving a WAF cookie challenge: its inline scripts run in QuickJS (quickjs-ng), inside
the small browser of browser.js, and what they did - cookies written, a navigation - is
read back.

The engine is a sandbox by construction: a bare QuickJS context has no network, no file
system, no timers of its own and no host callbacks (none are added), and each solve gets
a fresh context with a CPU-time limit, a memory limit and a stack limit, thrown away
afterwards. A script that loops, allocates without end or throws yields an Outcome with
its error, never an exception.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

import quickjs

from crawler.challenge.vocab import (BARE_VISIBLE_CHARS, BODY_ONLOAD, HAS_LINK, INLINE_SCRIPT, MAX_SCRIPTS, MAX_TIMERS, MAX_VISIBLE_CHARS,
                                     RELOADS, STRIP_BLOCKS, STRIP_TAGS, WRITES_COOKIE)

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "browser.js"), encoding="utf-8") as _f:
    BROWSER_JS = _f.read()

STACK_BYTES = 1024 * 1024


@dataclass
class Outcome:
    """What a challenge's scripts did."""

    cookies: list = field(default_factory=list)  # [{name, value, path?, domain?, max-age?, expires?}] as written
    location: str | None = None                  # where the script navigated (absolute), None: nowhere
    reload: bool = False                         # location.reload() was called
    error: str | None = None                     # the engine failed (limit, syntax); None: the scripts ran
    script_errors: list = field(default_factory=list)  # exceptions thrown by single scripts (the rest ran on)

    @property
    def solved(self) -> bool:
        """It wrote a cookie or went somewhere: there is something to retry with."""
        return self.error is None and bool(self.cookies or self.location or self.reload)


def visible_text(html: str) -> str:
    return STRIP_TAGS.sub("", STRIP_BLOCKS.sub("", html))


def challenge_scripts(html: str, status: int, challenge_statuses) -> list[str]:
    """The inline scripts (and body onload code) of a page that looks like a cookie challenge,
    else []. A challenge shows next to no text; on a challenge status (521, 412, 202 …) any
    such page with a script is tried, on any other status one whose script writes a cookie in
    the clear and goes back to the page, or a page of nothing but script (no text, no link)."""
    if not html or "<script" not in html.lower():
        return []
    if len(visible_text(html)) > MAX_VISIBLE_CHARS:
        return []
    scripts = [m.group(1) for m in INLINE_SCRIPT.finditer(html) if m.group(1).strip()][:MAX_SCRIPTS]
    onload = BODY_ONLOAD.search(html)
    if onload:
        scripts.append(onload.group(1) or onload.group(2))
    if not scripts:
        return []
    if status in challenge_statuses:
        return scripts
    code = "\n".join(scripts)
    if WRITES_COOKIE.search(code) and RELOADS.search(code):
        return scripts
    # an obfuscated challenge on a 200 names neither: a page of nothing but script is tried too
    bare = len(visible_text(html)) < BARE_VISIBLE_CHARS and not HAS_LINK.search(STRIP_BLOCKS.sub("", html))
    return scripts if bare else []


def solve(scripts: list[str], url: str, cookies: dict, user_agent: str, *, time_limit: float,
          memory_limit: int) -> Outcome:
    """Run a challenge's scripts in a fresh bounded QuickJS context, as a browser at `url`
    holding `cookies` would, and report what they did."""
    ctx = quickjs.Context()
    ctx.set_memory_limit(int(memory_limit))
    ctx.set_time_limit(max(1, int(round(time_limit))))  # whole seconds of CPU time, per eval
    ctx.set_max_stack_size(STACK_BYTES)
    try:
        ctx.eval(BROWSER_JS)
        ctx.eval("__nb_init(%s)" % json.dumps({"url": url, "cookies": cookies, "userAgent": user_agent}))
        run = ctx.get("__nb_exec")
        for code in scripts:
            run(code)
        ctx.eval("__nb_run_timers(%d)" % MAX_TIMERS)
        result = json.loads(ctx.eval("__nb_result()"))
    except quickjs.JSException as e:
        return Outcome(error="script failed: %s" % str(e).splitlines()[0][:200])
    except Exception as e:  # the engine's own failure (out of memory reported as such, a bad value)
        return Outcome(error="engine failed: %s: %s" % (type(e).__name__, str(e)[:200]))
    cookies_out = [c for c in result.get("cookies") or [] if isinstance(c, dict) and c.get("name")]
    return Outcome(cookies=cookies_out, location=result.get("location"), reload=bool(result.get("reload")),
                   script_errors=list(result.get("errors") or []))
