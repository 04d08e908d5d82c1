"""MinHash signatures (datasketch 2.0's ``affine32`` scheme, bit for bit) and banded LSH
candidates, in numpy alone.

Why not datasketch itself: importing any part of it imports all of it, and its LSH
module imports scipy.integrate (40 MB of resident memory and 0.5 s at start) to
integrate two polynomials once. The crawl process stores a signature for every
document and groups them at the end, so it carried scipy for a whole crawl. The
scheme is pinned (stored signatures stay comparable with datasketch's own:
tests/test_dedup.py checks both against datasketch), and so is the LSH banding
datasketch's MinHashLSH would choose for the same threshold and permutations.
"""
from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from typing import Hashable, Iterable

import numpy as np

# MurmurHash3's 32-bit finalizer (datasketch's pre-mix of every input hash)
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
_MAX = np.uint32(0xFFFFFFFF)
_GAUSS_NODES = 256   # Gauss-Legendre nodes: exact for the polynomials below (degree <= num_perm)


@functools.lru_cache(maxsize=None)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of the affine permutations h -> a*h + b mod 2^32, drawn as datasketch draws them."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix(hv: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


class MinHash:
    """The minimum per permutation of a set of byte strings (sha1's first 4 bytes, little-endian)."""

    def __init__(self, num_perm: int, seed: int):
        self.a, self.b = permutations(num_perm, seed)
        self.hashvalues = np.full(num_perm, _MAX, dtype=np.uint32)

    def update_batch(self, values: Iterable[bytes]) -> None:
        hv = np.fromiter((int.from_bytes(hashlib.sha1(v).digest()[:4], "little") for v in values), dtype=np.uint32)
        if not len(hv):
            return
        phv = _fmix(hv.reshape(-1, 1)) * self.a + self.b   # uint32: the wraparound is the modulo
        self.hashvalues = np.minimum(self.hashvalues, phv.min(axis=0))


@functools.lru_cache(maxsize=None)
def _gauss() -> tuple[np.ndarray, np.ndarray]:
    return np.polynomial.legendre.leggauss(_GAUSS_NODES)


def _integral(f, lo: float, hi: float) -> float:
    x, w = _gauss()
    s = (hi - lo) / 2 * x + (hi + lo) / 2
    return float((hi - lo) / 2 * np.sum(w * f(s)))


@functools.lru_cache(maxsize=None)
def bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(b bands, r rows) minimising false positives + false negatives (weighted 0.5 each)
    around ``threshold``: datasketch's MinHashLSH parameters."""
    best, opt = float("inf"), (0, 0)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = _integral(lambda s: 1 - (1 - s ** r) ** b, 0.0, threshold)
            fn = _integral(lambda s: (1 - s ** r) ** b, threshold, 1.0)
            error = 0.5 * fp + 0.5 * fn
            if error < best:
                best, opt = error, (b, r)
    return opt


def lsh_candidates(signatures: dict[Hashable, np.ndarray], threshold: float, num_perm: int) -> dict:
    """{key: keys sharing at least one band with it (itself included)}: MinHashLSH's
    insert-all-then-query-each, over equal-length signature arrays."""
    b, r = bands(threshold, num_perm)
    buckets: list[dict] = [defaultdict(list) for _ in range(b)]
    for key, sig in signatures.items():
        for i in range(b):
            buckets[i][sig[i * r:(i + 1) * r].tobytes()].append(key)
    out: dict = {key: set() for key in signatures}
    for table in buckets:
        for keys in table.values():
            if len(keys) > 1:
                for key in keys:
                    out[key].update(keys)
    for key in out:
        out[key].add(key)
    return out
