"""Attitude attributions and the attribution kind of every statement.

- `intentions`: an intention or wish with an infinitive and a source that can hold one (`The governor wants to
  build a bridge`, `The campaign plans to appeal`, `Officials expect the vote to pass`);
- `stances`: a stance adjective with a that-clause or an infinitive (`Ruiz is convinced that the deal is dead`,
  `Aides are worried the budget will slip`, `The union is determined to strike`);
- `attribution_kind`: `speech`, `attitude` or `evidence` for a statement from its cue lemma, its rule and the
  noun of its source (`A poll found …` is evidence, `Voters believe …` an attitude, `She said …` speech).
Beliefs with a clause (`believe`, `think`, `fear`) are found by the reported-speech rule and typed here.
Precision first: narration is full of `wants` and `plans`, so both rules need a source that can hold an
attitude (a person, body, group or pronoun for one) and a content of at least a few words. The lemmas are data
(quotes/data/kinds.json).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..parse.doc import ParsedDoc, Token
from .candidates import Candidate
from .complements import _make, _span
from .sources import can_speak, generic_subject
from .syntax import has_aux_pass, name_words, subject_of

KINDS = ("speech", "attitude", "evidence")
NOT_SOURCES = {"it", "there", "this", "that", "what", "which"}
MIN_WORDS = 2  # an intention of one word ("wants to go") is not worth a record; "to go home" is


@dataclass(frozen=True)
class KindLexicon:
    attitude_clause: frozenset[str]
    attitude_infinitive: frozenset[str]
    infinitive_with_object: frozenset[str]
    stance_adjectives: frozenset[str]
    evidence_cues: frozenset[str]
    evidence_sources: frozenset[str]
    evidence_documents: frozenset[str]
    belief_late: frozenset[str]
    infinitive_late: frozenset[str]
    view_verbs: frozenset[str]
    attitude_nouns: frozenset[str]
    poll_nouns: frozenset[str]


@lru_cache(maxsize=1)
def kind_lexicon() -> KindLexicon:
    raw = json.loads(resources.files("quotes").joinpath("data/kinds.json").read_text(encoding="utf-8"))
    return KindLexicon(**{k: frozenset(w.lower() for w in raw[k]) for k in KindLexicon.__dataclass_fields__})


def attribution_kind(cue_lemma: str, rule: str = "", source_lemma: str = "") -> str:
    """The kind of a statement with this cue (lemma of its head word), rule and source (lemma of its head)."""
    lex = kind_lexicon()
    cue_lemma, source_lemma = cue_lemma.lower(), source_lemma.lower()
    if (rule == "reported-finding" or cue_lemma == "according" and source_lemma in lex.evidence_sources
            or cue_lemma in lex.evidence_cues and source_lemma in lex.evidence_sources | lex.evidence_documents):
        return "evidence"
    if rule.startswith("evidence-"):
        return "evidence"
    if rule.startswith("attitude-") or cue_lemma in lex.attitude_clause:
        return "attitude"
    return "speech"


def _holder(doc: ParsedDoc, v: int) -> Token | None:
    """The source of attitude verb `v` when it can hold an attitude."""
    return holder_token(doc, subject_of(doc, v))


def holder_token(doc: ParsedDoc, subj: Token | None) -> Token | None:
    """`subj` when it can hold an attitude: a person, body, group or pronoun for one, not a generic subject."""
    if subj is None or subj.lemma.lower() in NOT_SOURCES or subj.upos == "PRON" and subj.lemma.lower() == "you":
        return None
    if generic_subject(doc, subj):
        return None
    if not can_speak(doc, subj) and subj.text not in name_words(doc):  # "Ruiz" tagged a noun here, a name elsewhere
        return None
    return subj


@lru_cache(maxsize=8)
def _forms(lemmas: frozenset[str]) -> frozenset[str]:
    """Inflected forms of `lemmas`, for verbs the tagger lemmatises wrongly ("hopes" → "hop")."""
    out = set(lemmas)
    for w in lemmas:
        stem = w.removesuffix("e")
        out.update((w + "s", w + "es", stem + "ed", stem + "ing", w + "d"))
    return frozenset(out)


def _is(t: Token, lemmas: frozenset[str]) -> bool:
    return t.lemma.lower() in lemmas or t.text.lower() in _forms(lemmas)


def _infinitive(doc: ParsedDoc, v: int, own_subject: bool = False) -> Token | None:
    """The `to`-infinitive complement of `v` after it, with no subject of its own (with `own_subject`, also one with
    its own subject read as a clause: `wants Trump to lose`)."""
    for c in doc.children(v):
        if c.i <= v or c.upos not in ("VERB", "AUX") or not any(
                x.deprel in ("mark", "aux") and x.text.lower() == "to" for x in doc.children(c.i)):
            continue
        if c.deprel == "xcomp" or own_subject and c.deprel == "ccomp" and any(
                x.deprel == "nsubj" and x.i < c.i for x in doc.children(c.i)):
            return c
    return None


def intentions(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`The campaign plans to appeal the ruling`, `Officials expect the vote to pass`."""
    lex = kind_lexicon()
    yield from infinitive_frames(doc, in_quote, lex.attitude_infinitive, lex.infinitive_with_object)


