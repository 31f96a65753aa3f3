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
import re
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, ParserUnavailable, QuotesError
from .ingest import DEFAULT_MAX_ARTICLE_SIZE, read_inputs
from .records import ATTRIBUTION_KINDS, Article, Failure, Quote, attribution_kinds

if TYPE_CHECKING:
    from .spill import Spill

__all__ = ["RunResult", "StreamedRun", "finish_quotes", "looks_english", "process_articles", "read_articles", "run",
           "stream"]

log = logging.getLogger("quotes")

Input = str | Path | Article
Progress = Callable[[int, int], None]  # (articles done, quotes found so far)


@dataclass
class RunResult:
    """Everything a run produced: the articles read, their quotes, and what went wrong."""

    articles: list[Article] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parser_label: str = ""
    n_articles: int = 0  # articles read (also when `articles` is not kept)
    n_quotes: int = 0  # records found (also when `quotes` is not kept)
    skipped: list[str] = field(default_factory=list)  # files in folders that cannot be read (PDF, Word), with why

    @property
    def ok(self) -> bool:
        return not self.failures


class _Run:
    """Collects failures and warnings as they happen, forwarding them to the caller's callbacks."""

    def __init__(self, fail_fast: bool, on_warning: Callable[[str], None] | None):
        self.result = RunResult()
        self.fail_fast = fail_fast
        self.on_warning = on_warning
        self.stopped = False  # set when --fail-fast ends the run
        self.keep_texts = True
        self.keep_articles = True
        self.n_parsing = 0  # articles handed on to be parsed, so progress counts those finished, not those read
        self.extractor = None  # a quotes.extract.model.SpanModel beside the rules, or None for the rules alone

    def warn(self, message: str) -> None:
        self.result.warnings.append(message)
        if self.on_warning is not None:
            self.on_warning(message)
        else:
            log.warning(message)

    def skip(self, message: str) -> None:
        """A file found in a folder and not read (a PDF, a Word document): reported like a warning, counted."""
        self.result.skipped.append(message)
        self.warn(message)

    def fail(self, failure: Failure) -> None:
        self.result.failures.append(failure)
        if self.fail_fast:
            self.stopped = True
            raise InputError(f"{failure} (stopped by --fail-fast)")

    def read(self, article: Article) -> None:
        self.result.n_articles += 1
        if self.keep_articles:
            self.result.articles.append(article if self.keep_texts else replace(article, text="", conllu=""))


def read_articles(inputs: Iterable[Input], *, source_name: str | None = None, input_format: str | None = None,
                  encoding: str | None = None, max_article_size: int = DEFAULT_MAX_ARTICLE_SIZE,
                  fail_fast: bool = False, on_warning: Callable[[str], None] | None = None,
                  cache: bool | str | Path | None = None) -> RunResult:
    """Ingest only (what `quotes articles` writes): articles, failures and warnings, no parsing. `cache` keeps
    downloaded web pages (as for `run`)."""
    state = _Run(fail_fast, on_warning)
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
    from .extract.model import get_extractor
    from .parse import get_parser
    from .resolve import load_registry
    from .sections import Sections
    from .spill import Spill

    if isinstance(registry, (str, Path)):
        registry = load_registry(registry)  # before any parsing: a bad registry fails the run at once
    kinds = attribution_kinds(attributions)
    state = _Run(fail_fast, on_warning)
    state.keep_texts = keep_texts
    state.keep_articles = keep_articles
    state.extractor = get_extractor(extractor)  # before any parsing too: a wrong model folder fails at once
    backend = get_parser(parser, model=model, jobs=jobs, quiet=True)
    state.result.parser_label = backend.label
    if on_parser is not None:
        on_parser(backend.label)
    sections = Sections()
    articles = sections.split(_parseable(_ingest(inputs, state, source_name, input_format, encoding,
                                                 max_article_size, cache), state))
    store = open_cache(cache, state.warn)
    spill = Spill(registry, folder=spill_dir)
    try:
        try:
            if engine == "dask":
                from .engine import dask_per_article

                pairs = dask_per_article(backend, articles, state, store, scheduler=scheduler, jobs=jobs,
                                         model=model, extractor=state.extractor)
            elif jobs > 1 and backend.name in POOLED_PARSERS:
                from .engine import pool_per_article

                pairs = pool_per_article(backend, articles, state, store, jobs=jobs, model=model,
                                         extractor=state.extractor)
            else:
                pairs = _per_article(backend, articles, state, store)
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


