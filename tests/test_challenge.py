"""WAF cookie challenges, unit side: telling a challenge from a page (crawler.challenge.solve.
challenge_scripts), running one in the bounded QuickJS sandbox (solve), and the downloader
middleware's decisions on real Scrapy requests and responses (crawler.middlewares.challenge)."""
from __future__ import annotations

import os
import sys
import time

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler import meta as M
from crawler.challenge import challenge_scripts, solve
from crawler.drops import ChallengeUnsolved
from crawler.middlewares.challenge import JsChallengeMiddleware
from crawler.spiders.reports import ReportsSpider

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "waf"))
from challenges import EvalChain, TwoRounds  # noqa: E402

STATUSES = (521, 412, 202)
LIMITS = {"time_limit": 1, "memory_limit": 16 * 1024 * 1024}


def run(html, url="http://www.example.gov.cn/a/b.html?id=1", status=521, cookies=None):
    return solve(challenge_scripts(html, status, STATUSES), url, cookies or {}, "nianbao-test", **LIMITS)


# --- telling a challenge from a page -----------------------------------------------------------
def test_a_small_challenge_status_page_with_a_script_is_a_challenge():
    assert challenge_scripts(TwoRounds().first().decode(), 521, STATUSES)
    assert challenge_scripts(EvalChain().body().decode(), 412, STATUSES)  # (its code is in body onload)


def test_a_page_with_text_or_without_script_is_not():
    text = "<html><body><script>document.cookie='a=1';location.reload()</script>%s</body></html>" % ("正文" * 200)
    assert challenge_scripts(text, 521, STATUSES) == []
    assert challenge_scripts("<html><body><p>502</p></body></html>", 521, STATUSES) == []


def test_a_200_must_write_a_cookie_and_reload_or_be_nothing_but_script():
    cookie = "<html><body><script>document.cookie='w=1';location.reload()</script></body></html>"
    assert challenge_scripts(cookie, 200, STATUSES)
    obfuscated = "<html><body><script>var _0x=['\\x63ookie'];document[_0x[0]]='w=2';</script></body></html>"
    assert challenge_scripts(obfuscated, 200, STATUSES)
    shell = "<html><body><p>页面已迁移，正在跳转到新版政务公开栏目页面，请稍候；如未跳转请刷新</p><script>location.href='/zwgk/'</script></body></html>"
    assert challenge_scripts(shell, 200, STATUSES) == []
    linked = "<html><body><a href='/zwgk/'>进入</a><script>var t=1</script></body></html>"
    assert challenge_scripts(linked, 200, STATUSES) == []


def test_a_200_shell_that_only_navigates_passes_as_the_page_it_is(mw):
    req = Request("http://www.example.gov.cn/")
    shell = answer(req.url, 200, b"<html><body><script>window.location.href='/zwgk/index.html'</script></body></html>")
    assert mw.process_response(req, shell) is shell     # (redirect shells are the redirect handling's)
    obf = answer(req.url, 200, b"<html><body><script>var k=['\x63ookie'];document[k[0]]='w=2; path=/';"
                               b"setTimeout(function(){location.reload()},500)</script></body></html>")
    retry = mw.process_response(req, obf)
    assert isinstance(retry, Request) and retry.cookies[0]["value"] == "2"


# --- running it ----------------------------------------------------------------------------------------
def test_piecewise_cookie_and_reload():
    out = run(TwoRounds().first().decode())
    assert out.solved and out.error is None
    assert [(c["name"], c["value"], c["path"]) for c in out.cookies] == [("__jsl_clearance_s", "10|2", "/")]
    assert out.location == "http://www.example.gov.cn/a/b.html?id=1"


def test_second_round_hash_search_from_a_timer():
    jsl = TwoRounds(secret="z9")
    out = run(jsl.second().decode(), cookies={"__jsluid_h": "x"})
    assert [c["value"] for c in out.cookies] == [jsl.clearance]
    assert out.location == "http://www.example.gov.cn/a/b.html?id=1"   # set from the setTimeout callback


def test_eval_chain_reading_the_address_through_an_anchor():
    out = run(EvalChain().body().decode(), url="http://xxgk.hbq.gov.cn/gk/index.html", status=412)
    assert [(c["name"], c["value"]) for c in out.cookies] == [("yd_clearance", EvalChain.expected("http://xxgk.hbq.gov.cn/"))]
    assert out.location == "http://xxgk.hbq.gov.cn/gk/index.html"


@pytest.mark.parametrize("nav, where", [
    ("window.location='/x/1.html'", "http://h.gov.cn/x/1.html"),
    ("location.replace('2.html')", "http://h.gov.cn/p/2.html"),
    ("document.location.href='?a=1'", "http://h.gov.cn/p/q.html?a=1"),
    ("location.assign('//h.gov.cn/y')", "http://h.gov.cn/y"),
])
def test_every_way_of_navigating_is_seen(nav, where):
    out = run("<script>document.cookie='c=1';%s</script>" % nav, url="http://h.gov.cn/p/q.html")
    assert out.location == where


