"""Place names misread by OCR mended from the portal's name (pipelines.metadata.ocr_names)."""
from pipelines.metadata import MetadataPipeline
from pipelines.metadata.ocr_names import mend_ocr_places, mend_place


def test_a_one_character_misreading_of_the_portals_place_is_mended():
    assert mend_place("泃阳县2021年政府信息公开工作年度报告", ["洵阳县"]) == "洵阳县2021年政府信息公开工作年度报告"
    meta = mend_ocr_places({"title": "鄞州区2020年政府信息公开工作年度报告", "body": "勤州区人民政府办公室",
                            "region": "勤州区", "year": 2020}, "宁波市鄞州区人民政府")
    assert meta["body"] == "鄞州区人民政府办公室" and meta["region"] == "鄞州区" and meta["year"] == 2020


def test_other_places_and_other_endings_stay():
    assert mend_place("洵阳市2021年报告", ["洵阳县"]) == "洵阳市2021年报告"      # another ending: another place
    assert mend_place("安康市2021年报告", ["洵阳县"]) == "安康市2021年报告"      # two characters off
    assert mend_ocr_places({"body": "泃阳县人民政府"}, None) == {"body": "泃阳县人民政府"}


def test_the_pipeline_mends_only_ocr_documents():
    item = {"url": "http://www.xy.gov.cn/a.pdf", "portal": "http://www.xy.gov.cn/", "portal_name": "洵阳县人民政府",
            "fmt": "pdf", "text": "泃阳县2021年政府信息公开工作年度报告\n一、总体情况\n泃阳县人民政府办公室\n2022年1月20日",
            "decision": {"is_report": True, "kind": "report"}, "page_meta": {}}
    plain = MetadataPipeline().process_item(dict(item))["meta"]
    scanned = MetadataPipeline().process_item(dict(item, ocr={"source": "pdf", "pages": 1}))["meta"]
    assert "泃阳县" in (plain["body"] or "") + (plain["title"] or "")
    assert "洵阳县" in scanned["body"] and "泃阳县" not in (scanned["title"] or "")
