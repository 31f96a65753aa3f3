"""Attitude and evidence attributions: typed records, opt-in output, real spaCy parses of invented sentences."""

from __future__ import annotations

import pytest

import quotes
from quotes.cli import cli
from quotes.errors import QuotesError
from quotes.extract.attitude import attribution_kind
from quotes.records import Article, attribution_kinds


def _all(text: str) -> list:
    return quotes.run([Article("t", text)], parser="spacy", attributions="all").quotes


def _find(records: list, content_start: str):
    return next((q for q in records if q.text.startswith(content_start)), None)


@pytest.mark.parametrize("sentence, content, kind, cue", [
    ("Governor Ana Ruiz wants to build a new bridge over the river.", "to build a new bridge", "attitude", "wants"),
    ("The transport minister plans to announce the project next week.", "to announce the project", "attitude",
     "plans"),
    ("Many voters believe the state is heading in the wrong direction.", "the state is heading", "attitude",
     "believe"),
    ("Aides fear that the budget will collapse before the summer.", "that the budget will collapse", "attitude",
     "fear"),
    ("Officials expect the vote to pass by a wide margin.", "the vote to pass", "attitude", "expect"),
    ("The Ferrel campaign plans to appeal the ruling.", "to appeal the ruling", "attitude", "plans"),
    ("The ministry would like to make the election a contest about competence.", "to make the election",
     "attitude", "would like"),
    ("Senator Ilse Maren is convinced that the deal is dead.", "that the deal is dead", "attitude", "is convinced"),
    ("The union is determined to strike if the offer is not improved.", "to strike", "attitude", "is determined"),
    ("A Harlow Institute poll found that 45 percent of voters oppose the toll.", "that 45 percent", "evidence",
     "found"),
    ("The audit shows that the agency overspent by $4 million last year.", "that the agency overspent", "evidence",
     "shows"),
    ("The mayor said that the bridge would reopen in May.", "that the bridge would reopen", "speech", "said"),
    ("The mayor said the bridge would reopen in May.", "the bridge would reopen", "speech", "said"),
])
def test_each_frame_is_found_and_typed(sentence, content, kind, cue):
    q = _find(_all(sentence), content)
    assert q is not None, f"no record starting {content!r}"
    assert (q.attribution, q.cue) == (kind, cue)
    assert q.speaker_mention and sentence[q.start:q.end] == q.text


@pytest.mark.parametrize("sentence", [
    "It wants to rain all week, the forecasters joked.",  # a cue with a subject that holds no attitude
    "The planned strike was called off on Tuesday.",  # a participle on a noun
    "The city needs to repair the bridge before winter.",  # obligation, not intention
    "If you think the traffic is bad now, wait until the bridge closes.",  # the writer's supposition
    "Nobody expects the inquisition to arrive before lunch.",  # a generic subject
])
def test_narration_that_looks_like_an_attitude_is_not_one(sentence):
    assert [q for q in _all(sentence) if q.attribution == "attitude"] == []


def test_default_output_is_speech_only():
    text = ("Ruiz said the bridge would reopen in May. She wants to build a second one. "
            "A council survey found that two in five households rely on the ferry.")
    default = quotes.run([Article("t", text)], parser="spacy").quotes
    assert {q.attribution for q in default} == {"speech"}
    every = _all(text)
    assert {q.attribution for q in every} == {"speech", "attitude", "evidence"}
    speech = [q for q in every if q.attribution == "speech"]
    assert [(q.start, q.end, q.speaker) for q in speech] == [(q.start, q.end, q.speaker) for q in default]


@pytest.mark.parametrize("cue, rule, source, kind", [
    ("according", "according-to", "poll", "evidence"),
    ("according", "according-to", "report", "speech"),  # a report relays what someone said
    ("suggest", "reported", "study", "evidence"),
    ("suggest", "reported", "Ruiz", "speech"),
    ("think", "reported-cognition", "she", "attitude"),
    ("acknowledge", "reported", "she", "speech"),
    ("find", "reported-finding", "", "evidence"),
])
def test_attribution_kind(cue, rule, source, kind):
    assert attribution_kind(cue, rule, source) == kind


def test_attribution_choices():
    assert attribution_kinds("speech") == {"speech"}
    assert attribution_kinds("all") == {"speech", "attitude", "evidence"}
    assert attribution_kinds("speech,evidence") == {"speech", "evidence"}
    with pytest.raises(QuotesError, match="attributions must be"):
        attribution_kinds("beliefs")


