"""Resolve stage: link each quote's speaker mention to one canonical speaker.

In an article (`resolve_article`):
- names: the person or organisation entity in the mention, titles and descriptors going to
  `speaker_role`; a surname or honorific form ("Mr Peskov", "Peskov") becomes the full name introduced
  in the article (the nearest before, else the first after), honorifics telling namesakes apart;
- pronouns: he/she → the most recent speaker of compatible gender, unless a person of compatible gender
  has since been the subject of a main clause; it → the most recent organisation; they → the most recent
  plural subject or group;
- relative pronouns ("officials, who said") → their antecedent, resolved as a mention itself;
- nominal mentions ("the spokesman", "the ministry", "police") → the named holder of that role or the
  organisation the article names (nearest before, else first after), else a role-typed source;
- unnamed spokespeople ("a spokeswoman for the hospital") → the organisation, role "spokeswoman";
  unidentified sources ("a senior official", "US officials") → anonymous; plural open sources → group.

Across articles (`canonicalize`): names are normalised for case, hyphens, spacing, diacritics and
honorifics so variants merge; a lone surname joins a full name only when exactly one person in the
corpus carries it; a speaker registry pins canonical names, types, roles and external ids.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import InputError
from .parse.doc import ParsedDoc, Token
from .records import Article, Quote

DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "some",
               "two", "three", "four", "several", "many", "one"}
OUTLET_NOUNS = {"newspaper", "daily", "paper", "broadcaster", "television", "radio", "agency", "magazine", "outlet",
                "channel", "website", "tabloid", "weekly", "network", "wire", "news"}
PARTITIVES = {"one", "two", "three", "four", "five", "some", "several", "many", "most", "none", "both", "each",
              "few", "all"}
QUANTITY_HEADS = {"majority", "minority", "half", "third", "quarter", "percent", "plurality", "share", "proportion"}
AUTHORING = {"publish", "release", "issue", "prepare", "compile", "conduct", "commission", "produce", "write",
             "carry", "run", "draft", "author", "sign", "send", "circulate", "distribute", "post"}
COLLECTIVES = {"group", "coalition", "handful", "number", "band", "crowd", "delegation", "bloc", "team"}
MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
APOSTROPHE_S = re.compile(r"(?:'s|’s|'|’)$")
# a byline ("By Nathaniel Osgood", "By ELENA MARSH and TOBIAS KREMER, Capital Press") or a wire's credit line
# ("(Reporting by Anika Sorensen in Dunmore; Editing by Joan Kerrigan)")
CREDIT_LINE = re.compile(r"(?m)^[ \t]*(?:By|BY) [A-Z][^\n.!?]{0,100}$"
                         r"|\((?:Additional )?(?:[Rr]eporting|[Ww]riting|[Ee]diting) by [^)\n]*\)")


@lru_cache(maxsize=1)
def words() -> dict[str, frozenset[str]]:
    raw = json.loads(resources.files("quotes").joinpath("data/speakers.json").read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_") and isinstance(v, list)}


@lru_cache(maxsize=1)
def title_abbreviations() -> dict[str, str]:
    raw = json.loads(resources.files("quotes").joinpath("data/speakers.json").read_text(encoding="utf-8"))
    return dict(raw.get("title_abbreviations", {}))


@lru_cache(maxsize=1)
def _first_names() -> dict[str, str]:
    raw = json.loads(resources.files("quotes").joinpath("data/first_names.json").read_text(encoding="utf-8"))
    out = {n: "m" for n in raw["male"]}
    out.update({n: "f" for n in raw["female"]})
    return out


def first_name_gender(name: str) -> str:
    """Weak evidence from a common given name ("Peter" m, "Nora" f); "" when unknown or one word."""
    parts = name_key(name).split()
    return _first_names().get(parts[0], "") if len(parts) > 1 else ""


@dataclass(frozen=True)
class Who:
    """A resolved source."""

    name: str
    type: str
    role: str = ""
    gender: str = ""
    confidence: float = 1.0
    one: bool = False  # a single unnamed person ("a diplomat"): he or she may refer back to them


UNKNOWN = Who("", "unknown", confidence=0.0)


@lru_cache(maxsize=1 << 16)  # called for every name on every comparison; names repeat across a corpus
def name_key(name: str) -> str:
    """Normalised form of a name for matching: case, diacritics, hyphens, spaces, honorifics, "the"."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("’", "'").replace("‘", "'")
    s = APOSTROPHE_S.sub("", s.strip())
    s = re.sub(r"[-‐‑–—_.]", " ", s)
    toks = [t for t in s.split() if t]
    honor = words()["honorifics_male"] | words()["honorifics_female"] | words()["honorifics"]
    while toks and (toks[0] in honor or toks[0].rstrip(".") in honor or toks[0] == "the"):
        toks = toks[1:]
    return " ".join(toks)


def _clean(text: str) -> str:
    text = APOSTROPHE_S.sub("", text.strip()) if text.strip().endswith(("'s", "’s")) else text.strip()
    return re.sub(r"\s+", " ", text).strip(" ,;:")


def _strip_det(text: str) -> str:
    parts = text.split()
    while parts and parts[0].lower() in DETERMINERS:
        parts = parts[1:]
    return " ".join(parts)


@lru_cache(maxsize=8)
def _bare_honorifics(kind: str) -> frozenset[str]:
    """The honorifics of `kind` without their trailing period ("mr", "mrs")."""
    return frozenset(h.rstrip(".") for h in words()[kind])


@dataclass
class _Person:
    name: str
    pos: int  # char offset of the mention
    role: str
    gender: str
    sent: int


