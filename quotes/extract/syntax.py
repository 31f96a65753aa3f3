"""Dependency-tree helpers the rules share: subjects, noun-phrase spans, cue phrases, content spans."""

from __future__ import annotations

from ..parse.doc import ParsedDoc, Token
from .lexicon import lexicon

SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubj:pass", "csubj:pass")
INHERITING = ("advcl", "xcomp", "conj", "acl", "ccomp", "parataxis")
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
RAISING = {"expect", "set", "schedule", "poise", "suppose", "force", "compel", "oblige"}  # "X is expected to say …"
CLAUSE_RELS = ("ccomp", "parataxis")
NP_CUT = ("acl:relcl", "acl", "advcl", "parataxis", "ccomp", "punct", "dep", "discourse")
EDGE_PUNCT = set(",;:—–-()[]\"'“”‘’.")


def rel(t: Token) -> str:
    return t.deprel.split(":")[0]


def kids(doc: ParsedDoc, i: int, *rels: str) -> list[Token]:
    """Children of token `i` whose relation (full, or its base before ':') is one of `rels`."""
    return [c for c in doc.children(i) if c.deprel in rels or rel(c) in rels]


def has_aux_pass(doc: ParsedDoc, i: int) -> bool:
    """A passive auxiliary before verb `i` (one after it is a misparse of the words that follow)."""
    return any(c.deprel == "aux:pass" and c.i < i for c in doc.children(i))


def subject_of(doc: ParsedDoc, v: int, depth: int = 0, avoid: tuple[int, int] | None = None) -> Token | None:
    """The speaker token of cue verb `v`: its subject, the agent of a passive, or the subject it
    inherits as a participle, infinitive or conjunct ("…, adding that …", "warned … and said …").
    Subjects inside the character range `avoid` (the quotation being attributed) are passed over."""
    tok = doc.tokens[v]
    children = doc.children(v)
    if avoid is not None:
        children = [c for c in children if not avoid[0] <= c.start < avoid[1]]
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
    if len(subj) > 1:  # a noun phrase the parser split in two ("the opposition | Civic Alliance"): the nearer
        before = [c for c in subj if c.i < v]
        return before[-1] if before else subj[0]
    if subj:
        return subj[0]
    if tok.lemma == "quote" or (has_aux_pass(doc, v) and tok.lemma in ("quote", "cite")):
        psubj = [c for c in children if c.deprel in PASSIVE_SUBJECTS]
        if psubj:
            return psubj[0]
    if tok.is_root and tok.xpos in ("VBD", "VBZ", "VBP"):
        return _stranded_subject(doc, v, children)
    if depth > 3 or tok.is_root:
        return None
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


def np_span(doc: ParsedDoc, h: int) -> tuple[int, int]:
    """Token range [first, last) of the noun phrase headed by `h`, without relative clauses, participle
    clauses and edge punctuation. A title with a name in apposition ("Kremlin Spokesperson, Dmitry
    Peskov") gives the name; a name with a descriptor in apposition ("Flynn, a top Trump surrogate") gives
    the name."""
    head = doc.tokens[h]
    name = name_appos(doc, h)
    if name is not None:
        return np_span(doc, name.i)
    allowed = set(doc.subtree(h))
    for c in doc.children(h):
        if c.deprel in NP_CUT or (c.deprel == "appos") or (c.deprel == "conj" and _comma_before(doc, c.i)
                                                             and head.upos == "PROPN" and c.upos != "PROPN"):
            if c.deprel == "punct" and (doc.tokens[c.i].text in ("'s", "’s") or _glued(doc, c.i)):
                continue
            allowed -= set(doc.subtree(c.i))
    return _run_around(doc, h, allowed)


def _run_around(doc: ParsedDoc, h: int, allowed: set[int]) -> tuple[int, int]:
    """The contiguous run of `allowed` tokens around `h`, without edge punctuation and prepositions."""
    allowed.add(h)
    first = last = h
    while first - 1 in allowed:
        first -= 1
    while last + 1 in allowed:
        last += 1
    while first < h and (doc.tokens[first].text in EDGE_PUNCT or doc.tokens[first].deprel in ("case", "fixed")):
        first += 1
    while last > h and doc.tokens[last].text in EDGE_PUNCT:
        last -= 1
    return first, last + 1


def name_appos(doc: ParsedDoc, h: int) -> Token | None:
    """The name in apposition to a title ("Kremlin Spokesperson, Dmitry Peskov"; "a spokeswoman, Dana Orsk")."""
    head = doc.tokens[h]
    appos = [c for c in doc.children(h) if c.deprel == "appos"]
    if appos and head.upos != "PRON" and appos[0].upos == "PROPN" and (
            head.upos != "PROPN" or (head.ent != "PERSON" and appos[0].ent == "PERSON")):
        return appos[0]
    return None


