"""Pronoun speakers: he/she → the most recent speaker of compatible gender, unless a person of that gender has
since been the subject of a main clause (or is the subject of the pronoun's own sentence); it → the most recent
organisation or outlet; they/we → the most recent plural subject or group. A pronoun that finds nobody is
left unattributed: a pronoun is never a canonical speaker."""

from __future__ import annotations

from dataclasses import replace

from ..extract.syntax import np_span
from ..parse.doc import Token
from .context import Context, Who
from .lexicon import FEMALE_PRONOUNS, MALE_PRONOUNS, honorific_gender, is_media_name, name_key, words
from .roles import person_tokens


def pronoun(ctx: Context, tok: Token, pos: int, content: tuple[int, int] = (0, 0)) -> Who:
    """The source pronoun `tok` (at char `pos`, attributing the words at `content`) refers to."""
    lw = tok.text.lower()
    if lw in MALE_PRONOUNS or lw in FEMALE_PRONOUNS:
        return _personal(ctx, tok, pos, content, "m" if lw in MALE_PRONOUNS else "f")
    if lw == "it":
        prev = ctx.last(lambda who: who.type in ("organization", "media"), before=pos)
        if prev is not None:
            return replace(prev, confidence=0.75)
        orgs = [n for p, n, label in ctx.mentions.orgs if p < pos and label in ("ORG",)]
        if orgs:
            return Who(orgs[-1], "media" if is_media_name(orgs[-1]) else "organization", confidence=0.5)
        return Who("", "unknown", confidence=0.2)
    if lw in ("they", "we"):
        subj = _plural_subject(ctx, pos)
        if subj is not None:
            return subj
        prev = ctx.last(lambda who: who.type in ("group", "anonymous", "organization"), before=pos)
        if prev is not None:
            return replace(prev, confidence=0.6)
    return Who("", "unknown", confidence=0.2)


def _personal(ctx: Context, tok: Token, pos: int, content: tuple[int, int], g: str) -> Who:
    """he or she (gender `g`)."""
    same = _sentence_subject(ctx, tok, g, content)
    if same is not None:  # "Schumer, asked …, said he believed …": the sentence's own subject
        ctx.genders.setdefault(name_key(same.name), g)
        return replace(same, gender=g, confidence=0.8)
    latest = ctx.last(lambda who: True, before=pos)
    if latest is not None and latest.one and ctx.gender_of(latest) in ("", g) and _intervening_subject(
            ctx, g, pos, after=_last_pos(ctx, latest, pos), content=content) is None:
        return replace(latest, gender=g, confidence=0.7)  # "A diplomat … said …. “…,” he said."
    prev = ctx.last(lambda who: who.type == "person" and ctx.gender_of(who) in ("", g), before=pos)
    better = _intervening_subject(ctx, g, pos, after=_last_pos(ctx, prev, pos), content=content)
    if better is not None:
        ctx.genders.setdefault(name_key(better.name), g)
        return replace(better, gender=g, confidence=0.7)
    if prev is not None:
        ctx.genders.setdefault(name_key(prev.name), g)
        return replace(prev, gender=g, confidence=0.85)
    person = _recent_person(ctx, g, pos)
    if person is not None:
        return replace(person, confidence=0.6)
    role = _role_subject(ctx, pos)
    if role is not None and ctx.gender_of(role) in ("", g):  # "The prime minister has promised … she told"
        return role
    person = _next_person(ctx, g, pos)
    if person is not None:
        return replace(person, confidence=0.5)
    return Who("", "unknown", confidence=0.2)  # a pronoun is never a canonical speaker: unattributed


def _sentence_subject(ctx: Context, tok: Token, gender: str, content: tuple[int, int]) -> Who | None:
    """A named person who is a subject earlier in the pronoun's own sentence, outside what was said
    ("Strenn had not read it, she suggested": Strenn is talked about, not talking)."""
    doc = ctx.doc
    sent = doc.sents[tok.sent]
    for t in doc.tokens[sent.first : tok.i]:
        if content[0] <= t.start < content[1]:
            continue
        if t.deprel == "nsubj" and t.upos == "PROPN" and t.ent == "PERSON" and not ctx.mentions.quoted(t.start):
            cand = ctx.person(_entity_name(ctx, t.i), t.start, "", "")
            if len(cand.name.split()) > 1 and ctx.gender_of(cand) in ("", gender):
                return cand
    return None


