"""Which strings of a YAML or JSON file are replies.

The YAML and JSON readers parse a file into a small tree: ``dict`` (string keys),
``list``, :class:`Text` for strings (with a lazily built :class:`SourceMap`), and
``None`` for other scalars. This module picks the replies out of that tree:

* **Zendesk macros** (``{"macros": [...]}``, ``{"macro": {...}}``, a bare list of macros
  or one macro): the ``value`` of each ``comment_value``/``comment_value_html`` action;
* **osTicket canned responses** (``premade.yaml``: a list of ``{title, response}``) and
  **e-mail templates** (``subject``/``body``; ``notes`` are for staff and skipped);
* anything else: every string at or under a key from the configured ``keys``.

Each reply is named by its title when the file gives one, else by its path in the file
(``macros[3].actions[0].value``); duplicate names get the path appended.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from ..positions import SourceMap
from . import Reply


class MapSource(Protocol):
    """Where a file's strings come from: builds the source map of the string at ``at``."""

    def source_map(self, at: Any) -> SourceMap: ...


class Text:
    """A string of the file and, on demand, where each of its characters is.

    Four slots per string: the value, the file's :class:`MapSource` (shared by every string
    of the file) and ``at`` (the string's offset, or its YAML node), and the map once built.
    A JSON file of a million short strings held a closure and its cells per string before:
    about 250 bytes each, now about 100."""

    __slots__ = ("value", "_origin", "_at", "_map")

    def __init__(self, value: str, origin: MapSource, at: Any):
        self.value = value
        self._origin = origin
        self._at = at
        self._map: SourceMap | None = None

    def source_map(self) -> SourceMap:
        if self._map is None:
            self._map = self._origin.source_map(self._at)
        return self._map

    def locate(self, offset: int) -> tuple[int, int]:
        """(line, column) of the character at ``offset`` of :attr:`value` (builds the map on first use)."""
        return self.source_map().start(offset)

    def locate_end(self, offset: int) -> tuple[int, int]:
        """(line, column) just after the character before the exclusive end ``offset``."""
        return self.source_map().end(offset)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Text({self.value!r})"


@dataclass(slots=True)  # a file may hold a million of them
class Template:
    pointer: str  # where in the file: macros[0].actions[1].value
    title: str | None
    text: Text


_TITLE_KEYS = ("title", "name", "subject")
_ZENDESK_FIELDS = ("comment_value", "comment_value_html")


def _str(node: Any) -> str | None:
    return node.value if isinstance(node, Text) else None


def _join(pointer: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{pointer}[{key}]"
    return f"{pointer}.{key}" if pointer else key


def _title_of(mapping: dict) -> str | None:
    for key in _TITLE_KEYS:
        title = _str(mapping.get(key))
        if title and title.strip():
            return " ".join(title.split())
    return None


# ------------------------------------------------------------------- Zendesk
def _is_macro(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("actions"), list)


def zendesk_macros(root: Any) -> list[tuple[str, dict]] | None:
    """The macros of a Zendesk export with their pointers, or None if ``root`` is not one."""
    if isinstance(root, dict) and isinstance(root.get("macros"), list):
        macros = root["macros"]
        if all(_is_macro(m) for m in macros):
            return [(f"macros[{i}]", m) for i, m in enumerate(macros)]
    if isinstance(root, dict) and _is_macro(root.get("macro")):
        return [("macro", root["macro"])]
    if isinstance(root, list) and root and all(_is_macro(m) for m in root):
        return [(f"[{i}]", m) for i, m in enumerate(root)]
    if _is_macro(root) and any(isinstance(a, dict) and "field" in a for a in root["actions"]):
        return [("", root)]
    return None


def _zendesk_templates(macros: list[tuple[str, dict]]) -> list[Template]:
    out = []
    for pointer, macro in macros:
        title = _title_of(macro)
        for i, action in enumerate(macro["actions"]):
            if not isinstance(action, dict) or _str(action.get("field")) not in _ZENDESK_FIELDS:
                continue
            where = _join(_join(_join(pointer, "actions"), i), "value")
            value = action.get("value")
            if isinstance(value, Text):
                out.append(Template(where, title, value))
            elif isinstance(value, list):
                # Older exports: ["channel:all", "the comment"]
                for j, item in enumerate(value):
                    if isinstance(item, Text) and not item.value.startswith("channel:"):
                        out.append(Template(_join(where, j), title, item))
    return out


# ------------------------------------------------------------------ osTicket
def _is_osticket_premade(root: Any) -> bool:
    return (isinstance(root, list) and bool(root)
            and all(isinstance(m, dict) and "response" in m and "title" in m for m in root))


def _is_osticket_email(root: Any) -> bool:
    return isinstance(root, dict) and "subject" in root and "body" in root and set(root) <= {"subject", "body", "notes"}


# ------------------------------------------------------------------- generic
def _strings_under(node: Any, pointer: str, title: str | None, out: list[Template]) -> None:
    if isinstance(node, Text):
        out.append(Template(pointer, title, node))
    elif isinstance(node, dict):
        for key, value in node.items():
            _strings_under(value, _join(pointer, key), title, out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _strings_under(value, _join(pointer, i), title, out)


def _by_keys(node: Any, keys: frozenset[str], pointer: str, out: list[Template]) -> None:
    if isinstance(node, dict):
        title = _title_of(node)
        for key, value in node.items():
            if key.lower() in keys:
                _strings_under(value, _join(pointer, key), title, out)
            else:
                _by_keys(value, keys, _join(pointer, key), out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _by_keys(value, keys, _join(pointer, i), out)


def find_templates(root: Any, keys: tuple[str, ...]) -> list[Template]:
    """The replies in a parsed file (each string once, even when YAML aliases repeat it)."""
    macros = zendesk_macros(root)
    if macros is not None:
        found = _zendesk_templates(macros)
    elif _is_osticket_premade(root):
        found = []
        for i, item in enumerate(root):
            _strings_under(item["response"], f"[{i}].response", _title_of(item), found)
    elif _is_osticket_email(root):
        found = []
        for key in ("subject", "body"):
            _strings_under(root[key], key, key, found)
    else:
        found = []
        _by_keys(root, frozenset(k.lower() for k in keys), "", found)
    seen: set[int] = set()
    unique = []
    for t in found:
        if id(t.text) not in seen and t.text.value.strip():
            seen.add(id(t.text))
            unique.append(t)
    del found, seen
    return unique


def template_replies(path: str, templates: list[Template]) -> Iterator[Reply]:
    """One :class:`Reply` per template, named by title (or pointer when titles repeat),
    made as the run asks for it."""
    counts: dict[str, int] = {}  # titles only: pointers are unique within a file
    for t in templates:
        if t.title:
            counts[t.title] = counts.get(t.title, 0) + 1
    for t in templates:
        name = t.title or t.pointer
        if t.title and counts[t.title] > 1:
            name = f"{t.title} ({t.pointer})"
        # the map is built only if a finding needs a position
        yield Reply(path=path, text=t.text.value, name=name, locate=t.text.locate, locate_end=t.text.locate_end)
