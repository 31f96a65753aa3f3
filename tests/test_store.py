"""The persistent ledger store: incremental, idempotent adds, exports equal to one-shot runs, crash safety,
snapshot reads and schema migrations, on real spaCy parses of the seeds and of small texts written here."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd
import pandas.testing as pdt
import pytest

from quotes import store
from quotes.errors import InputError, QuotesError
from quotes.ledger import build_ledger, quotes_frame
from quotes.parse import get_parser
from quotes.pipeline import process_articles, run
from quotes.records import Article, Failure

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_000 = SEEDS / "000_61ee1e0ecee5cb35.txt"
SEED_004 = SEEDS / "004_6ed5b738ce4caafa.txt"

KIM_A = Article("kim-a", "North Korean leader Kim Jong Un said on Monday that the country would never give up its "
                "nuclear weapons programme. \"We will keep building our deterrent for as long as the threat "
                "remains,\" Kim said.\n\nThe Foreign Ministry said the talks had stalled.",
                source="Wire", published="2024-01-02", origin="kim-a.txt")
KIM_B = Article("kim-b", "\"We will keep building our nuclear deterrent for as long as the threat remains,\" Kim "
                "Jong-un told party officials. Analysts said the remarks were expected.\n\n\"This is nothing new,\" "
                "said Anna Berg, a researcher at the Lund Institute.",
                source="Daily", published="2024-01-03", origin="kim-b.txt")
HARBOUR = Article("harbour", "\"The new harbour will open in the spring,\" Mayor Lena Dahl told reporters on Tuesday. "
                  "The port authority said the dredging was finished.", source="Coast News", origin="harbour.txt")


def frame(quotes) -> pd.DataFrame:
    return quotes_frame(quotes)


def counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        return (conn.execute("SELECT count(*) FROM articles").fetchone()[0],
                conn.execute("SELECT count(*) FROM quotes").fetchone()[0])


# -- seeds: incremental adds equal one-shot runs ------------------------------------------------------------


@pytest.fixture(scope="module")
def one_shot():
    return run([SEEDS], parser="spacy", jobs=1)


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "ledger.db"
    reports = [store.add(db, [path], parser="spacy", jobs=1) for path in (SEED_000, SEED_004, SEEDS)]
    return db, reports


def test_adds_report_new_then_nothing_new(seeds_db):
    _, (first, second, third) = seeds_db
    assert (first.new_articles, first.unchanged, first.replaced) == (1, 0, 0)
    assert (second.new_articles, second.unchanged, second.replaced) == (1, 0, 0)
    assert first.new_quotes > 0 and second.new_quotes > 0
    assert (third.new_articles, third.unchanged, third.replaced, third.new_quotes) == (0, 2, 0, 0)
    assert third.parser_label == ""  # nothing to parse: the parser was never loaded
    assert all(r.ok for r in (first, second, third))


def test_incremental_ledger_equals_one_shot(seeds_db, one_shot):
    db, _ = seeds_db
    exported = frame(store.export_quotes(db))
    pdt.assert_frame_equal(build_ledger(exported), build_ledger(frame(one_shot.quotes)))


def test_incremental_extract_equals_one_shot(seeds_db, one_shot):
    db, (first, second, _) = seeds_db
    exported = frame(store.export_quotes(db))
    pdt.assert_frame_equal(exported, frame(one_shot.quotes))
    assert len(exported) == first.new_quotes + second.new_quotes == counts(db)[1]


def test_recomputed_export_equals_cached_export(seeds_db, one_shot):
    db, _ = seeds_db
    conn = store.connect(db)
    try:
        conn.execute("UPDATE meta SET value = 'stale' WHERE key = 'derived_version'")
        recomputed = frame(store.export_quotes(db))  # the cache is stale: computed from the stored quotes
        store.refresh(conn)
    finally:
        conn.close()
    pdt.assert_frame_equal(recomputed, frame(one_shot.quotes))
    pdt.assert_frame_equal(frame(store.export_quotes(db)), recomputed)


def test_cached_tables_hold_speakers_aliases_and_clusters(seeds_db, one_shot):
    db, _ = seeds_db
    with sqlite3.connect(db) as conn:
        speakers = dict(conn.execute("SELECT speaker, n_quotes FROM speakers").fetchall())
        aliases = set(conn.execute("SELECT speaker, alias FROM aliases").fetchall())
        clusters = dict(conn.execute("SELECT cluster_id, n_quotes FROM clusters").fetchall())
    expected = build_ledger(frame(one_shot.quotes))
    assert speakers == dict(zip(expected["speaker"], expected["n_quotes"], strict=True))
    assert {(q.speaker, q.speaker_mention) for q in one_shot.quotes if q.speaker and q.speaker_mention} == aliases
    assert sum(clusters.values()) == len(one_shot.quotes)
    assert set(clusters) == {q.cluster_id for q in one_shot.quotes}


# -- cross-article state follows new articles ---------------------------------------------------------------


def test_new_spelling_joins_existing_speaker_and_new_wording_joins_cluster(tmp_path):
    db = tmp_path / "kim.db"
    store.add(db, [KIM_A], parser="spacy", jobs=1)
    before = {q.quote_id: q for q in store.export_quotes(db)}
    assert {q.speaker for q in before.values()} >= {"Kim Jong Un"}
    store.add(db, [KIM_B], parser="spacy", jobs=1)
    after = store.export_quotes(db)
    kim_b = next(q for q in after if q.article_id == "kim-b" and q.text.startswith("We will keep"))
    kim_a = next(q for q in after if q.article_id == "kim-a" and q.text.startswith("We will keep"))
    assert kim_b.speaker_mention == "Kim Jong-un" and kim_b.speaker == "Kim Jong Un"
    assert kim_b.cluster_id == kim_a.cluster_id == min(kim_a.quote_id, kim_b.quote_id)
    pdt.assert_frame_equal(frame(after), frame(run([KIM_A, KIM_B], parser="spacy", jobs=1).quotes))


def test_registry_applies_at_export_and_to_the_cache(tmp_path):
    registry = tmp_path / "registry.csv"
    registry.write_text("name,aliases,type,role,id\nKim Jong Un,Kim Jong-un;Kim,person,leader,Q56226\n", encoding="utf-8")
    db = tmp_path / "reg.db"
    store.add(db, [KIM_A, KIM_B], parser="spacy", jobs=1, registry=registry)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT speaker_id FROM speakers WHERE speaker = 'Kim Jong Un'").fetchone() == ("Q56226",)
    with_registry = frame(run([KIM_A, KIM_B], parser="spacy", jobs=1, registry=registry).quotes)
    pdt.assert_frame_equal(frame(store.export_quotes(db, registry=registry)), with_registry)
    plain = frame(store.export_quotes(db))  # no registry: the cache (made with one) is not used
    assert set(plain["speaker_id"].dropna()) == set() and "Q56226" in set(with_registry["speaker_id"].dropna())


# -- edits, duplicates, failures ----------------------------------------------------------------------------


def test_edited_article_replaces_only_its_own_quotes(tmp_path):
    db = tmp_path / "edit.db"
    store.add(db, [KIM_A, HARBOUR], parser="spacy", jobs=1)
    with sqlite3.connect(db) as conn:
        harbour_before = conn.execute("SELECT * FROM quotes WHERE article_id = 'harbour' ORDER BY seq").fetchall()
        harbour_row = conn.execute("SELECT * FROM articles WHERE article_id = 'harbour'").fetchone()
    edited = Article(KIM_A.article_id, KIM_A.text.replace("the talks had stalled", "the talks would resume in May"),
                     source=KIM_A.source, published=KIM_A.published, origin=KIM_A.origin)
    report = store.add(db, [edited, HARBOUR], parser="spacy", jobs=1)
    assert (report.new_articles, report.unchanged, report.replaced) == (0, 1, 1)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT * FROM quotes WHERE article_id = 'harbour' ORDER BY seq").fetchall() == harbour_before
        assert conn.execute("SELECT * FROM articles WHERE article_id = 'harbour'").fetchone() == harbour_row
        texts = [t for (t,) in conn.execute("SELECT text FROM quotes WHERE article_id = 'kim-a' ORDER BY seq")]
    assert "the talks would resume in May" in texts and "the talks had stalled" not in texts
    assert report.new_quotes == len(texts)
    pdt.assert_frame_equal(frame(store.export_quotes(db)), frame(run([edited, HARBOUR], parser="spacy", jobs=1).quotes))


def test_same_id_twice_in_one_add_keeps_the_later_text(tmp_path):
    db = tmp_path / "dup.db"
    later = Article(HARBOUR.article_id, HARBOUR.text.replace("spring", "autumn"), origin="later.txt")
    report = store.add(db, [HARBOUR, later], parser="spacy", jobs=1)
    assert any("already added in this run" in w for w in report.warnings)
    assert [a.text for a in store.stored_articles(db)] == [later.text]


def test_failed_article_is_reported_not_stored_and_retried_later(tmp_path, boom_parser):
    db = tmp_path / "fail.db"
    boom = Article("boom", "\"It will BOOM,\" the engineer said.", origin="boom.txt")
    report = store.add(db, [HARBOUR, boom, KIM_B], parser=boom_parser, jobs=1)
    assert [f.origin for f in report.failures] == ["boom.txt"] and report.new_articles == 2
    assert [a.article_id for a in store.stored_articles(db)] == ["harbour", "kim-b"]
    fixed = Article("boom", "\"It will hold,\" the engineer said.", origin="boom.txt")
    again = store.add(db, [HARBOUR, fixed, KIM_B], parser="spacy", jobs=1)
    assert (again.new_articles, again.unchanged, again.failures) == (1, 2, [])


def test_add_reuses_the_parse_cache_of_earlier_runs(counting, tmp_path):
    cache = tmp_path / "cache"
    first = store.add(tmp_path / "a.db", [HARBOUR, KIM_B], parser="test-count", cache=cache)
    assert first.new_articles == 2 and counting.chunks > 0
    counting.chunks = 0
    second = store.add(tmp_path / "b.db", [HARBOUR, KIM_B], parser="test-count", cache=cache)
    assert second.new_articles == 2 and counting.chunks == 0  # new to this database, not to the cache
    assert store.export_quotes(tmp_path / "a.db") == store.export_quotes(tmp_path / "b.db")
    counting.chunks = 0
    store.add(tmp_path / "c.db", [HARBOUR], parser="test-count")  # the API caches only when asked
    assert counting.chunks > 0


def test_process_articles_yields_one_item_per_article_in_order(boom_parser):
    empty = Article("empty", "", origin="empty.txt")
    boom = Article("boom", "\"It will BOOM,\" the engineer said.", origin="boom.txt")
    items = list(process_articles([empty, HARBOUR, boom, KIM_B, empty], get_parser(boom_parser, jobs=1)))
    assert [i.origin if isinstance(i, Failure) else i[0].article_id for i in items] == [
        "empty", "harbour", "boom.txt", "kim-b", "empty"]
    assert items[0][1] == [] and len(items[1][1]) >= 1
    assert all(q.source == "Coast News" for q in items[1][1])


def test_export_of_a_missing_database_says_how_to_create_one(tmp_path):
    with pytest.raises(InputError, match="quotes add"):
        store.export_quotes(tmp_path / "nothing.db")
    assert not (tmp_path / "nothing.db").exists()


def test_a_file_that_is_not_a_ledger_is_refused(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(InputError, match="not a quotes ledger"):
        store.connect(other)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(QuotesError, match="junk.db"):
        store.connect(junk)


# -- schema version and migrations --------------------------------------------------------------------------


def test_schema_version_is_stored(tmp_path):
    conn = store.connect(tmp_path / "v.db")
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION == 4
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        conn.close()


def test_version_1_database_is_migrated_with_its_data(tmp_path):
    db = tmp_path / "old.db"
    quotes = run([HARBOUR], parser="spacy", jobs=1).quotes
    conn = sqlite3.connect(db, isolation_level=None)
    store.migrate(conn, target=1)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 ("harbour", HARBOUR.source, "", "", "", HARBOUR.text, HARBOUR.text_hash, "", "2024-01-01"))
    (_, per_article), = process_articles([HARBOUR], get_parser("spacy", jobs=1))  # what version 1 stored
    columns = ("seq", "quote_id", *store.QUOTE_FIELDS)
    for seq, q in enumerate(per_article):
        conn.execute(f"INSERT INTO quotes ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                     (seq, q.quote_id, *(getattr(q, c) for c in store.QUOTE_FIELDS)))
    conn.close()
    conn = store.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        assert conn.execute("SELECT n_quotes FROM articles").fetchone()[0] == len(per_article)
        assert store.stored_quotes(conn) == per_article
    finally:
        conn.close()
    pdt.assert_frame_equal(frame(store.export_quotes(db)), frame(quotes))
    assert store.add(db, [HARBOUR], parser="spacy", jobs=1).unchanged == 1


def test_a_column_added_to_the_quote_record_is_added_to_the_table(tmp_path):
    db = tmp_path / "col.db"
    store.add(db, [HARBOUR], parser="spacy", jobs=1)
    with sqlite3.connect(db) as conn:  # a database made before the Quote record had `mention_type`
        conn.execute("DROP VIEW quotes_view")  # a column a view selects cannot be dropped
        conn.execute("ALTER TABLE quotes DROP COLUMN mention_type")
    conn = store.connect(db)
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(quotes)")}
        assert "mention_type" in columns
        assert {q.mention_type for q in store.stored_quotes(conn)} == {""}
    finally:
        conn.close()


def test_a_newer_schema_is_refused(tmp_path):
    db = tmp_path / "new.db"
    store.connect(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    with pytest.raises(QuotesError, match="upgrade quotes"):
        store.connect(db)


# -- concurrency --------------------------------------------------------------------------------------------


def test_reader_keeps_its_snapshot_while_a_writer_adds(tmp_path):
    db = tmp_path / "snap.db"
    store.add(db, [HARBOUR], parser="spacy", jobs=1)
    reader = store.connect(db)
    try:
        reader.execute("BEGIN")
        seen = reader.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM quotes)").fetchone()
        report = store.add(db, [KIM_A, KIM_B], parser="spacy", jobs=1)  # commits while the reader is open
        assert report.new_articles == 2 and report.new_quotes > 0
        still = reader.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM quotes)").fetchone()
        assert tuple(still) == tuple(seen) == (1, counts(db)[1] - report.new_quotes)
        reader.execute("COMMIT")
        now = reader.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM quotes)").fetchone()
        assert tuple(now) == counts(db) == (3, seen[1] + report.new_quotes)
    finally:
        reader.close()


# -- killed mid-run -----------------------------------------------------------------------------------------

NAMES = ["Lena Dahl", "Omar Haddad", "Ines Moreau", "Tomas Varga", "Aiko Sato", "Pavel Novak", "Ruth Olsen"]
TOPICS = ["bridge", "school", "clinic", "ferry line", "library", "tram depot", "water plant"]


def small_article(i: int) -> str:
    name, topic = NAMES[i % len(NAMES)], TOPICS[(i // len(NAMES)) % len(TOPICS)]
    return (f"\"The {topic} will reopen after {i + 3} weeks of repairs,\" Mayor {name} told reporters on Monday. "
            f"The council said the work on the {topic} had cost {i * 7 + 12} thousand crowns.\n\n"
            f"{name.split()[1]} said residents of district {i} would be consulted about the next phase.")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for i in range(400):
        (folder / f"town-{i:04d}.txt").write_text(small_article(i), encoding="utf-8")
    return folder


def wait_for_rows(db: Path, proc: subprocess.Popen, minimum: int, timeout: float = 120.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
                n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError:  # not created (or not migrated) yet
            n = 0
        if n >= minimum:
            return n
        time.sleep(0.05)
    return 0


def test_killed_add_leaves_whole_articles_and_a_rerun_completes(tmp_path, corpus):
    db = tmp_path / "kill.db"
    cmd = [sys.executable, "-m", "quotes", "add", str(corpus), "--db", str(db), "--parser", "spacy", "--jobs", "1",
           "--batch-size", "10"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        assert wait_for_rows(db, proc, minimum=20) >= 20, proc.stderr.read().decode() if proc.poll() else "timeout"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        n_articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert 20 <= n_articles < 400 and n_articles % 10 == 0  # whole batches only
        per_article = dict(conn.execute("SELECT article_id, n_quotes FROM articles").fetchall())
        stored_counts = dict(conn.execute("SELECT article_id, count(*) FROM quotes GROUP BY article_id").fetchall())
        conn.execute("SELECT * FROM quotes")
    assert {k: v for k, v in per_article.items() if v} == stored_counts
    # every stored article has exactly the quotes a fresh extraction finds: no half article
    conn = store.connect(db)
    try:
        stored = store.stored_quotes(conn)
    finally:
        conn.close()
    fresh = [q for _, found in process_articles(store.stored_articles(db), get_parser("spacy", jobs=1)) for q in found]
    assert [q.to_row() for q in stored] == [q.to_row() for q in fresh]

    report = store.add(db, [corpus], parser="spacy", jobs=1)
    assert (report.unchanged, report.new_articles, report.replaced) == (n_articles, 400 - n_articles, 0)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 400
        assert conn.execute("SELECT count(*), count(DISTINCT quote_id) FROM quotes").fetchone() == (
            len(fresh) + report.new_quotes,) * 2
    pdt.assert_frame_equal(frame(store.export_quotes(db)), frame(run([corpus], parser="spacy", jobs=1).quotes))


def test_exports_during_an_add_see_whole_batches(tmp_path, corpus):
    db = tmp_path / "live.db"
    cmd = [sys.executable, "-m", "quotes", "add", str(corpus), "--db", str(db), "--parser", "spacy", "--jobs", "1",
           "--batch-size", "10"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    snapshots = []
    try:
        assert wait_for_rows(db, proc, minimum=10) >= 10
        while proc.poll() is None:
            snapshots.append(Counter(q.article_id for q in store.export_quotes(db)))
    finally:
        proc.wait()
    assert proc.returncode == 0
    final = Counter(q.article_id for q in store.export_quotes(db))
    assert len(final) == 400 and len(snapshots) >= 3
    sizes = {len(snap) for snap in snapshots}
    assert len(sizes) >= 2 and all(n % 10 == 0 for n in sizes)  # batches appear whole, and they did grow
    for snap in snapshots:
        assert all(final[article] == n for article, n in snap.items())  # every article with all its quotes


# -- command line -------------------------------------------------------------------------------------------


def cli_run(runner, args):
    from quotes.cli import cli

    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_cli_add_then_export_equals_one_shot_extract_and_ledger(runner, tmp_path):
    db = tmp_path / "cli.db"
    first = cli_run(runner, ["add", SEED_000, "--db", db, "--parser", "spacy", "--jobs", "1"])
    assert first.exit_code == 0, first.stderr
    assert "1 new, 0 unchanged, 0 replaced, 0 failed" in first.stderr
    again = cli_run(runner, ["add", SEEDS, "--db", db, "--parser", "spacy", "--jobs", "1"])
    assert "1 new, 1 unchanged, 0 replaced, 0 failed" in again.stderr
    assert "quotes: parser spacy:" in again.stderr
    for table in ("extract", "ledger"):
        exported = cli_run(runner, ["export", "--db", db, table, "--format", "jsonl"])
        one_shot = cli_run(runner, [table, SEEDS, "--parser", "spacy", "--jobs", "1", "--format", "jsonl"])
        assert exported.exit_code == one_shot.exit_code == 0
        assert exported.stdout == one_shot.stdout and exported.stdout.count("\n") > 5
    filtered = cli_run(runner, ["export", "--db", db, "--speaker-type", "person", "--sort", "speaker"])
    assert filtered.stdout == cli_run(runner, ["extract", SEEDS, "--parser", "spacy", "--jobs", "1",
                                               "--speaker-type", "person", "--sort", "speaker"]).stdout
    third = cli_run(runner, ["add", SEEDS, "--db", db])
    assert third.exit_code == 0 and "0 new, 2 unchanged" in third.stderr and "0 quotes added" in third.stderr


def test_cli_export_usage_errors(runner, tmp_path):
    missing = cli_run(runner, ["export", "--db", tmp_path / "none.db"])
    assert missing.exit_code == 1 and "quotes add" in missing.stderr
    db = tmp_path / "h.db"
    store.add(db, [HARBOUR], parser="spacy", jobs=1)
    assert cli_run(runner, ["export", "--db", db, "extract", "--min-quotes", "2"]).exit_code == 2
    assert cli_run(runner, ["export", "--db", db, "--sort", "n_quotes"]).exit_code == 2
    assert cli_run(runner, ["export", "--db", db, "ledger", "--sort", "n_quotes"]).exit_code == 0
    assert cli_run(runner, ["export", "--db", db, "-o", db]).exit_code == 2
    assert cli_run(runner, ["export", "--db", db, "--format", "parquet"]).exit_code == 2


def test_cli_add_reports_failures_and_exit_1(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(HARBOUR.text, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02 binary \xff\xfe" * 50)
    result = cli_run(runner, ["add", good, bad, "--db", tmp_path / "f.db", "--parser", "spacy", "--jobs", "1"])
    assert result.exit_code == 1
    assert "1 new" in result.stderr and "1 failed" in result.stderr and "failed: " in result.stderr
    assert "bad.txt" in result.stderr
    stopped = cli_run(runner, ["add", bad, good, "--db", tmp_path / "g.db", "--fail-fast", "--parser", "spacy"])
    assert stopped.exit_code == 1 and "stopped by --fail-fast" in stopped.stderr