def _recent_subjects(ctx: Context, pos: int, sentences: int) -> list[Token]:
    """Subjects in the sentence at `pos` and the `sentences` before it, nearest first."""
    doc = ctx.doc
    tok = doc.token_at(pos)
    if tok < 0:
        return []
    sent = doc.tokens[tok].sent
    return [t for t in reversed(doc.tokens[:tok]) if t.sent >= sent - sentences
            and t.deprel in ("nsubj", "nsubj:pass")]


def _role_subject(ctx: Context, pos: int) -> Who | None:
    """A definite role holder ("the prime minister") who was the subject of a recent sentence."""
    doc = ctx.doc
    w = words()
    for t in _recent_subjects(ctx, pos, 3):
        if (t.deprel == "nsubj" and t.upos == "NOUN" and t.lemma.lower() in w["person_roles"]
                and t.xpos == "NN" and not ctx.mentions.quoted(t.start)):
            f, la = np_span(doc, t.i)
            who = ctx.noun_phrase(t.i, f, la, "")
            if who.type == "person":
                return replace(who, confidence=0.5)
    return None


def _last_pos(ctx: Context, who: Who | None, pos: int) -> int:
    """Where `who` was last resolved before `pos` (-1: never)."""
    if who is None:
        return -1
    for p, w in reversed(ctx.history):
        if w is who and p < pos:
            return p
    return -1


def _intervening_subject(ctx: Context, gender: str, pos: int, after: int,
                         content: tuple[int, int] = (0, 0)) -> Who | None:
    """A person of the right gender who became the subject of a main clause after the last speaker
    (not inside the words being attributed)."""
    doc = ctx.doc
    if after < 0:
        return None
    best = None
    for t in doc.tokens:
        if t.start <= after or t.start >= pos or content[0] <= t.start < content[1]:
            continue
        if t.deprel != "nsubj" or t.ent != "PERSON" or not doc.tokens[t.head].is_root:
            continue
        if doc.tokens[t.head].start >= pos:
            continue
        name = _entity_name(ctx, t.i)
        cand = ctx.person(name, t.start, "", honorific_gender(doc, t.i - 1 if t.i else 0))
        if len(cand.name.split()) < 2:
            continue  # a lone word the tagger took for a person ("Kessaly had agreed …")
        if ctx.gender_of(cand) in ("", gender):
            best = cand
    return best


def _entity_name(ctx: Context, i: int) -> str:
    """The name of the person entity holding token `i`, without titles ("Welder Marta Osk" → "Marta Osk")."""
    e = ctx.doc.entity_of(i)
    if e is None:
        return ctx.doc.tokens[i].text
    f, la, _ = person_tokens(ctx.doc, e.first, e.last)
    return ctx.doc.span_text(f, la)


def _recent_person(ctx: Context, gender: str, pos: int) -> Who | None:
    for p in reversed(ctx.mentions.persons):
        if p.pos < pos and p.gender in ("", gender) and len(p.name.split()) > 1:
            return Who(p.name, "person", role=p.role, gender=p.gender or gender)
    return None


def _next_person(ctx: Context, gender: str, pos: int) -> Who | None:
    """A he/she before anyone is named ("a day after he suggested …. … the envoy, Gideon Marlowe, …"): the
    first person of that gender named in the next two sentences."""
    tok = ctx.doc.token_at(pos)
    sent = ctx.doc.tokens[tok].sent if tok >= 0 else -1
    for p in ctx.mentions.persons:
        if p.pos > pos and p.sent <= sent + 2 and p.gender in ("", gender) and len(p.name.split()) > 1:
            return Who(p.name, "person", role=p.role, gender=p.gender or gender)
    return None


def _plural_subject(ctx: Context, pos: int) -> Who | None:
    doc = ctx.doc
    for t in _recent_subjects(ctx, pos, 2):
        if t.xpos in ("NNS", "NNPS") and t.upos in ("NOUN", "PROPN"):
            f, la = np_span(doc, t.i)
            return replace(ctx.noun_phrase(t.i, f, la, ""), confidence=0.6)
    return None
