"""``swap`` entries (Vale's substitution): one entry maps many terms to their plain words,
each term a pattern of its own whose suggestion is its replacement."""
from __future__ import annotations

import pytest

import replylint
from replylint.config import Config
from replylint.pattern_files import PatternFileError

JARGON = """\
rule: internal-jargon
patterns:
  plain-words:
    swap:
      "( l2 | second line )": "our technical specialists"
      "backlog": ["our list of planned fixes", "our queue"]
examples:
  flag:
    - text: "I've passed it to L2."
      fixed: "I've passed it to our technical specialists."
      pattern: plain-words-l2
  pass: ["Park on level 2."]
"""


def _linter(tmp_path, body: str) -> replylint.Linter:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "internal-jargon.yaml").write_text(body, encoding="utf-8")
    return replylint.Linter(Config(pattern_dirs=(tmp_path,)), builtin_patterns=False)


def test_each_term_suggests_its_own_replacement(tmp_path):
    lin = _linter(tmp_path, JARGON)
    found = {(d.pattern.rsplit("#", 1)[1], tuple(d.suggestions))
             for d in lin.lint("Escalated to second line, it's in the backlog.", lang="en")}
    assert found == {("plain-words-l2", ("our technical specialists",)),
                     ("plain-words-backlog", ("our list of planned fixes", "our queue"))}


def test_swap_examples_are_checked(tmp_path):
    from replylint.examples_check import check_examples
    lin = _linter(tmp_path, JARGON)
    assert check_examples(lin, "en") == []


def test_swap_without_replacement_names_file_and_line(tmp_path):
    lin = _linter(tmp_path, 'rule: internal-jargon\npatterns:\n  plain:\n    swap:\n      "backlog": ""\n')
    with pytest.raises(PatternFileError, match=r"internal-jargon.yaml:5: swap 'backlog' needs a replacement"):
        lin.pack("en")


def test_a_sentence_opening_term_gets_a_capitalised_replacement(tmp_path):
    lin = _linter(tmp_path, JARGON)
    found = {d.suggestions[0] for d in lin.lint("Backlog is long. The backlog grows. - L2 will call.", lang="en")}
    assert found == {"Our list of planned fixes", "our list of planned fixes", "Our technical specialists"}


def test_a_capital_inside_a_sentence_keeps_the_replacement_as_written(tmp_path):
    lin = _linter(tmp_path, JARGON)
    [d] = lin.lint("I've passed it to L2.", lang="en")
    assert d.suggestions == ["our technical specialists"]


def test_a_lowercase_sentence_start_stays_lowercase(tmp_path):
    lin = _linter(tmp_path, JARGON)
    [d] = lin.lint("ok. backlog is long.", lang="en")
    assert d.suggestions[0] == "our list of planned fixes"
