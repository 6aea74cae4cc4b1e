"""The author-split corpus is well-formed: every line a labelled reply with known rule ids,
sorted flags, unique ids, its batch's language, and each batch in exactly one split."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from replylint.ruleset import RuleSet

CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus"
BATCHES = sorted(CORPUS.glob("tune/*.jsonl")) + sorted(CORPUS.glob("check/*.jsonl"))
FIELDS = {"sid", "lang", "src", "text", "flags", "uncertain", "why"}


@pytest.mark.parametrize("batch", BATCHES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_batch_is_well_formed(batch):
    rules = set(RuleSet())
    items = [json.loads(line) for line in batch.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(items) >= 100
    assert len({i["sid"] for i in items}) == len(items)
    for item in items:
        assert set(item) == FIELDS, item["sid"]
        assert item["lang"] == batch.stem.split("-")[0] and item["sid"].startswith(batch.stem)
        assert item["flags"] == sorted(item["flags"]) and set(item["flags"]) <= rules, item["sid"]
        assert set(item["uncertain"]) <= rules and not set(item["uncertain"]) & set(item["flags"]), item["sid"]
        assert set(item["why"]) == set(item["flags"]), item["sid"]
    negatives = sum(not i["flags"] for i in items)
    assert negatives >= len(items) // 3, "a third of each batch are hard negatives"


def test_each_batch_is_in_one_split_only():
    names = [p.name for p in BATCHES]
    assert len(names) == len(set(names))


SIGNAL_SETS = sorted(CORPUS.glob("signals/*.jsonl"))
SIGNAL_FIELDS = {"sid", "lang", "text", "signals", "why"}


@pytest.mark.parametrize("signal_set", SIGNAL_SETS, ids=lambda p: f"signals/{p.name}")
def test_signal_set_is_well_formed(signal_set):
    from benchmarks.accuracy import SIGNALS
    items = [json.loads(line) for line in signal_set.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(items) >= 100
    assert len({i["sid"] for i in items}) == len(items)
    for item in items:
        assert set(item) == SIGNAL_FIELDS, item["sid"]
        assert item["lang"] == signal_set.stem.split("-")[0], item["sid"]
        assert item["signals"] == sorted(item["signals"]) and set(item["signals"]) <= set(SIGNALS), item["sid"]
        assert set(item["why"]) <= set(item["signals"]), item["sid"]
