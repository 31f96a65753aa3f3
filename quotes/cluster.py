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

import difflib
import gc
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, lru_cache

from quotes.records import Quote
from quotes.spelling import us_spelling

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
        words, mark = _raw_word(match.group())
        if mark is _NAME_LIKE:  # a capitalised word: a name, unless a function word opens a sentence with it
            start = match.start()
            mark = not (not seq or _SENTENCE_END.search(text, max(0, start - 12), start)) or (
                match.group().lower() not in SENTENCE_STARTERS)  # "Varnia will ..." is a name; "We will ..." is not
        if mark:
            marked.add(words[-1])
        seq.extend(words)
    return Words(tuple(seq), frozenset(marked), joins)


_NAME_LIKE = object()  # `_raw_word`'s mark for a capitalised word, decided by where it stands


@lru_cache(maxsize=1 << 16)
def _raw_word(raw: str) -> tuple[tuple[str, ...], object]:
    """A word as written: its normalised words (`_word`) and whether it is marked (a number, a negation or a name), or `_NAME_LIKE`
    when that depends on its place in the text."""
    words = _word(raw.lower())
    word = words[-1]
    if word in _MARKED_WORDS or (not raw.isalpha() and _DIGIT_RE.search(raw)):
        return words, True
    if not raw[0].isupper() or raw.split("'")[0] == "I" or word in TITLES:
        return words, False
    return words, _NAME_LIKE


@lru_cache(maxsize=1 << 16)
def _word(word: str) -> tuple[str, ...]:
    """One lowercased word normalised: "don't" -> ("do", "not") so a dropped negation is a word of its own;
    other apostrophes dropped; "zero" to "twenty" written in digits; a plural `s` stripped."""
    if word.endswith("n't") and len(word) > 3:
        return (word[:-3], "not")  # "don't" / "do not": one negation
    if word == "cannot":
        return ("can", "not")
    word = word.replace("'", "")
    if word in DIGITS:
        return (DIGITS[word],)
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")) and word.isalpha():
        word = word[:-1]
    return (us_spelling(word),)  # "programme" / "program", "reorganised" / "reorganized": one word


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


class _UnionFind:
    """Union-find over hashable nodes, each with a speaker key ("" unattributed); two clusters whose named
    speakers differ are never joined."""

    def __init__(self) -> None:
        self.parent: dict = {}
        self.speaker: dict = {}

    def add(self, node, speaker: str) -> None:
        if node not in self.parent:
            self.parent[node] = node
            self.speaker[node] = speaker

    def find(self, node):
        parent = self.parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(self, a, b) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        sa, sb = self.speaker[ra], self.speaker[rb]
        if sa and sb and sa != sb:
            return False
        self.parent[rb] = ra
        self.speaker[ra] = sa or sb
        return True


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


Item = tuple[object, str, Words]  # (the caller's handle on a record, its quote_id, its normalised text)


@dataclass
class _Rep:
    """Records of one speaker with identical normalised words: compared once, through the one with the smallest
    quote_id (so that nothing depends on input order)."""

    qid: str
    words: Words
    refs: list

    @property
    def vocabulary(self) -> frozenset[str]:
        return self.words.distinct | self.words.joins


def _reps(items: Iterable[Item]) -> list[_Rep]:
    """One `_Rep` per distinct normalised text (a record with no words at all stays alone), by quote_id."""
    by_seq: dict[tuple[str, ...], _Rep] = {}
    alone: list[_Rep] = []
    for ref, qid, words in items:
        if not words.seq:
            alone.append(_Rep(qid, words, [ref]))
            continue
        rep = by_seq.get(words.seq)
        if rep is None:
            by_seq[words.seq] = _Rep(qid, words, [ref])
            continue
        rep.refs.append(ref)
        if qid < rep.qid:
            rep.qid, rep.words = qid, words
    return sorted([*by_seq.values(), *alone], key=lambda r: r.qid)


