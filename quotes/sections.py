"""Huge articles in sections, so an article's cost stays linear in its size and its memory bounded.

The per-article steps (extraction and in-article speaker resolution) compare mentions and candidates across
the whole article, and a parse holds every token of it: fine for news (a long feature is 50,000 characters),
quadratic in time and unbounded in memory for a megabyte on one line. An article longer than `SECTION_CHARS`
is therefore cut, at the parser's chunk boundaries (paragraph ends, else sentence ends), into sections of at
most that size; each section goes through parse, extraction and resolution as an article of its own, and its
records are shifted back to offsets into the whole article and re-identified under its `article_id`.

The price: a pronoun or surname whose antecedent lies in an earlier section is resolved within its own
section only (canonical names across the corpus still join a lone surname to the one full name carrying it).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from .records import Article, Quote

__all__ = ["SECTION_CHARS", "Sections", "section_spans", "shift_quotes"]

SECTION_CHARS = 100_000  # ~17,000 words: longer than any news article, short enough for the rules to stay fast


def section_spans(text: str, max_chars: int | None = None) -> list[tuple[int, int]]:
    """Spans covering `text` in pieces of at most `max_chars` (one span when it is no longer), cut where the
    parser would cut its chunks, so no sentence is split by a section boundary."""
    max_chars = max_chars or SECTION_CHARS
    if len(text) <= max_chars:
        return [(0, len(text))]
    from .parse import MAX_CHUNK_CHARS, chunk_spans

    out: list[tuple[int, int]] = []
    for s, e in chunk_spans(text, min(max_chars, MAX_CHUNK_CHARS), pack=False):
        if out and e - out[-1][0] <= max_chars:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s if not out else out[-1][1], e))
    if out:
        out[0] = (0, out[0][1])  # the header line (date, dateline) stays with the first section
    return out


def shift_quotes(quotes: Iterable[Quote], article: Article, offset: int) -> list[Quote]:
    """A section's records as records of the whole `article`: offsets moved by `offset`, ids recomputed (and
    `statement_id`s, which name a segment of the same section, mapped to the new ids)."""
    out: list[Quote] = []
    renamed: dict[str, str] = {}
    for q in quotes:
        new = q.evolve(article_id=article.article_id, start=q.start + offset, end=q.end + offset,
                       cue_start=_moved(q.cue_start, offset), cue_end=_moved(q.cue_end, offset),
                       speaker_start=_moved(q.speaker_start, offset), speaker_end=_moved(q.speaker_end, offset))
        renamed[q.quote_id] = new.quote_id
        out.append(new)
    return [q.evolve(statement_id=renamed.get(q.statement_id, q.quote_id)) if q.statement_id else q for q in out]


def _moved(value: int | None, offset: int) -> int | None:
    return None if value is None else value + offset


@dataclass
class _Piece:
    section: Article
    whole: Article
    offset: int


class Sections:
    """Splits huge articles on the way in (`split`) and joins their sections' records on the way out (`join`).

    Articles pass through in order; the engines give back (article, records) pairs in the same order, dropping
    the ones that failed (their Failure names the article's file), so `join` matches pairs to pieces in order."""

    def __init__(self, max_chars: int | None = None):
        self.max_chars = max_chars
        self._pieces: deque[_Piece] = deque()

    def split(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            spans = section_spans(article.text, self.max_chars) if not article.conllu else [(0, len(article.text))]
            if len(spans) == 1:
                self._pieces.append(_Piece(article, article, 0))
                yield article
                continue
            for k, (s, e) in enumerate(spans):
                section = replace(article, article_id=f"{article.article_id}#section{k + 1}", text=article.text[s:e])
                self._pieces.append(_Piece(section, article, s))
                yield section

    def join(self, pairs: Iterable[tuple[Article, list[Quote]]]) -> Iterator[tuple[Article, list[Quote]]]:
        current: Article | None = None
        found: list[Quote] = []
        for article, quotes in pairs:
            piece = self._pieces.popleft()
            while piece.section is not article:  # pieces that failed give no pair
                piece = self._pieces.popleft()
            if piece.whole is piece.section:
                if current is not None:
                    yield current, found
                    current, found = None, []
                yield article, quotes
                continue
            if current is not None and current is not piece.whole:
                yield current, found
                found = []
            current = piece.whole
            found.extend(shift_quotes(quotes, piece.whole, piece.offset))
        if current is not None:
            yield current, found
