"""CPU time per unseen reply and where it goes, per language: masking, language detection,
tokenising, token patterns, regex passes, the rest (filters, diagnostics).

    python -m benchmarks.stages benchmarks/corpus/check
    PYTHONPATH=/path/to/other/checkout python -m benchmarks.stages benchmarks/corpus/check

Each reply is linted once per round with the paragraph cache cleared (each reply is new to the
linter); the stage times are CPU time (``time.process_time``) measured by wrapping each
stage's function, so they add a little overhead of their own (the total is measured without
the wrappers, in a separate round). Prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict

import replylint
from benchmarks.cpu_timing import ROUNDS, best_round, cpu_per_reply, labelled_replies, warm_up
from replylint import document, engine, matching
from replylint.languages import get_language, language_class

STAGES = ("masking", "detection", "tokenising", "token patterns", "regex passes")


def _texts(paths: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for lang, text in labelled_replies(paths):
        out[lang].append(text)
    return out


def _wrap(owner: object, name: str, stage: str, spent: dict[str, float]) -> None:
    original = getattr(owner, name)

    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[stage] += time.process_time() - started

    setattr(owner, name, timed)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args(argv)
    by_lang = _texts(args.paths)
    linter = replylint.Linter()
    linter.preload()
    for texts in by_lang.values():
        warm_up(linter, texts)
    print(f"replylint at {replylint.__file__}")
    print(f"{'lang':5} {'replies':>7} {'median µs':>10} {'p95 µs':>8} {'mean µs':>8} {'replies/s':>9}")
    totals = {}
    for lang, texts in sorted(by_lang.items()):
        best = best_round(linter, texts, ROUNDS)
        ordered = sorted(best)
        mean = sum(best) / len(best)
        totals[lang] = mean
        print(f"{lang:5} {len(best):7} {ordered[len(ordered) // 2] * 1e6:10.0f} "
              f"{ordered[int(0.95 * (len(ordered) - 1))] * 1e6:8.0f} {mean * 1e6:8.0f} {1 / mean:9.0f}")
    spent: dict[str, float] = defaultdict(float)
    _wrap(document.Document, "from_text", "masking", spent)
    _wrap(engine.langdetect, "paragraph_languages", "detection", spent)
    _wrap(matching, "_match_sentence", "token patterns", spent)
    _wrap(matching, "_match_regexes", "regex passes", spent)
    for lang in by_lang:
        _wrap(language_class(lang), "tokenize", "tokenising", spent)
        get_language(lang)
    print("\nshare of CPU time per stage (wrapped round)")
    print(f"{'lang':5} " + " ".join(f"{s:>14}" for s in (*STAGES, "rest")))
    for lang, texts in sorted(by_lang.items()):
        spent.clear()
        total = sum(cpu_per_reply(linter, texts))
        shares = [spent[s] / total for s in STAGES]
        print(f"{lang:5} " + " ".join(f"{x * 100:13.0f}%" for x in (*shares, 1 - sum(shares))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
