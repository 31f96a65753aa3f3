"""`quotes train`: a span model of attributions from annotated articles, made the same way every time.

Reads the annotations (any format `quotes.annotations` reads), holds out a fixed-seed random sample of
articles, turns the rest into one example per paragraph (`examples`), builds the pipeline from the checked-in
config (`attribution.cfg`) and trains pass after pass, scoring the held-out articles after each and keeping the
best pass (early stopping after `patience_epochs` passes without a better score). The same data, config and seed
give the same model and figures.
"""

from __future__ import annotations

import hashlib
import json
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..annotations import AnnotatedDoc, AnnotationError
from ..annotations.formats import read_annotations
from .examples import LABELS, Gold, gold_paragraphs, to_docs
from .folder import FORMAT, ModelError, save_model
from .scores import score_spans, selection_score

Say = Callable[[str], None]
CONFIG = "attribution.cfg"
MIN_HELD_OUT = 5  # fewer articles than this held out says too little to choose a pass: none are held out then


@dataclass
class Training:
    """What a training run did: the figures of the kept pass and the description written into meta.json."""

    folder: Path
    meta: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)


def default_config() -> str:
    return resources.files("quotes.learn").joinpath(CONFIG).read_text(encoding="utf-8")


def train(paths: Iterable[str | Path], output: str | Path, *, seed: int = 0, annotator: str | None = None,
          held_out: float | None = None, max_epochs: int | None = None, config: str | Path | None = None,
          say: Say | None = None) -> Training:
    """Train on the annotations under `paths` and write the model folder `output`. `held_out`: share of the
    articles held out to choose the best pass (default: the config's); `max_epochs` likewise; `config`: another
    spaCy config file in the shape of the shipped one. `say` receives progress lines."""
    say = say or (lambda line: None)
    started = time.monotonic()
    paths = [str(p) for p in paths]
    tally: Counter = Counter()
    docs = sorted(read_annotations(paths, annotator=annotator, tally=tally), key=lambda d: d.doc_id)
    if not any(d.attributions for d in docs):
        raise AnnotationError(f"{', '.join(paths)}: no attributions found to train on")
    cfg = _config(config, seed)
    settings = dict(cfg.get("quotes", {}))
    held_share = settings.get("held_out", 0.1) if held_out is None else held_out
    epochs = int(cfg["training"]["max_epochs"] if max_epochs is None else max_epochs)
    if not 0 <= held_share < 1:
        raise ModelError(f"held-out share {held_share} must be at least 0 and below 1")
    train_docs, dev_docs = split(docs, held_share, seed)
    say(f"read {len(docs)} articles ({sum(len(d.attributions) for d in docs)} attributions) from {', '.join(paths)}; "
        f"training on {len(train_docs)}, holding out {len(dev_docs)}" + _set_aside(tally))
    with tempfile.TemporaryDirectory(prefix="quotes-train-") as tmp:
        nlp, train_gold, dev_gold = _prepare(cfg, train_docs, dev_docs, Path(tmp), tally)
        adjusted = [f"{v} {k}" for k, v in sorted(tally.items()) if v and "spans" in k]
        if adjusted:
            say("examples: " + ", ".join(adjusted))
        history, best = _loop(nlp, cfg, train_gold, dev_gold, epochs, int(settings.get("patience_epochs", 3)), seed,
                              say)
    if best is not None:
        nlp.from_bytes(best["bytes"])
    kept = best.get("figures", {}) if best else {}
    meta = _meta(paths, docs, train_docs, dev_docs, tally, cfg, seed, annotator, history, best,
                 time.monotonic() - started)
    nlp.meta.update({"name": "quotes_attribution", "version": "1.0.0",
                     "description": "Attribution spans (CONTENT, SOURCE, CUE) made by `quotes train`",
                     "performance": {k: v["F1"] for k, v in kept.items()}, "quotes": meta})
    folder = save_model(nlp, output)
    say(f"wrote {folder} (pass {meta['chosen_epoch']} of {len(history)}; {meta['seconds']:.0f} s)")
    return Training(folder, meta, history)


def split(docs: list[AnnotatedDoc], share: float, seed: int) -> tuple[list[AnnotatedDoc], list[AnnotatedDoc]]:
    """(to train on, held out): a random sample drawn with `seed` from the articles in name order (files sorted by
    name tend to group by outlet, so the first ones would be a biased sample)."""
    n = round(share * len(docs))
    if n < MIN_HELD_OUT:
        return list(docs), []
    chosen = set(random.Random(seed).sample(range(len(docs)), n))
    return [d for k, d in enumerate(docs) if k not in chosen], [d for k, d in enumerate(docs) if k in chosen]


def fingerprint(docs: Iterable[AnnotatedDoc]) -> str:
    """A digest of the texts and attributions, independent of file order and format."""
    h = hashlib.sha256()
    for d in sorted(docs, key=lambda d: d.doc_id):
        atts = sorted((a.content, a.cue, a.source, a.kind) for a in d.attributions)
        h.update(json.dumps([d.doc_id, d.text, atts]).encode())
    return h.hexdigest()[:16]


def _config(path: str | Path | None, seed: int):
    from thinc.api import Config

    try:
        text = Path(path).read_text(encoding="utf-8") if path else default_config()
        cfg = Config().from_str(text, interpolate=False)
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: cannot read the training config ({exc})") from exc
    cfg["system"]["seed"] = seed
    return cfg


