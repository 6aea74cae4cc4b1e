"""Checking the inline directives themselves: rules they name that do not exist, and (on
request, ``--report-unused-suppressions``) directives that silence nothing.

A misspelled rule in ``replylint-disable-line dead-ned`` silences nothing and used to be
ignored without a word, like a typo in a ``# noqa`` comment; ruff warns about those, and
ESLint's ``--report-unused-disable-directives`` reports directives left behind after the text
they excused was rewritten. Both are answered here from the directives' scopes
(:func:`replylint.suppressions.directive_scopes`) and the diagnostics the linter silenced.
"""
from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from .analysis import ReplyAnalysis
from .suppressions import Directive, directive_scopes, find_directives


@dataclass(frozen=True)
class DirectiveNotice:
    """Something wrong with one directive: where it starts (offset in the reply) and what."""

    offset: int
    end: int
    message: str
    unused: bool  # True: an unused suppression; False: an unknown rule


def _name(d: Directive) -> str:
    return "replylint-" + d.verb + (f"-{d.scope}" if d.scope else "")


def directive_notices(analysis: ReplyAnalysis, known: Container[str], enabled: Container[str], *,
                      report_unused: bool, skip_file_scope: bool = False) -> list[DirectiveNotice]:
    """Unknown rules in every directive; with ``report_unused``, directives (or rules named in
    them) that silenced no diagnostic. Rules not enabled in this run are never called unused:
    whether they would have been reported is not known. ``skip_file_scope``: the reply is one
    part of a split file, so a ``disable-file`` directive may be used by another part."""
    doc = analysis.document
    directives = list(find_directives(doc.text))
    notices: list[DirectiveNotice] = []
    for d in directives:
        for rule in sorted(d.rules or ()):
            if rule not in known:
                notices.append(DirectiveNotice(d.start, d.end, f"unknown rule {rule!r} in {_name(d)} "
                                               "(see `replylint rules`); it silences nothing", False))
    if not report_unused:
        return notices
    silenced = [(doc.line_of(diag.start), diag.rule) for diag in analysis.silenced]
    for d, first, last in directive_scopes(directives, doc.text.count("\n")):
        if skip_file_scope and d.scope == "file":
            continue
        used = {rule for line, rule in silenced if first <= line <= last and (d.rules is None or rule in d.rules)}
        if d.rules is None:
            if not used:
                notices.append(DirectiveNotice(d.start, d.end, f"unused suppression: {_name(d)} silences nothing here",
                                               True))
            continue
        idle = sorted(r for r in d.rules if r in known and r in enabled and r not in used)
        if idle:
            names = ", ".join(idle)
            notices.append(DirectiveNotice(d.start, d.end, f"unused suppression: {names} "
                                           f"{'is' if len(idle) == 1 else 'are'} not reported here ({_name(d)})", True))
    return notices
