"""The document stages off the reactor thread (pipelines.stages): what a child sends
back is what the stages changed, with the stats they counted, and a child in a real
spawned pool gives what the crawl process would. The whole path (StagesPipeline in a
crawl, one child) runs in every world test with the default settings."""
from __future__ import annotations

import concurrent.futures as cf
import multiprocessing

from scrapy.utils.test import get_crawler

from core.items import DocumentItem
from crawler.defaults import nianbao_defaults
from nianbao.crawl import project_settings
from pipelines import stages
from pipelines.stages import Stages, StagesPipeline

PAGE = ("<html><head><title>某某县人民政府2023年政府信息公开工作年度报告</title></head><body>"
        "<div class='content'><h1>某某县人民政府2023年政府信息公开工作年度报告</h1>"
        + "<p>本报告由某某县人民政府办公室编制，全文包括总体情况、主动公开政府信息情况。</p>" * 8
        + "</div></body></html>").encode("utf-8")


def _items():
    page = DocumentItem(portal="http://x.gov.cn/", url="http://x.gov.cn/a.html", final_url="http://x.gov.cn/a.html",
                        status=200, headers={"content-type": "text/html; charset=utf-8"}, body=PAGE, fmt="html",
                        parts=[], candidate_reason="t", link_text="2023年政府信息公开工作年度报告")
    broken = DocumentItem(portal="http://x.gov.cn/", url="http://x.gov.cn/r.pdf", status=200, headers={},
                          body=b"%PDF-1.4\n" + b"\0" * 300, fmt="pdf", parts=[], candidate_reason="t")
    return [page, broken]


def _settings():
    return {k: v for k, v in project_settings({"NIANBAO_OCR": False}).copy_to_dict().items()}


def test_child_sends_back_the_changes_and_its_counts():
    stages._init_child(stages._picklable(_settings()), "WARNING")
    try:
        page, broken = _items()
        status, (changed, removed), counted = stages._child_run(page)
        assert status == "ok" and not removed
        assert "body" not in changed                      # the body goes one way
        assert changed["decision"]["is_report"] and changed["text"]
        assert counted == {"nianbao/read/html/read": 1}
        status, (changed, _), counted = stages._child_run(broken)
        assert status == "ok" and changed["parse_error"]  # a failed parse is on the item, with its reason
        assert counted.get("nianbao/read/pdf/failed") == 1
        assert stages._take_stats() == {}                 # counts are sent once
    finally:
        stages._CHILD = None


def test_spawned_child_reads_as_the_crawl_process_does():
    crawler = get_crawler(settings_dict=dict(nianbao_defaults(), NIANBAO_OCR=False))
    crawler.stats.open_spider()
    inproc = Stages(crawler)
    expected = [dict(inproc(item)) for item in _items()]
    ctx = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(1, mp_context=ctx, initializer=stages._init_child,
                                initargs=(stages._picklable(_settings()), "WARNING")) as pool:
        results = [pool.submit(stages._child_run, item).result(timeout=120) for item in _items()]
    for item, want, (status, (changed, removed), _) in zip(_items(), expected, results):
        assert status == "ok"
        got = dict(item)
        for key in removed:
            del got[key]
        got.update(changed)
        assert got == want


def test_zero_workers_runs_the_stages_in_the_crawl_process():
    crawler = get_crawler(settings_dict=dict(nianbao_defaults(), NIANBAO_PIPELINE_WORKERS=0))
    crawler.stats.open_spider()
    pipe = StagesPipeline.from_crawler(crawler)
    pipe.open_spider()
    assert pipe.pool is None and pipe.stages is not None
    assert [type(s).__name__ for s in pipe.stages.stages] == [
        "ReadPipeline", "CleanPipeline", "ClassifyPipeline", "MetadataPipeline", "MetricsPipeline"]


def test_the_pool_leaves_when_the_store_says_every_item_is_done():
    """Scrapy closes the store (it groups) before the stage pool: the store's ITEMS_DONE
    must end the idle children first, so they do not hold memory through grouping."""
    from core.items import ITEMS_DONE

    crawler = get_crawler(settings_dict=dict(nianbao_defaults(), NIANBAO_PIPELINE_WORKERS=1, NIANBAO_OCR=False))
    pipe = StagesPipeline.from_crawler(crawler)
    pipe.open_spider()
    try:
        pool = pipe.pool
        assert pool is not None and pool.submit(stages._ready).result(timeout=120)
        children = list(pool._processes.values())
        crawler.signals.send_catch_log(signal=ITEMS_DONE)
        assert pipe.pool is None
        for proc in children:
            proc.join(timeout=30)
            assert proc.exitcode is not None
        pipe.close_spider()   # Scrapy's own close after it: nothing left to do
    finally:
        if pipe.pool is not None:
            pipe.pool.shutdown()
