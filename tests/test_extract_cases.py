"""Every annotated case in tests/fixtures/attribution.jsonl, through the real spaCy parse.

Each case is a short text written for this project, covering one construction (cue after/before,
split and multi-paragraph quotes, floating quotes, said that, according to, quoted as saying, citing,
relays, mixed quotes, pronoun/nominal/relative speakers, organisations, anonymous sources, groups) or a
negative (scare quotes, nicknames, titles, refusals). `bench/eval_fixtures.py` prints the same cases as
precision/recall per construction.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quotes.evaluation import check, load_cases, run_cases, summarise

CASES = load_cases(Path(__file__).parent / "fixtures" / "attribution.jsonl")
EDGE = " \t\n\"'“”‘’,.;:!?—–-"


@pytest.fixture(scope="module")
def extracted():
    return {case["id"]: quotes for case, quotes in run_cases(CASES)}


@pytest.fixture(scope="module")
def results(extracted):
    return {case["id"]: check(case, extracted[case["id"]]) for case in CASES}


def _param(case: dict):
    marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_case(case, results):
    r = results[case["id"]]
    assert not r.missed, f"missed: {r.missed}"
    assert not r.false_positives, f"not statements, but emitted: {r.false_positives}"
    assert not r.wrong, f"wrong fields: {r.wrong}"


def _exact_param(case: dict):
    marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_exact_param(c) for c in CASES if any(e.get("exact") for e in c["expect"])])
def test_exact_boundaries(case, extracted):
    """An expectation marked `exact` is the whole content: nothing of the narration around it is swallowed."""
    # a reported clause opens with its complementiser ("said that …"), which most keys were written without
    texts = [q.text.strip(EDGE) for q in extracted[case["id"]]]
    texts += [t[5:] for t in texts if t.lower().startswith("that ")]
    for exp in case["expect"]:
        if exp.get("exact"):
            assert exp["key"].strip(EDGE) in texts, f"no record is exactly {exp['key']!r}: {texts}"


def test_summary_per_construction(results):
    table = summarise([r for cid, r in results.items() if not next(c for c in CASES if c["id"] == cid).get("xfail")])
    assert table["all"]["f1"] >= 0.9
    assert {"according-to", "split-direct", "pronoun-speaker", "negative"} <= set(table)
