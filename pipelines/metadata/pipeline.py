"""MetadataPipeline: fills item['meta'] for every DocumentItem."""
from __future__ import annotations

import logging

from core.items import is_document
from pipelines.metadata.extract import metadata_for_item
from pipelines.metadata.ocr_names import mend_ocr_places

logger = logging.getLogger(__name__)


class MetadataPipeline:
    """Fills item['meta'] for every DocumentItem; never raises."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls()

    def process_item(self, item, spider=None):
        if not is_document(item):
            return item
        try:
            item["meta"] = metadata_for_item(item)
            if item.get("ocr"):  # a scan: place names misread by OCR are put right from the portal's name
                item["meta"] = mend_ocr_places(item["meta"], item.get("portal_name"))
        except Exception as e:
            logger.exception("metadata failed for %s", item.get("url"))
            item["meta"] = {"title": None, "body": None, "region": None, "level": None, "year": None,
                            "publish_date": None, "script": None, "error": "%s: %s" % (type(e).__name__, e)}
        return item
