"""How many CPUs this run can use, as other programs leave them (``--jobs``).

On a shared machine a second worker only helps when a core is idle: the kernel shares CPU
time between sessions (autogroup) or containers, so two workers on a core that another
session keeps busy get no more time than one process and only add their start-up and
the second copy of the word caches (``benchmarks/RESULTS.md``, "Issue 13: --jobs").

The measure is the CPU time the other programs took over a window (``/proc/stat``
minus this process and its children), so a parent busy planning its run does not count
against itself. Where ``/proc/stat`` is missing the load average stands in.
"""
from __future__ import annotations

import os
import resource
import time

# A second worker must have this much of a free CPU to start: below it the share it gets
# does not pay for loading its languages and warming its own caches (measured on 2 cores).
MARGIN = 0.25
_clock = time.monotonic
MIN_WINDOW = 0.2  # seconds: shorter samples of /proc/stat are mostly rounding (100 ticks a second)


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, where the system has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _busy_ticks(cpus: set[int]) -> tuple[int, int] | None:
    """(busy, total) clock ticks of ``cpus`` since boot, from ``/proc/stat``."""
    busy = total = 0
    try:
        with open("/proc/stat", encoding="ascii") as f:
            for line in f:
                name, _, rest = line.partition(" ")
                if not name.startswith("cpu") or name == "cpu":
                    continue
                if int(name[3:]) not in cpus:
                    continue
                ticks = [int(t) for t in rest.split()]
                idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle + iowait
                total += sum(ticks[:8])  # user … steal (a host's other guests count as busy)
                busy += sum(ticks[:8]) - idle
    except (OSError, ValueError, IndexError):
        return None
    return (busy, total) if total else None


def _own_seconds() -> float:
    """CPU seconds of this process and of its children that have ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class FreeCPUs:
    """Started before the parent plans its run; :meth:`measure` says how many CPUs the other
    programs left free meanwhile (at least :data:`MIN_WINDOW` seconds are sampled)."""

    def __init__(self) -> None:
        try:
            self._cpus = set(os.sched_getaffinity(0))
        except AttributeError:  # pragma: no cover - not on Linux
            self._cpus = set(range(os.cpu_count() or 1))
        self._start = _clock(), _own_seconds(), _busy_ticks(self._cpus)

    def measure(self) -> float:
        wall0, own0, ticks0 = self._start
        left = MIN_WINDOW - (_clock() - wall0)
        if left > 0:
            time.sleep(left)
        wall, own, ticks = _clock() - wall0, _own_seconds() - own0, _busy_ticks(self._cpus)
        cpus = len(self._cpus)
        if ticks0 is None or ticks is None or ticks[1] <= ticks0[1]:
            return max(0.0, cpus - os.getloadavg()[0])  # no /proc/stat: the load average stands in
        share = (ticks[0] - ticks0[0]) / (ticks[1] - ticks0[1])  # of all the ticks of our CPUs
        others = max(0.0, share * cpus - own / wall)
        return max(0.0, cpus - others)


def workers_for(free: float, wanted: int) -> int:
    """Workers to start for ``wanted`` (``--jobs``) when ``free`` CPUs are idle: one per
    free CPU, a second one only with more than :data:`MARGIN` of a CPU to spare."""
    return max(1, min(wanted, int(free + 1 - MARGIN)))
