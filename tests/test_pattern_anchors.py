"""The ``^`` and ``$`` anchors of token patterns (issue 10, docs/patterns.md): a match that
must start / end at its clause's edge. Shown through a test-only pack
(tests/fixtures/anchor-patterns); the compiled matcher and the reference matcher must agree."""
from __future__ import annotations

from pathlib import Path

import pytest

import replylint
from replylint.config import Config
from replylint.token_patterns import PatternContext, PatternSyntaxError, compile_pattern

FIXTURE = Path(__file__).parent / "fixtures" / "anchor-patterns"


@pytest.fixture(scope="module")
def fx() -> replylint.Linter:
    return replylint.Linter(Config(pattern_dirs=(FIXTURE,)), builtin_patterns=False)


def found(linter, text: str, lang: str = "en") -> list[str]:
    return [text[d.start:d.end] for d in linter.lint(text, lang=lang) if d.rule == "excuse"]


@pytest.mark.parametrize("text, kept", [
    ("It is late due to the weather.", ["due to the weather"]),
    ("It is late due to the weather", ["due to the weather"]),             # no final stop
    ("It is late due to the weather!!", ["due to the weather"]),
    ("It is late due to the weather: we are sorry.", ["due to the weather"]),  # a clause end
    ("It is late due to the weather; sorry.", ["due to the weather"]),
    ("It is late due to the weather, but a courier is on the way.", []),   # the clause goes on
    ("It is late due to the weather and we sent a courier.", []),
])
def test_end_anchor_needs_the_clause_to_end(fx, text, kept):
    assert found(fx, text) == kept


@pytest.mark.parametrize("text, kept", [
    ("Because of the weather it is late, sorry", ["Because of the weather"]),
    ("Hi — because of the weather it is late, sorry", ["because of the weather"]),
    ("(Because of the weather it is late), sorry", ["Because of the weather"]),  # punctuation before
    ("It is late because of the weather, sorry", []),
])
def test_start_anchor_needs_the_clause_to_start(fx, text, kept):
    assert found(fx, text) == kept


def test_anchors_in_chinese(fx):
    assert found(fx, "快递延迟是因为天气原因。", "zh") == ["因为天气原因"]
    assert found(fx, "因为天气原因，我们已经安排了新的快递。", "zh") == []


def _ctx() -> PatternContext:
    return PatternContext(lang="en", split_literal=str.split, lists={})


@pytest.mark.parametrize("source", ["$", "^", "^ $", "weather? $"])
def test_a_pattern_of_anchors_alone_is_an_error(source):
    with pytest.raises(PatternSyntaxError, match="can match nothing"):
        compile_pattern(source, _ctx())


def test_an_anchor_does_not_widen_the_requirement_filter():
    """A zero-width anchor leaves the words a match needs to the words after it."""
    plain, anchored = compile_pattern("due to weather", _ctx()), compile_pattern("^ due to weather $", _ctx())
    assert anchored.keys == plain.keys and anchored.required == plain.required
