"""The wheel: ``replylint`` is its only top-level name, and it carries the built-in rules.

The wheel is built from a copy of the sources (so neither ``build/`` nor a stale egg-info
of the checkout can leak into it) with the setuptools of this environment (no download).
Installing it is not needed here: the zip's listing is what a user gets.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from replylint.langdetect import LANGUAGES

REPO = Path(__file__).resolve().parent.parent
SOURCES = ["pyproject.toml", "README.md", "LICENSE", "replylint", "patterns"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[zipfile.ZipFile, str]:
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(REPO / name, src / name)
    out = tmp / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--no-build-isolation", "--no-index",
         "-w", str(out), str(src)],
        capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    [path] = out.glob("replylint-*.whl")
    archive = zipfile.ZipFile(path)
    yield archive, build.stdout + build.stderr
    archive.close()


def _dist_info(archive: zipfile.ZipFile, name: str) -> str:
    [member] = [n for n in archive.namelist() if n.endswith(f".dist-info/{name}")]
    return archive.read(member).decode()


@pytest.mark.slow
def test_the_only_top_level_name_is_replylint(wheel):
    archive, _ = wheel
    names = archive.namelist()
    top = {n.split("/", 1)[0] for n in names if not n.split("/", 1)[0].endswith(".dist-info")}
    assert top == {"replylint"}
    assert _dist_info(archive, "top_level.txt").split() == ["replylint"]
    recorded = {line.split(",", 1)[0].split("/", 1)[0] for line in _dist_info(archive, "RECORD").splitlines() if line}
    assert {t for t in recorded if not t.endswith(".dist-info")} == {"replylint"}
    assert not [n for n in names if n.startswith(("lsp_server/", "replylint_patterns/"))]


@pytest.mark.slow
def test_the_language_server_is_inside_the_package(wheel):
    archive, _ = wheel
    names = set(archive.namelist())
    assert {"replylint/lsp/__init__.py", "replylint/lsp/__main__.py", "replylint/lsp/server.py"} <= names
    scripts = _dist_info(archive, "entry_points.txt")
    assert "replylint-lsp = replylint.lsp.__main__:run" in scripts
    assert "replylint = replylint.cli:main" in scripts


@pytest.mark.slow
def test_the_patterns_are_package_data(wheel):
    archive, _ = wheel
    names = set(archive.namelist())
    assert "replylint/_patterns/rules.yaml" in names
    shipped = {n.removeprefix("replylint/_patterns/") for n in names if n.startswith("replylint/_patterns/")}
    in_checkout = {p.relative_to(REPO / "patterns").as_posix() for p in (REPO / "patterns").rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts}
    assert in_checkout - shipped == set(), "patterns/ files missing from the wheel (list new folders in pyproject)"
    for lang in LANGUAGES:
        assert (REPO / "patterns" / lang).is_dir(), lang
        files = {n for n in shipped if n.startswith(f"{lang}/")}
        assert any(n.startswith(f"{lang}/signals/") for n in files), lang
        assert len(files) == len([p for p in (REPO / "patterns" / lang).rglob("*.yaml")]), lang


@pytest.mark.slow
def test_setuptools_does_not_warn_about_ignored_data_folders(wheel):
    _, log = wheel
    assert "would be ignored" not in log
    assert "Package would be" not in log
