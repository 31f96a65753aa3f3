"""Annotation readers: inline markup (the corpus's authoring form) and BRAT standoff, exact offsets both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotes.annotations import AnnotationError, check_spans
from quotes.annotations.brat import read_brat, write_brat
from quotes.annotations.inline import parse_inline, read_inline

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"

MARKED = """# id: t1
# genre: wire

Toll plan divides island

{S1|Mayor Ida Brandt} {K1|said} {C1|the bridge would reopen in May}.

{C2|“We are not done,”} {K2|said} {S2|Brandt}. {C2|“Not by a long way.”}

{S3|Most residents} {K3:attitude|believe} {C3|the toll is too high}, and {S4|a poll} {K4:evidence|found} {C4|that 41 percent back it}.
"""


def test_inline_strips_tags_and_keeps_exact_offsets():
    doc = parse_inline(MARKED)
    assert doc.doc_id == "t1" and doc.meta["genre"] == "wire"
    assert "{" not in doc.text and doc.text.startswith("Toll plan divides island\n\n")
    got = [(a.kind, doc.span_text(a.source), doc.span_text(a.cue), doc.span_text(a.content, " | "))
           for a in doc.attributions]
    assert got == [
        ("speech", "Mayor Ida Brandt", "said", "the bridge would reopen in May"),
        ("speech", "Brandt", "said", "“We are not done,” | “Not by a long way.”"),
        ("attitude", "Most residents", "believe", "the toll is too high"),
        ("evidence", "a poll", "found", "that 41 percent back it"),
    ]
    assert check_spans(doc) == []


@pytest.mark.parametrize("body, problem", [
    ("{S1|Brandt} {K1|said} it.", "no content"),
    ("{S1|Brandt} said {C1|it}.", "exactly one cue"),
    ("{S1|Brandt {K1|said} {C1|it}.", "never closed"),
    ("Brandt} {K1|said} {C1|it}.", "closes no tag"),
    ("{X1|Brandt} {K1|said} {C1|it}.", "does not open a tag"),
    ("{S1:attitude|Brandt} {K1|said} {C1|it}.", "goes on the cue"),
    ("{S1|Brandt} {K1:rumour|said} {C1|it}.", "unknown tag option"),
    ("{K1|said} {C1|that {S2|Vold} {K2|thinks} {C2|so}}.", "outermost"),
])
def test_inline_errors_name_the_problem(body, problem):
    with pytest.raises(AnnotationError, match=problem):
        parse_inline("# id: bad\n\n" + body + "\n", origin="bad.txt")


def test_nested_attribution_is_allowed_when_declared():
    doc = parse_inline("{K1|said} {C1|that {S2|Vold} {K2:attitude,nested|thinks} {C2|so}}.\n")
    assert [a.kind for a in doc.attributions] == ["speech", "attitude"]


def test_brat_round_trip(tmp_path):
    doc = parse_inline(MARKED)
    txt, ann = write_brat(doc, tmp_path)
    back, skipped = read_brat(txt, ann)
    assert back.text == doc.text
    assert [(a.content, a.cue, a.source, a.kind) for a in back.attributions] == \
           [(a.content, a.cue, a.source, a.kind) for a in doc.attributions]
    assert skipped == {"no_content": 0, "unused_spans": 0}


def test_brat_reads_polnear_style_events_and_counts_what_it_sets_aside(tmp_path):
    text = "Vold said the port would close. Brandt agreed.\n"
    (tmp_path / "x.txt").write_text(text, encoding="utf-8")
    (tmp_path / "x.ann").write_text(
        "T1\tSource 0 4\tVold\nT2\tCue 5 9\tsaid\nT3\tContent 10 30;32 38\tthe port would close Brandt\n"
        "T4\tAttribution 5 9\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "T5\tCue 39 45\tagreed\nT6\tAttribution 39 45\tagreed\nE2\tAttribution:T6 Cue:T5\n", encoding="utf-8")
    doc, skipped = read_brat(tmp_path / "x.txt", tmp_path / "x.ann")
    (att,) = doc.attributions
    assert att.content == ((10, 30), (32, 38)) and att.source == ((0, 4),) and att.cue == ((5, 9),)
    assert skipped == {"no_content": 1, "unused_spans": 0}


@pytest.mark.parametrize("line, problem", [
    ("T1\tContent 10 900\tx", "outside the text"),
    ("T1\tContent ten 12\tx", "is not 'START END'"),
    ("E1\tAttribution:T9 Content:T8", "not a text-bound span"),
])
def test_brat_errors_name_file_and_line(tmp_path, line, problem):
    (tmp_path / "x.txt").write_text("Vold said the port would close.\n", encoding="utf-8")
    (tmp_path / "x.ann").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=problem) as err:
        read_brat(tmp_path / "x.txt", tmp_path / "x.ann")
    assert "x.ann" in str(err.value)


def test_every_corpus_article_is_valid_and_brat_is_in_sync():
    """The corpus's check (data/corpus/build.py): every marked file parses under the corpus rules, and the
    generated BRAT copy holds exactly the same text and attributions."""
    marked = sorted((CORPUS / "marked").glob("*.txt"))
    assert marked, "the corpus has no articles"
    brat = CORPUS / "brat"
    for f in marked:
        doc = read_inline(f)
        assert check_spans(doc) == [], f
        assert (brat / f"{doc.doc_id}.ann").exists(), f"{f}: run python data/corpus/build.py"
        back, _ = read_brat(brat / f"{doc.doc_id}.txt", brat / f"{doc.doc_id}.ann")
        assert back.text == doc.text, f
        assert [(a.content, a.cue, a.source, a.kind) for a in back.attributions] == \
               [(a.content, a.cue, a.source, a.kind) for a in doc.attributions], f
    assert len(list(brat.glob("*.ann"))) == len(marked), "brat/ holds articles marked/ does not: rebuild it"
