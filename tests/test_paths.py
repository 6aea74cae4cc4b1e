"""Glob matching for exclude, --exclude and per-file-lang (replylint.paths)."""
from __future__ import annotations

import itertools
from fnmatch import fnmatch
from pathlib import Path

import pytest

from replylint.config import Config
from replylint.paths import matching_glob
from replylint.runner import CheckOptions, LinterPool, per_file_lang


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for rel in ("drafts/a.txt", "drafts/deep/b.md", "replies/c.txt", "replies/c.alert.yaml", "d.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    return tmp_path


def test_no_globs_match_nothing(tree):
    assert matching_glob(tree / "d.txt", (), tree) is None


@pytest.mark.parametrize("rel,glob,matches", [
    ("replies/c.txt", "replies/*.txt", True),     # relative to the base
    ("replies/c.txt", "c.txt", True),             # file name
    ("replies/c.alert.yaml", "*.alert.yaml", True),
    ("drafts/deep/b.md", "drafts/*", True),       # * crosses /
    ("replies/c.txt", "*/d.txt", False),
    ("replies/c.txt", "replies", False),          # a folder only with folders=True
])
def test_relative_path_and_name(tree, rel, glob, matches):
    assert (matching_glob(tree / rel, [glob], tree) == glob) is matches


@pytest.mark.parametrize("glob", ["drafts", "drafts/", "drafts/deep"])
def test_folders_match_everything_under_them(tree, glob):
    assert matching_glob(tree / "drafts/deep/b.md", [glob], tree, folders=True) == glob
    assert matching_glob(tree / "replies/c.txt", [glob], tree, folders=True) is None


def test_a_folder_name_matches_at_any_depth(tree):
    assert matching_glob(tree / "drafts/deep/b.md", ["deep"], tree, folders=True) == "deep"
    assert matching_glob(tree / "drafts/deep/b.md", ["dee*"], tree, folders=True) == "dee*"
    assert matching_glob(tree / "drafts/deep/b.md", ["deep"], tree) is None
    assert matching_glob(tree / "drafts/deep/b.md", ["b.md/"], tree, folders=True) is None  # names a folder


def test_first_matching_glob_is_returned(tree):
    assert matching_glob(tree / "replies/c.txt", ["*.md", "replies/*", "*.txt"], tree) == "replies/*"


def test_path_as_given(tree, monkeypatch):
    monkeypatch.chdir(tree)
    inner = tree / "replies"
    # inside the base, the path as given is tried only with also_as_given
    assert matching_glob("replies/c.txt", ["replies/*"], inner) is None
    assert matching_glob("replies/c.txt", ["replies/*"], inner, also_as_given=True) == "replies/*"
    # outside the base (or without one) the path as given stands in for the relative path
    assert matching_glob(tree / "d.txt", [f"{tree.as_posix()}/*.txt"], inner) is not None
    assert matching_glob(Path("replies/c.txt"), ["replies/*"]) == "replies/*"
    # a str is used exactly as given, a Path in / form
    assert matching_glob("./replies/c.txt", ["./replies/*"]) == "./replies/*"
    assert matching_glob(Path("./replies/c.txt"), ["./replies/*"]) is None


# ------------------------------------------------- the three callers, against their previous code

def _old_excludes(config: Config, path: Path) -> bool:
    if not config.exclude:
        return False
    base = config.source.parent if config.source else Path.cwd()
    try:
        rel = path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        rel = path.as_posix()
    return any(fnmatch(rel, g) or fnmatch(path.name, g) or fnmatch(rel, g.rstrip("/") + "/*")
               or _names_a_folder(rel, g) for g in config.exclude)


def _names_a_folder(rel: str, glob: str) -> bool:
    """Issue 12: a glob without / names a folder at any depth (as in ruff and .gitignore)."""
    return "/" not in glob.rstrip("/") and any(fnmatch(part, glob.rstrip("/")) for part in rel.split("/")[:-1])


def _old_per_file_lang(config: Config, path: str) -> str | None:
    candidates = [path, Path(path).name]
    if config.source is not None:
        try:
            candidates.append(Path(path).resolve().relative_to(config.source.parent.resolve()).as_posix())
        except ValueError:
            pass
    for pattern, lang in config.per_file_lang.items():
        if any(fnmatch(c, pattern) for c in candidates):
            return lang
    return None


GLOBS = ["drafts", "drafts/", "*.md", "replies/*.txt", "c.txt", "*/deep/*", "replies", "d.*", "sub/*"]
PATHS = ["drafts/a.txt", "drafts/deep/b.md", "replies/c.txt", "replies/c.alert.yaml", "d.txt", "./d.txt",
         "replies/../d.txt"]


@pytest.mark.parametrize("where", ["root", "replies", "none"])
def test_callers_behave_as_before(tree, monkeypatch, where):
    monkeypatch.chdir(tree)
    source = {"root": tree / ".replylint.toml", "replies": tree / "replies" / ".replylint.toml", "none": None}[where]
    (tree / ".replylint.toml").write_text("", encoding="utf-8")  # no exclude of its own
    for globs in itertools.chain(([g] for g in GLOBS), [GLOBS[::-1], GLOBS]):
        config = Config(exclude=tuple(globs), per_file_lang=dict.fromkeys(globs, "ru"), source=source)
        pool = LinterPool(CheckOptions(exclude=tuple(globs)))
        for raw in PATHS:
            for path in (raw, Path(raw), tree / raw):
                p = Path(path)
                assert config.excludes(p) == _old_excludes(config, p), (globs, path)
                assert per_file_lang(config, str(path)) == _old_per_file_lang(config, str(path)), (globs, path)
                # issue 12: --exclude matches as the configuration's exclude does, from the current folder
                cli = _old_excludes(Config(exclude=tuple(globs)), p)
                assert pool.excluded(p) == cli, (globs, path)
