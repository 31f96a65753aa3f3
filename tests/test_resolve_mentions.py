"""quotes.resolve.mentions and .roles on real parses: the people and organisations an article names (with role and
gender, bylines left out) and the lookups over them; a name told apart from its title or descriptor."""

from __future__ import annotations

from resolve_parses import parse

from quotes.resolve.mentions import Mentions
from quotes.resolve.roles import person_tokens, role_around


def people(text: str) -> list[tuple[str, str, str]]:
    return [(p.name, p.role, p.gender) for p in Mentions(parse(text)).persons]


def test_a_descriptor_in_apposition_is_the_role_and_a_given_name_the_gender():
    assert people("Peter Lund, the port director, opened the terminal on Monday.") == [
        ("Peter Lund", "port director", "m")]


def test_an_honorific_genders_every_mention_of_the_name():
    found = people("Ilse Strenn opened the hearing. Ms Strenn said the rules had changed.")
    assert found and all(g == "f" for _, _, g in found)
    assert found[0][0] == "Ilse Strenn"


def test_he_opening_the_next_sentence_genders_a_subject_with_no_other_evidence():
    assert people("Tavi Okonkwo-Brandt opened the hearing. He said the rules had changed.")[0][2] == "m"


def test_byline_writers_are_not_mentions():
    text = "By Nathaniel Osgood\nHealth Minister Ana Ferreira said the clinics would open."
    assert [name for name, _, _ in people(text)] == ["Ana Ferreira"]


def test_a_company_read_as_a_person_is_an_organisation():
    mentions = Mentions(parse("Kolvane Minerals said it was pleased with the deal."))
    assert not mentions.persons
    assert [name for _, name, _ in mentions.orgs] == ["Kolvane Minerals"]


def test_quoted_tells_whether_a_position_is_inside_quotation_marks():
    text = "“We are ready,” Lund said."
    mentions = Mentions(parse(text))
    assert mentions.quoted(text.index("ready")) and not mentions.quoted(text.index("Lund"))


def test_full_name_prefers_the_nearest_before_else_the_first_after():
    text = "Peter Lund opened the terminal. Lund said traffic was rising. Later Anna Lund spoke."
    mentions = Mentions(parse(text))
    assert mentions.full_name("Lund", text.index("traffic"), "").name == "Peter Lund"
    assert mentions.full_name("Lund", 0, "").name == "Peter Lund"
    assert mentions.full_name("Lund", len(text), "").name == "Anna Lund"
    assert mentions.full_name("Berg", len(text), "") is None


def test_full_name_respects_gender():
    text = "Peter Lund opened the terminal. Anna Lund spoke later. Lund said traffic was rising."
    mentions = Mentions(parse(text))
    assert mentions.full_name("Lund", len(text), "m").name == "Peter Lund"
    assert mentions.full_name("Lund", len(text), "f").name == "Anna Lund"


def test_holder_finds_the_named_holder_of_a_role_also_by_an_abbreviated_title():
    text = "Gov. Elena Brandt signed the bill on Monday. The governor said it was overdue."
    mentions = Mentions(parse(text))
    holder = mentions.holder(["the", "governor"], "governor", text.index("The governor"))
    assert holder is not None and holder.name == "Elena Brandt"
    assert mentions.holder(["the", "mayor"], "mayor", len(text)) is None


def test_main_org_is_the_company_the_article_is_about_not_a_public_body():
    text = "Kolvane Minerals reported a loss. The Harbour Council met. The company said it would cut jobs."
    mentions = Mentions(parse(text))
    assert mentions.main_org(text.index("The company")) == "Kolvane Minerals"
    assert mentions.main_org(0) is None


def test_org_named_finds_an_organisation_by_a_word_of_its_name():
    text = "The Harbour Council met on Monday. The council said fees would rise."
    mentions = Mentions(parse(text))
    assert mentions.org_named("council", text.index("The council")) == "Harbour Council"
    assert mentions.org_named("ministry", len(text)) is None


def test_the_title_before_a_name_is_its_role():
    doc = parse("Health Minister Ana Ferreira said the clinics would open.")
    e = next(e for e in doc.ents if e.label == "PERSON")
    first, last, _ = person_tokens(doc, e.first, e.last)
    assert doc.span_text(first, last) == "Ana Ferreira"
    assert role_around(doc, first, last) == "Health Minister"


def test_a_noun_for_a_kind_of_person_before_a_name_is_its_role():
    doc = parse("Passenger Marit Jorve said the ferry was late.")
    e = next(e for e in doc.ents if e.label == "PERSON")
    first, last, _ = person_tokens(doc, e.first, e.last)
    assert (doc.span_text(first, last), role_around(doc, first, last)) == ("Marit Jorve", "Passenger")


def test_person_tokens_grow_over_a_hyphenated_name():
    doc = parse("Kim Hae-jin said the talks would resume.")
    e = next(e for e in doc.ents if e.label == "PERSON")
    first, last, _ = person_tokens(doc, e.first, e.last)
    assert doc.span_text(first, last) == "Kim Hae-jin"
