"""Our xlsx and csv opened by LibreOffice (headless): every cell as written, no formula evaluated.

LibreOffice converts each file to csv (`soffice --headless --convert-to csv`) and every cell of the result is
compared with what we wrote. Skipped only when LibreOffice is not installed (Debian: libreoffice-calc).
"""

from __future__ import annotations

import csv
import math
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from quotes.export import Format, write_frame
from quotes.ledger import quotes_frame
from quotes.records import QUOTE_COLUMNS, Quote

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                                "apt-get install libreoffice-calc to run the spreadsheet round-trip")

FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "=1+1", "-1+2", "+A1*2", "@A1",
            "\tTab first", "\rCR first"]
TEXTS = FORMULAS + ["It will be a full-fledged visit, said \u201cthe spokesman\u201d", 'a,b "q" and, more',
                    "#N/A", "#DIV/0!", "0012", "two\nlines", "\u00e9l\u00e8ve \u2014 \u00fcber", "x" * 500]


def quotes() -> list[Quote]:
    return [Quote(article_id=f"a{i:02d}", quote_type="direct", text=t, start=10 * i, end=10 * i + len(t),
                  speaker="" if i % 3 == 0 else "Ilse Maren", speaker_type="person", confidence=0.25 + i / 100,
                  cue_start=10 * i + 3 if i % 2 else None, published="2026-03-14" if i % 2 else "")
            for i, t in enumerate(TEXTS)]


def convert(src: Path, tmp_path: Path) -> list[list[str]]:
    """`src` converted to csv by LibreOffice (UTF-8, comma, double quote), read back as cells."""
    out = tmp_path / "lo"
    profile = (tmp_path / "lo-profile").as_uri()  # private profile: safe next to other soffice processes
    args = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(out)]
    if src.suffix == ".csv":
        args.append("--infilter=CSV:44,34,76,1")
    proc = subprocess.run([*args, str(src)], capture_output=True, text=True, timeout=240, check=False)
    result = out / (src.stem + ".csv")
    assert result.exists(), f"LibreOffice did not convert {src.name}: {proc.stdout} {proc.stderr}"
    with open(result, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def expected_cell(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def same_number(got: str, want: str) -> bool:
    try:
        return float(got) == pytest.approx(float(want))
    except ValueError:
        return False


def compare(cells: list[list[str]], df: pd.DataFrame, text_of: dict[str, str]) -> None:
    assert cells[0] == list(QUOTE_COLUMNS)
    assert len(cells) == len(df) + 1
    for got_row, (_, row) in zip(cells[1:], df.iterrows(), strict=True):
        for column, got in zip(QUOTE_COLUMNS, got_row, strict=True):
            want = expected_cell(row[column])
            if column in ("confidence",):
                assert same_number(got, want), (column, got, want)
            elif isinstance(row[column], str):
                assert got == text_of.get(want, want), (column, got, want)
            else:
                assert got == want, (column, got, want)


def test_xlsx_cells_survive_libreoffice(tmp_path: Path) -> None:
    df = quotes_frame(quotes())
    path = tmp_path / "quotes.xlsx"
    write_frame(df, str(path), Format.xlsx)
    cells = convert(path, tmp_path)
    compare(cells, df, {})
    texts = [row[QUOTE_COLUMNS.index("text")] for row in cells[1:]]
    for formula in FORMULAS:
        assert formula in texts  # unchanged text, not a computed value
    assert "2" not in texts and "y" not in texts


def test_csv_cells_survive_libreoffice(tmp_path: Path) -> None:
    df = quotes_frame(quotes())
    path = tmp_path / "quotes.csv"
    write_frame(df, str(path), Format.csv, excel=True)
    cells = convert(path, tmp_path)
    # In csv a formula-like cell carries a leading apostrophe; LibreOffice shows exactly that, never a result.
    # LibreOffice's csv import turns a carriage return inside a quoted field into a line feed.
    # Number-looking text ("0012") is a number to a spreadsheet's csv import; only xlsx can mark it as text.
    written = {t: ("'" + t if t.startswith(("=", "+", "-", "@", "\t", "\r")) else t).replace("\r", "\n")
               for t in TEXTS}
    written["0012"] = "12"
    compare(cells, df, written)
    texts = [row[QUOTE_COLUMNS.index("text")] for row in cells[1:]]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in texts and "'@SUM(A1)" in texts and "'-2" in texts
    assert "2" not in texts and "y" not in texts
