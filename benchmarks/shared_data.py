"""Where the project's shared data (``../shared``: RULES.md, the labelled corpora) is.

One lookup for every benchmark: ``$REPLYLINT_SHARED`` when set, else ``shared/`` beside the
checkout, else one folder further up (a git worktree under ``wt/`` sits one level deeper).
When none exists the first candidate is returned, so callers can test ``.is_dir()`` and say
which path is missing.
"""
from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _find_shared() -> Path:
    if os.environ.get("REPLYLINT_SHARED"):
        return Path(os.environ["REPLYLINT_SHARED"])
    candidates = [REPO.parent / "shared", REPO.parent.parent / "shared"]
    return next((path for path in candidates if path.is_dir()), candidates[0])


SHARED = _find_shared()
CORPORA = SHARED / "corpora"
DEV = CORPORA / "dev"
