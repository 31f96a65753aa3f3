"""A 200-file corpus mixing good and bad inputs: every good article processed, every bad one named, exit 1,
and an output file that is complete and valid."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli

FIRST = ["Maren", "Olav", "Ilse", "Tove", "Leif", "Anna", "Jonas", "Sigrid", "Erik", "Freya"]
LAST = ["Holt", "Brenn", "Maren", "Lund", "Marstad", "Sorel", "Vik", "Dahl", "Strand", "Berg"]
THINGS = ["bridge", "harbour", "school", "hospital", "ferry", "railway", "library", "market", "airport", "museum"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def good_article(i: int) -> tuple[str, str]:
    """A short English news text with one direct quote; returns (text, quote content)."""
    name = f"{FIRST[i % 10]} {LAST[(i // 10) % 10]}"
    quote = f"The {THINGS[i % 10]} will reopen on {DAYS[i % 7]} after {i + 2} weeks of repairs,"
    text = (f"“{quote}” {name} told reporters in Karvik.\n\n"
            f"The work on the {THINGS[i % 10]} began in the spring and has cost the town more than it had planned. "
            "Residents have complained about the delays for months.\n")
    return text, quote


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    good: dict[str, tuple[str, str]] = {}  # article_id -> (text, quote)
    bad: list[str] = []  # origins that must be reported
    n = 0

    def add(rel: str, data: bytes | str) -> Path:
        nonlocal n
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        n += 1
        return path

    for i in range(150):
        text, quote = good_article(i)
        add(f"good/{i // 50}/g{i:03d}.txt", text)
        good[f"g{i:03d}"] = (text, quote)
    for i in range(20):
        bad.append(str(add(f"bad/bin{i:02d}.txt", bytes(range(256)) * 4)))
    for i in range(10):
        bad.append(str(add(f"bad/enc{i:02d}.txt", b"The \x81\x8d\x9d\x8f report said nothing \x81.")))
    for i in range(5):
        bad.append(str(add(f"bad/huge{i}.txt", "word " * 20_000)))
    for i in range(5):
        add(f"empty/e{i}.txt", b"")
    for i in range(5):
        rows = []
        for j in range(2):
            text, quote = good_article(200 + 10 * i + j)
            rows.append(json.dumps({"id": f"j{i}-{j}", "text": text}))
            good[f"j{i}-{j}"] = (text, quote)
        rows.insert(1, '{"id": "broken", "text": "no closing brace"')
        rows.append('{"id": "notext", "title": "x"}')
        path = add(f"rows/feed{i}.jsonl", "\n".join(rows) + "\n")
        bad += [f"{path}:2", f"{path}:4"]
    for i in range(5):
        text, quote = good_article(300 + i)
        csv_text = text.replace('"', '""')
        path = add(f"rows/table{i}.csv", f'id,text\nc{i},"{csv_text}"\n1,2,3\n')
        good[f"c{i}"] = (text, quote)
        bad.append(f"{path}:{3 + text.count(chr(10))}")  # the line after the multi-line good row
    assert n == 200
    return root, good, bad


@pytest.fixture(scope="module")
def run_corpus(corpus, tmp_path_factory):
    root, _, _ = corpus
    out = tmp_path_factory.mktemp("out") / "quotes.jsonl"
    out.write_text("previous contents\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(root), "-o", str(out), "--max-article-size", "50KB",
                                      "--parser", "spacy", "--jobs", "1"], catch_exceptions=False)
    return result, out


def test_exit_status_is_1(run_corpus):
    result, _ = run_corpus
    assert result.exit_code == 1


def test_every_bad_input_named_once_in_the_summary(run_corpus, corpus):
    result, _ = run_corpus
    _, _, bad = corpus
    failed = re.findall(r"^quotes: failed: (.+?): ", result.stderr, re.MULTILINE)
    assert sorted(failed) == sorted(bad)
    assert f"{len(bad)} failed" in result.stderr


def test_summary_counts(run_corpus, corpus):
    result, _ = run_corpus
    _, good, bad = corpus
    assert f"{len(good) + 5} articles read, {len(bad)} failed" in result.stderr  # 5 empty files are read
    assert len(re.findall(r"empty file", result.stderr)) == 5


def test_output_complete_and_valid(run_corpus, corpus):
    _, out = run_corpus
    _, good, _ = corpus
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]  # every line is valid JSON, the old contents are gone
    by_article: dict[str, list[dict]] = {}
    for r in records:
        text, _ = good[r["article_id"]]
        assert text[r["start"]:r["end"]] == r["text"]
        by_article.setdefault(r["article_id"], []).append(r)
    missing = [aid for aid, (_, quote) in good.items()
               if not any(quote in r["text"] or r["text"] in quote and len(r["text"]) > 20
                          for r in by_article.get(aid, []))]
    assert missing == [], f"quotes of {len(missing)} good articles are missing: {missing[:5]}"


def test_failed_run_leaves_previous_output_untouched(corpus, tmp_path):
    root, _, _ = corpus
    out = tmp_path / "keep.jsonl"
    out.write_text("previous contents\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(root), "-o", str(out), "--fail-fast", "--parser", "spacy",
                                      "--jobs", "1"], catch_exceptions=False)
    assert result.exit_code == 1 and "--fail-fast" in result.stderr
    assert out.read_text(encoding="utf-8") == "previous contents\n"
