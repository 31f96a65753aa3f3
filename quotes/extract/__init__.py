"""Extraction stage: find attributed statements in a parsed article (work in progress)."""

from __future__ import annotations

from ..parse.doc import ParsedDoc
from ..records import Article, Quote


def extract_quotes(article: Article, doc: ParsedDoc) -> list[Quote]:
    """Every statement attributed in `article`, as `Quote` records with raw speaker mentions.

    `speaker` / `speaker_type` / `speaker_role` are left for the resolve stage; records come ordered by
    `start`."""
    return []
