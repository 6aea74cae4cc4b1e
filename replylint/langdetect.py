"""Which of the four launch languages a piece of text is in.

Script decides most cases: Han characters mean Chinese, Latin letters English (Latin names,
codes and addresses inside Cyrillic text count for little). Russian and Bulgarian share the
Cyrillic alphabet, so they are told apart by the letters only one of them writes (ы, э, ё;
ѝ and ъ not before a vowel) and, where those do not decide, by the log odds of each word:
the whole word if it is frequent, else how it ends (-ът, -ото, -ите / -ться, -ого, -ами),
from a table derived from the tuning data only (benchmarks/langdetect_weights.py). A paragraph
whose evidence is thin gets a low confidence and takes the reply's language.
"""
from __future__ import annotations

import functools
import json
import string
from pathlib import Path
from typing import NamedTuple

import regex

from .index_keys import MAX_CACHED_WORD
from .languages import LANGUAGES as LANGUAGES  # the languages detection tells apart (one list, in languages/)
from .languages import language_class, same_script

_HAN = regex.compile(r"\p{Han}")
# Runs of one script's letters in lower-cased text; _runs tells them apart by their first letter.
_SCRIPT_RUN = regex.compile(r"\p{Cyrillic}+|\p{Han}+|[a-z]+")
_ASCII_LETTERS = string.ascii_letters.encode("ascii")
_CYRILLIC_WORD = regex.compile(r"\p{Cyrillic}+")

# Letters only one language writes: ы, э, ё are Russian; ѝ, and ъ not before a vowel, are
# Bulgarian (Russian writes ъ only as a separator before е, ё, ю, я: объявление). Each counts
# as much as the most telling word ending (the table's cap), so a word never outweighs a letter.
_BG_HARD_SIGN = regex.compile(r"ъ(?![еёюя])")
LETTER_WEIGHT = 3.0
#: This many letters of one language and none of the other decide without looking at words
#: (the cheap path most paragraphs take: ы and ъ are frequent letters).
LETTERS_DECIDE = 3
# Latin words written in lower case are English prose; capitalised or upper-case words and
# words inside codes, addresses and handles (Apple, PSP, CHB-20931, reportaproblem.apple.com)
# are names, which Russian and Bulgarian replies are full of and which say nothing of the language.
_ENGLISH_WORD = regex.compile(r"(?<![\w.@/\-])[a-z]+(?:['’\-][a-z]+)*(?![\w@/]|[.\-]\w)")
NAME_LETTER_WEIGHT = 0.5  # a name's Latin letters, against Cyrillic letters, when choosing the script
_WEIGHTS_FILE = Path(__file__).parent / "languages" / "data" / "langdetect_ru_bg.json"


class Evidence(NamedTuple):
    """What a text shows of its language; additive, so a reply's is the sum of its paragraphs'."""

    han: int = 0
    cyrillic: int = 0
    latin: int = 0
    english: int = 0   # Latin letters in lower-case words (see _ENGLISH_WORD)
    ru: float = 0.0
    bg: float = 0.0

    def plus(self, other: Evidence) -> Evidence:
        return Evidence(self.han + other.han, self.cyrillic + other.cyrillic, self.latin + other.latin,
                        self.english + other.english, self.ru + other.ru, self.bg + other.bg)


@functools.cache
def _ending_weights() -> tuple[dict[str, float], int, int]:
    """Log odds (positive: Bulgarian) of frequent words and of how words end, derived from the
    tuning data only by benchmarks/langdetect_weights.py (its docstring says how); the longest
    ending and the longest whole word the table has."""
    data = json.loads(_WEIGHTS_FILE.read_text(encoding="utf-8"))
    return data["weights"], data["max_ending"], data["max_word"]


# Function words of one language that the other does not write so (from earlier releases):
# used only for a word the table has no entry of its own for (a rare one: "вижте"), at a small
# weight, since the table knows the frequent ones better.
_RU_WORDS = frozenset("""
что это вы мы вам нам вашего вашей нашего нашей
был была было были будет будут быть если уже ещё еще очень пожалуйста спасибо здравствуйте
извините простите сожалению который которая которое которые чтобы только можно нужно сейчас
сегодня завтра его её ее они она он мне меня себя своё же бы так тоже также
когда где почему потому просто всё всего этот эти этого этой того тот
""".split())
_BG_WORDS = frozenset("""
са ще към съм сме сте това тази този тези които който която което вие ние тях тя
нашия нашата нашите вашия вашата вашите днес утре вече също много какво тук
защото обаче трябва моля благодаря съжаляваме съжалявам извиняваме се си
ни ви ги му й е да със във след преди може нещо нищо всичко всички
дали ако когато кога където така само още че няма хубав хубава хубаво знам
някой някои някога питайте брой здравейте уважаеми уважаема поздрави жо нея щом кое чрез най
вижте погледнете изпратете обадете кажете проверете свържете звъннете опитайте изчакайте попълнете натиснете
""".split())
LEXICON_WEIGHT = 1.0


