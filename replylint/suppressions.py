"""Inline suppression directives: one grammar, read by the linter and written by the editor.

A directive is ``replylint-disable`` (until ``replylint-enable``), ``replylint-disable-line``
(its own line), ``replylint-disable-next-line`` or ``replylint-disable-file``, followed by the
rule ids it silences (none: every rule). It is written in whatever comment form the reply
allows::

    Sorry, no. <!-- replylint-disable-line dead-end -->
    # replylint-disable-next-line dead-end excuse
    // replylint-disable-file internal-jargon
    [replylint-disable-file internal-jargon]

The grammar (:data:`DIRECTIVE`) is defined once here because two sides depend on it agreeing:
:func:`parse_suppressions` reads directives for the linter (which masks their spans), and
:func:`suppress_line` / :func:`suppress_file` write them for the language server's quick fixes.
A writer that recognised a different grammar would add a second directive where one is
already there, or extend a comment the linter does not read. The writers return plain
:class:`Edit` records (string offsets), so this module knows nothing of LSP.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

import regex

from .positions import LineIndex

__all__ = ["DIRECTIVE", "Directive", "Edit", "Rules", "Suppressions", "directive_scopes", "find_directives",
           "parse_suppressions",
           "suppress_file", "suppress_line"]

# The opener (``<!--``, ``#`` or ``//`` after a blank or at a line start, ``[``), the verb and
# scope, the rule list, and the closer (``-->``, ``]`` or the end of the line).
DIRECTIVE = regex.compile(
    r"(?:<!--[ \t]*|(?:^|(?<=\s))(?:#|//)[ \t]*|\[)"
    r"replylint-(?P<verb>disable|enable)(?:-(?P<scope>next-line|line|file))?\b"
    r"(?P<rules>[^\n\]]*?)"
    r"(?:[ \t]*-->|\]|[ \t]*$)",
    regex.M | regex.I,
)
RULE_ID = regex.compile(r"[a-z][a-z0-9-]*")

Rules: TypeAlias = frozenset[str] | None
"""The rules a directive names; ``None`` means every rule."""


@dataclass(frozen=True)
class Directive:
    """One directive found in a text."""

    verb: str  # "disable" or "enable"
    scope: str  # "" (until enable), "line", "next-line" or "file"
    rules: Rules
    line: int  # 0-based line the directive starts on
    start: int  # span of the directive (what the linter masks)
    end: int
    rules_end: int  # just after the last rule id: where another one is appended


def find_directives(text: str) -> Iterator[Directive]:
    """Every directive of ``text``, in order."""
    lines = LineIndex(text)
    for m in DIRECTIVE.finditer(text):
        rules_text = m.group("rules")
        yield Directive(
            verb=m.group("verb").lower(),
            scope=(m.group("scope") or "").lower(),
            rules=frozenset(RULE_ID.findall(rules_text.lower())) or None,
            line=lines.line_col(m.start())[0],
            start=m.start(),
            end=m.end(),
            # the rule list of a ``#`` directive runs to the line end, CR of a CRLF included
            rules_end=m.start("rules") + len(rules_text.rstrip()),
        )


def _covers(rules: Rules, rule: str) -> bool:
    return rules is None or rule in rules


def _union(a: Rules, b: Rules) -> Rules:
    return None if a is None or b is None else a | b


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Spans:
    """Disjoint, sorted, inclusive line intervals, looked up by bisection."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def merged(cls, intervals: list[tuple[int, int]]) -> _Spans:
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(intervals):
            if ends and start <= ends[-1] + 1:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        return cls(tuple(starts), tuple(ends))

    def __contains__(self, line: int) -> bool:
        i = bisect.bisect_right(self.starts, line) - 1
        return i >= 0 and line <= self.ends[i]


@dataclass(frozen=True)
class Suppressions:
    """The inline directives of one text, as the linter applies them.

    ``file_rules`` are silenced everywhere, ``line_rules[n]`` on line ``n`` (0-based), and each
    region ``(first, last, rules)`` on the lines ``first`` to ``last`` inclusive. :meth:`silences`
    is asked once per finding, so it looks the line up in per-rule interval lists (built once)
    instead of walking every directive.
    """

    file_rules: Rules = frozenset()
    line_rules: Mapping[int, Rules] = field(default_factory=dict)
    regions: tuple[tuple[int, int, Rules], ...] = ()
    _index: dict[str | None, _Spans] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Key None holds the lines where every rule is silenced.
        intervals: dict[str | None, list[tuple[int, int]]] = {}
        scoped = [(line, line, rules) for line, rules in self.line_rules.items()]
        for first, last, rules in (*scoped, *self.regions):
            for key in (None,) if rules is None else rules:
                intervals.setdefault(key, []).append((first, last))
        object.__setattr__(self, "_index", {key: _Spans.merged(spans) for key, spans in intervals.items()})

    def silences(self, rule: str, line: int) -> bool:
        """Whether ``rule`` is silenced on ``line`` (0-based)."""
        if _covers(self.file_rules, rule):
            return True
        return any(key in self._index and line in self._index[key] for key in (rule, None))


