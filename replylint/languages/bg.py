"""Bulgarian: spaCy's tokenizer, lemmas from simplemma."""
from __future__ import annotations

from ..index_keys import MAX_CACHED_WORD
from .base import SpacyLanguage, cached_per_word
from .simplemma_lemmas import lemmatizer
from .tokens import normalize


class Bulgarian(SpacyLanguage):
    code = "bg"
    name = "Bulgarian"
    script = "Cyrillic"
    negations = frozenset("не няма нито никак".split())
    restrictions = frozenset("само единствено".split())

    def __init__(self) -> None:
        super().__init__()
        self._lemmatize = lemmatizer("bg")  # simplemma's dictionary, as a cached trie (simplemma_lemmas.py)
        self.lemmas = cached_per_word(self._lemmas)  # type: ignore[method-assign,assignment]

    def _lemmas(self, norm: str) -> frozenset:
        if len(norm) > MAX_CACHED_WORD:  # no dictionary word is longer; simplemma caches every form it sees
            return frozenset((norm,))
        try:
            return frozenset({norm, normalize(self._lemmatize(norm))})
        except ValueError:
            return frozenset((norm,))
