"""Report metadata: title, publishing body, region, level, year reported on,
publish date, script.

Plain functions over the clean text and page metadata (``extract_metadata``, in
extract.py), and the Scrapy pipeline that fills ``item['meta']`` (pipeline.py).

How the fields are found, in the order of the export spec (spec/export.md):

* title    -- the report's own title as published: the first candidate (ArticleTitle,
              h1, 名称, <title> without the site suffix, link text, parent title, first
              line) that reads like a report title.                       (extract.py)
* body     -- the body the title names (``安康市教育局``, ``上饶市信州区人民政府``); an
              abbreviated department (``市发改委``, ``区住建局``) is expanded to its official
              name and given its place, preferring the full form the report itself
              prints (signature, "本报告由……根据"); else the signing office; else the
              place's government (``X人民政府``).  Simplified script.        (body.py)
* region   -- the body's most specific place (``青山湖区`` for 南昌市青山湖区…, ``湖坊街道``
              for …湖坊街道办事处, the zone's own name).                     (region.py)
* level    -- province / city / district / county from the place name's suffix and
              the list of county-level cities (瑞金市 is a county); township (乡, 镇,
              街道) and zone (经济技术开发区, 高新区 … with their 管委会) from the name
              endings of places below the county.           (region.py, places.py)
* year     -- the year the report is ON: the title's year (2019 / 二〇一九 / 二0一九),
              else the statistics period in the text, else the year its opening
              names, else the publish year minus one (a late report names its year). (dates.py)
* publish_date -- the portal's 发布日期, else the list date, else the announcing
              page's date (attachments), else htmldate, else the signature date. (dates.py)
* script   -- 'traditional' when OpenCC t2s changes the text materially.   (script.py)

The words all this reads are in vocab.py and places.py.
"""
from pipelines.metadata.body import expand_department, find_body
from pipelines.metadata.dates import find_publish_date, find_year, signature
from pipelines.metadata.extract import extract_metadata, metadata_for_item, pick_title
from pipelines.metadata.pipeline import MetadataPipeline
from pipelines.metadata.region import government_of, place_chain, place_level, portal_places, region_of
from pipelines.metadata.script import detect_script, t2s
from pipelines.metadata.vocab import DEPARTMENT_ABBREVIATIONS

__all__ = ["DEPARTMENT_ABBREVIATIONS", "MetadataPipeline", "detect_script", "expand_department", "extract_metadata",
           "find_body", "find_publish_date", "find_year", "government_of", "metadata_for_item", "pick_title",
           "place_chain", "place_level", "portal_places", "region_of", "signature", "t2s"]
