"""citron's JSON annotation format (BBC R&D's quote extractor; how its users hold PARC 3.0): one document a file.

    {"text": "...", "quotes": [{"cue": {"start": 364, "end": 368, "text": "said"},
                                "sources": [{"start": 350, "end": 363, "text": "Humpty Dumpty"}],
                                "contents": [{"start": 302, "end": 322, "text": "..."}, ...]}, ...]}

Every span's `text`, when given, must be the document's text at its offsets; other keys (coreference groups,
confidence) are ignored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import AnnotatedDoc, AnnotationError, Attribution, Segments


def read_citron(path: str | Path) -> AnnotatedDoc:
    """The annotated document in the citron JSON file `path`."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise AnnotationError(f"{path}: cannot read as citron JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not isinstance(data.get("quotes"), list):
        raise AnnotationError(f"{path}: not a citron annotation file (an object with 'text' and a 'quotes' list)")
    text = data["text"]
    atts = []
    for k, quote in enumerate(data["quotes"], 1):
        where = f"{path}: quote {k}"
        if not isinstance(quote, dict):
            raise AnnotationError(f"{where} is not an object")
        cue = quote.get("cue")
        atts.append(Attribution(content=_spans(quote.get("contents"), text, f"{where} contents"),
                                cue=_spans([cue] if cue else [], text, f"{where} cue"),
                                source=_spans(quote.get("sources"), text, f"{where} sources"),
                                id=str(quote.get("id", k))))
    return AnnotatedDoc(doc_id=path.stem, text=text, attributions=tuple(atts), origin=str(path))


def _spans(items: Any, text: str, where: str) -> Segments:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise AnnotationError(f"{where}: expected a list of spans")
    out = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("start"), int) or not isinstance(item.get("end"), int):
            raise AnnotationError(f"{where}: a span needs integer 'start' and 'end': {str(item)[:60]}")
        a, b = item["start"], item["end"]
        if not 0 <= a < b <= len(text):
            raise AnnotationError(f"{where}: span {a}-{b} is empty or outside the text ({len(text)} characters)")
        if "text" in item and item["text"] != text[a:b]:
            raise AnnotationError(f"{where}: span {a}-{b} reads {text[a:b][:40]!r}, not {str(item['text'])[:40]!r}: "
                                  "offsets off the text")
        out.append((a, b))
    return tuple(sorted(set(out)))
