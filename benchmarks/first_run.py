"""Score a fresh batch once and record its first-run figures in benchmarks/ACCURACY.md.

    python -m benchmarks.first_run benchmarks/corpus/check/en-b.jsonl --styles "e-mails, macros"

A sentence-level signal set (lines with ``signals``) goes to the signal table instead.
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
SIGNAL_TABLE_HEADER = "| signal set | lang |"


def _figures(batch: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures.json"
        accuracy.main([str(batch), "--json", str(out)])
        return json.loads(out.read_text(encoding="utf-8"))


def _commit() -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()


def _signal_row(batch: Path, items: list[dict]) -> str:
    """A sentence-level signal set's row: precision / recall (positives) per signal."""
    report = _figures(batch)
    lang = items[0]["lang"]
    cells = []
    for name in accuracy.SIGNALS:
        v = report[f"signals/{lang}/{name}"]
        cells.append(f"{v['precision']:.2f} / {v['recall']:.2f} ({v['tp'] + v['fn']})")
    return f"| {batch.stem} | {lang} | {len(items)} | {_commit()} | " + " | ".join(cells) + " |"


def _row(batch: Path, styles: str, items: list[dict]) -> str:
    report = _figures(batch)
    lang = items[0]["lang"]
    negatives = sum(not item["flags"] and not item.get("uncertain") for item in items)
    total = report[f"{lang}/ALL"]
    per_rule = [(v["recall"], key.split("/")[1]) for key, v in report.items()
                if key.startswith(f"{lang}/") and not key.endswith("/ALL") and v["tp"] + v["fn"]]
    weakest = ", ".join(f"{name} {r:.2f}" for r, name in sorted(per_rule)[:3])
    return (f"| {batch.stem} | {batch.parent.name} | {lang} | {styles} | {len(items)} ({negatives}) | {_commit()} | "
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
    items = [json.loads(line) for line in args.batch.read_text(encoding="utf-8").splitlines() if line.strip()]
    is_signal_set = "signals" in items[0]
    row = _signal_row(args.batch, items) if is_signal_set else _row(args.batch, args.styles, items)
    header = SIGNAL_TABLE_HEADER if is_signal_set else TABLE_HEADER
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    end = start + 2
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    lines.insert(end, row)
    HISTORY.write_text("\n".join(lines), encoding="utf-8")
    print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
