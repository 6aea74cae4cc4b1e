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
from . import ReaderError, ReadSettings, Reply, register
from .templates import Text, find_templates, template_replies

MAX_ALIAS_EXPANSION = 100_000  # nodes that aliases may add to a file beyond its own
STR_TAG = "tag:yaml.org,2002:str"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # same marks (characters), faster

_WHITESPACE = " \t\r\n"
# Double-quoted escapes: how many source characters follow the backslash.
_ESCAPE_LENGTH = {"x": 3, "u": 5, "U": 9}


def align_scalar(source: str, node: yaml.ScalarNode) -> tuple[list[int], list[int]]:
    """Source start/end offsets of every character of ``node.value``.

    Non-blank characters map exactly; a blank produced by line folding maps to the
    line break it came from. If the walk ever disagrees with the value (it should
    not), the rest of the value maps to the scalar's start.
    """
    value, style = node.value, node.style
    j, end = node.start_mark.index, node.end_mark.index
    if style in ("|", ">"):
        newline = source.find("\n", j, end)
        j = end if newline < 0 else newline + 1
    elif style in ("'", '"'):
        j += 1
    starts: list[int] = []
    ends: list[int] = []
    n = len(value)
    while len(starts) < n:
        if j >= end:
            break
        c, s = value[len(starts)], source[j]
        if style == '"' and s == "\\":
            nxt = source[j + 1] if j + 1 < end else ""
            if nxt in "\r\n":  # escaped line break: contributes nothing
                j += 1
                continue
            length = 1 + _ESCAPE_LENGTH.get(nxt, 1)
            starts.append(j)
            ends.append(j + length)
            j += length
        elif style == "'" and s == "'" and c == "'":
            starts.append(j)
            ends.append(j + 2)
            j += 2
        elif c == s or (c in _WHITESPACE and s in _WHITESPACE):
            starts.append(j)
            ends.append(j + 1)
            j += 1
        elif s in _WHITESPACE:
            j += 1
        else:
            break
    if len(starts) < n:  # pragma: no cover - defensive: the rest points where the walk stopped
        anchor = min(j, end)
        starts += [anchor] * (n - len(starts))
        ends += [anchor] * (n - len(ends))
    return starts, ends


def _expanded_size(node: yaml.Node, memo: dict[int, int], active: set[int]) -> int:
    """Nodes in ``node`` with every alias expanded (memoised, so linear in the file)."""
    key = id(node)
    if key in memo:
        return memo[key]
    if key in active:
        raise ReaderError("an alias refers to the node that contains it (recursive alias)",
                          node.start_mark.line + 1, node.start_mark.column + 1)
    active.add(key)
    if isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(child, memo, active) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo, active) + _expanded_size(v, memo, active) for k, v in node.value)
    else:
        size = 1
    active.discard(key)
    memo[key] = size
    return size


def _check_aliases(root: yaml.Node) -> None:
    memo: dict[int, int] = {}
    size = _expanded_size(root, memo, set())
    if size - len(memo) > MAX_ALIAS_EXPANSION:
        raise ReaderError(f"YAML aliases expand to {size:,} nodes from {len(memo):,} "
                          f"(more than {MAX_ALIAS_EXPANSION:,} extra): refusing a possible alias bomb")


def _tree(node: yaml.Node, source: str, index: LineIndex, memo: dict[int, Any]) -> Any:
    key = id(node)
    if key in memo:  # an alias: the same tree, so its strings are linted once
        return memo[key]
    if isinstance(node, yaml.ScalarNode):
        if node.tag != STR_TAG:
            result: Any = None
        else:
            def build(node=node) -> SourceMap:
                starts, ends = align_scalar(source, node)
                return SourceMap(index, starts, ends, node.start_mark.index)

            result = Text(node.value, build)
    elif isinstance(node, yaml.SequenceNode):
        result = []
        memo[key] = result
        result.extend(_tree(child, source, index, memo) for child in node.value)
    else:
        result = {}
        memo[key] = result
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                result[str(k.value)] = _tree(v, source, index, memo)
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


def parse_yaml(text: str) -> list[tuple[Any, LineIndex]]:
    """The documents of a YAML text as template trees."""
    index = LineIndex(text)
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        raise _yaml_error(exc) from None
    except RecursionError:
        raise ReaderError("YAML nested too deeply") from None
    trees = []
    for root in documents:
        if root is None:
            continue
        try:
            _check_aliases(root)
            trees.append((_tree(root, text, index, {}), index))
        except RecursionError:
            raise ReaderError("YAML nested too deeply") from None
    return trees


def read_yaml(path: Path, text: str, settings: ReadSettings) -> list[Reply]:
    templates = [t for tree, _ in parse_yaml(text) for t in find_templates(tree, settings.keys)]
    return template_replies(str(path), templates)


register((".yaml", ".yml"), read_yaml)
