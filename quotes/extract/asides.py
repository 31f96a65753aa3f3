"""Asides that attribute the clause they modify: `As Senator Hale noted last week, the bill has no funding`, `the
city cannot afford a second bridge, as the mayor has pointed out`, `As the mayor put it, …`.

The cue is a speech verb in an `as` clause with a subject and nothing said of its own (no clause, no object but
`it` of "put it"); the content is the rest of the sentence's main clause. The speaker is the aside's subject.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..parse.doc import ParsedDoc
from .candidates import Candidate
from .cueverbs import is_speech_verb
from .direct import _speaker_fields
from .lexicon import lexicon
from .sources import can_speak
from .spans import cue_span
from .syntax import subject_of

ASIDE_MARKS = {"as"}
OWN_CONTENT = ("ccomp", "xcomp", "parataxis", "obj", "iobj")
EDGE = (",", ";", ":", ".", "—", "–", "-")
MIN_TOKENS = 3  # a content shorter than this is no statement
COMPANY = {"to", "with", "about", "against", "for", "at"}  # "joked with X", "responded to X": an exchange, not an aside
OPENERS = {"and", "but", "so", "yet", "or", ","}  # words an opening aside may follow at the start of its sentence
QUOTE_MARKS = "“”\"‘’'"


def as_asides(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    for t in doc.tokens:
        v = t.i
        if in_quote[v] or t.deprel != "advcl" or not is_speech_verb(doc, v):
            continue
        kids = doc.children(v)
        mark = next((c for c in kids if c.deprel == "mark" and c.i < v), None)
        if mark is None or mark.lemma.lower() not in ASIDE_MARKS:
            continue
        if any(c.deprel in OWN_CONTENT and not _addressee_or_it(doc, v, c.i) for c in kids):
            continue  # "as she told reporters that …", "as he announced the plan": the aside says something itself
        if any(c.deprel == "fixed" or c.lemma.lower() in ("though", "if") for c in doc.children(mark.i)) or any(
                c.deprel.startswith("obl") and _case(doc, c.i) in COMPANY for c in kids):
            continue  # "as though he were screaming"; "as Freddy joked with his friend", "as voters responded to …"
        if not _set_off(doc, v):
            continue  # "rode the will of the crowd as he replied": a time, not a source
        # `As reported by Western Journalism, …`: the agent of a passive aside speaks
        subj = subject_of(doc, v) or next((c for c in kids if c.deprel == "obl:agent"), None)
        if subj is None or (subj.i > v and subj.deprel != "obl:agent") or not can_speak(doc, subj):
            continue
        span = _main_clause(doc, v, t.head)
        if span is None:
            continue
        first, last = span
        cand = Candidate(doc.tokens[first].start, doc.tokens[last - 1].end, "indirect", "reported-aside")
        _speaker_fields(doc, cand, subj, v)
        c0, c1 = cue_span(doc, v, stop=doc.subtree(subj.i)[0] if subj.i > v else None)
        cand.cue = (doc.tokens[c0].start, doc.tokens[c1 - 1].end)
        cand.extra["cue_token"] = v
        cand.confidence = 0.6
        yield cand


def _case(doc: ParsedDoc, n: int) -> str:
    return next((c.lemma.lower() for c in doc.children(n) if c.deprel == "case"), "")


def _set_off(doc: ParsedDoc, v: int) -> bool:
    """The aside opens its sentence and a comma closes it (`As Hale noted, …`), or a comma opens it and it ends the
    sentence (`…, as Hale pointed out.`) — and no quotation follows it (a direct quote's cue)."""
    aside = doc.subtree(v)
    sent = doc.sent_of(v)
    first, last = aside[0], aside[-1]
    if last > first and doc.tokens[last].text == ",":  # the parser may hang the closing comma on the aside
        last -= 1
    nxt = doc.tokens[last + 1] if last + 1 < sent.last else None
    if nxt is not None and (nxt.text in QUOTE_MARKS or last + 2 < sent.last and doc.tokens[last + 2].text in QUOTE_MARKS):
        return False
    opening = all(doc.tokens[j].lemma.lower() in OPENERS for j in range(sent.first, first))
    if opening:
        return nxt is not None and nxt.text == ","
    closing = all(doc.tokens[j].upos == "PUNCT" and doc.tokens[j].text not in QUOTE_MARKS
                  for j in range(last + 1, sent.last))
    return closing and first > sent.first and doc.tokens[first - 1].text == ","


def _addressee_or_it(doc: ParsedDoc, v: int, c: int) -> bool:
    """`as he told reporters`, `as she put it`: an object that is no content of the aside's own."""
    verb, obj = doc.tokens[v].lemma.lower(), doc.tokens[c]
    return (verb == "put" and obj.lemma.lower() == "it" or verb == "tell" and obj.deprel in ("obj", "iobj")
            or obj.lemma.lower() in lexicon().recipients)


def _main_clause(doc: ParsedDoc, v: int, head: int) -> tuple[int, int] | None:
    """The head clause's tokens on the far side of the aside, trimmed of edge punctuation, within the sentence."""
    aside = doc.subtree(v)
    sent = doc.sent_of(v)
    whole = [j for j in doc.subtree(head) if sent.first <= j < sent.last]
    if aside[-1] < head:  # the aside opens the sentence
        first, last = aside[-1] + 1, max(whole) + 1
    else:  # the aside closes it
        first, last = min(whole), aside[0]
    while first < last and doc.tokens[first].text in EDGE:
        first += 1
    while last > first and doc.tokens[last - 1].text in EDGE:
        last -= 1
    return (first, last) if last - first >= MIN_TOKENS else None
