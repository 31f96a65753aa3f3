"""Held-out figures for a span model: how well its spans match the annotated ones, per label.

Contents are matched one to one, greedily by overlap (shared characters over the longer span), at 0.3 and 0.8,
and by exact boundaries with quotation marks, spaces and edge punctuation ignored — the measures the project
reports for extraction. Sources and cues are scored by exact boundaries. `selection_score` is the figure
training maximises to choose its best pass.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

Span = tuple[str, int, int]  # (label, start, end) in one text
EDGE = "\"“”‘’'«» \t\n\r,.;:!?—–-()[]"


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"P": round(p, 4), "R": round(r, 4), "F1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def score_spans(pairs: Iterable[tuple[str, list[Span], list[Span]]]) -> dict[str, dict[str, float]]:
    """Figures over (text, predicted spans, gold spans) triples: `content@0.3`, `content@0.8`, `content_exact`,
    `source_exact`, `cue_exact`, each {P, R, F1}."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, pred, gold
    for text, pred, gold in pairs:
        for label in ("CONTENT", "SOURCE", "CUE"):
            p = [(a, b) for lab, a, b in pred if lab == label]
            g = [(a, b) for lab, a, b in gold if lab == label]
            if label == "CONTENT":
                for t in (0.3, 0.8):
                    _add(counts[f"content@{t}"], matched(p, g, t), len(p), len(g))
            exact = {_stripped(text, a, b) for a, b in p} & {_stripped(text, a, b) for a, b in g}
            _add(counts[f"{label.lower()}_exact"], len(exact), len(p), len(g))
    return {name: prf(*c) for name, c in sorted(counts.items())}


def selection_score(figures: dict[str, dict[str, float]]) -> float:
    """Content F1 averaged over the loose, strict and exact match: better boundaries and better recall both count."""
    return round(sum(figures.get(k, {}).get("F1", 0.0) for k in ("content@0.3", "content@0.8", "content_exact")) / 3, 4)


def matched(pred: list[tuple[int, int]], gold: list[tuple[int, int]], threshold: float) -> int:
    """Pairs matched one to one, best overlap first, each sharing at least `threshold` of the longer span."""
    pairs = []
    for i, (a, b) in enumerate(pred):
        for j, (c, d) in enumerate(gold):
            shared = min(b, d) - max(a, c)
            if shared > 0 and shared / max(b - a, d - c) >= threshold:
                pairs.append((shared / max(b - a, d - c), i, j))
    used_p, used_g = set(), set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return len(used_p)


def _add(c: list[int], tp: int, n_pred: int, n_gold: int) -> None:
    c[0] += tp
    c[1] += n_pred
    c[2] += n_gold


def _stripped(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in EDGE:
        a += 1
    while b > a and text[b - 1] in EDGE:
        b -= 1
    return a, b
