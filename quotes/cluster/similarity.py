"""Whether two normalised texts report the same statement: distinct-word containment with compounds joined,
and the guards (a number, a name or a negation on one side only). See the package docstring, step 3."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from .words import Words

THRESHOLD = 0.85
MIN_SHARED = 5


def _join_compounds(seq: Sequence[str], other: frozenset[str]) -> list[str]:
    """Join adjacent words of `seq` whose concatenation is a word of `other` ("stop over" -> "stopover")."""
    out: list[str] = []
    i = 0
    while i < len(seq):
        if i + 1 < len(seq) and seq[i] + seq[i + 1] in other:
            out.append(seq[i] + seq[i + 1])
            i += 2
        else:
            out.append(seq[i])
            i += 1
    return out


def aligned(a: Sequence[str], b: Sequence[str]) -> tuple[list[str], list[str]]:
    """Words present on one side only. The shorter text counts whole (it is the statement); of the longer one
    only the span aligned with the shorter counts, since the rest may be another segment of a joined quote."""
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    blocks = _trim_strays([m for m in matcher.get_matching_blocks() if m.size])
    if not blocks:
        return list(a), list(b)
    a_lo, a_hi = (blocks[0].a, blocks[-1].a + blocks[-1].size) if len(a) > len(b) else (0, len(a))
    b_lo, b_hi = (blocks[0].b, blocks[-1].b + blocks[-1].size) if len(b) > len(a) else (0, len(b))
    matched_a = {i for m in blocks for i in range(m.a, m.a + m.size)}
    matched_b = {j for m in blocks for j in range(m.b, m.b + m.size)}
    only_a = [a[i] for i in range(a_lo, a_hi) if i not in matched_a]
    only_b = [b[j] for j in range(b_lo, b_hi) if j not in matched_b]
    return only_a, only_b


def _trim_strays(blocks: list[difflib.Match], stray: int = 2, gap: int = 2) -> list[difflib.Match]:
    """Drop short matches at either end that sit far off from the rest (a lone "we" or "the" matched in the
    other segment of a joined quote), so that the other segment's words do not count as differences."""
    def far(x: difflib.Match, y: difflib.Match) -> bool:
        return (y.b - x.b - x.size) - (y.a - x.a - x.size) > gap or (y.a - x.a - x.size) - (y.b - x.b - x.size) > gap

    while len(blocks) > 1 and blocks[0].size <= stray and far(blocks[0], blocks[1]):
        blocks = blocks[1:]
    while len(blocks) > 1 and blocks[-1].size <= stray and far(blocks[-2], blocks[-1]):
        blocks = blocks[:-1]
    return blocks


def similarity(a: Words, b: Words) -> float:
    """Containment score of two normalised texts; 0.0 when a guard (number, name, negation) rejects them."""
    score, guarded = scored(a, b)
    return 0.0 if guarded else score


def scored(a: Words, b: Words) -> tuple[float, bool]:
    """Containment score of two normalised texts (0.0 below `THRESHOLD`), and whether a guard (number, name,
    negation) rejects the pair: such near-identical texts are variants (quotes.wording), not one statement."""
    if a.seq == b.seq:
        return (1.0 if a.seq else 0.0), False
    if not (b.distinct - a.distinct) & a.concat and not (a.distinct - b.distinct) & b.concat:
        # No compound to join: the raw sets decide, and most candidate pairs stop here cheaply.
        shared = len(a.distinct & b.distinct)
        if shared < MIN_SHARED or shared < THRESHOLD * min(len(a.distinct), len(b.distinct)):
            return 0.0, False
    seq_a = _join_compounds(a.seq, b.distinct)
    seq_b = _join_compounds(b.seq, a.distinct)
    set_a, set_b = set(seq_a), set(seq_b)
    shared = len(set_a & set_b)
    if shared < MIN_SHARED:
        return 0.0, False
    score = shared / min(len(set_a), len(set_b))
    if score < THRESHOLD:
        return 0.0, False
    marked = a.marked | b.marked
    if not marked:
        return score, False  # no number, name or negation on either side: nothing for the guard to find
    only_a, only_b = aligned(seq_a, seq_b)
    return score, any(w in marked for w in only_a) or any(w in marked for w in only_b)
