"""Dependency-tree helpers the rules share: relations, and the speaker (subject) of a cue verb, including the ones
the parser lost (a surname read as an adverb, a subject stranded before a long phrase, a relative clause's
antecedent). Noun-phrase, cue and content spans are in spans.py."""

from __future__ import annotations

from ..parse.doc import ParsedDoc, Token
from .lexicon import lexicon
from .spans import content_tokens, cue_span, negated, np_span, np_with_mods, role_span  # noqa: F401 (re-exported)
from .tree import has_aux_pass, kids, rel

SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubj:pass", "csubj:pass")
INHERITING = ("advcl", "xcomp", "conj", "acl", "ccomp", "parataxis")
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
RAISING = {"expect", "set", "schedule", "poise", "suppose", "force", "compel", "oblige"}  # "X is expected to say …"
CLAUSE_RELS = ("ccomp", "parataxis")


def subject_of(doc: ParsedDoc, v: int, depth: int = 0, avoid: tuple[int, int] | None = None) -> Token | None:
    """The speaker token of cue verb `v`: its subject, the agent of a passive, or the subject it
    inherits as a participle, infinitive or conjunct ("…, adding that …", "warned … and said …").
    Subjects inside the character range `avoid` (the quotation being attributed) are passed over."""
    tok = doc.tokens[v]
    children = doc.children(v)
    if avoid is not None:
        children = [c for c in children if not avoid[0] <= c.start < avoid[1]]
    own = _own_subject(doc, v, children)
    if own is not None:
        return own
    if tok.lemma == "quote" or (has_aux_pass(doc, v) and tok.lemma in ("quote", "cite")):
        psubj = [c for c in children if c.deprel in PASSIVE_SUBJECTS]
        if psubj:
            return psubj[0]
    if tok.is_root and (tok.xpos in ("VBD", "VBZ", "VBP") or _perfect(doc, v, children)):
        return _stranded_subject(doc, v, children)
    if depth > 3 or tok.is_root:
        return None
    return _inherited_subject(doc, v, depth)


def _perfect(doc: ParsedDoc, v: int, children: list[Token]) -> bool:
    """A finite perfect (`have said`, `had told`): a participle with a tensed `have` before it."""
    return doc.tokens[v].xpos == "VBN" and any(c.deprel == "aux" and c.lemma.lower() == "have" and c.i < v
                                                and c.xpos in ("VBP", "VBZ", "VBD") for c in children)


def _own_subject(doc: ParsedDoc, v: int, children: list[Token]) -> Token | None:
    """The verb's own subject or agent, or a subject the parser misread as something else."""
    tok = doc.tokens[v]
    if tok.lemma == "quote":  # "X was quoted (by Y) as saying": X speaks, Y relays
        psubj = [c for c in children if c.deprel in PASSIVE_SUBJECTS]
        if psubj:
            return psubj[0]
    agent = [c for c in children if c.deprel == "obl:agent"]
    if agent:
        return agent[0]
    subj = [c for c in children if c.deprel in SUBJECTS]
    if len(subj) == 1 and subj[0].upos == "NUM" and subj[0].i >= 2 and doc.tokens[subj[0].i - 1].text == ",":
        named = doc.tokens[subj[0].i - 2]  # "Tolliver, 58, had signaled …" with the name misread and the age the subject
        if named.i in (c.i for c in children) and _misread_name(doc, named):
            return named
    if not subj:
        return _lost_subject(doc, v, children)
    if len(subj) > 1:  # a noun phrase the parser split in two ("the opposition | Civic Alliance"): the nearer
        before = [c for c in subj if c.i < v]
        return before[-1] if before else subj[0]
    return subj[0]


def _lost_subject(doc: ParsedDoc, v: int, children: list[Token]) -> Token | None:
    """A subject the parser did not label as one: a surname read as an adverb, before or right after the verb, or
    the subject of a contracted `has` read as a passive."""
    tok = doc.tokens[v]
    named = next((c for c in children if c.i < v and _misread_name(doc, c)), None)
    if named is not None:  # "Tolliver countered that …" with the surname read as an adverb
        return named
    if tok.xpos in ("VBN", "VBD") and any(c.deprel == "aux:pass" and c.text.lower() in CONTRACTED_HAS
                                          for c in children):
        # "he's said the same thing" with the contracted "has" read as a passive "is"
        psubj = [c for c in children if c.deprel in PASSIVE_SUBJECTS and c.i < v]
        if psubj:
            return psubj[-1]
    named = next((c for c in children if c.i == v + 1 and _inverted_name(doc, c)), None)
    if named is not None:  # "“…,” said Skelly" with the surname read as an adverb
        return named
    return None


