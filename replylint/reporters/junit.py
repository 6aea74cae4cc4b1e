"""``--format junit``: JUnit XML, for CI systems that show test reports (GitLab, Jenkins…).

One ``<testsuite>`` per file and one ``<testcase>`` per template (per reply; a plain
text file is one). A template fails when it has findings at or above ``--fail-on``:
one ``<failure>`` listing them; findings below that level are listed in
``<system-out>``. A file that could not be read is a test case with an ``<error>``.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from ..escaping import safe_line
from . import Finding, RunContext, fails, register

# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _line(f: Finding) -> str:
    """A finding as the text report writes it (escaped: the XML's text is shown in CI logs)."""
    d = f.diagnostic
    return safe_line(f"{f.path}:{f.line}:{f.column}: {d.level} {d.rule} {d.message}")


def junit_tree(findings: list[Finding], ctx: RunContext) -> ET.Element:
    by_case: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        by_case.setdefault((f.path, f.reply), []).append(f)
    suites: dict[str, list[tuple[str, list[Finding], str | None]]] = {}
    seen = set()
    for path, name, _ in ctx.replies:
        if (path, name) not in seen:
            seen.add((path, name))
            suites.setdefault(path, []).append((name, by_case.get((path, name), []), None))
    for (path, name), found in by_case.items():  # findings of a reply the context did not list
        if (path, name) not in seen:
            seen.add((path, name))
            suites.setdefault(path, []).append((name, found, None))
    for failed in ctx.failed_files:
        suites.setdefault(failed.path, []).append(("", [], safe_line(str(failed))))

    root = ET.Element("testsuites", name="replylint")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for path, cases in suites.items():
        suite = ET.SubElement(root, "testsuite", name=_clean(path))
        counts = {"tests": 0, "failures": 0, "errors": 0}
        for name, found, error in cases:
            case = ET.SubElement(suite, "testcase", classname=_clean(path), name=_clean(name or path),
                                 file=_clean(path))
            counts["tests"] += 1
            if error is not None:
                ET.SubElement(case, "error", message=_clean(error), type="read-error").text = _clean(error)
                counts["errors"] += 1
                continue
            failing = [f for f in found if fails(f, ctx)]
            other = [f for f in found if not fails(f, ctx)]
            if failing:
                rules = sorted({f.diagnostic.rule for f in failing})
                message = f"{len(failing)} problem{'s' * (len(failing) != 1)}: {', '.join(rules)}"
                failure = ET.SubElement(case, "failure", message=_clean(message), type=rules[0])
                failure.text = _clean("\n".join(_line(f) for f in failing))
                counts["failures"] += 1
            if other:
                ET.SubElement(case, "system-out").text = _clean("\n".join(_line(f) for f in other))
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    return root


def report_junit(findings: list[Finding], out: TextIO, ctx: RunContext) -> None:
    tree = junit_tree(findings, ctx)
    ET.indent(tree)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(tree, encoding="unicode"))
    out.write("\n")


register("junit", report_junit, names_replies=True)
