"""Exports: every format round-trips, formula-like cells are defused, long cells truncated, writes atomic."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import threading
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from openpyxl.utils.escape import unescape

from quotes import export
from quotes.errors import OutputError, QuotesError
from quotes.export import Format, render_table, resolve_format, write_frame
from quotes.ledger import build_ledger, quotes_frame
from quotes.records import QUOTE_COLUMNS, Quote

FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tstarts with a tab", "\rstarts with a CR",
            "=1+1", "=", "=\r"]
PLAIN = ["#N/A", "#DIV/0!", "It will be a full-fledged visit, said \u201cthe spokesman\u201d, \u00e9l\u00e8ve", 'a,b "q"\r\nline 2',
         "0012", "2026-03-14"]
LONG = "x" * 40_000


def records() -> list[Quote]:
    texts = FORMULAS + PLAIN + [LONG]
    return [Quote(article_id=f"a{i % 3}", quote_type="direct", text=t, start=100 * i, end=100 * i + len(t),
                  speaker="Speaker One" if i % 2 else "", speaker_type="person", confidence=0.5 + i / 100,
                  cue_start=100 * i - 5 if i % 2 else None, published="2024-06-17" if i % 4 else "")
            for i, t in enumerate(texts)]


@pytest.fixture
def df() -> pd.DataFrame:
    return quotes_frame(records())


def read_csv_cells(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


@pytest.mark.parametrize(("path", "fmt", "expected"), [
    (None, None, Format.csv), ("-", None, Format.csv), ("out.csv", None, Format.csv),
    ("OUT.XLSX", None, Format.xlsx), ("x.jsonl", None, Format.jsonl), ("x.json", None, Format.json),
    ("x.parquet", None, Format.parquet), ("x", None, Format.csv), ("x.csv", "jsonl", Format.jsonl),
    (None, "XLSX", Format.xlsx), (None, Format.parquet, Format.parquet),
])
def test_resolve_format(path: str | None, fmt: str | None, expected: Format) -> None:
    assert resolve_format(path, fmt) is expected


def test_resolve_format_errors() -> None:
    with pytest.raises(QuotesError, match="csv, jsonl, json, parquet, xlsx"):
        resolve_format(None, "tsv")
    with pytest.raises(OutputError, match="--format"):
        resolve_format("out.txt", None)


def test_csv_is_rfc4180_with_formula_prefix(df: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    assert write_frame(df, str(path), Format.csv) == []
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") >= len(df) + 1  # CRLF record ends
    assert b'"\'=HYPERLINK(""http://x"",""y"")"' in raw  # inner quotes doubled, field quoted
    rows = read_csv_cells(path)
    assert tuple(rows[0]) == QUOTE_COLUMNS
    texts = [r[QUOTE_COLUMNS.index("text")] for r in rows[1:]]
    by_original = dict(zip(df["text"], texts, strict=True))
    for formula in FORMULAS:
        assert by_original[formula] == "'" + formula
    for text in PLAIN + [LONG]:
        assert by_original[text] == text  # held whole, no prefix
    speaker = [r[QUOTE_COLUMNS.index("speaker")] for r in rows[1:]]
    assert "" in speaker  # missing -> empty cell


def test_negative_numbers_are_not_prefixed() -> None:
    frame = pd.DataFrame({"n": pd.array([-2, None], dtype="Int64"), "t": ["-2", None]})
    out = io.StringIO()
    write_frame(frame, None, Format.csv, stream=out)
    assert out.getvalue() == "n,t\r\n-2,'-2\r\n,\r\n"


def test_excel_flag_adds_bom(df: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    write_frame(df, str(path), Format.csv, excel=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfquote_id,")


@pytest.mark.parametrize("fmt", [Format.jsonl, Format.json])
def test_json_formats_keep_text_verbatim_and_null(df: pd.DataFrame, tmp_path: Path, fmt: Format) -> None:
    path = tmp_path / f"q.{fmt.value}"
    write_frame(df, str(path), fmt)
    text = path.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines()] if fmt is Format.jsonl else json.loads(text)
    assert [r["text"] for r in rows] == list(df["text"])
    assert [list(r) for r in rows] == [list(QUOTE_COLUMNS)] * len(df)
    first = rows[0]
    assert first["via"] is None and isinstance(first["start"], int) and isinstance(first["confidence"], float)
    assert {r["cue_start"] for r in rows} >= {None}
    assert "\u00e9l\u00e8ve" in text  # UTF-8, not \u escapes


def test_parquet_round_trip(df: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "q.parquet"
    write_frame(df, str(path), Format.parquet)
    table = pq.read_table(path)
    assert table.column_names == list(QUOTE_COLUMNS)
    back = table.to_pandas()
    assert list(back["text"]) == list(df["text"])
    assert back["via"].isna().all()
    assert list(back["cue_start"].astype("Int64")) == list(df["cue_start"])


def read_xlsx(path: Path) -> list[list[openpyxl.cell.Cell]]:
    ws = openpyxl.load_workbook(path).active
    return [list(row) for row in ws.iter_rows()]


def cell_text(cell: openpyxl.cell.Cell) -> object:
    return unescape(cell.value) if isinstance(cell.value, str) else cell.value


def test_xlsx_text_cells_header_panes_filter_and_truncation(df: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "q.xlsx"
    warnings = write_frame(df, str(path), Format.xlsx)
    assert len(warnings) == 1 and "32,767" in warnings[0] and "[truncated]" in warnings[0]
    ws = openpyxl.load_workbook(path).active
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(QUOTE_COLUMNS))}{len(df) + 1}"
    rows = read_xlsx(path)
    assert [c.value for c in rows[0]] == list(QUOTE_COLUMNS)
    assert rows[0][0].font.bold
    col = QUOTE_COLUMNS.index("text")
    written = {}
    for original, row in zip(df["text"], rows[1:], strict=True):
        cell = row[col]
        assert cell.data_type == "s"  # an explicit string, never a formula
        written[original] = cell_text(cell)
    for text in FORMULAS + PLAIN:
        assert written[text] == text  # carriage returns included (stored as _x000D_)
    assert len(written[LONG]) == 32_767 and written[LONG].endswith("[truncated]")
    start = QUOTE_COLUMNS.index("start")
    assert all(isinstance(r[start].value, int) for r in rows[1:])
    speaker = QUOTE_COLUMNS.index("speaker")
    assert any(r[speaker].value is None for r in rows[1:])  # missing -> empty cell


def test_xlsx_keeps_text_that_looks_like_an_escape(tmp_path: Path) -> None:
    frame = pd.DataFrame({"t": ["_x000D_ literally", "line\rfeed", "bell\x07"]})
    path = tmp_path / "e.xlsx"
    write_frame(frame, str(path), Format.xlsx)
    values = [cell_text(r[0]) for r in read_xlsx(path)[1:]]
    assert values == ["_x000D_ literally", "line\rfeed", "bell\ufffd"]


def test_xlsx_truncation_counts_escaped_carriage_returns(tmp_path: Path) -> None:
    text = "a\r" * 20_000
    path = tmp_path / "cr.xlsx"
    assert len(write_frame(pd.DataFrame({"t": [text, "b\r" * 4_000]}), str(path), Format.xlsx)) == 1
    cells = read_xlsx(path)
    stored = cells[1][0].value
    assert len(stored) <= 32_767 and stored.endswith("[truncated]")
    assert text.startswith(unescape(stored).removesuffix(" [truncated]"))
    assert unescape(cells[2][0].value) == "b\r" * 4_000


def test_only_xlsx_truncates(tmp_path: Path) -> None:
    frame = pd.DataFrame({"t": [LONG]})
    for fmt in (Format.csv, Format.jsonl, Format.json):
        path = tmp_path / f"long.{fmt.value}"
        assert write_frame(frame, str(path), fmt) == []
        assert LONG in path.read_text(encoding="utf-8")
    assert write_frame(frame, str(tmp_path / "long.parquet"), Format.parquet) == []
    assert pq.read_table(tmp_path / "long.parquet").column("t").to_pylist() == [LONG]


def test_stdout_text_and_binary(df: pd.DataFrame) -> None:
    out = io.StringIO()
    write_frame(df.head(2), None, Format.jsonl, stream=out)
    assert len(out.getvalue().splitlines()) == 2
    buffered = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    write_frame(df.head(1), "-", Format.csv, excel=True, stream=buffered)
    assert buffered.buffer.getvalue().startswith(b"\xef\xbb\xbfquote_id")
    for fmt in (Format.xlsx, Format.parquet):
        with pytest.raises(OutputError, match="-o FILE"):
            write_frame(df, None, fmt, stream=io.StringIO())


def test_missing_folder_is_an_output_error(df: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_frame(df, str(tmp_path / "nope" / "q.csv"), Format.csv)


@pytest.mark.parametrize("fmt", list(Format))
def test_failed_write_leaves_the_old_file(df: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          fmt: Format) -> None:
    path = tmp_path / f"q.{fmt.value}"
    path.write_bytes(b"previous good output")
    real_fsync = os.fsync

    def interrupted(fd: int) -> None:
        assert os.fstat(fd).st_size > 0  # the new content was being written
        raise KeyboardInterrupt

    monkeypatch.setattr(export.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_frame(df, str(path), fmt)
    monkeypatch.setattr(export.os, "fsync", real_fsync)
    assert path.read_bytes() == b"previous good output"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary file left behind


def test_failed_rename_is_an_output_error(df: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "q.csv"
    path.write_text("old", encoding="utf-8")

    def no_rename(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export.os, "replace", no_rename)
    with pytest.raises(OutputError, match="Permission denied"):
        write_frame(df, str(path), Format.csv)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["q.csv"]


def test_successful_write_replaces_and_keeps_mode(df: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    write_frame(df, str(path), Format.jsonl)
    assert path.read_text(encoding="utf-8").startswith('{"quote_id"')
    assert path.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("fmt", [Format.csv, Format.jsonl, Format.json, Format.parquet])
def test_output_is_independent_of_input_order(tmp_path: Path, fmt: Format) -> None:
    quotes = records()
    write_frame(quotes_frame(quotes), str(tmp_path / f"a.{fmt.value}"), fmt)
    random.Random(11).shuffle(quotes)
    write_frame(quotes_frame(quotes), str(tmp_path / f"b.{fmt.value}"), fmt)
    assert (tmp_path / f"a.{fmt.value}").read_bytes() == (tmp_path / f"b.{fmt.value}").read_bytes()


def test_xlsx_is_independent_of_input_order(tmp_path: Path) -> None:
    quotes = records()
    write_frame(quotes_frame(quotes), str(tmp_path / "a.xlsx"), Format.xlsx)
    write_frame(quotes_frame(quotes[::-1]), str(tmp_path / "b.xlsx"), Format.xlsx)
    a, b = read_xlsx(tmp_path / "a.xlsx"), read_xlsx(tmp_path / "b.xlsx")
    assert [[c.value for c in r] for r in a] == [[c.value for c in r] for r in b]


def test_ledger_exports(df: pd.DataFrame, tmp_path: Path) -> None:
    ledger = build_ledger(df)
    path = tmp_path / "ledger.csv"
    write_frame(ledger, str(path), Format.csv)
    rows = read_csv_cells(path)
    assert rows[1][:4] == ["Speaker One", "person", "", str(len(records()) // 2)]


def test_render_table_fits_width(df: pd.DataFrame) -> None:
    ledger = build_ledger(df)
    text = render_table(ledger[["speaker", "speaker_type", "n_quotes", "aliases"]])
    lines = text.splitlines()
    assert lines[0].split() == ["speaker", "speaker_type", "n_quotes", "aliases"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].startswith("Speaker One") and lines[2].endswith(f" {len(records()) // 2}")
    narrow = render_table(df[["article_id", "text"]], max_width=40)
    assert all(len(line) <= 40 for line in narrow.splitlines())
    assert "\u2026" in narrow
    assert "\r" not in narrow and "\t" not in narrow
    assert render_table(pd.DataFrame()) == ""


def test_xlsx_sheet_is_named_after_the_table(df: pd.DataFrame, tmp_path: Path) -> None:
    write_frame(df, str(tmp_path / "q.xlsx"), Format.xlsx)
    write_frame(build_ledger(df), str(tmp_path / "l.xlsx"), Format.xlsx)
    assert openpyxl.load_workbook(tmp_path / "q.xlsx").sheetnames == ["quotes"]
    assert openpyxl.load_workbook(tmp_path / "l.xlsx").sheetnames == ["ledger"]


def test_write_to_a_pipe_or_device(df: pd.DataFrame, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_frame(df.head(2), str(fifo), Format.jsonl)
    reader.join(timeout=10)
    assert received and received[0].count(b"\n") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]
