"""One requirement filter for all of a language's token patterns: which patterns a sentence can hold.

Every token pattern needs certain words somewhere in its sentence (``TokenPattern.required``:
groups of keys, one of each group must occur) and, for Chinese, certain phrases in its text.
Asking each pattern in turn (``TokenPattern.possible``, after a dict from each pattern's rarest
required word) cost a set test per pattern and candidate, tens per sentence. Here every distinct
group gets one bit of an integer: a token's keys map to the bits of the groups they belong to
(remembered per key set), one pass over a sentence's tokens ORs them into the bits present, and
a pattern is a candidate when all its requirement bits are present. The patterns are filed by
the bit of their rarest group, and each token's key set also remembers the buckets it opens,
so only those buckets are looked at (no walk over the set bits of a thousand-bit integer).

The same bits also say where a pattern can start: a pattern whose first token must carry one of
some keys (``TokenPattern.keys``) gets that key set as a "start" group, and its starts are the
tokens whose mask has the bit (anchored starts).

The answer is exactly ``{p : p.possible(keys present, sentence text)}``:
``tests/test_compiled_matcher.py`` checks it on random texts.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

try:  # the same optional dependency as phrase_filter.py; the fallback gives the same answers
    import ahocorasick_rs
except ImportError:  # pragma: no cover - exercised by tests that hide the module
    ahocorasick_rs = None  # type: ignore[assignment]

from .token_patterns import _is_phrase_group, _remember, best_group

if TYPE_CHECKING:
    from .packs import CompiledPattern


@dataclass
class Candidate:
    """A pattern the sentence can hold, and the bit of the tokens it can start at (0: any)."""

    pattern: CompiledPattern
    required: int  # bits of every requirement group
    start: int  # bit of the group its first token must carry, or 0


class RequirementFilter:
    """Bits for every requirement group of a language's token patterns (see the module doc)."""

    def __init__(self, patterns: Iterable[CompiledPattern]):
        self._bits: dict[frozenset, int] = {}  # group -> its bit
        self._key_bits: dict[str, int] = {}  # word key -> bits of the word groups holding it
        self._phrase_bits: dict[str, int] = {}  # phrase -> bits of the phrase groups holding it
        self._buckets: dict[int, list[Candidate]] = {}  # anchor bit index -> patterns filed there
        self._always: list[Candidate] = []  # patterns without requirements: candidates everywhere
        self._anchors = 0  # bits some pattern is filed under
        for cp in patterns:
            tp = cp.tokens
            assert tp is not None
            required = 0
            for group in tp.required:
                required |= self._bit(group, phrase=_is_phrase_group(group))
            start = 0 if tp.keys is None else self._bit(frozenset(tp.keys), phrase=False)
            entry = Candidate(cp, required, start)
            if not tp.required:
                self._always.append(entry)
                continue
            anchor = self._bits[best_group(tp.required)]
            self._anchors |= anchor
            self._buckets.setdefault(anchor.bit_length() - 1, []).append(entry)
        self._masks: dict[frozenset[str], tuple[int, frozenset[int]]] = {}  # key set -> bits, buckets
        self._automaton = self._build()

    def _bit(self, group: frozenset, phrase: bool) -> int:
        bit = self._bits.get(group)
        if bit is None:
            bit = self._bits[group] = 1 << len(self._bits)
            if phrase:  # as TokenPattern.possible reads a phrase group: each key less its mark
                for key in group:
                    self._phrase_bits[key[1:]] = self._phrase_bits.get(key[1:], 0) | bit
            else:
                for key in group:
                    self._key_bits[key] = self._key_bits.get(key, 0) | bit
        return bit

    def _build(self):
        if ahocorasick_rs is None or not self._phrase_bits:
            return None
        return ahocorasick_rs.AhoCorasick(list(self._phrase_bits))

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_automaton": None, "_masks": {}}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._automaton = self._build()

    def token_mask(self, keys: frozenset[str], norm: str) -> int:
        """The bits of the groups a token with ``keys`` (its prefilter keys) belongs to."""
        return self._token(keys, norm)[0]

    def _token(self, keys: frozenset[str], norm: str) -> tuple[int, frozenset[int]]:
        """A token's bits and the buckets its anchor bits open (remembered per key set)."""
        known = self._masks.get(keys)
        if known is None:
            mask = 0
            key_bits = self._key_bits
            for key in keys:
                mask |= key_bits.get(key, 0)
            known = (mask, frozenset(_bit_indices(mask & self._anchors)))
            _remember(self._masks, keys, known, norm)
        return known

    def phrase_mask(self, text: str) -> int:
        """The bits of the phrase groups one of whose phrases occurs in ``text``."""
        if not self._phrase_bits:
            return 0
        if self._automaton is not None:
            found: Iterable[str] = set(self._automaton.find_matches_as_strings(text, overlapping=True))
        else:
            found = [phrase for phrase in self._phrase_bits if phrase in text]
        mask = 0
        for phrase in found:
            mask |= self._phrase_bits[phrase]
        return mask

    def candidates(self, present: int, opened: Iterable[int] | None = None) -> list[Candidate]:
        """The patterns all of whose requirement bits are in ``present`` (``opened``: the buckets
        of its anchor bits, when the caller knows them)."""
        out = list(self._always)
        buckets = self._buckets
        if opened is None:
            opened = _bit_indices(present & self._anchors)
        for index in opened:
            for entry in buckets[index]:
                if entry.required & present == entry.required:
                    out.append(entry)
        return out

    def sentence(self, tokens: Sequence[tuple[frozenset[str], str]], text: str) -> tuple[list[int], list[Candidate]]:
        """Each token's bits, and the candidates of a sentence whose tokens have these
        (prefilter keys, word form) and whose text is ``text``."""
        present = self.phrase_mask(text)
        opened: set[int] = set(_bit_indices(present & self._anchors)) if present else set()
        masks = []
        for keys, norm in tokens:
            mask, buckets = self._token(keys, norm)
            masks.append(mask)
            present |= mask
            opened.update(buckets)
        return masks, self.candidates(present, sorted(opened))


def _bit_indices(mask: int) -> list[int]:
    """The positions of the set bits of ``mask``, lowest first."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out
