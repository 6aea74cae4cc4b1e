"""Reporters: write findings in the form a person or a CI system reads.

Each reporter is a function ``(findings, out, context)`` registered under a
``--format`` name. Adding a format means one module and one ``register`` call (and
its import at the end of this file). Built in: ``text``, ``json`` (here), ``full`` and
``concise`` (``full``), ``sarif``, ``github``, ``junit``.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TextIO

from ..catalogue import Rule
from ..diagnostic import LEVEL_RANK, LEVELS, Diagnostic


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
                "fix_applicability": d.fix_applicability, "reply": self.reply, "pattern": d.pattern}


@dataclass
class FileError:
    """A file that could not be checked: which, what is wrong, and where when known."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    text: str | None = None  # the full line to print, when it is not about the file itself
    level: str = "error"  # "warning": the file was read, with something worked around

    def __str__(self) -> str:
        if self.text is not None:
            return self.text
        where = self.path + "".join(f":{n}" for n in (self.line, self.column if self.line else None) if n)
        return f"{where}: {self.level}: {self.message}"

    def to_dict(self) -> dict:
        """A record of ``--format json``, with the keys of a finding (``rule`` null), so a
        file that could not be read is not missing from the report."""
        return {"path": self.path, "rule": None, "level": self.level, "message": self.message,
                "line": self.line, "column": self.column, "end_line": None, "end_column": None,
                "lang": None, "suggestions": [], "fix_applicability": None, "reply": "", "pattern": None,
                "kind": "file-error" if self.level == "error" else "file-warning"}


@dataclass
class RunContext:
    """What reporters may want besides the findings."""

    files_checked: int = 0
    replies_checked: int = 0
    errors: list[str] = field(default_factory=list)  # one line per file that could not be checked
    rules: Mapping[str, Rule] = field(default_factory=dict)  # rule id -> Rule (a RuleSet in a run)
    # (path, reply name, lang) of every reply: kept only for the reporters that name each reply
    # (junit); a bulk run of 100,000 rows counts languages instead (``reply_langs``)
    replies: list[tuple[str, str, str | None]] = field(default_factory=list)
    reply_langs: dict[str, int] = field(default_factory=dict)  # replies per main language ("?": none)
    failed_files: list[FileError] = field(default_factory=list)  # also in ``errors``, as lines
    file_warnings: list[FileError] = field(default_factory=list)  # files read with a workaround
    fail_on: str = "error"  # lowest level that fails the run (--fail-on)
    color: bool = False  # ANSI colour in the text formats (a terminal without NO_COLOR)
    sources: dict[str, str] = field(default_factory=dict)  # path -> text, for --output-format full


def described_rules(ctx: RunContext) -> list[Rule]:
    """The run's rules as its configuration uses them (configured levels)."""
    effective = getattr(ctx.rules, "effective_rules", None)
    return effective() if effective is not None else list(ctx.rules.values())


Reporter = Callable[[list[Finding], TextIO, RunContext], None]
_REPORTERS: dict[str, Reporter] = {}


_NAMING_REPLIES: set[str] = set()  # formats that need RunContext.replies


def register(name: str, reporter: Reporter, names_replies: bool = False) -> None:
    _REPORTERS[name] = reporter
    if names_replies:
        _NAMING_REPLIES.add(name)


def names_replies(name: str) -> bool:
    """Whether the format ``name`` lists every reply (so the run keeps their names)."""
    return name in _NAMING_REPLIES


def get(name: str) -> Reporter:
    return _REPORTERS[name]


def names() -> list[str]:
    return list(_REPORTERS)


def report_text(findings: list[Finding], out: TextIO, ctx: RunContext) -> None:
    """One line per finding, ``path:line:col: level rule message``, then a summary line."""
    from .full import headline

    for f in findings:
        out.write(headline(f, ctx.color) + "\n")
    out.write(summary_line(findings, ctx) + "\n")


