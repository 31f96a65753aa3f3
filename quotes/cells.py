"""Table cells: missing values, plain Python values, csv-safe text and xlsx cell values (quotes.export writes them)."""

from __future__ import annotations

import math
import re
import sys
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


XLSX_MAX_CHARS = 32_767


TRUNCATED = " [truncated]"


# Characters XML 1.0 cannot hold at all; xlsx cells cannot store them.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_OOXML_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    pd = sys.modules.get("pandas")  # only a table made by pandas holds its missing values: never import it here
    return pd is not None and (value is pd.NA or value is pd.NaT)


def plain(value: Any) -> Any:
    """A JSON-ready Python value: None for missing, int/float/str/bool otherwise."""
    if _missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def csv_cell(value: Any) -> str:
    """A csv field: empty for missing, a leading `'` for formula-like text."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    return str(value)


def xlsx_value(value: Any) -> tuple[Any, bool, bool]:
    """(cell value, is text, was truncated) for one xlsx cell; text loses XML-illegal control characters."""
    value = plain(value)
    if value is None or isinstance(value, (bool, int, float)):
        return value, False, False
    text = _XML_ILLEGAL.sub("\ufffd", str(value))
    stored = _ooxml_escaped(text)
    if len(stored) <= XLSX_MAX_CHARS:
        return stored, True, False
    keep = XLSX_MAX_CHARS - len(TRUNCATED)
    while len(stored := _ooxml_escaped(text[:keep]) + TRUNCATED) > XLSX_MAX_CHARS:
        keep -= len(stored) - XLSX_MAX_CHARS
    return stored, True, True


def _ooxml_escaped(text: str) -> str:
    """OOXML escapes: a carriage return would be read back as a line feed (XML end-of-line handling), so it is
    written as _x000D_; text that already looks like such an escape is protected with _x005F_."""
    return _OOXML_ESCAPE.sub(r"_x005F\g<0>", text).replace("\r", "_x000D_")


def _display(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    return " ".join(str(value).split())
