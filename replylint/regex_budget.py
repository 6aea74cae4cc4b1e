"""Time limits on regular expressions that measure the pattern's own work.

A user's pattern with catastrophic backtracking must be reported, not hang the run, so
every search has a limit. The ``regex`` module's ``timeout`` is wall-clock time, and
with several threads sharing a linter a search can wait for the GIL (``regex`` releases it
while matching) or for a core far longer than it works: a wall-clock limit then trips on
built-in patterns that take microseconds. So the wall-clock timeout here is only a slice:
when it runs out, the thread's own CPU time (``time.thread_time``) decides. A search that
has not yet used :data:`CPU_BUDGET` of CPU is resumed where it stopped; one that has is a
:class:`PatternBudgetExceeded`, which callers turn into :class:`SlowPatternError` naming
the pattern's file and line.
"""
from __future__ import annotations

import time
from collections.abc import Iterator

import regex

CPU_BUDGET = 0.25  # seconds of this thread's CPU time per search
WALL_SLICE = 0.25  # seconds of wall-clock time before the CPU time is looked at


class SlowPatternError(RuntimeError):
    """A pattern exceeded its time limit on some input (its message names file and line)."""


class PatternBudgetExceeded(TimeoutError):
    """One search used more than its CPU budget (raised inside matching; callers add where)."""


def findall(pattern: regex.Pattern, text: str, budget: float = CPU_BUDGET) -> list[regex.Match]:
    """Every match of ``pattern`` in ``text``, each search limited to ``budget`` seconds of CPU.

    The common case costs nothing extra: all searches run in one C-level pass with the
    wall-clock slice as their timeout. Only when a slice runs out is the text searched again
    the careful way, resuming and reading the thread's CPU clock (:func:`finditer`)."""
    try:
        return list(pattern.finditer(text, timeout=WALL_SLICE))
    except TimeoutError:
        return list(finditer(pattern, text, budget))


def finditer(pattern: regex.Pattern, text: str, budget: float = CPU_BUDGET) -> Iterator[regex.Match]:
    """``pattern.finditer(text)``, each search limited to ``budget`` seconds of CPU time.

    The thread's CPU clock is read when a search starts and when it times out (a search
    ends at a match or at the end of the text), not around every step."""
    pos = 0
    last: tuple[int, int] | None = None
    spent = 0.0  # CPU time of the current search, across resumes
    wall = WALL_SLICE
    while True:
        matches = pattern.finditer(text, pos, timeout=wall)
        started = time.thread_time()
        while True:
            try:
                m = next(matches)
            except StopIteration:
                return
            except TimeoutError:
                spent += time.thread_time() - started
                if spent >= budget:
                    raise PatternBudgetExceeded(f"more than {budget}s of CPU time") from None
                wall *= 2  # a stalled thread gets a longer slice, so the search can finish
                break  # resume from the last match
            if m.span() == last:  # found again after a resume
                continue
            last = m.span()
            pos = m.end()
            spent, wall = 0.0, WALL_SLICE
            yield m
            started = time.thread_time()


def fullmatch(pattern: regex.Pattern, text: str, budget: float = CPU_BUDGET) -> regex.Match | None:
    """``pattern.fullmatch(text)`` limited to ``budget`` seconds of CPU time."""
    spent = 0.0
    wall = WALL_SLICE
    while True:
        started = time.thread_time()
        try:
            return pattern.fullmatch(text, timeout=wall)
        except TimeoutError:
            spent += time.thread_time() - started
            if spent >= budget:
                raise PatternBudgetExceeded(f"more than {budget}s of CPU time") from None
            wall *= 2
