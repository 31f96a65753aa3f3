"""Benchmark: one huge article on a single line against a folder of ordinary articles of the same sentences.

Run: `python bench/bench_huge.py` (a 10 MB article and a 1 MB folder: about 15 minutes on 2 cores), or
`--mb 1 --folder-mb 0.5` for a quick check. No network, no data files: both inputs are built from the
sentences of `seeds/`, the huge one joined by single spaces on one line (no paragraph break anywhere), the
folder as copies of the seed articles as they are. Each is run as `quotes extract INPUT -o OUT --jobs 1
--no-cache` in its own process, and the script prints, from that one run, each one's seconds per MB of input
and peak memory (max RSS of the process, from `wait4`), and the ratios the reliability issue set as targets:
seconds per MB of the huge article / of the folder (target <= 2) and the huge article's peak RSS (target <= 1.5 GB).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
MB = 1_000_000  # as --max-article-size counts: the default limit is 10 MB


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def one_line_article(size: int) -> str:
    """At most `size` bytes (UTF-8) of the seeds' sentences on one line (their date headers left out)."""
    sentences: list[str] = []
    for text in seed_texts():
        body = re.sub(r"^\s*date \d{4}-\d\d-\d\d [^\n]*? - ", "", text)
        sentences.extend(s for s in re.split(r"(?<=[.!?”\"])\s+", " ".join(body.split())) if s)
    parts: list[str] = []
    n = 0
    while n < size:
        s = sentences[len(parts) % len(sentences)]
        parts.append(s)
        n += len(s) + 1
    data = " ".join(parts).encode("utf-8")[: size - 1]  # the limit counts bytes of the file
    return data.decode("utf-8", errors="ignore") + "\n"


def article_folder(folder: Path, size: int) -> int:
    """Copies of the seed articles in `folder` until they hold `size` bytes; returns the bytes written."""
    folder.mkdir(parents=True)
    texts = seed_texts()
    written = 0
    k = 0
    while written < size:
        text = texts[k % len(texts)]
        (folder / f"article_{k:05d}.txt").write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
        k += 1
    return written


def measure(label: str, path: Path, out: Path, size: int) -> dict:
    cmd = [sys.executable, "-m", "quotes", "extract", str(path), "-o", str(out), "--jobs", "1", "--no-cache"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    stderr = proc.stderr.read().decode(errors="replace").strip().splitlines()
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    row = {"label": label, "mb": size / MB, "seconds": seconds, "s_per_mb": seconds / (size / MB),
           "rss_mb": usage.ru_maxrss / 1024, "exit": code, "summary": stderr[-1] if stderr else ""}
    print(f"{label:<28} {row['mb']:6.2f} MB  {seconds:7.1f} s  {row['s_per_mb']:6.1f} s/MB  "
          f"peak RSS {row['rss_mb']:7.0f} MB  exit {code}  ({row['summary']})", flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=10.0, help="size of the one-line article in MB (default 10)")
    ap.add_argument("--folder-mb", type=float, default=1.0, help="size of the folder of ordinary articles (default 1)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-huge-"))
    try:
        folder = work / "ordinary"
        folder_size = article_folder(folder, int(args.folder_mb * MB))
        huge = work / "huge.txt"
        huge.write_text(one_line_article(int(args.mb * MB)), encoding="utf-8")
        ordinary = measure("folder of ordinary articles", folder, work / "ordinary.csv", folder_size)
        big = measure("one-line article", huge, work / "huge.csv", huge.stat().st_size)
        ratio = big["s_per_mb"] / ordinary["s_per_mb"]
        print(f"seconds per MB, one-line article / ordinary folder: {ratio:.2f} (target <= 2)")
        print(f"peak RSS of the one-line article: {big['rss_mb'] / 1024:.2f} GB (target <= 1.5 GB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
