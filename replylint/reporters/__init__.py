"""Reporters: write findings in the form a person or a CI system reads.

Each reporter is a function ``(findings, out, context)`` registered under a
``--format`` name. Adding a format means one module and one ``register`` call (and
its import at the end of this file). Built in: ``text``, ``json`` (here), ``sarif``,
``github``, ``junit``.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TextIO

from ..catalogue import Rule
from ..diagnostic import LEVEL_RANK, LEVELS, Diagnostic
from ..escaping import displayable


@dataclass
class Finding:
    """A diagnostic placed in a file (1-based lines, 1-based character columns)."""

    path: str
    diagnostic: Diagnostic
    line: int
    column: int
    end_line: int
    end_column: int
    reply: str = ""  # which template inside the file

    def to_dict(self) -> dict:
        d = self.diagnostic
        return {"path": self.path, "rule": d.rule, "level": d.level, "message": d.message,
                "line": self.line, "column": self.column, "end_line": self.end_line,
                "end_column": self.end_column, "lang": d.lang, "suggestions": list(d.suggestions),
                "reply": self.reply, "pattern": d.pattern}


@dataclass
class FileError:
    """A file that could not be checked: which, what is wrong, and where when known."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    text: str | None = None  # the full line to print, when it is not about the file itself

    def __str__(self) -> str:
        if self.text is not None:
            return self.text
        where = self.path + "".join(f":{n}" for n in (self.line, self.column if self.line else None) if n)
        return f"{where}: error: {self.message}"


@dataclass
class RunContext:
    """What reporters may want besides the findings."""

    files_checked: int = 0
    replies_checked: int = 0
    errors: list[str] = field(default_factory=list)  # one line per file that could not be checked
    rules: Mapping[str, Rule] = field(default_factory=dict)  # rule id -> Rule (a RuleSet in a run)
    replies: list[tuple[str, str, str | None]] = field(default_factory=list)  # (path, reply name, lang)
    failed_files: list[FileError] = field(default_factory=list)  # also in ``errors``, as lines
    fail_on: str = "error"  # lowest level that fails the run (--fail-on)


def described_rules(ctx: RunContext) -> list[Rule]:
    """The run's rules as its configuration uses them (configured levels)."""
    effective = getattr(ctx.rules, "effective_rules", None)
    return effective() if effective is not None else list(ctx.rules.values())


Reporter = Callable[[list[Finding], TextIO, RunContext], None]
_REPORTERS: dict[str, Reporter] = {}


def register(name: str, reporter: Reporter) -> None:
    _REPORTERS[name] = reporter


def get(name: str) -> Reporter:
    return _REPORTERS[name]


def names() -> list[str]:
    return list(_REPORTERS)


def report_text(findings: list[Finding], out: TextIO, ctx: RunContext) -> None:
    for f in findings:
        d = f.diagnostic
        # file names and quoted reply text may hold line breaks, ESC, bidi controls, lone surrogates
        out.write(f"{displayable(f.path)}:{f.line}:{f.column}: {d.level} {d.rule} {displayable(d.message)}\n")
    errors = sum(f.diagnostic.level == "error" for f in findings)
    warnings = sum(f.diagnostic.level == "warning" for f in findings)
    infos = len(findings) - errors - warnings
    files = ctx.files_checked
    if findings:
        parts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
        if infos:
            parts.append(f"{infos} info")
        out.write(f"Found {len(findings)} problem{'s' * (len(findings) != 1)} ({', '.join(parts)}) "
                  f"in {files} file{'s' * (files != 1)}.\n")
    else:
        out.write(f"No problems found in {files} file{'s' * (files != 1)}.\n")


def report_json(findings: list[Finding], out: TextIO, ctx: RunContext) -> None:
    json.dump([f.to_dict() for f in findings], out, ensure_ascii=False, indent=2)
    out.write("\n")


register("text", report_text)
register("json", report_json)


def fails(finding: Finding, ctx: RunContext) -> bool:
    """Whether this finding makes the run fail (its level is at or above ``--fail-on``)."""
    return LEVEL_RANK[finding.diagnostic.level] >= LEVEL_RANK[ctx.fail_on]


def write_statistics(findings: list[Finding], out: TextIO, ctx: RunContext) -> None:
    """``--statistics``: findings per rule, then replies and findings per language."""
    by_rule: dict[str, dict[str, int]] = {}
    for f in findings:
        levels = by_rule.setdefault(f.diagnostic.rule, {})
        levels[f.diagnostic.level] = levels.get(f.diagnostic.level, 0) + 1
    out.write("Findings per rule:\n")
    if not by_rule:
        out.write("  (none)\n")
    width = max((len(r) for r in by_rule), default=0)
    for rule, levels in sorted(by_rule.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        detail = ", ".join(f"{levels[lv]} {lv}" for lv in reversed(LEVELS) if lv in levels)
        out.write(f"  {sum(levels.values()):>5}  {rule:<{width}}  ({detail})\n")
    replies_by_lang: dict[str, int] = {}
    for _, _, lang in ctx.replies:
        replies_by_lang[lang or "?"] = replies_by_lang.get(lang or "?", 0) + 1
    findings_by_lang: dict[str, int] = {}
    for f in findings:
        findings_by_lang[f.diagnostic.lang] = findings_by_lang.get(f.diagnostic.lang, 0) + 1
    out.write("Per language:\n")
    langs = sorted(set(replies_by_lang) | set(findings_by_lang))
    if not langs:
        out.write("  (none)\n")
    for lang in langs:
        replies, found = replies_by_lang.get(lang, 0), findings_by_lang.get(lang, 0)
        out.write(f"  {lang:<3} {replies:>5} repl{'ies' if replies != 1 else 'y'}  "
                  f"{found:>5} finding{'s' * (found != 1)}\n")


# Each module registers its format on import.
from . import github, junit, sarif  # noqa: E402,F401
