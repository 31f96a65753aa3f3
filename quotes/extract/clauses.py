"""Where a cue's reported clause is when the parser did not make it the cue's complement, and where it starts.

- `detached_that_clause`: a that-clause after the cue's recipient or prepositional phrase that the parser made a
  relative clause of the phrase's noun (`told reporters outside the chamber that …`, `said in a note to clients
  they expected …`), or hung with "citing Y" on the cue (`reported, citing Y, that …`);
- `continues_clause`: more of the same content hung on the cue (a second clause, a coordinated that-clause or
  predicate, the predicate of a subject split off with its participle);
- `split_off_subject`, `after_cue_adjunct`: where the content starts (`… that the nurses, hired through an
  agency, were …`; `said on Monday it had agreed …`).
"""

from __future__ import annotations

from ..parse.doc import ParsedDoc, Token
from .cueverbs import is_cue_verb
from .lexicon import lexicon

RELATIVE_WORDS = {"who", "whom", "whose", "which", "that", "what", "where", "when"}
# adverbs that qualify what was said, not the saying ("said perhaps the deal could be saved")
CONTENT_ADVERBS = {"not", "never", "perhaps", "maybe", "probably", "possibly", "likely", "certainly", "clearly",
                   "definitely", "surely", "hopefully", "obviously", "even", "only", "just"}


def continues_clause(doc: ParsedDoc, c: int, k: Token, v: int, last: int) -> bool:
    """Whether `k`, a dependent of cue `v` after the content `c` (which ends before token `last`), is more of
    the same content that the parser hung on the cue: a second clause right after it ("argued wage growth …
    | was too high"), the predicate of a subject the parser split off with its participle ("the nurses, hired
    through an agency, | were unfamiliar …"), a coordinated that-clause ("… but that any agreement must …")
    or a coordinated predicate ("was "politically motivated" and "built on a misreading …"")."""
    sub = doc.subtree(k.i)
    gap = [doc.tokens[j] for j in range(last, sub[0])]
    if any(t.upos != "PUNCT" and not (t.deprel == "cc" and t.head in (v, k.i)) for t in gap):
        return False
    kids_ = doc.children(k.i)
    own_subject = any(x.deprel in ("nsubj", "nsubj:pass", "expl") for x in kids_)
    if k.deprel in ("ccomp", "parataxis"):
        if not gap:
            return True
        if [t.text for t in gap] == [":"] and own_subject:
            return True  # "said both men were partly right: response times rose … but fell …", an elaboration
        head = doc.tokens[c]
        reduced = head.xpos == "VBN" and not any(x.deprel.startswith("aux") for x in doc.children(c))
        return reduced and not own_subject and all(t.text == "," for t in gap)
    if k.deprel != "conj" or not any(t.deprel == "cc" for t in gap) and not any(x.deprel == "cc" for x in kids_):
        return False
    if any(x.deprel == "mark" and x.lemma.lower() == "that" and x.i < k.i for x in kids_):
        return True  # "said that A but that B"
    lex = lexicon()
    return (not own_subject and (k.xpos == "VBN" or k.upos == "ADJ") and k.lemma.lower() not in lex.speech
            and not any(x.deprel == "aux" for x in doc.children(v)))


def split_off_subject(doc: ParsedDoc, c: int, v: int, first: int) -> int:
    """`told reporters that the nurses, hired through an agency, were unfamiliar …`: the parser may hang the
    subject and its participle on the phrase before, leaving the predicate without a subject; the content
    starts at the subject."""
    if any(x.deprel in ("nsubj", "nsubj:pass", "expl") for x in doc.children(c)) or first < v + 3:
        return first
    if doc.tokens[first - 1].text != ",":
        return first
    for j in range(first - 2, v, -1):
        t = doc.tokens[j]
        if t.lemma.lower() == "that" and t.deprel == "mark":
            h = doc.tokens[t.head]
            sub = doc.subtree(h.i)
            if (h.xpos == "VBN" and sub[0] == j and sub[-1] == first - 2
                    and not any(x.deprel.startswith("aux") for x in doc.children(h.i))
                    and any(x.deprel == "nsubj" for x in doc.children(h.i))):
                return j + 1
            return first
    return first


