"""Speech acts whose content is not a clause: what someone urged, promised, called for or criticised.

- `directives`: a verb of urging with an addressee and a to-infinitive (`urged Congress to act`, `called on the
  governor to resign`, `encouraged voters to stay home`): the addressee and the infinitive are the content;
- `commitments`: a verb of promising or threatening with its own to-infinitive (`promised to cut taxes`, `vowed to
  fight on`, `threatened to sue`): the infinitive, with its "to", is the content;
- `demands`: a verb of demanding with a noun object (`called for a ceasefire`, `demanded an apology`, `proposed a
  10 percent tax`, `asked the court for quick action`): the object is the content ("for" belongs to the cue);
- `evaluations`, questioning: praise or blame with its object and the ground given (`criticised the mayor for the
  delays`), what was put in doubt (`questioned his judgment`, `raised questions about whether …`): judgements.py;
- `announcements`: a verb of making public with a noun object (`announced a series of steps`, `unveiled a tax
  plan`): the object is the content;
- `citations`: a verb of citing with its object and what it was cited as (`cited a 2001 memo`, `citing weaker
  demand`, `cited trade as his major issue`), the same extent as an evaluation.
All need an explicit, active speaker that can speak (a directive or demand may come from a text: `the bill calls
for …`, `the petition urges the council to …`); the verbs are data (`directive_cues`, `commitment_cues`,
`demand_cues`, `evaluation_cues`, `announcement_cues`, `citation_cues` in quotes/data/cues.json).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..parse.doc import ParsedDoc, Token
from .act_spans import DEMONSTRATIVES, TIME_NOUNS, extent
from .candidates import Candidate
from .complements import _make
from .cueverbs import is_cue_verb
from .direct import _speaker_fields
from .judgements import DOUBTING, RAISING, doubted, evaluation, raised
from .lexicon import lexicon
from .sources import can_speak, generic_subject, hypothetical
from .spans import negated
from .syntax import has_aux_pass, relative_antecedent, subject_of

OBJECTS = ("obj", "iobj")
INFINITIVES = ("xcomp", "advcl", "ccomp")
ADDRESSEE_PREPOSITIONS = {"on", "upon"}  # "called on X to …", "appealed to X to …" ("to" is left out: "to" + verb)
NEWSROOM_REQUESTS = {"comment", "interview", "response", "reaction", "clarification"}  # a reporter's, not a demand
WARNING = {"warn", "caution"}  # "warned of a ferocious battle", "cautioned voters about …"
DEMAND_PREPOSITIONS = {"for"}  # "called for X", "pressed for X"


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
        if span is None and lemma in WARNING:
            span, rule = _warning(doc, v), "speech-act-warning"
        if span is None and lemma in lex.evaluation_cues:
            span, rule = evaluation(doc, v), "speech-act-evaluation"
        if span is None and lemma in lex.announcement_cues:
            span, rule = _announced(doc, v), "speech-act-announcement"
        if span is None and lemma in DOUBTING:
            span, rule = doubted(doc, v), "speech-act-question"
        if span is None and lemma in RAISING:
            span, rule = raised(doc, v), "speech-act-question"
        if span is None and lemma in lex.citation_cues and not _cites_a_source(doc, v):
            span, rule = evaluation(doc, v), "speech-act-citation"  # "cited a 2001 memo as proof": what was brought up
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
    return extent(doc, v, inf, first)


def _commitment(doc: ParsedDoc, v: int) -> tuple[int, int] | None:
    """`promised to cut taxes`: the infinitive of the speaker's own act, with its "to"."""
    inf = _infinitive(doc, v)
    if inf is None or any(c.deprel in OBJECTS and v < c.i < inf.i for c in doc.children(v)):
        return None
    return extent(doc, v, inf, doc.subtree(inf.i)[0])


def _demand(doc: ParsedDoc, v: int) -> tuple[int, int] | None:
    """`demanded an apology`, `called for a voice vote`: the thing demanded — not an act or a possession handed over
    (`pledged his support`, `requests an absentee ballot`), nor the person pressed (`pressed the chairman`)."""
    lex = lexicon()
    lemma = doc.tokens[v].lemma.lower()
    for c in doc.children(v):
        if c.i <= v or c.upos not in ("NOUN", "PROPN") and not (c.upos == "NUM" and c.ent == "MONEY"):
            continue  # ("asked for $1.9 billion to fight Zika": a sum)
        if c.ent in ("DATE", "TIME") or c.lemma.lower() in TIME_NOUNS:
            continue  # "called for the second time", "pressed for hours": when, not what
        if c.lemma.lower() in lex.pledged_acts and not _for_someone(doc, c.i):
            return None  # "pledged his support" (an act) — but "pledged support for the strikers" says a stance
        case = [x for x in doc.children(c.i) if x.deprel == "case" and x.i < c.i]
        if c.deprel == "obj" and not case and lemma not in lex.demand_for or (
                c.deprel == "obl" and case and case[0].lemma.lower() in DEMAND_PREPOSITIONS
                and _after_addressee(doc, v, case[0].i) and lemma in lex.demand_for):
            if c.lemma.lower() in NEWSROOM_REQUESTS:
                return None  # "asked the campaign for comment": the reporter's request, not a stance
            first = doc.subtree(c.i)[0]
            while doc.tokens[first].deprel == "case":
                first += 1
            # "called for a special prosecutor | to review the case", however it was hung (not "demanded an apology
            # | to end the dispute": a purpose)
            inf = _infinitive(doc, v) if lemma in lex.demand_for else None
            also = inf if inf is not None and doc.subtree(inf.i)[0] == doc.subtree(c.i)[-1] + 1 else None
            return extent(doc, v, c, first, also=also)
    return _demanded_clause(doc, v) if lemma in lex.demand_for else None


