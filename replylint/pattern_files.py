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

import hashlib
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml

from .yaml_limits import YAMLAliasBomb, YAMLTooDeep, check_aliases, check_depth

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
try:
    from yaml import CSafeLoader as _SafeBase
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeBase


class _LineLoader(_SafeBase):
    pass


def _construct_str(loader: _LineLoader, node: yaml.Node) -> LineStr:
    value = LineStr(loader.construct_scalar(node))
    value.line = node.start_mark.line + 1
    return value


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A key given twice in one mapping (plain YAML would silently keep the last one)."""


def _check_duplicate_keys(node: yaml.MappingNode) -> None:
    """Refuse a mapping that repeats a key: a repeated pattern id would silently drop a pattern."""
    first: dict[tuple[str, str], int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        earlier = first.get((key.tag, key.value))
        if earlier is not None:
            raise DuplicateKeyError(None, None, f"duplicate key {key.value!r} (first on line {earlier})",
                                    key.start_mark)
        first[(key.tag, key.value)] = key.start_mark.line + 1


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    _check_duplicate_keys(node)
    mapping = LineDict(loader.construct_mapping(node, deep=deep))
    mapping.line = node.start_mark.line + 1
    # keyed by the constructed key, so an id YAML reads as a number or a boolean still has its line
    mapping.key_lines = {loader.construct_object(k): k.start_mark.line + 1
                         for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return mapping


class LineDict(dict):
    """A mapping that remembers its 1-based line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.key_lines = {}


_LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


# The largest built-in pattern file is 26 kB; a team's may be bigger, not this big.
MAX_PATTERN_FILE_SIZE = 4 * 1024 * 1024


def read_pattern_text(path: Path) -> str:
    """The text of a pattern, list or rules file: only a regular file (a FIFO would block,
    ``/dev/zero`` never end) of at most :data:`MAX_PATTERN_FILE_SIZE` bytes, read with that bound."""
    try:
        info = path.stat()  # follows symlinks: a link to /dev/zero is a character device
        if not stat.S_ISREG(info.st_mode):
            raise PatternFileError(path, None, "cannot read: not a regular file")
        if info.st_size > MAX_PATTERN_FILE_SIZE:
            raise PatternFileError(path, None, f"cannot read: file is too large ({info.st_size:,} bytes; "
                                               f"pattern files are limited to {MAX_PATTERN_FILE_SIZE:,})")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_PATTERN_FILE_SIZE + 1)  # in case it grew since stat
        if len(raw) > MAX_PATTERN_FILE_SIZE:
            raise PatternFileError(path, None, "cannot read: file is too large")
        return raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PatternFileError(path, None, f"cannot read: {exc}") from None


def load_yaml(path: Path) -> Any:
    text = read_pattern_text(path)
    try:
        check_depth(text, _LineLoader)  # libyaml's composer recurses without a limit
        loader = _LineLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            check_aliases(node)  # before constructing: a "billion laughs" file is refused
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        prefix = "" if isinstance(exc, DuplicateKeyError) else "invalid YAML: "
        raise PatternFileError(path, line, f"{prefix}{problem}") from None
    except (YAMLTooDeep, YAMLAliasBomb) as exc:
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
    """One pattern line as written, before compilation.

    ``id`` names the pattern within its file (the key in the mapping form), so a
    finding, a test example or a suppression can point at one pattern even after
    lines move. ``derived`` is True when the file gave no id (list form) and the id
    was made from the text by :func:`derived_id`.
    """

    source: str
    line: int | None
    kind: str = "tokens"  # or "regex"
    message: str | None = None
    suggest: list[str] = field(default_factory=list)
    unless: list[PatternEntry] = field(default_factory=list)
    id: str = ""
    derived: bool = False
    # ``fix: unsafe`` in the file: the suggestion may change what the reply says (a tier code
    # made vague, "escalate" made "pass on"), so ``--fix`` applies it only with ``--unsafe-fixes``
    # and the editor does not prefer it or include it in "fix all".
    fix_safe: bool = True
    # Words that must not stand right before the match / right after it (token patterns, each
    # a pattern itself): "виноват склад" but not "не виноват склад" (issue 10).
    not_after: list[str] = field(default_factory=list)
    not_before: list[str] = field(default_factory=list)
    # ``for:`` of an antipattern: the ids of the file's patterns whose matches it drops (empty:
    # every pattern of the file's rule or signal), so one exception can serve a few patterns.
    only_for: list[str] = field(default_factory=list)
    only_for_line: int | None = None


