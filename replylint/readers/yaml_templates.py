"""YAML files of templates (``.yaml``, ``.yml``).

Parsed with PyYAML's safe composer (nodes only: nothing is constructed, no tags run
code). Each string scalar keeps its node's marks; the map from the scalar's value back
to the file is built by walking the source of the scalar alongside the value, which
handles every style: plain, quoted (``''`` and backslash escapes), literal ``|`` and
folded ``>`` block scalars. Aliases are followed once; a file whose aliases would
expand to more than :data:`MAX_ALIAS_EXPANSION` extra nodes (a "billion laughs"
file) is refused, and so is an alias that refers to itself.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..positions import LineIndex, SourceMap
from ..yaml_limits import MAX_ALIAS_EXPANSION, YAMLAliasBomb, YAMLTooDeep, check_aliases, check_depth
from . import ReaderError, ReadSettings, ReadWarning, Replies, Reply, register
from .templates import Text, find_templates, template_replies
from .yaml_recovery import Inserted, mend

STR_TAG = "tag:yaml.org,2002:str"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # same marks (characters), faster

_WHITESPACE = " \t\r\n"
_BREAKS = "\r\n\x85\u2028\u2029"
# Double-quoted escapes (as PyYAML's scanner reads them): one character, or hex digits.
_ESCAPE_CHARS = {"0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b",
                 "f": "\x0c", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "\\": "\\", "/": "/",
                 "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_ESCAPE_HEX = {"x": 2, "u": 4, "U": 8}


def _quoted(source: str, j: int, double: bool) -> tuple[str, list[int], list[int]]:
    """Scan a quoted scalar whose opening quote is at ``j``, as PyYAML's scanner does,
    keeping each produced character's source span (folded breaks map to the break)."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def emit(ch: str, a: int, b: int) -> None:
        chars.append(ch)
        starts.append(a)
        ends.append(b)

    def line_break(i: int) -> tuple[str, int]:
        if source.startswith("\r\n", i):
            return "\n", i + 2
        ch = source[i]
        return ("\n" if ch in "\r\n\x85" else ch), i + 1

    def breaks(i: int) -> int:  # empty lines after a break: one "\n" each
        while True:
            while i < len(source) and source[i] in " \t":
                i += 1
            if i < len(source) and source[i] in _BREAKS:
                ch, nxt = line_break(i)
                emit(ch, i, nxt)
                i = nxt
            else:
                return i

    quote = '"' if double else "'"
    i = j + 1
    while i < len(source):
        ch = source[i]
        if ch == quote and not (not double and source.startswith("''", i)):
            break
        if not double and source.startswith("''", i):
            emit("'", i, i + 2)
            i += 2
        elif double and ch == "\\":
            code = source[i + 1] if i + 1 < len(source) else ""
            if code in _ESCAPE_CHARS:
                emit(_ESCAPE_CHARS[code], i, i + 2)
                i += 2
            elif code in _ESCAPE_HEX:
                width = _ESCAPE_HEX[code]
                emit(chr(int(source[i + 2:i + 2 + width], 16)), i, i + 2 + width)
                i += 2 + width
            elif code and code in _BREAKS:  # escaped line break: nothing, then empty lines
                _, i = line_break(i + 1)
                i = breaks(i)
            else:
                break
        elif ch in " \t" or ch in _BREAKS:
            k = i
            while k < len(source) and source[k] in " \t":
                k += 1
            if k < len(source) and source[k] in _BREAKS:
                br, nxt = line_break(k)
                n_before = len(chars)
                after = breaks(nxt)
                if br != "\n":
                    chars.insert(n_before, br)
                    starts.insert(n_before, k)
                    ends.insert(n_before, nxt)
                elif len(chars) == n_before:  # a single break folds into a space
                    emit(" ", k, nxt)
                i = after
            else:
                for m in range(i, k):
                    emit(source[m], m, m + 1)
                i = k
        else:
            emit(ch, i, i + 1)
            i += 1
    return "".join(chars), starts, ends


