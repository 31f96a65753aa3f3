"""Writing tables: csv, jsonl, json, parquet and xlsx, atomically, plus a fixed-width table for terminals.

Output rules (CONTRACT.md):
- csv is RFC 4180 (comma, double quotes doubled, CRLF), UTF-8; `excel=True` adds a byte order mark. A text cell
  starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` so no spreadsheet runs it.
- xlsx (openpyxl) has a bold header row, frozen panes at A2 and an autofilter; every text value is an explicit
  string cell (never a formula); a value longer than 32,767 characters is cut with a visible `[truncated]`
  marker and a warning. Carriage returns are stored as the OOXML escape `_x000D_` (which Excel and LibreOffice
  decode) because XML parsers turn a raw one into a line feed; control characters XML cannot hold at all
  become U+FFFD.
- jsonl, json and parquet (pyarrow) keep every value verbatim; missing values are `null`.
- A file is written to a temporary file in the same directory, synced, then renamed over the target, so a
  failed or interrupted run leaves the previous file untouched. No path means standard output (text formats
  only).
"""

from __future__ import annotations

import csv
import enum
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from quotes.cells import _display, csv_cell, plain
from quotes.errors import OutputError
from quotes.export_binary import _write_parquet, _write_xlsx
from quotes.litter import remove_stale_temps, temp_prefix

if TYPE_CHECKING:
    import pandas as pd

BOM = "\ufeff"


class Format(str, enum.Enum):
    """Output formats of every command (`--format`)."""

    csv = "csv"
    jsonl = "jsonl"
    json = "json"
    parquet = "parquet"
    xlsx = "xlsx"

    @property
    def binary(self) -> bool:
        return self in (Format.parquet, Format.xlsx)


EXTENSIONS = {".csv": Format.csv, ".jsonl": Format.jsonl, ".ndjson": Format.jsonl, ".json": Format.json,
              ".parquet": Format.parquet, ".xlsx": Format.xlsx}


def resolve_format(path: str | None, fmt: str | Format | None) -> Format:
    """The format from an explicit `fmt`, else from the extension of `path`, else csv."""
    choices = ", ".join(f.value for f in Format)
    if fmt:
        try:
            return Format(str(fmt.value if isinstance(fmt, Format) else fmt).lower())
        except ValueError:
            raise OutputError(f"unknown format {fmt!r}: choose one of {choices}") from None
    if not path or path == "-":
        return Format.csv
    suffix = Path(path).suffix.lower()
    if not suffix:
        return Format.csv
    if suffix not in EXTENSIONS:
        raise OutputError(f"cannot tell the format of {path!r} from its extension: add --format ({choices})")
    return EXTENSIONS[suffix]


def write_frame(df: pd.DataFrame, path: str | None, fmt: Format, excel: bool = False,
                stream: IO[Any] | None = None) -> list[str]:
    """Write `df` to `path` (None or "-": `stream`, default standard output) in `fmt`; return warnings."""
    warnings, _ = write_chunks([df], [str(c) for c in df.columns], path, fmt, excel=excel, stream=stream)
    return warnings


def write_chunks(chunks: Iterable[pd.DataFrame], columns: list[str], path: str | None, fmt: Format,
                 excel: bool = False, stream: IO[Any] | None = None) -> tuple[list[str], int]:
    """Write a table that comes as consecutive DataFrames with `columns` (a long table never held whole), exactly
    as `write_frame` writes them joined; return (warnings, rows written)."""
    fmt = resolve_format(path, fmt)
    if path in (None, "-"):
        if fmt.binary:
            raise OutputError(f"{fmt.value} is a binary format and cannot go to standard output: use -o FILE")
        out = stream if stream is not None else sys.stdout
        sink = _Sink(out)
        rows = _write_text(chunks, columns, fmt, excel, sink)
        sink.flush()
        return [], rows
    writers: dict[Format, Callable[[Iterable[pd.DataFrame], list[str], IO[bytes]], tuple[list[str], int]]] = {
        Format.parquet: _write_parquet,
        Format.xlsx: _write_xlsx,
    }
    if fmt in writers:
        return atomic_write(path, lambda fh: writers[fmt](chunks, columns, fh))
    rows = atomic_write(path, lambda fh: _write_text(chunks, columns, fmt, excel, _Sink(fh)))
    return [], rows


def write_pieces(pieces: Iterable[str], path: str | None, stream: IO[Any] | None = None) -> None:
    """Write a text document that comes in pieces (the interchange formats) to `path` atomically, or to `stream`
    (default standard output) when `path` is None or "-"."""
    if path in (None, "-"):
        sink = _Sink(stream if stream is not None else sys.stdout)
        for piece in pieces:
            sink.write(piece)
        sink.flush()
        return

    def write(fh: IO[bytes]) -> None:
        sink = _Sink(fh)
        for piece in pieces:
            sink.write(piece)
        sink.flush()

    atomic_write(path, write)