def of_kinds(quotes: list[Quote], kinds: frozenset[str]) -> list[Quote]:
    """The records among `quotes` whose attribution kind is one of `kinds`."""
    return quotes if len(kinds) == len(ATTRIBUTION_KINDS) else [q for q in quotes if q.attribution in kinds]


# Parsers whose --jobs N runs N worker processes that each parse and extract (measured faster than the parser's own
# multiprocessing, which sends every parse tree back to this process for the rules: bench/bench_pipeline.py).
POOLED_PARSERS = ("spacy",)


def process_articles(articles: Iterable[Article], backend, *, on_warning: Callable[[str], None] | None = None,
                     cache=None, extractor=None) -> Iterator[tuple[Article, list[Quote]] | Failure]:
    """The per-article steps of `run` (parse, extract, resolve in-article) for articles already read.

    Yields one item per article, in order: `(article, quotes)` (no quotes for an empty or non-English
    article) or a `Failure` naming it. The cross-article steps are left to `finish_quotes`. `cache`: an open
    `quotes.cache.Cache` (or None), as for `run`; `extractor`: a `SpanModel` beside the rules, or None."""
    state = _Run(False, on_warning)
    state.extractor = extractor
    fed: deque[Article] = deque()

    def feed() -> Iterator[Article]:
        for article in articles:
            fed.append(article)
            yield article

    for article, found in _per_article(backend, _parseable(feed(), state), state, cache, keep_failed=True):
        yield from _settle(fed, state, until=article)
        fed.popleft()
        state.result.articles.clear()  # the caller keeps what it needs; memory stays flat on long runs
        yield found if isinstance(found, Failure) else (article, found)
    yield from _settle(fed, state, until=None)


def _per_article(backend, articles: Iterator[Article], state: _Run, cache=None, keep_failed: bool = False
                 ) -> Iterator[tuple[Article, list[Quote] | Failure]]:
    """(article, its quotes with metadata) in order, for every article parsed; extraction failures are in `state`
    (with `keep_failed`, taken out of it and yielded as (article, Failure) instead). Only these compact records
    leave this function: parse trees are dropped article by article."""
    for article, doc, cached in _docs(backend, articles, state, cache):
        if cached is not None:
            yield article, [_with_metadata(q, article, q.parser) for q in cached]
            continue
        n_failures = len(state.result.failures)
        found = [_with_metadata(q, article, doc.parser or backend.label) for q in _extract_one(article, doc, state)]
        failed = len(state.result.failures) > n_failures
        if cache is not None and not failed:
            cache.put_quotes(article.article_id, _content_hash(article), quotes_label(backend.label, state.extractor),
                             found)
        if not failed:
            yield article, found
        elif keep_failed:
            yield article, state.result.failures.pop()


