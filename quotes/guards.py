"""Guards around the rules for one article: a time limit, so a runaway rule becomes that article's failure."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["ExtractionTimeout", "describe", "extract_time_limit", "time_limit"]

EXTRACT_SECONDS_MIN = 120.0
EXTRACT_CHARS_PER_SECOND = 2_000  # far below the rules' real speed: only a runaway rule hits the limit


def extract_time_limit(text: str) -> float:
    """Seconds the rules may spend on one article before it is reported as a failure."""
    return max(EXTRACT_SECONDS_MIN, len(text) / EXTRACT_CHARS_PER_SECOND)


class ExtractionTimeout(Exception):
    """The rules took longer than `extract_time_limit` on one article."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (main thread on Unix only; elsewhere no limit), so a runaway rule
    on one article becomes that article's failure instead of a run that never ends."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise ExtractionTimeout(f"gave up after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
