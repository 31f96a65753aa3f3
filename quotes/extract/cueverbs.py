"""Cue verbs: whether a token is a verb of speech or belief the lexicon knows, and whether it can introduce
words in quotation marks."""

from __future__ import annotations

from ..parse.doc import ParsedDoc
from .lexicon import lexicon
from .sources import ISSUING
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


OPENING_MARKS = {"“", '"', "‘", "``", "''"}
PHRASAL_CUES = {"go": "on", "shoot": "back", "fire": "back", "hit": "back", "pipe": "up", "cut": "in"}


def _manner(doc: ParsedDoc, i: int) -> bool:
    """`with a laugh`, `at reporters`: a manner or an addressee of a phrasal cue of speaking (`shot back …`)."""
    return doc.tokens[i].deprel == "obl" and any(c.deprel == "case" and c.lemma.lower() in ("with", "at")
                                                  for c in doc.children(i))


def issues_statement(doc: ParsedDoc, i: int) -> bool:
    """`issued a statement`, `released a statement`: a verb of issuing whose object is a statement."""
    return doc.tokens[i].lemma.lower() in ISSUING and any(
        c.deprel == "obj" and c.lemma.lower() == "statement" for c in doc.children(i))


def written_read(doc: ParsedDoc, i: int) -> bool:
    """`the email read` with the verb tagged a noun in compound with the writing (`“…,” the email read.`)."""
    t = doc.tokens[i]
    return t.text.lower() in ("read", "reads") and t.upos == "NOUN" and bool(written_source(doc, i))


def written_source(doc: ParsedDoc, i: int) -> list:
    """The writings among the subjects (or, misparsed, compounds) of a `read` at `i` (the letter, the email)."""
    writings = lexicon().written_sources
    return [c for c in doc.children(i) if c.deprel in ("nsubj", "nsubj:pass", "compound", "amod") and c.i < i
            and (c.lemma.lower() in writings or c.text.lower() in writings)]


def inverted_writing(doc: ParsedDoc, i: int):
    """`“…,” read a tweet from Okafor`: a writing right after an inverted `read` (the parser makes it the object)."""
    t = doc.tokens[i]
    if t.lemma.lower() != "read" or any(c.deprel in ("nsubj", "nsubj:pass") for c in doc.children(i)):
        return None
    writings = lexicon().written_sources
    return next((c for c in doc.children(i) if c.deprel in ("obj", "nsubj") and c.i > i and c.i <= i + 3
                 and (c.lemma.lower() in writings or c.text.lower() in writings)), None)


def is_speech_verb(doc: ParsedDoc, i: int) -> bool:
    """A cue that can introduce words in quotation marks (speech, not belief: "known as “…”" is not one); also
    "put it" ("As one organiser put it: “…”"), phrasal verbs of speaking ("“…,” he went on", "shot back") and a
    writing that reads ("“…,” the email read", also when the tagger reads the verb as a noun)."""
    t = doc.tokens[i]
    if t.lemma.lower() == "put" and t.upos == "VERB":  # not "put it on the table"
        kids_ = doc.children(i)
        return any(c.deprel == "obj" and c.lemma.lower() == "it" for c in kids_) and not any(
            c.deprel == "obl" for c in kids_)
    if t.lemma.lower() in PHRASAL_CUES and t.upos == "VERB":  # “…,” he went on / shot back; not "went on to win"
        kids_ = doc.children(i)
        return any(c.deprel in ("compound:prt", "advmod") and c.lemma.lower() == PHRASAL_CUES[t.lemma.lower()]
                   and c.i == i + 1 for c in kids_) and not any(
            c.deprel in ("obj", "obl", "xcomp", "advcl", "ccomp") and c.i > i and not _manner(doc, c.i)
            and not _quoted(doc, c.i) for c in kids_)
    if written_read(doc, i):
        return True
    if t.upos == "VERB" and issues_statement(doc, i):  # `Trump issued a statement: “…”`
        return True
    if t.xpos == "VBN" and t.deprel in ("acl", "amod") and not misread_finite(doc, i):
        return False
    if t.upos == "VERB" and t.lemma.lower() in lexicon().quotation_only:  # “…!” she beamed; the crowd chanted “…”
        return True
    if t.upos == "VERB" and t.lemma.lower() == "read":  # `“…,” the letter reads`, not a banner or a sign
        return any(c.deprel in ("nsubj", "nsubj:pass") for c in written_source(doc, i)) or inverted_writing(
            doc, i) is not None
    return is_cue_verb(doc, i) and t.lemma.lower() in lexicon().speech


def misread_cue_after(doc: ParsedDoc, window: list[int]) -> tuple[int, int] | None:
    """`“…,” the Saudis state in the white paper`, `“…,” a voice-over in the ad states.`: right after a quotation,
    a noun phrase ending in a lowercase speech verb that the tagger read as a noun, agreeing in number with the
    noun before it and followed by a preposition or the sentence's end. (cue, speaker head) or None."""
    speech = lexicon().speech
    for n, w in enumerate(window[1:9], start=1):
        t, prev = doc.tokens[w], doc.tokens[w - 1]
        if t.upos != "NOUN" or not t.text.islower() or prev.upos not in ("NOUN", "PROPN"):
            continue
        word = t.text.lower()
        singular_verb = word.endswith("s") and word[:-1] in speech and prev.xpos in ("NN", "NNP")
        plural_verb = word in speech and prev.xpos in ("NNS", "NNPS")
        nxt = doc.tokens[w + 1] if w + 1 < len(doc.tokens) else None
        if not (singular_verb or plural_verb) or nxt is not None and nxt.upos not in ("ADP", "PUNCT", "ADV"):
            continue
        heads = [j for j in window[:n] if doc.tokens[j].upos in ("NOUN", "PROPN")
                 and not window[0] <= doc.tokens[j].head < w]
        return (w, heads[0]) if heads else None
    return None


def according_after(doc: ParsedDoc, window: list[int]) -> tuple[int, int] | None:
    """`“…,” according to Judicial Watch.`: `according to` right after a quotation, and its source. (cue, source)"""
    words = [j for j in window if doc.tokens[j].upos != "PUNCT"]
    if len(words) < 3 or doc.tokens[words[0]].text.lower() != "according" or doc.tokens[words[1]].text.lower() != "to":
        return None
    source = doc.tokens[words[0]].head
    return (words[0], source) if source > words[1] and doc.tokens[source].upos in ("NOUN", "PROPN", "PRON") else None


def _quoted(doc: ParsedDoc, c: int) -> bool:
    """A clause that opens with a quotation mark, or right after one (`He went on: “There is no alternative.”`): the
    words the cue introduces, not the verb's own complement."""
    first = doc.subtree(c)[0]
    return doc.tokens[first].text in OPENING_MARKS or first > 0 and doc.tokens[first - 1].text in OPENING_MARKS


AGES = {"year", "month", "week"}


def aged_speaker(doc: ParsedDoc, verbs: list[int]) -> tuple[int, int] | None:
    """`“…,” the 58-year-old told supporters`: the tagger reads the cue as a participle on a noun phrase ending in an
    age; (cue, speaker) with the age's last word standing for the speaker."""
    for v in verbs:
        t = doc.tokens[v]
        if v < 4 or t.xpos not in ("VBD", "VBN") or t.lemma.lower() not in lexicon().speech:
            continue
        old, dash, unit = doc.tokens[v - 1], doc.tokens[v - 2], doc.tokens[v - 3]
        if old.text.lower() == "old" and dash.text == "-" and unit.lemma.lower() in AGES:
            return v, old.i
    return None