def _docs(backend, articles: Iterator[Article], state: _Run, cache=None
          ) -> Iterator[tuple[Article, object, list[Quote] | None]]:
    """(article, parsed doc, None) for each article to extract, or (article, None, quotes) when the cache holds its
    extraction, in input order. Only cache misses reach the parser, and the parser starts only at the first miss
    (a fully cached run never loads parser processes)."""
    if cache is None:
        for article, doc in _parse_each(backend, articles, state):
            yield article, doc, None
        return
    label = backend.label
    extracted = quotes_label(label, state.extractor)
    queue: deque[list] = deque()  # [article, doc, quotes]: doc and quotes both None while at the parser

    def misses() -> Iterator[Article]:
        for article in articles:
            digest = _content_hash(article)
            quotes = cache.get_quotes(article.article_id, digest, extracted)
            doc = cache.get_doc(article.text, digest, label) if quotes is None else None
            queue.append([article, doc, quotes])
            if quotes is None and doc is None:
                yield article

    def ready() -> Iterator[tuple[Article, object, list[Quote] | None]]:
        while queue and (queue[0][1] is not None or queue[0][2] is not None):
            yield tuple(queue.popleft())

    pending = misses()
    first = next(pending, None)
    yield from ready()
    if first is None:
        return
    for article, doc in _parse_each(backend, _chain(first, pending), state):
        while queue:
            entry = queue.popleft()
            if entry[0] is article:
                cache.put_doc(_content_hash(article), label, doc)
                yield article, doc, None
                break
            if entry[1] is not None or entry[2] is not None:
                yield tuple(entry)
            # else: the parser failed on it (its Failure is in `state`)
    yield from (tuple(e) for e in queue if e[1] is not None or e[2] is not None)


def _chain(first: Article, rest: Iterator[Article]) -> Iterator[Article]:
    yield first
    yield from rest


def _content_hash(article: Article) -> str:
    """What an article's parse depends on: its text (and, for pre-parsed input, the CoNLL-U)."""
    if not article.conllu:
        return article.text_hash
    import hashlib

    return hashlib.sha1(f"{article.text}\0{article.conllu}".encode()).hexdigest()


def _settle(fed: deque[Article], state: _Run, until: Article | None) -> Iterator[tuple[Article, list[Quote]] | Failure]:
    """Articles fed before `until` that were never parsed: each failed (its Failure) or was skipped (no quotes)."""
    failures = {f.origin: f for f in state.result.failures}
    state.result.failures.clear()
    while fed and fed[0] is not until:
        article = fed.popleft()
        failure = failures.pop(article.origin or article.article_id, None)
        yield failure if failure is not None else (article, [])


def finish_quotes(quotes: list[Quote], registry: str | Path | list | None = None) -> list[Quote]:
    """The cross-article steps `run` ends with (canonical speakers, clusters, record order), for quotes
    kept between runs (quotes.store)."""
    from .resolve import load_registry

    if isinstance(registry, (str, Path)):
        registry = load_registry(registry)
    return _finish(list(quotes), registry)


