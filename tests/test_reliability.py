"""Reliability (issue 17): huge articles in bounded work, no litter after a signal or a kill, nothing skipped or
touched silently. Articles are invented; nothing here times anything: work is checked by counting."""

from __future__ import annotations

import pytest

import quotes
from quotes import sections

# Invented sentences, one line: a wire story with direct, reported and pronoun-attributed statements.
SENTENCES = [
    "Harbour master Tove Lindqvist said on Monday that the northern pier would reopen within a week.",
    "“We have checked every mooring twice,” Lindqvist told reporters at the port.",
    "She added that the ferry company had agreed to pay for the repairs.",
    "A spokesman for Halvik Line said the company would not comment on the costs.",
    "Mayor Anders Borvik warned that the council could not cover another winter of closures.",
    "“The town depends on this harbour,” Borvik said.",
]


def one_line(n_chars: int) -> str:
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < n_chars:
        parts.append(SENTENCES[len(parts) % len(SENTENCES)])
    return " ".join(parts)


# -- 1. huge articles --------------------------------------------------------------------------------------


def test_huge_article_is_extracted_in_bounded_sections(monkeypatch):
    """The per-article rules never see more than SECTION_CHARS at once, so their cost is linear in the article's
    size; the records still index the whole article, with ids of the whole article."""
    from quotes import resolve

    monkeypatch.setattr(sections, "SECTION_CHARS", 2_000)
    seen: list[int] = []
    original = resolve.resolve_article

    def counting(article, doc, found):
        seen.append(len(article.text))
        return original(article, doc, found)

    monkeypatch.setattr(resolve, "resolve_article", counting)
    text = one_line(9_000)
    result = quotes.run([quotes.Article("pier", text)], parser="spacy")
    assert len(seen) >= 5 and max(seen) <= 2_000  # in sections, each within the bound
    assert result.quotes and not result.failures
    for q in result.quotes:
        assert q.article_id == "pier"
        assert text[q.start:q.end] == q.text
        if q.speaker_start is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker_mention
        if q.cue_start is not None:
            assert text[q.cue_start:q.cue_end] == q.cue
    late = [q for q in result.quotes if q.start > 6_000]
    assert late, "records from the last sections are kept"
    ids = {q.quote_id for q in result.quotes}
    assert all(q.statement_id in ids for q in result.quotes)


def test_sections_give_the_same_records_as_whole_articles_for_each_section(monkeypatch):
    """A section's records are exactly those of its text read as an article, moved to the whole's offsets."""
    monkeypatch.setattr(sections, "SECTION_CHARS", 1_500)
    text = one_line(2_800)
    spans = sections.section_spans(text)
    assert len(spans) == 2 and spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(e - s <= 1_500 for s, e in spans)
    whole = quotes.run([quotes.Article("a", text)], parser="spacy").quotes
    s, e = spans[1]
    alone = quotes.run([quotes.Article("a", text[s:e])], parser="spacy").quotes
    moved = [(q.start - s, q.end - s, q.text, q.speaker_mention) for q in whole if q.start >= s]
    assert moved == [(q.start, q.end, q.text, q.speaker_mention) for q in alone]


def test_parser_batches_are_bounded_in_characters(monkeypatch):
    """64 chunks of 20,000 characters (one huge article) must not go to the parser as one batch."""
    from quotes.parse import spacy_backend

    assert [len(b) for b in spacy_backend.char_batches(["x" * 60] * 10, 64, 200)] == [3, 3, 3, 1]
    assert [len(b) for b in spacy_backend.char_batches(["x" * 500, "y"], 64, 200)] == [1, 1]
    assert [len(b) for b in spacy_backend.char_batches(["x"] * 130, 64, 10_000)] == [64, 64, 2]


@pytest.mark.parametrize("n", [3])
def test_records_of_many_sections_keep_statement_ids(monkeypatch, n):
    """A direct quote interrupted by its cue keeps one statement_id for its segments after the shift."""
    monkeypatch.setattr(sections, "SECTION_CHARS", 1_000)
    line = "“We will rebuild the pier,” Lindqvist said, “and we will do it before the storms.”"
    text = " ".join([line] + SENTENCES[2:] * n)
    text = text + " " + line
    found = quotes.run([quotes.Article("p", text)], parser="spacy").quotes
    last = [q for q in found if q.start > len(text) - len(line)]
    assert len(last) == 2 and last[0].statement_id == last[1].statement_id == last[0].quote_id


