"""Text normalisation, exact hashes and MinHash LSH grouping of documents into reports
(pure: no database; ``pipelines.store.reports`` applies the grouping to it).

A report is one annual report of one body for one year; every copy of it (the page
under two columns, a repost on another portal, the PDF/DOCX twin of an HTML page, a
Traditional-script mirror, an XLSX statistics table attached to it, the notice page
that announces the attachment) becomes one ``reports`` row.

- :mod:`.normalize`  — normalised text and body names;
- :mod:`.similarity` — shingles, Jaccard, figures, MinHash signatures;
- :mod:`.documents`  — ``DocInfo``, ``Group``, ``choose_primary``;
- :mod:`.grouping`   — ``group_documents`` (the five kinds of evidence);
- :mod:`.rules`      — thresholds and vocabulary.
"""
from __future__ import annotations

from .documents import DocInfo, Group, choose_primary, fmt_rank, is_table
from .grouping import group_documents
from .normalize import bodies_compatible, normalize_body, normalize_text
from .rules import MIN_MINHASH_CHARS, NUM_PERM, SHINGLE, THRESHOLD
from .similarity import (
           figures,
           figures_agree,
           jaccard,
           minhash_jaccard,
           minhash_signature,
           shingles,
)

__all__ = ["DocInfo", "Group", "choose_primary", "fmt_rank", "is_table", "group_documents", "bodies_compatible",
           "normalize_body", "normalize_text", "MIN_MINHASH_CHARS", "NUM_PERM", "SHINGLE",
           "THRESHOLD", "figures", "figures_agree", "jaccard", "minhash_jaccard", "minhash_signature", "shingles"]
