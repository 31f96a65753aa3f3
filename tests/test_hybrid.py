"""How the model's spans and the rules' records combine (quotes.extract.hybrid), with proposals written by hand
over real parses, so each case shows one decision."""

from __future__ import annotations

import pytest

from quotes.extract import extract_quotes
from quotes.extract.hybrid import attribution_groups, combine, typed
from quotes.extract.model import Proposal
from quotes.parse import get_parser
from quotes.records import Article


@pytest.fixture(scope="module")
def parse():
    backend = get_parser("spacy", jobs=1, quiet=True)
    return lambda text: next(iter(backend.parse([text])))


def spans(text: str, *parts: tuple[str, str]) -> list[Proposal]:
    """Proposals for (label, exact piece of text) pairs, each piece found left to right."""
    out, pos = [], 0
    for label, piece in parts:
        start = text.index(piece, pos)
        out.append(Proposal(label, start, start + len(piece)))
        pos = start
    return sorted(out, key=lambda p: p.start)


def run(parse, text: str, proposals: list[Proposal], mode: str = "hybrid"):
    article = Article("a", text)
    doc = parse(text)
    return combine(article, doc, extract_quotes(article, doc), proposals, mode)


def test_a_rule_record_cut_short_takes_the_model_boundaries(parse):
    text = "Mayor Ida Brandt said the toll would rise in April, but the ferry would stay free for pupils.\n"
    (rule,) = run(parse, text, [])
    assert rule.text == "the toll would rise in April"
    whole = "the toll would rise in April, but the ferry would stay free for pupils"
    (q,) = run(parse, text, spans(text, ("SOURCE", "Mayor Ida Brandt"), ("CUE", "said"), ("CONTENT", whole)))
    assert (q.text, q.rule, q.cue, q.speaker_mention) == (whole, "reported+model", "said", "Mayor Ida Brandt")
    assert text[q.start:q.end] == q.text and q.statement_id == q.quote_id


def test_a_model_content_shorter_than_the_rule_record_leaves_it(parse):
    text = "Mayor Ida Brandt said that the toll would rise in April, a year after the last increase.\n"
    (q,) = run(parse, text, spans(text, ("CUE", "said"), ("CONTENT", "that the toll would rise in April")))
    assert (q.rule, q.text) == ("reported", "that the toll would rise in April, a year after the last increase")


def test_a_model_content_that_holds_the_cue_is_no_boundary(parse):
    text = "Mayor Ida Brandt said that the toll would rise in April.\n"
    (q,) = run(parse, text, spans(text, ("CONTENT", "Brandt said that the toll would rise in April")))
    assert q.rule == "reported" and q.text == "that the toll would rise in April"


def test_an_anchored_model_content_is_a_record_of_its_own(parse):
    text = "The ferry company touted a schedule that doubles the Sunday crossings to the mainland.\n"
    assert run(parse, text, []) == []
    proposals = spans(text, ("SOURCE", "The ferry company"), ("CUE", "touted"),
                      ("CONTENT", "a schedule that doubles the Sunday crossings to the mainland"))
    (q,) = run(parse, text, proposals)
    assert (q.rule, q.cue, q.speaker_mention, q.attribution) == ("model", "touted", "The ferry company", "speech")
    assert q.text == text[q.start:q.end] == "a schedule that doubles the Sunday crossings to the mainland"


def test_the_kind_of_a_model_record_comes_from_its_cue(parse):
    text = "The union hopes for a deal that keeps the ferry running through the winter.\n"  # lemma "hop"
    proposals = spans(text, ("SOURCE", "The union"), ("CUE", "hopes"),
                      ("CONTENT", "a deal that keeps the ferry running through the winter"))
    (q,) = run(parse, text, proposals)
    assert (q.rule, q.attribution, q.speaker_mention) == ("model", "attitude", "The union")


@pytest.mark.parametrize("proposals, why", [
    ([("CONTENT", "the harbour plan")], "no cue next to it"),
    ([("CUE", "flew"), ("CONTENT", "over the harbour on Sunday with the plan")], "a cue no lexicon knows"),
    ([("CUE", "touted"), ("CONTENT", "the harbour plan")], "a bare noun phrase"),
])
def test_unanchored_model_contents_stand_only_in_the_wide_and_model_modes(parse, proposals, why):
    text = "Ida Brandt touted the harbour plan and flew over the harbour on Sunday with the plan.\n"
    props = spans(text, *proposals)
    assert [q for q in run(parse, text, props) if q.rule == "model"] == [], why
    content = next(p for p in props if p.label == "CONTENT")
    model_only = run(parse, text, props, mode="model")
    assert [(q.start, q.end) for q in model_only] == [(content.start, content.end)]
    wide = [q for q in run(parse, text, props, mode="wide") if q.rule == "model"]
    assert len(wide) == (1 if any(p.label == "CUE" for p in props) else 0)


def test_boundaries_mode_adds_no_record(parse):
    text = "The ferry company slammed the plan as a tax on islanders who commute.\n"
    proposals = spans(text, ("CUE", "slammed"), ("CONTENT", "the plan as a tax on islanders who commute"))
    assert run(parse, text, proposals, mode="boundaries") == run(parse, text, [], mode="boundaries")


def test_an_interrupted_quotation_from_the_model_is_one_statement(parse):
    text = "“We held the price for four winters,” Brandt told the council. “Nobody can say we rushed this.”\n"
    proposals = spans(text, ("CONTENT", "“We held the price for four winters,”"), ("SOURCE", "Brandt"),
                      ("CUE", "told"), ("CONTENT", "“Nobody can say we rushed this.”"))
    groups = attribution_groups(text, proposals)
    assert len(groups) == 1 and len(groups[0].contents) == 2
    records = combine(Article("a", text), parse(text), [], proposals, "model")
    assert [q.quote_type for q in records] == ["direct", "direct"]
    assert records[0].statement_id == records[1].statement_id == records[0].quote_id
    assert [q.text for q in records] == ["We held the price for four winters,", "Nobody can say we rushed this."]


@pytest.mark.parametrize("piece, expected", [
    ("“We are done.”", ("We are done.", "direct")),
    ("that the toll is “far too high”", ("that the toll is “far too high”", "mixed")),
    ("that the toll is too high", ("that the toll is too high", "indirect")),
])
def test_quote_type_from_the_content(piece, expected):
    text = f"She said {piece}.\n"
    start = text.index(piece)
    a, b, quote_type = typed(text, start, start + len(piece))
    assert (text[a:b], quote_type) == expected
