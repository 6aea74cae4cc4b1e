"""Issue 15, items 3 and 11: pattern folders and configurations from a repository.

Item 3: a pattern file cannot hang the run or exhaust memory (alias bombs, FIFOs, a
symlink to /dev/zero, oversized files), and huge ``[departments]`` / ``allow`` lists
compile in time linear in their size (shown as a ratio of operation counts, never as
a wall-clock limit). Item 11: configuration mistakes that used to pass silently are
errors naming the user's file and line.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from replylint.config import ConfigError, find_config_file, load_config
from replylint.findings import AllowList
from replylint.pattern_files import MAX_PATTERN_FILE_SIZE, PatternFileError, load_yaml
from replylint.token_patterns import Alt, PatternContext, compile_pattern

BOMB_LEVELS = 9


def alias_bomb() -> str:
    """A 500-byte "billion laughs": nine anchors of nine aliases each (9**9 strings)."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, BOMB_LEVELS):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ item 3
def test_alias_bomb_in_a_pattern_file_is_refused(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text("rule: excuse\n" + alias_bomb(), encoding="utf-8")
    assert len(path.read_bytes()) < 600
    with pytest.raises(PatternFileError, match="alias bomb"):
        load_yaml(path)


def test_alias_bomb_in_lists_yaml_is_refused(tmp_path):
    words = ", ".join(f'"w{i}"' for i in range(1000))
    lists = "\n".join(f"  l{i}: *big" for i in range(1000))
    path = tmp_path / "lists.yaml"
    path.write_text(f"define:\n  big: &big [{words}]\nlists:\n{lists}\n", encoding="utf-8")
    with pytest.raises(PatternFileError, match="alias"):
        load_yaml(path)


def test_recursive_alias_in_a_pattern_file_is_refused(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("rule: excuse\npatterns: &p\n  x: *p\n", encoding="utf-8")
    with pytest.raises(PatternFileError):
        load_yaml(path)


def test_a_few_aliases_are_still_fine(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text("a: &x [one, two]\nb: *x\nc: *x\n", encoding="utf-8")
    assert load_yaml(path) == {"a": ["one", "two"], "b": ["one", "two"], "c": ["one", "two"]}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_pattern_file_does_not_hang(tmp_path):
    os.mkfifo(tmp_path / "fifo.yaml")
    with pytest.raises(PatternFileError, match="not a regular file"):
        load_yaml(tmp_path / "fifo.yaml")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_symlink_to_dev_zero_is_refused(tmp_path):
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    with pytest.raises(PatternFileError, match="not a regular file"):
        load_yaml(tmp_path / "zero.yaml")


def test_oversized_pattern_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.yaml"
    with open(path, "wb") as handle:
        handle.truncate(MAX_PATTERN_FILE_SIZE + 1)  # sparse: nothing is written
    with pytest.raises(PatternFileError, match="too large"):
        load_yaml(path)


def test_whole_run_reports_a_bad_team_pattern_file(tmp_path):
    from tests.test_hardening_output import run

    (tmp_path / "team" / "en").mkdir(parents=True)
    (tmp_path / "team" / "en" / "bomb.yaml").write_text("rule: excuse\n" + alias_bomb(), encoding="utf-8")
    (tmp_path / ".replylint.toml").write_text('patterns = ["team"]\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text("Sorry.\n", encoding="utf-8")
    result = run(["check", "r.txt"], cwd=tmp_path)
    assert result.returncode == 2
    assert b"bomb.yaml" in result.stderr and b"alias bomb" in result.stderr


def _list_parses(n: int, patterns: int = 20) -> int:
    """List-entry parses for ``patterns`` patterns naming a list of ``n`` two-word phrases."""
    import replylint.token_patterns as tp

    calls = 0
    original = tp._Parser.parse

    def counting(self):
        nonlocal calls
        if self.depth:
            calls += 1
        return original(self)

    ctx = PatternContext(lang="en", split_literal=str.split,
                         lists={"department": [f"dept{i} team{i}" for i in range(n)]})
    tp._Parser.parse = counting  # type: ignore[method-assign]
    try:
        for k in range(patterns):
            compile_pattern(f"@department _{{0,3}} mess{k} up", ctx)
    finally:
        tp._Parser.parse = original  # type: ignore[method-assign]
    return calls


def test_word_list_is_compiled_once_per_language_not_once_per_pattern():
    # Before: every pattern naming @department parsed every entry again (50k phrases: > 300 s).
    assert _list_parses(1000, patterns=20) == 1000
    assert _list_parses(16000, patterns=20) == 16000  # linear in the list, not in patterns x list


def test_shared_list_node_is_indexed_once():
    ctx = PatternContext(lang="en", split_literal=str.split,
                         lists={"department": [f"dept{i} team{i}" for i in range(50)]})
    first = compile_pattern("@department mess up", ctx)
    second = compile_pattern("the @department", ctx)
    alt = ctx.list_nodes["department"]
    assert isinstance(alt, Alt)
    assert first.node.items[0] is alt and second.node.items[1] is alt  # type: ignore[attr-defined]


def test_allow_list_of_100k_terms_is_sets_not_a_regex():
    terms = tuple(f"term{i}" for i in range(100_000)) + ("Tier 2", "C++")
    allow = AllowList(terms)
    assert allow.allows("ask Tier 2 now") and allow.allows("term99999") and allow.allows("c++")
    assert not allow.allows("term1000000") and not allow.allows("Tier 22") and not allow.allows("xterm5")
    assert not AllowList(()).allows("anything")


# ------------------------------------------------------------------ item 11
def write(tmp_path: Path, text: str, name: str = ".replylint.toml", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_missing_pattern_folder_is_an_error(tmp_path):
    path = write(tmp_path, 'lang = "en"\npatterns = ["does/not/exist"]\n')
    with pytest.raises(ConfigError, match=r"\.replylint\.toml:2: pattern folder 'does/not/exist' does not exist"):
        load_config(path)


def test_pattern_folder_without_pattern_files_is_an_error(tmp_path):
    path = write(tmp_path, 'patterns = ["/etc"]\n')
    with pytest.raises(ConfigError, match=r":1: pattern folder '/etc' holds no pattern files"):
        load_config(path)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="is not a folder"):
        load_config(write(tmp_path, 'patterns = ["file"]\n'))


def test_dotted_tool_replylint_key_in_pyproject_is_found(tmp_path):
    write(tmp_path, 'tool.replylint.ignore = ["blame-department"]\n', name="pyproject.toml")
    found = find_config_file(tmp_path)
    assert found == tmp_path / "pyproject.toml"
    assert load_config(found).ignore == ("blame-department",)
    write(tmp_path, '[project]\nname = "not-configured"\n# replylint is mentioned only here\n', name="pyproject.toml")
    assert find_config_file(tmp_path) is None


def test_bad_jargon_term_blames_the_users_file_and_line(tmp_path):
    path = write(tmp_path, '[jargon]\nen = ["TPS",\n  "(("]\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}:3: 'jargon.en': term '((' is not a valid phrase")
    assert "patterns/" not in message


@pytest.mark.parametrize("toml", ['[departments]\nru = ["склад |"]\n', '[lists.en]\ncolleague = ["a)"]\n',
                                  '[jargon]\nzh = [""]\n', 'allow = ["SLA", " "]\n'])
def test_other_bad_terms_are_config_errors(tmp_path, toml):
    with pytest.raises(ConfigError, match=r"\.replylint\.toml"):
        load_config(write(tmp_path, toml))


def test_config_saved_with_a_byte_order_mark_is_read(tmp_path):
    path = write(tmp_path, '\ufeffignore = ["blame-department"]\n')
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert load_config(path).ignore == ("blame-department",)
    pyproject = write(tmp_path, '\ufeff[tool.replylint]\nlang = "en"\n', name="pyproject.toml")
    os.remove(path)
    assert find_config_file(tmp_path) == pyproject and load_config(pyproject).lang == "en"


def test_valid_terms_and_list_references_still_load(tmp_path):
    (tmp_path / "team" / "en").mkdir(parents=True)
    path = write(tmp_path, 'patterns = ["team"]\n[departments]\nen = ["shipping crew", "=Ops", "@colleague"]\n'
                           '[lists.en]\ncolleague = ["Bob|Alice", "night shift*"]\n')
    config = load_config(path)
    assert config.lists["en"]["department"] == ["shipping crew", "=Ops", "@colleague"]


def test_cli_reports_the_config_mistake(tmp_path):
    from tests.test_hardening_output import run

    write(tmp_path, 'patterns = ["nope"]\n')
    (tmp_path / "r.txt").write_text("Sorry.\n", encoding="utf-8")
    result = run(["check", "r.txt"], cwd=tmp_path)
    assert result.returncode == 2 and b"pattern folder 'nope' does not exist" in result.stderr
