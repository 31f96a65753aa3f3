"""Plain-text helpers shared by the stages: paragraphs and quotation-mark classes."""

from __future__ import annotations

import re

_LINE = re.compile(r"[^\r\n]+")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of `text`, trimmed of surrounding white space.

    News text comes either one paragraph per line, or as blank-line separated blocks. A block whose
    lines look hard-wrapped (several lines, none ending a sentence before the last) is one paragraph;
    otherwise every non-empty line is a paragraph.
    """
    spans: list[tuple[int, int]] = []
    for block in re.finditer(r"(?:[^\r\n]+(?:\r?\n|\r)?)+", text):
        lines = [(m.start() + block.start(), m.end() + block.start()) for m in _LINE.finditer(block.group())]
        lines = [(s, e) for s, e in lines if text[s:e].strip()]
        if not lines:
            continue
        if len(lines) > 1 and _hard_wrapped(text, lines):
            spans.append(_trim(text, lines[0][0], lines[-1][1]))
        else:
            spans.extend(_trim(text, s, e) for s, e in lines)
    return [(s, e) for s, e in spans if e > s]


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    body = lines[:-1]
    lengths = [e - s for s, e in body]
    ends_sentence = sum(text[s:e].rstrip()[-1:] in ".!?\"”'’:" for s, e in body)
    return max(lengths) <= 100 and min(lengths) >= 30 and ends_sentence <= len(body) // 3


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# CONTRACT.md's optional header: spaces, `date YYYY-MM-DD`, optionally a dateline ending in " - ".
HEADER_RE = re.compile(r"^[ \t]*date (\d{4}-\d{2}-\d{2})(?: +(?:[A-Z][A-Za-z./'’ -]*?) - | +- | +|(?=\r?\n|$))")
# A wire dateline opening a paragraph: "KARVIK, March 17 (Nordpress) - ", "SEOUL (Reuters) — ".
DATELINE_RE = re.compile(
    r"^[A-Z][A-Z.'’/ -]{1,60}(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?(?: \([A-Za-z .&'’-]{2,40}\))? ?[-–—]{1,2} (?=\S)")


def body_start(text: str) -> int:
    """Offset where article prose starts: after the date header and a wire dateline, if any."""
    m = HEADER_RE.match(text)
    pos = m.end() if m else 0
    d = DATELINE_RE.match(text, pos)
    return d.end() if d else pos


OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
STRAIGHT_DOUBLE = '"'
OPEN_SINGLE = "‘‚‹"
CLOSE_SINGLE = "’›"
DOUBLE_MARKS = OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT_DOUBLE
