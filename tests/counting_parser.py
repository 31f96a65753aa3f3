"""Parsers for tests: spaCy, counting the chunks it is asked to parse (a re-run that parses nothing proves a
cache hit), and spaCy crashing on one article. Used through the `counting` and `boom_parser` fixtures of
conftest.py."""

from __future__ import annotations

from quotes.parse.spacy_backend import SpacyBackend


class CountingBackend(SpacyBackend):
    """spaCy, counting the chunks it is asked to parse."""

    name = "test-count"
    chunks = 0

    def raw_chunks(self, chunks):
        def count():
            for chunk in chunks:
                CountingBackend.chunks += 1
                yield chunk

        return super().raw_chunks(count())


class OtherModelBackend(CountingBackend):
    """The same parser under another label (as another model or version would be)."""

    name = "test-count-other"


class BoomBackend(SpacyBackend):
    """spaCy, except that it raises on any chunk containing BOOM (a parser crashing on one article)."""

    name = "test-boom"

    def raw_chunks(self, chunks):
        def guard():
            for chunk in chunks:
                if "BOOM" in chunk:
                    raise RuntimeError("parser exploded")
                yield chunk

        return super().raw_chunks(guard())
