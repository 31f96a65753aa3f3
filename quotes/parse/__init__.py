"""Parse stage: registered backends that turn article texts into neutral `ParsedDoc`s.

The backends share `base.Backend` (chunking of articles, stitching the chunk parses back together with offsets
into the article text) and register under a name; `get_parser` gives one by name.
"""

from __future__ import annotations

import sys

from ..errors import ParserUnavailable, QuotesError
from .base import _REGISTRY, MAX_CHUNK_CHARS, Backend, chunk_spans, register, stitch
from .doc import Entity, ParsedDoc, Sentence, Token

__all__ = [
    "MAX_CHUNK_CHARS",
    "Backend",
    "Entity",
    "ParsedDoc",
    "ParserUnavailable",
    "Sentence",
    "Token",
    "available_parsers",
    "chunk_spans",
    "get_parser",
    "register",
    "stitch",
]


def available_parsers() -> list[str]:
    _load_builtin()
    return ["auto", *sorted(_REGISTRY)]


def _load_builtin() -> None:
    from . import conllu_backend, spacy_backend, stanza_backend  # noqa: F401  (registration side effect)


def get_parser(name: str = "auto", model: str | None = None, jobs: int = 1, quiet: bool = False) -> Backend:
    """The backend called `name` ("auto": stanza where its English models are installed, else spaCy)."""
    _load_builtin()
    if name == "auto":
        from .stanza_backend import stanza_models_installed

        name = "stanza" if stanza_models_installed() else "spacy"
    if name not in _REGISTRY:
        raise QuotesError(f"unknown parser {name!r}: choose one of {', '.join(available_parsers())}")
    backend = _REGISTRY[name](model=model, jobs=jobs)
    if not quiet:
        print(f"quotes: parser {backend.label}", file=sys.stderr)
    return backend
