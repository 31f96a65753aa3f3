"""Questions put to someone, whose asker the sentence leaves out or names only as an agent.

`Asked whether the sidelines had been hard, Daley said …`, `Asked about her own vote, Sarandon …`, `She was asked
about the protests and whether she would encourage more`, `Sanders was asked by host Bill Maher whether …`: the
question is a statement of its asker — the agent when there is one, else nobody named (the record has no speaker;
the person asked is not the speaker). The content is the indirect question (from its whether/if/wh-word) or the
topic after `about`, with what is coordinated with it. Active questions (`Reporters asked the mayor why …`) are the
reported-speech rules'.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..parse.doc import ParsedDoc, Token
from .candidates import Candidate
from .direct import _speaker_fields
from .syntax import cue_span, has_aux_pass

QUESTION_CUES = {"ask"}
QUESTION_WORDS = {"whether", "if", "why", "how", "what", "who", "whom", "when", "where", "which"}
TOPIC_PREPOSITIONS = {"about"}
CLAUSES = ("ccomp", "advcl", "conj", "xcomp")
EDGE = (",", ";", ":", ".", "—", "–", "-")


def put_questions(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """One candidate per passive or participial `asked` with an indirect question or an `about` topic."""
    for t in doc.tokens:
        v = t.i
        if in_quote[v] or t.upos != "VERB" or t.lemma.lower() not in QUESTION_CUES:
            continue
        participle = t.xpos == "VBN" and t.deprel in ("advcl", "root", "acl") and not any(
            c.deprel.startswith("nsubj") or c.deprel == "aux" for c in doc.children(v))
        if not (has_aux_pass(doc, v) or participle):
            continue
        span = _question(doc, v)
        if span is None:
            continue
        first, last = span
        cand = Candidate(doc.tokens[first].start, doc.tokens[last - 1].end, "indirect", "question-put")
        agent = _agent(doc, v)
        if agent is not None:
            _speaker_fields(doc, cand, agent, v)
        else:
            cand.mention_type = "none"
        c0, c1 = cue_span(doc, v, stop=first)
        cand.cue = (doc.tokens[c0].start, doc.tokens[max(c1, v + 1) - 1].end)
        cand.extra["cue_token"] = v
        cand.confidence = 0.5
        yield cand


def _agent(doc: ParsedDoc, v: int) -> Token | None:
    """`was asked by host Bill Maher`: the noun of the by-phrase."""
    return next((c for c in doc.children(v) if c.deprel == "obl:agent"), None)


def _question(doc: ParsedDoc, v: int) -> tuple[int, int] | None:
    """From the first question or topic after `v` to the end of the last one coordinated with it (`about the
    protests and whether …`), short of the sentence end."""
    first = None
    last = None
    for c in doc.children(v):
        if c.i <= v or c.deprel == "obl:agent":
            continue
        sub = [j for j in doc.subtree(c.i) if not (j < c.i and doc.tokens[j].deprel in ("cc", "punct"))]
        lead = doc.tokens[sub[0]]
        if c.deprel in CLAUSES and c.upos in ("VERB", "AUX") and lead.lemma.lower() in QUESTION_WORDS:
            start = sub[0]
        elif c.deprel == "obl" and lead.lemma.lower() in TOPIC_PREPOSITIONS and lead.deprel == "case":
            start = sub[0] + 1
        else:
            continue
        if first is None:
            first = start
        if first is not None:
            last = sub[-1] + 1
    if first is None or last is None:
        return None
    last = min(last, doc.sent_of(v).last)
    while last > first and doc.tokens[last - 1].text in EDGE:
        last -= 1
    return (first, last) if last - first >= 2 else None
