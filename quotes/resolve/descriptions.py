"""Speakers described rather than named: the rules of `phrases.noun_phrase` for common nouns.

- partitives and quantities ("one of the people familiar with the talks", "a majority of voters");
- documents ("the statement said") speak for whoever issued them, never for a nearby person;
- role nouns ("the spokesman", "the governor") → the named holder of that role, else the organisation the role
  serves ("a spokeswoman for the hospital"), else an unnamed or role-typed source;
- unidentified sources ("a senior official") → anonymous; groups and collectives ("residents", "a group of
  neighbours") → group; organisation nouns ("the ministry", "the company") → the organisation the article names.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..extract.syntax import np_span
from ..records import Quote
from .context import Context, Phrase, Who
from .lexicon import DETERMINERS, clean, lower_first, strip_det, words

PARTITIVES = {"one", "two", "three", "four", "five", "some", "several", "many", "most", "none", "both", "each",
              "few", "all"}
QUANTITY_HEADS = {"majority", "minority", "half", "third", "quarter", "percent", "plurality", "share", "proportion"}
AUTHORING = {"publish", "release", "issue", "prepare", "compile", "conduct", "commission", "produce", "write",
             "carry", "run", "draft", "author", "sign", "send", "circulate", "distribute", "post"}
COLLECTIVES = {"group", "coalition", "handful", "number", "band", "crowd", "delegation", "bloc", "team"}
# what "the company" means when the article names no organisation with that word: the one it is most about
COMPANY_NOUNS = ("company", "firm", "operator", "group", "management", "organisation", "organization",
                 "business", "employer", "owner", "carrier", "manufacturer", "producer", "lender")


def partitive(ctx: Context, np: Phrase) -> Who | None:
    """"One of the people familiar with the talks", "two of the authors": unnamed members of a set; "a majority of
    both parties", "Fifty-four percent": poll respondents, a group."""
    doc, head, htok, lemma = ctx.doc, np.head, np.htok, np.lemma
    if lemma in QUANTITY_HEADS and htok.upos == "NOUN" or htok.ent == "PERCENT" and htok.upos in ("NOUN", "NUM"):
        first, last = np_span(doc, head)
        return Who(lower_first(strip_det(clean(doc.span_text(first, last)))), "group", confidence=0.6)
    if lemma not in PARTITIVES or htok.upos not in ("NUM", "PRON", "NOUN", "ADJ", "DET"):
        return None
    inner = next((c for c in doc.children(head) if c.deprel == "nmod" and c.i > head
                  and any(x.deprel == "case" and x.lemma.lower() == "of" for x in doc.children(c.i))), None)
    if inner is None and not doc.children(head) and htok.upos in ("ADJ", "DET", "PRON", "NUM") and lemma != "one":
        # "…, and several acknowledged that …": unnamed members of the set just mentioned
        return Who(lower_first(htok.text), "anonymous", confidence=0.5)
    if inner is None or (doc.tokens[inner.i].xpos not in ("NNS", "NNPS")
                         and doc.tokens[inner.i].lemma.lower() not in ("they", "we", "those", "these")):
        return None
    _, la = np_span(doc, inner.i)
    whole = lower_first(clean(doc.span_text(head, la)))
    return Who(whole, "anonymous", confidence=0.7, one=htok.lemma.lower() == "one")


def document(ctx: Context, np: Phrase) -> Who | None:
    """A document as speaker ("the letter said"): the body it names as its author ("a poll released Monday by the
    Halbrook Civic Institute", "a statement from the foreign ministry"); "the statement" → whoever issued the last
    one ("Harborview said in a statement …"); else nobody, never a nearby person."""
    doc_heads = words()["document_heads"]
    if np.lemma not in doc_heads and np.htok.text.lower() not in doc_heads:
        return None
    who = _document_author(ctx, np.head)
    if who is None and np.det in ("the", "this", "that"):
        who = ctx.authors.get(np.lemma)
    if who is None:  # "a report claimed": no author given; a common noun is never a canonical speaker
        who = Who("", "unknown", confidence=0.4)
    ctx.authors[np.lemma] = who
    return replace(who, confidence=min(who.confidence, 0.6))


