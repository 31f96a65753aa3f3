"""The `quotes` command group, its error handling and the console-script entry point with signal handling.

Exit status: 0 when every input was processed, 1 when any input failed (the others are still written)
or the run could not go on (a library error, printed as one line), 2 for usage errors.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from .. import __version__
from ..errors import AmbiguousSpeaker, QuotesError

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