def _postings(reps: Sequence[_Rep]) -> dict[str, list[int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for i, rep in enumerate(reps):
        for word in rep.vocabulary:
            postings[word].append(i)
    return postings


def _search(words: Words, lists: Callable[[str], list[Sequence[int]]]) -> Counter[int]:
    """How many of the text's keys each other text holds (`lists(word)`: the posting lists searched)."""
    keys, required = _keys(words, lambda word: sum(len(x) for x in lists(word)))
    hits: Counter[int] = Counter()
    for word in keys:
        for ids in lists(word):
            hits.update(ids)
    return Counter({j: n for j, n in hits.items() if n >= required})


def partition_pairs(named: Sequence[_Rep], unattributed: Sequence[_Rep], u_postings: dict[str, list[int]],
                    u_by_text: dict[tuple[str, ...], list[int]]) -> set[tuple[int, int]]:
    """Candidate pairs found by one speaker's texts (`named`, indices 0..) among themselves and the unattributed
    ones (indices -1, -2, ...: `~k` is unattributed text k). Each text takes its keys from the posting lists it
    searches, those of its speaker and of the unattributed texts, which hold at most `POSTING_CAP` texts for a key:
    so every text meets a bounded number of candidates. Texts with identical words are always candidates."""
    postings = _postings(named)
    pairs: set[tuple[int, int]] = set()
    for i, rep in enumerate(named):
        for k in u_by_text.get(rep.words.seq, ()):
            pairs.add((i, ~k))

        def lists(word: str) -> list[Sequence[int]]:
            return [postings.get(word, ()), [~k for k in u_postings.get(word, ())]]

        pairs.update((i, j) for j in _search(rep.words, lists) if j != i)
    return {(min(i, j), max(i, j)) if j >= 0 else (i, j) for i, j in pairs}


class Clusters:
    """Statement clusters computed speaker by speaker, so that only one speaker's records (and the unattributed
    ones, which may join any speaker) are in memory at a time.

    Use: `Clusters(unattributed)`, then `add_speaker(items)` for every speaker's records, returning each record's
    cluster within that speaker; when `needs_second_pass`, `add_speaker_again(items)` for every speaker once more
    (the unattributed texts search every speaker's, with keys chosen by document frequencies over the whole
    corpus, known only after the first pass); then `merges(label_of)` gives the clusters that unattributed records
    join: a map from a first-pass cluster id to the final one. A record's `cluster_id` is
    `merges.get(first, first)`.

    The pairs compared and the result are those of comparing every text with every other through blocking by
    speaker and rare word (see the module docstring): named clusters only grow through unattributed records,
    and joins through them are applied in one global order (highest score first), never across two speakers.
    """

    def __init__(self, unattributed: Iterable[Item]):
        self.u_reps = _reps(unattributed)
        self.u_postings = _postings(self.u_reps)
        self.u_by_text: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for k, rep in enumerate(self.u_reps):
            if rep.words.seq:
                self.u_by_text[rep.words.seq].append(k)
        self.df: Counter[str] = Counter({w: len(ids) for w, ids in self.u_postings.items()})
        self.edges: dict[tuple[str, str], tuple] = {}  # (u qid, other qid) -> sort key and nodes
        self.speakers: dict[str, str] = {rep.qid: "" for rep in self.u_reps}  # graph node -> speaker key
        self._u_keys: dict[str, list[int]] | None = None
        self._u_required: list[int] = []
        self.variants: list[tuple[list, list]] = []  # handles of one speaker's near-identical texts kept apart

    @property
    def needs_second_pass(self) -> bool:
        return bool(self.u_reps)

    def unattributed_labels(self) -> Iterator[tuple[object, str]]:
        """(record handle, first-pass cluster id) of every unattributed record."""
        for rep in self.u_reps:
            for ref in rep.refs:
                yield ref, rep.qid

    def add_speaker(self, speaker: str, items: Iterable[Item]) -> list[tuple[object, str]]:
        """First pass over one speaker's records: (record handle, cluster id within the speaker) for each."""
        reps = _reps(items)
        for rep in reps:
            self.df.update(rep.vocabulary)
        if len(reps) == 1 and not self.u_reps:
            return [(ref, reps[0].qid) for ref in reps[0].refs]
        uf = _UnionFind()
        for rep in reps:
            uf.add(rep.qid, speaker)
        u_edges = []
        for a, b in sorted(partition_pairs(reps, self.u_reps, self.u_postings, self.u_by_text)):
            other = reps[b] if b >= 0 else self.u_reps[~b]
            score, guarded = scored(reps[a].words, other.words)
            if guarded and b >= 0:
                self.variants.append((reps[a].refs, other.refs))
            if score <= 0.0 or guarded:
                continue
            if b >= 0:
                uf.union(reps[a].qid, other.qid)  # one speaker's texts always join (no conflict possible)
            else:
                u_edges.append((score, reps[a].qid, other.qid))
        smallest: dict[str, str] = {}
        for rep in reps:
            root = uf.find(rep.qid)
            if root not in smallest or rep.qid < smallest[root]:
                smallest[root] = rep.qid
        label = {rep.qid: smallest[uf.find(rep.qid)] for rep in reps}
        for score, named_qid, u_qid in u_edges:
            self._edge(score, u_qid, label[named_qid], named_qid, speaker)
        return [(ref, label[rep.qid]) for rep in reps for ref in rep.refs]

    def add_speaker_again(self, speaker: str, items: Iterable[Item]) -> None:
        """Second pass over one speaker's records: the unattributed texts' own search among them."""
        self._found_by_unattributed(_reps(items), speaker)

    def _found_by_unattributed(self, reps: Sequence[_Rep], speaker: str) -> None:
        """Pairs of an unattributed text and one of `reps` (a speaker's texts, or the unattributed texts themselves,
        speaker ""), searched with the unattributed texts' keys."""
        keys = self._unattributed_keys()
        hits: Counter[tuple[int, int]] = Counter()
        for i, rep in enumerate(reps):
            for word in rep.vocabulary:
                for k in keys.get(word, ()):
                    hits[(k, i)] += 1
        for (k, i), n in sorted(hits.items()):
            u, rep = self.u_reps[k], reps[i]
            if n < self._u_required[k] or u is rep or (u.qid, rep.qid) in self.edges or (rep.qid, u.qid) in self.edges:
                continue
            score = similarity(u.words, rep.words)
            if score > 0.0:
                self._edge(score, u.qid, None if speaker else rep.qid, rep.qid, speaker)

    def _unattributed_keys(self) -> dict[str, list[int]]:
        """Keys of every unattributed text, by document frequency over the whole corpus (known after the first
        pass), and the pairs the unattributed texts form among themselves."""
        if self._u_keys is None:
            self._u_keys = defaultdict(list)
            for k, rep in enumerate(self.u_reps):
                keys, required = _keys(rep.words, self.df.__getitem__)
                self._u_required.append(required)
                for word in keys:
                    self._u_keys[word].append(k)
            self._found_by_unattributed(self.u_reps, "")
        return self._u_keys

    def _edge(self, score: float, u_qid: str, node: str | None, other_qid: str, speaker: str) -> None:
        """A pair joined through unattributed text `u_qid` (to the cluster `node`, or to be looked up for the
        record `other_qid` when None), applied later in global order."""
        if (u_qid, other_qid) not in self.edges and (other_qid, u_qid) not in self.edges:
            self.edges[(u_qid, other_qid)] = (-score, *sorted((u_qid, other_qid)), node, speaker)

    def merges(self, label_of: Callable[[str], str] | None = None) -> dict[str, str]:
        """First-pass cluster id -> final cluster id, for the clusters that unattributed records join.
        `label_of(quote_id)`: the first-pass cluster id of a named record (for pairs found in the second pass)."""
        if not self.u_reps:
            return {}
        if self._u_keys is None:
            self._unattributed_keys()  # pairs among the unattributed texts, when no speaker was added again
        uf = _UnionFind()
        for u_qid in self.speakers:
            uf.add(u_qid, "")
        ordered = sorted((*key, u_qid) for (u_qid, _), key in self.edges.items())
        for _score, qa, qb, node, speaker, u_qid in ordered:
            other = qb if qa == u_qid else qa
            if node is None:
                node = label_of(other) if speaker else other
            uf.add(node, speaker)
            uf.union(u_qid, node)
        smallest: dict[str, str] = {}
        for node in uf.parent:
            root = uf.find(node)
            if root not in smallest or node < smallest[root]:
                smallest[root] = node
        return {node: smallest[uf.find(node)] for node in uf.parent if smallest[uf.find(node)] != node}


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
