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
   `s` stripped, "don't" split into "do" + "n't".
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
"""

from __future__ import annotations

import difflib
import gc
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, lru_cache

from quotes.records import Quote

THRESHOLD = 0.85
MIN_SHARED = 5
POSTING_CAP = 100
KEY_MARGIN = 3

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASH_RE = re.compile(f"[{re.escape(_DASHES)}]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_WORD_RE = re.compile(r"[^\W_]+(?:[.,][0-9]+)*(?:'[^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;\"'(\[]\s*$")

NEGATIONS = frozenset({
    "not", "no", "never", "cannot", "neither", "nor", "none", "nobody", "nothing", "nowhere", "without",
    "n't", "nt",
})
NUMBER_WORDS = frozenset({
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
    "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion",
    "trillion", "dozen", "half", "first", "second", "third", "fourth", "fifth", "tenth",
})
_SMALL_NUMBERS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
)
DIGITS = {word: str(n) for n, word in enumerate(_SMALL_NUMBERS)}  # "two" and "2" are the same word
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "madam", "president", "premier", "minister", "prime", "chancellor",
    "secretary", "governor", "senator", "general", "king", "queen", "prince", "princess", "leader", "chairman",
    "comrade", "mister", "lord", "lady", "professor", "prof", "st", "saint",
})
SENTENCE_STARTERS = frozenset({
    "a", "about", "above", "according", "after", "again", "against", "all", "also", "although", "am", "among", "an",
    "and", "another", "any", "anyone", "anything", "are", "around", "as", "at", "be", "because", "been", "before",
    "being", "below", "besides", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing",
    "during", "each", "either", "even", "ever", "every", "everybody", "everyone", "everything", "few", "for",
    "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself",
    "his", "how", "however", "i", "if", "in", "indeed", "instead", "into", "is", "it", "its", "itself", "just",
    "last", "let", "like", "many", "may", "maybe", "me", "meanwhile", "might", "mine", "more", "moreover", "most",
    "much", "must", "my", "myself", "next", "nevertheless", "now", "of", "off", "often", "on", "once", "one",
    "only", "or", "other", "others", "otherwise", "our", "ours", "ourselves", "out", "over", "perhaps", "please",
    "rather", "really", "since", "so", "some", "somebody", "someone", "something", "soon", "still", "such", "than",
    "thank", "thanks", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "therefore",
    "these", "they", "this", "those", "though", "through", "thus", "to", "today", "tomorrow", "together", "too",
    "under", "unless", "until", "up", "upon", "us", "very", "was", "we", "well", "were", "what", "whatever", "when",
    "whenever", "where", "whether", "which", "while", "who", "whoever", "whom", "whose", "why", "will", "with",
    "within", "would", "yes", "yesterday", "yet", "you", "your", "yours", "yourself", "yourselves"
})
_MARKED_WORDS = NEGATIONS | NUMBER_WORDS | frozenset(DIGITS.values())
_DIGIT_RE = re.compile(r"\d")
_COMPOUND_RE = re.compile(f"(?<![^\\W_])[^\\W_]+(?:[{re.escape(_DASHES[:4])}][^\\W_]+)+")


@dataclass(frozen=True)
class Words:
    """A normalised text: its word sequence, the words that carry a number, a name or a negation, and its
    hyphenated compounds written as one word ("stop-over" -> "stopover", used for blocking only)."""

    seq: tuple[str, ...]
    marked: frozenset[str]
    joins: frozenset[str] = frozenset()

    @cached_property
    def distinct(self) -> frozenset[str]:
        return frozenset(self.seq)

    @cached_property
    def concat(self) -> frozenset[str]:
        """Adjacent words run together: what a compound written as one word on the other side would be."""
        return frozenset(a + b for a, b in zip(self.seq, self.seq[1:]))


def normalise(text: str) -> Words:
    """Normalised words of `text` and the subset that are numbers, names or negations."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    joins: frozenset[str] = frozenset()
    if _DASH_RE.search(text):
        joins = frozenset(_word(_DASH_RE.sub("", m.group().lower()))[-1] for m in _COMPOUND_RE.finditer(text))
        text = _DASH_RE.sub(" ", text)
    seq: list[str] = []
    marked: set[str] = set()
    for match in _WORD_RE.finditer(text):
        raw = match.group()
        words = _word(raw.lower())
        if _is_marked(raw, words[-1], text, match.start(), first=not seq):
            marked.add(words[-1])
        seq.extend(words)
    return Words(tuple(seq), frozenset(marked), joins)


