"""`statement_id`: the segments of one quotation share the `quote_id` of the first segment; every other record
carries its own. Invented sentences, through the real spaCy parse."""

from __future__ import annotations

import pytest

from quotes.evaluation import run_cases
from quotes.records import Quote

# (text, groups): each group lists the start of every segment of one statement, in order; a record whose text
# starts with none of them is not checked
CASES = [
    pytest.param(
        "“The talks,” she said, “are over for this year, and nobody should expect them to resume soon.”",
        [["The talks", "are over"]], id="interrupted-by-cue"),
    pytest.param(
        "“We will not raise taxes on working families,” the mayor said. “Not this year, and not next year either.”",
        [["We will not", "Not this year"]], id="resumed-after-cue"),
    pytest.param(
        "“We have waited long enough for the council to act on the housing shortage,” said Ilse Maren.\n\n"
        "“The council has had every chance to build, and it chose instead to argue about parking.\n\n"
        "“Now the tenants will decide what happens next in the north of the city,” she added.",
        [["We have waited"], ["The council has", "Now the tenants"]], id="paragraph-reopens-with-mark"),
    pytest.param(
        "“Before long we will run out of officers to cover the whole region,” said Chief Dunlap.\n\n"
        "“I warned them years ago, but nothing happened. It is irresponsible, and that is what it is.”",
        [["Before long", "I warned them"]], id="quoted-paragraph-continues-direct"),
    pytest.param(
        "“Before long we will run out of officers to cover the whole region,” said Chief Dunlap.\n\n"
        "The council met on Tuesday and did not discuss the police budget at all.\n\n"
        "“I warned them years ago, but nothing happened. It is irresponsible, and that is what it is.”",
        [["Before long"], ["I warned them"]], id="quoted-paragraph-after-narration-is-its-own"),
    pytest.param(
        "''The talks,'' she said, ''are over for this year, and nobody should expect them to resume soon.''",
        [["The talks", "are over"]], id="doubled-apostrophe-marks"),
    pytest.param(
        "Kim said the deal was done and the money had been paid. “It is signed and sealed,” he said later.",
        [["the deal was done"], ["It is signed"]], id="reported-then-direct-are-two"),
    pytest.param(
        "“The bridge will open in May,” the engineer said.\n\nThe mayor disagreed. “It will not open before the "
        "autumn, whatever the engineers say,” she said.",
        [["The bridge"], ["It will not"]], id="two-speakers-two-statements"),
    pytest.param(
        "The minister called the plan a “reckless gamble” and said it would be withdrawn before the summer.",
        [["it would be withdrawn"]], id="mixed-alone"),
]


@pytest.mark.parametrize(("text", "groups"), CASES)
def test_segments_share_statement_id(text: str, groups: list[list[str]]) -> None:
    [(_, quotes)] = run_cases([{"id": "a", "text": text}])
    ids = {q.text: q.to_row()["statement_id"] for q in quotes}
    by_start = {q.text: q for q in quotes}
    seen: set[str] = set()
    for group in groups:
        members = [next((t for t in ids if t.startswith(g)), None) for g in group]
        assert None not in members, f"missing a segment of {group}: {list(ids)}"
        first = by_start[members[0]]
        assert {ids[m] for m in members} == {first.quote_id}, f"{group} should share {first.quote_id}: {ids}"
        assert first.quote_id not in seen, "two statements share an id"
        seen.add(first.quote_id)


def test_unlinked_record_carries_its_own_quote_id() -> None:
    q = Quote(article_id="a", quote_type="direct", text="We will win.", start=0, end=12)
    assert q.to_row()["statement_id"] == q.quote_id
