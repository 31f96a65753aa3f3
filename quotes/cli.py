"""The `quotes` command line: parses options, calls the library, writes tables and a run summary.

Exit status: 0 when every input was processed, 1 when any input failed (the others are still written)
or the run could not go on (a library error, printed as one line), 2 for usage errors.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import AmbiguousSpeaker, QuotesError
from .ingest import DEFAULT_MAX_ARTICLE_SIZE, INPUT_FORMATS, is_url, iter_files, parse_size
from .interchange import INTERCHANGE_FORMATS
from .records import (
    ARTICLE_COLUMNS,
    ATTRIBUTION_CHOICES,
    LEDGER_COLUMNS,
    QUOTE_COLUMNS,
    QUOTE_TYPES,
    SPEAKER_COLUMNS,
    SPEAKER_TYPES,
    WORDING_CLASSES,
)

PARSERS = ("auto", "spacy", "stanza", "conllu")
COMBINE_MODES = ("hybrid", "boundaries", "wide", "model")  # quotes.extract.model.MODES
FORMATS = ("csv", "jsonl", "json", "parquet", "xlsx")
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 110}


class QuotesGroup(click.Group):
    """Turns library errors into one-line click errors (no traceback), for every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AmbiguousSpeaker as exc:  # the option's value is at fault, not the inputs: a usage error
            raise click.UsageError(str(exc)) from exc
        except QuotesError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=QuotesGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="quotes")
def cli() -> None:
    """Find every quotation in news articles, link it to a canonical speaker, and build a per-speaker ledger.

    \b
    Examples:
      quotes extract seeds/ -o quotes.csv        one row per quote
      quotes ledger seeds/ -o ledger.xlsx        one row per speaker
      quotes speakers seeds/                     who is quoted, as a table
      quotes articles seeds/ --format jsonl      the texts that offsets index
      quotes report seeds/ -o report.html        an HTML report to read offline
      quotes add today/ --db ledger.db           grow a ledger database day by day
      quotes serve --db ledger.db                browse it in a web browser (quotes[serve])
      quotes train annotated/ -o my-model        learn attribution spans from annotations
    """


