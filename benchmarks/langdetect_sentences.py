"""Language detection on single sentences: accuracy per data split, and its CPU cost.

Every sentence (split at . ! ? and line breaks, three words or more) of a labelled set is masked as
the engine masks it (placeholders, quotes, URLs hidden) and detected on its own, without the reply
around it, and compared with its reply's label; a wrong guess is "confident" when its confidence
is at least MIN_CONFIDENCE (below it, a paragraph takes its reply's language). Short sentences are
where Russian and Bulgarian are hard to tell apart; a reply has more words, so reply-level
accuracy is higher. Printed per split and language: sentences, confidently right, unsure (below
MIN_CONFIDENCE: the engine gives such a paragraph its reply's language), confidently wrong, and
all wrong guesses with the accuracy they leave (an unsure guess counts as wrong when it is).

Splits, as the weights of ``benchmarks/langdetect_weights.py`` see them:
- ``tune``: ``benchmarks/corpus/tune/`` and the odd sids of the ``-d`` signal sets (tuned on);
- ``dev``: ``../shared/corpora/dev`` (tuned on);
- ``check``: ``benchmarks/corpus/check/``, the even ``-d`` signals and the other signal sets
  (held out: never read their misses);
- ``osticket``: osTicket's ru/bg/zh/en canned responses and e-mail templates (held out);
- ``fixture``: ``tests/data/short_ru_bg_sentences.tsv``, short sentences written by hand for
  issue 13 (greetings, one-liners, sign-offs; every sentence, however short).

``--show`` lists the wrong guesses of the splits that may be read (tune, dev, fixture), never of
the held-out ones. The CPU figures are uncached: µs per sentence (evidence and decision), and µs
per reply of ``check/`` for the engine's whole detection step (``paragraph_languages``, the
paragraph cache cleared before each reply), best of five rounds.

    python -m benchmarks.langdetect_sentences [--show]
"""
from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import regex

from replylint import langdetect
from replylint.document import Document, paragraphs
from replylint.langdetect import MIN_CONFIDENCE, detect
from replylint.readers import ReadSettings, reader_for

from .shared_data import CORPORA as SHARED

CORPUS = Path(__file__).resolve().parent / "corpus"
FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "data" / "short_ru_bg_sentences.tsv"
READABLE = ("tune", "dev", "fixture")
_SPLIT = regex.compile(r"(?<=[.!?。！？])\s+|\n+")
_OSTICKET_LANG = {"ru": "ru", "bg": "bg", "zh-CN": "zh", "en_US": "en"}


def _split_of(path: Path, sid: str) -> str:
    if path.parent.name == "tune":
        return "tune"
    if path.parent.name == "signals" and path.name.endswith("-d-signals.jsonl"):
        digits = regex.sub(r"\D", "", sid.rsplit("-", 1)[-1])
        return "tune" if digits and int(digits) % 2 else "check"
    return "check"


def _sentences_of(lang: str, text: str) -> Iterator[str]:
    for sentence in _SPLIT.split(text):
        sentence = Document.from_text(sentence.strip()).masked  # hidden as the engine hides them
        if len(sentence.split()) >= 3 or (lang == "zh" and len(sentence) >= 6):
            yield sentence


def _rows(path: Path) -> Iterator[dict]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def labelled_sentences() -> Iterator[tuple[str, str, str]]:
    """(split, lang, sentence) of every labelled set that is on this machine."""
    for path in sorted(CORPUS.glob("*/*.jsonl")):
        for row in _rows(path):
            split = _split_of(path, row.get("sid", ""))
            yield from ((split, row["lang"], s) for s in _sentences_of(row["lang"], row["text"]))
    for path in sorted((SHARED / "dev").glob("*.jsonl")):
        for row in _rows(path):
            yield from (("dev", row["lang"], s) for s in _sentences_of(row["lang"], row["text"]))
    for folder, lang in _OSTICKET_LANG.items():
        for path in sorted((SHARED / "osticket" / folder).rglob("*.yaml")):
            read = reader_for(path)  # the CLI's own YAML reader: it knows osTicket's layout
            assert read is not None
            for reply in read(path, path.read_text(encoding="utf-8"), ReadSettings()):
                yield from (("osticket", lang, s) for s in _sentences_of(lang, reply.text))
    yield from (("fixture", lang, text) for lang, text in fixture())


