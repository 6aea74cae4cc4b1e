"""jieba's prefix dictionary from the user cache folder (languages/jieba_dictionary.py): the same
dictionary as building it, read back instead of rebuilt, and rebuilt when the entry is damaged."""
from __future__ import annotations

import jieba
import pytest

from replylint.languages import jieba_dictionary
from replylint.languages.zh import Chinese

TEXT = "您好，这不归我管，是仓库那边的问题。"


@pytest.fixture
def built(tmp_path, monkeypatch):
    """A private cache folder and a count of dictionary builds."""
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[int] = []
    original = jieba.Tokenizer.gen_pfdict

    def counting(f):
        calls.append(1)
        return original(f)

    monkeypatch.setattr(jieba.Tokenizer, "gen_pfdict", staticmethod(counting))
    return tmp_path / "cache", calls


def _plain() -> tuple[dict, int]:
    tokenizer = jieba.Tokenizer()
    return jieba.Tokenizer.gen_pfdict(tokenizer.get_dict_file())


def test_the_cached_dictionary_is_read_back_not_built(built):
    folder, calls = built
    first = Chinese()
    assert calls == [1] and len(list(folder.rglob("dict-*.marshal"))) == 1
    calls.clear()
    again = Chinese()
    assert calls == [], "the dictionary was built again"
    plain = _plain()
    assert (again._jieba.FREQ, again._jieba.total) == plain == (first._jieba.FREQ, first._jieba.total)
    assert [t.norm for t in again.tokenize(TEXT)] == [t.norm for t in first.tokenize(TEXT)]


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "not a dictionary"])
def test_a_damaged_entry_is_built_again_and_rewritten(built, damage):
    folder, calls = built
    Chinese()
    (entry,) = folder.rglob("dict-*.marshal")
    data = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(data[: len(data) // 3])
    elif damage == "flipped byte":
        entry.write_bytes(data[:100] + bytes([data[100] ^ 0xFF]) + data[101:])
    else:  # a well-formed entry of the wrong shape
        payload = jieba_dictionary.marshal.dumps(["not", "a", "dict"])
        entry.write_bytes(jieba_dictionary.hashlib.sha256(payload).digest() + payload)
    calls.clear()
    zh = Chinese()
    assert calls == [1], "the damaged entry was not rebuilt"
    assert (zh._jieba.FREQ, zh._jieba.total) == _plain()
    calls.clear()
    Chinese()
    assert calls == [], "the rebuilt dictionary was not written back"


def test_without_a_cache_folder_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv("REPLYLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    zh = Chinese()
    assert (zh._jieba.FREQ, zh._jieba.total) == _plain()
    assert list(tmp_path.iterdir()) == []
