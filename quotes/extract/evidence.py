"""Evidence found after speech is selected (extract/nonspeech.py runs it): a clause set in a poll or survey.

- `in_polls`: `In a Marist poll released Monday, Clinton led Sanders more than 2 to 1`, `Sanders has sagged in the
  polls`: the main clause is what the poll shows, the poll its source. Only a phrase that opens or closes its
  sentence and hangs on the main verb counts, so that the rest of the sentence is the whole content.
What a poll `shows` or `found` is the speech rules' `reported-finding` and is typed `evidence` by its rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..parse.doc import ParsedDoc, Sentence, Token
from .attitude import MIN_WORDS, kind_lexicon
from .candidates import Candidate
from .complements import _make, _span

EDGE = {",", ";", ":", "—", "–", "-"}


def _poll_phrase(doc: ParsedDoc, root: Token) -> Token | None:
    """An `in` phrase on the main verb whose head is a poll or survey."""
    lex = kind_lexicon()
    for c in doc.children(root.i):
        if c.deprel in ("obl", "nmod", "advcl") and c.upos in ("NOUN", "PROPN") and (
                c.lemma.lower() in lex.poll_nouns or c.text.lower() in lex.poll_nouns) and any(
                k.deprel == "case" and k.lemma.lower() == "in" for k in doc.children(c.i)):
            return c
    return None


def clause_beside(doc: ParsedDoc, phrase: Token, first: int, last: int) -> tuple[int, int] | None:
    """The tokens of the sentence [first, last) outside `phrase`, when the phrase opens or closes it."""
    sub = doc.subtree(phrase.i)
    p0, p1 = sub[0], sub[-1] + 1
    end = last
    while end > first and doc.tokens[end - 1].upos == "PUNCT" and doc.tokens[end - 1].text in ".!":
        end -= 1
    if p0 == first:
        start = p1  # "In a poll this month, …": a time phrase before the comma goes with the poll
        start = next((j + 1 for j in range(p1, min(p1 + 4, end)) if doc.tokens[j].text == ","), start)
        while start < end and doc.tokens[start].text in EDGE:
            start += 1
        return start, end
    tail = p1
    while tail < end and doc.tokens[tail].upos == "PUNCT":
        tail += 1
    if tail == end:
        stop = p0
        while stop > first and doc.tokens[stop - 1].text in EDGE:
            stop -= 1
        return first, stop
    return None


def sentence_roots(doc: ParsedDoc) -> Iterator[tuple[Sentence, Token]]:
    """Each sentence with its root token (sentences without one left out)."""
    for sent in doc.sents:
        root = next((t for t in doc.tokens[sent.first : sent.last] if t.deprel == "root"), None)
        if root is not None:
            yield sent, root


def phrase_frame(doc: ParsedDoc, root: Token, phrase: Token, source: Token, span: tuple[int, int], rule: str,
                 cue_whole: bool) -> Candidate | None:
    """The record of the clause `span` beside an `in` phrase (`In a poll …`, `In Ruiz's view …`): the cue is the
    phrase's `in` (with the noun when `cue_whole`)."""
    cand = _make(doc, root.i, source, span, rule)
    if cand is None:
        return None
    case = next(k for k in doc.children(phrase.i) if k.deprel == "case")
    cand.cue = (case.start, phrase.end if cue_whole else case.end)
    cand.extra["cue_token"] = phrase.i if cue_whole else case.i
    cand.confidence = 0.45
    return cand


def in_polls(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`In a poll released Monday, Clinton led Sanders 2 to 1`: the clause is the poll's finding."""
    for sent, root in sentence_roots(doc):
        if root.upos not in ("VERB", "AUX", "ADJ") or doc.tokens[sent.last - 1].text == "?":
            continue
        phrase = _poll_phrase(doc, root)
        if phrase is None or in_quote[phrase.i] or not any(
                c.deprel in ("nsubj", "nsubj:pass", "expl") for c in doc.children(root.i)):
            continue
        rest = clause_beside(doc, phrase, sent.first, sent.last)
        if rest is None or not rest[0] <= root.i < rest[1]:
            continue
        span = _span(doc, rest[0], rest[1], root.i)
        if span is None or span[1] - span[0] <= MIN_WORDS:
            continue
        cand = phrase_frame(doc, root, phrase, phrase, span, "evidence-poll", cue_whole=False)
        if cand is not None:
            yield cand
