"""File readers: turn a file into replies, each with a map back to the source.

A reader is registered for file name suffixes. It returns :class:`Reply` objects;
the command line lints each reply and uses ``Reply.locate`` to report findings at
the right line and column of the original file. Adding a format means one module
and one ``register`` call.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..config import Config
from ..positions import LineIndex


class ReaderError(ValueError):
    """A file that cannot be read as its format; the message says what is wrong."""


@dataclass
class Reply:
    """One reply to lint, and how to find its characters in the source file."""

    path: str
    text: str
    locate: Callable[[int], tuple[int, int]]  # text offset -> (1-based line, 1-based column)
    name: str = ""  # which template inside the file ("" for a whole-file reply)
    lang: str | None = None
    masks: list[tuple[int, int]] = field(default_factory=list)


Reader = Callable[[Path, str, Config], list[Reply]]
_READERS: dict[str, Reader] = {}


def register(suffixes: tuple[str, ...], reader: Reader) -> None:
    for suffix in suffixes:
        _READERS[suffix.lower()] = reader


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


def read_plain(path: Path, text: str, config: Config) -> list[Reply]:
    return [whole_text_reply(str(path), text)]


register((".txt", ".md", ".markdown", ".text"), read_plain)
