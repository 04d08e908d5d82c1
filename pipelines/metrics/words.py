"""Words of the official tables that the catalogue (metrics.yaml) does not carry:
column orders, units and header words.  Data only; vocab.py, tables.py and
standard.py decide what a cell holding one of them means."""
import re

# 2019 section 三's applicant columns in the official order: a flattened row's seven
# figures are read in this order
STANDARD_APPLICANT_ORDER = ("natural_person", "commercial", "research", "public_interest",
                            "legal_service", "other", "total")
# The official section 四 column order: 行政复议 (5) | 未经复议直接起诉 (5) | 复议后起诉 (5).
STANDARD_REVIEW_ORDER = tuple(
    f"{p}.{s}" for p in ("reconsideration", "litigation.direct", "litigation.after_review")
    for s in ("upheld", "corrected", "other", "pending", "total"))
# The measure columns in the order the templates print them (key suffixes; 2021 and
# 2019 section 二, section 四's results): where a header with a typo stands tells which
# measure it is when its closeness alone does not (columns.py)
MEASURE_COLUMN_ORDERS = (
    ("issued", "repealed", "in_force"),                 # 2021 第二十条第（一）项
    ("new_made", "new_published", "published_total"),   # 2019 第二十条第（一）项
    ("items_prev", "items_change", "decisions"),        # 2019 第（五）（六）项
    ("items_prev", "items_change", "amount"),           # 2019 第（八）项 with an amount
    ("items", "amount"),                                # 第（九）项 政府集中采购
    ("upheld", "corrected", "other", "pending", "total"),   # section 四, each block
)

# a cell holding only one of these is a 2008 row's 计量单位, never a label or a figure
UNIT_WORDS = {"条", "件", "次", "篇", "个", "人", "人次", "万元", "元", "项", "家", "份", "场",
              "期", "名", "起", "宗", "例", "批", "所", "处"}
# column words of the 2008 统计表 and its 指标统计表 variant: a row of them is a header row
HEADER_2008 = {"统计指标", "指标名称", "指标", "计量单位", "单位", "统计数", "历年累计", "累计",
               "项目", "本年", "本年度", "本年数", "统计数据", "数据", "内容", "序号", "类别",
               "指标项", "数值", "本期", "当年", "本年统计数", "年度数", "全年"}
# a 2008 header over the reporting year's figures (the column read, not 历年累计)
VALUE_HEADERS = {"统计数", "本年", "本年度", "本年数", "数量", "数值", "本期", "当年", "本年统计数",
                 "统计数据", "数据", "年度数", "全年", "合计"}
# the group headers of 2019 section 四 (行政复议 / 行政诉讼 and its two halves)
REVIEW_HEADERS = {"行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "直接起诉"}
# 2019 header cells that name no column of their own (section 三's 申请人情况 over the
# applicant columns, section 二's 信息内容 over the entity labels)
HEADER_2019 = ("申请人情况", "法人或其他组织", "信息内容")
# section 二 is split into sub-tables titled 第二十条第（x）项: each brings its own header
SUBTABLE_MARK = "第二十条"
# the 2021 form's note rows over the columns: 本列数据的勾稽关系为…
NOTE_START, NOTE_WORD = "本列数据", "勾稽关系"
# a year as a column header: 2017, 2017年, 2017年度数据
YEAR_RE = re.compile(r"^((?:19|20)\d{2})(?:年度?)?(?:数据|数)?$")

# Row labels with a typo or a dropped character (fuzzy.py): how many edits a label of
# up to N characters may carry and still be itself, how much closer than any other
# key's label it must be, and the shortest label compared at all (规章, 其他 never are)
FUZZY_EDITS = ((9, 1), (14, 2), (10_000, 3))
FUZZY_MARGIN = 2
FUZZY_MIN_LEN = 4