_word_weights: dict[str, float] = {}  # memo of word → weight, bounded like the other word caches
WORD_MEMO_SIZE = 50_000


def word_weight(word: str) -> float:
    """The evidence one lower-case Cyrillic word gives: the weight of its most specific entry
    in the table (the whole word if short, else its last four, three… letters); 0 if none."""
    weight = _word_weights.get(word)
    if weight is not None:
        return weight
    table, longest_ending, longest_word = _ending_weights()
    weight = 0.0
    found = table.get("^" + word) if len(word) <= longest_word else None
    if found is not None:
        weight = found
    elif word in _BG_WORDS:
        weight = LEXICON_WEIGHT
    elif word in _RU_WORDS:
        weight = -LEXICON_WEIGHT
    else:
        for k in range(min(longest_ending, len(word) - 1), 0, -1):
            found = table.get(word[-k:])
            if found is not None:
                weight = found
                break
    if len(word) <= MAX_CACHED_WORD and len(_word_weights) < WORD_MEMO_SIZE:
        _word_weights[word] = weight
    return weight


def script_counts(text: str) -> tuple[int, int, int]:
    """Han characters, Cyrillic letters and Latin letters of ``text``."""
    ev = evidence(text)
    return ev.han, ev.cyrillic, ev.latin


def _runs(low: str) -> tuple[int, int, int, list[str]]:
    """One regex pass over lower-cased text: Han, Cyrillic and Latin letter counts, and the
    Cyrillic words (the ru/bg scoring needs them, so no second pass finds them again)."""
    han = cyr = lat = 0
    words = []
    for run in _SCRIPT_RUN.findall(low):
        first = run[0]
        if first < "\u0080":
            lat += len(run)
        elif first < "\u2e80" or "\ua640" <= first <= "\ua69f":
            cyr += len(run)
            words.append(run)
        else:
            han += len(run)
    return han, cyr, lat, words


def cyrillic_scores(text: str, words: list[str] | None = None) -> tuple[float, float]:
    """Evidence for Russian and for Bulgarian in a Cyrillic text (log odds, summed): the letters
    only one of them writes first, and only where they do not decide, how each word ends.
    ``words``: the text's lower-case Cyrillic words, when the caller has them already."""
    low = text.lower()
    ru_letters = low.count("ы") + low.count("э") + low.count("ё")
    bg_letters = low.count("ѝ") + (len(_BG_HARD_SIGN.findall(low)) if "ъ" in low else 0)
    ru, bg = LETTER_WEIGHT * ru_letters, LETTER_WEIGHT * bg_letters
    if (ru_letters >= LETTERS_DECIDE and not bg_letters) or (bg_letters >= LETTERS_DECIDE and not ru_letters):
        return ru, bg
    for word in _CYRILLIC_WORD.findall(low) if words is None else words:
        weight = word_weight(word)
        if weight > 0:
            bg += weight
        else:
            ru -= weight
    return ru, bg


def evidence(text: str) -> Evidence:
    """Script counts first; the ru/bg scores only for a text that is mostly Cyrillic."""
    if text.isascii():  # English, or no letters at all: count the letters without a regex pass
        raw = text.encode("ascii")
        han = cyr = 0
        lat = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
        words: list[str] = []
    else:
        han, cyr, lat, words = _runs(text.lower())
    english = sum(map(len, _ENGLISH_WORD.findall(text))) if lat else 0
    ev = Evidence(han, cyr, lat, english)
    if cyr and _script(ev) == "Cyrillic":
        ru, bg = cyrillic_scores(text, words)
        ev = ev._replace(ru=ru, bg=bg)
    return ev


def _script(ev: Evidence) -> str | None:
    if ev.han + ev.cyrillic + ev.latin == 0:
        return None
    # A Chinese character carries about a word's worth of text; weigh it up.
    if ev.han * 2 >= ev.cyrillic + ev.latin:
        return "Han"
    latin = ev.english + NAME_LETTER_WEIGHT * (ev.latin - ev.english)
    return "Latin" if latin > ev.cyrillic else "Cyrillic"


