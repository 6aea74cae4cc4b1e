"""What the engine needs from a language: sentences, tokens with lemmas, prefilter keys.

Everything language-specific lives behind this interface, one module per language, so a
fifth language is one module here plus its folder under ``patterns/``.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import ClassVar

import regex

from ..index_keys import MAX_CACHED_WORD, cached_for_short_words, word_keys
from .affix_tokenizer import is_punct
from .tokens import PUNCT_EXTRA, SENTENCE_END, SentenceText, Token, normalize, with_sentence_end

WORD_CACHE_SIZE = 200_000
# Word forms longer than MAX_CACHED_WORD (index_keys.py) are not cached: real words are short,
# and a reply full of 20,000-character "words" (a pasted blob) must not stay in memory after it is gone.
_SPACE = ("",)  # marker: a whitespace token


def cached_per_word(fn: Callable[[str], frozenset]) -> Callable[[str], frozenset]:
    """``fn`` behind an LRU cache of :data:`WORD_CACHE_SIZE` entries, for words up to
    :data:`MAX_CACHED_WORD` characters (longer ones are computed each time)."""
    return cached_for_short_words(WORD_CACHE_SIZE)(fn)
_WORDS = regex.compile(r"[\w’']+")

# Hard-wrapped e-mail and Markdown replies break lines mid-sentence, so a single line break
# is read as a space (a blank line is a paragraph break, handled before tokenizing). A line
# that starts a list item, a heading or a quote still begins a new sentence.
_BLOCK_START = regex.compile(r"[ \t]*(?:[-*+•·–—>#]|\(?\d{1,3}[.)]|\(?[a-zа-я][.)])(?:[ \t]|$)", regex.I | regex.M)


def block_marker_end(text: str, pos: int) -> int | None:
    """Where the list, heading or quote marker of the line starting at ``pos`` ends (None:
    the line is not a list item, heading or quote). The full stop of "1." is not a sentence."""
    m = _BLOCK_START.match(text, pos)
    return m.end() if m else None


class Language(ABC):
    """One language: how its text splits into sentences and tokens, and what a token offers
    the pattern index. Instances are shared between threads and created on first use."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    script: ClassVar[str] = ""  # the writing system (Cyrillic, Latin, Han): detection falls back within it
    # Written without spaces: a pattern literal matches any run of tokens that joins to it,
    # and adjacent literals in a pattern are one phrase (segmentation need not agree).
    concatenative: ClassVar[bool] = False
    # Words that negate a statement ("not", "не", "не"), for telling a disclaimer ("not my
    # department") from a referral ("the store can help you").
    negations: ClassVar[frozenset[str]] = frozenset()
    # Words that restrict what the speaker does ("we only handle bookings", "я только по
    # технической части"): a referral with one of these is a disclaimer too (RULES.md).
    restrictions: ClassVar[frozenset[str]] = frozenset()

    @abstractmethod
    def tokenize(self, text: str, offset: int = 0) -> list[Token]:
        """Tokens of ``text`` with offsets shifted by ``offset``; whitespace dropped."""

    @abstractmethod
    def sentences(self, text: str) -> list[SentenceText]:
        """The sentences of one paragraph (offsets relative to it)."""

    def tokens_of(self, text: str, sentence: SentenceText) -> list[Token]:
        """The sentence's tokens, tokenizing it now if :meth:`sentences` left that for later."""
        if sentence.tokens is not None:
            return sentence.tokens
        return self.tokenize(text[sentence.start:sentence.end], sentence.start)

    def prefilter_keys(self, token: Token) -> frozenset[str]:
        """Index keys a token offers: its forms and their first letters (see token_patterns)."""
        return word_keys(token.lemmas, token.norm)

    def phrase_norms(self, phrase: str) -> list[str]:
        """How a pattern literal splits into tokens, using the same tokenizer as text."""
        return [t.norm for t in self.tokenize(phrase)]

    def add_words(self, words: Iterable[str]) -> None:
        """Teach the segmenter multi-character words (only languages without spaces need it)."""
        return None  # languages written with spaces have nothing to learn: a deliberate no-op, not abstract

    # Whether :meth:`forms` can answer (token patterns then accept ``lemma:grammemes``).
    has_morphology: ClassVar[bool] = False

    def forms(self, lemma: str, grammemes: frozenset[str]) -> list[str] | None:
        """The forms of ``lemma`` that carry every grammeme; None for an unknown grammeme.
        Only languages with a morphological dictionary implement it."""
        raise NotImplementedError(f"{self.name} has no morphology")

    def negates(self, text: str) -> bool:
        """Whether ``text`` contains one of the language's negation words."""
        return any(word in self.negations for word in _WORDS.findall(normalize(text)))

    def disclaims(self, text: str) -> bool:
        """Whether ``text`` negates or restricts ("not my department", "we only do bookings")."""
        words = _WORDS.findall(normalize(text))
        return any(word in self.negations or word in self.restrictions for word in words)

    @classmethod
    def word_count(cls, text: str) -> int:
        """How many words ``text`` has, for "too short to tell its own language"."""
        return len(text.split())