def fixture() -> list[tuple[str, str]]:
    """(lang, sentence) of the hand-written short ru/bg sentences."""
    rows = (line.split("\t") for line in FIXTURE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    return [(lang, text) for lang, text in rows]


def sentences() -> list[tuple[str, str]]:
    """(lang, sentence) of ``benchmarks/corpus/*/*.jsonl``: tune, check and signals together
    (what tests/test_document.py bounds)."""
    out = []
    for path in sorted(CORPUS.glob("*/*.jsonl")):
        for row in _rows(path):
            out.extend((row["lang"], s) for s in _sentences_of(row["lang"], row["text"]))
    return out


def _cpu_per_sentence(texts: list[str]) -> float:
    started = time.process_time()
    for text in texts:
        langdetect.decide(langdetect.evidence(text))
    return (time.process_time() - started) / len(texts)


def _cpu_per_reply(replies: list[tuple[str, list[tuple[int, int]]]]) -> float:
    spent = 0.0
    for masked, spans in replies:
        langdetect._evidence_cached.cache_clear()
        started = time.process_time()
        langdetect.paragraph_languages(masked, spans, None, None)
        spent += time.process_time() - started
    return spent / len(replies)


def main(show: bool) -> None:
    total, wrong, sure_wrong, sure_right = Counter(), Counter(), Counter(), Counter()
    texts: dict[str, list[str]] = {}
    misses = []
    for split, lang, text in labelled_sentences():
        guess, confidence = detect(text)
        total[split, lang] += 1
        texts.setdefault(lang, []).append(text)
        sure_right[split, lang] += guess == lang and confidence >= MIN_CONFIDENCE
        if guess != lang:
            wrong[split, lang] += 1
            sure_wrong[split, lang] += confidence >= MIN_CONFIDENCE
            if split in READABLE:
                misses.append((split, lang, guess, f"{confidence:.2f} {text}"))
    print(f"{'split':9} {'lang':4} {'sentences':>9} {'sure right':>10} {'unsure':>6} {'sure wrong':>10} "
          f"{'wrong':>6} {'accuracy':>8}")
    for split, lang in sorted(total):
        n = total[split, lang]
        unsure = n - sure_right[split, lang] - sure_wrong[split, lang]
        print(f"{split:9} {lang:4} {n:9} {sure_right[split, lang]:10} {unsure:6} {sure_wrong[split, lang]:10} "
              f"{wrong[split, lang]:6} {1 - wrong[split, lang] / n:8.4f}")
    replies: dict[str, list[tuple[str, list[tuple[int, int]]]]] = {}
    for path in sorted((CORPUS / "check").glob("*.jsonl")):
        for row in _rows(path):
            masked = Document.from_text(row["text"]).masked
            replies.setdefault(row["lang"], []).append((masked, paragraphs(masked)))
    print("\nCPU µs, uncached, best of 5 rounds: per sentence (all splits) | per check/ reply (paragraph_languages)")
    for lang in sorted(texts):
        per_sentence = min(_cpu_per_sentence(texts[lang]) for _ in range(5))
        per_reply = min(_cpu_per_reply(replies[lang]) for _ in range(5)) if lang in replies else float("nan")
        print(f"{lang:4} {per_sentence * 1e6:8.1f} | {per_reply * 1e6:8.1f}")
    if show:
        for split, lang, guess, text in misses:
            print(f"  {split} {lang}→{guess}: {text}")


if __name__ == "__main__":
    main("--show" in sys.argv)
