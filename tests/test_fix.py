"""--fix and --diff (issue 12): suggestions written back in every reader's format, the file kept
valid, nothing touched that changed since it was read."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from replylint.fixes import write_fixed
from replylint.runner import fingerprint

from .test_cli import run

FIX = Path(__file__).parent / "fixtures" / "fix-patterns"
TRICKY = "here's a \"plan B\" & more: see #2"


@pytest.fixture()
def project(tmp_path, monkeypatch):
    (tmp_path / ".replylint.toml").write_text(f'patterns = ["{FIX.as_posix()}"]\nselect = ["dead-end"]\n',
                                             encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fix(*paths: str) -> tuple[int, str, str]:
    return run(["check", "--fix", *paths])


def test_fix_plain_text_and_report_what_remains(project):
    (project / "r.txt").write_text("Hi.\nSorry, we are out of options.\nThere's nothing we can do.\n", encoding="utf-8")
    code, out, err = fix("r.txt")
    assert (project / "r.txt").read_text(encoding="utf-8") == (
        "Hi.\nSorry, we can refund you today.\nThere's nothing we can do.\n")
    assert "Fixed 1 problem in 1 file." in err
    assert code == 1 and "r.txt:3:1: error dead-end" in out and "r.txt:2:" not in out  # no suggestion: remains


def test_capital_kept_at_a_sentence_start(project):
    (project / "r.md").write_text("We are out of options.\n", encoding="utf-8")
    assert fix("r.md")[0] == 0
    assert (project / "r.md").read_text(encoding="utf-8") == "We can refund you today.\n"


def test_diff_changes_nothing(project):
    (project / "r.txt").write_text("Sorry, we are out of options.\n", encoding="utf-8")
    code, out, err = run(["check", "--diff", "r.txt"])
    assert code == 1
    assert out == ("--- a/r.txt\n+++ b/r.txt\n@@ -1 +1 @@\n-Sorry, we are out of options.\n"
                   "+Sorry, we can refund you today.\n")
    assert err == "1 fix available in 1 file.\n"
    assert (project / "r.txt").read_text(encoding="utf-8") == "Sorry, we are out of options.\n"
    (project / "ok.txt").write_text("Thanks!\n", encoding="utf-8")
    assert run(["check", "--diff", "ok.txt"])[:2] == (0, "")


def test_fix_inside_a_json_string_keeps_it_valid(project):
    (project / "m.json").write_text('{"macros": [{"title": "T", "actions": [{"field": "comment_value", '
                                    '"value": "Hi,\\nthere is nothing left to try."}]}]}\n', encoding="utf-8")
    fix("m.json")
    data = json.loads((project / "m.json").read_text(encoding="utf-8"))
    assert data["macros"][0]["actions"][0]["value"] == f"Hi,\nthere is {TRICKY}."


@pytest.mark.parametrize("body,expected", [
    ("|\n    Hi.\n    There is nothing left to try.\n", f"Hi.\nThere is {TRICKY}.\n"),
    ('"There is nothing left to try."\n', f"There is {TRICKY}."),
    ("'There is nothing left to try.'\n", f"There is {TRICKY}."),
])
def test_fix_inside_yaml_keeps_it_valid(project, body, expected):
    (project / "t.yaml").write_text(f"- title: T\n  body: {body}", encoding="utf-8")
    fix("t.yaml")
    assert yaml.safe_load((project / "t.yaml").read_text(encoding="utf-8"))[0]["body"] == expected


def test_unsafe_replacement_in_a_plain_yaml_scalar_is_skipped(project):
    (project / "t.yaml").write_text("- title: T\n  body: There is nothing left to try.\n", encoding="utf-8")
    code, out, err = fix("t.yaml")
    assert "Fixed" not in err and "dead-end" in out  # ": " and " #" would end the plain scalar
    assert (project / "t.yaml").read_text(encoding="utf-8") == "- title: T\n  body: There is nothing left to try.\n"
    (project / "u.yaml").write_text("- title: T\n  body: We are out of options.\n", encoding="utf-8")
    fix("u.yaml")
    assert yaml.safe_load((project / "u.yaml").read_text(encoding="utf-8"))[0]["body"] == "We can refund you today."


def test_fix_in_csv_and_html(project):
    (project / "r.csv").write_text('title,reply\nA,"Sorry, we are out of options."\nB,There is nothing left to try.\n',
                                   encoding="utf-8")
    fix("r.csv")
    assert (project / "r.csv").read_text(encoding="utf-8") == (
        'title,reply\nA,"Sorry, we can refund you today."\nB,There is nothing left to try.\n')  # quotes: skipped
    (project / "p.html").write_text("<p>There is nothing left to try.</p>\n", encoding="utf-8")
    fix("p.html")
    assert (project / "p.html").read_text(encoding="utf-8") == (
        "<p>There is here's a \"plan B\" &amp; more: see #2.</p>\n")


def test_a_file_changed_since_it_was_read_is_not_touched(project):
    path = project / "r.txt"
    path.write_text("Sorry, we are out of options.\n", encoding="utf-8")
    read_as = fingerprint(path)
    path.write_text("Someone else's edit.\n", encoding="utf-8")
    assert write_fixed(path, "fixed\n", "utf-8", read_as) == (
        "not fixed: the file changed since it was read (run again)")
    assert path.read_text(encoding="utf-8") == "Someone else's edit.\n"


def test_fix_keeps_encoding_and_permissions(project):
    path = project / "r.txt"
    path.write_bytes("\ufeffSorry, we are out of options.\r\n".encode())
    os.chmod(path, 0o640)
    fix("r.txt")
    assert path.read_bytes() == "\ufeffSorry, we can refund you today.\r\n".encode()
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in project.iterdir() if p.name.endswith(".replylint")] == []


def test_fix_and_diff_refuse_standard_input(project):
    code, _, err = run(["check", "--fix", "-"], stdin="x")
    assert code == 2 and "need files" in err
