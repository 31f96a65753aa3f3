"""The parse/extraction cache: a warm re-run gives the same records without parsing; misses on any key change."""

from __future__ import annotations

import sqlite3

import pytest
from counting_parser import CountingBackend

import quotes.cache as cache_module
from quotes.cache import DB_NAME, Cache, cache_info, clear_cache, default_cache_dir
from quotes.parse.spacy_backend import SpacyBackend
from quotes.pipeline import process_articles, run
from quotes.records import Article

TEXTS = {
    "ferry": "“The pier will reopen on Friday,” harbour master Olav Brenn said on Monday.\n\n"
             "He added that the ferry timetable would not change. Halvik Line said its offer was fair.",
    "budget": "Finance Minister Ilse Maren told reporters that the budget would be balanced by 2026.\n\n"
              "“We will not raise taxes,” she said. “Not this year.”",
    "strike": "Union leader Maren Holt said the strike would go on, according to the Karvik Herald.",
}


def articles(texts: dict[str, str] = TEXTS) -> list[Article]:
    return [Article(article_id=k, text=v, source="Test") for k, v in texts.items()]


def rows(result) -> list[dict]:
    return [q.to_row() for q in result.quotes]


def test_warm_rerun_same_records_without_parsing(counting, tmp_path):
    cold = run(articles(), parser="test-count", cache=tmp_path)
    assert counting.chunks == 3  # every article parsed once (its paragraphs packed into one chunk)
    assert cold.quotes and not cold.failures
    counting.chunks = 0
    warm = run(articles(), parser="test-count", cache=tmp_path)
    assert counting.chunks == 0
    assert rows(warm) == rows(cold)
    assert rows(warm) == rows(run(articles(), parser="test-count"))  # and equal to an uncached run


def test_changed_text_misses_only_that_article(counting, tmp_path):
    run(articles(), parser="test-count", cache=tmp_path)
    counting.chunks = 0
    edited = dict(TEXTS, strike=TEXTS["strike"].replace("go on", "end on Monday"))
    result = run(articles(edited), parser="test-count", cache=tmp_path)
    assert counting.chunks == 1
    assert any("end on Monday" in q.text for q in result.quotes)


def test_other_parser_label_misses(counting, tmp_path):
    run(articles(), parser="test-count", cache=tmp_path)
    counting.chunks = 0
    result = run(articles(), parser="test-count-other", cache=tmp_path)
    assert counting.chunks == 3
    assert {q.parser for q in result.quotes} == {"test-count-other:" + result.parser_label.split(":", 1)[1]}


def test_changed_rules_reextract_from_the_stored_parse(counting, tmp_path, monkeypatch):
    import quotes.extract as extract_module

    cold = run(articles(), parser="test-count", cache=tmp_path)
    counting.chunks = 0
    calls = []
    real = extract_module.extract_quotes

    def spy(article, doc):
        calls.append(article.article_id)
        return real(article, doc)

    monkeypatch.setattr(extract_module, "extract_quotes", spy)
    monkeypatch.setattr(cache_module, "code_version", lambda: "edited-rules")
    again = run(articles(), parser="test-count", cache=tmp_path)
    assert counting.chunks == 0  # parses come from the cache
    assert sorted(calls) == sorted(TEXTS)  # but the rules ran again
    assert rows(again) == rows(cold)


def test_corrupt_entries_are_recomputed(counting, tmp_path):
    cold = run(articles(), parser="test-count", cache=tmp_path)
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        conn.execute("UPDATE entries SET value = x'00ff'")
    counting.chunks = 0
    again = run(articles(), parser="test-count", cache=tmp_path)
    assert counting.chunks == 3
    assert rows(again) == rows(cold)
    counting.chunks = 0
    assert rows(run(articles(), parser="test-count", cache=tmp_path)) == rows(cold)
    assert counting.chunks == 0  # the recomputed entries were stored


