"""Quote records kept on disk between the per-article steps and the output, so a run's memory stays flat.

A run streams each article's records into a `Spill` (a private SQLite file in a temporary folder, deleted when
the spill is closed) and keeps in memory only what the cross-article steps need between their passes: the
spellings of each speaker name (`CanonicalNames`) and, while clusters are computed, one speaker's records at a
time plus the unattributed ones (`cluster.Clusters`). The finished records are then read back in output order
(`article_id`, `start`, `end`, `quote_id`) or speaker by speaker, for the ledger.

    spill = Spill(registry)
    for found in per_article_records:
        spill.add(found)
    spill.finish()                     # canonical names, clusters, then wording drift
    for quote in spill.quotes():       # in output order, with speaker and cluster_id set
        ...
    spill.close()

The file holds pickled tuples: it is written and read by this process only and removed with its folder, so
nothing outside the run ever reads it. Disk use is about 1 KB per record.
"""

from __future__ import annotations

import pickle
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from .cluster import Clusters, Words, _gc_paused, normalise, speaker_key
from .errors import OutputError, QuotesError
from .litter import remove_stale_spills, spill_prefix
from .records import QUOTE_COLUMNS, Quote, quote_from_fields, quote_to_fields
from .resolve import CanonicalNames
from .wording_statements import link_variant, statement_wording

__all__ = ["Spill"]

BATCH = 2000  # rows written per transaction
ADVICE = ("the command line keeps a run's records there (about 1 KB per quote): free some space, or point TMPDIR at "
          "a folder with room")


