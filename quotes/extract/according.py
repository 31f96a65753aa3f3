"""`…, according to X`: X is the speaker of the clause the phrase attaches to or, when that clause has its own
speaker (`Z said …, according to TASS`) and X is an outlet, the relay (`via`)."""

from __future__ import annotations

from collections.abc import Iterator

from ..parse.doc import ParsedDoc, Token
from .bounds import narration_tail
from .candidates import Candidate
from .clauses import clause_child
from .cueverbs import is_cue_verb
from .direct import _speaker_fields
from .lexicon import lexicon
from .spans import content_tokens, np_span, np_with_mods
from .syntax import subject_of

FRONTED_REACH = 25  # tokens of a phrase set before a parenthetical `according to`, at most
CONDITIONS = {"if", "unless", "because", "since", "until", "once", "provided"}


def according_to(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`…, according to X`: X is the speaker of the clause, or the relay of a clause with its own speaker."""
    for t in doc.tokens:
        if t.lemma.lower() != "accord" and t.text.lower() != "according":
            continue
        if in_quote[t.i] or t.deprel != "case":
            continue
        x = doc.tokens[t.head]
        if x.i == t.i:
            continue
        h = doc.tokens[x.head] if x.head != x.i else None
        first_x, last_x = np_with_mods(doc, x.i)
        if h is None or h.i == x.i:
            continue
        found = _attributed_clause(doc, t, x, h, (first_x, last_x))
        if found is None:
            continue
        if found.rule == "relay":
            yield found
            continue
        head = _coordination_top(doc, found.extra["clause_head"], t, last_x)
        span = _according_content(doc, t, x, head, set(range(min(first_x, t.i), last_x)))
        if span is None:
            continue
        first, last = span
        cand = Candidate(doc.tokens[first].start, doc.tokens[last - 1].end, "indirect", "according-to")
        cand.cue = (t.start, doc.tokens[t.i + 1].end if t.i + 1 < len(doc.tokens) and doc.tokens[t.i + 1].text.lower() == "to" else t.end)
        _speaker_fields(doc, cand, x, x.i)
        cand.confidence = 0.7
        cand.extra["cue_token"] = t.i
        fronted = _fronted_part(doc, t.i, last_x, first, head)
        if fronted is not None:  # "Since last November, according to X, forces have killed …": a segment
            cand.extra["prefix"] = (doc.tokens[fronted[0]].start, doc.tokens[fronted[1] - 1].end)
        yield cand


def _attributed_clause(doc: ParsedDoc, t: Token, x: Token, h: Token, x_span: tuple[int, int]) -> Candidate | None:
    """What `according to X` attributes: a relay (rule `relay`) when the clause has a speaker and X is an outlet,
    else a placeholder whose `clause_head` is the clause X speaks for; None when X speaks for nothing."""
    first_x, last_x = x_span
    clause_head = h
    clause = h
    while clause.deprel == "conj" and clause.head != clause.i:  # "said that A and that B, according to …"
        clause = doc.tokens[clause.head]
    carrier = doc.tokens[clause.head]
    if (clause.deprel in ("ccomp", "parataxis") and is_cue_verb(doc, carrier.i) and subject_of(doc, carrier.i)
            is not None and _is_outlet(doc, first_x, last_x)):
        # "Toral said the sides would meet again, according to Kessaly State Television"
        return Candidate(0, 0, "indirect", "relay", via=(x_start(doc, x.i), doc.tokens[last_x - 1].end),
                         extra={"relay_for": carrier.i})
    if clause.deprel in ("ccomp", "parataxis") and is_cue_verb(doc, carrier.i) and subject_of(doc, carrier.i) is not None:
        # "Z said A, who cast early ballots …, according to data": the data speak for the relative clause
        inner = _clause_before(doc, carrier.i, min(first_x, t.i))
        if inner is not None and inner.deprel == "acl:relcl":
            clause_head = inner
    if _reports(doc, h.i) and subject_of(doc, h.i) is not None:
        if _is_outlet(doc, first_x, last_x):
            # a relay: the clause already has a speaker; the outlet carries it to the article
            return Candidate(0, 0, "indirect", "relay", via=(x_start(doc, x.i), doc.tokens[last_x - 1].end),
                             extra={"relay_for": h.i})
        # "Media confirmed A, with B expected …, according to Peskov": Peskov's is the clause next to it
        inner = _clause_before(doc, h.i, min(first_x, t.i))
        if inner is not None:
            clause_head = inner
        elif h.lemma.lower() not in lexicon().cognition or h.lemma.lower() in lexicon().speech:
            return None
        # else "Most Britons think Johnson should resign, according to a poll": the belief is the poll's finding
    while clause_head.upos not in ("VERB", "AUX") and clause_head.head != clause_head.i:
        clause_head = doc.tokens[clause_head.head]
    return Candidate(0, 0, "indirect", "according-to", extra={"clause_head": clause_head})


def _according_content(doc: ParsedDoc, t: Token, x: Token, clause_head: Token,
                       phrase: set[int]) -> tuple[int, int] | None:
    """The tokens (first, last exclusive) of the clause `according to X` attributes, without the phrase itself."""
    exclude = set(doc.subtree(x.i)) | {t.i}
    cut, _ = narration_tail(doc, clause_head.i, clause_head.i)
    if cut is not None and cut > t.i:  # "According to X, A, but residents said B"
        exclude |= set(range(cut, doc.sent_of(clause_head.i).last))
    span = content_tokens(doc, clause_head.i, exclude)
    if span is None:
        return None
    first, last = span
    # trim leading prepositions/markers ("with Kim expected …") and the trailing comma before the phrase
    while first < last and (doc.tokens[first].deprel in ("mark", "cc") or doc.tokens[first].text in (",",)
                            or doc.tokens[first].deprel == "case" and doc.tokens[first].lemma.lower() in ("with", "amid")
                            or doc.tokens[first].lemma.lower() in ("who", "which") and clause_head.deprel == "acl:relcl"
                            and doc.tokens[first].head == clause_head.i):
        first += 1
    if first in phrase or last - 1 in phrase:
        toks = [j for j in range(first, last) if j not in phrase]
        if not toks:
            return None
        first, last = _longest_run(toks)
    while last > first and doc.tokens[last - 1].text in (",", "—", "–", "-"):
        last -= 1
    if last - first < 3:
        return None
    return first, last


def _fronted_part(doc: ParsedDoc, t: int, last_x: int, first: int, clause_head: Token) -> tuple[int, int] | None:
    """The phrase the writer set before a parenthetical `according to X` when the clause after it goes on (`Since
    last November, according to the group, security forces have killed …`, `The committee, according to
    filings, spent …`): the content's first part, from the sentence start to the comma before the phrase,
    when it belongs to the clause."""
    sent = doc.sent_of(t)
    if first < last_x or t < 2 or doc.tokens[t - 1].text != "," or t <= sent.first + 1:
        return None
    if any(doc.tokens[j].upos not in ("PUNCT",) for j in range(last_x, first) if doc.tokens[j].text != ","):
        return None
    part = list(range(sent.first, t - 1))
    under = set(doc.subtree(clause_head.i))
    if not part or any(j not in under for j in part) or any(doc.tokens[j].text in (";", ":", "“", "”", '"') for j in part):
        return None
    while part and (doc.tokens[part[0]].deprel == "cc" or doc.tokens[part[0]].upos == "PUNCT"):
        part = part[1:]  # "But the next day, according to …"
    return (part[0], part[-1] + 1) if 0 < len(part) <= FRONTED_REACH else None


def _coordination_top(doc: ParsedDoc, clause_head: Token, t: Token, last_x: int) -> Token:
    """`Coffey was the U.S. attorney there, but he resigned after …, according to X`: a phrase closing its sentence
    after coordinated clauses attributes them all, though the parser hangs it on the last."""
    sent = doc.sent_of(t.i)
    if t.i < clause_head.i or any(doc.tokens[j].upos != "PUNCT" for j in range(last_x, sent.last)):
        return clause_head
    top = clause_head
    while top.deprel == "conj" and top.head != top.i and doc.tokens[top.head].upos in ("VERB", "AUX"):
        top = doc.tokens[top.head]
    return top


def _reports(doc: ParsedDoc, v: int) -> bool:
    """A cue verb used as one: a verb that reports only with a clause ("agreed to pay") needs its clause."""
    if not is_cue_verb(doc, v):
        return False
    return doc.tokens[v].lemma.lower() not in lexicon().weak or any(
        c.deprel in ("ccomp", "parataxis") for c in doc.children(v))


def _is_outlet(doc: ParsedDoc, first: int, last: int) -> bool:
    relay = lexicon().relay_nouns
    return any(doc.tokens[j].text.lower() in relay or doc.tokens[j].lemma.lower() in relay for j in range(first, last))


def _clause_before(doc: ParsedDoc, cue: int, phrase_start: int) -> Token | None:
    """The clause inside cue's complement that ends right before an "according to" phrase."""
    clause = clause_child(doc, cue)
    if clause is None:
        return None
    best = None
    for j in doc.subtree(clause.i):
        k = doc.tokens[j]
        if j == clause.i or k.deprel not in ("advcl", "conj", "acl:relcl") or k.upos not in ("VERB", "AUX"):
            continue
        if k.deprel == "advcl" and any(x.deprel == "mark" and x.lemma.lower() in CONDITIONS for x in doc.children(j)):
            continue  # "would vote for it if the cap were added, according to X": a condition is its clause's part
        if k.deprel == "acl:relcl" and (doc.tokens[doc.subtree(j)[0] - 1].text != ","
                                        or doc.tokens[doc.subtree(j)[0]].lemma.lower() not in ("who", "which")):
            continue  # only a non-restrictive relative clause ("…, who cast early ballots …, according to data")
        sub = doc.subtree(j)
        end = sub[-1]
        while end + 1 < phrase_start and doc.tokens[end + 1].upos == "PUNCT":
            end += 1
        if end + 1 == phrase_start and (best is None or sub[0] < min(doc.subtree(best.i))):
            best = k
    return best


def x_start(doc: ParsedDoc, x: int) -> int:
    """Start of the noun phrase `x` without its case markers ("according to")."""
    first, _ = np_span(doc, x)
    while first < x and doc.tokens[first].deprel in ("case", "fixed"):
        first += 1
    return doc.tokens[first].start


def _longest_run(toks: list[int]) -> tuple[int, int]:
    best, cur = (toks[0], toks[0] + 1), (toks[0], toks[0] + 1)
    for j in toks[1:]:
        cur = (cur[0], j + 1) if j == cur[1] else (j, j + 1)
        if cur[1] - cur[0] > best[1] - best[0]:
            best = cur
    return best
