"""The cue lexicon shipped in quotes/data/cues.json, loaded once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    speech: frozenset[str]
    weak: frozenset[str]
    cognition: frozenset[str]
    naming: frozenset[str]
    naming_as: frozenset[str]
    naming_np: frozenset[str]
    recipients: frozenset[str]
    frames: frozenset[str]
    relay_nouns: frozenset[str]
    refusals: frozenset[str]
    framing: frozenset[str]
    gerund_cues: frozenset[str]
    finding_cues: frozenset[str]
    finding_sources: frozenset[str]
    generic_speakers: frozenset[str]
    accusation_cues: frozenset[str]
    comment_nouns: frozenset[str]
    speech_nouns: frozenset[str]
    against_cues: frozenset[str]
    directive_cues: frozenset[str]
    commitment_cues: frozenset[str]
    demand_cues: frozenset[str]
    evaluation_cues: frozenset[str]
    quotation_only: frozenset[str]
    written_sources: frozenset[str]
    citation_cues: frozenset[str]
    pledged_acts: frozenset[str]
    demand_for: frozenset[str]
    label_nouns: frozenset[str]
    announcement_cues: frozenset[str]
    demand_nouns: frozenset[str]
    evaluation_with_ground: frozenset[str]
    evaluation_of_people: frozenset[str]

    def is_cue(self, lemma: str) -> bool:
        return lemma in self.speech or lemma in self.cognition


@lru_cache(maxsize=1)
def speaker_nouns() -> frozenset[str]:
    """Nouns that name people or bodies who can speak (roles, groups, institutions, unnamed sources), from the
    resolution word lists in quotes/data/speakers.json."""
    raw = json.loads(resources.files("quotes").joinpath("data/speakers.json").read_text(encoding="utf-8"))
    keys = ("person_roles", "spokes_roles", "anonymous_heads", "group_heads", "org_heads", "media_heads")
    return frozenset(w.lower() for k in keys for w in raw.get(k, []))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = json.loads(resources.files("quotes").joinpath("data/cues.json").read_text(encoding="utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in raw.get(key, []))

    return Lexicon(
        speech=words("speech"), weak=words("speech_only_with_clause"), cognition=words("cognition"),
        naming=words("naming"), naming_as=words("naming_as"), naming_np=words("naming_np"),
        recipients=words("recipients"), frames=words("frames"),
        relay_nouns=words("relay_nouns"), refusals=words("refusals"), framing=words("framing"),
        gerund_cues=words("gerund_cues"), finding_cues=words("finding_cues"), finding_sources=words("finding_sources"),
        generic_speakers=words("generic_speakers"), accusation_cues=words("accusation_cues"),
        comment_nouns=words("comment_nouns"), speech_nouns=words("speech_nouns"), against_cues=words("against_cues"),
        directive_cues=words("directive_cues"), commitment_cues=words("commitment_cues"),
        demand_cues=words("demand_cues"), evaluation_cues=words("evaluation_cues"),
        quotation_only=words("quotation_only"), written_sources=words("written_sources"),
        citation_cues=words("citation_cues"), pledged_acts=words("pledged_acts"),
        demand_for=words("demand_for"), label_nouns=words("label_nouns"),
        announcement_cues=words("announcement_cues"), demand_nouns=words("demand_nouns"),
        evaluation_with_ground=words("evaluation_with_ground"), evaluation_of_people=words("evaluation_of_people"),
    )
