"""Options shared by several commands, each set once as a decorator stacked on the commands that take it
(input_options, parser_option, engine_options, output_options, filter_options, ...)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from ..ingest import DEFAULT_MAX_ARTICLE_SIZE, INPUT_FORMATS, is_url, parse_size
from ..interchange import INTERCHANGE_FORMATS
from ..records import ATTRIBUTION_CHOICES, QUOTE_TYPES, SPEAKER_TYPES, WORDING_CLASSES

PARSERS = ("auto", "spacy", "stanza", "conllu")
COMBINE_MODES = ("hybrid", "boundaries", "wide", "model")  # quotes.extract.model.MODES
FORMATS = ("csv", "jsonl", "json", "parquet", "xlsx")


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


DB_OPTION = click.option("--db", required=True, metavar="FILE", type=click.Path(dir_okay=False, path_type=str),
                         help="The ledger database (SQLite).")

CACHE_DIR_OPTION = click.option("--cache", "cache_dir", default=None, metavar="DIR",
                                help="The cache folder (default: $QUOTES_CACHE_DIR, else ~/.cache/quotes).")

