"""`quotes serve`: the ledger database served by Datasette, read-only, on loopback.

The store's browsing schema (full-text index, `quotes_view`, upgrade of a version-2 store) is checked with
sqlite3 and needs nothing more; the server tests start `quotes serve` on a free 127.0.0.1 port over a store
built from the seeds, query Datasette's JSON API and load the main view in headless Chromium. They skip with a
reason when Datasette (`pip install 'quotes[serve]'`) or Chromium is missing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import closing
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from quotes import store
from quotes.cli import cli
from quotes.errors import InputError
from quotes.records import Article, Quote
from quotes.serve import check_servable, database_name, datasette_metadata

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = ROOT / "seeds" / "000_61ee1e0ecee5cb35.txt"
SEED_004 = ROOT / "seeds" / "004_6ed5b738ce4caafa.txt"
V2_STORE = ROOT / "tests" / "fixtures" / "store" / "ledger-v2.db"  # made by `quotes add seeds/` at schema 2
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-extensions", "--no-first-run", "--mute-audio")
START_TIMEOUT = 60  # seconds for Datasette to answer after the process starts
REQUEST_TIMEOUT = 10

# An article whose one record has no speaker: the rules rarely leave one unattributed, so it is written here.
NOTICE = Article("notice", "Posters went up on the quay overnight. The ferry to Skarn will stop running in May.",
                 source="Coast News", published="2023-09-14", origin="notice.txt")
_FERRY = "The ferry to Skarn will stop running in May"
NOTICE_QUOTE = Quote(article_id="notice", quote_type="indirect", text=_FERRY, start=NOTICE.text.index(_FERRY),
                     end=NOTICE.text.index(_FERRY) + len(_FERRY), context=_FERRY + ".", rule="hand-written",
                     source=NOTICE.source, published=NOTICE.published)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fts(conn: sqlite3.Connection, query: str) -> list[str]:
    """quote_ids whose text or context matches `query`, through the view as Datasette searches it."""
    return [r[0] for r in conn.execute("SELECT quote_id FROM quotes_view WHERE rowid IN (SELECT rowid FROM quotes_fts "
                                       "WHERE quotes_fts MATCH ?) ORDER BY article_id, start", (query,))]


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> Path:
    """The two seeds from two outlets (so a statement is reported by two), plus an unattributed record."""
    db = tmp_path_factory.mktemp("serve") / "ledger.db"
    store.add(db, [SEED_000], parser="spacy", jobs=1, source_name="Northern Wire", cache=False)
    store.add(db, [SEED_004], parser="spacy", jobs=1, source_name="Harbour Times", cache=False)
    conn = store.connect(db)
    try:
        with store._transaction(conn):
            store._store_article(conn, NOTICE, [NOTICE_QUOTE])
            store._bump(conn)
        store.refresh(conn)
    finally:
        conn.close()
    assert NOTICE.text[NOTICE_QUOTE.start:NOTICE_QUOTE.end] == NOTICE_QUOTE.text
    assert not Path(f"{db}-wal").exists()  # the last connection closed: everything is in the file
    return db


# -- the store's browsing schema ----------------------------------------------------------------------------


def test_search_finds_quotes_by_text_and_context(ledger):
    with closing(sqlite3.connect(ledger)) as conn:
        hits = _fts(conn, "Peskov visit")  # "visit" in the quote, "Peskov" in the attribution around it
        texts = [conn.execute("SELECT text FROM quotes_view WHERE quote_id = ?", (h,)).fetchone()[0] for h in hits]
        assert any("full-fledged visit" in t for t in texts) and any("fully fledged visit" in t for t in texts)
        assert _fts(conn, "visits") == _fts(conn, "visit")  # stemmed
        assert _fts(conn, "Skarn") == [NOTICE_QUOTE.quote_id]
        assert _fts(conn, "zebra") == []


def test_view_has_one_row_per_quote_with_canonical_speaker_and_cluster(ledger):
    exported = {q.quote_id: q for q in store.export_quotes(ledger)}
    with closing(sqlite3.connect(ledger)) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT * FROM quotes_view").fetchall()
    assert len(rows) == len(exported) == len({r["quote_id"] for r in rows})
    for row in rows:
        q = exported[row["quote_id"]]
        assert (row["speaker"], row["speaker_type"], row["cluster_id"]) == (q.speaker, q.speaker_type, q.cluster_id)
        assert row["statement_id"] == q.to_row()["statement_id"]
    visit = [r for r in rows if "visit" in r["text"] and r["speaker"] == "Dmitry Peskov" and r["quote_type"] == "direct"]
    assert {r["source"] for r in visit} == {"Northern Wire", "Harbour Times"}
    assert {(r["cluster_sources"], r["cluster_speaker"]) for r in visit} == {(2, "Dmitry Peskov")}
    assert all(r["cluster_size"] == sum(x["cluster_id"] == r["cluster_id"] for x in rows) for r in rows)


def test_view_and_search_follow_an_edited_article(tmp_path):
    db = tmp_path / "edit.db"
    first = Article("harbour", "\"The new harbour will open in the spring,\" Mayor Lena Dahl told reporters.",
                    source="Coast News")
    store.add(db, [first], parser="spacy", jobs=1, cache=False)
    edited = Article("harbour", "\"The new harbour will open in the autumn,\" Mayor Lena Dahl told reporters.",
                     source="Coast News")
    assert store.add(db, [edited], parser="spacy", jobs=1, cache=False).replaced == 1
    with closing(sqlite3.connect(db)) as conn:
        assert _fts(conn, "spring") == []  # the replaced quote left the index with its row
        assert len(_fts(conn, "autumn")) == 1
        assert conn.execute("SELECT speaker FROM quotes_view").fetchall() == [("Lena Dahl",)]


def test_the_view_takes_the_columns_the_quotes_table_has(tmp_path):
    """A column added to the Quote record (here one this version does not know) appears in the view, and the
    canned query that shows wordings uses it."""
    db = tmp_path / "cols.db"
    store.add(db, [SEED_004], parser="spacy", jobs=1, cache=False)
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("ALTER TABLE quotes ADD COLUMN novelty TEXT NOT NULL DEFAULT 'new'")
    store.connect(db).close()
    with closing(sqlite3.connect(db)) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(quotes_view)")]
        assert "novelty" in columns and columns.index("novelty") < columns.index("cluster_size")
        assert "wording" in columns
        sql = datasette_metadata(db)["databases"]["cols"]["queries"]["shared_statements"]["sql"]
        assert "wording" in sql
        conn.execute(sql).fetchall()  # runs on this database


def test_a_version_2_store_is_upgraded_in_place_by_add(tmp_path):
    db = tmp_path / "old.db"
    shutil.copy(V2_STORE, db)
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        before = conn.execute("SELECT * FROM quotes ORDER BY article_id, seq").fetchall()
        articles = conn.execute("SELECT * FROM articles ORDER BY article_id").fetchall()
    with pytest.raises(InputError, match=r"older quotes .*quotes add PATH\.\.\. --db"):
        check_servable(db)
    result = CliRunner().invoke(cli, ["add", str(SEED_000), str(SEED_004), "--db", str(db), "--no-cache", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "2 unchanged" in result.output  # nothing parsed again
    check_servable(db)
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        width = len(before[0])  # the columns version 2 had come first, unchanged
        assert [r[:width] for r in conn.execute("SELECT * FROM quotes ORDER BY article_id, seq")] == before
        assert [r[:len(articles[0])] for r in conn.execute("SELECT * FROM articles ORDER BY article_id")] == articles
        assert len(_fts(conn, "Peskov visit")) == 3  # rows stored before the index existed are in it
        assert conn.execute("SELECT max(cluster_sources) FROM quotes_view").fetchone()[0] == 0  # no outlets given


def test_check_servable_refuses_what_it_cannot_serve(tmp_path):
    with pytest.raises(InputError, match="no ledger database at"):
        check_servable(tmp_path / "missing.db")
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(InputError, match="not a quotes ledger database"):
        check_servable(other)
    text = tmp_path / "notes.db"
    text.write_text("not a database at all, just some words in a file that is long enough\n" * 20)
    with pytest.raises(InputError, match="not a quotes ledger database"):
        check_servable(text)


def test_a_store_being_written_is_not_served(tmp_path):
    db = tmp_path / "busy.db"
    store.connect(db).close()
    conn = store.connect(db)  # a writer with an uncheckpointed write-ahead log
    try:
        with store._transaction(conn):
            store._set_meta(conn, "note", "x")
        with pytest.raises(InputError, match="is being written"):
            check_servable(db)
    finally:
        conn.close()
    check_servable(db)


def test_every_column_is_described(ledger):
    tables = datasette_metadata(ledger)["databases"][database_name(ledger)]["tables"]
    with closing(sqlite3.connect(ledger)) as conn:
        for name in ("quotes_view", "quotes", "articles", "speakers", "aliases", "clusters"):
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
            assert sorted(tables[name]["columns"]) == sorted(columns), name
    assert tables["quotes_view"]["facets"] == ["speaker", "speaker_type", "quote_type", "source"]


def test_without_datasette_the_message_names_the_extra(ledger, monkeypatch):
    monkeypatch.setitem(sys.modules, "datasette.app", None)  # import fails as when not installed
    result = CliRunner().invoke(cli, ["serve", "--db", str(ledger)])
    assert result.exit_code == 1
    assert "pip install 'quotes[serve]'" in result.output


def test_the_html_report_points_to_quotes_serve():
    from quotes.report import render_report

    page = render_report(pd.DataFrame(columns=["quote_type"]), pd.DataFrame(columns=["speaker"]), [],
                         summary={"articles": 0, "quotes": 0, "speakers": 0, "failures": [], "parser": "spacy"})
    assert 'id="serve-hint"' in page and "quotes serve --db ledger.db" in page


# -- the server ---------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
        assert response.status == 200, url
        return response.read()


class Server:
    """`quotes serve` in a child process, on loopback, stopped at the end."""

    def __init__(self, db: Path, log: Path):
        self.db = db
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}/{database_name(db)}"
        self.log = log
        with log.open("wb") as err:
            self.process = subprocess.Popen([sys.executable, "-m", "quotes", "serve", "--db", str(db), "--port",
                                             str(self.port)], stdout=subprocess.DEVNULL, stderr=err)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"quotes serve exited with {self.process.returncode}: {self.log.read_text()[-2000:]}")
            try:
                _get(f"http://127.0.0.1:{self.port}/-/versions.json")
                return
            except OSError:
                time.sleep(0.3)
        pytest.fail(f"quotes serve did not answer within {START_TIMEOUT} s: {self.log.read_text()[-2000:]}")

    def json(self, path: str, **params: str) -> dict | list:
        query = urllib.parse.urlencode(params)
        return json.loads(_get(f"{self.base}/{path}{'?' + query if query else ''}"))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


@pytest.fixture(scope="module")
def server(ledger, tmp_path_factory):
    pytest.importorskip("datasette", reason="Datasette is not installed: pip install 'quotes[serve]'")
    before = _sha256(ledger), sorted(p.name for p in ledger.parent.iterdir())
    srv = Server(ledger, tmp_path_factory.mktemp("serve-log") / "serve.log")
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()
    assert (_sha256(ledger), sorted(p.name for p in ledger.parent.iterdir())) == before, \
        "serving changed the database or made files beside it"


def _view_rows(ledger: Path, where: str = "1", params: tuple = ()) -> list[dict]:
    with closing(sqlite3.connect(ledger)) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(f"SELECT * FROM quotes_view WHERE {where}", params)]


def test_serve_listens_on_loopback_only(server):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outward address
            outward = probe.getsockname()[0]
        except OSError:
            pytest.skip("no network interface besides loopback")
    if outward.startswith("127."):
        pytest.skip("no network interface besides loopback")
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://{outward}:{server.port}/", timeout=2)


def test_served_read_only(server):
    databases = json.loads(_get(f"http://127.0.0.1:{server.port}/-/databases.json"))
    ours = next(d for d in databases if d["name"] == database_name(server.db))
    assert ours["is_mutable"] is False


def test_search_through_the_api(server):
    data = server.json("quotes_view.json", _search="Peskov visit", _shape="objects")
    texts = [r["text"] for r in data["rows"]]
    assert len(texts) == 3 and any("full-fledged visit" in t for t in texts)
    assert {r["speaker"] for r in data["rows"]} == {"Dmitry Peskov"}
    table = server.json("quotes.json", _search="Skarn", _shape="objects")  # the table's own search, detected
    assert [r["quote_id"] for r in table["rows"]] == [NOTICE_QUOTE.quote_id]


def test_default_facets_and_sort(server, ledger):
    data = server.json("quotes_view.json", _shape="objects", _size="max")
    facets = data["facet_results"]
    assert {"speaker", "speaker_type", "quote_type", "source"} <= set(facets)
    peskov = next(v for v in facets["speaker"]["results"] if v["value"] == "Dmitry Peskov")
    assert peskov["count"] == len(_view_rows(ledger, "speaker = ?", ("Dmitry Peskov",)))
    sources = {v["value"]: v["count"] for v in facets["source"]["results"]}
    assert sources == {s: len(_view_rows(ledger, "source = ?", (s,)))
                       for s in ("Northern Wire", "Harbour Times", "Coast News")}
    dated = [r["published"] for r in data["rows"] if r["published"]]
    assert dated == sorted(dated, reverse=True) and dated[0] == "2023-09-14"
    assert len(data["rows"]) == len(_view_rows(ledger))


def test_canned_query_a_speakers_quotes(server, ledger):
    rows = server.json("speaker_quotes.json", speaker="Mr Peskov", _shape="objects")["rows"]  # an alias works
    expected = _view_rows(ledger, "speaker = 'Dmitry Peskov' ORDER BY published, article_id, start")
    assert [r["text"] for r in rows] == [r["text"] for r in expected] and len(rows) >= 5


def test_canned_query_statements_of_several_outlets(server):
    rows = server.json("shared_statements.json", _shape="objects")["rows"]
    assert rows and all(r["cluster_sources"] >= 2 for r in rows)
    visit = [r for r in rows if "visit" in r["text"]]
    assert {r["source"] for r in visit} == {"Northern Wire", "Harbour Times"}
    assert len({r["cluster_id"] for r in visit}) == 1
    order = [r["cluster_id"] for r in rows]  # the reports of one statement are next to each other
    assert order == sorted(order, key=order.index)


def test_canned_query_quotes_without_a_speaker(server):
    rows = server.json("unattributed.json", _shape="objects")["rows"]
    assert NOTICE_QUOTE.text in [r["text"] for r in rows]
    assert all(not r.get("speaker") for r in rows)



def test_the_main_view_in_chromium(server, chromium):
    with tempfile.TemporaryDirectory(prefix="quotes-chromium-") as profile:
        done = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                               f"{server.base}/quotes_view"], capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    page = done.stdout
    assert "<h1>Quotes (view)</h1>" in page  # the shipped title
    assert "It will be a full-fledged visit," in page and "Kremlin spokesman Dmitry Peskov" in page
    assert 'data-column-description="Canonical speaker across the whole database' in page
