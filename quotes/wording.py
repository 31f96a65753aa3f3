"""Wording drift: how each record renders its statement, against the statement's reference rendering.

A statement is a `cluster_id`; a rendering is the records of one `statement_id` in it (the segments of one
quotation, their words joined with a break between them). The reference rendering is the longest direct
quotation (in words), ties broken by the earliest `published`, then the smallest `quote_id`; with no direct
quotation, the longest rendering. Every record of a statement with two or more renderings gets:

- `wording`: `identical` (same words after normalising quotes, case and punctuation), `orthographic`
  (hyphenation, UK/US spelling, contractions, number formatting: the same words), `abridged` (words dropped at
  the edges, or inside where the rendering marks it with an ellipsis or a break between segments),
  `paraphrase` (an indirect or mixed report, or a direct quotation reworded without a change of meaning:
  "out of" / "through"), `altered` (a direct quotation whose words differ in meaning: a negation, number, date,
  amount, modal or name changed, or words other than function words inserted or silently dropped inside the
  quotation marks). Where
  several apply, the strongest wins: altered, abridged, paraphrase, orthographic. The reference itself is
  `orthographic` when its only renderings at that distance are spelling variants of it, else `identical`.
- `wording_diff`: the changes, reference first ("full-fledged → fully fledged", "not raise → raise").

Near-identical direct quotations of one speaker that clustering kept apart because a number, name or negation
differs (`cluster.Clusters.variants`) are linked: the later, shorter one (by the same reference order) gets
`altered`, its diff and `variant_of` = the other's `quote_id`. Their clusters stay apart.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .cluster import NEGATIONS, SENTENCE_STARTERS, TITLES
from .spelling import lexicon, us_spelling

__all__ = ["Drift", "Rendering", "compare", "differing_spans", "render"]

STRENGTH = {"": 0, "identical": 1, "orthographic": 2, "paraphrase": 3, "abridged": 4, "altered": 5}
MAX_CHANGES = 3  # changes listed in a diff before "…"

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_TOKEN_RE = re.compile(r"\.\.\.|\u2026|%|[^\W_]+(?:[.,][0-9]+)*(?:'[^\W_]+)*")
_SENTENCE_END_RE = re.compile(r"[.!?:;\"\u201c\u201d(\[]\s*$")
_DASH_RE = re.compile(f"[{_DASHES}]")
_NUMBER_RE = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
MODALS = frozenset({"can", "could", "may", "might", "must", "shall", "should", "will", "would", "ought"})
MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
})


@dataclass(frozen=True)
class Token:
    """One word of a rendering: its canonical form, its text as written and the span of the written word
    it belongs to (a hyphenated compound counts whole, for display)."""

    word: str
    plain: str
    start: int
    end: int
    word_start: int
    word_end: int
    name: bool  # a capitalised word that is not a sentence-opening function word
    gap: bool  # an ellipsis or a break between segments comes just before it


@dataclass(frozen=True)
class Rendering:
    """The words of one rendering of a statement (one record, or the segments of one quotation joined)."""

    text: str
    tokens: tuple[Token, ...]
    direct: bool

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(t.word for t in self.tokens)

    @property
    def plain(self) -> tuple[str, ...]:
        return tuple(t.plain for t in self.tokens)


@dataclass(frozen=True)
class Drift:
    wording: str = ""
    diff: str = ""
    variant_of: str = ""


def render(texts: Sequence[str], direct: bool = True) -> Rendering:
    """The rendering of `texts` (one record's text, or the segments of one quotation in order)."""
    joined = ""
    tokens: list[Token] = []
    for text in texts:
        if joined:
            joined += " … "
        offset = len(joined)
        joined += text
        tokens.extend(_tokens(text, offset, gap_first=bool(tokens)))
    return Rendering(joined, tuple(tokens), direct)


@lru_cache(maxsize=4096)  # one statement's renderings repeat across outlets and runs of a ledger: tokenise each once
def _tokens(text: str, offset: int, gap_first: bool) -> tuple[Token, ...]:
    norm = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    if len(norm) != len(text):  # offsets must index `text`; NFKC may change lengths (rare): keep the text
        norm = text.translate(_QUOTES)
    spaced = _DASH_RE.sub(" ", norm)
    out: list[Token] = []
    gap = gap_first
    for m in _TOKEN_RE.finditer(spaced):
        raw = m.group()
        if raw in ("...", "\u2026"):
            gap = True
            continue
        ws, we = _whole_word(norm, m.start(), m.end())
        name = _is_name(raw, spaced, m.start(), not out)
        for word in _canonical(raw):
            out.append(Token(word, raw.lower(), offset + m.start(), offset + m.end(), offset + ws, offset + we,
                             name, gap))
            gap = False
    return tuple(_join_per_cent(out))


def _whole_word(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in _DASHES):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] in _DASHES):
        end += 1
    return start, end


