"""One pass over a sentence's text that tells which phrase-anchored token patterns can occur.

Languages written without spaces (Chinese) tokenize lazily: a sentence is segmented only
if some token pattern's required phrases all occur in its text. Asking each of two hundred
patterns in turn (``TokenPattern.possible``) was ~40 % of a Chinese reply's time; here all
the patterns' phrases (≈1,200) go into one Aho-Corasick automaton (pyahocorasick), the
sentence is scanned once, and only the patterns filed under a phrase that occurs are
checked. The answer is the same as asking every pattern: the test is
"each phrase group has a phrase in the text", and a pattern none of whose phrases occur
cannot pass it. Without pyahocorasick, each distinct phrase is looked up with ``in``.
"""
from __future__ import annotations

from collections.abc import Iterable

try:  # a wheel on every common platform; the fallback gives the same answers, slower
    import ahocorasick
except ImportError:  # pragma: no cover - exercised by tests that hide the module
    ahocorasick = None

from .token_patterns import TokenPattern


class PhraseFilter:
    """Which token patterns whose only requirements are phrases can match a sentence text."""

    def __init__(self, patterns: Iterable[TokenPattern]):
        # A pattern that needs a word (not a phrase) never passes on text alone: left out.
        groups = [p.phrase_groups for p in patterns if not p.word_groups]
        self.always = any(not g for g in groups)  # a pattern with no requirement at all
        self._groups: list[tuple[frozenset[str], ...]] = [tuple(frozenset(g) for g in gs) for gs in groups if gs]
        self._by_phrase: dict[str, list[int]] = {}
        for k, pattern_groups in enumerate(self._groups):
            for phrase in {p for g in pattern_groups for p in g}:
                self._by_phrase.setdefault(phrase, []).append(k)
        self._automaton = None
        if ahocorasick is not None and self._by_phrase:
            automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
            for phrase in self._by_phrase:
                automaton.add_word(phrase, phrase)
            automaton.make_automaton()
            self._automaton = automaton

    def phrases_in(self, text: str) -> set[str]:
        """Every known phrase that occurs in ``text`` (overlapping occurrences included)."""
        if self._automaton is not None:
            return {phrase for _, phrase in self._automaton.iter(text)}
        return {phrase for phrase in self._by_phrase if phrase in text}

    def any_possible(self, text: str) -> bool:
        """Whether some pattern's phrase groups each have a phrase in ``text``."""
        if self.always:
            return True
        if not self._groups:
            return False
        found = self.phrases_in(text)
        groups = self._groups
        for phrase in found:
            for k in self._by_phrase[phrase]:
                if all(not g.isdisjoint(found) for g in groups[k]):
                    return True
        return False
