"""Browse a ledger database in a web browser: Datasette over the SQLite store, read-only.

The database is opened immutable, so serving never writes it (no journal, no lock, no checkpoint). What
makes it worth browsing is in the store itself (see `quotes.store`: full-text index, `quotes_view`,
indexes); what Datasette shows about it — titles, a description per column, default facets and sort, canned
queries — is `quotes/data/datasette.json`, fitted here to the columns the database actually has.
Datasette is an optional extra (`quotes[serve]`), imported only when serving.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError, MissingExtra
from .store import SCHEMA_VERSION, VIEW

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "check_servable", "datasette_metadata", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001
INSTALL_HINT = "quotes serve needs Datasette, in the optional extra quotes[serve]: pip install 'quotes[serve]'"
# Facets over the view and the canned queries (which group whole clusters) are what reach Datasette's time
# limits first on a large ledger, so they get more time than its defaults (200 ms a facet, 1 s a query);
# suggested facets, tried on every column of every page, are noise here and cost time.
SETTINGS = {"facet_time_limit_ms": 1000, "sql_time_limit_ms": 5000, "suggest_facets": False}
STATIC = "quotes-static"  # where quotes/data/ is served, for the stylesheet
WORDING_MARK = "/*wording*/"  # where the wording columns go in a canned query, when the database has them


def _open_readonly(db_path: Path) -> sqlite3.Connection:
    """A connection that cannot write the file, nor create files beside it."""
    return sqlite3.connect(f"{db_path.resolve().as_uri()}?immutable=1", uri=True)


def check_servable(db_path: str | Path) -> None:
    """Raise InputError when the file is no ledger database at this schema version, or is being written."""
    path = Path(db_path)
    if not path.is_file():
        raise InputError(f"no ledger database at {path}: create one with `quotes add PATH... --db {path}`")
    wal = Path(f"{path}-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        # An immutable reader ignores the write-ahead log: it would show a stale or torn snapshot.
        raise InputError(f"{path} is being written (or a write was interrupted: {wal.name} is not empty): wait for "
                         f"`quotes add` to finish, or run `quotes export --db {path} -o /dev/null` once to fold it in")
    try:
        conn = _open_readonly(path)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            application = conn.execute("SELECT value FROM meta WHERE key = 'application'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{path} is not a quotes ledger database ({exc})") from exc
    if application is None or application[0] != "quotes":
        raise InputError(f"{path} is not a quotes ledger database: make one with `quotes add PATH... --db {path}`")
    if version < SCHEMA_VERSION:
        raise InputError(f"{path} was made by an older quotes (schema version {version}, serving needs "
                         f"{SCHEMA_VERSION}): upgrade it in place, nothing lost, with `quotes add PATH... --db {path}` "
                         "(articles already stored are not parsed again)")
    if version > SCHEMA_VERSION:
        raise InputError(f"{path} has schema version {version}, newer than this quotes ({SCHEMA_VERSION}): upgrade quotes")


def _columns(db_path: Path) -> dict[str, list[str]]:
    """Table and view name -> column names, as the database has them."""
    conn = _open_readonly(db_path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
        return {name: [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')] for name in names}
    finally:
        conn.close()


def _shipped() -> dict[str, Any]:
    return json.loads(resources.files("quotes").joinpath("data/datasette.json").read_text(encoding="utf-8"))


def datasette_metadata(db_path: str | Path) -> dict[str, Any]:
    """Datasette's metadata for this database: the shipped metadata, with column descriptions for the columns
    each table has and the wording columns in the canned queries when the quotes carry them."""
    path = Path(db_path)
    shipped = _shipped()
    columns = _columns(path)
    described = shipped["columns"]
    tables = {}
    for name, table in shipped["tables"].items():
        if name not in columns:
            continue
        table = dict(table)
        if not table.get("hidden"):
            table["columns"] = {c: described[c] for c in columns[name] if c in described}
        tables[name] = table
    wording = [c for c in ("wording", "wording_diff") if c in columns.get(VIEW, ())]
    queries = {}
    for name, query in shipped["queries"].items():
        sql = query["sql"].replace(WORDING_MARK, "".join(f", {c}" for c in wording))
        queries[name] = {**query, "sql": sql}
    database = {"title": shipped["title"], "description": shipped["description"], "tables": tables,
                "queries": queries}
    return {"title": shipped["title"], "extra_css_urls": [f"/{STATIC}/datasette.css"],
            "databases": {database_name(path): database}}


def database_name(db_path: str | Path) -> str:
    """The name Datasette gives the database (its file name without extension): the first part of its URLs."""
    return Path(db_path).stem


def _datasette_class() -> type:
    try:
        from datasette.app import Datasette
    except ImportError as exc:
        raise MissingExtra(INSTALL_HINT) from exc
    return Datasette


def serve(db_path: str | Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          on_ready: Callable[[str], None] | None = None) -> None:
    """Serve the ledger database with Datasette until interrupted; `on_ready` gets the address of the quotes
    view first. Raises MissingExtra without Datasette, InputError for a database it cannot serve."""
    path = Path(db_path)
    datasette = _datasette_class()  # first: without the extra, nothing else is worth saying
    check_servable(path)
    data = str(resources.files("quotes").joinpath("data"))
    ds = datasette(immutables=[str(path)], metadata=datasette_metadata(path), settings=SETTINGS,
                   static_mounts=[(STATIC, data)])
    import asyncio

    import uvicorn

    asyncio.run(ds.invoke_startup())
    if on_ready is not None:
        shown = f"[{host}]" if ":" in host else host
        on_ready(f"http://{shown}:{port}/{database_name(path)}/{VIEW}")
    # Datasette's own log lines are access logs: keep standard error for our messages.
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