@dataclass
class Condition:
    """Drop a match when ``signal`` is found in ``scope`` around it.

    A composite condition (``all:`` / ``any:`` in the file) has no signal of its own: it holds
    when every one (``all``) or one (``any``) of ``parts`` holds, so "an apology AND a remedy
    in the same clause" is written once instead of as a signal that knows both."""

    signal: str
    scope: str  # clause | sentence | next | previous | around | paragraph | reply
    line: int | None = None
    combine: str = ""  # "all" | "any" for a composite condition ("" for a signal)
    parts: tuple[Condition, ...] = ()


SCOPES = ("clause", "sentence", "next", "previous", "around", "paragraph", "reply")


class Example(LineStr):
    """An example text that may also state what its finding must look like.

    It stays a :class:`LineStr` (a ``str`` with ``.line``) so code that treats examples
    as plain text keeps working; ``span`` is the text the finding must underline,
    ``fixed`` the text after applying the finding's first suggestion, ``pattern`` the
    id of the pattern expected to fire. Each is None when the example does not say.
    """

    span: str | None = None
    fixed: str | None = None
    pattern: str | None = None


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
    flag_examples: list[Example] = field(default_factory=list)
    pass_examples: list[Example] = field(default_factory=list)

    @property
    def owner(self) -> str:
        return self.rule or self.signal or ""


_FILE_KEYS = {"rule", "signal", "patterns", "regex", "antipatterns", "unless", "examples", "description", "notes"}
_ENTRY_KEYS = {"match", "regex", "message", "suggest", "unless", "note", "fix", "not_after", "not_before"}
_SWAP_KEYS = {"swap", "message", "unless", "note", "fix", "not_after", "not_before"}
_SWAP_VALUE_KEYS = {"suggest", "fix"}
FIX_SAFETY = {"safe": True, "unsafe": False}
_EXAMPLE_KEYS = {"text", "span", "fixed", "pattern"}
ID_PATTERN = regex.compile(r"[\w][\w-]*")


# -------------------------------------------------------------------- derived ids
# A team pack in the old list form names no ids; one is made from the text so that it
# stays the same while the text does: a slug of the first words plus a hash of the text.

_ELEMENT = regex.compile(r"!?/(?:\\.|[^/\\])*/\S*|\S+")
_CONTRACTED = {"can't": "can", "won't": "will", "shan't": "shall", "ca": "can", "wo": "will"}  # ca n't, wo n't
_CLITICS = {"n't": "not", "'ll": "will", "'re": "are", "'m": "am", "'s": "is", "'d": "would", "'ve": "have"}


def _optional(quantifier: str) -> bool:
    return quantifier.startswith(("?", "{0,"))


def _element_words(element: str) -> list[str]:
    """The words of a word element's first alternative; none for gaps, guards, regexes, optional words."""
    quantifier = element[element.find("{"):] if "{" in element else ""
    if element[0] in "!/_[]" or element.endswith("?") or _optional(quantifier):
        return []
    word = element.split("|")[0].lstrip("=@").rstrip("*").lower().replace("\u2019", "'")
    if word in _CLITICS or word in _CONTRACTED:
        return [_CLITICS.get(word) or _CONTRACTED[word]]
    base, _, rest = word.partition("'")
    clitic = "n't" if rest == "t" and base.endswith("n") else "'" + rest
    if clitic in _CLITICS:  # we'd -> we would, don't -> do not, can't -> can not
        base = _CONTRACTED.get(word, base[:-1] if clitic == "n't" else base)
        return [*regex.findall(r"\w+", base), _CLITICS[clitic]]
    return regex.findall(r"\w+", word.replace("'", ""))


def _token_path(elements: list[str], i: int) -> tuple[list[str], int]:
    """Words along the first alternative of each group, from ``i`` to the group's ``)``; optional groups skipped."""
    words: list[str] = []
    other_alternative = False
    while i < len(elements):
        element = elements[i]
        if element == "(":
            inner, i = _token_path(elements, i + 1)
            closing = elements[i] if i < len(elements) else ")"
            if not other_alternative and not _optional(closing[1:]):
                words += inner
        elif element.startswith(")"):
            return words, i
        elif element == "|":
            other_alternative = True
        elif not other_alternative:
            words += _element_words(element)
        i += 1
    return words, i


