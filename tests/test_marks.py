"""Quotation-mark pairing: curly, straight, nested, unbalanced, multi-paragraph."""

from __future__ import annotations

import pytest

from quotes.extract.marks import find_spans


def contents(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will win,” she said.", ["We will win,"]),
        ('"We will win," she said.', ["We will win,"]),
        ("He said: „Es reicht“ and left.", ["Es reicht"]),  # German marks
        ("“A,” she said. “B.”", ["A,", "B."]),
        ("“He told me ‘never again’, and I believed him,” she said.", ["He told me ‘never again’, and I believed him,"]),
        ("The so-called “green corridor” opened.", ["green corridor"]),
        ('The "green corridor" opened and "it works," he said.', ["green corridor", "it works,"]),
        ("No marks at all here.", []),
        # two apostrophes for a double mark (ASCII news archives), with a nested single-quoted phrase inside
        ("''We will win,'' she said. ''Not this year.''", ["We will win,", "Not this year."]),
        ("''He told me 'never again' and I believed him,'' she said.", ["He told me 'never again' and I believed him,"]),
        ("The so-called ''green corridor'' opened.", ["green corridor"]),
        # an opening mark typed for the closing one after the quotation's punctuation
        ("“It is unusual,“ said Noble. “It is hard to do.”", ["It is unusual,", "It is hard to do."]),
        ("“Why now?“ he asked.", ["Why now?"]),
        ("“Ask them “why” and wait,” she said.", ["Ask them “why"]),  # after a space it opens: pairing as before
    ],
)
def test_pairs(text, expected):
    assert contents(text) == expected


def test_doubled_apostrophe_outer_end_covers_both_marks():
    text = "''We will win,'' she said."
    [span] = find_spans(text)
    assert text[span.open_mark : span.outer_end] == "''We will win,''"


def test_unclosed_quote_runs_to_paragraph_end_and_reopens():
    text = "“First paragraph of the quote.\n\n“Second and last,” she said."
    spans = find_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["First paragraph of the quote.", "Second and last,"]
    assert spans[0].open_ended and not spans[1].open_ended
    assert spans[0].para == 0 and spans[1].para == 1


@pytest.mark.parametrize("text", ["”", "“", '"', "”Stray closing mark first “ then an opening one", "‘’‘", "“”"])
def test_unbalanced_marks_never_raise(text):
    for s in find_spans(text):
        assert 0 <= s.start <= s.end <= len(text)


def test_single_quotes_only_when_no_double_marks_and_speech_sized():
    assert contents("‘We are not going anywhere soon,’ the mayor said.") == ["We are not going anywhere soon,"]
    assert contents("The workers’ union and the owners’ group met.") == []
