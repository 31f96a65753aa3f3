"""Reliability (issue 17): huge articles in bounded work, no litter after a signal or a kill, nothing skipped or
touched silently. Articles are invented; nothing here times anything: work is checked by counting."""

from __future__ import annotations

import pytest

import quotes
from quotes import sections

# Invented sentences, one line: a wire story with direct, reported and pronoun-attributed statements.
SENTENCES = [
    "Harbour master Tove Lindqvist said on Monday that the northern pier would reopen within a week.",
    "“We have checked every mooring twice,” Lindqvist told reporters at the port.",
    "She added that the ferry company had agreed to pay for the repairs.",
    "A spokesman for Halvik Line said the company would not comment on the costs.",
    "Mayor Anders Borvik warned that the council could not cover another winter of closures.",
    "“The town depends on this harbour,” Borvik said.",
]


def one_line(n_chars: int) -> str:
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < n_chars:
        parts.append(SENTENCES[len(parts) % len(SENTENCES)])
    return " ".join(parts)


# -- 1. huge articles --------------------------------------------------------------------------------------


def test_huge_article_is_extracted_in_bounded_sections(monkeypatch):
    """The per-article rules never see more than SECTION_CHARS at once, so their cost is linear in the article's
    size; the records still index the whole article, with ids of the whole article."""
    from quotes import resolve

    monkeypatch.setattr(sections, "SECTION_CHARS", 2_000)
    seen: list[int] = []
    original = resolve.resolve_article

    def counting(article, doc, found):
        seen.append(len(article.text))
        return original(article, doc, found)

    monkeypatch.setattr(resolve, "resolve_article", counting)
    text = one_line(9_000)
    result = quotes.run([quotes.Article("pier", text)], parser="spacy")
    assert len(seen) >= 5 and max(seen) <= 2_000  # in sections, each within the bound
    assert result.quotes and not result.failures
    for q in result.quotes:
        assert q.article_id == "pier"
        assert text[q.start:q.end] == q.text
        if q.speaker_start is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker_mention
        if q.cue_start is not None:
            assert text[q.cue_start:q.cue_end] == q.cue
    late = [q for q in result.quotes if q.start > 6_000]
    assert late, "records from the last sections are kept"
    ids = {q.quote_id for q in result.quotes}
    assert all(q.statement_id in ids for q in result.quotes)


def test_sections_give_the_same_records_as_whole_articles_for_each_section(monkeypatch):
    """A section's records are exactly those of its text read as an article, moved to the whole's offsets."""
    monkeypatch.setattr(sections, "SECTION_CHARS", 1_500)
    text = one_line(2_800)
    spans = sections.section_spans(text)
    assert len(spans) == 2 and spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(e - s <= 1_500 for s, e in spans)
    whole = quotes.run([quotes.Article("a", text)], parser="spacy").quotes
    s, e = spans[1]
    alone = quotes.run([quotes.Article("a", text[s:e])], parser="spacy").quotes
    moved = [(q.start - s, q.end - s, q.text, q.speaker_mention) for q in whole if q.start >= s]
    assert moved == [(q.start, q.end, q.text, q.speaker_mention) for q in alone]


def test_parser_batches_are_bounded_in_characters(monkeypatch):
    """64 chunks of 20,000 characters (one huge article) must not go to the parser as one batch."""
    from quotes.parse import spacy_backend

    assert [len(b) for b in spacy_backend.char_batches(["x" * 60] * 10, 64, 200)] == [3, 3, 3, 1]
    assert [len(b) for b in spacy_backend.char_batches(["x" * 500, "y"], 64, 200)] == [1, 1]
    assert [len(b) for b in spacy_backend.char_batches(["x"] * 130, 64, 10_000)] == [64, 64, 2]


@pytest.mark.parametrize("n", [3])
def test_records_of_many_sections_keep_statement_ids(monkeypatch, n):
    """A direct quote interrupted by its cue keeps one statement_id for its segments after the shift."""
    monkeypatch.setattr(sections, "SECTION_CHARS", 1_000)
    line = "“We will rebuild the pier,” Lindqvist said, “and we will do it before the storms.”"
    text = " ".join([line] + SENTENCES[2:] * n)
    text = text + " " + line
    found = quotes.run([quotes.Article("p", text)], parser="spacy").quotes
    last = [q for q in found if q.start > len(text) - len(line)]
    assert len(last) == 2 and last[0].statement_id == last[1].statement_id == last[0].quote_id
