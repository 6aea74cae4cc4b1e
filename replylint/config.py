"""Configuration: ``[tool.replylint]`` in ``pyproject.toml`` or a ``.replylint.toml``.

Found by walking up from the checked file (the nearest wins), like ruff. Keys::

    select = ["excuse", "dead-end"]     # only these rules (default: all)
    ignore = ["internal-jargon"]        # never these
    lang = "ru"                         # language when detection cannot decide
    patterns = ["support/patterns"]     # extra pattern folders (relative to this file)
    allow = ["SLA", "RMA"]              # terms never flagged
    exclude = ["email/*.alert.yaml"]    # files left out when walking folders
    force-exclude = true                # ... and when named on the command line (pre-commit)
    respect-gitignore = true            # leave out what .gitignore ignores (the default)
    split = "headings"                  # Markdown/HTML: a reply per section ("none": whole file)
    [levels]       excuse = "error"     # change a rule's level
    [jargon]       en = ["Zorg", "TPS"] # the company's own jargon, per language
    [departments]  ru = ["склад"]       # the company's departments and partners
    [lists.en]     colleague = ["Bob"]  # extend any named word list
    [per-file-ignores] "legal/**" = ["excuse"]   # rules never reported in matching files

In ``pyproject.toml`` the same keys sit under ``[tool.replylint]`` (``[tool.replylint.levels]`` …).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import regex

from .diagnostic import LEVELS
from .langdetect import LANGUAGES
from .paths import matching_glob
from .token_patterns import PatternSyntaxError, check_list_entry

CONFIG_FILES = (".replylint.toml", "replylint.toml", "pyproject.toml")
_KNOWN_KEYS = {"select", "ignore", "lang", "patterns", "allow", "levels", "jargon", "departments", "lists",
               "extend-select", "per-file-lang", "keys", "max-file-size", "exclude", "split",
               "force-exclude", "respect-gitignore", "per-file-ignores"}
SPLIT_MODES = ("headings", "none")


class ConfigError(ValueError):
    """A configuration file or value that cannot be used; names the file and line."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    levels: dict[str, str] = field(default_factory=dict)
    lang: str | None = None
    pattern_dirs: tuple[Path, ...] = ()
    allow: tuple[str, ...] = ()
    lists: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    per_file_lang: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)  # glob -> rules never reported
    template_keys: tuple[str, ...] | None = None
    max_file_size: int = 10 * 1024 * 1024
    exclude: tuple[str, ...] = ()
    split: str = "headings"  # Markdown/HTML files: one reply per section, or "none"
    force_exclude: bool = False  # excludes apply to files named on the command line too
    respect_gitignore: bool = True  # folders are walked without what git ignores
    source: Path | None = None

    def excludes(self, path: Path) -> bool:
        """Whether a file found by walking a folder is left out: each glob is matched
        against the path relative to this config file's folder and against the file name,
        and a glob naming a folder leaves out everything under it."""
        if not self.exclude:
            return False
        base = self.source.parent if self.source else Path.cwd()
        return matching_glob(path, self.exclude, base, folders=True) is not None

    def rule_enabled(self, rule: str) -> bool:
        if rule in self.ignore:
            return False
        return self.select is None or rule in self.select

    def with_overrides(self, **changes: Any) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def pattern_key(self) -> tuple:
        """What compiled patterns depend on (so linters can share them)."""
        lists = tuple(sorted((lang, name, tuple(words)) for lang, d in self.lists.items() for name, words in d.items()))
        return (self.pattern_dirs, lists)


_TABLE_HEADER = regex.compile(r"^[ \t]*\[\[?[ \t]*([^\]]*?)[ \t]*\]\]?", regex.M)


def _own_lines(text: str, pyproject: bool) -> list[tuple[int, int]]:
    """Spans of ``text`` that hold replylint's settings: in a ``pyproject.toml`` only the
    ``[tool.replylint]`` tables (another tool's table may use the same key first); in a
    ``.replylint.toml`` everything."""
    if not pyproject:
        return [(0, len(text))]
    spans = []
    headers = list(_TABLE_HEADER.finditer(text))
    for i, m in enumerate(headers):
        name = m.group(1).replace('"', "").replace(" ", "")
        if name == "tool.replylint" or name.startswith("tool.replylint."):
            spans.append((m.start(), headers[i + 1].start() if i + 1 < len(headers) else len(text)))
    return spans


