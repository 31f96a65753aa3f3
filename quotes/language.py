"""Whether a text reads like English prose (the parsers read English; other languages are skipped)."""

from __future__ import annotations

import re

__all__ = ["looks_english"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Common English function words; not "a" or "i", which are words in French, Spanish and Italian too.
_ENGLISH_WORDS = """
about after all also an and are as at be been but by for from had has have he her his if in into is it its
more not of on or our said says she that the their them there they this to was we were what when which who
will with would you
"""

_ENGLISH = frozenset(_ENGLISH_WORDS.split())

_SAMPLE_CHARS = 20_000

_MIN_WORDS = 25

_MIN_SHARE = 0.10


def looks_english(text: str) -> bool:
    """Whether `text` reads like English prose: common English function words make up a fair share of
    its words (about a third in news prose; a few percent in other languages, tables or code)."""
    words = _WORD.findall(text[:_SAMPLE_CHARS])
    if len(words) < _MIN_WORDS:
        return True  # too short to judge; the rules simply find little
    common = sum(w.lower() in _ENGLISH for w in words)
    return common / len(words) >= _MIN_SHARE
