"""What can be a speaker: the people and organisations an article names, in reading order.

Each person comes with the position of the mention, the role the article gives them (a title or a descriptor)
and a gender when the article shows one (an honorific, a common given name, he/she opening the next
sentence); the writers in a byline or a credit line are left out, so they are never sources or antecedents.
The lookups find the full name behind a surname, the named holder of a role, and the organisation a common
noun ("the company", "the ministry") stands for."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..parse.doc import ParsedDoc
from .lexicon import (
    DETERMINERS,
    FEMALE_PRONOUNS,
    MALE_PRONOUNS,
    bare_honorifics,
    clean,
    first_name_gender,
    honorific_gender,
    is_media_name,
    name_key,
    strip_det,
    title_abbreviations,
    words,
)
from .roles import person_tokens, role_around

# a byline ("By Nathaniel Osgood", "By ELENA MARSH and TOBIAS KREMER, Capital Press") or a wire's credit line
# ("(Reporting by Anika Sorensen in Dunmore; Editing by Joan Kerrigan)")
CREDIT_LINE = re.compile(r"(?m)^[ \t]*(?:By|BY) [A-Z][^\n.!?]{0,100}$"
                         r"|\((?:Additional )?(?:[Rr]eporting|[Ww]riting|[Ee]diting) by [^)\n]*\)")
# state bodies and the like, which "the company" or "the operator" does not mean
PUBLIC_BODIES = {"ministry", "government", "police", "parliament", "court", "union", "federation", "party",
                 "council", "office", "authority", "agency", "bank", "league", "association", "alliance"}


@dataclass
class Person:
    name: str
    pos: int  # char offset of the mention
    role: str
    gender: str
    sent: int


def org_read_as_person(doc: ParsedDoc, e) -> bool:
    """A PERSON entity whose last word names an institution ("Kolvane Minerals", "Halvik Line"): a company."""
    return e.label == "PERSON" and e.last - e.first > 1 and doc.tokens[e.last - 1].text.lower() in words()["org_heads"]


class Mentions:
    """The people (`persons`) and organisations (`orgs`: position, name, entity label) an article names."""

    def __init__(self, doc: ParsedDoc):
        self.doc = doc
        self.persons: list[Person] = []
        self.orgs: list[tuple[int, str, str]] = []  # (pos, name, label)
        from ..extract.marks import find_spans

        self._quotes = [(q.start, q.end) for q in find_spans(doc.text)]
        self._collect()

    def quoted(self, pos: int) -> bool:
        """Whether char `pos` lies inside quotation marks."""
        return any(s <= pos < e for s, e in self._quotes)

    def _collect(self) -> None:
        doc = self.doc
        credits = [(m.start(), m.end()) for m in CREDIT_LINE.finditer(doc.text)]
        for e in doc.ents:
            name = clean(doc.text[e.start : e.end])
            if any(s <= e.start < t for s, t in credits):
                continue  # the byline's or the credit line's writers are never sources or antecedents
            if org_read_as_person(doc, e):
                self.orgs.append((e.start, strip_det(name), "ORG"))
                continue
            if e.label == "PERSON":
                self._add_person(e)
            elif e.label in ("ORG", "GPE", "NORP", "FAC"):
                self.orgs.append((e.start, strip_det(name), e.label))
        self._honorific_genders()
        self._share_genders()

    def _add_person(self, e) -> None:
        doc = self.doc
        f, la, title = person_tokens(doc, e.first, e.last)
        name = clean(doc.span_text(f, la))
        if not name:
            return
        around = role_around(doc, f, la)
        role = around if title and title in around else " ".join(x for x in (around, title) if x)
        gender = (honorific_gender(doc, f) or first_name_gender(name)
                  or self._pronoun_gender(la, doc.tokens[f].sent))
        self.persons.append(Person(name, doc.tokens[f].start, role, gender, doc.tokens[f].sent))

    def _share_genders(self) -> None:
        """A gender seen on any mention of a name holds for the fuller and shorter forms of it."""
        for p in self.persons:
            if p.gender:
                continue
            key = set(name_key(p.name).split())
            others = [o.gender for o in self.persons if o.gender and key & set(name_key(o.name).split())
                      and (key <= set(name_key(o.name).split()) or set(name_key(o.name).split()) <= key)]
            if others and len(set(others)) == 1:
                p.gender = others[0]

    def _honorific_genders(self) -> None:
        """"Ms Strenn" makes the nearest Strenn introduced before her female (namesakes told apart)."""
        doc = self.doc
        male, female = bare_honorifics("honorifics_male"), bare_honorifics("honorifics_female")
        for t in doc.tokens[:-1]:
            lw = t.text.lower().rstrip(".")
            g = "m" if lw in male else ("f" if lw in female else "")
            nxt = doc.tokens[t.i + 1]
            if not g or nxt.upos != "PROPN":
                continue
            key = name_key(nxt.text)
            namesakes = {name_key(p.name) for p in self.persons if key in name_key(p.name).split()
                         and len(p.name.split()) > 1}
            if len(namesakes) != 1:
                continue  # two people share the surname: the honorific tells them apart, it does not type them
            for p in self.persons:
                if name_key(p.name) in namesakes and not p.gender:
                    p.gender = g

    def _pronoun_gender(self, name_end: int, sent: int) -> str:
        """he/she opening the next sentence, outside quotation marks, when the name is its sentence's
        subject and nobody else is named in between (weak evidence; honorifics and given names come first)."""
        doc = self.doc
        name_tok = doc.tokens[name_end - 1]
        if name_tok.deprel != "nsubj" or not doc.tokens[name_tok.head].is_root:
            return ""
        male = female = 0
        for t in doc.tokens[name_end:]:
            if t.sent > sent + 1:
                break
            if t.upos == "PROPN" and t.ent == "PERSON":
                break
            if t.sent == sent or t.deprel not in ("nsubj", "nsubj:pass") or self.quoted(t.start):
                continue
            lw = t.text.lower()
            male += lw in MALE_PRONOUNS
            female += lw in FEMALE_PRONOUNS
        if male > female:
            return "m"
        if female > male:
            return "f"
        return ""

    def full_name(self, partial: str, pos: int, gender: str) -> Person | None:
        """The person a surname or partial name refers to: nearest before `pos`, else first after."""
        key = name_key(partial).split()
        if not key:
            return None
        cands = []
        for p in self.persons:
            pk = name_key(p.name).split()
            if len(pk) <= len(key) and pk != key:
                continue
            if all(k in pk for k in key) and (not gender or not p.gender or p.gender == gender):
                cands.append(p)
        if not cands:
            return None
        longest = max(len(name_key(p.name)) for p in cands)
        before = [p for p in cands if p.pos < pos]
        if before:
            # prefer the fullest form among those before
            best = before[-1]
            fuller = [p for p in before if name_key(best.name) in name_key(p.name) and len(p.name) > len(best.name)]
            return fuller[-1] if fuller else best
        after = [p for p in cands if p.pos >= pos]
        return after[0] if after and len(name_key(after[0].name)) <= longest else None

    def holder(self, role_words: list[str], head: str, pos: int) -> Person | None:
        """The named person holding a role ("the governor", "Varnia’s finance minister")."""
        cands = []
        abbr = title_abbreviations()
        for p in self.persons:
            rw = {x.lower() for x in re.findall(r"[\w-]+", p.role)}
            rw |= {abbr[x] for x in rw if x in abbr}  # "Gov." holds "the governor"
            if head not in rw and not any(head in x for x in rw):
                continue
            mods = [m for m in role_words if m not in DETERMINERS and m != head and not m.endswith(("'s", "’s"))]
            if mods and not any(m in rw for m in mods):
                continue
            cands.append(p)
        before = [p for p in cands if p.pos < pos]
        if before:
            return before[-1]
        return cands[0] if cands else None

    def main_org(self, pos: int) -> str | None:
        """The organisation the article is most about, among those named before `pos` (a company, not a
        state body or an outlet): what "the company" or "the operator" usually means."""
        w = words()
        counts: Counter = Counter()
        last_seen: dict[str, int] = {}
        for p, n, label in self.orgs:
            if p >= pos or label not in ("ORG", "FAC") or is_media_name(n):
                continue
            toks = set(name_key(n).split())
            if toks & PUBLIC_BODIES or toks & w["media_heads"]:
                continue
            counts[n] += 1
            last_seen[n] = p
        if any(len(n.split()) > 1 for n in counts):  # a lone capitalised word seen once is often a place misread
            counts = Counter({n: c for n, c in counts.items() if len(n.split()) > 1 or c > 1})
        if not counts:
            return None
        heads = w["org_heads"]  # a name that says it is an organisation ("Kolvane Minerals") counts once more
        return max(counts, key=lambda n: (counts[n] + (n.split()[-1].lower() in heads), last_seen[n]))

    def org_named(self, head: str, pos: int) -> str | None:
        """An organisation the article names whose name contains `head` (nearest before, else first after)."""
        cands = [(p, n) for p, n, label in self.orgs if label in ("ORG", "FAC") and head in n.lower().split()]
        before = [n for p, n in cands if p < pos]
        if before:
            return max((n for n in before if name_key(before[-1]) in name_key(n)), key=len, default=before[-1])
        return cands[0][1] if cands else None
