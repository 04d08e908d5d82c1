"""HTML -> clean report text, structured tables and page metadata.

How a Chinese government article page is built, whatever the CMS (TRS, Hanweb jcms,
大汉, the 集约化 platforms): a header with accessibility / elder-mode switches and a
search box, a navigation bar, a breadcrumb (当前位置), often a metadata table
(索引号 / 发布机构 / 生成日期 / 文号 / 名称), the title, an info line (发布时间 / 来源 /
浏览次数 / 【字体：大 中 小】), widgets (语音播报, 分享到, 扫一扫在手机打开当前页),
the article, print / close links, related links and a footer (主办单位, 网站标识码,
ICP备, 公网安备 ...).

So cleaning is:
1. read page_meta from the whole page (meta tags, the metadata table, the info line)
   -- page_meta.py;
2. drop non-content nodes and *chrome blocks*: blocks whose text is made of chrome
   phrases (judged on text, ARIA roles and structure, never on class names); a chrome
   phrase inside a report sentence leaves the sentence alone -- chrome.py, with the
   phrases in vocab.py;
3. let trafilatura find the main content and map its text back onto the page tree
   to pick the content container -- content.py;
4. serialise that container ourselves: one line per paragraph / heading, one line per
   table row with cells tab-separated as published (no span expansion), and keep the
   tables with their spans -- render.py, on the tree parse_html (tree.py) built.
"""
from pipelines.clean.content import CleanResult, clean_html, clean_pages
from pipelines.clean.page_meta import extract_page_meta, split_file_title
from pipelines.clean.pipeline import CleanPipeline

__all__ = ["CleanPipeline", "CleanResult", "clean_html", "clean_pages", "extract_page_meta", "split_file_title"]
