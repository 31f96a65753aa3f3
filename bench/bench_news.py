"""Benchmark on news-dense text: whole `quotes extract` processes against a bare spaCy parse, paired in one run.

Run: `python bench/bench_news.py --seeds 60` (a corpus rebuilt from the seed articles' paragraphs: 25 shuffled
paragraphs an article, fixed seed) or `python bench/bench_news.py --folder DIR` (any folder of articles, e.g. a
local copy of PolNeAR's train texts, which cannot be committed). bench/bench_pipeline.py measures generated
articles, which hold fewer attributions per sentence than real news; this one measures real news density.

Arms, each a whole process, so start-up, imports and model loading count as users see them:
- A: `quotes extract INPUTS -o OUT.csv --jobs 1 --no-cache`;
- B: the bare parse: `spacy.load(model)` and `nlp.pipe` over the same texts (files read as text).
A and B alternate (A B, B A, …) `--repeat` times, so a slow spell of the shared machine falls on both; the ratio is
the sum of A's times over the sum of B's, with the ratio of each pair beside it. Then the stage profile
(bench/stages.py) of one more run of A. `--extra` adds: start-up (one short article, A minus B), `--jobs 2`
against `--jobs 1`, a warm cache against a cold one, and peak memory at two corpus sizes.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
QUOTES = [sys.executable, "-m", "quotes"]
PARAGRAPHS_PER_ARTICLE = 25
_HEADER = re.compile(r"^\s*date \d{4}-\d{2}-\d{2} (?:[^\n]*? - )?")

BARE = """
import sys, time
from pathlib import Path
import spacy
from quotes.parse.spacy_backend import DEFAULT_MODEL
paths = [p for arg in sys.argv[1:] for p in (sorted(Path(arg).rglob('*.txt')) if Path(arg).is_dir() else [Path(arg)])]
texts = [p.read_text(encoding='utf-8') for p in paths]
nlp = spacy.load(DEFAULT_MODEL)
print(sum(len(doc) for doc in nlp.pipe(texts, batch_size=64)))
"""


def seed_paragraphs() -> list[str]:
    """Every paragraph of the seed articles, the first one without its `date … - ` header."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = _HEADER.sub("", path.read_text(encoding="utf-8"))
        out += [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return out


def write_seed_corpus(folder: Path, n: int, seed: int = 0) -> Path:
    """`n` articles of `PARAGRAPHS_PER_ARTICLE` seed paragraphs each, shuffled with `seed`, as .txt files."""
    pool = seed_paragraphs()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        paras = rng.sample(pool, min(PARAGRAPHS_PER_ARTICLE, len(pool)))
        (folder / f"seedmix_{i:04d}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    return folder


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """(wall seconds, peak RSS in MB, CPU seconds) of one command's own process, which must succeed."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def extract_cmd(inputs: list[str], out: Path, *options: str) -> list[str]:
    return [*QUOTES, "extract", *inputs, "-o", str(out), *options]


def paired(label: str, a: list[str], b: list[str], repeat: int, cwd: Path) -> tuple[float, float, float, float]:
    """Run A and B alternately `repeat` times each; print wall and CPU times, return the sums (wall A, wall B,
    cpu A, cpu B).
    CPU time (user + system of the process) moves less than wall time when other work shares the cores."""
    wall = {"A": 0.0, "B": 0.0}
    cpu = {"A": 0.0, "B": 0.0}
    for r in range(repeat):
        order = [("A", a), ("B", b)] if r % 2 == 0 else [("B", b), ("A", a)]
        got: dict[str, tuple[float, float, float]] = {}
        for name, cmd in order:
            got[name] = timed(cmd, cwd)
            wall[name] += got[name][0]
            cpu[name] += got[name][2]
        (wa, _, ca), (wb, _, cb) = got["A"], got["B"]
        print(f"    pair {r + 1}: wall A {wa:7.2f} s  B {wb:7.2f} s  A/B {wa / wb:.3f}   "
              f"cpu A {ca:7.2f} s  B {cb:7.2f} s  A/B {ca / cb:.3f}", flush=True)
    print(f"  {label}, {repeat} pairs: wall A {wall['A']:.2f} s, B {wall['B']:.2f} s, ratio {wall['A'] / wall['B']:.3f}; "
          f"cpu A {cpu['A']:.2f} s, B {cpu['B']:.2f} s, ratio {cpu['A'] / cpu['B']:.3f}", flush=True)
    return wall["A"], wall["B"], cpu["A"], cpu["B"]


def whole_process(inputs: list[str], tmp: Path, repeat: int) -> None:
    out = tmp / "out.csv"
    print("whole process, quotes extract --jobs 1 --no-cache (A) vs bare spacy.load + nlp.pipe (B):")
    paired("extract / bare parse", extract_cmd(inputs, out, "--jobs", "1", "--no-cache"),
           [sys.executable, "-c", BARE, *inputs], repeat, tmp)


def stage_profile(inputs: list[str]) -> None:
    print("stage profile (one run of A, bench/stages.py):", flush=True)
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "stages.py"), *inputs], capture_output=True,
                          text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"stage profile failed:\n{proc.stderr[-3000:]}")
    print(proc.stdout, end="", flush=True)


def extra_figures(inputs: list[str], tmp: Path, repeat: int) -> None:
    """Start-up, workers, cache and memory, each paired or interleaved in this run."""
    one = tmp / "one" / "one.txt"
    one.parent.mkdir(exist_ok=True)
    one.write_text(seed_paragraphs()[5] + "\n", encoding="utf-8")
    out = tmp / "extra.csv"
    a, b, ca, cb = paired("start-up, one article", extract_cmd([str(one)], out, "--jobs", "1", "--no-cache"),
                          [sys.executable, "-c", BARE, str(one)], repeat, tmp)
    print(f"  one-article extract minus bare parse: wall {(a - b) / repeat:+.3f} s, cpu {(ca - cb) / repeat:+.3f} s "
          "a run (target <= 0.25 s)")
    a, b, _, _ = paired("--jobs 2 (A) vs --jobs 1 (B)", extract_cmd(inputs, out, "--jobs", "2", "--no-cache"),
                        extract_cmd(inputs, out, "--jobs", "1", "--no-cache"), repeat, tmp)
    print(f"  speed-up 1 -> 2 workers: {b / a:.2f}x (target >= 1.8x)")
    cold = warm = 0.0
    for r in range(repeat):
        cache = tmp / f"cache{r}"
        cold += timed(extract_cmd(inputs, out, "--jobs", "1", "--cache", str(cache)), tmp)[0]
        warm += timed(extract_cmd(inputs, out, "--jobs", "1", "--cache", str(cache)), tmp)[0]
    print(f"  cold cache {cold / repeat:.2f} s, warm {warm / repeat:.2f} s: {cold / warm:.1f}x (target >= 20x)")


def memory(n_small: int, n_large: int, tmp: Path) -> None:
    rss = {}
    for n in (n_small, n_large):
        folder = write_seed_corpus(tmp / f"mem{n}", n)
        seconds, rss[n], _ = timed(extract_cmd([str(folder)], tmp / "mem.csv", "--jobs", "1", "--no-cache"), tmp)
        print(f"  {n} articles: {seconds:.1f} s, peak RSS {rss[n]:.0f} MB", flush=True)
    print(f"  peak memory {n_large} / {n_small} articles: {rss[n_large] / rss[n_small]:.2f} (flat: about 1)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--folder", nargs="+", metavar="DIR", help="benchmark these inputs (files or folders)")
    group.add_argument("--seeds", type=int, metavar="N", help="benchmark N articles rebuilt from seed paragraphs")
    ap.add_argument("--repeat", type=int, default=3, metavar="R", help="pairs of runs (default 3)")
    ap.add_argument("--no-profile", action="store_true", help="leave out the stage profile")
    ap.add_argument("--extra", action="store_true", help="also start-up, --jobs 2, cache and memory figures")
    ap.add_argument("--memory", type=int, nargs=2, default=(200, 800), metavar=("SMALL", "LARGE"),
                    help="seed-paragraph corpus sizes for the memory figure (with --extra; default 200 800)")
    args = ap.parse_args()
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="quotes-bench-news-") as tmp_name:
        tmp = Path(tmp_name)
        if args.seeds:
            inputs = [str(write_seed_corpus(tmp / "seedmix", args.seeds))]
            label = f"{args.seeds} articles rebuilt from seed paragraphs"
        else:
            inputs = [str(Path(p).resolve()) for p in args.folder]
            label = " ".join(args.folder)
        words = sum(len(p.read_text(encoding="utf-8").split()) for arg in inputs
                    for p in (Path(arg).rglob("*.txt") if Path(arg).is_dir() else [Path(arg)]))
        print(f"corpus: {label}, {words} words", flush=True)
        whole_process(inputs, tmp, args.repeat)
        if not args.no_profile:
            stage_profile(inputs)
        if args.extra:
            extra_figures(inputs, tmp, args.repeat)
            memory(*args.memory, tmp)
        load = os.getloadavg()
        print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