def _is_name(raw: str, text: str, start: int, first: bool) -> bool:
    if not raw[:1].isupper() or raw == "I" or raw.lower() in TITLES:
        return False
    opens_sentence = first or bool(_SENTENCE_END_RE.search(text, max(0, start - 12), start))
    return not (opens_sentence and raw.lower() in SENTENCE_STARTERS)


def _join_per_cent(tokens: list[Token]) -> list[Token]:
    """"per cent" is written "percent" ("%" already is)."""
    out: list[Token] = []
    for t in tokens:
        if t.word == "cent" and out and out[-1].word == "per":
            prev = out.pop()
            t = Token("percent", "per cent", prev.start, t.end, prev.word_start, t.word_end, False, prev.gap)
        out.append(t)
    return out


@lru_cache(maxsize=1 << 15)
def _canonical(raw: str) -> tuple[str, ...]:
    """A word as written, in canonical words: contractions expanded, numbers in digits, US spelling."""
    word = raw.lower()
    lex = lexicon()
    if word == "%":
        return ("percent",)
    if word in lex["contractions"]:
        return tuple(lex["contractions"][word].split())
    if word.endswith("n't"):
        return (*_canonical(word[:-3]), "not")
    for suffix, full in (("'re", "are"), ("'m", "am"), ("'ve", "have"), ("'ll", "will"), ("'d", "would")):
        if word.endswith(suffix) and len(word) > len(suffix):
            return (word[: -len(suffix)], full)
    if _NUMBER_RE.fullmatch(word):
        return (word.replace(",", ""),)
    if word in lex["numbers"]:
        return (lex["numbers"][word],)
    return (us_spelling(word),)


# -- comparing two renderings --------------------------------------------------------------------------------


def _meaning(word: str, token: Token) -> str:
    """What a word changes when it differs: "negation", "number", "date", "modal", "name", or ""."""
    if word in NEGATIONS:
        return "negation"
    if any(c.isdigit() for c in word) or word in lexicon()["number_words"]:
        return "number"
    if word in MONTHS and (token.name or word != "may"):
        return "date"
    if word in MODALS:
        return "modal"
    if token.name:
        return "name"
    return ""


