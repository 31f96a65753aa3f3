"""The intermediate result every rule yields before records are assembled."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Candidate:
    start: int  # content char span
    end: int
    quote_type: str  # direct, indirect, mixed
    rule: str
    cue: tuple[int, int] | None = None  # char span of the cue
    speaker_tok: int | None = None  # head token of the speaker mention
    mention: tuple[int, int] | None = None  # char span of the speaker mention
    mention_type: str = ""  # name, pronoun, nominal, relative, none
    antecedent: int | None = None  # token of the antecedent (relative clause speakers)
    role: tuple[int, int] | None = None  # char span of a descriptor in apposition
    via: tuple[int, int] | None = None
    cited: tuple[int, int] | None = None
    confidence: float = 0.5
    follows: int | None = None  # index of the candidate whose speaker this one continues (floating quotes)
    extra: dict = field(default_factory=dict)
