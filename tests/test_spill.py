"""The spill: records finished on disk equal the in-memory cross-article steps, in any output order asked for."""

from __future__ import annotations

import random

import pytest

from quotes.ledger import (
    build_ledger,
    filter_quotes,
    ledger_from_records,
    quote_chunks,
    quote_filter,
    quotes_frame,
    sort_frame,
)
from quotes.pipeline import finish_quotes, run, stream
from quotes.records import QUOTE_COLUMNS, Quote
from quotes.resolve import RegistryEntry
from quotes.spill import Spill

STATEMENTS = [
    "The levy will raise about 900 million crowns a year for the treasury",
    "We will not borrow our way out of this winter, and we will not tax our way out of it either",
    "It will be a full-fledged visit, not a stopover on the way to somewhere else",
    "The harbour will reopen as soon as it is safe for the crews and the ferries",
    "Nobody expected the vote in the assembly to be this close",
    "We have a lot to discuss and, frankly, a lot to repair",
]
SPEAKERS = [("Ilse Maren", "person"), ("Maren", "person"), ("Ms Maren", "person"), ("Hae-jin Toral", "person"),
            ("Hae Jin Toral", "person"), ("the Finance Ministry", "organization"), ("", "unknown"),
            ("a senior official", "anonymous")]


def corpus(n: int, seed: int) -> list[Quote]:
    """Records as the per-article steps leave them: raw speaker spellings, reworded and cut copies, some
    unattributed, several outlets and dates."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = rng.choice(STATEMENTS).split()
        if rng.random() < 0.4:
            words = words[rng.randrange(3):]
        if rng.random() < 0.2:
            words[rng.randrange(len(words))] = rng.choice(["fully", "much", "stop-over", "next", "two"])
        text = " ".join(words)
        speaker, kind = rng.choice(SPEAKERS)
        start = rng.randrange(500)
        out.append(Quote(article_id=f"a{rng.randrange(n // 3 + 1):03d}", quote_type=rng.choice(["direct", "mixed"]),
                         text=text, start=start, end=start + len(text), speaker=speaker, speaker_type=kind,
                         speaker_mention=speaker or "", source=rng.choice(["Reuters", "AP", ""]),
                         published=rng.choice(["", "2026-03-14", "2026-04-02"]),
                         confidence=round(rng.random(), 2), cue_start=rng.choice([None, 3])))
    return out


def finished(records: list[Quote], registry=None) -> list[Quote]:
    with Spill(registry) as spill:
        for i in range(0, len(records), 7):  # article-sized batches
            spill.add(records[i:i + 7])
        spill.finish()
        return list(spill.quotes())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_spill_finishes_records_as_the_in_memory_steps_do(seed: int) -> None:
    records = corpus(300, seed)
    expected = [q.to_row() for q in finish_quotes(records)]
    assert [q.to_row() for q in finished(records)] == expected
    assert len({r["cluster_id"] for r in expected}) < len(expected)  # there are clusters to find
    assert any(not r["speaker"] for r in expected)  # and unattributed records among them


def test_spill_applies_the_registry() -> None:
    registry = [RegistryEntry("Ilse Maren", ("Maren",), "person", "finance minister", "Q1")]
    records = corpus(120, 4)
    got = finished(records, registry)
    assert [q.to_row() for q in got] == [q.to_row() for q in finish_quotes(records, registry)]
    assert {q.speaker_id for q in got if q.speaker == "Ilse Maren"} == {"Q1"}


@pytest.mark.parametrize("column", QUOTE_COLUMNS)
def test_sorting_in_the_spill_is_sort_frame(column: str) -> None:
    records = corpus(150, 5)
    table = quotes_frame(finish_quotes(records))
    with Spill() as spill:
        spill.add(records)
        spill.finish()
        assert [q.quote_id for q in spill.quotes(sort=column)] == sort_frame(table, column)["quote_id"].tolist()


def test_filters_and_sort_together() -> None:
    records = corpus(200, 6)
    table = quotes_frame(finish_quotes(records))
    keep = quote_filter(None, quote_type="direct", source="reuters", since="2026-03-01")
    expected = sort_frame(filter_quotes(table, quote_type="direct", source="reuters", since="2026-03-01"), "speaker")
    with Spill() as spill:
        spill.add(records)
        spill.finish()
        got = [q.quote_id for q in spill.quotes(keep=lambda q: keep(q.to_row()), sort="speaker")]
    assert got == expected["quote_id"].tolist() and got


def test_ledger_one_speaker_at_a_time_equals_build_ledger() -> None:
    records = corpus(250, 7)
    with Spill() as spill:
        spill.add(records)
        spill.finish()
        streamed = ledger_from_records(q.to_row() for q in spill.quotes_by_speaker())
    assert streamed.equals(build_ledger(quotes_frame(finish_quotes(records))))


def test_chunks_make_the_same_table() -> None:
    records = finish_quotes(corpus(120, 8))
    chunks = list(quote_chunks(records, size=50))
    assert [len(c) for c in chunks] == [50, 50, 20]
    import pandas as pd

    assert pd.concat([c.to_frame() for c in chunks], ignore_index=True).equals(quotes_frame(records))
    assert len(list(quote_chunks([]))) == 1  # an empty table still has its columns


def test_spill_file_is_removed_and_misuse_is_an_error(tmp_path) -> None:
    spill = Spill(folder=tmp_path)
    folder = spill.path.parent
    assert folder.parent == tmp_path and spill.path.exists()
    with pytest.raises(RuntimeError):
        next(spill.quotes())  # not finished yet
    spill.add(corpus(10, 9))
    spill.finish()
    with pytest.raises(RuntimeError):
        spill.add(corpus(1, 9))
    assert len(spill) == 10 and len(list(spill.quotes())) == 10
    spill.close()
    assert not folder.exists()


def test_empty_spill() -> None:
    with Spill() as spill:
        spill.finish()
        assert list(spill.quotes()) == [] and list(spill.quotes(sort="speaker")) == []


def test_stream_gives_the_run_records_and_cleans_up(tmp_path) -> None:
    texts = ["“We will not raise taxes,” Finance Minister Ilse Maren said on Monday. “Not this year.”",
             "Maren told reporters that the budget would be balanced by 2027, according to Radio Varn."]
    from quotes.records import Article

    articles = [Article(f"t{i}", t) for i, t in enumerate(texts)]
    with stream(articles, parser="spacy", spill_dir=tmp_path) as done:
        streamed = [q.to_row() for q in done.spill.quotes()]
        assert done.result.n_articles == 2 and done.result.n_quotes == len(streamed) >= 2
        assert done.result.articles == []  # counted, not kept
    assert not list(tmp_path.iterdir())  # the spill folder is gone
    assert streamed == [q.to_row() for q in run(articles, parser="spacy").quotes]


def test_a_full_disk_is_one_clear_error_naming_the_file_and_the_way_out(tmp_path) -> None:
    from quotes.errors import OutputError

    with Spill(folder=tmp_path) as spill:
        spill._conn.execute("PRAGMA max_page_count = 8")  # a spill file that cannot grow, as on a full disk
        with pytest.raises(OutputError, match=r"records\.sqlite3 .*full.*TMPDIR"):
            for _ in range(20):
                spill.add(corpus(200, 10))
                spill._flush_raw()
    with pytest.raises(OutputError, match="spill folder .*TMPDIR"):
        Spill(folder=tmp_path / "missing")
    assert not list(tmp_path.iterdir())  # nothing left behind