def align_scalar(source: str, node: yaml.ScalarNode) -> tuple[list[int], list[int]]:
    """Source start/end offsets of every character of ``node.value``.

    Quoted scalars are re-scanned the way PyYAML scans them (escapes, ``''``, folding);
    plain and block scalars differ from their source only in blanks (indentation,
    folded line breaks), so their characters are matched in order, skipping source
    blanks. Non-blank characters map exactly; a blank made by folding maps to the line
    break it came from. Should the walk ever disagree with the value, the rest of the
    value maps to where it stopped.
    """
    value, style = node.value, node.style
    j, end = node.start_mark.index, node.end_mark.index
    if style in ("'", '"'):
        text, starts, ends = _quoted(source, j, style == '"')
        if text == value:
            return starts, ends
        starts, ends = [], []  # pragma: no cover - defensive
    else:
        if style in ("|", ">"):
            newline = source.find("\n", j, end)
            j = end if newline < 0 else newline + 1
        starts, ends = [], []
        for c in value:
            while j < end and source[j] != c and not (c in _WHITESPACE and source[j] in _WHITESPACE):
                if source[j] not in _WHITESPACE:
                    j = end
                    break
                j += 1
            if j >= end:
                break
            starts.append(j)
            ends.append(j + 1)
            j += 1
    if len(starts) < len(value):  # pragma: no cover - defensive: the rest points where the walk stopped
        anchor = min(j, end)
        starts += [anchor] * (len(value) - len(starts))
        ends += [anchor] * (len(value) - len(ends))
    return starts, ends


def _check_aliases(root: yaml.Node) -> None:
    try:
        check_aliases(root, MAX_ALIAS_EXPANSION)
    except YAMLAliasBomb as exc:
        mark = exc.mark
        raise ReaderError(str(exc), *((mark.line + 1, mark.column + 1) if mark else ())) from None


class _Scalars:
    """The string scalars of one YAML text: a scalar's map is built from its node (lazily:
    only scalars that turn out to be templates need one). ``inserted`` maps offsets of a text
    mended by :mod:`.yaml_recovery` back to the file's."""

    def __init__(self, source: str, index: LineIndex, inserted: Inserted | None = None):
        self.source, self.index, self.inserted = source, index, inserted

    def source_map(self, node: yaml.ScalarNode) -> SourceMap:
        starts, ends = align_scalar(self.source, node)
        empty_at = node.start_mark.index
        if self.inserted is not None:
            starts = [self.inserted.original(o) for o in starts]
            ends = [self.inserted.original(o) for o in ends]
            empty_at = self.inserted.original(empty_at)
        return SourceMap(self.index, starts, ends, empty_at)


def _tree(node: yaml.Node, scalars: _Scalars, memo: dict[int, Any]) -> Any:
    key = id(node)
    if key in memo:  # an alias: the same tree, so its strings are linted once
        return memo[key]
    if isinstance(node, yaml.ScalarNode):
        if node.tag != STR_TAG:
            result: Any = None
        else:
            result = Text(node.value, scalars, node)
    elif isinstance(node, yaml.SequenceNode):
        result = []
        memo[key] = result
        result.extend(_tree(child, scalars, memo) for child in node.value)
    else:
        result = {}
        memo[key] = result
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                result[str(k.value)] = _tree(v, scalars, memo)
    memo[key] = result
    return result


def _yaml_error(exc: yaml.YAMLError) -> ReaderError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    if mark is not None:
        return ReaderError(message, mark.line + 1, mark.column + 1)
    return ReaderError(message)


def parse_yaml(text: str, recovered: list[int] | None = None) -> list[tuple[Any, LineIndex]]:
    """The documents of a YAML text as template trees. Lines that start with an osTicket
    placeholder inside a block scalar are read as part of it (:mod:`.yaml_recovery`); their
    1-based line numbers are appended to ``recovered``."""
    index = LineIndex(text)
    inserted = Inserted()
    source = text
    while True:
        try:
            check_depth(source, _Loader)  # before composing: libyaml's composer recurses without a limit
            documents = list(yaml.compose_all(source, Loader=_Loader))
            break
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            mended = mend(source, mark.index, inserted) if mark is not None and mark.column <= 1 else None
            if mended is None:
                raise _yaml_error(exc) from None
            source = mended
        except YAMLTooDeep as exc:
            mark = exc.mark
            raise ReaderError(f"YAML {exc}", *((mark.line + 1, mark.column + 1) if mark else ())) from None
        except RecursionError:
            raise ReaderError("YAML nested too deeply") from None
    if recovered is not None:
        recovered.extend(inserted.lines)
    trees = []
    for root in documents:
        if root is None:
            continue
        try:
            _check_aliases(root)
            trees.append((_tree(root, _Scalars(source, index, inserted if inserted.at else None), {}), index))
        except RecursionError:
            raise ReaderError("YAML nested too deeply") from None
    return trees


def read_yaml(path: Path, text: str, settings: ReadSettings) -> list[Reply]:
    recovered: list[int] = []
    templates = [t for tree, _ in parse_yaml(text, recovered) for t in find_templates(tree, settings.keys)]
    replies = Replies(template_replies(str(path), templates))
    replies.warnings.extend(
        ReadWarning("a line starting with a placeholder at column 1 is read as part of the block scalar "
                    "above it (as osTicket reads it; indent it to make the file valid YAML)", line, 1)
        for line in recovered)
    return replies


register((".yaml", ".yml"), read_yaml)
