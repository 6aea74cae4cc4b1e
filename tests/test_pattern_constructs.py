"""The pattern-language constructs pattern tuners asked for in issue 10 (docs/patterns.md):
negated word classes and gaps that must not cross a word. Each is shown on real sentences,
its mistakes are errors naming file and line, and the compiled matcher finds exactly what the
reference matcher finds on random texts built from a test-only pack that uses them."""
from __future__ import annotations

from pathlib import Path

import pytest
import regex

import replylint
from replylint.config import Config
from replylint.matching_reference import reference_match_paragraph
from replylint.packs import Role
from replylint.pattern_files import PatternFileError
from replylint.token_patterns import PatternSyntaxError, compile_pattern

from .test_compiled_matcher import _assert_same, _examples, _random_texts
from .test_token_patterns import RU, ctx, matches, pat

FIXTURE = Path(__file__).parent / "fixtures" / "construct-patterns"
LISTS = {"negation": ["не", "нет", "=ни"], "contrast": ["но", "однако"], "phrases": ["не", "вовсе не"],
         "department": ["склад", "бухгалтерия"], "nested": ["@negation", "никак"]}


@pytest.fixture(scope="module")
def fx() -> replylint.Linter:
    return replylint.Linter(Config(pattern_dirs=(FIXTURE,)), builtin_patterns=False)


def found(linter, text: str, lang: str, rule: str = "blame-department") -> list[str]:
    return [text[d.start:d.end] for d in linter.lint(text, lang=lang) if d.rule == rule]


def ru_matches(source: str, text: str) -> list[str]:
    return matches(source, text, RU, LISTS)


def write_pack(tmp_path: Path, rule_file: str, lists: str = "lists:\n  multi: [\"не\", \"вовсе не\"]\n") -> Path:
    folder = tmp_path / "pack" / "ru"
    folder.mkdir(parents=True)
    (folder / "lists.yaml").write_text(lists, encoding="utf-8")
    (folder / "blame-department.yaml").write_text(rule_file, encoding="utf-8")
    return folder / "blame-department.yaml"


def load_error(tmp_path: Path, rule_file: str) -> str:
    path = write_pack(tmp_path, rule_file)
    linter = replylint.Linter(Config(pattern_dirs=(tmp_path / "pack",)), builtin_patterns=False)
    with pytest.raises(PatternFileError) as info:
        linter.lint("Склад виноват.", lang="ru")
    message = str(info.value)
    assert str(path) in message
    return message


# ------------------------------------------------------------------ 1. !@class and _{m,n}!element
def test_a_negated_class_is_one_word_that_is_no_entry_of_it():
    assert ru_matches("!@negation виноватый", "Склад виноват.") == ["Склад виноват"]
    assert ru_matches("!@negation виноватый", "Склад не виноват.") == []
    assert ru_matches("!@negation виноватый", "Склад ни виноват.") == []  # =ни, an exact form


def test_a_negated_class_sees_entries_of_nested_classes():
    assert ru_matches("!@nested виноватый", "Склад виноват.") == ["Склад виноват"]
    assert ru_matches("!@nested виноватый", "Склад никак виноват.") == []
    assert ru_matches("!@nested виноватый", "Склад не виноват.") == []


def test_a_gap_of_words_not_in_a_class_does_not_cross_one():
    source = "@department _{0,3}!@negation виноватый"
    assert ru_matches(source, "Склад в этот раз виноват.") == ["Склад в этот раз виноват"]
    assert ru_matches(source, "Склад виноват.") == ["Склад виноват"]  # the gap may be empty
    assert ru_matches(source, "Склад в этот раз не виноват.") == []
    assert ru_matches(source, "Склад, как всегда, в этот раз виноват.") == []  # more than 3 words


def test_a_gap_not_crossing_a_class_is_the_same_as_a_repeated_negation():
    text = "Склад но в этот раз виноват, бухгалтерия вчера виновата."
    assert (ru_matches("@department _{0,3}!@contrast виноватый", text)
            == ru_matches("@department ( !@contrast ){0,3} виноватый", text)
            == ["бухгалтерия вчера виновата"])


def test_a_gap_may_exclude_plain_words_and_alternatives():
    assert ru_matches("склад _{0,2}!не|нет виноватый", "Склад тоже не виноват.") == []
    assert ru_matches("склад _{0,2}!не|нет виноватый", "Склад тоже виноват.") == ["Склад тоже виноват"]


@pytest.mark.parametrize("source", ["!@phrases виноватый", "склад _{0,3}!@phrases виноватый",
                                    "склад _{0,3}!@negation|@phrases виноватый"])
def test_a_negated_class_with_a_phrase_entry_is_an_error(source):
    with pytest.raises(PatternSyntaxError, match="'вовсе не' is not one word"):
        pat(source, RU, LISTS)


def test_a_gap_with_bad_bounds_is_an_error():
    with pytest.raises(PatternSyntaxError, match="m <= n <= 20"):
        pat("склад _{3,1}!@negation виноватый", RU, LISTS)


def test_a_negated_phrase_class_names_the_file_and_line(tmp_path):
    message = load_error(tmp_path, "rule: blame-department\npatterns:\n  ok: \"склад виноватый\"\n"
                                   "  bad: \"склад _{0,3}!@multi виноватый\"\n")
    assert ":4:" in message and "'вовсе не' is not one word" in message


