"""Canonical speaker names across articles (`canonicalize`, `CanonicalNames`).

Names are compared by `name_key` (case, hyphens, spacing, diacritics and honorifics) so variants merge; a
person's title moves to `speaker_role`; a lone surname joins a full name only when exactly one person in the
corpus carries it; a name typed an organisation in one article and a person more often elsewhere is a person;
a speaker registry pins canonical names, types, roles and external ids."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..records import Quote
from .lexicon import honorific_set, name_key, words
from .registry import RegistryEntry, load_registry


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
        self._display, self._expand = display, _expansions(sorted({k[1] for k in display if k[0] == "person"}))

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


def _expansions(persons: list[str]) -> dict[str, str]:
    """Lone surnames (or partial names) among the person keys `persons` (sorted) that match exactly one fuller
    person name in the corpus, mapped to it."""
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
    return expand


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
    return w["titles"] | w["person_roles"] | honorific_set()


def _untitled(q: Quote) -> Quote:
    """`q` with its person speaker's title moved to `speaker_role` (kept when a role is already known)."""
    name, title = strip_title(q.speaker)
    if not title:
        return q
    return q.evolve(speaker=name, speaker_role=q.speaker_role or title)


def _kind(speaker_type: str) -> str:
    return "person" if speaker_type == "person" else "other"
