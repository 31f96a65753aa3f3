"""Helpers for the resolve tests: a spaCy parse of invented text, and the tokens of a phrase in it."""

from __future__ import annotations

from functools import lru_cache

from quotes.parse import get_parser
from quotes.parse.doc import ParsedDoc


@lru_cache(maxsize=1)
def _parser():
    return get_parser("spacy", quiet=True)


def parse(text: str) -> ParsedDoc:
    """The spaCy parse of `text` (the model loads once per test session)."""
    return next(iter(_parser().parse([text])))


def span(doc: ParsedDoc, phrase: str, nth: int = 0) -> tuple[int, int, int]:
    """(head, first, last): the tokens [first, last) of the `nth` occurrence of `phrase`, and its head (the token
    whose syntactic head lies outside it)."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(phrase, start + 1)
    first, last = doc.token_at(start), doc.token_at(start + len(phrase) - 1) + 1
    head = next(i for i in range(first, last) if doc.tokens[i].is_root or not first <= doc.tokens[i].head < last)
    return head, first, last


def token(doc: ParsedDoc, word: str, nth: int = 0) -> int:
    """The index of the `nth` token written `word`."""
    return [t.i for t in doc.tokens if t.text == word][nth]


def source(text: str, phrase: str, nth: int = 0):
    """What the noun phrase `phrase` (its `nth` occurrence) in `text` refers to, read by a fresh `Resolver`."""
    from quotes.resolve import Resolver

    doc = parse(text)
    head, first, last = span(doc, phrase, nth)
    return Resolver(doc).noun_phrase(head, first, last, "")