def summary_line(findings: list[Finding], ctx: RunContext) -> str:
    errors = sum(f.diagnostic.level == "error" for f in findings)
    warnings = sum(f.diagnostic.level == "warning" for f in findings)
    infos = len(findings) - errors - warnings
    files = ctx.files_checked
    if findings:
        parts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
        if infos:
            parts.append(f"{infos} info")
        return (f"Found {len(findings)} problem{'s' * (len(findings) != 1)} ({', '.join(parts)}) "
                f"in {files} file{'s' * (files != 1)}.")
    return f"No problems found in {files} file{'s' * (files != 1)}."


def report_json(findings: list[Finding], out: TextIO, ctx: RunContext) -> None:
    """Findings (``kind`` "finding"), then the files that could not be read or were read with a
    warning (``kind`` "file-error" / "file-warning", ``rule`` null)."""
    records = [{**f.to_dict(), "kind": "finding"} for f in findings]
    records += [e.to_dict() for e in (*ctx.failed_files, *ctx.file_warnings)]
    json.dump(records, out, ensure_ascii=False, indent=2)
    out.write("\n")


register("text", report_text)
register("json", report_json)


def fails(finding: Finding, ctx: RunContext) -> bool:
    """Whether this finding makes the run fail (its level is at or above ``--fail-on``)."""
    return LEVEL_RANK[finding.diagnostic.level] >= LEVEL_RANK[ctx.fail_on]


def statistics(findings: list[Finding], ctx: RunContext) -> dict:
    """``--statistics`` as data: findings per rule (by level), replies and findings per language."""
    by_rule: dict[str, dict[str, int]] = {}
    for f in findings:
        levels = by_rule.setdefault(f.diagnostic.rule, {})
        levels[f.diagnostic.level] = levels.get(f.diagnostic.level, 0) + 1
    replies_by_lang: dict[str, int] = dict(ctx.reply_langs)
    if not replies_by_lang:  # a context filled by hand (the library, tests)
        for _, _, lang in ctx.replies:
            replies_by_lang[lang or "?"] = replies_by_lang.get(lang or "?", 0) + 1
    findings_by_lang: dict[str, int] = {}
    for f in findings:
        findings_by_lang[f.diagnostic.lang] = findings_by_lang.get(f.diagnostic.lang, 0) + 1
    rules = [{"rule": rule, "count": sum(levels.values()),
              "levels": {lv: levels[lv] for lv in reversed(LEVELS) if lv in levels}}
             for rule, levels in sorted(by_rule.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))]
    languages = [{"lang": lang, "replies": replies_by_lang.get(lang, 0), "findings": findings_by_lang.get(lang, 0)}
                 for lang in sorted(set(replies_by_lang) | set(findings_by_lang))]
    return {"files_checked": ctx.files_checked, "replies_checked": ctx.replies_checked,
            "files_failed": len(ctx.failed_files), "findings": len(findings), "rules": rules, "languages": languages}


def write_statistics_json(findings: list[Finding], out: TextIO, ctx: RunContext) -> None:
    json.dump(statistics(findings, ctx), out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_statistics(findings: list[Finding], out: TextIO, ctx: RunContext) -> None:
    """``--statistics``: findings per rule, then replies and findings per language."""
    stats = statistics(findings, ctx)
    out.write("Findings per rule:\n")
    if not stats["rules"]:
        out.write("  (none)\n")
    width = max((len(r["rule"]) for r in stats["rules"]), default=0)
    for row in stats["rules"]:
        detail = ", ".join(f"{n} {lv}" for lv, n in row["levels"].items())
        out.write(f"  {row['count']:>5}  {row['rule']:<{width}}  ({detail})\n")
    out.write("Per language:\n")
    if not stats["languages"]:
        out.write("  (none)\n")
    for row in stats["languages"]:
        replies, found = row["replies"], row["findings"]
        out.write(f"  {row['lang']:<3} {replies:>5} repl{'ies' if replies != 1 else 'y'}  "
                  f"{found:>5} finding{'s' * (found != 1)}\n")


# Each module registers its format on import.
from . import full, github, junit, sarif  # noqa: E402,F401
