"""Engines run the per-article steps the pipeline describes (quotes.steps: parse, extract, in-article resolution):
in this process, in local worker processes (`--jobs N`) or on a Dask cluster; `per_article_pairs` chooses. This
module never imports the pipeline.

The Dask engine: the per-article steps on a Dask cluster.

`--engine dask --scheduler ADDRESS` sends partitions of articles to the cluster's workers; each worker loads
the parser once and returns, per article, its compact quote records or a `Failure`. The local process keeps
the order of the inputs, the cache (hits are never sent; results are stored as they come back) and does
the cross-article steps (canonical names, clusters) as for the local engine, so both give the same records.
Without `--scheduler`, a local cluster (one single-threaded worker process per job) is started for the run.

Workers need the same `quotes` and parser model as the local process (the parser label is checked).
At most `IN_FLIGHT_PER_WORKER` partitions per worker are queued at a time, so memory stays flat on a corpus
of any size.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

from .errors import ParserUnavailable, QuotesError
from .records import Article, Failure, Quote
from .steps import content_hash, per_article, process_articles, quotes_label, with_metadata

__all__ = ["POOLED_PARSERS", "dask_per_article", "partitions", "per_article_pairs", "pool_per_article", "run_partition"]

log = logging.getLogger("quotes")

T = TypeVar("T")
PARTITION_ARTICLES = 32
PARTITION_CHARS = 400_000
IN_FLIGHT_PER_WORKER = 2


def partitions(items: Iterable[tuple[Article, T]], max_articles: int = PARTITION_ARTICLES,
               max_chars: int = PARTITION_CHARS) -> Iterator[list[tuple[Article, T]]]:
    """Consecutive groups of (article, anything) pairs, each at most `max_articles` long and about `max_chars`
    of text."""
    group: list[tuple[Article, T]] = []
    size = 0
    for item in items:
        group.append(item)
        size += len(item[0].text) + len(item[0].conllu)
        if len(group) >= max_articles or size >= max_chars:
            yield group
            group, size = [], 0
    if group:
        yield group


# Parsers whose --jobs N runs N worker processes that each parse and extract (measured faster than the parser's own
# multiprocessing, which sends every parse tree back to this process for the rules: bench/bench_pipeline.py).
POOLED_PARSERS = ("spacy",)


def per_article_pairs(engine: str, backend, articles: Iterator[Article], state, cache=None, *, jobs: int = 1,
                      model: str | None = None, scheduler: str | None = None
                      ) -> Iterator[tuple[Article, list[Quote]]]:
    """(article, its quotes with metadata) in input order, from the engine the run asked for: `dask`, worker
    processes (`jobs` > 1 with a pooled parser) or this process."""
    if engine == "dask":
        return dask_per_article(backend, articles, state, cache, scheduler=scheduler, jobs=jobs, model=model,
                                extractor=state.extractor)
    if jobs > 1 and backend.name in POOLED_PARSERS:
        return pool_per_article(backend, articles, state, cache, jobs=jobs, model=model, extractor=state.extractor)
    return per_article(backend, articles, state, cache)


@lru_cache(maxsize=4)
def _worker_backend(parser: str, model: str | None):
    from .parse import get_parser

    return get_parser(parser, model=model, jobs=1, quiet=True)


def run_partition(parser: str, model: str | None, articles: list[Article], cache_dir: str | None = None,
                  extractor=None) -> tuple[str, list[list[Quote] | Failure]]:
    """On a worker: (parser label, per article in order its quote records or its Failure). With `cache_dir`
    (a worker on this machine) the worker reads and writes the cache itself, parses included. `extractor`: the
    run's `SpanModel` (its pipeline loads once per worker), or None."""
    from .cache import Cache

    backend = _worker_backend(parser, model)
    cache = Cache(cache_dir) if cache_dir else None
    out: list[list[Quote] | Failure] = []
    try:
        for item in process_articles(articles, backend, cache=cache, extractor=extractor):
            out.append(item if isinstance(item, Failure) else item[1])
    finally:
        if cache is not None:
            cache.close()
    return backend.label, out


