"""The progress bar on a terminal: bytes of input done (for the ETA) and replies per second.
tqdm is already a dependency of replylint (the ``check`` bar); nothing is drawn when standard
error is not a terminal."""
from __future__ import annotations

import time
from typing import TextIO


class Progress:
    def __init__(self, total_bytes: int, err: TextIO, enabled: bool | None = None):
        isatty = getattr(err, "isatty", None)
        self.enabled = bool(isatty and isatty()) if enabled is None else enabled
        self.replies = 0
        self._start = time.monotonic()
        self._bar = None
        if self.enabled:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
            self._bar = tqdm(total=total_bytes or None, file=err, unit="B", unit_scale=True, leave=False,
                             dynamic_ncols=True, desc="audit")

    def advance(self, nbytes: int = 0, replies: int = 0) -> None:
        self.replies += replies
        if self._bar is not None:
            elapsed = max(1e-6, time.monotonic() - self._start)
            self._bar.set_postfix_str(f"{self.replies:,} replies, {self.replies / elapsed:,.0f} replies/s",
                                      refresh=False)
            self._bar.update(nbytes)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
