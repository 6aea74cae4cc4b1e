"""File readers: turn a file into replies, each with a map back to the source.

A reader is registered for file name suffixes. It returns :class:`Reply` objects;
the command line lints each reply and uses ``Reply.locate``/``Reply.locate_end`` to
report findings at the right line and column of the original file. Adding a format
means one module and one ``register`` call (and its import at the end of this file).

Built in: plain text (``plain``), Markdown (``markdown_sections``) and HTML (``html_pages``),
each split into the replies it holds (``sections``), YAML and JSON templates (``yaml_templates``,
``json_templates``, sharing the template selection of ``templates``), CSV/TSV
(``csv_templates``).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Config
from ..positions import LineIndex, SourceMap

# Keys whose strings are replies, in YAML/JSON files that no known export format matches.
DEFAULT_TEMPLATE_KEYS = ("body", "text", "content", "message", "reply", "response", "value", "answer", "template")


class ReaderError(ValueError):
    """A file that cannot be read as its format; the message says what is wrong.

    ``line``/``column`` (1-based) say where, when the parser knows.
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass
class Reply:
    """One reply to lint, and how to find its characters in the source file."""

    path: str
    text: str
    locate: Callable[[int], tuple[int, int]]  # text offset -> (1-based line, 1-based column)
    name: str = ""  # which template inside the file ("" for a whole-file reply)
    lang: str | None = None
    masks: list[tuple[int, int]] = field(default_factory=list)
    # exclusive end offset -> (line, column) just after the previous character; None: use ``locate``
    locate_end: Callable[[int], tuple[int, int]] | None = None
    # rules silenced in the whole reply by a ``replylint-disable-file`` directive elsewhere in
    # its file (a part of a split Markdown/HTML file); None: every rule
    file_rules: frozenset[str] | None = frozenset()


@dataclass(frozen=True)
class ReadWarning:
    """Something a reader worked around (the file was read): reported, never an error."""

    message: str
    line: int | None = None
    column: int | None = None


class Replies(list[Reply]):
    """What a reader returns when it has warnings besides the replies (a plain list has none)."""

    def __init__(self, replies: Iterable[Reply] = ()) -> None:
        super().__init__(replies)
        self.warnings: list[ReadWarning] = []


@dataclass(frozen=True)
class ReadSettings:
    """What readers may be told besides the file: template keys (config ``keys``), the
    CSV column (``--column``), and the configuration they came from."""

    keys: tuple[str, ...] = DEFAULT_TEMPLATE_KEYS
    column: str | None = None
    config: Config | None = None
    split: str = "headings"  # Markdown/HTML: one reply per section ("none": the whole file)

    @classmethod
    def from_config(cls, config: Config, column: str | None = None) -> ReadSettings:
        return cls(keys=tuple(config.template_keys or DEFAULT_TEMPLATE_KEYS), column=column, config=config,
                   split=config.split)


# Readers yield replies one at a time: the run lints each and lets it go, so memory does not
# grow with the replies of a file (a CSV of 400,000 rows held 400,000 replies at once).
Reader = Callable[[Path, str, ReadSettings], Iterable[Reply]]
_READERS: dict[str, Reader] = {}


def register(suffixes: tuple[str, ...], reader: Reader) -> None:
    for suffix in suffixes:
        _READERS[suffix.lower()] = reader


# Formats whose big files can be cut into parts for worker processes (``--jobs``): a planner
# that checks the whole file and returns its parts, and a reader of one part. CSV/TSV only
# for now: a row is found by scanning, while a JSON file must be parsed whole to find a reply.
Planner = Callable[[Path, str, ReadSettings, int], list[Any]]
PartReader = Callable[[Path, str, ReadSettings, Any], Iterable[Reply]]
_PARTS: dict[str, tuple[Planner, PartReader]] = {}


def register_parts(suffixes: tuple[str, ...], planner: Planner, part_reader: PartReader) -> None:
    for suffix in suffixes:
        _PARTS[suffix.lower()] = (planner, part_reader)


def parts_for(path: Path) -> tuple[Planner, PartReader] | None:
    """The planner and part reader of ``path``'s format, if its files can be split."""
    return _PARTS.get(path.suffix.lower())


def reader_for(path: Path) -> Reader | None:
    return _READERS.get(path.suffix.lower())


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted(_READERS))


def whole_text_reply(path: str, text: str, lang: str | None = None) -> Reply:
    """A file that is one reply: offsets map straight to its lines and columns."""
    index = LineIndex(text)

    def locate(offset: int) -> tuple[int, int]:
        line, col = index.line_col(offset)
        return line + 1, col + 1

    return Reply(path=path, text=text, locate=locate, lang=lang)


def mapped_reply(path: str, text: str, source_map: SourceMap, name: str) -> Reply:
    """A reply taken out of a structured file, located through its :class:`SourceMap`."""
    return Reply(path=path, text=text, locate=source_map.start, locate_end=source_map.end, name=name)


def read_plain(path: Path, text: str, settings: ReadSettings) -> Iterable[Reply]:
    return [whole_text_reply(str(path), text)]


register((".txt", ".text"), read_plain)

# Each module registers its suffixes on import.
from . import (  # noqa: E402,F401
    csv_templates,
    html_pages,
    json_templates,
    jsonl_templates,
    markdown_sections,
    yaml_templates,
)
