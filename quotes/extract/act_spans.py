"""The extent of a speech act's content: from the phrase's first word to the end of its head's phrase, short of the
writer's narration and asides (speech_acts.py, judgements.py)."""

from __future__ import annotations

from ..parse.doc import ParsedDoc, Token
from .bounds import narration_tail

EDGE = (",", ";", ":", ".", "—", "–", "-")
TIME_NOUNS = {"time", "moment", "minute", "hour", "day", "week", "month", "year", "while"}
DEMONSTRATIVES = {"that", "this", "these", "those"}  # "That threatened to …": a thing, not a speaker


def extent(doc: ParsedDoc, v: int, head: Token, first: int, also: Token | None = None) -> tuple[int, int] | None:
    """From `first` to the end of `head`'s phrase, short of the writer's narration after it and of the sentence
    end."""
    last = doc.subtree(head.i)[-1] + 1
    if also is not None:
        last = max(last, doc.subtree(also.i)[-1] + 1)
    cut, _ = narration_tail(doc, head.i, v)
    if cut is not None and cut > first:
        last = min(last, cut)
    last = min(last, doc.sent_of(v).last)
    while last > first and doc.tokens[last - 1].text in EDGE:
        last -= 1
    return (first, last) if last - first >= 2 else None


def short_of_aside(doc: ParsedDoc, head: Token, last: int) -> int:
    """`last`, or the comma before an apposition or relative clause of `head` (`Trump, the presumptive nominee`):
    the writer's description of whom the words were about, not part of them."""
    for c in doc.children(head.i):
        if c.i > head.i and c.deprel in ("appos", "acl:relcl") and doc.tokens[doc.subtree(c.i)[0] - 1].text == ",":
            return min(last, doc.subtree(c.i)[0] - 1)
    return last
