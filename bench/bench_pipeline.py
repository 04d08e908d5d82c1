"""Time and peak memory of the document stages: read + clean + metadata + metrics.

    python bench/bench_pipeline.py [--reps N] [--cases typical,big,pdf] [--json]

Cases (all built here, nothing read from outside the repository):
  typical  a 2021-template report article page as portals serve it (~100 KB: template
           chrome, a metadata table, Word-pasted styled paragraphs, the four statistics
           tables with their spans)
  big      a 5 MB page: the typical page grown with Word-styled paragraphs and tables
  dense    a 5 MB page of plain paragraphs and table rows (many light blocks: the
           costliest shape per byte for the cleaner)
  pdf      a 50-page report PDF (CJK text, a table on every fifth page)

Each case runs in a fresh interpreter so its peak RSS (VmHWM, not ru_maxrss, which
Linux carries over from the parent) is its own.  PDF reading happens in the bounded
parser child; its memory is measured by one extra in-process parse, reported as
"parser peak".  Times are medians over N repetitions, per stage and in total.
Speed and memory targets live in bench/README.md, never in tests.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MB = 1024 * 1024


# ---------------------------------------------------------------------------
# inputs

CHROME_HEAD = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="2022-01-20 09:30">
<meta name="ContentSource" content="县政府办公室"><meta name="SiteName" content="某某县人民政府">
<title>{title}_某某县人民政府</title><link rel="stylesheet" href="/css/main.css">
<script>var _hmt = _hmt || []; function changeSize(n){{document.getElementById('zoom').style.fontSize=n+'px';}}</script>
<style>.gk-table td{{border:1px solid #000;padding:3px}}</style></head><body>
<div class="topbar"><span>今天是2022年1月20日 星期四</span><a href="javascript:void(0)">无障碍浏览</a>
<a href="javascript:void(0)">长者模式</a><a href="/">繁體</a><form action="/search"><input name="q" placeholder="请输入关键字"><button>搜索</button></form></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/col/col1/">政务公开</a></li><li><a href="/col/col2/">政务服务</a></li>
<li><a href="/col/col3/">互动交流</a></li><li><a href="/col/col4/">走进某某</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/col/col1/">政府信息公开</a> &gt; <a href="/col/col9/">政府信息公开年报</a></div>
<table class="xxgk-meta"><tr><td>索引号：</td><td>11330000002482000X/2022-00012</td><td>发布机构：</td><td>县政府办公室</td></tr>
<tr><td>生成日期：</td><td>2022-01-20</td><td>文号：</td><td></td></tr><tr><td>名称：</td><td colspan="3">{title}</td></tr></table>
<div class="article"><h1>{title}</h1><div class="info">发布时间：2022-01-20 09:30 来源：县政府办公室 浏览次数：<span id="hits">1024</span>
【字体：<a href="javascript:changeSize(18)">大</a> <a href="javascript:changeSize(16)">中</a> <a href="javascript:changeSize(14)">小</a>】</div>
<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a> 扫一扫在手机打开当前页</div><div id="zoom">"""
CHROME_FOOT = """</div><div class="print">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div></div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/art/2021/1/20/art_9_1.html">某某县2020年政府信息公开工作年度报告</a></li>
<li><a href="/art/2020/1/18/art_9_2.html">某某县2019年政府信息公开工作年度报告</a></li></ul></div>
<div class="footer"><p><a href="/wzdt">网站地图</a> | <a href="/lxwm">联系我们</a></p><p>主办单位：某某县人民政府办公室 承办单位：某某县大数据中心</p>
<p>网站标识码：3300000001 浙ICP备00000000号-1 浙公网安备 33000002000001号</p><p>地址：某某县人民路1号 电话：0571-00000000</p></div></body></html>"""


def styled(text: str) -> str:
    """A paragraph as Word pastes it into a CMS editor: inline styles everywhere."""
    return ('<p style="margin-top:0pt;margin-bottom:0pt;text-indent:32pt;line-height:28pt;mso-line-height-rule:'
            'exactly"><span style="font-family:仿宋_GB2312;font-size:16pt;mso-spacerun:\'yes\';mso-font-kerning:1pt">'
            '%s</span><span style="font-family:仿宋_GB2312;font-size:16pt"><o:p></o:p></span></p>\n' % text)


