"""The `quotes` command line: parses options, calls the library, writes tables and a run summary.

One module per command group over the library: app (the group, errors, signals), options (shared options as
decorators), tables (extract, ledger, speakers, variants, articles), database (add, export, serve), tools
(report, schema, train, models, cache); running and output hold what the commands share. Nothing heavy is
imported here: each command imports what it needs when it runs, so `quotes --help` starts fast.
"""

from __future__ import annotations

from . import database, tables, tools  # noqa: F401  (registers the commands on `cli`)
from .app import cli, main

__all__ = ["cli", "main"]
