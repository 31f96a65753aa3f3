"""The Quote table and the per-speaker ledger: columns, counts, filters, sorting and determinism."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from quotes.cluster import assign_clusters
from quotes.errors import QuotesError
from quotes.ledger import (
    build_ledger,
    filter_ledger,
    filter_quotes,
    quotes_frame,
    sort_frame,
    speakers_table,
)
from quotes.records import LEDGER_COLUMNS, QUOTE_COLUMNS, SPEAKER_COLUMNS, Quote


def rec(article: str, start: int, text: str, speaker: str, *, mention: str = "", quote_type: str = "direct",
        speaker_type: str = "person", role: str = "", source: str = "", published: str = "",
        speaker_id: str = "", cue_start: int | None = None) -> Quote:
    return Quote(article_id=article, quote_type=quote_type, text=text, start=start, end=start + len(text),
                 speaker=speaker, speaker_mention=mention, speaker_type=speaker_type, speaker_role=role,
                 source=source, published=published, speaker_id=speaker_id, cue_start=cue_start)


VISIT_A = "It will be a full-fledged visit, not a stopover on the way to somewhere else,"
VISIT_B = "It will be a fully fledged visit, not a stop-over on the way to somewhere else,"


def corpus() -> list[Quote]:
    return [
        rec("a1", 10, VISIT_A, "Dmitry Peskov", mention="Kremlin spokesman Dmitry Peskov", role="Kremlin spokesman",
            source="Reuters", published="2024-06-17", speaker_id="Q4404545", cue_start=100),
        rec("a1", 200, "the talks had gone well", "Dmitry Peskov", mention="he", quote_type="indirect",
            source="Reuters", published="2024-06-17"),
        rec("a2", 50, VISIT_B, "Dmitry Peskov", mention="Peskov", source="AP", published="2024-06-18"),
        rec("a2", 300, "the visit would be short and that no agreements were ready for signing", "Dmitry Peskov",
            mention="Mr Peskov", quote_type="mixed", role="spokesman", source="AP", published="2024-06-18"),
        rec("a2", 400, "the two leaders would meet in Pyongyang", "TASS", mention="TASS", quote_type="indirect",
            speaker_type="media", source="AP", published="2024-06-18"),
        rec("a3", 5, "preparations were under way", "unnamed officials", mention="officials",
            quote_type="indirect", speaker_type="anonymous"),
        rec("a3", 90, "We have a lot to discuss with our friends in the region", "Vladimir Putin",
            mention="Putin", source=""),
        rec("a3", 190, "nobody should doubt our resolve in the months ahead", "Vladimir Putin", mention="he",
            quote_type="indirect", speaker_type="unknown"),
        rec("a3", 290, "We have a lot to discuss with our friends in the region", "Vladimir Putin",
            mention="Mr Putin", speaker_type="person"),
        rec("a4", 0, "The harbour is closed until further notice, a spokesman said", "", mention=""),
    ]


@pytest.fixture
def quotes_df() -> pd.DataFrame:
    return quotes_frame(assign_clusters(corpus()))


def test_quotes_frame_columns_types_and_order(quotes_df: pd.DataFrame) -> None:
    assert tuple(quotes_df.columns) == QUOTE_COLUMNS
    assert list(quotes_df["article_id"]) == ["a1", "a1", "a2", "a2", "a2", "a3", "a3", "a3", "a3", "a4"]
    assert list(quotes_df["start"]) == [10, 200, 50, 300, 400, 5, 90, 190, 290, 0]
    assert str(quotes_df["start"].dtype) == "Int64"
    assert str(quotes_df["cue_start"].dtype) == "Int64"
    assert quotes_df.loc[0, "cue_start"] == 100
    assert quotes_df["cue_start"].isna().sum() == len(quotes_df) - 1
    assert pd.isna(quotes_df.loc[9, "speaker"])  # empty -> missing
    assert pd.isna(quotes_df.loc[0, "via"])


def test_quotes_frame_is_independent_of_input_order() -> None:
    records = corpus()
    expected = quotes_frame(assign_clusters(records))
    shuffled = records[:]
    random.Random(3).shuffle(shuffled)
    pd.testing.assert_frame_equal(quotes_frame(assign_clusters(shuffled)), expected)


def test_quotes_frame_of_nothing_has_the_columns() -> None:
    df = quotes_frame([])
    assert tuple(df.columns) == QUOTE_COLUMNS and len(df) == 0
    ledger = build_ledger(df)
    assert tuple(ledger.columns) == LEDGER_COLUMNS and len(ledger) == 0


def test_ledger_counts(quotes_df: pd.DataFrame) -> None:
    ledger = build_ledger(quotes_df)
    assert tuple(ledger.columns) == LEDGER_COLUMNS
    assert list(ledger["speaker"]) == ["Dmitry Peskov", "Vladimir Putin", "TASS", "unnamed officials"]
    peskov = ledger.iloc[0].to_dict()
    assert peskov == {
        "speaker": "Dmitry Peskov", "speaker_type": "person", "speaker_id": "Q4404545",
        "n_quotes": 4, "n_direct": 2, "n_indirect": 1, "n_mixed": 1,
        "n_statements": 3,  # the full-fledged / fully fledged pair is one statement
        "n_articles": 2, "n_sources": 2, "first_seen": "2024-06-17", "last_seen": "2024-06-18",
        "aliases": "he; Kremlin spokesman Dmitry Peskov; Mr Peskov; Peskov",
        "roles": "Kremlin spokesman; spokesman",
    }
    putin = ledger.iloc[1].to_dict()
    assert (putin["n_quotes"], putin["n_statements"], putin["n_articles"]) == (3, 2, 1)
    assert pd.isna(putin["n_sources"])  # no outlet known: unknown, not 0
    assert putin["speaker_type"] == "person"  # most common type
    assert pd.isna(putin["first_seen"]) and pd.isna(putin["roles"]) and pd.isna(putin["speaker_id"])
    assert ledger.iloc[2]["speaker_type"] == "media"
    assert ledger.iloc[3]["speaker_type"] == "anonymous"


def test_ledger_type_ties_are_deterministic() -> None:
    records = [rec("a", 0, "first words of a statement here", "X", speaker_type="person"),
               rec("b", 0, "other words of another claim there", "X", speaker_type="group")]
    assert build_ledger(quotes_frame(records)).loc[0, "speaker_type"] == "group"
    assert build_ledger(quotes_frame(records[::-1])).loc[0, "speaker_type"] == "group"


def test_unknown_type_loses_to_any_known_type() -> None:
    records = [rec(a, 0, f"statement number {a} about the budget deficit", "X", speaker_type="unknown")
               for a in ("a", "b", "c")]
    records.append(rec("d", 0, "a different statement about the winter", "X", speaker_type="anonymous"))
    assert build_ledger(quotes_frame(records)).loc[0, "speaker_type"] == "anonymous"
    assert build_ledger(quotes_frame(records[:3])).loc[0, "speaker_type"] == "unknown"


def test_ledger_is_independent_of_input_order(quotes_df: pd.DataFrame) -> None:
    shuffled = quotes_df.sample(frac=1, random_state=5)
    pd.testing.assert_frame_equal(build_ledger(shuffled), build_ledger(quotes_df))


def test_speakers_table(quotes_df: pd.DataFrame) -> None:
    table = speakers_table(quotes_df)
    assert tuple(table.columns) == SPEAKER_COLUMNS
    assert table.loc[0].to_dict() == {"speaker": "Dmitry Peskov", "speaker_type": "person", "n_quotes": 4,
                                      "aliases": "he; Kremlin spokesman Dmitry Peskov; Mr Peskov; Peskov"}
    pd.testing.assert_frame_equal(speakers_table(build_ledger(quotes_df)), table)


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"speaker": "dmitry peskov"}, [10, 200, 50, 300]),
    ({"speaker": "Mr Peskov"}, [10, 200, 50, 300]),  # any mention selects all the speaker's rows
    ({"speaker": "Nobody"}, []),
    ({"speaker_type": "MEDIA"}, [400]),
    ({"quote_type": "indirect"}, [200, 400, 5, 190]),
    ({"source": "ap"}, [50, 300, 400]),
    ({"since": "2024-06-18"}, [50, 300, 400]),
    ({"until": "2024-06-17"}, [10, 200]),
    ({"since": "2024-01-01", "until": "2024-12-31"}, [10, 200, 50, 300, 400]),  # undated rows excluded
    ({"speaker": "Peskov", "quote_type": "direct"}, [10, 50]),
])
def test_filter_quotes(quotes_df: pd.DataFrame, kwargs: dict, expected: list[int]) -> None:
    out = filter_quotes(quotes_df, **kwargs)
    assert list(out["start"]) == expected
    assert tuple(out.columns) == QUOTE_COLUMNS


def test_filters_never_change_cluster_ids(quotes_df: pd.DataFrame) -> None:
    out = filter_quotes(quotes_df, source="AP")
    merged = out.merge(quotes_df, on="quote_id", suffixes=("", "_all"))
    assert (merged["cluster_id"] == merged["cluster_id_all"]).all()


def test_bad_date_is_a_quotes_error(quotes_df: pd.DataFrame) -> None:
    with pytest.raises(QuotesError, match="YYYY-MM-DD"):
        filter_quotes(quotes_df, since="June 2024")


def test_filter_ledger(quotes_df: pd.DataFrame) -> None:
    ledger = build_ledger(quotes_df)
    assert list(filter_ledger(ledger, min_quotes=3)["speaker"]) == ["Dmitry Peskov", "Vladimir Putin"]
    assert list(filter_ledger(ledger, speaker="mr putin")["speaker"]) == ["Vladimir Putin"]
    assert list(filter_ledger(ledger, speaker="TASS")["speaker"]) == ["TASS"]
    assert list(filter_ledger(ledger, speaker_type="anonymous")["speaker"]) == ["unnamed officials"]
    assert filter_ledger(ledger, speaker="Put").empty  # whole names only


def test_sort_frame(quotes_df: pd.DataFrame) -> None:
    ledger = build_ledger(quotes_df)
    assert list(sort_frame(ledger, "n_articles")["speaker"]) == [
        "Dmitry Peskov", "Vladimir Putin", "TASS", "unnamed officials"]  # descending, ties keep order
    assert list(sort_frame(ledger, "speaker")["speaker"]) == [
        "Dmitry Peskov", "TASS", "unnamed officials", "Vladimir Putin"]  # text ascending, case-insensitive
    by_first = sort_frame(ledger, "first_seen")
    assert list(by_first["speaker"])[:2] == ["Dmitry Peskov", "TASS"]
    assert by_first["first_seen"].isna().tolist() == [False, False, True, True]  # missing last
    assert list(sort_frame(quotes_df, "start")["start"])[:3] == [400, 300, 290]


def test_sort_by_unknown_column_lists_valid_ones(quotes_df: pd.DataFrame) -> None:
    with pytest.raises(QuotesError, match="n_quotes") as info:
        sort_frame(build_ledger(quotes_df), "popularity")
    assert "popularity" in str(info.value)
