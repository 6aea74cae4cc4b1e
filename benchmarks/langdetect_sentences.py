"""Language detection on single sentences of the labelled corpus: accuracy and CPU cost.

Every sentence (split at . ! ? and line breaks, three words or more) of
``benchmarks/corpus/*/*.jsonl`` is masked as the engine masks it (placeholders, quotes, URLs
hidden) and detected on its own, without the reply around it, and compared with its reply's
label; a wrong guess is "confident" when its confidence is at least
MIN_CONFIDENCE (below it, a paragraph takes its reply's language); printed per language:
sentences, wrong, accuracy, mean µs per call, and the wrong ones (``--show``). Short sentences
are where Russian and Bulgarian are hard to tell apart; a reply has more words, so reply-level accuracy is higher.

    python -m benchmarks.langdetect_sentences [--show]
"""
from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

import regex

from replylint.document import Document
from replylint.langdetect import MIN_CONFIDENCE, detect

CORPUS = Path(__file__).resolve().parent / "corpus"
_SPLIT = regex.compile(r"(?<=[.!?。！？])\s+|\n+")


def sentences() -> list[tuple[str, str]]:
    out = []
    for path in sorted(CORPUS.glob("*/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            for sentence in _SPLIT.split(row["text"]):
                sentence = Document.from_text(sentence.strip()).masked  # hidden as the engine hides them
                if len(sentence.split()) >= 3 or (row["lang"] == "zh" and len(sentence) >= 6):
                    out.append((row["lang"], sentence))
    return out


def main(show: bool) -> None:
    data = sentences()
    total, wrong, sure_wrong, cpu = Counter(), Counter(), Counter(), Counter()
    misses = []
    for lang, text in data:
        start = time.process_time()
        for _ in range(20):
            guess, confidence = detect(text)
        cpu[lang] += (time.process_time() - start) / 20
        total[lang] += 1
        if guess != lang:
            wrong[lang] += 1
            sure_wrong[lang] += confidence >= MIN_CONFIDENCE
            misses.append((lang, guess, f"{confidence:.2f} {text}"))
    for lang in sorted(total):
        print(f"{lang}: {total[lang]} sentences, {wrong[lang]} wrong ({sure_wrong[lang]} of them confident), "
              f"accuracy {1 - wrong[lang] / total[lang]:.4f}, {cpu[lang] / total[lang] * 1e6:.1f} µs per call")
    if show:
        for lang, guess, text in misses:
            print(f"  {lang}→{guess}: {text}")


if __name__ == "__main__":
    main("--show" in sys.argv)
