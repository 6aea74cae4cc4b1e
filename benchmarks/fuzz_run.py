"""A long fuzz run over the hostile input families of issue 15 (``benchmarks/fuzz_families.py``).

Draws ``--cases`` inputs: a family, a variant (one of the family's, or random short text
where any will do), a size up to ``--max-size`` bytes and a salt; runs every case of it
(the library on a reply, the readers, the pattern loader) and prints, per family: cases
run, cases refused with a clear error (ReaderError / PatternFileError), unexpected
exceptions (there must be none), and the slowest input per KB of CPU time (inputs of at
least 256 bytes, so tiny denominators do not dominate). Figures go to docs/robustness.md.

    python -m benchmarks.fuzz_run --cases 100000 --max-size 2048
"""
from __future__ import annotations

import argparse
import random
import string
import sys
import time
import traceback
from collections import defaultdict

from benchmarks.fuzz_families import FAMILIES, run_case
from replylint.engine import Linter
from replylint.pattern_files import PatternFileError
from replylint.readers import ReaderError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--max-size", type=int, default=2048, help="largest input in bytes")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    linter = Linter()
    for family in FAMILIES:  # warm up: languages, the Chinese segmenter, each family's code paths
        for variant in family.variants:
            for case in family.make(variant, 64, 0):
                try:
                    run_case(case, linter)
                except (ReaderError, PatternFileError):
                    pass
    runs: dict[str, int] = defaultdict(int)
    inputs: dict[str, int] = defaultdict(int)
    refused: dict[str, int] = defaultdict(int)
    failures: list[str] = []
    slowest: dict[str, tuple[float, str]] = {}
    started = time.monotonic()
    for n in range(args.cases):
        family = rng.choice(FAMILIES)
        if family.free_variants and rng.random() < 0.3:
            alphabet = string.punctuation + string.whitespace + "ab客Я"
            variant = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3)))
        else:
            variant = rng.choice(family.variants)
        size = rng.randint(1, args.max_size)
        inputs[family.name] += 1
        for case in family.make(variant, size, n):
            runs[family.name] += 1
            if case[0] == "lint" and n % 50 == 0:
                linter.clear_cache()  # keep the cache from growing without bound across the run
            t0 = time.process_time()
            try:
                run_case(case, linter)
            except (ReaderError, PatternFileError):
                refused[family.name] += 1
            except Exception:  # noqa: BLE001 - the point is to find these
                failures.append(f"{family.name} {variant!r} size {size} {case[0]}:\n{traceback.format_exc()}")
            elapsed = time.process_time() - t0
            kb = len(case[1].encode("utf-8", "surrogatepass")) / 1024
            if kb >= 0.25:
                per_kb = elapsed * 1000 / kb
                if per_kb > slowest.get(family.name, (0.0, ""))[0]:
                    slowest[family.name] = (per_kb, f"{variant!r} x {size} B via {case[0]}")
    wall = time.monotonic() - started
    print(f"{args.cases:,} inputs (seed {args.seed}, up to {args.max_size:,} bytes) in {wall:,.0f} s wall time")
    print("| family | inputs | cases run | refused with an error | unexpected exceptions | slowest CPU ms/KB (input) |")
    print("|---|---|---|---|---|---|")
    for family in FAMILIES:
        name = family.name
        worst = slowest.get(name)
        shown = f"{worst[0]:.1f} ({worst[1]})" if worst else "-"
        bad = sum(f.startswith(name + " ") for f in failures)
        print(f"| {name} | {inputs[name]:,} | {runs[name]:,} | {refused[name]:,} | {bad} | {shown} |")
    for failure in failures[:20]:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
