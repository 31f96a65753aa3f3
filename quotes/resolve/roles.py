"""A person's name apart from the words that describe them: the title inside a name's entity ("Health Minister
Ana Ferreira"), the title words before a name in its noun phrase, and a descriptor in apposition ("Leif Marstad,
the police spokesman"); each becomes the speaker's role."""

from __future__ import annotations

from ..parse.doc import ParsedDoc
from .lexicon import DETERMINERS, clean, honorific_set, strip_det, words

NON_PERSON_GROUPS = frozenset({"country", "nation", "union", "local"})


def person_tokens(doc: ParsedDoc, first: int, last: int) -> tuple[int, int, str]:
    """The name inside a PERSON entity, grown over hyphenated pieces ("Hae-jin") and the rest of its
    proper-noun chain, without leading titles and honorifics, which are returned as a title."""
    w = words()
    honor = honorific_set()
    toks = doc.tokens
    first, last = _grown(doc, first, last)
    # a role or a noun for a kind of person before the name ("Health Minister Ana Ferreira", "Passenger Marit
    # Jorve", the noun capitalised at the start of a sentence and so read as part of the name)
    kinds = w["person_roles"] | (w["group_heads"] - NON_PERSON_GROUPS)
    roles = [j for j in range(first, last - 1) if toks[j].lemma.lower() in kinds or toks[j].text.lower() in kinds]
    title = []
    if roles and roles[-1] < last - 1:  # "Health Minister Ana Ferreira": the title ends at its last role word
        title = [t.text for t in toks[first : roles[-1] + 1]]
        first = roles[-1] + 1
    while first < last - 1 and (toks[first].text[:1].islower() or toks[first].lemma.lower() in w["person_roles"]
                                or toks[first].text.lower().rstrip(".") in honor or toks[first].upos not in ("PROPN", "X")):
        if toks[first].text.lower().rstrip(".") not in honor:
            title.append(toks[first].text)
        first += 1
    while last > first + 1 and toks[last - 1].text in ("'s", "’s", "'", "’", ",", "-"):
        last -= 1
    return first, last, " ".join(title)


def _grown(doc: ParsedDoc, first: int, last: int) -> tuple[int, int]:
    """An entity's tokens grown over glued hyphenated pieces and the rest of its proper-noun chain, in its sentence."""
    toks = doc.tokens
    sent = toks[first].sent
    while first > 0 and toks[first - 1].sent == sent and (
            (toks[first - 1].end == toks[first].start and (toks[first - 1].text in "-‐‑" or (
                toks[first - 1].text[:1].isalpha() and toks[first - 1].text[:1].isupper())))
            or (toks[first - 1].upos == "PROPN" and toks[first - 1].deprel in ("compound", "flat")
                and first <= toks[first - 1].head < last and toks[first - 1].text[:1].isupper())):
        first -= 1
    while last < len(toks) and toks[last].sent == sent and (
            (toks[last].start == toks[last - 1].end and (toks[last].text in "-‐‑" or toks[last].text[:1].isalpha()))
            or (toks[last].upos == "PROPN" and (toks[last - 1].deprel in ("compound", "flat")
                                                 or toks[last].deprel == "flat") and toks[last].text[:1].isupper())):
        last += 1
    return first, last


def role_around(doc: ParsedDoc, first: int, last: int) -> str:
    """Title words before a name in its noun phrase, or a descriptor in apposition."""
    head = max(range(first, last), key=lambda i: doc.tokens[i].head not in range(first, last))
    role = []
    inside = set(range(first, last)) | {head}
    j = first - 1
    while j >= 0 and doc.tokens[j].head in inside and doc.tokens[j].deprel in (
            "compound", "flat", "amod", "nmod:poss", "case", "nmod", "punct") and doc.tokens[j].sent == doc.tokens[first].sent:
        if doc.tokens[j].deprel == "punct" and not doc.tokens[j].text in ("-", "‑"):
            break
        role.insert(0, doc.tokens[j])
        inside.add(j)
        j -= 1
    appositive = _appositive(doc, head, first)
    if appositive is not None:
        return appositive
    role = [t for t in role if t.upos != "ADP" and t.text.lower().rstrip(".") not in honorific_set()]
    role_text = " ".join(t.text for t in role if t.deprel != "case" or t.text not in ("'s", "’s"))
    return strip_det(clean(role_text.replace(" ’s", "’s").replace(" 's", "'s")))


def _appositive(doc: ParsedDoc, head: int, first: int) -> str | None:
    """The descriptor a name stands in apposition to, or that stands in apposition to it."""
    # "Kessaly’s chief negotiator, Deputy … Renvik" and "Leif Marstad, the police spokesman"
    tok = doc.tokens[head]
    if tok.deprel == "appos":
        h = doc.tokens[tok.head]
        sub = [i for i in doc.subtree(h.i) if i < first]
        if sub:
            return strip_det(clean(doc.span_text(sub[0], h.i + 1)))
    appos = [c for c in doc.children(head) if c.deprel == "appos" and c.upos != "PROPN"]
    if appos:
        sub = doc.subtree(appos[0].i)
        sub = [i for i in sub if not doc.tokens[i].deprel.startswith("acl")]
        return strip_det(clean(doc.span_text(sub[0], appos[0].i + 1)))
    return None


def role_in(doc: ParsedDoc, first: int, last: int, e_first: int, e_last: int) -> str:
    """The role of the name at tokens [e_first, e_last) in the phrase [first, last): the words before the name,
    else the title or descriptor around it."""
    before = [t for t in doc.tokens[first:e_first] if t.text.lower() not in DETERMINERS and t.upos != "ADP"
              and t.text.lower().rstrip(".") not in honorific_set()]
    words_ = [t.text for t in before if t.text not in (",",)]
    role = clean(" ".join(words_).replace(" ’s", "’s").replace(" 's", "'s"))
    if not role:
        return role_around(doc, e_first, e_last)
    return role
