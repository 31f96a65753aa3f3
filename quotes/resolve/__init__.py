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

Modules: `lexicon` (word lists, name keys), `roles` (a name apart from its title or descriptor), `mentions`
(the people and organisations an article names), `context` (the state one article's resolution shares),
`phrases` (names) and `descriptions` (common nouns): what a noun phrase refers to, `pronouns`, `resolver`
(the coordinator), `canonical` (names across articles) and `registry`.
"""

from __future__ import annotations

from .canonical import CanonicalNames, canonicalize, strip_title
from .context import UNKNOWN, Who
from .lexicon import (
                      DETERMINERS,
                      FEMALE_PRONOUNS,
                      MALE_PRONOUNS,
                      NAME_PARTICLES,
                      NEWS_AGENCY_WORDS,
                      first_name_gender,
                      government_agency,
                      is_country,
                      is_media_name,
                      ministry_name,
                      name_key,
                      title_abbreviations,
                      words,
)
from .mentions import CREDIT_LINE
from .registry import RegistryEntry, load_registry
from .resolver import Resolver, resolve_article
from .roles import NON_PERSON_GROUPS, person_tokens

__all__ = [
                      "CREDIT_LINE",
                      "DETERMINERS",
                      "FEMALE_PRONOUNS",
                      "MALE_PRONOUNS",
                      "NAME_PARTICLES",
                      "NEWS_AGENCY_WORDS",
                      "NON_PERSON_GROUPS",
                      "UNKNOWN",
                      "CanonicalNames",
                      "RegistryEntry",
                      "Resolver",
                      "Who",
                      "canonicalize",
                      "first_name_gender",
                      "government_agency",
                      "is_country",
                      "is_media_name",
                      "load_registry",
                      "ministry_name",
                      "name_key",
                      "person_tokens",
                      "resolve_article",
                      "strip_title",
                      "title_abbreviations",
                      "words",
]
