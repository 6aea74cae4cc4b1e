"""Safe and unsafe fixes, as in ruff (follow-up of issue 15): a suggestion whose pattern says
``fix: unsafe`` may change what the reply says, so ``--fix`` leaves it out unless
``--unsafe-fixes`` is given, the report says how many are hidden, and the editor never
prefers it or puts it in "fix all"."""
from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

import replylint
from replylint.lsp.code_actions import FIX_ALL_KIND, EditContext, code_actions, fix_all_edits
from replylint.lsp.diagnostics import CheckResult
from replylint.lsp.files import check_document
from replylint.pattern_files import PatternFileError, read_pattern_file

from .test_cli import run

PACK = Path(__file__).parent / "fixtures" / "unsafe-fix-patterns"
REPLY = "Sorry, we are out of options.\nThat is zorgless for now.\n"


@pytest.fixture()
def project(tmp_path, monkeypatch):
    (tmp_path / ".replylint.toml").write_text(f'patterns = ["{PACK.as_posix()}"]\nselect = ["dead-end"]\n'
                                             'lang = "en"\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(REPLY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_report_counts_fixable_and_hidden_fixes(project):
    code, out, _ = run(["check", "r.txt"])
    assert "[*] 1 fixable with --fix (1 hidden fix can be enabled with --unsafe-fixes)." in out
    code, out, _ = run(["check", "--unsafe-fixes", "r.txt"])
    assert "[*] 2 fixable with --fix." in out and "hidden" not in out
    code, out, _ = run(["check", "--format", "json", "r.txt"])
    assert "fixable" not in out  # machine formats stay as they were


def test_machine_reports_say_which_fixes_are_safe(project):
    """JSON and SARIF carry each finding's fix applicability (ruff's word), so a tool that applies
    suggestions itself can keep to the safe ones; a finding without suggestions says null/nothing."""
    import json

    _, out, _ = run(["check", "--format", "json", "r.txt"])
    by_text = {tuple(r["suggestions"]): r["fix_applicability"] for r in json.loads(out) if r["kind"] == "finding"}
    assert by_text == {("we can refund you today",): "safe", ("possible later",): "unsafe"}
    _, out, _ = run(["check", "--format", "sarif", "r.txt"])
    results = json.loads(out)["runs"][0]["results"]
    assert sorted(r["properties"]["fixApplicability"] for r in results) == ["safe", "unsafe"]
    assert all(r["properties"]["suggestions"] for r in results)


def test_fix_applies_only_safe_suggestions(project):
    code, out, err = run(["check", "--fix", "r.txt"])
    assert (project / "r.txt").read_text(encoding="utf-8") == (
        "Sorry, we can refund you today.\nThat is zorgless for now.\n")
    assert "Fixed 1 problem in 1 file." in err
    assert "1 hidden fix can be enabled with --unsafe-fixes." in out  # what remains


def test_unsafe_fixes_applies_them_too(project):
    code, out, err = run(["check", "--fix", "--unsafe-fixes", "r.txt"])
    assert (project / "r.txt").read_text(encoding="utf-8") == (
        "Sorry, we can refund you today.\nThat is possible later for now.\n")
    assert "Fixed 2 problems in 1 file." in err


def test_diff_follows_the_same_choice(project):
    _, out, _ = run(["check", "--diff", "r.txt"])
    assert "+Sorry, we can refund you today." in out and "possible later" not in out
    _, out, _ = run(["check", "--diff", "--unsafe-fixes", "r.txt"])
    assert "+That is possible later for now." in out
    assert (project / "r.txt").read_text(encoding="utf-8") == REPLY


def _parse(body: str, tmp_path: Path):
    path = tmp_path / "en" / "dead-end.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return read_pattern_file(path, "en")


def test_fix_safety_is_read_from_entries_swaps_and_swap_pairs(tmp_path):
    pf = _parse('rule: dead-end\npatterns:\n'
                '  a:\n    match: "no way"\n    suggest: "a way"\n    fix: unsafe\n'
                '  b:\n    match: "no chance"\n    suggest: "a chance"\n'
                '  c:\n    fix: unsafe\n    swap:\n      "=l2": "our specialists"\n'
                '  d:\n    swap:\n      "=wms": "our warehouse system"\n'
                '      "=sla": {suggest: "target response time", fix: unsafe}\n', tmp_path)
    safety = {e.id: e.fix_safe for e in pf.patterns}
    assert safety == {"a": False, "b": True, "c-l2": False, "d-wms": True, "d-sla": False}


@pytest.mark.parametrize("body, message", [
    ('  a:\n    match: "no way"\n    suggest: "a way"\n    fix: maybe\n', "'fix' must be 'safe' or 'unsafe'"),
    ('  d:\n    swap:\n      "=sla": {suggest: "x", fixed: unsafe}\n', "unknown key 'fixed' in swap '=sla'"),
    ('  d:\n    swap:\n      "=sla": {fix: unsafe}\n', "swap '=sla' needs a replacement text"),
])
def test_bad_fix_safety_is_an_error_with_its_line(body, message, tmp_path):
    with pytest.raises(PatternFileError, match=message) as info:
        _parse("rule: dead-end\npatterns:\n" + body, tmp_path)
    assert ":" in str(info.value).split(message)[0]  # file:line


def test_shipped_swaps_that_change_meaning_are_unsafe():
    linter = replylint.Linter()
    cases = {
        "We escalated it to the Level 2 team.": {"to the Level 2 team": False},
        "The SLA is 3 days and the backlog is long.": {"SLA": False, "the backlog": True},
        "Мы эскалировали ваш тикет.": {"эскалировали": False, "тикет": True},
        "Тикет висит у L2.": {"висит": False, "у L2": False},  # "заявка висит" is everyday speech
        "我们已经转给二线，研发侧在看。": {"研发侧": True},
    }
    for text, expected in cases.items():
        got = {text[d.start:d.end]: d.fix_safe for d in linter.lint(text) if d.suggestions}
        for span, safe in expected.items():
            assert got.get(span) is safe, (text, span, got)


def test_editor_never_prefers_an_unsafe_fix_nor_puts_it_in_fix_all(tmp_path):
    config = replylint.Config(pattern_dirs=(PACK,), select=("dead-end",), lang="en")
    linter = replylint.Linter(config)
    check = check_document(REPLY, tmp_path / "r.txt", ".txt", linter)
    result = CheckResult("file:///r.txt", 1, REPLY, check, linter)
    assert {p.diagnostic.fix_safe for p in result.placed} == {True, False}
    ctx = EditContext(uri=result.uri, html_comments=False, structured=False, encoding="utf-16",
                      document_changes=False, config_name=None)
    params = types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=result.uri),
                                    range=types.Range(types.Position(0, 0), types.Position(2, 0)),
                                    context=types.CodeActionContext(diagnostics=[]))
    actions = {a.title: a for a in code_actions(result, params, ctx)}
    assert actions["Replace with “we can refund you today”"].is_preferred is True
    assert actions["Replace with “possible later”"].is_preferred is False  # offered, not preferred
    fix_all = [a for a in actions.values() if a.kind == FIX_ALL_KIND]
    assert len(fix_all) == 1
    assert [e.new_text for e in fix_all_edits(result)] == ["we can refund you today"]
