"""Where the time of one `quotes extract --jobs 1 --no-cache` run goes, stage by stage.

Run: `python bench/stages.py PATH... [--attributions all]`. The command runs in this process with timers wrapped
around the functions of each stage (ingest, the spaCy parse, converting its output, each extraction rule family,
the rest of extraction, in-article resolution, the spill file, canonical names, clusters, wording, export).
Timers nest: a stage's figure is its own time, without the stages it calls (the parse pulls articles from ingest,
extraction calls the rule families), so the figures add up to the whole run; what no timer covers (start-up
imports, model loading, the command line) is `other`. Prints a table and, with `--json`, one JSON line.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

# The rule families that quotes.extract.extract_quotes calls, by the names it calls them under.
FAMILIES = ("transcript_labels", "direct_quotes", "reported_speech", "according_to", "naming_quotes",
            "nonfinite_statements", "findings", "noun_statements", "relative_namings", "misread_findings",
            "speech_acts", "as_asides", "stances", "intentions", "headline_labels", "find_spans")


class Timers:
    """Own time per stage, with nesting: a stage's time excludes the stages timed inside it."""

    def __init__(self) -> None:
        self.own: dict[str, float] = defaultdict(float)
        self._stack: list[list] = []  # [name, start, time of timed children]

    def enter(self, name: str) -> None:
        self._stack.append([name, time.perf_counter(), 0.0])

    def leave(self) -> None:
        name, start, children = self._stack.pop()
        spent = time.perf_counter() - start
        self.own[name] += spent - children
        if self._stack:
            self._stack[-1][2] += spent

    def call(self, name: str, fn: Callable) -> Callable:
        """`fn` timed as `name`; a generator's results are collected inside the timer (the callers of the
        wrapped functions consume them whole)."""
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            self.enter(name)
            try:
                out = fn(*args, **kwargs)
                return list(out) if isinstance(out, Iterator) else out
            finally:
                self.leave()
        return timed

    def stream(self, name: str, fn: Callable) -> Callable:
        """`fn` returning an iterator consumed lazily: the time inside each `next` is `name`'s."""
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            it = iter(fn(*args, **kwargs))
            while True:
                self.enter(name)
                try:
                    item = next(it)
                except StopIteration:
                    return
                finally:
                    self.leave()
                yield item
        return timed


def instrument(timers: Timers) -> None:
    """Wrap the stages' functions where the pipeline looks them up."""
    import quotes.export
    from quotes import extract, pipeline, resolve
    from quotes.parse import spacy_backend
    from quotes.parse.spacy_backend import SpacyBackend
    from quotes.spill import Spill

    pipeline.read_inputs = timers.stream("ingest", pipeline.read_inputs)
    spacy_backend.load_pipeline = timers.call("model load", spacy_backend.load_pipeline)
    SpacyBackend._pipe = timers.stream("parse (spaCy)", SpacyBackend._pipe)
    SpacyBackend.assemble = timers.call("parse (convert)", SpacyBackend.assemble)
    for name in FAMILIES:
        setattr(extract, name, timers.call(f"extract: {name}", getattr(extract, name)))
    extract.extract_quotes = timers.call("extract: rest", extract.extract_quotes)
    resolve.resolve_article = timers.call("resolve (in-article)", resolve.resolve_article)
    Spill.add = timers.call("spill", Spill.add)
    Spill._canonical = timers.call("canonical names", Spill._canonical)
    Spill._cluster = timers.call("cluster", Spill._cluster)
    Spill._wording = timers.call("wording", Spill._wording)
    quotes.export.write_chunks = timers.call("export", quotes.export.write_chunks)


def profile(paths: list[str], extra: list[str]) -> tuple[float, dict[str, float]]:
    """Run `quotes extract PATHS --jobs 1 --no-cache` here; (wall seconds, own seconds per stage)."""
    t0 = time.perf_counter()
    timers = Timers()
    instrument(timers)
    from quotes.cli import cli

    out = Path("/tmp") / f"quotes-stages-{id(timers)}.csv"
    try:
        cli.main(["extract", *paths, "-o", str(out), "--jobs", "1", "--no-cache", *extra], prog_name="quotes",
                 standalone_mode=False)
    finally:
        out.unlink(missing_ok=True)
    total = time.perf_counter() - t0
    own = dict(timers.own)
    own["other (imports, model load, CLI)"] = total - sum(own.values())
    return total, own


def table(total: float, own: dict[str, float]) -> str:
    lines = [f"  {'stage':<40} {'seconds':>9} {'share':>7}"]
    for name, seconds in sorted(own.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {name:<40} {seconds:9.2f} {seconds / total:7.1%}")
    lines.append(f"  {'total (wall)':<40} {total:9.2f} {1:7.1%}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", help="inputs, as for quotes extract")
    ap.add_argument("--attributions", default=None, help="passed to quotes extract")
    ap.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = ap.parse_args()
    extra = ["--attributions", args.attributions] if args.attributions else []
    total, own = profile(args.paths, extra)
    print(table(total, own))
    if args.json:
        print(json.dumps({"total": total, "stages": own}))


if __name__ == "__main__":
    main()
