"""Speech acts that judge: what someone praised, blamed, cited or put in doubt.

- `evaluation`: a verb of praise or blame with its object and the ground given (`criticised the mayor for the
  delays`, `praised Obama as a leader`, `slammed the plan`): object and ground are the content; also the extent of
  a citation (`cited trade as his major issue`);
- `doubted`: `questioned the science of climate change`: what was put in doubt;
- `raised`: `raised questions about whether …`, `raised concerns that …`: the `about` phrase or the clause.
"""

from __future__ import annotations

from ..parse.doc import ParsedDoc, Token
from .act_spans import DEMONSTRATIVES, TIME_NOUNS, extent, short_of_aside
from .lexicon import lexicon, speaker_nouns
from .syntax import subject_of

GROUND_MARKERS = {"for", "as", "over"}  # "criticised X for …", "praised X as …", "slammed X over …"
# "accused X of sexism", "credited X with the win", "defended X against the charge"
EXTRA_GROUNDS = {"accuse": {"of"}, "credit": {"with"}, "defend": {"against"}}
SAYING_OBJECT_CUES = {"dismiss", "reject"}  # with a noun of saying: "rejected the idea that …"
SAYING_NOUNS = {"critique", "criticism", "idea", "notion", "question", "suggestion", "wrongdoing", "involvement",
                "rumor", "rumour", "story"}
DOUBTING = {"question"}  # "questioned Trump's judgment": to cast doubt on something is to say it
RAISING = {"raise"}  # "raised questions about whether …", "raised concerns that …" (not "posed questions about": a topic)
DOUBT_NOUNS = {"question", "doubt", "concern"}


def evaluation(doc: ParsedDoc, v: int) -> tuple[int, int] | None:
    """`criticised the mayor for the delays`, `slammed the plan`: the object and the ground given. Verbs that praise
    or blame only with a ground (`evaluation_with_ground`: `attacked X over …`, `thanked X for …`, `accused X of
    …`) need one; `dismissed` and `rejected` also take a noun of saying (`dismissed concerns that …`); a denial of
    a noun (`denied the allegations`) says nothing more than the noun, and is no statement."""
    lex = lexicon()
    lemma = doc.tokens[v].lemma.lower()
    kids = doc.children(v)
    obj = next((c for c in kids if c.i > v and c.deprel == "obj" and c.upos in ("NOUN", "PROPN", "PRON")), None)
    if obj is None:
        return None
    markers = GROUND_MARKERS | EXTRA_GROUNDS.get(lemma, set())
    last = obj
    for c in kids:
        if c.ent in ("DATE", "TIME") or c.lemma.lower() in TIME_NOUNS:
            continue  # "defended the title for a third year": when, not why
        if c.i > obj.i and c.deprel in ("obl", "advcl") and any(
                x.deprel in ("case", "mark") and x.lemma.lower() in markers and x.i == doc.subtree(c.i)[0]
                for x in doc.children(c.i)):
            last = c
    if last is obj and lemma in lex.evaluation_with_ground and not (
            lemma in SAYING_OBJECT_CUES and obj.lemma.lower() in lex.speech_nouns | lex.comment_nouns | SAYING_NOUNS) and not (
            lemma in lex.evaluation_of_people and _person(doc, subject_of(doc, v)) and _spoken_of(doc, obj)):
        return None  # "attacked the convoy", "thanked the crowd": an act without a ground given
    first = doc.subtree(obj.i)[0]
    span = extent(doc, v, last, first, also=obj)
    if span is not None and last is obj:  # "attacked Trump, with whom he clashed on Saturday": the writer's aside
        span = (span[0], short_of_aside(doc, obj, span[1]))
    return span


def doubted(doc: ParsedDoc, v: int) -> tuple[int, int] | None:
    """`questioned the science of climate change`, `questioning Clinton's judgment in backing the war`: what was put
    in doubt, a noun object described enough to be a claim, a quality or a choice (possessed, modified, a noun of
    saying or a stance), not a person (`police questioned the suspect`, `questioned Pence about it`: an
    interrogation), and only when the verb has no clause of its own (`questioned whether …` is reported speech)."""
    kids = doc.children(v)
    if any(c.deprel in ("ccomp", "parataxis", "iobj") for c in kids):
        return None
    obj = next((c for c in kids if c.i > v and c.deprel == "obj" and c.upos == "NOUN"), None)
    if obj is None or obj.ent or obj.lemma.lower() in speaker_nouns() or not _doubtable(doc, obj):
        return None
    if any(c.deprel in ("obl", "advcl") and c.i > obj.i and any(
            x.deprel == "case" and x.lemma.lower() in ("about", "on", "over") for x in doc.children(c.i)) for c in kids):
        return None  # "questioned the nominee on her record": an interrogation of the person
    last = doc.subtree(obj.i)[-1]
    for c in kids:  # "… values and his readiness to lead" hung on the verb; "judgment | in backing the war"
        between = doc.tokens[last + 1:doc.subtree(c.i)[0]] if c.i > last else [None]
        if all(x is not None and x.upos in ("PUNCT", "CCONJ") for x in between) and (
                c.deprel == "conj" and c.upos == "NOUN" or (
                c.deprel == "advcl" and c.xpos == "VBG" and doc.tokens[last + 1].lemma.lower() == "in")):
            last = doc.subtree(c.i)[-1]
    span = extent(doc, v, doc.tokens[last], doc.subtree(obj.i)[0], also=obj)
    return None if span is None else (span[0], short_of_aside(doc, obj, span[1]))


