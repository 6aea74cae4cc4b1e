"""Which of the four launch languages a piece of text is in.

Script decides most cases: Han characters mean Chinese, Latin letters English.
Russian and Bulgarian share the Cyrillic alphabet, so they are told apart by the
letters only one of them uses (ы, э, ё are Russian; ъ before a consonant and the
article endings -ът/-ят are Bulgarian) and by frequent function words that only one
of them has. Measured on the dev corpus this separates every reply of three or
more words; shorter ones fall back to the surrounding document's language.
"""
from __future__ import annotations

import functools

import regex

from .languages import LANGUAGES as LANGUAGES  # the languages detection tells apart (one list, in languages/)
from .languages import language_class, same_script

_HAN = regex.compile(r"\p{Han}")
_CYRILLIC = regex.compile(r"\p{Cyrillic}")
_LATIN = regex.compile(r"[A-Za-z]")
_WORD = regex.compile(r"\p{L}+")

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
# Letters only one language writes: ы, э, ё are Russian; ъ not before a vowel is Bulgarian
# (Russian writes ъ only as a separator before е, ё, ю, я: объявление).
_RU_LETTERS = frozenset("ыэё")
_BG_HARD_SIGN = regex.compile(r"ъ(?![еёюя])")
# Word endings only one language has (checked on words of at least 4 letters).
# Bulgarian: the definite articles -ът/-ят on nouns (-ят is left out: говорят, принят), -нето/-ието/
# -ията/-ството on nouns Russian ends in -ние/-ия/-ство, the aorist -хме/-хте, the first person
# plural -аме/-яме. Russian: the cases Bulgarian lost (-ого, -ому, -ую, -ами…), the infinitive
# -ть (Bulgarian has none), reflexive verbs in -ся and the second person -ешь/-ишь.
_BG_ENDINGS = ("ът", "нето", "ието", "ията", "ството", "хме", "хте", "аме", "яме")
_RU_ENDINGS = ("ого", "его", "ому", "ему", "ое", "ее", "ться", "тся", "ешь", "ишь", "ую", "юю", "ами", "ями", "ть",
               "лся", "лась", "лось", "лись")
_NOT_RU_ENDING = frozenset(("много", "може", "него"))  # Bulgarian words with a Russian-looking ending
MIN_ENDING_WORD = 4


def script_counts(text: str) -> tuple[int, int, int]:
    return len(_HAN.findall(text)), len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))


def cyrillic_scores(text: str) -> tuple[float, float]:
    """Evidence for Russian and for Bulgarian in a Cyrillic text: letters only one of them
    writes (3 points each), word endings only one of them has (2), function words (1).
    One pass over the words; no word is looked at twice."""
    low = text.lower()
    ru = 3.0 * sum(low.count(letter) for letter in _RU_LETTERS)
    bg = 3.0 * len(_BG_HARD_SIGN.findall(low)) if "ъ" in low else 0.0
    for word in _WORD.findall(low):
        if word in _RU_WORDS:
            ru += 1.0
        elif word in _BG_WORDS:
            bg += 1.0
        if len(word) >= MIN_ENDING_WORD:
            if word.endswith(_BG_ENDINGS):
                bg += 2.0
            elif word.endswith(_RU_ENDINGS) and word not in _NOT_RU_ENDING:
                ru += 2.0
    if "из-за" in low:
        ru += 2.0
    return ru, bg


#: Paragraphs up to this long keep their detected language: an edit changes one paragraph
#: of a long reply, and the editor checks the whole reply again after each pause.
CACHED_DETECT_CHARS = 4000


def detect(text: str, default: str | None = None) -> tuple[str | None, float]:
    """Return (language, confidence 0..1); language is ``default`` when undecided."""
    if len(text) <= CACHED_DETECT_CHARS:
        return _detect_cached(text, default)
    return _detect(text, default)


@functools.lru_cache(maxsize=2048)
def _detect_cached(text: str, default: str | None) -> tuple[str | None, float]:
    return _detect(text, default)


def _detect(text: str, default: str | None) -> tuple[str | None, float]:
    han, cyr, lat = script_counts(text)
    letters = han + cyr + lat
    if letters == 0:
        return default, 0.0
    # A Chinese character carries about a word's worth of text; weigh it up.
    if han * 2 >= cyr + lat:
        return "zh", min(1.0, han / 4)
    if lat > cyr:
        return "en", min(1.0, lat / 12)
    ru, bg = cyrillic_scores(text)
    if ru == bg:
        return (default or "ru"), 0.0
    lang = "ru" if ru > bg else "bg"
    margin = abs(ru - bg)
    return lang, min(1.0, margin / 3)


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
    doc_lang, _ = detect(masked, default=default)
    if len(spans) == 1 and doc_lang:
        return [(spans[0][0], spans[0][1], doc_lang)]  # one paragraph: the reply's language
    out = []
    for start, end in spans:
        block = masked[start:end]
        guess, confidence = detect(block, default=doc_lang)
        words = language_class(guess).word_count(block) if guess else len(block.split())
        if doc_lang and (confidence < MIN_CONFIDENCE or words < MIN_WORDS_FOR_OWN_LANGUAGE):
            # A paragraph in Han characters keeps its own language inside a non-Chinese reply.
            if _HAN.search(block) is None or language_class(doc_lang).script == "Han":
                guess = doc_lang if same_script(guess, doc_lang) else guess
        if guess:
            out.append((start, end, guess))
    return out
