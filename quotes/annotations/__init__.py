"""Attribution annotations at the edge: every format is read into one annotated-document type.

An `AnnotatedDoc` is an article's text and its `Attribution`s, each with source, cue and content spans
(character offsets into the text; a content may be discontinuous, a quotation interrupted by its cue) and an
attribution kind (`speech`, `attitude`, `evidence`). Readers live in this package, one module per format
(`brat`, `inline`); training and evaluation only ever see `AnnotatedDoc`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import QuotesError

KINDS = ("speech", "attitude", "evidence")

Segments = tuple[tuple[int, int], ...]


class AnnotationError(QuotesError):
    """An annotation file could not be read; the message names the file (and line) and the problem."""


@dataclass(frozen=True)
class Attribution:
    """One attribution: who (source), the expression that attributes (cue), what (content)."""

    content: Segments
    cue: Segments = ()
    source: Segments = ()
    kind: str = "speech"
    id: str = ""

    @property
    def start(self) -> int:
        return min(a for a, _ in self.content)

    @property
    def end(self) -> int:
        return max(b for _, b in self.content)


@dataclass(frozen=True)
class AnnotatedDoc:
    """An article's exact text and the attributions annotated on it."""

    doc_id: str
    text: str
    attributions: tuple[Attribution, ...] = ()
    origin: str = ""  # the file(s) it was read from, for messages
    meta: dict[str, str] = field(default_factory=dict, compare=False)

    def span_text(self, segments: Segments, sep: str = " … ") -> str:
        return sep.join(self.text[a:b] for a, b in segments)


def check_spans(doc: AnnotatedDoc) -> list[str]:
    """Problems with `doc`'s spans (empty, reversed, outside the text), one message each; [] when sound."""
    problems = []
    n = len(doc.text)
    for att in doc.attributions:
        if not att.content:
            problems.append(f"attribution {att.id or '?'} has no content")
        for role, segs in (("content", att.content), ("cue", att.cue), ("source", att.source)):
            for a, b in segs:
                if not (0 <= a < b <= n):
                    problems.append(f"attribution {att.id or '?'}: {role} span {a}-{b} is empty or outside the "
                                    f"text (0-{n})")
        if att.kind not in KINDS:
            problems.append(f"attribution {att.id or '?'}: unknown kind {att.kind!r} (one of {', '.join(KINDS)})")
    return problems
