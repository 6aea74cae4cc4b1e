"""Directives that name unknown rules (always a warning) and directives that silence nothing
(--report-unused-suppressions) — issue 12, defect 5."""
from __future__ import annotations

import json

from .test_cli import DEAD_END, run

UNKNOWN = ("warning: unknown rule 'dead-ned' in replylint-disable-line (see `replylint rules`); "
           "it silences nothing")


def test_a_misspelled_rule_in_a_directive_is_a_warning(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(DEAD_END.rstrip("\n") + " # replylint-disable-line dead-ned\n", encoding="utf-8")
    code, out, err = run(["check", str(path), "--select", "dead-end"])
    assert code == 1  # the finding it meant to silence is still reported
    assert f"{path}:1:1: error dead-end" in out
    assert err == f"{path}:1:28: {UNKNOWN}\n"


def test_unknown_rule_warning_in_json_and_in_a_yaml_template(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("- title: T\n  body: |\n    Hello. <!-- replylint-disable-line dead-ned -->\n", encoding="utf-8")
    code, out, _ = run(["check", str(path), "--format", "json"])
    assert code == 0
    [record] = [r for r in json.loads(out) if r["kind"] == "file-warning"]
    assert (record["line"], record["column"], record["level"]) == (3, 12, "warning")


def test_unused_suppressions_only_on_request(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("Hi. # replylint-disable-line dead-end\n# replylint-disable-next-line dead-end\n" + DEAD_END
                    + "Fine. # replylint-disable-line\n", encoding="utf-8")
    code, out, err = run(["check", str(path), "--select", "dead-end"])
    assert (code, err) == (0, "") and out.startswith("No problems")
    code, out, _ = run(["check", str(path), "--select", "dead-end", "--report-unused-suppressions"])
    assert code == 1
    lines = [line for line in out.splitlines() if "unused-suppression" in line]
    assert lines == [
        f"{path}:1:5: error unused-suppression unused suppression: dead-end is not reported here "
        "(replylint-disable-line)",
        f"{path}:4:7: error unused-suppression unused suppression: replylint-disable-line silences nothing here"]


def test_rules_not_run_are_never_called_unused(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("Hi. # replylint-disable-line excuse\n", encoding="utf-8")
    code, out, _ = run(["check", str(path), "--select", "dead-end", "--report-unused-suppressions"])
    assert code == 0 and "unused" not in out


def test_region_and_file_directives(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("# replylint-disable dead-end\n" + DEAD_END + "# replylint-enable\n"
                    "# replylint-disable-file vague-timeline\n", encoding="utf-8")
    code, out, _ = run(["check", str(path), "--select", "dead-end,vague-timeline", "--report-unused-suppressions"])
    assert [line.split(": ", 1)[0] for line in out.splitlines() if "unused" in line] == [f"{path}:4:1"]


def test_unused_suppressions_and_file_warnings_in_sarif(tmp_path):
    from .test_reporters import validate_sarif

    path = tmp_path / "r.txt"
    path.write_text("Hi. # replylint-disable-line dead-end dead-ned\n", encoding="utf-8")
    (tmp_path / "premade.yaml").write_text("- title: T\n  response: |\n    Hi\n%{x} there.\n", encoding="utf-8")
    code, out, _ = run(["check", str(tmp_path), "--format", "sarif", "--select", "dead-end",
                        "--report-unused-suppressions"])
    assert code == 1
    log = json.loads(out)
    validate_sarif(log)
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "unused-suppression" and result["level"] == "error"
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert sorted(n["level"] for n in notes) == ["warning", "warning"]  # the unknown rule, the mended line
