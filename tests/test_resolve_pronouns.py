"""quotes.resolve.pronouns on real parses: he/she, it and they/we resolved against the sources quoted before
(`Resolver.history`) and the people and subjects of the text."""

from __future__ import annotations

from resolve_parses import parse, token

from quotes.resolve.context import Who
from quotes.resolve.pronouns import pronoun
from quotes.resolve.resolver import Resolver

LUND = Who("Peter Lund", "person", gender="m")
VIK = Who("Nora Vik", "person", gender="f")


def resolve(text: str, word: str, *history: tuple[str, Who], nth: int = 0) -> tuple[Who, Resolver]:
    """The source of pronoun `word` after the quotes of `history` ((where its speaker stands, who it is))."""
    doc = parse(text)
    resolver = Resolver(doc)
    for phrase, who in history:
        resolver.history.append((text.index(phrase), who))
    tok = doc.tokens[token(doc, word, nth)]
    return pronoun(resolver, tok, tok.start), resolver


def test_he_and_she_take_the_latest_speaker_of_their_gender():
    text = "Peter Lund said the port would reopen. Nora Vik said ships were waiting. {} said crews were ready."
    he, _ = resolve(text.format("He"), "He", ("Peter Lund", LUND), ("Nora Vik", VIK))
    she, _ = resolve(text.format("She"), "She", ("Peter Lund", LUND), ("Nora Vik", VIK))
    assert (he.name, he.gender) == ("Peter Lund", "m")
    assert (she.name, she.gender) == ("Nora Vik", "f")


def test_a_man_who_became_the_subject_since_the_last_speaker_is_he():
    text = "Peter Lund said the port would reopen. Tomas Berg then took the stage. He said crews were ready."
    he, _ = resolve(text, "He", ("Peter Lund", LUND))
    assert he.name == "Tomas Berg"


def test_the_subject_of_the_pronouns_own_sentence_is_talked_about_not_talking():
    text = "Nora Vik said the port was shut. Ilse Strenn had not read the report, she suggested."
    she, resolver = resolve(text, "she", ("Nora Vik", VIK))
    assert (she.name, she.confidence) == ("Ilse Strenn", 0.8)
    assert resolver.genders == {"ilse strenn": "f"}  # learned for later pronouns


def test_he_after_an_unnamed_source_is_that_source():
    text = "A diplomat said the talks were over. He said a deal was unlikely."
    he, _ = resolve(text, "He", ("A diplomat", Who("diplomat", "anonymous", one=True)))
    assert (he.name, he.type, he.gender) == ("diplomat", "anonymous", "m")


def test_he_before_anyone_is_named_is_the_man_named_next():
    text = "He said the talks were over, a day after the meeting. The envoy, Gideon Marlowe, left on Tuesday."
    he, _ = resolve(text, "He")
    assert (he.name, he.role) == ("Gideon Marlowe", "envoy")


def test_a_pronoun_with_nobody_to_refer_to_is_unattributed():
    he, _ = resolve("It was late. He said the talks were over.", "He")
    assert (he.name, he.type) == ("", "unknown")


def test_it_is_the_latest_organisation_quoted_else_the_latest_named():
    text = "Kolvane Minerals reported a loss. It said prices were weak."
    quoted, _ = resolve(text, "It", ("Kolvane Minerals", Who("Kolvane Minerals", "organization")))
    named, _ = resolve(text, "It")
    assert (quoted.name, quoted.confidence) == ("Kolvane Minerals", 0.75)
    assert (named.name, named.type, named.confidence) == ("Kolvane Minerals", "organization", 0.5)


def test_they_is_the_latest_plural_subject():
    they, _ = resolve("The farmers met on Monday. They said prices were too low.", "They")
    assert (they.name, they.type) == ("farmers", "group")


def test_they_without_a_plural_subject_is_the_latest_group_quoted():
    text = "Residents gathered at the hall. It was cold. The heating had failed. Then they said the water was brown."
    residents = Who("residents", "group", confidence=0.7)
    they, _ = resolve(text, "they", ("Residents", residents))
    assert (they.name, they.confidence) == ("residents", 0.6)
    nobody, _ = resolve(text, "they")  # the subject "Residents" is three sentences back: too far
    assert nobody.type == "unknown"