class Interrupted(BaseException):
    """A termination signal, raised in the main thread so that every `finally` cleans up as for a failed run (the
    spill folder and temporary output removed, the previous output left as it was). A BaseException: no
    isolation boundary of the pipeline (which catches Exception per article) may swallow it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


STOP_SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP")


def _on_signal(signum: int, frame: object) -> None:
    raise Interrupted(signum)


def main() -> None:
    """Console-script entry point: SIGTERM, SIGINT and SIGHUP end the run like a failure, with status 128+signal."""
    import signal

    for name in STOP_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _on_signal)
    try:
        cli(prog_name="quotes")
    except Interrupted as stop:
        for name in STOP_SIGNALS:  # a second signal during the exit must not interrupt it
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_IGN)
        click.echo(f"quotes: stopped by {signal.Signals(stop.signum).name}", err=True)
        sys.exit(128 + stop.signum)


# -- shared options -----------------------------------------------------------------------------------------


def _size(ctx: click.Context, param: click.Parameter, value: str | None) -> int:
    if value is None:
        return DEFAULT_MAX_ARTICLE_SIZE
    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _some_input_exists(ctx: click.Context, param: click.Parameter, paths: tuple[str, ...]) -> tuple[str, ...]:
    """No existing input at all is a usage error (nothing is written); a missing path among existing ones is a
    per-input failure, reported with the others."""
    if paths and not any(p == "-" or is_url(p) or Path(p).exists() for p in paths):
        missing = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        raise click.BadParameter(f"no such file or folder: {missing}", ctx=ctx, param=param)
    return paths


def input_options(f: Callable) -> Callable:
    """PATH... plus how to read them."""
    decorators = [
        click.argument("paths", nargs=-1, required=True, metavar="PATH...", callback=_some_input_exists,
                       type=click.Path(path_type=str, allow_dash=True)),
        click.option("--input-format", type=click.Choice(INPUT_FORMATS), default=None,
                     help="Read every input as this format instead of guessing from its extension "
                          "(also for standard input: '-' is plain text unless this says jsonl or csv; "
                          "urls: files of web addresses, one a line)."),
        click.option("--encoding", default=None, metavar="NAME",
                     help="Text encoding of the inputs (default: UTF-8, falling back to Windows-1252 with a warning)."),
        click.option("--source-name", default=None, metavar="NAME",
                     help="The outlet for inputs that carry none (plain-text files, standard input)."),
        click.option("--max-article-size", default=None, metavar="SIZE", callback=_size,
                     help="Refuse articles larger than this (default 10MB; e.g. 500KB, 50MB)."),
        click.option("--fail-fast", is_flag=True, help="Stop at the first input that cannot be processed."),
    ]
    return _stack(f, decorators)


def parser_option(f: Callable) -> Callable:
    """Which parser reads the articles, and the speaker registry used to name speakers."""
    decorators = [
        click.option("--parser", "parser", type=click.Choice(PARSERS), default="auto", show_default=True,
                     help="auto uses stanza where its English models are installed, spaCy otherwise; "
                          "conllu reads pre-parsed .conllu files."),
        click.option("--model", default=None, metavar="NAME",
                     help="Parser model, e.g. an installed spaCy pipeline such as en_core_web_md."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
                     help="Parser processes (default: all cores when the inputs exceed 500 KB, else 1)."),
        click.option("--registry", type=click.Path(exists=True, dir_okay=False, path_type=str), default=None,
                     metavar="FILE",
                     help="Speaker registry (CSV or YAML: canonical name, aliases, type, role, external id)."),
        click.option("--extractor", default=None, metavar="MODEL_DIR|corpus|rules",
                     help="A model made by `quotes train`, or corpus (the model shipped with quotes, trained on its "
                          "own annotated corpus), combined with the rules (default: $QUOTES_EXTRACTOR, else the "
                          "rules alone)."),
        click.option("--combine", type=click.Choice(COMBINE_MODES), default=None,
                     help="How an --extractor model joins the rules: hybrid (default: the rules' records with the "
                          "model's boundaries, plus the model's contents a known cue anchors), boundaries (only the "
                          "former) or model (the model's spans alone)."),
        click.option("--attributions", type=click.Choice(ATTRIBUTION_CHOICES), default="speech", show_default=True,
                     help="speech: who said what; all: also attitudes (believes, wants, plans) and evidence (a "
                          "poll found, data show), typed in the attribution column."),
    ]
    return _stack(f, decorators)


def cache_options(f: Callable) -> Callable:
    """The parse/extraction cache."""
    decorators = [
        click.option("--cache", "cache_dir", default=None, metavar="DIR",
                     help="Cache of parses and extractions, so a re-run skips articles seen before "
                          "(default: $QUOTES_CACHE_DIR, else ~/.cache/quotes)."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
    ]
    return _stack(f, decorators)


def engine_options(f: Callable) -> Callable:
    """Where the per-article work runs and what it may reuse (the cache)."""
    decorators = [
        cache_options,
        click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                     help="dask: parse and extract on a Dask cluster (needs the quotes[dask] extra)."),
        click.option("--scheduler", default=None, metavar="ADDRESS",
                     help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (without it, --engine dask starts "
                          "a local cluster of --jobs workers)."),
    ]
    return _stack(f, decorators)


def _output_options(formats: tuple[str, ...], help_text: str) -> Callable[[Callable], Callable]:
    def deco(f: Callable) -> Callable:
        decorators = [
            click.option("-o", "--output", default=None, metavar="FILE",
                         help="Write to FILE (atomically) instead of standard output."),
            click.option("--format", "fmt", type=click.Choice(formats), default=None, help=help_text),
            click.option("--excel", is_flag=True,
                         help="Add a UTF-8 byte order mark to csv so spreadsheets detect it."),
        ]
        return _stack(f, decorators)

    return deco


output_options = _output_options(FORMATS, "Output format (default: from the -o extension, else csv).")
# Quote records also go out in the formats fact-check and annotation tools read (quotes.interchange).
quote_output_options = _output_options(
    FORMATS + INTERCHANGE_FORMATS,
    "Output format (default: from the -o extension, else csv). annotation: W3C Web Annotations (JSON-LD), one "
    "per quote, anchored by quoted text and offsets; jsonld: schema.org Quotation items (JSON-LD).")


def filter_options(*, quotes: bool = True, ledger: bool = False) -> Callable[[Callable], Callable]:
    """Filters over the finished result (they never change a canonical name or a cluster_id), and --sort."""

    def deco(f: Callable) -> Callable:
        decorators = [
            click.option("--speaker", default=None, metavar="NAME",
                         help="Only this speaker (canonical name or alias)."),
            click.option("--speaker-type", type=click.Choice(SPEAKER_TYPES, case_sensitive=False), default=None,
                         help="Only speakers of this type."),
        ]
        if quotes:
            decorators += [
                click.option("--quote-type", type=click.Choice(QUOTE_TYPES, case_sensitive=False), default=None,
                             help="Only quotes of this type."),
                click.option("--source", default=None, metavar="NAME", help="Only articles from this outlet."),
                click.option("--wording", type=click.Choice(WORDING_CLASSES, case_sensitive=False), default=None,
                             help="Only records whose rendering of their statement is of this kind (altered: "
                                  "a quotation whose words changed in meaning)."),
                click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
                             help="Only articles published on or after this date (undated articles are left out)."),
                click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
                             help="Only articles published on or before this date (undated articles are left out)."),
            ]
        if ledger:
            decorators.append(click.option("--min-quotes", type=click.IntRange(min=0), default=None, metavar="N",
                                           help="Only speakers with at least N quotes."))
        decorators.append(click.option("--sort", default=None, metavar="COLUMN",
                                       help="Sort rows by COLUMN (numbers descending, text ascending)."))
        return _stack(f, decorators)

    return deco


def _stack(f: Callable, decorators: list[Callable]) -> Callable:
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


# -- commands -----------------------------------------------------------------------------------------------


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
    from .export import resolve_format, write_chunks
    from .ledger import quote_chunks

    _check_sort(opts, QUOTE_COLUMNS)
    _check_output(opts)
    with _stream(opts, keep_texts=opts["fmt"] == "annotation") as done:
        keep = _record_filter(done.spill, opts, speakers=True)
        if opts["fmt"] in INTERCHANGE_FORMATS:
            quotes = done.spill.quotes(keep=keep, sort=opts["sort"])
            _write_interchange((q.to_row() for q in quotes), done.result.articles, opts)
            _summary(done.result, opts)
            return
        chunks = quote_chunks(done.spill.quotes(keep=keep, sort=opts["sort"]))
        warnings, rows = write_chunks(chunks, list(QUOTE_COLUMNS), opts["output"],
                                      resolve_format(opts["output"], opts["fmt"]), excel=opts["excel"])
        _wrote(warnings, rows, opts)
        _filtered_out(rows, done.result.n_quotes, "quotes", opts)
        _summary(done.result, opts)


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
    from .ledger import KIND_COLUMNS, filter_ledger

    _check_sort(opts, LEDGER_COLUMNS + (KIND_COLUMNS if opts["attributions"] != "speech" else ()))
    _check_output(opts)
    with _stream(opts) as done:
        df = filter_ledger(_streamed_ledger(done.spill, opts), **_ledger_filters(opts))
        _write(_sorted(df, opts), opts)
        _filtered_out(len(df), done.result.n_quotes, "speakers", opts)
        _summary(done.result, opts)


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
    from .ledger import filter_ledger, speakers_table

    _check_sort(opts, SPEAKER_COLUMNS)
    _check_output(opts)
    with _stream(opts) as done:
        df = _sorted(speakers_table(filter_ledger(_streamed_ledger(done.spill, opts), **_ledger_filters(opts))), opts)
        if opts["output"] is None and opts["fmt"] is None and _stdout_is_terminal():
            from .export import render_table

            click.echo(render_table(df, max_width=shutil.get_terminal_size().columns), nl=False)
        else:
            _write(df, opts)
        _filtered_out(len(df), done.result.n_quotes, "speakers", opts)
        _summary(done.result, opts)


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
    from .ledger import VARIANT_COLUMNS, variants_frame

    _check_sort(opts, VARIANT_COLUMNS)
    _check_output(opts)
    with _stream(opts) as done:
        keep = _record_filter(done.spill, opts, speakers=True)
        df = _sorted(variants_frame(done.spill.quotes(keep=keep)), opts)
        if opts["output"] is None and opts["fmt"] is None and _stdout_is_terminal():
            from .export import render_table

            for _statement, block in df.groupby("statement", sort=False):
                shown = block[["source", "published", "wording", "wording_diff", "text"]]
                click.echo(f"{block['speaker'].iloc[0]} — statement {_statement}")
                click.echo(render_table(shown, max_width=shutil.get_terminal_size().columns))
        else:
            _write(df, opts)
        _summary(done.result, opts)


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
    from . import articles_frame
    from .pipeline import read_articles

    _check_sort(opts, ARTICLE_COLUMNS)
    _check_output(opts)
    result = read_articles(opts["paths"], source_name=opts["source_name"], input_format=opts["input_format"],
                           encoding=opts["encoding"], max_article_size=opts["max_article_size"],
                           fail_fast=opts["fail_fast"], on_warning=_warn, cache=_cache(opts))  # pages downloaded
    df = articles_frame(result.articles, source=opts["source"], since=_day(opts["since"]),
                        until=_day(opts["until"]))
    _write(_sorted(df, opts), opts)
    _summary(result, opts, quotes=False)


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
    from .ledger import build_ledger, filter_ledger, filter_quotes, quotes_frame
    from .report import make_summary, render_report, write_report

    _check_sort(opts, LEDGER_COLUMNS)
    _check_not_an_input(opts["output"], opts["paths"])
    result = _run(opts, keep_texts=True)  # the report shows quotes in their articles
    qdf = filter_quotes(quotes_frame(result.quotes), **_quote_filters(opts))
    ledger_df = _sorted(filter_ledger(build_ledger(qdf), **_ledger_filters(opts)), opts)
    summary = make_summary(result.articles, qdf, result.failures, result.parser_label)
    write_report(render_report(qdf, ledger_df, result.articles, summary=summary), opts["output"])
    click.echo(f"quotes: wrote the report to {opts['output']}", err=True)
    _filtered_out(len(qdf), result.n_quotes, "quotes", opts)
    _summary(result, opts)


DB_OPTION = click.option("--db", required=True, metavar="FILE", type=click.Path(dir_okay=False, path_type=str),
                         help="The ledger database (SQLite).")


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
    from .store import add

    progress = _Progress() if sys.stderr.isatty() else None
    try:
        report = add(opts["db"], opts["paths"], parser=opts["parser"], model=opts["model"], extractor=_extractor(opts),
                     jobs=opts["jobs"] or _default_jobs(opts["paths"], opts["input_format"]),
                     source_name=opts["source_name"], registry=opts["registry"], input_format=opts["input_format"],
                     encoding=opts["encoding"], max_article_size=opts["max_article_size"],
                     batch_size=opts["batch_size"], fail_fast=opts["fail_fast"], progress=progress, on_warning=_warn,
                     on_parser=lambda label: click.echo(f"quotes: parser {label}", err=True), cache=_cache(opts),
                     attributions=opts["attributions"])
    finally:
        if progress is not None:
            progress.close()
    click.echo(f"quotes: {report.articles_read} articles read: {report.new_articles} new, {report.unchanged} "
               f"unchanged, {report.replaced} replaced, {len(report.failures)} failed; {report.new_quotes} quotes "
               f"added to {opts['db']}", err=True)
    for failure in report.failures:
        click.echo(f"quotes: failed: {_one_line(failure)}", err=True)
    if report.failures:
        click.get_current_context().exit(1)


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
    from .export import plain
    from .ledger import build_ledger, filter_ledger, filter_quotes, quotes_frame
    from .store import export_quotes, stored_articles

    ledger_table = opts["table"] == "ledger"
    if ledger_table and opts["fmt"] in INTERCHANGE_FORMATS:
        raise click.UsageError(f"--format {opts['fmt']} writes quote records: quotes export --db FILE extract "
                               f"--format {opts['fmt']}")
    if not ledger_table and opts["min_quotes"] is not None:
        raise click.UsageError("--min-quotes applies to the ledger: quotes export --db FILE ledger --min-quotes N")
    _check_sort(opts, LEDGER_COLUMNS if ledger_table else QUOTE_COLUMNS)
    if opts["output"] not in (None, "-") and Path(opts["output"]).resolve() == Path(opts["db"]).resolve():
        raise click.UsageError("refusing to overwrite the ledger database with output: choose another -o FILE")
    _check_output({**opts, "paths": ()})
    qdf = quotes_frame(export_quotes(opts["db"], registry=opts["registry"]))
    if ledger_table:
        qdf = filter_quotes(qdf, **_quote_filters(opts, speakers=False))
        df = filter_ledger(build_ledger(qdf), **_ledger_filters(opts))
    else:
        df = filter_quotes(qdf, **_quote_filters(opts))
    if opts["fmt"] in INTERCHANGE_FORMATS:
        rows = ({c: plain(v) for c, v in row.items()} for row in _sorted(df, opts).to_dict("records"))
        articles = stored_articles(opts["db"]) if opts["fmt"] == "annotation" else []
        _write_interchange(rows, articles, opts)
        return
    _write(_sorted(df, opts), opts)


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
    from .schema import schema_text

    click.echo(schema_text(record), nl=False)


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
    from .serve import serve

    def ready(url: str) -> None:
        click.echo(f"quotes: serving {db} read-only at {url} (Ctrl-C to stop)", err=True)
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo(f"quotes: listening on {host}: other computers can read this ledger", err=True)

    serve(db, host=host, port=port, on_ready=ready)


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
    from .learn import train

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
    from .parse.models import download_stanza

    click.echo(f"quotes: stanza English models are in {download_stanza()}", err=True)


@cli.group("cache", cls=QuotesGroup, context_settings=CONTEXT)
def cache_group() -> None:
    """The cache of parses and extractions (a re-run over the same articles skips both).

    \b
    Examples:
      quotes cache info
      quotes cache clear
    """


CACHE_DIR_OPTION = click.option("--cache", "cache_dir", default=None, metavar="DIR",
                                help="The cache folder (default: $QUOTES_CACHE_DIR, else ~/.cache/quotes).")


@cache_group.command("info", context_settings=CONTEXT)
@CACHE_DIR_OPTION
def cache_info_command(cache_dir: str | None) -> None:
    """Where the cache is, how many entries it holds and its size on disk.

    \b
    Examples:
      quotes cache info
      quotes cache info --cache /data/quotes-cache
    """
    from .cache import cache_info

    info = cache_info(cache_dir)
    click.echo(f"location: {info.location}\nentries: {info.entries} ({info.parses} parses, {info.extractions} "
               f"extractions)\nsize: {info.size_bytes / 1e6:.1f} MB")


@cache_group.command("clear", context_settings=CONTEXT)
@CACHE_DIR_OPTION
def cache_clear_command(cache_dir: str | None) -> None:
    """Remove every cached parse and extraction.

    \b
    Examples:
      quotes cache clear
      quotes cache clear --cache /data/quotes-cache
    """
    from .cache import clear_cache, default_cache_dir

    freed = clear_cache(cache_dir)
    click.echo(f"quotes: cleared the cache in {cache_dir or default_cache_dir()} ({freed / 1e6:.1f} MB)", err=True)


# -- helpers ------------------------------------------------------------------------------------------------


def _run(opts: dict[str, Any], keep_texts: bool = False):
    """The run with every record in memory (for the report, which shows them all)."""
    from .pipeline import run

    progress = _Progress() if sys.stderr.isatty() else None
    try:
        return run(opts["paths"], progress=progress, keep_texts=keep_texts, **_run_options(opts))
    finally:
        if progress is not None:
            progress.close()


@contextmanager
def _stream(opts: dict[str, Any], keep_texts: bool = False) -> Iterator[Any]:
    """The run with its records on disk (`pipeline.stream`): memory stays flat however large the corpus, unless
    `keep_texts` keeps every article's text (for annotation selectors)."""
    from .pipeline import stream

    progress = _Progress() if sys.stderr.isatty() else None
    try:
        with stream(opts["paths"], progress=progress, keep_texts=keep_texts, keep_articles=keep_texts,
                    **_run_options(opts)) as done:
            if progress is not None:
                progress.close()
                progress = None
            yield done
    finally:
        if progress is not None:
            progress.close()


