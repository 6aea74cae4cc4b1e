"""The rule pages (docs/rules/) and the README's rule table are generated from patterns/rules.yaml.

The committed files must match what the catalogue renders today, every built-in rule must say
where it comes from and since when, and every example shown on a page must do what it claims:
the bad one is flagged by its rule, the good one by nothing.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from replylint import rule_docs
from replylint.catalogue import Example, load_catalogue
from replylint.pattern_files import PatternFileError

REPO = Path(__file__).resolve().parent.parent
RULES = list(load_catalogue(REPO / "patterns" / "rules.yaml").values())


def test_committed_pages_and_readme_table_are_current():
    stale = rule_docs.stale_files(rule_docs.expected_files(REPO, RULES)) + rule_docs.orphan_pages(REPO, RULES)
    assert not stale, (f"out of date with patterns/rules.yaml: {[str(p.relative_to(REPO)) for p in stale]}; "
                       "run `python -m replylint.rule_docs`")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_says_where_it_comes_from_and_since_when(rule):
    assert rule.link, f"{rule.id}: no link"
    assert rule.since, f"{rule.id}: no since"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_page_has_ruff_sections(rule):
    page = rule_docs.render_page(rule)
    headings = [line for line in page.splitlines() if line.startswith("#")]
    assert headings == [f"# {rule.id} ({rule.level})", "## What it does", "## Why is this bad?",
                        "## Example", "## Use instead"]
    assert page.rstrip().endswith(f"Added in {rule.since}") and rule_docs.format_source(rule.link) in page
    assert all(f"{name}:" in page for name in rule_docs.LANGUAGE_NAMES.values())


EXAMPLES = [(r.id, lang, ex.bad, ex.good) for r in RULES
            for lang, ex in [("en", Example(r.example_bad, r.example_good)), *r.examples.items()]]


@pytest.mark.parametrize("rule,lang,bad,good", EXAMPLES, ids=[f"{e[0]}-{e[1]}" for e in EXAMPLES])
def test_page_examples_do_what_they_claim(linter, rule, lang, bad, good):
    assert rule in {d.rule for d in linter.lint(bad, lang=lang)}, f"{rule} does not flag its {lang} example {bad!r}"
    assert not linter.lint(good, lang=lang), f"the {lang} 'use instead' of {rule} is flagged: {good!r}"


def test_readme_table_links_every_rule():
    table = rule_docs.render_table(RULES)
    assert all(f"[`{r.id}`](docs/rules/{r.id}.md) | {r.level} |" in table for r in RULES)
    with pytest.raises(ValueError, match="rules-table:start"):
        rule_docs.replace_table("no markers here", table)


def test_rule_doc_url_is_relative_unless_a_base_is_set(monkeypatch):
    assert rule_docs.rule_doc_url("dead-end") == "docs/rules/dead-end.md"
    monkeypatch.setattr(rule_docs, "DOCS_BASE", "https://example.org/replylint/rules")
    assert rule_docs.rule_doc_url("dead-end") == "https://example.org/replylint/rules/dead-end.md"


def copy_checkout(tmp_path: Path) -> Path:
    (tmp_path / "patterns").mkdir()
    shutil.copy(REPO / "patterns" / "rules.yaml", tmp_path / "patterns" / "rules.yaml")
    shutil.copy(REPO / "README.md", tmp_path / "README.md")
    shutil.copytree(REPO / "docs" / "rules", tmp_path / "docs" / "rules")
    return tmp_path


def test_check_names_stale_files_without_writing_then_regenerate_fixes_them(tmp_path, capsys):
    root = copy_checkout(tmp_path)
    rules_yaml = root / "patterns" / "rules.yaml"
    rules_yaml.write_text(rules_yaml.read_text(encoding="utf-8").replace(
        "Promises an action but gives no concrete time.", "Promises an action with no time."), encoding="utf-8")
    (root / "docs" / "rules" / "old-rule.md").write_text("# old-rule\n", encoding="utf-8")
    before = (root / "README.md").read_text(encoding="utf-8")

    assert rule_docs.main(["--check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "docs/rules/missing-timeline.md" in err and "README.md" in err and "old-rule.md" in err
    assert "docs/rules/dead-end.md" not in err
    assert (root / "README.md").read_text(encoding="utf-8") == before

    assert rule_docs.main(["--root", str(root)]) == 0
    assert "Promises an action with no time." in (root / "docs" / "rules" / "missing-timeline.md").read_text("utf-8")
    assert not (root / "docs" / "rules" / "old-rule.md").exists()
    assert rule_docs.main(["--check", "--root", str(root)]) == 0


def write_rules(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  zorg:\n    kind: phrase\n    summary: Zorg.\n" + body, encoding="utf-8")
    return path


def test_team_rules_may_omit_link_and_since(tmp_path):
    rule = load_catalogue(write_rules(tmp_path, "    example: {bad: 'Zorg!', good: 'Hello.'}\n"))["zorg"]
    assert (rule.link, rule.since, rule.examples, rule.example_bad) == ("", "", {}, "Zorg!")
    assert "Added in" not in rule_docs.render_page(rule) and "Source:" not in rule_docs.render_page(rule)


def test_per_language_examples_keep_the_english_pair_for_explain(tmp_path):
    rule = load_catalogue(write_rules(tmp_path, "    example:\n      bad: B\n      good: G\n"
                                                "      ru: {bad: Плохо, good: Хорошо}\n"))["zorg"]
    assert (rule.example_bad, rule.example_good) == ("B", "G")
    assert (rule.examples["ru"].bad, rule.examples["ru"].good) == ("Плохо", "Хорошо")
    assert "Example:\n    B" in rule.explanation()


@pytest.mark.parametrize("body,line,message", [
    ("    example:\n      bad: B\n      fr: {bad: x}\n", 7, "unknown key 'fr'"),
    ("    example:\n      ru: [x]\n", 6, "example.ru must be a mapping"),
    ("    example:\n      zh:\n        bad: 3\n", 7, "'bad' must be a string"),
    ("    since: 0.2\n", 5, "since must be a version string"),
    ("    link: [a, b]\n", 5, "link must be a string"),
    ("    lnk: RULES.md\n", 2, "unknown key 'lnk'"),
])
def test_catalogue_errors_name_file_and_line(tmp_path, body, line, message):
    path = write_rules(tmp_path, body)
    with pytest.raises(PatternFileError, match=message) as info:
        load_catalogue(path)
    assert str(info.value).startswith(f"{path}:{line}:")


@pytest.mark.parametrize("entry", ["{all: [apology, promise]}", "{signal: apology, scope: sentence}"])
def test_document_rule_unless_takes_only_signal_names(tmp_path, entry):
    """A document rule's unless used to read a mapping as a signal name no signal has, so the
    exemption silently never applied; now it is an error naming the file."""
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  zorg:\n    kind: document\n    summary: Zorg.\n    when: [problem]\n"
                    f"    unless: [{entry}]\n", encoding="utf-8")
    with pytest.raises(PatternFileError, match="unless takes signal names") as info:
        load_catalogue(path)
    assert str(info.value).startswith(f"{path}:")


def test_document_rule_unless_keeps_its_signal_names(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  zorg:\n    kind: document\n    summary: Zorg.\n    when: [problem]\n"
                    "    unless: [apology, promise]\n", encoding="utf-8")
    assert load_catalogue(path)["zorg"].satisfied_by == ["apology", "promise"]
