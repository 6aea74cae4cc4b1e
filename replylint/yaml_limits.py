"""A nesting limit for YAML, checked before composing.

libyaml's composer (PyYAML's ``CSafeLoader``) recurses in C once per nesting level with
no limit, so ``[[[[…`` a hundred thousand deep overflows the C stack and kills the
process (a segmentation fault, not an exception). The parser itself is iterative: one
pass over its events finds the depth cheaply, and a file nested deeper than
:data:`MAX_YAML_DEPTH` is refused before anything recursive sees it. Real template and
pattern files nest a handful of levels.
"""
from __future__ import annotations

import yaml

MAX_YAML_DEPTH = 200

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
