"""quotes.resolve.canonical, .registry and .lexicon: canonical names across articles, the speaker registry, and the
normal forms names are compared in."""

from __future__ import annotations

import pytest

from quotes.errors import InputError
from quotes.records import Quote
from quotes.resolve.canonical import CanonicalNames, strip_title
from quotes.resolve.lexicon import first_name_gender, government_agency, is_media_name, ministry_name, name_key
from quotes.resolve.registry import RegistryEntry, load_registry


def said(speaker: str, speaker_type: str = "person", n: int = 0, role: str = "") -> Quote:
    return Quote(article_id=f"a{n}", quote_type="direct", text="The harbour reopens on Monday", start=n, end=n + 29,
                 speaker=speaker, speaker_type=speaker_type, speaker_role=role, speaker_mention=speaker)


def canonical(*quotes: Quote, registry=None) -> list[tuple[str, str, str]]:
    names = CanonicalNames(registry)
    for q in quotes:
        names.observe(q)
    return [(x.speaker, x.speaker_type, x.speaker_role) for x in (names.apply(q) for q in quotes)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Treasurer Ines Koval", ("Ines Koval", "Treasurer")),
        ("Deputy Minister Ola Renvik", ("Ola Renvik", "Deputy Minister")),
        ("Dean Smith", ("Dean Smith", "")),  # two words stay: a first name may look like a title
        ("Ines Koval", ("Ines Koval", "")),
    ],
)
def test_strip_title(name, expected):
    assert strip_title(name) == expected


def test_a_title_moves_to_the_role_and_the_fullest_frequent_spelling_wins():
    out = canonical(said("Treasurer Ines Koval", n=1), said("Ines Koval", n=2), said("ines koval", n=3))
    assert out == [("Ines Koval", "person", "Treasurer"), ("Ines Koval", "person", ""), ("Ines Koval", "person", "")]


def test_a_surname_joins_the_one_full_name_that_holds_it_and_no_other():
    assert canonical(said("Koval", n=1), said("Ines Koval", n=2))[0][0] == "Ines Koval"
    shared = canonical(said("Koval", n=1), said("Ines Koval", n=2), said("Petr Koval", n=3))
    assert shared[0][0] == "Koval"


def test_an_organisation_is_never_expanded_to_a_person():
    assert canonical(said("Koval", "organization", n=1), said("Ines Koval", n=2))[0][:2] == ("Koval", "organization")


def test_the_registry_pins_name_type_role_and_id():
    entry = RegistryEntry("Ines Koval", ("Treasurer Koval", "I. Koval"), "person", "Treasurer", "Q1")
    names = CanonicalNames([entry])
    q = said("I. Koval")
    names.observe(q)
    pinned = names.apply(q)
    assert (pinned.speaker, pinned.speaker_id, pinned.speaker_role) == ("Ines Koval", "Q1", "Treasurer")


def test_load_registry_reads_csv_aliases_and_a_yaml_speakers_list(tmp_path):
    csv_file = tmp_path / "r.csv"
    csv_file.write_text("name,aliases,type,role,id\nInes Koval,I. Koval;Koval,person,Treasurer,Q1\n", encoding="utf-8")
    yaml_file = tmp_path / "r.yaml"
    yaml_file.write_text("speakers:\n  - name: Ines Koval\n    aliases: [I. Koval, Koval]\n    wikidata: Q1\n",
                         encoding="utf-8")
    assert load_registry(csv_file) == [RegistryEntry("Ines Koval", ("I. Koval", "Koval"), "person", "Treasurer", "Q1")]
    assert load_registry(yaml_file) == [RegistryEntry("Ines Koval", ("I. Koval", "Koval"), "", "", "Q1")]


@pytest.mark.parametrize(
    ("file", "content", "message"),
    [
        ("r.yaml", "speakers: {name: x}\n", "expected a list of speakers"),
        ("r.yaml", "- name: [unclosed\n", "not valid YAML"),
        ("r.csv", "name,aliases\n,Koval\n", "entry 1 has no `name`"),
    ],
)
def test_registry_errors_name_the_file_and_the_problem(tmp_path, file, content, message):
    path = tmp_path / file
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        load_registry(path)
    assert str(path) in str(err.value)


@pytest.mark.parametrize(
    ("name", "key"),
    [("Dr. Ines Koval", "ines koval"), ("Jean-Luc Brant’s", "jean luc brant"), ("the Harbour Council", "harbour council")],
)
def test_name_key(name, key):
    assert name_key(name) == key


def test_lexicon_helpers():
    assert ministry_name("labour ministry") == "Labour Ministry"
    assert ministry_name("ministry of health") == "Ministry of Health"
    assert ministry_name("ministry") == "ministry"
    assert is_media_name("the Nordmark Gazette") and not is_media_name("Environmental Protection Agency")
    assert government_agency("agency", ["the", "agency"]) and not government_agency("agency", ["state", "news"])
    assert first_name_gender("Peter Lund") == "m" and first_name_gender("Nora Vik") == "f"
    assert first_name_gender("Lund") == ""
