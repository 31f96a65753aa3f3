"""Self-contained HTML report (`quotes report`): summary, ledger table, charts and every quote in context.

One file an analyst can open offline: CSS, JavaScript and the SVG charts are inline, and a
Content-Security-Policy forbids every fetch and allows only the page's own script (by its hash), so nothing
from an article can run even if it slipped through. Every piece of input text goes through `html.escape`.
Large corpora stay usable: the ledger table pages in JavaScript, charts show the top speakers, and each
speaker's quotes sit in a collapsed `<details>`.

The page, its style sheet and its script are package data (quotes/templates/report.html, .css, .js, filled by
`page`); the modules here assemble the body from the run's records: `values` (rows and cells), `tables`
(summary, ledger, wording variants), `charts` (SVG) and `quotes` (each quote in its context).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from ..records import Article
from .charts import charts_html
from .page import page
from .quotes import speakers_html
from .tables import ledger_html, summary_html, variants_html
from .values import PAGE_SIZE, TOP_SPEAKERS_CHART, as_text, group_by_speaker, ledger_rows, quote_rows

__all__ = ["PAGE_SIZE", "TOP_SPEAKERS_CHART", "make_summary", "render_report", "write_report"]


def render_report(quotes_df: pd.DataFrame, ledger_df: pd.DataFrame, articles: Sequence[Article], *,
                  summary: dict[str, Any]) -> str:
    """The whole report as one HTML document (a str), with no external resources.

    `quotes_df` has the Quote record columns, `ledger_df` the Ledger record columns; `articles` hold the
    texts the quote offsets index; `summary` has `articles`, `quotes`, `speakers`, `failures` (list of
    str) and `parser`."""
    rows = quote_rows(quotes_df)
    ledger = ledger_rows(ledger_df)
    by_id = {a.article_id: a for a in articles}
    by_speaker = group_by_speaker(rows)
    body = "\n".join((
        summary_html(summary, rows, articles, by_speaker),
        charts_html(rows, ledger, by_speaker),
        ledger_html(ledger, by_speaker),
        variants_html(rows),
        speakers_html(ledger, by_speaker, by_id),
    ))
    return page(body)


def write_report(html_text: str, path: str | os.PathLike[str]) -> None:
    """Write the report atomically: a temporary file beside `path`, then `os.replace` (`export.atomic_write`)."""
    from ..export import atomic_write

    atomic_write(path, lambda fh: fh.write(html_text.encode("utf-8")))


def make_summary(articles: Sequence[Article], quotes_df: pd.DataFrame, failures: Iterable[object] = (),
                 parser: str = "") -> dict[str, Any]:
    """The `summary` argument of `render_report` from the run's articles, quotes, failures and parser."""
    speakers = {s for s in quotes_df.get("speaker", pd.Series(dtype=str)).map(as_text) if s}
    return {"articles": len(articles), "quotes": len(quotes_df), "speakers": len(speakers),
            "failures": [str(f) for f in failures], "parser": parser}