def _glued(doc: ParsedDoc, i: int) -> bool:
    """A hyphen inside a word ("Hae-jin") or a possessive apostrophe ("Bankers’"), written without spaces."""
    t = doc.tokens[i]
    if t.text in ("’", "'") and i > 0 and doc.tokens[i - 1].end == t.start:  # "Bankers’ Association"
        return True
    return (t.text in "-‐‑" and 0 < i < len(doc.tokens) - 1 and doc.tokens[i - 1].end == t.start
            and doc.tokens[i + 1].start == t.end)


def _comma_before(doc: ParsedDoc, i: int) -> bool:
    return i > 0 and doc.tokens[i - 1].text == ","


def role_span(doc: ParsedDoc, h: int) -> tuple[int, int] | None:
    """Descriptor in apposition to a speaker, or the title a name is in apposition to."""
    appos = [c for c in doc.children(h) if c.deprel == "appos"]
    if not appos:
        return None
    if name_appos(doc, h) is not None:
        return _plain_np(doc, h, exclude=appos[0].i)
    return _plain_np(doc, appos[0].i)


def _plain_np(doc: ParsedDoc, h: int, exclude: int | None = None) -> tuple[int, int]:
    allowed = set(doc.subtree(h))
    if exclude is not None:
        allowed -= set(doc.subtree(exclude))
    for c in doc.children(h):
        if c.deprel in NP_CUT:
            allowed -= set(doc.subtree(c.i))
    return _run_around(doc, h, allowed)


def cue_span(doc: ParsedDoc, v: int, stop: int | None = None) -> tuple[int, int]:
    """Token range of the reporting expression around cue verb `v`: perfect/passive auxiliaries before it,
    a recipient ("told reporters") and a frame ("in a statement", "on social media") after it, and the
    "was quoted (by X) as saying" chain. `stop` is a token index the cue must not reach (content start)."""
    lex = lexicon()
    tok = doc.tokens[v]
    first = v
    head = doc.tokens[tok.head]
    marks = [c for c in doc.children(v) if c.deprel == "mark" and c.lemma.lower() == "as"]
    if marks and head.lemma in ("quote", "cite") and head.i < v:
        first = head.i
        v_aux = [c.i for c in doc.children(head.i) if c.deprel in ("aux", "aux:pass") and c.i < head.i]
        if v_aux:
            first = min(v_aux)
    else:
        aux = [c.i for c in doc.children(v) if c.deprel in ("aux", "aux:pass") and c.i < v
               and c.lemma in ("have", "be")]
        if aux and all(doc.tokens[j].deprel in ("aux", "aux:pass", "advmod") for j in range(min(aux), v)):
            first = min(aux)
        expl = [c.i for c in doc.children(v) if c.deprel in ("expl", "nsubj:pass") and c.lemma.lower() == "it"]
        if expl and kids(doc, v, "obl:agent"):
            first = min(first, expl[0])
    last = v + 1
    limit = stop if stop is not None else len(doc.tokens)
    for c in sorted(doc.children(v), key=lambda t: t.i):
        if c.i <= v or c.i >= limit:
            continue
        sub = doc.subtree(c.i)
        if sub[0] != last:
            if c.deprel == "obl:agent" and sub[0] > last:
                pass
            break
        if c.deprel in ("iobj", "obj") and c.upos in ("NOUN", "PROPN") and (
                c.lemma.lower() in lex.recipients or c.ent in ("ORG", "PERSON", "NORP", "GPE") or c.upos == "PROPN") or c.deprel == "obl:agent" and marks or c.deprel == "compound:prt":
            last = sub[-1] + 1
        elif c.deprel == "obl" and any(doc.tokens[j].lemma.lower() in lex.frames for j in sub):
            last = _phrase_end(doc, c.i)  # "said in a report" (released on Wednesday …)
        else:
            break
    return first, min(last, limit) if limit > first else last


def _phrase_end(doc: ParsedDoc, h: int) -> int:
    """One past the last token of the phrase headed by `h`, without the clauses that modify it."""
    sub = set(doc.subtree(h))
    for j in doc.subtree(h):
        if j > h and j in sub and doc.tokens[j].deprel in ("acl", "acl:relcl", "ccomp", "parataxis", "advcl"):
            sub -= set(doc.subtree(j))
    last = h
    while last + 1 in sub:
        last += 1
    return last + 1


