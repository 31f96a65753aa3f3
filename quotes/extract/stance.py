"""Attitudes that the speech rules leave, found after speech is selected (extract/nonspeech.py runs them):

- `beliefs`: a belief, knowledge or perception with a finite clause (`Party leaders recognized that …`, `Democrats
  don't think Clinton can catch Sanders`, `She learned her father had never finished the process`);
- `more_intentions`: an agreement with an infinitive (`The company agreed to pay`), and a wish whose infinitive has
  its own subject (`NeverTrump wants Trump to lose`); efforts (`tried to`, `struggled to`) are not attitudes;
- `views`: `Party leaders see him as an asset`, `They view the plan as a gamble` (the object and its `as` phrase);
- `held_nouns`: a possessed noun of belief or intention with an infinitive or a that-clause (`her decision to run`,
  `Trump's belief that the polls are rigged`), the possessor its source;
- `in_views`: `In Ruiz's view, the deal is dead`, `the deal is dead, in her opinion`: the rest of the sentence.
All are `attitude` records: they need a source that can hold an attitude (not a generic `people` or `you`) and a
content of a few words. The verbs and nouns are data (quotes/data/kinds.json).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..parse.doc import ParsedDoc, Token
from .attitude import MIN_WORDS, _is, holder_token, infinitive_frames, kind_lexicon
from .candidates import Candidate
from .complements import _candidate, _make, _span
from .evidence import clause_beside, phrase_frame, sentence_roots
from .sources import hypothetical
from .syntax import has_aux_pass, subject_of

CLAUSE_HEADS = ("VERB", "AUX", "ADJ", "NOUN", "PROPN", "NUM", "PRON")
VIEW_NOUNS = {"view", "opinion", "estimation", "judgment", "judgement", "mind", "eyes", "eye"}
GENERIC_PLURALS = {"people", "folks", "everyone", "everybody", "anyone", "anybody"}


def source_of(doc: ParsedDoc, v: int, subj: Token | None = None) -> Token | None:
    """The holder of the attitude at `v`: its subject when it can hold one, not a generic `people`, not in a
    supposition. A columnist's `I think …` is the author's attitude and a question (`Does he know …?`) keeps its
    content, as attribution annotation (PolNeAR) counts them."""
    subj = holder_token(doc, subject_of(doc, v) if subj is None else subj)
    if subj is None:
        return None
    lemma = subj.lemma.lower()
    if lemma in GENERIC_PLURALS and not any(c.deprel in ("det", "amod", "nummod", "nmod") for c in doc.children(subj.i)):
        return None  # "people want change": narration
    if hypothetical(doc, v, subj):
        return None
    return subj


def _finite_clause(doc: ParsedDoc, v: int) -> Token | None:
    """The clausal complement after `v` with a subject or a complementiser of its own."""
    for c in doc.children(v):
        if c.i <= v or c.deprel != "ccomp" or c.upos not in CLAUSE_HEADS:
            continue
        kids = doc.children(c.i)
        if any(k.deprel in ("nsubj", "nsubj:pass", "expl", "csubj") for k in kids):
            return c  # "whether to raise them" has none: a decision still to take, not a view
        if any(k.deprel == "mark" and k.lemma.lower() == "that" for k in kids):
            return c
    return None


def beliefs(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`Aides recognized that the race had tightened`, `Democrats don't think she can win`."""
    lex = kind_lexicon()
    for t in doc.tokens:
        v = t.i
        if t.upos != "VERB" or not _is(t, lex.belief_late) or in_quote[v] or has_aux_pass(doc, v):
            continue
        if t.deprel in ("amod", "acl", "xcomp") or t.xpos == "VBG" and t.deprel not in ("root", "conj", "ccomp", "advcl"):
            continue  # "is expected to decide whether …": an act to come, not a view held
        c = _finite_clause(doc, v)
        subj = source_of(doc, v) if c is not None else None
        if subj is None:
            continue
        cand = _candidate(doc, v, c.i, "attitude-belief", subj=subj)
        if cand is not None and len(doc.tokens_between(cand.start, cand.end)) > MIN_WORDS:
            cand.confidence = 0.5
            yield cand