def cell(text, rowspan=1, colspan=1):
    span = (' rowspan="%d"' % rowspan if rowspan > 1 else "") + (' colspan="%d"' % colspan if colspan > 1 else "")
    return ('<td%s style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p align="center" style="text-align:center">'
            '<span style="font-family:仿宋_GB2312;font-size:10.5pt">%s</span></p></td>' % (span, text))


def table(rows) -> str:
    return ('<table class="gk-table" border="1" cellspacing="0" cellpadding="0" width="100%%">%s</table>\n'
            % "".join("<tr>%s</tr>" % "".join(cell(*c) if isinstance(c, tuple) else cell(c) for c in r) for r in rows))


SECTION_2 = [[("第二十条第（一）项", 1, 4)], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
             ["规章", "1", "0", "12"], ["行政规范性文件", "8", "2", "55"],
             [("第二十条第（五）项", 1, 4)], ["信息内容", ("本年处理决定数量", 1, 3)], ["行政许可", ("1234", 1, 3)],
             [("第二十条第（六）项", 1, 4)], ["信息内容", ("本年处理决定数量", 1, 3)], ["行政处罚", ("87", 1, 3)],
             ["行政强制", ("5", 1, 3)], [("第二十条第（八）项", 1, 4)], ["信息内容", ("本年收费金额（单位：万元）", 1, 3)],
             ["行政事业性收费", ("36.50", 1, 3)]]
OUTCOMES = [("（一）予以公开", None), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
            ("（三）不予公开", ["1．属于国家秘密", "2．其他法律行政法规禁止公开", "3．危及“三安全一稳定”",
                            "4．保护第三方合法权益", "5．属于三类内部事务信息", "6．属于四类过程性信息",
                            "7．属于行政执法案卷", "8．属于行政查询事项"]),
            ("（四）无法提供", ["1．本机关不掌握相关政府信息", "2．没有现成信息需要另行制作", "3．补正后申请内容仍不明确"]),
            ("（五）不予处理", ["1．信访举报投诉类申请", "2．重复申请", "3．要求提供公开出版物", "4．无正当理由大量反复申请",
                            "5．要求行政机关确认或重新出具已获取信息"]),
            ("（六）其他处理", ["1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                            "2．申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                            "3．其他"]),
            ("（七）总计", None)]


