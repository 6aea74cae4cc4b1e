"""The CPU-timing loop shared by ``benchmarks/cpu_per_reply.py`` and ``benchmarks/stages.py``.

Both measure what a reply costs when it is new to the linter: the paragraph cache is cleared
before each reply (outside the timed region), the time is CPU time (``time.process_time``,
so other processes on a shared machine do not count), and of several rounds the one with the
smallest total is kept. The labelled replies are read from ``*.jsonl`` files or folders.
"""
from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import replylint

ROUNDS = 3
WARM_UP = 50  # replies linted first, so the word caches are as warm as a running linter's


def labelled_replies(paths: list[str]) -> Iterator[tuple[str, str]]:
    """(language, text) of every reply in the ``*.jsonl`` files (or folders of them) named;
    the language is the item's ``lang``, else the file name's first two letters."""
    files = [f for p in map(Path, paths) for f in (sorted(p.glob("*.jsonl")) if p.is_dir() else [p])]
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                yield item.get("lang") or f.name[:2], item["text"]


def warm_up(linter: replylint.Linter, texts: list[str]) -> None:
    for text in texts[:WARM_UP]:
        linter.lint(text)


def cpu_per_reply(linter: replylint.Linter, texts: list[str]) -> list[float]:
    """CPU seconds of each reply, linted with the paragraph cache cleared before it."""
    times = []
    for text in texts:
        linter.clear_cache()
        started = time.process_time()
        linter.lint(text)
        times.append(time.process_time() - started)
    return times


def best_round(linter: replylint.Linter, texts: list[str], rounds: int = ROUNDS) -> list[float]:
    """The per-reply times of the fastest of ``rounds`` rounds (least total CPU time)."""
    best: list[float] | None = None
    for _ in range(rounds):
        times = cpu_per_reply(linter, texts)
        if best is None or sum(times) < sum(best):
            best = times
    assert best is not None
    return best