# -- 2. no litter --------------------------------------------------------------------------------------------

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _quotes(args: list[str], tmpdir: Path, **popen) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    return subprocess.Popen([sys.executable, "-m", "quotes", *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, **popen)


def _spills(tmpdir: Path) -> list[Path]:
    return sorted(tmpdir.glob("quotes-run-*"))


def _wait_for_spill(proc: subprocess.Popen, tmpdir: Path) -> None:
    deadline = time.monotonic() + 120
    while not _spills(tmpdir):
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.5)  # into the parse


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


@pytest.fixture
def long_article(tmp_path) -> Path:
    path = tmp_path / "in" / "long.txt"
    path.parent.mkdir()
    path.write_text(one_line(60_000), encoding="utf-8")
    return path


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_ends_the_run_like_a_failure(tmp_path, long_article, signum):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    out = tmp_path / "out.csv"
    out.write_text("previous\n")
    proc = _quotes(["extract", str(long_article), "-o", str(out), "--jobs", "1", "--no-cache"], tmpdir)
    _wait_for_spill(proc, tmpdir)
    proc.send_signal(signum)
    assert proc.wait(timeout=60) == 128 + signum
    assert f"stopped by {signal.Signals(signum).name}" in proc.stderr.read().decode()
    assert _spills(tmpdir) == []
    assert out.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.csv", "tmp"]


def test_a_run_removes_litter_of_dead_runs_only(tmp_path, long_article):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    out = tmp_path / "out" / "out.csv"
    out.parent.mkdir()
    killed = _quotes(["extract", str(long_article), "-o", str(out), "--jobs", "1", "--no-cache"], tmpdir)
    _wait_for_spill(killed, tmpdir)
    killed.kill()
    killed.wait()
    left = _spills(tmpdir)
    assert len(left) == 1  # SIGKILL cannot be handled: the next run clears it
    dead, live = _dead_pid(), os.getpid()  # this test's process is a live concurrent owner
    (tmpdir / f"quotes-run-{live}-abcd").mkdir()
    (tmpdir / f"quotes-run-{dead}-abcd").mkdir()
    (tmpdir / "quotes-run-nopid").mkdir()  # not named by a pid: never ours to remove
    for pid in (dead, live):
        (out.parent / f".out.csv.{pid}.x1y2.tmp").write_text("partial")
    (out.parent / ".other.csv.1.x.tmp").write_text("someone else's")
    small = tmp_path / "small.txt"
    small.write_text(" ".join(SENTENCES), encoding="utf-8")
    proc = _quotes(["extract", str(small), "-o", str(out), "--jobs", "1", "--no-cache"], tmpdir)
    assert proc.wait(timeout=300) == 0, proc.stderr.read().decode()
    assert sorted(p.name for p in tmpdir.iterdir()) == sorted([f"quotes-run-{live}-abcd", "quotes-run-nopid"])
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(
        [".other.csv.1.x.tmp", f".out.csv.{live}.x1y2.tmp", "out.csv"])


# -- 6. metadata alike in every format; 7. shared options ------------------------------------------------------


def test_metadata_is_normalised_alike_in_every_format(tmp_path, runner):
    """Surrounding white space of source, title and url is dropped in every input format (the text is kept
    verbatim), so the same article gives the same row whatever it was read from."""
    import json

    from quotes.cli import cli

    text = "  Ana Lund said the bridge would open."
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a", "text": text, "source": " Herald ", "title": " T ",
                                                  "url": " http://x "}) + "\n")
    (tmp_path / "b.csv").write_text(f'id,text,source,title,url\nb,"{text}", Herald , T , http://x \n')
    (tmp_path / "c.txt").write_text(text)
    rows = []
    for name, extra in (("a.jsonl", []), ("b.csv", []), ("c.txt", ["--source-name", " Herald "])):
        result = runner.invoke(cli, ["articles", str(tmp_path / name), "--format", "jsonl", *extra])
        assert result.exit_code == 0, result.output
        row = json.loads(result.stdout.splitlines()[0])
        assert row["text"] == text, name
        rows.append(row)
    assert {r["source"] for r in rows} == {"Herald"}
    assert {r["title"] for r in rows if r["article_id"] != "c"} == {"T"}
    assert {r["url"] for r in rows if r["article_id"] != "c"} == {"http://x"}


