"""The listings of `python bench/eval_news.py --misses`: misses, boundaries, false positives, wrong speakers,
negatives hit."""

from __future__ import annotations

from eval_news import ratio, speaker_ok


def context(text: str, s: int, e: int, width: int = 70) -> str:
    lo, hi = max(0, s - width), min(len(text), e + width)
    return (text[lo:s] + "[[" + text[s:e] + "]]" + text[e:hi]).replace("\n", " ⏎ ")


def print_misses(texts: dict[str, str], gold: list[dict], pred: list[dict], m3: dict, m8: dict, fps: list[int],
                 touching: list[int], neg_hits: list) -> None:
    matched = list(m3.items())
    print("\n=== MISSED (no prediction overlapping >= 30%) ===")
    for i, g in enumerate(gold):
        if i in m3:
            continue
        t = texts[g["doc"]]
        best = max((ratio(g, p) for p in pred if p["_doc"] == g["doc"]), default=0.0)
        print(f"- {g['doc']} [{g['construction']}/{g['type']}] cue={g['cue']!r} mention={g['mention']!r} "
              f"best-overlap={best:.2f}")
        print(f"    {context(t, g['start'], g['end'])}")
    print("\n=== BOUNDARIES (matched @0.3 but not @0.8) ===")
    for i, g in enumerate(gold):
        if i in m3 and i not in m8:
            p = pred[m3[i]]
            print(f"- {g['doc']} [{g['construction']}] ratio={ratio(g, p):.2f} rule={p.get('rule')}")
            print(f"    gold: {g['content']!r}")
            print(f"    pred: {p.get('text')!r}")
    print("\n=== FALSE POSITIVES (@0.3) ===")
    for j in fps:
        p = pred[j]
        t = texts[p["_doc"]]
        tag = "overlaps-gold" if j in touching else "no-gold"
        print(f"- {p['_doc']} [{tag}] rule={p.get('rule')} type={p.get('quote_type')} cue={p.get('cue')!r} "
              f"speaker={p.get('speaker_mention')!r}")
        print(f"    {context(t, p['start'], p['end'])}")
    print("\n=== WRONG SPEAKER MENTION (matched @0.3) ===")
    for i, j in matched:
        g, p = gold[i], pred[j]
        if speaker_ok(g, p):
            continue
        print(f"- {g['doc']} [{g['construction']}] gold={g['mention']!r} ({g['speaker']}) "
              f"pred={p.get('speaker_mention')!r} ({p.get('speaker')}) rule={p.get('rule')}")
        print(f"    {context(texts[g['doc']], g['start'], g['end'], 60)}")
    print("\n=== NEGATIVES HIT ===")
    for n, p in neg_hits:
        print(f"- {n['doc']}: {n['text']!r} ({n['why']}) <- pred {p.get('text')!r} rule={p.get('rule')}")
