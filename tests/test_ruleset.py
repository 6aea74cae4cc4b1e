"""The RuleSet is the one answer to "which rules exist": team rules from a pattern folder
can be selected, levelled, explained and tested like built-in ones, and configuration
mistakes are one line naming file and line (exit 2), never a traceback."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import replylint
from replylint.config import Config, ConfigError, load_config
from replylint.ruleset import RuleSet

from .test_cli import run

TEAM_RULES = """\
rules:
  no-promo:
    level: warning
    kind: phrase
    summary: Advertises a promotion inside a support reply.
    message: "“{match}” is advertising; answer the question instead"
    why: A customer with a problem does not want a sales pitch.
    instead: Leave promotions to marketing e-mails.
    example:
      bad: "Check out our summer sale!"
      good: "Your refund is on its way."
"""
TEAM_PATTERNS = """\
rule: no-promo
patterns:
  - "summer sale"
examples:
  flag: ["Don't miss our summer sale!"]
  pass: ["Your refund was sent today."]
"""
PROMO = "Don't miss our summer sale this week!\n"


def _team_pack(root: Path) -> Path:
    pack = root / "team"
    (pack / "en").mkdir(parents=True)
    (pack / "rules.yaml").write_text(TEAM_RULES, encoding="utf-8")
    (pack / "en" / "no-promo.yaml").write_text(TEAM_PATTERNS, encoding="utf-8")
    return pack


@pytest.fixture()
def team_project(tmp_path, monkeypatch):
    """A project whose pyproject.toml adds the team pack and selects its rule; cwd is its folder."""
    _team_pack(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.replylint]\npatterns = ["team"]\nselect = ["no-promo", "dead-end"]\n\n'
        '[tool.replylint.levels]\nno-promo = "error"\n', encoding="utf-8")
    (tmp_path / "reply.txt").write_text(PROMO, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_ruleset_knows_team_rules_and_levels(team_project):
    rules = RuleSet(load_config(team_project / "pyproject.toml")).validate()
    assert "no-promo" in rules and "excuse" in rules and rules.team_rules == {"no-promo"}
    assert rules.level("no-promo") == "error" and rules.effective("no-promo").level == "error"
    assert rules.enabled("no-promo") and not rules.enabled("excuse")


def test_team_rule_selected_in_pyproject_is_checked(team_project):
    code, out, err = run(["check", "reply.txt"])
    assert code == 1, err
    assert "reply.txt:1:16: error no-promo" in out


def test_team_rule_on_the_command_line(team_project):
    code, out, err = run(["check", "reply.txt", "--select", "no-promo"])
    assert code == 1 and "no-promo" in out, err
    code, out, err = run(["check", "reply.txt", "--ignore", "no-promo"])
    assert code == 0 and "no-promo" not in out, err


def test_rules_and_explain_show_team_rules_with_configured_levels(team_project):
    code, out, _ = run(["rules"])
    assert code == 0
    line = next(ln for ln in out.splitlines() if ln.startswith("no-promo"))
    assert " error " in line
    code, out, _ = run(["explain", "no-promo"])
    assert code == 0 and out.startswith("no-promo (error)") and "sales pitch" in out
    code, out, _ = run(["explain", "dead-end"])
    assert code == 0 and out.startswith("dead-end (error)")


def test_explain_honours_a_configured_level(tmp_path, monkeypatch):
    (tmp_path / ".replylint.toml").write_text('[levels]\nexcuse = "error"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(["explain", "excuse"])[1].startswith("excuse (error)")
    rules = dict(ln.split()[:2] for ln in run(["rules"])[1].splitlines())
    assert rules["excuse"] == "error" and rules["dead-end"] == "error" and rules["vague-timeline"] == "warning"


def test_test_patterns_ignores_select_and_ignore(team_project):
    (team_project / "pyproject.toml").write_text(
        '[tool.replylint]\npatterns = ["team"]\nignore = ["excuse", "dead-end"]\n', encoding="utf-8")
    code, out, err = run(["test-patterns"])
    assert code == 0, out + err
    assert out.strip() == "All pattern examples hold."


def test_team_pattern_examples_are_tested(team_project):
    (team_project / "team" / "en" / "no-promo.yaml").write_text(
        TEAM_PATTERNS.replace('pass: ["Your refund was sent today."]', 'pass: ["Our summer sale is on."]'),
        encoding="utf-8")
    code, out, _ = run(["test-patterns"])
    assert code == 1 and "no-promo should pass: 'Our summer sale is on.'" in out


@pytest.mark.parametrize("body,line,message", [
    ('[tool.replylint]\nselct = ["excuse"]\n', 2, "unknown setting 'selct'"),
    ('[tool.replylint]\nselect = ["no-such-rule"]\n', 2, "unknown rule 'no-such-rule' in 'select'"),
    ('[tool.replylint]\n\n[tool.replylint.levels]\nno-such-rule = "error"\n', 4, "unknown rule 'no-such-rule'"),
])
def test_config_mistakes_in_the_current_folder_are_one_line(tmp_path, body, line, message):
    """Run as a real process from the folder holding the config: exit 2, one line, no traceback."""
    (tmp_path / "pyproject.toml").write_text(body, encoding="utf-8")
    (tmp_path / "reply.txt").write_text(PROMO, encoding="utf-8")
    for command in (["check", "reply.txt"], ["rules"], ["explain", "excuse"], ["test-patterns"]):
        proc = subprocess.run([sys.executable, "-m", "replylint", *command], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 2, (command, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr
        [error] = proc.stderr.strip().splitlines()
        assert error.startswith(f"{tmp_path / 'pyproject.toml'}:{line}: ") and message in error


def test_unknown_rule_on_the_command_line(team_project):
    code, _, err = run(["check", "reply.txt", "--select", "no-such-rule"])
    assert code == 2 and "unknown rule 'no-such-rule' in --select" in err


def test_api_validates_rule_names():
    with pytest.raises(ConfigError, match="unknown rule 'nope' in 'select'"):
        replylint.Linter(Config(select=("nope",)))
    lenient = replylint.Linter(Config(select=("nope", "dead-end")), strict=False)
    assert [d.rule for d in lenient.lint("There's nothing we can do.")] == ["dead-end"]
