"""Russian: spaCy's tokenizer, every plausible lemma from pymorphy3."""
from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from .base import SpacyLanguage, cached_per_word
from .tokens import normalize


@runtime_checkable
class _SpecialCaseTokenizer(Protocol):
    """What :meth:`Russian._drop_word_abbreviations` needs of spaCy's ``Tokenizer`` (a compiled
    class mypy cannot see): its special cases, from the exact text to the token attributes."""

    rules: dict[str, list[dict[Any, Any]]]


class Russian(SpacyLanguage):
    code = "ru"
    name = "Russian"
    script = "Cyrillic"
    negations = frozenset("не нет ни никак нельзя".split())

    def __init__(self) -> None:
        super().__init__()
        import pymorphy3

        self._morph = pymorphy3.MorphAnalyzer()
        self._drop_word_abbreviations()
        self.lemmas = cached_per_word(self._lemmas)  # type: ignore[method-assign,assignment]

    def _drop_word_abbreviations(self) -> None:
        """spaCy reads "им." as the abbreviation of "имени", so "Звоните им." loses both the
        word and the sentence end. Abbreviations whose likeliest reading is an ordinary word (им, кот, ком)
        are dropped from the tokenizer's special cases; the rest (ул., руб., тыс.) stay."""
        tokenizer = self._nlp.tokenizer
        if not isinstance(tokenizer, _SpecialCaseTokenizer):
            raise TypeError(f"spaCy's Russian pipeline has a tokenizer without special cases: {tokenizer!r}")
        rules = dict(tokenizer.rules)
        for key in list(rules):
            stem = key[:-1]
            if key.endswith(".") and len(stem) >= 2 and stem.isalpha() and stem.islower() \
                    and self._morph.word_is_known(stem) and "Abbr" not in self._morph.parse(stem)[0].tag:
                del rules[key]
        tokenizer.rules = rules

    def _lemmas(self, norm: str) -> frozenset:
        """All normal forms: ambiguous forms ("стали": сталь / стать) must match a pattern
        written with either dictionary form."""
        try:
            forms = {normalize(p.normal_form) for p in self._morph.parse(norm)}
        except ValueError:  # pymorphy3 fails on characters without a Unicode name
            forms = set()
        forms.add(norm)
        return frozenset(forms)
