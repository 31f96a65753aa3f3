"""quotes.resolve.phrases on real parses: what a named speaker phrase refers to (persons, surnames, outlets,
organisations, places, groups of named parties)."""

from __future__ import annotations

import pytest
from resolve_parses import parse, source, span

from quotes.resolve.phrases import RULES, entity_root, noun_phrase
from quotes.resolve.resolver import Resolver


@pytest.mark.parametrize(
    ("text", "phrase", "nth", "expected"),
    [
        # a surname, or an honorific and a surname, is the full name introduced before, with its role and gender
        ("Peter Lund, the port director, opened the terminal. Lund said traffic was rising.", "Lund", 1,
         ("Peter Lund", "person", "port director", "m")),
        ("Peter Lund, the port director, opened the terminal. Mr Lund said traffic was rising.", "Mr Lund", 0,
         ("Peter Lund", "person", "port director", "m")),
        # a title before the name is the role
        ("Kremlin spokesman Dmitry Peskov said the talks would resume.", "Kremlin spokesman Dmitry Peskov", 0,
         ("Dmitry Peskov", "person", "Kremlin spokesman", "m")),
        # a name in apposition to a description: the named holder speaks
        ("The talks resumed, a spokesman for the president, Jonah Reyes, said.",
         "a spokesman for the president, Jonah Reyes", 0, ("Jonah Reyes", "person", "spokesman for the president", "")),
        # a name the tagger missed, described as a person
        ("Okoro, a nurse, said the ward was full.", "Okoro", 0, ("Okoro", "person", "nurse", "")),
    ],
)
def test_people(text, phrase, nth, expected):
    who = source(text, phrase, nth)
    assert (who.name, who.type, who.role, who.gender) == expected


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("The business daily Ekonomen reported the deal.", "The business daily Ekonomen", ("Ekonomen", "media", "")),
        ("Varnia and Kessaly said the border would reopen.", "Varnia and Kessaly", ("Varnia and Kessaly", "group", "")),
        ("The opposition Green Alliance said the vote was rigged.", "The opposition Green Alliance",
         ("Green Alliance", "organization", "opposition")),
        ("Harborview said in a statement that fees would rise.", "Harborview", ("Harborview", "organization", "")),
    ],
)
def test_outlets_organisations_and_named_groups(text, phrase, expected):
    who = source(text, phrase)
    assert (who.name, who.type, who.role) == expected


def test_a_surname_the_tagger_read_as_an_adverb_is_the_person_named_before():
    text = "Peter Tolliver chaired the panel. Tolliver countered that the vote was close."
    doc = parse(text)
    assert [t.upos for t in doc.tokens if t.text == "Tolliver"][1] != "PROPN"  # the case this rule is for
    who = source(text, "Tolliver", 1)
    assert (who.name, who.type, who.gender) == ("Peter Tolliver", "person", "m")


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Marstad said the vote was close.", "Marstad", ("Marstad", "person")),  # tagged a person, one word
        ("NATO said the exercise would go ahead.", "NATO", ("NATO", "organization")),
    ],
)
def test_a_proper_name_unknown_to_the_article_is_typed_by_its_entity(text, phrase, expected):
    who = source(text, phrase)
    assert (who.name, who.type) == expected


def test_entity_root_is_the_token_whose_head_lies_outside():
    doc = parse("Kremlin spokesman Dmitry Peskov said the talks would resume.")
    e = next(e for e in doc.ents if e.label == "PERSON")
    assert doc.tokens[entity_root(doc, e)].text == "Peskov"


def test_the_chain_ends_with_the_common_noun_rules_and_the_function_matches_the_resolver():
    from quotes.resolve import descriptions

    assert RULES[-len(descriptions.RULES):] == descriptions.RULES
    doc = parse("A senior official said the plan was dead.")
    head, first, last = span(doc, "A senior official")
    assert noun_phrase(Resolver(doc), head, first, last, "") == Resolver(doc).noun_phrase(head, first, last, "")