def parse_suppressions(text: str) -> tuple[Suppressions, list[tuple[int, int]]]:
    """The directives of ``text``, and the spans they occupy (for the linter to mask)."""
    directives = list(find_directives(text))
    return _collect(directives, text.count("\n")), [(d.start, d.end) for d in directives]


def directive_scopes(directives: list[Directive], last_line: int) -> list[tuple[Directive, int, int]]:
    """Each ``disable`` directive with the first and last line (0-based, inclusive) it covers.
    ``replylint-enable`` closes the most recently opened region (whatever rules it names); a
    region never closed runs to ``last_line``."""
    scopes: list[tuple[Directive, int, int]] = []
    open_regions: list[Directive] = []
    for d in directives:
        if d.verb == "enable":
            if open_regions:
                opened = open_regions.pop()
                scopes.append((opened, opened.line, d.line))
        elif d.scope == "file":
            scopes.append((d, 0, last_line))
        elif d.scope in ("line", "next-line"):
            line = d.line + (d.scope == "next-line")
            scopes.append((d, line, line))
        else:
            open_regions.append(d)
    scopes.extend((d, d.line, last_line) for d in open_regions)
    return scopes


def _collect(directives: list[Directive], last_line: int) -> Suppressions:
    """What the directives silence (see :func:`directive_scopes`)."""
    file_rules: Rules = frozenset()
    line_rules: dict[int, Rules] = {}
    regions: list[tuple[int, int, Rules]] = []
    for d, first, last in directive_scopes(directives, last_line):
        if d.scope == "file":
            file_rules = _union(file_rules, d.rules)
        elif d.scope in ("line", "next-line"):
            line_rules[first] = _union(line_rules.get(first, frozenset()), d.rules)
        else:
            regions.append((first, last, d.rules))
    return Suppressions(file_rules=file_rules, line_rules=line_rules, regions=tuple(regions))


# ---------------------------------------------------------------- writing

# HTML comments are invisible in rendered Markdown/HTML; ``#`` lines suit plain text.
_FRONT_MATTER = regex.compile(r"\A---[ \t]*\r?\n.*?^---[ \t]*\r?\n", regex.S | regex.M)


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``new_text`` (Python string offsets). The one edit
    record of the code: the language server also uses it for allow-list and fix edits."""

    start: int
    end: int
    new_text: str


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _extend(directive: Directive, rule: str) -> Edit:
    return Edit(directive.rules_end, directive.rules_end, f" {rule}")


def suppress_line(text: str, offset: int, rule: str, *, html: bool) -> Edit | None:
    """Silence ``rule`` on the line holding ``offset``; None when it already is.

    A ``disable-line`` directive on that line or a ``disable-next-line`` one on the line above
    is extended; otherwise ``html`` appends ``<!-- replylint-disable-line rule -->`` to the line,
    and plain text gets a ``# replylint-disable-next-line rule`` line above it (same indent).
    """
    directives = list(find_directives(text))
    index = LineIndex(text)
    line = index.line_col(offset)[0]
    if _collect(directives, len(index.line_starts) - 1).silences(rule, line):
        return None
    wanted = [("line", line), ("next-line", line - 1)]
    if not html:
        wanted.reverse()
    candidates = {(d.scope, d.line): d for d in reversed(directives) if d.verb == "disable" and d.rules is not None}
    for key in wanted:
        if key in candidates:
            return _extend(candidates[key], rule)
    line_start = index.line_starts[line]
    line_text = index.line_text(line)
    if html:
        end = line_start + len(line_text.rstrip("\r"))
        sep = "" if end == line_start or text[end - 1] in " \t" else " "
        return Edit(end, end, f"{sep}<!-- replylint-disable-line {rule} -->")
    indent = line_text[:len(line_text) - len(line_text.lstrip(" \t"))]
    return Edit(line_start, line_start, f"{indent}# replylint-disable-next-line {rule}{_newline(text)}")


def suppress_file(text: str, rule: str, *, html: bool) -> Edit | None:
    """Silence ``rule`` in the whole text; None when it already is.

    The first ``disable-file`` directive that lists rules is extended; otherwise a new one goes
    on the first line (``html``: after any front matter, as an HTML comment; else a ``#`` line).
    """
    directives = list(find_directives(text))
    if _covers(_collect(directives, text.count("\n")).file_rules, rule):
        return None
    for d in directives:
        if d.verb == "disable" and d.scope == "file" and d.rules is not None:
            return _extend(d, rule)
    directive = f"<!-- replylint-disable-file {rule} -->" if html else f"# replylint-disable-file {rule}"
    front = _FRONT_MATTER.match(text) if html else None
    at = front.end() if front else 0
    return Edit(at, at, directive + _newline(text))
