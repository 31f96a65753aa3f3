"""The whole run: ingest -> parse -> extract -> resolve -> canonicalize -> cluster, one call.

`stream` sends articles through the parser in batches and each article's records to a spill file
(quotes.spill), where the cross-article steps finish them, so what this process holds does not grow with the
corpus; `run` is the same run with the finished records read back into memory (the Python API). No input is
ever dropped silently: an input that cannot be
read, an article the parser chokes on, or an internal error in the rules for one article becomes a
`Failure` naming it, and the run goes on with the others (unless `fail_fast`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .ingest import DEFAULT_MAX_ARTICLE_SIZE, read_inputs
from .language import looks_english
from .records import ATTRIBUTION_KINDS, Article, Failure, Quote, attribution_kinds
from .runstate import RunResult, RunState
from .steps import parseable, process_articles, quotes_label

if TYPE_CHECKING:
    from .spill import Spill

__all__ = ["RunResult", "StreamedRun", "finish_quotes", "looks_english", "process_articles", "quotes_label",
           "read_articles", "run", "stream"]

log = logging.getLogger("quotes")

Input = str | Path | Article
Progress = Callable[[int, int], None]  # (articles done, quotes found so far)


def read_articles(inputs: Iterable[Input], *, source_name: str | None = None, input_format: str | None = None,
                  encoding: str | None = None, max_article_size: int = DEFAULT_MAX_ARTICLE_SIZE,
                  fail_fast: bool = False, on_warning: Callable[[str], None] | None = None,
                  cache: bool | str | Path | None = None) -> RunResult:
    """Ingest only (what `quotes articles` writes): articles, failures and warnings, no parsing. `cache` keeps
    downloaded web pages (as for `run`)."""
    state = RunState(fail_fast, on_warning)
    for item in _ingest(inputs, state, source_name, input_format, encoding, max_article_size, cache):
        if isinstance(item, Failure):
            state.fail(item)
        else:
            state.read(item)
    return state.result


def run(inputs: Iterable[Input], *, parser: str = "auto", model: str | None = None, jobs: int = 1,
        source_name: str | None = None, registry: str | Path | list | None = None, input_format: str | None = None,
        encoding: str | None = None, max_article_size: int = DEFAULT_MAX_ARTICLE_SIZE, fail_fast: bool = False,
        progress: Progress | None = None, on_warning: Callable[[str], None] | None = None,
        on_parser: Callable[[str], None] | None = None, keep_texts: bool = True,
        cache: bool | str | Path | None = None, engine: str = "local", scheduler: str | None = None,
        attributions: str = "speech", extractor: str | Path | object | None = None) -> RunResult:
    """Read `inputs` (paths, `-`, or `Article` objects), find and resolve every quote, cluster them.

    Raises QuotesError for problems with the whole run (unknown parser, missing model, --fail-fast);
    problems with one input are `Failure`s in the result. With `keep_texts=False` the result's articles
    keep their metadata but not their texts, so memory does not grow with the corpus's text.
    `cache`: None/False (none), True (the default folder) or a folder (quotes.cache): articles parsed and
    extracted before are not parsed or extracted again. `engine="dask"` runs the per-article steps on a Dask
    cluster (`scheduler` address; a local cluster when None), the cross-article steps here.
    `attributions`: "speech" (the default: who said what), "all" (also attitude and evidence records: beliefs,
    intentions, what polls and studies show) or a comma-separated list of kinds.
    `extractor`: a model folder made by `quotes train` whose spans the rules combine with (quotes.extract.hybrid),
    "rules" for the rules alone; None reads $QUOTES_EXTRACTOR (the rules alone when it is unset).
    `stream` is the same run with the records left on disk, for corpora whose records do not fit in memory."""
    with stream(inputs, parser=parser, model=model, jobs=jobs, source_name=source_name, registry=registry,
                input_format=input_format, encoding=encoding, max_article_size=max_article_size,
                fail_fast=fail_fast, progress=progress, on_warning=on_warning, on_parser=on_parser,
                keep_texts=keep_texts, keep_articles=True, cache=cache, engine=engine, scheduler=scheduler,
                attributions=attributions, extractor=extractor) as done:
        done.result.quotes = list(done.spill.quotes())
        return done.result


@dataclass
class StreamedRun:
    """A finished run whose records stay on disk (`spill`): read them with `spill.quotes()` (output order) or
    `spill.quotes_by_speaker()`; `result` holds the counts, failures and warnings."""

    result: RunResult
    spill: Spill


@contextmanager
def stream(inputs: Iterable[Input], *, parser: str = "auto", model: str | None = None, jobs: int = 1,
           source_name: str | None = None, registry: str | Path | list | None = None, input_format: str | None = None,
           encoding: str | None = None, max_article_size: int = DEFAULT_MAX_ARTICLE_SIZE, fail_fast: bool = False,
           progress: Progress | None = None, on_warning: Callable[[str], None] | None = None,
           on_parser: Callable[[str], None] | None = None, keep_texts: bool = False, keep_articles: bool = False,
           cache: bool | str | Path | None = None, engine: str = "local", scheduler: str | None = None,
           spill_dir: str | Path | None = None, attributions: str = "speech",
           extractor: str | Path | object | None = None) -> Iterator[StreamedRun]:
    """`run`, keeping the records in a `Spill` (a temporary file in `spill_dir`, default the system's temporary
    folder, removed on exit) instead of memory: what this process holds does not grow with the corpus. Articles
    are only counted unless `keep_articles`."""
    from .cache import open_cache
    from .engine import per_article_pairs
    from .parse import get_parser
    from .sections import Sections
    from .spill import Spill

    registry = _registry(registry)  # before any parsing: a bad registry fails the run at once
    kinds = attribution_kinds(attributions)
    state = _state(fail_fast, on_warning, keep_texts, keep_articles, extractor)
    backend = get_parser(parser, model=model, jobs=jobs, quiet=True)
    state.result.parser_label = backend.label
    if on_parser is not None:
        on_parser(backend.label)
    sections = Sections()
    articles = sections.split(parseable(_ingest(inputs, state, source_name, input_format, encoding,
                                                max_article_size, cache), state))
    store = open_cache(cache, state.warn)
    spill = Spill(registry, folder=spill_dir)
    try:
        try:
            pairs = per_article_pairs(engine, backend, articles, state, store, jobs=jobs, model=model,
                                      scheduler=scheduler)
            for n_parsed, (_article, found) in enumerate(sections.join(pairs), start=1):
                spill.add(of_kinds(found, kinds))
                if progress is not None:  # read ahead of parsing: count the skipped ones and the parsed ones
                    progress(state.result.n_articles - state.n_parsing + n_parsed, len(spill))
        finally:
            if store is not None:
                store.close()
        spill.finish()
        state.result.n_quotes = len(spill)
        yield StreamedRun(state.result, spill)
    finally:
        spill.close()


def _registry(registry: str | Path | list | None) -> list | None:
    """A registry given as a file, loaded."""
    from .resolve import load_registry

    return load_registry(registry) if isinstance(registry, (str, Path)) else registry


def _state(fail_fast: bool, on_warning: Callable[[str], None] | None, keep_texts: bool, keep_articles: bool,
           extractor: str | Path | object | None) -> RunState:
    from .extract.model import get_extractor

    state = RunState(fail_fast, on_warning)
    state.keep_texts = keep_texts
    state.keep_articles = keep_articles
    state.extractor = get_extractor(extractor)  # before any parsing too: a wrong model folder fails at once
    return state


def of_kinds(quotes: list[Quote], kinds: frozenset[str]) -> list[Quote]:
    """The records among `quotes` whose attribution kind is one of `kinds`. A statement whose first segment is left
    out (a belief that a quotation continues) takes the `quote_id` of its first segment kept as `statement_id`."""
    if len(kinds) == len(ATTRIBUTION_KINDS):
        return quotes
    kept = [q for q in quotes if q.attribution in kinds]
    ids = {q.quote_id for q in kept}
    first: dict[tuple[str, str], str] = {}
    for q in sorted(kept, key=lambda q: (q.article_id, q.start)):
        first.setdefault((q.article_id, q.statement_id), q.quote_id)
    return [q if q.statement_id in ids else q.evolve(statement_id=first[(q.article_id, q.statement_id)])
            for q in kept]


def finish_quotes(quotes: list[Quote], registry: str | Path | list | None = None) -> list[Quote]:
    """The cross-article steps `run` ends with (canonical speakers, clusters, record order), for quotes
    kept between runs (quotes.store)."""
    return _finish(list(quotes), _registry(registry))


def _ingest(inputs: Iterable[Input], state: RunState, source_name: str | None, input_format: str | None,
            encoding: str | None, max_article_size: int, cache: bool | str | Path | None = None
            ) -> Iterator[Article | Failure]:
    """Articles passed as objects go through as they are; runs of paths go through the reader."""
    paths: list[str | Path] = []

    def flush() -> Iterator[Article | Failure]:
        if paths:
            yield from read_inputs(list(paths), input_format=input_format, source_name=source_name,
                                   encoding=encoding, max_article_size=max_article_size, warn=state.warn,
                                   skip=state.skip, cache=cache)
            paths.clear()

    for item in inputs:
        if isinstance(item, Article):
            yield from flush()
            yield item
        else:
            paths.append(item)
    yield from flush()


def _finish(quotes: list[Quote], registry: list | None) -> list[Quote]:
    """Cross-article steps, which need every quote: canonical speakers, statement clusters, wording. Empties `quotes`
    (the caller's list) as soon as the canonical copies exist, so at most two copies of the records are alive."""
    from .cluster import assign_clusters
    from .resolve import canonicalize
    from .wording_statements import assign_wording

    canonical = canonicalize(quotes, registry=registry)
    quotes.clear()
    variants: list = []
    clustered = assign_wording(assign_clusters(canonical, variants), variants)
    canonical.clear()
    clustered.sort(key=lambda q: (q.article_id, q.start, q.end))
    return clustered
