"""quotes: find every quotation in news articles, link it to a canonical speaker, build a per-speaker ledger.

The Python API mirrors the command line:

    >>> import quotes
    >>> df = quotes.extract("seeds/")                    # one row per quote (a pandas DataFrame)
    >>> quotes.ledger(df)                                # one row per canonical speaker
    >>> quotes.extract(["“We will win,” she said.", article])   # raw texts and Article objects work too

`quotes.extract` and `quotes.ledger` are also the names of the extraction and ledger stages (sub-modules);
the package makes those modules callable, so both `quotes.ledger(df)` and `from quotes.ledger import
build_ledger` work. pandas and the parsers are imported only when a function runs.
"""

from __future__ import annotations

import importlib
import sys
import types
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, QuotesError
from .records import ARTICLE_COLUMNS, Article, Failure, Quote
from .version import __version__

if TYPE_CHECKING:
    import pandas as pd

    from .pipeline import RunResult

__all__ = ["Article", "Failure", "Quote", "QuotesError", "__version__", "articles", "articles_frame", "extract",
           "ledger", "run", "speakers"]

_CALLBACKS = ("progress", "on_warning", "on_parser", "keep_texts")  # run() only, not the table functions
_QUOTE_FILTERS = ("speaker", "speaker_type", "quote_type", "source", "since", "until", "wording")
_LEDGER_FILTERS = ("speaker", "speaker_type", "min_quotes")
_LOOKS_LIKE_PATH = (".txt", ".jsonl", ".csv", ".html", ".htm", ".conllu")


# -- the API ------------------------------------------------------------------------------------------------


def run(inputs: Any, **options: Any) -> RunResult:
    """The whole pipeline on `inputs` (paths, raw texts, `Article`s): articles, quotes, failures, warnings."""
    from .pipeline import run as run_pipeline

    _check_options(options, _run_options() + _CALLBACKS)
    return run_pipeline(as_inputs(inputs), **options)


def extract_table(inputs: Any, *, errors: str = "warn", sort: str | None = None, **options: Any) -> pd.DataFrame:
    """One row per quote (the Quote record of CONTRACT.md) for `inputs`: a path, a list of paths, raw
    article texts, or `Article` objects. Options are the command line's (parser, model, jobs, source_name,
    registry, input_format, encoding, max_article_size, fail_fast, cache, engine, ...) and its filters
    (speaker, speaker_type, quote_type, source, since, until, wording). `errors`: "warn" (default), "raise" or "ignore" failed inputs."""
    from .ledger import filter_quotes, quotes_frame, sort_frame

    run_opts, filters = _split(options, _QUOTE_FILTERS)
    result = run(inputs, keep_texts=False, **run_opts)
    df = filter_quotes(quotes_frame(result.quotes), **filters)
    return _report(sort_frame(df, sort) if sort else df, result, errors)


def ledger_table(inputs: Any, *, errors: str = "warn", sort: str | None = None, **options: Any) -> pd.DataFrame:
    """One row per canonical speaker (the Ledger record of CONTRACT.md), from inputs as for `extract`, or
    from a quote table `extract` returned. Filters: quote_type, source, since, until choose the quotes
    counted; speaker, speaker_type, min_quotes choose the rows."""
    from .ledger import build_ledger, filter_ledger, filter_quotes, quotes_frame, sort_frame

    run_opts, filters = _split(options, ("quote_type", "source", "since", "until", "wording", *_LEDGER_FILTERS))
    quote_filters = {k: v for k, v in filters.items() if k not in _LEDGER_FILTERS}
    ledger_filters = {k: v for k, v in filters.items() if k in _LEDGER_FILTERS}
    result = None
    if _is_frame(inputs):
        if run_opts:
            raise QuotesError(f"options {', '.join(run_opts)} need inputs to read, not a table")
        qdf = inputs
    else:
        result = run(inputs, keep_texts=False, **run_opts)
        qdf = quotes_frame(result.quotes)
    if "n_quotes" in qdf.columns:
        table = qdf
    else:
        table = build_ledger(filter_quotes(qdf, **quote_filters))
    table = filter_ledger(table, **ledger_filters)
    table = sort_frame(table, sort) if sort else table
    return _report(table, result, errors) if result is not None else table


def speakers(inputs: Any, **options: Any) -> pd.DataFrame:
    """The canonical speakers found (speaker, speaker_type, n_quotes, aliases); arguments as for `ledger`."""
    from .ledger import speakers_table

    table = ledger_table(inputs, **options)
    out = speakers_table(table)
    out.attrs.update(table.attrs)
    return out


def articles(inputs: Any, *, errors: str = "warn", source: str | None = None, since: str | None = None,
             until: str | None = None, **options: Any) -> pd.DataFrame:
    """One row per article (article_id, source, url, title, published, text: the text offsets index)."""
    from .pipeline import read_articles

    _check_options(options, ("source_name", "input_format", "encoding", "max_article_size", "fail_fast"))
    result = read_articles(as_inputs(inputs), **options)
    return _report(articles_frame(result.articles, source=source, since=since, until=until), result, errors)


