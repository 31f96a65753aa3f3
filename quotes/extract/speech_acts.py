"""Speech acts whose content is not a clause: what someone urged, promised, called for or criticised.

- `directives`: a verb of urging with an addressee and a to-infinitive (`urged Congress to act`, `called on the
  governor to resign`, `encouraged voters to stay home`): the addressee and the infinitive are the content;
- `commitments`: a verb of promising or threatening with its own to-infinitive (`promised to cut taxes`, `vowed to
  fight on`, `threatened to sue`): the infinitive, with its "to", is the content;
- `demands`: a verb of demanding with a noun object (`called for a ceasefire`, `demanded an apology`, `proposed a
  10 percent tax`): the object is the content ("for" belongs to the cue);
- `evaluations`: a verb of praise or blame with its object and the ground given (`criticised the mayor for the
  delays`, `praised Obama as a leader`, `slammed the plan`): object and ground are the content;
- `announcements`: a verb of making public with a noun object (`announced a series of steps`, `unveiled a tax
  plan`): the object is the content;
- `citations`: a verb of citing with its object and what it was cited as (`cited a 2001 memo`, `citing weaker
  demand`, `cited trade as his major issue`), the same extent as an evaluation.
All need an explicit, active speaker that can speak; the verbs are data (`directive_cues`, `commitment_cues`,
`demand_cues`, `evaluation_cues`, `announcement_cues`, `citation_cues` in quotes/data/cues.json).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..parse.doc import ParsedDoc, Token
from .bounds import narration_tail
from .candidates import Candidate
from .complements import _make
from .cueverbs import is_cue_verb
from .direct import _speaker_fields
from .lexicon import lexicon, speaker_nouns
from .sources import can_speak, generic_subject, hypothetical
from .spans import negated
from .syntax import has_aux_pass, relative_antecedent, subject_of

OBJECTS = ("obj", "iobj")
INFINITIVES = ("xcomp", "advcl", "ccomp")
EDGE = (",", ";", ":", ".", "—", "–", "-")
ADDRESSEE_PREPOSITIONS = {"on", "upon"}  # "called on X to …", "appealed to X to …" ("to" is left out: "to" + verb)
DEMAND_PREPOSITIONS = {"for"}  # "called for X", "pressed for X"
GROUND_MARKERS = {"for", "as", "over"}  # "criticised X for …", "praised X as …", "slammed X over …"
# "accused X of sexism", "credited X with the win", "defended X against the charge"
EXTRA_GROUNDS = {"accuse": {"of"}, "credit": {"with"}, "defend": {"against"}}
SAYING_OBJECT_CUES = {"dismiss", "reject"}  # with a noun of saying: "rejected the idea that …"
SAYING_NOUNS = {"critique", "criticism", "idea", "notion", "question", "suggestion", "wrongdoing", "involvement",
                "rumor", "rumour", "story"}
DEMONSTRATIVES = {"that", "this", "these", "those"}  # "That threatened to …": a thing, not a speaker
TIME_NOUNS = {"time", "moment", "minute", "hour", "day", "week", "month", "year", "while"}


def speech_acts(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """Every speech act with a non-clausal content: directives, commitments, demands and evaluations."""
    lex = lexicon()
    for t in doc.tokens:
        v = t.i
        if not in_quote[v] and t.upos == "NOUN" and t.lemma.lower() in lex.demand_nouns:
            cand = _demand_noun(doc, v)
            if cand is not None:
                yield cand
            continue
        if in_quote[v] or t.upos != "VERB" or has_aux_pass(doc, v):
            continue
        if t.xpos == "VBN" and not any(c.deprel == "aux" for c in doc.children(v)):
            continue  # "the senators urged to act": a participle modifier, no one speaks
        if _reported_inside(doc, v):
            continue  # "declined to say whether the minister had asked the envoy to quit": another's statement
        lemma = t.lemma.lower()
        span = None
        rule = ""
        if lemma in lex.directive_cues:
            span, rule = _directive(doc, v), "speech-act-directive"
        if span is None and lemma in lex.commitment_cues:
            span, rule = _commitment(doc, v), "speech-act-commitment"
        if span is None and lemma in lex.demand_cues:
            span, rule = _demand(doc, v), "speech-act-demand"
        if span is None and lemma in lex.evaluation_cues:
            span, rule = _evaluation(doc, v), "speech-act-evaluation"
        if span is None and lemma in lex.announcement_cues:
            span, rule = _announced(doc, v), "speech-act-announcement"
        if span is None and lemma in lex.citation_cues and not _cites_a_source(doc, v):
            span, rule = _evaluation(doc, v), "speech-act-citation"  # "cited a 2001 memo as proof": what was brought up
        if span is None or rule == "speech-act-evaluation" and negated(doc, v):
            continue  # "did not attack Clinton directly": no statement
        cand = _candidate(doc, v, span, rule)
        if cand is not None:
            yield cand


def _reported_inside(doc: ParsedDoc, v: int) -> bool:
    """`v` lies in the clausal complement of a cue verb above it (what someone else says, or will not say) — not
    coordinated with that complement without a subject of its own (`said the plan was a gift to landlords and
    promised to repeal it`: the speaker's next act, however the parser hung it)."""
    t = doc.tokens[v]
    if t.deprel == "conj" and not any(c.deprel.startswith("nsubj") for c in doc.children(v)):
        head = doc.tokens[t.head]
        if head.deprel == "ccomp" and is_cue_verb(doc, head.head):
            return False
    below = v
    for a in doc.ancestors(v):
        if doc.tokens[below].deprel == "ccomp" and is_cue_verb(doc, a):
            return True
        below = a
    return False


def _infinitive(doc: ParsedDoc, v: int) -> Token | None:
    """The to-infinitive complement of `v` after it (`to act`), however the parser labelled it."""
    for c in doc.children(v):
        if c.i > v and c.deprel in INFINITIVES and c.upos in ("VERB", "AUX") and any(
                x.deprel == "aux" and x.lemma.lower() == "to" and x.i < c.i for x in doc.children(c.i)):
            return c
    return None


def _directive(doc: ParsedDoc, v: int) -> tuple[int, int] | None:
    """`urged Congress to act`, `called on the governor to resign`: addressee + infinitive."""
    inf = _infinitive(doc, v)
    if inf is None:
        return None
    kids = doc.children(v)
    addressee = next((c for c in kids if v < c.i < inf.i and c.deprel in OBJECTS), None)
    if addressee is None:
        addressee = next((c for c in kids if v < c.i < inf.i and c.deprel == "obl" and any(
            x.deprel == "case" and x.lemma.lower() in ADDRESSEE_PREPOSITIONS for x in doc.children(c.i))), None)
    if addressee is None:
        return None
    first = doc.subtree(addressee.i)[0]
    while doc.tokens[first].deprel == "case" and first < addressee.i:
        first += 1
    return _extent(doc, v, inf, first)


def _commitment(doc: ParsedDoc, v: int) -> tuple[int, int] | None:
    """`promised to cut taxes`: the infinitive of the speaker's own act, with its "to"."""
    inf = _infinitive(doc, v)
    if inf is None or any(c.deprel in OBJECTS and v < c.i < inf.i for c in doc.children(v)):
        return None
    return _extent(doc, v, inf, doc.subtree(inf.i)[0])


def _demand(doc: ParsedDoc, v: int) -> tuple[int, int] | None:
    """`demanded an apology`, `called for a voice vote`: the thing demanded — not an act or a possession handed over
    (`pledged his support`, `requests an absentee ballot`), nor the person pressed (`pressed the chairman`)."""
    lex = lexicon()
    lemma = doc.tokens[v].lemma.lower()
    for c in doc.children(v):
        if c.i <= v or c.upos not in ("NOUN", "PROPN"):
            continue
        if c.ent in ("DATE", "TIME") or c.lemma.lower() in TIME_NOUNS:
            continue  # "called for the second time", "pressed for hours": when, not what
        if c.lemma.lower() in lex.pledged_acts and not _for_someone(doc, c.i):
            return None  # "pledged his support" (an act) — but "pledged support for the strikers" says a stance
        case = [x for x in doc.children(c.i) if x.deprel == "case" and x.i < c.i]
        if c.deprel == "obj" and not case and lemma not in lex.demand_for or (
                c.deprel == "obl" and case and case[0].lemma.lower() in DEMAND_PREPOSITIONS and case[0].i == v + 1
                and lemma in lex.demand_for):
            first = doc.subtree(c.i)[0]
            while doc.tokens[first].deprel == "case":
                first += 1
            # "called for a special prosecutor | to review the case", however it was hung (not "demanded an apology
            # | to end the dispute": a purpose)
            inf = _infinitive(doc, v) if lemma in lex.demand_for else None
            also = inf if inf is not None and doc.subtree(inf.i)[0] == doc.subtree(c.i)[-1] + 1 else None
            return _extent(doc, v, c, first, also=also)
    return _demanded_clause(doc, v) if lemma in lex.demand_for else None


def _demanded_clause(doc: ParsedDoc, v: int) -> tuple[int, int] | None:
    """`called for the president to resign`, `called for banning the imports`: a clause after `for` (a subject and
    a to-infinitive, or a gerund) is what was demanded ("for" belongs to the cue)."""
    for c in doc.children(v):
        if c.i <= v + 1 or c.upos not in ("VERB", "AUX") or c.deprel not in ("advcl", "xcomp", "ccomp"):
            continue
        mark = doc.tokens[v + 1]
        if mark.text.lower() != "for" or mark.head != c.i or mark.deprel not in ("mark", "case"):
            continue
        to_inf = any(x.deprel == "aux" and x.lemma.lower() == "to" for x in doc.children(c.i)) and any(
            x.deprel.startswith("nsubj") and v + 1 < x.i < c.i for x in doc.children(c.i))
        if to_inf or (c.xpos == "VBG" and c.i == v + 2):
            return _extent(doc, v, c, v + 2)
    return None


def _demand_noun(doc: ParsedDoc, n: int) -> Candidate | None:
    """`Pence's call for a special prosecutor`, `the union's demand for a pay rise`: a noun of demanding with a
    possessor who can speak and a `for` phrase, which is what was demanded ("for" belongs to the cue)."""
    kids = doc.children(n)
    owner = next((c for c in kids if c.deprel == "nmod:poss" and c.i < n), None)
    what = next((c for c in kids if c.i > n + 1 and c.deprel == "nmod" and doc.tokens[n + 1].head == c.i
                 and doc.tokens[n + 1].deprel == "case" and doc.tokens[n + 1].text.lower() == "for"), None)
    if owner is None or what is None or not can_speak(doc, owner) or owner.lemma.lower() in DEMONSTRATIVES:
        return None
    span = _extent(doc, n, what, n + 2)
    if span is None:
        return None
    first, last = span
    cand = Candidate(doc.tokens[first].start, doc.tokens[last - 1].end, "indirect", "speech-act-demand")
    _speaker_fields(doc, cand, owner, n)
    if cand.speaker_tok is None:
        return None
    cand.cue = (doc.tokens[n].start, doc.tokens[n].end)
    cand.extra["cue_token"] = n
    cand.confidence = 0.5
    return cand


def _announced(doc: ParsedDoc, v: int) -> tuple[int, int] | None:
    """`announced a series of steps to tighten gun sales`, `unveiled a tax plan`: the noun object, when the verb has
    no clause of its own (`announced that …` is reported speech)."""
    kids = doc.children(v)
    if any(c.deprel in ("ccomp", "parataxis") for c in kids) or any(
            c.deprel == "aux" and c.lemma.lower() == "to" for c in kids):
        return None  # "plans to announce the project": an intention, nothing made public yet
    obj = next((c for c in kids if c.i > v and c.deprel == "obj" and c.upos in ("NOUN", "PROPN")), None)
    if obj is None:
        return None
    purpose = next((c for c in kids if c.i > obj.i and c.deprel == "xcomp"), None)  # "steps | to tighten sales"
    return _extent(doc, v, obj, doc.subtree(obj.i)[0], also=purpose)


def _cites_a_source(doc: ParsedDoc, v: int) -> bool:
    """`reported, citing two people close to the board, that …`: the object cited is a source who speaks (the relay
    rules' cited source), not what was brought up."""
    return any(c.deprel == "obj" and c.i > v and can_speak(doc, c) for c in doc.children(v))


def _for_someone(doc: ParsedDoc, n: int) -> bool:
    """A noun with a `for` phrase of its own (`support for the strikers`)."""
    return any(k.deprel.startswith("nmod") and any(x.deprel == "case" and x.lemma.lower() == "for"
                                                   for x in doc.children(k.i)) for k in doc.children(n))


def _evaluation(doc: ParsedDoc, v: int) -> tuple[int, int] | None:
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
    span = _extent(doc, v, last, first, also=obj)
    if span is not None and last is obj:  # "attacked Trump, with whom he clashed on Saturday": the writer's aside
        span = (span[0], _short_of_aside(doc, obj, span[1]))
    return span


def _extent(doc: ParsedDoc, v: int, head: Token, first: int, also: Token | None = None) -> tuple[int, int] | None:
    """From `first` to the end of `head`'s phrase, short of the writer's narration after it and of the sentence
    end."""
    last = doc.subtree(head.i)[-1] + 1
    if also is not None:
        last = max(last, doc.subtree(also.i)[-1] + 1)
    cut, _ = narration_tail(doc, head.i, v)
    if cut is not None and cut > first:
        last = min(last, cut)
    last = min(last, doc.sent_of(v).last)
    while last > first and doc.tokens[last - 1].text in EDGE:
        last -= 1
    return (first, last) if last - first >= 2 else None


def _candidate(doc: ParsedDoc, v: int, span: tuple[int, int], rule: str) -> Candidate | None:
    subj = subject_of(doc, v)
    if subj is None or generic_subject(doc, subj) or hypothetical(doc, v, subj):
        return None
    relative = subj.lemma.lower() in ("who", "that", "which") and doc.tokens[subj.head].deprel == "acl:relcl"
    if not relative and (subj.lemma.lower() in DEMONSTRATIVES or not can_speak(doc, subj)):
        return None
    if relative:  # "a case that had threatened to cripple the unions": the antecedent must be able to speak
        info = relative_antecedent(doc, v)
        if info is not None and not can_speak(doc, info[1]):
            return None
    return _make(doc, v, subj, span, rule)


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


def _short_of_aside(doc: ParsedDoc, head: Token, last: int) -> int:
    """`last`, or the comma before an apposition or relative clause of `head` (`Trump, the presumptive nominee`):
    the writer's description of whom the words were about, not part of them."""
    for c in doc.children(head.i):
        if c.i > head.i and c.deprel in ("appos", "acl:relcl") and doc.tokens[doc.subtree(c.i)[0] - 1].text == ",":
            return min(last, doc.subtree(c.i)[0] - 1)
    return last
