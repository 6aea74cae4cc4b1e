"""Russian: spaCy's tokenizer, every plausible lemma from pymorphy3."""
from __future__ import annotations

from .base import SpacyLanguage, cached_per_word
from .tokens import normalize


class Russian(SpacyLanguage):
    code = "ru"
    name = "Russian"
    script = "Cyrillic"
    negations = frozenset("не нет ни никак нельзя".split())
    restrictions = frozenset("только лишь исключительно".split())

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
        drop = set()
        for key in self._tokenizer.specials:
            stem = key[:-1]
            if key.endswith(".") and len(stem) >= 2 and stem.isalpha() and stem.islower() \
                    and self._morph.word_is_known(stem) and "Abbr" not in self._morph.parse(stem)[0].tag:
                drop.add(key)
        self._tokenizer.drop_specials(drop)

    has_morphology = True

    def forms(self, lemma: str, grammemes: frozenset[str]) -> list[str] | None:
        """Every form of the lexemes whose dictionary form is ``lemma`` that carries all of
        ``grammemes`` (OpenCorpora tags, as pymorphy3 writes them: futr, 1per, plur, past…)."""
        if not grammemes <= self._morph.TagClass.KNOWN_GRAMMEMES:
            return None
        found: dict[str, None] = {}
        for parse in self._morph.parse(lemma):
            if normalize(parse.normal_form) != lemma:
                continue
            for form in parse.lexeme:
                if grammemes <= form.tag.grammemes:
                    found[normalize(form.word)] = None
        return list(found)

    def _lemmas(self, norm: str) -> frozenset:
        """All normal forms: ambiguous forms ("стали": сталь / стать) must match a pattern
        written with either dictionary form."""
        try:
            forms = {normalize(p.normal_form) for p in self._morph.parse(norm)}
        except ValueError:  # pymorphy3 fails on characters without a Unicode name
            forms = set()
        forms.add(norm)
        return frozenset(forms)
