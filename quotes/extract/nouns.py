"""Statements carried by a noun of saying (`speech_nouns` in quotes/data/cues.json) rather than a verb:

- with a that-clause: `a warning from the forecaster that …`, `the mayor's claim that …`, also across a frame or a
  time set between the noun and its clause (`his claim in a radio interview that …`, `the governor's statement
  earlier this year that …`), however the parser hung the clause;
- with a to-infinitive, for nouns of promising and claiming: `the mayor's promise to rebuild the bridge`;
- as the subject of `be` with a clause: `Okafor's argument was that the board should wait`;
- before a colon and a clause without quotation marks: `Their argument: only a new council can fix the roads`,
  `The leaders sent the mayor an unmistakable message: he is hurting the party`.

The source is the noun's possessor, a `from`/`by` phrase, or the subject of a verb that delivers the noun (`made a
promise to …`, `offered her firmest promise yet that …`). No source, no statement (`a passing promise that …`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..parse.doc import ParsedDoc, Token
from .candidates import Candidate
from .complements import _candidate
from .cueverbs import is_cue_verb
from .direct import _speaker_fields
from .lexicon import lexicon, speaker_nouns
from .sources import can_speak
from .syntax import has_aux_pass, subject_of

OWN_SUBJECTS = ("nsubj", "nsubj:pass", "expl", "csubj")
# nouns of saying whose content can be a to-infinitive: what the source promised or claimed to do or be
INFINITIVE_NOUNS = {"promise", "pledge", "vow", "threat", "claim"}
# verbs that deliver a noun of saying: their subject is its source ("made a promise to …")
DELIVERING = {"make", "deliver", "offer", "issue", "repeat", "renew", "reiterate", "give", "break", "keep", "send",
              "present"}
# what may stand between a noun and its clause: where it was said (a frame) or when
BRIDGE_FRAMES = {"debate", "rally", "speech", "interview", "hearing", "statement", "letter", "appearance", "remarks",
                 "address", "op-ed", "post", "tweet", "email", "e-mail", "memo", "briefing", "conference"}
# nouns whose predicate after `be` can be what the source said (`Her argument is that …`)
COPULAR_NOUNS = {"argument", "claim", "contention", "assertion", "message", "point", "promise", "pledge", "complaint",
                 "warning", "explanation", "answer", "response", "reply", "pitch", "case", "defense", "defence",
                 "prediction", "suggestion", "accusation", "allegation", "charge", "retort", "line", "refrain"}


def noun_statements(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`a warning from the forecaster that …`, `the mayor's claim that …`, `his promise to …`: a noun of saying with
    its clause, when the text names who said it."""
    nouns = lexicon().speech_nouns
    for t in doc.tokens:
        n = t.i
        if t.upos != "NOUN" or t.lemma.lower() not in nouns or in_quote[n]:
            continue
        clause = _noun_clause(doc, n)
        if clause is None:
            continue
        source = _source(doc, n, clause)
        if source is None:
            source = _where_held(doc, n, clause)
            if source is None:
                continue
        if source.upos not in ("PRON", "PROPN", "NOUN"):
            continue
        cand = _noun_candidate(doc, n, clause.i, source)
        if cand is not None:
            yield cand


