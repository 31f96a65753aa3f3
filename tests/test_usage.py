"""What a new user meets first: usage errors, unreadable documents, filters that find what people type, the
progress line and unknown counts (issue 21)."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest

from quotes.cli import cli
from quotes.cli.running import Progress
from quotes.errors import AmbiguousSpeaker
from quotes.ingest import read_inputs
from quotes.ledger import build_ledger, filter_ledger, match_speaker, quotes_frame
from quotes.pipeline import run

FAST = ["--parser", "spacy", "--jobs", "1", "--no-cache"]
ARTICLE = ("Harbour officials met on Monday. “The pier will reopen in May,” port director Olga Brandt said.\n\n"
           "Deputy mayor Piet Brandt said the council would pay for the repairs.\n")


def invoke(runner, args):
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "pier.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path / "in"


# -- 1. no input at all is a usage error ------------------------------------------------------------------


def test_no_existing_input_is_a_usage_error_and_writes_nothing(runner, tmp_path):
    out = tmp_path / "x.csv"
    result = invoke(runner, ["extract", tmp_path / "seed", "-o", out, *FAST])
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr and str(tmp_path / "seed") in result.stderr
    assert not out.exists()


def test_a_missing_path_among_existing_ones_is_a_failure_of_that_input(runner, folder, tmp_path):
    out = tmp_path / "x.csv"
    result = invoke(runner, ["extract", folder, tmp_path / "nope.txt", "-o", out, *FAST])
    assert result.exit_code == 1
    assert f"quotes: failed: {tmp_path / 'nope.txt'}: no such file or directory" in result.stderr
    assert len(pd.read_csv(out)) >= 1  # the existing input is still processed and written


# -- 2. --speaker finds what people type --------------------------------------------------------------------


def test_match_speaker_by_surname_alias_words_and_exact_names():
    forms = {"Dmitry Peskov": ["Kremlin spokesman Dmitry Peskov", "Mr Peskov"], "John Kirby": ["he"]}
    assert match_speaker("Peskov", forms) == {"Dmitry Peskov"}
    assert match_speaker("kirby", forms) == {"John Kirby"}
    assert match_speaker("Kremlin spokesman", forms) == {"Dmitry Peskov"}  # words of an alias, in order
    assert match_speaker("Pesk", forms) == set()  # whole words only
    assert match_speaker("Peskov Dmitry", forms) == set()
    assert match_speaker("he", forms) == {"John Kirby"}  # an exact mention, as before


def test_an_ambiguous_surname_names_the_speakers_it_could_mean():
    forms = {"Olga Brandt": ["port director Olga Brandt"], "Piet Brandt": ["Deputy mayor Piet Brandt"]}
    with pytest.raises(AmbiguousSpeaker, match=r"'Brandt' could mean 2 speakers: Olga Brandt; Piet Brandt"):
        match_speaker("Brandt", forms)
    assert match_speaker("Olga Brandt", forms) == {"Olga Brandt"}


def test_surname_filter_on_the_command_line(runner, folder):
    rows = list(csv_rows(invoke(runner, ["extract", folder, "--speaker", "Olga", *FAST]).stdout))
    assert rows and {r["speaker"] for r in rows} == {"Olga Brandt"}
    ambiguous = invoke(runner, ["ledger", folder, "--speaker", "Brandt", *FAST])
    assert ambiguous.exit_code == 2 and "Olga Brandt; Piet Brandt" in ambiguous.stderr


def test_a_filter_that_selects_nothing_says_so(runner, folder):
    result = invoke(runner, ["extract", folder, "--speaker", "Nobody Known", *FAST])
    assert result.exit_code == 0
    assert "quotes: no quotes match --speaker Nobody Known (of 2 quotes found)" in result.stderr
    result = invoke(runner, ["speakers", folder, "--min-quotes", "5", "--format", "csv", *FAST])
    assert result.exit_code == 0 and "quotes: no speakers match --min-quotes 5" in result.stderr
    quiet = invoke(runner, ["extract", folder, "--speaker", "Olga Brandt", *FAST])
    assert "match" not in quiet.stderr


def csv_rows(text):
    import csv

    return csv.DictReader(io.StringIO(text))


# -- 3. documents that cannot be read -----------------------------------------------------------------------


def test_documents_in_a_folder_are_reported_one_line_each_and_counted(runner, folder):
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\n")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04\x14\x00")
    (folder / "table.ods").write_bytes(b"PK\x03\x04")  # not a document people save articles as: not reported
    result = invoke(runner, ["articles", folder])
    assert result.exit_code == 0
    lines = [line for line in result.stderr.splitlines() if "files are not read" in line]
    assert len(lines) == 2
    assert str(folder / "scan.pdf") in lines[1] and "`pdftotext scan.pdf scan.txt`" in lines[1]
    assert str(folder / "notes.docx") in lines[0] and "pandoc notes.docx" in lines[0]
    assert ".txt" in lines[0] and ".jsonl" in lines[0]  # the supported formats
    assert "quotes: 1 articles read, 0 failed, 2 skipped (not a supported format)" in result.stderr


def test_a_pdf_named_directly_fails_with_the_same_advice(tmp_path):
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    (failure,) = read_inputs([pdf])
    assert failure.origin == str(pdf) and failure.reason.startswith("PDF files are not read; inputs are .conllu")
    renamed = tmp_path / "scan.txt"
    renamed.write_bytes(b"%PDF-1.7\n")
    (failure,) = read_inputs([renamed])
    assert "a PDF" in failure.reason and "pdftotext" in failure.reason


# -- 4. one message for a CSV without a text column --------------------------------------------------------


def test_csv_without_text_column_gives_one_message(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,body\n1,He said hello.\n", encoding="utf-8")
    warnings: list[str] = []
    items = list(read_inputs([path], warn=warnings.append))
    assert warnings == []
    expected = "no 'text' column (columns: id, body): name the column that holds the article text 'text'"
    assert [f.reason for f in items] == [expected]


# -- 5. the progress line ----------------------------------------------------------------------------------


def test_progress_line_is_erased_when_done():
    stream = io.StringIO()
    progress = Progress(stream)
    progress(3, 7)
    progress.close()
    shown = stream.getvalue()
    assert "3 articles done, 7 quotes" in shown
    assert shown.endswith("\r\x1b[K")  # the cursor back at the line's start, the line cleared


def test_progress_counts_articles_done(tmp_path):
    for name, text in (("a", ARTICLE), ("b", ""), ("c", ARTICLE.replace("Olga", "Anna"))):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    calls: list[tuple[int, int]] = []
    run([tmp_path], parser="spacy", progress=lambda a, q: calls.append((a, q)), cache=False, on_warning=print)
    # after a.txt: a parsed and the empty b.txt passed over, 2 done (c.txt, read ahead with them, is not)
    assert [a for a, _ in calls] == [2, 3]
    assert calls[-1][1] == 4


# -- 6. unknown outlets ------------------------------------------------------------------------------------


def test_n_sources_is_unknown_without_outlets_and_counts_known_ones(tmp_path):
    rows = [{"id": "a", "text": ARTICLE}, {"id": "b", "text": ARTICLE, "source": "Harbour Post"}]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows[:1]), encoding="utf-8")
    alone = build_ledger(quotes_frame(run([path], parser="spacy", cache=False).quotes))
    assert alone["n_sources"].isna().all()
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    both = filter_ledger(build_ledger(quotes_frame(run([path], parser="spacy", cache=False).quotes)),
                         speaker="Olga Brandt")
    assert both["n_sources"].tolist() == [1]


# -- 9. the README a newcomer follows ------------------------------------------------------------------------


def test_readme_input_formats_are_the_ones_help_lists(runner):
    from pathlib import Path

    from quotes.ingest import INPUT_FORMATS

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    listed = {tuple(m.split(",")) for m in re.findall(r"--input-format \{([a-z,]+)\}", readme)}
    assert listed == {INPUT_FORMATS}
    assert "[" + "|".join(INPUT_FORMATS) + "]" in invoke(runner, ["extract", "--help"]).stdout


def test_readme_first_commands_write_into_an_ignored_folder():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```sh\n(.*?)\n```", readme, re.DOTALL).group(1)
    outputs = re.findall(r"-o (\S+)", first)
    assert outputs and all(o.startswith("out/") for o in outputs)
    assert "/out/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()


# -- 7-8. speakers a newcomer reads first: no pronoun or common noun as a canonical name, companies typed ------


def _speakers(text: str) -> list[tuple[str, str, str]]:
    from quotes.records import Article

    result = run([Article("a", text)], parser="spacy", cache=False)
    return [(q.speaker_mention, q.speaker, q.speaker_type) for q in result.quotes]


def test_an_unresolved_pronoun_or_an_authorless_report_is_never_a_canonical_speaker():
    found = _speakers("Last week, a report claimed that the mill would close. The harbour board met on Friday.\n\n"
                      "She said the crews would not accept a deal.\n")
    assert ("a report", "", "unknown") in found
    assert ("She", "", "unknown") in found


def test_a_company_the_tagger_reads_as_a_person_is_an_organization():
    found = _speakers("Talks stalled on Sunday. Halvik Line said in a statement that its offer was fair.\n")
    assert ("Halvik Line", "Halvik Line", "organization") in found