class Spill:
    """Records of one run on disk: `add` per article, `finish` once, then read them back."""

    def __init__(self, registry: list | None = None, folder: str | Path | None = None):
        remove_stale_spills(folder or tempfile.gettempdir())
        try:
            self._dir = tempfile.mkdtemp(prefix=spill_prefix(), dir=folder)
        except OSError as exc:
            raise OutputError(f"cannot create the run's spill folder in {folder or tempfile.gettempdir()} "
                              f"({exc.strerror or exc}): {ADVICE}") from exc
        self.path = Path(self._dir) / "records.sqlite3"
        self._conn = None
        try:
            self._open()
        except BaseException:
            self.close()
            raise
        self.names = CanonicalNames(registry)
        self._pending: list[tuple[bytes]] = []
        self.count = 0
        self._merges: dict[str, str] | None = None

    def _open(self) -> None:
        with self._errors():
            self._conn = sqlite3.connect(self.path, isolation_level=None)
            for pragma in ("journal_mode = OFF", "synchronous = OFF", "temp_store = FILE", "cache_size = -16000"):
                self._conn.execute(f"PRAGMA {pragma}")
            self._conn.execute("CREATE TABLE raw (seq INTEGER PRIMARY KEY, data BLOB NOT NULL)")
            self._conn.execute("CREATE TABLE final (seq INTEGER PRIMARY KEY, skey TEXT NOT NULL, "
                               "speaker TEXT NOT NULL, article_id TEXT NOT NULL, start INTEGER NOT NULL, "
                               "end_ INTEGER NOT NULL, qid TEXT NOT NULL, data BLOB NOT NULL, words BLOB NOT NULL)")
            self._conn.execute("CREATE TABLE labels (seq INTEGER PRIMARY KEY, cluster TEXT NOT NULL)")

    # -- in -------------------------------------------------------------------------------------------------

    def add(self, quotes: Iterable[Quote]) -> None:
        """Append one article's records (before the cross-article steps)."""
        if self._merges is not None:
            raise RuntimeError("records added after finish()")
        for q in quotes:
            self.names.observe(q)
            self._pending.append((pickle.dumps(quote_to_fields(q), protocol=pickle.HIGHEST_PROTOCOL),))
            self.count += 1
        if len(self._pending) >= BATCH:
            self._flush_raw()

    def _flush_raw(self) -> None:
        if self._pending:
            self._write("INSERT INTO raw (data) VALUES (?)", self._pending)
            self._pending = []

    def _write(self, sql: str, rows: list[tuple]) -> None:
        with self._errors():
            self._conn.execute("BEGIN")
            self._conn.executemany(sql, rows)
            self._conn.execute("COMMIT")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """SQLite errors on the spill file (a full disk, most likely) as one clear `OutputError`."""
        try:
            yield
        except sqlite3.Error as exc:
            raise OutputError(f"cannot write the run's spill file {self.path} ({exc}): {ADVICE}") from exc

    # -- the cross-article steps ------------------------------------------------------------------------------

    def finish(self) -> None:
        """Canonical speaker names, then statement clusters, over every record added."""
        self._flush_raw()
        with self._errors():
            self._canonical()
            with _gc_paused():
                merges, variants = self._cluster()
            self._conn.execute("CREATE INDEX final_order ON final (article_id, start, end_, qid)")
            self._wording(merges, variants)
        self._merges = merges

    def _canonical(self) -> None:
        """Copy every record to `final` with its canonical speaker and its normalised words."""
        rows: list[tuple] = []
        for seq, blob in self._conn.execute("SELECT seq, data FROM raw ORDER BY seq"):
            q = self.names.apply(quote_from_fields(pickle.loads(blob)))
            words = normalise(q.text)
            rows.append((seq, speaker_key(q.speaker), q.speaker, q.article_id, q.start, q.end, q.quote_id,
                         pickle.dumps(quote_to_fields(q), protocol=pickle.HIGHEST_PROTOCOL),
                         pickle.dumps((words.seq, words.marked, words.joins), protocol=pickle.HIGHEST_PROTOCOL)))
            if len(rows) >= BATCH:
                self._write("INSERT INTO final VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
                rows = []
        self._write("INSERT INTO final VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        self._conn.execute("DROP TABLE raw")
        self._conn.execute("CREATE INDEX final_speaker_key ON final (skey)")

    def _speakers(self) -> Iterator[tuple[str, list[tuple[int, str, Words]]]]:
        """(speaker key, its records as cluster items), one named speaker at a time."""
        current: str | None = None
        items: list[tuple[int, str, Words]] = []
        for seq, skey, qid, words in self._conn.execute(
                "SELECT seq, skey, qid, words FROM final WHERE skey != '' ORDER BY skey, seq"):
            if skey != current:
                if items:
                    yield current, items
                current, items = skey, []
            items.append((seq, qid, Words(*pickle.loads(words))))
        if items:
            yield current, items

    def _cluster(self) -> tuple[dict[str, str], list[tuple[list, list]]]:
        unattributed = [(seq, qid, Words(*pickle.loads(words))) for seq, qid, words in
                        self._conn.execute("SELECT seq, qid, words FROM final WHERE skey = '' ORDER BY seq")]
        clusters = Clusters(unattributed)
        labels: list[tuple[int, str]] = list(clusters.unattributed_labels())
        for skey, items in self._speakers():
            labels.extend(clusters.add_speaker(skey, items))
            if len(labels) >= BATCH:
                self._write("INSERT INTO labels VALUES (?, ?)", labels)
                labels = []
        self._write("INSERT INTO labels VALUES (?, ?)", labels)
        if not clusters.needs_second_pass:
            return {}, clusters.variants
        for skey, items in self._speakers():
            clusters.add_speaker_again(skey, items)
        self._conn.execute("CREATE INDEX final_qid ON final (qid)")

        def label_of(qid: str) -> str:
            return self._conn.execute("SELECT cluster FROM labels JOIN final USING (seq) WHERE qid = ?",
                                      (qid,)).fetchone()[0]

        return clusters.merges(label_of), clusters.variants

    def _wording(self, merges: dict[str, str], variants: list[tuple[list, list]]) -> None:
        """Fill the table `drift` (quotes.wording): one statement (final cluster) in memory at a time, then the
        variants kept apart by clustering."""
        self._conn.execute("CREATE TABLE drift (seq INTEGER PRIMARY KEY, wording TEXT, diff TEXT, variant_of TEXT)")
        self._conn.create_function("quotes_final", 1, lambda first: merges.get(first, first), deterministic=True)
        rows: list[tuple] = []
        group: list[Quote] = []
        seqs: dict[str, int] = {}
        current = None

        def flush() -> None:
            if len(group) > 1:
                rows.extend((seqs[qid], d.wording, d.diff, d.variant_of) for qid, d in statement_wording(group).items())

        for seq, blob, cluster in self._conn.execute(
                "SELECT f.seq, f.data, quotes_final(l.cluster) AS c FROM final f JOIN labels l USING (seq) "
                "ORDER BY c, f.seq"):
            if cluster != current:
                flush()
                group, seqs, current = [], {}, cluster
            q = quote_from_fields(pickle.loads(blob))
            group.append(q)
            seqs[q.quote_id] = seq
        flush()
        linked: dict[int, tuple] = {}

        def records(side: list) -> list[tuple[int, Quote]]:
            return [(seq, quote_from_fields(pickle.loads(self._conn.execute(
                "SELECT data FROM final WHERE seq = ?", (seq,)).fetchone()[0]))) for seq in side]

        pairs = [(records(a), records(b)) for a, b in variants]
        for side_a, side_b in sorted(pairs, key=lambda p: sorted(q.quote_id for _, q in (*p[0], *p[1]))):
            by_qid = {q.quote_id: seq for seq, q in (*side_a, *side_b)}
            found = link_variant([q for _, q in side_a], [q for _, q in side_b])
            for qid, d in found.items():
                linked.setdefault(by_qid[qid], (by_qid[qid], d.wording, d.diff, d.variant_of))
        self._write("INSERT OR REPLACE INTO drift VALUES (?, ?, ?, ?)", rows + list(linked.values()))

    # -- out ------------------------------------------------------------------------------------------------

    def quotes(self, keep: Callable[[Quote], bool] | None = None, sort: str | None = None) -> Iterator[Quote]:
        """The finished records that pass `keep`, ordered by article_id, start, end and quote_id, or by the
        column `sort` (numbers descending, text ascending ignoring case, missing values last; ties in that
        order). Sorting happens in the file: memory stays flat."""
        if sort is None:
            records = self._read("ORDER BY f.article_id, f.start, f.end_, f.qid")
            yield from records if keep is None else filter(keep, records)
            return
        with self._errors():
            self._sort(keep, sort)
        yield from self._read("JOIN sorted s USING (seq) ORDER BY s.missing, s.key, s.rank")

    def _sort(self, keep: Callable[[Quote], bool] | None, column: str) -> None:
        """Fill the table `sorted` with (seq, missing, key, rank) for the records that pass `keep`."""
        from .table import FLOAT_COLUMNS, INT_COLUMNS

        if column not in QUOTE_COLUMNS:
            raise QuotesError(f"cannot sort by {column!r}: choose one of {', '.join(QUOTE_COLUMNS)}")
        numeric = column in INT_COLUMNS + FLOAT_COLUMNS
        merges = self._merges or {}

        def record(blob: bytes, first: str, wording: str | None, diff: str | None, variant_of: str | None) -> Quote:
            return quote_from_fields(pickle.loads(blob), cluster_id=merges.get(first, first), wording=wording or "",
                                     wording_diff=diff or "", variant_of=variant_of or "")

        def sort_key(*values) -> object:
            value = record(*values).to_row()[column]
            if value is None or value == "":
                return None
            return -float(value) if numeric else str(value).casefold()

        def passes(*values) -> int:
            return 1 if keep is None or keep(record(*values)) else 0

        self._conn.create_function("quotes_key", 5, sort_key, deterministic=True)
        self._conn.create_function("quotes_keep", 5, passes, deterministic=True)
        self._conn.execute("DROP TABLE IF EXISTS sorted")
        self._conn.execute("CREATE TABLE sorted (seq INTEGER PRIMARY KEY, missing INTEGER, key, rank INTEGER)")
        self._conn.execute(
            "INSERT INTO sorted SELECT seq, k IS NULL, k, rank FROM ("
            " SELECT f.seq AS seq, quotes_key(f.data, l.cluster, d.wording, d.diff, d.variant_of) AS k,"
            " row_number() OVER (ORDER BY f.article_id, f.start, f.end_, f.qid) AS rank"
            " FROM final f JOIN labels l USING (seq) LEFT JOIN drift d USING (seq)"
            " WHERE quotes_keep(f.data, l.cluster, d.wording, d.diff, d.variant_of))")

    def quotes_by_speaker(self) -> Iterator[Quote]:
        """Every finished record with a speaker, grouped by canonical speaker (in output order within each)."""
        with self._errors():
            self._conn.execute("CREATE INDEX IF NOT EXISTS final_by_speaker ON final (speaker, article_id, start, "
                               "end_, qid)")
        yield from self._read("WHERE f.speaker != '' ORDER BY f.speaker, f.article_id, f.start, f.end_, f.qid")

    def _read(self, tail: str) -> Iterator[Quote]:
        if self._merges is None:
            raise RuntimeError("finish() the spill before reading it")
        merges = self._merges
        cursor = self._conn.execute("SELECT f.data, l.cluster, d.wording, d.diff, d.variant_of FROM final f "
                                    f"JOIN labels l USING (seq) LEFT JOIN drift d USING (seq) {tail}")
        for blob, first, wording, diff, variant_of in cursor:
            yield quote_from_fields(pickle.loads(blob), cluster_id=merges.get(first, first), wording=wording or "",
                                    wording_diff=diff or "", variant_of=variant_of or "")

    def __len__(self) -> int:
        return self.count

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
