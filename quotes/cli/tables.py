"""Commands that write a table of one run over articles: extract, ledger, speakers, variants, articles."""

from __future__ import annotations

from typing import Any

import click

from ..interchange import INTERCHANGE_FORMATS
from ..records import ARTICLE_COLUMNS, LEDGER_COLUMNS, QUOTE_COLUMNS, SPEAKER_COLUMNS
from . import output
from .app import CONTEXT, cli
from .options import (
    cache_options,
    engine_options,
    filter_options,
    input_options,
    output_options,
    parser_option,
    quote_output_options,
)
from .output import check_output, check_sort, day, filtered_out, quote_filters, summary, warn, write
from .running import cache, streamed


@cli.command(context_settings=CONTEXT)
@input_options
@parser_option
@filter_options()
@engine_options
@quote_output_options
def extract(**opts: Any) -> None:
    """One row per quote: content, offsets, cue, speaker mention, canonical speaker, cluster.

    \b
    Examples:
      quotes extract seeds/ -o quotes.csv
      quotes extract corpus.jsonl --format jsonl --speaker "Dmitry Peskov"
      cat article.txt | quotes extract - --source-name Reuters
      quotes extract seeds/ --format annotation -o annotations.jsonld
    """
    from ..export import resolve_format, write_chunks
    from ..ledger import quote_chunks
    from ..views import record_filter

    check_sort(opts, QUOTE_COLUMNS)
    check_output(opts)
    with streamed(opts, keep_texts=opts["fmt"] == "annotation") as done:
        quotes = done.spill.quotes(keep=record_filter(done.spill, quote_filters(opts)), sort=opts["sort"])
        if opts["fmt"] in INTERCHANGE_FORMATS:
            output.write_interchange((q.to_row() for q in quotes), done.result.articles, opts)
            summary(done.result, opts)
            return
        warnings, rows = write_chunks(quote_chunks(quotes), list(QUOTE_COLUMNS), opts["output"],
                                      resolve_format(opts["output"], opts["fmt"]), excel=opts["excel"])
        output.wrote(warnings, rows, opts)
        filtered_out(rows, done.result.n_quotes, "quotes", opts)
        summary(done.result, opts)


@cli.command(context_settings=CONTEXT)
@input_options
@parser_option
@filter_options(ledger=True)
@engine_options
@output_options
def ledger(**opts: Any) -> None:
    """One row per canonical speaker: counts of quotes, statements, articles and outlets, dates, aliases.

    Quote filters (--quote-type, --source, --since, --until) choose the quotes counted; --speaker,
    --speaker-type and --min-quotes choose the rows.

    \b
    Examples:
      quotes ledger seeds/ -o ledger.csv
      quotes ledger corpus/ --min-quotes 3 --speaker-type person -o ledger.xlsx
    """
    from ..ledger import KIND_COLUMNS
    from ..views import ledger_view

    kinds = opts["attributions"] != "speech"
    check_sort(opts, LEDGER_COLUMNS + (KIND_COLUMNS if kinds else ()))
    check_output(opts)
    with streamed(opts) as done:
        df = ledger_view(done.spill, quote_filters(opts), min_quotes=opts["min_quotes"], kinds=kinds,
                         sort=opts["sort"])
        write(df, opts)
        filtered_out(len(df), done.result.n_quotes, "speakers", opts)
        summary(done.result, opts)


@cli.command(context_settings=CONTEXT)
@input_options
@parser_option
@filter_options(ledger=True)
@engine_options
@output_options
def speakers(**opts: Any) -> None:
    """The canonical speakers found (speaker, speaker_type, n_quotes, aliases).

    A readable table on a terminal; any --format otherwise.

    \b
    Examples:
      quotes speakers seeds/
      quotes speakers corpus/ --speaker-type organization --format csv -o speakers.csv
    """
    from ..views import speakers_view

    check_sort(opts, SPEAKER_COLUMNS)
    check_output(opts)
    with streamed(opts) as done:
        df = speakers_view(done.spill, quote_filters(opts), min_quotes=opts["min_quotes"],
                           kinds=opts["attributions"] != "speech", sort=opts["sort"])
        if opts["output"] is None and opts["fmt"] is None and output.stdout_is_terminal():
            output.show_table(df)
        else:
            write(df, opts)
        filtered_out(len(df), done.result.n_quotes, "speakers", opts)
        summary(done.result, opts)


@cli.command(context_settings=CONTEXT)
@input_options
@parser_option
@filter_options()
@engine_options
@output_options
def variants(**opts: Any) -> None:
    """How each outlet rendered the same statement: one block per statement reported in more than one wording.

    Each rendering with its outlet, date, wording (identical, orthographic, abridged, paraphrase, altered) and its
    diff against the statement's reference rendering; an altered quotation kept apart from the statement it
    varies (a changed number, name or negation) is shown with it. A readable table on a terminal; any --format
    otherwise. Filters choose the renderings shown (--wording altered: only the altered ones).

    \b
    Examples:
      quotes variants corpus/
      quotes variants corpus/ --wording altered --format jsonl -o altered.jsonl
    """
    from ..ledger import VARIANT_COLUMNS
    from ..views import variants_view

    check_sort(opts, VARIANT_COLUMNS)
    check_output(opts)
    with streamed(opts) as done:
        df = variants_view(done.spill, quote_filters(opts), opts["sort"])
        if opts["output"] is None and opts["fmt"] is None and output.stdout_is_terminal():
            _show_variants(df)
        else:
            write(df, opts)
        summary(done.result, opts)


def _show_variants(df: Any) -> None:
    """One table per statement, headed by its speaker."""
    import shutil

    from ..export import render_table

    for statement, block in df.groupby("statement", sort=False):
        shown = block[["source", "published", "wording", "wording_diff", "text"]]
        click.echo(f"{block['speaker'].iloc[0]} — statement {statement}")
        click.echo(render_table(shown, max_width=shutil.get_terminal_size().columns))


@cli.command(context_settings=CONTEXT)
@input_options
@click.option("--source", default=None, metavar="NAME", help="Only articles from this outlet.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="Only articles published on or after this date.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="Only articles published on or before this date.")
@click.option("--sort", default=None, metavar="COLUMN", help="Sort rows by COLUMN.")
@cache_options
@output_options
def articles(**opts: Any) -> None:
    """One row per article: article_id, source, url, title, published, and the text that offsets index.

    \b
    Examples:
      quotes articles seeds/ --format jsonl
      quotes articles page.html corpus.csv -o articles.parquet
    """
    from .. import articles_frame
    from ..pipeline import read_articles
    from ..views import sorted_by

    check_sort(opts, ARTICLE_COLUMNS)
    check_output(opts)
    result = read_articles(opts["paths"], source_name=opts["source_name"], input_format=opts["input_format"],
                           encoding=opts["encoding"], max_article_size=opts["max_article_size"],
                           fail_fast=opts["fail_fast"], on_warning=warn, cache=cache(opts))  # pages downloaded
    df = articles_frame(result.articles, source=opts["source"], since=day(opts["since"]), until=day(opts["until"]))
    write(sorted_by(df, opts["sort"]), opts)
    summary(result, opts, quotes=False)

