"""Statement texts normalised for comparison (`normalise` → `Words`), and speaker names compared loosely
(`speaker_key`, `compatible`). See the package docstring, step 1."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..spelling import us_spelling

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