class _Article:
    """What the article says about people and organisations, for resolving mentions."""

    def __init__(self, doc: ParsedDoc):
        self.doc = doc
        self.persons: list[_Person] = []
        self.orgs: list[tuple[int, str, str]] = []  # (pos, name, label)
        from .extract.marks import find_spans

        self._quotes = [(q.start, q.end) for q in find_spans(doc.text)]
        self._collect()

    def _quoted(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self._quotes)

    def _collect(self) -> None:
        doc = self.doc
        credits = [(m.start(), m.end()) for m in CREDIT_LINE.finditer(doc.text)]
        for e in doc.ents:
            name = _clean(doc.text[e.start : e.end])
            if any(s <= e.start < t for s, t in credits):
                continue  # the byline's or the credit line's writers are never sources or antecedents
            if _org_read_as_person(doc, e):
                self.orgs.append((e.start, _strip_det(name), "ORG"))
                continue
            if e.label == "PERSON":
                f, la, title = person_tokens(doc, e.first, e.last)
                name = _clean(doc.span_text(f, la))
                if not name:
                    continue
                around = self._role_around(f, la)
                role = around if title and title in around else " ".join(x for x in (around, title) if x)
                gender = (_honorific_gender(doc, f) or first_name_gender(name)
                          or self._pronoun_gender(la, doc.tokens[f].sent))
                self.persons.append(_Person(name, doc.tokens[f].start, role, gender, doc.tokens[f].sent))
            elif e.label in ("ORG", "GPE", "NORP", "FAC"):
                self.orgs.append((e.start, _strip_det(name), e.label))
        self._honorific_genders()
        self._share_genders()

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
        male, female = _bare_honorifics("honorifics_male"), _bare_honorifics("honorifics_female")
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

    def _role_around(self, first: int, last: int) -> str:
        """Title words before a name in its noun phrase, or a descriptor in apposition."""
        doc = self.doc
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
        # "Kessaly’s chief negotiator, Deputy … Renvik" and "Leif Marstad, the police spokesman"
        tok = doc.tokens[head]
        if tok.deprel == "appos":
            h = doc.tokens[tok.head]
            sub = [i for i in doc.subtree(h.i) if i < first]
            if sub:
                return _strip_det(_clean(doc.span_text(sub[0], h.i + 1)))
        appos = [c for c in doc.children(head) if c.deprel == "appos" and c.upos != "PROPN"]
        if appos:
            sub = doc.subtree(appos[0].i)
            sub = [i for i in sub if not doc.tokens[i].deprel.startswith("acl")]
            return _strip_det(_clean(doc.span_text(sub[0], appos[0].i + 1)))
        role = [t for t in role if t.upos != "ADP" and t.text.lower().rstrip(".") not in _honorific_set()]
        role_text = " ".join(t.text for t in role if t.deprel != "case" or t.text not in ("'s", "’s"))
        return _strip_det(_clean(role_text.replace(" ’s", "’s").replace(" 's", "'s")))

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
            if t.sent == sent or t.deprel not in ("nsubj", "nsubj:pass") or self._quoted(t.start):
                continue
            lw = t.text.lower()
            male += lw in MALE_PRONOUNS
            female += lw in FEMALE_PRONOUNS
        if male > female:
            return "m"
        if female > male:
            return "f"
        return ""

    def full_name(self, partial: str, pos: int, gender: str) -> _Person | None:
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

    def holder(self, role_words: list[str], head: str, pos: int) -> _Person | None:
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
        public = {"ministry", "government", "police", "parliament", "court", "union", "federation", "party",
                  "council", "office", "authority", "agency", "bank", "league", "association", "alliance"}
        counts: Counter = Counter()
        last_seen: dict[str, int] = {}
        for p, n, label in self.orgs:
            if p >= pos or label not in ("ORG", "FAC") or is_media_name(n):
                continue
            toks = set(name_key(n).split())
            if toks & public or toks & w["media_heads"]:
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


def _org_read_as_person(doc: ParsedDoc, e) -> bool:
    """A PERSON entity whose last word names an institution ("Kolvane Minerals", "Halvik Line"): a company."""
    return e.label == "PERSON" and e.last - e.first > 1 and doc.tokens[e.last - 1].text.lower() in words()["org_heads"]


def _entity_root(doc: ParsedDoc, e) -> int:
    """The token of entity `e` whose head lies outside it."""
    return next((i for i in range(e.first, e.last) if not e.first <= doc.tokens[i].head < e.last), e.last - 1)


NON_PERSON_GROUPS = frozenset({"country", "nation", "union", "local"})


def person_tokens(doc: ParsedDoc, first: int, last: int) -> tuple[int, int, str]:
    """The name inside a PERSON entity, grown over hyphenated pieces ("Hae-jin") and the rest of its
    proper-noun chain, without leading titles and honorifics, which are returned as a title."""
    w = words()
    honor = _honorific_set()
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


@lru_cache(maxsize=1)
def _honorific_set() -> frozenset[str]:
    """Every honorific, without a trailing period ("mr", "mrs", "dr")."""
    w = words()
    return frozenset(h.rstrip(".") for h in w["honorifics_male"] | w["honorifics_female"] | w["honorifics"])


def _strip_honorific(name: str) -> str:
    toks = name.split()
    honor = _honorific_set()
    while toks and toks[0].lower().rstrip(".") in honor:
        toks = toks[1:]
    return " ".join(toks)


def _honorific_gender(doc: ParsedDoc, first: int) -> str:
    w = words()
    for j in (first, first - 1):
        if 0 <= j < len(doc.tokens):
            lw = doc.tokens[j].text.lower()
            if lw in w["honorifics_male"] or lw.rstrip(".") in w["honorifics_male"]:
                return "m"
            if lw in w["honorifics_female"] or lw.rstrip(".") in w["honorifics_female"]:
                return "f"
    return ""


NEWS_AGENCY_WORDS = frozenset({"news", "press", "wire", "state"})


