"""Attitude and evidence records added after the speech records are selected, so that they never displace one.

`with_nonspeech` takes the statements `extract_quotes` selected and
- drops attitude records whose source is the writer (`I think …`, `we want …` outside quotation marks);
- adds the frames of extract/stance.py and extract/evidence.py that fit beside them: a frame's content may hold a
  selected statement whole (`Aides fear that Trump said …`: attribution annotation keeps both, and the speech
  record stays whatever the option), but may not cut across one, and its cue or source may not lie inside another
  statement's content (it is then part of that statement).
Default output (speech only) is unchanged by these records: they come after selection and linking, and are all
`attitude` or `evidence`.
"""

from __future__ import annotations

from ..parse.doc import ParsedDoc
from .attitude import attribution_kind, kind_lexicon
from .candidates import Candidate
from .evidence import in_polls
from .stance import beliefs, held_nouns, in_views, more_intentions, views

LATE_RULES = (beliefs, more_intentions, views, held_nouns, in_views, in_polls)  # in order of preference


def with_nonspeech(doc: ParsedDoc, in_quote: list[bool], accepted: list[Candidate]) -> list[Candidate]:
    """`accepted` without the writer's own attitudes, plus the late attitude and evidence frames that fit."""
    taken = [c for c in accepted if not _writers_attitude(doc, in_quote, c)]
    for rule in LATE_RULES:
        for cand in sorted(rule(doc, in_quote), key=lambda c: (c.start, c.start - c.end)):
            if _fits(cand, taken):
                cand.extra["late"] = True  # resolve.py: never an antecedent or a frame for the speech records
                taken.append(cand)
    return taken


def _writers_attitude(doc: ParsedDoc, in_quote: list[bool], c: Candidate) -> bool:
    """An attitude held by `I` or `we` outside quotation marks (the writer's, not a source's), or asked about
    (`Do voters think …?`)."""
    if c.speaker_tok is None or c.quote_type == "direct":
        return False
    subj = doc.tokens[c.speaker_tok]
    asked = doc.tokens[doc.sent_of(subj.i).last - 1].text == "?"
    if not asked and (subj.text.lower() not in kind_lexicon().writer_pronouns or in_quote[subj.i]):
        return False
    v = c.extra.get("cue_token")
    return v is not None and attribution_kind(doc.tokens[v].lemma, c.rule, subj.lemma) == "attitude"


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
