"""Precision, recall and F1 per rule and per language over a labelled corpus.

    python -m benchmarks.accuracy ../shared/corpora/dev            # all *.jsonl in a folder
    python -m benchmarks.accuracy ../shared/corpora/dev/ru.jsonl --errors

Each line is ``{"lang", "text", "flags", "uncertain"}``; a reply is a positive for a
rule when ``flags`` lists it; rules in ``uncertain`` are left out of scoring for that
reply. The language is detected automatically, as a user's would be.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import replylint


def _files(paths: list[str]) -> list[Path]:
    out = []
    for p in map(Path, paths):
        out.extend(sorted(p.glob("*.jsonl")) if p.is_dir() else [p])
    return out


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _print_by_pattern(by_pattern: dict) -> None:
    """Precision per pattern, worst first: a finding counts as right when its reply carries
    the finding's rule (document rules name the pattern of the hit that triggered them)."""
    print(f"{'rule':17} {'pattern':55} {'right':>5} {'wrong':>5} {'prec':>6}")
    rows = sorted(by_pattern.items(), key=lambda kv: (kv[1][0] / sum(kv[1]), -sum(kv[1]), kv[0]))
    for (rule, pattern), (tp, fp) in rows:
        print(f"{rule:17} {pattern:55} {tp:5} {fp:5} {tp / (tp + fp):6.2f}")
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--errors", action="store_true", help="print every false positive and false negative")
    ap.add_argument("--rule", help="only this rule's errors")
    ap.add_argument("--json", help="also write the figures as JSON to this file")
    ap.add_argument("--by-pattern", action="store_true",
                    help="also print precision per pattern (which pattern id produced each finding)")
    ap.add_argument("--subset", choices=("odd", "even"),
                    help="only replies whose sid ends in an odd/even number (the probe set's tuning/check halves)")
    args = ap.parse_args(argv)
    linter = replylint.Linter()
    counts = defaultdict(lambda: [0, 0, 0])  # (lang, rule) -> tp, fp, fn
    by_pattern = defaultdict(lambda: [0, 0])  # pattern id -> findings in replies labelled with its rule, others
    rules = [r for r in linter.rules]
    for path in _files(args.paths):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            if args.subset and int(item.get("sid", "0").rsplit("-", 1)[-1]) % 2 != (args.subset == "odd"):
                continue
            lang, gold, unsure = item["lang"], set(item["flags"]), set(item.get("uncertain", []))
            diagnostics = linter.lint(item["text"])
            found = {d.rule for d in diagnostics}
            for d in diagnostics:
                if d.rule not in unsure and d.pattern:
                    by_pattern[(d.rule, d.pattern)][0 if d.rule in gold else 1] += 1
            for rule in rules:
                if rule in unsure:
                    continue
                key = (lang, rule)
                if rule in gold and rule in found:
                    counts[key][0] += 1
                elif rule in found:
                    counts[key][1] += 1
                    if args.errors and args.rule in (None, rule):
                        print(f"FP {rule:17} {item.get('sid', '')}: {item['text'][:200]!r}")
                elif rule in gold:
                    counts[key][2] += 1
                    if args.errors and args.rule in (None, rule):
                        print(f"FN {rule:17} {item.get('sid', '')}: {item['text'][:200]!r}")
    langs = sorted({lang for lang, _ in counts})
    report = {}
    print(f"{'lang':4} {'rule':17} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6} {'f1':>6}")
    for lang in langs:
        total = [0, 0, 0]
        for rule in rules:
            tp, fp, fn = counts[(lang, rule)]
            total = [a + b for a, b in zip(total, (tp, fp, fn), strict=True)]
            p, r, f = _prf(tp, fp, fn)
            report[f"{lang}/{rule}"] = {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}
            if tp + fp + fn:
                print(f"{lang:4} {rule:17} {tp:4} {fp:4} {fn:4} {p:6.2f} {r:6.2f} {f:6.2f}")
        p, r, f = _prf(*total)
        report[f"{lang}/ALL"] = {"tp": total[0], "fp": total[1], "fn": total[2], "precision": p, "recall": r, "f1": f}
        print(f"{lang:4} {'ALL':17} {total[0]:4} {total[1]:4} {total[2]:4} {p:6.2f} {r:6.2f} {f:6.2f}")
        print()
    if args.by_pattern:
        _print_by_pattern(by_pattern)
        report["patterns"] = {f"{rule} {pattern}": {"tp": tp, "fp": fp}
                              for (rule, pattern), (tp, fp) in sorted(by_pattern.items())}
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
