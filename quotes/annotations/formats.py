"""Which annotation format a path holds, and one stream of `AnnotatedDoc`s over any mix of them.

- a folder holding `text/` and `attributions/`: PolNeAR's layout (`polnear`);
- `X.ann` beside `X.txt`: BRAT standoff (`brat`), a file or every pair in a folder (searched recursively);
- `*.json`: citron's annotation files (`citron`), one document each;
- `*.jsonl`: the project's own records and article texts (`jsonl`), read together across every path given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import AnnotatedDoc, AnnotationError, check_spans
from .brat import read_brat
from .citron import read_citron
from .jsonl import read_records
from .polnear import _count, is_polnear, read_polnear

FORMATS = ("polnear", "brat", "citron", "jsonl")


def read_annotations(paths: Iterable[str | Path], annotator: str | None = None, tally: Counter | None = None
                     ) -> Iterator[AnnotatedDoc]:
    """Every annotated document under `paths` (files or folders, any of `FORMATS`), each checked (spans inside
    the text, a content for every attribution). `annotator` picks whose PolNeAR annotation is read (default: the
    first file by name); `tally` counts what was set aside, so that nothing is lost silently. Raises
    AnnotationError, naming the file, for a path with no annotations and for any unreadable annotation."""
    tally = tally if tally is not None else Counter()
    jsonl: list[Path] = []
    seen: set[str] = set()
    for path in map(Path, paths):
        found = 0
        for doc in _read_path(path, annotator, tally, jsonl):
            found += 1
            yield _checked(doc, seen)
        if not found and not any(p == path or path in p.parents for p in jsonl):
            raise AnnotationError(f"{path}: no annotations found (expected X.ann beside X.txt, PolNeAR's text/ and "
                                  "attributions/, citron .json files or quotes .jsonl records)")
    if jsonl:
        for doc in read_records(jsonl, tally):
            yield _checked(doc, seen)


def _read_path(path: Path, annotator: str | None, tally: Counter, jsonl: list[Path]) -> Iterator[AnnotatedDoc]:
    if not path.exists():
        raise AnnotationError(f"{path}: no such file or folder")
    for kind, f in _walk(path):
        if kind == "polnear":
            yield from read_polnear(f, annotator, tally)
            continue
        suffix = f.suffix.lower()
        if suffix == ".ann":
            txt = f.with_suffix(".txt")
            if not txt.exists():
                raise AnnotationError(f"{f}: no text file {txt.name} beside it")
            doc, skipped = read_brat(txt, f)
            _count(tally, doc, skipped)
            yield doc
        elif suffix == ".json":
            doc = read_citron(f)
            if not doc.attributions:
                tally["articles with no attributions"] += 1
            yield doc
        elif suffix == ".jsonl":
            jsonl.append(f)
        elif suffix == ".txt" and path.is_dir() and not f.with_suffix(".ann").exists():
            tally["text files without annotations"] += 1


def _walk(path: Path) -> Iterator[tuple[str, Path]]:
    """("polnear", folder) for a folder in PolNeAR's layout (its files are not walked), ("file", path) otherwise;
    folders are searched recursively, in name order."""
    if path.is_file():
        yield "file", path
    elif is_polnear(path):
        yield "polnear", path
    else:
        for child in sorted(path.iterdir()):
            if not child.name.startswith("."):
                yield from _walk(child)


def _checked(doc: AnnotatedDoc, seen: set[str]) -> AnnotatedDoc:
    problems = check_spans(doc)
    if problems:
        raise AnnotationError(f"{doc.origin}: " + "; ".join(problems))
    if doc.doc_id in seen:
        raise AnnotationError(f"{doc.origin}: a second document named {doc.doc_id!r}: document names must be unique")
    seen.add(doc.doc_id)
    return doc
