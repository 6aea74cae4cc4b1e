"""Reporters: write findings in the form a person or a CI system reads.

Each reporter is a function ``(findings, out, context)`` registered under a
``--format`` name. Adding a format means one module and one ``register`` call (and
its import at the end of this file). Built in: ``text``, ``json`` (here), ``full`` and
``concise`` (``full``), ``sarif``, ``github``, ``junit``.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
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


@dataclass
class Tally:
    """What a report says about all its findings, counted as they go by, so a streamed run
    keeps counts instead of the findings: levels (the summary line, the exit code), rules
    and languages (``--statistics``), suggestions (the ``[*] fixable`` line)."""

    findings: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    by_rule: dict[str, dict[str, int]] = field(default_factory=dict)
    by_lang: dict[str, int] = field(default_factory=dict)
    safe_fixes: int = 0  # findings with a suggestion --fix applies
    unsafe_fixes: int = 0  # findings whose suggestions need --unsafe-fixes

    def add(self, f: Finding) -> None:
        d = f.diagnostic
        self.findings += 1
        self.levels[d.level] = self.levels.get(d.level, 0) + 1
        levels = self.by_rule.setdefault(d.rule, {})
        levels[d.level] = levels.get(d.level, 0) + 1
        self.by_lang[d.lang] = self.by_lang.get(d.lang, 0) + 1
        if d.suggestions:
            if d.fix_safe:
                self.safe_fixes += 1
            else:
                self.unsafe_fixes += 1

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Tally:
        tally = cls()
        for f in findings:
            tally.add(f)
        return tally

    def at_or_above(self, level: str) -> int:
        """Findings at ``level`` or above it (``--fail-on``)."""
        return sum(n for lv, n in self.levels.items() if LEVEL_RANK[lv] >= LEVEL_RANK[level])


class ReportStream:
    """A report written finding by finding, in the run's order (:meth:`add`), then closed
    (:meth:`close`: what follows the findings: the summary line, the files that could not be
    read). The base class keeps the findings and hands them to a whole-run reporter at the
    end: SARIF and JUnit need the whole run (SARIF lists the run's errors before its results,
    JUnit groups findings by reply)."""

    def __init__(self, out: TextIO, ctx: RunContext, reporter: Reporter | None = None):
        self.out, self.ctx, self.reporter = out, ctx, reporter
        self.tally = Tally()
        self._kept: list[Finding] = []

    def add(self, f: Finding) -> None:
        self.tally.add(f)
        self._kept.append(f)

    def close(self) -> None:
        assert self.reporter is not None
        self.reporter(self._kept, self.out, self.ctx)


class TextStream(ReportStream):
    """``text``/``concise``: one line per finding, then the summary line."""

    def add(self, f: Finding) -> None:
        from .full import headline

        self.tally.add(f)
        self.out.write(headline(f, self.ctx.color) + "\n")

    def close(self) -> None:
        self.out.write(summary_of(self.tally, self.ctx) + "\n")


class JsonStream(ReportStream):
    """``json``: the records of a JSON array written one at a time (the same text as
    ``json.dump(records, indent=2)``), the files that could not be read after the findings."""

    def __init__(self, out: TextIO, ctx: RunContext, reporter: Reporter | None = None):
        super().__init__(out, ctx, reporter)
        self._records = 0

    def _record(self, record: dict) -> None:
        text = json.dumps(record, ensure_ascii=False, indent=2)  # no raw line breaks inside strings
        self.out.write(("[\n" if not self._records else ",\n") + "\n".join("  " + line for line in text.split("\n")))
        self._records += 1

    def add(self, f: Finding) -> None:
        self.tally.add(f)
        self._record({**f.to_dict(), "kind": "finding"})

    def close(self) -> None:
        for error in (*self.ctx.failed_files, *self.ctx.file_warnings):
            self._record(error.to_dict())
        self.out.write("\n]\n" if self._records else "[]\n")


class StatisticsStream(ReportStream):
    """``--statistics --format json``: only the counts are the report."""

    def add(self, f: Finding) -> None:
        self.tally.add(f)

    def close(self) -> None:
        json.dump(statistics_of(self.tally, self.ctx), self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


_STREAMS: dict[str, type[ReportStream]] = {}


def stream(name: str, out: TextIO, ctx: RunContext) -> ReportStream:
    """A report of format ``name`` that takes findings as they come (formats that need the
    whole run keep them and write at :meth:`ReportStream.close`)."""
    return _STREAMS.get(name, ReportStream)(out, ctx, _REPORTERS[name])


def streams(name: str) -> bool:
    """Whether format ``name`` writes each finding as it comes (keeps no finding)."""
    return name in _STREAMS


def _through(kind: type[ReportStream]) -> Reporter:
    """The whole-run reporter of a streamed format: the same text, written through its stream."""
    def reporter(findings: list[Finding], out: TextIO, ctx: RunContext) -> None:
        s = kind(out, ctx)
        for f in findings:
            s.add(f)
        s.close()
    return reporter


Reporter = Callable[[list[Finding], TextIO, RunContext], None]
_REPORTERS: dict[str, Reporter] = {}


_NAMING_REPLIES: set[str] = set()  # formats that need RunContext.replies


def register(name: str, reporter: Reporter, names_replies: bool = False,
             streamed: type[ReportStream] | None = None) -> None:
    """``streamed``: the format's :class:`ReportStream` when it can write findings as they come."""
    _REPORTERS[name] = reporter
    if streamed is not None:
        _STREAMS[name] = streamed
    if names_replies:
        _NAMING_REPLIES.add(name)


