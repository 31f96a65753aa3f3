"""Ingest: every input format, ids, headers, encodings and the failures that must not stop a run."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes.errors import InputError
from quotes.ingest import decode_bytes, html_to_article, iter_files, parse_size, read_inputs
from quotes.records import Article, Failure

FERRY = Path(__file__).parent / "fixtures" / "parse" / "ferry.conllu"


def read(*paths, **kwargs) -> tuple[list[Article], list[Failure], list[str]]:
    warnings: list[str] = []
    items = list(read_inputs([str(p) for p in paths], warn=warnings.append, **kwargs))
    return ([i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Failure)], warnings)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# -- plain text -------------------------------------------------------------------------------------------


def test_txt_article_is_whole_file_with_stem_id(tmp_path):
    text = "“We will go,” she said.\n\nHe agreed.\n"
    arts, fails, _ = read(write(tmp_path / "a-1.txt", text))
    assert fails == []
    assert [(a.article_id, a.text, a.published, a.origin) for a in arts] == [
        ("a-1", text, "", str(tmp_path / "a-1.txt"))]


def test_seed_header_sets_published_and_stays_in_text(seeds_dir):
    arts, fails, _ = read(seeds_dir / "000_61ee1e0ecee5cb35.txt")
    assert fails == []
    (a,) = arts
    assert a.published == "2023-09-12"
    assert a.text.startswith(" date 2023-09-12 SEOUL/WASHINGTON/MOSCOW - North Korean leader")


def test_header_without_dateline(tmp_path):
    arts, _, _ = read(write(tmp_path / "h.txt", "date 2024-01-31 Officials said nothing.\n"))
    assert arts[0].published == "2024-01-31"


def test_invalid_header_date_is_ignored_with_warning(tmp_path):
    arts, fails, warnings = read(write(tmp_path / "h.txt", "date 2024-02-31 X - Officials said nothing.\n"))
    assert fails == [] and arts[0].published == ""
    assert any("2024-02-31" in w for w in warnings)


def test_source_name_applies_to_plain_text(tmp_path):
    arts, _, _ = read(write(tmp_path / "a.txt", "Hello."), source_name="Reuters")
    assert arts[0].source == "Reuters"


def test_bom_removed_and_crlf_kept_so_offsets_index_the_file_text(tmp_path):
    raw = "\ufeff“A,” he said.\r\n\r\n“B,” she said.\r\n".encode()
    arts, _, _ = read(write(tmp_path / "crlf.txt", raw))
    text = arts[0].text
    assert text == raw.decode("utf-8")[1:]
    start = text.index("B")
    assert text[start:start + 1] == "B" and "\r\n" in text


def test_utf16_with_bom_is_text_not_binary(tmp_path):
    arts, fails, _ = read(write(tmp_path / "u16.txt", "“Yes,” he said.".encode("utf-16")))
    assert fails == [] and arts[0].text == "“Yes,” he said."


def test_cp1252_curly_quotes_decoded_with_warning(tmp_path):
    arts, fails, warnings = read(write(tmp_path / "w.txt", b"\x93We will win,\x94 the caf\xe9 owner said."))
    assert fails == []
    assert arts[0].text == "“We will win,” the café owner said."
    assert any("Windows-1252" in w and "w.txt" in w for w in warnings)


def test_undecodable_file_fails_with_encoding_advice(tmp_path):
    # 0x81 and 0x8d are undefined in Windows-1252 and invalid in UTF-8.
    arts, fails, _ = read(write(tmp_path / "bad.txt", b"abc \x81\x8d\x81\x8d def"))
    assert arts == []
    assert len(fails) == 1 and fails[0].origin == str(tmp_path / "bad.txt")
    assert "--encoding latin-1" in fails[0].reason


def test_explicit_encoding_overrides_detection(tmp_path):
    arts, fails, warnings = read(write(tmp_path / "l.txt", b"caf\xe9 \x81"), encoding="latin-1")
    assert fails == [] and warnings == []
    assert arts[0].text == "café \x81"


def test_unknown_encoding_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="unknown encoding"):
        read(write(tmp_path / "a.txt", "x"), encoding="no-such-codec")


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary\x00data", b"%PDF-1.7\n%\xe2\xe3", b"\x89PNG\r\n\x1a\n\x00",
                                  b"PK\x03\x04\x14\x00"])
def test_binary_file_skipped(tmp_path, data):
    arts, fails, _ = read(write(tmp_path / "x.txt", data))
    assert arts == [] and len(fails) == 1 and fails[0].reason.startswith("binary file")
    assert ("pdftotext" in fails[0].reason) == data.startswith(b"%PDF")  # a PDF gets the advice a .pdf gets


def test_empty_file_processed_with_warning(tmp_path):
    arts, fails, warnings = read(write(tmp_path / "empty.txt", b""))
    assert fails == [] and [a.text for a in arts] == [""]
    assert any("empty" in w and "empty.txt" in w for w in warnings)


def test_article_over_size_limit_refused(tmp_path):
    arts, fails, _ = read(write(tmp_path / "big.txt", "word " * 1000), max_article_size=1000)
    assert arts == [] and "limit" in fails[0].reason and "--max-article-size" in fails[0].reason


def test_five_megabytes_on_one_line_is_read(tmp_path):
    text = "He said it was fine. " * 250_000
    arts, fails, _ = read(write(tmp_path / "long.txt", text))
    assert fails == [] and len(arts[0].text) == len(text)


def test_missing_path_is_a_failure(tmp_path):
    arts, fails, _ = read(tmp_path / "nope.txt")
    assert arts == [] and fails == [Failure(str(tmp_path / "nope.txt"), "no such file or directory")]


# -- JSONL and CSV ----------------------------------------------------------------------------------------


def test_jsonl_rows_fields_and_ids(tmp_path):
    rows = [
        {"id": "r1", "text": "One.", "source": "AP", "url": "http://x/1", "title": "T1", "published": "2024-03-01"},
        {"text": "Two.", "published": "2024-03-02T10:00:00Z"},
        {"id": 7, "text": "Three."},
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    arts, fails, _ = read(path)
    assert fails == []
    assert [(a.article_id, a.text, a.source, a.url, a.title, a.published) for a in arts] == [
        ("r1", "One.", "AP", "http://x/1", "T1", "2024-03-01"),
        ("feed:2", "Two.", "", "", "", "2024-03-02"),
        ("7", "Three.", "", "", "", ""),
    ]
    assert arts[1].origin == f"{path}:2"


def test_jsonl_malformed_lines_reported_by_line_rest_still_read(tmp_path):
    lines = ['{"text": "Good one."}', "{not json", "[1, 2]", '{"title": "no text"}', "", '{"text": 5}',
             '{"text": "Good two."}']
    path = write(tmp_path / "m.jsonl", "\n".join(lines) + "\n")
    arts, fails, _ = read(path)
    assert [a.article_id for a in arts] == ["m:1", "m:7"]
    assert [f.origin for f in fails] == [f"{path}:2", f"{path}:3", f"{path}:4", f"{path}:6"]
    assert "malformed JSON" in fails[0].reason
    assert fails[2].reason == "no 'text' field"


def test_jsonl_row_with_cp1252_bytes(tmp_path):
    path = write(tmp_path / "w.jsonl", b'{"text": "\x93Yes,\x94 he said."}\n{"text": "ok"}\n')
    arts, fails, warnings = read(path)
    assert fails == [] and arts[0].text == "“Yes,” he said."
    assert any(f"{path}:1" in w for w in warnings)


def test_csv_rows_ids_multiline_and_malformed(tmp_path):
    data = ('id,Text,source,published\n'
            'a1,"“Fine,” he said.",AP,2024-05-01\n'
            ',"two\nlines",,\n'
            'x,y\n'
            'a4,"last",,\n')
    path = write(tmp_path / "rows.csv", data)
    arts, fails, _ = read(path)
    assert [(a.article_id, a.text, a.source, a.published) for a in arts] == [
        ("a1", "“Fine,” he said.", "AP", "2024-05-01"), ("rows:3", "two\nlines", "", ""), ("a4", "last", "", "")]
    assert [f.origin for f in fails] == [f"{path}:5"]
    assert "2 fields" in fails[0].reason


def test_csv_without_text_column_fails_whole_file(tmp_path):
    path = write(tmp_path / "n.csv", "id,body\n1,hello\n")
    arts, fails, _ = read(path)
    assert arts == [] and fails[0].origin == str(path) and "no 'text' column" in fails[0].reason


def test_csv_with_bom_and_long_field(tmp_path):
    long_text = "x" * 300_000  # over the csv module's default field limit
    path = write(tmp_path / "b.csv", "\ufefftext\n" + long_text + "\n")
    arts, fails, _ = read(path)
    assert fails == [] and arts[0].text == long_text


def test_source_name_is_fallback_for_rows(tmp_path):
    path = write(tmp_path / "s.jsonl", '{"text": "a", "source": "AP"}\n{"text": "b"}\n')
    arts, _, _ = read(path, source_name="Local")
    assert [a.source for a in arts] == ["AP", "Local"]


def test_binary_jsonl_skipped(tmp_path):
    arts, fails, _ = read(write(tmp_path / "z.jsonl", b"\x1f\x8b\x08\x00gzipped"))
    assert arts == [] and fails[0].reason == "binary file, skipped"


# -- HTML -------------------------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>Ferry talks stall</title>
<meta property="og:site_name" content="Nordpress">
<meta property="article:published_time" content="2024-03-17T08:00:00Z">
<link rel="canonical" href="https://example.org/ferry">
<style>p { color: red; }</style><script>var s = "“Injected,” said nobody.";</script></head>
<body><nav><ul><li>Home</li><li>World</li></ul></nav>
<article><h1>Ferry talks stall</h1>
<p>“We can&#39;t accept this   offer,” union leader <b>Maren Holt</b>
told reporters.</p>
<blockquote><p>“Nothing has changed,” she said.</p></blockquote>
<p>Talks resume &amp; continue on Monday.</p></article>
<footer><p>© Nordpress</p></footer></body></html>"""


