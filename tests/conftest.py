"""Shared fixtures: one linter for the whole run (languages load once)."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

import replylint
from benchmarks.shared_data import SHARED as SHARED  # re-exported for the tests

# Compiled packs are cached on disk (pack_cache.py): the tests, and the processes they start,
# use a cache of their own, never the user's ~/.cache/replylint.
if "REPLYLINT_CACHE_DIR" not in os.environ:
    os.environ["REPLYLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="replylint-test-cache-")
    atexit.register(shutil.rmtree, os.environ["REPLYLINT_CACHE_DIR"], True)

REPO = Path(__file__).resolve().parent.parent
# SHARED (../shared, or $REPLYLINT_SHARED; found from a worktree too) comes from benchmarks.shared_data.


@pytest.fixture(scope="session")
def linter() -> replylint.Linter:
    return replylint.Linter()


def rules_of(linter: replylint.Linter, text: str, lang: str | None = None) -> set[str]:
    return {d.rule for d in linter.lint(text, lang=lang)}
