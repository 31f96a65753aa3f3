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
import hashlib
import logging
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path

from .errors import InputError, OutputError, QuotesError
from .ingest import DEFAULT_MAX_ARTICLE_SIZE, read_inputs
from .records import Article, Failure, Quote, attribution_kinds

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
BUSY_TIMEOUT_MS = 60_000
# Quote fields kept per article; `extra` is the rules' scratch space, never output.
QUOTE_FIELDS = tuple(f.name for f in fields(Quote) if f.name != "extra")
# Filled by the cross-article steps; stored per article as resolve_article left them, overlaid on export.
DERIVED_FIELDS = ("speaker", "speaker_type", "speaker_role", "speaker_id", "cluster_id")
ARTICLE_FIELDS = ("article_id", "source", "url", "title", "published", "text", "text_hash", "origin", "added_at")

Progress = Callable[[int, int], None]  # (articles done, new quotes so far)


# -- schema and migrations ----------------------------------------------------------------------------------


def _column_sql(name: str) -> str:
    """The column definition of a Quote field: SQL type from its annotation, default from the dataclass."""
    f = next(f for f in fields(Quote) if f.name == name)
    kind = str(f.type)
    sql_type = "INTEGER" if kind.startswith("int") else "REAL" if kind.startswith("float") else "TEXT"
    if f.default is MISSING or f.default is None:
        return f"{name} {sql_type}"
    default = f"'{f.default}'" if isinstance(f.default, str) else repr(f.default)
    return f"{name} {sql_type} NOT NULL DEFAULT {default}"


def _v1(conn: sqlite3.Connection) -> None:
    """Version 1: articles and their per-article quotes."""
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("""CREATE TABLE articles (
        article_id TEXT PRIMARY KEY, source TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '', published TEXT NOT NULL DEFAULT '', text TEXT NOT NULL,
        text_hash TEXT NOT NULL, origin TEXT NOT NULL DEFAULT '', added_at TEXT NOT NULL)""")
    columns = ", ".join(_column_sql(name) for name in QUOTE_FIELDS if name != "article_id")
    conn.execute(f"""CREATE TABLE quotes (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL, quote_id TEXT NOT NULL, {columns}, PRIMARY KEY (article_id, seq))""")
    conn.execute("CREATE INDEX quotes_by_id ON quotes(quote_id)")
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [("application", "quotes"), ("data_version", "0")])


def _v2(conn: sqlite3.Connection) -> None:
    """Version 2: a quote count per article (a completeness check) and the cached cross-article state."""
    conn.execute("ALTER TABLE articles ADD COLUMN n_quotes INTEGER")
    conn.execute("UPDATE articles SET n_quotes = (SELECT count(*) FROM quotes q WHERE q.article_id = articles.article_id)")
    conn.execute("""CREATE TABLE canonical (
        article_id TEXT NOT NULL, seq INTEGER NOT NULL, speaker TEXT NOT NULL, speaker_type TEXT NOT NULL,
        speaker_role TEXT NOT NULL, speaker_id TEXT NOT NULL, cluster_id TEXT NOT NULL,
        PRIMARY KEY (article_id, seq),
        FOREIGN KEY (article_id, seq) REFERENCES quotes(article_id, seq) ON DELETE CASCADE)""")
    conn.execute("""CREATE TABLE speakers (
        speaker TEXT PRIMARY KEY, speaker_type TEXT NOT NULL, speaker_id TEXT NOT NULL, n_quotes INTEGER NOT NULL)""")
    conn.execute("""CREATE TABLE aliases (
        speaker TEXT NOT NULL REFERENCES speakers(speaker) ON DELETE CASCADE, alias TEXT NOT NULL,
        PRIMARY KEY (speaker, alias))""")
    conn.execute("""CREATE TABLE clusters (
        cluster_id TEXT PRIMARY KEY, speaker TEXT NOT NULL, n_quotes INTEGER NOT NULL)""")


