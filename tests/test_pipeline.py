"""The pipeline run and the Python API, on real spaCy parses of the seed articles."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import quotes
from quotes.errors import InputError, QuotesError
from quotes.pipeline import looks_english, run
from quotes.records import QUOTE_COLUMNS, Article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GERMAN = ("Der Bundeskanzler sagte am Dienstag in Berlin, dass die Regierung die Pläne für eine neue Steuer "
          "überprüfen werde. Die Opposition kritisierte den Vorschlag scharf und forderte eine Debatte im "
          "Bundestag über die Finanzierung der Maßnahmen, die der Minister angekündigt hatte.")
PEACE = "“The ceasefire will hold,” Foreign Minister Ilse Maren told reporters on Monday in Karvik."


@pytest.fixture(scope="module")
def seeds_result():
    return run([SEEDS], parser="spacy", jobs=1)


def test_seeds_run_records_index_their_articles(seeds_result):
    texts = {a.article_id: a.text for a in seeds_result.articles}
    assert sorted(texts) == ["000_61ee1e0ecee5cb35", "004_6ed5b738ce4caafa"]
    assert seeds_result.failures == []
    assert seeds_result.parser_label.startswith("spacy:")
    for q in seeds_result.quotes:
        assert texts[q.article_id][q.start:q.end] == q.text


def test_seeds_run_copies_article_metadata_and_parser(seeds_result):
    for q in seeds_result.quotes:
        assert q.parser == seeds_result.parser_label
        assert q.published == ("2023-09-12" if q.article_id.startswith("000") else "")
        assert q.cluster_id  # every record is in a cluster (its own, at least)


def test_seeds_run_sorted_by_article_then_start(seeds_result):
    keys = [(q.article_id, q.start) for q in seeds_result.quotes]
    assert keys == sorted(keys)


def test_seeds_peskov_quote_found(seeds_result):
    assert any("full-fledged visit" in q.text for q in seeds_result.quotes)


def test_extraction_error_becomes_failure_and_run_goes_on(monkeypatch):
    import quotes.extract as extract_module

    real = extract_module.extract_quotes

    def flaky(article, doc):
        if article.article_id == "bad":
            raise ValueError("rule bug")
        return real(article, doc)

    monkeypatch.setattr(extract_module, "extract_quotes", flaky)
    result = run([Article("bad", PEACE, origin="bad.txt"), Article("good", PEACE, origin="good.txt")],
                 parser="spacy", jobs=1)
    assert [str(f) for f in result.failures] == ["bad.txt: internal error in extraction: ValueError: rule bug"]
    assert [a.article_id for a in result.articles] == ["bad", "good"]
    assert {q.article_id for q in result.quotes} == {"good"}


def test_parser_crash_on_one_article_fails_only_that_article(boom_parser):
    arts = [Article(f"a{i}", PEACE, origin=f"a{i}.txt") for i in range(3)]
    arts.insert(1, Article("boom", "It went BOOM, he said.", origin="boom.txt"))
    result = run(arts, parser=boom_parser, jobs=1)
    assert [str(f) for f in result.failures] == ["boom.txt: parser failed: RuntimeError: parser exploded"]
    assert {q.article_id for q in result.quotes} == {"a0", "a1", "a2"}


def test_non_english_article_skipped_with_warning():
    seen: list[str] = []
    result = run([Article("de", GERMAN, origin="de.txt"), Article("en", PEACE, origin="en.txt")], parser="spacy",
                 jobs=1, on_warning=seen.append)
    assert result.failures == []
    assert [a.article_id for a in result.articles] == ["de", "en"]
    assert {q.article_id for q in result.quotes} == {"en"}
    assert any("de.txt" in w and "English" in w for w in seen) and seen == result.warnings


def test_fail_fast_stops_at_first_failure(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x00binary")
    with pytest.raises(InputError, match="binary"):
        run([tmp_path], parser="spacy", jobs=1, fail_fast=True)


def test_unknown_parser_is_a_quotes_error():
    with pytest.raises(QuotesError, match="unknown parser"):
        run([], parser="nonesuch")


def test_missing_spacy_model_says_what_to_install():
    with pytest.raises(QuotesError, match="pip install"):
        run([], parser="spacy", model="en_core_web_doesnotexist")


@pytest.mark.parametrize("text", [PEACE * 3, (SEEDS / "004_6ed5b738ce4caafa.txt").read_text()])
def test_looks_english_on_english(text):
    assert looks_english(text)


@pytest.mark.parametrize("text", [
    GERMAN,
    ("Le président a déclaré mardi que le gouvernement allait examiner les projets de nouvelle taxe. L’opposition "
    "a vivement critiqué la proposition et a demandé un débat à l’Assemblée nationale sur le financement."),
    " ".join(f"col{i} val{i} x{i}y z{i}" for i in range(40)),
])
def test_looks_english_rejects_other_languages_and_tables(text):
    assert not looks_english(text)


# -- Python API ---------------------------------------------------------------------------------------------


def test_api_extract_from_raw_texts_and_ledger_from_frame():
    df = quotes.extract([PEACE, "Nothing to see here."], parser="spacy", jobs=1)
    assert list(df.columns) == list(QUOTE_COLUMNS)
    assert set(df["article_id"]) == {"text:1"}
    for _, row in df.iterrows():
        assert PEACE[row["start"]:row["end"]] == row["text"]
    ledger = quotes.ledger(df)
    assert "Ilse Maren" in set(ledger["speaker"]) and int(ledger["n_quotes"].sum()) <= len(df)


def test_api_extract_paths_with_filters(seeds_result):
    df = quotes.extract(str(SEEDS), parser="spacy", jobs=1, quote_type="direct")
    assert set(df["quote_type"]) <= {"direct"}
    assert len(df) == sum(q.quote_type == "direct" for q in seeds_result.quotes)


def test_api_failures_warn_raise_or_attach(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02")
    with pytest.warns(UserWarning, match="binary file"):
        df = quotes.extract(tmp_path, parser="spacy", jobs=1)
    assert df.attrs["failures"] == [f"{tmp_path / 'bin.txt'}: binary file, skipped"]
    with pytest.raises(InputError):
        quotes.extract(tmp_path, parser="spacy", jobs=1, errors="raise")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quotes.articles(tmp_path, errors="ignore")


def test_api_articles_and_unknown_option():
    df = quotes.articles(SEEDS)
    assert list(df["article_id"]) == ["000_61ee1e0ecee5cb35", "004_6ed5b738ce4caafa"]
    assert df["text"][0] == (SEEDS / "000_61ee1e0ecee5cb35.txt").read_text(encoding="utf-8")
    with pytest.raises(TypeError, match="unexpected option"):
        quotes.extract("x", colour="red")


def test_stage_modules_stay_importable_and_callable():
    import quotes.ledger
    from quotes.extract import extract_quotes
    from quotes.ledger import build_ledger

    assert callable(quotes.ledger) and callable(quotes.extract)
    assert quotes.ledger.build_ledger is build_ledger and quotes.extract.extract_quotes is extract_quotes


@pytest.mark.parametrize(("value", "kind"), [
    ("seeds/", "path"), ("-", "path"), ("missing/file.txt", "path"), ("He said “hi”.", "text"),
    ("one\ntwo.txt", "text"), ("notes.txt is where I keep it", "text"),
])
def test_as_inputs_tells_paths_from_texts(value, kind):
    (item,) = quotes.as_inputs(value)
    assert (isinstance(item, Article) and item.text == value) == (kind == "text")


def test_runaway_rule_on_one_article_becomes_a_failure(monkeypatch):
    import time

    import quotes.extract as extract_module
    from quotes import guards

    real = extract_module.extract_quotes

    def stuck(article, doc):
        if article.article_id == "stuck":
            while True:
                time.sleep(0.01)
        return real(article, doc)

    monkeypatch.setattr(extract_module, "extract_quotes", stuck)
    monkeypatch.setattr(guards, "EXTRACT_SECONDS_MIN", 0.5)
    result = run([Article("stuck", PEACE, origin="stuck.txt"), Article("ok", PEACE, origin="ok.txt")],
                 parser="spacy", jobs=1)
    assert [str(f) for f in result.failures] == [
        "stuck.txt: internal error in extraction: ExtractionTimeout: gave up after 0.5 s"]
    assert {q.article_id for q in result.quotes} == {"ok"}


def test_keep_texts_false_drops_texts_not_records(seeds_result):
    lean = run([SEEDS], parser="spacy", jobs=1, keep_texts=False)
    assert [(a.article_id, a.published, a.text) for a in lean.articles] == [
        (a.article_id, a.published, "") for a in seeds_result.articles]
    assert [q.quote_id for q in lean.quotes] == [q.quote_id for q in seeds_result.quotes]


MESSY = ["the", "minister", "said", "told", "reporters", "that", "“", "”", '"', "‘", "’", ",", ".", ":", "\n", "\r\n",
         "\n\n", "according", "to", "police", "Anna", "Berg", "she", "he", "called", "it", "a", "“disaster”", "é", "🙂",
         "Mr", "Kim", "Jong-un", "Kim", "Jong", "Un", "was", "quoted", "as", "saying", "\ufeff", "\t"]


@settings(max_examples=4, deadline=None)
@given(st.lists(st.lists(st.sampled_from(MESSY) | st.text(max_size=5), max_size=90).map(" ".join),
                min_size=1, max_size=30))
def test_run_over_a_generated_corpus_never_fails_and_offsets_hold(texts):
    articles = [Article(f"g{i:02d}", text, source="Gen", published="2024-01-02") for i, text in enumerate(texts)]
    result = run(articles, parser="spacy", jobs=1, on_warning=lambda message: None)
    assert result.failures == []
    by_id = {a.article_id: a.text for a in articles}
    ids = {q.quote_id for q in result.quotes}
    for q in result.quotes:
        assert by_id[q.article_id][q.start:q.end] == q.text
        assert (q.source, q.published) == ("Gen", "2024-01-02")
        assert q.cluster_id in ids and q.cluster_id <= q.quote_id  # the smallest quote_id of its cluster