@pytest.fixture
def budget_rule_bug(monkeypatch):
    """The rules raising on the article `budget` (a rule bug on one article), as the pipeline calls them; yields a
    function that fixes the bug."""
    import quotes.extract as extract_module

    real = extract_module.extract_quotes

    def flaky(article, doc):
        if article.article_id == "budget":
            raise RuntimeError("rule bug")
        return real(article, doc)

    monkeypatch.setattr(extract_module, "extract_quotes", flaky)
    yield lambda: monkeypatch.setattr(extract_module, "extract_quotes", real)


def test_failed_extraction_is_not_cached(counting, tmp_path, budget_rule_bug):
    first = run(articles(), parser="test-count", cache=tmp_path)
    assert [f.origin for f in first.failures] == ["budget"]
    budget_rule_bug()  # fixed: the article is extracted again, not read from the cache
    second = run(articles(), parser="test-count", cache=tmp_path)
    assert not second.failures
    assert any(q.article_id == "budget" for q in second.quotes)


def test_process_articles_uses_the_cache(counting, tmp_path):
    from quotes.parse import get_parser

    backend = get_parser("test-count", quiet=True)
    with Cache(tmp_path) as store:
        cold = list(process_articles(articles(), backend, cache=store))
    counting.chunks = 0
    with Cache(tmp_path) as store:
        warm = list(process_articles(articles(), backend, cache=store))
    assert counting.chunks == 0
    assert warm == cold


