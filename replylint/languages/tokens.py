"""The token record every language produces, and the normalisation text and patterns share."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

SENTENCE_END = frozenset(".!?。！？…;；") | {"...", "?!", "!?", "!!", "??", "!!!"}
PUNCT_EXTRA = frozenset("，、：:,;；()（）[]【】《》\"'«»“”„-–—/\\*·~")


def normalize(word: str) -> str:
    """Lowercase and fold ё into е, as both text and patterns are compared."""
    return word.lower().replace("ё", "е")


class Token(NamedTuple):
    """One word or punctuation mark, with its offsets in the linted text (a tuple: cheap to make)."""

    text: str
    norm: str
    lemmas: frozenset
    start: int
    end: int
    is_punct: bool
    ends_sentence: bool


def with_sentence_end(tok: Token) -> Token:
    return tok._replace(ends_sentence=True)


@dataclass(frozen=True, slots=True)
class SentenceText:
    """One sentence of a paragraph, offsets relative to the paragraph.

    ``tokens`` is None when the language tokenizes lazily (segmentation is the costly step
    in Chinese, so it runs only for sentences where some pattern can match); ``surface`` is
    the sentence's normalised text without spaces, for the substring pre-test of languages
    written without spaces, and empty for the others.
    """

    start: int
    end: int
    tokens: list[Token] | None
    surface: str = ""
