"""Scoped exceptions pattern tuners asked for in issue 10 (docs/patterns.md): an ``unless``
condition that holds only within the hit's clause. Each is shown on real sentences through a
test-only pack (tests/fixtures/condition-patterns), and its mistakes are errors naming file
and line."""
from __future__ import annotations

from pathlib import Path

import pytest

import replylint
from replylint.config import Config
from replylint.document import Document
from replylint.pattern_files import PatternFileError

FIXTURE = Path(__file__).parent / "fixtures" / "condition-patterns"


@pytest.fixture(scope="module")
def fx() -> replylint.Linter:
    return replylint.Linter(Config(pattern_dirs=(FIXTURE,)), builtin_patterns=False)


def found(linter, text: str, lang: str, rule: str = "excuse") -> list[str]:
    return [text[d.start:d.end] for d in linter.lint(text, lang=lang) if d.rule == rule]


def write_pack(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "pack" / "ru"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def load_error(tmp_path: Path, files: dict[str, str], text: str = "Из-за нагрузки задержка.") -> str:
    write_pack(tmp_path, files)
    linter = replylint.Linter(Config(pattern_dirs=(tmp_path / "pack",)), builtin_patterns=False)
    with pytest.raises(PatternFileError) as info:
        linter.lint(text, lang="ru")
    return str(info.value)


REMEDY = "signal: remedy\npatterns:\n  we-fixed: \"мы _{0,2} исправить|вернуть\"\n"


# ------------------------------------------------------------------ 1. scope: clause
@pytest.mark.parametrize("text", [
    "Из-за нагрузки была задержка; мы уже всё исправили.",
    "Из-за нагрузки была задержка: мы уже всё исправили.",
    "Из-за нагрузки была задержка — мы уже всё исправили.",
    "Мы всё исправили; из-за нагрузки была задержка.",  # the clause before does not count either
])
def test_a_remedy_in_another_clause_does_not_clear_the_hit(fx, text):
    assert found(fx, text, "ru") == ["Из-за нагрузки" if text.startswith("Из") else "из-за нагрузки"]


@pytest.mark.parametrize("text", [
    "Из-за нагрузки была задержка, но мы уже всё исправили.",
    "Мы всё исправили, а из-за нагрузки была задержка.",
    "Из-за нагрузки в 10:30 была задержка, мы всё вернули.",  # a colon between digits is a time
])
def test_a_remedy_in_the_same_clause_clears_the_hit(fx, text):
    assert found(fx, text, "ru") == []


def test_a_remedy_in_the_next_sentence_does_not_count_for_a_clause(fx):
    assert found(fx, "Из-за нагрузки была задержка. Мы всё исправили.", "ru") == ["Из-за нагрузки"]


def test_clauses_in_english_and_chinese(fx):
    assert found(fx, "The delay was due to high volume; we have added staff.", "en") == ["due to high volume"]
    assert found(fx, "The delay was due to high volume and we have added staff.", "en") == []
    assert found(fx, "由于系统故障订单延迟；我们已经修复了。", "zh") == ["由于系统故障"]
    assert found(fx, "由于系统故障订单延迟：我们已经修复了。", "zh") == ["由于系统故障"]
    assert found(fx, "由于系统故障订单延迟，我们已经修复了。", "zh") == []


@pytest.mark.parametrize("text", ["Из-за нагрузки задержка: мы всё исправили.",
                                  "Из-за нагрузки задержка — мы всё исправили.",
                                  "由于系统故障订单延迟：我们已经修复了。"])
def test_a_clause_does_not_change_how_sentences_are_split(fx, text):
    """The clause is the condition's scope only: the hit and the remedy stay one sentence
    (a semicolon already ends a sentence, in every language)."""
    lang = "zh" if "由" in text else "ru"
    analysis = fx.analyze(Document.from_text(text), lang=lang)
    assert len(analysis.sentences) == 1 and analysis.signal("remedy")


def test_scope_sentence_still_clears_across_a_clause_end(tmp_path):
    write_pack(tmp_path, {"excuse.yaml": "rule: excuse\npatterns:\n  a: \"из-за нагрузка\"\n"
                                         "unless:\n  - {signal: remedy, scope: sentence}\n",
                          "signals/remedy.yaml": REMEDY})
    linter = replylint.Linter(Config(pattern_dirs=(tmp_path / "pack",)), builtin_patterns=False)
    assert found(linter, "Из-за нагрузки задержка — мы всё исправили.", "ru") == []


def test_an_unknown_scope_names_clause_among_the_scopes(tmp_path):
    message = load_error(tmp_path, {"excuse.yaml": "rule: excuse\npatterns:\n  a: \"из-за нагрузка\"\n"
                                                  "unless:\n  - {signal: remedy, scope: phrase}\n"})
    assert "excuse.yaml:5:" in message and "clause" in message


# ------------------------------------------------------------------ 2. antipatterns for some patterns
def test_an_antipattern_for_a_pattern_drops_only_its_matches(fx):
    assert found(fx, "Задержка не из-за нагрузки.", "ru") == []
    assert found(fx, "Задержка не из-за сбоя.", "ru") == ["из-за сбоя"]
    assert found(fx, "Задержка из-за нагрузки.", "ru") == ["из-за нагрузки"]


def test_an_antipattern_without_for_still_drops_every_pattern(fx):
    assert found(fx, "Задержка из-за нагрузки по вашей просьбе.", "ru") == []
    assert found(fx, "Задержка из-за сбоя по вашей просьбе.", "ru") == []


def test_for_names_one_id_or_a_list_in_either_form(tmp_path):
    write_pack(tmp_path, {"excuse.yaml": "rule: excuse\npatterns:\n  - {id: load, match: \"из-за нагрузка\"}\n"
                                         "  - {id: failure, match: \"из-за сбой\"}\n"
                                         "antipatterns:\n  - {match: \"не из-за\", for: failure}\n"})
    linter = replylint.Linter(Config(pattern_dirs=(tmp_path / "pack",)), builtin_patterns=False)
    assert found(linter, "Не из-за нагрузки и не из-за сбоя.", "ru") == ["из-за нагрузки"]


def test_an_antipattern_for_leaves_a_team_files_pattern_of_the_same_id(tmp_path):
    """``for`` names patterns of its own file: a team's file may reuse the id for its own pattern."""
    team = tmp_path / "team" / "ru"
    team.mkdir(parents=True)
    (team / "excuse-team.yaml").write_text("rule: excuse\npatterns:\n  because-of-load: \"из-за загрузка\"\n",
                                           encoding="utf-8")
    linter = replylint.Linter(Config(pattern_dirs=(FIXTURE, tmp_path / "team")), builtin_patterns=False)
    assert found(linter, "Задержка не из-за загрузки.", "ru") == ["из-за загрузки"]
    assert found(linter, "Задержка не из-за нагрузки.", "ru") == []


@pytest.mark.parametrize("anti, line, problem", [
    ("  a:\n    match: \"не из-за\"\n    for: [load, nowhere]\n", 8, "'for' names 'nowhere', which is not a pattern"),
    ("  a:\n    match: \"не из-за\"\n    for: [b]\n  b: \"не\"\n", 8, "'for' names 'b', which is not a pattern"),
    ("  a:\n    match: \"не из-за\"\n    for: []\n", 8, "'for' must be a pattern id or a list of pattern ids"),
    ("  a:\n    match: \"не из-за\"\n    for: {load: 1}\n", 8, "'for' must be a pattern id or a list"),
])
def test_a_bad_for_is_an_error_naming_file_and_line(tmp_path, anti, line, problem):
    message = load_error(tmp_path, {"excuse.yaml": "rule: excuse\npatterns:\n  load: \"из-за нагрузка\"\n"
                                                  "  failure: \"из-за сбой\"\nantipatterns:\n" + anti})
    assert f"excuse.yaml:{line}:" in message and problem in message, message


def test_for_on_a_pattern_is_an_unknown_key(tmp_path):
    message = load_error(tmp_path, {"excuse.yaml": "rule: excuse\npatterns:\n  load:\n    match: \"из-за нагрузка\"\n"
                                                  "    for: [load]\n"})
    assert "excuse.yaml:4:" in message and "unknown key 'for'" in message, message


# ------------------------------------------------------------------ 3. all / any across conditions
APOLOGY = "signal: apology\npatterns:\n  sorry: \"извините|простите\"\n"
EXCUSE_ALL = ("rule: excuse\npatterns:\n  a: \"из-за нагрузка\"\nunless:\n"
              "  - all:\n      - {signal: apology, scope: clause}\n      - {signal: remedy, scope: clause}\n")


def linter_of(tmp_path: Path, files: dict[str, str]) -> replylint.Linter:
    write_pack(tmp_path, files)
    return replylint.Linter(Config(pattern_dirs=(tmp_path / "pack",)), builtin_patterns=False)


@pytest.mark.parametrize("text, kept", [
    ("Извините, из-за нагрузки задержка, но мы всё исправили.", []),          # both in the clause
    ("Из-за нагрузки задержка, но мы всё исправили.", ["Из-за нагрузки"]),     # remedy alone
    ("Извините, из-за нагрузки задержка.", ["из-за нагрузки"]),                # apology alone
    ("Извините, из-за нагрузки задержка — мы всё исправили.", ["из-за нагрузки"]),  # remedy in another clause
])
def test_all_drops_the_match_only_when_every_condition_holds(tmp_path, text, kept):
    linter = linter_of(tmp_path, {"excuse.yaml": EXCUSE_ALL, "signals/remedy.yaml": REMEDY,
                                  "signals/apology.yaml": APOLOGY})
    assert found(linter, text, "ru") == kept


def test_any_is_the_plain_list_written_out(tmp_path):
    any_form = EXCUSE_ALL.replace("- all:", "- any:")
    linter = linter_of(tmp_path, {"excuse.yaml": any_form, "signals/remedy.yaml": REMEDY,
                                  "signals/apology.yaml": APOLOGY})
    assert found(linter, "Из-за нагрузки задержка, но мы всё исправили.", "ru") == []
    assert found(linter, "Извините, из-за нагрузки задержка.", "ru") == []
    assert found(linter, "Из-за нагрузки задержка.", "ru") == ["Из-за нагрузки"]


def test_all_beside_a_plain_condition_is_or_of_the_two(tmp_path):
    files = {"excuse.yaml": EXCUSE_ALL + "  - {signal: remedy, scope: sentence}\n",
             "signals/remedy.yaml": REMEDY, "signals/apology.yaml": APOLOGY}
    linter = linter_of(tmp_path, files)
    assert found(linter, "Из-за нагрузки задержка — мы всё исправили.", "ru") == []  # the plain one holds


@pytest.mark.parametrize("unless, line, problem", [
    ("  - all:\n      - any: [apology]\n", 6, "'any' cannot be nested in 'all'"),
    ("  - all: []\n", 5, "'all' must be a list"),
    ("  - all: apology\n", 5, "'all' must be a list"),
    ("  - {all: [apology], scope: clause}\n", 5, "'all' takes a list of conditions and no other key"),
    ("  - all:\n      - {signal: apology, scope: phrase}\n", 6, "scope 'phrase' is not one of"),
    ("  - all:\n      - {scope: clause}\n", 6, "a condition needs 'signal'"),
])
def test_a_bad_all_or_any_is_an_error_naming_file_and_line(tmp_path, unless, line, problem):
    message = load_error(tmp_path, {"excuse.yaml": "rule: excuse\npatterns:\n  a: \"из-за нагрузка\"\n"
                                                  "unless:\n" + unless})
    assert f"excuse.yaml:{line}:" in message and problem in message, message