def _document_author(ctx: Context, head: int) -> Who | None:
    doc = ctx.doc
    w = words()
    for j in doc.subtree(head):
        t = doc.tokens[j]
        if t.deprel == "nmod:poss" and t.head == head and (t.upos == "PROPN" or t.ent in ("ORG", "PERSON")
                                                              or t.lemma.lower() in w["org_heads"]):
            f, la = np_span(doc, j)  # "Okafor's letter read: …": the letter's owner wrote it
            while la > f and doc.tokens[la - 1].deprel == "case":
                la -= 1
            return ctx.noun_phrase(j, f, la, "")
        if t.deprel not in ("obl:agent", "nmod", "obl") or t.upos not in ("PROPN", "NOUN") or j == head:
            continue
        case = [c.lemma.lower() for c in doc.children(j) if c.deprel == "case"]
        if not set(case) & {"by", "from"}:
            continue
        if t.deprel == "obl:agent" and doc.tokens[t.head].lemma.lower() not in AUTHORING:
            continue  # "government data reviewed by The Ledger": the outlet saw it, it did not write it
        if t.upos == "NOUN" and t.lemma.lower() not in w["org_heads"] and t.ent not in ("ORG", "PERSON"):
            continue
        f, la = np_span(doc, j)
        return ctx.noun_phrase(j, f, la, "")
    return None


def note_frames(ctx: Context, q: Quote, who: Who) -> None:
    """"Harborview said in a statement that …": Harborview is the author of "the statement" later."""
    if q.cue_start is None or who.type == "unknown" or not who.name:
        return
    doc_heads = words()["document_heads"]
    for j in ctx.doc.tokens_between(q.cue_start, q.cue_end):
        if ctx.doc.tokens[j].lemma.lower() in doc_heads:
            ctx.authors[ctx.doc.tokens[j].lemma.lower()] = who


def spokesperson(ctx: Context, np: Phrase) -> Who | None:
    """"the spokesman" → the named spokesman; "a spokeswoman for the hospital" → the hospital; else anonymous."""
    if np.lemma not in words()["spokes_roles"]:
        return None
    if np.det == "the":
        holder = ctx.mentions.holder(np.role_words, np.lemma, np.pos)
        if holder is not None:
            return ctx.person(holder.name, np.pos, holder.role, holder.gender, confidence=0.75)
    nmod_org = attached_org(ctx, np.head, np.first)
    if nmod_org:
        return Who(nmod_org, "organization", role=np.htok.text, confidence=0.8)
    return Who(np.bare, "anonymous", confidence=0.7, one=not np.plural)


def attached_org(ctx: Context, head: int, first: int) -> str | None:
    """The organisation an unnamed role holder speaks for: "a spokeswoman for the hospital",
    "South Korea’s Defence Ministry spokesman", "a US National Security spokesperson"."""
    doc = ctx.doc
    w = words()
    for c in doc.children(head):
        if c.deprel == "nmod" and c.i > head:
            sub = doc.subtree(c.i)
            sub = [i for i in sub if doc.tokens[i].deprel not in ("case",) or i != sub[0]]
            name = strip_det(clean(doc.span_text(sub[0], sub[-1] + 1)))
            named = ctx.mentions.org_named(doc.tokens[c.i].lemma.lower(), doc.tokens[c.i].start)
            if named and doc.tokens[c.i].upos == "NOUN":
                return named
            return name
    mods = [i for i in range(first, head) if doc.tokens[i].deprel in ("compound", "nmod:poss", "amod", "case")
            and doc.tokens[i].text.lower() not in DETERMINERS]
    if mods and any(doc.tokens[i].upos == "PROPN" or doc.tokens[i].lemma.lower() in w["org_heads"]
                    for i in mods):
        return clean(doc.span_text(mods[0], mods[-1] + 1))
    return None


def anonymous(ctx: Context, np: Phrase) -> Who | None:
    """"a senior official", "officials" → anonymous; "the official" → the unnamed official quoted before."""
    lemma, det = np.lemma, np.det
    if lemma not in words()["anonymous_heads"]:
        return None
    if det in ("a", "an") or np.plural or det not in ("the",):
        return Who(np.bare, "anonymous", confidence=0.8, one=not np.plural)
    prev = ctx.last(lambda who: who.type == "anonymous" and lemma in who.name.lower().split())
    return replace(prev, confidence=0.7) if prev else Who(np.bare, "anonymous", confidence=0.6)


