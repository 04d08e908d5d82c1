"""How alike two normalised texts are: character shingles, exact Jaccard (on sets or
on sorted hash arrays), the figures they state, and MinHash signatures.

Near duplicates: MinHash (datasketch's scheme, computed by .minhash: ``NUM_PERM`` = 128 permutations, seed 1) over
the set of character ``SHINGLE`` = 5-grams of the normalised text. Texts shorter than
``MIN_MINHASH_CHARS`` normalised characters (notice pages, empty scans) carry no
signature: their shingle sets are too small for similarity to mean anything.
Signatures are stored per document (1 KiB, datasketch scheme ``affine32`` pinned so
they stay comparable).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

import numpy as np

from .minhash import MinHash
from .rules import MIN_MINHASH_CHARS, NUM_PERM, SEED, SHINGLE

# shingles hashed and permuted at a time (update_batch's matrix: MINHASH_BATCH x NUM_PERM)
MINHASH_BATCH = 8192
_YEARS = re.compile(r"^(19[5-9]\d|20[0-4]\d)$")


def shingles(norm: str, k: int = SHINGLE) -> set[str]:
    if len(norm) <= k:
        return {norm} if norm else set()
    return {norm[i:i + k] for i in range(len(norm) - k + 1)}


def jaccard(a: set, b: set) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def figures(norm: str) -> Counter:
    """The figures of a normalised text: digit runs of two or more digits that are not
    years (0-9 are everywhere in a template's empty table and say nothing)."""
    return Counter(n for n in re.findall(r"\d{2,}", norm) if not _YEARS.match(n))


def figures_agree(norm_a: str, norm_b: str) -> float:
    """Multiset Jaccard of the figures of two texts: copies of one report state the
    same figures (1.0 give or take page numbers), two bodies' reports filled into one
    template do not. 0.0 when neither states any figure (no evidence)."""
    fa, fb = figures(norm_a), figures(norm_b)
    union = sum((fa | fb).values())
    return sum((fa & fb).values()) / union if union else 0.0


# ------------------------------------------------- shingle sets as hash arrays


def hashed(shingle_set: set) -> np.ndarray:
    """Shingles as a sorted array of their (per-process) hashes: set algebra on
    thousands of candidate pairs stays fast."""
    return np.unique(np.fromiter((hash(s) for s in shingle_set), dtype=np.int64, count=len(shingle_set)))


def _common(a: np.ndarray, b: np.ndarray) -> int:
    """Size of the intersection of two sorted unique arrays (binary search, no re-sort)."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return 0
    pos = np.searchsorted(b, a)
    pos[pos == len(b)] = 0
    return int(np.count_nonzero(b[pos] == a))


def array_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    inter = _common(a, b)
    union = len(a) + len(b) - inter
    return inter / union if union else 1.0


def array_containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller set found in the other one."""
    small = min(len(a), len(b))
    return _common(a, b) / small if small else 0.0


# ------------------------------------------------------------------- MinHash


def minhash_signature(norm: str) -> Optional[bytes]:
    """MinHash of the 5-gram set of a normalised text, as 128 little-endian uint64
    (1 KiB), or None for texts too short to compare."""
    if len(norm) < MIN_MINHASH_CHARS:
        return None
    m = MinHash(NUM_PERM, SEED)
    # A signature is a minimum per permutation, so the order of the shingles and
    # how they are batched do not change it.  Batches bound the permutation matrix
    # update_batch builds (shingles x NUM_PERM); a text of a million distinct
    # shingles would otherwise take gigabytes.
    batch = []
    for s in _byte_shingles(norm, SHINGLE):
        batch.append(s)
        if len(batch) == MINHASH_BATCH:
            m.update_batch(batch)
            batch = []
    if batch:
        m.update_batch(batch)
    return m.hashvalues.astype("<u8").tobytes()


def _byte_shingles(norm: str, k: int) -> set[bytes]:
    """The UTF-8 encodings of shingles(norm, k), cut from one encoding of the whole
    text (UTF-8 is one-to-one, so the set is the same as encoding each shingle)."""
    if len(norm) <= k:
        return {norm.encode("utf-8")} if norm else set()
    data = norm.encode("utf-8")
    if len(data) == len(norm):          # ASCII: a character is a byte
        return {data[i:i + k] for i in range(len(data) - k + 1)}
    points = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32)
    widths = 1 + (points >= 0x80).astype(np.int64) + (points >= 0x800) + (points >= 0x10000)
    ends = np.cumsum(widths).tolist()
    starts = [0] + ends[:-1]
    return {data[a:b] for a, b in zip(starts, ends[k - 1:])}


def signature_array(sig: bytes) -> np.ndarray:
    """A stored signature as the array LSH bands are cut from."""
    return np.frombuffer(sig, dtype="<u8")


def minhash_jaccard(a: bytes, b: bytes) -> float:
    """Jaccard estimated from two stored signatures."""
    ha, hb = np.frombuffer(a, dtype="<u8"), np.frombuffer(b, dtype="<u8")
    return float(np.count_nonzero(ha == hb)) / len(ha)
