"""The rule catalogue (``patterns/rules.yaml``): what each rule is, and how it is judged.

The same record feeds ``replylint rules``/``explain``, the language server's hover
and SARIF rule help, so a rule is explained in exactly one place.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostic import LEVELS
from .pattern_files import Condition, PatternFileError, line_of, load_yaml, parse_conditions


def builtin_patterns_dir() -> Path:
    """``patterns/`` of a source checkout, else the installed copy (``replylint_patterns``)."""
    override = os.environ.get("REPLYLINT_PATTERNS")
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent.parent / "patterns"
    if (here / "rules.yaml").is_file():
        return here
    # An installed copy: ``replylint_patterns`` is a namespace package (data only), whose
    # ``importlib.resources.files()`` is a MultiplexedPath, not a path; ask for its folders.
    import importlib.util

    spec = importlib.util.find_spec("replylint_patterns")
    folders = [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    for folder in folders:
        if (folder / "rules.yaml").is_file():
            return folder
    return folders[0] if folders else here


@dataclass
class Rule:
    id: str
    level: str
    kind: str  # phrase | document
    summary: str
    message: str
    why: str
    instead: str
    example_bad: str = ""
    example_good: str = ""
    unless: list[Condition] = field(default_factory=list)  # phrase rules
    when: list[str] = field(default_factory=list)  # document rules
    when_rules: list[str] = field(default_factory=list)
    satisfied_by: list[str] = field(default_factory=list)

    def explanation(self) -> str:
        """ruff-style text: what it does, why it is bad, example, use instead."""
        parts = [f"{self.id} ({self.level})", "", self.summary, "", "Why this is bad:", self.why]
        if self.example_bad:
            parts += ["", "Example:", f"    {self.example_bad}"]
        parts += ["", "Use instead:", f"    {self.example_good}" if self.example_good else f"    {self.instead}"]
        if self.example_good:
            parts += ["", self.instead]
        return "\n".join(parts)


_RULE_KEYS = {"level", "kind", "summary", "message", "why", "instead", "example", "unless", "when", "when_rules"}


def load_catalogue(path: Path) -> dict[str, Rule]:
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), dict):
        raise PatternFileError(path, 1, "rules.yaml must hold a 'rules' mapping")
    rules: dict[str, Rule] = {}
    for rule_id, raw in data["rules"].items():
        line = line_of(None, data["rules"], rule_id)
        if not isinstance(raw, dict):
            raise PatternFileError(path, line, f"rule {rule_id!r} must be a mapping")
        unknown = set(raw) - _RULE_KEYS
        if unknown:
            raise PatternFileError(path, line, f"rule {rule_id!r}: unknown key {sorted(unknown)[0]!r}")
        level = raw.get("level", "warning")
        if level not in LEVELS:
            raise PatternFileError(path, line, f"rule {rule_id!r}: level must be one of {', '.join(LEVELS)}")
        kind = raw.get("kind", "phrase")
        if kind not in ("phrase", "document"):
            raise PatternFileError(path, line, f"rule {rule_id!r}: kind must be phrase or document")
        example = raw.get("example") or {}
        unless_raw = raw.get("unless") or []
        rule = Rule(
            id=str(rule_id), level=level, kind=kind,
            summary=str(raw.get("summary", "")), message=str(raw.get("message", raw.get("summary", rule_id))),
            why=str(raw.get("why", "")), instead=str(raw.get("instead", "")),
            example_bad=str(example.get("bad", "")), example_good=str(example.get("good", "")),
            when=[str(s) for s in raw.get("when") or []],
            when_rules=[str(s) for s in raw.get("when_rules") or []],
        )
        if kind == "phrase":
            rule.unless = parse_conditions(unless_raw, path, raw)
        else:
            rule.satisfied_by = [str(s) for s in unless_raw]
            if not rule.when and not rule.when_rules:
                raise PatternFileError(path, line, f"document rule {rule_id!r} needs 'when' signals")
        rules[rule.id] = rule
    return rules
