"""The spelling lexicon (quotes/data/spelling.json): British forms written the American way, contractions and
number words, so that clustering and wording comparison see "programme" / "program" as one word."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

__all__ = ["lexicon", "us_spelling"]


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return json.loads(resources.files("quotes").joinpath("data/spelling.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1 << 15)
def us_spelling(word: str) -> str:
    """A lowercased word in its American spelling ("reorganised" -> "reorganized"); other words unchanged."""
    lex = lexicon()
    if word in lex["words"]:
        return lex["words"][word]
    if word in _exceptions():
        return word
    for uk, us in lex["suffixes"]:
        if word.endswith(uk) and len(word) - len(uk) >= 3:
            return word[: -len(uk)] + us
    return word


@lru_cache(maxsize=1)
def _exceptions() -> frozenset[str]:
    return frozenset(lexicon()["suffix_exceptions"])
