"""Shared fixtures: one linter for the whole run (languages load once)."""
from __future__ import annotations

from pathlib import Path

import pytest

import replylint

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def linter() -> replylint.Linter:
    return replylint.Linter()


def rules_of(linter: replylint.Linter, text: str, lang: str | None = None) -> set[str]:
    return {d.rule for d in linter.lint(text, lang=lang)}