def _inherited_subject(doc: ParsedDoc, v: int, depth: int) -> Token | None:
    """The subject a participle, infinitive, conjunct or noun-modifying participle inherits from its head."""
    tok = doc.tokens[v]
    head = doc.tokens[tok.head]
    if tok.deprel == "acl:relcl":
        return None
    if tok.deprel == "conj" and rel(head) in CLAUSE_RELS and head.head != head.i:
        # "X said A but warned B": B's cue conjoined inside A's clause speaks for X
        cue = doc.tokens[head.head]
        if cue.upos in ("VERB", "AUX") and lexicon().is_cue(cue.lemma.lower()) and lexicon().is_cue(tok.lemma.lower()):
            return subject_of(doc, cue.i, depth + 1)
    if rel(tok) in INHERITING and head.upos in ("VERB", "AUX"):
        if rel(tok) in ("ccomp", "parataxis") and tok.i > head.i:
            return None  # a content clause does not speak for its cue
        if (rel(tok) == "advcl" and tok.xpos == "VBG" and doc.tokens[tok.i - 1].text == ","
                and head.deprel == "acl:relcl" and doc.tokens[doc.tokens[head.head].head].upos in ("VERB", "AUX")):
            # "blocked an order … that would have banned protests, saying it …": the participle closes the main
            # clause, not the relative clause it follows
            return subject_of(doc, doc.tokens[head.head].head, depth + 1)
        if has_aux_pass(doc, head.i) and head.lemma not in ("quote",) and not kids(doc, head.i, "obl:agent"):
            if rel(tok) == "xcomp" and head.lemma.lower() in RAISING:  # "is expected to say that …"
                psubj = kids(doc, head.i, "nsubj:pass")
                return psubj[0] if psubj else None
            return None
        return subject_of(doc, head.i, depth + 1)
    if rel(tok) == "acl" and head.upos in ("NOUN", "PROPN", "PRON") and tok.i > head.i:
        if tok.xpos in ("VBD", "VBN") and doc.tokens[tok.i - 1].text == ",":
            # "Kim, whose district includes the plant, called the closure …": the main verb after a relative clause,
            # hung on the relative clause's last noun, speaks for the relative clause's antecedent
            antecedent = _antecedent_above(doc, head.i, tok.i)
            if antecedent is not None:
                return antecedent
        governor = doc.tokens[head.head]
        if (head.lemma.lower() == "order" and governor.upos in ("VERB", "AUX") and governor.i != head.i
                and any(c.deprel == "case" and c.lemma.lower() == "in" for c in doc.children(head.i))):
            # "… in order to caution against …": a purpose clause speaks for the clause it serves, not for "order"
            return subject_of(doc, governor.i, depth + 1)
        if (doc.tokens[tok.i - 1].text == "," and tok.xpos == "VBG" and head.deprel in ("obj", "obl")
                and governor.upos in ("VERB", "AUX")):
            # "struck down the map, ruling 4-3 that …": a participle after a comma is the clause's, not the noun's
            return subject_of(doc, governor.i, depth + 1)
        return head  # "with Kirby warning that …" parsed as a participle on the noun
    return None


def name_words(doc: ParsedDoc) -> frozenset[str]:
    """The capitalised words the tagger reads as proper names or entities anywhere in the article (computed once per
    document)."""
    found = doc.__dict__.get("_quotes_name_words")
    if found is None:
        found = frozenset(t.text for t in doc.tokens if t.text[:1].isupper() and (
            t.upos == "PROPN" or t.ent in ("PERSON", "ORG", "NORP", "GPE")))
        doc.__dict__["_quotes_name_words"] = found
    return found


CONTRACTED_HAS = {"'s", "’s"}


def _inverted_name(doc: ParsedDoc, t: Token) -> bool:
    """A capitalised word right after the cue that the tagger read as an adverb (`said Skelly`), written as a name
    elsewhere in the article or not a word the tagger knows as an adverb in lower case."""
    return (t.upos in ("ADV", "X", "INTJ") and t.deprel in ("advmod", "dep", "npadvmod", "obl:npmod")
            and t.text[:1].isupper() and t.text[1:].islower() and not doc.children(t.i)
            and t.ent not in ("DATE", "TIME"))


def _misread_name(doc: ParsedDoc, t: Token) -> bool:
    """An unfamiliar surname the tagger read as an adverb, adjective or foreign word ("Tolliver countered"): a
    capitalised word on its own in front of the verb, which is a proper name elsewhere in the article or is not the
    first word of its sentence."""
    if not t.text[:1].isupper() or not t.text[1:].islower() or doc.children(t.i):
        return False
    if t.upos == "PROPN" and t.deprel in ("advmod", "dep", "obl:npmod", "discourse") and t.ent not in ("DATE", "TIME"):
        return True  # a name hung on the verb as a modifier
    if t.upos not in ("ADV", "ADJ", "X", "INTJ"):
        return False
    if t.deprel not in ("advmod", "amod", "dep", "obl:npmod", "obl:tmod", "discourse", "nsubj"):
        return False
    first = doc.sent_of(t.i).first
    return t.text in name_words(doc) or t.i > first and doc.tokens[t.i - 1].text not in ("“", '"', "‘", "'", "(")


