"""Run replylint and capture what it prints: in this process, for tests that compare many
reports, or in a fresh Python, for tests of what a cold process loads."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

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


REPO = Path(__file__).resolve().parent.parent


def last_line_of_fresh_python(code: str, arg: Path, cache_dir: Path) -> str:
    """The last line ``python -c <code> <arg>`` prints, run in a new interpreter with its own
    pack cache folder: what a cold process loads cannot be seen from inside the test process,
    which has loaded every language already."""
    env = {**os.environ, "REPLYLINT_CACHE_DIR": str(cache_dir)}
    return subprocess.run([sys.executable, "-c", code, str(arg)], capture_output=True, text=True, env=env,
                          cwd=REPO, check=True).stdout.strip().splitlines()[-1]
