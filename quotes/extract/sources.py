"""Who can be a source, and who speaks for a cue the parser hung in the wrong place.

- `can_speak`, `generic_subject`, `hypothetical`: a person, body, pronoun or quantity of them can speak; "someone",
  "no one" and a supposition ("If you think …") never do;
- `addressing_speaker`, `relative_conj_subject`, `event_subject`: the speaker of a cue whose parsed subject
  cannot be one.
"""

from __future__ import annotations

from ..parse.doc import ParsedDoc, Token
from .lexicon import lexicon, speaker_nouns
from .syntax import rel, subject_of

QUANTIFIERS = {"one", "several", "some", "many", "most", "few", "both", "all", "each", "others", "another", "none",
               "majority", "minority", "half", "third", "quarter", "percent", "number", "handful", "plurality"}


def can_speak(doc: ParsedDoc, t: Token, depth: int = 0) -> bool:
    """Whether a subject can be a source: a person, body or pronoun, not "revenue" or "the plan"; a number or
    quantity of them ("one of them", "several", "a majority of both parties", "two said")."""
    if (t.upos in ("PRON", "PROPN") or t.ent in ("PERSON", "ORG", "NORP", "GPE")
            or t.lemma.lower() in speaker_nouns()):
        return True
    if t.lemma.lower() in QUANTIFIERS or t.upos == "NUM" and t.ent != "PERCENT":
        of = next((c for c in doc.children(t.i) if c.deprel == "nmod" and any(
            x.deprel == "case" and x.lemma.lower() == "of" for x in doc.children(c.i))), None)
        return of is None or depth < 2 and can_speak(doc, of, depth + 1)
    return False


def generic_subject(doc: ParsedDoc, subj: Token) -> bool:
    """An indefinite, non-referential subject ("someone", "nobody", "no one"), also as the antecedent of a relative
    pronoun ("Anyone who believes the deal will hold …")."""
    lemma = subj.lemma.lower()
    if lemma in lexicon().generic_speakers:
        return True
    if lemma in ("who", "that") and subj.upos == "PRON":
        head = doc.tokens[subj.head]
        if head.deprel == "acl:relcl" and head.head < head.i:
            ante = doc.tokens[head.head]
            return ante.lemma.lower() in lexicon().generic_speakers | {"whoever", "anybody", "everyone", "everybody"}
    return lemma == "one" and any(c.lemma.lower() == "no" for c in doc.children(subj.i))


def hypothetical(doc: ParsedDoc, v: int, subj: Token | None) -> bool:
    """A cue in a condition with a generic or second-person subject ("If you think …", "Unless someone says …"):
    a supposition of the writer's."""
    if not any(c.deprel == "mark" and c.lemma.lower() in ("if", "unless") for c in doc.children(v)):
        return False
    return subj is None or subj.lemma.lower() in ("you", "one", "we") or generic_subject(doc, subj)


def addressing_speaker(doc: ParsedDoc, v: int) -> Token | None:
    """`Falk declined to say whether the president had asked his envoy to resign, repeatedly telling reporters that
    …`: a participle addressing the press after a comma, hung on a clause inside what someone says (or will not
    say), is that speaker's act, not the inner clause subject's."""
    t = doc.tokens[v]
    if t.xpos != "VBG" or t.deprel != "advcl" or doc.tokens[doc.subtree(v)[0] - 1].text != ",":
        return None
    if not any(c.deprel in ("obj", "iobj") and c.lemma.lower() in lexicon().recipients for c in doc.children(v)):
        return None
    a = doc.tokens[t.head]
    for _ in range(3):
        if a.is_root:
            return None
        up = doc.tokens[a.head]
        if rel(a) == "ccomp" and up.upos in ("VERB", "AUX") and lexicon().is_cue(up.lemma.lower()):
            return subject_of(doc, up.i)
        a = up
    return None


def relative_conj_subject(doc: ParsedDoc, v: int, subj: Token) -> Token | None:
    """`Kim, whose district includes the plant, … and said she would …` parsed with "said" conjoined inside the
    relative clause: a cue whose inherited subject cannot speak speaks for the relative clause's antecedent."""
    t = doc.tokens[v]
    if t.deprel != "conj" or subj.head == v or can_speak(doc, subj):
        return None
    head = doc.tokens[t.head]
    if head.deprel != "acl:relcl" or head.head > head.i:
        return None
    antecedent = doc.tokens[head.head]
    return antecedent if can_speak(doc, antecedent) else None


ISSUING = {"issue", "release", "send", "post", "publish", "put", "deliver", "circulate", "distribute", "sign", "pen"}
ISSUED = {"statement", "letter", "email", "e-mail", "memo", "message", "note", "post", "release", "op-ed", "tweet"}


def issuer_subject(doc: ParsedDoc, subj: Token) -> Token | None:
    """`The mayor released a statement saying …`: the subject of a participle on an issued writing is the writing;
    whoever issued it speaks."""
    if subj.lemma.lower() not in ISSUED or subj.deprel != "obj":
        return None
    verb = doc.tokens[subj.head]
    if verb.lemma.lower() not in ISSUING:
        return None
    issuer = next((c for c in doc.children(verb.i) if c.deprel == "nsubj" and c.i < verb.i), None)
    return issuer if issuer is not None and can_speak(doc, issuer) else None


def event_subject(doc: ParsedDoc, v: int, subj: Token) -> Token | None:
    """`Several voters interviewed outside the hall after the debate said …` read as "after the debate said": a cue
    opened by a time conjunction whose subject cannot speak speaks for the subject of the participle phrase it hangs
    on (the noun the parser took for the main clause's subject)."""
    t = doc.tokens[v]
    if t.deprel != "advcl" or can_speak(doc, subj):
        return None
    if not any(c.deprel == "mark" and c.lemma.lower() in ("after", "before", "following", "since") and c.i < subj.i
               for c in doc.children(v)):
        return None
    head = doc.tokens[t.head]
    if head.xpos not in ("VBD", "VBN") or any(c.deprel == "obj" for c in doc.children(head.i)):
        return None
    outer = next((c for c in doc.children(head.i) if c.deprel == "nsubj" and c.i < head.i), None)
    return outer if outer is not None and can_speak(doc, outer) else None