def _skip_class(s: str, i: int) -> int:
    """Index after the ``[…]`` character class starting at ``i``."""
    i += 1
    if s[i:i + 1] == "^":
        i += 1
    if s[i:i + 1] == "]":
        i += 1
    while i < len(s) and s[i] != "]":
        i += 2 if s[i] == "\\" else 1
    return i + 1


def _group_start(s: str, i: int) -> tuple[int, bool]:
    """Where a group's body starts (after ``(?:``, ``(?P<name>``, ``(?-i:``…) and whether it is a lookaround."""
    if s[i:i + 1] != "?":
        return i, False
    if s[i + 1:i + 2] in ("=", "!"):
        return i + 2, True
    if s[i + 1:i + 3] in ("<=", "<!"):
        return i + 3, True
    if s[i + 1:i + 3] == "P<":
        return s.find(">", i) + 1, False
    ends = [j for j in (s.find(":", i), s.find(")", i)) if j >= 0]
    end = min(ends) if ends else len(s)
    return (end + 1 if s[end:end + 1] == ":" else end), False


def _regex_path(s: str, i: int) -> tuple[list[str], int]:
    """Literal words along the first alternative of each group of a regex; optional groups and lookarounds skipped."""
    words: list[str] = []
    current = ""
    other_alternative = False
    while i < len(s):
        c = s[i]
        if c == "(":
            if current:
                words.append(current)
                current = ""
            body, lookaround = _group_start(s, i + 1)
            inner, i = _regex_path(s, body)
            after = s[i + 1:i + 4]
            if not (other_alternative or lookaround or after[:1] in ("?", "*") or after.startswith("{0,")):
                words += inner
            i += 1
            continue
        if c == ")":
            break
        if c == "|":
            other_alternative = True
        elif c in "?*" and current:
            current = current[:-1]  # the character before is optional
        elif c.isalnum() and not other_alternative:
            current += c.lower()
            i += 1
            continue
        if current:
            words.append(current)
            current = ""
        if c == "\\":
            i += 2
        elif c == "[":
            i = _skip_class(s, i)
        elif c == "{":
            ref = _REF.match(s, i)
            if ref and not other_alternative:
                words.append(ref.group(1))  # a define piece: its name says what it matches
            i = s.find("}", i) + 1 or len(s)
        else:
            i += 1
    if current:
        words.append(current)
    return words, i


def pattern_words(source: str, kind: str = "tokens") -> list[str]:
    """The words a pattern is about: the first alternative of each element, optional parts left out.

    Used to name patterns: ``( i | we ) ( only | just ) handle !it`` gives ``i, only, handle``.
    """
    if kind == "regex":
        return _regex_path(source, 0)[0]
    return _token_path(_ELEMENT.findall(source), 0)[0]


def slug(words: list[str], max_words: int = 4, max_len: int = 24) -> str:
    """Join 2 to ``max_words`` words with hyphens; a third or fourth word only while it stays ``max_len`` long."""
    out: list[str] = []
    for word in words:
        if len(out) >= 2 and (len(out) >= max_words or len("-".join([*out, word])) > max_len):
            break
        out.append(word)
    return "-".join(out)[:2 * max_len].strip("-")


def derived_id(source: str, kind: str = "tokens") -> str:
    """The id of a pattern that names none: a slug of its first words and 6 hex digits of its text's hash."""
    digest = hashlib.sha1(source.encode("utf-8")).hexdigest()[:6]
    words = slug(pattern_words(source, kind), max_words=3)
    return f"{words}-{digest}" if words else f"pattern-{digest}"


# ------------------------------------------------------------------ pattern entries


def _suggestions(item: dict, path: Path) -> list[str]:
    suggest = item.get("suggest") or []
    if isinstance(suggest, str):
        suggest = [suggest]
    if not isinstance(suggest, list) or not all(isinstance(s, str) for s in suggest):
        raise PatternFileError(path, line_of(item), "'suggest' must be a string or a list of strings")
    return [str(s) for s in suggest]


def _fix_safe(item: dict, path: Path, default: bool = True) -> bool:
    """``fix: safe`` (the default) or ``fix: unsafe``: whether applying the suggestion keeps
    the reply's meaning."""
    if "fix" not in item:
        return default
    value = item["fix"]
    if value not in FIX_SAFETY:
        raise PatternFileError(path, line_of(item), f"'fix' must be 'safe' or 'unsafe', not {value!r}")
    return FIX_SAFETY[value]


