"""Reported (indirect) speech from the dependency parse: a speech or cognition cue with a clausal complement.

`reported_speech` finds `X said (that) …`, `…, X said.`, `X told reporters …`, `X was quoted as saying …`,
`X reported, citing Y, that …`, `Lawmakers were told by X that …`, relative-clause speakers (`officials, who
said …`). Where the cue's clause is when the parser hung it elsewhere is in clauses.py, where it ends in bounds.py,
who can speak in sources.py; a reported clause holding quotation marks is typed `mixed` in mixed.py.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..parse.doc import ParsedDoc, Token
from .bounds import (
    comparison_after,
    cue_core,
    elliptical_concession,
    narration_tail,
    parenthetical,
    relative_start,
    resumed_after_cue,
)
from .candidates import Candidate
from .clauses import (
    after_cue_adjunct,
    before_semicolon,
    clause_child,
    continues_clause,
    dash_after,
    detached_that_clause,
    split_off_subject,
)
from .cueverbs import is_cue_verb
from .direct import _speaker_fields
from .lexicon import lexicon
from .mixed import QUOTE_CHARS
from .sources import (
    addressing_speaker,
    can_speak,
    event_subject,
    generic_subject,
    hypothetical,
    issuer_subject,
    relative_conj_subject,
)
from .spans import content_tokens, cue_span, negated, np_with_mods
from .syntax import rel, subject_of


def _refused(doc: ParsedDoc, v: int) -> bool:
    """`declined to say`, `would not say`, `did not comment`: a speech act with no statement."""
    t = doc.tokens[v]
    head = doc.tokens[t.head]
    lex = lexicon()
    if rel(t) == "xcomp" and (head.lemma.lower() in lex.refusals or negated(doc, head.i)):
        return True
    return negated(doc, v)


def _bare_participle(doc: ParsedDoc, v: int) -> bool:
    """`Asked whether …, X said`: a participle clause is the journalist's question, not a statement."""
    t = doc.tokens[v]
    if t.lemma.lower() not in ("ask", "press", "question") or t.xpos not in ("VBN", "VBD"):
        return False
    kids_ = doc.children(v)
    if any(c.deprel == "obl:agent" for c in kids_):
        return False  # "Asked by Matt Lauer whether she had practiced …": the asker is named
    if t.deprel in ("advcl", "acl") and not any(c.deprel.startswith(("aux", "nsubj")) for c in kids_):
        return True
    # "Schumer, asked whether he was optimistic, said …" misread as a clause of its own (not "When the host, Ana
    # Ruiz, asked him whether …", a clause with a subject and a time conjunction)
    if v == 0 or doc.tokens[v - 1].text != "," or any(c.deprel.startswith("aux") for c in kids_):
        return False
    if any(c.deprel.startswith("nsubj") for c in kids_) and any(
            c.deprel in ("mark", "advmod") and c.lemma.lower() in ("when", "as", "after", "before", "while", "once")
            for c in kids_):
        return False
    for c in kids_:
        if c.deprel == "ccomp" and c.i > v:
            end = max(doc.subtree(c.i)) + 1
            if end + 1 < len(doc.tokens) and doc.tokens[end].text == "," and (
                    is_cue_verb(doc, end + 1) or doc.tokens[end + 1].deprel == "nsubj"):
                return True
    own = [j for j in doc.subtree(v) if j >= v]
    return own[-1] + 1 < len(doc.tokens) and doc.tokens[own[-1] + 1].text == ","


MISREAD_CLAUSE_HEADS = ("NOUN", "PROPN", "PRON", "ADJ")  # a sentence root read as a phrase


def _conj_chain(doc: ParsedDoc, c: int) -> list[int]:
    """`c` and the clauses coordinated with it ("that A and that B and that C")."""
    chain = [c]
    for h in chain:
        chain += [k.i for k in doc.children(h) if k.deprel == "conj" and k.upos in ("VERB", "AUX")]
    return chain


