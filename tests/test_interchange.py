"""The published schemas and the fact-check interchange formats, on what the command line really writes.

Every record `quotes extract` and `quotes ledger` write for the seeds, the news fixtures, the attribution
sentences and the input examples (with a registry, with every attribution kind) must validate against the
shipped JSON Schema; every column the code emits must have a schema entry; every W3C annotation must re-anchor
on its article by its TextQuoteSelector alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import click.testing
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from quotes.cli import cli
from quotes.interchange import anchor, article_iri, quote_selector, registry_link
from quotes.ledger import ledger_columns
from quotes.records import ATTRIBUTION_KINDS, QUOTE_COLUMNS, QUOTE_TYPES, SPEAKER_TYPES
from quotes.schema import load_schema, required_columns, schema_columns, schema_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
INPUTS = [ROOT / "seeds", *(FIXTURES / name / "articles" for name in ("news", "news2", "news3")),
          FIXTURES / "attribution.jsonl", ROOT / "data" / "examples"]
REGISTRY = ROOT / "data" / "registry.csv"
SEEDS = ROOT / "seeds"
# The Quote columns the output contract (CONTRACT.md) lists beyond what this version writes: renderings of one
# statement compared (another branch writes them); the schema describes them already, as optional properties.
CONTRACT_WORDING = {"wording", "wording_diff", "variant_of"}


def _cli(args: list[object]) -> click.testing.Result:
    result = click.testing.CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def _jsonl(result: click.testing.Result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, list]:
    """What the command line writes over every input (one parse, shared through a private cache)."""
    cache = tmp_path_factory.mktemp("interchange-cache")
    run = ["--parser", "spacy", "--jobs", "1", "--cache", cache, "--registry", REGISTRY]
    out: dict[str, list] = {
        "quotes_all": _jsonl(_cli(["extract", *INPUTS, *run, "--attributions", "all", "--format", "jsonl"])),
        "quotes_speech": _jsonl(_cli(["extract", *INPUTS, *run, "--format", "jsonl"])),
        "ledger_all": _jsonl(_cli(["ledger", *INPUTS, *run, "--attributions", "all", "--format", "jsonl"])),
        "ledger_speech": _jsonl(_cli(["ledger", *INPUTS, *run, "--format", "jsonl"])),
        "seed_quotes": _jsonl(_cli(["extract", SEEDS, "--parser", "spacy", "--jobs", "1", "--cache", cache,
                                    "--format", "jsonl"])),
        "articles": _jsonl(_cli(["articles", *INPUTS, "--format", "jsonl"])),
        "annotations": json.loads(_cli(["extract", *INPUTS, *run, "--attributions", "all",
                                        "--format", "annotation"]).stdout),
    }
    return out


@pytest.fixture(scope="module")
def texts(written) -> dict[str, str]:
    texts = {a["article_id"]: a["text"] for a in written["articles"]}
    assert len(texts) == len(written["articles"]), "article ids repeat across the inputs: pick others"
    return texts


def _errors(name: str, records: list[dict]) -> list[str]:
    validator = Draft202012Validator(load_schema(name), format_checker=FormatChecker())
    return [f"{r.get('quote_id') or r.get('speaker')}: {'/'.join(map(str, e.path))}: {e.message}"
            for r in records for e in validator.iter_errors(r)]


def undocumented(name: str, columns) -> list[str]:
    """Columns the code emits that the schema `name` does not describe."""
    return [c for c in columns if c not in schema_columns(name)]


# -- the schemas ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["quote", "ledger"])
def test_schemas_are_valid_draft_2020_12(name):
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert all(prop.get("description") for prop in schema["properties"].values())


def test_every_quote_column_the_code_emits_has_a_schema_entry():
    assert undocumented("quote", QUOTE_COLUMNS) == []
    assert set(required_columns("quote")) <= set(QUOTE_COLUMNS), "a required property the code does not emit"
    assert CONTRACT_WORDING <= set(schema_columns("quote"))


def test_every_ledger_column_the_code_emits_has_a_schema_entry():
    assert undocumented("ledger", ledger_columns(kinds=True)) == []
    assert set(required_columns("ledger")) <= set(ledger_columns(kinds=False))
    assert "n_altered" in schema_columns("ledger")


def test_a_new_column_without_an_entry_is_caught():
    assert undocumented("quote", [*QUOTE_COLUMNS, "speaker_gender"]) == ["speaker_gender"]


def test_allowed_values_are_the_codes_own():
    quote = load_schema("quote")
    assert quote["properties"]["quote_type"]["enum"] == list(QUOTE_TYPES)
    assert quote["$defs"]["speaker_type"]["enum"] == list(SPEAKER_TYPES)
    assert load_schema("ledger")["properties"]["speaker_type"]["enum"] == list(SPEAKER_TYPES)
    assert quote["properties"]["attribution"]["enum"] == list(ATTRIBUTION_KINDS)
    assert "article_text[start:end] == text" in quote["description"]


@pytest.mark.parametrize("record", ["quote", "ledger"])
def test_schema_command_prints_the_shipped_file(record):
    result = _cli(["schema", record])
    assert result.stdout == schema_text(record)
    assert json.loads(result.stdout)["title"] == f"{record.capitalize()} record"


def test_schema_command_defaults_to_quote_and_refuses_other_names():
    assert _cli(["schema"]).stdout == schema_text("quote")
    assert click.testing.CliRunner().invoke(cli, ["schema", "speaker"]).exit_code == 2


# -- every record written validates -------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["quotes_all", "quotes_speech", "seed_quotes"])
def test_every_quote_record_written_validates(written, table):
    records = written[table]
    assert len(records) > (20 if table == "seed_quotes" else 1000)
    assert _errors("quote", records) == []
    emitted = {column for record in records for column in record}
    assert undocumented("quote", sorted(emitted)) == []


@pytest.mark.parametrize("table", ["ledger_all", "ledger_speech"])
def test_every_ledger_record_written_validates(written, table):
    records = written[table]
    assert len(records) > 300
    assert _errors("ledger", records) == []
    assert undocumented("ledger", sorted({column for record in records for column in record})) == []
    assert ("n_attitude" in records[0]) == (table == "ledger_all")


def test_the_runs_cover_every_allowed_value(written):
    records = written["quotes_all"]
    assert {r["quote_type"] for r in records} == set(QUOTE_TYPES)
    assert {r["attribution"] for r in records} == set(ATTRIBUTION_KINDS)
    assert {r["speaker_type"] for r in records} == set(SPEAKER_TYPES)
    assert any(r["speaker_id"] for r in records) and any(r["url"] for r in records)


def test_a_record_breaking_the_schema_is_caught(written):
    record = dict(written["seed_quotes"][0])
    broken = [{**record, "quote_type": "reported"}, {**record, "start": "43"}, {**record, "confidence": 1.5},
              {**record, "published": "12 September 2023"}, {k: v for k, v in record.items() if k != "cue"}]
    assert all(_errors("quote", [b]) for b in broken)


def test_the_offset_invariant_the_schema_states(written, texts):
    for r in written["quotes_all"]:
        text = texts[r["article_id"]]
        assert text[r["start"]:r["end"]] == r["text"]
        if r["cue"] is not None:
            assert text[r["cue_start"]:r["cue_end"]] == r["cue"]
        if r["speaker_mention"] is not None:
            assert text[r["speaker_start"]:r["speaker_end"]] == r["speaker_mention"]


# -- W3C Web Annotations -------------------------------------------------------------------------------------


def test_one_annotation_per_quote(written):
    records = written["quotes_all"]
    assert [a["id"] for a in written["annotations"]] == [f"urn:quotes:quote:{r['quote_id']}" for r in records]
    assert all(a["type"] == "Annotation" and a["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
               for a in written["annotations"])


def test_every_annotation_reanchors_by_its_quote_selector_alone(written, texts):
    for record, note in zip(written["quotes_all"], written["annotations"], strict=True):
        by_quote, by_position = note["target"]["selector"]
        assert by_quote["type"] == "TextQuoteSelector" and by_position["type"] == "TextPositionSelector"
        assert by_quote["exact"] == record["text"]
        assert anchor(texts[record["article_id"]], by_quote) == (by_position["start"], by_position["end"]) \
            == (record["start"], record["end"])


def test_annotation_target_and_body_carry_the_record(written):
    for record, note in zip(written["quotes_all"], written["annotations"], strict=True):
        assert note["target"]["source"] == (record["url"] or f"urn:quotes:article:{record['article_id']}")
        body = note["body"]
        assert body["quoteType"] == record["quote_type"] and body.get("cue") == record["cue"]
        assert body["speaker"].get("name") == record["speaker"]
        assert body["speaker"]["speakerType"] == record["speaker_type"]
        if record["speaker_id"]:
            assert body["speaker"]["sameAs"] == f"http://www.wikidata.org/entity/{record['speaker_id']}"
    assert any("sameAs" in note["body"]["speaker"] for note in written["annotations"])


def test_selector_context_is_about_32_characters_and_widens_for_a_repeated_quote():
    again = " Bo said: \u201cWe stay.\u201d "
    text = "Ana said: \u201cWe stay.\u201d " + "y" * 40 + "x" * 40 + again + "x" * 40 + again + "x" * 40
    first = text.index("We stay.")
    selector = quote_selector(text, first, first + 8)
    assert selector["prefix"] == text[:first] and len(selector["suffix"]) == 32
    second, third = text.index("We stay.", first + 1), text.rindex("We stay.")
    # the same 32 characters surround the second and third occurrences: the selector widens until it tells them
    assert text[second - 32:second + 40] == text[third - 32:third + 40]
    wide = quote_selector(text, second, second + 8)
    assert len(wide["prefix"]) == 64 and anchor(text, wide) == (second, second + 8)
    assert anchor(text, quote_selector(text, third, third + 8)) == (third, third + 8)


def test_anchor_refuses_an_ambiguous_or_absent_quote():
    text = "He said: \u201cNo.\u201d She said: \u201cNo.\u201d"
    assert anchor(text, {"exact": "No.", "prefix": "", "suffix": ""}) is None
    assert anchor(text, {"exact": "Yes.", "prefix": "", "suffix": ""}) is None
    assert anchor(text, {"exact": "No.", "prefix": "She said: \u201c"}) == (text.rindex("No."), len(text) - 1)


def test_registry_ids_become_links_when_they_name_a_resource():
    assert registry_link("Q7747") == {"sameAs": "http://www.wikidata.org/entity/Q7747"}
    assert registry_link("https://orcid.org/0000-0002-1825-0097") == {"sameAs": "https://orcid.org/0000-0002-1825-0097"}
    assert registry_link("staff-114") == {"identifier": "staff-114"}
    assert registry_link(None) == {}


def test_article_without_url_gets_a_urn():
    assert article_iri({"article_id": "corpus:12 a", "url": None}) == "urn:quotes:article:corpus:12%20a"
    assert article_iri({"article_id": "x", "url": "https://example.org/a"}) == "https://example.org/a"


# -- schema.org JSON-LD ---------------------------------------------------------------------------------------


def test_jsonld_quotations_name_speaker_and_article(tmp_path):
    out = tmp_path / "quotes.jsonld"
    run = ["--parser", "spacy", "--jobs", "1", "--registry", REGISTRY]
    _cli(["extract", SEEDS, ROOT / "data" / "examples", *run, "--format", "jsonld", "-o", out])
    records = _jsonl(_cli(["extract", SEEDS, ROOT / "data" / "examples", *run, "--format", "jsonl"]))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"] == "https://schema.org"
    items = doc["@graph"]
    assert [(i["@type"], i["identifier"], i["text"]) for i in items] == \
        [("Quotation", r["quote_id"], r["text"]) for r in records]
    for item, record in zip(items, records, strict=True):
        kind = {"person": "Person", "organization": "Organization", "media": "NewsMediaOrganization"}
        if record["speaker"] and record["speaker_type"] in kind:
            assert item["creator"] == item["spokenByCharacter"]
            assert item["creator"]["@type"] == kind[record["speaker_type"]]
            assert item["creator"]["name"] == record["speaker"]
        else:
            assert "creator" not in item
        article = item["isPartOf"]
        assert article["@type"] == "NewsArticle" and article.get("datePublished") == record["published"]
        assert article.get("url") == record["url"]
        assert article.get("publisher", {}).get("name") == record["source"]
    peskov = [i for i in items if i.get("creator", {}).get("name") == "Dmitry Peskov"]
    assert peskov and peskov[0]["creator"]["sameAs"] == "http://www.wikidata.org/entity/Q4157015"


def test_empty_run_writes_empty_documents(tmp_path):
    empty = tmp_path / "calm.txt"
    empty.write_text("The river was calm on Tuesday and the ferry left on time.\n", encoding="utf-8")
    assert json.loads(_cli(["extract", empty, "--format", "annotation"]).stdout) == []
    assert json.loads(_cli(["extract", empty, "--format", "jsonld"]).stdout)["@graph"] == []


def test_database_export_writes_the_same_annotations(tmp_path):
    db = tmp_path / "ledger.db"
    _cli(["add", SEEDS, "--db", db, "--parser", "spacy", "--jobs", "1"])
    direct = _cli(["extract", SEEDS, "--parser", "spacy", "--jobs", "1", "--format", "annotation"]).stdout
    assert _cli(["export", "--db", db, "extract", "--format", "annotation"]).stdout == direct


def test_interchange_formats_are_for_quote_records(tmp_path):
    runner = click.testing.CliRunner()
    assert runner.invoke(cli, ["ledger", str(SEEDS), "--format", "annotation"]).exit_code == 2
    db = tmp_path / "ledger.db"
    result = runner.invoke(cli, ["export", "--db", str(db), "ledger", "--format", "jsonld"])
    assert result.exit_code == 2 and "quote records" in result.output
