"""How the commands talk: option values as library arguments, usage checks before any work, tables written, the
run summary and warnings on standard error."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import click

from ..interchange import INTERCHANGE_FORMATS

FILTER_OPTIONS = ("speaker", "speaker_type", "quote_type", "source", "since", "until", "min_quotes")


def day(value: Any) -> str | None:
    return value.date().isoformat() if value is not None else None


def quote_filters(opts: dict[str, Any]) -> dict[str, Any]:
    """The filters of `quotes.views` from the command's options."""
    return {"quote_type": opts["quote_type"], "source": opts["source"], "since": day(opts["since"]),
            "until": day(opts["until"]), "wording": opts.get("wording"), "speaker": opts["speaker"],
            "speaker_type": opts["speaker_type"]}


def check_sort(opts: dict[str, Any], columns: tuple[str, ...]) -> None:
    if opts["sort"] is not None and opts["sort"] not in columns:
        raise click.BadParameter(f"{opts['sort']!r} is not a column: choose one of {', '.join(columns)}",
                                 param_hint="--sort")


def check_output(opts: dict[str, Any]) -> None:
    """Usage errors found before any work: a binary format to standard output, output over an input."""
    from ..errors import OutputError
    from ..export import resolve_format

    output = opts["output"]
    if opts["fmt"] in INTERCHANGE_FORMATS:  # text formats named only by --format
        if output not in (None, "-"):
            check_not_an_input(output, opts["paths"])
        return
    try:
        fmt = resolve_format(output, opts["fmt"])
    except OutputError as exc:  # e.g. `-o out.txt`: the format cannot be told from the extension
        raise click.UsageError(str(exc)) from exc
    if output in (None, "-") and fmt.binary:
        raise click.UsageError(f"{fmt.value} is a binary format: write it to a file with -o FILE")
    if output not in (None, "-"):
        check_not_an_input(output, opts["paths"])


def check_not_an_input(output: str, paths: tuple[str, ...]) -> None:
    """Before any parsing: -o names a file in an existing folder, and no input, standard input included."""
    from ..errors import OutputError
    from ..preflight import check_output_path

    try:
        check_output_path(output, paths)
    except OutputError as exc:
        raise click.UsageError(str(exc)) from exc


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def show_table(df: Any) -> None:
    """A table as readable text on the terminal."""
    import shutil

    from ..export import render_table

    click.echo(render_table(df, max_width=shutil.get_terminal_size().columns), nl=False)


def write(df: Any, opts: dict[str, Any]) -> None:
    from ..export import resolve_format, write_frame

    output = opts["output"]
    wrote(write_frame(df, output, resolve_format(output, opts["fmt"]), excel=opts["excel"]), len(df), opts)


def write_interchange(rows: Iterator[dict[str, Any]], articles: list[Any], opts: dict[str, Any]) -> None:
    """Quote rows as W3C annotations (selectors computed on `articles`' texts) or schema.org JSON-LD."""
    from ..export import write_pieces
    from ..interchange import annotation_document, jsonld_document
    from ..views import Counted, article_texts

    counted = Counted(rows)
    if opts["fmt"] == "annotation":
        write_pieces(annotation_document(counted, article_texts(articles)), opts["output"])
    else:
        write_pieces(jsonld_document(counted), opts["output"])
    wrote([], counted.n, opts)


def wrote(warnings: list[str], rows: int, opts: dict[str, Any]) -> None:
    for warning in warnings or []:
        warn(warning)
    if opts["output"] not in (None, "-"):
        click.echo(f"quotes: wrote {rows} rows to {opts['output']}", err=True)


def filtered_out(rows: int, found: int, what: str, opts: dict[str, Any]) -> None:
    """Say so when the filters leave nothing of a run that found quotes (an empty table alone looks like a miss)."""
    given = [f"--{name.replace('_', '-')} {day(opts[name]) if name in ('since', 'until') else opts[name]}"
             for name in FILTER_OPTIONS if opts.get(name) is not None]
    if rows == 0 and found > 0 and given:
        click.echo(f"quotes: no {what} match {' '.join(given)} (of {found} quotes found); "
                   "`quotes speakers` lists the speakers and their aliases", err=True)


def warn(message: str) -> None:
    click.echo(f"quotes: warning: {one_line(message)}", err=True)


def one_line(value: object) -> str:
    """Failures are reported one per line, whatever their message holds."""
    return " ".join(str(value).split())


def failed(failures: list[Any]) -> None:
    """One line per failed input; exit status 1 when there is any."""
    for failure in failures:
        click.echo(f"quotes: failed: {one_line(failure)}", err=True)
    if failures:
        click.get_current_context().exit(1)


def summary(result: Any, opts: dict[str, Any], quotes: bool = True) -> None:
    """The run summary on standard error; exit status 1 when any input failed."""
    parts = [f"{result.n_articles} articles read", f"{len(result.failures)} failed"]
    if result.skipped:
        parts.append(f"{len(result.skipped)} skipped (not a supported format)")
    if quotes:
        parts.append(f"{result.n_quotes} quotes found")
    click.echo("quotes: " + ", ".join(parts), err=True)
    failed(result.failures)