def _run_options(opts: dict[str, Any]) -> dict[str, Any]:
    return {"parser": opts["parser"], "model": opts["model"],
            "jobs": opts["jobs"] or _default_jobs(opts["paths"], opts["input_format"]),
            "source_name": opts["source_name"], "registry": opts["registry"], "input_format": opts["input_format"],
            "encoding": opts["encoding"], "max_article_size": opts["max_article_size"],
            "fail_fast": opts["fail_fast"], "on_warning": _warn, "attributions": opts["attributions"],
            "on_parser": lambda label: click.echo(f"quotes: parser {label}", err=True), **_engine(opts),
            "extractor": _extractor(opts)}


def _extractor(opts: dict[str, Any]):
    """The run's span model (None for the rules alone), reported once on standard error."""
    from .extract.model import get_extractor

    found = get_extractor(opts["extractor"], opts["combine"])
    if found is None and opts["combine"]:
        raise click.UsageError("--combine needs a model: add --extractor MODEL_DIR (or set QUOTES_EXTRACTOR)")
    if found is not None:
        click.echo(f"quotes: extractor {found.folder} ({found.mode})", err=True)
    return found


def _record_filter(spill, opts: dict[str, Any], speakers: bool) -> Callable[[Any], bool] | None:
    """The quote filters of `opts` as a test on one record (None when no filter is given); --speaker looks its
    name up among every canonical name and mention first."""
    from .ledger import quote_filter, speakers_named

    filters = _quote_filters(opts, speakers=speakers)
    name = filters.pop("speaker", None)
    if not name and not any(v is not None for v in filters.values()):
        return None
    names = speakers_named((q.to_row() for q in spill.quotes()), name) if name else None
    keep = quote_filter(names, **filters)
    return lambda q: keep(q.to_row())


