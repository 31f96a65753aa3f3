"""Property tests: extraction never raises and every record's offsets are exact, on generated text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes.extract import extract_quotes
from quotes.parse import get_parser
from quotes.records import Article
from quotes.resolve import resolve_article

WORDS = ["the", "minister", "said", "told", "reporters", "that", "“", "”", '"', "‘", "’", "'", ",", ".", ":", "?",
         "he", "she", "it", "according", "to", "police", "Anna", "Berg", "was", "quoted", "as", "saying", "\n",
         "\n\n", "—", "é", "日本", "🙂", "called", "the", "plan", "a", "disaster", "Mr", "Kim", "Jong-un"]


@pytest.fixture(scope="module")
def backend():
    return get_parser("spacy", quiet=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), min_size=0, max_size=60).map(" ".join))
def test_extraction_never_raises_and_offsets_are_exact(backend, text):
    article = Article(article_id="gen", text=text)
    doc = next(backend.parse([text]))
    quotes = resolve_article(article, doc, extract_quotes(article, doc))
    for q in quotes:
        assert text[q.start : q.end] == q.text
        assert q.start < q.end
        if q.cue_start is not None:
            assert text[q.cue_start : q.cue_end] == q.cue
        if q.speaker_start is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker_mention


def test_very_long_sentence_with_many_marks(backend):
    text = ("“Yes,” he said, " * 300) + "and the minister said that it was over."
    article = Article(article_id="long", text=text)
    doc = next(backend.parse([text]))
    for q in extract_quotes(article, doc):
        assert text[q.start : q.end] == q.text
