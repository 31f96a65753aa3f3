"""The annotation readers `quotes train` uses: every layout and format gives the same documents, exactly, and a bad
file is an error naming it."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from annotated_corpus import docs, write_brat_pairs, write_citron, write_polnear

from quotes.annotations import AnnotationError
from quotes.annotations.formats import read_annotations
from quotes.annotations.jsonl import read_records
from quotes.annotations.polnear import read_polnear


def _plain(documents) -> list[tuple]:
    return [(d.doc_id, d.text, [(a.content, a.cue, a.source) for a in d.attributions])
            for d in sorted(documents, key=lambda d: d.doc_id)]


def test_brat_pairs_polnear_and_citron_read_the_same_documents(tmp_path):
    expected = _plain(docs())
    for folder in (write_brat_pairs(tmp_path / "brat"), write_polnear(tmp_path / "polnear"),
                   write_citron(tmp_path / "citron")):
        assert _plain(read_annotations([folder])) == expected, folder


def test_discontinuous_content_is_one_attribution_with_two_segments(tmp_path):
    (doc,) = [d for d in read_annotations([write_brat_pairs(tmp_path)]) if d.doc_id == "harbour"]
    interrupted = doc.attributions[1]
    assert [doc.text[a:b] for a, b in interrupted.content] == ["“We held the price for four winters,”",
                                                               "“Nobody can say we rushed this.”"]
    assert doc.span_text(interrupted.cue) == "said" and doc.span_text(interrupted.source) == "Brandt"


def test_polnear_reads_the_first_annotator_unless_told_and_counts_the_rest(tmp_path):
    folder = write_polnear(tmp_path / "p")
    tally: Counter = Counter()
    first = {d.doc_id: d for d in read_polnear(folder, tally=tally)}
    assert len(first["bridge"].attributions) == 4 and tally["other annotators' files not read"] == 1
    tally = Counter()
    chosen = {d.doc_id: d for d in read_polnear(folder, annotator="zz", tally=tally)}
    assert list(chosen) == ["bridge"] and len(chosen["bridge"].attributions) == 1
    assert tally["articles not annotated by zz"] == 1


def test_a_polnear_layout_is_found_inside_the_folder_given(tmp_path):
    write_polnear(tmp_path / "PolNeAR" / "data" / "train")
    assert _plain(read_annotations([tmp_path / "PolNeAR"])) == _plain(docs())


def test_jsonl_records_with_article_rows_and_statement_ids(tmp_path):
    doc = next(d for d in docs() if d.doc_id == "harbour")
    rows = [{"article_id": "harbour", "text": doc.text}]
    for k, att in enumerate(doc.attributions):
        for a, b in att.content:  # one record per segment, as `quotes extract` writes an interrupted quotation
            rows.append({"article_id": "harbour", "start": a, "end": b, "text": doc.text[a:b],
                         "cue_start": att.cue[0][0], "cue_end": att.cue[0][1],
                         "speaker_start": att.source[0][0], "speaker_end": att.source[0][1],
                         "statement_id": f"s{k}", "attribution": att.kind})
    path = tmp_path / "corrected.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    (back,) = read_annotations([path])
    assert _plain([back]) == _plain([doc])
    assert [a.kind for a in back.attributions] == [a.kind for a in doc.attributions]


def test_an_article_row_alone_is_an_article_without_attributions(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"article_id": "x", "text": "Nothing is said here."}) + "\n", encoding="utf-8")
    tally: Counter = Counter()
    (doc,) = read_records([path], tally)
    assert doc.attributions == () and tally["articles with no attributions"] == 1


@pytest.mark.parametrize("rows, problem", [
    ([{"article_id": "x", "start": 0, "end": 4}], "no text for article 'x'"),
    ([{"article_id": "x", "text": "Vold said so."}, {"article_id": "x", "start": 0, "end": 4, "text": "Void"}],
     "offsets off the text"),
    ([{"article_id": "x", "text": "Vold said so."}, {"article_id": "x", "start": 5, "end": 99}], "outside"),
    ([{"article_id": "x", "text": "Vold said so."}, {"article_id": "x", "start": 0, "end": 4, "attribution": "x"}],
     "not one of speech"),
    ([{"title": "no text"}], "neither an article row"),
])
def test_jsonl_errors_name_file_and_line(tmp_path, rows, problem):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=problem) as err:
        list(read_annotations([path]))
    assert "bad.jsonl:" in str(err.value)


@pytest.mark.parametrize("ann, problem", [
    ("T1\tContent 0 4\tVoid\n", "not the text at 0 4"),
    ("T1\tContent 0 4\tVold\nE1\tAttribution:T1 Content:T1\nthis line is not an annotation\n", "unreadable"),
    ("T1\tContent 0 4\tVold\nE1\tAttribution:T1 Content:T7\n", "not a text-bound span"),
])
def test_bad_brat_files_are_errors_naming_file_and_line(tmp_path, ann, problem):
    (tmp_path / "x.txt").write_text("Vold said so.\n", encoding="utf-8")
    (tmp_path / "x.ann").write_text(ann, encoding="utf-8")
    with pytest.raises(AnnotationError, match=problem) as err:
        list(read_annotations([tmp_path]))
    assert "x.ann" in str(err.value)


def test_a_span_text_over_a_line_break_continues_on_the_next_line(tmp_path):
    (tmp_path / "x.txt").write_text("Vold said:\nthe port\nwill close.\n", encoding="utf-8")
    (tmp_path / "x.ann").write_text("T1\tContent 11 31\tthe port\nwill close.\nT2\tCue 5 9\tsaid\n"
                                    "E1\tAttribution:T2 Content:T1 Cue:T2\n", encoding="utf-8")
    (doc,) = read_annotations([tmp_path])
    assert doc.span_text(doc.attributions[0].content) == "the port\nwill close."


@pytest.mark.parametrize("make, problem", [
    (lambda p: p.mkdir(), "no annotations found"),
    (lambda p: (p.mkdir(), (p / "x.ann").write_text("")), "no text file x.txt"),
    (lambda p: (p.mkdir(), (p / "d.json").write_text('{"text": "abc"}')), "not a citron annotation file"),
    (lambda p: (p.mkdir(), (p / "d.json").write_text(
        '{"text": "Vold said so.", "quotes": [{"cue": {"start": 5, "end": 9, "text": "sold"}, "contents": []}]}')),
     "offsets off the text"),
])
def test_empty_or_bad_folders_are_errors_naming_the_file(tmp_path, make, problem):
    make(tmp_path / "in")
    with pytest.raises(AnnotationError, match=problem):
        list(read_annotations([tmp_path / "in"]))


def test_attribution_without_content_is_counted_not_lost(tmp_path):
    (tmp_path / "x.txt").write_text("Vold said so.\n", encoding="utf-8")
    (tmp_path / "x.ann").write_text("T1\tCue 5 9\tsaid\nE1\tAttribution:T1 Cue:T1\n", encoding="utf-8")
    tally: Counter = Counter()
    (doc,) = read_annotations([tmp_path], tally=tally)
    assert doc.attributions == () and tally["attributions without content"] == 1