def test_the_constructs_on_real_sentences(fx):
    assert found(fx, "Склад в этот раз виноват.", "ru") == ["Склад в этот раз виноват"]
    assert found(fx, "Склад здесь не виноват.", "ru") == []
    assert found(fx, "The warehouse really messed up your order.", "en") == ["The warehouse really messed up"]
    # the gap does not cross "but": the courier's own match is what is found
    assert found(fx, "The warehouse was fine, but the courier messed up.", "en") == ["the courier messed up"]


# ------------------------------------------------------------------ 2. not_after / not_before
def guarded(source: str, text: str, not_after=(), not_before=()) -> list[str]:
    compiled = compile_pattern(source, ctx(RU, LISTS), not_after, not_before)
    tokens = RU.tokenize(text)
    out = []
    for i in range(len(tokens)):
        end = compiled.match_at(tokens, i, len(tokens))
        assert compiled.span_at(tokens, i, len(tokens)) == compiled.match_span(tokens, i, len(tokens))
        if end is not None:
            out.append(text[tokens[i].start:tokens[end - 1].end])
    return out


def test_not_after_drops_a_match_right_after_the_guard_words():
    assert guarded("виноватый @department", "Виноват склад.", not_after=["@negation"]) == ["Виноват склад"]
    assert guarded("виноватый @department", "Тут не виноват склад.", not_after=["@negation"]) == []
    # only right before the match: a word between lets it through
    assert guarded("виноватый @department", "Не знаю, виноват склад.", not_after=["@negation"]) == ["виноват склад"]


def test_a_guard_may_be_a_phrase_and_one_of_several():
    after = ["=ни _", "вовсе не"]
    assert guarded("виноватый @department", "Вовсе не виноват склад.", not_after=after) == []
    assert guarded("виноватый @department", "Ни капли виноват склад.", not_after=after) == []
    assert guarded("виноватый @department", "Капли виноват склад.", not_after=after) == ["виноват склад"]


def test_not_before_drops_only_the_ends_the_guard_follows():
    assert guarded("@department напутать", "Склад напутал бы.", not_before=["бы"]) == []
    assert guarded("@department напутать", "Склад напутал всё.", not_before=["бы"]) == ["Склад напутал"]
    # a shorter end the guard does not follow still matches
    assert guarded("@department напутать ( всё )?", "Склад напутал всё бы.", not_before=["бы"]) == ["Склад напутал"]


def test_guards_stop_at_the_sentence_end(fx):
    assert found(fx, "Склад напутал ли что-то?", "ru") == []
    assert found(fx, "Склад напутал. Ли это?", "ru") == ["Склад напутал"]
    assert found(fx, "Even if we can't refund it, fine.", "en") == []
    assert found(fx, "Tell me if. We can't refund it.", "en") == ["We can't"]
    assert found(fx, "We can't wait to help.", "en") == []
    assert found(fx, "We can't refund it.", "en") == ["We can't"]


def test_not_after_on_real_sentences(fx):
    assert found(fx, "Виноват склад.", "ru") == ["Виноват склад"]
    assert found(fx, "Здесь не виноват склад.", "ru") == []
    assert found(fx, "Ни капли виноват склад.", "ru") == []


@pytest.mark.parametrize("guard, problem", [("( бы )?", "must match at least one word"),
                                            ("[ бы ]", "has no \\[ … \\] span"), ("@nowhere", "unknown word list")])
def test_a_bad_guard_is_an_error_naming_file_line_and_guard(tmp_path, guard, problem):
    message = load_error(tmp_path, "rule: blame-department\npatterns:\n  ok: \"склад виноватый\"\n"
                                   f"  bad:\n    match: \"склад напутать\"\n    not_before: [\"{guard}\"]\n")
    assert ":5:" in message and "not_before" in message
    assert regex.search(problem, message), message


@pytest.mark.parametrize("value", ["[]", "[3]", "{a: b}"])
def test_a_guard_that_is_not_patterns_is_an_error(tmp_path, value):
    message = load_error(tmp_path, f"rule: blame-department\npatterns:\n  bad:\n    match: \"склад\"\n"
                                   f"    not_after: {value}\n")
    assert "'not_after' must be a pattern or a list of patterns" in message


def test_a_guard_on_a_regex_is_an_error(tmp_path):
    message = load_error(tmp_path, "rule: blame-department\nregex:\n  bad:\n    regex: 'склад'\n"
                                   "    not_after: [\"не\"]\n")
    assert "not_after / not_before are for token patterns" in message


# ------------------------------------------------------------------ the compiled matcher agrees
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_compiled_matcher_agrees_with_the_reference_on_the_constructs(fx, lang):
    pack = fx.pack(lang)
    pack.regex_prefilter.build()
    texts = _random_texts(pack, lang, 400, seed=10) + _examples(pack)
    assert _assert_same(pack, texts) > 0
    # and the random texts do exercise every construct pattern (not only its non-matches)
    fired = set()
    for text in texts:
        for found_hits in reference_match_paragraph(pack, text).hits.matches.values():
            fired.update(h.pattern.id for h in found_hits)
    assert fired >= {cp.id for cp in pack.token_patterns if cp.role is Role.MATCH}