def _streamed_ledger(spill, opts: dict[str, Any]):
    """The ledger of the spill's records that pass the quote filters (--quote-type, --source, --since, --until)."""
    from .ledger import ledger_from_records

    keep = _record_filter(spill, opts, speakers=False)
    return ledger_from_records((q.to_row() for q in spill.quotes_by_speaker() if keep is None or keep(q)),
                               kinds=opts["attributions"] != "speech")


def _engine(opts: dict[str, Any]) -> dict[str, Any]:
    """run() options for the cache and the engine."""
    if opts["scheduler"] and opts["engine"] != "dask":
        raise click.UsageError("--scheduler is for the Dask engine: add --engine dask")
    return {"cache": _cache(opts), "engine": opts["engine"], "scheduler": opts["scheduler"]}


def _cache(opts: dict[str, Any]) -> bool | str:
    """The run's `cache` option from --cache DIR / --no-cache."""
    if opts["no_cache"] and opts["cache_dir"]:
        raise click.UsageError("--cache DIR and --no-cache contradict each other: give one")
    return False if opts["no_cache"] else (opts["cache_dir"] or True)


PARALLEL_MIN_BYTES = 500_000  # below this, starting parser processes costs more than it saves


def _default_jobs(paths: tuple[str, ...], input_format: str | None) -> int:
    """All cores for big inputs (and rows on standard input, whose size is unknown), one process otherwise."""
    total = 0
    for path in iter_files(paths):
        if path == "-":
            if input_format in ("jsonl", "csv"):
                return os.cpu_count() or 1
            continue
        try:
            total += Path(path).stat().st_size
        except OSError:
            continue
        if total >= PARALLEL_MIN_BYTES:
            return os.cpu_count() or 1
    return 1


