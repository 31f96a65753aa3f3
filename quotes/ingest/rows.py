"""JSONL and CSV rows as (line number, fields or the error that row has)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from ..errors import InputError


def field(fields: dict, *names: str) -> str:
    for name in names:
        value = fields.get(name)
        if value is not None and value != "":
            return str(value).strip() if not isinstance(value, str) else value.strip()
    return ""


def jsonl_rows(text: io.TextIOBase) -> Iterator[tuple[int, dict | Exception]]:
    for line_no, line in enumerate(text, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield line_no, ValueError(f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(value, dict):
            yield line_no, ValueError(f"expected a JSON object, got {type(value).__name__}")
        else:
            yield line_no, value


def csv_rows(text: io.TextIOBase, max_size: int) -> Iterator[tuple[int, dict | Exception]]:
    if csv.field_size_limit() < max_size + 1:
        csv.field_size_limit(max_size + 1)
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise InputError(f"unreadable CSV header: {exc}") from exc
    columns = [h.strip().lower().lstrip("\ufeff") for h in header]
    if "text" not in columns:
        raise InputError(f"no 'text' column (columns: {', '.join(columns) or 'none'}): name the column "
                         "that holds the article text 'text'")
    while True:
        line_no = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line_no, ValueError(f"malformed CSV row: {exc}")
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            yield line_no, ValueError(f"malformed CSV row: {len(row)} fields, the header has {len(columns)}")
            continue
        yield line_no, dict(zip(columns, row))
