"""Cell text as layout and normalizing both read it: a cell as the office sees it, width folded, Simplified, vocabulary spellings."""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

import opencc

from schemas.vocab import Vocabulary, vocabulary

WHITESPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """NFKC (full-width → half-width, compatibility forms) and strip."""
    return unicodedata.normalize("NFKC", text).strip()


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=2**16)
def simplify(text: str) -> str:
    """Traditional → Simplified characters (OpenCC t2s); the most recent texts are remembered, not every one."""
    return _converter().convert(text)


def cell_text(value: Any) -> str:
    """A cell as the text the office sees: integral floats without '.0', dates in ISO form, blanks as ''."""
    if type(value) is str:  # most cells, as they are
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ") if value.time() != datetime.time() else value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def vocab_key(text: str) -> str:
    """A spelling as vocabularies match it: folded, spaces removed, Simplified, upper-case."""
    return simplify(WHITESPACE.sub("", fold(text))).upper()


@cache
def vocabulary_lookup(name: str) -> dict[str, str]:
    """Every accepted spelling (folded, spaces removed, Simplified, upper-case) → the standard value."""
    vocab: Vocabulary = vocabulary(name)
    lookup = {vocab_key(k): v for k, v in vocab.synonyms.items()}
    lookup.update({vocab_key(v): v for v in vocab.values})
    if name == "ethnicity":  # 汉 → 汉族: a listed value without its 族
        lookup.update({vocab_key(v[:-1]): v for v in vocab.values if v.endswith("族") and len(v) > 1})
    return lookup


@cache
def _contained_pattern(name: str) -> re.Pattern[str]:
    """Any accepted spelling inside a longer text, longest first (大学本科学士 → 大学本科)."""
    keys = sorted(vocabulary_lookup(name), key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys if len(k) >= 2))


def vocabulary_in(text: str, name: str) -> str | None:
    """The standard value of the longest accepted spelling found inside `text`, if any (a sheet named 导师引航名单)."""
    match = _contained_pattern(name).search(vocab_key(text))
    return vocabulary_lookup(name)[match.group()] if match else None
