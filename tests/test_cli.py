"""The command line through CliRunner: help and README coverage, outputs, offsets, exit codes, messages."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from quotes import __version__
from quotes.cli import cli
from quotes.records import ARTICLE_COLUMNS, LEDGER_COLUMNS, QUOTE_COLUMNS, SPEAKER_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SEEDS = str(ROOT / "seeds")
FAST = ["--parser", "spacy", "--jobs", "1"]


def all_commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        if isinstance(command, click.Group):
            found += all_commands(command, path)
        else:
            found.append(path)
    return found


COMMANDS = all_commands()


def invoke(runner, args, **kwargs):
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)


# -- help, version, README ----------------------------------------------------------------------------------


def test_every_expected_command_exists():
    assert set(COMMANDS) >= {("extract",), ("ledger",), ("speakers",), ("articles",), ("models", "download")}


@pytest.mark.parametrize("path", [(), *COMMANDS, ("models",)], ids=lambda p: " ".join(p) or "quotes")
def test_help_has_text_and_an_example(runner, path):
    result = invoke(runner, [*path, "--help"])
    assert result.exit_code == 0
    assert re.search(r"Examples?:\n", result.stdout), f"`quotes {' '.join(path)} --help` has no example"
    example = f"quotes {' '.join(path)}".strip()
    assert example in result.stdout


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_is_in_the_readme(path):
    assert f"quotes {' '.join(path)}" in README, f"README does not show `quotes {' '.join(path)}`"


def test_readme_has_exactly_two_setup_commands():
    blocks = re.findall(r"```sh\n(python3 -m venv .*?)\n```", README)
    assert len(blocks) == 2
    assert "quotes extract seeds/" in blocks[0] and "pytest" in blocks[1]


def test_version(runner):
    result = invoke(runner, ["--version"])
    assert result.exit_code == 0 and __version__ in result.stdout


def test_python_dash_m_entry_point():
    result = subprocess.run([sys.executable, "-m", "quotes", "--version"], capture_output=True, text=True, cwd=ROOT,
                            timeout=120, check=False)
    assert result.returncode == 0 and f"quotes, version {__version__}" in result.stdout


# -- extract on the seeds -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_records():
    runner = click.testing.CliRunner()
    result = runner.invoke(cli, ["extract", SEEDS, "--format", "jsonl", *FAST], catch_exceptions=False)
    articles = runner.invoke(cli, ["articles", SEEDS, "--format", "jsonl"], catch_exceptions=False)
    return result, [json.loads(line) for line in result.stdout.splitlines()], \
        {r["article_id"]: r["text"] for r in map(json.loads, articles.stdout.splitlines())}


def test_extract_jsonl_offsets_index_article_text(seed_records):
    result, records, texts = seed_records
    assert result.exit_code == 0
    assert sorted(texts) == ["000_61ee1e0ecee5cb35", "004_6ed5b738ce4caafa"]
    for r in records:
        assert list(r) == list(QUOTE_COLUMNS)
        text = texts[r["article_id"]]
        assert text[r["start"]:r["end"]] == r["text"]
        if r["cue_start"] is not None:
            assert text[r["cue_start"]:r["cue_end"]] == r["cue"]
        if r["speaker_start"] is not None:
            assert text[r["speaker_start"]:r["speaker_end"]] == r["speaker_mention"]


def test_extract_finds_the_seed_statements(seed_records):
    _, records, _ = seed_records
    assert any("full-fledged visit" in r["text"] and r["quote_type"] == "direct" for r in records)


def test_extract_reports_parser_and_summary_on_stderr(seed_records):
    result, records, _ = seed_records
    assert re.search(r"^quotes: parser spacy:\S+$", result.stderr, re.MULTILINE)
    assert f"2 articles read, 0 failed, {len(records)} quotes found" in result.stderr
    assert {r["parser"] for r in records} <= {re.search(r"parser (\S+)", result.stderr).group(1)}


def test_articles_text_is_the_file_text(seed_records):
    _, _, texts = seed_records
    path = Path(SEEDS) / "000_61ee1e0ecee5cb35.txt"
    assert texts["000_61ee1e0ecee5cb35"] == path.read_text(encoding="utf-8")


def test_extract_csv_file_from_extension_and_filters(runner, tmp_path, seed_records):
    _, records, _ = seed_records
    out = tmp_path / "q.csv"
    result = invoke(runner, ["extract", SEEDS, "-o", out, "--quote-type", "direct", "--since", "2023-01-01", *FAST])
    assert result.exit_code == 0 and result.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    expected = [r for r in records if r["quote_type"] == "direct" and r["published"]]
    assert [row["quote_id"] for row in rows] == [r["quote_id"] for r in expected]
    assert rows and list(rows[0]) == list(QUOTE_COLUMNS)
    assert f"wrote {len(expected)} rows to {out}" in result.stderr


def test_ledger_and_speakers(runner, tmp_path):
    out = tmp_path / "ledger.jsonl"
    result = invoke(runner, ["ledger", SEEDS, "-o", out, "--min-quotes", "2", *FAST])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(list(r) == list(LEDGER_COLUMNS) and r["n_quotes"] >= 2 for r in rows)
    assert "Dmitry Peskov" in {r["speaker"] for r in rows}
    result = invoke(runner, ["speakers", SEEDS, "--speaker-type", "person", *FAST])
    assert result.exit_code == 0
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(table[0]) == list(SPEAKER_COLUMNS) and {r["speaker_type"] for r in table} == {"person"}


def test_stdin_article(runner):
    text = "“The bridge will reopen on Friday,” Mayor Tove Lund told reporters in Karvik.\n"
    result = invoke(runner, ["extract", "-", "--format", "jsonl", "--source-name", "Wire", *FAST], input=text)
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all(r["article_id"] == "stdin" and r["source"] == "Wire" for r in records)
    assert all(text[r["start"]:r["end"]] == r["text"] for r in records)


# -- start-up and structure ----------------------------------------------------------------------------

# Imported at start-up, these would make `quotes --help` slow: each command imports what it needs when it runs.
HEAVY = ("spacy", "pandas", "numpy", "pyarrow", "openpyxl", "jinja2", "dask", "stanza", "yaml", "quotes.extract",
         "quotes.parse", "quotes.pipeline", "quotes.engine", "quotes.resolve", "quotes.ledger", "quotes.export",
         "quotes.report", "quotes.store", "quotes.learn")


def test_help_imports_nothing_heavy():
    code = ("import sys\nfrom click.testing import CliRunner\nfrom quotes.cli import cli\n"
            "for args in (['--help'], ['extract', '--help'], ['report', '--help'], ['cache', 'info', '--help']):\n"
            "    assert CliRunner().invoke(cli, args).exit_code == 0, args\n"
            "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'pandas', 'numpy', "
            "'pyarrow', 'openpyxl', 'jinja2', 'dask', 'stanza', 'yaml') or m.startswith('quotes.'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    loaded = done.stdout.split()
    assert "quotes.cli.app" in loaded
    assert [m for m in loaded if m in HEAVY or m.startswith(tuple(f"{h}." for h in HEAVY))] == []


def test_python_m_quotes_cli_runs():
    done = subprocess.run([sys.executable, "-m", "quotes.cli", "--version"], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0 and done.stdout.strip() == f"quotes, version {__version__}"


def _long_functions(path: Path, most: int) -> list[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.name}:{node.name} ({node.end_lineno - node.lineno + 1} lines)" for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > most]


def test_cli_and_report_modules_are_small():
    """Issue #20's bar for the command line and the report: modules of at most 400 lines, functions of 60."""
    package = ROOT / "quotes"
    modules = [*(package / "cli").glob("*.py"), *(package / "report").glob("*.py"), package / "views.py",
               package / "preflight.py"]
    assert len(modules) >= 12
    too_long = [f"{m.name} ({n} lines)" for m in modules if (n := len(m.read_text(encoding="utf-8").splitlines())) > 400]
    assert too_long == []
    assert [f for m in modules for f in _long_functions(m, 60)] == []