def _line_of_key(text: str, key: str, pyproject: bool = False) -> int | None:
    """The 1-based line where ``key`` is set (or its table opens) among replylint's own lines."""
    for pattern in (r"^[ \t]*\"?" + regex.escape(key) + r"\"?\s*[=.]",
                    r"^[ \t]*\[[^\]]*\b" + regex.escape(key) + r"\b"):
        compiled = regex.compile(pattern, regex.M)
        for start, end in _own_lines(text, pyproject):
            m = compiled.search(text, start, end)
            if m is not None:
                return text.count("\n", 0, m.start()) + 1
    return None


def _fail(path: Path | None, text: str, key: str | None, message: str) -> ConfigError:
    where = str(path) if path else "configuration"
    pyproject = path is not None and path.name == "pyproject.toml"
    line = _line_of_key(text, key, pyproject) if key and text else None
    return ConfigError(f"{where}:{line}: {message}" if line else f"{where}: {message}")


def config_error(config: Config, key: str | None, message: str) -> ConfigError:
    """An error about ``key`` of a loaded configuration, naming its file and line."""
    text = ""
    if config.source is not None:
        try:
            text = config.source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
    return _fail(config.source, text, key, message)


def _string_list(value: Any, path, text, key) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, text, key, f"'{key}' must be a list of strings")
    return tuple(value)


def _line_of_term(text: str, term: str) -> int | None:
    """The line where ``term`` is written as a TOML string, if it can be found."""
    for quoted in (f'"{term}"', f"'{term}'"):
        at = text.find(quoted)
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return None


def _terms(value: Any, path, text, key: str, where: str) -> tuple[str, ...]:
    """A list of word-list terms, each checked as the pattern it becomes (a mistake is the
    user's file's, not the shipped pattern file's that names the list)."""
    terms = _string_list(value, path, text, key)
    for term in terms:
        problem = "is empty" if not term.strip() else None
        if problem is None:
            try:
                check_list_entry(term)
            except PatternSyntaxError as exc:
                problem = f"is not a valid phrase: {exc}"
        if problem is not None:
            line = _line_of_term(text, term) if term.strip() else None
            message = f"{where}: term {term!r} {problem}"
            if line is not None:
                raise ConfigError(f"{path or 'configuration'}:{line}: {message}")
            raise _fail(path, text, key, message)
    return terms


def _pattern_dirs(value: Any, base: Path, path, text) -> tuple[Path, ...]:
    """The configured pattern folders, each one that exists and holds pattern files
    (``rules.yaml`` or a ``ru/``, ``bg/``, ``zh/``, ``en/`` folder): a typo or a wrong
    folder would otherwise check with the built-in patterns alone, without a word."""
    folders = []
    for given in _string_list(value, path, text, "patterns"):
        folder = (base / given).resolve()
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            raise _fail(path, text, "patterns", f"pattern folder {given!r} {what} (resolved to {folder})")
        if not (folder / "rules.yaml").is_file() and not any((folder / lang).is_dir() for lang in LANGUAGES):
            raise _fail(path, text, "patterns", f"pattern folder {given!r} holds no pattern files "
                                                f"(expected rules.yaml or a folder {', '.join(LANGUAGES)}; "
                                                f"resolved to {folder})")
        folders.append(folder)
    return tuple(folders)


def _allow(value: Any, path, text) -> tuple[str, ...]:
    terms = _string_list(value, path, text, "allow")
    if any(not t.strip() for t in terms):
        raise _fail(path, text, "allow", "'allow': an empty term (it would allow nothing, or everything)")
    return terms


