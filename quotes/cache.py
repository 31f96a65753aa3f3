"""A local cache of parses and per-article extractions, so a re-run never parses or extracts the same text twice.

Two kinds of entries live in one SQLite database (`cache.sqlite3` in the cache folder, write-ahead logging, so
concurrent runs and readers do not block each other):

- `parse`: the neutral `ParsedDoc` of a text, keyed by (text hash, parser label with model and version, version
  of the parse code). A change to the rules then re-extracts from the stored parse without re-parsing.
- `extract`: an article's quotes after extract + in-article resolution, before the cross-article steps
  (canonical names, clusters), keyed by (article id, text hash, parser label, code version of the rules).

The code version is the package version plus a hash of the source and data files the result depends on, so an
edited rule, a new cue list or an upgraded quotes never reads a stale entry. Entries are compact JSON, zlib
compressed (no pickle: a tampered cache cannot run code). An entry that cannot be read back is dropped and
recomputed; a cache that cannot be opened or written (locked too long, read-only, not a database) is switched
off for the rest of the run with one warning, never failing the run.

The folder is `--cache DIR`, else `$QUOTES_CACHE_DIR`, else `$XDG_CACHE_HOME/quotes`, else `~/.cache/quotes`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Self

from .errors import OutputError
from .parse.doc import Entity, ParsedDoc, Sentence, Token
from .records import Quote
from .version import __version__

__all__ = ["DB_NAME", "Cache", "CacheInfo", "code_version", "default_cache_dir", "open_cache", "parse_version"]

log = logging.getLogger("quotes")

DB_NAME = "cache.sqlite3"
BUSY_TIMEOUT_S = 30.0
COMMIT_EVERY = 64  # entries written per transaction (a killed run loses at most these, never corrupts)
QUOTE_FIELDS = tuple(f.name for f in fields(Quote) if f.name != "extra")
TOKEN_FIELDS = tuple(f.name for f in fields(Token))
PACKAGE = Path(__file__).resolve().parent
# What each kind of entry depends on, besides the package version (globs relative to the package folder).
PARSE_SOURCES = ("parse/*.py", "text.py")
EXTRACT_SOURCES = ("extract/*.py", "resolve.py", "resolve/*.py", "text.py", "records.py", "parse/doc.py", "data/*")


def default_cache_dir() -> Path:
    """$QUOTES_CACHE_DIR, else $XDG_CACHE_HOME/quotes, else ~/.cache/quotes."""
    explicit = os.environ.get("QUOTES_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "quotes"


def _sources_hash(patterns: Iterable[str]) -> str:
    digest = hashlib.sha1()
    for pattern in patterns:
        for path in sorted(PACKAGE.glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def code_version() -> str:
    """Version of the per-article rules: package version + hash of the extract/resolve sources and data."""
    return f"{__version__}+{_sources_hash(EXTRACT_SOURCES)}"


@lru_cache(maxsize=1)
def parse_version() -> str:
    """Version of the parse code (backends, chunking, the UD adapter): package version + hash of its sources."""
    return f"{__version__}+{_sources_hash(PARSE_SOURCES)}"


def _key(*parts: str) -> str:
    return hashlib.sha1("\0".join(parts).encode("utf-8")).hexdigest()


def parse_key(text_hash: str, parser_label: str) -> str:
    return _key("parse", text_hash, parser_label, parse_version())


def extract_key(article_id: str, text_hash: str, parser_label: str) -> str:
    return _key("extract", article_id, text_hash, parser_label, parse_version(), code_version())


# -- encoding ------------------------------------------------------------------------------------------------


def _pack(value: object) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def _unpack(blob: bytes) -> object:
    return json.loads(zlib.decompress(blob).decode("utf-8"))


def encode_quotes(quotes: Iterable[Quote]) -> bytes:
    return _pack([[getattr(q, name) for name in QUOTE_FIELDS] for q in quotes])


def decode_quotes(blob: bytes) -> list[Quote]:
    rows = _unpack(blob)
    return [Quote(**dict(zip(QUOTE_FIELDS, row, strict=True))) for row in rows]  # type: ignore[union-attr]


def encode_doc(doc: ParsedDoc) -> bytes:
    """The parse without its text (the article has it): tokens, sentences and entities as rows."""
    return _pack({
        "parser": doc.parser,
        "n_chars": len(doc.text),
        "tokens": [[getattr(t, name) for name in TOKEN_FIELDS] for t in doc.tokens],
        "sents": [[s.first, s.last, s.start, s.end] for s in doc.sents],
        "ents": [[e.first, e.last, e.label, e.start, e.end] for e in doc.ents],
    })


def decode_doc(blob: bytes, text: str) -> ParsedDoc:
    data = _unpack(blob)
    if not isinstance(data, dict) or data.get("n_chars") != len(text):
        raise ValueError("parse entry does not belong to this text")
    tokens = [Token(*row) for row in data["tokens"]]
    if tokens and tokens[-1].end > len(text):
        raise ValueError("parse entry has offsets past the text")
    return ParsedDoc(text=text, tokens=tokens, sents=[Sentence(*row) for row in data["sents"]],
                     parser=data["parser"], ents=[Entity(*row) for row in data["ents"]])


_ENTRY_ERRORS = (zlib.error, ValueError, TypeError, KeyError, IndexError, UnicodeDecodeError)


# -- the store -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CacheInfo:
    """What `quotes cache info` shows."""

    location: Path
    entries: int
    parses: int
    extractions: int
    size_bytes: int


class Cache:
    """Parses and per-article extractions in `folder/cache.sqlite3`. Every method is safe to call after the cache
    was switched off (it then misses and stores nothing)."""

    def __init__(self, folder: str | Path, on_warning: Callable[[str], None] | None = None):
        self.folder = Path(folder).expanduser()
        self.path = self.folder / DB_NAME
        self.on_warning = on_warning
        self.hits = self.misses = 0
        self._buffer: dict[str, tuple[str, bytes] | None] = {}
        self._conn: sqlite3.Connection | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._conn = _connect(self.path)
        except (OSError, sqlite3.Error) as exc:
            self._off(f"cannot open the cache in {self.folder} ({exc}); running without it")

    @property
    def enabled(self) -> bool:
        return self._conn is not None

    def _off(self, message: str) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None
        (self.on_warning or log.warning)(message)

    # -- entries ---------------------------------------------------------------------------------------------

    def _get(self, key: str) -> bytes | None:
        if key in self._buffer:
            entry = self._buffer[key]
            return entry[1] if entry is not None else None
        if self._conn is None:
            return None
        try:
            row = self._conn.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._off(f"cache read failed ({exc}); running without the cache")
            return None
        return row[0] if row is not None else None

    def _put(self, key: str, kind: str, blob: bytes | None) -> None:
        """Buffer a write (None: a removal); buffered writes go to the database in one short transaction."""
        if self._conn is None:
            return
        self._buffer[key] = (kind, blob) if blob is not None else None
        if len(self._buffer) >= COMMIT_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the buffered entries (one transaction, so concurrent runs wait for milliseconds, not a batch)."""
        if self._conn is None or not self._buffer:
            self._buffer.clear()
            return
        now = time.time()
        puts = [(key, kind, blob, now) for key, entry in self._buffer.items() if entry is not None
                for kind, blob in [entry]]
        drops = [(key,) for key, entry in self._buffer.items() if entry is None]
        self._buffer.clear()
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany("INSERT OR REPLACE INTO entries (key, kind, value, created) VALUES (?, ?, ?, ?)",
                                       puts)
                self._conn.executemany("DELETE FROM entries WHERE key = ?", drops)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._off(f"cache write failed ({exc}); running without the cache")

    def get_quotes(self, article_id: str, text_hash: str, parser_label: str) -> list[Quote] | None:
        """An article's stored per-article quotes, or None (a miss; an unreadable entry is dropped)."""
        key = extract_key(article_id, text_hash, parser_label)
        blob = self._get(key)
        if blob is not None:
            try:
                quotes = decode_quotes(blob)
            except _ENTRY_ERRORS:
                self._put(key, "extract", None)
            else:
                self.hits += 1
                return quotes
        self.misses += 1
        return None

    def put_quotes(self, article_id: str, text_hash: str, parser_label: str, quotes: Iterable[Quote]) -> None:
        self._put(extract_key(article_id, text_hash, parser_label), "extract", encode_quotes(quotes))

    def get_doc(self, text: str, text_hash: str, parser_label: str) -> ParsedDoc | None:
        """The stored parse of `text`, or None."""
        key = parse_key(text_hash, parser_label)
        blob = self._get(key)
        if blob is None:
            return None
        try:
            return decode_doc(blob, text)
        except _ENTRY_ERRORS:
            self._put(key, "parse", None)
            return None

    def put_doc(self, text_hash: str, parser_label: str, doc: ParsedDoc) -> None:
        self._put(parse_key(text_hash, parser_label), "parse", encode_doc(doc))

    # -- whole cache -----------------------------------------------------------------------------------------

    def close(self) -> None:
        self.flush()
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, kind TEXT NOT NULL, "
                     "value BLOB NOT NULL, created REAL NOT NULL)")
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def open_cache(cache: bool | str | Path | Cache | None,
               on_warning: Callable[[str], None] | None = None) -> Cache | None:
    """A `Cache` from a run option: None/False (no cache), True (the default folder), a folder, or a Cache."""
    if cache is None or cache is False:
        return None
    if isinstance(cache, Cache):
        return cache
    return Cache(default_cache_dir() if cache is True else cache, on_warning=on_warning)