def _client(scheduler: str | None, jobs: int):
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ParserUnavailable("the Dask engine needs dask.distributed: pip install 'quotes[dask]' "
                                "(or pip install 'dask[distributed]')") from exc
    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None
        except (OSError, TimeoutError) as exc:
            raise QuotesError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from exc
    cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster), cluster


def dask_per_article(backend, articles: Iterator[Article], state, cache=None, *, scheduler: str | None = None,
                     jobs: int = 1, model: str | None = None, extractor=None) -> Iterator[tuple[Article, list[Quote]]]:
    """(article, its quotes with metadata) in input order, as `steps.per_article` gives, computed on Dask.
    `backend` is the local process's parser (its name and label); `model` the model option given to the run."""
    client, cluster = _client(scheduler, jobs)
    try:
        workers = len(client.scheduler_info().get("workers", {})) or jobs

        def submit(misses: list[Article]):
            return client.submit(run_partition, backend.name, model, misses, extractor=extractor, pure=False)

        yield from _partitioned(backend.label, articles, state, cache, submit, workers, "Dask workers",
                                extractor=extractor)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def pool_per_article(backend, articles: Iterator[Article], state, cache=None, *, jobs: int = 2,
                     model: str | None = None, extractor=None) -> Iterator[tuple[Article, list[Quote]]]:
    """The same on `jobs` local worker processes, each parsing with the backend's own batching and running the
    rules on its partitions: only compact quote records come back (no parse trees cross processes), and the
    workers share the cache folder."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    cache_dir = str(cache.folder) if cache is not None and cache.enabled else None
    # fork: workers start at once and scripts without a __main__ guard work (spawn would re-run them); nothing
    # heavy is loaded here yet (the parser loads lazily), so the workers start small.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method)) as pool:
        def submit(misses: list[Article]):
            return pool.submit(run_partition, backend.name, model, misses, cache_dir, extractor)

        try:
            yield from _partitioned(backend.label, articles, state, cache, submit, jobs, "worker processes",
                                    store=cache_dir is None, extractor=extractor)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _partitioned(label: str, articles: Iterator[Article], state, cache, submit, workers: int, who: str,
                 store: bool = True, extractor=None) -> Iterator[tuple[Article, list[Quote]]]:
    """Send partitions of cache misses to `submit` (returns a future of `run_partition`'s result), at most
    `IN_FLIGHT_PER_WORKER` per worker at a time, and yield the results in input order."""
    extracted = quotes_label(label, extractor)

    def hits_and_misses() -> Iterator[tuple[Article, list[Quote] | None]]:
        for article in articles:
            cached = None
            if cache is not None:
                cached = cache.get_quotes(article.article_id, content_hash(article), extracted)
            yield article, cached

    def settle(group: list[Article], future, cached: list[list[Quote] | None]):
        results: list = list(cached)
        if future is not None:
            worker_label, computed = future.result()
            if worker_label != label:
                raise QuotesError(f"the {who} parse with {worker_label}, this process with {label}: "
                                  "install the same quotes and parser model on every worker")
            todo = iter(computed)
            results = [next(todo) if c is None else c for c in cached]
        for article, item, was_cached in zip(group, results, cached, strict=True):
            if isinstance(item, Failure):
                state.fail(item)
                continue
            if was_cached is None and cache is not None and store:
                cache.put_quotes(article.article_id, content_hash(article), extracted, item)
            yield article, [with_metadata(q, article, q.parser or label) for q in item]

    in_flight = max(1, workers) * IN_FLIGHT_PER_WORKER
    queue: deque = deque()  # (articles, future | None, cached quotes per article)
    for pairs in partitions(hits_and_misses(), max_articles=PARTITION_ARTICLES):
        group = [a for a, _ in pairs]
        cached = [c for _, c in pairs]
        misses = [a for a, c in pairs if c is None]
        queue.append((group, submit(misses) if misses else None, cached))
        while len(queue) > in_flight or (queue and queue[0][1] is None):
            yield from settle(*queue.popleft())
    while queue:
        yield from settle(*queue.popleft())
