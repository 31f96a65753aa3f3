"""The Quote table as plain rows (quotes.table): written exactly as its DataFrame, and `quotes extract` to csv or
jsonl without importing pandas (export-only modules stay out of start-up:
pandas, pyarrow, openpyxl, dask)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from quotes.export import Format, write_chunks
from quotes.ledger import quotes_frame
from quotes.records import QUOTE_COLUMNS, Quote
from quotes.table import quote_rows

ROOT = Path(__file__).resolve().parents[1]


def _records() -> list[Quote]:
    text = 'The minister said taxes would rise. "We have no choice," she added.'
    return [Quote(article_id="a1", quote_type="indirect", text="taxes would rise", start=18, end=34,
                  cue="said", cue_start=13, cue_end=17, speaker_mention="The minister", speaker_start=0,
                  speaker_end=12, confidence=0.8, context=text),
            Quote(article_id="a1", quote_type="direct", text="=We have no choice,", start=37, end=55,
                  cue="added", confidence=1, context=text, source="", published="2024-05-01")]


def test_rows_hold_what_the_data_frame_holds():
    records = _records()
    assert quote_rows(records).to_frame().equals(quotes_frame(records, ordered=False))
    assert quote_rows([]).to_frame().equals(quotes_frame([], ordered=False))


@pytest.mark.parametrize("fmt", [Format.csv, Format.jsonl, Format.json, Format.parquet])
def test_rows_are_written_byte_for_byte_as_the_data_frame(tmp_path, fmt):
    records = _records()
    columns = list(QUOTE_COLUMNS)
    write_chunks([quote_rows(records)], columns, str(tmp_path / f"rows.{fmt.value}"), fmt)
    write_chunks([quotes_frame(records, ordered=False)], columns, str(tmp_path / f"frame.{fmt.value}"), fmt)
    assert (tmp_path / f"rows.{fmt.value}").read_bytes() == (tmp_path / f"frame.{fmt.value}").read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_extract_to_text_formats_never_imports_pandas(tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    code = ("import sys\nfrom quotes.cli import cli\n"
            f"cli.main(['extract', {str(ROOT / 'seeds')!r}, '-o', {str(out)!r}, '--no-cache', '--jobs', '1'], "
            "prog_name='quotes', standalone_mode=False)\n"
            "print(sorted(m for m in ('pandas', 'pyarrow', 'openpyxl', 'dask') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "[]"  # (jinja2 is left out: spaCy itself imports it)
    assert out.read_text(encoding="utf-8").count("Peskov") >= 1
