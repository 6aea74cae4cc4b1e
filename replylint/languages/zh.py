"""Chinese: sentences at Chinese punctuation, jieba words, literals matched as character runs.

Every Chinese special case of the engine lives here: sentence splitting by punctuation
(and line breaks, except where a line was wrapped inside a sentence), lazy segmentation (jieba is the slow
step, so a sentence is segmented only when some pattern's phrase occurs in it), words
counted as characters, and tokens filed by their first character.
"""
from __future__ import annotations

import threading
from collections.abc import Iterable

import regex

from ..index_keys import char_key
from .base import Language
from .jieba_dictionary import prefix_dictionary
from .tokens import PUNCT_EXTRA, SENTENCE_END, SentenceText, Token, normalize, with_sentence_end

_SENTENCE = regex.compile(r"[^。！？!?；;\n]+(?:[。！？!?；;…]+|(?=\n)|$)|[。！？!?；;…]+")

# A line break inside a sentence, where an e-mail was hard-wrapped: the line ends in a clause
# mark (，、：) or is a long line (13+ characters: a greeting, sign-off or chat turn is shorter)
# without final punctuation, and the next line goes on with text (not a list item, quote or bullet).
_WRAPPED_BREAK = regex.compile(
    r"(?:(?<=[，、：,:][ \t]*)|(?<=^[^\n]{12,}?[^。！？!?；;…\s][ \t]*))\n"
    r"(?=[ \t]*(?![>\-*•·]|\d+[.、)）])[\p{Han}\p{L}\d（(“\"])", regex.M)


class Chinese(Language):
    """jieba words; the pattern lexicon's phrases are added to jieba's dictionary.

    jieba is called directly rather than through spaCy's Chinese tokenizer: spaCy's
    wrapper loads jieba's global dictionary as well, a second copy of about 100 MB,
    and the words and offsets it returns are the same.
    """

    code = "zh"
    name = "Chinese"
    script = "Han"
    concatenative = True
    negations = frozenset("不没无非别")
    restrictions = frozenset("只仅")

    def __init__(self) -> None:
        import jieba

        jieba.setLogLevel(60)
        # A private jieba instance: adding our words must not change the host
        # application's global jieba dictionary.
        self._jieba = jieba.Tokenizer()
        # jieba's own initialize() writes a 9 MB jieba.cache into the system temp folder; the
        # linter writes nothing outside the workspace unless asked: the dictionary is built in
        # memory, or read from the user cache folder when there is one (jieba_dictionary.py).
        self._jieba.FREQ, self._jieba.total = prefix_dictionary(self._jieba)
        self._jieba.initialized = True
        self._lock = threading.Lock()

    def add_words(self, words: Iterable[str]) -> None:
        with self._lock:
            for word in words:
                if len(word) > 1 and not self._jieba.FREQ.get(word):
                    self._jieba.add_word(word, freq=max(self._jieba.suggest_freq(word), 10_000))

    def tokenize(self, text: str, offset: int = 0) -> list[Token]:
        tokens: list[Token] = []
        for word, start, end in self._jieba.tokenize(text, HMM=False):
            if not word.strip():
                if "\n" in word and tokens:
                    tokens[-1] = with_sentence_end(tokens[-1])
                continue
            norm = normalize(word)
            punct = norm in PUNCT_EXTRA or norm in SENTENCE_END or not any(ch.isalnum() for ch in norm)
            tokens.append(Token(word, norm, frozenset((norm,)), offset + start, offset + end, punct,
                                norm in SENTENCE_END))
        return tokens

    def sentences(self, text: str) -> list[SentenceText]:
        """Split at Chinese sentence punctuation and line breaks; tokens come later, on demand."""
        out = []
        # Wrapped breaks become spaces (same length, so offsets hold); the surface drops them.
        joined = _WRAPPED_BREAK.sub(" ", text) if "\n" in text else text
        for m in _SENTENCE.finditer(joined):
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                out.append(SentenceText(s, e, None, "".join(normalize(text[s:e]).split())))
        return out

    def prefilter_keys(self, token: Token) -> frozenset[str]:
        return char_key(token.norm)

    def phrase_norms(self, phrase: str) -> list[str]:
        return [normalize(w) for w in self._jieba.cut(phrase, HMM=False) if w.strip()]

    def negates(self, text: str) -> bool:
        return any(ch in self.negations for ch in text)

    def disclaims(self, text: str) -> bool:
        return any(ch in self.negations or ch in self.restrictions for ch in text)

    @classmethod
    def word_count(cls, text: str) -> int:
        return len(text)