def _same_word(a: str, b: str) -> bool:
    """Spelling variants of one word that canonical forms miss ("full" / "fully", "judgement" / "judgment")."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or a[0] != b[0]:
        return False
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and len(long_) - len(short) <= 2 and long_[len(short):] in ("y", "ly", "e"):
        return True
    return difflib.SequenceMatcher(a=a, b=b).ratio() >= 0.85


def compare(ref: Rendering, other: Rendering) -> Drift:
    """How `other` renders the statement whose reference rendering is `ref`."""
    if other.plain == ref.plain:
        return Drift("identical")
    if not other.direct:
        return Drift("paraphrase", _diff(ref, other, _changes(ref, other)[1]))
    kind, shown = _changes(ref, other)
    return Drift(kind, _diff(ref, other, shown))


def _changes(ref: Rendering, other: Rendering) -> tuple[str, list[tuple[int, int, int, int, str]]]:
    """The class of `other` against `ref` and the changes to show (opcode ranges with a note)."""
    a, b = ref.words, other.words
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    equal = [op for op in ops if op[0] == "equal"]
    if not equal:
        return "paraphrase", []
    first, last = ops.index(equal[0]), len(ops) - 1 - ops[::-1].index(equal[-1])
    kind = "orthographic"
    shown: list[tuple[int, int, int, int, str]] = []
    if any(op[0] != "equal" and op[2] > op[1] for op in ops[:first] + ops[last + 1:]):
        kind = "abridged"  # the reference has words at an edge that this rendering leaves out
    for tag, i1, i2, j1, j2 in ops[first:last + 1]:
        if tag == "equal":
            shown.extend(_respelled(ref, other, i1, i2, j1))
            continue
        change = _classify(ref.tokens[i1:i2], other.tokens[j1:j2], tag, other.tokens[j1] if j1 < len(b) else None)
        shown.append((i1, i2, j1, j2, change))
        if STRENGTH[change] > STRENGTH[kind]:
            kind = change
    if kind == "orthographic" and a == b and other.plain == ref.plain:
        kind = "identical"
    return kind, shown


def _respelled(ref: Rendering, other: Rendering, i1: int, i2: int, j1: int) -> list[tuple[int, int, int, int, str]]:
    """Runs of words equal in canonical form but written differently ("programme" / "program")."""
    out: list[tuple[int, int, int, int, str]] = []
    for k in range(i2 - i1):
        a, b = ref.tokens[i1 + k], other.tokens[j1 + k]
        if _written(ref, a) == _written(other, b):
            continue
        if out and out[-1][1] == i1 + k:
            out[-1] = (out[-1][0], i1 + k + 1, out[-1][2], j1 + k + 1, "orthographic")
        else:
            out.append((i1 + k, i1 + k + 1, j1 + k, j1 + k + 1, "orthographic"))
    return out


def _written(r: Rendering, t: Token) -> str:
    return r.text[t.word_start: t.word_end].lower().translate(_QUOTES)


def _classify(old: Sequence[Token], new: Sequence[Token], tag: str, after: Token | None) -> str:
    """One interior change: orthographic, abridged (marked drop), paraphrase (reworded) or altered."""
    old_words, new_words = [t.word for t in old], [t.word for t in new]
    if "".join(old_words) == "".join(new_words):
        return "orthographic"  # "stop over" / "stopover"
    if len(old) == len(new) and all(_same_word(x.word, y.word) and not _meaning(x.word, x) and
                                    not _meaning(y.word, y) for x, y in zip(old, new, strict=True)):
        return "orthographic"
    if any(_meaning(t.word, t) for t in (*old, *new) if t.word not in set(old_words) & set(new_words)):
        return "altered"
    if tag == "delete" and after is not None and after.gap:
        return "abridged"  # dropped where the rendering marks it (an ellipsis, a break between segments)
    if tag in ("delete", "insert") and not all(w in SENTENCE_STARTERS for w in old_words + new_words):
        return "altered"  # words inserted, or dropped without an ellipsis, inside the quotation marks
    return "paraphrase"  # reworded ("out of" / "through"), or a function word added or dropped ("but")


def _diff(ref: Rendering, other: Rendering, shown: list[tuple[int, int, int, int, str]]) -> str:
    parts: list[str] = []
    covered = -1  # reference words up to here are already shown (a change widened over a whole written word)
    for i1, i2, j1, j2, change in sorted(shown):
        if change == "abridged":
            parts.append(f"… {_span(ref, i1, i2)} …" if i2 - i1 <= 6 else f"… {i2 - i1} words dropped …")
            continue
        i1, i2, j1, j2 = _widen(ref, other, i1, i2, j1, j2)
        if i1 < covered:
            continue
        covered = i2
        parts.append(f"{_span(ref, i1, i2)} → {_span(other, j1, j2)}")
    if len(parts) > MAX_CHANGES:
        parts = [*parts[:MAX_CHANGES], "…"]
    return "; ".join(parts)


def _widen(ref: Rendering, other: Rendering, i1: int, i2: int, j1: int, j2: int) -> tuple[int, int, int, int]:
    """A change widened over the whole written words it touches ("full" → "full-fledged"), and a pure
    insertion or deletion by one neighbouring word, so that "not" reads "not raise → raise"."""
    def joined(r: Rendering, k: int) -> bool:  # token k is written in one word with token k - 1
        return 0 < k < len(r.tokens) and r.tokens[k].word_start == r.tokens[k - 1].word_start

    while i2 < len(ref.tokens) and j2 < len(other.tokens) and (joined(ref, i2) or joined(other, j2)) and \
            ref.words[i2] == other.words[j2]:
        i2, j2 = i2 + 1, j2 + 1
    while i1 > 0 and j1 > 0 and (joined(ref, i1) or joined(other, j1)) and ref.words[i1 - 1] == other.words[j1 - 1]:
        i1, j1 = i1 - 1, j1 - 1
    if i1 == i2 or j1 == j2:
        if i2 < len(ref.tokens) and j2 < len(other.tokens):
            i2, j2 = i2 + 1, j2 + 1
        elif i1 > 0 and j1 > 0:
            i1, j1 = i1 - 1, j1 - 1
    return i1, i2, j1, j2


Spans = list[tuple[int, int]]


def differing_spans(ref: Rendering, other: Rendering) -> tuple[Spans, Spans]:
    """Where two renderings differ, as character spans of whole written words: (in `ref.text`, in
    `other.text`), each sorted and merged. Words dropped or added count, and so do words equal in canonical form
    but written differently ("programme" / "program"), so a reader sees every change the diff names."""
    in_ref: Spans = []
    in_other: Spans = []
    ops = difflib.SequenceMatcher(a=ref.words, b=other.words, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        pairs = _respelled(ref, other, i1, i2, j1) if tag == "equal" else [(i1, i2, j1, j2, tag)]
        for a1, a2, b1, b2, _ in pairs:
            in_ref.extend((t.word_start, t.word_end) for t in ref.tokens[a1:a2])
            in_other.extend((t.word_start, t.word_end) for t in other.tokens[b1:b2])
    return _merged(in_ref), _merged(in_other)


def _merged(spans: Spans) -> Spans:
    out: Spans = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _span(r: Rendering, i1: int, i2: int) -> str:
    if i1 >= i2:
        return "∅"
    return " ".join(r.text[r.tokens[i1].word_start: r.tokens[i2 - 1].word_end].split())
