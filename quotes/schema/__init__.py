"""The published JSON Schemas (draft 2020-12) of the Quote and Ledger records, shipped as package data.

The schema files are the description fact-check tools read: every column, its type, whether it can be null and
its allowed values. They are data (`quote.json`, `ledger.json` beside this module), printed verbatim by
`quotes schema`; tests validate what the command line writes against them and fail when the code emits a column
the schema does not describe.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from quotes.errors import QuotesError

SCHEMA_NAMES = ("quote", "ledger")


def schema_text(name: str) -> str:
    """The schema of record `name` ("quote" or "ledger") exactly as shipped."""
    if name not in SCHEMA_NAMES:
        raise QuotesError(f"no schema named {name!r}: choose one of {', '.join(SCHEMA_NAMES)}")
    return resources.files(__name__).joinpath(f"{name}.json").read_text(encoding="utf-8")


def load_schema(name: str) -> dict[str, Any]:
    """The schema of record `name` as a dictionary (for a validator such as `jsonschema`)."""
    return json.loads(schema_text(name))


def schema_columns(name: str) -> tuple[str, ...]:
    """Every column the schema of `name` describes, in its order."""
    return tuple(load_schema(name)["properties"])


def required_columns(name: str) -> tuple[str, ...]:
    """The columns every record of `name` carries (null allowed where the column's type says so)."""
    return tuple(load_schema(name)["required"])
