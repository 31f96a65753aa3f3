"""The state of one run: what it produced (`RunResult`) and the collector of failures and warnings (`RunState`)
that the pipeline and the engines share."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .errors import InputError
from .records import Article, Failure, Quote

__all__ = ["RunResult", "RunState"]

log = logging.getLogger("quotes")


@dataclass
class RunResult:
    """Everything a run produced: the articles read, their quotes, and what went wrong."""

    articles: list[Article] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parser_label: str = ""
    n_articles: int = 0  # articles read (also when `articles` is not kept)
    n_quotes: int = 0  # records found (also when `quotes` is not kept)
    skipped: list[str] = field(default_factory=list)  # files in folders that cannot be read (PDF, Word), with why

    @property
    def ok(self) -> bool:
        return not self.failures


class RunState:
    """Collects failures and warnings as they happen, forwarding them to the caller's callbacks."""

    def __init__(self, fail_fast: bool, on_warning: Callable[[str], None] | None):
        self.result = RunResult()
        self.fail_fast = fail_fast
        self.on_warning = on_warning
        self.stopped = False  # set when --fail-fast ends the run
        self.keep_texts = True
        self.keep_articles = True
        self.n_parsing = 0  # articles handed on to be parsed, so progress counts those finished, not those read
        self.extractor = None  # a quotes.extract.model.SpanModel beside the rules, or None for the rules alone

    def warn(self, message: str) -> None:
        self.result.warnings.append(message)
        if self.on_warning is not None:
            self.on_warning(message)
        else:
            log.warning(message)

    def skip(self, message: str) -> None:
        """A file found in a folder and not read (a PDF, a Word document): reported like a warning, counted."""
        self.result.skipped.append(message)
        self.warn(message)

    def fail(self, failure: Failure) -> None:
        self.result.failures.append(failure)
        if self.fail_fast:
            self.stopped = True
            raise InputError(f"{failure} (stopped by --fail-fast)")

    def read(self, article: Article) -> None:
        self.result.n_articles += 1
        if self.keep_articles:
            self.result.articles.append(article if self.keep_texts else replace(article, text="", conllu=""))
