"""Commands over a ledger database (SQLite): add articles to it, export its tables, serve it in a browser."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..interchange import INTERCHANGE_FORMATS
from ..records import LEDGER_COLUMNS, QUOTE_COLUMNS
from . import output
from .app import CONTEXT, cli
from .options import DB_OPTION, cache_options, filter_options, input_options, parser_option, quote_output_options
from .running import Progress, cache, extractor, jobs, say_parser


@cli.command("add", context_settings=CONTEXT)
@input_options
@parser_option
@cache_options
@DB_OPTION
@click.option("--batch-size", type=click.IntRange(min=1), default=50, show_default=True, metavar="N",
              help="Articles written per transaction (a killed run keeps every batch written before it).")
def add_command(**opts: Any) -> None:
    """Add articles to a ledger database (created if missing), for `quotes export` to write.

    Articles already stored with the same text are skipped without parsing; an edited article (same id,
    new text) replaces its own quotes. Canonical speakers and clusters are recomputed over the whole database.

    \b
    Examples:
      quotes add seeds/ --db ledger.db
      quotes add today/ --db ledger.db --source-name Reuters
    """
    from ..store import add

    progress = Progress() if sys.stderr.isatty() else None
    try:
        report = add(opts["db"], opts["paths"], parser=opts["parser"], model=opts["model"], extractor=extractor(opts),
                     jobs=jobs(opts), source_name=opts["source_name"], registry=opts["registry"],
                     input_format=opts["input_format"], encoding=opts["encoding"],
                     max_article_size=opts["max_article_size"], batch_size=opts["batch_size"],
                     fail_fast=opts["fail_fast"], progress=progress, on_warning=output.warn, on_parser=say_parser,
                     cache=cache(opts), attributions=opts["attributions"])
    finally:
        if progress is not None:
            progress.close()
    click.echo(f"quotes: {report.articles_read} articles read: {report.new_articles} new, {report.unchanged} "
               f"unchanged, {report.replaced} replaced, {len(report.failures)} failed; {report.new_quotes} quotes "
               f"added to {opts['db']}", err=True)
    output.failed(report.failures)


@cli.command("export", context_settings=CONTEXT)
@click.argument("table", type=click.Choice(["extract", "ledger"]), default="extract", required=False)
@DB_OPTION
@click.option("--registry", type=click.Path(exists=True, dir_okay=False, path_type=str), default=None,
              metavar="FILE", help="Speaker registry (CSV or YAML), as for `quotes extract`.")
@filter_options(ledger=True)
@quote_output_options
def export_command(**opts: Any) -> None:
    """Write a ledger database's quotes (extract, the default) or per-speaker ledger (ledger).

    The output is exactly what `quotes extract` / `quotes ledger` write over the same articles.

    \b
    Examples:
      quotes export --db ledger.db extract -o quotes.csv
      quotes export --db ledger.db ledger --min-quotes 3 -o ledger.xlsx
      quotes export --db ledger.db extract --format jsonld -o quotes.jsonld
    """
    from ..export import plain
    from ..store import stored_articles
    from ..views import stored_table

    _check_export(opts)
    df = stored_table(opts["db"], opts["table"], registry=opts["registry"], filters=output.quote_filters(opts),
                      min_quotes=opts["min_quotes"], sort=opts["sort"])
    if opts["fmt"] in INTERCHANGE_FORMATS:
        rows = ({c: plain(v) for c, v in row.items()} for row in df.to_dict("records"))
        articles = stored_articles(opts["db"]) if opts["fmt"] == "annotation" else []
        output.write_interchange(rows, articles, opts)
        return
    output.write(df, opts)


def _check_export(opts: dict[str, Any]) -> None:
    """Usage errors of `quotes export`, found before the database is read."""
    ledger_table = opts["table"] == "ledger"
    if ledger_table and opts["fmt"] in INTERCHANGE_FORMATS:
        raise click.UsageError(f"--format {opts['fmt']} writes quote records: quotes export --db FILE extract "
                               f"--format {opts['fmt']}")
    if not ledger_table and opts["min_quotes"] is not None:
        raise click.UsageError("--min-quotes applies to the ledger: quotes export --db FILE ledger --min-quotes N")
    output.check_sort(opts, LEDGER_COLUMNS if ledger_table else QUOTE_COLUMNS)
    if opts["output"] not in (None, "-") and Path(opts["output"]).resolve() == Path(opts["db"]).resolve():
        raise click.UsageError("refusing to overwrite the ledger database with output: choose another -o FILE")
    output.check_output({**opts, "paths": ()})


@cli.command("serve", context_settings=CONTEXT)
@click.option("--db", required=True, metavar="FILE", type=click.Path(dir_okay=False, path_type=str),
              help="The ledger database (SQLite), as made by `quotes add`; opened read-only.")
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True, metavar="N",
              help="The port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="The address to listen on: 127.0.0.1 is this computer only; 0.0.0.0 opens it to the network.")
def serve_command(db: str, port: int, host: str) -> None:
    """Browse a ledger database in a web browser (Datasette; needs the `quotes[serve]` extra).

    Search the quote text and context, facet by speaker, type and outlet, follow a statement across outlets,
    run the canned queries. The database is opened read-only and never written. Stop with Ctrl-C.

    \b
    Examples:
      quotes serve --db ledger.db
      quotes serve --db ledger.db --port 8080
    """
    from ..serve import serve

    def ready(url: str) -> None:
        click.echo(f"quotes: serving {db} read-only at {url} (Ctrl-C to stop)", err=True)
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo(f"quotes: listening on {host}: other computers can read this ledger", err=True)

    serve(db, host=host, port=port, on_ready=ready)
