"""Precision, recall and F1 per rule, per signal and per language over a labelled corpus.

    python -m benchmarks.accuracy ../shared/corpora/dev            # all *.jsonl in a folder
    python -m benchmarks.accuracy ../shared/corpora/dev/ru.jsonl --errors
    python -m benchmarks.accuracy benchmarks/corpus/signals/check  # sentence-level signal sets

A reply set has one reply per line, ``{"lang", "text", "flags", "uncertain"}``: a reply is a
positive for a rule when ``flags`` lists it; rules in ``uncertain`` are left out of scoring for
that reply. A signal set has one sentence per line, ``{"lang", "text", "signals"}``: a sentence
is a positive for a signal (``problem``, ``apology``, ``promise``, ``concrete-time``,
``alternative``) when ``signals`` lists it, and the linter's answer is whether that signal has a
hit after its conditions; for a signal a document rule is built on (``problem`` for
missing-apology, ``promise`` for missing-timeline), the answer is whether that rule is
triggered, phrase-rule hits and disclaimers included (what the document rule sees);
``alternative`` is scored only on sentences labelled ``problem``, ``problem`` only on those
not labelled ``apology`` (where the rules ask for them: ``CONDITIONAL``). The
language is detected automatically, as a user's would be.

Reply sets also print the share of phrase-rule diagnostics that carry a suggestion (the fixes
the editor's "Replace with…" and ``--fix`` can apply).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import replylint
from replylint.analysis import ReplyAnalysis
from replylint.document import Document
from replylint.findings import document_triggers
from replylint.ruleset import RuleSet

SIGNALS = ("problem", "apology", "promise", "concrete-time", "alternative")
# Signals that are only ever asked for beside another (or without it): dead-end asks for an
# alternative only next to a refusal, so ``alternative`` is scored on the sentences labelled
# ``problem`` (a promise on its own is a next step the detector rightly finds, but nobody
# labels it an alternative when nothing was refused); missing-apology asks for a problem only
# where there is no apology, so ``problem`` is scored on the sentences not labelled ``apology``.
CONDITIONAL = {"alternative": "problem", "problem": "!apology"}


def _asked(name: str, labels: list[str]) -> bool:
    """Whether a sentence with ``labels`` is one where signal ``name`` is ever asked for."""
    condition = CONDITIONAL.get(name)
    if condition is None:
        return True
    return condition[1:] not in labels if condition.startswith("!") else condition in labels
Counts = defaultdict  # (lang, name) -> [tp, fp, fn]


def _files(paths: list[str]) -> list[Path]:
    out = []
    for p in map(Path, paths):
        out.extend(sorted(p.rglob("*.jsonl")) if p.is_dir() else [p])
    return out


def _items(paths: list[str], subset: str | None) -> Iterator[dict]:
    for path in _files(paths):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            if subset and int(item.get("sid", "0").rsplit("-", 1)[-1].lstrip("s") or 0) % 2 != (subset == "odd"):
                continue
            yield item


def _detected(analysis: ReplyAnalysis, name: str, rules: RuleSet) -> bool:
    """Whether the signal ``name`` is found, as the document rules built on it see it."""
    if analysis.signal(name):
        return True
    return any(rule.kind == "document" and name in rule.when and document_triggers(analysis, rule)
               for rule in rules.values())


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _score(counts: Counts, key: tuple[str, str], gold: bool, found: bool) -> str | None:
    """Count one decision; the error kind ("FP"/"FN") when it is one."""
    if gold and found:
        counts[key][0] += 1
    elif found:
        counts[key][1] += 1
        return "FP"
    elif gold:
        counts[key][2] += 1
        return "FN"
    return None


def _print_by_pattern(by_pattern: dict) -> None:
    """Precision per pattern, worst first: a finding counts as right when its reply carries
    the finding's rule (document rules name the pattern of the hit that triggered them)."""
    print(f"{'rule':17} {'pattern':55} {'right':>5} {'wrong':>5} {'prec':>6}")
    rows = sorted(by_pattern.items(), key=lambda kv: (kv[1][0] / sum(kv[1]), -sum(kv[1]), kv[0]))
    for (rule, pattern), (tp, fp) in rows:
        print(f"{rule:17} {pattern:55} {tp:5} {fp:5} {tp / (tp + fp):6.2f}")
    print()


