"""Evaluate extraction on the project's own annotated cases (tests/fixtures/attribution.jsonl).

    python bench/eval_fixtures.py [--parser spacy] [--misses]

Prints precision, recall and F1 per construction, field errors (type, speaker, mention, …) on matched
statements, and with --misses every miss, false positive and field error.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from quotes.evaluation import check, load_cases, run_cases, summarise

CASES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "attribution.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parser", default="spacy")
    ap.add_argument("--model", default=None)
    ap.add_argument("--cases", default=str(CASES))
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    results = [check(case, quotes) for case, quotes in run_cases(load_cases(args.cases), args.parser, args.model)]
    print(f"{'construction':28} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'recs':>5} {'field errs':>10}")
    for name, row in summarise(results).items():
        print(f"{name:28} {row['precision']:6.2f} {row['recall']:6.2f} {row['f1']:6.2f} {row['expected']:5d} "
              f"{row['records']:5d} {row['field_errors']:10d}")
    if args.misses:
        for r in results:
            for key in r.missed:
                print(f"  missed    {r.case_id}: {key}")
            for text in r.false_positives:
                print(f"  extra     {r.case_id}: {text}")
            for msg in r.wrong:
                print(f"  wrong     {r.case_id}: {msg}")


if __name__ == "__main__":
    main()
