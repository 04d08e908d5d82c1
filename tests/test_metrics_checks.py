"""Consistency checks: totals against their parts. A failed rule is a flag with the
numbers involved; figures are never changed."""
import pytest

from pipelines.metrics import extract_metrics
from pipelines.metrics.checks import check

COLS = ["natural_person", "commercial", "research", "public_interest", "legal_service", "other"]


def rules(values):
    return [f["rule"] for f in check(values)]


@pytest.mark.parametrize("values,rule", [
    ({"requests.received": 35, "requests.received.in_person": 1, "requests.received.online": 23,
      "requests.received.mail": 11, "requests.received.fax": 0}, None),
    ({"requests.received": 36, "requests.received.in_person": 1, "requests.received.online": 23,
      "requests.received.mail": 11, "requests.received.fax": 0}, "requests_received_channels"),
    # a part not stated is unknown: parts below the total are no error …
    ({"requests.received": 40, "requests.received.in_person": 1, "requests.received.online": 23}, None),
    # … but parts above it are
    ({"requests.received": 20, "requests.received.in_person": 1, "requests.received.online": 23}, "requests_received_channels"),
    # the older table merges 信函、传真
    ({"requests.received": 154, "requests.received.in_person": 32, "requests.received.online": 117,
      "requests.received.mail_fax": 5, "requests.received.mail": 5}, None),
    ({"reconsideration.total": 4, "reconsideration.upheld": 2, "reconsideration.corrected": 1,
      "reconsideration.other": 0, "reconsideration.pending": 1}, None),
    ({"reconsideration.total": 5, "reconsideration.upheld": 2, "reconsideration.corrected": 1,
      "reconsideration.other": 0, "reconsideration.pending": 1}, "reconsideration_total"),
    ({"reconsideration.total": 3, "reconsideration.upheld": 3, "reconsideration.corrected": 0,
      "reconsideration.other": 0}, None),                      # 2008: no 尚未审结 column
    ({"litigation.total": 2, "litigation.upheld": 1, "litigation.corrected": 0, "litigation.other": 0},
     "litigation_total"),
    ({"litigation.direct.total": 3, "litigation.direct.upheld": 1, "litigation.direct.corrected": 1,
      "litigation.direct.other": 0, "litigation.direct.pending": 1}, None),
    ({"litigation.after_review.total": 0, "litigation.after_review.upheld": 1}, "litigation_after_review_total"),
    ({"replies.denied": 8, "replies.denied.privacy": 1, "replies.denied.not_gov_info": 7}, None),
    ({"replies.denied": 8, "replies.denied.privacy": 2, "replies.denied.not_gov_info": 7}, "replies_denied_parts"),
    ({"staff.total": 37, "staff.full_time": 2, "staff.part_time": 35}, None),
    ({"staff.total": 36, "staff.full_time": 2, "staff.part_time": 35}, "staff_total_parts"),
    ({"requests.completed": 74, "requests.completed.on_time": 71, "requests.completed.extended": 3}, None),
    ({"requests.completed": 75, "requests.completed.on_time": 71, "requests.completed.extended": 3},
     "requests_completed_parts"),
])
def test_sum_rules(values, rule):
    assert rules(values) == ([rule] if rule else [])


def row(key, vals):
    out = {f"{key}@{c}": v for c, v in zip(COLS, vals[:6])}
    out[f"{key}@total"] = vals[6]
    return out


def table_2019(total_row=(9, 2, 0, 0, 0, 1, 12)):
    v = {}
    v.update(row("requests2019.new", [8, 2, 0, 0, 0, 1, 11]))
    v.update(row("requests2019.carried_over", [1, 0, 0, 0, 0, 0, 1]))
    v.update(row("outcome.granted", [4, 1, 0, 0, 0, 0, 5]))
    v.update(row("outcome.partial", [1, 0, 0, 0, 0, 0, 1]))
    v.update(row("outcome.denied.process_info", [1, 0, 0, 0, 0, 0, 1]))
    v.update(row("outcome.unable.not_held", [2, 1, 0, 0, 0, 1, 4]))
    v.update(row("outcome.not_processed.duplicate", [0, 0, 0, 0, 0, 0, 0]))
    v.update(row("outcome.other", [1, 0, 0, 0, 0, 0, 1]))
    v.update(row("outcome.total", list(total_row)))
    v.update(row("requests2019.carried_forward", [0, 0, 0, 0, 0, 0, 0]))
    return v


def test_2019_table_that_adds_up():
    assert check(table_2019()) == []


def test_2019_total_column_and_outcome_total():
    v = table_2019()
    v["outcome.granted@total"] = 6          # the row's 总计 no longer matches its columns
    flags = check(v)
    got = {(f["rule"], next(iter(f["numbers"]))) for f in flags}
    assert ("applicant_columns_total", "outcome.granted@total") in got
    assert ("outcome_total", "outcome.total@total") in got      # and (七)总计 no longer adds up
    f = next(f for f in flags if f["rule"] == "applicant_columns_total")
    assert f["numbers"]["outcome.granted@total"] == 6 and f["numbers"]["sum"] == 5
    assert "outcome.granted@total" in f["message"]


def test_2019_balance_of_the_table():
    v = table_2019()
    v["requests2019.carried_forward@natural_person"] = 3
    v["requests2019.carried_forward@total"] = 3
    flags = check(v)
    assert [f["rule"] for f in flags] == ["requests_balance", "requests_balance"]
    assert flags[0]["numbers"]["requests2019.carried_forward@natural_person"] == 3


def test_figures_are_not_changed_by_a_failed_rule():
    text = ("统计指标\t单位\t统计数\n（一）收到申请数\t件\t30\n1.当面申请数\t件\t28\n2.传真申请数\t件\t0\n"
            "3.网络申请数\t件\t5\n4.信函申请数\t件\t1\n")
    metrics, flags = extract_metrics(text, [], year=2017, source_url="u")
    assert {m["key"]: m["value"] for m in metrics}["requests.received"] == 30
    assert [f["rule"] for f in flags] == ["requests_received_channels"]
    assert flags[0]["numbers"] == {"requests.received": 30, "requests.received.in_person": 28,
                                   "requests.received.fax": 0, "requests.received.online": 5,
                                   "requests.received.mail": 1, "sum": 34}