def test_html_text_without_markup(tmp_path):
    arts, fails, _ = read(write(tmp_path / "page.html", PAGE))
    assert fails == []
    (a,) = arts
    assert a.text == ("Ferry talks stall\n\n"
                      "“We can't accept this offer,” union leader Maren Holt told reporters.\n\n"
                      "“Nothing has changed,” she said.\n\nTalks resume & continue on Monday.")
    assert (a.article_id, a.title, a.source, a.published, a.url) == (
        "page", "Ferry talks stall", "Nordpress", "2024-03-17", "https://example.org/ferry")
    for junk in ("<", "Injected", "color", "Home", "©"):
        assert junk not in a.text


def test_html_without_paragraph_tags_keeps_loose_text():
    a = html_to_article("<html><body><div>First block.</div><div>Second<br>line.</div></body></html>")
    assert a.text == "First block.\n\nSecond\n\nline."


def test_html_in_cp1252_with_declared_charset(tmp_path):
    page = '<html><head><meta charset="windows-1252"></head><body><p>\x93Yes,\x94 he said.</p></body></html>'
    arts, fails, _ = read(write(tmp_path / "w.html", page.encode("latin-1")))
    assert fails == [] and arts[0].text == "“Yes,” he said."


# -- CoNLL-U, folders, stdin ------------------------------------------------------------------------------


