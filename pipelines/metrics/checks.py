"""Consistency checks: totals against their parts.

Figures are never changed: a failed rule becomes a flag
{"rule", "message", "numbers": {key: value, ..., "sum": s}} for a human to look at.

A missing part is unknown, not 0 (an empty cell is no value), so a rule fails only
when the parts it can see already exceed the total, or when every part is present
and the sum differs.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from .words import STANDARD_APPLICANT_ORDER

APPLICANT_COLUMNS = STANDARD_APPLICANT_ORDER[:-1]   # the six columns that add up to 总计 (total)

_DENIED = ("state_secret", "prohibited_by_law", "security_stability", "third_party",
           "internal_affairs", "process_info", "enforcement_file", "inquiry_matter")
_UNABLE = ("not_held", "needs_creation", "unclear")
_NOT_PROCESSED = ("petition", "duplicate", "publication", "excessive", "reissue")
_OTHER = ("no_correction", "fee_unpaid", "other")

# keys with applicant columns (2019 表 section 三), by their base key
COLUMN_ROWS = (
    ["requests2019.new", "requests2019.carried_over", "outcome.granted", "outcome.partial",
     "outcome.denied", "outcome.unable", "outcome.not_processed", "outcome.other", "outcome.total",
     "requests2019.carried_forward"]
    + [f"outcome.denied.{s}" for s in _DENIED] + [f"outcome.unable.{s}" for s in _UNABLE]
    + [f"outcome.not_processed.{s}" for s in _NOT_PROCESSED] + [f"outcome.other.{s}" for s in _OTHER]
)


def _num(v) -> float:
    return float(v)


def _fmt(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def sum_rule(rule: str, values: Mapping[str, float], total_key: str, parts: Iterable[str],
             what: str) -> dict | None:
    """Flag when total_key differs from the sum of `parts` (see module doc)."""
    parts = list(parts)
    if total_key not in values:
        return None
    present = {k: values[k] for k in parts if k in values}
    if not present:
        return None
    s = sum(_num(v) for v in present.values())
    total = _num(values[total_key])
    complete = len(present) == len(parts)
    if abs(s - total) < 1e-6 or (not complete and s < total):
        return None
    ssum = int(s) if float(s).is_integer() else round(s, 6)
    numbers = {total_key: values[total_key], **present, "sum": ssum}
    return {
        "rule": rule,
        "message": f"{total_key} = {_fmt(values[total_key])} but the sum of {what} is {_fmt(ssum)}"
                   + ("" if complete else " (some parts not stated)"),
        "numbers": numbers,
    }


def _group_parts(values: Mapping[str, float], group: str, leaves: tuple[str, ...], col: str) -> list[str]:
    """The rows that make up a group in one column: its sub-rows where any is stated,
    else the group's own subtotal row."""
    sub = [f"{group}.{s}@{col}" for s in leaves]
    if any(k in values for k in sub):
        return sub
    return [f"{group}@{col}"]


def check(values: Mapping[str, float]) -> list[dict]:
    """All consistency flags for one report's figures ({key: value})."""
    flags: list[dict] = []

    def add(f):
        if f:
            flags.append(f)

    # 2008 表: requests by channel (信函、传真 merged in the older variant)
    if "requests.received.mail_fax" in values:
        channels = ["requests.received.in_person", "requests.received.online", "requests.received.mail_fax"]
    else:
        channels = ["requests.received.in_person", "requests.received.fax",
                    "requests.received.online", "requests.received.mail"]
    add(sum_rule("requests_received_channels", values, "requests.received", channels, "the channels"))
    add(sum_rule("requests_completed_parts", values, "requests.completed",
                 ["requests.completed.on_time", "requests.completed.extended"], "on-time and extended"))
    add(sum_rule("replies_denied_parts", values, "replies.denied",
                 [f"replies.denied.{s}" for s in ("state_secret", "commercial_secret", "privacy",
                                                  "security_stability", "not_gov_info", "other_legal")],
                 "its sub-rows"))
    if "replies.other_type" not in values:
        add(sum_rule("replies_total_parts", values, "replies.total",
                     [f"replies.{s}" for s in ("already_public", "granted", "partial", "denied",
                                               "not_own_agency", "nonexistent", "amend_notice",
                                               "other_channel")], "the reply types"))
    add(sum_rule("staff_total_parts", values, "staff.total", ["staff.full_time", "staff.part_time"],
                 "full-time and part-time staff"))

    # 行政复议 / 行政诉讼 (2008 and 2019)
    for prefix, rule in (("reconsideration", "reconsideration_total"), ("litigation", "litigation_total"),
                         ("litigation.direct", "litigation_direct_total"),
                         ("litigation.after_review", "litigation_after_review_total")):
        parts = [f"{prefix}.upheld", f"{prefix}.corrected", f"{prefix}.other"]
        if prefix != "litigation":
            parts.append(f"{prefix}.pending")
        if f"{prefix}.pending" not in values and prefix == "reconsideration":
            parts = parts[:3]   # the 2008 table has no 尚未审结 column
        add(sum_rule(rule, values, f"{prefix}.total", parts, "its outcomes"))

    # 2019 表 section 三: 总计 column = sum of the applicant columns, for every row
    for base in COLUMN_ROWS:
        add(sum_rule("applicant_columns_total", values, f"{base}@total",
                     [f"{base}@{c}" for c in APPLICANT_COLUMNS], "the applicant columns"))
    # (七)总计 = sum of the outcome rows, in every column
    for col in APPLICANT_COLUMNS + ("total",):
        parts = [f"outcome.granted@{col}", f"outcome.partial@{col}"]
        parts += _group_parts(values, "outcome.denied", _DENIED, col)
        parts += _group_parts(values, "outcome.unable", _UNABLE, col)
        parts += _group_parts(values, "outcome.not_processed", _NOT_PROCESSED, col)
        parts += _group_parts(values, "outcome.other", _OTHER, col)
        add(sum_rule("outcome_total", values, f"outcome.total@{col}", parts, "the outcome rows"))
        # 第一项加第二项之和，等于第三项加第四项之和 (the table's own stated balance)
        keys = [f"requests2019.new@{col}", f"requests2019.carried_over@{col}",
                f"outcome.total@{col}", f"requests2019.carried_forward@{col}"]
        if all(k in values for k in keys):
            a = _num(values[keys[0]]) + _num(values[keys[1]])
            b = _num(values[keys[2]]) + _num(values[keys[3]])
            if abs(a - b) > 1e-6:
                flags.append({
                    "rule": "requests_balance",
                    "message": f"new + carried over ({_fmt(a)}) != handled + carried forward ({_fmt(b)}) in column {col}",
                    "numbers": {k: values[k] for k in keys},
                })
    return flags


CHECK_RULES = frozenset({
    "requests_received_channels", "requests_completed_parts", "replies_denied_parts",
    "replies_total_parts", "staff_total_parts", "reconsideration_total", "litigation_total",
    "litigation_direct_total", "litigation_after_review_total", "applicant_columns_total",
    "outcome_total", "requests_balance",
})
