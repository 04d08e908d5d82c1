"""The five real seed reports: every figure each of them states, with the values of
the gold standard (tests/fixtures/metrics/seeds/expected.json, copied from the
dev world's gold for dev-seed-000..004). Tables reach the extractor as the seeds
have them: one cell per line (001, 003), `|` cells (002, Traditional script), or
not at all (000, 004: figures in prose only)."""
import json
from pathlib import Path

import pytest

from pipelines.metrics import extract_metrics

SEEDS = Path(__file__).parent / "fixtures" / "metrics" / "seeds"
EXPECTED = json.loads((SEEDS / "expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def results():
    out = {}
    for name, exp in EXPECTED.items():
        text = (SEEDS / name).read_text("utf-8")
        out[name] = (text, *extract_metrics(text, [], year=exp["year"], source_url=f"http://seed/{name}",
                                            script=exp["script"]))
    return out


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_stated_figure(results, name):
    text, metrics, flags = results[name]
    want = EXPECTED[name]["metrics"]
    got = {}
    for m in metrics:
        assert m["key"] not in got, f"second value for {m['key']}"
        got[m["key"]] = m["value"]
    assert got == want


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_evidence_comes_from_the_source(results, name):
    text, metrics, _ = results[name]
    flat = "".join(text.replace("|", "").split())
    for m in metrics:
        assert m["source_url"] == f"http://seed/{name}"
        if m["method"] == "narrative":
            assert m["evidence"] in text
        else:
            # a table row flattened one cell per line: its cells (a label broken over
            # two lines is one cell), joined by a tab
            for cell in m["evidence"].split("\t"):
                assert cell.strip() and "".join(cell.split()) in flat, cell


def test_traditional_seed_keeps_its_script(results):
    text, metrics, _ = results["seed_002.txt"]
    assert EXPECTED["seed_002.txt"]["script"] == "traditional"
    ev = {m["key"]: m["evidence"] for m in metrics}
    assert ev["proactive.website"] == "2.政府網站公開政府信息數\t條\t12745"
    assert ev["staff.full_time"].startswith("1.專職人員數")


def test_seed_cumulative_column_and_prose_totals(results):
    # seed 001: the 历年累计 column (364686, 1844 …) never fills a key, and the
    # 《条例》实施以来 sentences neither
    _, metrics, _ = results["seed_001.txt"]
    values = {m["value"] for m in metrics}
    assert not values & {364686, 311468, 1844, 373127, 1069, 428, 176}


def test_seed_prose_disagreement_is_flagged_not_changed(results):
    # seed 003 states 309余次 in prose and 309 in its table: no disagreement; its
    # table says 回应…309, prose agrees; the figures come from the table
    _, metrics, flags = results["seed_003.txt"]
    m = {x["key"]: x for x in metrics}
    assert m["response.hotspots"]["method"] == "table" and m["response.hotspots"]["value"] == 309
    assert not [f for f in flags if f["rule"] == "table_narrative_mismatch"]
    # seed 001: prose 信函申请5条 fills requests.received.mail beside the table's 信函、传真 row
    _, metrics, _ = results["seed_001.txt"]
    m = {x["key"]: x for x in metrics}
    assert m["requests.received.mail_fax"]["method"] == "table"
    assert m["requests.received.mail"]["method"] == "narrative"


def wrap(text: str, width: int) -> str:
    """Lines cut at a fixed width, as PDF text extraction gives them (a cut may fall
    inside a figure: 兼职人员2 / 28人)."""
    out = []
    for line in text.split("\n"):
        if "\t" in line or len(line) <= width:
            out.append(line)
        else:
            out += [line[i:i + width] for i in range(0, len(line), width)]
    return "\n".join(out)


@pytest.mark.parametrize("width", [30, 45])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seeds_wrapped_like_pdf_text(name, width):
    exp = EXPECTED[name]
    text = wrap((SEEDS / name).read_text("utf-8"), width)
    metrics, _ = extract_metrics(text, [], year=exp["year"], source_url="u", script=exp["script"])
    assert {m["key"]: m["value"] for m in metrics} == exp["metrics"]
    for m in metrics:
        if m["method"] == "narrative":
            assert m["evidence"] in text
