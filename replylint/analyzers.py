"""Per-language tokenization with character offsets and lemma sets.

Each language gets one :class:`Analyzer`, created on first use and shared (also
between threads). Tokenization is spaCy's blank pipeline for the language (jieba
segmentation for Chinese); lemmas come from pymorphy3 (Russian) and simplemma
(Bulgarian, English), cached per word form. A token keeps *all* plausible lemmas,
because ambiguous forms ("стали": сталь / стать) must match a pattern written with
either dictionary form.
"""
from __future__ import annotations

import threading
from typing import NamedTuple
from functools import lru_cache

SENTENCE_END = frozenset(".!?。！？…;；") | {"...", "?!", "!?", "!!", "??", "!!!"}
PUNCT_EXTRA = frozenset("，、：:,;；()（）[]【】《》\"'«»“”„-–—/\\*·~")


WORD_CACHE_SIZE = 200_000
_SPACE = ("",)  # marker: a whitespace token


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


class Analyzer:
    """Tokenizer plus lemmatizer for one language."""

    lang = ""

    def __init__(self) -> None:
        self._nlp = self._make_pipeline()
        if self._nlp is not None:
            # spaCy refuses texts over a million characters (E088) to protect its parser and
            # NER; a tokenizer and lemmatizer need no such limit, and a one-paragraph file of
            # several megabytes must be linted, not fail.
            self._nlp.max_length = 2**62
        self._lock = threading.Lock()
        self._word_info: dict[str, tuple] = {}
        from spacy.attrs import IDX, LENGTH

        self._span_attrs = [IDX, LENGTH]

    def _make_pipeline(self):
        import spacy

        return spacy.blank(self.lang)

    def lemmas(self, norm: str) -> frozenset:
        return frozenset((norm,))

    def add_words(self, words) -> None:
        """Teach the segmenter multi-character words (only Chinese needs it)."""

    def tokenize(self, text: str, offset: int = 0) -> list[Token]:
        """Tokens of ``text`` with offsets shifted by ``offset``; whitespace dropped."""
        doc = self._nlp.make_doc(text)
        tokens: list[Token] = []
        word_info = self._word_info
        # Offsets and lengths come out as one array: creating a spaCy Token object per
        # word is the slowest part of iterating a Doc, so it is done only for new word forms.
        for i, (idx, length) in enumerate(doc.to_array(self._span_attrs).tolist()):
            word = text[idx:idx + length]
            info = word_info.get(word)
            if info is None:
                info = self._describe(doc[i])
            if info is _SPACE:  # spaCy keeps line breaks as tokens of their own
                if "\n" in word and tokens:
                    tokens[-1] = _with_sentence_end(tokens[-1])
                continue
            norm, lemmas, punct, ends = info
            start = offset + idx
            tokens.append(Token(word, norm, lemmas, start, start + length, punct, ends))
        return tokens

    def _describe(self, t) -> tuple:
        """What a word form is (norm, lemmas, punctuation?, sentence end?), cached per form:
        the same words recur in every reply, and spaCy attribute access is slow."""
        word = t.text
        if t.is_space or not word.strip():
            info = _SPACE
        else:
            norm = normalize(word)
            punct = t.is_punct or norm in PUNCT_EXTRA
            lemmas = self.lemmas(norm) if not punct else frozenset((norm,))
            extra = normalize(t.norm_)
            if extra != norm and not punct:
                lemmas = lemmas | {extra}
            info = (norm, lemmas, punct, norm in SENTENCE_END)
        if len(self._word_info) < WORD_CACHE_SIZE:
            self._word_info[word] = info
        return info

    def phrase_norms(self, phrase: str) -> list[str]:
        """How a pattern literal splits into tokens, using the same tokenizer as text."""
        if phrase.isalpha():  # a plain word never splits: skip the tokenizer (pack loading is on the cold path)
            return [normalize(phrase)]
        return [normalize(t.text) for t in self._nlp.make_doc(phrase) if not t.is_space]


def _with_sentence_end(tok: Token) -> Token:
    return tok._replace(ends_sentence=True)


