"""spaCy's rule-based tokenizer, re-run in plain Python from its exported tables.

ru, bg and en were tokenized by a blank spaCy pipeline, which costs about a second of
``import spacy`` at every cold start and is quadratic on runs of punctuation (its suffix
search rescans the whole remaining chunk for every mark it strips: 26 s for 8,000 "!").
spaCy is only ever used here for its tokenizer: whitespace split, then per chunk the
special cases, prefixes, suffixes, infixes and the URL pattern, then the special-case
matcher. This module runs the same algorithm (``spacy/tokenizer.pyx``: ``_tokenize_affixes``,
``_split_affixes``, ``_attach_tokens``, ``_apply_special_cases``) on the same regular
expressions and special cases, exported once from spaCy into ``data/tokenizer-<code>.json``
(``python -m replylint.languages.export_spacy_tables`` rewrites them). The tests compare its tokens
with spaCy's on the corpora, the pattern examples and random text.

Two things differ on purpose, both only on hostile input:

* prefixes and suffixes are searched in a window of :data:`WINDOW` characters at the chunk's
  edge (the whole remaining chunk only when a match reaches the window's far side), and the
  remaining chunk is tracked by offsets rather than re-sliced, so a chunk costs time linear in
  its length;
* a chunk longer than :data:`MAX_URL_CHUNK` is not tried against the URL pattern, whose
  backtracking is quadratic on long runs of ``:`` and ``@``.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")
WINDOW = 64  # characters of a chunk's edge searched for a prefix or suffix
EDGE = 8  # a window match this close to the window's inner side is checked on the whole chunk
MAX_URL_CHUNK = 2_000  # longer chunks are not URLs (the URL pattern backtracks quadratically)
CHUNK_CACHE_SIZE = 200_000
_CACHEABLE = 100  # chunks up to this length are cached


# A token as the tokenizer returns it: (offset in the text, text, NORM of a special case or None).
RawToken = tuple[int, str, "str | None"]


def is_punct(text: str) -> bool:
    """spaCy's ``is_punct`` lexical attribute: every character is Unicode punctuation."""
    return all(unicodedata.category(ch).startswith("P") for ch in text)


@dataclass
class _Tables:
    prefix: re.Pattern | None
    suffix: re.Pattern | None
    infix: re.Pattern | None
    url: re.Pattern | None
    specials: dict[str, list[tuple[str, str | None]]]  # exact chunk text -> (ORTH, NORM or None) per token
    max_special: int


def _compile(spec: list | None) -> re.Pattern | None:
    return re.compile(spec[0], spec[1]) if spec else None