def names_replies(name: str) -> bool:
    """Whether the format ``name`` lists every reply (so the run keeps their names)."""
    return name in _NAMING_REPLIES


def get(name: str) -> Reporter:
    return _REPORTERS[name]


def names() -> list[str]:
    return list(_REPORTERS)


report_text = _through(TextStream)
report_text.__doc__ = """One line per finding, ``path:line:col: level rule message``, then a summary line."""


def summary_line(findings: list[Finding], ctx: RunContext) -> str:
    return summary_of(Tally.of(findings), ctx)


def summary_of(tally: Tally, ctx: RunContext) -> str:
    errors = tally.levels.get("error", 0)
    warnings = tally.levels.get("warning", 0)
    total = tally.findings
    infos = total - errors - warnings
    files = ctx.files_checked
    if total:
        parts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
        if infos:
            parts.append(f"{infos} info")
        return (f"Found {total} problem{'s' * (total != 1)} ({', '.join(parts)}) "
                f"in {files} file{'s' * (files != 1)}.")
    return f"No problems found in {files} file{'s' * (files != 1)}."


report_json = _through(JsonStream)
report_json.__doc__ = """Findings (``kind`` "finding"), then the files that could not be read or were read with a
warning (``kind`` "file-error" / "file-warning", ``rule`` null)."""


register("text", report_text, streamed=TextStream)
register("json", report_json, streamed=JsonStream)


def fails(finding: Finding, ctx: RunContext) -> bool:
    """Whether this finding makes the run fail (its level is at or above ``--fail-on``)."""
    return LEVEL_RANK[finding.diagnostic.level] >= LEVEL_RANK[ctx.fail_on]


def statistics(findings: list[Finding], ctx: RunContext) -> dict:
    """``--statistics`` as data: findings per rule (by level), replies and findings per language."""
    return statistics_of(Tally.of(findings), ctx)


def statistics_of(tally: Tally, ctx: RunContext) -> dict:
    """:func:`statistics` from the counts of a streamed run."""
    replies_by_lang: dict[str, int] = dict(ctx.reply_langs)
    if not replies_by_lang:  # a context filled by hand (the library, tests)
        for _, _, lang in ctx.replies:
            replies_by_lang[lang or "?"] = replies_by_lang.get(lang or "?", 0) + 1
    findings_by_lang = tally.by_lang
    rules = [{"rule": rule, "count": sum(levels.values()),
              "levels": {lv: levels[lv] for lv in reversed(LEVELS) if lv in levels}}
             for rule, levels in sorted(tally.by_rule.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))]
    languages = [{"lang": lang, "replies": replies_by_lang.get(lang, 0), "findings": findings_by_lang.get(lang, 0)}
                 for lang in sorted(set(replies_by_lang) | set(findings_by_lang))]
    return {"files_checked": ctx.files_checked, "replies_checked": ctx.replies_checked,
            "files_failed": len(ctx.failed_files), "findings": tally.findings, "rules": rules,
            "languages": languages}


def write_statistics_json(findings: list[Finding], out: TextIO, ctx: RunContext) -> None:
    json.dump(statistics(findings, ctx), out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_statistics(findings: list[Finding] | Tally, out: TextIO, ctx: RunContext) -> None:
    """``--statistics``: findings per rule, then replies and findings per language."""
    stats = statistics_of(findings if isinstance(findings, Tally) else Tally.of(findings), ctx)
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