def government_agency(head: str, words: Iterable[str]) -> bool:
    """An agency that is not a news agency ("the agency", "the Environmental Standards Agency"; not "the state news
    agency", "a wire agency"): `head` is the phrase's head word, `words` its lowercased words or lemmas."""
    return head == "agency" and NEWS_AGENCY_WORDS.isdisjoint(words)


def is_media_name(name: str) -> bool:
    w = words()
    key = name_key(name)
    if key in w["media_names"] or f"the {key}" in w["media_names"]:
        return True
    toks = key.split()
    if toks and government_agency(toks[-1], toks):
        return False  # "the agency", "the Environmental Protection Agency": a government agency, not a news agency
    return bool(toks) and (toks[-1] in w["media_heads"] or any(t in ("news", "press", "radio", "television", "tv")
                                                                for t in toks))


class Resolver:
    """Resolves the speakers of one article's quotes, in reading order."""

    def __init__(self, doc: ParsedDoc):
        self.doc = doc
        self.info = _Article(doc)
        self.history: list[tuple[int, Who]] = []  # (char pos of the cue, resolved source)
        self.genders: dict[str, str] = {}  # learned from pronouns resolved to a name
        self.authors: dict[str, Who] = {}  # document noun -> who issued the last one ("said in a statement")

    def gender_of(self, who: Who) -> str:
        return who.gender or self.genders.get(name_key(who.name), "") or self.info_gender(who.name)

    # --- noun phrases -------------------------------------------------------------------------------
    def noun_phrase(self, head: int, first: int, last: int, cue: str) -> Who:
        doc = self.doc
        w = words()
        toks = doc.tokens[first:last]
        text = doc.span_text(first, last)
        pos = doc.tokens[first].start
        conj = [c for c in doc.children(head) if c.deprel == "conj"]
        if conj and doc.tokens[head].ent in ("GPE", "ORG", "NORP", "PERSON") and all(
                c.ent in ("GPE", "ORG", "NORP", "PERSON") for c in conj):
            return Who(_strip_det(_clean(text)), "group", confidence=0.8)
        person = [e for e in doc.ents if e.label == "PERSON" and e.first >= first and e.last <= last
                  and not _org_read_as_person(doc, e)]
        htok = doc.tokens[head]
        part = self._partitive(head, cue)
        if part is not None:
            return part
        if last - first == 1 and htok.upos in ("PROPN", "NOUN", "ADV", "ADJ", "X", "INTJ") and htok.text[:1].isupper():
            # a surname the tagger took for a common noun, an organisation or an adverb ("Petrakis said", "Reyes
            # said", "Tolliver countered")
            known = self.info.full_name(htok.text, pos, "")
            if known is not None and len(known.name.split()) > 1:
                return self.person(known.name, pos, known.role, known.gender)
        named = next((e for e in person if doc.tokens[_entity_root(doc, e)].deprel == "appos"), None)
        if named is not None and named.first > first:
            # "a spokesman for the president, Jonah Reyes": the named holder speaks, the words before describe
            f, la, _ = person_tokens(doc, named.first, named.last)
            role = _strip_det(_clean(doc.span_text(first, named.first)))
            return self.person(doc.span_text(f, la), doc.tokens[f].start, role, _honorific_gender(doc, f))
        outlet_nouns = [t for t in doc.tokens[first:last] if t.upos in ("NOUN", "ADJ") and t.lemma.lower() in OUTLET_NOUNS]
        if outlet_nouns:  # "the business daily Ekonomen", "the regional newspaper Nordmark Gazette"
            poss = [t.i for t in doc.tokens[first:last] if t.text in ("'s", "’s")]
            start = poss[-1] + 1 if poss else first  # "Japan’s Kyodo news agency" → Kyodo
            names = [t for t in doc.tokens[start:last] if t.upos == "PROPN"]
            if names:
                return Who(_clean(doc.span_text(names[0].i, names[-1].i + 1)), "media", confidence=0.85)
        if person and (htok.upos == "PROPN" or any(e.first <= head < e.last for e in person)):
            e = next((e for e in person if e.first <= head < e.last), person[-1])
            f, la, _ = person_tokens(doc, e.first, e.last)
            role = self._role_in(first, last, f, la)
            return self.person(doc.span_text(f, la), doc.tokens[f].start, role, _honorific_gender(doc, f))
        lemma = htok.lemma.lower()
        if htok.upos == "PROPN":
            f, la, _ = person_tokens(doc, head, head + 1)
            known = self.info.full_name(doc.span_text(f, la), pos, _honorific_gender(doc, f))
            if known is not None and len(known.name.split()) > 1:
                return self.person(known.name, pos, self._role_in(first, last, f, la), _honorific_gender(doc, f))
        ent = htok.ent
        orgs = [e for e in doc.ents if e.label in ("ORG", "GPE", "NORP", "FAC") and e.first >= first and e.last <= last]
        plural = htok.xpos in ("NNS", "NNPS")
        det = toks[0].lower_ if hasattr(toks[0], "lower_") else toks[0].text.lower()
        # an outlet
        if (lemma in w["media_heads"] and not government_agency(lemma, [t.lemma.lower() for t in toks])
                or is_media_name(text)):
            if orgs and htok.upos == "NOUN":
                named = orgs[-1]
                nm = _strip_det(_clean(doc.text[named.start : named.end]))
                if named.label == "ORG" and not is_country(named.label, nm):
                    role = _strip_det(_clean(doc.span_text(named.last, last))) if named.last < last else ""
                    return Who(nm, "media", role=role, confidence=0.9)
            return Who(_strip_det(_clean(text)), "media", confidence=0.85)
        if htok.upos == "PROPN" or ent in ("ORG", "GPE", "NORP", "FAC"):
            name = _strip_det(_clean(text))
            if ent == "NORP" and not plural and det in ("a", "an", "one"):  # "one senior Conservative": a member
                return Who(_lower_first(_clean(text)), "anonymous", confidence=0.6, one=True)
            own = next((e for e in orgs if e.first <= head < e.last), None)
            if own is not None and own.first > first and any(
                    t.upos in ("NOUN", "ADJ") for t in doc.tokens[first : own.first]):
                # "the opposition Green Alliance": the name is the entity, the words before it describe it
                role = _strip_det(_clean(doc.span_text(first, own.first)))
                return Who(_strip_det(_clean(doc.text[own.start : own.end])), "organization", role=role,
                           confidence=0.85)
            described = doc.tokens[htok.head] if htok.deprel == "appos" else next(
                (c for c in doc.children(head) if c.deprel == "appos"), None)
            if described is not None and described.lemma.lower() in w["person_roles"]:
                # "Her son, Tomasz, 24, …", "Okoro, a nurse, …": a name the tagger missed, described as a person
                f, la = described.i, described.i + 1
                sub = doc.subtree(described.i)
                role = _strip_det(_clean(doc.span_text(sub[0], described.i + 1))) if sub[0] <= f else ""
                return self.person(name, pos, role, "")
            if ent == "GPE" or (orgs and orgs[-1].label == "GPE" and lemma not in w["org_heads"]):
                return Who(name, "organization", confidence=0.8)
            if ent == "NORP" and plural:
                return Who(name, "group", confidence=0.6)

            if ent == "PERSON" and not (len(name.split()) > 1 and htok.text.lower() in w["org_heads"]):
                return self.person(name, pos, "", "")  # (not "Halvik Line", "Kolvane Minerals": named as companies)
            if ent in ("ORG", "FAC") or lemma in w["org_heads"] or htok.text.isupper():
                return Who(name, "organization", confidence=0.85)
            # an unrecognised proper name: a person if it looks like one, or a surname we know
            known = self.info.full_name(name, pos, "")
            if known is not None:
                return self.person(known.name, pos, "", "")
            if 1 <= len(name.split()) <= 3 and all(p[:1].isupper() for p in name.split()):
                return self.person(name, pos, "", _honorific_gender(doc, first))
            return Who(name, "organization", confidence=0.5)
        role_words = [t.text.lower() for t in toks]
        if lemma in w["document_heads"] or htok.text.lower() in w["document_heads"]:  # "the letter said"
            return self._document(head, lemma, det, text, pos)
        nmod_org = self._attached_org(head, first, last)
        if lemma in w["spokes_roles"]:
            if det == "the":
                holder = self.info.holder(role_words, lemma, pos)
                if holder is not None:
                    return self.person(holder.name, pos, holder.role, holder.gender, confidence=0.75)
            if nmod_org:
                return Who(nmod_org, "organization", role=htok.text, confidence=0.8)
            return Who(_strip_det(_clean(text)), "anonymous", confidence=0.7, one=not plural)
        if lemma in w["anonymous_heads"] and (det in ("a", "an") or plural or det not in ("the",)):
            return Who(_strip_det(_clean(text)), "anonymous", confidence=0.8, one=not plural)
        if lemma in w["anonymous_heads"] and det == "the":  # "the official" after "a Pentagon official"
            prev = self.last(lambda who: who.type == "anonymous" and lemma in who.name.lower().split())
            return replace(prev, confidence=0.7) if prev else Who(_strip_det(_clean(text)), "anonymous", confidence=0.6)
        if lemma in w["person_roles"] and not plural:
            holder = self.info.holder(role_words, lemma, pos)
            definite = det == "the" or any(t.text in ("'s", "’s") or t.deprel == "nmod:poss" for t in toks)
            if holder is not None and definite:
                return self.person(holder.name, pos, holder.role, holder.gender, confidence=0.75)
            if det in ("a", "an", "one"):  # "a senior lawmaker", "one Conservative lawmaker"
                return Who(_strip_det(_clean(text)), "anonymous", confidence=0.6, one=True)
            return Who(_strip_det(_clean(text)), "person", role=_strip_det(_clean(text)), confidence=0.5)
        members = next((c for c in doc.children(head) if c.deprel == "nmod" and c.xpos in ("NNS", "NNPS") and any(
            x.deprel == "case" and x.lemma.lower() == "of" for x in doc.children(c.i))), None)
        if lemma in COLLECTIVES and members is not None and det in ("a", "an"):
            # "a group of neighbors opposed to the project": people speaking as a set, not an organisation
            return Who(_lower_first(_strip_det(_clean(text))), "group", confidence=0.7)
        if lemma in w["org_heads"] or lemma in ("government", "police"):
            named = self.info.org_named(lemma, pos)
            if named:
                return Who(named, "organization", confidence=0.8)
            if lemma in ("company", "firm", "operator", "group", "management", "organisation", "organization",
                         "business", "employer", "owner", "carrier", "manufacturer", "producer", "lender"):
                main = self.info.main_org(pos) if det not in ("a", "an") else None
                if main:
                    return Who(main, "organization", confidence=0.6)
            return Who(_strip_det(_clean(text)), "organization", confidence=0.6)
        if not plural and lemma in w["group_heads"] and (det in ("a", "an", "one") or any(
                c.deprel == "nummod" and c.lemma.lower() == "one" for c in doc.children(head))):
            # "one veteran organiser", "a local economist": one unnamed member of the group
            return Who(_lower_first(_strip_det(_clean(text))), "anonymous", confidence=0.6, one=True)
        if plural or lemma in w["group_heads"]:
            return Who(_lower_first(_strip_det(_clean(text))), "group", confidence=0.7)
        if det == "the" and htok.upos == "NOUN":  # "the utility said", "the airline said": an institution
            named = self.info.org_named(lemma, pos)
            return Who(named or _strip_det(_clean(text)), "organization", confidence=0.5)
        return Who(_strip_det(_clean(text)), "unknown", confidence=0.3)

    def _partitive(self, head: int, cue: str) -> Who | None:
        """"One of the people familiar with the talks", "two of the authors": unnamed members of a set."""
        doc = self.doc
        htok = doc.tokens[head]
        lemma = htok.lemma.lower()
        if lemma in QUANTITY_HEADS and htok.upos == "NOUN" or htok.ent == "PERCENT" and htok.upos in ("NOUN", "NUM"):
            # "a majority of both parties said", "Fifty-four percent said": poll respondents, a group
            from .extract.syntax import np_span

            first, last = np_span(doc, head)
            return Who(_lower_first(_strip_det(_clean(doc.span_text(first, last)))), "group", confidence=0.6)
        if lemma not in PARTITIVES or htok.upos not in ("NUM", "PRON", "NOUN", "ADJ", "DET"):
            return None
        inner = next((c for c in doc.children(head) if c.deprel == "nmod" and c.i > head
                      and any(x.deprel == "case" and x.lemma.lower() == "of" for x in doc.children(c.i))), None)
        if inner is None and not doc.children(head) and htok.upos in ("ADJ", "DET", "PRON", "NUM") and lemma != "one":
            # "…, and several acknowledged that …": unnamed members of the set just mentioned
            return Who(_lower_first(htok.text), "anonymous", confidence=0.5)
        if inner is None or (doc.tokens[inner.i].xpos not in ("NNS", "NNPS")
                             and doc.tokens[inner.i].lemma.lower() not in ("they", "we", "those", "these")):
            return None
        from .extract.syntax import np_span

        _, la = np_span(doc, inner.i)
        whole = _lower_first(_clean(doc.span_text(head, la)))
        return Who(whole, "anonymous", confidence=0.7, one=htok.lemma.lower() == "one")

    def _document(self, head: int, lemma: str, det: str, text: str, pos: int) -> Who:
        """A document as speaker: the body it names as its author ("a poll released Monday by the Halbrook
        Civic Institute", "a statement from the foreign ministry"); "the statement" → whoever issued the last
        one ("Harborview said in a statement …"); else the document itself, never a nearby person."""
        who = self._document_author(head)
        if who is None and det in ("the", "this", "that"):
            who = self.authors.get(lemma)
        if who is None:  # "a report claimed": no author given; a common noun is never a canonical speaker
            who = Who("", "unknown", confidence=0.4)
        self.authors[lemma] = who
        return replace(who, confidence=min(who.confidence, 0.6))

    def _document_author(self, head: int) -> Who | None:
        doc = self.doc
        w = words()
        for j in doc.subtree(head):
            t = doc.tokens[j]
            if t.deprel not in ("obl:agent", "nmod", "obl") or t.upos not in ("PROPN", "NOUN") or j == head:
                continue
            case = [c.lemma.lower() for c in doc.children(j) if c.deprel == "case"]
            if not set(case) & {"by", "from"}:
                continue
            if t.deprel == "obl:agent" and doc.tokens[t.head].lemma.lower() not in AUTHORING:
                continue  # "government data reviewed by The Ledger": the outlet saw it, it did not write it
            if t.upos == "NOUN" and t.lemma.lower() not in w["org_heads"] and t.ent not in ("ORG", "PERSON"):
                continue
            from .extract.syntax import np_span

            f, la = np_span(doc, j)
            return self.noun_phrase(j, f, la, "")
        return None

    def note_frames(self, q: Quote, who: Who) -> None:
        """"Harborview said in a statement that …": Harborview is the author of "the statement" later."""
        if q.cue_start is None or who.type == "unknown" or not who.name:
            return
        doc_heads = words()["document_heads"]
        for j in self.doc.tokens_between(q.cue_start, q.cue_end):
            if self.doc.tokens[j].lemma.lower() in doc_heads:
                self.authors[self.doc.tokens[j].lemma.lower()] = who

    def _role_in(self, first: int, last: int, e_first: int, e_last: int) -> str:
        doc = self.doc
        before = [t for t in doc.tokens[first:e_first] if t.text.lower() not in DETERMINERS and t.upos != "ADP"
                  and t.text.lower().rstrip(".") not in _honorific_set()]
        words_ = [t.text for t in before if t.text not in (",",)]
        role = _clean(" ".join(words_).replace(" ’s", "’s").replace(" 's", "'s"))
        if not role:
            return self.info._role_around(e_first, e_last)
        return role

    def _attached_org(self, head: int, first: int, last: int) -> str | None:
        """The organisation an unnamed role holder speaks for: "a spokeswoman for the hospital",
        "South Korea’s Defence Ministry spokesman", "a US National Security spokesperson"."""
        doc = self.doc
        w = words()
        for c in doc.children(head):
            if c.deprel == "nmod" and c.i > head:
                sub = doc.subtree(c.i)
                sub = [i for i in sub if doc.tokens[i].deprel not in ("case",) or i != sub[0]]
                name = _strip_det(_clean(doc.span_text(sub[0], sub[-1] + 1)))
                named = self.info.org_named(doc.tokens[c.i].lemma.lower(), doc.tokens[c.i].start)
                if named and doc.tokens[c.i].upos == "NOUN":
                    return named
                return name
        mods = [i for i in range(first, head) if doc.tokens[i].deprel in ("compound", "nmod:poss", "amod", "case")
                and doc.tokens[i].text.lower() not in DETERMINERS]
        if mods and any(doc.tokens[i].upos == "PROPN" or doc.tokens[i].lemma.lower() in w["org_heads"]
                        for i in mods):
            return _clean(doc.span_text(mods[0], mods[-1] + 1))
        return None

    # --- people ------------------------------------------------------------------------------------
    def person(self, name: str, pos: int, role: str, gender: str, confidence: float = 0.95) -> Who:
        name = _strip_honorific(_clean(name))
        known = self.info.full_name(name, pos, gender)
        if known is not None:
            role = role or known.role
            return Who(known.name, "person", role=role, gender=gender or known.gender, confidence=confidence)
        return Who(name, "person", role=role, gender=gender, confidence=confidence * 0.9)

    def pronoun(self, tok: Token, pos: int, content: tuple[int, int] = (0, 0)) -> Who:
        lw = tok.text.lower()
        if lw in MALE_PRONOUNS or lw in FEMALE_PRONOUNS:
            g = "m" if lw in MALE_PRONOUNS else "f"
            same = self._sentence_subject(tok, g, content)
            if same is not None:  # "Schumer, asked …, said he believed …": the sentence's own subject
                self.genders.setdefault(name_key(same.name), g)
                return replace(same, gender=g, confidence=0.8)
            latest = self.last(lambda who: True, before=pos)
            if latest is not None and latest.one and self.gender_of(latest) in ("", g) and self._intervening_subject(
                    g, pos, after=self._last_pos(latest, pos), content=content) is None:
                return replace(latest, gender=g, confidence=0.7)  # "A diplomat … said …. “…,” he said."
            prev = self.last(lambda who: who.type == "person" and self.gender_of(who) in ("", g), before=pos)
            better = self._intervening_subject(g, pos, after=self._last_pos(prev, pos), content=content)
            if better is not None:
                self.genders.setdefault(name_key(better.name), g)
                return replace(better, gender=g, confidence=0.7)
            if prev is not None:
                self.genders.setdefault(name_key(prev.name), g)
                return replace(prev, gender=g, confidence=0.85)
            person = self._recent_person(g, pos)
            if person is not None:
                return replace(person, confidence=0.6)
            role = self._role_subject(pos)
            if role is not None and self.gender_of(role) in ("", g):  # "The prime minister has promised … she told"
                return role
            person = self._next_person(g, pos)
            if person is not None:
                return replace(person, confidence=0.5)
            return Who("", "unknown", confidence=0.2)  # a pronoun is never a canonical speaker: unattributed
        if lw == "it":
            prev = self.last(lambda who: who.type in ("organization", "media"), before=pos)
            if prev is not None:
                return replace(prev, confidence=0.75)
            orgs = [n for p, n, label in self.info.orgs if p < pos and label in ("ORG",)]
            if orgs:
                return Who(orgs[-1], "media" if is_media_name(orgs[-1]) else "organization", confidence=0.5)
            return Who("", "unknown", confidence=0.2)
        if lw in ("they", "we"):
            subj = self._plural_subject(pos)
            if subj is not None:
                return subj
            prev = self.last(lambda who: who.type in ("group", "anonymous", "organization"), before=pos)
            if prev is not None:
                return replace(prev, confidence=0.6)
        return Who("", "unknown", confidence=0.2)

    def _sentence_subject(self, tok: Token, gender: str, content: tuple[int, int]) -> Who | None:
        """A named person who is a subject earlier in the pronoun's own sentence, outside what was said
        ("Strenn had not read it, she suggested": Strenn is talked about, not talking)."""
        doc = self.doc
        sent = doc.sents[tok.sent]
        for t in doc.tokens[sent.first : tok.i]:
            if content[0] <= t.start < content[1]:
                continue
            if t.deprel == "nsubj" and t.upos == "PROPN" and t.ent == "PERSON" and not self.info._quoted(t.start):
                cand = self.person(self._entity_name(t.i), t.start, "", "")
                if len(cand.name.split()) > 1 and self.gender_of(cand) in ("", gender):
                    return cand
        return None

    def _recent_subjects(self, pos: int, sentences: int) -> list[Token]:
        """Subjects in the sentence at `pos` and the `sentences` before it, nearest first."""
        doc = self.doc
        tok = doc.token_at(pos)
        if tok < 0:
            return []
        sent = doc.tokens[tok].sent
        return [t for t in reversed(doc.tokens[:tok]) if t.sent >= sent - sentences
                and t.deprel in ("nsubj", "nsubj:pass")]

    def _role_subject(self, pos: int) -> Who | None:
        """A definite role holder ("the prime minister") who was the subject of a recent sentence."""
        doc = self.doc
        w = words()
        for t in self._recent_subjects(pos, 3):
            if (t.deprel == "nsubj" and t.upos == "NOUN" and t.lemma.lower() in w["person_roles"]
                    and t.xpos == "NN" and not self.info._quoted(t.start)):
                from .extract.syntax import np_span

                f, la = np_span(doc, t.i)
                who = self.noun_phrase(t.i, f, la, "")
                if who.type == "person":
                    return replace(who, confidence=0.5)
        return None

    def _last_pos(self, who: Who | None, pos: int) -> int:
        if who is None:
            return -1
        for p, w in reversed(self.history):
            if w is who and p < pos:
                return p
        return -1

    def _intervening_subject(self, gender: str, pos: int, after: int,
                             content: tuple[int, int] = (0, 0)) -> Who | None:
        """A person of the right gender who became the subject of a main clause after the last speaker
        (not inside the words being attributed)."""
        doc = self.doc
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
            name = self._entity_name(t.i)
            cand = self.person(name, t.start, "", _honorific_gender(doc, t.i - 1 if t.i else 0))
            if len(cand.name.split()) < 2:
                continue  # a lone word the tagger took for a person ("Kessaly had agreed …")
            if self.gender_of(cand) in ("", gender):
                best = cand
        return best

    def info_gender(self, name: str) -> str:
        for p in self.info.persons:
            if name_key(p.name) == name_key(name) and p.gender:
                return p.gender
        for _, w in self.history:
            if w.type == "person" and name_key(w.name) == name_key(name) and w.gender:
                return w.gender
        return ""

    def _entity_name(self, i: int) -> str:
        """The name of the person entity holding token `i`, without titles ("Welder Marta Osk" → "Marta Osk")."""
        e = self.doc.entity_of(i)
        if e is None:
            return self.doc.tokens[i].text
        f, la, _ = person_tokens(self.doc, e.first, e.last)
        return self.doc.span_text(f, la)

    def _recent_person(self, gender: str, pos: int) -> Who | None:
        for p in reversed(self.info.persons):
            if p.pos < pos and p.gender in ("", gender) and len(p.name.split()) > 1:
                return Who(p.name, "person", role=p.role, gender=p.gender or gender)
        return None

    def _next_person(self, gender: str, pos: int) -> Who | None:
        """A he/she before anyone is named ("a day after he suggested …. … the envoy, Gideon Marlowe, …"): the
        first person of that gender named in the next two sentences."""
        tok = self.doc.token_at(pos)
        sent = self.doc.tokens[tok].sent if tok >= 0 else -1
        for p in self.info.persons:
            if p.pos > pos and p.sent <= sent + 2 and p.gender in ("", gender) and len(p.name.split()) > 1:
                return Who(p.name, "person", role=p.role, gender=p.gender or gender)
        return None

    def _plural_subject(self, pos: int) -> Who | None:
        doc = self.doc
        for t in self._recent_subjects(pos, 2):
            if t.xpos in ("NNS", "NNPS") and t.upos in ("NOUN", "PROPN"):
                from .extract.syntax import np_span

                f, la = np_span(doc, t.i)
                return replace(self.noun_phrase(t.i, f, la, ""), confidence=0.6)
        return None

    def last(self, pred, before: int | None = None) -> Who | None:
        for p, who in reversed(self.history):
            if (before is None or p < before) and pred(who):
                return who
        return None

    # --- quotes --------------------------------------------------------------------------------------
    def resolve(self, q: Quote, by_start: dict[int, Who]) -> Who:
        doc = self.doc
        extra = q.extra or {}
        if "follows_start" in extra:
            return by_start.get(extra["follows_start"], UNKNOWN)
        tok = extra.get("speaker_tok")
        if tok is None or q.speaker_start is None:
            return UNKNOWN
        if q.mention_type == "relative" and extra.get("antecedent") is not None:
            tok = extra["antecedent"]
        t = doc.tokens[tok]
        if t.upos == "PRON" and q.mention_type != "relative":
            return self.pronoun(t, q.speaker_start, (q.start, q.end))
        from .extract.syntax import np_span

        first, last = np_span(doc, tok)
        if q.mention_type != "relative":
            f2, l2 = doc.token_at(q.speaker_start), doc.token_at(q.speaker_end - 1)
            if f2 >= 0 and l2 >= 0:
                first, last = f2, l2 + 1
        head = tok
        if not (first <= head < last):
            head = max(range(first, last), key=lambda i: doc.tokens[i].head not in range(first, last))
        who = self.noun_phrase(head, first, last, q.cue)
        return who


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s[:1].isupper() and not s[1:2].isupper() else s


