"""The report's dates: the signature (signing body over its date line), the year the
report is on, and the publish date."""
from __future__ import annotations

import datetime
import logging
import re
import unicodedata

import htmldate

from pipelines.metadata.script import t2s
from pipelines.metadata.vocab import (ANY_YEAR, CN_DIGITS, OPENING_CHARS, OPENING_YEAR, PERIOD_YEAR, RANGE_YEAR,
                                      SIG_END, SIGNATURE_DATE, SIGNATURE_DATE_NUMERIC, SIGNED_LINE, TITLE_YEAR,
                                      TITLE_YEAR_CN)

logger = logging.getLogger(__name__)


def cn_number(s: str) -> int | None:
    """A number written in digits or Chinese numerals (2020, 二〇二〇, 十二, 二十九)."""
    if s.isdigit():
        return int(s)
    if len(s) == 4 and all(c in CN_DIGITS for c in s):
        return int("".join(str(CN_DIGITS[c]) for c in s))
    if s == "十":
        return 10
    if s.startswith("十") and len(s) == 2 and s[1] in CN_DIGITS:
        return 10 + CN_DIGITS[s[1]]
    if len(s) == 2 and s[1] == "十" and s[0] in CN_DIGITS:
        return CN_DIGITS[s[0]] * 10
    if len(s) == 3 and s[1] == "十" and s[0] in CN_DIGITS and s[2] in CN_DIGITS:
        return CN_DIGITS[s[0]] * 10 + CN_DIGITS[s[2]]
    if len(s) == 1 and s in CN_DIGITS:
        return CN_DIGITS[s]
    return None


def calendar_date(y, m, d) -> str | None:
    """YYYY-MM-DD of a real calendar day.  Not core.text.iso_date (month 1-12, day
    1-31, as printed): the record's publish date must be a day that exists, so a page's
    printed 2月30日 is passed over here for the next source (list date, htmldate ...)."""
    try:
        return datetime.date(int(y), int(m), int(d)).isoformat()
    except (TypeError, ValueError):
        return None


def _date_of_line(line: str) -> str | None:
    line = unicodedata.normalize("NFKC", line)
    m = SIGNATURE_DATE.match(line) or SIGNATURE_DATE_NUMERIC.match(line)
    if not m:
        return None
    parts = [cn_number(x) for x in m.groups()]
    if None in parts:
        return None
    return calendar_date(*parts)


def signature(text: str) -> tuple[str | None, str | None]:
    """(signing body, signature date): the last 'body line, date line' pair outside
    tables, e.g. '安康市发展和改革委员会' / '2020年1月9日'."""
    lines = [l.strip() for l in (text or "").splitlines() if l.strip() and "\t" not in l]
    for j in range(len(lines) - 1, 0, -1):
        date = _date_of_line(lines[j])
        if not date:
            # body and date on one line: 河西镇人民政府　2021年3月15日
            m = SIGNED_LINE.match(unicodedata.normalize("NFKC", lines[j]))
            date = _date_of_line(m.group(2)) if m else None
            cand = m.group(1) if m else ""
            if date and len(cand) <= 40 and SIG_END.search(t2s(cand)) and not re.search(r"[。，；：:,;]", cand):
                return cand, date
            continue
        for k in (j - 1, j - 2):
            if k < 0:
                break
            cand = re.sub(r"\s+", "", lines[k])
            if len(cand) <= 40 and SIG_END.search(t2s(cand)) and not re.search(r"[。，；：:,;]", cand):
                return cand, date
        return None, date
    return None, None


def find_year(title: str | None, text: str | None, publish_date: str | None) -> int | None:
    """The year the report is on: the title's year, else the statistics period in the
    text, else the publish year minus one."""
    t = t2s(title or "")
    m = TITLE_YEAR.search(t)
    if m:
        return int(m.group(1))
    m = TITLE_YEAR_CN.search(t)
    if m:
        return cn_number(m.group(1))
    m = ANY_YEAR.search(t)
    if m:
        return int(m.group(1))
    # 二〇一九年 in the text reads as 2019年 too
    body = TITLE_YEAR_CN.sub(lambda m: str(cn_number(m.group(1))) + "年", t2s((text or "")[:6000]))
    for rx in (PERIOD_YEAR, RANGE_YEAR):
        m = rx.search(body)
        if m:
            return int(m.group(1))
    m = OPENING_YEAR.search(body[:OPENING_CHARS])
    if m:
        return int(m.group(1))
    # the last resort: reports come out early in the next year (a late one names its
    # year in its title or text, read above)
    if publish_date and re.match(r"\d{4}-", publish_date):
        return int(publish_date[:4]) - 1
    return None


def _valid_date(s: str | None) -> str | None:
    """A date source's value as YYYY-MM-DD when it is a real day from 1990-01-01 to two
    days after today: anything else is not a publish date."""
    if not s:
        return None
    m = re.match(r"^\s*(\d{4})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})", unicodedata.normalize("NFKC", str(s)))
    if not m:
        return None
    iso = calendar_date(*m.groups())
    if not iso or not ("1990-01-01" <= iso <= (datetime.date.today() + datetime.timedelta(days=2)).isoformat()):
        return None
    return iso


def _htmldate(html: str | None) -> str | None:
    if not html:
        return None
    try:
        return _valid_date(htmldate.find_date(html, extensive_search=False, original_date=True,
                                              outputformat="%Y-%m-%d"))
    except Exception:  # a heuristic; its failure only costs the fallback
        logger.debug("htmldate failed", exc_info=True)
        return None


def find_publish_date(page_meta: dict, link_date, parent_date, html, text) -> str | None:
    """The portal's 发布日期, else the list date, else the announcing page's date
    (attachments), else the 生成日期, else htmldate, else the signature date."""
    pm = page_meta or {}
    for v in (pm.get("publish_date"), pm.get("PubDate"), link_date, parent_date, pm.get("生成日期")):
        d = _valid_date(v)
        if d:
            return d
    d = _htmldate(html)
    if d:
        return d
    return signature(text or "")[1]
