"""Reading ``patterns/``: YAML files of rules, signals, word lists and time grammar.

Folder layout (one folder per language, so linguists never edit the same file)::

    patterns/rules.yaml            the rule catalogue: ids, levels, explanations
    patterns/<lang>/lists.yaml     named word lists (@department, @jargon-term, …)
                                   and named regex pieces (``define``)
    patterns/<lang>/<rule>.yaml    phrase patterns of one rule, with examples
    patterns/<lang>/signals/*.yaml what document rules look for (apology, problem,
                                   promise, concrete-time, alternative …)

Every problem is reported as ``file:line: message`` through :class:`PatternFileError`.
YAML is read with the safe loader only: nothing in a pattern file can run code.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml

from .yaml_limits import YAMLTooDeep, check_depth

# ------------------------------------------------------------------- YAML with lines


class PatternFileError(ValueError):
    """A pattern or rule file that cannot be used; the message names file and line."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.detail = str(path), line, message


class LineStr(str):
    """A string that remembers the 1-based line it came from."""

    line: int = 0


# libyaml's parser when PyYAML has it (several times faster), the pure-Python one otherwise;
# either way only the safe constructors: no tags that build Python objects.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):
    pass


def _construct_str(loader: _LineLoader, node: yaml.Node) -> LineStr:
    value = LineStr(loader.construct_scalar(node))
    value.line = node.start_mark.line + 1
    return value


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = LineDict(loader.construct_mapping(node, deep=deep))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")}
    return mapping


class LineDict(dict):
    line: int = 0
    key_lines: dict = {}


_LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PatternFileError(path, None, f"cannot read: {exc}") from None
    try:
        check_depth(text, _LineLoader)  # libyaml's composer recurses without a limit
        loader = _LineLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise PatternFileError(path, line, f"invalid YAML: {problem}") from None
    except YAMLTooDeep as exc:
        raise PatternFileError(path, exc.mark.line + 1 if exc.mark else None, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise PatternFileError(path, None, "invalid YAML: nested too deeply") from None


def line_of(value: Any, parent: Any = None, key: str | None = None) -> int | None:
    if isinstance(value, (LineStr, LineDict)) and value.line:
        return value.line
    if isinstance(parent, LineDict) and key is not None:
        return parent.key_lines.get(key, parent.line)
    return getattr(parent, "line", None)


# ------------------------------------------------------------------ file contents


@dataclass
class PatternEntry:
    """One pattern line as written, before compilation."""

    source: str
    line: int | None
    kind: str = "tokens"  # or "regex"
    message: str | None = None
    suggest: list[str] = field(default_factory=list)
    unless: list["PatternEntry"] = field(default_factory=list)


@dataclass
class Condition:
    """Drop a match when ``signal`` is found in ``scope`` around it."""

    signal: str
    scope: str  # sentence | next | paragraph | reply
    line: int | None = None


SCOPES = ("sentence", "next", "previous", "around", "paragraph", "reply")


@dataclass
class PatternFile:
    """A rule file or a signal file of one language."""

    path: Path
    lang: str
    rule: str | None = None
    signal: str | None = None
    patterns: list[PatternEntry] = field(default_factory=list)
    antipatterns: list[PatternEntry] = field(default_factory=list)
    unless: list[Condition] | None = None
    flag_examples: list[LineStr] = field(default_factory=list)
    pass_examples: list[LineStr] = field(default_factory=list)

    @property
    def owner(self) -> str:
        return self.rule or self.signal or ""


_FILE_KEYS = {"rule", "signal", "patterns", "regex", "antipatterns", "unless", "examples", "description", "notes"}
_ENTRY_KEYS = {"match", "regex", "message", "suggest", "unless", "note"}


def _entries(raw: Any, path: Path, parent: Any, key: str, default_kind: str) -> list[PatternEntry]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise PatternFileError(path, line_of(raw, parent, key), f"'{key}' must be a list")
    out = []
    for item in raw:
        if isinstance(item, str):
            out.append(PatternEntry(str(item), line_of(item, raw), default_kind))
            continue
        if not isinstance(item, dict):
            raise PatternFileError(path, line_of(item, parent, key), f"'{key}' entries are strings or mappings")
        unknown = set(item) - _ENTRY_KEYS
        if unknown:
            raise PatternFileError(path, line_of(item), f"unknown key {sorted(unknown)[0]!r} in a pattern entry")
        kind = "regex" if "regex" in item else default_kind
        source = item.get("regex", item.get("match"))
        if not isinstance(source, str):
            raise PatternFileError(path, line_of(item), "a pattern entry needs 'match' (or 'regex') text")
        suggest = item.get("suggest") or []
        if isinstance(suggest, str):
            suggest = [suggest]
        if not isinstance(suggest, list) or not all(isinstance(s, str) for s in suggest):
            raise PatternFileError(path, line_of(item), "'suggest' must be a string or a list of strings")
        out.append(PatternEntry(
            source=str(source), line=line_of(source, item, "match"), kind=kind,
            message=item.get("message"), suggest=[str(s) for s in suggest],
            unless=_entries(item.get("unless"), path, item, "unless", "tokens"),
        ))
    return out


def parse_conditions(raw: Any, path: Path | str, parent: Any, key: str = "unless") -> list[Condition]:
    if not isinstance(raw, list):
        raise PatternFileError(path, line_of(raw, parent, key), f"'{key}' must be a list of {{signal, scope}}")
    out = []
    for item in raw:
        if isinstance(item, str):
            item = {"signal": item, "scope": "reply"}
        if not isinstance(item, dict) or "signal" not in item:
            raise PatternFileError(path, line_of(item, parent, key), "a condition needs 'signal'")
        scope = item.get("scope", "reply")
        if scope not in SCOPES:
            raise PatternFileError(path, line_of(item, parent, key),
                                   f"scope {scope!r} is not one of {', '.join(SCOPES)}")
        out.append(Condition(str(item["signal"]), str(scope), line_of(item, parent, key)))
    return out


def read_pattern_file(path: Path, lang: str) -> PatternFile:
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise PatternFileError(path, 1, "expected a mapping with 'rule' or 'signal'")
    unknown = set(data) - _FILE_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise PatternFileError(path, line_of(None, data, key), f"unknown key {key!r}")
    if ("rule" in data) == ("signal" in data):
        raise PatternFileError(path, 1, "a pattern file names exactly one 'rule' or 'signal'")
    pf = PatternFile(path=path, lang=lang, rule=data.get("rule"), signal=data.get("signal"))
    pf.patterns = _entries(data.get("patterns"), path, data, "patterns", "tokens")
    pf.patterns += _entries(data.get("regex"), path, data, "regex", "regex")
    pf.antipatterns = _entries(data.get("antipatterns"), path, data, "antipatterns", "tokens")
    if "unless" in data:
        pf.unless = parse_conditions(data["unless"], path, data)
    examples = data.get("examples") or {}
    if not isinstance(examples, dict):
        raise PatternFileError(path, line_of(examples, data, "examples"), "'examples' must have 'flag' and 'pass' lists")
    bad = set(examples) - {"flag", "pass"}
    if bad:
        raise PatternFileError(path, line_of(None, examples, sorted(bad)[0]), "examples are listed under 'flag' and 'pass'")
    for key in ("flag", "pass"):
        items = examples.get(key) or []
        if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            raise PatternFileError(path, line_of(items, examples, key), f"examples '{key}' must be a list of strings")
    pf.flag_examples = list(examples.get("flag") or [])
    pf.pass_examples = list(examples.get("pass") or [])
    return pf


@dataclass
class LanguageData:
    """Everything ``patterns/<lang>/`` (and the user's extra folders) say about a language."""

    lang: str
    files: list[PatternFile] = field(default_factory=list)
    lists: dict[str, list[str]] = field(default_factory=dict)
    defines: dict[str, str] = field(default_factory=dict)


def read_lists(path: Path, data: LanguageData) -> None:
    raw = load_yaml(path) or {}
    if not isinstance(raw, dict) or set(raw) - {"lists", "define", "description"}:
        raise PatternFileError(path, 1, "lists.yaml holds 'lists' (named word lists) and 'define' (regex pieces)")
    for name, words in (raw.get("lists") or {}).items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise PatternFileError(path, line_of(words, raw.get("lists"), name), f"list {name!r} must be a list of strings")
        data.lists.setdefault(str(name), []).extend(str(w) for w in words)
    for name, piece in (raw.get("define") or {}).items():
        if not isinstance(piece, str):
            raise PatternFileError(path, line_of(piece, raw.get("define"), name), f"define {name!r} must be a string")
        data.defines[str(name)] = str(piece)


def read_language_folder(folder: Path, data: LanguageData) -> None:
    """Add a ``<lang>/`` folder's files to ``data`` (built-in first, then the user's)."""
    lists_file = folder / "lists.yaml"
    if lists_file.is_file():
        read_lists(lists_file, data)
    for path in sorted(folder.rglob("*.yaml")):
        if path.name == "lists.yaml":
            continue
        data.files.append(read_pattern_file(path, data.lang))


_REF = regex.compile(r"\{([a-z][a-z0-9_-]*)\}")


def expand_defines(source: str, defines: dict[str, str], path: Path | str, line: int | None) -> str:
    """Replace ``{name}`` with its definition, recursively (bounded), as a non-capturing group."""
    def sub(text: str, depth: int) -> str:
        if depth > 10:
            raise PatternFileError(path, line, "define pieces refer to each other in a loop")

        def one(m: regex.Match) -> str:
            name = m.group(1)
            if name not in defines:
                raise PatternFileError(path, line, f"unknown piece {{{name}}} (not in any 'define')")
            return "(?:" + sub(defines[name], depth + 1) + ")"

        return _REF.sub(one, text)

    return sub(source, 0)
