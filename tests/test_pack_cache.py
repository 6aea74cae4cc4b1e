"""Compiled packs are cached on disk (pack_cache.py): a cold start loads instead of compiling,
a changed pattern file is never served stale, and a cache that cannot be used is ignored."""
from __future__ import annotations

import importlib.metadata
import os
from pathlib import Path

import pytest

from replylint import Config, Linter, pack_cache, packs

from .cli_helpers import last_line_of_fresh_python

REPO = Path(__file__).resolve().parent.parent
REPLY = "Это бухгалтерия напутала, извините."


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(folder))
    monkeypatch.setattr(packs, "_cache", {})  # forget the packs this process compiled
    return folder


def _team_folder(tmp_path: Path, phrase: str) -> Path:
    folder = tmp_path / "team" / "ru"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "team-jargon.yaml").write_text(
        f"rule: internal-jargon\npatterns:\n  - {phrase}\nexamples:\n  flag: []\n  pass: []\n", encoding="utf-8")
    return folder.parent


def test_a_pack_is_stored_then_loaded_with_the_same_findings(cache):
    first = [d.rule for d in Linter().lint(REPLY, lang="ru")]
    stored = list(cache.glob("pack-ru-*.pickle"))
    assert len(stored) == 1
    packs._cache.clear()
    compiled = []
    original = packs.compile_pack
    try:
        packs.compile_pack = lambda *a, **k: compiled.append(a) or original(*a, **k)  # type: ignore[assignment]
        again = [d.rule for d in Linter().lint(REPLY, lang="ru")]
    finally:
        packs.compile_pack = original
    assert compiled == [], "the cached pack was compiled again"
    assert again == first and "blame-department" in first


def test_a_changed_pattern_file_is_compiled_again(cache, tmp_path):
    folder = _team_folder(tmp_path, "зоргтикет")
    config = Config(pattern_dirs=(folder,))
    assert "internal-jargon" in {d.rule for d in Linter(config).lint("Смотрите зоргтикет.", lang="ru")}
    packs._cache.clear()
    _team_folder(tmp_path, "другое слово")
    found = {d.rule for d in Linter(config).lint("Смотрите зоргтикет.", lang="ru")}
    assert "internal-jargon" not in found, "a stale pack was loaded from the cache"
    assert len(list(cache.glob("pack-ru-*.pickle"))) == 2


def test_caching_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", "off")
    monkeypatch.setattr(packs, "_cache", {})
    assert pack_cache.cache_dir() is None
    Linter().lint(REPLY, lang="ru")
    assert not (tmp_path / "off").exists()


def test_an_unusable_cache_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(packs, "_cache", {})
    assert "blame-department" in {d.rule for d in Linter().lint(REPLY, lang="ru")}


def test_a_damaged_entry_is_recompiled(cache):
    Linter().lint(REPLY, lang="ru")
    (entry,) = cache.glob("pack-ru-*.pickle")
    entry.write_bytes(b"garbage")
    packs._cache.clear()
    assert "blame-department" in {d.rule for d in Linter().lint(REPLY, lang="ru")}


def test_cold_check_loads_only_the_language_it_needs(tmp_path):
    """`replylint check` of one Russian reply loads Russian only: no spaCy, no jieba, no
    other language's pack, no Markdown parser or gitignore matcher for a plain-text file (cold
    start, issue 13)."""
    reply = tmp_path / "reply.txt"
    reply.write_text(REPLY, encoding="utf-8")
    code = ("import sys, runpy; sys.argv = ['replylint', 'check', sys.argv[1]]\n"
            "try:\n    runpy.run_module('replylint', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "from replylint import languages, packs\n"
            "print(sorted(languages._instances), 'spacy' in sys.modules, 'jieba' in sys.modules,"
            " sorted({k[0] for k in packs._cache}), 'markdown_it' in sys.modules, 'pathspec' in sys.modules)")
    out = last_line_of_fresh_python(code, reply, tmp_path / "cache")
    assert out == "['ru'] False False ['ru'] False False"


