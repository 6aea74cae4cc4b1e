"""Would a learned classifier beside the patterns add recall at precision >= 0.95 on check/?

An experiment, not part of the linter (issue 10: "don't build one unless your own measurements on
the author-split check set show it adds recall at >= 0.95 precision"). Needs scikit-learn, which
the project does not depend on:

    pip install scikit-learn
    python -m benchmarks.learned_union en ru bg zh

Per language and rule: character 2-5-gram TF-IDF (``char_wb``) + logistic regression, trained on
``tune/`` and the dev set (``../shared/corpora/dev``). The decision threshold is chosen by 5-fold
cross-validation on that training data alone: the lowest probability at which the union (the
linter's finding OR the classifier's) keeps precision >= 0.95 on the held-out folds; no threshold
means the rule keeps its patterns only. Then ``check/`` is scored once, linter alone and union.
Figures of the run at 2026-12-02 are in ``benchmarks/ACCURACY.md`` ("A learned classifier beside
the patterns").
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import replylint

from .shared_data import SHARED

CORPUS = Path(__file__).resolve().parent / "corpus"
RULES = ["excuse", "blame-department", "not-my-job", "internal-jargon", "blame-customer", "dead-end",
         "vague-timeline", "missing-apology", "missing-timeline"]
PRECISION = 0.95


def load(files: list[Path]) -> list[dict]:
    out = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip() and "flags" in (item := json.loads(line)):
                out.append(item)
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def classifier():  # a fresh (vectorizer, model) pair
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    return (TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True),
            LogisticRegression(C=4, max_iter=2000, class_weight="balanced"))


def cv_threshold(texts: list[str], gold, by_linter) -> float | None:
    """The lowest probability at which linter-or-classifier keeps PRECISION on held-out folds."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    probs = np.zeros(len(texts))
    for fit, held in StratifiedKFold(5, shuffle=True, random_state=0).split(texts, gold):
        vec, model = classifier()
        model.fit(vec.fit_transform([texts[i] for i in fit]), gold[fit])
        probs[held] = model.predict_proba(vec.transform([texts[i] for i in held]))[:, 1]
    for t in np.arange(0.50, 1.0, 0.02):
        said = by_linter | (probs >= t)
        tp, fp = int((said & gold).sum()), int((said & ~gold).sum())
        if tp + fp and tp / (tp + fp) >= PRECISION:
            return float(t)
    return None


def run(lang: str, linter: replylint.Linter) -> None:
    import numpy as np

    dev = sorted((SHARED / "corpora" / "dev").glob(f"{lang}.jsonl"))
    train = load(sorted((CORPUS / "tune").glob(f"{lang}-*.jsonl")) + dev)
    test = load(sorted((CORPUS / "check").glob(f"{lang}-*.jsonl")))
    found_train = [{d.rule for d in linter.lint(r["text"])} for r in train]
    found_test = [{d.rule for d in linter.lint(r["text"])} for r in test]
    texts, check_texts = [r["text"] for r in train], [r["text"] for r in test]
    base: dict = defaultdict(lambda: [0, 0, 0])
    union: dict = defaultdict(lambda: [0, 0, 0])
    for rule in RULES:
        gold = np.array([rule in r["flags"] for r in train])
        if gold.sum() < 10:
            continue
        threshold = cv_threshold(texts, gold, np.array([rule in f for f in found_train]))
        vec, model = classifier()
        model.fit(vec.fit_transform(texts), gold)
        probs = model.predict_proba(vec.transform(check_texts))[:, 1]
        for item, found, prob in zip(test, found_test, probs, strict=True):
            if rule in item.get("uncertain", []):
                continue
            g, by_linter = rule in item["flags"], rule in found
            by_union = by_linter or (threshold is not None and prob >= threshold)
            for counts, said in ((base, by_linter), (union, by_union)):
                counts[rule][0] += g and said
                counts[rule][1] += (not g) and said
                counts[rule][2] += g and not said
        shown = "none" if threshold is None else f"{threshold:.2f}"
        print(f"{lang} {rule:17} threshold {shown:5} linter %.2f/%.2f  union %.2f/%.2f"
              % (*prf(*base[rule]), *prf(*union[rule])))
    total_base = [sum(c[k] for c in base.values()) for k in range(3)]
    total_union = [sum(c[k] for c in union.values()) for k in range(3)]
    print(f"{lang} ALL                         linter %.2f/%.2f  union %.2f/%.2f"
          % (*prf(*total_base), *prf(*total_union)), flush=True)


def main(argv: list[str]) -> int:
    linter = replylint.Linter()
    for lang in argv or ["en", "ru", "bg", "zh"]:
        run(lang, linter)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
