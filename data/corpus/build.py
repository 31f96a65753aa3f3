#!/usr/bin/env python3
"""Build and check the project's attribution corpus.

    python data/corpus/build.py                 # check every marked/ file, write brat/, print the counts
    python data/corpus/build.py --check FILE..  # check some marked files and print their counts only

marked/*.txt are the authoring sources (inline markup, see GUIDE.md); brat/ holds the same articles as BRAT
standoff (X.txt + X.ann), the format `quotes train` and other tools read. brat/ is generated: never edit it.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from quotes.annotations import AnnotatedDoc, AnnotationError
from quotes.annotations.brat import write_brat
from quotes.annotations.inline import read_inline

QUOTE_MARKS = "\"“”"
PRONOUNS = {"he", "she", "they", "it", "who", "which", "we", "i", "his", "her", "their", "its", "whose", "you"}
FAMILIES = [  # (name, pattern on the cue) — first match wins
    ("colon or dash label", r"^\W*$"),
    ("according to", r"\baccording\b"),
    ("question", r"\b(ask|question|wonder|quer)\w*"),
    ("speech act + complement", (r"\b(urg|call\w* (for|on)|promis|vow|pledg|threat|demand|propos|offer|declin|refus|"
                                r"invit|encourag|warn|ple(a|d)|appeal|request|recommend|order|insist)\w*")),
    ("evaluative speech", (r"\b(accus|critici|attack|blast|slam|prais|defend|dismiss|call|describ|label|brand|"
                          r"condemn|denounc|mock|ridicul|lambast|credit|blam|thank|apologi)\w*")),
    ("posted or written", r"\b(tweet|post|wrote|writ|publish|email|letter|memo|message|text)\w*"),
    ("noun cue", (r"\b(statement|remark|comment|interview|speech|testimony|claim|view|position|words|"
                 r"allegation|promise|pledge|argument|assertion)s?\b")),
    ("citing or reporting", r"\b(cit|report|quot|disclos|reveal|leak)\w*"),
    ("say and kin", (r"\b(say|says|said|saying|tell|tells|told|add|note|explain|announc|stat|declar|repl|respond|"
                    r"continu|argu|claim|den|confirm|acknowledg|admit|suggest|recall|point|mention|conclud|"
                    r"predict|assert|maintain|contend|testif|joke|boast|complain|put it|speak|spoke|stress|"
                    r"conced|assur|lament|repeat|remark|remind|charg|insist|reject|emphasi|read)\w*")),
]
FAMILIES = [(name, re.compile(pat, re.IGNORECASE)) for name, pat in FAMILIES]


def family(cue: str, kind: str) -> str:
    if kind != "speech":
        return kind
    for name, pat in FAMILIES:
        if pat.search(cue):
            return name
    return "other speech"


def counts(docs: list[AnnotatedDoc]) -> dict:
    c: dict = collections.defaultdict(collections.Counter)
    for doc in docs:
        c["totals"]["articles"] += 1
        c["totals"]["words"] += len(doc.text.split())
        for att in doc.attributions:
            cue = doc.span_text(att.cue).lower().strip()
            content = doc.span_text(att.content)
            c["totals"]["attributions"] += 1
            c["kind"][att.kind] += 1
            c["family"][family(cue, att.kind)] += 1
            c["cue"][cue] += 1
            c["shape"]["quotation marks in content"] += any(m in content for m in QUOTE_MARKS)
            c["shape"]["discontinuous content"] += len(att.content) > 1
            if not att.source:
                c["order"]["no source"] += 1
            else:
                c["order"]["source before content" if att.source[0][0] < att.start else "source after content"] += 1
                c["shape"]["pronoun source"] += doc.span_text(att.source).lower().strip() in PRONOUNS
            c["shape"]["multi-paragraph content"] += "\n\n" in doc.text[att.start:att.end]
    return c


def report(c: dict, out=sys.stdout) -> None:
    t = c["totals"]
    n = max(t["attributions"], 1)
    print(f"{t['articles']} articles, {t['words']} words, {t['attributions']} attributions "
          f"({t['attributions'] / max(t['articles'], 1):.1f} per article, "
          f"{t['words'] / max(t['articles'], 1):.0f} words per article)", file=out)
    for group in ("kind", "order", "shape", "family"):
        print(f"{group}:", file=out)
        for key, v in c[group].most_common():
            print(f"  {key:32s} {v:6d} {v / n:6.1%}", file=out)
    print("top cues:", ", ".join(f"{k} {v / n:.1%}" for k, v in c["cue"].most_common(25)), file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", nargs="+", metavar="FILE", help="check these marked files only (no brat/ output)")
    args = ap.parse_args(argv)
    files = [Path(f) for f in args.check] if args.check else sorted((HERE / "marked").glob("*.txt"))
    docs, bad = [], 0
    seen: dict[str, Path] = {}
    for f in files:
        try:
            doc = read_inline(f)
        except AnnotationError as exc:
            print(f"ERROR {exc}", file=sys.stderr)
            bad += 1
            continue
        if doc.doc_id in seen:
            print(f"ERROR {f}: id {doc.doc_id} already used by {seen[doc.doc_id]}", file=sys.stderr)
            bad += 1
            continue
        seen[doc.doc_id] = f
        docs.append(doc)
    if not args.check and not bad:
        out = HERE / "brat"
        for old in out.glob("*.*"):
            old.unlink()
        for doc in docs:
            write_brat(doc, out)
    report(counts(docs))
    if bad:
        print(f"{bad} file(s) with errors", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
