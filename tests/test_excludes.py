"""Excludes that pre-commit honours (issue 12, defect 3): --force-exclude for named files,
folder names, .gitignore."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from replylint.gitignore import GitIgnore

from .test_cli import DEAD_END, run


@pytest.fixture()
def repo(tmp_path):
    """A git work tree (a ``.git`` folder is what marks one) with staff-only templates."""
    (tmp_path / ".git").mkdir()
    for rel in ("replies/refund.txt", "staff/internal.txt", "team/drafts/d.txt", "build/out.txt", "keep.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(DEAD_END, encoding="utf-8")
    return tmp_path


def checked(args, cwd, monkeypatch) -> set[str]:
    monkeypatch.chdir(cwd)
    code, out, err = run(["check", "--select", "dead-end", *args])
    assert code in (0, 1), err
    return {line.split(":")[0] for line in out.splitlines() if ": error dead-end" in line}


def test_named_files_are_excluded_with_force_exclude(repo, monkeypatch):
    """pre-commit passes every staged file by name: the excluded staff template failed the commit."""
    (repo / ".replylint.toml").write_text('exclude = ["staff/*"]\n', encoding="utf-8")
    named = ["replies/refund.txt", "staff/internal.txt"]
    assert checked(named, repo, monkeypatch) == set(named)  # named files are checked, like ruff
    assert checked(["--force-exclude", *named], repo, monkeypatch) == {"replies/refund.txt"}
    (repo / ".replylint.toml").write_text('exclude = ["staff/*"]\nforce-exclude = true\n', encoding="utf-8")
    assert checked(named, repo, monkeypatch) == {"replies/refund.txt"}
    assert checked(["--no-force-exclude", *named], repo, monkeypatch) == set(named)


def test_a_folder_name_is_excluded_at_any_depth(repo, monkeypatch):
    (repo / ".replylint.toml").write_text('exclude = ["drafts"]\n', encoding="utf-8")
    found = checked(["."], repo, monkeypatch)
    assert "team/drafts/d.txt" not in found and "replies/refund.txt" in found
    assert "team/drafts/d.txt" not in checked([".", "--exclude", "build"], repo, monkeypatch)
    assert "build/out.txt" not in checked([".", "--exclude", "build"], repo, monkeypatch)


def test_gitignore_is_respected_when_walking(repo, monkeypatch):
    (repo / ".gitignore").write_text("build/\n*.txt\n!replies/*.txt\n!keep.txt\n", encoding="utf-8")
    (repo / "team" / ".gitignore").write_text("!d.txt\n", encoding="utf-8")
    found = checked(["."], repo, monkeypatch)
    assert found == {"replies/refund.txt", "keep.txt", "team/drafts/d.txt"}
    assert len(checked([".", "--no-respect-gitignore"], repo, monkeypatch)) == 5
    (repo / ".replylint.toml").write_text("respect-gitignore = false\n", encoding="utf-8")
    assert len(checked(["."], repo, monkeypatch)) == 5
    # a named file is checked unless --force-exclude, which applies .gitignore too
    (repo / ".replylint.toml").write_text("", encoding="utf-8")
    assert checked(["build/out.txt"], repo, monkeypatch) == {"build/out.txt"}
    assert checked(["--force-exclude", "build/out.txt"], repo, monkeypatch) == set()


def test_gitignore_outside_a_work_tree_does_nothing(tmp_path):
    (tmp_path / ".gitignore").write_text("*.txt\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    if any((d / ".git").exists() for d in tmp_path.parents):
        pytest.skip("the temporary folder is inside a git work tree")
    assert not GitIgnore().ignored(tmp_path / "a.txt")


def test_gitignore_rules_match_git(repo):
    """Against git check-ignore itself, when git is installed."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["rm", "-rf", str(repo / ".git")], check=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text("build/\n/keep.txt\nstaff/*\n!staff/ok.txt\n**/drafts\n", encoding="utf-8")
    (repo / "staff" / "ok.txt").write_text("x", encoding="utf-8")
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "exclude").write_text("replies/refund.txt\n", encoding="utf-8")
    paths = ["replies/refund.txt", "staff/internal.txt", "staff/ok.txt", "team/drafts/d.txt", "build/out.txt",
             "keep.txt"]
    ignore = GitIgnore()
    for rel in paths:
        by_git = subprocess.run(["git", "check-ignore", "-q", rel], cwd=repo).returncode == 0
        assert ignore.ignored(repo / rel) == by_git, rel