def infinitive_frames(doc: ParsedDoc, in_quote: list[bool], verbs: frozenset[str], with_object: frozenset[str],
                      own_subject: bool = False) -> Iterator[Candidate]:
    """An attitude verb among `verbs` with its infinitive (and its object, for `with_object` verbs)."""
    for t in doc.tokens:
        v = t.i
        if t.upos != "VERB" or not (_is(t, verbs) or _would_like(doc, t)) or in_quote[v] or has_aux_pass(doc, v):
            continue
        if t.deprel in ("amod", "acl") or t.xpos == "VBG" and t.deprel not in ("root", "conj", "ccomp"):
            continue  # "the planned strike", "hoping to …" hung on a noun: not a source's attitude
        inf = _infinitive(doc, v, own_subject and _is(t, with_object))
        if inf is None:
            continue
        first = doc.subtree(inf.i)[0]
        obj = next((c for c in doc.children(v) if c.deprel == "obj" and v < c.i < first), None)
        if obj is not None:
            if not _is(t, with_object):
                continue
            first = doc.subtree(obj.i)[0]  # "expect the vote to pass": the object is what is expected of
        subj = _holder(doc, v)
        if subj is None:
            continue
        span = _span(doc, first, doc.subtree(inf.i)[-1] + 1, v)
        if span is None or span[1] - span[0] < MIN_WORDS + 1:
            continue
        cand = _make(doc, v, subj, span, "attitude-intention")
        if cand is not None:
            if _would_like(doc, t):  # the cue is "would like", not "like"
                cand.cue = (min(c.start for c in doc.children(v) if c.deprel == "aux"), cand.cue[1])
            cand.confidence = 0.5
            yield cand


def _would_like(doc: ParsedDoc, t: Token) -> bool:
    """`The White House would like to make the election a battle about competence`: a wish."""
    return t.lemma.lower() in ("like", "love") and any(c.deprel == "aux" and c.text.lower() in ("would", "'d", "’d")
                                                       for c in doc.children(t.i))


def stances(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`Ruiz is convinced (that) the deal is dead`, `The union is determined to strike`."""
    lex = kind_lexicon()
    for t in doc.tokens:
        a = t.i
        if t.text.lower() not in lex.stance_adjectives or t.upos not in ("ADJ", "VERB") or in_quote[a]:
            continue
        if any(c.deprel == "cop" for c in doc.children(a)):
            holder_at, cue_first = a, min(c.i for c in doc.children(a) if c.deprel == "cop")
        elif t.deprel in ("xcomp", "acomp") and doc.tokens[t.head].lemma == "be" and t.head < a:
            holder_at, cue_first = t.head, t.head  # "is convinced" with "convinced" read as the verb's complement
        elif any(c.deprel == "aux:pass" and c.lemma == "be" for c in doc.children(a)):
            holder_at = a  # "is convinced" read as a passive
            cue_first = min(c.i for c in doc.children(a) if c.deprel == "aux:pass")
        else:
            continue
        clause = next((c for c in doc.children(a) if c.i > a and c.deprel in ("ccomp", "xcomp")
                       and c.upos in ("VERB", "AUX")), None)
        if clause is None:
            continue
        subj = _holder(doc, holder_at)
        if subj is None:
            continue
        first = doc.subtree(clause.i)[0]
        span = _span(doc, first, doc.subtree(clause.i)[-1] + 1, a)
        if span is None or span[1] - span[0] < MIN_WORDS + 1:
            continue
        cand = _make(doc, a, subj, span, "attitude-stance")
        if cand is not None:
            cand.cue = (doc.tokens[cue_first].start, t.end)
            cand.confidence = 0.5
            yield cand
