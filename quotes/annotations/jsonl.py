"""The project's own JSONL: `quotes extract --format jsonl` records, with the texts of `quotes articles`.

A user corrects extracted records (offsets, speaker spans, deletions, additions) and trains on them. The files
given hold two kinds of rows, in one file or several, joined by `article_id`:

- article rows (`quotes articles --format jsonl`): `article_id` (or `id`) and `text`, no `start`;
- quote rows (`quotes extract --format jsonl`): `article_id`, `start`, `end`, and when known `cue_start`/`cue_end`,
  `speaker_start`/`speaker_end`, `statement_id` (records sharing one are one attribution whose content is
  discontinuous), `attribution` (speech, attitude, evidence). A `text` field must be the article's text at
  `start`:`end` (what `quotes extract` writes), so shifted offsets are caught.

An article row without quote rows is an article with no attributions (it teaches where nothing is said).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from . import KINDS, AnnotatedDoc, AnnotationError, Attribution


def read_records(paths: Iterable[str | Path], tally: Counter | None = None) -> Iterator[AnnotatedDoc]:
    """The annotated articles of the JSONL files `paths`, by `article_id`."""
    tally = tally if tally is not None else Counter()
    texts: dict[str, tuple[str, str]] = {}  # article_id -> (text, where)
    quotes: dict[str, list[tuple[dict[str, Any], str]]] = {}
    for path in paths:
        for where, row in _rows(Path(path)):
            if "start" in row or "end" in row:
                aid = _article_id(row, where)
                quotes.setdefault(aid, []).append((row, where))
            elif isinstance(row.get("text"), str):
                aid = _article_id(row, where)
                if aid in texts and texts[aid][0] != row["text"]:
                    raise AnnotationError(f"{where}: article {aid!r} has another text at {texts[aid][1]}")
                texts[aid] = (row["text"], where)
            else:
                raise AnnotationError(f"{where}: neither an article row (article_id, text) nor a quote row "
                                      "(article_id, start, end)")
    for aid in sorted(quotes.keys() - texts.keys()):
        raise AnnotationError(f"{quotes[aid][0][1]}: no text for article {aid!r}: add its row from "
                              "`quotes articles ... --format jsonl` to the files read")
    for aid in sorted(texts):
        text, where = texts[aid]
        atts = _attributions(text, quotes.get(aid, []))
        if not atts:
            tally["articles with no attributions"] += 1
        yield AnnotatedDoc(doc_id=aid, text=text, attributions=atts, origin=where.rpartition(":")[0])


def _rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise AnnotationError(f"{path}: cannot read ({exc})") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise AnnotationError(f"{path}:{n}: not a JSON object ({exc})") from exc
        if not isinstance(row, dict):
            raise AnnotationError(f"{path}:{n}: not a JSON object")
        yield f"{path}:{n}", row


def _article_id(row: dict[str, Any], where: str) -> str:
    aid = row.get("article_id", row.get("id"))
    if aid in (None, ""):
        raise AnnotationError(f"{where}: the row has no article_id")
    return str(aid)


def _attributions(text: str, rows: list[tuple[dict[str, Any], str]]) -> tuple[Attribution, ...]:
    """One attribution per statement: records sharing a `statement_id` are the segments of one content."""
    groups: dict[str, list[tuple[dict[str, Any], str]]] = {}
    for k, (row, where) in enumerate(rows):
        sid = row.get("statement_id")
        groups.setdefault(str(sid) if sid not in (None, "") else f"\0{k}", []).append((row, where))
    out = []
    for key, members in groups.items():
        content, cue, source, kind = [], [], [], "speech"
        for row, where in members:
            segment = _span(row, "start", "end", text, where, check="text")
            if segment is None:
                raise AnnotationError(f"{where}: a quote row needs integer start and end")
            content.append(segment)
            cue.append(_span(row, "cue_start", "cue_end", text, where, check="cue"))
            source.append(_span(row, "speaker_start", "speaker_end", text, where, check="speaker_mention"))
            kind = _kind(row, where) or kind
        out.append(Attribution(content=tuple(sorted(set(content))), cue=_first(cue), source=_first(source), kind=kind,
                               id=key if not key.startswith("\0") else members[0][0].get("quote_id", "")))
    return tuple(sorted(out, key=lambda a: (a.start, a.end)))


def _span(row: dict[str, Any], s: str, e: str, text: str, where: str, check: str) -> tuple[int, int] | None:
    a, b = row.get(s), row.get(e)
    if a is None and b is None:
        return None
    if not isinstance(a, int) or not isinstance(b, int):
        raise AnnotationError(f"{where}: {s} and {e} must both be integers (got {a!r}, {b!r})")
    if not 0 <= a < b <= len(text):
        raise AnnotationError(f"{where}: {s}-{e} {a}-{b} is empty or outside the article's text ({len(text)} "
                              "characters)")
    shown = row.get(check)
    if isinstance(shown, str) and shown and shown != text[a:b]:
        raise AnnotationError(f"{where}: {check} {shown[:40]!r} is not the article's text at {a}-{b} "
                              f"({text[a:b][:40]!r}): offsets off the text")
    return a, b


def _first(spans: list[tuple[int, int] | None]) -> tuple[tuple[int, int], ...]:
    found = next((s for s in spans if s is not None), None)
    return (found,) if found else ()


def _kind(row: dict[str, Any], where: str) -> str | None:
    kind = row.get("attribution")
    if kind in (None, ""):
        return None
    if kind not in KINDS:
        raise AnnotationError(f"{where}: attribution {kind!r} is not one of {', '.join(KINDS)}")
    return kind