NAME_PARTICLES = {"of", "and", "for", "the"}


def ministry_name(name: str) -> str:
    """A ministry named in lower case ("the labour ministry", "the ministry of health") by its name: "Labour
    Ministry", "Ministry of Health". A ministry is a state body whose descriptor is its name; "the ministry" alone
    stays a common noun."""
    parts = name.split()
    if (len(parts) < 2 or name != name.lower() or not all(p.isalpha() for p in parts)
            or "ministry" not in (parts[0], parts[-1]) or parts[0] in NAME_PARTICLES or parts[-1] in NAME_PARTICLES):
        return name
    return " ".join(p if p in NAME_PARTICLES else p.capitalize() for p in parts)


def is_country(label: str, name: str) -> bool:
    return label == "GPE"


def resolve_article(article: Article, doc: ParsedDoc, quotes: list[Quote]) -> list[Quote]:
    """In-article resolution: fills `speaker`, `speaker_type`, `speaker_role` (and adjusts `confidence`)."""
    resolver = Resolver(doc)
    order = sorted(range(len(quotes)), key=lambda k: (quotes[k].cue_start if quotes[k].cue_start is not None
                                                      else quotes[k].start, quotes[k].start))
    by_start: dict[int, Who] = {}
    out: list[Quote | None] = [None] * len(quotes)
    for k in order:
        q = quotes[k]
        who = resolver.resolve(q, by_start)
        if not (q.extra or {}).get("late"):  # attitudes added after speech was selected leave its resolution alone
            resolver.note_frames(q, who)
            by_start[q.start] = who
            if who.type != "unknown" or who.name:
                resolver.history.append((q.cue_start if q.cue_start is not None else q.start, who))
        role = q.speaker_role or who.role
        if who.type == "person" and who.role:
            role = who.role if not q.speaker_role or q.mention_type != "name" else q.speaker_role
        name = ministry_name(who.name) if who.type == "organization" else who.name
        out[k] = q.evolve(speaker=name, speaker_type=who.type if who.name else "unknown",
                         speaker_role=_clean(role) if who.name else q.speaker_role,
                         confidence=round(min(1.0, q.confidence * (0.5 + 0.5 * who.confidence)), 2))
    return [q for q in out if q is not None]


