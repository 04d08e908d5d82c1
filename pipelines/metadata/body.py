"""The publishing body a report names, with its place chain: from the title, the
signature, the report's own wording, or the portal's place."""
from __future__ import annotations

import re

from pipelines.metadata.dates import signature
from pipelines.metadata.region import (chain_ending_at, government_of, is_local, local_stem, place_chain,
                                       place_for_prefix, portal_places)
from pipelines.metadata.script import t2s
from pipelines.metadata.vocab import (DEPARTMENT_ABBREVIATIONS, FULL_FORMS, LEVEL_PREFIXES, LOCAL_GOVERNMENTS,
                                      NOT_LEVEL_PREFIX, ORG_END, REPORT_WORDS, TITLE_WRAPPING, YEAR_TOKEN)


def expand_department(org: str) -> str:
    """The full name of an abbreviated department ('县政府办' -> '县人民政府办公室').
    Idempotent: a name that already ends with a full form is left alone, since the
    short form may sit inside the full one ('人民政府办公室' ends with '政府办公室')."""
    if any(org.endswith(full) for full in FULL_FORMS):
        return org
    if org in DEPARTMENT_ABBREVIATIONS:
        return DEPARTMENT_ABBREVIATIONS[org]
    for short in sorted(DEPARTMENT_ABBREVIATIONS, key=len, reverse=True):
        if org.endswith(short) and len(short) >= 3:
            return org[: -len(short)] + DEPARTMENT_ABBREVIATIONS[short]
    if org == "政府":
        return "人民政府"
    return org


def _title_segment(title_s: str) -> str:
    """The part of a (Simplified) title that names its body: years and the report
    words removed ('2023年市司法局政府信息公开工作年度报告' -> '市司法局')."""
    t = TITLE_WRAPPING.sub("", title_s)
    t = YEAR_TOKEN.sub("", t)
    t = re.sub(r"^关于", "", t)
    m = REPORT_WORDS.search(t)
    seg = t[: m.start()] if m else t
    if seg.endswith("人民"):       # '…人民政府信息公开…': 政府 is shared by both words
        seg += "政府"
    seg = re.sub(r"(?:关于|的)+$", "", seg)
    return seg


def find_body(title: str | None, text: str, portal_name: str | None) -> tuple[str | None, list[str]]:
    """(body, its place chain), Simplified."""
    title_s = t2s(title or "")
    text_s = t2s(text or "")
    seg = _title_segment(title_s)
    chain, end = place_chain(seg)
    rest = seg[end:]
    prefix = ""
    # '市发改委' / '区住建局': a bare level character stands for the portal's place of
    # that level; '市场监管局' starts with 市 but is a department name
    if not chain and rest[:1] in LEVEL_PREFIXES and not rest.startswith(NOT_LEVEL_PREFIX):
        prefix, rest = rest[0], rest[1:]
    org = rest if rest and ORG_END.search(rest) and len(rest) <= 30 else ""
    sig, _ = signature(text_s)
    portal = portal_places(portal_name)
    if sig and chain and is_local(chain[-1]) and org in LOCAL_GOVERNMENTS:
        # a title's short form of a zone or township (青原经开区管委会) and the full name
        # the report signs with (青原经济技术开发区管理委员会): the body as it names itself
        sig_chain = place_chain(sig)[0]
        if sig_chain and is_local(sig_chain[-1]) and local_stem(sig_chain[-1]) == local_stem(chain[-1]):
            return sig, sig_chain
    if org and chain:
        return "".join(chain) + expand_department(org), chain
    if org:
        full = expand_department(org)
        for cand in dict.fromkeys([full, org]):
            if sig and sig.endswith(cand) and len(sig) > len(cand):
                return sig, place_chain(sig)[0]
        best = None
        for cand in dict.fromkeys([full, org]):
            for m in re.finditer(re.escape(cand), text_s):
                c = chain_ending_at(text_s, m.start())
                if c and (best is None or len("".join(c)) > len("".join(best[0]))):
                    best = (c, cand)
        if best:
            return "".join(best[0]) + best[1], best[0]
        places = place_for_prefix(prefix, portal)
        if places:
            return places[-1] + full, places
        return full, []
    if sig:
        sig_chain = place_chain(sig)[0]
        return sig, sig_chain or chain
    places = chain or portal
    if places:
        # the place's government as it is called: 人民政府, a 街道's 办事处, a zone's 管理委员会
        return ("".join(chain) if chain else places[-1]) + government_of(places), places
    return None, []
