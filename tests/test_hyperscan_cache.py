"""Compiled Hyperscan databases are reused by their key (hyperscan_cache.py): a cached database
is loaded instead of compiled, and a damaged or unloadable one is compiled again, never left
unused (which would search every rule: the same findings, slower)."""
from __future__ import annotations

import pickle

import pytest
import regex

from replylint import hyperscan_cache, regex_prefilter
from replylint.regex_prefilter import RegexPrefilter, hyperscan

pytestmark = pytest.mark.skipif(hyperscan is None, reason="Hyperscan is not installed here")

RULES = [r"\mсбой\M", r"\w+ок", r"(?P<mark>склад)\w*"]


def _rules():
    return [regex.compile(r, regex.I | regex.V1) for r in RULES]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private cache folder, an empty process memory, and a count of compilations."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(folder))
    monkeypatch.setattr(hyperscan_cache, "_memory", hyperscan_cache.OrderedDict())
    compiled: list[list[int]] = []
    original = regex_prefilter._database

    def counting(ids, sources):
        compiled.append(list(ids))
        return original(ids, sources)

    monkeypatch.setattr(regex_prefilter, "_database", counting)
    return folder, compiled


def _answers(prefilter: RegexPrefilter) -> list[list[int]]:
    return [prefilter.candidates(t) for t in ("у нас сбой", "звонок со склада", "всё хорошо", "")]


def test_a_cached_database_is_loaded_not_compiled(cache):
    folder, compiled = cache
    first = RegexPrefilter(_rules(), eager=True)
    assert compiled and len(list(folder.glob("hyperscan-*.db"))) == 1
    expected = _answers(first)
    assert expected == [[0], [1, 2], [], []]
    compiled.clear()
    hyperscan_cache._memory.clear()  # a new process: only the disk has it
    again = RegexPrefilter(_rules(), eager=True)
    assert compiled == [], "the cached database was compiled again"
    assert again.scanned == first.scanned == len(RULES)
    assert _answers(again) == expected


def test_packs_with_the_same_rules_share_one_compilation_in_a_process(cache, monkeypatch):
    _, compiled = cache
    monkeypatch.delenv("REPLYLINT_CACHE_DIR")  # no disk cache: the process memory alone
    RegexPrefilter(_rules(), eager=True)
    assert compiled
    compiled.clear()
    RegexPrefilter(_rules(), eager=True)
    assert compiled == []
    RegexPrefilter(_rules()[:2], eager=True)  # other rules: another key
    assert compiled


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "not hyperscan"])
def test_a_damaged_cached_database_is_compiled_again_and_rewritten(cache, damage):
    folder, compiled = cache
    expected = _answers(RegexPrefilter(_rules(), eager=True))
    (entry,) = folder.glob("hyperscan-*.db")
    data = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "flipped byte":
        entry.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
    else:  # a well-formed entry whose database bytes Hyperscan refuses
        payload = b"[0, 1, 2]\n" + b"garbage" * 10
        entry.write_bytes(hyperscan_cache.hashlib.sha256(payload).digest() + payload)
    hyperscan_cache._memory.clear()
    compiled.clear()
    again = RegexPrefilter(_rules(), eager=True)
    assert compiled, "the damaged entry was not compiled again"
    assert _answers(again) == expected and again.scanned == len(RULES)
    hyperscan_cache._memory.clear()
    compiled.clear()
    RegexPrefilter(_rules(), eager=True)
    assert compiled == [], "the rebuilt database was not written back"


def test_a_pickled_database_this_hyperscan_cannot_load_is_rebuilt(cache):
    """A pack cached with a database Hyperscan refuses (another build of the library) gets a
    working database again instead of searching every rule from then on."""
    _, compiled = cache
    prefilter = RegexPrefilter(_rules(), eager=True)
    expected = _answers(prefilter)
    state = pickle.loads(pickle.dumps(prefilter))
    state._database = b"not a database"
    hyperscan_cache._memory.clear()
    compiled.clear()
    assert _answers(state) == expected
    assert compiled == [] and state._database not in (None, b"not a database")  # from the database cache
    assert state.candidates("всё хорошо") == []  # the prefilter is in use, not every rule searched


def _texts_until_built(prefilter: RegexPrefilter, limit: int) -> int | None:
    """How many texts the prefilter searched before its database was ready (None: not by ``limit``)."""
    for n in range(1, limit + 1):
        prefilter.candidates(f"текст {n}")
        if prefilter.scanned:
            return n
    return None


def test_with_a_cache_folder_the_database_is_built_on_the_32nd_text(cache):
    _, compiled = cache
    assert _texts_until_built(RegexPrefilter(_rules()), 100) == regex_prefilter.BUILD_AFTER
    assert len(compiled) == 1


def test_without_a_cache_folder_only_a_long_run_builds_the_database(cache, monkeypatch):
    """Without a cache folder the compile would be paid again by every run (zh's takes ~20 s),
    so a short run searches every rule instead; a long one still builds, at the threshold."""
    _, compiled = cache
    monkeypatch.delenv("REPLYLINT_CACHE_DIR")
    monkeypatch.setattr(hyperscan_cache, "persistent", lambda: False)
    monkeypatch.setattr(regex_prefilter, "BUILD_AFTER_UNCACHED", 300)
    prefilter = RegexPrefilter(_rules())
    assert _texts_until_built(prefilter, 295) is None and compiled == []
    assert _answers(prefilter) == [[0, 1, 2]] * 4  # texts 296-299: every rule searched meanwhile
    assert _texts_until_built(prefilter, 1) == 1 and len(compiled) == 1  # the 300th builds
    assert _answers(prefilter) == [[0], [1, 2], [], []]


def test_a_background_build_leaves_checks_running_and_gives_the_same_answers(cache):
    """The language server's way (lsp/loading.py): the database is compiled in a thread of its
    own; meanwhile candidates() searches every rule and never starts a second compile."""
    _, compiled = cache
    prefilter = RegexPrefilter(_rules())
    thread = prefilter.build_in_background()
    assert thread is not None
    assert prefilter.build_in_background() is thread  # asked again: the same build
    for n in range(regex_prefilter.BUILD_AFTER + 5):
        assert set(prefilter.candidates(f"текст {n}")) <= {0, 1, 2}
    thread.join(timeout=60)
    assert not thread.is_alive() and len(compiled) == 1
    assert _answers(prefilter) == [[0], [1, 2], [], []]
    assert prefilter.build_in_background() is thread and prefilter.scanned == len(RULES)
