"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning and other CI tools read it.

One run; the tool's rules carry their catalogue text (summary, why, what to write
instead: the same text as ``replylint explain``); each result has its rule, level and
physical location. Columns count characters (``columnKind: unicodeCodePoints``) and
end columns are exclusive, as SARIF defines them. Files that could not be read are
reported as tool execution notifications, and the invocation as unsuccessful.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from ..rule_docs import rule_doc_url
from . import FileError, Finding, RunContext, described_rules, register

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> dict:
    """Relative paths stay relative to the source root (as code scanning wants); absolute
    ones become ``file://`` URIs. The file name's bytes are percent-encoded, so a name that
    is not UTF-8 (``b\\xff.txt`` arrives as ``b\\udcff.txt``) gives ``b%FF.txt``."""
    p = Path(path)
    if p.is_absolute():
        return {"uri": "file://" + quote(_name_bytes(p.as_posix()), safe="/")}
    return {"uri": quote(_name_bytes(p.as_posix()), safe="/"), "uriBaseId": "%SRCROOT%"}


def _name_bytes(name: str) -> bytes:
    """The bytes of a file name as the file system has them (lone surrogates that did not
    come from the file system become U+FFFD)."""
    try:
        return os.fsencode(name)
    except UnicodeEncodeError:
        return name.encode("utf-8", "replace")


def _rule_descriptor(rule) -> dict:
    descriptor = {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.summary or rule.id},
        "help": {"text": rule.explanation()},
        "defaultConfiguration": {"level": SARIF_LEVEL.get(rule.level, "warning")},
        "properties": {"tags": ["support-reply", rule.kind]},
    }
    if rule.why:
        descriptor["fullDescription"] = {"text": rule.why}
    url = rule_doc_url(rule.id)
    if "://" in url:  # only a published docs site (REPLYLINT_DOCS_BASE) is a usable helpUri
        descriptor["helpUri"] = url
    return descriptor


def _result(f: Finding, rule_index: dict[str, int]) -> dict:
    d = f.diagnostic
    message = d.message
    if d.suggestions:
        message += " Suggestion: " + " / ".join(d.suggestions)
    location: dict = {
        "physicalLocation": {
            "artifactLocation": artifact_uri(f.path),
            "region": {"startLine": f.line, "startColumn": f.column,
                       "endLine": f.end_line, "endColumn": f.end_column},
        }
    }
    if f.reply:
        location["logicalLocations"] = [{"name": f.reply, "kind": "object"}]
    result: dict[str, Any] = {
        "ruleId": d.rule, "level": SARIF_LEVEL.get(d.level, "warning"),
        "message": {"text": message}, "locations": [location],
        "properties": {"lang": d.lang, **({"pattern": d.pattern} if d.pattern else {})},
    }
    if d.suggestions:  # SARIF ``fixes`` need source-file edits; the suggestions and their safety go here
        result["properties"].update(suggestions=list(d.suggestions), fixApplicability=d.fix_applicability)
    if d.rule in rule_index:
        result["ruleIndex"] = rule_index[d.rule]
    return result


def _notification(line: str, ctx: RunContext, error: FileError | None = None) -> dict:
    """A file that could not be checked (or was read with a warning), with its location when known."""
    if error is None:
        error = next((e for e in ctx.failed_files if str(e) == line), None)
    notification: dict = {"level": error.level if error is not None else "error", "message": {"text": line}}
    if error is not None:
        location: dict = {"artifactLocation": artifact_uri(error.path)}
        if error.line:
            location["region"] = {"startLine": error.line, **({"startColumn": error.column} if error.column else {})}
        notification["locations"] = [{"physicalLocation": location}]
    return notification


def sarif_log(findings: list[Finding], ctx: RunContext) -> dict:
    from .. import __version__

    rules = [_rule_descriptor(rule) for rule in described_rules(ctx)]
    rule_index = {r["id"]: i for i, r in enumerate(rules)}
    invocation = {
        "executionSuccessful": not ctx.errors,
        "toolExecutionNotifications": [_notification(line, ctx) for line in ctx.errors]
        + [_notification(str(w), ctx, w) for w in ctx.file_warnings],
    }
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "replylint", "version": __version__,
                                "semanticVersion": __version__, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "invocations": [invocation],
            "results": [_result(f, rule_index) for f in findings],
        }],
    }


def report_sarif(findings: list[Finding], out: TextIO, ctx: RunContext) -> None:
    json.dump(sarif_log(findings, ctx), out, ensure_ascii=False, indent=2)
    out.write("\n")


register("sarif", report_sarif)
