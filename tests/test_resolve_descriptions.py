"""quotes.resolve.descriptions on real parses: speakers described by common nouns (roles, spokespeople, unnamed
sources, groups, partitives, organisation nouns, documents and their authors)."""

from __future__ import annotations

import pytest
from resolve_parses import parse, source, span

from quotes.records import Quote
from quotes.resolve.context import Who
from quotes.resolve.descriptions import attached_org, note_frames
from quotes.resolve.resolver import Resolver


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        # a role noun: the named holder of the role, also under an abbreviated title
        ("Gov. Elena Brandt signed the bill on Monday. The governor said it was overdue.", "The governor",
         ("Elena Brandt", "person", False)),
        # an unnamed spokesperson speaks for the organisation
        ("A spokeswoman for the hospital said two patients were hurt.", "A spokeswoman for the hospital",
         ("hospital", "organization", False)),
        # unidentified sources and members of a set
        ("A senior official said the plan was dead.", "A senior official", ("senior official", "anonymous", True)),
        ("A local economist said prices would rise.", "A local economist", ("local economist", "anonymous", True)),
        ("One of the people familiar with the talks said a deal was close.",
         "One of the people familiar with the talks", ("one of the people familiar with the talks", "anonymous", True)),
        # groups: plural open sources, collectives of people, poll respondents
        ("Residents said the water was brown.", "Residents", ("residents", "group", False)),
        ("A group of neighbors said the project was too big.", "A group of neighbors",
         ("group of neighbors", "group", False)),
        ("Fifty-four percent said the economy was weak.", "Fifty-four percent", ("fifty-four percent", "group", False)),
        # organisation nouns: the organisation the article is about, or the phrase itself
        ("Kolvane Minerals reported a loss on Monday. The company said it would cut jobs.", "The company",
         ("Kolvane Minerals", "organization", False)),
        ("The utility said power was restored.", "The utility", ("utility", "organization", False)),
    ],
)
def test_descriptions(text, phrase, expected):
    who = source(text, phrase)
    assert (who.name, who.type, who.one) == expected


def test_the_official_is_the_unnamed_official_quoted_before():
    text = "A Pentagon official said the drills would go on. The official said more troops would come."
    doc = parse(text)
    resolver = Resolver(doc)
    earlier = Who("Pentagon official", "anonymous", confidence=0.8, one=True)
    resolver.history.append((text.index("said"), earlier))
    head, first, last = span(doc, "The official")
    who = resolver.noun_phrase(head, first, last, "")
    assert (who.name, who.type, who.confidence) == ("Pentagon official", "anonymous", 0.7)


def test_a_document_speaks_for_the_author_it_names():
    text = "A poll released Monday by the Halbrook Civic Institute found support falling."
    who = source(text, "A poll released Monday by the Halbrook Civic Institute")
    assert (who.name, who.type) == ("Halbrook Civic Institute", "organization")


def test_a_document_with_no_author_is_nobody():
    who = source("A report claimed the dam was unsafe.", "A report")
    assert (who.name, who.type) == ("", "unknown")


def test_the_statement_is_whoever_issued_one_before():
    text = "Harborview said in a statement that fees would rise. The statement said the rise was small."
    doc = parse(text)
    resolver = Resolver(doc)
    harborview = Who("Harborview", "organization", confidence=0.85)
    cue_start = text.index("said")
    q = Quote(article_id="t", quote_type="indirect", text="fees would rise", start=text.index("fees"),
              end=text.index("fees") + 15, cue="said in a statement", cue_start=cue_start,
              cue_end=cue_start + len("said in a statement"))
    note_frames(resolver, q, harborview)
    assert resolver.authors == {"statement": harborview}
    head, first, last = span(doc, "The statement")
    who = resolver.noun_phrase(head, first, last, "")
    assert (who.name, who.type, who.confidence) == ("Harborview", "organization", 0.6)


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("A spokeswoman for the hospital said two patients were hurt.", "A spokeswoman for the hospital", "hospital"),
        ("A NATO spokesman said the drills were planned.", "A NATO spokesman", "NATO"),
        ("A spokesman said the drills were planned.", "A spokesman", None),
    ],
)
def test_attached_org_is_the_body_a_role_holder_speaks_for(text, phrase, expected):
    doc = parse(text)
    head, first, _ = span(doc, phrase)
    assert attached_org(Resolver(doc), head, first) == expected
