"""The library survives arbitrary Unicode, runaway user patterns and huge inputs.

Property-based (hypothesis): whatever the text, lint() returns diagnostics whose
offsets lie inside the text, on character boundaries, deterministically; it raises
only the documented TypeError/ValueError for bad arguments.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import replylint
from replylint.config import Config

SAMPLES = [
    "Это бухгалтерия напутала, ничего не можем сделать.", "Куриерската фирма е виновна.",
    "这不归我管，您自己联系商家吧。", "There's nothing we can do, the warehouse messed up.",
    "{{name}} %{ticket.number} <b>x</b> &amp; `code` > quoted", "\u202eRTL\u202c עברית العربية",
    "e\u0301\u0301 👩‍👩‍👧‍👦 🇧🇬", "\x00\x01\x7f\r\n\t", "\ud800 lone \udfff",
]

text_strategy = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(SAMPLES) | st.text(max_size=30), max_size=12).map(" ".join),
    st.lists(st.sampled_from(SAMPLES), max_size=8).map("\n\n".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=text_strategy, lang=st.sampled_from([None, "ru", "bg", "zh", "en"]))
def test_lint_never_breaks_on_any_unicode(linter, text, lang):
    first = linter.lint(text, lang=lang)
    assert first == linter.lint(text, lang=lang)
    for d in first:
        assert 0 <= d.start <= d.end <= len(text)
        assert d.rule in linter.rules and d.level in ("error", "warning", "info")
        assert isinstance(d.message, str) and all(isinstance(s, str) for s in d.suggestions)
    assert [d.start for d in first] == sorted(d.start for d in first)


def test_very_long_line(linter):
    text = ("Это бухгалтерия напутала. " * 4000) + "\n\n" + "x" * 100_000 + "\n\n" + "щ" * 100_000
    found = linter.lint(text)
    assert found and all(0 <= d.start < d.end <= len(text) for d in found)


def _linter_with_excuse_file(tmp_path, body: str) -> replylint.Linter:
    folder = tmp_path / "en"
    folder.mkdir()
    (folder / "excuse.yaml").write_text("rule: excuse\n" + body, encoding="utf-8")
    return replylint.Linter(Config(pattern_dirs=(tmp_path,)), builtin_patterns=False)


def test_catastrophic_user_regex_is_reported_not_hung(tmp_path):
    lin = _linter_with_excuse_file(tmp_path, "regex:\n  - '(a+)+$'\n")
    with pytest.raises(replylint.SlowPatternError, match=r"excuse.yaml:3: pattern"):
        lin.lint("a" * 5000 + "!", lang="en")


def test_catastrophic_token_regex_is_reported(tmp_path):
    lin = _linter_with_excuse_file(tmp_path, "patterns:\n  - '/(a|aa)+b/'\n")
    with pytest.raises(replylint.SlowPatternError, match=r"excuse.yaml:3"):
        lin.lint("a" * 3000, lang="en")