class _Progress:
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


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _warn(message: str) -> None:
    click.echo(f"quotes: warning: {_one_line(message)}", err=True)


def _day(value: Any) -> str | None:
    return value.date().isoformat() if value is not None else None


def _quote_filters(opts: dict[str, Any], speakers: bool = True) -> dict[str, Any]:
    filters = {"quote_type": opts["quote_type"], "source": opts["source"], "since": _day(opts["since"]),
               "until": _day(opts["until"]), "wording": opts.get("wording")}
    if speakers:
        filters.update(speaker=opts["speaker"], speaker_type=opts["speaker_type"])
    return filters


def _ledger_filters(opts: dict[str, Any]) -> dict[str, Any]:
    return {"speaker": opts["speaker"], "speaker_type": opts["speaker_type"], "min_quotes": opts["min_quotes"]}


def _check_sort(opts: dict[str, Any], columns: tuple[str, ...]) -> None:
    if opts["sort"] is not None and opts["sort"] not in columns:
        raise click.BadParameter(f"{opts['sort']!r} is not a column: choose one of {', '.join(columns)}",
                                 param_hint="--sort")


def _sorted(df, opts: dict[str, Any]):
    if opts["sort"] is None:
        return df
    from .ledger import sort_frame

    return sort_frame(df, opts["sort"])


