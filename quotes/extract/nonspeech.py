"""Attitude and evidence records added after the speech records are selected, so that they never displace one.

`with_nonspeech` takes the statements `extract_quotes` selected and adds the frames of extract/stance.py and extract/evidence.py that fit beside them: a frame's content may hold a
  selected statement whole (`Aides fear that Trump said …`: attribution annotation keeps both, and the speech
  record stays whatever the option), but may not cut across one, and its cue or source may not lie inside another
  statement's content (it is then part of that statement).
Default output (speech only) is unchanged by these records: they come after selection and linking, and are all
`attitude` or `evidence`.
"""

from __future__ import annotations

from ..parse.doc import ParsedDoc
from .candidates import Candidate
from .evidence import in_polls
from .stance import beliefs, held_nouns, in_views, more_intentions, views

LATE_RULES = (beliefs, more_intentions, views, held_nouns, in_views, in_polls)  # in order of preference


def with_nonspeech(doc: ParsedDoc, in_quote: list[bool], accepted: list[Candidate]) -> list[Candidate]:
    """`accepted` and the late attitude and evidence frames that fit beside it."""
    taken = list(accepted)
    for rule in LATE_RULES:
        for cand in sorted(rule(doc, in_quote), key=lambda c: (c.start, c.start - c.end)):
            if _fits(cand, taken):
                cand.extra["late"] = True  # resolve.py: never an antecedent or a frame for the speech records
                taken.append(cand)
    return taken


def _inside(pos: tuple[int, int] | None, c: Candidate) -> bool:
    return pos is not None and c.start <= pos[0] < c.end


def _fits(cand: Candidate, taken: list[Candidate]) -> bool:
    for k in taken:
        if _inside(cand.cue, k) or _inside(cand.mention, k):
            return False  # nested in another statement
        if cand.cue == k.cue or (cand.start, cand.end) == (k.start, k.end):
            return False  # found already
        if cand.start < k.end and k.start < cand.end and not (cand.start <= k.start and k.end <= cand.end):
            return False  # the spans cross
    return True
