#!/usr/bin/env python3
"""Score `quotes extract` on the news-style evaluation set (tests/fixtures/news) the way the held-out
evaluation scores it.

    python bench/eval_news.py                      # runs quotes extract on the articles, prints the metrics
    python bench/eval_news.py --output OUT.jsonl   # reads OUT.jsonl if it exists, else runs and writes it
    python bench/eval_news.py --misses             # also lists misses, false positives and wrong speakers
    python bench/eval_news.py --set tests/fixtures/news2   # scores another set laid out the same way

Metrics (all over contents, i.e. the `start:end` span of each record):
- a prediction matches a gold content when the characters they share are at least T of the longer of the
  two spans (T = 0.3, and T = 0.8 for the strict figure); matching is one to one, greedy by overlap ratio;
- precision, recall and F1 at both thresholds;
- exact-boundary F1: both spans trimmed of quotation marks, spaces and edge punctuation, then compared;
- recall on statements with speech cues (every cue except "according to", beliefs, polls/studies "found",
  "show", estimates, conclusions and projections), and on statements in quotation marks (direct and mixed);
- speaker accuracy: among gold contents matched at 0.3, how often `speaker_start:speaker_end` overlaps the
  annotated mention (the pronoun itself for "he said", the relative pronoun for "X, who said ...").
A split quote ("A," she said. "B.") is one gold content: records that share a `statement_id` are scored as one
statement whose content runs from the first segment's start to the last segment's end.

A set is a directory with articles/*.txt, gold.jsonl and negatives.jsonl (default: tests/fixtures/news).

Only the Python standard library is used, plus the `quotes` command line.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "news"
DEFAULT_FIX = FIX
ARTICLES = FIX / "articles"
THRESHOLDS = (0.3, 0.8)
EDGE = set(" \t\n\r\"'“”‘’«»,.;:!?—–-()")
NONSPEECH_CUES = {
    "according to", "think", "believe", "believes", "found", "show", "shows", "suspected", "estimated",
    "estimates", "has estimated", "concluded", "has projected",
}


# ----------------------------------------------------------------------------------------------- loading
def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def doc_key(article_id: str) -> str:
    name = os.path.basename(str(article_id))
    return name.removesuffix(".txt")


def find_quotes_cmd(explicit: str | None) -> list[str]:
    if explicit:
        return explicit.split()
    for cand in (ROOT / ".venv" / "bin" / "quotes", Path(sys.executable).with_name("quotes")):
        if cand.exists():
            return [str(cand)]
    found = shutil.which("quotes")
    if found:
        return [found]
    return [sys.executable, "-m", "quotes.cli"]


def run_tool(cmd: list[str], out: Path) -> None:
    # the sets annotate beliefs and findings as statements too: every kind of attribution is extracted
    full = cmd + ["extract", str(ARTICLES), "--format", "jsonl", "-o", str(out), "--no-cache", "--attributions", "all"]
    print("running:", " ".join(full), file=sys.stderr)
    res = subprocess.run(full, cwd=ROOT, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        sys.stderr.write(res.stdout + res.stderr)
        sys.exit(f"quotes extract failed with exit code {res.returncode}")


def validate_gold(gold: list[dict], texts: dict[str, str]) -> None:
    bad = [g for g in gold if texts.get(g["doc"], "")[g["start"]:g["end"]] != g["content"]]
    if bad:
        sys.exit(f"gold.jsonl does not match the articles ({len(bad)} entries); run {FIX / 'check.py'}")


def use_set(path: Path) -> None:
    """Point the scorer at another evaluation set laid out like tests/fixtures/news."""
    global FIX, ARTICLES
    path = path.resolve()
    if not (path / "articles").is_dir() or not (path / "gold.jsonl").exists():
        sys.exit(f"not an evaluation set (needs articles/ and gold.jsonl): {path}")
    FIX, ARTICLES = path, path / "articles"


# ---------------------------------------------------------------------------------------------- matching
def statements(records) -> list[dict]:
    """One prediction per statement: records sharing a `statement_id` within an article are merged (the first
    segment's fields, content to the last segment's end)."""
    out: list[dict] = []
    first: dict[tuple[str, str], dict] = {}
    for p in sorted(records, key=lambda r: (str(r.get("article_id")), r["start"])):
        sid = p.get("statement_id")
        key = (str(p.get("article_id")), str(sid))
        if sid and key in first:
            first[key]["end"] = max(first[key]["end"], p["end"])
            continue
        p = dict(p)
        if sid:
            first[key] = p
        out.append(p)
    return out


def overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def ratio(g: dict, p: dict) -> float:
    ov = overlap(g["start"], g["end"], p["start"], p["end"])
    longer = max(g["end"] - g["start"], p["end"] - p["start"], 1)
    return ov / longer


def greedy_match(gold: list[dict], pred: list[dict], thr: float) -> dict[int, int]:
    """One-to-one matching per article, greedy by overlap ratio; returns {gold index: pred index}."""
    by_doc_p = defaultdict(list)
    for j, p in enumerate(pred):
        by_doc_p[p["_doc"]].append(j)
    cands = []
    for i, g in enumerate(gold):
        for j in by_doc_p.get(g["doc"], ()):
            r = ratio(g, pred[j])
            if r >= thr and r > 0:
                cands.append((r, i, j))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    gm, pm = {}, set()
    for r, i, j in cands:
        if i in gm or j in pm:
            continue
        gm[i] = j
        pm.add(j)
    return gm


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in EDGE:
        s += 1
    while e > s and text[e - 1] in EDGE:
        e -= 1
    return s, e


def exact_match(gold, pred, texts) -> dict[int, int]:
    index = defaultdict(list)
    for j, p in enumerate(pred):
        t = texts.get(p["_doc"])
        if t is not None:
            index[(p["_doc"],) + trim(t, p["start"], p["end"])].append(j)
    gm, used = {}, set()
    for i, g in enumerate(gold):
        key = (g["doc"],) + trim(texts[g["doc"]], g["start"], g["end"])
        for j in index.get(key, ()):
            if j not in used:
                gm[i] = j
                used.add(j)
                break
    return gm


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def speaker_ok(g: dict, p: dict) -> bool:
    if g.get("mention_start") is None:
        return p.get("speaker_start") is None
    if p.get("speaker_start") is None or p.get("speaker_end") is None:
        return False
    return overlap(g["mention_start"], g["mention_end"], p["speaker_start"], p["speaker_end"]) > 0


def norm_name(s: str | None) -> str:
    return " ".join((s or "").lower().replace("’", "'").split())


def canonical_ok(g: dict, p: dict) -> bool:
    a, b = norm_name(g["speaker"]), norm_name(p.get("speaker"))
    return bool(a and b) and (a == b or a in b or b in a)


def is_speech(g: dict) -> bool:
    return bool(g["cue"]) and g["cue"].lower() not in NONSPEECH_CUES


def is_quoted(g: dict) -> bool:
    return g["type"] in ("direct", "mixed")


# ----------------------------------------------------------------------------------------------- report
def pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def breakdown(title, key, gold, m3, m8, mx, pred, width=28, min_n=1):
    groups = defaultdict(list)
    for i, g in enumerate(gold):
        groups[key(g)].append(i)
    print(f"\n{title}")
    print(f"  {'':{width}} {'n':>4} {'R@.3':>6} {'R@.8':>6} {'R-ex':>6} {'spk':>6}")
    rows = sorted(groups.items(), key=lambda kv: (-len(kv[1]), str(kv[0])))
    for k, idx in rows:
        if len(idx) < min_n:
            continue
        n = len(idx)
        r3 = sum(i in m3 for i in idx) / n
        r8 = sum(i in m8 for i in idx) / n
        rx = sum(i in mx for i in idx) / n
        matched = [i for i in idx if i in m3]
        spk = sum(speaker_ok(gold[i], pred[m3[i]]) for i in matched) / len(matched) if matched else 0.0
        spk_s = pct(spk) if matched else "    -"
        print(f"  {str(k)[:width]:{width}} {n:4d} {pct(r3):>6} {pct(r8):>6} {pct(rx):>6} {spk_s:>6}")


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--output", help="predictions JSONL: read it if it exists, else run quotes and write it")
    ap.add_argument("--rerun", action="store_true", help="run quotes even if --output exists")
    ap.add_argument("--quotes", help="command for the quotes CLI (default: .venv/bin/quotes, then PATH)")
    ap.add_argument("--misses", action="store_true", help="list misses, false positives and wrong speakers")
    ap.add_argument("--json", help="also write the headline metrics to this JSON file")
    ap.add_argument("--set", dest="set_dir", default=str(FIX.relative_to(ROOT)),
                    help="evaluation set directory (articles/, gold.jsonl, negatives.jsonl); "
                         "default: tests/fixtures/news")
    return ap.parse_args()


def load(args: argparse.Namespace) -> tuple[dict[str, str], list[dict], list[dict], list[dict]]:
    """(article texts, gold, negatives, predicted statements) of the set the arguments name."""
    set_dir = Path(args.set_dir)
    use_set(set_dir if set_dir.is_absolute() else (Path.cwd() / set_dir if (Path.cwd() / set_dir).is_dir()
                                                      else ROOT / set_dir))
    texts = {p.stem: p.read_bytes().decode("utf-8") for p in sorted(ARTICLES.glob("*.txt"))}
    gold = load_jsonl(FIX / "gold.jsonl")
    validate_gold(gold, texts)
    negatives = load_jsonl(FIX / "negatives.jsonl") if (FIX / "negatives.jsonl").exists() else []
    if args.output and Path(args.output).exists() and not args.rerun:
        out = Path(args.output)
    else:
        out = Path(args.output) if args.output else Path(tempfile.mkdtemp(prefix="eval_news_")) / "out.jsonl"
        run_tool(find_quotes_cmd(args.quotes), out)
    pred = statements(p for p in load_jsonl(out) if p.get("start") is not None and p.get("end") is not None)
    for p in pred:
        p["_doc"] = doc_key(p.get("article_id", ""))
    unknown = sorted({p["_doc"] for p in pred} - set(texts))
    if unknown:
        print(f"warning: predictions for unknown articles ignored: {unknown[:5]}", file=sys.stderr)
        pred = [p for p in pred if p["_doc"] in texts]
    return texts, gold, negatives, pred


def headline(texts: dict[str, str], gold: list[dict], pred: list[dict], m3: dict, m8: dict, mx: dict) -> dict:
    """Print the headline figures; return them as the summary."""
    label = "" if FIX == DEFAULT_FIX else f" ({FIX.relative_to(ROOT) if FIX.is_relative_to(ROOT) else FIX})"
    print(f"news evaluation set{label}: {len(texts)} articles, {len(gold)} gold statements, {len(pred)} predictions")
    print(f"  gold types: {dict(Counter(g['type'] for g in gold))}; split: {sum(g['split'] for g in gold)}")
    print(f"  predicted types: {dict(Counter(p.get('quote_type') for p in pred))}")
    summary: dict = {"n_gold": len(gold), "n_pred": len(pred)}
    print(f"\n  {'':20} {'P':>6} {'R':>6} {'F1':>6}")
    for name, mm in (("overlap >= 0.3", m3), ("overlap >= 0.8", m8), ("exact boundaries", mx)):
        p_, r_, f_ = prf(len(mm), len(pred), len(gold))
        summary[name] = {"P": round(p_, 4), "R": round(r_, 4), "F1": round(f_, 4)}
        print(f"  {name:20} {pct(p_):>6} {pct(r_):>6} {pct(f_):>6}")
    speech = [i for i, g in enumerate(gold) if is_speech(g)]
    quoted = [i for i, g in enumerate(gold) if is_quoted(g)]
    for label, idx in (("speech-cue statements", speech), ("statements in quotation marks", quoted)):
        r3 = sum(i in m3 for i in idx) / len(idx) if idx else 0.0
        r8 = sum(i in m8 for i in idx) / len(idx) if idx else 0.0
        summary[f"recall {label}"] = {"0.3": round(r3, 4), "0.8": round(r8, 4), "n": len(idx)}
        print(f"  recall on {label:30} (n={len(idx):3d}): @0.3 {pct(r3)}  @0.8 {pct(r8)}")
    speakers(gold, pred, list(m3.items()), summary)
    return summary


def speakers(gold: list[dict], pred: list[dict], matched: list[tuple[int, int]], summary: dict) -> None:
    spk = sum(speaker_ok(gold[i], pred[j]) for i, j in matched)
    canon = [(i, j) for i, j in matched if gold[i]["speaker_type"] in ("person", "organization", "media")]
    can = sum(canonical_ok(gold[i], pred[j]) for i, j in canon)
    summary["speaker accuracy"] = round(spk / len(matched), 4) if matched else 0.0
    print(f"  speaker-mention accuracy on matched quotes: {pct(spk / len(matched) if matched else 0)} "
          f"({spk}/{len(matched)})")
    print(f"  (extra) canonical speaker agrees, person/org/media: {pct(can / len(canon) if canon else 0)} "
          f"({can}/{len(canon)})")
    type_ok = sum(pred[j].get("quote_type") == gold[i]["type"] for i, j in matched)
    print(f"  (extra) quote_type agrees on matched quotes: {pct(type_ok / len(matched) if matched else 0)}")


def negative_hits(texts: dict[str, str], gold: list[dict], negatives: list[dict], pred: list[dict]) -> list:
    """Negatives a prediction covers at least half of, where that part is not explained by a gold content (a quoted
    title inside an attributed clause is fine when the clause is the prediction)."""
    hits = []
    for n in negatives:
        t = texts.get(n["doc"], "")
        s = t.find(n["text"])
        if s < 0:
            continue
        e = s + len(n["text"])
        covered_by_gold = any(g["doc"] == n["doc"] and overlap(s, e, g["start"], g["end"]) >= 0.5 * (e - s)
                              for g in gold)
        for p in pred:
            if p["_doc"] == n["doc"] and overlap(s, e, p["start"], p["end"]) >= 0.5 * (e - s) \
                    and not covered_by_gold:
                hits.append((n, p))
                break
    return hits


def false_positives(gold: list[dict], pred: list[dict], m3: dict) -> tuple[list[int], list[int]]:
    """False positives, and those of them touching a gold content; printed."""
    matched_p = set(m3.values())
    fps = [j for j in range(len(pred)) if j not in matched_p]
    touching = [j for j in fps if any(g["doc"] == pred[j]["_doc"] and
                                      overlap(g["start"], g["end"], pred[j]["start"], pred[j]["end"]) > 0
                                      for g in gold)]
    print(f"  false positives @0.3: {len(fps)} ({len(touching)} overlap a gold content, e.g. the second "
          f"segment of a split quote; {len(fps) - len(touching)} touch none)")
    if any("rule" in p for p in pred):
        byrule = Counter(pred[j].get("rule") for j in fps)
        allrule = Counter(p.get("rule") for p in pred)
        print("  predictions / false positives by rule: " +
              ", ".join(f"{r}: {allrule[r]}/{byrule.get(r, 0)}" for r in sorted(allrule, key=str)))
    return fps, touching


def per_article(texts: dict[str, str], gold: list[dict], pred: list[dict], m3: dict, m8: dict) -> None:
    print("\nper article")
    print(f"  {'':34} {'gold':>4} {'pred':>4} {'P@.3':>6} {'R@.3':>6} {'F@.3':>6} {'F@.8':>6} {'spk':>6}")
    for d in sorted(texts):
        gi = [i for i, g in enumerate(gold) if g["doc"] == d]
        pj = [j for j, p in enumerate(pred) if p["_doc"] == d]
        tp3 = sum(i in m3 for i in gi)
        tp8 = sum(i in m8 for i in gi)
        p3, r3, f3 = prf(tp3, len(pj), len(gi))
        f8 = prf(tp8, len(pj), len(gi))[2]
        mi = [i for i in gi if i in m3]
        sa = sum(speaker_ok(gold[i], pred[m3[i]]) for i in mi) / len(mi) if mi else 0.0
        print(f"  {d[:34]:34} {len(gi):4d} {len(pj):4d} {pct(p3):>6} {pct(r3):>6} {pct(f3):>6} {pct(f8):>6} "
              f"{pct(sa):>6}")


def breakdowns(gold: list[dict], pred: list[dict], m3: dict, m8: dict, mx: dict) -> None:
    breakdown("per construction (R = recall of gold contents; spk = speaker accuracy among those matched @0.3)",
              lambda g: g["construction"], gold, m3, m8, mx, pred)
    breakdown("per type", lambda g: g["type"] + (" (split)" if g["split"] else ""), gold, m3, m8, mx, pred)
    breakdown("per speaker type", lambda g: g["speaker_type"], gold, m3, m8, mx, pred)
    breakdown("per cue (cues used at least 3 times)", lambda g: g["cue"].lower(), gold, m3, m8, mx, pred,
              min_n=3)
    breakdown("per position of the source", position, gold, m3, m8, mx, pred)


def main() -> int:
    args = parse_args()
    texts, gold, negatives, pred = load(args)
    m3, m8 = (greedy_match(gold, pred, t) for t in THRESHOLDS)
    mx = exact_match(gold, pred, texts)
    summary = headline(texts, gold, pred, m3, m8, mx)
    neg_hits = negative_hits(texts, gold, negatives, pred)
    print(f"  negatives hit by a prediction: {len(neg_hits)}/{len(negatives)}")
    summary["negatives hit"] = len(neg_hits)
    fps, touching = false_positives(gold, pred, m3)
    per_article(texts, gold, pred, m3, m8)
    breakdowns(gold, pred, m3, m8, mx)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2), encoding="utf-8")
    if args.misses:
        from eval_news_misses import print_misses

        print_misses(texts, gold, pred, m3, m8, fps, touching, neg_hits)
    return 0


def position(g: dict) -> str:
    if not g.get("mention"):
        return "no source"
    if g["split"]:
        return "source inside (split)"
    return "source before content" if g["mention_start"] < g["start"] else "source after content"


if __name__ == "__main__":
    sys.exit(main())
