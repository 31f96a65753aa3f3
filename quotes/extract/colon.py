"""Quotations introduced by a colon: the speech verb of the clause the colon closes (`Sanders responded with a
phrase …: “…”`), a possessed noun label (`Her verdict: “…”`), an inverted label (`Continued Stone: “…”`), a
paragraph closing with a colon before a quoted paragraph, and a personal subject before a colon without a cue."""

from __future__ import annotations

from ..parse.doc import ParsedDoc
from .cueverbs import is_speech_verb
from .lexicon import lexicon

COLON_REACH = 40  # tokens of the sentence a colon closes in which its speech verb is looked for
PERSONAL = {"he", "she", "they", "we", "i"}


def paragraph_closing_colon(doc: ParsedDoc, para: tuple[int, int]) -> list[int]:
    """The tokens of a paragraph's last sentence when the paragraph ends with a colon, else none."""
    ps, pe = para
    if not doc.text[ps:pe].rstrip().endswith(":"):
        return []
    last = doc.token_at(len(doc.text[:pe].rstrip()) - 1)
    if last < 0:
        return []
    sent = doc.tokens[last].sent
    return [t.i for t in doc.tokens[: last + 1] if t.sent == sent and t.start >= ps][-COLON_REACH:]


LABEL_WORDS = 8  # tokens of a possessed noun label before its colon (`Clinton’s response was:`), at most
COPULAS = {"be"}


def noun_label(doc: ParsedDoc, before: list[int]):
    """`Her verdict: “…”`, `Clinton’s response was: “…”`: a clause that is only a possessed noun of saying (and a
    copula) before the colon; the possessor speaks. (the noun, the possessor token)."""
    sent = doc.tokens[before[-1]].sent
    words = [j for j in before[:-1] if doc.tokens[j].sent == sent]
    while words and doc.tokens[words[-1]].lemma.lower() in COPULAS:
        words.pop()
    if not words or len(words) > LABEL_WORDS or words[0] != doc.sent_of(words[0]).first:
        return None
    head = doc.tokens[words[-1]]
    if head.upos != "NOUN" or head.lemma.lower() not in lexicon().label_nouns:
        return None
    owner = next((c for c in doc.children(head.i) if c.deprel == "nmod:poss"), None)
    if owner is None or any(doc.tokens[j].upos == "VERB" for j in words):
        return None
    return head.i, owner


INVERTED_LABEL_WORDS = 6  # tokens of the speaker's name after an inverted cue (`Added the senator:`)


def inverted_label(doc: ParsedDoc, before: list[int]) -> tuple[int, int, int] | None:
    """`Continued Stone: “…”`, `Added the senator: “…”`: a sentence made of a speech verb in the past or present
    tense, the speaker, and a colon; the parser reads the verb as part of the name. (cue token, first and last
    token of the speaker)."""
    sent = doc.tokens[before[-1]].sent
    words = [j for j in before[:-1] if doc.tokens[j].sent == sent]
    if not 2 <= len(words) <= INVERTED_LABEL_WORDS or words[0] != doc.sent_of(words[0]).first:
        return None
    verb = doc.tokens[words[0]].text
    if not verb[:1].isupper() or not _is_speech_form(verb.lower()):
        return None
    name = [doc.tokens[j] for j in words[1:]]
    if not any(t.upos == "PROPN" for t in name) or any(t.upos in ("VERB", "AUX", "PUNCT") for t in name):
        return None
    return words[0], words[1], words[-1]


IRREGULAR_SPEECH_FORMS = {"said": "say", "says": "say", "wrote": "write", "writes": "write", "told": "tell"}


def _is_speech_form(word: str) -> bool:
    """A past or third-person form of a speech verb in the lexicon (`added`, `continued`, `says`, `wrote`)."""
    speech = lexicon().speech
    if word in IRREGULAR_SPEECH_FORMS:
        return True
    if word.endswith("ied"):
        return word[:-3] + "y" in speech
    if word.endswith("ed"):
        return word[:-2] in speech or word[:-1] in speech
    return word.endswith("s") and word[:-1] in speech


def colon_cue(doc: ParsedDoc, before: list[int]) -> int | None:
    """The speech verb of the clause a colon closes (`Sanders responded with a phrase that could have come from
    Trump himself: “…”`, `he leaned in and boomed: “…”`, `Continued Stone: “…”`): the verb the colon hangs
    on, one of its heads, or a conjunct of them, before the colon."""
    colon = doc.tokens[before[-1]]
    inside = set(before)
    chain = [colon.head]
    while chain[-1] in inside and not doc.tokens[chain[-1]].is_root:
        chain.append(doc.tokens[chain[-1]].head)
    # the colon hung on the quotation's verb: the clause's own heads are the tokens whose head lies outside it
    tops = [j for j in before if doc.tokens[j].head not in inside or doc.tokens[j].is_root]
    for h in [h for h in chain if h in inside] + tops:
        if is_speech_verb(doc, h):
            return h
        conj = [c.i for c in doc.children(h) if c.deprel == "conj" and c.i in inside and is_speech_verb(doc, c.i)]
        if conj:
            return conj[-1]
    return None


def colon_speaker(doc: ParsedDoc, before: list[int]):
    """The person-like subject of the clause a colon closes, for quotes introduced without a cue."""
    heads = [j for j in before if doc.tokens[j].head not in before or doc.tokens[j].is_root]
    for h in heads:
        tok = doc.tokens[h]
        if tok.upos not in ("VERB", "AUX"):
            continue
        subj = [c for c in doc.children(h) if c.deprel == "nsubj" and c.i in before]
        if subj and (subj[0].text.lower() in PERSONAL or subj[0].ent == "PERSON"):
            return subj[0]
    return None
