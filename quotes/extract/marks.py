"""Quotation-mark pairing: spans of text between double quotation marks, paragraph by paragraph.

Curly (“ ”), low (99 „), guillemets and straight (") marks are paired within a paragraph, and so are two
apostrophes ('') standing for a double mark, as in news archives that store text in ASCII; they pair like
straight marks. Single marks
(‘ ’) inside a double-quoted span are nested quotes and stay part of it; the curly ’ is also the
apostrophe, so single marks open a top-level span only in a paragraph with no double marks (or whose double
marks all lie inside it, British style: 'He told me "go", so I did.') and only when the span looks like speech. A span left open at the end of its paragraph follows the newspaper
convention for multi-paragraph quotes: it runs to the paragraph end and is marked `open_ended`.
Unbalanced marks never raise: a stray closing mark is ignored, and an opening “ typed for the closing one
(after the quotation's final punctuation, before a space) closes the span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import CLOSE_DOUBLE, CLOSE_SINGLE, DOUBLE_MARKS, OPEN_DOUBLE, OPEN_SINGLE, STRAIGHT_DOUBLE, paragraphs


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # first character of the content (after the opening mark)
    end: int  # one past the content (the closing mark's offset, or the paragraph end)
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None when the paragraph ends first
    para: int  # paragraph index
    single: bool = False  # delimited by single marks
    width: int = 1  # characters of the closing mark ('' is two)

    @property
    def open_ended(self) -> bool:
        return self.close_mark is None

    @property
    def outer_end(self) -> int:
        return self.end + self.width if self.close_mark is not None else self.end


def _straight_opens(text: str, i: int, para_start: int, width: int = 1) -> bool:
    """Whether a straight double mark at `i` (`width` characters) opens a quote, judging by its neighbours."""
    before = text[i - 1] if i > para_start else " "
    after = text[i + width] if i + width < len(text) else " "
    if before.isspace() or before in "([{—–-:;/" or i == para_start:
        return not after.isspace()
    return False


def _typed_as_close(text: str, i: int, pe: int) -> bool:
    """An opening mark at `i` right after the quotation's final punctuation and before a space or the paragraph's
    end, as a closing mark stands (`“It's unusual,“ said Noble`, `“Why now?“ he asked`)."""
    return text[i - 1] in ",.?!" and (i + 1 >= pe or text[i + 1].isspace())


def find_spans(text: str, paras: list[tuple[int, int]] | None = None) -> list[QuoteSpan]:
    """Every top-level quoted span of `text`, in order."""
    spans: list[QuoteSpan] = []
    for p, (ps, pe) in enumerate(paras if paras is not None else paragraphs(text)):
        found = _double_spans(text, ps, pe, p)
        if not found and not _DOUBLE_MARK.search(text, ps, pe):
            found = _single_spans(text, ps, pe, p)
        elif found and _SINGLE_MARK.search(text, ps, pe):
            # British style: 'He told me "go and enjoy it", so I did.' — double marks nested in single ones
            outer = _single_spans(text, ps, pe, p)
            if outer and all(any(o.open_mark < d.open_mark and d.outer_end <= o.end for o in outer) for d in found):
                found = outer
        spans.extend(found)
    return spans


DOUBLED_APOSTROPHE = "''"
_DOUBLE_MARK = re.compile(f"{DOUBLED_APOSTROPHE}|[{re.escape(DOUBLE_MARKS)}]")
_SINGLE_MARK = re.compile(f"[{re.escape(OPEN_SINGLE)}']")
_SINGLE_CLOSE = re.compile(f"[{re.escape(CLOSE_SINGLE)}']")


def _double_spans(text: str, ps: int, pe: int, p: int) -> list[QuoteSpan]:
    out: list[QuoteSpan] = []
    open_at: int | None = None
    open_mark = ""
    for m in _DOUBLE_MARK.finditer(text, ps, pe):
        i, c = m.start(), m.group()
        inner = open_at + len(open_mark) if open_at is not None else 0
        if c == "“" and open_mark == "„":  # German: „…“
            out.append(QuoteSpan(inner, i, open_at, i, p))
            open_at = None
        elif c in OPEN_DOUBLE:
            if open_at is None:
                open_at, open_mark = i, c
            elif c == open_mark == "“" and _typed_as_close(text, i, pe):
                # `“It's unusual,“ said Noble`: an opening mark typed for the closing one after the words
                out.append(QuoteSpan(inner, i, open_at, i, p))
                open_at = None
            # a second opening mark while open: keep the first (best-effort pairing)
        elif c in CLOSE_DOUBLE:
            if open_at is not None:
                out.append(QuoteSpan(inner, i, open_at, i, p))
                open_at = None
        elif c in (STRAIGHT_DOUBLE, DOUBLED_APOSTROPHE):
            if open_at is None:
                if _straight_opens(text, i, ps, len(c)) or i == ps:
                    open_at, open_mark = i, c
            elif open_mark in (STRAIGHT_DOUBLE, DOUBLED_APOSTROPHE) or not _straight_opens(text, i, ps, len(c)):
                out.append(QuoteSpan(inner, i, open_at, i, p, width=len(c)))
                open_at = None
    if open_at is not None and open_at + len(open_mark) < pe:
        out.append(QuoteSpan(open_at + len(open_mark), pe, open_at, None, p))
    return [s for s in out if s.end > s.start]


def _single_spans(text: str, ps: int, pe: int, p: int) -> list[QuoteSpan]:
    """Top-level ‘…’ spans (British style), told apart from apostrophes by their neighbours."""
    out: list[QuoteSpan] = []
    i = ps
    while i < pe:
        m = _SINGLE_MARK.search(text, i, pe)  # only an opening mark or an apostrophe can start a span
        if m is None:
            break
        i = m.start()
        c = text[i]
        if c in OPEN_SINGLE or (c == "'" and (i == ps or not text[i - 1].isalnum())):
            j = i + 1
            while True:  # the first closing mark or apostrophe not followed by a letter
                close = _SINGLE_CLOSE.search(text, j, pe)
                j = close.start() if close else pe
                if close is None or j + 1 >= pe or not text[j + 1].isalnum():
                    break
                j += 1
            if j < pe and _speech_like(text, i + 1, j, pe):
                out.append(QuoteSpan(i + 1, j, i, j, p, single=True))
                i = j + 1
                continue
        i += 1
    return out


SINGLE_MIN_WORDS = 4  # words a single-quoted span needs to count as speech (fewer: a scare quote)


def _speech_like(text: str, start: int, end: int, pe: int) -> bool:
    """A single-quoted span long enough to be speech, or a short one closed with its own punctuation before an
    attribution (`'I'm delighted,' said Jones`, `'I'm delighted', said Jones`)."""
    words = len(text[start:end].split())
    if words >= SINGLE_MIN_WORDS:
        return True
    after = text[end + 1 : pe]
    return words >= 2 and (text[end - 1 : end] in (",", "!", "?") or after.startswith(",")) and bool(
        re.match(r",?\s+[a-z]", after))