class SpacyLanguage(Language):
    """A language tokenized by spaCy's rules (re-run without spaCy, see :mod:`.affix_tokenizer`),
    lemmas from a dictionary per word form."""

    def __init__(self) -> None:
        from .affix_tokenizer import AffixTokenizer

        self._tokenizer = AffixTokenizer(self.code)
        self._word_info: dict[str | tuple[str, str], tuple] = {}

    def lemmas(self, norm: str) -> frozenset:
        return frozenset((norm,))

    def tokenize(self, text: str, offset: int = 0) -> list[Token]:
        tokens: list[Token] = []
        word_info = self._word_info
        marker_end = block_marker_end(text, 0) or -1  # end of the current line's list marker, if any
        for idx, word, special_norm in self._tokenizer.tokenize(text):
            # A special case's token ("n't", "'cause") may carry its own NORM.
            key: str | tuple[str, str] = word if special_norm is None else (word, special_norm)
            info = word_info.get(key)
            if info is None:
                info = self._describe(word, special_norm, key)
            if info is _SPACE:  # runs of whitespace other than one space are tokens of their own
                if "\n" in word:
                    marker = block_marker_end(text, idx + word.rindex("\n") + 1)
                    if marker is not None and tokens:
                        tokens[-1] = with_sentence_end(tokens[-1])
                    marker_end = marker if marker is not None else -1
                continue
            norm, lemmas, punct, ends = info
            length = len(word)
            if ends and idx + length <= marker_end:
                ends = False
            start = offset + idx
            tokens.append(Token(word, norm, lemmas, start, start + length, punct, ends))
        return tokens

    def sentences(self, text: str) -> list[SentenceText]:
        """Split at sentence-ending tokens."""
        tokens = self.tokenize(text)
        out: list[SentenceText] = []
        lo = 0
        for i, tok in enumerate(tokens):
            # A run of sentence punctuation ("?!", "!!!", which spaCy splits) ends one sentence.
            if tok.ends_sentence and not (i + 1 < len(tokens) and tokens[i + 1].ends_sentence
                                          and tokens[i + 1].is_punct and tokens[i + 1].start == tok.end):
                out.append(SentenceText(tokens[lo].start, tok.end, tokens[lo:i + 1]))
                lo = i + 1
        if lo < len(tokens):
            out.append(SentenceText(tokens[lo].start, tokens[-1].end, tokens[lo:]))
        return out

    def _describe(self, word: str, special_norm: str | None, key: str | tuple[str, str]) -> tuple:
        """What a word form is (norm, lemmas, punctuation?, sentence end?), cached per form:
        the same words recur in every reply."""
        if not word.strip():
            info: tuple = _SPACE
        else:
            norm = normalize(word)
            punct = is_punct(word) or norm in PUNCT_EXTRA
            lemmas = self.lemmas(norm) if not punct else frozenset((norm,))
            extra = normalize(self._tokenizer.norm(word, special_norm))
            if extra != norm and not punct:
                lemmas = lemmas | {extra}
            info = (norm, lemmas, punct, norm in SENTENCE_END)
        if len(word) <= MAX_CACHED_WORD and len(self._word_info) < WORD_CACHE_SIZE:
            self._word_info[key] = info
        return info

    def phrase_norms(self, phrase: str) -> list[str]:
        if phrase.isalpha():  # a plain word never splits: skip the tokenizer (pack loading is on the cold path)
            return [normalize(phrase)]
        return [normalize(word) for _, word, _ in self._tokenizer.tokenize(phrase) if word.strip()]
