"""What a speaker noun phrase refers to (`noun_phrase`): an ordered chain of rules, the first that answers wins.

This module holds the chain and the rules for names: conjoined names (a group), a surname the article
introduced in full, a name in apposition to a description, named persons and outlets, and other proper names
(places and nations, organisations, a name the tagger missed). The rules for common nouns (roles,
spokespeople, unnamed sources, groups, documents) are in `descriptions`."""

from __future__ import annotations

from collections.abc import Callable

from ..parse.doc import ParsedDoc
from . import descriptions
from .context import Context, Phrase, Who
from .lexicon import (
    clean,
    government_agency,
    honorific_gender,
    is_country,
    is_media_name,
    lower_first,
    strip_det,
    words,
)
from .roles import person_tokens, role_in

NAMED_LABELS = ("ORG", "GPE", "NORP", "FAC")
OUTLET_NOUNS = {"newspaper", "daily", "paper", "broadcaster", "television", "radio", "agency", "magazine", "outlet",
                "channel", "website", "tabloid", "weekly", "network", "wire", "news"}

Rule = Callable[[Context, Phrase], Who | None]


def noun_phrase(ctx: Context, head: int, first: int, last: int, cue: str) -> Who:
    """The source the phrase at tokens [first, last), headed by `head`, names or describes."""
    np = Phrase(ctx.doc, head, first, last, cue)
    for rule in RULES:
        who = rule(ctx, np)
        if who is not None:
            return who
    return descriptions.unknown(ctx, np)


def entity_root(doc: ParsedDoc, e) -> int:
    """The token of entity `e` whose head lies outside it."""
    return next((i for i in range(e.first, e.last) if not e.first <= doc.tokens[i].head < e.last), e.last - 1)


def conjoined(ctx: Context, np: Phrase) -> Who | None:
    """"Varnia and Kessaly said": named parties speaking together, a group."""
    doc = ctx.doc
    conj = [c for c in doc.children(np.head) if c.deprel == "conj"]
    if conj and np.htok.ent in ("GPE", "ORG", "NORP", "PERSON") and all(
            c.ent in ("GPE", "ORG", "NORP", "PERSON") for c in conj):
        return Who(np.bare, "group", confidence=0.8)
    return None


def known_surname(ctx: Context, np: Phrase) -> Who | None:
    """A surname the tagger took for a common noun, an organisation or an adverb ("Petrakis said", "Reyes said",
    "Tolliver countered"), introduced in full elsewhere in the article."""
    htok = np.htok
    if np.last - np.first == 1 and htok.upos in ("PROPN", "NOUN", "ADV", "ADJ", "X", "INTJ") and htok.text[:1].isupper():
        known = ctx.mentions.full_name(htok.text, np.pos, "")
        if known is not None and len(known.name.split()) > 1:
            return ctx.person(known.name, np.pos, known.role, known.gender)
    return None


def named_in_apposition(ctx: Context, np: Phrase) -> Who | None:
    """"a spokesman for the president, Jonah Reyes": the named holder speaks, the words before describe them."""
    doc = ctx.doc
    named = next((e for e in np.persons if doc.tokens[entity_root(doc, e)].deprel == "appos"), None)
    if named is None or named.first <= np.first:
        return None
    f, la, _ = person_tokens(doc, named.first, named.last)
    role = strip_det(clean(doc.span_text(np.first, named.first)))
    return ctx.person(doc.span_text(f, la), doc.tokens[f].start, role, honorific_gender(doc, f))


def named_outlet(ctx: Context, np: Phrase) -> Who | None:
    """"the business daily Ekonomen", "the regional newspaper Nordmark Gazette", "Japan’s Kyodo news agency"."""
    doc = ctx.doc
    span = doc.tokens[np.first:np.last]
    if not any(t.upos in ("NOUN", "ADJ") and t.lemma.lower() in OUTLET_NOUNS for t in span):
        return None
    poss = [t.i for t in span if t.text in ("'s", "’s")]
    start = poss[-1] + 1 if poss else np.first  # "Japan’s Kyodo news agency" → Kyodo
    names = [t for t in doc.tokens[start:np.last] if t.upos == "PROPN"]
    if names:
        return Who(clean(doc.span_text(names[0].i, names[-1].i + 1)), "media", confidence=0.85)
    return None


def person_entity(ctx: Context, np: Phrase) -> Who | None:
    """A person the tagger named, with the words around the name as the role ("Kremlin spokesman Dmitry Peskov")."""
    doc, person = ctx.doc, np.persons
    if not person or not (np.htok.upos == "PROPN" or any(e.first <= np.head < e.last for e in person)):
        return None
    e = next((e for e in person if e.first <= np.head < e.last), person[-1])
    f, la, _ = person_tokens(doc, e.first, e.last)
    role = role_in(doc, np.first, np.last, f, la)
    return ctx.person(doc.span_text(f, la), doc.tokens[f].start, role, honorific_gender(doc, f))