def _v3(conn: sqlite3.Connection) -> None:
    """Version 3: what a browser over the database needs (Datasette, `quotes serve`): full-text search over
    quote text and context, kept in step with the quotes table by triggers; indexes for the speaker, outlet
    and date columns analysts filter and facet on; the number of outlets reporting each cluster."""
    # External content: the index holds no second copy of the text. Porter stemming: "visits" finds "visit".
    conn.execute("""CREATE VIRTUAL TABLE quotes_fts USING fts5(text, context, content="quotes",
        tokenize='porter unicode61 remove_diacritics 2')""")
    conn.execute("""CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts (rowid, text, context) VALUES (new.rowid, new.text, new.context); END""")
    conn.execute("""CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts (quotes_fts, rowid, text, context) VALUES ('delete', old.rowid, old.text, old.context);
        END""")
    conn.execute("""CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text, context ON quotes BEGIN
        INSERT INTO quotes_fts (quotes_fts, rowid, text, context) VALUES ('delete', old.rowid, old.text, old.context);
        INSERT INTO quotes_fts (rowid, text, context) VALUES (new.rowid, new.text, new.context); END""")
    conn.execute("INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild')")  # the rows stored before version 3
    conn.execute("CREATE INDEX quotes_by_source ON quotes(source)")
    conn.execute("CREATE INDEX quotes_by_published ON quotes(published)")
    conn.execute("CREATE INDEX articles_by_source ON articles(source)")
    conn.execute("CREATE INDEX articles_by_published ON articles(published)")
    conn.execute("CREATE INDEX canonical_by_speaker ON canonical(speaker)")
    conn.execute("CREATE INDEX canonical_by_cluster ON canonical(cluster_id)")
    conn.execute("ALTER TABLE clusters ADD COLUMN n_sources INTEGER NOT NULL DEFAULT 0")
    conn.execute("""UPDATE clusters SET n_sources = (
        SELECT count(DISTINCT q.source) FROM canonical c JOIN quotes q USING (article_id, seq)
        WHERE c.cluster_id = clusters.cluster_id AND q.source != '')""")


# MIGRATIONS[n] takes a database from version n to n + 1 (version 0: empty). Append, never edit.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2, _v3)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the database to schema version `target`, one migration per transaction; returns the version."""
    with _transaction(conn, "DEFERRED"):  # one snapshot: another process may be creating the tables
        version = _version(conn)
        foreign = version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    if version > SCHEMA_VERSION:
        raise QuotesError(f"this ledger database has schema version {version}, newer than this quotes "
                          f"(version {SCHEMA_VERSION}): upgrade quotes to read it")
    if foreign:
        raise InputError("this SQLite database is not a quotes ledger: give a new file or one made by `quotes add`")
    while version < target:
        with _transaction(conn):
            if _version(conn) == version:  # another process may have migrated it meanwhile
                MIGRATIONS[version](conn)
                conn.execute(f"PRAGMA user_version = {version + 1}")
        version = _version(conn)
    if version == SCHEMA_VERSION:
        _add_quote_columns(conn)
        _update_view(conn)
    return version


def _add_quote_columns(conn: sqlite3.Connection) -> None:
    """Columns added to the Quote record since the database was made (old rows get the field's default)."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(quotes)")}
    missing = [name for name in QUOTE_FIELDS if name not in have]
    if not missing:
        return
    with _transaction(conn):
        have = {row[1] for row in conn.execute("PRAGMA table_info(quotes)")}
        for name in missing:
            if name not in have:
                conn.execute(f"ALTER TABLE quotes ADD COLUMN {_column_sql(name)}")
        _bump(conn)  # the cached derived state predates the column


# The view analysts browse: one row per quote, canonical fields from the cache, cluster figures joined in.
VIEW = "quotes_view"
# Columns the view computes rather than copies from the quotes table, after the quote columns.
VIEW_EXTRA_COLUMNS = ("cluster_size", "cluster_sources", "cluster_speaker")


def view_sql(quote_columns: Sequence[str]) -> str:
    """The view over a quotes table holding `quote_columns`: chosen by name, so a column added to the Quote
    record (and so to the table) appears in the view, in the contract's column order."""
    from .records import QUOTE_COLUMNS

    have = [c for c in quote_columns if c != "seq"]
    order = [c for c in QUOTE_COLUMNS if c in have] + [c for c in have if c not in QUOTE_COLUMNS]
    computed = {name: f"coalesce(c.{name}, q.{name})" for name in DERIVED_FIELDS}  # cache, else as stored
    # A record that is no segment of a longer quotation is its own statement (as in `Quote.to_row`).
    computed["statement_id"] = "coalesce(nullif(q.statement_id, ''), q.quote_id)"
    select = [f"{computed[c]} AS {c}" if c in computed else f"q.{c}" for c in order]
    return (f"CREATE VIEW {VIEW} AS SELECT q.rowid AS rowid, {', '.join(select)}, k.n_quotes AS cluster_size, "
            "k.n_sources AS cluster_sources, k.speaker AS cluster_speaker "
            "FROM quotes q LEFT JOIN canonical c USING (article_id, seq) "
            "LEFT JOIN clusters k ON k.cluster_id = coalesce(nullif(c.cluster_id, ''), q.quote_id)")


