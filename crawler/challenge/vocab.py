"""What a WAF cookie challenge looks like, as data (crawler.challenge.solve reads it)."""
from __future__ import annotations

import re

# inline scripts of a page (a <script src> is not fetched: a challenge carries its code inline)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.S | re.I)
# <body onload="…">: code a challenge runs once the page has loaded
BODY_ONLOAD = re.compile(r"<body\b[^>]*\bonload\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.S | re.I)
# what is left of the page once scripts, styles and tags are gone: a challenge shows (almost) nothing
STRIP_BLOCKS = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.S | re.I)
STRIP_TAGS = re.compile(r"<[^>]+>|&nbsp;|\s+")
MAX_VISIBLE_CHARS = 200
# a bare 200 page showing less than this, with no link or frame, is tried even when its script is obfuscated
BARE_VISIBLE_CHARS = 20
HAS_LINK = re.compile(r"<(?:a\b[^>]*\bhref|i?frame\b|form\b)", re.I)
# a script that writes a cookie in the clear (obfuscated ones are only tried on a challenge status)
WRITES_COOKIE = re.compile(r"\bcookie\b", re.I)
# …and goes back to the page: a reload, a location assignment, or a timer
RELOADS = re.compile(r"location|reload|setTimeout|\.href\b", re.I)
# cookie names the known WAFs set (for the record and the stats only; never needed to solve)
KNOWN_COOKIES = {
    "__jsl_clearance": "jiasule", "__jsl_clearance_s": "jiasule", "__jsluid": "jiasule", "__jsluid_h": "jiasule",
    "__jsluid_s": "jiasule", "acw_sc__v2": "aliyun", "wzws_cid": "wzws", "wzws_sid": "wzws",
    "yunsuo_session_verify": "yunsuo", "security_session_verify": "yunsuo", "srcurl": "yunsuo",
}
# at most this many inline scripts of one page are run, in page order
MAX_SCRIPTS = 8
# timers (setTimeout / setInterval / load handlers) run after the scripts, at most
MAX_TIMERS = 20
