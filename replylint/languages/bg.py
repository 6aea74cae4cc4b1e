"""Bulgarian: spaCy's tokenizer, lemmas from simplemma."""
from __future__ import annotations

from functools import lru_cache

from .base import WORD_CACHE_SIZE, SpacyLanguage
from .tokens import normalize


class Bulgarian(SpacyLanguage):
    code = "bg"
    name = "Bulgarian"
    script = "Cyrillic"
    negations = frozenset("не няма нито никак".split())
    restrictions = frozenset("само единствено".split())

    def __init__(self) -> None:
        super().__init__()
        import simplemma

        self._simplemma = simplemma
        self.lemmas = lru_cache(maxsize=WORD_CACHE_SIZE)(self._lemmas)  # type: ignore[method-assign]
        self._simplemma.lemmatize("и", lang="bg")  # load the dictionary now, not mid-request

    def _lemmas(self, norm: str) -> frozenset:
        try:
            return frozenset({norm, normalize(self._simplemma.lemmatize(norm, lang="bg"))})
        except ValueError:
            return frozenset((norm,))
