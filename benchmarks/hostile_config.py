"""Figures for issue 15, items 3 and 4: what a repository's configuration and files cost.

* a ``[departments]`` list of N two-word phrases and an ``allow`` list of M terms: CPU
  seconds to build the English pack and lint one reply (languages loaded first);
* a 500-byte YAML alias bomb as a pattern file: CPU seconds until it is refused;
* readers: peak memory (tracemalloc) per input byte for a CSV of short rows and a JSON of
  tiny strings.

    python -m benchmarks.hostile_config --departments 50000 --allow 100000
"""
from __future__ import annotations

import argparse
import random
import string
import tempfile
import time
from pathlib import Path

from replylint.config import load_config
from replylint.engine import Linter
from replylint.pattern_files import PatternFileError, load_yaml


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 9)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--departments", type=int, default=50_000)
    parser.add_argument("--allow", type=int, default=100_000)
    args = parser.parse_args(argv)
    rng = random.Random(15)
    Linter().lint("warm up: Sorry for the delay.", lang="en")  # languages loaded outside the figure
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".replylint.toml"
        departments = ",".join(f'"{_word(rng)} {_word(rng)}"' for _ in range(args.departments))
        allow = ",".join(f'"{_word(rng)}"' for _ in range(args.allow))
        path.write_text(f"allow = [{allow}]\n[departments]\nen = [{departments}]\n", encoding="utf-8")
        started = time.process_time()
        config = load_config(path)
        loaded = time.process_time() - started
        linter = Linter(config)
        found = linter.lint("Sorry, our warehouse messed up.", lang="en")
        total = time.process_time() - started
        print(f"{args.departments:,} departments + {args.allow:,} allow terms: config read and checked in "
              f"{loaded:.2f} s, pack built and one reply linted in {total - loaded:.2f} s CPU "
              f"({len(found)} finding{'s' * (len(found) != 1)})")

        bomb = Path(folder) / "bomb.yaml"
        lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
        bomb.write_text("rule: excuse\n" + "\n".join(lines) + "\n", encoding="utf-8")
        started = time.process_time()
        try:
            load_yaml(bomb)
        except PatternFileError as exc:
            print(f"{len(bomb.read_bytes())}-byte alias bomb refused in {time.process_time() - started:.3f} s CPU: "
                  f"{str(exc).split(': ', 1)[1]}")

    from tests.test_readers_memory import csv_text, json_text, peak_per_byte

    for suffix, make, count in ((".csv", csv_text, 80_000), (".json", json_text, 80_000)):
        text = make(count)
        print(f"{suffix}: {peak_per_byte(suffix, text):.1f} bytes of peak memory per input byte "
              f"({len(text) / 2**20:.1f} MB, {count:,} replies)")


if __name__ == "__main__":
    main()
