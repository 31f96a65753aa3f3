"""The persistent ledger: articles and their quotes kept in SQLite, so that a corpus grows one add at a time.

`add` ingests inputs into a database (stdlib sqlite3, WAL): an article whose id and text hash are already
stored is skipped without parsing; an edited article (same id, new text) replaces its own quotes and nothing
else; new articles go through the pipeline's per-article steps (`process_articles`). Results are written one
transaction per batch of articles, so a run killed at any point leaves the database as after its last
committed batch: every stored article has all of its quotes.

What is stored per article is the in-article result (extract + resolve_article), before the cross-article
steps. Canonical speakers and clusters depend on every article, so they are derived: `export_quotes` runs
`finish_quotes` (canonicalize + cluster) over all stored quotes, which makes an export equal to a one-shot
`quotes extract` / `quotes ledger` over the same articles, and a new "Kim Jong-un" joins the existing speaker.
After each add the derived state is cached in the tables canonical, speakers, aliases and clusters; an export
uses the cache when no batch was committed since (and the registry is the same), and recomputes otherwise.

Readers see a consistent snapshot: every export reads inside one read transaction (WAL lets a writer commit
meanwhile without disturbing it). The schema version is `PRAGMA user_version`; `MIGRATIONS` bring an older
database up to date when it is opened, and a column added to the Quote record is added to the quotes table.

For browsing (`quotes serve`, Datasette) the database also holds a full-text index over quote text and
context (quotes_fts, kept in step by triggers), indexes on speaker, outlet and date, and the view
`quotes_view`: one row per quote with the cached canonical speaker and cluster joined in, recreated whenever
the quotes table gains a column. Both follow every add; nothing else is needed to serve the file.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, QuotesError
from .ingest import DEFAULT_MAX_ARTICLE_SIZE, read_inputs
from .records import Article, Failure, Quote, attribution_kinds
from .store_schema import (  # noqa: F401  (the schema's names, as callers have used them from this module)
    ARTICLE_FIELDS,
    QUOTE_FIELDS,
    SCHEMA_VERSION,
    VIEW,
    _bump,
    _marks,
    _set_meta,
    _sqlite_errors,
    _stored_rows,
    _transaction,
    connect,
    migrate,
)
from .store_state import _cache_fresh, _cached, refresh

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "SCHEMA_VERSION",
    "AddReport",
    "add",
    "connect",
    "export_quotes",
    "migrate",
    "refresh",
    "stored_articles",
    "stored_quotes",
]

log = logging.getLogger("quotes")

DEFAULT_BATCH_SIZE = 50

Progress = Callable[[int, int], None]  # (articles done, new quotes so far)


# -- add ----------------------------------------------------------------------------------------------------


@dataclass
class AddReport:
    """What an add did: articles new, unchanged (skipped unparsed), replaced (edited), quotes written, failures."""

    new_articles: int = 0
    unchanged: int = 0
    replaced: int = 0
    new_quotes: int = 0
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parser_label: str = ""

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def articles_read(self) -> int:
        return self.new_articles + self.unchanged + self.replaced + len(self.failures)


def add(db_path: str | Path, inputs: Iterable[str | Path | Article], *, parser: str = "auto",
        model: str | None = None, jobs: int = 1, source_name: str | None = None,
        registry: str | Path | list | None = None, input_format: str | None = None, encoding: str | None = None,
        max_article_size: int = DEFAULT_MAX_ARTICLE_SIZE, batch_size: int = DEFAULT_BATCH_SIZE,
        fail_fast: bool = False, refresh_cache: bool = True, progress: Progress | None = None,
        on_warning: Callable[[str], None] | None = None, on_parser: Callable[[str], None] | None = None,
        cache: bool | str | Path | None = None, attributions: str = "speech",
        extractor: str | Path | object | None = None) -> AddReport:
    """Ingest `inputs` (paths, `-`, or `Article`s) into the ledger database at `db_path` (created if missing).

    Options are `quotes.pipeline.run`'s; `registry` only shapes the cached speaker tables (exports take their
    own). Raises QuotesError for problems with the whole run; problems with one input are `Failure`s in the
    report, and such inputs are not stored, so a later add retries them. With `fail_fast` the first failure
    ends the run (InputError) once the articles parsed before it are stored. `cache` is the parse/extraction
    cache, as for `run` (an article new to this database but seen by an earlier run is not parsed again).
    `attributions` chooses the kinds of record stored, as for `run`; an article already stored keeps the kinds it
    was stored with until its text changes. `extractor`: a model folder beside the rules, as for `run` (an article
    already stored is not extracted again either)."""
    from .cache import open_cache
    from .extract.model import get_extractor
    from .resolve import load_registry

    if batch_size < 1:
        raise QuotesError(f"batch size must be at least 1, not {batch_size}")
    kinds = attribution_kinds(attributions)
    if isinstance(registry, (str, Path)):
        registry = load_registry(registry)
    span_model = get_extractor(extractor)  # before the database is touched: a wrong model folder fails at once
    report = AddReport()
    warn = _warner(report, on_warning)
    conn = connect(db_path)
    parse_cache = open_cache(cache, warn)
    try:
        with _sqlite_errors(db_path):
            _Adder(conn, report, warn, batch_size, progress, fail_fast, parse_cache, kinds, span_model).run(
                _read(inputs, source_name, input_format, encoding, max_article_size, warn),
                lambda: _backend(parser, model, jobs, report, on_parser))
            if refresh_cache:
                refresh(conn, registry)
    finally:
        conn.close()
        if parse_cache is not None:
            parse_cache.close()
    return report


def _warner(report: AddReport, on_warning: Callable[[str], None] | None) -> Callable[[str], None]:
    def warn(message: str) -> None:
        report.warnings.append(message)
        (on_warning or log.warning)(message)

    return warn


def _read(inputs: Iterable[str | Path | Article], source_name: str | None, input_format: str | None,
          encoding: str | None, max_article_size: int, warn: Callable[[str], None]) -> Iterator[Article | Failure]:
    """Articles passed as objects go through as they are; paths go through the reader."""
    paths: list[str | Path] = []
    for item in inputs:
        if isinstance(item, Article):
            yield item
        else:
            paths.append(item)
    if paths:
        yield from read_inputs(paths, input_format=input_format, source_name=source_name, encoding=encoding,
                               max_article_size=max_article_size, warn=warn)


def _backend(parser: str, model: str | None, jobs: int, report: AddReport, on_parser: Callable[[str], None] | None):
    from .parse import get_parser

    backend = get_parser(parser, model=model, jobs=jobs, quiet=True)
    report.parser_label = backend.label
    if on_parser is not None:
        on_parser(backend.label)
    return backend


class _Adder:
    """One add run: sorts inputs into unchanged and to-parse, writes parsed articles batch by batch."""

    def __init__(self, conn: sqlite3.Connection, report: AddReport, warn: Callable[[str], None], batch_size: int,
                 progress: Progress | None, fail_fast: bool = False, cache=None,
                 kinds: frozenset[str] = frozenset({"speech"}), extractor=None):
        self.conn = conn
        self.kinds = kinds
        self.cache = cache
        self.extractor = extractor
        self.fail_fast = fail_fast
        self.report = report
        self.warn = warn
        self.batch_size = batch_size
        self.progress = progress
        self.queued: dict[str, str] = {}  # article_id -> text hash, for articles parsed in this run

    def run(self, items: Iterable[Article | Failure], make_backend: Callable[[], object]) -> None:
        from .pipeline import of_kinds, process_articles

        todo = self._to_parse(items)
        batch: list[tuple[Article, list[Quote]]] = []
        try:
            first = next(todo, None)
            if first is None:
                return  # nothing new: the parser is never loaded
            for item in process_articles(_chain(first, todo), make_backend(), on_warning=self.warn, cache=self.cache,
                                         extractor=self.extractor):
                if isinstance(item, Failure):
                    self._fail(item)
                    continue
                batch.append((item[0], of_kinds(item[1], self.kinds)))
                if len(batch) >= self.batch_size:
                    self._write(batch)
                    batch = []
        except _Stop as stop:
            self._write(batch)
            raise InputError(f"{stop.failure} (stopped by --fail-fast)") from None
        self._write(batch)

    def _fail(self, failure: Failure) -> None:
        self.report.failures.append(failure)
        if self.fail_fast:
            raise _Stop(failure)

    def _to_parse(self, items: Iterable[Article | Failure]) -> Iterator[Article]:
        for item in items:
            if isinstance(item, Failure):
                self._fail(item)
                continue
            digest = item.text_hash
            if self.queued.get(item.article_id, self._stored_hash(item.article_id)) == digest:
                self.report.unchanged += 1
                continue
            if item.article_id in self.queued:
                self.warn(f"{item.origin or item.article_id}: article_id {item.article_id!r} was already added "
                          "in this run with another text; the later text replaces it")
            self.queued[item.article_id] = digest
            yield item

    def _stored_hash(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT text_hash FROM articles WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row is not None else None

    def _write(self, batch: Sequence[tuple[Article, list[Quote]]]) -> None:
        """One transaction for the whole batch: all of its articles with all of their quotes, or nothing."""
        if not batch:
            return
        counts = Counter()
        with _transaction(self.conn):
            for article, quotes in batch:
                outcome = _store_article(self.conn, article, quotes)
                counts[outcome] += 1
                if outcome != "unchanged":
                    counts["quotes"] += len(quotes)
            if counts["new"] or counts["replaced"]:
                _bump(self.conn)
        self.report.new_articles += counts["new"]
        self.report.replaced += counts["replaced"]
        self.report.unchanged += counts["unchanged"]
        self.report.new_quotes += counts["quotes"]
        if self.progress is not None:
            self.progress(self.report.articles_read, self.report.new_quotes)


class _Stop(Exception):
    """--fail-fast: the first failure ends the run."""

    def __init__(self, failure: Failure):
        super().__init__(str(failure))
        self.failure = failure


def _chain(first: Article, rest: Iterator[Article]) -> Iterator[Article]:
    yield first
    yield from rest


def _store_article(conn: sqlite3.Connection, article: Article, quotes: Sequence[Quote]) -> str:
    """Write one article and its quotes (inside the caller's transaction): new, replaced or unchanged."""
    digest = article.text_hash
    row = conn.execute("SELECT text_hash FROM articles WHERE article_id = ?", (article.article_id,)).fetchone()
    if row is not None and row[0] == digest:
        return "unchanged"  # another add stored the same text meanwhile
    if row is not None:
        conn.execute("DELETE FROM articles WHERE article_id = ?", (article.article_id,))  # its quotes cascade
    added_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    conn.execute(f"INSERT INTO articles ({', '.join(ARTICLE_FIELDS)}, n_quotes) VALUES ({_marks(10)})",
                 (article.article_id, article.source, article.url, article.title, article.published, article.text,
                  digest, article.origin, added_at, len(quotes)))
    columns = ("seq", "quote_id", *QUOTE_FIELDS)
    conn.executemany(f"INSERT INTO quotes ({', '.join(columns)}) VALUES ({_marks(len(columns))})",
                     [(seq, q.quote_id, *(getattr(q, name) for name in QUOTE_FIELDS)) for seq, q in enumerate(quotes)])
    return "new" if row is None else "replaced"


# -- reading ------------------------------------------------------------------------------------------------


def stored_quotes(conn: sqlite3.Connection) -> list[Quote]:
    """The per-article quotes as stored (before the cross-article steps), by article and extraction order."""
    return [q for _, q in _stored_rows(conn)]


def stored_articles(db_path: str | Path) -> list[Article]:
    """The stored articles, by article_id (what `quotes articles` would write for the same inputs)."""
    conn = connect(db_path, create=False)
    try:
        with _sqlite_errors(db_path):
            rows = conn.execute("SELECT article_id, text, source, url, title, published, origin FROM articles "
                                "ORDER BY article_id").fetchall()
    finally:
        conn.close()
    return [Article(*row) for row in rows]


def export_quotes(db_path: str | Path, registry: str | Path | list | None = None) -> list[Quote]:
    """Every stored quote with canonical speakers and clusters over the whole database: the records a one-shot
    `quotes extract` over the stored articles gives, in the same order. Reads one consistent snapshot."""
    from .resolve import load_registry

    if isinstance(registry, (str, Path)):
        registry = load_registry(registry)
    conn = connect(db_path, create=False)
    try:
        with _sqlite_errors(db_path), _transaction(conn, "DEFERRED"):
            if _cache_fresh(conn, registry):
                return _cached(conn)
            quotes = stored_quotes(conn)
    finally:
        conn.close()
    from .pipeline import finish_quotes

    return finish_quotes(quotes, registry)
