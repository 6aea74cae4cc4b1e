"""Shared by the audit tests: running ``replylint audit`` in-process, and requiring the
optional packages (skipped on a laptop without them; in CI, where .ci/run installs them,
a missing one fails instead of skipping silently)."""
from __future__ import annotations

import importlib
import io
import json
import os
import shutil
from pathlib import Path

import pytest

from replylint.cli import main

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "examples" / "audit"
TWCS = SAMPLES / "twcs-sample.csv"
ZENDESK = SAMPLES / "zendesk" / "tickets.json"
ZENDESK_INCREMENTAL = SAMPLES / "zendesk-incremental"


def need(module: str):
    try:
        return importlib.import_module(module)
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"needs {module} (pip install -e '.[test,audit]')")


def need_chromium() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        if os.environ.get("CI"):
            raise AssertionError("Debian's chromium is missing: .ci/run installs it")
        pytest.skip("needs Debian's chromium (apt-get install chromium)")
    return path


def audit(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    import sys

    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(["audit", *map(str, args)])
    finally:
        sys.stdout, sys.stderr = saved
    return code, out.getvalue(), err.getvalue()


def summary_of(report: Path) -> dict:
    return json.loads(report.with_name(report.stem + ".summary.json").read_text(encoding="utf-8"))


def csv_of(report: Path) -> str:
    return report.with_name(report.stem + ".findings.csv").read_text(encoding="utf-8")
