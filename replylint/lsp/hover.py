"""Hover on a flagged span: the rule's rationale and a better phrasing (from the catalogue)."""
from __future__ import annotations

from lsprotocol import types

import replylint
from replylint.positions import from_lsp_position

from .diagnostics import CheckResult


def hover_text(d: replylint.Diagnostic, linter: replylint.Linter) -> str:
    rule = linter.rules.get(d.rule)
    parts = [f"**replylint · {d.rule}** ({d.level})", "", d.message]
    if rule is not None:
        if rule.summary:
            parts += ["", rule.summary]
        if rule.why:
            parts += ["", f"**Why this is bad:** {rule.why}"]
        if rule.instead:
            parts += ["", f"**Instead:** {rule.instead}"]
        if rule.example_good:
            parts += ["", f"**Better:** {rule.example_good}"]
    if d.suggestions:
        parts += ["", "**Suggested:** " + ", ".join(f"“{s}”" for s in d.suggestions)]
    return "\n".join(parts)


def hover(result: CheckResult, position: types.Position, encoding: str) -> types.Hover | None:
    offset = from_lsp_position(result.index, position.line, position.character, encoding)
    hits = [p for p in result.placed if p.start <= offset < p.end or (p.start == p.end == offset)]
    if not hits:
        return None
    start, end = min(p.start for p in hits), max(p.end for p in hits)
    text = "\n\n---\n\n".join(hover_text(p.diagnostic, result.linter) for p in hits)
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                       range=result.lsp_range(start, end, encoding))
