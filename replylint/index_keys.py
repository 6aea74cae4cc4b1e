"""The keys that file patterns in the index and that tokens offer to it.

A pattern is filed under the keys one of which its first (or rarest required) token must
carry; a sentence's tokens offer theirs, and only patterns filed under an offered key are
tried. Keys are plain word forms and lemmas, plus marked prefixes: ``PREFIX_KEY`` + the
first one to three letters (for stem patterns such as ``винов*``), ``CHAR_KEY`` + the first
character (for literals of languages written without spaces) and ``SUBSTRING_KEY`` + a
phrase (a sentence-level test: the phrase occurs in the sentence text).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar

_R = TypeVar("_R")

PREFIX_KEY = "\x01"
SUBSTRING_KEY = "\x02"
CHAR_KEY = "\x00"
PREFIX_KEY_LEN = 3
# Word forms longer than this are not cached, here or in the languages' word caches: real
# words are short, and a reply full of 20,000-character "words" (a pasted blob) must not
# stay in memory after it is gone (issue 15, item 9).
MAX_CACHED_WORD = 64
KEY_CACHE_SIZE = 100_000


def cached_for_short_words(maxsize: int) -> Callable[[Callable[..., _R]], Callable[..., _R]]:
    """``lru_cache(maxsize)`` for a function whose last argument is a word form, bypassed for
    forms over :data:`MAX_CACHED_WORD` characters (computed each time, never kept). The one
    gate every word cache goes through: these keys here and the languages' lemma caches."""
    def wrap(fn: Callable[..., _R]) -> Callable[..., _R]:
        cached = lru_cache(maxsize=maxsize)(fn)

        @wraps(fn)
        def lookup(*args: Any) -> _R:
            return cached(*args) if len(args[-1]) <= MAX_CACHED_WORD else fn(*args)

        return lookup
    return wrap


@cached_for_short_words(KEY_CACHE_SIZE)
def word_keys(lemmas: frozenset, norm: str) -> frozenset[str]:
    """A token's forms and the first one to three letters of each."""
    keys = set(lemmas)
    keys.add(norm)
    for form in tuple(keys):
        for k in range(1, min(PREFIX_KEY_LEN, len(form)) + 1):
            keys.add(PREFIX_KEY + form[:k])
    return frozenset(keys)


def char_key(norm: str) -> frozenset[str]:
    """The key of a token of a language written without spaces: its first character."""
    return frozenset((CHAR_KEY + norm[0],)) if norm else frozenset()


@cached_for_short_words(KEY_CACHE_SIZE)
def all_keys(lemmas: frozenset, norm: str) -> frozenset[str]:
    """Every key a token can offer, whatever the language (for an alternative's option index)."""
    return word_keys(lemmas, norm) | {CHAR_KEY + norm[:1]}
