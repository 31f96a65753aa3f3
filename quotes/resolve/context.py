"""What resolving one article's speakers shares: the resolved source type (`Who`), the noun phrase being read
(`Phrase`) and the article's state (`Context`: its parse, the people and organisations it names, the sources
resolved so far, genders learned from pronouns, and who issued each kind of document)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from ..parse.doc import ParsedDoc
from .lexicon import clean, name_key, strip_det, strip_honorific
from .mentions import Mentions, org_read_as_person


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


class Phrase:
    """A speaker noun phrase: tokens [first, last) headed by `head`, with what the rules ask of it, each part
    worked out when a rule first asks."""

    def __init__(self, doc: ParsedDoc, head: int, first: int, last: int, cue: str):
        self.doc, self.head, self.first, self.last, self.cue = doc, head, first, last, cue
        self.toks = doc.tokens[first:last]
        self.text = doc.span_text(first, last)
        self.pos = doc.tokens[first].start
        self.htok = doc.tokens[head]
        self.lemma = self.htok.lemma.lower()

    @cached_property
    def persons(self) -> list:
        """PERSON entities inside the phrase (not companies the tagger read as people)."""
        doc = self.doc
        return [e for e in doc.ents if e.label == "PERSON" and e.first >= self.first and e.last <= self.last
                and not org_read_as_person(doc, e)]

    @cached_property
    def orgs(self) -> list:
        return [e for e in self.doc.ents if e.label in ("ORG", "GPE", "NORP", "FAC") and e.first >= self.first
                and e.last <= self.last]

    @cached_property
    def plural(self) -> bool:
        return self.htok.xpos in ("NNS", "NNPS")

    @cached_property
    def det(self) -> str:
        return self.toks[0].text.lower()

    @cached_property
    def role_words(self) -> list[str]:
        return [t.text.lower() for t in self.toks]

    @cached_property
    def bare(self) -> str:
        """The phrase's text cleaned and without its determiners."""
        return strip_det(clean(self.text))


class Context:
    """One article's resolution state; the rule modules read and extend it, `Resolver` adds the rules."""

    def __init__(self, doc: ParsedDoc):
        self.doc = doc
        self.mentions = Mentions(doc)
        self.history: list[tuple[int, Who]] = []  # (char pos of the cue, resolved source)
        self.genders: dict[str, str] = {}  # learned from pronouns resolved to a name
        self.authors: dict[str, Who] = {}  # document noun -> who issued the last one ("said in a statement")

    def noun_phrase(self, head: int, first: int, last: int, cue: str) -> Who:
        raise NotImplementedError  # the Resolver's: the phrase rules read pronouns and documents through it

    def person(self, name: str, pos: int, role: str, gender: str, confidence: float = 0.95) -> Who:
        """A person source, under the full name the article gives them when `name` is a part of it."""
        name = strip_honorific(clean(name))
        known = self.mentions.full_name(name, pos, gender)
        if known is not None:
            role = role or known.role
            return Who(known.name, "person", role=role, gender=gender or known.gender, confidence=confidence)
        return Who(name, "person", role=role, gender=gender, confidence=confidence * 0.9)

    def last(self, pred: Callable[[Who], bool], before: int | None = None) -> Who | None:
        """The latest source resolved (before char `before`) that `pred` accepts."""
        for p, who in reversed(self.history):
            if (before is None or p < before) and pred(who):
                return who
        return None

    def gender_of(self, who: Who) -> str:
        return who.gender or self.genders.get(name_key(who.name), "") or self._known_gender(who.name)

    def _known_gender(self, name: str) -> str:
        for p in self.mentions.persons:
            if name_key(p.name) == name_key(name) and p.gender:
                return p.gender
        for _, w in self.history:
            if w.type == "person" and name_key(w.name) == name_key(name) and w.gender:
                return w.gender
        return ""
