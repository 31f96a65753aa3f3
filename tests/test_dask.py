"""The Dask engine gives the same records as the local engine, on a local cluster of two worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotes.cache import cache_info
from quotes.engine import partitions
from quotes.pipeline import run
from quotes.records import Article

distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed (pip install 'quotes[dask]')")

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EXTRA = [
    Article("ferry", "“The pier will reopen on Friday,” harbour master Olav Brenn said on Monday.\n\n"
                     "He added that the ferry timetable would not change.", source="Herald"),
    Article("empty", ""),
    Article("budget", "Finance Minister Ilse Maren told reporters that the budget would be balanced by 2026.\n\n"
                      "“We will not raise taxes,” she said.", source="Wire", published="2024-05-01"),
]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local


def rows(result) -> list[dict]:
    return [q.to_row() for q in result.quotes]


@pytest.fixture(scope="module")
def local_result():
    return run([SEEDS, *EXTRA], parser="spacy", jobs=1)


def test_dask_engine_same_records_as_local(cluster, local_result):
    result = run([SEEDS, *EXTRA], parser="spacy", engine="dask", scheduler=cluster.scheduler_address)
    assert not result.failures
    assert result.parser_label == local_result.parser_label
    assert len(result.articles) == len(local_result.articles) == 5
    assert rows(result) == rows(local_result)
    assert any(q.article_id == "budget" and q.published == "2024-05-01" for q in result.quotes)


def test_dask_engine_fills_and_reads_the_cache(cluster, local_result, tmp_path):
    cold = run([SEEDS, *EXTRA], parser="spacy", engine="dask", scheduler=cluster.scheduler_address, cache=tmp_path)
    assert cache_info(tmp_path).extractions == 4  # every article with text; the empty one is never parsed
    warm = run([SEEDS, *EXTRA], parser="spacy", engine="dask", scheduler=cluster.scheduler_address, cache=tmp_path)
    assert rows(cold) == rows(warm) == rows(local_result)


def test_dask_engine_failures_name_their_article(cluster):
    result = run([Article("plain", "Not a CoNLL-U parse, said the tester.", origin="plain.txt"), EXTRA[0]],
                 parser="conllu", engine="dask", scheduler=cluster.scheduler_address)
    assert [f.origin for f in result.failures] == ["plain.txt", "ferry"]


def test_partitions_keep_order_and_bounds():
    arts = [Article(f"a{i}", "x" * (i * 10)) for i in range(10)]
    groups = list(partitions(((a, i) for i, a in enumerate(arts)), max_articles=3, max_chars=100))
    assert [i for g in groups for _, i in g] == list(range(10))
    assert all(len(g) <= 3 for g in groups)
