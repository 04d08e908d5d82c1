"""The thresholds and vocabulary of grouping documents into reports (data only).

Why ``THRESHOLD`` = 0.8: copies of one report (HTML vs PDF text with page numbers and
running heads, a mirror with a few characters OpenCC maps differently) score
0.85–1.0, while different bodies' reports written from the same official template
score 0.66 on average-length reports (measured over 84 real and synthetic reports)
but up to ~0.78 for the short table-heavy reports small departments file (tested in
tests/test_dedup.py).
"""
from __future__ import annotations

# ------------------------------------------------------------ similarity

THRESHOLD = 0.8            # Jaccard of char 5-gram sets: same report above, different reports below
STRONG = 0.9               # below this a near-duplicate must also state the same figures
FIGURES_AGREE = 0.8        # multiset Jaccard of the figures two copies of one report share at least
SAME_TEXT = 0.98           # below this a near-duplicate must not name a different body
ESTIMATE_MARGIN = 0.1      # a MinHash estimate this far below the threshold rejects without the texts (2.8 sigma)

# ------------------------------------------------------------ signatures

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"        # datasketch's hashing scheme (pipelines/dedup/minhash.py), pinned so stored signatures stay comparable
SHINGLE = 5
MIN_MINHASH_CHARS = 200    # shorter normalised texts get no signature

# ------------------------------------------------------------ lengths

MIN_EXACT_CHARS = 30       # two empty / one-line texts being equal proves nothing
FULL_CHARS = 1000          # a text this long is a report in itself, not a notice or a cover page
NOTICE_MAX_CHARS = 600     # a page this short that links a member file is a notice
PRIMARY_LENGTH_RATIO = 0.8
UNRELATED_JACCARD = 0.3    # two long texts of one body-year below this ...
UNRELATED_CONTAINMENT = 0.5  # ... and below this containment are a metadata slip, not one report

# ------------------------------------------------------------ vocabulary

FORMAT_RANK = {"html": 0, "multipage": 0, "docx": 1, "pdf": 2, "doc": 3, "wps": 3}
OTHER_FORMAT_RANK = 4
SPREADSHEET_RANK = 5
# the spreadsheet formats core.formats.detect_format reports (core.formats.FORMATS)
SPREADSHEETS = {"xls", "xlsx", "et"}
# Kinds the classifier uses for documents that are something else than a report or
# its statistics table: such a document never joins a report as an attachment.
OTHER_KINDS = {"interpretation", "website_report", "work_report", "rule_of_law", "budget", "news", "list"}
# pages of these kinds (url_state) announce nothing: a list links many reports
INDEX_PAGE_KINDS = ("list", "nav")
