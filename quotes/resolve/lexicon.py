"""The words the resolver reads names and descriptions with, and the normal form names are compared in.

Word lists come from quotes/data/speakers.json (titles, roles, honorifics, organisation, media and group heads)
and quotes/data/first_names.json (common given names by gender); the helpers here clean a mention's text,
strip determiners and honorifics, and key a name for matching (`name_key`)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from ..parse.doc import ParsedDoc

DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "some",
               "two", "three", "four", "several", "many", "one"}
MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
APOSTROPHE_S = re.compile(r"(?:'s|’s|'|’)$")
NAME_PARTICLES = {"of", "and", "for", "the"}
NEWS_AGENCY_WORDS = frozenset({"news", "press", "wire", "state"})


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


def clean(text: str) -> str:
    """A mention's text without a possessive ending, runs of spaces and edge punctuation."""
    text = APOSTROPHE_S.sub("", text.strip()) if text.strip().endswith(("'s", "’s")) else text.strip()
    return re.sub(r"\s+", " ", text).strip(" ,;:")


def strip_det(text: str) -> str:
    parts = text.split()
    while parts and parts[0].lower() in DETERMINERS:
        parts = parts[1:]
    return " ".join(parts)


def lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s[:1].isupper() and not s[1:2].isupper() else s


@lru_cache(maxsize=8)
def bare_honorifics(kind: str) -> frozenset[str]:
    """The honorifics of `kind` without their trailing period ("mr", "mrs")."""
    return frozenset(h.rstrip(".") for h in words()[kind])


@lru_cache(maxsize=1)
def honorific_set() -> frozenset[str]:
    """Every honorific, without a trailing period ("mr", "mrs", "dr")."""
    w = words()
    return frozenset(h.rstrip(".") for h in w["honorifics_male"] | w["honorifics_female"] | w["honorifics"])


def strip_honorific(name: str) -> str:
    toks = name.split()
    honor = honorific_set()
    while toks and toks[0].lower().rstrip(".") in honor:
        toks = toks[1:]
    return " ".join(toks)


def honorific_gender(doc: ParsedDoc, first: int) -> str:
    """"m" or "f" from an honorific at token `first` or just before it ("Mr", "Ms."), else ""."""
    w = words()
    for j in (first, first - 1):
        if 0 <= j < len(doc.tokens):
            lw = doc.tokens[j].text.lower()
            if lw in w["honorifics_male"] or lw.rstrip(".") in w["honorifics_male"]:
                return "m"
            if lw in w["honorifics_female"] or lw.rstrip(".") in w["honorifics_female"]:
                return "f"
    return ""


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


def is_country(label: str, name: str) -> bool:
    return label == "GPE"


def ministry_name(name: str) -> str:
    """A ministry named in lower case ("the labour ministry", "the ministry of health") by its name: "Labour
    Ministry", "Ministry of Health". A ministry is a state body whose descriptor is its name; "the ministry" alone
    stays a common noun."""
    parts = name.split()
    if (len(parts) < 2 or name != name.lower() or not all(p.isalpha() for p in parts)
            or "ministry" not in (parts[0], parts[-1]) or parts[0] in NAME_PARTICLES or parts[-1] in NAME_PARTICLES):
        return name
    return " ".join(p if p in NAME_PARTICLES else p.capitalize() for p in parts)