def more_intentions(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`The company agreed to pay $325 million`, `NeverTrump wants Trump to lose`."""
    lex = kind_lexicon()
    for cand in infinitive_frames(doc, in_quote, lex.infinitive_late, lex.infinitive_with_object, own_subject=True):
        v = cand.extra["cue_token"]
        if source_of(doc, v, doc.tokens[cand.speaker_tok]) is not None:
            yield cand


def _as_phrase(doc: ParsedDoc, v: int, obj: Token) -> Token | None:
    """The `as` phrase after `obj` that says what the object is seen as."""
    for head in (v, obj.i):
        for c in doc.children(head):
            if c.i > obj.i and any(k.lemma.lower() == "as" and k.deprel in ("case", "mark") for k in doc.children(c.i)):
                return c
    return None


def views(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`Party leaders see him as an invaluable asset`: the object and what it is seen as."""
    lex = kind_lexicon()
    for t in doc.tokens:
        v = t.i
        if t.upos != "VERB" or not _is(t, lex.view_verbs) or in_quote[v] or has_aux_pass(doc, v):
            continue
        obj = next((c for c in doc.children(v) if c.deprel == "obj" and c.i > v), None)
        phrase = _as_phrase(doc, v, obj) if obj is not None else None
        subj = source_of(doc, v) if phrase is not None else None
        if subj is None:
            continue
        span = _span(doc, doc.subtree(obj.i)[0], doc.subtree(phrase.i)[-1] + 1, v)
        if span is None or span[1] - span[0] <= MIN_WORDS:
            continue
        cand = _make(doc, v, subj, span, "attitude-view")
        if cand is not None:
            cand.confidence = 0.5
            yield cand


def _noun_clause(doc: ParsedDoc, n: int) -> Token | None:
    """The infinitive (`decision to run`) or that-clause (`belief that the polls are rigged`) of noun `n`."""
    for c in doc.children(n):
        if c.i <= n or c.deprel not in ("acl", "ccomp") or c.upos not in ("VERB", "AUX", "ADJ"):
            continue
        kids = doc.children(c.i)
        if any(k.lemma.lower() == "to" and k.deprel in ("aux", "mark") and k.i < c.i for k in kids):
            return c
        if any(k.deprel == "mark" and k.lemma.lower() == "that" for k in kids) and any(
                k.deprel in ("nsubj", "nsubj:pass", "expl") for k in kids):
            return c
    return None


def held_nouns(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`her decision to champion the merger`, `Trump's belief that the polls are rigged`."""
    lex = kind_lexicon()
    for t in doc.tokens:
        n = t.i
        if t.upos != "NOUN" or t.text.lower() not in lex.attitude_nouns and t.lemma.lower() not in lex.attitude_nouns:
            continue
        if in_quote[n]:
            continue
        poss = next((c for c in doc.children(n) if c.deprel in ("nmod:poss", "poss") and c.i < n), None)
        clause = _noun_clause(doc, n) if poss is not None else None
        subj = source_of(doc, n, poss) if clause is not None else None
        if subj is None:
            continue
        span = _span(doc, doc.subtree(clause.i)[0], doc.subtree(clause.i)[-1] + 1, n)
        if span is None or span[1] - span[0] <= MIN_WORDS:
            continue
        cand = _make(doc, n, subj, span, "attitude-noun")
        if cand is not None:
            cand.cue = (t.start, t.end)
            cand.confidence = 0.45
            yield cand


def in_views(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`In Ruiz's view, the deal is dead`: the clause beside the phrase is the view, the possessor its holder."""
    for sent, root in sentence_roots(doc):
        if root.upos not in ("VERB", "AUX", "ADJ", "NOUN") or in_quote[root.i]:
            continue
        phrase = next((c for c in doc.children(root.i) if c.lemma.lower() in VIEW_NOUNS and any(
            k.deprel == "case" and k.lemma.lower() == "in" for k in doc.children(c.i))), None)
        poss = next((c for c in doc.children(phrase.i) if c.deprel in ("nmod:poss", "poss")), None) if phrase else None
        subj = source_of(doc, root.i, poss) if poss is not None else None
        rest = clause_beside(doc, phrase, sent.first, sent.last) if subj is not None else None
        if rest is None or not rest[0] <= root.i < rest[1] or rest[1] - rest[0] <= MIN_WORDS:
            continue
        cand = phrase_frame(doc, root, phrase, subj, rest, "attitude-view", cue_whole=True)
        if cand is not None:
            yield cand
