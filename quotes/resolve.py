"""Resolve stage: speaker mentions to canonical speakers (work in progress)."""

from __future__ import annotations

from collections.abc import Iterable

from .parse.doc import ParsedDoc
from .records import Article, Quote


def resolve_article(article: Article, doc: ParsedDoc, quotes: list[Quote]) -> list[Quote]:
    """In-article resolution: fills `speaker`, `speaker_type`, `speaker_role` of each quote."""
    return quotes


def canonicalize(quotes: Iterable[Quote], registry=None) -> list[Quote]:
    """Cross-article canonical names (and registry ids); deterministic whatever the input order."""
    return list(quotes)
