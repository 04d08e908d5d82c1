"""The words sentences state figures in, as data: phrasings the catalogue's aliases do
not spell out, which counting units fit which catalogue unit, which section topics a
key group may be stated under, and the filler words between a phrase and its figure.
prose.py decides what a sentence means with them."""
from __future__ import annotations

import re

# Narrative wordings seen in real reports that the catalogue's aliases do not spell
# out. Simplified script, matched like aliases (the figure follows the phrase).
EXTRA_PHRASES: dict[str, tuple[str, ...]] = {
    "proactive.total": ("主动公开各类政府信息", "主动公开政府信息共", "共公开政府信息"),
    "proactive.website": ("政府网站公开", "门户网站公开", "政府门户网站公开政府信息", "政府网站发布信息"),
    "proactive.gazette": ("政府公报",),
    "proactive.weibo": ("通过政务微博公开", "政务微博发布"),
    "proactive.wechat": ("通过政务微信公开", "政务微信发布"),
    "requests.received": ("收到依申请公开", "收到依申请公开政府信息", "受理依申请公开申请",
                          "收到依申请公开申请"),
    "replies.total": ("已答复申请", "答复申请"),
    "replies.not_own_agency": ("不属于本行政机关公开范围", "不属于本机关公开范围"),
    "staff.full_time": ("专职",),
    "staff.part_time": ("兼职",),
    "new_media.weibo_accounts": ("政务微博",),
    "new_media.wechat_accounts": ("政务微信",),
    "reading_points.visits": ("接待查阅", "查阅"),
    "replies.nonexistent": ("信息不存在",),
    "training.attendees": ("培训", "培训人员", "参加培训"),
    "meetings.total": ("政府信息公开工作会议", "政务公开工作会议", "政务公开专题会议"),
}

# Which counting units may state a key of a given catalogue unit.
UNIT_COMPAT: dict[str, set[str]] = {
    "条": {"条", "篇", "件", "份", "项"},
    "件": {"件", "条", "宗", "起", "例", "项", "份"},
    "次": {"次", "场", "期", "批"},
    "篇": {"篇", "条", "份", "件"},
    "个": {"个", "家", "处", "所"},
    "人": {"人", "名"},
    "人次": {"人次"},
    "万元": {"万元", "元"},
}

# Key groups and the section topics they may be stated under.
ANY_TOPIC = {"proactive", "response", "requests", "fees", "review", "overview", "org", "other",
        "other_matters", "none"}
GROUP_TOPICS: dict[str, set[str]] = {
    "proactive": {"proactive", "response", "overview", "none"},
    "response": {"proactive", "response", "overview", "none"},
    "requests": {"requests", "overview", "none"},
    "replies": {"requests", "none"},
    "requests2019": {"requests", "overview", "none"},
    "outcome": {"requests", "none"},
    "reconsideration": {"review", "overview", "none"},
    "litigation": {"review", "overview", "none"},
    "complaints": {"review", "requests", "overview", "none"},
    "fees": {"fees", "requests", "overview", "other_matters", "none"},
    "rules": {"proactive", "overview", "none"}, "normative": {"proactive", "overview", "none"},
    "licensing": {"proactive", "overview", "none"}, "penalty": {"proactive", "overview", "none"},
    "enforcement": {"proactive", "overview", "none"}, "admin_fees": {"proactive", "overview", "none"},
    "other_services": {"proactive", "overview", "none"}, "procurement": {"proactive", "overview", "none"},
}
DEFAULT_TOPICS = ANY_TOPIC - {"problems"}
# The section a key group belongs to: a candidate there beats one from elsewhere.
HOME_TOPIC: dict[str, set[str]] = {
    "proactive": {"proactive"}, "response": {"proactive", "response"},
    "requests": {"requests"}, "replies": {"requests"}, "requests2019": {"requests"},
    "outcome": {"requests"}, "reconsideration": {"review"}, "litigation": {"review"},
    "complaints": {"review"}, "fees": {"fees"}}
# 2008 groups whose figures have a 2019 counterpart (or none): not read from the prose
# of a report on 2019 or later.
NOT_AFTER_2018 = {"requests", "replies", "litigation"}

FILLERS = ("政府信息", "各类", "共计", "合计", "总计", "累计", "总数", "数量", "共", "计", "为",
            "达到", "达", "有", "数", "事项", "案件", "信息", "申请", "件数", "次数", "均",
            "了", "范围", "等", "约", "近", "逾", "超过", "其中", "分别")
POST_NOUNS = ("政府信息公开申请", "依申请公开申请", "依申请公开", "政府信息", "信息", "申请")
STRONG_LEN = 5   # a phrase this long is specific enough to count outside its own section
# "收取检索、复制、邮寄等费用共计0.06万元": the fee list sits inside the phrase
FEE_TAIL_RE = re.compile(r"收取[^,，。;；]{0,24}费用?$")
SQUEEZE_RE = re.compile(r"[\s\"'“”‘’《》「」〈〉的]")
