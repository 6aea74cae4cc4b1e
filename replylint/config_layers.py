"""Layering configuration: the project file, then the command line, then the editor.

Precedence, lowest first::

    configuration file  <  command line (--select, --ignore)  <  editor settings

Each surface describes what it sets as a :class:`ConfigOverrides` and calls :func:`layer`, so
"what wins" is decided here once instead of by each surface. A later layer

* replaces ``select`` (the rules to run) and ``lang`` (the fallback language) when it sets them;
* extends ``ignore``, ``allow`` and ``pattern_dirs`` (the base's entries, then its own, each once),
  since a narrower surface should be able to silence more, never to un-ignore what the project
  ignores;
* merges ``levels`` per rule (its level wins) and appends its words to the named word ``lists``.

Everything else (``exclude``, ``per-file-lang``, ``keys``, ``max-file-size``, the source file)
always comes from the configuration file. A field an override leaves unset (``None``, or
:data:`KEEP` for ``select``) leaves the base's value exactly as it is.
"""
from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final, Literal, TypeVar

from .config import Config

__all__ = ["KEEP", "ConfigOverrides", "layer"]

T = TypeVar("T")


class _Keep(enum.Enum):
    KEEP = "keep"


KEEP: Final = _Keep.KEEP
"""``select=KEEP``: the base's selection stands (``select=None`` selects every rule)."""


@dataclass(frozen=True)
class ConfigOverrides:
    """What one surface (command line, editor) sets over the configuration below it."""

    select: tuple[str, ...] | None | Literal[_Keep.KEEP] = KEEP  # replaces; None: every rule
    ignore: tuple[str, ...] | None = None  # added to the base's
    levels: Mapping[str, str] | None = None  # per rule, over the base's
    lang: str | None = None  # replaces
    pattern_dirs: tuple[Path, ...] | None = None  # added to the base's
    allow: tuple[str, ...] | None = None  # added to the base's
    lists: Mapping[str, Mapping[str, Sequence[str]]] | None = None  # words appended per language and list


def layer(base: Config, *overrides: ConfigOverrides) -> Config:
    """``base`` with each of ``overrides`` applied in order (the last one wins)."""
    config = base
    for o in overrides:
        config = _apply(config, o)
    return config


def _apply(c: Config, o: ConfigOverrides) -> Config:
    return replace(
        c,
        select=c.select if isinstance(o.select, _Keep) else o.select,
        ignore=c.ignore if o.ignore is None else _unique(c.ignore + o.ignore),
        levels=c.levels if o.levels is None else {**c.levels, **o.levels},
        lang=c.lang if o.lang is None else o.lang,
        pattern_dirs=c.pattern_dirs if o.pattern_dirs is None else _unique(c.pattern_dirs + o.pattern_dirs),
        allow=c.allow if o.allow is None else _unique(c.allow + o.allow),
        lists=c.lists if o.lists is None else _merge_lists(c.lists, o.lists),
    )


def _unique(items: tuple[T, ...]) -> tuple[T, ...]:
    return tuple(dict.fromkeys(items))


def _merge_lists(*sources: Mapping[str, Mapping[str, Sequence[str]]]) -> dict[str, dict[str, list[str]]]:
    """Word lists by language and name, the words of each source after those of the one before."""
    lists: dict[str, dict[str, list[str]]] = {}
    for source in sources:
        for lang, table in source.items():
            for name, words in table.items():
                lists.setdefault(lang, {}).setdefault(name, []).extend(words)
    return lists
