"""Annotated articles as training examples: one spaCy `Doc` per paragraph with CONTENT, SOURCE and CUE entities.

A paragraph is the unit because a content almost never crosses one (a quotation continued in the next paragraph
is split there, one entity per paragraph), and paragraphs are what extraction tags. A discontinuous content (a
quotation interrupted by its cue) gives one entity per segment. A tagger of this kind cannot hold overlapping
entities, so where spans overlap (an attribution nested in another's content) the longer span is kept and each
one left out is counted by label: nothing is dropped silently.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..annotations import AnnotatedDoc
from ..text import paragraphs

LABELS = ("CONTENT", "SOURCE", "CUE")
ROLE_LABEL = {"content": "CONTENT", "source": "SOURCE", "cue": "CUE"}


@dataclass(frozen=True)
class Gold:
    """One paragraph's text and its labelled character spans (offsets into the paragraph)."""

    doc_id: str
    start: int  # the paragraph's offset in the article
    text: str
    spans: tuple[tuple[str, int, int], ...]


def gold_paragraphs(doc: AnnotatedDoc, tally: Counter) -> Iterator[Gold]:
    """`doc`'s paragraphs with the spans that fall in them; `tally` counts what was split or left out."""
    text = doc.text
    spans = sorted(set(_labelled(doc)))
    for s, e in paragraphs(text):
        inside: list[tuple[str, int, int]] = []
        for label, a, b in spans:
            if b <= s or a >= e:
                continue
            if s <= a and b > e:  # counted once, in the paragraph it starts in
                tally[f"{label} spans crossing a paragraph break, split there"] += 1
            a, b = _trim(text, max(a, s), min(b, e))
            if b > a:
                inside.append((label, a - s, b - s))
        yield Gold(doc.doc_id, s, text[s:e], tuple(_without_overlaps(inside, tally)))


def _labelled(doc: AnnotatedDoc) -> Iterator[tuple[str, int, int]]:
    for att in doc.attributions:
        for role, label in ROLE_LABEL.items():
            for a, b in getattr(att, role):
                yield label, a, b


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _without_overlaps(spans: list[tuple[str, int, int]], tally: Counter) -> list[tuple[str, int, int]]:
    """The spans with no two overlapping: longest first (the outer attribution's content over what is nested in
    it); an exact duplicate under another label is an overlap too."""
    kept: list[tuple[str, int, int]] = []
    for label, a, b in sorted(set(spans), key=lambda t: (-(t[2] - t[1]), t[1], LABELS.index(t[0]))):
        if any(a < kb and ka < b for _, ka, kb in kept):
            tally[f"{label} spans inside or overlapping another span, left out"] += 1
            continue
        kept.append((label, a, b))
    return sorted(kept, key=lambda t: t[1])


def to_docs(nlp, golds: Iterable[Gold], tally: Counter) -> Iterator[object]:
    """spaCy `Doc`s with the gold spans as entities, tokenized by `nlp`; a span whose edge falls inside a token is
    widened to the token (counted)."""
    for gold in golds:
        doc = nlp.make_doc(gold.text)
        ents = []
        for label, a, b in gold.spans:
            span = doc.char_span(a, b, label=label)
            if span is None:
                span = doc.char_span(a, b, label=label, alignment_mode="expand")
                tally[f"{label} spans widened to token edges"] += 1
            if span is None or (ents and span.start < ents[-1].end):
                tally[f"{label} spans not aligned with tokens, left out"] += 1
                continue
            ents.append(span)
        doc.ents = ents
        yield doc