@lru_cache(maxsize=1 << 16)
def _word(word: str) -> tuple[str, ...]:
    """One lowercased word normalised: "don't" -> ("do", "n't") so a dropped negation is a word of its own;
    other apostrophes dropped; "zero" to "twenty" written in digits; a plural `s` stripped."""
    if word.endswith("n't") and len(word) > 3:
        return (word[:-3], "n't")
    word = word.replace("'", "")
    if word in DIGITS:
        return (DIGITS[word],)
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")) and word.isalpha():
        return (word[:-1],)
    return (word,)


def _is_marked(raw: str, word: str, text: str, start: int, first: bool) -> bool:
    """A number, a negation, or a name: a capitalised word, except a title ("Mr Kim" and "President Kim" name
    the same person) or a common function word opening a sentence ("We", "The", "However")."""
    if word in _MARKED_WORDS:
        return True
    if not raw.isalpha() and _DIGIT_RE.search(raw):
        return True
    if not raw[0].isupper() or raw.split("'")[0] == "I" or word in TITLES:
        return False
    if first or _SENTENCE_END.search(text, max(0, start - 12), start):
        return raw.lower() not in SENTENCE_STARTERS  # "Varnia will ..." is a name; "We will ..." is not
    return True


def compatible(a: str, b: str) -> bool:
    """Speakers are compatible when equal (see `speaker_key`) or one is unattributed."""
    return not a.strip() or not b.strip() or speaker_key(a) == speaker_key(b)


@lru_cache(maxsize=1 << 14)
def speaker_key(name: str) -> str:
    """A speaker name compared loosely: case, hyphens ("Kim Jong-un" / "Kim Jong Un"), apostrophes, spaces."""
    name = _DASH_RE.sub(" ", unicodedata.normalize("NFKC", name).translate(_APOSTROPHES).casefold())
    return " ".join(name.split())


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
    if a.seq == b.seq:
        return 1.0 if a.seq else 0.0
    if not (b.distinct - a.distinct) & a.concat and not (a.distinct - b.distinct) & b.concat:
        # No compound to join: the raw sets decide, and most candidate pairs stop here cheaply.
        shared = len(a.distinct & b.distinct)
        if shared < MIN_SHARED or shared < THRESHOLD * min(len(a.distinct), len(b.distinct)):
            return 0.0
    seq_a = _join_compounds(a.seq, b.distinct)
    seq_b = _join_compounds(b.seq, a.distinct)
    set_a, set_b = set(seq_a), set(seq_b)
    shared = len(set_a & set_b)
    if shared < MIN_SHARED:
        return 0.0
    score = shared / min(len(set_a), len(set_b))
    if score < THRESHOLD:
        return 0.0
    marked = a.marked | b.marked
    if not marked:
        return score  # no number, name or negation on either side: nothing for the guard to find
    only_a, only_b = aligned(seq_a, seq_b)
    if any(w in marked for w in only_a) or any(w in marked for w in only_b):
        return 0.0
    return score


class _UnionFind:
    def __init__(self, n: int, speakers: Sequence[str]) -> None:
        self.parent = list(range(n))
        self.speaker = [speaker_key(s) for s in speakers]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        si, sj = self.speaker[ri], self.speaker[rj]
        if si and sj and si != sj:
            return False
        self.parent[rj] = ri
        self.speaker[ri] = si or sj
        return True