def test_the_cookies_held_are_readable_and_a_reload_counts():
    out = run("<script>if(document.cookie.indexOf('sid=7')>=0){document.cookie='ok='+document.cookie.length;"
              "location.reload()}</script>", cookies={"sid": "7"})
    assert out.reload and out.cookies[0]["value"] == "5"


def test_the_sandbox_has_no_network_files_or_host():
    out = run("<script>document.cookie='t='+[typeof require, typeof fetch, typeof XMLHttpRequest, typeof std,"
              " typeof os, typeof process, typeof WebSocket].join(',');location.reload()</script>")
    assert out.cookies[0]["value"] == ",".join(["undefined"] * 7)


def test_an_endless_script_is_stopped_in_time():
    start = time.monotonic()
    out = run("<script>document.cookie='a=1';while(true){}</script>")
    assert not out.solved and "interrupted" in out.error
    assert time.monotonic() - start < 30   # (a CPU-time limit: wall time grows on a loaded machine)


def test_a_script_eating_memory_is_stopped():
    out = run("<script>var a=[];while(true){a.push(new Array(100000).fill(1))}</script>")
    assert not out.solved and (out.error or "out of memory" in " ".join(out.script_errors))


def test_one_failing_script_does_not_stop_the_next():
    out = run("<script>undefinedThing()</script><script>document.cookie='b=2';location.reload()</script>")
    assert out.solved and out.script_errors and out.cookies[0]["name"] == "b"


# --- the middleware ------------------------------------------------------------------------------------
@pytest.fixture()
def mw():
    crawler = get_crawler(ReportsSpider, {"COOKIES_ENABLED": True})
    return JsChallengeMiddleware.from_crawler(crawler)


def answer(url, status, body, headers=None):
    return HtmlResponse(url, status=status, body=body, headers=headers or {"Content-Type": "text/html"},
                        request=Request(url))


def test_a_solved_challenge_retries_with_the_cookie(mw):
    req = Request("http://www.example.gov.cn/a.html", meta={M.PORTAL: "http://www.example.gov.cn/"})
    retry = mw.process_response(req, answer(req.url, 521, TwoRounds().first()))
    assert isinstance(retry, Request) and retry.dont_filter and retry.url == req.url
    assert retry.cookies == [{"name": "__jsl_clearance_s", "value": "10|2", "path": "/"}]
    assert retry.meta[M.CHALLENGE]["rounds"] == 1 and retry.meta[M.CHALLENGE]["statuses"] == [521]


def test_still_a_challenge_after_the_last_round_fails_with_the_reason(mw):
    req = Request("http://www.example.gov.cn/a.html", meta={M.CHALLENGE: {"rounds": 2, "statuses": [521, 521],
                                                                           "cookies": [], "waf": None}})
    with pytest.raises(ChallengeUnsolved) as e:
        mw.process_response(req, answer(req.url, 521, TwoRounds().first()))
    assert "after 2 rounds" in str(e.value) and e.value.response.status == 521
    assert e.value.challenge["solved"] is False


def test_a_script_that_sets_nothing_on_a_challenge_status_fails(mw):
    req = Request("http://www.example.gov.cn/a.html")
    with pytest.raises(ChallengeUnsolved):
        mw.process_response(req, answer(req.url, 412, b"<html><body><script>var x=1;</script></body></html>"))


def test_pages_pass_untouched(mw):
    req = Request("http://www.example.gov.cn/a.html")
    page = answer(req.url, 200, b"<html><body><script>var t=1;</script><p>%s</p></body></html>"
                  % ("正文".encode() * 200))
    assert mw.process_response(req, page) is page
    idle = answer(req.url, 200, b"<html><body><script>var x=1</script></body></html>")
    assert mw.process_response(req, idle) is idle
    pdf = HtmlResponse(req.url, status=521, body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"})
    assert mw.process_response(req, pdf) is pdf


def test_navigation_to_another_host_retries_the_same_address(mw):
    req = Request("http://www.example.gov.cn/a.html")
    retry = mw.process_response(req, answer(req.url, 521, b"<script>document.cookie='k=v; domain=.example.gov.cn';"
                                                          b"location.href='http://evil.example.com/'</script>"))
    assert retry.url == req.url
    assert retry.cookies == [{"name": "k", "value": "v", "path": "/", "domain": "example.gov.cn"}]


def test_a_host_whose_challenges_keep_failing_is_given_up_on(mw):
    idle = b"<html><body><script>var x=1;</script></body></html>"
    for n in range(mw.give_up):
        with pytest.raises(ChallengeUnsolved) as e:
            mw.process_response(Request("http://www.example.gov.cn/%d.html" % n), answer("http://www.example.gov.cn/", 521, idle))
        assert "set no cookie" in str(e.value)
    with pytest.raises(ChallengeUnsolved) as e:   # the next is failed without running its script
        mw.process_response(Request("http://www.example.gov.cn/x.html"), answer("http://www.example.gov.cn/", 521,
                                                                                 TwoRounds().first()))
    assert "were not solved" in str(e.value)
    retry = mw.process_response(Request("http://other.example.gov.cn/"), answer("http://other.example.gov.cn/", 521,
                                                                                 TwoRounds().first()))
    assert isinstance(retry, Request)   # other hosts are not affected