def _check_output(opts: dict[str, Any]) -> None:
    """Usage errors found before any work: a binary format to standard output, output over an input."""
    from .errors import OutputError
    from .export import resolve_format

    output = opts["output"]
    if opts["fmt"] in INTERCHANGE_FORMATS:  # text formats named only by --format
        if output not in (None, "-"):
            _check_not_an_input(output, opts["paths"])
        return
    try:
        fmt = resolve_format(output, opts["fmt"])
    except OutputError as exc:  # e.g. `-o out.txt`: the format cannot be told from the extension
        raise click.UsageError(str(exc)) from exc
    if output in (None, "-") and fmt.binary:
        raise click.UsageError(f"{fmt.value} is a binary format: write it to a file with -o FILE")
    if output not in (None, "-"):
        _check_not_an_input(output, opts["paths"])


def _check_not_an_input(output: str, paths: tuple[str, ...]) -> None:
    """Before any parsing: -o names a file in an existing folder, and no input, standard input included."""
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise click.UsageError(f"cannot write {output}: folder {folder} does not exist")
    if target.is_dir():
        raise click.UsageError(f"cannot write {output}: it is a folder; give a file name")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise click.UsageError(f"cannot write {output}: folder {folder} is not writable")
    resolved = target.resolve()
    for path in iter_files(paths):
        if path == "-":
            if _same_file(sys.stdin, resolved):
                raise click.UsageError(f"refusing to overwrite {output}, which is standard input: choose another "
                                       "-o FILE")
        elif Path(path).resolve() == resolved:
            raise click.UsageError(f"refusing to overwrite input file {path} with output: choose another -o FILE")


