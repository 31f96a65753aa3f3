"""The tables the commands write, computed from a run's records (or a ledger database) and the user's filters.

`filters` is one mapping for every view: speaker, speaker_type, quote_type, source, since, until, wording (None
where not given). Quote filters choose the quotes a table is made of; for the per-speaker views (ledger,
speakers) speaker, speaker_type and min_quotes choose the rows instead. Filters never change a canonical name
or a cluster_id. `quotes.cli` only parses options into these arguments and writes what comes back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

SPEAKER_FILTERS = ("speaker", "speaker_type")


def _split(filters: Mapping[str, Any], min_quotes: int | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the quote filters that choose the quotes counted, the filters that choose a per-speaker view's rows)."""
    quote_filters = {k: v for k, v in filters.items() if k not in SPEAKER_FILTERS}
    row_filters = {k: filters.get(k) for k in SPEAKER_FILTERS}
    return quote_filters, {**row_filters, "min_quotes": min_quotes}


def sorted_by(df: Any, column: str | None) -> Any:
    """`df` sorted by `column` (numbers descending, text ascending), or as it is when no column is given."""
    if column is None:
        return df
    from .ledger import sort_frame

    return sort_frame(df, column)


def record_filter(spill: Any, filters: Mapping[str, Any]) -> Callable[[Any], bool] | None:
    """`filters` as a test on one record of `spill` (None when no filter is given); a speaker name is looked up
    among every canonical name and mention first."""
    from .ledger import quote_filter, speakers_named

    filters = dict(filters)
    name = filters.pop("speaker", None)
    if not name and not any(v is not None for v in filters.values()):
        return None
    names = speakers_named((q.to_row() for q in spill.quotes()), name) if name else None
    keep = quote_filter(names, **filters)
    return lambda q: keep(q.to_row())


def streamed_ledger(spill: Any, quote_filters: Mapping[str, Any], kinds: bool) -> Any:
    """The ledger of the spill's records that pass `quote_filters` (no speaker filters: those choose rows)."""
    from .ledger import ledger_from_records

    keep = record_filter(spill, quote_filters)
    return ledger_from_records((q.to_row() for q in spill.quotes_by_speaker() if keep is None or keep(q)),
                               kinds=kinds)


def ledger_view(spill: Any, filters: Mapping[str, Any], *, min_quotes: int | None, kinds: bool,
                sort: str | None) -> Any:
    """The per-speaker ledger (`quotes ledger`) of a streamed run."""
    from .ledger import filter_ledger

    quote_filters, row_filters = _split(filters, min_quotes)
    return sorted_by(filter_ledger(streamed_ledger(spill, quote_filters, kinds), **row_filters), sort)


def speakers_view(spill: Any, filters: Mapping[str, Any], *, min_quotes: int | None, kinds: bool,
                  sort: str | None) -> Any:
    """The canonical speakers table (`quotes speakers`) of a streamed run."""
    from .ledger import filter_ledger, speakers_table

    quote_filters, row_filters = _split(filters, min_quotes)
    return sorted_by(speakers_table(filter_ledger(streamed_ledger(spill, quote_filters, kinds), **row_filters)), sort)


def variants_view(spill: Any, filters: Mapping[str, Any], sort: str | None) -> Any:
    """Every rendering of a statement reported in more than one wording (`quotes variants`) of a streamed run."""
    from .ledger import variants_frame

    return sorted_by(variants_frame(spill.quotes(keep=record_filter(spill, filters))), sort)


def quotes_and_ledger(quotes: Iterable[Any], filters: Mapping[str, Any], *, min_quotes: int | None,
                      sort: str | None) -> tuple[Any, Any]:
    """(the Quote table of the records that pass every filter, their per-speaker ledger with its rows chosen and
    sorted): what the HTML report shows."""
    from .ledger import build_ledger, filter_ledger, filter_quotes, quotes_frame

    _, row_filters = _split(filters, min_quotes)
    chosen = filter_quotes(quotes_frame(quotes), **filters)
    return chosen, sorted_by(filter_ledger(build_ledger(chosen), **row_filters), sort)


def stored_table(db: str, table: str, *, registry: str | None, filters: Mapping[str, Any],
                 min_quotes: int | None, sort: str | None) -> Any:
    """A ledger database's quotes (table "extract") or per-speaker ledger ("ledger"), filtered and sorted."""
    from .ledger import build_ledger, filter_ledger, filter_quotes, quotes_frame
    from .store import export_quotes

    quotes_df = quotes_frame(export_quotes(db, registry=registry))
    if table == "ledger":
        quote_filters, row_filters = _split(filters, min_quotes)
        df = filter_ledger(build_ledger(filter_quotes(quotes_df, **quote_filters)), **row_filters)
    else:
        df = filter_quotes(quotes_df, **filters)
    return sorted_by(df, sort)


def article_texts(articles: Iterable[Any]) -> dict[str, list[str]]:
    """Each article_id's texts (the texts annotation selectors are computed on)."""
    texts: dict[str, list[str]] = {}
    for article in articles:
        texts.setdefault(article.article_id, []).append(article.text)
    return texts


class Counted:
    """An iterator that counts what passed through it (the rows written)."""

    def __init__(self, items: Iterator[Any]) -> None:
        self._items, self.n = items, 0

    def __iter__(self) -> Iterator[Any]:
        for item in self._items:
            self.n += 1
            yield item
