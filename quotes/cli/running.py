"""From parsed options to a pipeline run: the run's keyword arguments, the progress counter on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from ..preflight import default_jobs
from .output import warn


def run_all(opts: dict[str, Any], keep_texts: bool = False) -> Any:
    """The run with every record in memory (for the report, which shows them all)."""
    from ..pipeline import run

    progress = Progress() if sys.stderr.isatty() else None
    try:
        return run(opts["paths"], progress=progress, keep_texts=keep_texts, **run_options(opts))
    finally:
        if progress is not None:
            progress.close()


@contextmanager
def streamed(opts: dict[str, Any], keep_texts: bool = False) -> Iterator[Any]:
    """The run with its records on disk (`pipeline.stream`): memory stays flat however large the corpus, unless
    `keep_texts` keeps every article's text (for annotation selectors)."""
    from ..pipeline import stream

    progress = Progress() if sys.stderr.isatty() else None
    try:
        with stream(opts["paths"], progress=progress, keep_texts=keep_texts, keep_articles=keep_texts,
                    **run_options(opts)) as done:
            if progress is not None:
                progress.close()
                progress = None
            yield done
    finally:
        if progress is not None:
            progress.close()


def run_options(opts: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of `pipeline.run` / `pipeline.stream` from the command's options."""
    return {"parser": opts["parser"], "model": opts["model"], "jobs": jobs(opts),
            "source_name": opts["source_name"], "registry": opts["registry"], "input_format": opts["input_format"],
            "encoding": opts["encoding"], "max_article_size": opts["max_article_size"],
            "fail_fast": opts["fail_fast"], "on_warning": warn, "attributions": opts["attributions"],
            "on_parser": say_parser, **engine(opts), "extractor": extractor(opts)}


def jobs(opts: dict[str, Any]) -> int:
    return opts["jobs"] or default_jobs(opts["paths"], opts["input_format"])


def say_parser(label: str) -> None:
    click.echo(f"quotes: parser {label}", err=True)


def extractor(opts: dict[str, Any]) -> Any:
    """The run's span model (None for the rules alone), reported once on standard error."""
    from ..extract.model import get_extractor

    found = get_extractor(opts["extractor"], opts["combine"])
    if found is None and opts["combine"]:
        raise click.UsageError("--combine needs a model: add --extractor MODEL_DIR (or set QUOTES_EXTRACTOR)")
    if found is not None:
        click.echo(f"quotes: extractor {found.folder} ({found.mode})", err=True)
    return found


def engine(opts: dict[str, Any]) -> dict[str, Any]:
    """run() options for the cache and the engine."""
    if opts["scheduler"] and opts["engine"] != "dask":
        raise click.UsageError("--scheduler is for the Dask engine: add --engine dask")
    return {"cache": cache(opts), "engine": opts["engine"], "scheduler": opts["scheduler"]}


def cache(opts: dict[str, Any]) -> bool | str:
    """The run's `cache` option from --cache DIR / --no-cache."""
    if opts["no_cache"] and opts["cache_dir"]:
        raise click.UsageError("--cache DIR and --no-cache contradict each other: give one")
    return False if opts["no_cache"] else (opts["cache_dir"] or True)


class Progress:
    """A one-line counter on standard error (only used when it is a terminal), erased when the run is done so
    that nothing is left above the output."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream
        self.shown = False

    def __call__(self, articles: int, quotes: int) -> None:
        self._show(f"\r{CLEAR_LINE}quotes: {articles} articles done, {quotes} quotes")
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self._show(f"\r{CLEAR_LINE}")  # back to the line's start, cleared: nothing left above the output
            self.shown = False

    def _show(self, text: str) -> None:
        # written as is: click.echo would strip the escape sequence whenever it cannot see a terminal
        out = self.stream if self.stream is not None else sys.stderr
        out.write(text)
        out.flush()


CLEAR_LINE = "\x1b[K"  # ANSI: erase to the end of the line
