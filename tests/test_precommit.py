"""The pre-commit hook as pre-commit users run it: `pre-commit try-repo` on a sample repository.

try-repo clones this repository (its committed HEAD, plus uncommitted changes if any), installs
it with its dependencies into a fresh virtualenv (about half a minute) and runs the hook on
every file of the sample. Skipped when git or pre-commit is not available.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO
from .test_cli import FIXTURE

DEAD_END = "There's nothing we can do."


def _pre_commit() -> list[str] | None:
    exe = Path(sys.executable).with_name("pre-commit")
    if exe.is_file():
        return [str(exe)]
    found = shutil.which("pre-commit")
    return [found] if found else None


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.skipif(_pre_commit() is None, reason="pre-commit is not installed (pip install '.[test]')")
@pytest.mark.skipif(not (REPO / ".git").exists(), reason="not a git checkout of replylint")
@pytest.mark.slow
def test_pre_commit_try_repo(tmp_path):
    sample = tmp_path / "support-replies"
    (sample / "macros").mkdir(parents=True)
    (sample / ".replylint.toml").write_text(f'patterns = ["{FIXTURE.as_posix()}"]\nselect = ["dead-end", '
                                            '"vague-timeline"]\nexclude = ["staff"]\n', encoding="utf-8")
    (sample / "staff").mkdir()
    (sample / "staff" / "internal.txt").write_text(DEAD_END + "\n", encoding="utf-8")  # excluded: never fails
    (sample / "later.txt").write_text("We will fix it soon.\n", encoding="utf-8")  # a warning only
    (sample / "macros" / "refund.yaml").write_text(f"- title: Refund\n  body: |\n    Hello.\n    {DEAD_END}\n",
                                                   encoding="utf-8")
    (sample / "macros" / "hello.md").write_text("Thanks for writing!\n", encoding="utf-8")
    (sample / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    git(sample, "init", "-q")
    git(sample, "add", ".")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    command = [*_pre_commit(), "try-repo", str(REPO), "replylint", "--all-files", "--color", "never"]

    proc = subprocess.run(command, cwd=sample, env=env, capture_output=True, text=True, timeout=1200)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "replylint" in output and "Failed" in output
    assert f"{Path('macros') / 'refund.yaml'}:4:5: error dead-end" in output
    assert "hello.md" not in output and "logo.png" not in output  # clean file; binary file not passed
    assert "internal.txt" not in output  # issue 12: pre-commit names it, the hook's --force-exclude leaves it out

    # Only warnings: the hook passes and its output is shown (verbose), not hidden.
    command[-3:-3] = ["--files", "later.txt", "staff/internal.txt"]
    command.remove("--all-files")
    proc = subprocess.run(command, cwd=sample, env=env, capture_output=True, text=True, timeout=1200)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "Passed" in output and "later.txt:1:" in output and "warning vague-timeline" in output