def test_conllu_article():
    arts, fails, _ = read(FERRY)
    assert fails == []
    (a,) = arts
    assert a.article_id == "ferry" and a.source == "Nordpress" and a.published == "2024-03-17"
    assert a.text.startswith("“We can't accept this offer,” union leader Maren Holt told reporters.")
    assert a.conllu


def test_malformed_conllu_is_a_failure(tmp_path):
    arts, fails, _ = read(write(tmp_path / "bad.conllu", "# text = Hi.\n1\tHi\n"))
    assert arts == [] and len(fails) == 1 and fails[0].origin == str(tmp_path / "bad.conllu")


def test_folder_recursive_sorted_known_extensions_only(tmp_path):
    write(tmp_path / "b" / "z.txt", "z")
    write(tmp_path / "b" / "a.txt", "a")
    write(tmp_path / "a.txt", "top")
    write(tmp_path / "c" / "d" / "e.jsonl", '{"text": "row"}\n')
    write(tmp_path / "notes.md", "ignored")
    write(tmp_path / ".hidden" / "h.txt", "hidden")
    arts, fails, _ = read(tmp_path)
    assert fails == []
    assert [a.article_id for a in arts] == ["a", "a", "z", "e:1"]
    assert [Path(p).relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])] == [
        "a.txt", "b/a.txt", "b/z.txt", "c/d/e.jsonl"]


def test_duplicate_ids_warned(tmp_path):
    write(tmp_path / "x" / "same.txt", "one")
    write(tmp_path / "y" / "same.txt", "two")
    _, _, warnings = read(tmp_path)
    assert any("same" in w and "already used" in w for w in warnings)


