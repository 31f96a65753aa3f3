"""Cue verbs: whether a token is a verb of speech or belief the lexicon knows, and whether it can introduce
words in quotation marks."""

from __future__ import annotations

from ..parse.doc import ParsedDoc
from .lexicon import lexicon
from .syntax import misread_finite


def is_cue_verb(doc: ParsedDoc, i: int) -> bool:
    t = doc.tokens[i]
    lemma = t.lemma.lower()
    if not lexicon().is_cue(lemma) or lemma in ("be", "have"):
        return False
    if t.upos in ("VERB", "AUX"):
        return True
    # "Figures from the Treasury show the debt grew …" with the verb tagged a noun: a root with a subject and a
    # clause of its own is a verb
    kids_ = doc.children(i)
    return (t.upos == "NOUN" and t.is_root and any(c.deprel == "nsubj" and c.i < i for c in kids_)
            and any(c.deprel == "ccomp" and c.i > i for c in kids_))


def is_speech_verb(doc: ParsedDoc, i: int) -> bool:
    """A cue that can introduce words in quotation marks (speech, not belief: "known as “…”" is not one); also
    "put it" ("As one organiser put it: “…”") and "go on" ("“…,” he went on.")."""
    t = doc.tokens[i]
    if t.lemma.lower() == "put" and t.upos == "VERB":  # not "put it on the table"
        kids_ = doc.children(i)
        return any(c.deprel == "obj" and c.lemma.lower() == "it" for c in kids_) and not any(
            c.deprel == "obl" for c in kids_)
    if t.lemma.lower() == "go" and t.upos == "VERB":  # “…,” he went on. (continued), not "went on to win"
        kids_ = doc.children(i)
        return any(c.deprel == "compound:prt" and c.lemma.lower() == "on" for c in kids_) and not any(
            c.deprel in ("obj", "obl", "xcomp", "advcl", "ccomp") and c.i > i for c in kids_)
    if t.xpos == "VBN" and t.deprel in ("acl", "amod") and not misread_finite(doc, i):
        return False
    if t.upos == "VERB" and t.lemma.lower() in lexicon().quotation_only:  # “…!” she beamed; the crowd chanted “…”
        return True
    if t.upos == "VERB" and t.lemma.lower() == "read":  # `“…,” the letter reads`, not a banner or a sign
        return any(c.deprel in ("nsubj", "nsubj:pass") and c.lemma.lower() in lexicon().written_sources
                   for c in doc.children(i))
    return is_cue_verb(doc, i) and t.lemma.lower() in lexicon().speech
