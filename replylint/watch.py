"""``replylint check --watch``: check, then check again whenever a file changes.

A poll of the files' sizes and modification times twice a second: no dependency, no inotify
limits, and the same on every platform; a folder of templates is small enough that a poll is
cheap. Configuration files count too, so editing ``.replylint.toml`` re-checks. Ctrl-C stops.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from .config import CONFIG_FILES

POLL_SECONDS = 0.5
Snapshot = dict[str, tuple[int, int]]


def snapshot(paths: list[str]) -> Snapshot:
    """Size and modification time of every file under ``paths`` (hidden folders skipped)."""
    state: Snapshot = {}

    def add(path: str) -> None:
        try:
            info = os.stat(path)
        except OSError:
            return
        state[path] = (info.st_size, info.st_mtime_ns)

    for raw in paths:
        if os.path.isdir(raw):
            for root, dirs, files in os.walk(raw):
                dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__")]
                for name in files:
                    add(os.path.join(root, name))
        else:
            add(raw)
    for folder in {Path(p).resolve() if os.path.isdir(p) else Path(p).resolve().parent for p in paths}:
        for candidate in (folder, *folder.parents):
            for name in CONFIG_FILES:
                add(str(candidate / name))
    return state


def watch(run: Callable[[], int], paths: list[str], err: TextIO, *, interval: float = POLL_SECONDS,
          sleep: Callable[[float], None] = time.sleep, max_runs: int | None = None) -> int:
    """Run ``run`` now and after every change under ``paths``; returns the last exit code
    (when ``max_runs`` runs are done, or on Ctrl-C)."""
    runs, code = 0, 0
    try:
        while True:
            state = snapshot(paths)
            code = run()
            runs += 1
            if max_runs is not None and runs >= max_runs:
                return code
            err.write("Watching for changes (Ctrl-C to stop)...\n")
            err.flush()
            while snapshot(paths) == state:
                sleep(interval)
            err.write("Files changed, checking again.\n")
    except KeyboardInterrupt:
        return code