def after_cue_adjunct(doc: ParsedDoc, c: int, v: int, first: int, last: int) -> int:
    """`said on Monday it had agreed …`, `say privately the president is …`: a time phrase or an adverb between
    the cue and the clause's subject, with no `that`, belongs to the cue (the parser hangs it on the clause)."""
    if first != v + 1:
        return first
    subj = [x.i for x in doc.children(c) if x.deprel in ("nsubj", "nsubj:pass", "expl")]
    for x in doc.children(c):
        sub = doc.subtree(x.i)
        manner = x.deprel == "advmod" and x.upos == "ADV" and len(sub) == 1 and x.lemma.lower() not in CONTENT_ADVERBS
        if (x.deprel in ("obl", "obl:tmod", "obl:npmod", "advmod") and sub[0] == first and subj and sub[-1] < subj[0]
                and (x.ent in ("DATE", "TIME") or manner) and sub[-1] + 1 < last):
            return sub[-1] + 1  # "said on Monday it had agreed …", "say privately the president is frustrated"
    return first


def detached_that_clause(doc: ParsedDoc, v: int) -> tuple[Token | None, int | None]:
    """A `that` clause after the cue and the phrases that belong to it — a recipient, a prepositional phrase
    (`told reporters outside the chamber that …`, `said in a report released on Wednesday that …`), a
    "citing X" phrase — that the parser attached somewhere else (often as a relative clause of the
    phrase's noun): the clause head and the index of `that`."""
    sent = doc.sent_of(v)
    own = set(doc.subtree(v))
    lex = lexicon()
    for k in doc.children(v):  # an object that is not a recipient is what was said ("told the story that …",
        # "ruled out raising taxes, despite a warning that …"), and so is an "as" complement ("described as a broader
        # argument that …")
        if k.i > v and k.deprel == "obl" and (k.lemma.lower() == "as" or any(
                x.deprel == "case" and x.lemma.lower() == "as" for x in doc.children(k.i))):
            return None, None
        if k.i > v and (k.deprel == "xcomp" and k.upos != "PROPN" or k.deprel in ("obj", "iobj") and k.upos not in (
                "PROPN", "PRON") and (k.upos != "NOUN" or k.lemma.lower() not in lex.recipients)):
            return None, None  # (a name is the frame: 'said on NBC's “Meet the Press” that …')
    for j in range(v + 1, sent.last):
        tok = doc.tokens[j]
        if j not in own and tok.upos != "PUNCT" and tok.lemma.lower() != "that":
            return None, None
        if tok.deprel == "nsubj" and _bare_complement(doc, tok, own):
            return doc.tokens[tok.head], j - 1  # "said in a note to clients they expected …"
        if tok.lemma.lower() != "that" or tok.head <= j:
            continue
        head = doc.tokens[tok.head]
        if tok.deprel.startswith("nsubj"):
            continue  # a relative pronoun ("in an interview that aired on Sunday"): part of the phrase
        if head.upos not in ("VERB", "AUX") or not _complement_clause(doc, head.i, j):
            return None, None
        if head.i in own:
            governor = doc.tokens[head.head]
            if not _opens_at(doc, head.i, j) or (governor.i != v and governor.lemma.lower() != "cite"
                                                 and is_cue_verb(doc, governor.i)):
                return None, None  # a clause of its own cue ("quoted X, who warned that …")
        return head, j
    return None, None


def _opens_at(doc: ParsedDoc, h: int, j: int) -> bool:
    """Whether the clause headed by `h` starts at token `j`, but for a "citing X," phrase the parser hung on it."""
    sub = doc.subtree(h)
    if sub[0] == j:
        return True
    cited = {i for c in doc.children(h) if c.deprel == "advcl" and c.lemma.lower() == "cite" for i in doc.subtree(c.i)}
    return all(i in cited or doc.tokens[i].upos == "PUNCT" for i in range(sub[0], j))


def _bare_complement(doc: ParsedDoc, subj: Token, own: set[int]) -> bool:
    """A clause without `that` that the parser made a relative clause of the noun before it, but which has no
    gap (a subject and a complement of its own: "clients | they expected two more cuts"), so it is the cue's
    complement."""
    h = doc.tokens[subj.head]
    if h.deprel != "acl:relcl" or h.i not in own or h.i < subj.i or doc.subtree(h.i)[0] != subj.i:
        return False
    if subj.lemma.lower() in RELATIVE_WORDS or subj.upos not in ("PRON", "PROPN", "NOUN"):
        return False
    if any(doc.tokens[j].lemma.lower() == "that" and doc.tokens[j].deprel == "mark" for j in doc.subtree(h.i)):
        return False  # "at the summit she attended that talks would resume": the that-clause is the complement
    return any(c.deprel in ("obj", "ccomp", "xcomp") and c.i > h.i for c in doc.children(h.i))


def _complement_clause(doc: ParsedDoc, h: int, that: int) -> bool:
    """Whether the clause headed by `h` and opened by `that` reads as a complement ("that the city had chosen
    hope"), not a relative clause with a gap ("that he signed"): a subject of its own, and, unless `that` is
    parsed as a complementiser, a dependent after the verb."""
    kids_ = doc.children(h)
    if not any(c.deprel in ("nsubj", "nsubj:pass", "expl") and c.i != that for c in kids_):
        return False
    if doc.tokens[that].deprel == "mark":
        return True
    return any(c.i > h and c.upos != "PUNCT" for c in kids_)


