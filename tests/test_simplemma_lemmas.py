"""simplemma's dictionary read from a cached trie gives the same lemmas as simplemma itself."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import simplemma

from replylint.languages import simplemma_lemmas

CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus"


def corpus_words(lang: str, limit: int = 3000) -> list[str]:
    words: dict[str, None] = {}
    for path in sorted(CORPUS.glob(f"*/{lang}*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                for word in json.loads(line)["text"].lower().split():
                    words[word.strip(".,!?:;()«»\"'")] = None
    return [w for w in words if w][:limit]


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_trie_lemmas_equal_simplemma(lang, tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path))
    words = corpus_words(lang)
    assert len(words) > 500
    lemmatize = simplemma_lemmas.lemmatizer(lang)
    assert list(tmp_path.rglob(f"{lang}.dic")), "the trie is cached in the user's cache folder"
    assert [lemmatize(w) for w in words] == [simplemma.lemmatize(w, lang=lang) for w in words]
    again = simplemma_lemmas.lemmatizer(lang)  # from the cached file this time
    assert [again(w) for w in words[:200]] == [simplemma.lemmatize(w, lang=lang) for w in words[:200]]


def test_cache_off_falls_back_to_simplemma(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", "off")
    assert simplemma_lemmas._trie_lemmatizer("bg") is None
    assert simplemma_lemmas.lemmatizer("bg")("пратката") == simplemma.lemmatize("пратката", lang="bg")


def test_a_damaged_trie_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path))
    simplemma_lemmas.lemmatizer("bg")
    (trie,) = tmp_path.rglob("bg.dic")
    trie.write_bytes(b"not a trie")
    assert simplemma_lemmas.lemmatizer("bg")("пратката") == simplemma.lemmatize("пратката", lang="bg")


def test_a_folder_others_can_write_is_not_used(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "simplemma-tries").mkdir(mode=0o777)
    (shared / "simplemma-tries").chmod(0o777)
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(shared))
    assert simplemma_lemmas._trie_lemmatizer("bg") is None