class RussianAnalyzer(Analyzer):
    lang = "ru"

    def __init__(self) -> None:
        super().__init__()
        import pymorphy3

        self._morph = pymorphy3.MorphAnalyzer()
        self._drop_word_abbreviations()
        self.lemmas = lru_cache(maxsize=200_000)(self._lemmas)

    def _drop_word_abbreviations(self) -> None:
        """spaCy reads "им." as the abbreviation of "имени", so "Звоните им." loses both the
        word and the sentence end. Abbreviations whose likeliest reading is an ordinary word (им, кот, ком)
        are dropped from the tokenizer's special cases; the rest (ул., руб., тыс.) stay."""
        tokenizer = self._nlp.tokenizer
        rules = dict(tokenizer.rules)
        for key in list(rules):
            stem = key[:-1]
            if key.endswith(".") and len(stem) >= 2 and stem.isalpha() and stem.islower() \
                    and self._morph.word_is_known(stem) and "Abbr" not in self._morph.parse(stem)[0].tag:
                del rules[key]
        tokenizer.rules = rules

    def _lemmas(self, norm: str) -> frozenset:
        try:
            forms = {normalize(p.normal_form) for p in self._morph.parse(norm)}
        except ValueError:  # pymorphy3 fails on characters without a Unicode name
            forms = set()
        forms.add(norm)
        return frozenset(forms)


class BulgarianAnalyzer(Analyzer):
    lang = "bg"

    def __init__(self) -> None:
        super().__init__()
        import simplemma

        self._simplemma = simplemma
        self.lemmas = lru_cache(maxsize=200_000)(self._lemmas)
        self._simplemma.lemmatize("и", lang="bg")  # load the dictionary now, not mid-request

    def _lemmas(self, norm: str) -> frozenset:
        try:
            return frozenset({norm, normalize(self._simplemma.lemmatize(norm, lang="bg"))})
        except ValueError:
            return frozenset((norm,))


class EnglishAnalyzer(Analyzer):
    lang = "en"

    def __init__(self) -> None:
        super().__init__()
        import simplemma

        self._simplemma = simplemma
        self.lemmas = lru_cache(maxsize=200_000)(self._lemmas)
        self._simplemma.lemmatize("a", lang="en")

    def _lemmas(self, norm: str) -> frozenset:
        plain = norm.replace("’", "'")
        forms = {norm, plain}
        try:
            forms.add(self._simplemma.lemmatize(plain, lang="en").lower())
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


class ChineseAnalyzer(Analyzer):
    """jieba words; the pattern lexicon's phrases are added to jieba's dictionary.

    jieba is called directly rather than through spaCy's Chinese tokenizer: spaCy's
    wrapper loads jieba's global dictionary as well, a second copy of about 100 MB,
    and the words and offsets it returns are the same.
    """

    lang = "zh"

    def _make_pipeline(self):
        import jieba

        jieba.setLogLevel(60)
        # A private jieba instance: adding our words must not change the host
        # application's global jieba dictionary.
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        return None

    def add_words(self, words) -> None:
        with self._lock:
            for word in words:
                if len(word) > 1 and not self._jieba.FREQ.get(word):
                    self._jieba.add_word(word, freq=max(self._jieba.suggest_freq(word), 10_000))

    def tokenize(self, text: str, offset: int = 0) -> list[Token]:
        tokens: list[Token] = []
        for word, start, end in self._jieba.tokenize(text, HMM=False):
            if not word.strip():
                if "\n" in word and tokens:
                    tokens[-1] = _with_sentence_end(tokens[-1])
                continue
            norm = normalize(word)
            punct = norm in PUNCT_EXTRA or norm in SENTENCE_END or not any(ch.isalnum() for ch in norm)
            tokens.append(Token(word, norm, frozenset((norm,)), offset + start, offset + end, punct,
                                norm in SENTENCE_END))
        return tokens

    def phrase_norms(self, phrase: str) -> list[str]:
        return [normalize(w) for w in self._jieba.cut(phrase, HMM=False) if w.strip()]


_ANALYZERS = {"ru": RussianAnalyzer, "bg": BulgarianAnalyzer, "en": EnglishAnalyzer, "zh": ChineseAnalyzer}
_instances: dict[str, Analyzer] = {}
_instances_lock = threading.Lock()


def get_analyzer(lang: str) -> Analyzer:
    """The shared analyzer for ``lang``, created on first use (thread-safe)."""
    analyzer = _instances.get(lang)
    if analyzer is None:
        with _instances_lock:
            analyzer = _instances.get(lang)
            if analyzer is None:
                analyzer = _ANALYZERS[lang]()
                _instances[lang] = analyzer
    return analyzer
