"""Score extraction against small annotated cases: precision, recall and F1 per construction.

A case is one short text with the statements it contains (`expect`: a `key` substring of the content, and
optionally `type`, `speaker`, `speaker_type`, `mention`, `cue`, `via`, `cited_source`) and strings that must not
come out as quotes (`negatives`); `xfail` marks a known miss, with the reason. A record matches an expectation when its text contains the key; the
other fields are checked on matched pairs. Used by tests/test_extract_cases.py and bench/eval_fixtures.py.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .records import Article, Quote

FIELDS = ("type", "speaker", "speaker_type", "mention", "cue", "via", "cited_source")


@dataclass
class CaseResult:
    case_id: str
    construction: str
    matched: int = 0
    expected: int = 0
    records: int = 0
    false_positives: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # field mismatches on matched pairs


def load_cases(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def field_of(q: Quote, name: str) -> str:
    return {"type": q.quote_type, "speaker": q.speaker, "speaker_type": q.speaker_type,
            "mention": q.speaker_mention, "cue": q.cue, "via": q.via, "cited_source": q.cited_source}[name]


def check(case: dict, quotes: list[Quote]) -> CaseResult:
    res = CaseResult(case["id"], case["construction"], expected=len(case["expect"]), records=len(quotes))
    used: set[int] = set()
    for exp in case["expect"]:
        hit = next((k for k, q in enumerate(quotes) if k not in used and exp["key"] in q.text), None)
        if hit is None:
            res.missed.append(exp["key"])
            continue
        used.add(hit)
        res.matched += 1
        q = quotes[hit]
        for name in FIELDS:
            if name in exp and field_of(q, name).lower() != exp[name].lower():
                res.wrong.append(f"{name}: {field_of(q, name)!r} != {exp[name]!r} ({exp['key'][:30]})")
    statements = {quotes[k].statement_id for k in used}
    for k, q in enumerate(quotes):
        if k in used:
            continue
        if q.statement_id in statements:  # another segment of a matched statement (`Today, she says, …`)
            res.records -= 1
            continue
        res.false_positives.append(q.text)
    for neg in case.get("negatives", []):
        for q in quotes:
            if neg in q.text and len(neg) >= 0.5 * len(q.text) and q.text not in res.false_positives:
                res.wrong.append(f"emitted a negative: {neg!r} in {q.text[:40]!r}")
    return res


def run_cases(cases: list[dict], parser: str = "spacy", model: str | None = None,
              attributions: str = "all") -> list[tuple[dict, list[Quote]]]:
    """Extract and resolve every case's text (one article each). The cases annotate beliefs and findings as
    statements too, so every kind of attribution is extracted by default."""
    from .pipeline import run

    articles = [Article(article_id=c["id"], text=c["text"]) for c in cases]
    result = run(articles, parser=parser, model=model, attributions=attributions)
    by_article: dict[str, list[Quote]] = defaultdict(list)
    for q in result.quotes:
        by_article[q.article_id].append(q)
    return [(c, sorted(by_article[c["id"]], key=lambda q: q.start)) for c in cases]


def summarise(results: list[CaseResult]) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 per construction (and `all`)."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # matched, expected, records, field errors
    for r in results:
        for key in (r.construction, "all"):
            row = table[key]
            row[0] += r.matched
            row[1] += r.expected
            row[2] += r.records
            row[3] += len(r.wrong)
    out = {}
    for key, (m, e, n, w) in sorted(table.items()):
        p = m / n if n else 1.0
        rec = m / e if e else 1.0
        f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
        out[key] = {"precision": p, "recall": rec, "f1": f1, "expected": e, "records": n, "field_errors": w}
    return out
