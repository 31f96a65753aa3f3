"""The model shipped in the package (`--extractor corpus`): trained on the project's own corpus, loadable offline,
and the rules stay the default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import quotes
from quotes.annotations.formats import read_annotations
from quotes.cli import cli
from quotes.extract.model import get_extractor, shipped_model
from quotes.learn.train import fingerprint

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus" / "brat"


@pytest.fixture(scope="module")
def meta() -> dict:
    folder = shipped_model("corpus")
    assert folder is not None and (folder / "meta.json").is_file(), "the corpus model is not in the package"
    return json.loads((folder / "meta.json").read_text(encoding="utf-8"))


def test_the_shipped_model_was_trained_on_this_corpus(meta):
    """Retrain (`quotes train data/corpus/brat -o quotes/models/corpus`) whenever the corpus changes."""
    data = meta["quotes"]["data"] if "quotes" in meta else meta["data"]
    assert data["fingerprint"] == fingerprint(read_annotations([CORPUS]))
    assert data["articles"] >= 300 and data["attributions"] >= 5000


def test_corpus_names_the_shipped_model_and_rules_stay_the_default(monkeypatch):
    monkeypatch.delenv("QUOTES_EXTRACTOR", raising=False)
    assert get_extractor(None) is None and get_extractor("rules") is None
    model = get_extractor("corpus")
    assert model is not None and Path(model.folder) == shipped_model("corpus")


def test_extract_with_the_shipped_model(runner, seeds_dir):
    text = ("Harbour workers vote to strike\n\nUnion leader Petra Vold told reporters the vote was final. “We have "
            "waited two years,” she said. “Nobody on the quay believes the offer will change.” The port authority, "
            "which called the strike unlawful, said it would go to court on Monday.\n")
    rules = quotes.run([quotes.Article("a", text)], parser="spacy").quotes
    hybrid = quotes.run([quotes.Article("a", text)], parser="spacy", extractor="corpus").quotes
    assert hybrid and all(text[q.start:q.end] == q.text for q in hybrid)
    assert {q.speaker for q in hybrid} >= {q.speaker for q in rules}
    out = runner.invoke(cli, ["extract", str(seeds_dir), "--extractor", "corpus", "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    assert "Dmitry Peskov" in out.stdout