def role_holder(ctx: Context, np: Phrase) -> Who | None:
    """"the governor", "Varnia’s finance minister" → the named holder; "a senior lawmaker" → anonymous; else a
    person known only by the role."""
    if np.lemma not in words()["person_roles"] or np.plural:
        return None
    holder = ctx.mentions.holder(np.role_words, np.lemma, np.pos)
    definite = np.det == "the" or any(t.text in ("'s", "’s") or t.deprel == "nmod:poss" for t in np.toks)
    if holder is not None and definite:
        return ctx.person(holder.name, np.pos, holder.role, holder.gender, confidence=0.75)
    if np.det in ("a", "an", "one"):  # "a senior lawmaker", "one Conservative lawmaker"
        return Who(np.bare, "anonymous", confidence=0.6, one=True)
    return Who(np.bare, "person", role=np.bare, confidence=0.5)


def collective(ctx: Context, np: Phrase) -> Who | None:
    """"a group of neighbors opposed to the project": people speaking as a set, not an organisation."""
    doc = ctx.doc
    if np.lemma not in COLLECTIVES:
        return None
    members = next((c for c in doc.children(np.head) if c.deprel == "nmod" and c.xpos in ("NNS", "NNPS") and any(
        x.deprel == "case" and x.lemma.lower() == "of" for x in doc.children(c.i))), None)
    if members is not None and np.det in ("a", "an"):
        return Who(lower_first(np.bare), "group", confidence=0.7)
    return None


def organisation_noun(ctx: Context, np: Phrase) -> Who | None:
    """"the ministry", "police" → the organisation the article names with that word; "the company" → the one the
    article is most about; else the phrase itself."""
    lemma = np.lemma
    if lemma not in words()["org_heads"] and lemma not in ("government", "police"):
        return None
    named = ctx.mentions.org_named(lemma, np.pos)
    if named:
        return Who(named, "organization", confidence=0.8)
    if lemma in COMPANY_NOUNS:
        main = ctx.mentions.main_org(np.pos) if np.det not in ("a", "an") else None
        if main:
            return Who(main, "organization", confidence=0.6)
    return Who(np.bare, "organization", confidence=0.6)


def group(ctx: Context, np: Phrase) -> Who | None:
    """"residents", "farmers" → a group; "one veteran organiser", "a local economist" → one unnamed member."""
    group_heads = words()["group_heads"]
    if not np.plural and np.lemma in group_heads and (np.det in ("a", "an", "one") or any(
            c.deprel == "nummod" and c.lemma.lower() == "one" for c in ctx.doc.children(np.head))):
        return Who(lower_first(np.bare), "anonymous", confidence=0.6, one=True)
    if np.plural or np.lemma in group_heads:
        return Who(lower_first(np.bare), "group", confidence=0.7)
    return None


def institution(ctx: Context, np: Phrase) -> Who | None:
    """"the utility said", "the airline said": an institution, named when the article names it."""
    if np.det == "the" and np.htok.upos == "NOUN":
        named = ctx.mentions.org_named(np.lemma, np.pos)
        return Who(named or np.bare, "organization", confidence=0.5)
    return None


AGED = re.compile(r"(?:the )?(\d+)-(?:year|month)-old", re.IGNORECASE)
PARTY_EPITHET = re.compile(r"[Tt]he (?:Democrat|Republican|Tory|Libertarian|Socialist)")  # "the Republican said"
AGE_REACH = 600  # characters back to the person an age description points to, at most


def aged(ctx: Context, np: Phrase) -> Who | None:
    """"the 58-year-old said" → the person given that age (`Lind, 58,`), else the person named last before it,
    nearby; never a person named inside a quotation. So for a party label standing for a person ("the Republican
    said")."""
    m = AGED.fullmatch(np.text.strip())
    if m is None and not PARTY_EPITHET.fullmatch(np.text.strip()):
        return None
    before = [p for p in ctx.mentions.persons if p.pos < np.pos and not ctx.mentions.quoted(p.pos)]
    text = ctx.doc.text
    same_age = [p for p in before if m and re.match(rf"[^,]{{0,40}},\s*{m.group(1)}\b", text[p.pos : p.pos + 60])]
    near = [p for p in before if np.pos - p.pos <= AGE_REACH]
    p = (same_age or near or [None])[-1]
    return None if p is None else ctx.person(p.name, np.pos, p.role, p.gender, confidence=0.6)


def unknown(ctx: Context, np: Phrase) -> Who:
    return Who(np.bare, "unknown", confidence=0.3)


RULES = (document, spokesperson, anonymous, role_holder, collective, organisation_noun, group, institution)
