"""Shared fixtures: the seed articles, a CLI runner, and private cache folders (never the user's cache)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session", autouse=True)
def session_cache_dir(tmp_path_factory) -> Iterator[Path]:
    """Module- and session-scoped fixtures (set up before any test's own) never use the user's cache either."""
    cache = tmp_path_factory.mktemp("quotes-session-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QUOTES_CACHE_DIR", str(cache))
        yield cache


@pytest.fixture(autouse=True)
def private_cache_dir(tmp_path_factory, monkeypatch) -> Path:
    """Each test gets its own parse/extraction cache folder: no test sees another's cached results (a warm
    cache would bypass a test's fault injection) and the user's cache is never touched."""
    cache = tmp_path_factory.mktemp("quotes-cache")
    monkeypatch.setenv("QUOTES_CACHE_DIR", str(cache))
    return cache


@pytest.fixture
def counting():
    """The chunk-counting spaCy parser, registered as `test-count` (and `test-count-other`, another label) for one
    test; yields the class, whose `chunks` counts what it parsed."""
    from counting_parser import CountingBackend, OtherModelBackend

    from quotes.parse import _REGISTRY, register

    for cls in (CountingBackend, OtherModelBackend):
        register(cls.name)(cls)
    CountingBackend.chunks = 0
    yield CountingBackend
    for cls in (CountingBackend, OtherModelBackend):
        _REGISTRY.pop(cls.name, None)


@pytest.fixture
def boom_parser():
    """spaCy crashing on any chunk containing BOOM, registered as `test-boom` for one test; yields its name."""
    from counting_parser import BoomBackend

    from quotes.parse import _REGISTRY, register

    register(BoomBackend.name)(BoomBackend)
    yield BoomBackend.name
    _REGISTRY.pop(BoomBackend.name, None)


CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@pytest.fixture(scope="session")
def chromium() -> str:
    """The headless browser the report and serve tests drive; they skip when there is none."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium not found on PATH (Debian: apt-get install chromium); the browser checks need it")