def test_parallel_run_loads_only_the_languages_of_its_files(tmp_path):
    """`--jobs 2` over a Russian folder: the parent loads Russian only (it used to load all four
    languages before starting workers, 60-70 % of a bulk run), and the findings equal a serial run's."""
    folder = tmp_path / "replies"
    folder.mkdir()
    for i in range(60):
        (folder / f"{i:03d}.txt").write_text(f"{REPLY} Заказ {i}.", encoding="utf-8")
    code = ("import sys\nfrom pathlib import Path\n"
            "from replylint.runner import CheckOptions, LinterPool, check_files\n"
            "from replylint import languages, cpu_share\n"
            "cpu_share.FreeCPUs.measure = lambda self: 8.0\n"
            "files = sorted(Path(sys.argv[1]).iterdir())\n"
            "par = [(r.path, [f.diagnostic.rule for f in r.findings]) for r in"
            " check_files(files, LinterPool(CheckOptions()), 2)]\n"
            "ser = [(r.path, [f.diagnostic.rule for f in r.findings]) for r in"
            " check_files(files, LinterPool(CheckOptions()), 1)]\n"
            "print(sorted(languages._instances), par == ser, len(par))")
    out = last_line_of_fresh_python(code, folder, tmp_path / "cache")
    assert out == "['ru'] True 60"


def test_the_cache_is_off_unless_asked_and_user_means_the_users_cache_folder(monkeypatch, tmp_path):
    """Nothing is written outside the workspace unless asked: no cache by default;
    ``REPLYLINT_CACHE_DIR=user`` is the user's cache folder (XDG_CACHE_HOME here)."""
    monkeypatch.delenv("REPLYLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    assert pack_cache.cache_dir() is None
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", "user")
    assert pack_cache.cache_dir() == tmp_path / "xdg" / "replylint"
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "c"))
    assert pack_cache.cache_dir() == tmp_path / "c"


@pytest.mark.parametrize("lang, distribution", [("ru", "pymorphy3"), ("ru", "pymorphy3-dicts-ru"),
                                                ("en", "simplemma"), ("bg", "simplemma"), ("zh", "jieba")])
def test_a_new_release_of_a_lexicon_library_gives_a_new_key(monkeypatch, lang, distribution):
    """Russian word forms are expanded from pymorphy3's dictionary when the pack is compiled
    (follow-up of issue 15): a pack cached under another dictionary release must not be reused."""
    folders = (REPO / "patterns",)
    before = pack_cache.pack_key(lang, folders, (), ())
    real = importlib.metadata.version

    def other_release(name: str) -> str:
        return "999.0" if name == distribution else real(name)

    monkeypatch.setattr(importlib.metadata, "version", other_release)
    assert pack_cache.pack_key(lang, folders, (), ()) != before


def test_lexicon_versions_are_the_installed_ones():
    versions = dict(pack_cache.lexicon_versions("ru"))
    assert versions == {"pymorphy3": importlib.metadata.version("pymorphy3"),
                        "pymorphy3-dicts-ru": importlib.metadata.version("pymorphy3-dicts-ru")}

def test_a_folder_others_can_write_is_not_used(monkeypatch, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(shared))
    assert pack_cache.cache_dir() is None


class _Planted:
    """What a planted entry would run on load: os.system("…")."""

    def __reduce__(self):
        return (os.system, ("echo planted > planted.txt",))


def test_an_entry_naming_another_callable_is_refused_not_run(cache, tmp_path, monkeypatch):
    """A pickle is code: an entry whose digest is right but which names os.system is refused by
    the unpickler (nothing runs) and the pack is compiled instead."""
    import hashlib
    import pickle

    Linter().lint(REPLY, lang="ru")
    (entry,) = cache.glob("pack-ru-*.pickle")
    payload = pickle.dumps(_Planted())
    entry.write_bytes(hashlib.sha256(payload).digest() + payload)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(pickle.UnpicklingError, match="os|posix"):
        pack_cache.decode(entry.read_bytes())
    packs._cache.clear()
    assert "blame-department" in {d.rule for d in Linter().lint(REPLY, lang="ru")}
    assert not (tmp_path / "planted.txt").exists()


def test_an_entry_with_a_wrong_digest_is_not_unpickled(cache):
    Linter().lint(REPLY, lang="ru")
    (entry,) = cache.glob("pack-ru-*.pickle")
    data = bytearray(entry.read_bytes())
    data[-10] ^= 0xFF
    with pytest.raises(ValueError, match="digest"):
        pack_cache.decode(bytes(data))