def section_3() -> list:
    nums = lambda i: [str((i * 7 + k) % 5) for k in range(6)] + [str(sum((i * 7 + k) % 5 for k in range(6)))]
    rows = [[("本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", 3, 3), ("申请人情况", 1, 7)],
            [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
            ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
            [("一、本年新收政府信息公开申请数量", 1, 3)] + nums(1), [("二、上年结转政府信息公开申请数量", 1, 3)] + nums(2)]
    n_result_rows = sum(len(s) if s else 1 for _, s in OUTCOMES)
    first = True
    i = 3
    for label, subs in OUTCOMES:
        lead = [("三、本年度办理结果", n_result_rows, 1)] if first else []
        first = False
        if subs:
            for j, sub in enumerate(subs):
                rows.append(lead + ([(label, len(subs), 1)] if j == 0 else []) + [sub] + nums(i))
                lead = []
                i += 1
        else:
            rows.append(lead + [(label, 1, 2)] + nums(i))
            i += 1
    rows.append([("四、结转下年度继续办理", 1, 3)] + nums(i))
    return rows


SECTION_4 = [[("行政复议", 1, 5), ("行政诉讼", 1, 10)],
             [("结果维持", 2, 1), ("结果纠正", 2, 1), ("其他结果", 2, 1), ("尚未审结", 2, 1), ("总计", 2, 1),
              ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
             ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
             ["2", "1", "0", "1", "4", "1", "0", "0", "1", "2", "0", "0", "0", "0", "0"]]

PROSE = [
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发"
    "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求编制。本报告中所列数据的统计期限自2021年1月1日起至2021年"
    "12月31日止。",
    "2021年，某某县人民政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和十九届历次全会精神，"
    "认真落实党中央、国务院关于全面推进政务公开工作的决策部署，持续深化重点领域信息公开，不断提升政务公开质量和实效。",
    "（一）主动公开。全年通过县政府门户网站主动公开政府信息4862条，其中政策文件216条，机构职能信息38条，财政预决算信息"
    "127条；通过政务新媒体发布信息2315条；召开新闻发布会12场。",
    "（二）依申请公开。全年共收到政府信息公开申请39件，上年结转2件，均在法定期限内予以答复，办结38件，结转下年度继续办理3件。",
    "（三）政府信息管理。严格落实政府信息公开保密审查制度，全年未发生泄密事件；对现行有效的规范性文件进行清理。",
    "（四）政府信息公开平台建设。优化县政府门户网站政府信息公开专栏，完善基层政务公开标准目录，规范政务新媒体管理。",
    "（五）监督保障。将政务公开工作纳入年度综合考核，全年开展政务公开业务培训4次，培训人员320人次。",
]


def typical_report_html() -> str:
    title = "某某县人民政府2021年政府信息公开工作年度报告"
    body = [styled(PROSE[0]), styled("<b>一、总体情况</b>")]
    body += [styled(p) for p in PROSE[1:]]
    # the Word paste repeats the rich text of each part of the template
    body += [styled("……%s" % p) for p in PROSE[1:] * 10]
    body.append(styled("<b>二、主动公开政府信息情况</b>"))
    body.append(table(SECTION_2))
    body.append(styled("<b>三、收到和处理政府信息公开申请情况</b>"))
    body.append(table(section_3()))
    body.append(styled("<b>四、政府信息公开行政复议、行政诉讼情况</b>"))
    body.append(table(SECTION_4))
    body.append(styled("<b>五、存在的主要问题及改进情况</b>"))
    body += [styled(p) for p in PROSE[3:]]
    body.append(styled("<b>六、其他需要报告的事项</b>"))
    body.append(styled("本机关2021年未收取信息处理费。"))
    body.append(styled("某某县人民政府办公室"))
    body.append(styled("2022年1月20日"))
    return CHROME_HEAD.format(title=title) + "".join(body) + CHROME_FOOT


def big_html(size: int = 5 * MB, plain: bool = False) -> str:
    """The typical page grown to `size` with Word-styled paragraphs and tables (few,
    heavy blocks), or with `plain` ones (many light blocks: the costlier shape)."""
    head = typical_report_html()
    cut = head.index('<div class="print">')
    parts, n, i = [head[:cut]], len(head.encode("utf-8")), 0
    while n < size:
        text = "第%d项：%s" % (i, PROSE[i % len(PROSE)])
        rows = [["规范性文件%d" % (i + k), "5", "0", "41"] for k in range(20)]
        if plain:
            s = ("<p>%s</p>\n" % text if i % 25 else
                 "<table>%s</table>\n" % "".join("<tr>%s</tr>" % "".join("<td>%s</td>" % c for c in r) for r in rows))
        else:
            s = styled(text) if i % 25 else table(rows)
        parts.append(s)
        n += len(s.encode("utf-8"))
        i += 1
    parts.append(head[cut:])
    return "".join(parts)


def report_pdf(pages: int = 50) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK")
    story = [Paragraph("某某县人民政府2021年政府信息公开工作年度报告", style)]
    for n in range(pages):
        for p in PROSE:
            story.append(Paragraph(p, style))
        if n % 5 == 0:
            t = Table([["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "1", "0", "12"],
                       ["行政规范性文件", "8", "2", "55"]])
            t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                                   ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story.append(t)
        if n < pages - 1:
            story.append(PageBreak())
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# one case, in its own process

def peak_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_case(case: str, reps: int) -> dict:
    import logging
    logging.disable(logging.WARNING)     # trafilatura's chatter is not what is measured
    from pipelines.clean import clean_html, split_file_title
    from pipelines.metadata import extract_metadata
    from pipelines.metrics import extract_metrics
    from core.formats import decode_html, detect_format
    from pipelines.read import read_document
    from pipelines.read.pdf import parse_pdf

    url = "http://www.example.gov.cn/art/2022/1/20/art_9_3.html"
    if case == "pdf":
        body, ctype, url = report_pdf(50), "application/pdf", url.replace(".html", ".pdf")
    else:
        html = {"typical": typical_report_html, "big": big_html,
                "dense": lambda: big_html(plain=True)}[case]()
        body, ctype = html.encode("utf-8"), "text/html; charset=utf-8"
    # warm: imports, the OpenCC tables, the catalogue, the parser forkserver
    read_document("pdf", b"%PDF-1.4 warm", timeout=30)
    extract_metrics("主动公开政府信息1条。", [], year=2021, source_url=url)
    base_mb = peak_mb()

    times = {"read": [], "clean": [], "metadata": [], "metrics": []}
    out = {}
    for _ in range(reps):
        t0 = time.perf_counter()
        fmt = detect_format(body, ctype, url)
        if fmt == "html":
            html, _ = decode_html(body, ctype)
            text, tables = None, None
        else:
            res = read_document(fmt, body, timeout=120)
            text, tables = res.text, res.tables
        t1 = time.perf_counter()
        if fmt == "html":
            cleaned = clean_html(html, url)
            text, tables, page_meta = cleaned.text, cleaned.tables, cleaned.page_meta
        else:
            title, text = split_file_title(text)
            page_meta = {"h1": title} if title else {}
        t2 = time.perf_counter()
        meta = extract_metadata(title_candidates=[page_meta.get("ArticleTitle"), page_meta.get("h1")], text=text,
                                url=url, page_meta=page_meta, link_text=None, link_date=None, parent_title=None,
                                parent_date=None, portal_name="某某县人民政府", html=html if fmt == "html" else None)
        t3 = time.perf_counter()
        metrics, flags = extract_metrics(text, tables, year=meta["year"], source_url=url)
        t4 = time.perf_counter()
        for k, a, b in (("read", t0, t1), ("clean", t1, t2), ("metadata", t2, t3), ("metrics", t3, t4)):
            times[k].append(b - a)
        out = {"text_chars": len(text), "n_tables": len(tables), "n_metrics": len(metrics), "year": meta["year"]}
    result = {"case": case, "bytes": len(body), "reps": reps,
              **{k: statistics.median(v) for k, v in times.items()},
              "total": statistics.median([sum(x) for x in zip(*times.values())]),
              "peak_mb": peak_mb(), "base_mb": base_mb, **out}
    if case == "pdf":
        # the parse ran in the bounded child; measure its memory here, in-process
        before = peak_mb()
        parse_pdf(body, {"max_pages": 300})
        result["parser_peak_mb"] = peak_mb()
        result["parser_growth_mb"] = peak_mb() - before
    return result


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--cases", default="typical,big,dense,pdf")
    p.add_argument("--json", action="store_true", help="print the results as JSON lines")
    p.add_argument("--one", help=argparse.SUPPRESS)     # internal: run one case in this process
    args = p.parse_args(argv)
    if args.one:
        print(json.dumps(run_case(args.one, args.reps)))
        return 0
    results = []
    for case in args.cases.split(","):
        proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--one", case, "--reps", str(args.reps)],
                              cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=ROOT))
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            return 1
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    if args.json:
        for r in results:
            print(json.dumps(r))
        return 0
    cols = ("case", "size", "reps", "read s", "clean s", "meta s", "metrics s", "total s", "peak MB", "out")
    rows = []
    for r in results:
        size = "%.0f KB" % (r["bytes"] / 1024) if r["bytes"] < MB else "%.1f MB" % (r["bytes"] / MB)
        peak = "%.0f" % r["peak_mb"]
        if "parser_peak_mb" in r:
            peak += " (parser %.0f)" % r["parser_peak_mb"]
        rows.append((r["case"], size, str(r["reps"]), "%.3f" % r["read"], "%.3f" % r["clean"], "%.3f" % r["metadata"],
                     "%.3f" % r["metrics"], "%.3f" % r["total"], peak,
                     "%d chars, %d tables, %d metrics" % (r["text_chars"], r["n_tables"], r["n_metrics"])))
    widths = [max(len(c), *(len(row[i]) for row in rows)) for i, c in enumerate(cols)]
    print(" | ".join(c.ljust(w) for c, w in zip(cols, widths)))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(v.ljust(w) for v, w in zip(row, widths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
