"""The rule catalogue (``patterns/rules.yaml``): what each rule is, and how it is judged.

The same record feeds ``replylint rules``/``explain``, the language server's hover
and SARIF rule help, so a rule is explained in exactly one place.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostic import LEVELS
from .langdetect import LANGUAGES
from .pattern_files import Condition, PatternFileError, line_of, load_yaml, parse_conditions


def builtin_patterns_dir() -> Path:
    """The built-in rules: ``$REPLYLINT_PATTERNS``, else ``patterns/`` of a source checkout
    (an editable install too), else the copy a wheel ships inside the package (``replylint/_patterns``)."""
    override = os.environ.get("REPLYLINT_PATTERNS")
    if override:
        return Path(override)
    package = Path(__file__).resolve().parent
    checkout = package.parent / "patterns"
    if (checkout / "rules.yaml").is_file():
        return checkout
    installed = package / "_patterns"
    if (installed / "rules.yaml").is_file():
        return installed
    return checkout  # neither: the error then names the folder of the source layout


@dataclass
class Example:
    """A reply that breaks the rule and the same reply written well, in one language."""

    bad: str = ""
    good: str = ""


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
    # Rules whose hits count as a trigger only when they negate or restrict ("not my
    # department", "we only handle bookings", not "the store can help you"): a disclaimer
    # acknowledges a problem, a polite referral does not.
    when_negated: list[str] = field(default_factory=list)
    satisfied_by: list[str] = field(default_factory=list)
    # Where the judgement comes from (a source named in RULES.md) and the version that
    # introduced the rule; the generated docs pages show both. A team's rules may omit them.
    link: str = ""
    since: str = ""
    # Examples in other languages than the default (English) pair above, by language code,
    # so the docs pages show a Russian, Bulgarian or Chinese agent their own language.
    examples: dict[str, Example] = field(default_factory=dict)

    def explanation(self) -> str:
        """ruff-style text: what it does, why it is bad, example, use instead."""
        parts = [f"{self.id} ({self.level})", "", self.summary, "", "Why this is bad:", self.why]
        if self.example_bad:
            parts += ["", "Example:", f"    {self.example_bad}"]
        parts += ["", "Use instead:", f"    {self.example_good}" if self.example_good else f"    {self.instead}"]
        if self.example_good:
            parts += ["", self.instead]
        return "\n".join(parts)


_RULE_KEYS = {"level", "kind", "summary", "message", "why", "instead", "example", "unless", "when", "when_rules",
              "when_negated", "link", "since"}
_EXAMPLE_KEYS = {"bad", "good"}
# The top-level bad/good pair is the English one (what `explain` and the hover show).
_EXAMPLE_LANGS = tuple(lang for lang in LANGUAGES if lang != "en")
_VERSION = re.compile(r"\d+\.\d+\.\d+")


def _example_pair(raw: Any, path: Path, line: int | None, where: str) -> Example:
    """One ``{bad, good}`` mapping; strings only, so a YAML typo is not rendered as ``None``."""
    if not isinstance(raw, dict):
        raise PatternFileError(path, line, f"{where} must be a mapping with 'bad' and 'good'")
    for key in ("bad", "good"):
        if key in raw and not isinstance(raw[key], str):
            raise PatternFileError(path, line_of(raw[key], raw, key), f"{where}: {key!r} must be a string")
    return Example(bad=str(raw.get("bad", "")), good=str(raw.get("good", "")))


def _parse_examples(raw: Any, path: Path, line: int | None, rule_id: str) -> tuple[Example, dict[str, Example]]:
    """``example:`` is the English pair, optionally with ``ru:``/``bg:``/``zh:`` pairs beside it."""
    if not raw:  # absent or empty: no example, as before
        return Example(), {}
    where = f"rule {rule_id!r}: example"
    if isinstance(raw, dict):
        unknown = set(raw) - _EXAMPLE_KEYS - set(_EXAMPLE_LANGS)
        if unknown:
            key = min(unknown)
            allowed = f"bad, good, or a language: {', '.join(_EXAMPLE_LANGS)}"
            raise PatternFileError(path, line_of(None, raw, key), f"{where}: unknown key {key!r} ({allowed})")
    default = _example_pair(raw, path, line, where)
    by_lang = {lang: _example_pair(raw[lang], path, line_of(raw[lang], raw, lang), f"{where}.{lang}")
               for lang in _EXAMPLE_LANGS if lang in raw}
    return default, by_lang


def _parse_source(raw: dict, path: Path, rule_id: str) -> tuple[str, str]:
    """``link`` and ``since``: optional, but when given they must be usable in the docs."""
    link, since = raw.get("link", ""), raw.get("since", "")
    if not isinstance(link, str):
        raise PatternFileError(path, line_of(link, raw, "link"), f"rule {rule_id!r}: link must be a string")
    # An unquoted ``since: 0.2`` is a float in YAML; insist on the full version string.
    if since != "" and not (isinstance(since, str) and _VERSION.fullmatch(since)):
        raise PatternFileError(path, line_of(since, raw, "since"),
                               f"rule {rule_id!r}: since must be a version string like \"0.1.0\"")
    return link, since


def _document_unless(raw_list: Any, path: Path, parent: dict, rule_id: str) -> list[str]:
    """A document rule's ``unless``: signal names, each exempting the reply when found anywhere
    in it. Scopes and ``all:``/``any:`` groups belong to phrase rules; a document rule used to
    turn such an entry into a name no signal has, so the condition silently never held."""
    line = line_of(None, parent, "unless")
    if not isinstance(raw_list, list):
        raise PatternFileError(path, line, f"rule {rule_id!r}: unless must be a list of signal names")
    for entry in raw_list:
        if not isinstance(entry, str):
            raise PatternFileError(path, line, f"document rule {rule_id!r}: unless takes signal names "
                                   f"(found anywhere in the reply), not {entry!r}; scopes and "
                                   "all:/any: groups are for phrase rules")
    return list(raw_list)


def load_catalogue(path: Path) -> dict[str, Rule]:
    """Read a ``rules.yaml``: the built-in catalogue or a team's own rules (in a pattern folder).

    Every problem is a :class:`PatternFileError` naming the file and line, so a typo in a
    team's file is found when it is loaded, not when a page or a hover shows it wrong.
    """
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
            raise PatternFileError(path, line, f"rule {rule_id!r}: unknown key {min(unknown)!r}")
        level = raw.get("level", "warning")
        if level not in LEVELS:
            raise PatternFileError(path, line, f"rule {rule_id!r}: level must be one of {', '.join(LEVELS)}")
        kind = raw.get("kind", "phrase")
        if kind not in ("phrase", "document"):
            raise PatternFileError(path, line, f"rule {rule_id!r}: kind must be phrase or document")
        example, examples = _parse_examples(raw.get("example"), path, line_of(None, raw, "example"), rule_id)
        link, since = _parse_source(raw, path, rule_id)
        unless_raw = raw.get("unless") or []
        rule = Rule(
            id=str(rule_id), level=level, kind=kind,
            summary=str(raw.get("summary", "")), message=str(raw.get("message", raw.get("summary", rule_id))),
            why=str(raw.get("why", "")), instead=str(raw.get("instead", "")),
            example_bad=example.bad, example_good=example.good,
            when=[str(s) for s in raw.get("when") or []],
            when_rules=[str(s) for s in raw.get("when_rules") or []],
            when_negated=[str(s) for s in raw.get("when_negated") or []],
            link=link, since=since, examples=examples,
        )
        if kind == "phrase":
            rule.unless = parse_conditions(unless_raw, path, raw)
        else:
            rule.satisfied_by = _document_unless(unless_raw, path, raw, rule_id)
            if not rule.when and not rule.when_rules:
                raise PatternFileError(path, line, f"document rule {rule_id!r} needs 'when' signals")
        rules[rule.id] = rule
    return rules