def misread_finite(doc: ParsedDoc, v: int) -> bool:
    """`Stevens, who served as Romney's strategist during the campaign, called …` with the main verb read as a
    participle on the relative clause's last noun: a past form right after a comma, hung as `acl` on a noun inside a
    relative clause that modifies a noun before it."""
    t = doc.tokens[v]
    return (t.deprel == "acl" and t.xpos in ("VBD", "VBN") and v > 0 and doc.tokens[v - 1].text == ","
            and t.head < v and not any(c.deprel == "aux:pass" for c in doc.children(v))
            and _antecedent_above(doc, t.head, v) is not None)


def _antecedent_above(doc: ParsedDoc, i: int, limit: int) -> Token | None:
    """The noun a relative clause containing token `i` modifies, when it comes before the clause (within three
    levels)."""
    for a in [i] + doc.ancestors(i)[:3]:
        t = doc.tokens[a]
        if t.deprel == "acl:relcl" and t.head < t.i and doc.tokens[t.head].upos in ("PROPN", "NOUN", "PRON"):
            return doc.tokens[t.head]
    return None


def _stranded_subject(doc: ParsedDoc, v: int, children: list[Token]) -> Token | None:
    """A finite main verb the parser left without a subject after a long one ("Dale Hutchins, a 64-year-old
    cattle rancher, said …", "In an interview at his shop, Yusuf Demirel, 38, who fled …, said …"): the
    nearest name or noun before it that the parser hung, as a subject or an apposition, on the phrases before
    the verb (never inside a clause of their own). A person's name is preferred."""
    sent = doc.sent_of(v)
    best = None
    for c in children:
        if c.i > v or c.deprel.startswith(("nsubj", "csubj", "expl", "aux")):
            continue
        misread = _misread_relative(doc, c.i)
        if misread is not None:
            return misread
        for j in doc.subtree(c.i):
            t = doc.tokens[j]
            if j < sent.first or t.deprel not in ("nsubj", "appos") or t.upos not in ("PROPN", "NOUN"):
                continue
            if _inside_clause(doc, t.head, v):
                continue
            key = (t.ent == "PERSON", j)
            if best is None or key > (best.ent == "PERSON", best.i):
                best = t
    if best is None and v >= 2 and doc.tokens[v - 1].text == ",":
        best = _apposition_before(doc, v - 2, sent.first)
    return best


def _apposition_before(doc: ParsedDoc, j: int, first: int) -> Token | None:
    """"In a memo obtained by The Courier, the campaign's pollster, Gary Sundqvist, wrote …": a person's name in
    apposition right before the verb (after a comma), hung by the parser inside the phrase before it; the
    outermost apposition that ends there and starts after a comma."""
    t = doc.tokens[j]
    if t.ent != "PERSON" or t.upos != "PROPN" or t.deprel not in ("appos", "compound", "flat"):
        return None
    while t.deprel in ("compound", "flat") and t.head != t.i and doc.tokens[t.head].ent == "PERSON":
        t = doc.tokens[t.head]
    best = None
    while t.deprel == "appos" and doc.subtree(t.i)[-1] == j:
        start = doc.subtree(t.i)[0]
        if start > first and doc.tokens[start - 1].text == ",":
            best = t
        t = doc.tokens[t.head]
        if t.upos not in ("NOUN", "PROPN"):
            break
    return best


def _misread_relative(doc: ParsedDoc, c: int) -> Token | None:
    """"An internal memo …, a copy of which was obtained by The Ledger, said …": a relative clause with a
    pied-piped pronoun read as a clause of its own, taking the noun before it as its subject; that noun is
    the subject of the verb after it."""
    t = doc.tokens[c]
    if t.upos not in ("VERB", "AUX"):
        return None
    sub = doc.subtree(c)
    rel_pron = next((j for j in sub if doc.tokens[j].lemma.lower() in ("which", "whom", "whose")
                     and doc.tokens[j].deprel not in ("nsubj", "nsubj:pass")), None)
    if rel_pron is None:
        return None
    for x in doc.children(c):
        if x.deprel in ("nsubj", "nsubj:pass") and x.upos in ("NOUN", "PROPN") and x.i < rel_pron:
            xs = doc.subtree(x.i)
            if xs[0] == sub[0] and rel_pron not in xs:
                return x
    return None


def _inside_clause(doc: ParsedDoc, a: int, top: int) -> bool:
    """Whether a verb lies on the path from token `a` up to (not including) `top`."""
    while a != top:
        t = doc.tokens[a]
        if t.upos in ("VERB", "AUX") or t.is_root:
            return True
        a = t.head
    return False


def relative_antecedent(doc: ParsedDoc, v: int) -> tuple[Token, Token] | None:
    """For a cue inside a relative clause ("Falkum, who said …"), the relative pronoun and its antecedent."""
    tok = doc.tokens[v]
    chain = [tok] + [doc.tokens[a] for a in doc.ancestors(v)[:2]]
    for t in chain:
        if t.deprel == "acl:relcl":
            pron = [c for c in doc.children(t.i) if c.deprel in SUBJECTS and c.lemma.lower() in RELATIVE_PRONOUNS]
            if pron:
                return pron[0], doc.tokens[t.head]
            return None
        if rel(t) not in ("conj", "xcomp"):
            return None
    return None