def copular_statements(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`Okafor's argument on Sunday was that the board should delay the vote`: a noun of saying with a source, the
    subject of `be` whose complement is a clause with its own subject."""
    for t in doc.tokens:
        n = t.i
        if (t.upos != "NOUN" or t.lemma.lower() not in COPULAR_NOUNS or in_quote[n] or t.deprel != "nsubj"
                or t.head <= n):
            continue
        be = doc.tokens[t.head]
        if be.lemma.lower() != "be" or any(c.deprel == "advmod" and c.lemma.lower() in ("not", "n't", "never")
                                           for c in doc.children(be.i)):
            continue
        clause = next((c for c in doc.children(be.i) if c.deprel == "ccomp" and c.i > be.i and c.upos in ("VERB", "AUX")
                       and any(x.deprel in OWN_SUBJECTS for x in doc.children(c.i))), None)
        if clause is None or doc.tokens[doc.subtree(clause.i)[0]].lemma.lower() != "that":
            continue
        source = _source(doc, n, clause)
        if source is None or source.upos not in ("PRON", "PROPN", "NOUN"):
            continue
        cand = _noun_candidate(doc, n, clause.i, source)
        if cand is not None:
            yield cand


def _noun_clause(doc: ParsedDoc, n: int) -> Token | None:
    """The clause a noun of saying carries: a that-clause on the noun or, past a frame or a time (`claim in a radio
    interview that …`, `statement earlier this year that …`), on that; a to-infinitive after a noun of promising."""
    kids_ = doc.children(n)
    clause = next((c for c in kids_ if c.i > n and c.deprel in ("acl", "ccomp", "acl:relcl") and c.upos in ("VERB", "AUX")
                   and _that_clause(doc, c.i)), None)
    if clause is not None:
        return clause
    for k in kids_:
        if k.i < n or k.deprel not in ("nmod", "obl:npmod", "nmod:tmod", "obl:tmod") or not (
                k.lemma.lower() in BRIDGE_FRAMES or k.ent in ("DATE", "TIME")):
            continue
        clause = next((c for c in doc.children(k.i) if c.i > k.i and c.deprel in ("acl", "acl:relcl")
                       and c.upos in ("VERB", "AUX") and _that_clause(doc, c.i, strict=True)), None)
        if clause is not None:
            return clause
    stranded = _stranded_clause(doc, n)
    if stranded is not None:
        return stranded
    if doc.tokens[n].lemma.lower() in INFINITIVE_NOUNS:
        return next((c for c in kids_ if c.i > n and c.deprel in ("acl", "xcomp", "acl:relcl") and (
                     c.upos in ("VERB", "AUX", "ADJ") or any(x.deprel == "cop" for x in doc.children(c.i)))
                     and any(x.deprel in ("aux", "mark") and x.lemma.lower() == "to" and x.i == doc.subtree(c.i)[0]
                             for x in doc.children(c.i))
                     and not any(x.deprel in OWN_SUBJECTS for x in doc.children(c.i))), None)
    return None


def _stranded_clause(doc: ParsedDoc, n: int) -> Token | None:
    """`a dig at Trump's statement earlier this year that women … should be punished`, `cited no source for his
    claim in November that …` with the that-clause hung on the main verb: a that-clause right after the noun's
    phrase, or after a time set after it, whose verb is no cue of its own."""
    sub = doc.subtree(n)
    p = sub[-1] + 1
    sent_end = doc.sent_of(n).last
    while p < sent_end and (doc.tokens[p].ent in ("DATE", "TIME") or doc.tokens[p].upos in ("ADP", "DET") and any(
            doc.tokens[j].ent in ("DATE", "TIME") for j in range(p + 1, min(p + 3, sent_end)))):
        p += 1
    if p >= sent_end or doc.tokens[p].lemma.lower() != "that" or doc.tokens[p].deprel != "mark":
        return None
    c = doc.tokens[doc.tokens[p].head]
    if c.deprel != "ccomp" or c.i < p or is_cue_verb(doc, c.head) or doc.subtree(c.i)[0] != p:
        return None
    return c if any(x.deprel in OWN_SUBJECTS for x in doc.children(c.i)) else None


def _source(doc: ParsedDoc, n: int, clause: Token) -> Token | None:
    """Who said it: the noun's possessor, a `from`/`by` phrase before the clause, or the subject of a verb that
    delivers the noun (`made a promise to …`) when it can speak."""
    kids_ = doc.children(n)
    source = next((c for c in kids_ if c.deprel == "nmod:poss" and c.i < n), None) or next(
        (c for c in kids_ if c.deprel == "nmod" and n < c.i < clause.i and any(
            x.deprel == "case" and x.lemma.lower() in ("from", "by") for x in doc.children(c.i))), None)
    if source is not None:
        return source
    t = doc.tokens[n]
    if t.deprel == "obj" and doc.tokens[t.head].lemma.lower() in DELIVERING and t.head < n:
        subj = next((c for c in doc.children(t.head) if c.deprel == "nsubj" and c.i < t.head), None)
        if subj is not None and can_speak(doc, subj):
            return subj
    # "campaigned on pledges to …", "wooed voters with promises to …": the one who campaigns makes the promise (not
    # "consoled themselves with assurances that …", "declined to comment on reports that …")
    if (t.deprel == "obl" and t.head < n and doc.tokens[t.head].upos == "VERB" and not has_aux_pass(doc, t.head)
            and doc.tokens[doc.subtree(clause.i)[0]].lemma.lower() == "to"
            and not any(c.deprel == "det" for c in kids_)
            and any(c.deprel == "case" and c.lemma.lower() in ("with", "on") for c in kids_)):
        subj = subject_of(doc, t.head)
        if subj is not None and can_speak(doc, subj):
            return subj
    return None


def _where_held(doc: ParsedDoc, n: int, clause: Token) -> Token | None:
    """`a report in the Herald that …`, `concern inside the ministry that …`: where the view is held, when that is
    a named body or outlet, and the clause is a complement (opened by the complementiser)."""
    source = next((c for c in doc.children(n) if c.deprel == "nmod" and n < c.i < clause.i and any(
        x.deprel == "case" and x.lemma.lower() in ("in", "inside", "within", "among", "at") for x in doc.children(c.i))
        and (c.upos == "PROPN" or c.ent == "ORG" or c.lemma.lower() in speaker_nouns())), None)
    if source is None or doc.tokens[doc.subtree(clause.i)[0]].deprel != "mark":
        return None
    return source


def _noun_candidate(doc: ParsedDoc, n: int, c: int, source: Token) -> Candidate | None:
    """The record for the clause `c` of the noun `n` said by `source`; the cue is the noun with its determiner."""
    cand = _candidate(doc, n, c, "reported-noun", subj=source)
    if cand is None:
        return None
    swallowed = _swallowed_predicate(doc, n, c, doc.token_at(cand.end - 1) + 1)
    if swallowed is not None:  # "Sanders's claim that he has a way to win {would depend on …}"
        cand.end = doc.tokens[swallowed - 1].end
    text = doc.text[cand.start : cand.end]
    aside = text.rfind(" (")
    if text.endswith(")") and aside > 0 and any(doc.tokens[j].upos in ("VERB", "AUX") for j in doc.tokens_between(
            cand.start + aside, cand.end)):  # "… (Obama has proposed accepting 10,000): the writer's aside
        cand.end = cand.start + len(text[:aside].rstrip(" ,"))
    _possessor_mention(doc, cand, source)
    dets = [x.i for x in doc.children(n) if x.deprel == "det" and x.i < n]
    t = doc.tokens[n]
    cand.cue = (doc.tokens[min(dets) if dets else n].start, t.end)
    return cand


CLAUSE_OPENERS = {"CCONJ", "SCONJ"}


def _swallowed_predicate(doc: ParsedDoc, n: int, c: int, end: int) -> int | None:
    """`Trump's claim that thousands celebrated on 9/11 parallels stories …` read with the noun as the sentence's
    root and the main verb inside the clause: the first finite verb after the clause's own, with nothing between
    that could open a clause of its own (a conjunction, a relative pronoun, a comma), is the sentence's predicate."""
    t = doc.tokens[n]
    if t.deprel != "root" or t.upos != "NOUN":
        return None
    for j in range(c + 1, end):
        k = doc.tokens[j]
        if k.upos in CLAUSE_OPENERS or k.xpos in ("WDT", "WP", "WRB") or k.text in (",", ";", ":", "—", "–", "(", "“", '"'):
            return None
        if k.xpos in ("VBZ", "VBD", "VBP", "MD") and doc.tokens[j - 1].upos in ("NOUN", "PROPN", "NUM"):
            return j
    return None


def _possessor_mention(doc: ParsedDoc, cand: Candidate, source: Token) -> None:
    """The mention of a possessor without its `'s` (`the mayor's claim`: the mayor), and a possessing name without
    the words the parser hung on it (`Biden rubbished Trump's claim`: Trump)."""
    poss = [x for x in doc.children(source.i) if x.deprel == "case" and x.text in ("'s", "’s", "'", "’")]
    if poss and cand.mention and cand.mention[1] == poss[-1].end:
        cand.mention = (cand.mention[0], doc.tokens[poss[-1].i - 1].end)
    if poss and source.upos == "PROPN" and cand.mention:
        first = source.i
        while first > 0 and doc.tokens[first - 1].upos == "PROPN" and doc.tokens[first - 1].end + 1 >= doc.tokens[first].start:
            first -= 1
        cand.mention = (max(cand.mention[0], doc.tokens[first].start), cand.mention[1])


def _that_clause(doc: ParsedDoc, c: int, strict: bool = False) -> bool:
    """A clause opened by `that` with a subject of its own (a complement, not a relative clause); `strict` when
    the clause hangs on another noun: `that` must then be the complementiser, not the relative's object."""
    sub = doc.subtree(c)
    first = doc.tokens[sub[0]]
    roles = ("mark", "advmod") if strict else ("mark", "obj", "advmod")
    return (first.lemma.lower() == "that" and first.head == c and first.deprel in roles
            and any(x.deprel in OWN_SUBJECTS and x.i != first.i for x in doc.children(c)))


COLON_WORDS = 4  # words after a colon, at least, for a statement


def colon_statements(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`Their argument: only a new council can fix the roads`, `sent the mayor an unmistakable message: he is
    hurting the party`: a noun of saying with a source right before a colon, and a clause after it (not a quotation:
    the direct rules take those); the clause to the sentence's end is the statement."""
    nouns = lexicon().label_nouns | COPULAR_NOUNS
    text = doc.text
    for t in doc.tokens:
        n = t.i
        if (t.upos != "NOUN" or t.lemma.lower() not in nouns or in_quote[n] or n + 2 >= len(doc.tokens)
                or doc.tokens[n + 1].text != ":" or doc.tokens[n + 2].text in ("“", '"', "‘", "'", "``", "''")):
            continue
        first = n + 2
        last = doc.sent_of(first).last
        newline = text.find("\n", doc.tokens[first].start, doc.tokens[last - 1].end)
        if newline >= 0:
            last = doc.token_at(newline - 1) + 1 if doc.token_at(newline - 1) >= first else first
        while last > first and doc.tokens[last - 1].upos == "PUNCT":
            last -= 1
        words = [j for j in range(first, last) if doc.tokens[j].upos != "PUNCT"]
        if len(words) < COLON_WORDS or not any(doc.tokens[j].xpos in ("VBD", "VBZ", "VBP", "MD") for j in words):
            continue
        source = _source(doc, n, doc.tokens[first])
        if source is None and t.deprel == "obj" and doc.tokens[t.head].lemma.lower() in ("have", "make"):
            source = subject_of(doc, t.head)  # "his supporters were making the same arguments: …"
        if source is None or source.upos not in ("PRON", "PROPN", "NOUN") or not can_speak(doc, source):
            continue
        cand = Candidate(doc.tokens[first].start, doc.tokens[last - 1].end, "indirect", "reported-noun")
        _speaker_fields(doc, cand, source, n)
        if cand.speaker_tok is None:
            continue
        _possessor_mention(doc, cand, source)
        dets = [x.i for x in doc.children(n) if x.deprel == "det" and x.i < n]
        cand.cue = (doc.tokens[min(dets) if dets else n].start, t.end)
        cand.extra["cue_token"] = n
        cand.confidence = 0.55
        yield cand