def _groups(quotes: Sequence[Quote], words: Sequence[Words]) -> dict[tuple, list[int]]:
    """Records with identical normalised words and the same speaker (unattributed ones with each other);
    a record with no words at all stays alone."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, (q, w) in enumerate(zip(quotes, words, strict=True)):
        groups[(speaker_key(q.speaker), w.seq) if w.seq else (i,)].append(i)
    return groups


def _keys(words: Words, df: Callable[[str], int]) -> tuple[list[str], int]:
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


def candidate_pairs(reps: Sequence[Words], speakers: Sequence[str] | None = None) -> set[tuple[int, int]]:
    """Pairs of representative indices with compatible speakers that may hold the same statement.

    Blocking by speaker and by rare word: a named speaker's text looks up its keys among the texts of the
    same speaker and the unattributed ones; an unattributed text among all texts. A word is a key only when
    the posting lists searched for it hold at most `POSTING_CAP` texts, so each text meets a bounded number
    of candidates. Texts with identical words are always candidates (even when all their words are common).
    """
    folded = [speaker_key(s) for s in speakers] if speakers is not None else [""] * len(reps)
    postings: dict[str, list[int]] = defaultdict(list)
    by_speaker: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_text: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, w in enumerate(reps):
        by_text[w.seq].append(i)
        for word in w.distinct | w.joins:
            postings[word].append(i)
            by_speaker[(folded[i], word)].append(i)
    pairs: set[tuple[int, int]] = set()
    for same in by_text.values():
        pairs.update((min(i, j), max(i, j)) for i in same for j in same if i != j)
    for i, w in enumerate(reps):
        speaker = folded[i]
        if speaker:
            def lists(word: str, speaker: str = speaker) -> list[Sequence[int]]:
                return [by_speaker.get((speaker, word), ()), by_speaker.get(("", word), ())]
        else:
            def lists(word: str) -> list[Sequence[int]]:
                return [postings[word]]
        keys, required = _keys(w, lambda word: sum(len(x) for x in lists(word)))
        hits: Counter[int] = Counter()
        for word in keys:
            for ids in lists(word):
                hits.update(ids)
        del hits[i]
        pairs.update((min(i, j), max(i, j)) for j, n in hits.items() if n >= required)
    return pairs


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


def assign_clusters(quotes: list[Quote]) -> list[Quote]:
    """Return `quotes` (same order) with `cluster_id` set: the smallest `quote_id` of its cluster."""
    with _gc_paused():
        return _assign(list(quotes))


def _assign(quotes: list[Quote]) -> list[Quote]:
    if not quotes:
        return []
    ids = [q.quote_id for q in quotes]
    words = [normalise(q.text) for q in quotes]
    groups = _groups(quotes, words)
    # One representative per group, ordered by content so that the result does not depend on input order.
    members = sorted(groups.values(), key=lambda idx: min(ids[i] for i in idx))
    reps = [words[idx[0]] for idx in members]
    rep_speakers = [quotes[idx[0]].speaker for idx in members]
    rep_ids = [min(ids[i] for i in idx) for idx in members]

    uf = _UnionFind(len(quotes), [q.speaker for q in quotes])
    for idx in members:
        for i in idx[1:]:
            uf.union(idx[0], i)

    edges = []
    for a, b in sorted(candidate_pairs(reps, rep_speakers)):  # sorted: neighbours in memory, faster
        if not compatible(rep_speakers[a], rep_speakers[b]):
            continue
        score = similarity(reps[a], reps[b])
        if score > 0.0:
            ia, ib = members[a][0], members[b][0]
            edges.append((-score, *sorted((rep_ids[a], rep_ids[b])), ia, ib))
    for *_, ia, ib in sorted(edges):
        uf.union(ia, ib)
    return _label(quotes, ids, uf)


def _label(quotes: Sequence[Quote], ids: Sequence[str], uf: _UnionFind) -> list[Quote]:
    smallest: dict[int, str] = {}
    for i, qid in enumerate(ids):
        root = uf.find(i)
        if root not in smallest or qid < smallest[root]:
            smallest[root] = qid
    return [q.evolve(cluster_id=smallest[uf.find(i)]) for i, q in enumerate(quotes)]

