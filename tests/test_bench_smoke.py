"""The pipeline benchmark's corpus and measurements work (tiny sizes; the real numbers are in docs/performance.md)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_pipeline.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_pipeline", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_is_deterministic_and_varied(bench, tmp_path):
    words = bench.write_corpus(tmp_path / "c.jsonl", 20)
    again = bench.write_corpus(tmp_path / "d.jsonl", 20)
    assert words == again and (tmp_path / "c.jsonl").read_bytes() == (tmp_path / "d.jsonl").read_bytes()
    rows = [json.loads(line) for line in (tmp_path / "c.jsonl").open(encoding="utf-8")]
    assert len({r["id"] for r in rows}) == 20
    sentences = {s for r in rows for s in r["text"].replace("\n\n", " ").split(". ")}
    assert len(sentences) > 200  # not the same few sentences over and over
    assert 150 < words / 20 < 400


def test_measurement_subprocess_reports_time_memory_and_quotes(bench, tmp_path):
    corpus = tmp_path / "c.jsonl"
    bench.write_corpus(corpus, 5)
    cold = bench.measure("run", corpus, 1, str(tmp_path / "cache"))
    warm = bench.measure("run", corpus, 1, str(tmp_path / "cache"))
    assert cold["quotes"] == warm["quotes"] > 10 and cold["failures"] == 0
    assert cold["rss_mb"] > 50 and cold["seconds"] > warm["seconds"]


def test_parse_and_command_line_measurements(bench, tmp_path):
    corpus = tmp_path / "c.jsonl"
    bench.write_corpus(corpus, 4)
    stock = bench.measure("bare", corpus, 1)
    ours = bench.measure("parse", corpus, 1)
    assert stock["tokens"] == ours["tokens"] > 500  # the same parse, however fast
    cli = bench.measure("cli", corpus, 1)
    assert cli["quotes"] == bench.measure("run", corpus, 1)["quotes"] > 10
    assert not corpus.with_suffix(".quotes.csv").exists()


def test_paired_measurement_times_every_arm_and_finds_the_same_quotes(bench, tmp_path):
    corpus = tmp_path / "c.jsonl"
    bench.write_corpus(corpus, 6)
    paired = bench.measure("paired", corpus, 1)
    run = bench.measure("run", corpus, 1)
    assert set(paired["parts"]) == {"bare", "parse", "quotes", "cross"}
    assert all(v > 0 for v in paired["parts"].values())
    assert paired["quotes"] == run["quotes"] > 10
