"""OpenCC converters, one per direction for the whole process.

Building a converter costs a few milliseconds and it is immutable once built, so every
stage that folds Traditional and Simplified script (classification, cleaning, metadata,
metrics, dedup) shares these instead of keeping its own.
"""
from __future__ import annotations

import functools
from typing import Callable

import opencc


@functools.lru_cache(maxsize=None)
def converter(config: str) -> Callable[[str], str]:
    """OpenCC `config` ("t2s", "s2t", ...) as a plain str -> str function."""
    return opencc.OpenCC(config).convert


def t2s(s: str) -> str:
    """Traditional -> Simplified, as OpenCC writes it (no other normalisation)."""
    return converter("t2s")(s)
