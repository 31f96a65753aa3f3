"""Quote clusters: records that report the same statement share a `cluster_id`.

CONTRACT.md: records (in the same or different articles) report the same statement when they carry the
same words of the same speaker, or one of them is unattributed (empty `speaker`). That covers
near-identical wording ("full-fledged visit" / "fully fledged visit", "stopover" / "stop-over", "out of" /
"through") and one record's words, at least five of them, contained in another's (one article quotes two
segments, another joins them). Statements that differ in a number, a name or a negation stay apart. The
`cluster_id` is the smallest `quote_id` in the cluster, so it does not depend on input order.

Method (near-linear in the number of records):

1. Normalise each text: lowercase, curly quotes and apostrophes made straight, every hyphen/dash variant
   turned into a space (so "full-fledged" == "full fledged"), punctuation dropped, "two" written "2", a plural
   `s` stripped, British spellings written the American way (quotes/data/spelling.json), "don't" split into "do" + "not".
   Records with the same normalised words and the same speaker are merged at once.
2. Blocking by speaker and by rare word (an inverted index with capped posting lists): a named speaker's
   text looks up its keys among the texts of the same speaker and the unattributed ones; an unattributed
   text among all texts. A word is a key only if those lists hold at most `POSTING_CAP` texts. A text takes
   its rarest words as keys, `KEY_MARGIN` more than it can miss while still being contained at `THRESHOLD`
   in another text, and a candidate must hold `KEY_MARGIN` of them (prefix filtering: no contained pair is
   lost, unless nearly all of a text's words are too common to be keys). Each text thus meets a bounded
   number of candidates instead of every other text. Texts with identical words are always candidates.
3. Verification of a candidate pair A, B (speakers compatible):
   - containment = |set(A) & set(B)| / min(|set(A)|, |set(B)|) over distinct normalised words, after
     joining adjacent words of one side that form a single word of the other ("stop over" / "stopover");
   - same statement when containment >= `THRESHOLD` (0.85) and at least `MIN_SHARED` (5) words are shared,
     or when both normalised word sequences are identical;
   - guards: the two word sequences are aligned (difflib); a word present on one side only that is a number,
     a name (a capitalised word other than a title such as "Mr" or a function word opening a sentence such
     as "We") or a negation rejects the pair. The
     shorter text counts whole; of the longer one only the span aligned with the shorter counts, so the other
     segment of a joined quote is ignored.

   Distinct-word containment is used rather than multiset containment because a single substitution repeated
   in a quote ("a lot to discuss and, frankly, a lot to repair" / "much ... much") would otherwise count twice.
   On the development corpus the true reworded or partial pairs score 0.87-0.93 and the closest different
   statement (a number-only difference, another speaker) scores 0.80; the number guard rejects it as well.
4. Union-find joins accepted pairs in a deterministic order (highest containment first, then quote ids), and
   never joins two clusters whose named speakers differ, so an unattributed record cannot bridge two speakers.

The work is done one speaker at a time (`Clusters`), so only that speaker's records and the unattributed ones
are in memory: a speaker's own pairs are joined at once (they can never conflict), pairs through unattributed
records are kept and joined at the end in the global order of step 4, which gives the same clusters as joining
every pair in that order. Unattributed texts choose their keys by document frequency over the whole corpus, so
they search every speaker's texts in a second pass.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from ..records import Quote
from .blocking import KEY_MARGIN, POSTING_CAP, Item, partition_pairs
from .clusters import Clusters
from .similarity import MIN_SHARED, THRESHOLD, aligned, scored, similarity
from .words import DIGITS, NEGATIONS, NUMBER_WORDS, SENTENCE_STARTERS, TITLES, Words, compatible, normalise, speaker_key

__all__ = [
    "DIGITS", "KEY_MARGIN", "MIN_SHARED", "NEGATIONS", "NUMBER_WORDS", "POSTING_CAP", "SENTENCE_STARTERS", "THRESHOLD",
    "TITLES", "Clusters", "Item", "Words", "aligned", "assign_clusters", "compatible", "normalise", "partition_pairs",
    "scored", "similarity", "speaker_key",
]


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: building the index allocates millions of small containers, and
    repeated full collections over them would make the run quadratic-ish (nothing here forms cycles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def assign_clusters(quotes: list[Quote], variants: list | None = None) -> list[Quote]:
    """Return `quotes` (same order) with `cluster_id` set: the smallest `quote_id` of its cluster. `variants`, when
    given, receives pairs of index lists into `quotes`: one speaker's near-identical texts kept apart by a guard."""
    with _gc_paused():
        return _assign(list(quotes), variants)


def _assign(quotes: list[Quote], variants: list | None = None) -> list[Quote]:
    if not quotes:
        return []
    by_speaker: dict[str, list[Item]] = defaultdict(list)
    for i, q in enumerate(quotes):
        by_speaker[speaker_key(q.speaker)].append((i, q.quote_id, normalise(q.text)))
    clusters = Clusters(by_speaker.pop("", []))
    first: dict[int, str] = dict(clusters.unattributed_labels())
    for speaker in sorted(by_speaker):
        first.update(clusters.add_speaker(speaker, by_speaker[speaker]))
    if clusters.needs_second_pass:
        for speaker in sorted(by_speaker):
            clusters.add_speaker_again(speaker, by_speaker[speaker])
    if variants is not None:
        variants.extend(clusters.variants)
    ids = {q.quote_id: first[i] for i, q in enumerate(quotes)}
    merges = clusters.merges(ids.__getitem__)
    return [q.evolve(cluster_id=merges.get(first[i], first[i])) for i, q in enumerate(quotes)]