def test_cli_option_adds_records_and_ledger_columns(runner, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Bridge plan\n\nMayor Dan Cole said the bridge would close. Cole wants to build a new one "
                       "before the election.\n", encoding="utf-8")
    out = runner.invoke(cli, ["extract", str(article), "--format", "jsonl", "--attributions", "all"])
    assert out.exit_code == 0, out.output
    assert '"attribution": "attitude"' in out.stdout and '"attribution": "speech"' in out.stdout
    default = runner.invoke(cli, ["extract", str(article), "--format", "jsonl"])
    assert '"attribution": "attitude"' not in default.stdout
    ledger = runner.invoke(cli, ["ledger", str(article), "--attributions", "all", "--sort", "n_attitude"])
    assert ledger.exit_code == 0, ledger.output
    header = ledger.stdout.splitlines()[0].split(",")
    assert header[header.index("n_mixed") + 1: header.index("n_mixed") + 3] == ["n_attitude", "n_evidence"]
    plain = runner.invoke(cli, ["ledger", str(article)])
    assert "n_attitude" not in plain.stdout.splitlines()[0]
    assert runner.invoke(cli, ["extract", str(article), "--attributions", "beliefs"]).exit_code == 2


# frames found after speech is selected (extract/stance.py, extract/evidence.py, extract/nonspeech.py)
@pytest.mark.parametrize("sentence, content, kind, cue, rule", [
    ("Senior party officials recognized that the senator would lose a contest of résumés.", "that the senator would lose",
     "attitude", "recognized", "attitude-belief"),
    ("Senator Maren doesn't think the mayor can win the runoff in June.", "the mayor can win", "attitude", "think",
     "attitude-belief"),
    ("Tomas Reyl learned he had never been registered as a voter.", "he had never been registered", "attitude",
     "learned", "attitude-belief"),
    ("The ferry company agreed to pay $3 million to settle the claims.", "to pay $3 million", "attitude", "agreed",
     "attitude-intention"),
    ("Council leaders see the mayor as a valuable ally in the budget fight.", "the mayor as a valuable ally",
     "attitude", "see", "attitude-view"),
    ("Her decision to close the harbour office angered the fishermen.", "to close the harbour office", "attitude",
     "decision", "attitude-noun"),
    ("In a Harlow Institute poll released Monday, Ruiz led Cole by nine points.", "Ruiz led Cole by nine points",
     "evidence", "In", "evidence-poll"),
    ("In Ruiz's view, the deal with the union is already dead.", "the deal with the union", "attitude",
     "In Ruiz's view", "attitude-view"),
    ("The deal with the union is already dead, in her opinion.", "The deal with the union", "attitude",
     "in her opinion", "attitude-view"),
])
def test_each_late_frame_is_found_and_typed(sentence, content, kind, cue, rule):
    q = _find(_all(sentence), content)
    assert q is not None, f"no record starting {content!r}"
    assert (q.attribution, q.cue, q.rule) == (kind, cue, rule)
    assert q.speaker_mention and sentence[q.start:q.end] == q.text


@pytest.mark.parametrize("sentence", [
    "People want the ferry to run on Sundays.",  # generic narration
    "The mayor tried to reopen the bridge before winter.",  # an effort, not an attitude
    "The city's efforts to repair the bridge have stalled.",  # an effort, not an attitude
    "Ruiz led Cole by nine points in the polls on Monday, and the lead held.",  # the poll phrase neither opens nor closes
])
def test_late_frames_leave_narration_alone(sentence):
    assert [q for q in _all(sentence) if q.attribution != "speech"] == []


def test_late_frame_keeps_the_speech_it_holds():
    text = "In a Harlow Institute poll, most residents said the toll was too high."
    every = _all(text)
    assert {(q.attribution, q.rule) for q in every} == {("evidence", "evidence-poll"), ("speech", "reported")}
    default = quotes.run([Article("t", text)], parser="spacy").quotes
    assert [(q.text, q.speaker) for q in default] == [(q.text, q.speaker) for q in every if q.attribution == "speech"]


def test_late_attitudes_do_not_change_who_speaks():
    text = ("Ana Ruiz spoke first. Senator Tomas Reyl recognized that the vote would be close. "
            "\u201cWe will win,\u201d he said.")
    default = quotes.run([Article("t", text)], parser="spacy").quotes
    every = _all(text)
    assert [q.speaker for q in default] == [q.speaker for q in every if q.attribution == "speech"]


def test_speech_only_keeps_statement_ids_of_kept_records():
    """A quotation that continues a belief (its first segment) keeps a statement_id naming a record that is there."""
    from quotes.pipeline import of_kinds
    from quotes.records import Quote

    text = "She believes the port will close. “It will not survive the winter.”"
    belief = Quote("a1", "indirect", "the port will close", 13, 32, attribution="attitude")
    quote = Quote("a1", "direct", "It will not survive the winter.", 35, 66, statement_id=belief.quote_id)
    assert text[quote.start : quote.end] == quote.text
    kept = of_kinds([belief.evolve(statement_id=belief.quote_id), quote], frozenset({"speech"}))
    assert [q.statement_id for q in kept] == [quote.quote_id]
    both = of_kinds([belief, quote], frozenset({"speech", "attitude", "evidence"}))
    assert [q.statement_id for q in both] == ["", belief.quote_id]