def known_proper_name(ctx: Context, np: Phrase) -> Who | None:
    """A proper noun that is part of a fuller person name the article gives ("Mr Peskov" → "Dmitry Peskov")."""
    doc, head = ctx.doc, np.head
    if np.htok.upos != "PROPN":
        return None
    f, la, _ = person_tokens(doc, head, head + 1)
    known = ctx.mentions.full_name(doc.span_text(f, la), np.pos, honorific_gender(doc, f))
    if known is not None and len(known.name.split()) > 1:
        return ctx.person(known.name, np.pos, role_in(doc, np.first, np.last, f, la), honorific_gender(doc, f))
    return None


def outlet(ctx: Context, np: Phrase) -> Who | None:
    """A news outlet, by the name the phrase gives it ("the newspaper Nordmark Gazette said") or as written."""
    doc, htok, lemma = ctx.doc, np.htok, np.lemma
    if not (lemma in words()["media_heads"] and not government_agency(lemma, [t.lemma.lower() for t in np.toks])
            or is_media_name(np.text)):
        return None
    if np.orgs and htok.upos == "NOUN":
        named = np.orgs[-1]
        nm = strip_det(clean(doc.text[named.start : named.end]))
        if named.label == "ORG" and not is_country(named.label, nm):
            role = strip_det(clean(doc.span_text(named.last, np.last))) if named.last < np.last else ""
            return Who(nm, "media", role=role, confidence=0.9)
    return Who(np.bare, "media", confidence=0.85)


def proper_name(ctx: Context, np: Phrase) -> Who | None:
    """A proper name or a named entity other than a person the tagger found: a member of a nation, an
    organisation with a description, a described person, a place or a party, else a guess from its form."""
    if not (np.htok.upos == "PROPN" or np.htok.ent in NAMED_LABELS):
        return None
    for rule in (_one_member, _described_organisation, _described_person, _typed_name):
        who = rule(ctx, np)
        if who is not None:
            return who
    return _unrecognised_name(ctx, np)


def _one_member(ctx: Context, np: Phrase) -> Who | None:
    """"one senior Conservative": a member, unnamed."""
    if np.htok.ent == "NORP" and not np.plural and np.det in ("a", "an", "one"):
        return Who(lower_first(clean(np.text)), "anonymous", confidence=0.6, one=True)
    return None


def _described_organisation(ctx: Context, np: Phrase) -> Who | None:
    """"the opposition Green Alliance": the name is the entity, the words before it describe it."""
    doc = ctx.doc
    own = next((e for e in np.orgs if e.first <= np.head < e.last), None)
    if own is not None and own.first > np.first and any(
            t.upos in ("NOUN", "ADJ") for t in doc.tokens[np.first : own.first]):
        role = strip_det(clean(doc.span_text(np.first, own.first)))
        return Who(strip_det(clean(doc.text[own.start : own.end])), "organization", role=role, confidence=0.85)
    return None


def _described_person(ctx: Context, np: Phrase) -> Who | None:
    """"Her son, Tomasz, 24, …", "Okoro, a nurse, …": a name the tagger missed, described as a person."""
    doc, htok = ctx.doc, np.htok
    described = doc.tokens[htok.head] if htok.deprel == "appos" else next(
        (c for c in doc.children(np.head) if c.deprel == "appos"), None)
    if described is None or described.lemma.lower() not in words()["person_roles"]:
        return None
    sub = doc.subtree(described.i)
    role = strip_det(clean(doc.span_text(sub[0], described.i + 1))) if sub[0] <= described.i else ""
    return ctx.person(np.bare, np.pos, role, "")


def _typed_name(ctx: Context, np: Phrase) -> Who | None:
    """A name whose entity label (or head word) says what it is: a place, a nation, a person, an organisation."""
    w = words()
    ent, name = np.htok.ent, np.bare
    if ent == "GPE" or (np.orgs and np.orgs[-1].label == "GPE" and np.lemma not in w["org_heads"]):
        return Who(name, "organization", confidence=0.8)
    if ent == "NORP" and np.plural:
        return Who(name, "group", confidence=0.6)
    if ent == "PERSON" and not (len(name.split()) > 1 and np.htok.text.lower() in w["org_heads"]):
        return ctx.person(name, np.pos, "", "")  # (not "Halvik Line", "Kolvane Minerals": named as companies)
    if ent in ("ORG", "FAC") or np.lemma in w["org_heads"] or np.htok.text.isupper():
        return Who(name, "organization", confidence=0.85)
    return None


def _unrecognised_name(ctx: Context, np: Phrase) -> Who:
    """An unrecognised proper name: a person if it looks like one, or a surname we know."""
    name = np.bare
    known = ctx.mentions.full_name(name, np.pos, "")
    if known is not None:
        return ctx.person(known.name, np.pos, "", "")
    if 1 <= len(name.split()) <= 3 and all(p[:1].isupper() for p in name.split()):
        return ctx.person(name, np.pos, "", honorific_gender(ctx.doc, np.first))
    return Who(name, "organization", confidence=0.5)


RULES: tuple[Rule, ...] = (
    descriptions.aged, conjoined, descriptions.partitive, known_surname, named_in_apposition, named_outlet, person_entity,
    known_proper_name, outlet, proper_name, *descriptions.RULES,
)