class _Sink:
    """A byte writer over a binary file or a text stream (standard output, a test's StringIO), with a buffer so
    that a long table goes out in large writes."""

    def __init__(self, out: IO[Any]):
        buffer = getattr(out, "buffer", None)
        if buffer is not None or "b" in getattr(out, "mode", ""):
            if buffer is not None:
                out.flush()
            self._binary, self._text = (buffer if buffer is not None else out), None
        else:
            self._binary, self._text = None, out
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= 1 << 20:
            self.flush()

    def flush(self) -> None:
        data = "".join(self._parts)
        self._parts, self._size = [], 0
        if self._binary is not None:
            self._binary.write(data.encode("utf-8"))
            self._binary.flush()
        else:
            self._text.write(data)
            self._text.flush()


def atomic_write(path: str | os.PathLike[str], write: Callable[[IO[bytes]], Any]) -> Any:
    """Call `write(fh)` on a temporary file beside `path`, fsync, then rename it over `path`; returns what `write`
    returned."""
    target = Path(path)
    if target.exists() and not target.is_file() and not target.is_dir():
        return _write_special(target, write)  # a device or pipe (/dev/stdout): nothing to replace
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"cannot write {str(target)!r}: folder {str(directory)!r} does not exist")
    remove_stale_temps(target)
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=temp_prefix(target), suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {str(target)!r}: {exc.strerror}") from exc
    done = False
    try:
        with os.fdopen(fd, "wb") as fh:
            result = write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
        done = True
    except OSError as exc:
        raise OutputError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from exc
    finally:
        if not done:  # also on KeyboardInterrupt: the previous file stays, no temporary file is left
            _remove(tmp)
    _sync_dir(directory)
    return result


def _write_special(target: Path, write: Callable[[IO[bytes]], Any]) -> Any:
    try:
        with open(target, "wb") as fh:
            return write(fh)
    except OSError as exc:
        raise OutputError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from exc


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


def _sync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- values -------------------------------------------------------------------------------------------------


def _records(df: pd.DataFrame) -> Iterator[dict[str, Any]]:
    columns = [str(c) for c in df.columns]
    for row in df.itertuples(index=False, name=None):
        yield {c: plain(v) for c, v in zip(columns, row, strict=True)}


def _write_text(chunks: Iterable[pd.DataFrame], columns: list[str], fmt: Format, excel: bool, sink: _Sink) -> int:
    """csv, jsonl or json, chunk by chunk; json is written as `json.dumps(rows, indent=1)` would write it whole."""
    rows = 0
    if fmt is Format.csv:
        line = _CsvLine()
        sink.write((BOM if excel else "") + line(columns))
        for df in chunks:
            for row in df.itertuples(index=False, name=None):
                sink.write(line([csv_cell(v) for v in row]))
                rows += 1
        sink.flush()
        return rows
    if fmt is Format.jsonl:
        for df in chunks:
            for record in _records(df):
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                rows += 1
        sink.flush()
        return rows
    if fmt is Format.json:
        for df in chunks:
            for record in _records(df):
                item = json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n ")
                sink.write(("[\n " if rows == 0 else ",\n ") + item)
                rows += 1
        sink.write("[]\n" if rows == 0 else "\n]\n")
        sink.flush()
        return rows
    raise OutputError(f"{fmt.value} is not a text format")


class _CsvLine:
    """One RFC 4180 csv line (CRLF) from a list of fields."""

    def __init__(self) -> None:
        self._buf = io.StringIO()
        self._writer = csv.writer(self._buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def __call__(self, fields: list[str]) -> str:
        self._buf.seek(0)
        self._buf.truncate()
        self._writer.writerow(fields)
        return self._buf.getvalue()


# -- terminal table -----------------------------------------------------------------------------------------


def render_table(df: pd.DataFrame, max_width: int | None = None) -> str:
    """A fixed-width text table; columns are shrunk (cells cut with "…") to fit `max_width`."""
    import pandas as pd

    columns = [str(c) for c in df.columns]
    if not columns:
        return ""
    cells = [[_display(v) for v in row] for row in df.itertuples(index=False, name=None)]
    numeric = [pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]) for c in df.columns]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(columns)]
    if max_width:
        widths = _fit(widths, [len(h) for h in columns], max_width - 2 * (len(columns) - 1))
    lines = [_line(columns, widths, [False] * len(columns)), "  ".join("-" * w for w in widths)]
    lines += [_line(r, widths, numeric) for r in cells]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _fit(widths: list[int], headers: list[int], budget: int) -> list[int]:
    """Shrink the widest columns until the total fits `budget` (never below 3 or the header, if possible)."""
    widths = list(widths)
    floor = [min(max(3, h), w) for h, w in zip(headers, widths, strict=True)]
    while sum(widths) > budget:
        i = max(range(len(widths)), key=lambda k: (widths[k] - floor[k], -k))
        if widths[i] <= floor[i]:
            break
        widths[i] -= 1
    return widths


def _line(values: list[str], widths: list[int], right: list[bool]) -> str:
    parts = []
    for value, width, align_right in zip(values, widths, right, strict=True):
        if len(value) > width:
            value = value[: max(width - 1, 0)] + "…"
        parts.append(value.rjust(width) if align_right else value.ljust(width))
    return "  ".join(parts)
