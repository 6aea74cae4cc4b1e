"""The one record every surface (API, CLI, language server) reports.

Offsets are Python ``str`` indices into the text that was linted; line/column,
UTF-16 positions and source-file positions are derived in :mod:`replylint.positions`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

LEVELS = ("info", "warning", "error")
LEVEL_RANK = {name: rank for rank, name in enumerate(LEVELS)}


@dataclass(frozen=True)
class Diagnostic:
    """One finding: which rule, how serious, where, and what to write instead."""

    rule: str
    level: str
    message: str
    start: int
    end: int
    lang: str
    suggestions: list[str] = field(default_factory=list)
    # The pattern that found it, "<lang>/<file>#<id>" (for document rules: the pattern of
    # the signal or rule hit that triggered it), so precision can be measured per pattern.
    pattern: str | None = None
    # Whether applying the suggestions keeps the reply's meaning (pattern files: ``fix: unsafe``);
    # unsafe ones are applied by ``--fix`` only with ``--unsafe-fixes``.
    fix_safe: bool = True
    # Document rules: the spans (offsets, as ``start``/``end``) of what made the rule apply —
    # the problem a missing apology follows, the promise without a time — so an editor can
    # point at them (LSP ``relatedInformation``). Not part of equality or of ``to_dict``.
    triggers: tuple[tuple[int, int], ...] = field(default=(), compare=False)

    def sort_key(self) -> tuple:
        return (self.start, self.end, self.rule)

    @property
    def fix_applicability(self) -> str | None:
        """"safe" or "unsafe" (ruff's word) when there are suggestions, else None: what machine
        reports (JSON, SARIF) say, so a tool applying fixes knows which keep the meaning."""
        if not self.suggestions:
            return None
        return "safe" if self.fix_safe else "unsafe"

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "level": self.level,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "lang": self.lang,
            "suggestions": list(self.suggestions),
            "fix_applicability": self.fix_applicability,
            "pattern": self.pattern,
        }