def raised(doc: ParsedDoc, v: int) -> tuple[int, int] | None:
    """`raised questions about whether the deal would hold`, `raised concerns that …`, `posed doubts about the
    plan`: the noun's `about` phrase or its clause is what was put in doubt (the noun and `about` are the cue's)."""
    obj = next((c for c in doc.children(v) if c.i > v and c.deprel == "obj" and c.lemma.lower() in DOUBT_NOUNS), None)
    if obj is None:
        return None
    for k in doc.children(obj.i):
        if k.i <= obj.i:
            continue
        sub = doc.subtree(k.i)
        marks = [x for x in doc.children(k.i) if x.deprel in ("case", "mark") and x.i == sub[0]]
        if not marks or sub[0] != obj.i + 1:
            continue  # the phrase or clause must follow the noun directly
        if marks[0].lemma.lower() == "about" and k.deprel in ("nmod", "acl"):
            first = sub[0] + 1
        elif marks[0].lemma.lower() in ("that", "whether") and k.deprel in ("acl", "ccomp"):
            first = sub[0]
        else:
            continue
        return extent(doc, v, k, first)
    return None


def _doubtable(doc: ParsedDoc, obj: Token) -> bool:
    """A noun that names a claim, quality or choice rather than a person: possessed (`his sincerity`), shown by a
    demonstrative (`that determination`), described by a phrase or clause (`the science of climate change`, `the
    idea that …`), or a noun of saying or stance."""
    lex = lexicon()
    if obj.lemma.lower() in lex.speech_nouns | lex.comment_nouns | SAYING_NOUNS | STANCE_NOUNS:
        return True
    return any(c.deprel == "nmod:poss" or c.deprel == "det" and c.lemma.lower() in DEMONSTRATIVES or
               c.deprel in ("nmod", "acl", "acl:relcl") and c.i > obj.i for c in doc.children(obj.i))


PERSONAL_PRONOUNS = {"i", "we", "he", "she", "you"}
OBJECT_PRONOUNS = {"him", "her", "them", "me", "us", "himself", "herself", "themselves", "myself", "ourselves"}
# what a person's words defend or attack when it is possessed: a stance, a record, a choice ("defended his vote",
# "attacked her ties to Wall Street"); not a title, a seat or a home
STANCE_NOUNS = {"approach", "action", "call", "choice", "comment", "decision", "handling", "idea", "plan", "policy",
                "position", "proposal", "record", "remark", "response", "stance", "statement", "tie", "view", "vote",
                "word", "willingness", "character", "judgment", "judgement", "candidacy", "campaign", "leadership",
                "integrity", "honesty", "temperament", "fitness", "qualification", "rhetoric", "language"}


def _person(doc: ParsedDoc, subj: Token | None) -> bool:
    """A subject that is a person: a named person, a personal pronoun, or a role (`the senator`); a relative
    pronoun stands for its antecedent."""
    if subj is None:
        return False
    if subj.lemma.lower() in ("who", "that") and doc.tokens[subj.head].deprel == "acl:relcl":
        subj = doc.tokens[doc.tokens[subj.head].head]
    return subj.ent == "PERSON" or subj.lemma.lower() in PERSONAL_PRONOUNS or (
        subj.upos == "NOUN" and subj.lemma.lower() in speaker_nouns())


def _spoken_of(doc: ParsedDoc, obj: Token) -> bool:
    """An object that words, not arms, attack or defend: a person, a body, a people (`attacked Trump`,
    `defended the FBI`), or a person's stance, record or choice (`defended his vote`, `attacked Clinton's ties to
    Wall Street`)."""
    if obj.ent in ("PERSON", "ORG", "NORP") or obj.lemma.lower() in OBJECT_PRONOUNS:
        return True
    lemma = obj.lemma.lower()
    possessed = any(c.deprel == "nmod:poss" for c in doc.children(obj.i))
    return possessed and (lemma in STANCE_NOUNS or lemma in lexicon().speech_nouns | lexicon().comment_nouns)