def articles_frame(items: Iterable[Article], source: str | None = None, since: str | None = None,
                   until: str | None = None) -> pd.DataFrame:
    """The articles table, ordered by `article_id`; empty metadata are missing values, text is kept as is."""
    import pandas as pd

    rows = []
    for a in sorted(items, key=lambda a: (a.article_id, a.origin)):
        if source is not None and a.source.casefold() != source.casefold():
            continue
        if (since or until) and not (a.published and (not since or a.published >= str(since))
                                     and (not until or a.published <= str(until))):
            continue
        rows.append({c: (getattr(a, c) if c == "text" else getattr(a, c) or None) for c in ARTICLE_COLUMNS})
    return pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS), dtype="string")


def as_inputs(inputs: Any) -> list[str | Path | Article]:
    """Normalise what the API accepts into paths and `Article`s: a single path or text, or an iterable of
    paths, texts and `Article`s. A string is a path when it names an existing file or folder (or `-`, or
    looks like one: a known extension or a slash, and no line break); otherwise it is an article's text."""
    if isinstance(inputs, (str, Path, Article)):
        inputs = [inputs]
    out: list[str | Path | Article] = []
    n_texts = 0
    for item in inputs:
        if isinstance(item, (Article, Path)):
            out.append(item)
        elif isinstance(item, str):
            if _is_path(item):
                out.append(item)
            else:
                n_texts += 1
                out.append(Article(article_id=f"text:{n_texts}", text=item, origin=f"text:{n_texts}"))
        else:
            raise QuotesError(f"cannot read {type(item).__name__} as input: give paths, texts or Article objects")
    return out


def _is_path(s: str) -> bool:
    if s == "-":
        return True
    if "\n" in s or "\r" in s or len(s) > 1024:
        return False
    try:
        if Path(s).exists():
            return True
    except OSError:
        return False
    looks = s.lower().endswith(_LOOKS_LIKE_PATH) or "/" in s or "\\" in s
    return looks and not any(ch.isspace() for ch in s)


def _is_frame(value: Any) -> bool:
    return type(value).__name__ == "DataFrame" and hasattr(value, "columns")


def _run_options() -> tuple[str, ...]:
    """The keyword options of `pipeline.run` (parser, model, jobs, cache, engine, ...), read from its signature
    so that the API takes every option the pipeline gains."""
    import inspect

    from .pipeline import run as run_pipeline

    params = inspect.signature(run_pipeline).parameters.values()
    return tuple(p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY and p.name not in _CALLBACKS)


def _split(options: dict[str, Any], filters: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    allowed = _run_options()
    _check_options(options, allowed + filters)
    run_opts = {k: v for k, v in options.items() if k in allowed}
    return run_opts, {k: v for k, v in options.items() if k in filters}


def _check_options(options: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise TypeError(f"unexpected option(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}")


def _report(df: pd.DataFrame, result: RunResult, errors: str) -> pd.DataFrame:
    """Attach the run's failures and warnings to `df.attrs`; warn or raise about failures as asked."""
    if errors not in ("warn", "raise", "ignore"):
        raise ValueError(f"errors must be 'warn', 'raise' or 'ignore', not {errors!r}")
    df.attrs["failures"] = [str(f) for f in result.failures]
    df.attrs["warnings"] = list(result.warnings)
    if result.failures and errors == "raise":
        raise InputError("; ".join(str(f) for f in result.failures))
    if errors == "warn":
        for failure in result.failures:
            warnings.warn(f"quotes: failed: {failure}", stacklevel=3)
    return df


# -- `quotes.extract` and `quotes.ledger`: stage modules that are also the API functions -------------------


class _CallableExtract(types.ModuleType):
    def __call__(self, inputs: Any, **options: Any) -> pd.DataFrame:
        return extract_table(inputs, **options)


class _CallableLedger(types.ModuleType):
    def __call__(self, inputs: Any, **options: Any) -> pd.DataFrame:
        return ledger_table(inputs, **options)


_CALLABLE = {"extract": _CallableExtract, "ledger": _CallableLedger}


class _Package(types.ModuleType):
    """The `quotes` package: when the import system binds the `extract` or `ledger` sub-module to the package,
    the module is made callable; reading either name before its module was imported imports it."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _CALLABLE and type(value) is types.ModuleType:
            value.__class__ = _CALLABLE[name]
        super().__setattr__(name, value)

    def __getattr__(self, name: str) -> Any:
        if name in _CALLABLE:
            return importlib.import_module(f"{self.__name__}.{name}")
        raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")


sys.modules[__name__].__class__ = _Package
extract: Any
ledger: Any
