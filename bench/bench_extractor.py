"""Benchmark: extraction with a trained model (`--extractor MODEL_DIR`) against the rules alone.

Run: `python bench/bench_extractor.py MODEL_DIR [PATH...]` (PATH: articles as `quotes extract` reads them; default:
300 generated articles from bench_pipeline.py's templates). Target: with the model, at most 1.5x the time of the
rules alone.

Paired in one process, so that a shared machine's slower and faster spells fall on both arms alike: for every
`--chunk` articles, the per-article steps (parse, extract, resolve) with the rules alone and with the model
(parse, extract, the model's tagging of every paragraph, the hybrid merge, resolve), in an order that alternates,
the parse cache off. Model and parser loading are left out (both happen once per process); the model's load time
is printed apart, and so is the time the model's tagging alone takes, to tell its cost from the merge's.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
sys.path.insert(0, str(ROOT / "bench"))


def paired(model_dir: str, paths: list[str], chunk: int = 20) -> dict:
    from quotes.extract import article_paragraphs
    from quotes.extract.model import SpanModel
    from quotes.learn.folder import load_model
    from quotes.parse import get_parser
    from quotes.pipeline import process_articles, read_articles

    articles = [a for a in read_articles(paths).articles if a.text.strip()]
    backend = get_parser("spacy", jobs=1, quiet=True)
    model = SpanModel.open(model_dir)
    t0 = time.perf_counter()
    load_model(model.folder)
    loaded = time.perf_counter() - t0
    warm = articles[:2]
    list(process_articles(warm, backend))
    list(process_articles(warm, backend, extractor=model))
    counts = {"rules": 0, "model": 0}
    seconds = {"rules": 0.0, "model": 0.0, "tagging": 0.0}

    def run(part: list, name: str) -> None:
        extractor = model if name == "model" else None
        for item in process_articles(part, backend, extractor=extractor):
            if isinstance(item, tuple):
                counts[name] += len(item[1])

    for k, i in enumerate(range(0, len(articles), chunk)):
        part = articles[i:i + chunk]
        for name in (("rules", "model") if k % 2 == 0 else ("model", "rules")):
            t0 = time.perf_counter()
            run(part, name)
            seconds[name] += time.perf_counter() - t0
        t0 = time.perf_counter()
        for a in part:
            model.propose(a.text, article_paragraphs(a.text))
        seconds["tagging"] += time.perf_counter() - t0
    words = sum(len(a.text.split()) for a in articles)
    return {"articles": len(articles), "words": words, "seconds": seconds, "quotes": counts,
            "model_load_seconds": loaded, "ratio": seconds["model"] / seconds["rules"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model", help="a model folder made by `quotes train`")
    ap.add_argument("paths", nargs="*", help="articles (default: generated ones)")
    ap.add_argument("--n", type=int, default=300, help="generated articles when no PATH is given (default 300)")
    ap.add_argument("--chunk", type=int, default=20, help="articles per alternation (default 20)")
    ap.add_argument("--json", action="store_true", help="print the measurement as one JSON line")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = args.paths
        if not paths:
            from bench_pipeline import write_corpus

            corpus = Path(tmp) / "corpus.jsonl"
            write_corpus(corpus, args.n)
            paths = [str(corpus)]
        out = paired(args.model, paths, args.chunk)
    if args.json:
        print(json.dumps(out))
        return
    s = out["seconds"]
    print(f"{out['articles']} articles, {out['words']} words; model loaded in {out['model_load_seconds']:.1f} s")
    print(f"  rules alone      {s['rules']:7.1f} s  {out['words'] / s['rules']:7.0f} words/s  {out['quotes']['rules']} quotes")
    print(f"  with the model   {s['model']:7.1f} s  {out['words'] / s['model']:7.0f} words/s  {out['quotes']['model']} quotes")
    print(f"  (model tagging   {s['tagging']:7.1f} s  {out['words'] / s['tagging']:7.0f} words/s)")
    print(f"  ratio with / without: {out['ratio']:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
