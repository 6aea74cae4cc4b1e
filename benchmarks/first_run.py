"""Score a fresh batch once and record its first-run figures in benchmarks/ACCURACY.md.

    python -m benchmarks.first_run benchmarks/corpus/check/en-b.jsonl --styles "e-mails, macros"

Run it when a batch arrives, before anyone reads its misses: the row names the commit the
patterns were at, so the history shows what the linter did on replies it had never seen.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from . import accuracy

HISTORY = Path(__file__).with_name("ACCURACY.md")
TABLE_HEADER = "| batch | split | lang |"


def _row(batch: Path, styles: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures.json"
        accuracy.main([str(batch), "--json", str(out)])
        report = json.loads(out.read_text(encoding="utf-8"))
    items = [json.loads(line) for line in batch.read_text(encoding="utf-8").splitlines() if line.strip()]
    lang = items[0]["lang"]
    negatives = sum(not item["flags"] and not item.get("uncertain") for item in items)
    total = report[f"{lang}/ALL"]
    per_rule = [(v["recall"], key.split("/")[1]) for key, v in report.items()
                if key.startswith(f"{lang}/") and not key.endswith("/ALL") and v["tp"] + v["fn"]]
    weakest = ", ".join(f"{name} {r:.2f}" for r, name in sorted(per_rule)[:3])
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return (f"| {batch.stem} | {batch.parent.name} | {lang} | {styles} | {len(items)} ({negatives}) | {commit} | "
            f"{total['precision']:.2f} | {total['recall']:.2f} | {total['f1']:.2f} | {weakest} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("batch", type=Path)
    ap.add_argument("--styles", default="", help="the styles the batch is written in")
    args = ap.parse_args(argv)
    text = HISTORY.read_text(encoding="utf-8")
    if f"| {args.batch.stem} |" in text:
        print(f"{args.batch.stem} already has a first run in {HISTORY.name}; it is recorded once", file=sys.stderr)
        return 1
    row = _row(args.batch, args.styles)
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(TABLE_HEADER))
    end = start + 2
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    lines.insert(end, row)
    HISTORY.write_text("\n".join(lines), encoding="utf-8")
    print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
