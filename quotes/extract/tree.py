"""Dependency relations the rules share: a token's base relation, its children by relation, a passive auxiliary."""

from __future__ import annotations

from ..parse.doc import ParsedDoc, Token


def rel(t: Token) -> str:
    return t.deprel.split(":")[0]


def kids(doc: ParsedDoc, i: int, *rels: str) -> list[Token]:
    """Children of token `i` whose relation (full, or its base before ':') is one of `rels`."""
    return [c for c in doc.children(i) if c.deprel in rels or rel(c) in rels]


def has_aux_pass(doc: ParsedDoc, i: int) -> bool:
    """A passive auxiliary before verb `i` (one after it is a misparse of the words that follow)."""
    return any(c.deprel == "aux:pass" and c.i < i for c in doc.children(i))
