"""Limits for YAML from repositories: nesting (checked before composing) and alias
expansion (checked on the composed nodes, before anything is constructed).

libyaml's composer (PyYAML's ``CSafeLoader``) recurses in C once per nesting level with
no limit, so ``[[[[…`` a hundred thousand deep overflows the C stack and kills the
process (a segmentation fault, not an exception). The parser itself is iterative: one
pass over its events finds the depth cheaply, and a file nested deeper than
:data:`MAX_YAML_DEPTH` is refused before anything recursive sees it. Real template and
pattern files nest a handful of levels.

Aliases: nine anchors of nine aliases each make a 507-byte "billion laughs" file whose
constructed data is 9⁹ strings (62 s and 1.8 GB before this check, in a pattern file).
:func:`check_aliases` counts the nodes the aliases would add, memoised per node (linear
in the file), and refuses more than :data:`MAX_ALIAS_EXPANSION`, and an alias to the
node that contains it.
"""
from __future__ import annotations

import yaml

MAX_YAML_DEPTH = 200
MAX_ALIAS_EXPANSION = 100_000  # nodes that aliases may add to a file beyond its own

_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class YAMLTooDeep(Exception):
    """A YAML text nested deeper than the limit; ``mark`` is where the limit was crossed."""

    def __init__(self, mark: yaml.Mark | None, limit: int):
        super().__init__(f"nested more than {limit} levels deep")
        self.mark = mark
        self.limit = limit


def check_depth(text: str, loader: type, limit: int = MAX_YAML_DEPTH) -> None:
    """Raise :class:`YAMLTooDeep` if ``text`` nests collections deeper than ``limit``.

    Syntax errors are raised as the parser's own :class:`yaml.YAMLError`.
    """
    try:
        _walk(text, loader, limit)
    except yaml.MarkedYAMLError as exc:
        # libyaml 0.2.6 (in PyYAML 6.0.4's wheels) refuses flow nesting past 1000 levels in its
        # scanner, and the scanner reads up to 1024 characters ahead of the parser (looking for
        # a simple key), so ``[[[[…`` failed there, at level 1000, before the parser's events
        # reached this limit. Walking the text up to that error with the pure-Python parser (no
        # such limit) refuses it where this limit is crossed, whatever the libyaml version.
        mark = exc.problem_mark
        if mark is not None and "nesting" in str(exc.problem) and loader is not yaml.SafeLoader:
            try:
                _walk(text[: mark.index + 1], yaml.SafeLoader, limit)
            except yaml.YAMLError:
                pass  # the limit was not crossed before the error: the error stands
        raise


def _walk(text: str, loader: type, limit: int) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, _OPEN):
            depth += 1
            if depth > limit:
                raise YAMLTooDeep(event.start_mark, limit)
        elif isinstance(event, _CLOSE):
            depth -= 1


class YAMLAliasBomb(Exception):
    """Aliases that expand too far, or refer to the node containing them; ``mark`` says where."""

    def __init__(self, message: str, mark: yaml.Mark | None = None):
        super().__init__(message)
        self.mark = mark


def _expanded_size(node: yaml.Node, memo: dict[int, int], active: set[int]) -> int:
    """Nodes in ``node`` with every alias expanded (memoised, so linear in the file)."""
    key = id(node)
    if key in memo:
        return memo[key]
    if key in active:
        raise YAMLAliasBomb("an alias refers to the node that contains it (recursive alias)", node.start_mark)
    active.add(key)
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, memo, active) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, memo, active) + _expanded_size(v, memo, active) for k, v in node.value)
    active.discard(key)
    memo[key] = size
    return size


def check_aliases(root: yaml.Node, limit: int = MAX_ALIAS_EXPANSION) -> None:
    """Raise :class:`YAMLAliasBomb` if aliases would add more than ``limit`` nodes to ``root``.

    Recursion follows the nesting, which :func:`check_depth` has bounded already."""
    memo: dict[int, int] = {}
    size = _expanded_size(root, memo, set())
    if size - len(memo) > limit:
        raise YAMLAliasBomb(f"YAML aliases expand to {size:,} nodes from {len(memo):,} "
                            f"(more than {limit:,} extra): refusing a possible alias bomb")
