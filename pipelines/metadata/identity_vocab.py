"""The words that tell a government's own report from a department's (data only).

A government and the office or leading group that compiles its report are one
publishing body: 吉安市人民政府办公室 (2017) and 吉安市人民政府 (2021) are the same
report series. A development zone's 管委会 and a township's 人民政府 / a street's
办事处 are the government of that place. Everything else (局, 委员会, 中心 …) is a
department, a body of its own.
"""
from __future__ import annotations

import re

# what follows the place in a government's name (matched on the whole remainder)
GOVERNMENT_UNIT = re.compile(
    r"(?:人民政府|政府)(?:办公室|办公厅|办)?"
    r"|(?:管理委员会|管委会)(?:办公室)?"
    r"|(?:街道)?办事处"
    r"|(?:人民政府|政府)?(?:政务公开|政府信息公开|信息公开|政务公开工作|政府信息公开工作)(?:工作)?"
    r"(?:领导小组|委员会)(?:办公室)?"
)
GOVERNMENT = "government"
DEPARTMENT = "department"
# how the government of a place is written when a body row needs its name
GOVERNMENT_NAME = "人民政府"
# the order levels are shown in (issue 11: grouped by region and level); unknown last
LEVEL_ORDER = ("province", "city", "district", "county", "township", "zone")
