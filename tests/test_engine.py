"""The engine's mechanics, on a small fixture pack (independent of the built-in patterns)."""
from __future__ import annotations

from pathlib import Path

import pytest

import replylint
from replylint.config import Config

FIXTURE = Path(__file__).parent / "fixtures" / "patterns"


@pytest.fixture(scope="module")
def fx():
    return replylint.Linter(Config(pattern_dirs=(FIXTURE,)), builtin_patterns=False)


def rules(linter, text, lang="en"):
    return [d.rule for d in linter.lint(text, lang=lang)]


def test_phrase_rule_span_and_message(fx):
    text = "Hello. The warehouse messed up your order."
    [d] = [d for d in fx.lint(text, lang="en") if d.rule == "blame-department"]
    assert text[d.start:d.end] == "The warehouse messed up"
    assert d.level == "error" and d.lang == "en"
    assert "warehouse messed up" in d.message
    assert d.suggestions == ["We made a mistake"]  # the span opens its sentence: capitalised


def test_lemma_matching_covers_inflections(fx):
    assert "blame-department" in rules(fx, "The courier mixes up parcels.")
    assert "blame-department" in rules(fx, "The courier mixed up parcels.")


def test_antipattern_drops_overlapping_match(fx):
    assert "blame-department" not in rules(fx, "It was not the warehouse mixing up anything.")


def test_unless_signal_in_next_sentence(fx):
    assert "dead-end" in rules(fx, "There's nothing we can do.")
    assert "dead-end" not in rules(fx, "There's nothing we can do. But we can refund you.")
    assert "dead-end" in rules(fx, "There's nothing we can do. Bye. But we can refund you.")


def test_vague_time_excused_by_concrete_time(fx):
    assert "vague-timeline" in rules(fx, "We will fix it soon.")
    assert "vague-timeline" not in rules(fx, "We will fix it asap, by 3 pm.")


def test_document_rules(fx):
    found = rules(fx, "Your order is delayed. We will check it.")
    assert "missing-apology" in found and "missing-timeline" in found
    assert rules(fx, "Sorry, your order is delayed. We will check it tomorrow.") == []


def test_document_rule_points_at_trigger_sentence(fx):
    text = "Hi Anna!\nYour order is delayed."
    [d] = [d for d in fx.lint(text, lang="en") if d.rule == "missing-apology"]
    assert text[d.start:d.end] == "Your order is delayed."


def test_regex_patterns(fx):
    text = "See JIRA-4821 for details."
    [d] = [d for d in fx.lint(text, lang="en") if d.rule == "internal-jargon"]
    assert text[d.start:d.end] == "JIRA-4821"


def test_quotes_and_placeholders_are_masked(fx):
    assert rules(fx, '> There\'s nothing we can do.\nHello {{name}}!') == []
    assert rules(fx, 'You wrote: "there\'s nothing we can do". Let me look.') == []
    # a placeholder is never a time, nor an apology
    assert "missing-timeline" in rules(fx, "We will call you {{tomorrow}}.")
    assert "missing-timeline" not in rules(fx, "We will call you tomorrow.")


def test_inline_suppression(fx):
    text = "There's nothing we can do. <!-- replylint-disable-line dead-end -->"
    assert "dead-end" not in rules(fx, text)
    text = "# replylint-disable-next-line\nThere's nothing we can do.\nThere's nothing we can do."
    found = [d for d in fx.lint(text, lang="en") if d.rule == "dead-end"]
    assert [text.count("\n", 0, d.start) for d in found] == [2]
    assert rules(fx, "<!-- replylint-disable-file -->\nThere's nothing we can do.") == []
    assert "dead-end" in rules(fx, "[replylint-disable-file excuse]\nThere's nothing we can do.")


def test_select_ignore_levels():
    cfg = Config(pattern_dirs=(FIXTURE,), ignore=("missing-apology",), levels={"dead-end": "warning"})
    lin = replylint.Linter(cfg, builtin_patterns=False)
    [d] = lin.lint("There's nothing we can do.", lang="en")
    assert (d.rule, d.level) == ("dead-end", "warning")
    lin = replylint.Linter(Config(pattern_dirs=(FIXTURE,), select=("missing-apology",)), builtin_patterns=False)
    assert [d.rule for d in lin.lint("There's nothing we can do.", lang="en")] == ["missing-apology"]


def test_allow_list_and_custom_lists():
    cfg = Config(pattern_dirs=(FIXTURE,), allow=("L2",), lists={"en": {"department": ["shipping crew"]}})
    lin = replylint.Linter(cfg, builtin_patterns=False)
    assert rules(lin, "Escalated to L2.") == []
    assert "blame-department" in rules(lin, "The shipping crew messed up.")


def test_api_contract_errors_and_empty(fx):
    with pytest.raises(TypeError):
        fx.lint(b"bytes")
    with pytest.raises(ValueError, match="unknown language"):
        fx.lint("hi", lang="de")
    assert fx.lint("") == [] and fx.lint("   \n\t") == []


def test_diagnostics_sorted_and_offsets_in_text(fx):
    text = "Escalated to L2. There's nothing we can do. The warehouse messed up."
    found = fx.lint(text, lang="en")
    assert [d.start for d in found] == sorted(d.start for d in found)
    assert all(0 <= d.start < d.end <= len(text) for d in found)


def test_thread_safety(fx):
    from concurrent.futures import ThreadPoolExecutor

    texts = ["There's nothing we can do.", "The warehouse messed up.", "Escalated to L2."] * 30
    expected = [rules(fx, t) for t in texts]
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda t: rules(fx, t), texts))
    assert got == expected


def test_clear_cache_forgets_language_evidence_too():
    """Benchmarks time unseen text with ``clear_cache``; the detection cache is module-wide,
    so without clearing it every round after the first skipped detection."""
    from replylint import langdetect

    linter = replylint.Linter()
    text = "Это бухгалтерия напутала, ждите ответа в ближайшее время."
    first = linter.lint(text)
    assert langdetect._evidence_cached.cache_info().currsize > 0
    linter.clear_cache()
    assert langdetect._evidence_cached.cache_info().currsize == 0
    assert linter.lint(text) == first