def _entry(item: Any, path: Path, container: Any, key: str, default_kind: str, list_form: bool,
           section: str = "") -> PatternEntry:
    """One pattern from its text or its mapping; the id is set by the caller."""
    if isinstance(item, str):
        return PatternEntry(str(item), line_of(item, container), default_kind)
    if not isinstance(item, dict):
        raise PatternFileError(path, line_of(item, container, key), f"'{key}' entries are strings or mappings")
    allowed = _ENTRY_KEYS | {"id"} if list_form else _ENTRY_KEYS
    if section == "antipatterns":
        allowed = allowed | {"for"}
    unknown = set(item) - allowed
    if unknown:
        raise PatternFileError(path, line_of(item), f"unknown key {min(unknown)!r} in a pattern entry")
    kind = "regex" if "regex" in item else default_kind
    source = item.get("regex", item.get("match"))
    if not isinstance(source, str):
        raise PatternFileError(path, line_of(item), "a pattern entry needs 'match' (or 'regex') text")
    return PatternEntry(
        source=str(source), line=line_of(source, item, "match"), kind=kind,
        message=item.get("message"), suggest=_suggestions(item, path),
        unless=_entries(item.get("unless"), path, item, "unless", "tokens", {}),
        fix_safe=_fix_safe(item, path),
        not_after=_guards(item, "not_after", path), not_before=_guards(item, "not_before", path),
        only_for=_only_for(item, path), only_for_line=line_of(item.get("for"), item, "for"),
    )


def _only_for(item: dict, path: Path) -> list[str]:
    """An antipattern's ``for:``: one pattern id or a list of them (checked against the file's
    ids by :func:`_check_only_for`, once they are all known)."""
    raw = item.get("for")
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw or not all(isinstance(i, str) for i in raw):
        raise PatternFileError(path, line_of(raw, item, "for"), "'for' must be a pattern id or a list of pattern ids")
    return [str(i) for i in raw]


def _check_only_for(pf: PatternFile, ids: set[str]) -> None:
    """Every id an antipattern's ``for:`` names is a pattern (or regex) of the same file."""
    for entry in pf.antipatterns:
        unknown = [i for i in entry.only_for if i not in ids]
        if unknown:
            raise PatternFileError(pf.path, entry.only_for_line or entry.line,
                                   f"antipattern {entry.id!r}: 'for' names {unknown[0]!r}, "
                                   "which is not a pattern of this file")


def _guards(item: dict, key: str, path: Path) -> list[str]:
    """``not_after`` / ``not_before``: one pattern or a list of them."""
    raw = item.get(key)
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw or not all(isinstance(g, str) and g.strip() for g in raw):
        raise PatternFileError(path, line_of(item),
                               f"'{key}' must be a pattern or a list of patterns")
    return [str(g) for g in raw]


def _given_id(value: Any, path: Path, line: int | None) -> str:
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise PatternFileError(path, line, f"pattern id {value!r} must be a word: letters, digits, '_' and '-' "
                                           "(quote it if YAML reads it as a number or yes/no)")
    return str(value)


def _claim(entry: PatternEntry, given: str | None, seen: dict[str, int | None], path: Path) -> None:
    """Give ``entry`` its id, unique in ``seen``: a given id twice is an error, a derived one gets ``-2``."""
    if given is not None:
        if given in seen:
            raise PatternFileError(path, entry.line, f"duplicate pattern id {given!r} (first on line {seen[given]})")
        entry.id = given
    else:
        base = derived_id(entry.source, entry.kind)
        entry.id, n = base, 1
        while entry.id in seen:
            n += 1
            entry.id = f"{base}-{n}"
        entry.derived = True
    seen[entry.id] = entry.line