def reported_speech(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    tail_owner: dict[int, int] = {}  # a cue in the tail of another cue's clause -> that cue
    for t in doc.tokens:
        v = t.i
        if in_quote[v] or not is_cue_verb(doc, v) or _refused(doc, v) or _bare_participle(doc, v):
            continue
        found = _reported_clause(doc, v)
        if isinstance(found, Candidate):
            yield found
            continue
        if found is None:
            continue
        c, inverted, after_that = found
        exclude, cited = _excluded(doc, v, c, inverted, after_that, tail_owner)
        span = content_tokens(doc, c.i, exclude or None)
        if span is None:
            continue
        first, last, prefix = _content_range(doc, v, c, inverted, span, tail_owner)
        whole = prefix[0] if prefix else first
        start, end = doc.tokens[whole].start, doc.tokens[last - 1].end
        if _not_content(doc, whole, last, start, end, v) or last <= first:
            continue
        cand = _reported_candidate(doc, v, c, (first, last), tail_owner, cited)
        if cand is not None:
            if prefix:  # the content's part before the cue: a segment of the same statement (linking.py)
                cand.extra["prefix"] = (doc.tokens[prefix[0]].start, doc.tokens[prefix[1] - 1].end)
            yield cand


def _reported_clause(doc: ParsedDoc, v: int):
    """The clause cue `v` reports, as (clause head, inverted, end of a detached `that`), or a candidate for a
    fronted content (`_fronted_content`), or None."""
    t = doc.tokens[v]
    lemma = t.lemma.lower()
    c = clause_child(doc, v)
    if c is not None:
        c = before_semicolon(doc, c)
    after_that = None
    if c is None:
        # "X reported, citing Y, that …" with the that-clause hung elsewhere by the parser
        c, after_that = detached_that_clause(doc, v)
    inverted = False
    if c is None:
        # "Content …, X said": some parses hang the cue on the content verb
        head = doc.tokens[t.head]
        own_subject = any(k.deprel in ("nsubj", "nsubj:pass") and k.i > head.i for k in doc.children(v))
        # a subordinate clause ("…, while Calder is being advised by X", "…, with each side accusing …") is
        # not an attribution of the clause before it
        subordinate = any(k.deprel == "mark" and k.i < v for k in doc.children(v))
        # (or, after a comma and with no conjunction, read as the clause's last conjunct: "The plant is hanging on,
        # but it is under pressure, said the chief executive")
        conj_cue = (t.deprel == "conj" and doc.tokens[v - 1].text == "," and own_subject
                    and not any(k.deprel == "cc" for k in doc.children(v)))
        if ((t.deprel in ("parataxis", "ccomp", "advcl") or conj_cue) and head.i < v and head.upos in ("VERB", "AUX")
                and own_subject and not subordinate and any(doc.tokens[j].text == "," for j in range(head.i, v))):
            c, inverted = head, True
        elif t.deprel == "parataxis" and head.i > v and parenthetical(doc, v) and not dash_after(doc, v) and (
                head.upos in ("VERB", "AUX") or head.is_root and head.upos in MISREAD_CLAUSE_HEADS):
            # "Today, she says, only three remain."; "In both cases, he said, those donations paid for …" with
            # the clause misread as a noun phrase
            c, inverted = head, True
        else:
            return _fronted_content(doc, v)
        while c.deprel in ("aux", "aux:pass", "cop") and c.head != c.i:
            c = doc.tokens[c.head]  # "Even then, he said, he’s learned …" with the cue hung on the auxiliary
    if not inverted and lemma in lexicon().weak and _speech_act(doc, c.i):
        return None  # "a recording appears to show him telling donors that …": the speech act is the statement
    if inverted and c.i < v and _reports_itself(doc, c.i, v):
        return None  # "He liked to say that …, a line he borrowed, he admitted, …": the clause has a cue of its own
    return c, inverted, after_that


def _excluded(doc: ParsedDoc, v: int, c: Token, inverted: bool, after_that: int | None,
              tail_owner: dict[int, int]) -> tuple[set[int], list[Token]]:
    """The tokens of the clause that are not what was said (a relay, `citing Y`, a coordinated statement of its
    own, the writer's narration after it), and the `citing` participles found."""
    exclude = set(doc.subtree(v)) if inverted else set()
    if inverted and c.i > v:  # a fronted phrase the parser hung on a parenthetical cue is part of the content
        exclude -= set(range(cue_core(doc, v)))
    # a relay at the end of the clause ("…, according to Radio Varn") is not part of what was said
    # the parser hangs it on the last of coordinated clauses ("said that A and that B, according to …")
    for k in [x for h in _conj_chain(doc, c.i) for x in doc.children(h)]:
        if k.deprel.startswith("obl") and any(m.deprel == "case" and m.lemma.lower() in ("accord", "according")
                                              for m in doc.children(k.i)):
            f, la = np_with_mods(doc, k.i)
            exclude |= set(range(min(f, *[m.i for m in doc.children(k.i)]), la))
    # "X reported, citing Y, that …": the parser may hang "citing Y" on the cue or on the clause
    cited = [k for k in doc.children(v) + doc.children(c.i) if k.deprel == "advcl" and k.lemma.lower() == "cite"]
    for k in cited:
        sub = doc.subtree(k.i)
        if c.i in sub:  # "citing Y, that …" with the clause under "citing": keep only the clause
            exclude |= {j for j in sub if j < min(doc.subtree(c.i))}
        elif k.i < c.i or k.head == v:
            exclude |= set(sub)
    if not inverted:
        # "said A but warned B", "said A and described B as …": the second cue is a statement of its own
        for k in doc.children(c.i):
            if k.deprel == "conj" and k.i > c.i and (_own_statement(doc, k.i) or _narrated_after_quote(doc, v, c.i, k.i)):
                exclude |= {j for j in range(k.i, max(doc.subtree(k.i)) + 1)}
                exclude |= {x.i for x in doc.children(c.i) if x.deprel in ("cc", "punct") and c.i < x.i < k.i
                            and x.i == k.i - 1}
        cut, tail_cues = narration_tail(doc, c.i, v)
        if cut is not None:
            exclude |= set(range(cut, doc.sent_of(c.i).last))
            for k in tail_cues:
                tail_owner[k] = v
    if inverted:
        exclude -= {j for j in doc.subtree(c.i) if j < v and j not in doc.subtree(v)}
    if after_that is not None:
        exclude |= set(range(doc.sent_of(v).first, after_that + 1))
    return exclude, cited


def _content_range(doc: ParsedDoc, v: int, c: Token, inverted: bool, span: tuple[int, int],
                   tail_owner: dict[int, int]) -> tuple[int, int, tuple[int, int] | None]:
    """The content's first and last (exclusive) token: the clause's span, run on over a clause the parser split,
    a comparison or concession; an adjunct of the cue and a lost subject trimmed. Around a parenthetical cue, the
    part after it, and the part before it (or None) as a segment of its own."""
    first, last = span
    prefix = None
    if not inverted:  # a clause split in two by the parser ("argued wage growth … | was too high")
        for k in sorted(doc.children(v), key=lambda x: x.i):
            if k.i > c.i and c.i not in doc.subtree(k.i) and continues_clause(doc, c.i, k, v, last):
                last = max(doc.subtree(k.i)) + 1
                cut, tail_cues = narration_tail(doc, k.i, v)
                if cut is not None:
                    last = cut
                    for j in tail_cues:
                        tail_owner[j] = v
                while last > first and doc.tokens[last - 1].text in (",", ";", ":", "."):
                    last -= 1
        last = elliptical_concession(doc, v, comparison_after(doc, v, first, last))
        first = after_cue_adjunct(doc, c.i, v, first, last)
        first = split_off_subject(doc, c.i, v, first)
    if inverted and c.i > v:  # a parenthetical cue: the content runs on both sides of it
        first, last, prefix = _around_parenthetical(doc, v, c)
    elif inverted:
        first = min(first, c.i)
        last = resumed_after_cue(doc, v, c.i, min(last, v))
        while last > first and doc.tokens[last - 1].text in (",", "—", "–"):
            last -= 1
    elif c.i < v and last <= v:
        last = resumed_after_cue(doc, v, c.i, last)
    if c.i < v and not any(x.deprel in ("nsubj", "nsubj:pass", "expl") for x in doc.children(c.i)):
        # "A hearing, if one is granted, would not take place …, analysts said" with "A hearing" hung on "said"
        lost = [x for x in doc.children(v) if x.deprel == "nsubj" and x.i < first
                and all(doc.tokens[j].upos == "PUNCT" for j in range(doc.subtree(x.i)[-1] + 1, first))]
        if lost and sum(x.deprel == "nsubj" for x in doc.children(v)) > 1:
            first = doc.subtree(lost[-1].i)[0]
    return first, last, prefix


def _around_parenthetical(doc: ParsedDoc, v: int, c: Token) -> tuple[int, int, tuple[int, int] | None]:
    """The content after a parenthetical cue, and its part before the cue, a segment of its own (`Today, she says,
    only three remain`; `The new rules, the mayor said, will take effect …`), or None."""
    sent = doc.sent_of(v)
    toks = [j for j in doc.subtree(c.i) if sent.first <= j < sent.last]
    cue_toks = doc.subtree(v)
    first, last = cue_toks[-1] + 1, toks[-1] + 1
    while first < last and doc.tokens[first].text in (",", "—", "–"):
        first += 1
    while last > first and doc.tokens[last - 1].text in (",", ";", ":", "."):
        last -= 1
    p0, p1 = max(sent.first, min(toks[0], cue_toks[0])), cue_core(doc, v)
    p0 = max([p0] + [j + 1 for j in range(p0, p1) if doc.tokens[j].text in (":", ";")])  # `One was blunter: …`
    while p0 < p1 and (doc.tokens[p0].deprel == "cc" or doc.tokens[p0].text in (",", "—", "–")):
        p0 += 1
    while p1 > p0 and doc.tokens[p1 - 1].text in (",", "—", "–"):
        p1 -= 1
    return first, last, ((p0, p1) if p1 > p0 else None)


def _not_content(doc: ParsedDoc, first: int, last: int, start: int, end: int, v: int) -> bool:
    """Spans that are not a statement: too short, announcing a colon, a relative clause, or a quote's lead-in."""
    if end - start < 8 or last - first < 3:
        return True
    if first < v and last < len(doc.tokens) and doc.tokens[last].text in (":", ";"):
        return True  # "Early polling suggests a close race: a survey showed …": a colon announces, it does not attribute
    if relative_start(doc, first, last):
        return True  # "reported receiving fees from drug companies, none of which make …": a relative clause
    # "was quoted as saying in an interview read out in court: “…”": the quote is the content
    return doc.text[end : end + 4].lstrip().startswith(":") and any(q in doc.text[end : end + 6] for q in QUOTE_CHARS)


def _reported_candidate(doc: ParsedDoc, v: int, c: Token, bounds: tuple[int, int], tail_owner: dict[int, int],
                        cited: list[Token]) -> Candidate | None:
    """The record for the content `bounds` (tokens) of cue `v`, with its speaker; None when nobody speaks."""
    lex = lexicon()
    lemma = doc.tokens[v].lemma.lower()
    first, last = bounds
    subj = subject_of(doc, v)
    if subj is not None and generic_subject(doc, subj):
        return None  # "every few years, someone declares that …": the writer's rhetoric, not a source
    if hypothetical(doc, v, subj):
        return None  # "If you think the economy is bad now, …": a supposition, no one's statement
    own_subj = subj is not None and subj.head == v and subj.deprel in ("nsubj", "nsubj:pass")
    if v in tail_owner and not own_subj and (subj is None or lemma == "add" or not can_speak(doc, subj)):
        # "told reporters that A but insisted B", "said revenue rose, adding that …": the first cue's speaker
        subj = subject_of(doc, tail_owner[v])
    elif subj is not None:
        subj = (addressing_speaker(doc, v) or event_subject(doc, v, subj) or relative_conj_subject(doc, v, subj)
                or issuer_subject(doc, subj) or subj)
    cand = Candidate(doc.tokens[first].start, doc.tokens[last - 1].end, "indirect", "reported")
    _speaker_fields(doc, cand, subj, v)
    if cand.speaker_tok is None:
        return None  # impersonal: "it was reported that …"
    c0, c1 = cue_span(doc, v, stop=first if first > v else None)
    cand.cue = (doc.tokens[c0].start, doc.tokens[c1 - 1].end)
    cand.extra["cue_token"] = v
    cand.extra["content_head"] = c.i
    weak = lemma in lex.weak or lemma in lex.cognition
    cand.confidence = 0.55 if weak else 0.75
    cand.rule = "reported-cue-after" if first < v else "reported"
    if lemma in lex.cognition:
        cand.rule = "reported-cognition"
    if cited:
        objs = [o for o in doc.children(cited[0].i) if o.deprel in ("obj", "obl", "iobj")]
        if objs:
            f, la = np_with_mods(doc, objs[0].i)
            cand.cited = (doc.tokens[f].start, doc.tokens[la - 1].end)
            cand.rule = "citing"
    return cand


def _fronted_content(doc: ParsedDoc, v: int) -> Candidate | None:
    """`A trial, if one is held, would probably not take place before spring, legal experts said`, parsed as two
    subjects of "said", the first carrying the clause as a modifier: the first subject's phrase is the content."""
    subjects = [c for c in doc.children(v) if c.deprel == "nsubj" and c.i < v]
    if len(subjects) != 2:
        return None
    content, speaker = subjects
    clause = next((k for k in doc.children(content.i) if k.deprel in ("acl", "acl:relcl") and k.upos in ("VERB", "AUX")
                   and any(x.deprel == "aux" and x.xpos == "MD" or x.deprel == "cop" for x in doc.children(k.i))), None)
    sub = doc.subtree(content.i)
    first_sp = doc.subtree(speaker.i)[0]
    if clause is None or sub[-1] + 2 != first_sp or doc.tokens[sub[-1] + 1].text != "," or not can_speak(doc, speaker):
        return None
    first, last = sub[0], sub[-1] + 1
    while last > first and doc.tokens[last - 1].upos == "PUNCT":
        last -= 1
    cand = Candidate(doc.tokens[first].start, doc.tokens[last - 1].end, "indirect", "reported-cue-after")
    _speaker_fields(doc, cand, speaker, v)
    c0, c1 = cue_span(doc, v)
    cand.cue = (doc.tokens[c0].start, doc.tokens[c1 - 1].end)
    cand.extra["cue_token"] = v
    cand.confidence = 0.6
    return cand


def _reports_itself(doc: ParsedDoc, c: int, v: int) -> bool:
    """A clause that is a statement with its own cue and content (`He liked to say that …`, `She warned that …`)."""
    lex = lexicon()
    for h in [c] + [x.i for x in doc.children(c) if x.deprel == "xcomp"]:
        lemma = doc.tokens[h].lemma.lower()
        if lemma in lex.cognition and lemma not in lex.speech:
            continue  # "Clinton thinks the tests are too many, her husband said": his statement of her belief
        if is_cue_verb(doc, h) and any(x.deprel in ("ccomp", "parataxis") and x.i != v and x.i > h
                                       for x in doc.children(h)):
            return True
    return False


def _own_statement(doc: ParsedDoc, k: int) -> bool:
    """A conjunct that is a cue verb of its own, with no subject of its own."""
    lex = lexicon()
    t = doc.tokens[k]
    if t.upos != "VERB" or not (is_cue_verb(doc, k) or t.lemma.lower() in lex.naming):
        return False
    if t.lemma.lower() in lex.cognition and t.lemma.lower() not in lex.speech:
        return False  # "said the company was open to talks but believed …": the content's subject believes
    kids_ = doc.children(k)
    if any(c.deprel in ("nsubj", "nsubj:pass") for c in kids_):
        return False
    said_something = any(c.deprel in ("ccomp", "parataxis") for c in kids_) or (
        t.lemma.lower() in lex.naming and any(doc.tokens[j].text in QUOTE_CHARS for j in doc.subtree(k)))
    return said_something


def _narrated_after_quote(doc: ParsedDoc, v: int, c: int, k: int) -> bool:
    """`wrote to followers, “We will not back down,” and shared a link …`: a clause wholly in quotation marks, and a
    conjunct after it with no subject or auxiliary of its own, is the speaker's next act, not the quote's."""
    t = doc.tokens[k]
    if t.upos != "VERB" or k < 3 or any(x.deprel.startswith(("nsubj", "aux")) for x in doc.children(k)):
        return False
    j = k - 2 if doc.tokens[k - 2].text != "," else k - 3
    first = doc.subtree(c)[0]
    opened = first > 0 and doc.tokens[first - 1].text in ("“", "\"", "``", "''") and first - 1 > v
    return (doc.tokens[k - 1].deprel == "cc" and doc.tokens[j].text in ("”", "\"", "''") and opened
            and not any(doc.tokens[x].text in ("”", "\"", "''") for x in range(first, j)))


def _speech_act(doc: ParsedDoc, c: int) -> bool:
    """A clause that is itself someone's statement: a speech verb with its own subject and complement."""
    t = doc.tokens[c]
    kids_ = doc.children(c)
    return (t.lemma.lower() in lexicon().speech and is_cue_verb(doc, c)
            and any(x.deprel in ("nsubj", "nsubj:pass") for x in kids_)
            and any(x.deprel in ("ccomp", "parataxis") for x in kids_))
