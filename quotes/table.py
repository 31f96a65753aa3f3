"""The Quote table as plain rows, for writers that need no pandas (csv, jsonl, json): a long `quotes extract`
never imports pandas unless it writes parquet or xlsx, which take the same table as a DataFrame (`to_frame`)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .records import QUOTE_COLUMNS, Quote

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FLOAT_COLUMNS", "INT_COLUMNS", "Rows", "quote_rows"]

INT_COLUMNS = ("start", "end", "cue_start", "cue_end", "speaker_start", "speaker_end")
FLOAT_COLUMNS = ("confidence",)


class Rows:
    """A table of rows of plain values (None for missing) with the nullable dtypes of its DataFrame form; it reads
    like a DataFrame where the writers read it (`columns`, `itertuples`, `len`)."""

    def __init__(self, columns: list[str], rows: list[tuple], dtypes: dict[str, str]):
        self.columns = columns
        self.rows = rows
        self.dtypes = dtypes

    def __len__(self) -> int:
        return len(self.rows)

    def itertuples(self, index: bool = False, name: str | None = None) -> Iterator[tuple]:
        return iter(self.rows)

    def to_frame(self) -> pd.DataFrame:
        """The same table as a DataFrame with nullable dtypes (Int64, Float64, string; missing values pd.NA)."""
        import pandas as pd

        data = {c: pd.array([row[i] for row in self.rows], dtype=self.dtypes[c]) for i, c in enumerate(self.columns)}
        return pd.DataFrame(data, columns=self.columns)


def _dtype(column: str) -> str:
    return "Int64" if column in INT_COLUMNS else "Float64" if column in FLOAT_COLUMNS else "string"


_DTYPES = {c: _dtype(c) for c in QUOTE_COLUMNS}


def _text(value: Any) -> str | None:
    """A text cell: None for missing or empty, else the value as a string (as `ledger.quotes_frame` types it)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value) or None


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _same(value: Any) -> Any:
    return value


_CELL = tuple(_text if t == "string" else _float if t == "Float64" else _same for t in _DTYPES.values())


def quote_rows(quotes: Iterable[Quote]) -> Rows:
    """The Quote table of `quotes`, in the order given: `ledger.quotes_frame(quotes, ordered=False)` as `Rows`."""
    columns = list(QUOTE_COLUMNS)
    rows = []
    for q in quotes:
        row = q.to_row()
        rows.append(tuple(cell(row.get(c)) for c, cell in zip(columns, _CELL, strict=True)))
    return Rows(columns, rows, _DTYPES)
