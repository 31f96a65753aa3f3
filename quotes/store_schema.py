"""The ledger database's schema: tables, migrations (PRAGMA user_version), the browsing view, connections and
transactions (quotes.store adds and reads articles through them)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import MISSING, fields
from pathlib import Path

from .errors import InputError, OutputError, QuotesError
from .records import Quote

BUSY_TIMEOUT_MS = 60_000


# Quote fields kept per article; `extra` is the rules' scratch space, never output.
QUOTE_FIELDS = tuple(f.name for f in fields(Quote) if f.name != "extra")


# Filled by the cross-article steps; stored per article as resolve_article left them, overlaid on export.
DERIVED_FIELDS = ("speaker", "speaker_type", "speaker_role", "speaker_id", "cluster_id", "wording", "wording_diff",
                  "variant_of")


ARTICLE_FIELDS = ("article_id", "source", "url", "title", "published", "text", "text_hash", "origin", "added_at")


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


def _v4(conn: sqlite3.Connection) -> None:
    """Version 4: the cached wording drift of each quote (quotes.wording); the cached state is recomputed."""
    for name in ("wording", "wording_diff", "variant_of"):
        conn.execute(f"ALTER TABLE canonical ADD COLUMN {name} TEXT NOT NULL DEFAULT ''")
    conn.execute("DELETE FROM canonical")
    conn.execute("UPDATE meta SET value = '' WHERE key = 'derived_version'")


# MIGRATIONS[n] takes a database from version n to n + 1 (version 0: empty). Append, never edit.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2, _v3, _v4)


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


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _stored_rows(conn: sqlite3.Connection) -> list[tuple[tuple[str, int], Quote]]:
    """((article_id, seq), quote) for every stored quote, by article and extraction order."""
    rows = conn.execute(f"SELECT seq, {', '.join(QUOTE_FIELDS)} FROM quotes ORDER BY article_id, seq")
    out = []
    for seq, *values in rows:
        q = Quote(**dict(zip(QUOTE_FIELDS, values, strict=True)))
        out.append(((q.article_id, seq), q))
    return out