def _update_view(conn: sqlite3.Connection) -> None:
    """(Re)create the view when it is missing or the quotes table's columns changed (not a migration: the view
    holds no data and follows the table)."""
    def current() -> tuple[str, bool]:
        wanted = view_sql([row[1] for row in conn.execute("PRAGMA table_info(quotes)")])
        row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?", (VIEW,)).fetchone()
        return wanted, row is not None and row[0] == wanted

    if current()[1]:
        return
    with _transaction(conn):
        wanted, same = current()  # another process may have made it meanwhile
        if not same:
            conn.execute(f"DROP VIEW IF EXISTS {VIEW}")
            conn.execute(wanted)


def _version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


# -- connections --------------------------------------------------------------------------------------------


def connect(db_path: str | Path, *, create: bool = True) -> sqlite3.Connection:
    """An open, migrated connection (WAL, foreign keys on) in autocommit mode: callers open transactions."""
    path = Path(db_path)
    if not create and not path.is_file():
        raise InputError(f"no ledger database at {path}: create one with `quotes add PATH... --db {path}`")
    if path.is_dir():
        raise InputError(f"{path} is a folder: give a database file, e.g. --db {path / 'ledger.db'}")
    _refuse_foreign(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise OutputError(f"cannot open the ledger database {path}: {exc}") from exc
    conn.row_factory = sqlite3.Row
    try:
        with _sqlite_errors(path):
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                raise OutputError(f"{path}: the database cannot use write-ahead logging (is it on a network drive?)")
            conn.execute("PRAGMA synchronous = NORMAL")  # with WAL: a killed process never loses a commit
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _refuse_foreign(path: Path) -> None:
    """Refuse a file that is not a quotes ledger before anything writes to it (switching it to WAL would change
    its bytes): read it through a read-only connection, which writes nothing."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return  # a new database
    except OSError:
        return  # reported by the connection itself
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise InputError(f"{path} cannot be opened as a ledger database ({exc})") from exc
    try:
        with _sqlite_errors(path):
            version = probe.execute("PRAGMA user_version").fetchone()[0]
            tables = probe.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    finally:
        probe.close()
    if version == 0 and tables > 0:
        raise InputError(f"{path} is an SQLite database but not a quotes ledger: give a new file or one made by "
                         "`quotes add`; it was left unchanged")


@contextmanager
def _sqlite_errors(path: str | Path) -> Iterator[None]:
    """sqlite3 errors as one-line QuotesErrors naming the database."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        message = str(exc)
        if "not a database" in message or "malformed" in message:
            raise InputError(f"{path} is not a readable ledger database ({message})") from exc
        if "locked" in message or "busy" in message:
            raise OutputError(f"{path}: the database stayed locked by another process ({message}); try again") from exc
        raise OutputError(f"{path}: database error: {message}") from exc


@contextmanager
def _transaction(conn: sqlite3.Connection, kind: str = "IMMEDIATE") -> Iterator[sqlite3.Connection]:
    """One transaction: committed when the block ends, rolled back when it raises."""
    conn.execute(f"BEGIN {kind}")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _meta(conn: sqlite3.Connection, key: str, default: str = "") -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row is not None else default


def _set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))


def _bump(conn: sqlite3.Connection) -> None:
    """Mark the stored articles as changed (inside the writing transaction): the cache is stale."""
    _set_meta(conn, "data_version", str(int(_meta(conn, "data_version", "0")) + 1))


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


def _marks(n: int) -> str:
    return ", ".join("?" * n)


# -- reading ------------------------------------------------------------------------------------------------


def stored_quotes(conn: sqlite3.Connection) -> list[Quote]:
    """The per-article quotes as stored (before the cross-article steps), by article and extraction order."""
    return [q for _, q in _stored_rows(conn)]


def _stored_rows(conn: sqlite3.Connection) -> list[tuple[tuple[str, int], Quote]]:
    """((article_id, seq), quote) for every stored quote, by article and extraction order."""
    rows = conn.execute(f"SELECT seq, {', '.join(QUOTE_FIELDS)} FROM quotes ORDER BY article_id, seq")
    out = []
    for seq, *values in rows:
        q = Quote(**dict(zip(QUOTE_FIELDS, values, strict=True)))
        out.append(((q.article_id, seq), q))
    return out


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


