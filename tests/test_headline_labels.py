"""Headline labels (quotes/extract/labels.py `headline_labels`): invented articles, real spaCy parse. Positives
name the content and the speaker mention; negatives must give no record of the rule."""

from __future__ import annotations

import pytest

from quotes.evaluation import run_cases

BODY = "\n\nARLEN (Meridian) — Justice Minister Ilse Varga said on Tuesday that nobody had influenced the inquiry."

HEADLINES = [
    ("Varga: No outside influence on the bridge inquiry" + BODY, "No outside influence on the bridge inquiry",
     "Varga"),
    ("Justice Minister Varga: Inquiry was ‘fair from start to finish’" + BODY,
     "Inquiry was ‘fair from start to finish’", "Justice Minister Varga"),
]

NOT_HEADLINES = [
    "Breaking: Bridge closed after the storm damaged its pillars" + BODY,  # a kicker, not a speaker
    "Dunmore: The town that lost its river to the dam" + BODY,  # a name not written in the article
    "The Latest: Varga to testify before the committee" + BODY,  # a live-blog kicker
    "FACT CHECK: Varga's numbers on crime and the budget" + BODY + " A fact check follows.",  # a section
    "Monday’s Morning Email: Varga cleared by the inquiry" + BODY,  # a newsletter's name
    "Big Win For Varga: Inquiry clears the ministry" + BODY,  # a headline phrase, not a name
    "The minister said: nothing will change.\n\nShe spoke in Arlen.",  # no label, a sentence
]


@pytest.mark.parametrize(("text", "content", "speaker"), HEADLINES)
def test_headline_label_credits_its_claim(text: str, content: str, speaker: str) -> None:
    [(_, quotes)] = run_cases([{"id": "a", "text": text}])
    found = [(q.text, q.speaker_mention) for q in quotes if q.rule == "headline-label"]
    assert found == [(content, speaker)], [(q.text, q.rule) for q in quotes]


@pytest.mark.parametrize("text", NOT_HEADLINES)
def test_no_headline_label_without_a_named_source(text: str) -> None:
    [(_, quotes)] = run_cases([{"id": "a", "text": text}])
    assert not [q for q in quotes if q.rule == "headline-label"], [(q.text, q.rule) for q in quotes]