def _subject_at(doc: ParsedDoc, j: int, last: int) -> bool:
    """A subject noun phrase starts at token `j` ("that | members were concerned")."""
    for k in range(j, min(j + 4, last)):
        t = doc.tokens[k]
        if t.deprel.startswith(("nsubj", "expl")) and t.upos in ("NOUN", "PROPN", "PRON") and doc.subtree(k)[0] == j:
            return True
    return False


def content_tokens(doc: ParsedDoc, c: int, exclude: set[int] | None = None) -> tuple[int, int] | None:
    """Token range [first, last) of the clause headed by `c`, without a leading complementiser or
    punctuation, kept within its sentence."""
    sent = doc.sent_of(c)
    toks = [j for j in doc.subtree(c) if sent.first <= j < sent.last and (not exclude or j not in exclude)]
    if not toks:
        return None
    first, last = toks[0], toks[-1] + 1
    # keep a contiguous run containing c
    present = set(toks)
    for j in range(toks[0], toks[-1] + 1):  # quotation marks the parser hung elsewhere stay inside
        if j not in present and doc.tokens[j].text in "“”\"‘’'" and j - 1 in present and j + 1 in present:
            present.add(j)
    f = c
    while f - 1 in present:
        f -= 1
    lst = c
    while lst + 1 in present:
        lst += 1
    first, last = f, lst + 1
    # a word the parser split and hung elsewhere ("re-emerge") stays whole
    while last < sent.last and doc.tokens[last].start == doc.tokens[last - 1].end and (
            doc.tokens[last].text[:1].isalnum() or (doc.tokens[last].text in "-‐‑" and last + 1 < sent.last
                                                    and doc.tokens[last + 1].start == doc.tokens[last].end)):
        last += 1
    while first < last and (doc.tokens[first].text in EDGE_PUNCT - {"“", "\"", "‘"}
                            or (doc.tokens[first].deprel == "mark" and doc.tokens[first].lemma.lower() in ("that",))
                            or doc.tokens[first].deprel == "cc"):
        first += 1
    # a complementiser the parser labelled otherwise ("told reporters earlier in the day that the president …")
    t = doc.tokens[first]
    subjects = [x for x in doc.children(c) if x.deprel in ("nsubj", "nsubj:pass", "expl") and x.i != first]
    if (t.text.lower() == "that" and not t.deprel.startswith(("nsubj", "det")) and first + 2 < last and subjects
            and (t.head == c or doc.subtree(subjects[0].i)[0] == first + 1)):
        first += 1  # (or hung on a verb inside the clause: "told supporters that he planned to spend …")
    elif (t.text.lower() == "that" and t.deprel.startswith("nsubj") and t.head == c and first + 2 < last
          and _subject_at(doc, first + 1, last)):
        first += 1  # "told Fox News that members were concerned …" with "that" read as the subject
    # "said only that …", "said simply that …": an adverb of the saying before the complementiser
    if (first + 1 < last and doc.tokens[first].upos == "ADV" and doc.tokens[first + 1].lemma.lower() == "that"
            and doc.tokens[first + 1].deprel == "mark"):
        first += 2
    while last > first and doc.tokens[last - 1].text in (",", ";", ":", ".", "—", "–", "-", "(", "[") :
        last -= 1
    if last <= first:
        return None
    return first, last


NEGATORS = {"not", "n't", "never", "no"}


def negated(doc: ParsedDoc, v: int) -> bool:
    return any(c.deprel == "advmod" and c.lemma.lower() in NEGATORS for c in doc.children(v))


def np_with_mods(doc: ParsedDoc, h: int) -> tuple[int, int]:
    """The whole noun phrase under `h`, without edge punctuation (UD hangs surrounding commas on it)."""
    sub = doc.subtree(h)
    first, last = sub[0], sub[-1]
    while first < h and doc.tokens[first].upos == "PUNCT":
        first += 1
    while last > h and doc.tokens[last].upos == "PUNCT":
        last -= 1
    return first, last + 1


PURPOSE_MARKERS = (("in", "order"), ("so", "as"))


def in_purpose_clause(doc: ParsedDoc, v: int) -> bool:
    """Verb `v` opens a purpose clause ("… in order to caution against …", "so as not to warn …"): what it
    would say is the aim of another act, not a statement. Read from the words, as parsers hang "in order" variously."""
    j = v - 1
    while j >= 0 and (doc.tokens[j].upos == "ADV" or doc.tokens[j].lemma.lower() in ("not", "never")):
        j -= 1  # "in order to publicly warn", "so as not to suggest"
    if j < 2 or doc.tokens[j].text.lower() != "to":
        return False
    return (doc.tokens[j - 2].text.lower(), doc.tokens[j - 1].text.lower()) in PURPOSE_MARKERS
