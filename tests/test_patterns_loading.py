"""Pattern files fail loudly, naming file and line; nothing in them runs code."""
from __future__ import annotations

import pytest

import replylint
from replylint.config import Config
from replylint.pattern_files import PatternFileError
from replylint.token_patterns import PatternContext, PatternSyntaxError, compile_pattern


def _pack(tmp_path, files: dict[str, str]):
    for name, body in files.items():
        path = tmp_path / "en" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return replylint.Linter(Config(pattern_dirs=(tmp_path,)), builtin_patterns=False)


@pytest.mark.parametrize("pattern,message", [
    ("(unclosed group", "not closed"),
    ("foo|", "empty alternative"),
    ("a | b", r"needs a \( … \| … \) group"),
    ("_{3,1}", "m <= n"),
    ("/[unclosed/", "bad regex"),
    ("@nolist", "unknown word list"),
    ("word?", "match nothing"),
])
def test_syntax_errors(pattern, message):
    ctx = PatternContext(lang="en", split_literal=lambda s: [s], lists={})
    with pytest.raises(PatternSyntaxError, match=message):
        compile_pattern(pattern, ctx)


def test_bad_pattern_names_file_and_line(tmp_path):
    lin = _pack(tmp_path, {"dead-end.yaml": "rule: dead-end\npatterns:\n  - ok words\n  - \"(broken\"\n"})
    with pytest.raises(PatternFileError) as err:
        lin.pack("en")
    assert f"{tmp_path / 'en' / 'dead-end.yaml'}:4:" in str(err.value)


def test_bad_regex_names_file_and_line(tmp_path):
    lin = _pack(tmp_path, {"dead-end.yaml": "rule: dead-end\nregex:\n  - '(?<bad'\n"})
    with pytest.raises(PatternFileError, match=r"dead-end.yaml:3: regex"):
        lin.pack("en")


def test_unknown_key_and_unknown_rule(tmp_path):
    with pytest.raises(PatternFileError, match=r"dead-end.yaml:2: unknown key 'patern'"):
        _pack(tmp_path, {"dead-end.yaml": "rule: dead-end\npatern: []\n"}).pack("en")
    with pytest.raises(PatternFileError, match="unknown rule 'no-such-rule'"):
        _pack(tmp_path / "b", {"x.yaml": "rule: no-such-rule\npatterns: [a]\n"}).pack("en")


def test_invalid_yaml_names_line(tmp_path):
    with pytest.raises(PatternFileError, match=r"x.yaml:\d+: invalid YAML"):
        _pack(tmp_path, {"x.yaml": "rule: dead-end\npatterns: [a, b\n"}).pack("en")


def test_yaml_cannot_construct_objects(tmp_path):
    body = "rule: dead-end\npatterns: !!python/object/apply:os.system ['echo pwned']\n"
    with pytest.raises(PatternFileError, match="invalid YAML"):
        _pack(tmp_path, {"x.yaml": body}).pack("en")


def test_failing_example_is_reported_with_line(tmp_path):
    from replylint.examples_check import check_examples

    lin = _pack(tmp_path, {"dead-end.yaml": "rule: dead-end\npatterns: ['nothing we can do']\n"
                                            "examples:\n  flag:\n    - all good here\n  pass: []\n"})
    [failure] = check_examples(lin, "en")
    assert str(failure).startswith(f"{tmp_path / 'en' / 'dead-end.yaml'}:5: dead-end should flag")


def test_unknown_define_piece(tmp_path):
    lin = _pack(tmp_path, {"signals/t.yaml": "signal: concrete-time\nregex: ['{nope} days']\n"})
    with pytest.raises(PatternFileError, match="unknown piece"):
        lin.pack("en")
