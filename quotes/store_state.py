"""The ledger database's cached cross-article state: canonical speakers, aliases and clusters over every stored
quote, recomputed after an add (`refresh`) and used by an export while no batch was committed since."""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence

from .records import Quote
from .store_schema import DERIVED_FIELDS, QUOTE_FIELDS, _marks, _meta, _set_meta, _stored_rows, _transaction


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
