"""The HTML report, and the commands around the runs: schema, train, models, cache."""

from __future__ import annotations

from typing import Any

import click

from ..records import LEDGER_COLUMNS
from . import output
from .app import CONTEXT, QuotesGroup, cli
from .options import CACHE_DIR_OPTION, engine_options, filter_options, input_options, parser_option
from .running import run_all


@cli.command(context_settings=CONTEXT)
@input_options
@parser_option
@filter_options(ledger=True)
@engine_options
@click.option("-o", "--output", required=True, metavar="FILE", help="The HTML file to write (atomically).")
def report(**opts: Any) -> None:
    """A self-contained HTML report: summary, ledger, charts and every quote in its context.

    The file needs no network to open. Filters choose the quotes shown, as for `quotes extract`.

    \b
    Examples:
      quotes report seeds/ -o report.html
      quotes report corpus/ --since 2024-01-01 --speaker-type person -o report.html
    """
    from ..report import make_summary, render_report, write_report
    from ..views import quotes_and_ledger

    output.check_sort(opts, LEDGER_COLUMNS)
    output.check_not_an_input(opts["output"], opts["paths"])
    result = run_all(opts, keep_texts=True)  # the report shows quotes in their articles
    qdf, ledger_df = quotes_and_ledger(result.quotes, output.quote_filters(opts), min_quotes=opts["min_quotes"],
                                       sort=opts["sort"])
    summary = make_summary(result.articles, qdf, result.failures, result.parser_label)
    write_report(render_report(qdf, ledger_df, result.articles, summary=summary), opts["output"])
    click.echo(f"quotes: wrote the report to {opts['output']}", err=True)
    output.filtered_out(len(qdf), result.n_quotes, "quotes", opts)
    output.summary(result, opts)


@cli.command("schema", context_settings=CONTEXT)
@click.argument("record", type=click.Choice(["quote", "ledger"]), default="quote", required=False)
def schema_command(record: str) -> None:
    """Print the JSON Schema (draft 2020-12) of a Quote record (quote, the default) or a Ledger record (ledger).

    Every column with its type, whether it can be null and its allowed values, as `quotes extract` and
    `quotes ledger` write them in JSON, JSON Lines and Parquet.

    \b
    Examples:
      quotes schema quote > quote.schema.json
      quotes schema ledger
    """
    from ..schema import schema_text

    click.echo(schema_text(record), nl=False)
@cli.command("train", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...", type=click.Path(exists=True, path_type=str))
@click.option("-o", "--output", required=True, metavar="MODEL_DIR",
              help="The model folder to write (replaced atomically if it holds an earlier model).")
@click.option("--annotator", default=None, metavar="NAME",
              help="PolNeAR layout: read this annotator's files (X_NAME.ann) instead of each article's first.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the held-out sample, the shuffling and the weights: the same seed, the same model.")
@click.option("--held-out", type=click.FloatRange(0, 1, max_open=True), default=None, metavar="SHARE",
              help="Share of the articles held out to choose the best pass (default 0.1, from the config; none "
                   "when fewer than 5 articles would be held out).")
@click.option("--max-epochs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Passes over the training articles at most (default 6, from the config).")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=str), default=None, metavar="FILE",
              help="Another spaCy training config in the shape of the shipped one (quotes/learn/attribution.cfg).")
def train_command(**opts: Any) -> None:
    """Train a model of attribution spans (content, source, cue) on annotated articles, for --extractor.

    PATH... holds annotations: X.ann beside X.txt (BRAT standoff), a folder with PolNeAR's text/ and
    attributions/, citron .json files, or quotes' own .jsonl records (`quotes extract --format jsonl`, corrected
    by hand) with the article rows of `quotes articles --format jsonl`.

    \b
    Examples:
      quotes train data/corpus/brat -o my-model
      quotes train PolNeAR/data/train -o polnear-model
      quotes extract articles/ --extractor my-model -o quotes.csv
    """
    from ..learn import train

    training = train(opts["paths"], opts["output"], seed=opts["seed"], annotator=opts["annotator"],
                     held_out=opts["held_out"], max_epochs=opts["max_epochs"], config=opts["config"],
                     say=lambda line: click.echo(f"quotes: {line}", err=True))
    figures = training.meta.get("held_out", {})
    if figures:
        click.echo("quotes: held-out figures of the kept pass: " + ", ".join(
            f"{name} F1 {f['F1']:.3f}" for name, f in figures.items()), err=True)


@cli.group(cls=QuotesGroup, context_settings=CONTEXT)
def models() -> None:
    """Manage parser models.

    \b
    Example:
      quotes models download stanza
    """


@models.command("download", context_settings=CONTEXT)
@click.argument("name", type=click.Choice(["stanza"]))
def models_download(name: str) -> None:
    """Download a parser's English models (stanza needs the `quotes[stanza]` extra).

    \b
    Example:
      quotes models download stanza
    """
    from ..parse.models import download_stanza

    click.echo(f"quotes: stanza English models are in {download_stanza()}", err=True)


@cli.group("cache", cls=QuotesGroup, context_settings=CONTEXT)
def cache_group() -> None:
    """The cache of parses and extractions (a re-run over the same articles skips both).

    \b
    Examples:
      quotes cache info
      quotes cache clear
    """


@cache_group.command("info", context_settings=CONTEXT)
@CACHE_DIR_OPTION
def cache_info_command(cache_dir: str | None) -> None:
    """Where the cache is, how many entries it holds and its size on disk.

    \b
    Examples:
      quotes cache info
      quotes cache info --cache /data/quotes-cache
    """
    from ..cache import cache_info

    info = cache_info(cache_dir)
    click.echo(f"location: {info.location}\nentries: {info.entries} ({info.parses} parses, {info.extractions} "
               f"extractions)\nsize: {info.size_bytes / 1e6:.1f} MB")


@cache_group.command("clear", context_settings=CONTEXT)
@CACHE_DIR_OPTION
def cache_clear_command(cache_dir: str | None) -> None:
    """Remove every cached parse and extraction, and the downloaded web pages.

    \b
    Examples:
      quotes cache clear
      quotes cache clear --cache /data/quotes-cache
    """
    from ..cache import clear_cache, default_cache_dir

    freed = clear_cache(cache_dir)
    click.echo(f"quotes: cleared the cache in {cache_dir or default_cache_dir()} ({freed / 1e6:.1f} MB)", err=True)