def from_mapping(data: dict, path: Path | None = None, text: str = "") -> Config:
    """Validate a ``[tool.replylint]`` mapping (also used for editor settings).

    Rule names are checked against the rules that exist by :class:`replylint.ruleset.RuleSet`,
    which knows a team's own rules too (they come from the pattern folders named here)."""
    if not isinstance(data, dict):
        raise _fail(path, text, None, "replylint settings must be a table")
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise _fail(path, text, key, f"unknown setting {key!r} (known: {', '.join(sorted(_KNOWN_KEYS))})")
    base = path.parent if path else Path.cwd()
    select = data.get("select")
    select_t = _string_list(select, path, text, "select") if select is not None else None
    if "extend-select" in data and select_t is not None:
        select_t = select_t + _string_list(data["extend-select"], path, text, "extend-select")
    ignore = _string_list(data.get("ignore", []), path, text, "ignore")
    levels = data.get("levels", {})
    if not isinstance(levels, dict):
        raise _fail(path, text, "levels", "'levels' must be a table of rule = level")
    for rule, level in levels.items():
        if level not in LEVELS:
            raise _fail(path, text, rule, f"level of {rule!r} must be one of {', '.join(LEVELS)}")
    lang = data.get("lang")
    if lang is not None and lang not in LANGUAGES:
        raise _fail(path, text, "lang", f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    lists: dict[str, dict[str, list[str]]] = {}
    for key, list_name in (("jargon", "jargon-term"), ("departments", "department")):
        table = data.get(key, {})
        if not isinstance(table, dict):
            raise _fail(path, text, key, f"'{key}' must be a table of language = [terms]")
        for lang_key, words in table.items():
            if lang_key not in LANGUAGES:
                raise _fail(path, text, key, f"'{key}': unknown language {lang_key!r}")
            lists.setdefault(lang_key, {}).setdefault(list_name, []).extend(
                _terms(words, path, text, key, f"'{key}.{lang_key}'"))
    raw_lists = data.get("lists", {})
    if not isinstance(raw_lists, dict):
        raise _fail(path, text, "lists", "'lists' must be a table of language tables")
    for lang_key, table in raw_lists.items():
        if lang_key not in LANGUAGES or not isinstance(table, dict):
            pyproject = path is not None and path.name == "pyproject.toml"
            key = f"lists.{lang_key}" if _line_of_key(text, f"lists.{lang_key}", pyproject) else "lists"
            raise _fail(path, text, key, f"'lists.{lang_key}' must be a table for ru, bg, zh or en")
        for name, words in table.items():
            lists.setdefault(lang_key, {}).setdefault(name, []).extend(
                _terms(words, path, text, name, f"'lists.{lang_key}.{name}'"))
    per_file = data.get("per-file-lang", {})
    if not isinstance(per_file, dict) or any(v not in LANGUAGES for v in per_file.values()):
        raise _fail(path, text, "per-file-lang", "'per-file-lang' maps glob patterns to ru, bg, zh or en")
    raw_ignores = data.get("per-file-ignores", {})
    if not isinstance(raw_ignores, dict):
        raise _fail(path, text, "per-file-ignores", "'per-file-ignores' maps glob patterns to lists of rules")
    per_file_ignores = {glob: _string_list(rules, path, text, "per-file-ignores")
                        for glob, rules in raw_ignores.items()}
    keys = data.get("keys")
    max_size = data.get("max-file-size", 10 * 1024 * 1024)
    if not isinstance(max_size, int) or isinstance(max_size, bool) or max_size <= 0:
        raise _fail(path, text, "max-file-size", "'max-file-size' must be a positive number of bytes")
    split = data.get("split", "headings")
    if split not in SPLIT_MODES:
        raise _fail(path, text, "split", f"'split' must be one of {', '.join(map(repr, SPLIT_MODES))}, not {split!r}")
    flags = {}
    for key in ("force-exclude", "respect-gitignore"):
        if key in data and not isinstance(data[key], bool):
            raise _fail(path, text, key, f"'{key}' must be true or false")
        flags[key.replace("-", "_")] = data.get(key, key == "respect-gitignore")
    return Config(
        **flags,
        split=split,
        select=select_t,
        ignore=ignore,
        levels=dict(levels),
        lang=lang,
        pattern_dirs=_pattern_dirs(data.get("patterns", []), base, path, text),
        allow=_allow(data.get("allow", []), path, text),
        lists=lists,
        per_file_lang=dict(per_file),
        per_file_ignores=per_file_ignores,
        template_keys=_string_list(keys, path, text, "keys") if keys is not None else None,
        max_file_size=max_size,
        exclude=_string_list(data.get("exclude", []), path, text, "exclude"),
        source=path,
    )


def load_config(path: Path) -> Config:
    """Read one configuration file (``.replylint.toml`` or ``pyproject.toml``)."""
    try:
        # utf-8-sig: editors on Windows save with a byte-order mark, which TOML itself refuses
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("replylint", {})
    return from_mapping(data, path, text)


def find_config_file(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file():
                if name != "pyproject.toml" or _has_tool_table(path):
                    return path
    return None


def _has_tool_table(path: Path) -> bool:
    """Whether a ``pyproject.toml`` configures replylint: a ``[tool.replylint]`` table or a
    dotted ``tool.replylint.ignore = […]`` key (the same thing in TOML). A file that is not
    valid TOML but mentions ``tool.replylint`` is taken, so that its error is reported."""
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return False
    if "replylint" not in text:
        return False
    try:
        tool = tomllib.loads(text).get("tool")
    except (tomllib.TOMLDecodeError, RecursionError):
        return "tool.replylint" in text or "[tool.replylint" in text
    return isinstance(tool, dict) and "replylint" in tool


def discover(start: Path) -> Config:
    path = find_config_file(start)
    return load_config(path) if path else Config()
