"""One Linter shared by many threads from a cold start gives the same findings as one
thread, and no built-in pattern ever trips the time limit because threads stall each
other (the limit counts a search's own CPU time, see replylint/regex_budget.py)."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import replylint
from replylint import regex_budget

SCRIPT = Path(__file__).with_name("cold_threads.py")


@pytest.mark.slow
@pytest.mark.parametrize("attempt", range(3))
def test_eight_threads_from_a_cold_start(attempt):
    """A fresh interpreter each time (nothing loaded); 8 threads, each checking the probe
    replies twice in its own order. (Before the CPU-time budget, this raised SlowPatternError
    on built-in patterns in most runs.)"""
    proc = subprocess.run([sys.executable, str(SCRIPT), "8", "2"], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["errors"] == []
    assert report["checked"] == report["expected"] > 8 * 2 * 200
    assert report["mismatches"] == 0


def test_a_stalled_search_is_resumed_not_failed(monkeypatch):
    """Wall-clock slices that run out while the thread did no work (stalled) resume the search."""
    monkeypatch.setattr(regex_budget, "WALL_SLICE", 1e-7)  # searches "time out" long before their CPU budget
    import regex

    pattern = regex.compile(r"\d+")
    text = " ".join(str(n) for n in range(2000))
    assert [m.group() for m in regex_budget.finditer(pattern, text)] == text.split()
    assert regex_budget.fullmatch(pattern, "12345") is not None


def test_a_runaway_pattern_still_fails_on_its_own_cpu_time():
    import regex

    pattern = regex.compile(r"(a+)+$")
    with pytest.raises(regex_budget.PatternBudgetExceeded):
        list(regex_budget.finditer(pattern, "a" * 5000 + "!", budget=0.05))


def test_threads_match_serial_results_warm():
    linter = replylint.Linter()
    texts = ["That's not my department, please contact billing.", "Это бухгалтерия напутала.",
             "这不归我管，您自己联系商家吧。", "Вината е на куриера."] * 25
    serial = [[(d.rule, d.start, d.end) for d in linter.lint(t)] for t in texts]
    found: list[list] = [[] for _ in range(8)]

    def work(n: int) -> None:
        found[n] = [[(d.rule, d.start, d.end) for d in linter.lint(t)] for t in texts]

    pool = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert all(result == serial for result in found)