def _print_table(counts: Counts, names: list[str], label: str, report: dict, prefix: str) -> None:
    langs = sorted({lang for lang, _ in counts})
    if not langs:
        return
    print(f"{'lang':4} {label:17} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6} {'f1':>6}")
    for lang in langs:
        total = [0, 0, 0]
        for name in names:
            tp, fp, fn = counts[(lang, name)]
            total = [a + b for a, b in zip(total, (tp, fp, fn), strict=True)]
            p, r, f = _prf(tp, fp, fn)
            report[f"{prefix}{lang}/{name}"] = {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}
            if tp + fp + fn:
                print(f"{lang:4} {name:17} {tp:4} {fp:4} {fn:4} {p:6.2f} {r:6.2f} {f:6.2f}")
        p, r, f = _prf(*total)
        report[f"{prefix}{lang}/ALL"] = {"tp": total[0], "fp": total[1], "fn": total[2],
                                         "precision": p, "recall": r, "f1": f}
        print(f"{lang:4} {'ALL':17} {total[0]:4} {total[1]:4} {total[2]:4} {p:6.2f} {r:6.2f} {f:6.2f}")
        print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--errors", action="store_true", help="print every false positive and false negative")
    ap.add_argument("--rule", help="only this rule's (or signal's) errors")
    ap.add_argument("--json", help="also write the figures as JSON to this file")
    ap.add_argument("--by-pattern", action="store_true",
                    help="also print precision per pattern (which pattern id produced each finding)")
    ap.add_argument("--subset", choices=("odd", "even"),
                    help="only items whose sid ends in an odd/even number (the probe set's tuning/check halves)")
    args = ap.parse_args(argv)
    linter = replylint.Linter()
    rules = list(linter.rules)
    phrase_rules = {r for r in rules if linter.rules[r].kind == "phrase"}
    counts: Counts = defaultdict(lambda: [0, 0, 0])
    signal_counts: Counts = defaultdict(lambda: [0, 0, 0])
    by_pattern: dict = defaultdict(lambda: [0, 0])  # (rule, pattern id) -> right, wrong
    suggested: dict = defaultdict(lambda: [0, 0])  # lang -> phrase diagnostics with a suggestion, all

    def error(kind: str | None, name: str, item: dict) -> None:
        if kind and args.errors and args.rule in (None, name):
            print(f"{kind} {name:17} {item.get('sid', '')}: {item['text'][:200]!r}")

    for item in _items(args.paths, args.subset):
        lang = item["lang"]
        if "signals" in item:
            analysis = linter.check(Document.from_text(item["text"]))
            for name in SIGNALS:
                if not _asked(name, item["signals"]):
                    continue
                found = _detected(analysis, name, linter.rules)
                kind = _score(signal_counts, (lang, name), name in item["signals"], found)
                error(kind, name, item)
            continue
        gold, unsure = set(item["flags"]), set(item.get("uncertain", []))
        diagnostics = linter.lint(item["text"])
        found = {d.rule for d in diagnostics}
        for d in diagnostics:
            if d.rule in phrase_rules:
                suggested[lang][0] += bool(d.suggestions)
                suggested[lang][1] += 1
            if d.rule not in unsure and d.pattern:
                by_pattern[(d.rule, d.pattern)][0 if d.rule in gold else 1] += 1
        for rule in rules:
            if rule not in unsure:
                error(_score(counts, (lang, rule), rule in gold, rule in found), rule, item)

    report: dict = {}
    _print_table(counts, rules, "rule", report, "")
    _print_table(signal_counts, list(SIGNALS), "signal", report, "signals/")
    for lang, (with_fix, total) in sorted(suggested.items()):
        share = with_fix / total if total else 0.0
        report[f"suggestions/{lang}"] = {"with_suggestion": with_fix, "phrase_diagnostics": total, "share": share}
        print(f"{lang:4} phrase diagnostics with a suggestion: {with_fix}/{total} ({share:.0%})")
    if args.by_pattern:
        _print_by_pattern(by_pattern)
        report["patterns"] = {f"{rule} {pattern}": {"tp": tp, "fp": fp}
                              for (rule, pattern), (tp, fp) in sorted(by_pattern.items())}
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
