#!/usr/bin/env python3
"""Agreement between two annotations of the same articles (inline-marked files with the same names).

    python data/corpus/agreement.py FIRST_DIR SECOND_DIR

Prints, over the articles both hold: content F1 at overlap 0.3 and 0.8 (shared characters / longer span, matched
one to one), exact content F1 (edge punctuation, quotation marks and spaces ignored), kind agreement and cue and
source agreement on matched pairs, per article and in all. The datasheet (README.md) reports these figures.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from quotes.annotations import AnnotatedDoc, Attribution
from quotes.annotations.inline import read_inline

EDGE = "\"“”‘’'«» \t\n\r,.;:!?—–-()[]"


def _chars(segs) -> set[int]:
    return {i for a, b in segs for i in range(a, b)}


def _stripped(text: str, segs) -> tuple[int, int]:
    lo, hi = min(a for a, _ in segs), max(b for _, b in segs)
    while lo < hi and text[lo] in EDGE:
        lo += 1
    while hi > lo and text[hi - 1] in EDGE:
        hi -= 1
    return lo, hi


def match(first: list[Attribution], second: list[Attribution], threshold: float) -> list[tuple[int, int]]:
    pairs = []
    for i, a in enumerate(first):
        ca = _chars(a.content)
        for j, b in enumerate(second):
            cb = _chars(b.content)
            shared = len(ca & cb)
            if shared and shared / max(len(ca), len(cb)) >= threshold:
                pairs.append((shared / max(len(ca), len(cb)), i, j))
    used_a, used_b, out = set(), set(), []
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j))
    return out


def compare(a: AnnotatedDoc, b: AnnotatedDoc) -> dict[str, float]:
    if a.text != b.text:
        raise SystemExit(f"{a.origin} and {b.origin} do not hold the same text")
    fa, fb = list(a.attributions), list(b.attributions)
    out: dict[str, float] = {"first": len(fa), "second": len(fb)}
    for t in (0.3, 0.8):
        out[f"match@{t}"] = len(match(fa, fb, t))
    sa = {_stripped(a.text, x.content) for x in fa}
    sb = {_stripped(b.text, x.content) for x in fb}
    out["exact"] = len(sa & sb)
    pairs = match(fa, fb, 0.3)
    out["pairs"] = len(pairs)
    out["kind"] = sum(fa[i].kind == fb[j].kind for i, j in pairs)
    out["cue"] = sum(bool(_chars(fa[i].cue) & _chars(fb[j].cue)) for i, j in pairs)
    out["source"] = sum(_chars(fa[i].source) == _chars(fb[j].source) or bool(
        _chars(fa[i].source) & _chars(fb[j].source)) for i, j in pairs)
    return out


def f1(tp: float, n1: float, n2: float) -> float:
    return 2 * tp / (n1 + n2) if n1 + n2 else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("first", type=Path)
    ap.add_argument("second", type=Path)
    args = ap.parse_args(argv)
    names = sorted(p.name for p in args.first.glob("*.txt") if (args.second / p.name).exists())
    if not names:
        raise SystemExit("no article is in both folders")
    total: dict[str, float] = {}
    for name in names:
        r = compare(read_inline(args.first / name), read_inline(args.second / name))
        for k, v in r.items():
            total[k] = total.get(k, 0) + v
        print(f"{name:48s} F1@0.8 {f1(r['match@0.8'], r['first'], r['second']):.3f} "
              f"exact {f1(r['exact'], r['first'], r['second']):.3f} ({r['first']:.0f} / {r['second']:.0f})")
    n1, n2 = total["first"], total["second"]
    print(f"\n{len(names)} articles, {n1:.0f} and {n2:.0f} attributions")
    print(f"content F1@0.3 {f1(total['match@0.3'], n1, n2):.3f}  F1@0.8 {f1(total['match@0.8'], n1, n2):.3f}  "
          f"exact {f1(total['exact'], n1, n2):.3f}")
    pairs = max(total["pairs"], 1)
    print(f"on {total['pairs']:.0f} pairs matched at 0.3: same kind {total['kind'] / pairs:.3f}, cues overlap "
          f"{total['cue'] / pairs:.3f}, sources overlap {total['source'] / pairs:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