def _latin_margin(ev: Evidence) -> float:
    """How clearly Latin letters outweigh Cyrillic ones (1.0 with no Cyrillic, near 0 on a tie)."""
    if not ev.cyrillic:
        return 1.0
    latin = ev.english + NAME_LETTER_WEIGHT * (ev.latin - ev.english)
    return (latin - ev.cyrillic) / (latin + ev.cyrillic)


def decide(ev: Evidence, default: str | None = None) -> tuple[str | None, float]:
    """(language, confidence 0..1) from a text's evidence; ``default`` when nothing tells."""
    script = _script(ev)
    if script is None:
        return default, 0.0
    if script == "Han":
        return "zh", min(1.0, ev.han / 4)
    if script == "Latin":
        # A line of names is no evidence of English, and neither is a narrow win over Cyrillic
        # ("на payments отбора"): the confidence shrinks by the margin the Latin letters won by.
        return "en", min(1.0, ev.english / 12) * _latin_margin(ev)
    if ev.ru == ev.bg:
        return (default or "ru"), 0.0
    return ("ru" if ev.ru > ev.bg else "bg"), min(1.0, abs(ev.ru - ev.bg) / CONFIDENT_MARGIN)


#: Log odds of this much or more are full confidence; MIN_CONFIDENCE of it (2.4, about 11 to 1)
#: is "sure enough". Set by two-fold cross-validation on the tuning data (weights from one half
#: of the replies, margins of the other half's sentences): at 7.0, 1 of 2,935 sentences was
#: confidently wrong and 97 % confidently right; at 3.0, 4 were wrong (99 % right).
CONFIDENT_MARGIN = 7.0

#: Paragraphs up to this long keep their evidence: an edit changes one paragraph
#: of a long reply, and the editor checks the whole reply again after each pause.
CACHED_DETECT_CHARS = 4000


def detect(text: str, default: str | None = None) -> tuple[str | None, float]:
    """Return (language, confidence 0..1); language is ``default`` when undecided."""
    return decide(paragraph_evidence(text), default)


@functools.lru_cache(maxsize=2048)
def _evidence_cached(text: str) -> Evidence:
    return evidence(text)


def clear_cache() -> None:
    """Forget cached paragraph evidence. It is shared by every linter in the process, so
    only benchmarks timing unseen text (through ``Linter.clear_cache``) have a use for it."""
    _evidence_cached.cache_clear()


def paragraph_evidence(text: str) -> Evidence:
    return _evidence_cached(text) if len(text) <= CACHED_DETECT_CHARS else evidence(text)


# A paragraph whose own language is this uncertain, or this short, takes the reply's
# language when both are written in the same script.
MIN_CONFIDENCE = 0.34
MIN_WORDS_FOR_OWN_LANGUAGE = 3


def paragraph_languages(masked: str, spans: list[tuple[int, int]], lang: str | None,
                        default: str | None) -> list[tuple[int, int, str]]:
    """The language of each paragraph span: ``lang`` when given, else detected per paragraph.

    ``default`` is the configured language for text that cannot be told apart."""
    if lang:
        return [(s, e, lang) for s, e in spans]
    found = [paragraph_evidence(masked[start:end]) for start, end in spans]  # each paragraph read once
    total = found[0] if len(found) == 1 else functools.reduce(Evidence.plus, found, Evidence())
    doc_lang, _ = decide(total, default)
    if len(spans) == 1 and doc_lang:
        return [(spans[0][0], spans[0][1], doc_lang)]  # one paragraph: the reply's language
    out = []
    for (start, end), ev in zip(spans, found, strict=True):
        guess, confidence = decide(ev, default=doc_lang)
        if doc_lang and (confidence < MIN_CONFIDENCE
                         or _word_count(guess, masked[start:end]) < MIN_WORDS_FOR_OWN_LANGUAGE):
            # A paragraph in Han characters keeps its own language inside a non-Chinese reply.
            if ev.han == 0 or language_class(doc_lang).script == "Han":
                guess = doc_lang if same_script(guess, doc_lang) else guess
        if guess:
            out.append((start, end, guess))
    return out


def _word_count(lang: str | None, block: str) -> int:
    return language_class(lang).word_count(block) if lang else len(block.split())