def cache_info(folder: str | Path | None = None) -> CacheInfo:
    """Location, number of entries (parses, extractions) and size on disk of the cache in `folder`."""
    folder = Path(folder).expanduser() if folder is not None else default_cache_dir()
    path = folder / DB_NAME
    if not path.is_file():
        return CacheInfo(folder, 0, 0, 0, 0)
    size = sum(p.stat().st_size for p in folder.glob(DB_NAME + "*") if p.is_file())
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            counts = dict(conn.execute("SELECT kind, count(*) FROM entries GROUP BY kind").fetchall())
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise OutputError(f"cannot read the cache {path} ({exc}): `quotes cache clear` removes it") from exc
    parses, extractions = counts.get("parse", 0), counts.get("extract", 0)
    return CacheInfo(folder, parses + extractions, parses, extractions, size)


PAGES_FOLDER = "pages"  # downloaded web pages (quotes.ingest.urls.pages), kept beside the database


def clear_cache(folder: str | Path | None = None) -> int:
    """Remove the cache database and the downloaded pages in `folder` (other files there are left alone); returns
    the bytes freed."""
    folder = Path(folder).expanduser() if folder is not None else default_cache_dir()
    freed = 0
    pages = sorted((folder / PAGES_FOLDER).glob("*")) if (folder / PAGES_FOLDER).is_dir() else []
    for path in [*folder.glob(DB_NAME + "*"), *(p for p in pages if p.is_file())]:  # with -wal / -shm files
        try:
            size = path.stat().st_size
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise OutputError(f"cannot remove {path} ({exc})") from exc
        freed += size
    return freed


__all__ += [
    "cache_info",
    "clear_cache",
    "decode_doc",
    "decode_quotes",
    "encode_doc",
    "encode_quotes",
    "extract_key",
    "parse_key",
]
