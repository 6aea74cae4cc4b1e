"""English: spaCy's tokenizer, lemmas from simplemma plus regular-inflection candidates."""
from __future__ import annotations

from ..index_keys import MAX_CACHED_WORD
from .base import SpacyLanguage, cached_per_word
from .simplemma_lemmas import lemmatizer


class English(SpacyLanguage):
    code = "en"
    name = "English"
    script = "Latin"
    negations = frozenset("""
        not n't no never cannot can't won't don't doesn't isn't aren't
        wasn't weren't didn't nothing nobody none couldn't wouldn't shouldn't
    """.split())
    restrictions = frozenset("only just solely merely".split())

    def __init__(self) -> None:
        super().__init__()
        self._lemmatize = lemmatizer("en")  # simplemma's dictionary, as a cached trie (simplemma_lemmas.py)
        self.lemmas = cached_per_word(self._lemmas)  # type: ignore[method-assign,assignment]

    def _lemmas(self, norm: str) -> frozenset:
        plain = norm.replace("’", "'")
        forms = {norm, plain}
        if len(plain) <= MAX_CACHED_WORD:  # no dictionary word is longer; simplemma caches every form it sees
            try:
                forms.add(self._lemmatize(plain).lower())
            except ValueError:
                pass
        forms.update(english_stems(plain))
        return frozenset(forms)


def english_stems(word: str) -> set[str]:
    """Candidate base forms by regular inflection (mixes→mix, messed→mess, shipping→ship).

    simplemma misses many regular forms; a pattern names the base form, so offering
    the regular candidates too only widens what that exact pattern matches.
    """
    out: set[str] = set()
    if len(word) < 4 or not word.isalpha():
        return out

    def undouble(stem: str) -> None:
        out.add(stem)
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
            out.add(stem[:-1])
        out.add(stem + "e")

    if word.endswith("ies"):
        out.add(word[:-3] + "y")
    elif word.endswith("es"):
        out.update({word[:-2], word[:-1]})
    elif word.endswith("s") and not word.endswith("ss"):
        out.add(word[:-1])
    if word.endswith("ied"):
        out.add(word[:-3] + "y")
    elif word.endswith("ed"):
        undouble(word[:-2])
    if word.endswith("ing") and len(word) > 5:
        undouble(word[:-3])
    return out
