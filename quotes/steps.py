"""The per-article steps of a run: parse, extract, resolve in-article, for articles already read.

An engine runs these steps (in this process, in worker processes or on a Dask cluster: quotes.engine); the
pipeline (quotes.pipeline) describes the run around them. Parse trees never leave this module: each article
comes out as its compact quote records, or as a `Failure` naming it.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from .errors import ParserUnavailable, QuotesError
from .guards import describe, extract_time_limit, time_limit
from .language import looks_english
from .records import Article, Failure, Quote
from .runstate import RunState

__all__ = ["content_hash", "looks_english", "parseable", "per_article", "process_articles", "quotes_label",
           "with_metadata"]

log = logging.getLogger("quotes")


def process_articles(articles: Iterable[Article], backend, *, on_warning: Callable[[str], None] | None = None,
                     cache=None, extractor=None) -> Iterator[tuple[Article, list[Quote]] | Failure]:
    """The per-article steps of `run` (parse, extract, resolve in-article) for articles already read.

    Yields one item per article, in order: `(article, quotes)` (no quotes for an empty or non-English
    article) or a `Failure` naming it. The cross-article steps are left to `finish_quotes`. `cache`: an open
    `quotes.cache.Cache` (or None), as for `run`; `extractor`: a `SpanModel` beside the rules, or None."""
    state = RunState(False, on_warning)
    state.extractor = extractor
    fed: deque[Article] = deque()

    def feed() -> Iterator[Article]:
        for article in articles:
            fed.append(article)
            yield article

    for article, found in per_article(backend, parseable(feed(), state), state, cache, keep_failed=True):
        yield from _settle(fed, state, until=article)
        fed.popleft()
        state.result.articles.clear()  # the caller keeps what it needs; memory stays flat on long runs
        yield found if isinstance(found, Failure) else (article, found)
    yield from _settle(fed, state, until=None)


def per_article(backend, articles: Iterator[Article], state: RunState, cache=None, keep_failed: bool = False
                 ) -> Iterator[tuple[Article, list[Quote] | Failure]]:
    """(article, its quotes with metadata) in order, for every article parsed; extraction failures are in `state`
    (with `keep_failed`, taken out of it and yielded as (article, Failure) instead). Only these compact records
    leave this function: parse trees are dropped article by article."""
    for article, doc, cached in _docs(backend, articles, state, cache):
        if cached is not None:
            yield article, [with_metadata(q, article, q.parser) for q in cached]
            continue
        n_failures = len(state.result.failures)
        found = [with_metadata(q, article, doc.parser or backend.label) for q in _extract_one(article, doc, state)]
        failed = len(state.result.failures) > n_failures
        if cache is not None and not failed:
            cache.put_quotes(article.article_id, content_hash(article), quotes_label(backend.label, state.extractor),
                             found)
        if not failed:
            yield article, found
        elif keep_failed:
            yield article, state.result.failures.pop()


def _docs(backend, articles: Iterator[Article], state: RunState, cache=None
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
            digest = content_hash(article)
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
                cache.put_doc(content_hash(article), label, doc)
                yield article, doc, None
                break
            if entry[1] is not None or entry[2] is not None:
                yield tuple(entry)
            # else: the parser failed on it (its Failure is in `state`)
    yield from (tuple(e) for e in queue if e[1] is not None or e[2] is not None)


def _chain(first: Article, rest: Iterator[Article]) -> Iterator[Article]:
    yield first
    yield from rest


def content_hash(article: Article) -> str:
    """What an article's parse depends on: its text (and, for pre-parsed input, the CoNLL-U)."""
    if not article.conllu:
        return article.text_hash
    import hashlib

    return hashlib.sha1(f"{article.text}\0{article.conllu}".encode()).hexdigest()


def _settle(fed: deque[Article], state: RunState, until: Article | None) -> Iterator[tuple[Article, list[Quote]] | Failure]:
    """Articles fed before `until` that were never parsed: each failed (its Failure) or was skipped (no quotes)."""
    failures = {f.origin: f for f in state.result.failures}
    state.result.failures.clear()
    while fed and fed[0] is not until:
        article = fed.popleft()
        failure = failures.pop(article.origin or article.article_id, None)
        yield failure if failure is not None else (article, [])


def parseable(items: Iterable[Article | Failure], state: RunState) -> Iterator[Article]:
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


def _parse_each(backend, articles: Iterator[Article], state: RunState) -> Iterator[tuple[Article, object]]:
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
                raise QuotesError(f"parser {backend.label} failed: {describe(exc)}") from exc
            retry = list(pending)
            pending.clear()
            for article in retry:
                pair = _parse_alone(backend, article, state)
                if pair is not None:
                    yield pair


def _parse_alone(backend, article: Article, state: RunState) -> tuple[Article, object] | None:
    try:
        doc = next(iter(backend.parse_articles([article])))
    except ParserUnavailable:
        raise
    except QuotesError as exc:  # the backend's own message, e.g. "--parser conllu needs .conllu input"
        origin = article.origin or article.article_id
        state.fail(Failure(origin, str(exc).removeprefix(f"{origin}: ")))
        return None
    except Exception as exc:  # noqa: BLE001  (isolation boundary, reported as a Failure)
        state.fail(Failure(article.origin or article.article_id, f"parser failed: {describe(exc)}"))
        return None
    return article, doc


def quotes_label(parser_label: str, extractor) -> str:
    """What an article's cached records depend on besides its text and the code: the parser, and the model beside
    the rules when there is one (the rules alone keep the parser's label, so their cache entries stay valid)."""
    return parser_label if extractor is None else f"{parser_label}|{extractor.label}"


def _extract_one(article: Article, doc, state: RunState) -> list[Quote]:
    from .extract import extract_quotes
    from .resolve import resolve_article

    try:
        with time_limit(extract_time_limit(article.text)):
            found = extract_quotes(article, doc)
            if state.extractor is not None:
                from .extract.hybrid import with_model

                found = with_model(article, doc, found, state.extractor)
            return resolve_article(article, doc, found)
    except Exception as exc:  # isolation boundary: a bug in the rules for one article is reported, never dropped
        log.debug("extraction failed for %s", article.article_id, exc_info=True)
        state.fail(Failure(article.origin or article.article_id, f"internal error in extraction: {describe(exc)}"))
        return []


def with_metadata(quote: Quote, article: Article, parser_label: str) -> Quote:
    return quote.evolve(source=article.source, url=article.url, title=article.title,
                   published=article.published, parser=quote.parser or parser_label, extra={})
