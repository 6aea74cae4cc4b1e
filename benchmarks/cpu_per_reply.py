"""CPU time per reply on labelled replies, each new to the linter (its paragraph cache is
cleared before every reply), best of three rounds. A quick figure for comparing two commits:

    python -m benchmarks.cpu_per_reply benchmarks/corpus/check
    PYTHONPATH=/path/to/other/checkout python -m benchmarks.cpu_per_reply benchmarks/corpus/check

For the full picture (latency percentiles, throughput, cold start, peers) see benchmarks/speed.py.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import replylint

ROUNDS = 3


def _texts(paths: list[str]) -> list[str]:
    files = [f for p in map(Path, paths) for f in (sorted(p.glob("*.jsonl")) if p.is_dir() else [p])]
    return [json.loads(line)["text"] for f in files for line in f.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args(argv)
    texts = _texts(args.paths)
    linter = replylint.Linter()
    linter.preload()
    for text in texts[:50]:  # warm the word caches, as a running linter has them
        linter.lint(text)
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.process_time()
        for text in texts:
            linter.clear_cache()
            linter.lint(text)
        best = min(best, (time.process_time() - started) / len(texts))
    print(f"{len(texts)} replies, best of {ROUNDS}: {best * 1e6:.0f} µs CPU per reply ({replylint.__file__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