def _entries(raw: Any, path: Path, parent: Any, key: str, default_kind: str,
             seen: dict[str, int | None]) -> list[PatternEntry]:
    """A section of patterns: a mapping from id to pattern, or (team packs) a list with optional ``id:``."""
    if raw is None:
        return []
    out = []
    if isinstance(raw, dict):
        for pattern_id, item in raw.items():
            line = raw.key_lines.get(pattern_id) if isinstance(raw, LineDict) else None
            given = _given_id(pattern_id, path, line)
            if item is None:
                raise PatternFileError(path, line, f"pattern {given!r} has no text")
            if isinstance(item, dict) and "swap" in item:
                out.extend(_swap_entries(item, path, given, line, seen))
                continue
            entry = _entry(item, path, raw, pattern_id, default_kind, list_form=False, section=key)
            entry.line = entry.line or line
            _claim(entry, given, seen, path)
            out.append(entry)
        return out
    if not isinstance(raw, list):
        raise PatternFileError(path, line_of(raw, parent, key),
                               f"'{key}' must be a list or a mapping from id to pattern")
    for item in raw:
        entry = _entry(item, path, raw, key, default_kind, list_form=True, section=key)
        raw_id = item.get("id") if isinstance(item, dict) and "id" in item else None
        _claim(entry, None if raw_id is None else _given_id(raw_id, path, line_of(item)), seen, path)
        out.append(entry)
    return out


def _swap_entries(item: dict, path: Path, given: str, line: int | None,
                  seen: dict[str, int | None]) -> list[PatternEntry]:
    """Vale's ``swap``: a mapping from a token pattern to its replacement, written once.

    Each pair becomes a pattern of its own whose suggestion is the replacement, with the id
    ``<id>-<words of the pattern>``, so one entry can carry a whole table of jargon terms
    and the plain words a customer understands, each fix exact to its term.
    """
    unknown = set(item) - _SWAP_KEYS
    if unknown:
        raise PatternFileError(path, line_of(item), f"unknown key {min(unknown)!r} in a swap entry")
    table = item["swap"]
    if not isinstance(table, dict) or not table:
        raise PatternFileError(path, line_of(item), "'swap' must be a mapping from a pattern to its replacement")
    table_safe = _fix_safe(item, path)
    out = []
    for n, (source, replacement) in enumerate(table.items(), start=1):
        key_line = table.key_lines.get(source) if isinstance(table, LineDict) else line
        if not isinstance(source, str) or not source.strip():
            raise PatternFileError(path, key_line, "a 'swap' pattern must be non-empty text")
        safe = table_safe
        if isinstance(replacement, dict):  # "pattern": {suggest: "…", fix: unsafe}
            unknown = set(replacement) - _SWAP_VALUE_KEYS
            if unknown:
                raise PatternFileError(path, key_line, f"unknown key {min(unknown)!r} in swap {source!r}")
            safe = _fix_safe(replacement, path, table_safe)
            replacement = replacement.get("suggest")
        if not replacement:
            raise PatternFileError(path, key_line, f"swap {source!r} needs a replacement text")
        entry = PatternEntry(
            source=str(source), line=key_line or line, kind="tokens", message=item.get("message"),
            suggest=_suggestions({"suggest": replacement}, path),
            unless=_entries(item.get("unless"), path, item, "unless", "tokens", {}),
            fix_safe=safe,
            not_after=_guards(item, "not_after", path), not_before=_guards(item, "not_before", path),
        )
        words = slug(pattern_words(entry.source), max_words=3)
        if not ID_PATTERN.fullmatch(words):
            words = str(n)
        _claim(entry, f"{given}-{words}", seen, path)
        out.append(entry)
    return out


def parse_conditions(raw: Any, path: Path | str, parent: Any, key: str = "unless",
                     depth: int = 0) -> list[Condition]:
    """An ``unless`` list: signals (``{signal, scope}`` or a bare name) and, one level deep,
    ``{all: [...]}`` / ``{any: [...]}`` of them. The match is dropped when any item holds."""
    if not isinstance(raw, list) or (depth and not raw):
        raise PatternFileError(path, line_of(raw, parent, key), f"'{key}' must be a list of {{signal, scope}}")
    out = []
    for item in raw:
        if isinstance(item, str):
            item = {"signal": item, "scope": "reply"}
        combine = [k for k in ("all", "any") if isinstance(item, dict) and k in item]
        if combine:
            line = line_of(item, parent, key)
            if depth:
                raise PatternFileError(path, line, f"'{combine[0]}' cannot be nested in '{key}': "
                                                   "one level of all/any only")
            if len(item) != 1:
                extra = sorted(k for k in item if k != combine[0])
                raise PatternFileError(path, line, f"'{combine[0]}' takes a list of conditions and no "
                                                   f"other key (found {', '.join(map(repr, extra))})")
            parts = parse_conditions(item[combine[0]], path, item, combine[0], depth + 1)
            out.append(Condition("", "", line, combine[0], tuple(parts)))
            continue
        if not isinstance(item, dict) or "signal" not in item:
            raise PatternFileError(path, line_of(item, parent, key), "a condition needs 'signal' (or 'all' / 'any')")
        scope = item.get("scope", "reply")
        if scope not in SCOPES:
            raise PatternFileError(path, line_of(item, parent, key),
                                   f"scope {scope!r} is not one of {', '.join(SCOPES)}")
        out.append(Condition(str(item["signal"]), str(scope), line_of(item, parent, key)))
    return out


