"""Candidate pairs by blocking: an inverted index of rare words with capped posting lists, each text searching
with its rarest words as keys (prefix filtering). See the package docstring, step 2."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .similarity import THRESHOLD
from .words import Words

POSTING_CAP = 100
KEY_MARGIN = 3


def block_keys(words: Words, df: Callable[[str], int]) -> tuple[list[str], int]:
    """The rarest blockable words of a text, and how many of them a text containing it must hold.

    A text contained (score >= `THRESHOLD`) in another misses at most `floor((1 - THRESHOLD) * n)` of its
    `n` distinct words, plus two per hyphenated compound (written split on one side, joined on the other).
    Taking `KEY_MARGIN` more keys than that, the other text holds at least `KEY_MARGIN` of them.
    """
    counts = {w: df(w) for w in words.distinct | words.joins}
    blockable = sorted((w for w, n in counts.items() if n <= POSTING_CAP), key=lambda w: (counts[w], w))
    missing = math.floor((1 - THRESHOLD) * len(words.distinct)) + 2 * len(words.joins)
    keys = blockable[: missing + KEY_MARGIN]
    return keys, max(1, min(KEY_MARGIN, len(keys) - missing))


Item = tuple[object, str, Words]  # (the caller's handle on a record, its quote_id, its normalised text)


@dataclass
class Rep:
    """Records of one speaker with identical normalised words: compared once, through the one with the smallest
    quote_id (so that nothing depends on input order)."""

    qid: str
    words: Words
    refs: list

    @property
    def vocabulary(self) -> frozenset[str]:
        return self.words.distinct | self.words.joins


def representatives(items: Iterable[Item]) -> list[Rep]:
    """One `Rep` per distinct normalised text (a record with no words at all stays alone), by quote_id."""
    by_seq: dict[tuple[str, ...], Rep] = {}
    alone: list[Rep] = []
    for ref, qid, words in items:
        if not words.seq:
            alone.append(Rep(qid, words, [ref]))
            continue
        rep = by_seq.get(words.seq)
        if rep is None:
            by_seq[words.seq] = Rep(qid, words, [ref])
            continue
        rep.refs.append(ref)
        if qid < rep.qid:
            rep.qid, rep.words = qid, words
    return sorted([*by_seq.values(), *alone], key=lambda r: r.qid)


def posting_lists(reps: Sequence[Rep]) -> dict[str, list[int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for i, rep in enumerate(reps):
        for word in rep.vocabulary:
            postings[word].append(i)
    return postings


def search(words: Words, lists: Callable[[str], list[Sequence[int]]]) -> Counter[int]:
    """How many of the text's keys each other text holds (`lists(word)`: the posting lists searched)."""
    keys, required = block_keys(words, lambda word: sum(len(x) for x in lists(word)))
    hits: Counter[int] = Counter()
    for word in keys:
        for ids in lists(word):
            hits.update(ids)
    return Counter({j: n for j, n in hits.items() if n >= required})


def partition_pairs(named: Sequence[Rep], unattributed: Sequence[Rep], u_postings: dict[str, list[int]],
                    u_by_text: dict[tuple[str, ...], list[int]]) -> set[tuple[int, int]]:
    """Candidate pairs found by one speaker's texts (`named`, indices 0..) among themselves and the unattributed
    ones (indices -1, -2, ...: `~k` is unattributed text k). Each text takes its keys from the posting lists it
    searches, those of its speaker and of the unattributed texts, which hold at most `POSTING_CAP` texts for a key:
    so every text meets a bounded number of candidates. Texts with identical words are always candidates."""
    postings = posting_lists(named)
    pairs: set[tuple[int, int]] = set()
    for i, rep in enumerate(named):
        for k in u_by_text.get(rep.words.seq, ()):
            pairs.add((i, ~k))

        def lists(word: str) -> list[Sequence[int]]:
            return [postings.get(word, ()), [~k for k in u_postings.get(word, ())]]

        pairs.update((i, j) for j in search(rep.words, lists) if j != i)
    return {(min(i, j), max(i, j)) if j >= 0 else (i, j) for i, j in pairs}
