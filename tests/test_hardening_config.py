"""Configuration and pattern files (issue 6): read safely, never run code, and every mistake
is an error naming file and line. Complements tests/test_config.py and
tests/test_patterns_loading.py.
"""
from __future__ import annotations

import pytest

import replylint
from replylint.config import Config, ConfigError, load_config
from replylint.pattern_files import PatternFileError
from tests.test_cli import DEAD_END, run

PAYLOADS = [
    "!!python/object/apply:os.mkdir ['{marker}']",
    "!!python/object/new:os.mkdir ['{marker}']",
    "!!python/name:os.mkdir",
    "!!python/module:os",
    "!<tag:yaml.org,2002:python/object/apply:os.mkdir> ['{marker}']",
]


def _linter(tmp_path, name: str, body: str) -> replylint.Linter:
    folder = tmp_path / "pack" / "en"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")
    lin = replylint.Linter(Config(pattern_dirs=(tmp_path / "pack",)), builtin_patterns=False)
    lin.preload(["en"])
    return lin


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("where", ["pattern", "example", "lists"])
def test_pattern_files_cannot_construct_objects(tmp_path, payload, where):
    marker = tmp_path / "pwned"
    tagged = payload.format(marker=marker)
    name, body = {
        "pattern": ("excuse.yaml", f"rule: excuse\npatterns:\n  - {tagged}\n"),
        "example": ("excuse.yaml", f"rule: excuse\npatterns: [sorry]\nexamples:\n  flag: [{tagged}]\n"),
        "lists": ("lists.yaml", f"lists:\n  staff: {tagged}\n"),
    }[where]
    with pytest.raises(PatternFileError) as info:
        _linter(tmp_path, name, body)
    assert not marker.exists()
    assert f"{name}:" in str(info.value) and "\n" not in str(info.value)
    assert info.value.line is not None


@pytest.mark.parametrize("payload", PAYLOADS[:2])
def test_template_files_cannot_construct_objects_through_the_cli(tmp_path, payload):
    marker = tmp_path / "pwned"
    (tmp_path / "evil.yaml").write_text(f"body: {payload.format(marker=marker)}\ntext: {DEAD_END}", encoding="utf-8")
    code, out, err = run(["check", str(tmp_path), "--select", "dead-end"])
    assert not marker.exists()
    assert code == 1 and "evil.yaml:2:7: error dead-end" in out, err


@pytest.mark.parametrize("body,line,message", [
    ("rule: excuse\nfoo: 1\n", 2, "unknown key 'foo'"),
    ("rule: excuse\npatterns: 3\n", 2, "'patterns' must be a list"),
    ("rule: excuse\npatterns:\n  - match: 42\n", 3, "needs 'match'"),
    ("rule: excuse\npatterns:\n  - match: sorry\n    suggest: {a: 1}\n", 3, "'suggest' must be"),
    ("rule: excuse\nregex:\n  - '(?<=a+)b['\n", 3, "does not compile"),
    ("rule: excuse\nexamples:\n  flag: 3\n", 3, "must be a list of strings"),
    ("rule: excuse\nunless:\n  - signal: apology\n    scope: galaxy\n", 3, "scope 'galaxy'"),
    # replylint's own limit, whichever libyaml: 300 levels are within libyaml 0.2.6's own 1000, and
    # 5000 are past it (there its scanner stopped first, with its own wording, before the fix)
    ("rule: excuse\npatterns: " + "[" * 300 + "]" * 300 + "\n", 2, "nested more than 200 levels deep"),
    ("rule: excuse\npatterns: " + "[" * 5000 + "]" * 5000 + "\n", 2, "nested more than 200 levels deep"),
])
def test_pattern_file_mistakes_name_file_and_line(tmp_path, body, line, message):
    with pytest.raises(PatternFileError, match=message) as info:
        _linter(tmp_path, "excuse.yaml", body)
    assert info.value.line == line and info.value.path.endswith("excuse.yaml")


@pytest.mark.parametrize("body,message", [
    ('max-file-size = "big"\n', ":1: 'max-file-size' must be a positive number"),
    ('max-file-size = true\n', ":1: 'max-file-size' must be a positive number"),
    ('\n\nallow = [1, 2]\n', ":3: 'allow' must be a list of strings"),
    ('[lists.en]\nstaff = "Bob"\n[lists.xx]\n', ":3: 'lists.xx' must be a table"),
    ('per-file-lang = {"*.txt" = "klingon"}\n', ":1: 'per-file-lang' maps glob"),
    ("allow = " + "[" * 5000 + "]" * 5000 + "\n", "invalid TOML: nested too deeply"),
])
def test_config_mistakes_name_file_and_line(tmp_path, body, message):
    path = tmp_path / ".replylint.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("*", r"\*")) as info:
        load_config(path)
    assert str(info.value).startswith(str(path)) and "\n" not in str(info.value)


def test_config_toml_cannot_run_code_and_errors_reach_the_cli(tmp_path):
    # TOML has no tags or object construction; a deeply nested value was a RecursionError traceback.
    (tmp_path / ".replylint.toml").write_text("allow = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text(DEAD_END, encoding="utf-8")
    code, out, err = run(["check", str(tmp_path)])
    assert code == 2 and "Traceback" not in err
    assert err.strip().splitlines()[-1].endswith("invalid TOML: nested too deeply")