def clause_child(doc: ParsedDoc, v: int) -> Token | None:
    clauses = [c for c in doc.children(v) if c.deprel in ("ccomp", "parataxis") and c.upos in ("VERB", "AUX", "ADJ", "NOUN", "PROPN", "PRON", "NUM")]
    if not clauses:
        # "…, which she said proved the reforms were working": a finite verb the parser made the cue's xcomp (the
        # relative pronoun is its subject)
        if doc.tokens[v].deprel == "acl:relcl":
            return next((c for c in doc.children(v) if c.deprel == "xcomp" and c.i > v and c.xpos in ("VBD", "VBZ", "VBP")
                         and not any(x.deprel == "aux" and x.lemma.lower() == "to" for x in doc.children(c.i))), None)
        return _object_clause(doc, v) or _indirect_question(doc, v)

    # prefer a that-clause / a clause after the verb; else the clause before (cue after)
    before = [c for c in clauses if c.i < v]
    # ("…, Clinton allies believe — backers she will need": a dash after a cue that closes a clause opens an aside)
    after = [c for c in clauses if c.i > v and not _circumstance(doc, c) and not (before and _after_dash(doc, c))]
    clauses = [c for c in clauses if c.i < v or c in after]
    if not clauses:
        return None
    return after[0] if after else clauses[-1]


DASHES = {"—", "–", "-", "--"}


def _after_dash(doc: ParsedDoc, c: Token) -> bool:
    """The clause opens with a dash (or right after one)."""
    first = doc.subtree(c.i)[0]
    return doc.tokens[first].text in DASHES or first > 0 and doc.tokens[first - 1].text in DASHES


def dash_after(doc: ParsedDoc, v: int) -> bool:
    """`…, Clinton allies believe — backers she will need`: a dash right after the cue opens an aside, not the rest
    of the content."""
    return v + 1 < len(doc.tokens) and doc.tokens[v + 1].text in DASHES


CIRCUMSTANCE_MARKS = {"as", "while", "when", "whenever", "before", "after", "because", "although", "though", "since",
                      "until", "unless", "once", "whereas"}


def _circumstance(doc: ParsedDoc, c: Token) -> bool:
    """`“His legend will live on,” Spencer said, as young fighters worked out in the gym`: a clause the parser made
    the cue's complement that opens, after a comma, with a conjunction of time or cause is the writer's scene."""
    first = doc.subtree(c.i)[0]
    return (first > 0 and doc.tokens[first - 1].text == "," and doc.tokens[first].deprel == "mark"
            and doc.tokens[first].head == c.i and doc.tokens[first].lemma.lower() in CIRCUMSTANCE_MARKS)


QUESTION_CUES = {"ask", "inquire", "wonder"}


def _indirect_question(doc: ParsedDoc, v: int) -> Token | None:
    """`asked the students if they were always so serious`: an if- or whether-clause right after a verb of asking
    (and its addressee, or the asker: `Asked by a reporter if she had read it, …`), which the parser read as a
    condition, also when it hung it on the main clause (`when I asked the mayor if she would run, she laughed`); not
    after a modal (`will ask the council if the vote fails` is one)."""
    if doc.tokens[v].lemma.lower() not in QUESTION_CUES:
        return None
    kids = doc.children(v)
    if any(c.deprel == "aux" and c.xpos == "MD" for c in kids):
        return None  # "will ask the council if the vote fails": a condition
    addressee = [c for c in kids if c.i > v and c.deprel in ("obj", "iobj", "obl:agent")]  # "Asked by X if …"
    opens = doc.subtree(addressee[0].i)[-1] + 1 if addressee else v + 1
    for c in kids:
        if _question_clause(doc, c, opens):
            return c
    t = doc.tokens[v]
    if addressee and t.deprel == "advcl" and t.head > v:
        # "When I asked Sanders if he would endorse her, he looked …": the question hung on the main clause
        return next((c for c in doc.children(t.head) if _question_clause(doc, c, opens)), None)
    return None


def _question_clause(doc: ParsedDoc, c: Token, opens: int) -> bool:
    """`c` is a clause read as a condition that starts at `opens` with `if` or `whether`."""
    return c.deprel == "advcl" and c.upos in ("VERB", "AUX") and doc.subtree(c.i)[0] == opens and any(
        x.deprel == "mark" and x.lemma.lower() in ("if", "whether") and x.i == opens for x in doc.children(c.i))


def before_semicolon(doc: ParsedDoc, c: Token) -> Token:
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