# ------------------------------------------------------------------------ examples


def _example(item: Any, path: Path, items: list, key: str, pattern_ids: set[str]) -> Example:
    """A plain example text, or a mapping that also states the span, the fixed text, the pattern."""
    if isinstance(item, str):
        example = Example(item)
        example.line = line_of(item, items) or 0
        return example
    line = line_of(item, items)
    if not isinstance(item, dict):
        raise PatternFileError(path, line, f"examples '{key}' are strings or mappings with 'text'")
    unknown = set(item) - _EXAMPLE_KEYS
    if unknown:
        raise PatternFileError(path, line, f"unknown key {min(unknown)!r} in an example "
                                           f"(use {', '.join(sorted(_EXAMPLE_KEYS))})")
    if key == "pass" and set(item) - {"text"}:
        raise PatternFileError(path, line, "a 'pass' example has no finding: give it only 'text'")
    for name in _EXAMPLE_KEYS & set(item):
        if not isinstance(item[name], str) or not item[name]:
            raise PatternFileError(path, line_of(item[name], item, name), f"example '{name}' must be a non-empty text")
    if "text" not in item:
        raise PatternFileError(path, line, "an example mapping needs 'text'")
    example = Example(item["text"])
    example.line = line_of(item["text"], item, "text") or 0
    example.span, example.fixed, example.pattern = (item.get(k) for k in ("span", "fixed", "pattern"))
    if example.span is not None and example.span not in example:
        raise PatternFileError(path, line_of(item["span"], item, "span"), f"span {example.span!r} is not in the text")
    if example.pattern is not None and example.pattern not in pattern_ids:
        raise PatternFileError(path, line_of(item["pattern"], item, "pattern"),
                               f"example names pattern {example.pattern!r}, which is not a pattern of this file")
    return example


def _examples(data: dict, path: Path, pattern_ids: set[str]) -> tuple[list[Example], list[Example]]:
    examples = data.get("examples") or {}
    if not isinstance(examples, dict):
        raise PatternFileError(path, line_of(examples, data, "examples"),
                               "'examples' must have 'flag' and 'pass' lists")
    bad = set(examples) - {"flag", "pass"}
    if bad:
        raise PatternFileError(path, line_of(None, examples, min(bad)), "examples are listed under 'flag' and 'pass'")
    out = []
    for key in ("flag", "pass"):
        items = examples.get(key) or []
        if not isinstance(items, list):
            raise PatternFileError(path, line_of(items, examples, key),
                                   f"examples '{key}' must be a list of strings (or of mappings with 'text')")
        out.append([_example(item, path, items, key, pattern_ids) for item in items])
    return out[0], out[1]


def read_pattern_file(path: Path, lang: str) -> PatternFile:
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise PatternFileError(path, 1, "expected a mapping with 'rule' or 'signal'")
    unknown = set(data) - _FILE_KEYS
    if unknown:
        key = min(unknown)
        raise PatternFileError(path, line_of(None, data, key), f"unknown key {key!r}")
    if ("rule" in data) == ("signal" in data):
        raise PatternFileError(path, 1, "a pattern file names exactly one 'rule' or 'signal'")
    pf = PatternFile(path=path, lang=lang, rule=data.get("rule"), signal=data.get("signal"))
    seen: dict[str, int | None] = {}  # ids are unique across the file's three sections
    pf.patterns = _entries(data.get("patterns"), path, data, "patterns", "tokens", seen)
    pf.patterns += _entries(data.get("regex"), path, data, "regex", "regex", seen)
    pf.antipatterns = _entries(data.get("antipatterns"), path, data, "antipatterns", "tokens", seen)
    _check_only_for(pf, {e.id for e in pf.patterns})
    if "unless" in data:
        pf.unless = parse_conditions(data["unless"], path, data)
    pf.flag_examples, pf.pass_examples = _examples(data, path, {e.id for e in pf.patterns})
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
            raise PatternFileError(path, line_of(words, raw.get("lists"), name),
                                   f"list {name!r} must be a list of strings")
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
