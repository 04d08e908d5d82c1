"""The crosswalk (pipelines/metrics/crosswalk.yaml) and series.csv: harmonised
measures across the 2008 and 2019/2021 forms, each value traceable to its source keys."""
import csv
import json

import pytest

from pipelines.metrics.catalog import load_catalog
from pipelines.metrics.crosswalk import harmonise, load_crosswalk, parse_crosswalk, report_template
from research_helpers import nianbao, read_jsonl


def test_every_measure_has_a_caveat_and_catalogue_keys_of_one_unit():
    cat = load_catalog()
    measures = load_crosswalk()
    assert {"applications_received", "applications_granted", "reconsiderations", "litigations"} <= \
        {m.measure for m in measures}
    for m in measures:
        assert m.caveat and m.sources
        for template, alternatives in m.sources.items():
            assert template in ("2008", "2019")
            for keys in alternatives:
                assert {cat.unit(k) for k in keys} == {m.unit}, m.measure


def test_a_key_the_catalogue_lacks_is_refused():
    with pytest.raises(ValueError, match="requests.nope"):
        parse_crosswalk("measures:\n- measure: x\n  sources: {'2008': [requests.nope]}\n")


def test_templates_are_told_by_their_rows_then_by_year():
    assert report_template({"requests.received": 5}, 2016) == "2008"
    assert report_template({"requests2019.new@total": 5}, 2019) == "2019"
    assert report_template({"requests2019.new@total": 5}, 2022) == "2021"
    assert report_template({"rules.issued": 1, "requests2019.new@total": 5}, 2020) == "2021"   # a 2021-only row
    assert report_template({"rules.new_made": 1}, 2022) == "2019"                            # a 2019-original row
    assert report_template({"reconsideration.total": 1}, 2020) == "2019"                     # shared rows: the year
    assert report_template({"reconsideration.total": 1}, 2015) == "2008"
    assert report_template({"proactive.produced": 3}, 2015) == "narrative"


def test_litigations_need_both_suit_kinds_of_the_2019_form():
    got = {m.measure: (v, keys) for m, v, keys in harmonise(
        {"litigation.direct.total": 2, "litigation.after_review.total": 3, "requests.received": 9}, "2021")}
    assert got["litigations"] == (5, ("litigation.direct.total", "litigation.after_review.total"))
    assert "applications_received" not in got          # a 2008 key does not feed a 2021 report
    got = {m.measure for m, _, _ in harmonise({"litigation.direct.total": 2}, "2019")}
    assert "litigations" not in got


def test_series_values_equal_their_source_keys_over_the_real_cli(demo_crawl, tmp_path):
    done = nianbao("export", "--db", demo_crawl["db"], "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    metrics = {(m["report_id"], m["key"]): m for m in read_jsonl(tmp_path / "metrics.jsonl")}
    with open(tmp_path / "series.csv", encoding="utf-8") as f:
        series = list(csv.DictReader(f))
    assert series and json.loads(done.stdout)["series"] == len(series)
    templates = {p["report_id"]: p["template"] for p in csv.DictReader(open(tmp_path / "panel.csv", encoding="utf-8"))}
    assert {"2008", "2019"} <= {s["template"][:4].replace("2021", "2019") for s in series}
    for s in series:
        keys = s["source_key"].split("+")
        assert float(s["value"]) == sum(metrics[(s["report_id"], k)]["value"] for k in keys)
        assert s["source_url"].split(" ")[0] == metrics[(s["report_id"], keys[0])]["source_url"]
        assert s["template"] == templates[s["report_id"]]


def test_refusals_fall_back_to_the_sum_of_all_eight_grounds():
    grounds = ["state_secret", "prohibited_by_law", "security_stability", "third_party", "internal_affairs",
               "process_info", "enforcement_file", "inquiry_matter"]
    values = {"outcome.denied.%s@total" % g: i for i, g in enumerate(grounds)}
    got = {m.measure: v for m, v, _ in harmonise(values, "2019")}
    assert got["applications_refused"] == sum(range(8))
    got = {m.measure: v for m, v, _ in harmonise(dict(values, **{"outcome.denied@total": 99}), "2019")}
    assert got["applications_refused"] == 99             # the row's own total first
    values.pop("outcome.denied.inquiry_matter@total")
    assert "applications_refused" not in {m.measure for m, _, _ in harmonise(values, "2019")}
