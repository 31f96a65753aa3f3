"""Reported (indirect) and mixed speech from the dependency parse.

- `reported_speech`: a speech or cognition cue with a clausal complement — `X said (that) …`,
  `…, X said.`, `X told reporters …`, `X was quoted as saying …`, `X reported, citing Y, that …`,
  `Lawmakers were told by X that …`, relative-clause speakers (`officials, who said …`).
- `according_to`: `…, according to X` credits the clause it attaches to to X, or, when that clause has its
  own speaker (`Z said …, according to TASS`), marks X as the relay (`via`).
- `naming_quotes`: a quoted fragment carried by a naming verb with an explicit speaker
  (`called the levy “a tax on savers”`, `described the proposal as “improvised”`).
A reported clause holding quotation marks is `mixed`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..parse.doc import ParsedDoc, Token
from .bounds import narration_tail
from .candidates import Candidate
from .clauses import RELATIVE_WORDS, after_cue_adjunct, continues_clause, detached_that_clause, split_off_subject
from .direct import _speaker_fields, is_cue_verb
from .lexicon import lexicon, speaker_nouns
from .syntax import content_tokens, cue_span, has_aux_pass, np_span, rel, subject_of

QUOTE_CHARS = "“”\"„«»"
# a fragment in single marks (British style), told apart from apostrophes by the spaces around it
SINGLE_QUOTED = re.compile(r"(?:^|(?<=\s))['‘][^'‘’]{3,}?['’](?=[\s.,;:!?]|$)")
NEGATORS = {"not", "n't", "never", "no"}


def _negated(doc: ParsedDoc, v: int) -> bool:
    return any(c.deprel == "advmod" and c.lemma.lower() in NEGATORS for c in doc.children(v))


def _refused(doc: ParsedDoc, v: int) -> bool:
    """`declined to say`, `would not say`, `did not comment`: a speech act with no statement."""
    t = doc.tokens[v]
    head = doc.tokens[t.head]
    lex = lexicon()
    if rel(t) == "xcomp" and (head.lemma.lower() in lex.refusals or _negated(doc, head.i)):
        return True
    return _negated(doc, v)


def _bare_participle(doc: ParsedDoc, v: int) -> bool:
    """`Asked whether …, X said`: a participle clause is the journalist's question, not a statement."""
    t = doc.tokens[v]
    if t.lemma.lower() not in ("ask", "press", "question") or t.xpos not in ("VBN", "VBD"):
        return False
    kids_ = doc.children(v)
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


def _clause_child(doc: ParsedDoc, v: int) -> Token | None:
    clauses = [c for c in doc.children(v) if c.deprel in ("ccomp", "parataxis") and c.upos in ("VERB", "AUX", "ADJ", "NOUN", "PROPN", "PRON", "NUM")]
    if not clauses:
        # "…, which she said proved the reforms were working": a finite verb the parser made the cue's xcomp (the
        # relative pronoun is its subject)
        if doc.tokens[v].deprel == "acl:relcl":
            return next((c for c in doc.children(v) if c.deprel == "xcomp" and c.i > v and c.xpos in ("VBD", "VBZ", "VBP")
                         and not any(x.deprel == "aux" and x.lemma.lower() == "to" for x in doc.children(c.i))), None)
        return _object_clause(doc, v)

    # prefer a that-clause / a clause after the verb; else the clause before (cue after)
    after = [c for c in clauses if c.i > v]
    return after[0] if after else clauses[-1]


def _before_semicolon(doc: ParsedDoc, c: Token) -> Token:
    """`Some say a gradual increase gives employers time; others believe the effects depend on …` parsed with the
    second cue as the first one's clause: the clause before the semicolon is what was said (the second cue speaks
    for itself)."""
    if not is_cue_verb(doc, c.i) or not any(x.deprel == "nsubj" and x.i < c.i for x in doc.children(c.i)):
        return c
    for k in doc.children(c.i):
        if k.deprel == "ccomp" and k.i < c.i:
            end = doc.subtree(k.i)[-1]
            if end + 1 < c.i and doc.tokens[end + 1].text == ";":
                return k
    return c