def test_no_cache_by_default_in_the_library(counting, tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTES_CACHE_DIR", str(tmp_path / "c"))
    run(articles(), parser="test-count")
    assert not (tmp_path / "c").exists()


def test_info_and_clear(counting, tmp_path):
    assert cache_info(tmp_path).entries == 0
    run(articles(), parser="test-count", cache=tmp_path)
    info = cache_info(tmp_path)
    assert (info.entries, info.parses, info.extractions) == (6, 3, 3)
    assert info.size_bytes > 0 and info.location == tmp_path
    (tmp_path / "keep.txt").write_text("not ours")
    assert clear_cache(tmp_path) > 0
    assert cache_info(tmp_path).entries == 0
    assert (tmp_path / "keep.txt").exists()


def test_unusable_cache_folder_warns_and_runs(counting, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    warnings = []
    result = run(articles(), parser="test-count", cache=blocker, on_warning=warnings.append)
    assert result.quotes and not result.failures
    assert any("running without it" in w for w in warnings)


def test_default_dir_from_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("QUOTES_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "quotes"
    monkeypatch.setenv("QUOTES_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"


# -- command line ---------------------------------------------------------------------------------------------


def cli_run(args: list, env: dict[str, str]):
    from click.testing import CliRunner

    from quotes.cli import cli

    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


@pytest.fixture
def spacy_counter(monkeypatch):
    """Counts the chunks the spaCy backend parses (the CLI only offers the built-in parsers)."""
    real = SpacyBackend.raw_chunks

    def counted(self, chunks):
        def count():
            for chunk in chunks:
                CountingBackend.chunks += 1
                yield chunk

        return real(self, count())

    CountingBackend.chunks = 0
    monkeypatch.setattr(SpacyBackend, "raw_chunks", counted)
    return CountingBackend


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def test_cli_cache_on_by_default_and_warm_output_identical(spacy_counter, corpus, tmp_path):
    env = {"QUOTES_CACHE_DIR": str(tmp_path / "cache")}
    cold = cli_run(["extract", corpus, "--parser", "spacy", "--format", "jsonl"], env)
    assert cold.exit_code == 0 and cold.stdout
    assert cache_info(tmp_path / "cache").extractions == 3
    assert spacy_counter.chunks == 3
    spacy_counter.chunks = 0
    warm = cli_run(["extract", corpus, "--parser", "spacy", "--format", "jsonl"], env)
    assert spacy_counter.chunks == 0
    assert warm.stdout == cold.stdout


def test_cli_no_cache_writes_nothing( corpus, tmp_path):
    env = {"QUOTES_CACHE_DIR": str(tmp_path / "cache")}
    result = cli_run(["ledger", corpus, "--parser", "spacy", "--no-cache"], env)
    assert result.exit_code == 0
    assert not (tmp_path / "cache").exists()


def test_cli_cache_dir_option_info_and_clear( corpus, tmp_path):
    env = {"QUOTES_CACHE_DIR": str(tmp_path / "default")}
    mine = tmp_path / "mine"
    assert cli_run(["speakers", corpus, "--parser", "spacy", "--cache", mine, "--format", "csv"], env).exit_code == 0
    assert not (tmp_path / "default").exists()
    info = cli_run(["cache", "info", "--cache", mine], env)
    assert info.exit_code == 0
    assert f"location: {mine}" in info.stdout and "6 (3 parses, 3 extractions)" in info.stdout
    cleared = cli_run(["cache", "clear", "--cache", mine], env)
    assert cleared.exit_code == 0 and "cleared the cache" in cleared.stderr
    assert cache_info(mine).entries == 0


@pytest.mark.parametrize("args", [["--scheduler", "tcp://127.0.0.1:1"], ["--cache", "x", "--no-cache"]])
def test_cli_contradicting_engine_options_are_usage_errors(corpus, tmp_path, args):
    result = cli_run(["extract", corpus, *args], {"QUOTES_CACHE_DIR": str(tmp_path / "c")})
    assert result.exit_code == 2


def test_worker_processes_same_records_and_share_the_cache(tmp_path, spacy_counter):
    """--jobs 2: two worker processes parse and extract; they fill the cache that a later run reads."""
    one = run(articles(), parser="spacy", jobs=1)
    two = run(articles(), parser="spacy", jobs=2, cache=tmp_path)
    assert rows(two) == rows(one)
    info = cache_info(tmp_path)
    assert (info.parses, info.extractions) == (3, 3)  # written by the workers
    warm = run(articles(), parser="spacy", jobs=1, cache=tmp_path)
    assert rows(warm) == rows(one)
    assert spacy_counter.chunks == 3  # only the jobs=1 run parsed in this process


def test_worker_process_failure_is_that_articles_failure(monkeypatch):
    import quotes.extract as extract_module

    real = extract_module.extract_quotes

    def flaky(article, doc):
        if article.article_id == "budget":
            raise RuntimeError("rule bug")
        return real(article, doc)

    monkeypatch.setattr(extract_module, "extract_quotes", flaky)  # workers are forked: they inherit it
    one = run(articles(), parser="spacy", jobs=1)
    two = run(articles(), parser="spacy", jobs=2)
    assert two.failures == one.failures and [f.origin for f in two.failures] == ["budget"]
    assert rows(two) == rows(one) and rows(two)


def test_process_articles_yields_extraction_failures_in_place(budget_rule_bug, tmp_path):
    from quotes.parse import get_parser
    from quotes.records import Failure

    backend = get_parser("spacy", quiet=True)
    for cache in (None, Cache(tmp_path)):
        items = list(process_articles(articles(), backend, cache=cache))
        assert [type(i).__name__ for i in items] == ["tuple", "Failure", "tuple"]
        assert isinstance(items[1], Failure) and items[1].origin == "budget"


def test_warm_run_redoes_only_the_cross_article_steps(counting, tmp_path):
    """Names and clusters are recomputed over the cached per-article records (they depend on the whole corpus):
    a changed outlet shows, nothing is parsed again."""
    run(articles(), parser="test-count", cache=tmp_path)
    counting.chunks = 0
    renamed = [Article(a.article_id, a.text, source="Other") for a in articles()]
    again = run(renamed, parser="test-count", cache=tmp_path)
    assert counting.chunks == 0 and {q.source for q in again.quotes} == {"Other"}
