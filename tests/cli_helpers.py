"""Run the CLI in this process and capture what it prints, for tests that compare reports."""
from __future__ import annotations

import io
import sys

from replylint.cli import main


def run_in_process(args: list[str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``replylint <args>``, run in-process: far cheaper than a
    subprocess, so tests can compare many reports (e.g. ``--jobs 1`` against ``--jobs 2``)."""
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(args)
    finally:
        sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()