def _object_clause(doc: ParsedDoc, v: int) -> Token | None:
    """`said the shutdown that winter had been “the cheapest lesson …”`: a clause the parser read as the cue's object
    with a clause on it. The object's clause, opened by `that` as a complementiser, has a finite verb and a subject
    of its own but no gap (no relative pronoun in it), so the object is the clause's subject and the whole phrase
    is what was said."""
    if doc.tokens[v].lemma.lower() not in ("say", "tell", "write", "argue", "insist", "claim", "add"):
        return None
    obj = next((c for c in doc.children(v) if c.deprel == "obj" and c.i > v and c.upos in ("NOUN", "PROPN")), None)
    if obj is None or doc.subtree(obj.i)[0] != v + 1:
        return None
    for k in doc.children(obj.i):
        if k.deprel not in ("acl", "acl:relcl") or k.upos not in ("VERB", "AUX") or k.i < obj.i:
            continue
        kk = doc.children(k.i)
        subj = [x for x in kk if x.deprel in ("nsubj", "nsubj:pass") and x.i < k.i]
        gap = any(x.lemma.lower() in RELATIVE_WORDS and x.deprel != "mark" for x in kk)
        finite = k.xpos in ("VBD", "VBZ", "VBP") or any(x.deprel.startswith("aux") and x.xpos in ("VBD", "VBZ", "VBP", "MD")
                                                         for x in kk)
        that = any(x.deprel == "mark" and x.lemma.lower() == "that" for x in kk)
        if subj and that and not gap and finite and subj[0].lemma.lower() not in RELATIVE_WORDS:
            return obj
    return None


