"""Naming verbs: `called the levy “a tax on savers”`, `described the proposal as “improvised”`, `accused X of “…”`,
`urged X not to “…”` — a quoted fragment in the object of a naming verb with an explicit, active speaker — and,
without quotation marks, a naming that is a statement about its object (`called the budget a disgrace`,
`dismissed Kettleby as a creature of Arlen`). The verbs are data (`naming`, `naming_as`, `naming_np` in
quotes/data/cues.json)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..parse.doc import ParsedDoc, Token
from .bounds import narration_tail
from .candidates import Candidate
from .direct import _speaker_fields
from .lexicon import lexicon
from .mixed import QUOTE_CHARS, close_fragment
from .sources import can_speak
from .spans import negated
from .syntax import has_aux_pass, misread_finite, subject_of

WRITERS_APPOSITION = re.compile(r"(,[”\"]|,''|[”\"](?=,)|''(?=,)),?\s+(?:an?|the)\s")
CARRYING_ON = {"go", "continue", "proceed"}  # verbs whose infinitive is their subject's next act, not a wish


def naming_quotes(doc: ParsedDoc, in_quote: list[bool], quote_ends: dict[int, int] | None = None) -> Iterator[Candidate]:
    """`called the levy “…”`, `described X as “…”`, `accused X of “…”`, `urged X not to “…”`: mixed quotes
    whose quoted fragment sits in the object of a naming verb with an explicit, active speaker."""
    for t in doc.tokens:
        v = t.i
        if not _naming_cue(doc, v, in_quote):
            continue
        objs = [c for c in doc.children(v) if c.i > v and (c.deprel in ("obj", "xcomp", "obl", "ccomp", "iobj")
                                                            or _infinitive(doc, c) or _as_phrase(doc, c))]
        # a phrase after the quoted complement is the setting, not the naming ("… in a letter to the secretary")
        explicit = _explicit_naming(doc, v, objs)
        while len(objs) > 1 and objs[-1].deprel == "obl" and not any(
                doc.tokens[j].text in QUOTE_CHARS for j in doc.subtree(objs[-1].i)) and not (explicit and _as_phrase(doc, objs[-1])):
            objs.pop()
        if not objs:
            continue
        found = _naming_span(doc, v, objs, in_quote, quote_ends)
        if found is None:
            continue
        start, end, particle = found
        fragment = doc.text[start:end]
        quoted = any(q in fragment for q in QUOTE_CHARS)
        if not quoted and not explicit:
            continue
        if _nickname(fragment) and not _person_before_quote(doc, start, end):
            continue  # "passengers call the service “the Night Owl”": a name, not words someone said
        end = _to_closing_quote(doc, v, end, quote_ends)
        # `called the remarks “reckless,” a rare rebuke`: the writer's comment after the quoted naming is not said
        comment = WRITERS_APPOSITION.search(doc.text, start, end)
        if comment is not None:
            end = comment.start() + len(comment.group(1))
        subj = _misread_main_subject(doc, v) or subject_of(doc, v)
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


def _naming_cue(doc: ParsedDoc, v: int, in_quote: list[bool]) -> bool:
    """A naming verb in the active voice, not negated, with an explicit speaker (its own subject, or a participle,
    conjunct or relative clause that inherits one)."""
    t = doc.tokens[v]
    if in_quote[v] or t.upos != "VERB" or t.lemma.lower() not in lexicon().naming or has_aux_pass(doc, v):
        return False
    # a main verb the tagger read as a participle, on its subject or at the sentence's root with a subject, is a past
    # tense ("Varga, a Dahl ally, called …", "Trump called Clinton … “…”")
    misread_main = _misread_main_subject(doc, v) is not None or t.is_root and subject_of(doc, v) is not None
    if (t.xpos == "VBN" and not any(c.deprel == "aux" for c in doc.children(v)) and not misread_finite(doc, v)
            and not misread_main):
        return False  # "a train dubbed a “moving fortress”": a passive participle, no one speaks
    if negated(doc, v):
        return False
    own_subject = any(c.deprel in ("nsubj", "obl:agent") for c in doc.children(v)) or misread_main
    # "X's president, Y, called on …", "X, who served …, called …" misread
    finite_acl = t.deprel == "acl" and (t.xpos == "VBD" and t.head < v or misread_finite(doc, v))
    # "went on to call Cruz “…”", "continued to describe the plan as …": the speaker's own next act
    carried_on = t.deprel == "xcomp" and doc.tokens[t.head].lemma.lower() in CARRYING_ON
    # the speaker must be explicit ("describing the case as …" inherits it from its clause)
    return own_subject or t.xpos == "VBG" or t.deprel == "conj" or t.deprel == "acl:relcl" or finite_acl or carried_on


def _naming_span(doc: ParsedDoc, v: int, objs: list[Token], in_quote: list[bool],
                 quote_ends: dict[int, int] | None) -> tuple[int, int, bool] | None:
    """The characters of the naming's complement (start, end) and whether a particle after the verb (`called on`)
    belongs to the cue; None when nothing is left."""
    text = doc.text
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
        return None
    start, end = doc.tokens[first].start, doc.tokens[last - 1].end
    gap = len(text[end:]) - len(text[end:].lstrip(" "))
    if quote_ends and end + gap in quote_ends:  # the quoted complement, however the parser hung it
        end = quote_ends[end + gap]
    return start, close_fragment(text, start, end), particle


def _explicit_naming(doc: ParsedDoc, v: int, objs: list[Token]) -> bool:
    """A naming without quotation marks that is still a statement about its object: `recalled him as blunt`,
    `attacking Kettleby as a creature of Arlen`, `called the budget a disgrace` (not a name: `called him Bob`)."""
    lex = lexicon()
    lemma = doc.tokens[v].lemma.lower()
    obj = next((o for o in objs if o.deprel == "obj" and o.upos in ("NOUN", "PROPN", "PRON")), None)
    if obj is None:
        return False
    for o in objs:
        if o.i <= obj.i:
            continue
        if lemma in lex.naming_as and _as_phrase(doc, o):
            return True
        if (lemma in lex.naming_np and o.deprel == "xcomp" and o.upos in ("NOUN", "ADJ")
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


def _misread_main_subject(doc: ParsedDoc, v: int) -> Token | None:
    """`Beruff, a Scott ally, called Florida’s standards “strong.”` read as a noun phrase with a participle (the
    sentence's root is the noun): the noun is the main verb's subject. The verb follows the noun's phrase after a
    comma, and the sentence has no verb of its own before it."""
    t = doc.tokens[v]
    head = doc.tokens[t.head]
    if t.xpos != "VBN" or t.deprel not in ("acl", "acl:relcl") or head.i > v:
        return None
    while head.deprel == "appos" and doc.tokens[head.head].i < head.i:  # "Varga, a Dahl ally, called …"
        head = doc.tokens[head.head]
    if not head.is_root or head.upos not in ("PROPN", "NOUN"):
        return None
    if any(doc.tokens[j].upos in ("VERB", "AUX") and doc.tokens[j].deprel != "amod"
           for j in range(doc.sent_of(v).first, v)):
        return None
    return head if can_speak(doc, head) else None


def _person_before_quote(doc: ParsedDoc, start: int, end: int) -> bool:
    """`called Rubio “Little Marco”`, `calls her “Crooked Hillary”`: a taunt about a person, not the name of a thing."""
    k = doc.token_at(start)
    while k < len(doc.tokens) and doc.tokens[k].end <= end and doc.tokens[k].text not in QUOTE_CHARS:
        k += 1
    if k >= len(doc.tokens) or k == doc.token_at(start):
        return False
    prev = doc.tokens[k - 1]
    if prev.upos == "PROPN":  # a person or a body (`calls CNN “the Clinton News Network”`), not a place or a work
        return prev.ent not in ("GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT")
    return prev.upos == "PRON" and prev.text.lower() in ("him", "her", "them")


def _to_closing_quote(doc: ParsedDoc, v: int, end: int, quote_ends: dict[int, int] | None) -> int:
    """`called Clinton's assertion of a “claim of right” over her emails “significant and disturbing.”`: the
    parser hung the last quoted words elsewhere; with no verb between, the naming runs to the quotation that ends the
    sentence."""
    if not quote_ends:
        return end
    sent = doc.sent_of(v)
    k = doc.first_token_from(end)
    for j in range(k, sent.last):
        tok = doc.tokens[j]
        if tok.upos in ("VERB", "AUX") and tok.deprel != "amod" or tok.text in (";", ":", "—", "–"):
            return end
        close = quote_ends.get(tok.start)
        if close is not None:
            tail = doc.text[close : doc.tokens[sent.last - 1].end].strip(" .,!?”\"’'")
            return close if not tail and j > k else end
    return end
