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
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, _OPEN):
            depth += 1
            if depth > limit:
                raise YAMLTooDeep(event.start_mark, limit)
        elif isinstance(event, _CLOSE):
            depth -= 1
