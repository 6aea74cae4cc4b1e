"""Write every diagnostic for a set of labelled replies to a JSON file, to compare two commits:

    python -m benchmarks.dump_diagnostics ../shared/corpora/dev benchmarks/probe -o after.json
    PYTHONPATH=/path/to/old/checkout python -m benchmarks.dump_diagnostics ... -o before.json
    cmp before.json after.json

Each reply's findings as (rule, level, start, end, lang, message, suggestions, pattern), keyed
by file and sid. A refactoring that keeps behaviour leaves the two files identical.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import replylint


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args(argv)
    linter = replylint.Linter()
    out: dict[str, list] = {}
    for path in (f for p in map(Path, args.paths) for f in (sorted(p.glob("*.jsonl")) if p.is_dir() else [p])):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                out[f"{path.name}:{item.get('sid', '')}"] = [
                    [d.rule, d.level, d.start, d.end, d.lang, d.message, d.suggestions, d.pattern]
                    for d in linter.lint(item["text"])]
    args.output.write_text(json.dumps(out, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    print(f"{len(out)} replies, {sum(map(len, out.values()))} diagnostics -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