def _prepare(cfg, train_docs: list[AnnotatedDoc], dev_docs: list[AnnotatedDoc], tmp: Path, tally: Counter):
    """The initialised pipeline and the training and held-out examples (as `Gold` paragraphs)."""
    import spacy
    from spacy.tokens import DocBin
    from spacy.training.initialize import init_nlp

    train_gold = [g for d in train_docs for g in gold_paragraphs(d, tally)]
    dev_gold = [g for d in dev_docs for g in gold_paragraphs(d, Counter())]
    blank = spacy.blank(cfg["nlp"]["lang"])
    for name, golds in (("train", train_gold), ("dev", dev_gold)):
        DocBin(docs=list(to_docs(blank, golds, tally if name == "train" else Counter()))).to_disk(tmp / f"{name}.spacy")
    cfg["paths"]["train"] = str(tmp / "train.spacy")
    cfg["paths"]["dev"] = str(tmp / "dev.spacy")
    try:
        nlp = init_nlp(cfg)
    except OSError as exc:  # the base pipeline the tok2vec is sourced from is not installed
        raise ModelError(f"cannot build the pipeline: {exc}") from exc
    return nlp, train_gold, dev_gold


def _loop(nlp, cfg, train_gold: list[Gold], dev_gold: list[Gold], epochs: int, patience: int, seed: int,
          say: Say) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Train pass after pass; after each, score the held-out paragraphs with the averaged weights and keep the
    best pass's bytes. Without held-out articles the last pass is kept."""
    from spacy.training import Example
    from spacy.util import registry
    from thinc.api import fix_random_seed

    training = registry.resolve(cfg.interpolate()["training"])
    optimizer, batcher, dropout = training["optimizer"], training["batcher"], training["dropout"]
    fix_random_seed(seed)
    rng = random.Random(seed)
    docs = list(to_docs(nlp, train_gold, Counter()))
    examples = [Example(nlp.make_doc(d.text), d) for d in docs]
    history: list[dict[str, Any]] = []
    best: dict[str, Any] | None = None
    started = time.monotonic()
    for epoch in range(1, epochs + 1):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in batcher(examples):
            nlp.update(batch, drop=dropout, sgd=optimizer, losses=losses)
        row: dict[str, Any] = {"epoch": epoch, "loss": round(float(losses.get("ner", 0.0)), 1),
                               "seconds": round(time.monotonic() - started, 1)}
        with nlp.use_params(optimizer.averages):
            if dev_gold:
                row["figures"] = evaluate(nlp, dev_gold)
                row["score"] = selection_score(row["figures"])
            better = best is None or not dev_gold or row["score"] > best["score"]
            if better:
                best = {**row, "bytes": nlp.to_bytes()}
        history.append(row)
        say(_progress_line(row, epochs, better and bool(dev_gold)))
        if dev_gold and epoch - best["epoch"] >= patience:
            say(f"no better held-out score in {patience} passes: stopping")
            break
    return history, best


def evaluate(nlp, golds: list[Gold]) -> dict[str, dict[str, float]]:
    """Held-out figures of `nlp` on the paragraphs `golds`."""
    texts = [g.text for g in golds]
    pairs = []
    for gold, doc in zip(golds, nlp.pipe(texts, batch_size=64), strict=True):
        pred = [(e.label_, e.start_char, e.end_char) for e in doc.ents]
        pairs.append((gold.text, pred, list(gold.spans)))
    return score_spans(pairs)


def _progress_line(row: dict[str, Any], epochs: int, best: bool) -> str:
    line = f"pass {row['epoch']}/{epochs}  loss {row['loss']:.0f}"
    f = row.get("figures")
    if f:
        line += (f"  held-out content F1 @0.3 {f['content@0.3']['F1']:.3f} @0.8 {f['content@0.8']['F1']:.3f} "
                 f"exact {f['content_exact']['F1']:.3f}  source {f['source_exact']['F1']:.3f}  "
                 f"cue {f['cue_exact']['F1']:.3f}")
    line += f"  {row['seconds']:.0f} s"
    return line + ("  (best so far)" if best else "")


def _set_aside(tally: Counter) -> str:
    parts = [f"{v} {k}" for k, v in sorted(tally.items()) if v]
    return ("; set aside: " + ", ".join(parts)) if parts else ""


def _meta(paths: list[str], docs, train_docs, dev_docs, tally: Counter, cfg, seed: int, annotator: str | None,
          history: list[dict[str, Any]], best: dict[str, Any] | None, seconds: float) -> dict[str, Any]:
    import platform

    import spacy

    from .. import __version__
    from ..parse.spacy_backend import installed_meta

    base = cfg["paths"].get("base") or ""
    base_meta = installed_meta(base) or {}
    return {
        "format": FORMAT,
        "labels": list(LABELS),
        "seed": seed,
        "data": {"paths": paths, "annotator": annotator, "fingerprint": fingerprint(docs),
                 "articles": len(docs), "attributions": sum(len(d.attributions) for d in docs),
                 "train_articles": len(train_docs), "held_out_articles": len(dev_docs),
                 "held_out_ids": sorted(d.doc_id for d in dev_docs),
                 "set_aside": {k: v for k, v in sorted(tally.items()) if v}},
        "held_out": best.get("figures", {}) if best else {},
        "chosen_epoch": best["epoch"] if best else 0,
        "history": [{k: v for k, v in row.items() if k != "figures"} for row in history],
        "training": {k: cfg["training"][k] for k in ("dropout", "max_epochs")} | dict(cfg.get("quotes", {})),
        "versions": {"quotes": __version__, "spacy": spacy.__version__, "python": platform.python_version(),
                     "base": f"{base}-{base_meta.get('version', '?')}"},
        "seconds": round(seconds, 1),
    }
