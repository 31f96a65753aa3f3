"""Quotation marks inside reported statements: a reported clause holding a quoted fragment is `mixed`, a
fragment it opens is closed, and a clause wholly in quotation marks is a direct quote."""

from __future__ import annotations

import re

from .candidates import Candidate

# double quotation marks, also two apostrophes standing for one (news archives that store text in ASCII)
QUOTE_CHARS = ("“", "”", "\"", "„", "«", "»", "''")


# a fragment in single marks (British style), told apart from apostrophes by the spaces around it
SINGLE_QUOTED = re.compile(r"(?:^|(?<=\s))['‘][^'‘’]{3,}?['’](?=[\s.,;:!?]|$)")


def classify(text: str, cand: Candidate) -> None:
    """A reported clause with quotation marks inside is mixed; a quoted fragment it opens is closed."""
    content = text[cand.start : cand.end]
    if cand.quote_type == "indirect" and (any(q in content for q in QUOTE_CHARS) or SINGLE_QUOTED.search(content)):
        cand.quote_type = "mixed"
    cand.end = close_fragment(text, cand.start, cand.end)
    content = text[cand.start : cand.end]
    # `said that “nothing is agreed.”`: the whole clause in quotation marks is a direct quote
    if (cand.quote_type == "mixed" and len(content) > 2 and content[0] in "“\"" and content[-1] in "”\""
            and sum(content.count(q) for q in QUOTE_CHARS) == 2 and len(content.split()) >= 3):
        cand.quote_type = "direct"
        cand.start += 1
        cand.end -= 1


def close_fragment(text: str, start: int, end: int) -> int:
    """Extend a span that opens a quotation mark over its closing mark (and the `.` or `,` before it)."""
    content = text[start:end]
    opened = content.count("“") - content.count("”")
    straight_open = content.count('"') % 2 == 1
    for width in (1, 2):
        tail = text[end : end + width]
        closes = len(tail) == width and all(ch in ".,!?" for ch in tail[:-1])
        if closes and ((opened > 0 and tail[-1] == "”") or (straight_open and tail[-1] == '"')):
            return end + width
    return end
