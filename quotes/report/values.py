"""The report's values: its limits and labels, cells as text, and the quote and ledger rows grouped by speaker."""

from __future__ import annotations

import hashlib
import html
from collections import defaultdict
from datetime import date
from typing import Any

import pandas as pd

from ..records import ATTRIBUTION_KINDS

TOP_SPEAKERS_CHART = 25
TOP_SPEAKERS_TIMELINE = 15
TOP_OUTLETS = 8
PAGE_SIZE = 50
CONTEXT_CHARS = 320  # at most this much text shown on each side of a quote and its attribution
UNATTRIBUTED = "(unattributed)"
NO_OUTLET = "(no outlet)"
OTHER_OUTLETS = "other outlets"
OPEN_UP_TO = 60  # a report with at most this many quotes shows every speaker's quotes expanded
QUOTE_TYPE_ORDER = ("direct", "indirect", "mixed")
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac")
TYPE_COLORS = {"direct": "#4e79a7", "indirect": "#f28e2b", "mixed": "#59a14f"}

Row = dict[str, Any]


def as_text(value: Any) -> str:
    """A cell as text: "" for None / NaN / NA."""
    if value is None or isinstance(value, (list, tuple, dict)):
        return "" if value is None else str(value)
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def as_int(value: Any) -> int | None:
    text = as_text(value)
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        return None


def esc(value: Any) -> str:
    return html.escape(as_text(value), quote=True)


def as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(as_text(value)[:10])
    except ValueError:
        return None


def anchor(speaker: str) -> str:
    return "s-" + hashlib.sha1(speaker.encode("utf-8")).hexdigest()[:12]


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def quote_rows(quotes_df: pd.DataFrame) -> list[Row]:
    rows = quotes_df.to_dict("records") if len(quotes_df) else []
    return sorted(rows, key=lambda r: (as_text(r.get("article_id")), as_int(r.get("start")) or 0))


def ledger_rows(ledger_df: pd.DataFrame) -> list[Row]:
    return [r for r in (ledger_df.to_dict("records") if len(ledger_df) else []) if as_text(r.get("speaker"))]


def speaker_of(row: Row) -> str:
    return as_text(row.get("speaker")) or UNATTRIBUTED


def outlet_of(row: Row) -> str:
    return as_text(row.get("source")) or NO_OUTLET


def group_by_speaker(rows: list[Row]) -> dict[str, list[Row]]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[speaker_of(row)].append(row)
    return dict(groups)


def ranked_speakers(ledger: list[Row], by_speaker: dict[str, list[Row]]) -> list[str]:
    """Ledger order (n_quotes descending, then name), then any speaker the ledger lacks, unattributed last."""
    order = [as_text(r["speaker"]) for r in ledger if as_text(r["speaker"]) in by_speaker]
    seen = set(order)
    rest = sorted((s for s in by_speaker if s not in seen and s != UNATTRIBUTED),
                  key=lambda s: (-len(by_speaker[s]), s))
    tail = [UNATTRIBUTED] if UNATTRIBUTED in by_speaker else []
    return order + rest + tail


def kind_of(row: Row) -> str:
    kind = as_text(row.get("attribution")) or "speech"
    return kind if kind in ATTRIBUTION_KINDS else "speech"
