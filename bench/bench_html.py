"""Benchmark: how well `.html` pages are read, on trafilatura's public evaluation set (990 real web pages; per
page, snippets the main text must contain and boilerplate it must not).

Run: `python bench/bench_html.py TRAFILATURA_CHECKOUT [--fallback-only]`, where the checkout (or an export of it)
holds tests/evaldata.json, tests/cache/ and tests/eval/. Each page is read as `quotes articles PAGE.html` reads it
(quotes.ingest.read_inputs), so the text scored is exactly the text offsets index. Prints the share of main-text
snippets found, of boilerplate snippets kept out, and pages read (an article, not a failure), plus the warnings.
`--fallback-only` scores the tag-based fallback extractor alone, for comparison. The pages are never copied into
this repository.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from quotes.ingest import read_inputs
from quotes.records import Article


def norm(text: str) -> str:
    """Whitespace-normalized, as the benchmark's own scorer compares."""
    return re.sub(r"\s+", " ", text).strip()


def page_path(tests: Path, name: str) -> Path | None:
    for folder in ("cache", "eval"):
        if (tests / folder / name).is_file():
            return tests / folder / name
    return None


def read_page(path: Path, warnings: list[str], fallback_only: bool) -> Article | None:
    if fallback_only:
        from quotes.ingest.encoding import decode_html
        from quotes.ingest.tags import tag_article

        return tag_article(decode_html(path.read_bytes(), None, str(path), warnings.append), path.stem, str(path))
    items = list(read_inputs([str(path)], input_format="html", warn=warnings.append))
    return items[0] if len(items) == 1 and isinstance(items[0], Article) else None


def score(checkout: Path, fallback_only: bool = False) -> dict:
    tests = checkout / "tests"
    data = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
    found = wanted = kept_out = boilerplate = read = 0
    warnings: list[str] = []
    start = time.perf_counter()
    for url in sorted(data):
        item = data[url]
        path = page_path(tests, item["file"])
        article = read_page(path, warnings, fallback_only) if path is not None else None
        text = norm(article.text) if article is not None else ""
        read += article is not None
        found += sum(norm(s) in text for s in item["with"])
        wanted += len(item["with"])
        kept_out += sum(norm(s) not in text for s in item["without"])
        boilerplate += len(item["without"])
    return {"pages": len(data), "read": read, "found": found / wanted, "kept_out": kept_out / boilerplate,
            "seconds": time.perf_counter() - start, "warnings": warnings}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("checkout", type=Path, help="a trafilatura checkout or export (holding tests/evaldata.json)")
    ap.add_argument("--fallback-only", action="store_true", help="score the tag-based fallback extractor alone")
    args = ap.parse_args(argv)
    r = score(args.checkout, args.fallback_only)
    label = "tag-based fallback alone" if args.fallback_only else "quotes (trafilatura, fallback on empty)"
    print(f"{label}: main-text snippets found {r['found']:.3f}, boilerplate snippets kept out {r['kept_out']:.3f}, "
          f"pages read {r['read']}/{r['pages']} ({r['seconds']:.0f} s)")
    print(f"warnings: {len(r['warnings'])}")
    for message in r["warnings"]:
        print(f"  {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