def _write_interchange(rows: Iterator[dict[str, Any]], articles: list[Any], opts: dict[str, Any]) -> None:
    """Quote rows as W3C annotations (selectors computed on `articles`' texts) or schema.org JSON-LD."""
    from .export import write_pieces
    from .interchange import annotation_document, jsonld_document

    counted = _Counted(rows)
    if opts["fmt"] == "annotation":
        texts: dict[str, list[str]] = {}
        for article in articles:
            texts.setdefault(article.article_id, []).append(article.text)
        write_pieces(annotation_document(counted, texts), opts["output"])
    else:
        write_pieces(jsonld_document(counted), opts["output"])
    _wrote([], counted.n, opts)


class _Counted:
    """An iterator that counts what passed through it (the rows written)."""

    def __init__(self, items: Iterator[Any]) -> None:
        self._items, self.n = items, 0

    def __iter__(self) -> Iterator[Any]:
        for item in self._items:
            self.n += 1
            yield item


def _same_file(stream: Any, path: Path) -> bool:
    """Whether the open `stream` reads the file at `path`."""
    try:
        here, there = os.fstat(stream.fileno()), path.stat()
    except (OSError, ValueError, AttributeError):
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _write(df, opts: dict[str, Any]) -> None:
    from .export import resolve_format, write_frame

    output = opts["output"]
    _wrote(write_frame(df, output, resolve_format(output, opts["fmt"]), excel=opts["excel"]), len(df), opts)


def _wrote(warnings: list[str], rows: int, opts: dict[str, Any]) -> None:
    for warning in warnings or []:
        _warn(warning)
    if opts["output"] not in (None, "-"):
        click.echo(f"quotes: wrote {rows} rows to {opts['output']}", err=True)


FILTER_OPTIONS = ("speaker", "speaker_type", "quote_type", "source", "since", "until", "min_quotes")


def _filtered_out(rows: int, found: int, what: str, opts: dict[str, Any]) -> None:
    """Say so when the filters leave nothing of a run that found quotes (an empty table alone looks like a miss)."""
    given = [f"--{name.replace('_', '-')} {_day(opts[name]) if name in ('since', 'until') else opts[name]}"
             for name in FILTER_OPTIONS if opts.get(name) is not None]
    if rows == 0 and found > 0 and given:
        click.echo(f"quotes: no {what} match {' '.join(given)} (of {found} quotes found); "
                   "`quotes speakers` lists the speakers and their aliases", err=True)


def _one_line(value: object) -> str:
    """Failures are reported one per line, whatever their message holds."""
    return " ".join(str(value).split())


def _summary(result, opts: dict[str, Any], quotes: bool = True) -> None:
    """The run summary on standard error; exit status 1 when any input failed."""
    parts = [f"{result.n_articles} articles read", f"{len(result.failures)} failed"]
    if result.skipped:
        parts.append(f"{len(result.skipped)} skipped (not a supported format)")
    if quotes:
        parts.append(f"{result.n_quotes} quotes found")
    click.echo("quotes: " + ", ".join(parts), err=True)
    for failure in result.failures:
        click.echo(f"quotes: failed: {_one_line(failure)}", err=True)
    if result.failures:
        click.get_current_context().exit(1)
