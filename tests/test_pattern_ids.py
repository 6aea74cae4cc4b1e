"""Every pattern has a stable id: explicit and unique in shipped files, derived in old list-form packs."""
from __future__ import annotations

from pathlib import Path

import pytest

import replylint
from replylint.pattern_files import ID_PATTERN, PatternFileError, derived_id, read_pattern_file

PATTERNS = Path(replylint.__file__).resolve().parent.parent / "patterns"
SHIPPED = sorted(p for p in PATTERNS.rglob("*.yaml") if p.name not in ("lists.yaml", "rules.yaml"))


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "dead-end.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(PATTERNS).as_posix())
def test_shipped_patterns_have_explicit_unique_ids(path):
    pf = read_pattern_file(path, path.relative_to(PATTERNS).parts[0])
    entries = pf.patterns + pf.antipatterns
    assert [e.id for e in entries if e.derived] == [], "shipped files name every pattern's id"
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    assert all(ID_PATTERN.fullmatch(i) and i == i.lower() for i in ids)


def test_mapping_form_gives_ids_kinds_and_lines(tmp_path):
    body = ("rule: dead-end\npatterns:\n  # a comment\n  nothing-to-do: \"nothing we can do\"\n"
            "  no-way:\n    match: \"no way\"\n    suggest: [\"here is what I can do\"]\n"
            "regex:\n  ticket-key: '\\m[A-Z]{2,10}-\\d{2,6}\\M'\nantipatterns:\n  no-way-jose: \"no way jose\"\n")
    pf = read_pattern_file(_write(tmp_path, body), "en")
    assert [(e.id, e.kind, e.line) for e in pf.patterns] == [
        ("nothing-to-do", "tokens", 4), ("no-way", "tokens", 6), ("ticket-key", "regex", 9)]
    assert pf.patterns[1].suggest == ["here is what I can do"]
    assert [(e.id, e.line, e.derived) for e in pf.antipatterns] == [("no-way-jose", 11, False)]


def test_duplicate_id_names_file_and_line(tmp_path):
    body = "rule: dead-end\npatterns:\n  same: \"a b\"\n  other: \"c d\"\n  same: \"e f\"\n"
    with pytest.raises(PatternFileError, match=r"dead-end.yaml:5: duplicate key 'same' \(first on line 3\)"):
        read_pattern_file(_write(tmp_path, body), "en")


def test_duplicate_id_across_sections(tmp_path):
    body = "rule: dead-end\npatterns:\n  same: \"a b\"\nantipatterns:\n  same: \"a b c\"\n"
    with pytest.raises(PatternFileError, match=r"dead-end.yaml:5: duplicate pattern id 'same' \(first on line 3\)"):
        read_pattern_file(_write(tmp_path, body), "en")


@pytest.mark.parametrize("key", ["no", "123", "'bad id'", "-dash-first"])
def test_ids_must_be_words(tmp_path, key):
    with pytest.raises(PatternFileError, match=r"dead-end.yaml:3: pattern id .* must be a word"):
        read_pattern_file(_write(tmp_path, f"rule: dead-end\npatterns:\n  {key}: \"a b\"\n"), "en")


def test_unicode_ids(tmp_path):
    pf = read_pattern_file(_write(tmp_path, "rule: dead-end\npatterns:\n  不归我管: \"不归 我 管\"\n"), "zh")
    assert pf.patterns[0].id == "不归我管"


def test_list_form_still_loads_with_derived_ids(tmp_path):
    body = ("rule: dead-end\npatterns:\n  - \"( nothing | not much ) we can do\"\n"
            "  - match: \"no way\"\n    id: no-way\n  - \"( nothing | not much ) we can do\"\n"
            "regex:\n  - '\\mno\\s+chance\\M'\n")
    pf = read_pattern_file(_write(tmp_path, body), "en")
    first, given, again, rx = pf.patterns
    assert first.derived and first.id == derived_id(first.source) and first.id.startswith("nothing-we-can-")
    assert (given.id, given.derived) == ("no-way", False)
    assert again.id == first.id + "-2"  # the same text twice: still unique
    assert rx.kind == "regex" and rx.id.startswith("no-chance-")


def test_derived_ids_are_stable_and_follow_the_text():
    source = "( i | we ) ( only | just ) handle !it"
    assert derived_id(source) == derived_id(source)
    assert derived_id(source) != derived_id(source + " now")
    assert derived_id(source).rsplit("-", 1)[0] == "i-only-handle"
    assert len(derived_id(source).rsplit("-", 1)[1]) == 6


def test_list_form_pack_lints(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "dead-end.yaml").write_text(
        "rule: dead-end\npatterns:\n  - \"nothing we can do\"\nexamples:\n  flag: [\"There is nothing we can do.\"]\n",
        encoding="utf-8")
    linter = replylint.Linter(replylint.Config(pattern_dirs=(tmp_path,)), builtin_patterns=False)
    [entry] = [ce.entry for ce in linter.pack("en").patterns]
    assert entry.derived and entry.id.startswith("nothing-we-can-")


def test_example_objects(tmp_path):
    body = ("rule: dead-end\npatterns:\n  only-handle: \"( i | we ) [ only handle ] !it\"\n"
            "examples:\n  flag:\n    - \"plain\"\n    - text: \"I only handle delivery.\"\n"
            "      span: \"only handle\"\n      fixed: \"I can help with delivery.\"\n      pattern: only-handle\n"
            "  pass: [\"I only handle it myself.\", {text: \"fine\"}]\n")
    pf = read_pattern_file(_write(tmp_path, body), "en")
    plain, rich = pf.flag_examples
    assert (plain, plain.line, plain.span) == ("plain", 6, None)
    assert (rich, rich.line, rich.span, rich.fixed, rich.pattern) == (
        "I only handle delivery.", 7, "only handle", "I can help with delivery.", "only-handle")
    assert [str(x) for x in pf.pass_examples] == ["I only handle it myself.", "fine"]


@pytest.mark.parametrize("example,message", [
    ("{text: \"a b\", spam: x}", r":6: unknown key 'spam' in an example"),
    ("{text: \"a b\", span: \"c\"}", r":6: span 'c' is not in the text"),
    ("{text: \"a b\", pattern: nope}", r":6: example names pattern 'nope'"),
    ("{span: \"a\"}", r":6: an example mapping needs 'text'"),
])
def test_bad_example_objects_name_file_and_line(tmp_path, example, message):
    body = f"rule: dead-end\npatterns:\n  ab: \"a b\"\nexamples:\n  flag:\n    - {example}\n"
    with pytest.raises(PatternFileError, match="dead-end.yaml" + message):
        read_pattern_file(_write(tmp_path, body), "en")


def test_pass_examples_state_no_finding(tmp_path):
    body = "rule: dead-end\npatterns:\n  ab: \"a b\"\nexamples:\n  pass:\n    - {text: \"a c\", span: \"a\"}\n"
    with pytest.raises(PatternFileError, match=r"dead-end.yaml:6: a 'pass' example has no finding"):
        read_pattern_file(_write(tmp_path, body), "en")
