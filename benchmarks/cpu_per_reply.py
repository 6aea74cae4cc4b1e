"""CPU time per reply on labelled replies, each new to the linter (its paragraph cache is
cleared before every reply), best of three rounds. A quick figure for comparing two commits:

    python -m benchmarks.cpu_per_reply benchmarks/corpus/check
    PYTHONPATH=/path/to/other/checkout python -m benchmarks.cpu_per_reply benchmarks/corpus/check

For the full picture (latency percentiles, throughput, cold start, peers) see benchmarks/speed.py.
"""
from __future__ import annotations

import argparse
import sys

import replylint
from benchmarks.cpu_timing import ROUNDS, best_round, labelled_replies, warm_up


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args(argv)
    texts = [text for _, text in labelled_replies(args.paths)]
    linter = replylint.Linter()
    linter.preload()
    warm_up(linter, texts)
    best = sum(best_round(linter, texts)) / len(texts)
    print(f"{len(texts)} replies, best of {ROUNDS}: {best * 1e6:.0f} µs CPU per reply ({replylint.__file__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
