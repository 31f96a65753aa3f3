"""The binary output formats: parquet (pyarrow) and xlsx (openpyxl), written chunk by chunk (quotes.export chooses)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from quotes.cells import TRUNCATED, XLSX_MAX_CHARS, _missing, xlsx_value
from quotes.table import Rows

if TYPE_CHECKING:
    import pandas as pd


def _write_parquet(chunks: Iterable[pd.DataFrame], columns: list[str], fh: IO[bytes]) -> tuple[list[str], int]:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    rows = 0
    for df in map(_frame, chunks):
        table = pa.Table.from_pandas(df, preserve_index=False)
        if writer is None:
            writer = pq.ParquetWriter(fh, table.schema)
        writer.write_table(table)
        rows += len(df)
    if writer is None:
        writer = pq.ParquetWriter(fh, pa.Table.from_pandas(pd.DataFrame(columns=columns), preserve_index=False).schema)
    writer.close()
    return [], rows


def _write_xlsx(chunks: Iterable[pd.DataFrame], columns: list[str], fh: IO[bytes]) -> tuple[list[str], int]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_sheet_name(columns))
    ws.freeze_panes = "A2"
    n_cols = max(len(columns), 1)
    bold = Font(bold=True)
    header = []
    for col in columns:
        cell = WriteOnlyCell(ws, value=str(col))
        cell.data_type = "s"
        cell.font = bold
        header.append(cell)
    truncated = rows = 0
    for df in map(_frame, chunks):
        if not len(df):
            continue
        if header:  # column widths from the first rows, set before any row is written
            for i, col in enumerate(columns, start=1):
                ws.column_dimensions[get_column_letter(i)].width = _column_width(df[col], str(col))
            ws.append(header)
            header = []
        for row in df.itertuples(index=False, name=None):
            cells: list[Any] = []
            for raw in row:
                value, is_text, cut = xlsx_value(raw)
                truncated += cut
                if is_text and (value.startswith("=") or value in ERROR_CODES):
                    # openpyxl would store "=..." as a formula, "#N/A" as an error: explicit text cells keep them.
                    cell = WriteOnlyCell(ws, value=value)
                    cell.data_type = "s"
                    value = cell
                cells.append(value)  # any other str is already a text cell (data_type "s")
            ws.append(cells)
            rows += 1
    if header:  # no chunk at all
        for i, col in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = float(len(str(col)) + 2)
        ws.append(header)
    ws.auto_filter.ref = f"A1:{get_column_letter(n_cols)}{rows + 1}"
    wb.save(fh)
    if truncated:
        warning = (f"xlsx: {truncated} cell(s) longer than {XLSX_MAX_CHARS:,} characters were cut and end with "
                   f"'{TRUNCATED.strip()}'; csv, jsonl, json and parquet keep the whole text")
        return [warning], rows
    return [], rows


def _sheet_name(names: list[str]) -> str:
    columns = set(names)
    if "n_quotes" in columns:
        return "ledger" if "n_statements" in columns else "speakers"
    if "quote_id" in columns:
        return "quotes"
    return "articles" if "article_id" in columns else "data"


def _column_width(column: pd.Series, name: str) -> float:
    sample = [len(str(v)) for v in column.head(200) if not _missing(v)]
    return float(min(max([len(name), *sample]) + 2, 60))


def _frame(chunk: pd.DataFrame | Rows) -> pd.DataFrame:
    """A chunk as a DataFrame (pyarrow and the column widths read DataFrames)."""
    return chunk.to_frame() if isinstance(chunk, Rows) else chunk