def test_articles_accepts_the_shared_cache_options(tmp_path, runner):
    from quotes.cli import cli

    (tmp_path / "a.txt").write_text("Ana Lund said the bridge would open.")
    for option in (["--no-cache"], ["--cache", str(tmp_path / "c")]):
        result = runner.invoke(cli, ["articles", str(tmp_path / "a.txt"), *option])
        assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["articles", str(tmp_path / "a.txt"), "--no-cache", "--cache", "x"])
    assert result.exit_code == 2


# -- 4. foreign files untouched; 5. fail fast -------------------------------------------------------------------


def test_foreign_sqlite_db_is_refused_unchanged(tmp_path, runner):
    import hashlib
    import sqlite3

    from quotes.cli import cli

    db = tmp_path / "photos.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE photos (name TEXT)")
    conn.execute("INSERT INTO photos VALUES ('harbour.jpg')")
    conn.commit()
    conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    (tmp_path / "a.txt").write_text(" ".join(SENTENCES))
    for args in (["add", str(tmp_path / "a.txt"), "--db", str(db)], ["export", "--db", str(db)]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 1
        assert str(db) in result.output and "not a quotes ledger" in result.output
        assert "quotes: parser" not in result.output
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "photos.db"]


@pytest.mark.parametrize("output", ["missing/out.csv", "folder"])
def test_bad_output_is_reported_before_parsing(tmp_path, runner, output):
    from quotes.cli import cli

    (tmp_path / "folder").mkdir()
    (tmp_path / "a.txt").write_text(" ".join(SENTENCES))
    for command in ("extract", "ledger", "report"):
        result = runner.invoke(cli, [command, str(tmp_path / "a.txt"), "-o", str(tmp_path / output), "--no-cache"])
        assert result.exit_code == 2, result.output
        assert "quotes: parser" not in result.output  # nothing was parsed
        assert str(tmp_path / output) in result.output


def test_output_onto_standard_input_is_refused(tmp_path):
    data = tmp_path / "a.csv"  # a plain-text article, named as the output format it would be overwritten with
    data.write_text(" ".join(SENTENCES))
    with data.open("rb") as stdin:
        proc = subprocess.run([sys.executable, "-m", "quotes", "extract", "-", "-o", str(data), "--no-cache"],
                              check=False, cwd=ROOT, stdin=stdin, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert "standard input" in proc.stderr and "quotes: parser" not in proc.stderr
    assert data.read_text() == " ".join(SENTENCES)


# -- 3. nothing silently skipped -------------------------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_unreadable_subfolder_is_a_failure(tmp_path, runner):
    from quotes.cli import cli

    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(" ".join(SENTENCES))
    (tmp_path / "in" / "locked").chmod(0)
    try:
        result = runner.invoke(cli, ["articles", str(tmp_path / "in")])
    finally:
        (tmp_path / "in" / "locked").chmod(0o755)
    assert result.exit_code == 1 and "locked: cannot read folder" in result.output


def test_links_are_followed_once_and_dangling_ones_reported(tmp_path, runner):
    from quotes.cli import cli

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "b.txt").write_text(" ".join(SENTENCES))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(" ".join(SENTENCES[:3]))
    (folder / "linked").symlink_to(outside, target_is_directory=True)
    (folder / "c.txt").symlink_to(outside / "b.txt")
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (outside / "back").symlink_to(outside, target_is_directory=True)  # a loop
    result = runner.invoke(cli, ["articles", str(folder), "--format", "jsonl"])
    assert result.exit_code == 1
    ids = [line.split('"')[3] for line in result.stdout.splitlines()]
    assert ids == ["a", "b", "c"]  # a.txt, linked/b.txt, c.txt (rows by article_id); linked/back not read again
    assert f"{folder / 'gone.txt'}: dangling symbolic link" in result.output
    assert "symbolic link loop" in result.output