# --- across articles -------------------------------------------------------------------------------

@dataclass(frozen=True)
class RegistryEntry:
    name: str
    aliases: tuple[str, ...]
    type: str = ""
    role: str = ""
    id: str = ""


def load_registry(path: str | Path) -> list[RegistryEntry]:
    """A speaker registry (CSV or YAML) with columns/keys name, aliases (`;`-separated or a list), type,
    role, id."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{p}: cannot read the speaker registry ({e})") from e
    rows: list[dict]
    if p.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(raw) or []
        except yaml.YAMLError as e:
            raise InputError(f"{p}: the speaker registry is not valid YAML ({e})") from e
        rows = data.get("speakers", []) if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise InputError(f"{p}: expected a list of speakers (or a `speakers:` list)")
    else:
        rows = list(csv.DictReader(raw.splitlines()))
    entries = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not str(row.get("name") or row.get("canonical") or "").strip():
            raise InputError(f"{p}: entry {n} has no `name`")
        aliases = row.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [a.strip() for a in aliases.split(";") if a.strip()]
        entries.append(RegistryEntry(str(row.get("name") or row.get("canonical")).strip(),
                                     tuple(str(a) for a in aliases), str(row.get("type") or "").strip(),
                                     str(row.get("role") or "").strip(),
                                     str(row.get("id") or row.get("wikidata") or "").strip()))
    return entries


def canonicalize(quotes: Iterable[Quote], registry=None) -> list[Quote]:
    """Cross-article canonical names (and registry ids); deterministic whatever the input order."""
    quotes = list(quotes)
    names = CanonicalNames(registry)
    for q in quotes:
        names.observe(q)
    return [names.apply(q) for q in quotes]


class CanonicalNames:
    """Canonical speaker names over a corpus, in two passes: `observe` every record, then `apply` to each.

    Only the spellings of each name are kept between the passes (not the records), so a corpus of any size can
    be streamed through it. Names compared by `name_key` are one speaker, written in their most frequent, then
    fullest spelling; a lone surname (or partial name) becomes the one fuller person name in the corpus that
    holds it; registry entries pin a name, id, type and role."""

    def __init__(self, registry=None):
        entries = load_registry(registry) if isinstance(registry, (str, Path)) else (registry or [])
        self.pinned: dict[str, RegistryEntry] = {}
        for e in entries:
            for alias in (e.name, *e.aliases):
                self.pinned[name_key(alias)] = e
        self.spellings: dict[tuple[str, str], Counter] = defaultdict(Counter)
        self._display: dict[tuple[str, str], str] | None = None
        self._expand: dict[str, str] = {}

    def observe(self, q: Quote) -> None:
        if q.speaker:
            name = strip_title(q.speaker)[0] if _kind(q.speaker_type) == "person" else q.speaker
            self.spellings[(_kind(q.speaker_type), name_key(name))][name] += 1
            self._display = None

    def _build(self) -> None:
        display = {k: min(c.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]
                   for k, c in self.spellings.items()}
        # lone surnames (or partial names) that match exactly one fuller person name in the corpus
        persons = sorted({k[1] for k in display if k[0] == "person"})
        expand: dict[str, str] = {}
        by_word: dict[str, list[str]] = defaultdict(list)  # persons by each word of their name (no n² scan)
        for o in persons:
            for t in set(o.split()):
                by_word[t].append(o)
        for key in persons:
            toks = key.split()
            if len(toks) > 2:
                continue
            pool = by_word.get(toks[0], []) if toks else persons
            fuller = [o for o in pool if o != key and len(o.split()) > len(toks) and all(t in o.split() for t in toks)]
            if len(fuller) == 1:
                expand[key] = fuller[0]
        self._display, self._expand = display, expand

    def apply(self, q: Quote) -> Quote:
        """`q` with its canonical speaker (and registry id, type and role)."""
        if not q.speaker:
            return q
        if self._display is None:
            self._build()
        kind = _kind(q.speaker_type)
        if kind == "person":
            q = _untitled(q)
        key = name_key(q.speaker)
        entry = self.pinned.get(key) or (self.pinned.get(name_key(q.speaker_mention)) if q.speaker_mention else None)
        if entry is not None:
            return q.evolve(speaker=entry.name, speaker_id=entry.id, speaker_type=entry.type or q.speaker_type,
                            speaker_role=q.speaker_role or entry.role)
        if kind == "person" and key in self._expand:
            key = self._expand[key]
        if q.speaker_type == "organization" and self._mostly_person(key):
            # "Maren Holt said" tagged an organisation in one article, a person in most others: one person
            return _untitled(q.evolve(speaker=self._display[("person", key)], speaker_type="person"))
        return q.evolve(speaker=self._display.get((kind, key), q.speaker))

    def _mostly_person(self, key: str) -> bool:
        """A name of two words or more seen more often as a person's than as anything else in the corpus."""
        person, other = self.spellings.get(("person", key)), self.spellings.get(("other", key))
        return (len(key.split()) >= 2 and person is not None and other is not None
                and sum(person.values()) > sum(other.values()))


def strip_title(name: str) -> tuple[str, str]:
    """A person's name without the title before it, and the title: "Treasurer Ines Koval" -> ("Ines Koval",
    "Treasurer"). Words of the title lexicon (speakers.json: titles, person_roles, honorifics) are dropped from the
    front while at least two words of the name remain, so a bare "Dean Smith" keeps its first name."""
    toks = name.split()
    lexicon = _title_words()
    cut = 0
    while len(toks) - cut > 2 and toks[cut].lower().rstrip(".").replace("’", "'") in lexicon:
        cut += 1
    return " ".join(toks[cut:]), " ".join(toks[:cut])


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    w = words()
    return w["titles"] | w["person_roles"] | _honorific_set()


def _untitled(q: Quote) -> Quote:
    """`q` with its person speaker's title moved to `speaker_role` (kept when a role is already known)."""
    name, title = strip_title(q.speaker)
    if not title:
        return q
    return q.evolve(speaker=name, speaker_role=q.speaker_role or title)


def _kind(speaker_type: str) -> str:
    return "person" if speaker_type == "person" else "other"