class AffixTokenizer:
    """One language's spaCy tokenizer: ``tokenize(text)`` gives every token, spaces included."""

    def __init__(self, code: str):
        data = json.loads((DATA_DIR / f"tokenizer-{code}.json").read_text(encoding="utf-8"))
        specials = {key: [(orth, norm) for orth, norm in pieces] for key, pieces in data["specials"].items()}
        self._t = _Tables(_compile(data["prefix"]), _compile(data["suffix"]), _compile(data["infix"]),
                          _compile(data["url"]), specials, max(map(len, specials), default=0))
        self.spacy_version: str = data["spacy"]
        self._norms: dict[str, str] = data["norms"]
        # (first ORTH, second ORTH or None for one-token entries) -> token sequences
        self._matcher: dict[tuple[str, str | None], list[tuple[str, ...]]] = {}
        self._build_matcher()

    @property
    def specials(self) -> frozenset[str]:
        """The texts with a special-case tokenization (abbreviations, contractions, emoticons)."""
        return frozenset(self._t.specials)

    def drop_specials(self, keys: set[str]) -> None:
        """Forget some special cases (as assigning spaCy's ``Tokenizer.rules`` does)."""
        for key in keys:
            self._t.specials.pop(key, None)
        self._t.max_special = max(map(len, self._t.specials), default=0)
        self._build_matcher()

    def _build_matcher(self) -> None:
        """The special-case matcher: special cases that contain an affix or a space, as the
        token sequence the affix rules alone give them (spaCy's ``_special_matcher``)."""
        t = self._t
        self._matcher = {}
        for key in t.specials:
            if self._find_prefix(key, 0, len(key)) or self._find_suffix(key, 0, len(key)) \
                    or (t.infix is not None and t.infix.search(key)) or " " in key:
                orths = tuple(text for _, text, _ in self._tokenize_affixes(key, with_specials=False))
                self._matcher.setdefault((orths[0], orths[1] if len(orths) > 1 else None), []).append(orths)
        self._chunk = lru_cache(maxsize=CHUNK_CACHE_SIZE)(self._chunk_tokens)

    # ------------------------------------------------------------------ affixes
    def _find_prefix(self, s: str, lo: int, hi: int) -> int:
        """Length of the prefix of ``s[lo:hi]`` (``find_prefix``), searched near ``lo``."""
        pattern = self._t.prefix
        if pattern is None or lo >= hi:
            return 0
        end = min(hi, lo + WINDOW)
        window = s[lo:end]
        m = pattern.search(window)
        if m is not None and end < hi and m.end() > len(window) - EDGE:
            m = pattern.search(s[lo:hi])  # a long prefix (a run): look at the whole chunk
        return m.end() - m.start() if m is not None else 0

    def _find_suffix(self, s: str, lo: int, hi: int) -> int:
        """Length of the suffix of ``s[lo:hi]`` (``find_suffix``), searched near ``hi``."""
        pattern = self._t.suffix
        if pattern is None or lo >= hi:
            return 0
        start = max(lo, hi - WINDOW)
        m = pattern.search(s[start:hi])
        if m is not None and start > lo and m.start() < EDGE:
            m = pattern.search(s[lo:hi])
        return m.end() - m.start() if m is not None else 0

    def _special(self, s: str, lo: int, hi: int) -> bool:
        return 0 < hi - lo <= self._t.max_special and s[lo:hi] in self._t.specials

    def _split_affixes(self, s: str, with_specials: bool) -> tuple[int, int, list[str], list[str]]:
        """``_split_affixes``: strip prefixes and suffixes until none is left or a special case
        remains. Returns the core's bounds and the prefixes and suffixes (outermost first)."""
        lo, hi = 0, len(s)
        prefixes: list[str] = []
        suffixes: list[str] = []
        last = -1
        while lo < hi and hi - lo != last:
            if with_specials and self._special(s, lo, hi):
                break
            last = hi - lo
            pre_len = self._find_prefix(s, lo, hi)
            if pre_len and with_specials and lo + pre_len < hi and self._special(s, lo + pre_len, hi):
                prefixes.append(s[lo:lo + pre_len])
                lo += pre_len
                break
            suf_len = self._find_suffix(s, lo + pre_len, hi)
            if suf_len and with_specials and lo < hi - suf_len and self._special(s, lo, hi - suf_len):
                suffixes.append(s[hi - suf_len:hi])
                hi -= suf_len
                break
            if pre_len and suf_len and pre_len + suf_len <= hi - lo:
                prefixes.append(s[lo:lo + pre_len])
                suffixes.append(s[hi - suf_len:hi])
                lo += pre_len
                hi -= suf_len
            elif pre_len:
                prefixes.append(s[lo:lo + pre_len])
                lo += pre_len
            elif suf_len:
                suffixes.append(s[hi - suf_len:hi])
                hi -= suf_len
        return lo, hi, prefixes, suffixes

    def _chunk_tokens(self, chunk: str, with_specials: bool = True) -> tuple[tuple[int, str, str | None], ...]:
        """Tokens of one whitespace-free chunk, offsets relative to it (``_tokenize``)."""
        t = self._t
        if with_specials and chunk in t.specials:
            return self._special_tokens(chunk, 0)
        lo, hi, prefixes, suffixes = self._split_affixes(chunk, with_specials)
        out: list[tuple[int, str, str | None]] = []
        pos = 0
        for p in prefixes:
            out.append((pos, p, None))
            pos += len(p)
        core = chunk[lo:hi]
        if core:
            if with_specials and core in t.specials:
                out.extend(self._special_tokens(core, lo))
            elif t.url is not None and len(core) <= MAX_URL_CHUNK and t.url.match(core):
                out.append((lo, core, None))
            else:
                start = 0
                for m in (t.infix.finditer(core) if t.infix is not None else ()):
                    i_start, i_end = m.start(), m.end()
                    if i_start == 0:
                        continue
                    if i_start != start:
                        out.append((lo + start, core[start:i_start], None))
                    if i_start != i_end:
                        out.append((lo + i_start, core[i_start:i_end], None))
                    start = i_end
                if start < len(core):
                    out.append((lo + start, core[start:], None))
        pos = hi
        for suf in reversed(suffixes):
            out.append((pos, suf, None))
            pos += len(suf)
        return tuple(out)

    def _special_tokens(self, text: str, offset: int) -> tuple[tuple[int, str, str | None], ...]:
        out = []
        pos = offset
        for orth, norm in self._t.specials[text]:
            out.append((pos, orth, norm))
            pos += len(orth)
        return tuple(out)

    # --------------------------------------------------------------------- text
    def _tokenize_affixes(self, text: str, with_specials: bool = True) -> list[tuple[int, str, str | None]]:
        """``_tokenize_affixes``: runs of space and non-space; a single space after a chunk is
        its trailing whitespace, any other run of whitespace is a token of its own."""
        tokens: list[tuple[int, str, str | None]] = []
        for m in _RUNS.finditer(text):
            start = m.start()
            run = m.group()
            if run[0].isspace():
                if run[0] == " " and start > 0:  # the chunk before it owns one space
                    run = run[1:]
                    start += 1
                if not run:
                    continue
            if len(run) <= _CACHEABLE and with_specials:
                pieces = self._chunk(run)
            else:
                pieces = self._chunk_tokens(run, with_specials)
            tokens.extend((start + off, orth, norm) for off, orth, norm in pieces)
        return tokens

    def tokenize(self, text: str) -> list[tuple[int, str, str | None]]:
        """(offset, text, special-case NORM or None) of every token, whitespace tokens included."""
        tokens = self._tokenize_affixes(text)
        if self._matcher:
            tokens = self._apply_special_cases(text, tokens)
        return tokens

    def norm(self, orth: str, special_norm: str | None = None) -> str:
        """spaCy's ``Token.norm_``: the special case's NORM, else a few fixed spellings
        (``–`` is ``-``, ``„`` is ``"``), else the lowercase form."""
        if special_norm is not None:
            return special_norm
        return self._norms.get(orth) or orth.lower()

    def _apply_special_cases(self, text: str, tokens: list[tuple[int, str, str | None]]
                             ) -> list[tuple[int, str, str | None]]:
        """``_apply_special_cases``: token runs that spell a special case containing an affix
        are replaced by that special case's tokens (longest and earliest first, no overlaps)."""
        matcher = self._matcher
        found: list[tuple[int, int]] = []
        n = len(tokens)
        for i, (_, orth, _) in enumerate(tokens):
            if (orth, None) in matcher:
                found.append((i, i + 1))
            if i + 1 < n:
                for orths in matcher.get((orth, tokens[i + 1][1]), ()):
                    j = i + len(orths)
                    if j <= n and all(tokens[i + k][1] == orths[k] for k in range(2, len(orths))):
                        found.append((i, j))
        if not found:
            return tokens
        found.sort(key=lambda span: (span[1] - span[0], -span[0]))
        seen: set[int] = set()
        chosen = []
        for start, end in reversed(found):
            if start not in seen and end - 1 not in seen:
                chosen.append((start, end))
            seen.update(range(start, end))
        out: list[tuple[int, str, str | None]] = []
        i = 0
        for start, end in sorted(chosen):
            out.extend(tokens[i:start])
            first = tokens[start][0]
            last = tokens[end - 1]
            span_text = text[first:last[0] + len(last[1])]
            if span_text in self._t.specials:
                out.extend(self._special_tokens(span_text, first))
            else:
                out.extend(tokens[start:end])
            i = end
        out.extend(tokens[i:])
        return out


_RUNS = re.compile(r"\s+|\S+")
