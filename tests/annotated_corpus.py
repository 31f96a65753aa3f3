"""A tiny invented annotated corpus, written by the tests in every layout `quotes train` reads.

Invented articles (no real news): each is (name, text with inline markup) in the corpus's own markup
(quotes.annotations.inline), so the spans are exact by construction; `write_brat_pairs` and `write_polnear`
lay the same documents out as BRAT standoff.
"""

from __future__ import annotations

import json
from pathlib import Path

from quotes.annotations import AnnotatedDoc
from quotes.annotations.brat import write_brat
from quotes.annotations.inline import parse_inline

ARTICLES = {
    "harbour": """Harbour toll rises in spring

{S1|Mayor Ida Brandt} {K1|said} {C1|the harbour toll would rise by a third in April}.

{C2|“We held the price for four winters,”} {K2|said} {S2|Brandt}. {C2|“Nobody can say we rushed this.”}

{S3|The ferry company} {K3|announced} {C3|that two crossings would be cut on Sundays}.

{S4|Most islanders} {K4:attitude|believe} {C4|the toll is too high}.
""",
    "bridge": """Bridge repairs delayed

{S1|The works department} {K1|said} {C1|the repairs would take until autumn}.

{C2|“The steel arrived late,”} {K2|said} {S2|engineer Tom Vey}. {C2|“We could not start before May.”}

{K3|According to} {S3|a council report}, {C3|the bridge carries 9,000 cars a day}.

{S4|Residents} {K4|complained} {C4|that the detour doubles their trip}.
""",
}
VALID = ("bridge", "harbour")


def docs() -> list[AnnotatedDoc]:
    return [parse_inline(ARTICLES[name], doc_id=name) for name in VALID]


def write_brat_pairs(folder: Path) -> Path:
    """`X.txt` beside `X.ann` for every valid article."""
    for doc in docs():
        write_brat(doc, folder)
    return folder


def write_polnear(folder: Path, second_annotator: bool = True) -> Path:
    """PolNeAR's layout: text/X.txt and attributions/X_<annotator>.ann; with `second_annotator`, the first article
    also has a second annotator's file ("zz") that holds only its first attribution."""
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for doc in docs():
        (folder / "text" / f"{doc.doc_id}.txt").write_text(doc.text, encoding="utf-8")
        _, ann = write_brat(doc, folder / "tmp")
        ann.rename(folder / "attributions" / f"{doc.doc_id}_aa.ann")
    if second_annotator:
        first = docs()[0]
        one = AnnotatedDoc(first.doc_id, first.text, first.attributions[:1])
        _, ann = write_brat(one, folder / "tmp")
        ann.rename(folder / "attributions" / f"{first.doc_id}_zz.ann")
    for f in (folder / "tmp").iterdir():
        f.unlink()
    (folder / "tmp").rmdir()
    return folder


def write_citron(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs():
        def span(a: int, b: int, text: str = doc.text) -> dict:
            return {"start": a, "end": b, "text": text[a:b]}

        quotes = [{"cue": span(*a.cue[0]) if a.cue else None, "sources": [span(*s) for s in a.source],
                   "contents": [span(*c) for c in a.content]} for a in doc.attributions]
        (folder / f"{doc.doc_id}.json").write_text(json.dumps({"text": doc.text, "quotes": quotes}), encoding="utf-8")
    return folder
