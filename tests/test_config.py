"""Configuration files: discovery, validation with file and line."""
from __future__ import annotations

import pytest

from replylint.config import ConfigError, discover, find_config_file, load_config
from replylint.ruleset import RuleSet


def test_pyproject_table_is_found_walking_up(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.replylint]\nignore = ["excuse"]\nlang = "ru"\nallow = ["SLA"]\n'
        '[tool.replylint.levels]\ndead-end = "warning"\n[tool.replylint.jargon]\nen = ["Zorg"]\n', encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    cfg = discover(sub / "reply.txt")
    assert cfg.ignore == ("excuse",) and cfg.lang == "ru" and cfg.allow == ("SLA",)
    assert cfg.levels == {"dead-end": "warning"}
    assert cfg.lists == {"en": {"jargon-term": ["Zorg"]}}


def test_nearest_config_wins_and_plain_pyproject_is_skipped(tmp_path):
    (tmp_path / ".replylint.toml").write_text('select = ["dead-end"]\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config_file(tmp_path / "sub" / "r.txt") == tmp_path / ".replylint.toml"


@pytest.mark.parametrize("body,message", [
    ('selec = ["x"]\n', r":1: unknown setting 'selec'"),
    ('lang = "de"\n', r":1: lang must be one of"),
    ('\n[levels]\nexcuse = "fatal"\n', r":3: level of 'excuse'"),
    ('ignore = 3\n', r":1: 'ignore' must be a list"),
    ('ignore = [\n', r"invalid TOML"),
    ('ignore = ["no-such-rule"]\n', r"unknown rule 'no-such-rule'"),
])
def test_errors_name_file_and_line(tmp_path, body, message):
    path = tmp_path / ".replylint.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as err:
        RuleSet(load_config(path)).validate()  # rule names are checked against the rule set
    assert str(err.value).startswith(str(path))


def test_pattern_dirs_are_relative_to_config(tmp_path):
    path = tmp_path / ".replylint.toml"
    path.write_text('patterns = ["mine"]\n', encoding="utf-8")
    (tmp_path / "mine" / "en").mkdir(parents=True)
    assert load_config(path).pattern_dirs == ((tmp_path / "mine").resolve(),)


def test_error_line_skips_another_tools_table_with_the_same_key(tmp_path):
    """Issue 12: `select` of [tool.ruff] came first, and the error pointed at it."""
    from replylint.config import ConfigError, load_config

    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.ruff]\nselect = ["E"]\nlang = "en"\n\n[tool.replylint]\nselect = "x"\nlang = "xx"\n',
                    encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert str(exc.value).startswith(f"{path}:7: lang must be one of")
    path.write_text('[tool.other.levels]\nexcuse = "x"\n[tool.replylint.levels]\nexcuse = "fatal"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert str(exc.value).startswith(f"{path}:4: level of 'excuse'")