# -- exit codes and messages ----------------------------------------------------------------------------


def test_failed_input_exit_1_others_written(runner, tmp_path):
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text("“We will rebuild the pier,” harbour master Olav Brenn said on Monday.", encoding="utf-8")
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x00\x01\x02\x03")
    out = tmp_path / "out.jsonl"
    result = invoke(runner, ["extract", tmp_path / "in", "-o", out, *FAST])
    assert result.exit_code == 1
    assert f"quotes: failed: {tmp_path / 'in' / 'bad.txt'}: binary file, skipped" in result.stderr
    assert "2 articles read" not in result.stderr and "1 articles read, 1 failed" in result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["article_id"] for r in records} == {"good"}


def test_fail_fast_stops_with_one_line(runner, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01")
    result = invoke(runner, ["extract", tmp_path, "--fail-fast", *FAST])
    assert result.exit_code == 1 and "binary file" in result.stderr and "Traceback" not in result.output


def test_missing_model_is_one_actionable_line(runner, tmp_path):
    result = invoke(runner, ["extract", SEEDS, "--parser", "spacy", "--model", "en_core_web_nonexistent"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:") and "pip install" in lines[0]


@pytest.mark.parametrize("args", [
    ["extract"],
    ["extract", SEEDS, "--format", "docx"],
    ["extract", SEEDS, "--parser", "nonesuch"],
    ["extract", SEEDS, "--sort", "no_such_column"],
    ["extract", SEEDS, "--since", "yesterday"],
    ["extract", SEEDS, "--format", "xlsx"],
    ["extract", SEEDS, "-o", "quotes.txt"],
    ["extract", SEEDS, "--max-article-size", "huge"],
    ["ledger", SEEDS, "--min-quotes", "-1"],
    ["nonesuch"],
])
def test_usage_errors_exit_2(runner, args):
    result = invoke(runner, args)
    assert result.exit_code == 2, result.output


def test_refuses_to_overwrite_an_input(runner, tmp_path):
    article = tmp_path / "a.csv"
    article.write_text("text\nHello.\n", encoding="utf-8")
    before = article.read_bytes()
    result = invoke(runner, ["articles", tmp_path, "-o", article])
    assert result.exit_code == 2 and "refusing to overwrite input" in result.stderr
    assert article.read_bytes() == before


def test_articles_command_formats(runner, tmp_path):
    out = tmp_path / "a.parquet"
    result = invoke(runner, ["articles", ROOT / "data" / "examples", "-o", out])
    assert result.exit_code == 0
    import pandas as pd

    df = pd.read_parquet(out)
    assert list(df.columns) == list(ARTICLE_COLUMNS)
    assert "ferry-talks" in set(df["article_id"]) and "articles:3" in set(df["article_id"])
    html_text = df.set_index("article_id").loc["ferry-talks", "text"]
    assert "<" not in html_text and "Not a quote" not in html_text


def test_models_download_is_wired(runner):
    result = invoke(runner, ["models", "download", "--help"])
    assert result.exit_code == 0 and "stanza" in result.stdout


def test_registry_gives_speaker_ids(runner, tmp_path):
    registry = tmp_path / "registry.csv"
    registry.write_text("name,aliases,type,role,id\nDmitry Peskov,Mr Peskov,person,Kremlin spokesman,Q4169335\n",
                        encoding="utf-8")
    result = invoke(runner, ["extract", SEEDS, "--registry", registry, "--speaker", "Dmitry Peskov", "--format",
                             "jsonl", *FAST])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and {(r["speaker"], r["speaker_id"]) for r in records} == {("Dmitry Peskov", "Q4169335")}


def test_bad_registry_fails_before_parsing(runner, tmp_path):
    registry = tmp_path / "registry.yaml"
    registry.write_text("speakers: [unclosed\n", encoding="utf-8")
    result = invoke(runner, ["extract", SEEDS, "--registry", registry, *FAST])
    assert result.exit_code == 1 and "registry" in result.stderr and "parser spacy" not in result.stderr


def test_default_jobs_one_process_for_small_inputs(tmp_path):
    from quotes.preflight import PARALLEL_MIN_BYTES, default_jobs

    small = tmp_path / "small.txt"
    small.write_text("Short.", encoding="utf-8")
    assert default_jobs((str(small), "-"), None) == 1
    (tmp_path / "big.txt").write_text("x" * PARALLEL_MIN_BYTES, encoding="utf-8")
    assert default_jobs((str(tmp_path),), None) == (os.cpu_count() or 1)
    assert default_jobs(("-",), "jsonl") == (os.cpu_count() or 1)


def test_report_writes_one_html_file(runner, tmp_path):
    out = tmp_path / "report.html"
    result = invoke(runner, ["report", SEEDS, "-o", out, *FAST])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and "Dmitry Peskov" in page
    assert invoke(runner, ["report", SEEDS]).exit_code == 2  # -o is required


def test_conllu_parser_reads_preparsed_files_and_fails_plain_text(runner):
    ferry = ROOT / "tests" / "fixtures" / "parse" / "ferry.conllu"
    seed = Path(SEEDS) / "004_6ed5b738ce4caafa.txt"
    result = invoke(runner, ["extract", ferry, seed, "--parser", "conllu", "--format", "jsonl"])
    assert result.exit_code == 1
    assert f"quotes: failed: {seed}: --parser conllu needs .conllu input" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and {r["article_id"] for r in records} == {"ferry"}
    assert all(r["parser"].startswith("conllu") for r in records)


def test_internal_error_reported_on_one_line_run_goes_on(runner, tmp_path, monkeypatch):
    import quotes.extract as extract_module

    real = extract_module.extract_quotes

    def flaky(article, doc):
        if article.article_id == "a":
            raise RuntimeError("first line\nsecond line")
        return real(article, doc)

    monkeypatch.setattr(extract_module, "extract_quotes", flaky)
    text = "“The pier will reopen,” harbour master Olav Brenn said on Monday."
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    result = invoke(runner, ["extract", tmp_path, "--format", "jsonl", *FAST])
    assert result.exit_code == 1
    assert (f"quotes: failed: {tmp_path / 'a.txt'}: internal error in extraction: RuntimeError: first line second line"
            in result.stderr.splitlines())
    assert {json.loads(line)["article_id"] for line in result.stdout.splitlines()} == {"b"}


@pytest.mark.parametrize(("name", "data"), [
    ("bom_crlf.txt", "\ufeffdate 2024-03-17 KARVIK - Talks stalled.\r\n\r\n“We can't accept this offer,” union leader "
                     "Maren Holt told reporters.\r\n\r\nHalvik Line said its offer was fair.\r\n".encode()),
    ("cp1252.txt", (b"\x93We can't accept this offer,\x94 union leader Maren Holt told reporters.\r\n"
                   b"Halvik Line said its offer was fair.\r\n")),
])
def test_offsets_hold_for_bom_crlf_and_cp1252_files(runner, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    result = invoke(runner, ["extract", path, "--format", "jsonl", *FAST])
    assert result.exit_code == 0
    text = invoke(runner, ["articles", path, "--format", "jsonl"]).stdout
    text = json.loads(text)["text"]
    assert "\r\n" in text and not text.startswith("\ufeff")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(r["text"].startswith("We can't accept this offer") for r in records)
    for r in records:
        assert text[r["start"]:r["end"]] == r["text"]
        if r["speaker_start"] is not None:
            assert text[r["speaker_start"]:r["speaker_end"]] == r["speaker_mention"]


def test_examples_every_format_extracts_and_markup_is_never_quoted(runner):
    examples = ROOT / "data" / "examples"
    result = invoke(runner, ["extract", examples, "--format", "jsonl", *FAST])
    assert result.exit_code == 0 and "0 failed" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    texts = {r["article_id"]: r["text"] for r in map(json.loads, invoke(
        runner, ["articles", examples, "--format", "jsonl"]).stdout.splitlines())}
    assert {r["article_id"] for r in records} == set(texts)  # every example article has quotes
    for r in records:
        assert texts[r["article_id"]][r["start"]:r["end"]] == r["text"]
        assert "<" not in r["text"] and "Not a quote" not in r["text"]
    html = [r for r in records if r["article_id"] == "ferry-talks"]
    assert any(r["text"].startswith("We are closer") and r["source"] == "Nordpress" for r in html)


def test_speakers_on_a_terminal_is_a_readable_table(runner, monkeypatch):
    import quotes.cli.output

    monkeypatch.setattr(quotes.cli.output, "stdout_is_terminal", lambda: True)
    result = invoke(runner, ["speakers", SEEDS, *FAST])
    assert result.exit_code == 0
    header, rule, *rows = result.stdout.splitlines()
    assert header.split() == list(SPEAKER_COLUMNS) and set(rule) <= {"-", " "}
    assert any(row.startswith("Dmitry Peskov ") for row in rows)


def test_articles_json_round_trip_gives_the_same_quotes(runner, tmp_path, seed_records):
    _, records, _ = seed_records
    dump = tmp_path / "articles.json"
    assert invoke(runner, ["articles", SEEDS, "-o", dump]).exit_code == 0
    result = invoke(runner, ["extract", dump, "--format", "jsonl", *FAST])
    assert result.exit_code == 0
    again = [json.loads(line) for line in result.stdout.splitlines()]
    keys = ("quote_id", "article_id", "published", "text", "start", "end", "speaker", "cluster_id")
    assert [[r[k] for k in keys] for r in again] == [[r[k] for k in keys] for r in records]
