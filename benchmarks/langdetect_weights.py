"""Derive the Russian/Bulgarian word-ending weights that ``replylint.langdetect`` loads.

Only tuning data is read: ``benchmarks/corpus/tune/`` and ``../shared/corpora/dev`` (the ru and
bg replies) and the odd sids of the ``-d`` signal sets — never ``check/``, the even ``-d``
signals or the ``-e`` signal sets, so the held-out figures of ``benchmarks.langdetect_sentences``
stay an estimate on unseen text. (osTicket's templates are held out too.)

What is counted is not words but how words end: for every Cyrillic word, its last 1–4 letters
(a whole word of up to four letters is its own feature, ``^ще``, ``^са``: the short function words;
counted only if it is written in lower case somewhere, so that names such as Анна are not).
Each ending's weight is the log of how much more often a Bulgarian word ends so than a Russian
one (negative: Russian), from the per-word rates, with half a count added to each side. An ending
seen fewer than ``MIN_SUPPORT`` times is dropped (no evidence), one whose odds are under
``MIN_ODDS`` to one is kept at weight 0 (an ending both languages use stops the look-up from
falling back to a shorter, more telling-looking one), weights are capped at ``CAP`` (so no
single word outweighs a letter only one language writes), and an ending whose weight equals the
shorter ending it would fall back to is left out (same result, smaller table).

    python -m benchmarks.langdetect_weights          # rewrites replylint/languages/data/langdetect_ru_bg.json
"""
from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import regex

from replylint.document import Document

from .shared_data import DEV

ROOT = Path(__file__).resolve().parent.parent
TUNE = ROOT / "benchmarks" / "corpus" / "tune"
SIGNALS = ROOT / "benchmarks" / "corpus" / "signals"
OUT = ROOT / "replylint" / "languages" / "data" / "langdetect_ru_bg.json"

MAX_ENDING = 4
MAX_WORD = 20
MIN_SUPPORT = 3
MIN_ODDS = 2.0
CAP = 3.0
SMOOTHING = 0.5
_WORD = regex.compile(r"\p{Cyrillic}+")


def endings(word: str) -> list[str]:
    """The features of one lower-case word, most specific first (the order the detector looks them up)."""
    out = ["^" + word] if len(word) <= MAX_WORD else []
    out.extend(word[-k:] for k in range(min(MAX_ENDING, len(word) - 1), 0, -1))
    return out


def _odd_sid(sid: str) -> bool:
    digits = regex.sub(r"\D", "", sid.rsplit("-", 1)[-1])
    return bool(digits) and int(digits) % 2 == 1


def training_texts() -> Iterator[tuple[str, str]]:
    """(lang, masked text) of every ru/bg item the weights may be derived from."""
    files = [(p, False) for p in sorted(TUNE.glob("*.jsonl"))] + [(p, False) for p in sorted(DEV.glob("*.jsonl"))]
    files += [(p, True) for p in sorted(SIGNALS.glob("*-d-signals.jsonl"))]
    for path, odd_only in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if row["lang"] in ("ru", "bg") and (not odd_only or _odd_sid(row["sid"])):
                yield row["lang"], Document.from_text(row["text"]).masked


def derive(texts: Iterable[tuple[str, str]] | None = None, *, min_support: int = MIN_SUPPORT,
           min_odds: float = MIN_ODDS, cap: float = CAP, smoothing: float = SMOOTHING) -> dict[str, float]:
    """The table from ``texts`` ((lang, masked text); the tuning data when None)."""
    counts = {"ru": Counter[str](), "bg": Counter[str]()}
    words = Counter[str]()
    items = [(lang, _WORD.findall(text)) for lang, text in (training_texts() if texts is None else texts)]
    # A word never written in lower case is a name (Анна, Иван): its ending counts, not the word.
    lower_case = {word for _, found in items for word in found if word.islower()}
    for lang, found in items:
        for word in found:
            low = word.lower()
            words[lang] += 1
            features = endings(low)
            if low not in lower_case and features[0][0] == "^":
                features = features[1:]
            counts[lang].update(features)
    raw: dict[str, float] = {}
    for feature in counts["ru"].keys() | counts["bg"].keys():
        ru, bg = counts["ru"][feature], counts["bg"][feature]
        if ru + bg < min_support:
            continue
        odds = math.log(((bg + smoothing) / words["bg"]) / ((ru + smoothing) / words["ru"]))
        raw[feature] = 0.0 if abs(odds) < math.log(min_odds) else round(max(-cap, min(cap, odds)), 2)

    def fallback(feature: str) -> float:
        """The weight the detector would use if ``feature`` were not in the table."""
        stem = feature.lstrip("^")
        for shorter in (stem[-k:] for k in range(min(MAX_ENDING, len(stem) - 1), 0, -1)):
            if shorter in raw:
                return raw[shorter]
        return 0.0

    return {f: w for f, w in sorted(raw.items()) if w != fallback(f)}


def main() -> None:
    if not DEV.is_dir():
        raise SystemExit(f"no dev set at {DEV}")
    table = derive()
    OUT.write_text(json.dumps({
        "about": "ru/bg word-ending weights (log odds, positive = Bulgarian), derived by "
                 "benchmarks/langdetect_weights.py from tune/, dev and odd -d signals only",
        "max_ending": MAX_ENDING, "max_word": MAX_WORD, "min_support": MIN_SUPPORT, "min_odds": MIN_ODDS, "cap": CAP,
        "weights": table,
    }, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(table)} endings ({sum(1 for w in table.values() if w > 0)} bg, "
          f"{sum(1 for w in table.values() if w < 0)} ru, {sum(1 for w in table.values() if w == 0)} neutral) → {OUT}")


if __name__ == "__main__":
    main()