def _fingerprint(registry: list | None) -> str:
    return hashlib.sha1(repr(list(registry or [])).encode()).hexdigest()


def _cache_fresh(conn: sqlite3.Connection, registry: list | None) -> bool:
    return (_meta(conn, "derived_version") == _meta(conn, "data_version", "0")
            and _meta(conn, "derived_registry") == _fingerprint(registry))


def _cached(conn: sqlite3.Connection) -> list[Quote]:
    """Stored quotes with the cached canonical fields laid over them, in `finish_quotes` order."""
    names = ", ".join(f"q.{name}" for name in QUOTE_FIELDS if name not in DERIVED_FIELDS)
    derived = ", ".join(f"c.{name}" for name in DERIVED_FIELDS)
    rows = conn.execute(f"SELECT {names}, {derived} FROM quotes q JOIN canonical c USING (article_id, seq) "
                        "ORDER BY q.article_id, q.seq")
    order = [name for name in QUOTE_FIELDS if name not in DERIVED_FIELDS] + list(DERIVED_FIELDS)
    quotes = [Quote(**dict(zip(order, row, strict=True))) for row in rows]
    return sorted(quotes, key=lambda q: (q.article_id, q.start, q.end))


# -- the cached cross-article state -------------------------------------------------------------------------


def refresh(conn: sqlite3.Connection, registry: list | None = None, *, force: bool = False) -> None:
    """Recompute canonical speakers and clusters over every stored quote and cache them (one transaction);
    nothing to do when the cache is fresh for this registry, unless `force`."""
    from .pipeline import finish_quotes

    with _transaction(conn):
        if _cache_fresh(conn, registry) and not force:
            return
        stored = _stored_rows(conn)
        finished = finish_quotes([q for _, q in stored], registry)
        conn.execute("DELETE FROM canonical")
        conn.execute("DELETE FROM aliases")
        conn.execute("DELETE FROM speakers")
        conn.execute("DELETE FROM clusters")
        conn.executemany(f"INSERT INTO canonical VALUES ({_marks(2 + len(DERIVED_FIELDS))})",
                         [(*key, *(getattr(q, name) for name in DERIVED_FIELDS))
                          for key, q in _match(stored, finished)])
        _write_speakers(conn, finished)
        _write_clusters(conn, finished)
        _set_meta(conn, "derived_version", _meta(conn, "data_version", "0"))
        _set_meta(conn, "derived_registry", _fingerprint(registry))


def _match(stored: Sequence[tuple[tuple[str, int], Quote]], finished: Sequence[Quote]
           ) -> Iterator[tuple[tuple[str, int], Quote]]:
    """Pair each finished quote with its stored row: `finish_quotes` reorders stably, so the n-th quote with
    a given quote_id is the n-th stored row with that id."""
    rows: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for key, q in stored:
        rows[q.quote_id].append(key)
    taken: Counter = Counter()
    for q in finished:
        qid = q.quote_id
        yield rows[qid][taken[qid]], q
        taken[qid] += 1


def _write_speakers(conn: sqlite3.Connection, quotes: Sequence[Quote]) -> None:
    by_speaker: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        if q.speaker:
            by_speaker[q.speaker].append(q)
    conn.executemany("INSERT INTO speakers VALUES (?, ?, ?, ?)",
                     [(name, _most_common(q.speaker_type for q in group), _most_common(q.speaker_id for q in group),
                       len(group)) for name, group in sorted(by_speaker.items())])
    conn.executemany("INSERT INTO aliases VALUES (?, ?)",
                     sorted({(q.speaker, q.speaker_mention) for q in quotes if q.speaker and q.speaker_mention}))


def _write_clusters(conn: sqlite3.Connection, quotes: Sequence[Quote]) -> None:
    by_cluster: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        by_cluster[q.cluster_id or q.quote_id].append(q)
    conn.executemany("INSERT INTO clusters (cluster_id, speaker, n_quotes, n_sources) VALUES (?, ?, ?, ?)",
                     [(cid, _most_common(q.speaker for q in group), len(group), len({q.source for q in group} - {""}))
                      for cid, group in sorted(by_cluster.items())])


def _most_common(values: Iterable[str]) -> str:
    """The most frequent non-empty value (ties: alphabetically first), else ""."""
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else ""