def test_empty_folder_warned(tmp_path):
    arts, fails, warnings = read(tmp_path)
    assert arts == [] and fails == [] and any("no input files" in w for w in warnings)


def test_stdin_is_one_plain_text_article():
    stdin = io.BytesIO("“Hi,” she said.\r\n".encode())
    items = list(read_inputs(["-"], stdin=stdin, source_name="Wire"))
    assert items == [Article("stdin", "“Hi,” she said.\r\n", source="Wire", origin="<stdin>")]


def test_stdin_as_jsonl():
    stdin = io.BytesIO(b'{"text": "a"}\nbroken\n{"id": "k", "text": "b"}\n')
    items = list(read_inputs(["-"], stdin=stdin, input_format="jsonl"))
    assert [(type(i).__name__, getattr(i, "article_id", getattr(i, "origin", ""))) for i in items] == [
        ("Article", "stdin:1"), ("Failure", "<stdin>:2"), ("Article", "k")]


def test_input_format_overrides_extension(tmp_path):
    arts, _, _ = read(write(tmp_path / "feed.data", '{"text": "x"}\n'), input_format="jsonl")
    assert [a.text for a in arts] == ["x"]


# -- helpers ----------------------------------------------------------------------------------------------


def test_decode_bytes_strips_bom_keeps_line_endings():
    assert decode_bytes("\ufeffa\r\nb\r".encode()) == "a\r\nb\r"


@pytest.mark.parametrize(("value", "size"), [("10MB", 10_000_000), ("500k", 500_000), ("2000", 2000),
                                             ("1.5 GB", 1_500_000_000)])
def test_parse_size(value, size):
    assert parse_size(value) == size


def test_parse_size_rejects_garbage():
    with pytest.raises(ValueError):
        parse_size("lots")


# -- property: no input crashes the reader ----------------------------------------------------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".jsonl", ".csv", ".html"]))
def test_any_bytes_give_articles_or_failures_never_an_exception(tmp_path, data, suffix):
    path = write(tmp_path / f"fuzz{suffix}", data)
    items = list(read_inputs([str(path)], warn=lambda message: None))
    assert all(isinstance(i, (Article, Failure)) for i in items)
    if suffix == ".txt":
        assert len(items) == 1
        if isinstance(items[0], Article):
            assert items[0].text in (data.decode("utf-8-sig", "replace"), data.decode("cp1252", "replace")) or \
                data.startswith((b"\xff\xfe", b"\xfe\xff"))


@FUZZ
@given(text=st.text(max_size=2000))
def test_utf8_text_files_read_back_exactly(tmp_path, text):
    path = write(tmp_path / "t.txt", text.encode("utf-8"))
    (item,) = read_inputs([str(path)], warn=lambda message: None)
    if isinstance(item, Article):
        assert item.text == text.removeprefix("\ufeff")
    else:
        assert item.reason == "binary file, skipped"  # control characters galore


@FUZZ
@given(markup=st.text(alphabet=st.sampled_from(list("<>/=\"' abcdpiltscr\n&;#")), max_size=500))
def test_html_parser_never_raises(markup):
    article = html_to_article(markup)
    assert isinstance(article.text, str)


def test_json_list_named_explicitly(tmp_path):
    rows = [{"id": "a", "text": "One.", "source": "AP"}, {"text": "Two."}, {"title": "no text"}, [1]]
    path = write(tmp_path / "list.json", json.dumps(rows))
    arts, fails, _ = read(path)
    assert [(a.article_id, a.text, a.source, a.origin) for a in arts] == [
        ("a", "One.", "AP", f"{path}#1"), ("list:2", "Two.", "", f"{path}#2")]
    assert [(f.origin, f.reason) for f in fails] == [
        (f"{path}#3", "no 'text' field"), (f"{path}#4", "expected a JSON object, got list")]
    assert list(iter_files([tmp_path])) == []  # folders pick up only the contract's extensions


def test_json_wrapped_and_malformed(tmp_path):
    arts, _, _ = read(write(tmp_path / "w.json", '{"articles": [{"text": "x"}]}'))
    assert [a.text for a in arts] == ["x"]
    _, fails, _ = read(write(tmp_path / "bad.json", '[{"text": "x"'))
    assert "malformed JSON" in fails[0].reason
