"""PolNeAR's layout: one folder holding `text/X.txt` and `attributions/X_<annotator>.ann` (BRAT standoff).

Some articles were annotated by more than one annotator; one annotation of each article is read: the first
file by name (what PolNeAR's own evaluations use), or the named annotator's where there is one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from . import AnnotatedDoc, AnnotationError
from .brat import read_brat


def is_polnear(folder: Path) -> bool:
    return (folder / "text").is_dir() and (folder / "attributions").is_dir()


def read_polnear(folder: str | Path, annotator: str | None = None, tally: Counter | None = None
                 ) -> Iterator[AnnotatedDoc]:
    """Every annotated article of `folder`, in name order; `tally` counts what was set aside."""
    folder = Path(folder)
    tally = tally if tally is not None else Counter()
    by_doc = annotation_files(folder / "attributions")
    for txt in sorted((folder / "text").glob("*.txt")):
        files = by_doc.pop(txt.stem, [])
        if not files:
            tally["articles without an annotation file"] += 1
            continue
        chosen = _choose(files, annotator)
        if chosen is None:
            tally[f"articles not annotated by {annotator}"] += 1
            continue
        tally["other annotators' files not read"] += len(files) - 1
        doc, skipped = read_brat(txt, chosen, doc_id=txt.stem)
        _count(tally, doc, skipped)
        yield doc
    if by_doc:
        name = min(by_doc)
        raise AnnotationError(f"{folder / 'attributions' / by_doc[name][0].name}: no text file "
                              f"{folder / 'text' / (name + '.txt')} for it ({len(by_doc)} annotation file(s) "
                              "without text)")


def annotation_files(folder: Path) -> dict[str, list[Path]]:
    """Annotation files by article name (`X_<annotator>.ann` → X), each list in name order."""
    out: dict[str, list[Path]] = {}
    for ann in sorted(folder.glob("*.ann")):
        name, sep, _who = ann.stem.rpartition("_")
        if not sep:
            raise AnnotationError(f"{ann}: not named ARTICLE_<annotator>.ann, as PolNeAR's attributions/ are")
        out.setdefault(name, []).append(ann)
    return out


def annotator_of(ann: Path) -> str:
    return ann.stem.rpartition("_")[2]


def _choose(files: list[Path], annotator: str | None) -> Path | None:
    if annotator is None:
        return files[0]
    return next((f for f in files if annotator_of(f) == annotator), None)


def _count(tally: Counter, doc: AnnotatedDoc, skipped: dict[str, int]) -> None:
    tally["attributions without content"] += skipped.get("no_content", 0)
    tally["spans no attribution uses"] += skipped.get("unused_spans", 0)
    if not doc.attributions:
        tally["articles with no attributions"] += 1
