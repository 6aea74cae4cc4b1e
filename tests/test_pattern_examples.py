"""Every example in every pattern file holds: flag examples flag, pass examples pass, and the
pattern id, span and fix an example names are the ones produced (the check of `replylint
test-patterns`, one test per example so a failure names the file and line)."""
from __future__ import annotations

import pytest

from replylint.examples_check import example_problem
from replylint.langdetect import LANGUAGES


def _cases():
    import replylint

    linter = replylint.Linter()
    for lang in LANGUAGES:
        try:
            files = linter.pack(lang).files
        except replylint.PatternFileError as exc:  # one broken language must not hide the others
            yield pytest.param(lang, None, None, str(exc), None, id=f"{lang}:load-error")
            continue
        for pf in files:
            for expected, examples in ((True, pf.flag_examples), (False, pf.pass_examples)):
                for example in examples:
                    parts = pf.path.parts
                    rel = "/".join(parts[len(parts) - 1 - parts[::-1].index(lang):])  # from the language folder
                    yield pytest.param(lang, pf.rule, pf.signal, example, expected,
                                       id=f"{rel}:{getattr(example, 'line', 0)}")


@pytest.mark.parametrize("lang,rule,signal,text,expected", list(_cases()))
def test_pattern_example(linter, lang, rule, signal, text, expected):
    if expected is None:
        pytest.fail(f"pattern pack does not load: {text}")
    problem = example_problem(linter, lang, rule, signal, text, expected)
    detail = f" ({problem})" if problem else ""
    assert problem is None, f"{rule or signal} {'should flag' if expected else 'should pass'}: {str(text)!r}{detail}"


def test_every_rule_has_examples_in_every_language(linter):
    for lang in LANGUAGES:
        files = linter.pack(lang).files
        covered = {pf.rule for pf in files if pf.rule and pf.flag_examples and pf.pass_examples}
        missing = set(linter.rules) - covered
        assert not missing, f"{lang}: rules without flag+pass examples: {sorted(missing)}"