def _after_addressee(doc: ParsedDoc, v: int, prep: int) -> bool:
    """`for` right after the cue (`called for …`), or after the person or body asked (`asked the court for quick
    action`, `pressed the chairman for a vote`)."""
    if prep == v + 1:
        return True
    return any(c.deprel in OBJECTS and v < c.i < prep and doc.subtree(c.i)[0] == v + 1
               and doc.subtree(c.i)[-1] == prep - 1 and can_speak(doc, c) for c in doc.children(v))


def _warning(doc: ParsedDoc, v: int) -> tuple[int, int] | None:
    """`warned of a long battle ahead`, `warned residents of the risk of flooding`, `warned about rising costs`: what
    the warning is about, right after the cue or the one warned ("of" and "about" belong to the cue)."""
    kids = doc.children(v)
    # ("warned residents | of the risk" read as "residents of the risk")
    warned = [k for k in kids if k.deprel in OBJECTS and k.i > v and can_speak(doc, k)]
    for c in [*kids, *(k for w in warned for k in doc.children(w.i) if doc.subtree(k.i)[0] == w.i + 1)]:
        if c.i <= v or c.deprel not in ("obl", "nmod") or c.upos not in ("NOUN", "PROPN", "NUM", "PRON"):
            continue
        case = next((x for x in doc.children(c.i) if x.deprel == "case" and x.i == doc.subtree(c.i)[0]), None)
        if case is not None and case.lemma.lower() in ("of", "about") and (
                _after_addressee(doc, v, case.i) or doc.tokens[case.i - 1].head == v):
            return extent(doc, v, c, case.i + 1)
    return None


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
            return extent(doc, v, c, v + 2)
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
    span = extent(doc, n, what, n + 2)
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
    return extent(doc, v, obj, doc.subtree(obj.i)[0], also=purpose)


def _cites_a_source(doc: ParsedDoc, v: int) -> bool:
    """`reported, citing two people close to the board, that …`: the object cited is a source who speaks (the relay
    rules' cited source), not what was brought up."""
    return any(c.deprel == "obj" and c.i > v and can_speak(doc, c) for c in doc.children(v))


def _for_someone(doc: ParsedDoc, n: int) -> bool:
    """A noun with a `for` phrase of its own (`support for the strikers`)."""
    return any(k.deprel.startswith("nmod") and any(x.deprel == "case" and x.lemma.lower() == "for"
                                                   for x in doc.children(k.i)) for k in doc.children(n))


def _candidate(doc: ParsedDoc, v: int, span: tuple[int, int], rule: str) -> Candidate | None:
    subj = subject_of(doc, v)
    if subj is None or generic_subject(doc, subj) or hypothetical(doc, v, subj):
        return None
    relative = subj.lemma.lower() in ("who", "that", "which") and doc.tokens[subj.head].deprel == "acl:relcl"
    if not relative and (subj.lemma.lower() in DEMONSTRATIVES or not can_speak(doc, subj) and not (
            rule in ("speech-act-directive", "speech-act-demand") and _a_text(subj))):
        return None
    if relative:  # "a case that had threatened to cripple the unions": the antecedent must be able to speak
        info = relative_antecedent(doc, v)
        if info is not None and not can_speak(doc, info[1]):
            return None
    return _make(doc, v, subj, span, rule)


# texts that say what they ask for: "The bill calls for a 10 percent cut", "The lawsuit calls on the court to …"
PROPOSING_TEXTS = {"accord", "agreement", "amendment", "bill", "deal", "initiative", "legislation", "measure",
                   "plan", "platform", "proposal", "resolution", "treaty"}


def _a_text(subj: Token) -> bool:
    """A written or adopted text as the subject of a directive or demand (`The petition demands his resignation`,
    `the agreement calls on nations to …`)."""
    return subj.upos == "NOUN" and subj.lemma.lower() in lexicon().written_sources - {"it"} | PROPOSING_TEXTS


