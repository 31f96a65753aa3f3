"""Spans over the dependency tree the rules share: noun phrases (without relative clauses), a speaker's role, the
cue phrase around a verb, a clause's content, negation and purpose clauses."""

from __future__ import annotations

from ..parse.doc import ParsedDoc, Token
from .lexicon import lexicon
from .tree import kids

NP_CUT = ("acl:relcl", "acl", "advcl", "parataxis", "ccomp", "punct", "dep", "discourse")
EDGE_PUNCT = set(",;:—–-()[]\"'“”‘’.")


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
