"""OpenCC converters, one per direction for the whole process.

Building a converter costs a few milliseconds and it is immutable once built, so every
stage that folds Traditional and Simplified script (classification, cleaning, metadata,
metrics, dedup) shares these instead of keeping its own.
"""
from __future__ import annotations

import functools
import json
import os
import tempfile
from typing import Callable

import opencc

# OpenCC's own dictionaries (where the package keeps the configs it names by stem)
_SHARE = os.path.join(os.path.dirname(opencc.__file__), "clib", "share", "opencc")


@functools.lru_cache(maxsize=None)
def converter(config: str) -> Callable[[str], str]:
    """OpenCC `config` ("t2s", "s2t", ...) as a plain str -> str function."""
    return opencc.OpenCC(config).convert


def t2s(s: str) -> str:
    """Traditional -> Simplified, as OpenCC writes it (no other normalisation)."""
    return converter("t2s")(s)


@functools.lru_cache(maxsize=None)
def s2t_character() -> Callable[[str], str]:
    """Simplified -> Traditional of single characters: OpenCC's s2t without its phrase
    dictionaries. A phrase needs two characters, so a single character converts as s2t
    converts it (tests/test_script.py checks every CJK Unified Ideograph), from 1 MB
    of memory instead of the phrase tables' 26 MB, in every process that imports the
    cleaner's vocabulary (its patterns fold each character with this)."""
    config = {"name": "s2t, characters only",
              "normalization": [{"dict": {"type": "ocd2", "file": os.path.join(_SHARE, "CJK_Compatibility_Ideographs.ocd2")}}],
              "conversion_chain": [{"dict": {"type": "ocd2", "file": os.path.join(_SHARE, "STCharacters.ocd2")}}]}
    # OpenCC finds a config's dictionaries beside it or by absolute path: a config
    # naming its own dictionaries by path, written for the moment it is loaded
    with tempfile.TemporaryDirectory(prefix="nianbao-opencc-") as tmp:
        path = os.path.join(tmp, "s2t_characters.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(config, f)
        try:
            return opencc.OpenCC(path).convert
        except Exception:  # an OpenCC laid out otherwise: the whole s2t (same answers, more memory)
            return converter("s2t")