def reported_speech(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    lex = lexicon()
    tail_owner: dict[int, int] = {}  # a cue in the tail of another cue's clause -> that cue
    for t in doc.tokens:
        v = t.i
        lemma = t.lemma.lower()
        if in_quote[v] or not is_cue_verb(doc, v) or _refused(doc, v) or _bare_participle(doc, v):
            continue
        c = _clause_child(doc, v)
        if c is not None:
            c = _before_semicolon(doc, c)
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
            if (t.deprel in ("parataxis", "ccomp", "advcl") and head.i < v and head.upos in ("VERB", "AUX")
                    and own_subject and not subordinate and any(doc.tokens[j].text == "," for j in range(head.i, v))):
                c, inverted = head, True
            elif t.deprel == "parataxis" and head.i > v and head.upos in ("VERB", "AUX") and _parenthetical(doc, v):
                c, inverted = head, True  # "Today, she says, only three remain."
            else:
                fronted = _fronted_content(doc, v)
                if fronted is not None:
                    yield fronted
                continue
        if not inverted and lemma in lex.weak and _speech_act(doc, c.i):
            continue  # "a recording appears to show him telling donors that …": the speech act is the statement
        if inverted and _reports_itself(doc, c.i, v):
            continue  # "He liked to say that …, a line he borrowed, he admitted, …": the clause has a cue of its own
        exclude = set(doc.subtree(v)) if inverted else set()
        # a relay at the end of the clause ("…, according to Radio Varn") is not part of what was said
        for k in doc.children(c.i):
            if k.deprel.startswith("obl") and any(m.deprel == "case" and m.lemma.lower() in ("accord", "according")
                                                  for m in doc.children(k.i)):
                f, la = _np_with_mods(doc, k.i)
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
                if k.deprel == "conj" and k.i > c.i and _own_statement(doc, k.i):
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
        span = content_tokens(doc, c.i, exclude or None)
        if span is None:
            continue
        first, last = span
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
            last = _elliptical_concession(doc, v, _comparison_after(doc, v, first, last))
            first = after_cue_adjunct(doc, c.i, v, first, last)
            first = split_off_subject(doc, c.i, v, first)
        if inverted and c.i > v:  # a parenthetical cue: the content runs on both sides of it
            sent = doc.sent_of(v)
            toks = [j for j in doc.subtree(c.i) if sent.first <= j < sent.last]
            cue_toks = doc.subtree(v)
            first, last = toks[0], toks[-1] + 1
            subject_before = any(doc.tokens[j].deprel.startswith("nsubj") and doc.tokens[j].head == c.i
                                 for j in range(first, cue_toks[0]))
            if cue_toks[0] - first <= 3 and not subject_before:  # "Today, she says, only three remain"
                first = cue_toks[-1] + 1
                while first < last and doc.tokens[first].text in (",", "—", "–"):
                    first += 1
            while last > first and doc.tokens[last - 1].text in (",", ";", ":", "."):
                last -= 1
        elif inverted:
            first = min(first, c.i)
            last = _resumed_after_cue(doc, v, c.i, min(last, v))
            while last > first and doc.tokens[last - 1].text in (",", "—", "–"):
                last -= 1
        elif c.i < v and last <= v:
            last = _resumed_after_cue(doc, v, c.i, last)
        if c.i < v and not any(x.deprel in ("nsubj", "nsubj:pass", "expl") for x in doc.children(c.i)):
            # "A hearing, if one is granted, would not take place …, analysts said" with "A hearing" hung on "said"
            lost = [x for x in doc.children(v) if x.deprel == "nsubj" and x.i < first
                    and all(doc.tokens[j].upos == "PUNCT" for j in range(doc.subtree(x.i)[-1] + 1, first))]
            if lost and sum(x.deprel == "nsubj" for x in doc.children(v)) > 1:
                first = doc.subtree(lost[-1].i)[0]
        start, end = doc.tokens[first].start, doc.tokens[last - 1].end
        if end - start < 8 or last - first < 3:
            continue
        if first < v and last < len(doc.tokens) and doc.tokens[last].text in (":", ";"):
            continue  # "Early polling suggests a close race: a survey showed …": a colon announces, it does not attribute
        if _relative_start(doc, first, last):
            continue  # "reported receiving fees from drug companies, none of which make …": a relative clause
        if doc.text[end : end + 4].lstrip().startswith(":") and any(
                q in doc.text[end : end + 6] for q in QUOTE_CHARS):
            continue  # "was quoted as saying in an interview read out in court: “…”": the quote is the content
        subj = subject_of(doc, v)
        if subj is not None and _generic(doc, subj):
            continue  # "every few years, someone declares that …": the writer's rhetoric, not a source
        if _hypothetical(doc, v, subj):
            continue  # "If you think the economy is bad now, …": a supposition, no one's statement
        own_subj = subj is not None and subj.head == v and subj.deprel in ("nsubj", "nsubj:pass")
        if v in tail_owner and not own_subj and (subj is None or lemma == "add" or not _can_speak(doc, subj)):
            # "told reporters that A but insisted B", "said revenue rose, adding that …": the first cue's speaker
            subj = subject_of(doc, tail_owner[v])
        elif subj is not None:
            subj = (_addressing_speaker(doc, v) or _event_subject(doc, v, subj) or _relative_conj_subject(doc, v, subj)
                    or subj)
        cand = Candidate(start, end, "indirect", "reported")
        _speaker_fields(doc, cand, subj, v)
        if cand.speaker_tok is None:
            continue  # impersonal: "it was reported that …"
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
                f, la = _np_with_mods(doc, objs[0].i)
                cand.cited = (doc.tokens[f].start, doc.tokens[la - 1].end)
                cand.rule = "citing"
        yield cand


NUMBERS = ("PERCENT", "MONEY", "CARDINAL", "QUANTITY")
CONDITIONS = {"if", "unless", "because", "since", "until", "once", "provided"}
FOCUS_ADVERBS = {"especially", "particularly", "notably", "mostly", "mainly", "largely", "chiefly", "primarily"}


def _resumed_after_cue(doc: ParsedDoc, v: int, c: int, last: int) -> int:
    """A cue set off by commas inside its content, which resumes after it: `The committee has been sitting since
    eight, she explains, and a row over the budget dragged on`, `Turnout was higher, officials said, especially in
    the north`. The content runs across the cue to the sentence's end (one statement), unless what follows has a
    cue and a subject of its own."""
    sent = doc.sent_of(v)
    cue = doc.subtree(v)
    end = sent.last
    while end > cue[0] and doc.tokens[end - 1].upos == "PUNCT":
        end -= 1
    if not _parenthetical_core(doc, v) or end <= v + 1:
        return last
    own = [j for j in doc.subtree(c) if j > v and j not in cue and j < end]
    resumes = own and (own[0] <= v + 3 and own[-1] == end - 1 and doc.tokens[own[0] - 1].text == "," or (
        doc.tokens[own[0]].deprel == "cc" and doc.tokens[own[0] - 1].text == ","))
    if resumes and not any(is_cue_verb(doc, j) and any(x.deprel == "nsubj" for x in doc.children(j)) for j in own):
        return end  # "…, she explains, and a row over the budget dragged on"
    numbers = any(doc.tokens[j].ent in NUMBERS for j in range(doc.subtree(c)[0], last))
    for k in doc.children(v):  # "…, officials said, especially in the northern towns"
        sub = doc.subtree(k.i)
        if not (k.i > v and k.deprel in ("obl", "advmod", "xcomp") and k.upos != "VERB" and sub[-1] == end - 1
                and doc.tokens[sub[0] - 1].text == ","):
            continue
        # "Wages rose 4.2%, the department said, slightly less than in March": a comparison of the content's figures
        comparison = numbers and any(doc.tokens[j].xpos in ("JJR", "RBR") or doc.tokens[j].lemma.lower() == "than"
                                     for j in sub)
        if doc.tokens[sub[0]].lemma.lower() in FOCUS_ADVERBS or comparison:
            return end
    return last


def _parenthetical_core(doc: ParsedDoc, v: int) -> bool:
    """The cue and its subject stand between commas: `…, she explains, …`, `…, officials said, …`."""
    subj = [x for x in doc.children(v) if x.deprel in ("nsubj", "nsubj:pass") and x.i < v]
    if not subj:
        return False
    start = doc.subtree(subj[0].i)[0]
    return start > 0 and doc.tokens[start - 1].text == "," and v + 1 < len(doc.tokens) and doc.tokens[v + 1].text == ","


def _comparison_after(doc: ParsedDoc, v: int, first: int, last: int) -> int:
    """`found 48 percent thought Aldane had won, compared with 41 percent for Tolliver`, `said inflation reached 5%,
    up from 4% in May`: a comparison of the content's figures that the parser hung on the cue belongs to the content."""
    if last + 1 >= len(doc.tokens) or doc.tokens[last].text != "," or not any(
            doc.tokens[j].ent in NUMBERS for j in range(first, last)):
        return last
    for k in doc.children(v):
        sub = doc.subtree(k.i)
        if sub[0] != last + 1 or k.deprel not in ("obl", "advcl", "advmod", "obl:npmod"):
            continue
        opener = doc.tokens[sub[0]]
        if (opener.lemma.lower() == "compare" or opener.lemma.lower() in ("up", "down")) and any(
                doc.tokens[j].ent in NUMBERS for j in sub):
            return sub[-1] + 1
    return last


def _elliptical_concession(doc: ParsedDoc, v: int, last: int) -> int:
    """`She believes he will win, though by a smaller margin than last time`: a verbless concession the parser hung
    on the cue qualifies the content."""
    if last + 1 >= len(doc.tokens) or doc.tokens[last].text != ",":
        return last
    for k in doc.children(v):
        sub = doc.subtree(k.i)
        if (sub[0] == last + 1 and k.deprel in ("obl", "advmod", "advcl") and k.upos not in ("VERB", "AUX")
                and doc.tokens[sub[0]].lemma.lower() in ("though", "although") and doc.tokens[sub[0]].deprel == "mark"):
            return sub[-1] + 1
    return last


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
    if clause is None or sub[-1] + 2 != first_sp or doc.tokens[sub[-1] + 1].text != "," or not _can_speak(doc, speaker):
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


def _addressing_speaker(doc: ParsedDoc, v: int) -> Token | None:
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


def _relative_conj_subject(doc: ParsedDoc, v: int, subj: Token) -> Token | None:
    """`Kim, whose district includes the plant, … and said she would …` parsed with "said" conjoined inside the
    relative clause: a cue whose inherited subject cannot speak speaks for the relative clause's antecedent."""
    t = doc.tokens[v]
    if t.deprel != "conj" or subj.head == v or _can_speak(doc, subj):
        return None
    head = doc.tokens[t.head]
    if head.deprel != "acl:relcl" or head.head > head.i:
        return None
    antecedent = doc.tokens[head.head]
    return antecedent if _can_speak(doc, antecedent) else None


def _event_subject(doc: ParsedDoc, v: int, subj: Token) -> Token | None:
    """`Several voters interviewed outside the hall after the debate said …` read as "after the debate said": a cue
    opened by a time conjunction whose subject cannot speak speaks for the subject of the participle phrase it hangs
    on (the noun the parser took for the main clause's subject)."""
    t = doc.tokens[v]
    if t.deprel != "advcl" or _can_speak(doc, subj):
        return None
    if not any(c.deprel == "mark" and c.lemma.lower() in ("after", "before", "following", "since") and c.i < subj.i
               for c in doc.children(v)):
        return None
    head = doc.tokens[t.head]
    if head.xpos not in ("VBD", "VBN") or any(c.deprel == "obj" for c in doc.children(head.i)):
        return None
    outer = next((c for c in doc.children(head.i) if c.deprel == "nsubj" and c.i < head.i), None)
    return outer if outer is not None and _can_speak(doc, outer) else None


def _reports_itself(doc: ParsedDoc, c: int, v: int) -> bool:
    """A clause that is a statement with its own cue and content (`He liked to say that …`, `She warned that …`)."""
    for h in [c] + [x.i for x in doc.children(c) if x.deprel == "xcomp"]:
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


def _parenthetical(doc: ParsedDoc, v: int) -> bool:
    """A cue set off by commas inside its content: ", she says," """
    sub = doc.subtree(v)
    before = doc.tokens[sub[0] - 1].text if sub[0] > 0 else ""
    after = doc.tokens[sub[-1] + 1].text if sub[-1] + 1 < len(doc.tokens) else ""
    return (before in (",", "—", "–") or doc.tokens[sub[0]].text in (",", "—", "–")) and (
        after in (",", "—", "–") or doc.tokens[sub[-1]].text in (",", "—", "–"))


def _np_with_mods(doc: ParsedDoc, h: int) -> tuple[int, int]:
    """The whole noun phrase under `h`, without edge punctuation (UD hangs surrounding commas on it)."""
    sub = doc.subtree(h)
    first, last = sub[0], sub[-1]
    while first < h and doc.tokens[first].upos == "PUNCT":
        first += 1
    while last > h and doc.tokens[last].upos == "PUNCT":
        last -= 1
    return first, last + 1


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
        first_x, last_x = _np_with_mods(doc, x.i)
        phrase = set(range(min(first_x, t.i), last_x))
        if h is None or h.i == x.i:
            continue
        clause_head = h
        clause = h
        while clause.deprel == "conj" and clause.head != clause.i:  # "said that A and that B, according to …"
            clause = doc.tokens[clause.head]
        carrier = doc.tokens[clause.head]
        if (clause.deprel in ("ccomp", "parataxis") and is_cue_verb(doc, carrier.i) and subject_of(doc, carrier.i)
                is not None and _is_outlet(doc, first_x, last_x)):
            # "Toral said the sides would meet again, according to Kessaly State Television"
            yield Candidate(0, 0, "indirect", "relay", via=(x_start(doc, x.i), doc.tokens[last_x - 1].end),
                            extra={"relay_for": carrier.i})
            continue
        if clause.deprel in ("ccomp", "parataxis") and is_cue_verb(doc, carrier.i) and subject_of(doc, carrier.i) is not None:
            # "Z said A, who cast early ballots …, according to data": the data speak for the relative clause
            inner = _clause_before(doc, carrier.i, min(first_x, t.i))
            if inner is not None and inner.deprel == "acl:relcl":
                clause_head = inner
        if _reports(doc, h.i) and subject_of(doc, h.i) is not None:
            if _is_outlet(doc, first_x, last_x):
                # a relay: the clause already has a speaker; the outlet carries it to the article
                yield Candidate(0, 0, "indirect", "relay", via=(x_start(doc, x.i), doc.tokens[last_x - 1].end),
                                extra={"relay_for": h.i})
                continue
            # "Media confirmed A, with B expected …, according to Peskov": Peskov's is the clause next to it
            inner = _clause_before(doc, h.i, min(first_x, t.i))
            if inner is not None:
                clause_head = inner
            elif h.lemma.lower() not in lexicon().cognition or h.lemma.lower() in lexicon().speech:
                continue
            # else "Most Britons think Johnson should resign, according to a poll": the belief is the poll's finding
        while clause_head.upos not in ("VERB", "AUX") and clause_head.head != clause_head.i:
            clause_head = doc.tokens[clause_head.head]
        exclude = set(doc.subtree(x.i)) | {t.i}
        cut, _ = narration_tail(doc, clause_head.i, clause_head.i)
        if cut is not None and cut > t.i:  # "According to X, A, but residents said B"
            exclude |= set(range(cut, doc.sent_of(clause_head.i).last))
        span = content_tokens(doc, clause_head.i, exclude)
        if span is None:
            continue
        first, last = span
        # trim leading prepositions/markers ("with Kim expected …") and the trailing comma before the phrase
        while first < last and (doc.tokens[first].deprel in ("mark", "cc", "case") or doc.tokens[first].text in (",",)
                                or doc.tokens[first].lemma.lower() in ("who", "which") and clause_head.deprel == "acl:relcl"
                                and doc.tokens[first].head == clause_head.i):
            first += 1
        if first in phrase or last - 1 in phrase:
            toks = [j for j in range(first, last) if j not in phrase]
            if not toks:
                continue
            first, last = _longest_run(toks)
        while last > first and doc.tokens[last - 1].text in (",", "—", "–", "-"):
            last -= 1
        if last - first < 3:
            continue
        cand = Candidate(doc.tokens[first].start, doc.tokens[last - 1].end, "indirect", "according-to")
        cand.cue = (t.start, doc.tokens[t.i + 1].end if t.i + 1 < len(doc.tokens) and doc.tokens[t.i + 1].text.lower() == "to" else t.end)
        _speaker_fields(doc, cand, x, x.i)
        cand.confidence = 0.7
        cand.extra["cue_token"] = t.i
        yield cand


def _relative_start(doc: ParsedDoc, first: int, last: int) -> bool:
    """A span opening with "none of which", "some of whom": a relative clause, not a reported one."""
    return any(k + 1 < last and doc.tokens[k].text.lower() == "of" and doc.tokens[k + 1].lemma.lower() in ("which", "whom")
               for k in (first + 1, first + 2))


def _generic(doc: ParsedDoc, subj: Token) -> bool:
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


def _hypothetical(doc: ParsedDoc, v: int, subj: Token | None) -> bool:
    """A cue in a condition with a generic or second-person subject ("If you think …", "Unless someone says …"):
    a supposition of the writer's."""
    if not any(c.deprel == "mark" and c.lemma.lower() in ("if", "unless") for c in doc.children(v)):
        return False
    return subj is None or subj.lemma.lower() in ("you", "one", "we") or _generic(doc, subj)


QUANTIFIERS = {"one", "several", "some", "many", "most", "few", "both", "all", "each", "others", "another", "none",
               "majority", "minority", "half", "third", "quarter", "percent", "number", "handful", "plurality"}


def _can_speak(doc: ParsedDoc, t: Token, depth: int = 0) -> bool:
    """Whether a subject can be a source: a person, body or pronoun, not "revenue" or "the plan"; a number or
    quantity of them ("one of them", "several", "a majority of both parties", "two said")."""
    if (t.upos in ("PRON", "PROPN") or t.ent in ("PERSON", "ORG", "NORP", "GPE")
            or t.lemma.lower() in speaker_nouns()):
        return True
    if t.lemma.lower() in QUANTIFIERS or t.upos == "NUM" and t.ent != "PERCENT":
        of = next((c for c in doc.children(t.i) if c.deprel == "nmod" and any(
            x.deprel == "case" and x.lemma.lower() == "of" for x in doc.children(c.i))), None)
        return of is None or depth < 2 and _can_speak(doc, of, depth + 1)
    return False


def _speech_act(doc: ParsedDoc, c: int) -> bool:
    """A clause that is itself someone's statement: a speech verb with its own subject and complement."""
    t = doc.tokens[c]
    kids_ = doc.children(c)
    return (t.lemma.lower() in lexicon().speech and is_cue_verb(doc, c)
            and any(x.deprel in ("nsubj", "nsubj:pass") for x in kids_)
            and any(x.deprel in ("ccomp", "parataxis") for x in kids_))


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
    clause = _clause_child(doc, cue)
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


def naming_quotes(doc: ParsedDoc, in_quote: list[bool], quote_ends: dict[int, int] | None = None) -> Iterator[Candidate]:
    """`called the levy “…”`, `described X as “…”`, `accused X of “…”`, `urged X not to “…”`: mixed quotes
    whose quoted fragment sits in the object of a naming verb with an explicit, active speaker."""
    lex = lexicon()
    text = doc.text
    for t in doc.tokens:
        v = t.i
        if in_quote[v] or t.upos != "VERB" or t.lemma.lower() not in lex.naming or has_aux_pass(doc, v):
            continue
        if t.xpos == "VBN" and not any(c.deprel == "aux" for c in doc.children(v)):
            continue  # "a train dubbed a “moving fortress”": a passive participle, no one speaks
        if _negated(doc, v):
            continue
        own_subject = any(c.deprel in ("nsubj", "obl:agent") for c in doc.children(v))
        finite_acl = t.deprel == "acl" and t.xpos == "VBD" and t.head < v  # "X's president, Y, called on …" misread
        if not own_subject and t.xpos != "VBG" and t.deprel != "conj" and t.deprel != "acl:relcl" and not finite_acl:
            continue  # the speaker must be explicit ("describing the case as …" inherits it from its clause)
        objs = [c for c in doc.children(v) if c.i > v and (c.deprel in ("obj", "xcomp", "obl", "ccomp", "iobj")
                                                            or _infinitive(doc, c) or _as_phrase(doc, c))]
        # a phrase after the quoted complement is the setting, not the naming ("… in a letter to the secretary")
        explicit = _explicit_naming(doc, v, objs)
        while len(objs) > 1 and objs[-1].deprel == "obl" and not any(
                doc.tokens[j].text in QUOTE_CHARS for j in doc.subtree(objs[-1].i)) and not (explicit and _as_phrase(doc, objs[-1])):
            objs.pop()
        if not objs:
            continue
        last = max(doc.subtree(objs[-1].i)) + 1
        cut, _ = narration_tail(doc, v, v)
        if cut is not None:  # "criticised the budget, which she called “a shambles”": the relative clause's own
            last = min(last, cut)
        # stop at a coordinated clause ("… and asked: …")
        for c in doc.children(v):
            if c.i > v and c.deprel in ("conj", "cc", "parataxis", "advcl") and c.i < last and c not in objs:
                last = min(last, min(doc.subtree(c.i)))
        first = v + 1
        particle = doc.tokens[first].deprel == "case" and doc.tokens[first].head in {o.i for o in objs}
        if particle:  # "called on the administration to “clarify …”": "on" belongs to the cue
            first += 1
        for j in range(first + 1, last - 1):  # "as “a stain on the city” in a sermon": the setting after the quote
            if doc.tokens[j].text in "”\"" and in_quote[j - 1] and _setting_phrase(doc, j + 1):
                last = j + 1
                break
        while last > first and (doc.tokens[last - 1].text in (",", ".", ";", ":") or doc.tokens[last - 1].deprel == "cc"):
            last -= 1
        if last <= first:
            continue
        start, end = doc.tokens[first].start, doc.tokens[last - 1].end
        gap = len(text[end:]) - len(text[end:].lstrip(" "))
        if quote_ends and end + gap in quote_ends:  # the quoted complement, however the parser hung it
            end = quote_ends[end + gap]
        end = _close_fragment(text, start, end)
        fragment = text[start:end]
        quoted = any(q in fragment for q in QUOTE_CHARS)
        if not quoted and not explicit:
            continue
        if _nickname(fragment):
            continue  # "passengers call the service “the Night Owl”": a name, not words someone said
        subj = subject_of(doc, v)
        if subj is None and t.xpos == "VBG" and v > 0 and doc.tokens[v - 1].text == ",":
            # "… asked why he would schedule a vote on a bill that could not pass, calling the plan “theater”": a
            # participle closing the sentence speaks for the main clause's subject
            root = doc.ancestors(v)[-1] if doc.ancestors(v) else v
            subj = subject_of(doc, root)
        cand = Candidate(start, end, "mixed" if quoted else "indirect", "naming")
        _speaker_fields(doc, cand, subj, v)
        if cand.speaker_tok is None:
            continue  # "dubbed a “moving fortress”": no one speaks
        cand.cue = (t.start, doc.tokens[v + 1].end if particle else t.end)
        cand.confidence = 0.65
        cand.extra["cue_token"] = v
        yield cand


AS_NAMING = {"describe", "characterise", "characterize", "dismiss", "hail", "denounce", "condemn", "brand", "label",
             "praise", "criticise", "criticize", "decry", "recall", "attack", "portray", "blast", "slam"}
NP_NAMING = {"call", "term", "label", "brand"}


def _explicit_naming(doc: ParsedDoc, v: int, objs: list[Token]) -> bool:
    """A naming without quotation marks that is still a statement about its object: `recalled him as blunt`,
    `attacking Kettleby as a creature of Arlen`, `called the budget a disgrace` (not a name: `called him Bob`)."""
    lemma = doc.tokens[v].lemma.lower()
    obj = next((o for o in objs if o.deprel == "obj" and o.upos in ("NOUN", "PROPN", "PRON")), None)
    if obj is None:
        return False
    for o in objs:
        if o.i <= obj.i:
            continue
        if lemma in AS_NAMING and _as_phrase(doc, o):
            return True
        if (lemma in NP_NAMING and o.deprel == "xcomp" and o.upos in ("NOUN", "ADJ")
                and not any(doc.tokens[j].upos == "PROPN" for j in doc.subtree(o.i))):
            return True
    return False


def _as_phrase(doc: ParsedDoc, o: Token) -> bool:
    """An "as" complement: `as blunt`, `as a creature of Arlen`, `as improvised`."""
    return o.deprel in ("obl", "advcl") and (o.lemma.lower() == "as" or any(
        x.deprel in ("case", "mark") and x.lemma.lower() == "as" for x in doc.children(o.i)))


def _infinitive(doc: ParsedDoc, c: Token) -> bool:
    """A to-infinitive the parser made an adverbial clause ("called on the council to “explain …”")."""
    return c.deprel == "advcl" and any(x.deprel == "aux" and x.lemma.lower() == "to" for x in doc.children(c.i))


def _setting_phrase(doc: ParsedDoc, j: int) -> bool:
    """A prepositional phrase starting at `j` that names where or when something was said ("in a letter to …",
    "on Sunday"), not what was said ("a gut punch to county employees")."""
    t = doc.tokens[j]
    if t.upos != "ADP" or t.deprel != "case":
        return False
    head = doc.tokens[t.head]
    when = head.ent in ("DATE", "TIME") and t.lemma.lower() in ("on", "in", "at", "during")  # not "until Monday"
    return head.lemma.lower() in lexicon().frames or when


def _nickname(fragment: str) -> bool:
    """The quoted part is a short proper name ("the Night Owl", "Warm Homes")."""
    quoted = re.findall(r"[“\"]([^”\"]+)[”\"]", fragment)
    if not quoted:
        return False
    words = [w for w in quoted[0].split() if w.lower() not in ("the", "a", "an", "of", "and")]
    return 0 < len(words) <= 4 and all(w[:1].isupper() for w in words)


def classify(text: str, cand: Candidate) -> None:
    """A reported clause with quotation marks inside is mixed; a quoted fragment it opens is closed."""
    content = text[cand.start : cand.end]
    if cand.quote_type == "indirect" and (any(q in content for q in QUOTE_CHARS) or SINGLE_QUOTED.search(content)):
        cand.quote_type = "mixed"
    cand.end = _close_fragment(text, cand.start, cand.end)
    content = text[cand.start : cand.end]
    # `said that “nothing is agreed.”`: the whole clause in quotation marks is a direct quote
    if (cand.quote_type == "mixed" and len(content) > 2 and content[0] in "“\"" and content[-1] in "”\""
            and sum(content.count(q) for q in QUOTE_CHARS) == 2 and len(content.split()) >= 3):
        cand.quote_type = "direct"
        cand.start += 1
        cand.end -= 1


def _close_fragment(text: str, start: int, end: int) -> int:
    """Extend a span that opens a quotation mark over its closing mark (and the `.` or `,` before it)."""
    content = text[start:end]
    opened = content.count("“") - content.count("”")
    straight_open = content.count('"') % 2 == 1
    for width in (1, 2):
        tail = text[end : end + width]
        closes = len(tail) == width and all(ch in ".,!?" for ch in tail[:-1])
        if closes and ((opened > 0 and tail[-1] == "”") or (straight_open and tail[-1] == '"')):
            return end + width
    return end
