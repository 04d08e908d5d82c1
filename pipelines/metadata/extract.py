"""The metadata record of one document (``extract_metadata``) from its clean text,
page metadata and the links that led to it."""
from __future__ import annotations

from pipelines.clean.vocab import TITLE_KEYS
from pipelines.metadata.body import find_body
from pipelines.metadata.dates import find_publish_date, find_year
from pipelines.metadata.region import place_level, portal_places, region_of
from pipelines.metadata.script import detect_script, t2s
from pipelines.metadata.vocab import FILE_SUFFIX, TITLE_HINT, TITLE_PIECES


def pick_title(candidates: list[str | None]) -> str | None:
    """The first candidate that reads like a report title (the piece of it that says
    报告), else the first candidate's first piece."""
    cleaned = []
    for c in candidates:
        c = " ".join((c or "").split())
        if not c:
            continue
        c = FILE_SUFFIX.sub("", c)
        pieces = [p for p in TITLE_PIECES.split(c) if p]
        hinted = [p for p in pieces if TITLE_HINT.search(p)]
        cleaned.append(hinted[0] if hinted else (pieces[0] if pieces else c))
    for c in cleaned:
        if TITLE_HINT.search(c) and 6 <= len(c) <= 120:
            return c
    return cleaned[0] if cleaned else None


def extract_metadata(*, title_candidates: list, text: str, url: str, page_meta: dict,
                     link_text: str | None, link_date: str | None, parent_title: str | None,
                     parent_date: str | None, portal_name: str | None, html: str | None = None) -> dict:
    page_meta = page_meta or {}
    text = text or ""
    title = pick_title(list(title_candidates or []) + [link_text, parent_title])
    body, chain = find_body(title, text, portal_name or page_meta.get("SiteName"))
    region = region_of(chain)
    if not region:
        region = region_of(portal_places(portal_name or page_meta.get("SiteName")))
    publish_date = find_publish_date(page_meta, link_date, parent_date, html, text)
    year = find_year(title, text, publish_date)
    script = detect_script((title or "") + "\n" + text)
    return {"title": title, "body": t2s(body) if body else None, "region": t2s(region) if region else None,
            "level": place_level(t2s(region)) if region else None, "year": year,
            "publish_date": publish_date, "script": script}


def metadata_for_item(item) -> dict:
    """extract_metadata for a DocumentItem: its page's title fields, link text, (for an
    attachment) the announcing page's title, and its first line compete for the title."""
    pm = item.get("page_meta") or {}
    text = item.get("text") or ""
    first_line = next((l.strip() for l in text.splitlines() if l.strip()), None)
    is_attachment = item.get("fmt") != "html" and bool(item.get("parent_url"))
    candidates = [pm.get(k) for k in TITLE_KEYS]
    candidates += [item.get("link_text")]
    if is_attachment:
        candidates += [item.get("parent_title")]
    candidates += [first_line]
    return extract_metadata(
        title_candidates=[c for c in candidates if c], text=text, url=item.get("final_url") or item.get("url") or "",
        page_meta=pm, link_text=item.get("link_text"), link_date=item.get("link_date"),
        parent_title=item.get("parent_title") if is_attachment else None,
        parent_date=item.get("parent_date") if is_attachment else None,
        portal_name=item.get("portal_name"), html=item.get("html"))