def _ingest(inputs: Iterable[Input], state: _Run, source_name: str | None, input_format: str | None,
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


def _parseable(items: Iterable[Article | Failure], state: _Run) -> Iterator[Article]:
    """Record every article and failure; pass on the articles worth parsing."""
    for item in items:
        if isinstance(item, Failure):
            state.fail(item)
            continue
        state.read(item)
        if not item.text.strip():
            continue
        if not looks_english(item.text):
            state.warn(f"{item.origin or item.article_id}: does not look like English prose, skipped "
                       "(the parsers read English)")
            continue
        state.n_parsing += 1
        yield item


def _parse_each(backend, articles: Iterator[Article], state: _Run) -> Iterator[tuple[Article, object]]:
    """Pairs (article, parsed doc), in order. When the parser fails inside a batch, the articles of that
    batch are parsed one by one so that only the one at fault becomes a Failure."""
    pending: deque[Article] = deque()

    def feed() -> Iterator[Article]:
        for article in articles:
            pending.append(article)
            yield article

    while True:
        docs = backend.parse_articles(feed())
        try:
            for doc in docs:
                yield pending.popleft(), doc
            return
        except ParserUnavailable:
            raise
        except Exception as exc:  # isolation boundary: one bad article must not end the run
            if state.stopped:
                raise
            if not pending:  # nothing was read: the parser itself is broken, not an article
                raise QuotesError(f"parser {backend.label} failed: {_describe(exc)}") from exc
            retry = list(pending)
            pending.clear()
            for article in retry:
                pair = _parse_alone(backend, article, state)
                if pair is not None:
                    yield pair


def _parse_alone(backend, article: Article, state: _Run) -> tuple[Article, object] | None:
    try:
        doc = next(iter(backend.parse_articles([article])))
    except ParserUnavailable:
        raise
    except QuotesError as exc:  # the backend's own message, e.g. "--parser conllu needs .conllu input"
        origin = article.origin or article.article_id
        state.fail(Failure(origin, str(exc).removeprefix(f"{origin}: ")))
        return None
    except Exception as exc:  # noqa: BLE001  (isolation boundary, reported as a Failure)
        state.fail(Failure(article.origin or article.article_id, f"parser failed: {_describe(exc)}"))
        return None
    return article, doc


def quotes_label(parser_label: str, extractor) -> str:
    """What an article's cached records depend on besides its text and the code: the parser, and the model beside
    the rules when there is one (the rules alone keep the parser's label, so their cache entries stay valid)."""
    return parser_label if extractor is None else f"{parser_label}|{extractor.label}"


def _extract_one(article: Article, doc, state: _Run) -> list[Quote]:
    from .extract import extract_quotes
    from .resolve import resolve_article

    try:
        with _time_limit(extract_time_limit(article.text)):
            found = extract_quotes(article, doc)
            if state.extractor is not None:
                from .extract.hybrid import with_model

                found = with_model(article, doc, found, state.extractor)
            return resolve_article(article, doc, found)
    except Exception as exc:  # isolation boundary: a bug in the rules for one article is reported, never dropped
        log.debug("extraction failed for %s", article.article_id, exc_info=True)
        state.fail(Failure(article.origin or article.article_id, f"internal error in extraction: {_describe(exc)}"))
        return []


EXTRACT_SECONDS_MIN = 120.0
EXTRACT_CHARS_PER_SECOND = 2_000  # far below the rules' real speed: only a runaway rule hits the limit


def extract_time_limit(text: str) -> float:
    """Seconds the rules may spend on one article before it is reported as a failure."""
    return max(EXTRACT_SECONDS_MIN, len(text) / EXTRACT_CHARS_PER_SECOND)


class ExtractionTimeout(Exception):
    """The rules took longer than `extract_time_limit` on one article."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (main thread on Unix only; elsewhere no limit), so a runaway rule
    on one article becomes that article's failure instead of a run that never ends."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise ExtractionTimeout(f"gave up after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _with_metadata(quote: Quote, article: Article, parser_label: str) -> Quote:
    return quote.evolve(source=article.source, url=article.url, title=article.title,
                   published=article.published, parser=quote.parser or parser_label, extra={})


def _finish(quotes: list[Quote], registry: list | None) -> list[Quote]:
    """Cross-article steps, which need every quote: canonical speakers, statement clusters, wording. Empties `quotes`
    (the caller's list) as soon as the canonical copies exist, so at most two copies of the records are alive."""
    from .cluster import assign_clusters
    from .resolve import canonicalize
    from .wording import assign_wording

    canonical = canonicalize(quotes, registry=registry)
    quotes.clear()
    variants: list = []
    clustered = assign_wording(assign_clusters(canonical, variants), variants)
    canonical.clear()
    clustered.sort(key=lambda q: (q.article_id, q.start, q.end))
    return clustered


# -- language check -------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Common English function words; not "a" or "i", which are words in French, Spanish and Italian too.
_ENGLISH_WORDS = """
about after all also an and are as at be been but by for from had has have he her his if in into is it its
more not of on or our said says she that the their them there they this to was we were what when which who
will with would you
"""
_ENGLISH = frozenset(_ENGLISH_WORDS.split())
_SAMPLE_CHARS = 20_000
_MIN_WORDS = 25
_MIN_SHARE = 0.10


def looks_english(text: str) -> bool:
    """Whether `text` reads like English prose: common English function words make up a fair share of
    its words (about a third in news prose; a few percent in other languages, tables or code)."""
    words = _WORD.findall(text[:_SAMPLE_CHARS])
    if len(words) < _MIN_WORDS:
        return True  # too short to judge; the rules simply find little
    common = sum(w.lower() in _ENGLISH for w in words)
    return common / len(words) >= _MIN_SHARE
