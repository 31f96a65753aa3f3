"""Benchmark: time `assign_clusters` on 1k and 10k synthetic quotes and print the ratio (near-linear ~10x).

Run: `python bench/bench_cluster.py [N ...] [--fixed-vocabulary]` (default 1000 10000). No network, no data
files: sentences are generated from a Zipf-distributed synthetic vocabulary (growing with the corpus by Heaps'
law, or fixed at 20,000 words), with reworded copies (a word swapped, a compound hyphenated, a segment cut out)
of recent quotes and unattributed copies, so that blocking and verification both have work to do.
"""

from __future__ import annotations

import itertools
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from quotes.cluster import assign_clusters
from quotes.records import Quote

SYLLABLES = ["ka", "ro", "vi", "len", "mar", "to", "su", "bel", "dra", "ni", "os", "quen", "ta", "ver", "lo", "im"]
WINDOW = 500
FUNCTION_WORDS = ["the", "a", "of", "to", "and", "in", "that", "is", "we", "will", "not", "for", "on", "it", "be"]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 5))))
    return sorted(words)


def sentence(rng: random.Random, vocab: list[str], cum_weights: list[float]) -> list[str]:
    n = rng.randint(8, 30)
    return [rng.choice(FUNCTION_WORDS) if rng.random() < 0.4 else rng.choices(vocab, cum_weights=cum_weights)[0]
            for _ in range(n)]


def reword(rng: random.Random, words: list[str], vocab: list[str]) -> list[str]:
    words = list(words)
    kind = rng.randrange(3)
    if kind == 0:
        words[rng.randrange(len(words))] = rng.choice(vocab)
    elif kind == 1 and len(words) > 1:
        i = rng.randrange(len(words) - 1)
        words[i:i + 2] = [words[i] + "-" + words[i + 1]]
    else:
        words = words[:rng.randint(min(6, len(words)), len(words))]
    return words


def vocabulary_size(n_quotes: int, words_per_quote: int = 20) -> int:
    """Heaps' law (V = K * tokens ** beta, K = 30, beta = 0.55, typical of English news): a larger corpus
    brings new names, places and numbers, so its vocabulary grows too (7k words for 1k quotes, 24k for 10k)."""
    return int(30 * (n_quotes * words_per_quote) ** 0.55)


def synthetic_quotes(n: int, seed: int = 42, heaps: bool = True) -> list[Quote]:
    rng = random.Random(seed)
    vocab = vocabulary(rng, vocabulary_size(n) if heaps else 20_000)
    cum_weights = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(vocab))))
    speakers = [f"Speaker {i}" for i in range(max(n // 20, 5))]
    made: list[tuple[list[str], str]] = []
    quotes = []
    for i in range(n):
        if made and rng.random() < 0.3:
            # Re-reports come within a news cycle: a copy of one of the last WINDOW quotes, so the number of
            # reports of one statement does not grow with the size of the corpus.
            words, speaker = rng.choice(made[-WINDOW:])
            words = reword(rng, words, vocab)
            speaker = "" if rng.random() < 0.2 else speaker
        else:
            words, speaker = sentence(rng, vocab, cum_weights), rng.choice(speakers)
        made.append((words, speaker))
        text = " ".join(words).capitalize() + "."
        quotes.append(Quote(article_id=f"a{i // 8:05d}", quote_type="direct", text=text, start=i, end=i + len(text),
                            speaker=speaker))
    return quotes


def timed(n: int, repeat: int = 3, heaps: bool = True) -> tuple[float, float, int]:
    """Best wall-clock and CPU seconds of `assign_clusters` on `n` synthetic quotes over `repeat` runs (the
    minimum is the least disturbed by other processes), and the number of clusters."""
    quotes = synthetic_quotes(n, heaps=heaps)
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        out = assign_clusters(quotes)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), len({q.cluster_id for q in out})


def main(argv: list[str]) -> None:
    heaps = "--fixed-vocabulary" not in argv
    sizes = [int(a) for a in argv if a.isdigit()] or [1_000, 10_000]
    print(f"vocabulary: {'grows with the corpus (Heaps)' if heaps else 'fixed, 20,000 words'}")
    times = []
    for n in sizes:
        wall, cpu, n_clusters = timed(n, heaps=heaps)
        times.append(wall)
        print(f"{n:>8,} quotes: {wall:8.3f} s wall, {cpu:8.3f} s cpu  ({n_clusters:,} clusters, "
              f"{wall / n * 1e6:6.1f} us/quote)")
    for (n0, t0), (n1, t1) in zip(zip(sizes, times), zip(sizes[1:], times[1:])):
        print(f"{n1:,}/{n0:,} quotes: time ratio {t1 / t0:.1f}x for {n1 / n0:.0f}x the quotes "
              f"(quadratic would be {(n1 / n0) ** 2:.0f}x)")


if __name__ == "__main__":
    main(sys.argv[1:])
