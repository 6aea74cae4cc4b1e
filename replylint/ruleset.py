"""The one answer to "which rules exist": built-in catalogue, a team's rules, levels, select/ignore.

A :class:`RuleSet` is built once from a :class:`Config`. The API, every CLI command, the
reporters and the language server ask it which rules exist, how serious each is and which
are switched on, and it validates the configuration against itself, so a team rule from a
configured pattern folder can be selected, levelled, explained and tested like a built-in one.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from .catalogue import Rule, builtin_patterns_dir, load_catalogue
from .config import Config, ConfigError, config_error

CATALOGUE_FILE = "rules.yaml"


class RuleSet(Mapping[str, Rule]):
    """Rules by id, in catalogue order (built-in first, then each team folder's)."""

    def __init__(self, config: Config | None = None, *, patterns_dir: Path | None = None):
        self.config = config or Config()
        self.patterns_dir = patterns_dir or builtin_patterns_dir()
        self._rules: dict[str, Rule] = load_catalogue(self.patterns_dir / CATALOGUE_FILE)
        self.team_rules: set[str] = set()
        for folder in self.config.pattern_dirs:
            extra = folder / CATALOGUE_FILE
            if extra.is_file():
                team = load_catalogue(extra)
                self.team_rules.update(team)
                self._rules.update(team)

    # ------------------------------------------------------------------ mapping
    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    # ------------------------------------------------------------------- policy
    def level(self, rule_id: str) -> str:
        """The rule's level after the configuration's ``levels``."""
        return self.config.levels.get(rule_id, self._rules[rule_id].level)

    def enabled(self, rule_id: str) -> bool:
        return self.config.rule_enabled(rule_id)

    def effective(self, rule_id: str) -> Rule:
        """The rule as this configuration uses it (its configured level)."""
        return replace(self._rules[rule_id], level=self.level(rule_id))

    def effective_rules(self) -> list[Rule]:
        return [self.effective(r) for r in self._rules]

    def unknown(self, names: Iterable[str]) -> list[str]:
        return [n for n in names if n not in self._rules]

    def unknown_settings(self) -> list[tuple[str, str]]:
        """(setting, rule) for every rule the configuration names that does not exist."""
        c = self.config
        named = [("select", r) for r in c.select or ()] + [("ignore", r) for r in c.ignore]
        named += [("levels", r) for r in c.levels]
        named += [("per-file-ignores", r) for rules in c.per_file_ignores.values() for r in rules]
        return [(key, rule) for key, rule in named if rule not in self._rules]

    def validate(self) -> RuleSet:
        """Raise :class:`ConfigError` (naming file and line) for a rule the configuration
        names that neither the catalogue nor a team's ``rules.yaml`` defines."""
        for key, rule in self.unknown_settings():
            where = rule if key == "levels" else key
            if key == "per-file-ignores":  # the line of the glob that names it
                where = next(g for g, rules in self.config.per_file_ignores.items() if rule in rules)
            raise config_error(self.config, where, f"unknown rule {rule!r} in '{key}' (see `replylint rules`)")
        return self


__all__ = ["ConfigError", "RuleSet"]
