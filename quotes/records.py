"""Typed records that flow between the pipeline stages.

`Article` is what ingest produces; `Quote` is one row of `quotes extract` (the Quote record of
CONTRACT.md). Offsets are integer Python string indices into `Article.text`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from operator import itemgetter
from typing import Any

QUOTE_TYPES = ("direct", "indirect", "mixed")
SPEAKER_TYPES = ("person", "organization", "media", "anonymous", "group", "unknown")
ATTRIBUTION_KINDS = ("speech", "attitude", "evidence")
WORDING_CLASSES = ("identical", "orthographic", "abridged", "paraphrase", "altered")
ATTRIBUTION_CHOICES = ("speech", "all")  # what a run emits: speech alone (the default) or every kind


def attribution_kinds(choice: str) -> frozenset[str]:
    """The kinds of attribution a run with `attributions=choice` emits: "speech" (who said what), "all", or a
    comma-separated list of kinds ("speech,evidence")."""
    if choice == "all":
        return frozenset(ATTRIBUTION_KINDS)
    kinds = frozenset(k.strip() for k in str(choice).split(",") if k.strip())
    if not kinds or kinds - set(ATTRIBUTION_KINDS):
        from .errors import QuotesError

        raise QuotesError(f"attributions must be 'speech', 'all' or kinds among {', '.join(ATTRIBUTION_KINDS)}, "
                          f"not {choice!r}")
    return kinds


@dataclass(frozen=True)
class Article:
    """One news article as read from an input; `text` is exactly what offsets index."""

    article_id: str
    text: str
    source: str = ""
    url: str = ""
    title: str = ""
    published: str = ""  # ISO date YYYY-MM-DD or ""
    origin: str = ""  # file (and line) it was read from, for messages
    conllu: str = field(default="", compare=False, repr=False)  # pre-parsed CoNLL-U, for the conllu parser

    @property
    def text_hash(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()


ARTICLE_COLUMNS = ("article_id", "source", "url", "title", "published", "text")


@dataclass(frozen=True)
class Quote:
    """One attributed statement: content, cue and speaker mention with exact offsets."""

    article_id: str
    quote_type: str
    text: str
    start: int
    end: int
    context: str = ""
    cue: str = ""
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_mention: str = ""
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker: str = ""
    speaker_type: str = "unknown"
    speaker_role: str = ""
    speaker_id: str = ""
    via: str = ""
    cited_source: str = ""
    statement_id: str = ""  # the quote_id of the first segment of the quotation this record is part of
    attribution: str = "speech"  # speech, attitude, evidence (ATTRIBUTION_KINDS)
    wording: str = ""  # against the statement's reference rendering: WORDING_CLASSES, "" when reported once
    wording_diff: str = ""
    variant_of: str = ""  # an altered quotation's near-identical rendering in another cluster (its quote_id)
    confidence: float = 0.0
    cluster_id: str = ""
    parser: str = ""
    source: str = ""
    url: str = ""
    title: str = ""
    published: str = ""
    # Extra columns (not in the contract's list, allowed by it): how the quote was found.
    rule: str = ""
    mention_type: str = ""  # name, pronoun, nominal, relative, none
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def quote_id(self) -> str:
        return quote_id(self.article_id, self.start, self.end, self.text)

    def evolve(self, **changes: Any) -> Quote:
        """A copy with `changes` (what `dataclasses.replace` does, an order of magnitude faster: the pipeline
        makes several copies of every record)."""
        unknown = changes.keys() - _QUOTE_FIELDS
        if unknown:
            raise TypeError(f"Quote has no field {', '.join(sorted(unknown))}")
        new = object.__new__(Quote)
        state = new.__dict__
        state.update(self.__dict__)
        state.update(changes)
        return new

    def to_row(self) -> dict[str, Any]:
        """The record as a row of the Quote table (`QUOTE_COLUMNS`)."""
        row = {"quote_id": self.quote_id}
        state = self.__dict__
        row.update((name, state[name]) for name in RECORD_FIELDS)
        if not row["statement_id"]:  # a record made outside extraction (or stored before the column existed)
            row["statement_id"] = row["quote_id"]
        return row


def quote_id(article_id: str, start: int, end: int, text: str) -> str:
    """Stable id: the same article id, span and text give the same id on every run."""
    digest = hashlib.sha1(f"{article_id}\x00{start}\x00{end}\x00{text}".encode()).hexdigest()
    return "q" + digest[:15]


_QUOTE_FIELDS = frozenset(f.name for f in fields(Quote))
RECORD_FIELDS = tuple(f.name for f in fields(Quote) if f.name != "extra")  # what a stored record holds
_RECORD_VALUES = itemgetter(*RECORD_FIELDS)


def quote_to_fields(quote: Quote) -> tuple:
    """The values of `RECORD_FIELDS` (a record without the rules' scratch data), for storing it."""
    return _RECORD_VALUES(quote.__dict__)


def quote_from_fields(values: tuple, **changes: Any) -> Quote:
    """The inverse of `quote_to_fields`, with `changes` (fast: no dataclass __init__)."""
    new = object.__new__(Quote)
    state = new.__dict__
    state.update(zip(RECORD_FIELDS, values, strict=True))
    state["extra"] = {}
    if changes:
        if changes.keys() - _QUOTE_FIELDS:
            raise TypeError(f"Quote has no field {', '.join(sorted(changes.keys() - _QUOTE_FIELDS))}")
        state.update(changes)
    return new

QUOTE_COLUMNS = (
    "quote_id", "article_id", "source", "url", "title", "published", "quote_type", "text", "start", "end",
    "context", "cue", "cue_start", "cue_end", "speaker_mention", "speaker_start", "speaker_end", "speaker",
    "speaker_type", "speaker_role", "speaker_id", "via", "cited_source", "statement_id", "attribution", "confidence",
    "cluster_id", "wording", "wording_diff", "variant_of", "parser",
    "rule", "mention_type",
)
assert set(QUOTE_COLUMNS) == {"quote_id"} | {f.name for f in fields(Quote)} - {"extra"}

LEDGER_COLUMNS = (
    "speaker", "speaker_type", "speaker_id", "n_quotes", "n_direct", "n_indirect", "n_mixed", "n_statements",
    "n_altered", "n_articles", "n_sources", "first_seen", "last_seen", "aliases", "roles",
)

SPEAKER_COLUMNS = ("speaker", "speaker_type", "n_quotes", "aliases")


@dataclass(frozen=True)
class Failure:
    """An input (file, or a row of one) that could not be processed, with the reason."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"
